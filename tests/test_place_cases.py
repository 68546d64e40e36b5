"""Every place rule (src/sitroom/data/places.yaml) has its cases (tests/cases/places.yaml), and every case
yields what it says: its places resolved to the named gazetteer entries, none of them an actor, and its
event at the named place."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import make_document
from sitroom.annotate import Annotator
from sitroom.annotate.model import load_model
from sitroom.annotate.place_rules import MATCHES, is_actor, load_place_rules
from sitroom.records import Annotations

CASES = Path(__file__).parent / "cases" / "places.yaml"
TABLE = Path(__file__).parent.parent / "src" / "sitroom" / "data" / "places.yaml"
CASE_FIELDS = frozenset({"text", "places", "event", "parties"})
RULES = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["rules"]
CASES_BY_RULE: dict[str, list[dict[str, Any]]] = yaml.safe_load(CASES.read_text(encoding="utf-8"))
ALL_CASES = [(name, case) for name, cases in CASES_BY_RULE.items() for case in cases]
ACTOR_TYPES = frozenset({"person", "organisation", "group"})


def test_every_rule_has_a_case_and_every_case_names_a_rule():
    names = [rule["name"] for rule in RULES]
    assert len(names) == len(set(names)), "rule names repeat"
    assert {rule["match"] for rule in RULES} <= MATCHES
    assert sorted(set(names) - set(CASES_BY_RULE)) == [], "rules without cases"
    assert sorted(set(CASES_BY_RULE) - set(names)) == [], "cases of no rule"
    for name, case in ALL_CASES:
        assert set(case) <= CASE_FIELDS and "text" in case and len(case) > 1, (name, case)


@pytest.fixture(scope="module")
def annotated() -> dict[str, Annotations]:
    texts = list(dict.fromkeys(case["text"] for _, case in ALL_CASES))
    documents = [make_document(text, published=date(2023, 8, 1)) for text in texts]
    return dict(zip(texts, Annotator().annotate(documents), strict=True))


@pytest.mark.parametrize(
    ("rule", "case"), ALL_CASES, ids=[f"{name}: {case['text']}" for name, case in ALL_CASES]
)
def test_the_case_yields_what_it_says(rule: str, case: dict[str, Any], annotated):
    annotations = annotated[case["text"]]
    resolved = {p.text: p.name for p in annotations.places if p.gazetteer_id is not None}
    for text, name in (case.get("places") or {}).items():
        assert resolved.get(text) == name, (text, resolved)
        place = next(p for p in annotations.places if p.text == text)
        entities = {e.id: e for e in annotations.entities}
        actors = [
            m.text
            for m in annotations.mentions
            if m.start < place.end and place.start < m.end and m.entity in entities
            and entities[m.entity].type in ACTOR_TYPES
        ]  # fmt: skip
        assert actors == [], (text, actors)
    if "parties" in case:
        doc = load_model()(case["text"])
        spans = [doc.char_span(p.start, p.end, alignment_mode="expand") for p in annotations.places]
        parties = [span.text for span in spans if span is not None and is_actor(span, load_place_rules())]
        assert parties == case["parties"]
    if "event" in case:
        places = {p.id: p.text for p in annotations.places}
        events = [e for e in annotations.events if e.trigger == case["event"]["trigger"]]
        assert events, [e.trigger for e in annotations.events]
        assert places.get(events[0].place or "") == case["event"]["place"]
