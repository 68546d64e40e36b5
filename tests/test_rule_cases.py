"""Every rule of a component's table has its cases, and every case yields what its rule says.

The tables share one format (``sitroom.data.rule_rows``): named rows, each pinned by example sentences
filed under its name in ``tests/cases/<component>.yaml``. Adding a rule is one row and its cases.

- events (src/sitroom/data/events.yaml): a case's trigger words yield an event of the rule's type, mode
  and ACLED sub-event type;
- factuality (src/sitroom/data/factuality.yaml): a case's predicate has the polarity, certainty and
  time the case says;
- attribution (src/sitroom/data/attribution.yaml): a case's claim, found by its cue, has the source,
  content, stance, medium and speaker the case says, or the sentence holds no claim.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import make_document
from sitroom.annotate import Annotator, PipelineConfig
from sitroom.annotate.events.lexicon import CONTROL_MATCHES, Rule, load_lexicon
from sitroom.annotate.factuality import factuality_of, load_cue_table

CASES = Path(__file__).parent / "cases"
ATTRIBUTION_TABLE = Path(str(resources.files("sitroom.data").joinpath("attribution.yaml")))


def _cases(component: str) -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load((CASES / f"{component}.yaml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------ events
EVENT_RULES = {rule.name: rule for rule in load_lexicon().rules}
EVENT_FIELDS = ("type", "mode", "acled", "category")


@cache
def _events_annotator() -> Annotator:
    # The cases pin the rule tables: the rules alone, without the learned event model.
    return Annotator(PipelineConfig().without_event_model())


def _expected_event(rule: Rule, case: dict[str, Any]) -> dict[str, str | None]:
    """The rule's type, mode, ACLED type and category, with what the case's ``expect`` says instead. A
    control change's ACLED type depends on who gains, so it is checked only when the case says it."""
    own: dict[str, str | None] = {
        "type": rule.trigger.type,
        "mode": rule.trigger.mode,
        "category": rule.trigger.category,
    }
    if rule.match not in CONTROL_MATCHES:
        own["acled"] = rule.trigger.acled
    return {**own, **case.get("expect", {})}


def check_event_case(rule: str, case: dict[str, Any]) -> None:
    document = make_document(case["text"], published=date(2023, 2, 1))
    (annotations,) = _events_annotator().annotate([document])
    events = [e for e in annotations.events if e.trigger == case["trigger"]]
    assert events, [e.trigger for e in annotations.events]
    want = _expected_event(EVENT_RULES[rule], case)
    assert {field: getattr(events[0], field) for field in want} == want


def event_case_fields(case: dict[str, Any]) -> bool:
    return (
        set(case) <= {"text", "trigger", "expect"}
        and {"text", "trigger"} <= set(case)
        and set(case.get("expect", {})) <= set(EVENT_FIELDS)
    )


# -------------------------------------------------------------------------------------- factuality
@cache
def _factuality_annotator(model: bool) -> Annotator:
    config = {"sitroom_factuality": {"model": model}}
    return Annotator(PipelineConfig(components=("sitroom_factuality",), component_config=config))


def check_factuality_case(rule: str, case: dict[str, Any]) -> None:
    # With the trained model and with the rules alone, its fallback: both keep every pinned value.
    for model in (True, False):
        _check_factuality(_factuality_annotator(model), case)


def _check_factuality(annotator: Annotator, case: dict[str, Any]) -> None:
    doc = annotator.nlp(annotator.make_doc(make_document(case["text"])))
    predicate = next(token for token in doc if token.text == case["event"])
    value = factuality_of(predicate)
    assert (value.polarity, value.certainty, value.time) == (
        case.get("polarity", "POS"),
        case.get("certainty", "CERTAIN"),
        case.get("time", "NON_FUTURE"),
    )


def factuality_case_fields(case: dict[str, Any]) -> bool:
    return set(case) <= {"text", "event", "polarity", "certainty", "time"} and {"text", "event"} <= set(case)


# ------------------------------------------------------------------------------------- attribution
CLAIM_FIELDS = {"source": "source_text", "content": "text", "stance": "stance", "medium": "medium"}


def check_attribution_case(rule: str, case: dict[str, Any]) -> None:
    (annotations,) = _events_annotator().annotate([make_document(case["text"])])
    if case.get("no_claim"):
        assert [claim.cue for claim in annotations.claims] == []
        return
    names = {entity.id: entity.name for entity in annotations.entities}
    found = [
        claim
        for claim in annotations.claims
        if claim.cue == case["cue"] and case.get("source", claim.source_text) == claim.source_text
    ]
    assert found, [(claim.cue, claim.source_text) for claim in annotations.claims]
    claim = found[0]
    want = {field: case[field] for field in (*CLAIM_FIELDS, "speaker") if field in case}
    got = {field: getattr(claim, CLAIM_FIELDS[field]) for field in want if field != "speaker"}
    if "speaker" in want:
        got["speaker"] = names.get(claim.speaker or "")
    assert got == want


def attribution_case_fields(case: dict[str, Any]) -> bool:
    if case.get("no_claim") is True:
        return set(case) == {"text", "no_claim"}
    return set(case) <= {"text", "cue", *CLAIM_FIELDS, "speaker"} and {"text", "cue"} <= set(case)


def _attribution_rules() -> set[str]:
    table = yaml.safe_load(ATTRIBUTION_TABLE.read_text(encoding="utf-8"))
    return {row["name"] for row in table["rules"]}


# ----------------------------------------------------------------------------------- every table
Check = Callable[[str, dict[str, Any]], None]
TABLES: dict[str, tuple[set[str], Callable[[dict[str, Any]], bool], Check]] = {
    "events": (set(EVENT_RULES), event_case_fields, check_event_case),
    "factuality": (
        {cue.name for cue in load_cue_table().cues},
        factuality_case_fields,
        check_factuality_case,
    ),
    "attribution": (_attribution_rules(), attribution_case_fields, check_attribution_case),
}
ALL_CASES = [
    (component, rule, case)
    for component in TABLES
    for rule, cases in _cases(component).items()
    for case in cases
]


@pytest.mark.parametrize("component", list(TABLES))
def test_every_rule_has_a_case_and_every_case_names_a_rule(component: str):
    rules, well_formed, _ = TABLES[component]
    cases = _cases(component)
    assert sorted(rules - set(cases)) == [], "rules without cases"
    assert sorted(set(cases) - rules) == [], "cases of no rule"
    for name, listed in cases.items():
        assert listed, name
        for case in listed:
            assert well_formed(case), (name, case)


@pytest.mark.parametrize(
    ("component", "rule", "case"),
    ALL_CASES,
    ids=[f"{component} {rule}: {case['text']}" for component, rule, case in ALL_CASES],
)
def test_the_case_yields_what_its_rule_says(component: str, rule: str, case: dict[str, Any]):
    TABLES[component][2](rule, case)
