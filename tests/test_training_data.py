"""The bundled event training data: every line a valid record whose labels come from the label sets."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import Any

import pytest
import yaml

TRAINING = resources.files("sitroom.data").joinpath("training")
FIELDS = {"text", "acled", "plover", "style", "note"}
# A line without it says nothing about its category (it does not train that head).
OPTIONAL = {"category"}


def _labels() -> dict[str, Any]:
    labels: dict[str, Any] = yaml.safe_load(TRAINING.joinpath("labels.yaml").read_text(encoding="utf-8"))
    return labels


def _records() -> list[dict[str, Any]]:
    lines = TRAINING.joinpath("events.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_every_line_is_a_record_with_known_labels() -> None:
    labels = _labels()
    acled = {name for names in labels["acled"].values() for name in names}
    plover, styles = set(labels["plover"]), set(labels["styles"])
    notes = {"", *(note for group in labels["notes"].values() for note in group)}
    for number, record in enumerate(_records(), 1):
        assert FIELDS <= set(record) <= FIELDS | OPTIONAL, f"line {number}: fields {sorted(record)}"
        assert isinstance(record["text"], str) and record["text"].strip() == record["text"] != ""
        assert record["acled"] is None or record["acled"] in acled, f"line {number}: {record['acled']}"
        assert record["plover"] is None or record["plover"] in plover, f"line {number}: {record['plover']}"
        assert record.get("category") in {None, *labels["categories"]}, f"line {number}: {record['category']}"
        assert record["style"] in styles, f"line {number}: {record['style']}"
        assert record["note"] in notes, f"line {number}: note {record['note']!r}"


def test_no_text_is_repeated() -> None:
    texts = Counter(" ".join(record["text"].lower().split()) for record in _records())
    assert [text for text, count in texts.items() if count > 1] == []


@pytest.mark.parametrize("field", ["acled", "plover", "category"])
def test_every_label_has_enough_lines(field: str) -> None:
    labels = _labels()
    names = (
        [name for group in labels["acled"].values() for name in group]
        if field == "acled"
        else labels["plover" if field == "plover" else "categories"]
    )
    counts = Counter(record.get(field) for record in _records())
    minimum = labels[f"min_per_{field}"]
    assert {name: counts[name] for name in names if counts[name] < minimum} == {}


def test_hard_negatives_are_present() -> None:
    """Lines with no event at all teach the classifier what is not one (metaphor, sport, markets)."""
    records = _records()
    unlabelled = [r for r in records if r["acled"] is None and r["plover"] is None]
    assert len(unlabelled) >= len(records) // 20


def test_unreal_events_keep_their_type() -> None:
    """A failed, denied or planned event is typed like one that happened: factuality decides the rest."""
    unreal = set(_labels()["notes"]["unreal"])
    for record in _records():
        if record["note"] in unreal:
            assert record["acled"] is not None or record["plover"] is not None, record["text"]


def test_categories_agree_with_the_labels() -> None:
    """A disaster, an accident or a crime is no attack, protest or change of control and has no ACLED
    sub-event type (records.outside_conflict); a claim of responsibility is about an attack."""
    outside = {"natural_disaster", "accident", "crime"}
    for record in _records():
        category = record.get("category")
        if category in outside:
            assert record["acled"] is None, record["text"]
            assert record["plover"] in {None, "COERCE"}, record["text"]
        if category == "responsibility_claim":
            assert record["plover"] == "ASSAULT", record["text"]


def test_the_category_head_has_hard_negatives() -> None:
    """Lines that say "no category" teach it what is not a disaster or a crime: attacks told as not
    accidents, metaphors ("a flood of refugees"), conflict events near disasters."""
    negatives = [r for r in _records() if "category" in r and r["category"] is None]
    attacks = [r for r in negatives if r["plover"] == "ASSAULT"]
    assert len(negatives) >= 150 and len(attacks) >= 30
