"""Contradictions only between the same proposition, disagreeing: the table of agreeing and disagreeing
report pairs in contradiction_cases.yaml, run through reconciliation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import Report, save
from sitroom.reconcile import reconcile
from sitroom.reconcile.figures import load_table

CASES = yaml.safe_load((Path(__file__).parent / "contradiction_cases.yaml").read_text(encoding="utf-8"))


def build(spec: dict[str, Any]) -> Report:
    """One report and its annotations from a case's description."""
    report = Report(spec["text"], spec["published"], spec["source"])
    claims = [
        report.claim(
            claim["content"],
            claim["speaker"],
            stance=claim.get("stance", []),
            **({"source_text": claim["source_text"]} if "source_text" in claim else {}),
        )
        for claim in spec.get("claims", [])
    ]
    quantities = []
    for figure in spec.get("quantities", []):
        quantity = report.quantity(
            figure["words"],
            figure["value"],
            figure.get("counted"),
            figure.get("owner"),
            high=figure.get("high"),
            unit=figure.get("unit"),
        )
        quantities.append(quantity)
        if "claim" in figure:
            claims[figure["claim"]].contains.append(quantity.id)
    for event in spec.get("events", []):
        record = report.event(
            event["trigger"],
            event["type"],
            place=event.get("place"),
            date_=event.get("date"),
            modality=event.get("modality", "asserted"),
            claim=claims[event["claim"]] if "claim" in event else None,
            actor=event.get("actor"),
            control_side=event.get("control_side"),
            quantities=tuple(quantities[index] for index in event.get("quantities", [])),
        )
        for index in [*([event["claim"]] if "claim" in event else []), *event.get("also_in", [])]:
            claims[index].contains.append(record.id)
    return report


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_contradictions_link_only_the_same_proposition_disagreeing(store, case):
    reports = [build(spec) for spec in case["reports"]]
    save(store, *reports)
    reconcile(store)
    found = [row for row in store.rows("links") if row["kind"] == "contradicts"]
    if case["expect"] == "none":
        assert found == []
        return
    (link,) = found
    report_of = {
        record.id: index
        for index, report in enumerate(reports)
        for record in (*report.annotations.events, *report.annotations.quantities)
    }
    assert {report_of[link["source"]], report_of[link["target"]]} == {0, 1}
    for words in case["says"]:
        assert words in link["explanation"]


def test_every_case_names_what_it_expects():
    assert {case["expect"] for case in CASES} == {"contradiction", "none"}
    assert all(("says" in case) == (case["expect"] == "contradiction") for case in CASES)


def test_counted_nouns_are_compared_by_class_within_an_event_type():
    table = load_table()
    assert table.counted_class("MOBILIZE", "reservist") == table.counted_class("MOBILIZE", "man")
    assert table.counted_class("ASSAULT", "civilian") != table.counted_class("ASSAULT", "militant")
    assert table.counted_class("ASSAULT", "drone") is None  # launched or shot down: never compared
    assert table.counted_class("AID", "reservist") is None  # "82,000 of them were sent" is no call-up figure
