"""Every event rule (src/sitroom/data/events.yaml) has its cases (tests/cases/events.yaml), and every
case yields the event its rule says: the trigger words, the type, the mode and the ACLED sub-event type.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import make_document
from sitroom.annotate import Annotator
from sitroom.annotate.events.lexicon import Rule, load_lexicon
from sitroom.records import Annotations

CASES = Path(__file__).parent / "cases" / "events.yaml"
CASE_FIELDS = frozenset({"text", "trigger", "expect"})
EXPECTED_FIELDS = ("type", "mode", "acled")
RULES = {rule.name: rule for rule in load_lexicon().rules}
CASES_BY_RULE: dict[str, list[dict[str, Any]]] = yaml.safe_load(CASES.read_text(encoding="utf-8"))
ALL_CASES = [(name, case) for name, cases in CASES_BY_RULE.items() for case in cases]


def test_every_rule_has_a_case_and_every_case_names_a_rule():
    assert sorted(set(RULES) - set(CASES_BY_RULE)) == [], "rules without cases"
    assert sorted(set(CASES_BY_RULE) - set(RULES)) == [], "cases of no rule"
    for name, case in ALL_CASES:
        assert set(case) <= CASE_FIELDS and {"text", "trigger"} <= set(case), (name, case)
        assert set(case.get("expect", {})) <= set(EXPECTED_FIELDS), (name, case)


@pytest.fixture(scope="module")
def annotated() -> dict[str, Annotations]:
    texts = list(dict.fromkeys(case["text"] for _, case in ALL_CASES))
    documents = [make_document(text, published=date(2023, 2, 1)) for text in texts]
    return dict(zip(texts, Annotator().annotate(documents), strict=True))


def expected(rule: Rule, case: dict[str, Any]) -> dict[str, str | None]:
    """The rule's type, mode and ACLED type, with what the case's ``expect`` says instead. A control
    change's ACLED type depends on who gains, so it is checked only when the case says it."""
    own: dict[str, str | None] = {"type": rule.trigger.type, "mode": rule.trigger.mode}
    if rule.match not in {"control", "control-noun"}:
        own["acled"] = rule.trigger.acled
    return {**own, **case.get("expect", {})}


@pytest.mark.parametrize(
    ("rule", "case"), ALL_CASES, ids=[f"{name}: {case['text']}" for name, case in ALL_CASES]
)
def test_the_case_yields_what_its_rule_says(rule: str, case: dict[str, Any], annotated):
    events = [e for e in annotated[case["text"]].events if e.trigger == case["trigger"]]
    assert events, [e.trigger for e in annotated[case["text"]].events]
    want = expected(RULES[rule], case)
    assert {field: getattr(events[0], field) for field in want} == want
