"""The truth benchmark's gold file (benchmarks/data/truth_gold.jsonl) is well formed: fields, balanced
halves, every class of issue 15 in both halves, and every gold span present in its report's text."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

GOLD = Path(__file__).parent.parent / "benchmarks" / "data" / "truth_gold.jsonl"
STYLES = {"think_tank", "wire", "official_ru", "official_ua", "machine_translation", "blog"}
GOLD_KEYS = {
    "captures",
    "not_captures",
    "ambiguous",
    "contradictions",
    "agreements",
    "speakers",
    "non_speakers",
    "dates",
}
DAY = r"\d{4}-\d{2}-\d{2}"


@pytest.fixture(scope="module")
def reports() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_fields_and_values(reports: list[dict]) -> None:
    assert len(reports) >= 90
    assert len({report["id"] for report in reports}) == len(reports)
    for report in reports:
        assert set(report) == {"id", "half", "style", "group", "published", "source", "title", "text", "gold"}
        assert report["half"] in ("tune", "check")
        assert report["style"] in STYLES
        assert re.fullmatch(DAY, report["published"])
        assert report["source"] and report["title"]
        sentences = re.findall(r"[.!?][\"”]?(?=\s+[\"“]?[A-Z]|\s*$)", report["text"])
        assert 3 <= len(sentences) <= 8, report["id"]
        assert set(report["gold"]) == GOLD_KEYS
        for capture in report["gold"]["captures"]:
            assert capture["side"] in ("RU", "UA")
            assert capture["modality"] in ("asserted", "claimed")
            assert re.fullmatch(DAY, capture.get("date", "2000-01-01"))
        for speaker in report["gold"]["speakers"]:
            assert speaker["speaker"] and speaker["side"] in ("RU", "UA", "NATO", None)
        for gold_date in report["gold"]["dates"]:
            assert re.fullmatch(rf"{DAY}(/{DAY})?", gold_date["date"])


def test_gold_spans_are_in_the_text(reports: list[dict]) -> None:
    for report in reports:
        gold, text = report["gold"], report["text"]
        places = [capture["place"] for capture in gold["captures"]] + gold["not_captures"] + gold["ambiguous"]
        for place in places:
            assert place in text, (report["id"], place)
        for speaker in gold["speakers"]:
            assert speaker["quote"] in text, (report["id"], speaker["quote"])
        for gold_date in gold["dates"]:
            assert gold_date["snippet"] in text, (report["id"], gold_date["snippet"])
            assert gold_date["trigger"] in gold_date["snippet"]


def test_halves_are_balanced(reports: list[dict]) -> None:
    halves = Counter(report["half"] for report in reports)
    assert abs(halves["tune"] - halves["check"]) <= 1
    for style in STYLES:
        per_half = Counter(report["half"] for report in reports if report["style"] == style)
        assert abs(per_half["tune"] - per_half["check"]) <= 1, style


def test_pairs_stay_inside_one_cluster_and_half(reports: list[dict]) -> None:
    by_id = {report["id"]: report for report in reports}
    for report in reports:
        for pair in report["gold"]["contradictions"] + report["gold"]["agreements"]:
            other = by_id[pair["with"]]
            assert report["group"] and other["group"] == report["group"], (report["id"], pair)
            assert other["half"] == report["half"] and pair["about"]
    halves_of_group: dict[str, set[str]] = {}
    for report in reports:
        if report["group"]:
            halves_of_group.setdefault(report["group"], set()).add(report["half"])
    assert all(len(halves) == 1 for halves in halves_of_group.values())


def test_every_class_in_both_halves(reports: list[dict]) -> None:
    """Issue 15's classes: captures by each side, places that must not be captures, contradictions and
    agreements, names inside quotes and common nouns that must not be speakers, event dates."""
    for half in ("tune", "check"):
        golds = [report["gold"] for report in reports if report["half"] == half]
        sides = {capture["side"] for gold in golds for capture in gold["captures"]}
        assert sides == {"RU", "UA"}, half
        assert sum(len(gold["not_captures"]) for gold in golds) >= 40, half
        assert sum(len(gold["contradictions"]) for gold in golds) >= 5, half
        assert sum(len(gold["agreements"]) for gold in golds) >= 5, half
        assert sum(len(gold["speakers"]) for gold in golds) >= 15, half
        assert any(speaker["not"] for gold in golds for speaker in gold["speakers"]), half
        assert {"plan", "purpose", "estimates"} <= {
            noun for gold in golds for noun in gold["non_speakers"]
        }, half
        assert sum(len(gold["dates"]) for gold in golds) >= 8, half
        assert any("/" in gold_date["date"] for gold in golds for gold_date in gold["dates"]), half


def _truth_eval():
    """benchmarks/truth_eval.py as a module (benchmarks is not a package)."""
    path = GOLD.parent.parent / "truth_eval.py"
    spec = importlib.util.spec_from_file_location("truth_eval", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["truth_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_scoring_on_a_hand_made_export() -> None:
    """The yardstick itself: captures, speakers, dates and ISO forms scored on a tiny export."""
    truth_eval = _truth_eval()
    text = (
        "Russian forces took Avdiivka on Saturday. They are advancing toward Kupiansk. "
        '"The Kremlin wants more," it wrote.'
    )
    quote = "The Kremlin wants more"

    def record(kind: str, number: int, words: str, **fields) -> dict:
        start = text.index(words)
        return {
            "id": f"{kind}{number}",
            "doc": "doc_a",
            "start": start,
            "end": start + len(words),
            "text": words,
            **fields,
        }

    def event(number: int, trigger: str, place: str | None, **fields) -> dict:
        at = text.index(trigger)
        return record(
            "evt",
            number,
            trigger,
            type="CONTROL",
            trigger=trigger,
            trigger_start=at,
            trigger_end=at + len(trigger),
            place=place,
            date_precision="day",
            **fields,
        )

    data = {
        "documents": [{"id": "doc_a", "origin": "/x/truth-a.txt", "text": text, "status": "processed"}],
        "entities": [{"id": "ent_k", "name": "Kremlin", "side": "RU", "aliases": []}],
        "places": [record("plc", 1, "Avdiivka", name="Avdiyivka"), record("plc", 2, "Kupiansk", name=None)],
        "events": [
            event(
                1, "took", "plc1", mode="captured", modality="asserted", control_side="RU", date="2024-02-17"
            ),
            event(
                2,
                "advancing toward",
                "plc2",
                mode="advanced",
                modality="asserted",
                control_side="RU",
                date="PRESENT_REF",
            ),
        ],
        "claims": [record("clm", 1, quote, source_text="it", speaker="ent_k", date="2024-02-18TNI")],
        "quantities": [],
        "timexes": [],
        "mentions": [],
        "incidents": [],
        "links": [],
    }
    report = {
        "id": "truth-a",
        "gold": {
            "captures": [{"place": "Avdiivka", "side": "RU", "modality": "asserted"}],
            "not_captures": ["Kupiansk"],
            "ambiguous": [],
            "contradictions": [],
            "agreements": [],
            "speakers": [
                {
                    "quote": quote,
                    "speaker": "Institute for the Study of War",
                    "side": None,
                    "not": ["Kremlin"],
                }
            ],
            "non_speakers": [],
            "dates": [{"snippet": "took Avdiivka", "trigger": "took", "date": "2024-02-17"}],
        },
    }
    export = truth_eval.Export(data)
    tally = truth_eval.Tally()
    truth_eval.score_captures(report, export, tally)
    truth_eval.score_speakers(report, export, tally, set())
    truth_eval.score_dates(report, export, tally)
    truth_eval.score_iso(export, tally)
    counts = tally.counts
    assert counts["captures found"] == counts["gaining side right"] == 1
    assert counts["false capture (not-capture place)"] == counts["false capture mode advanced"] == 1
    assert counts["wrong speaker"] == counts["wrong-side speaker"] == 1
    assert counts["name inside the quote taken as speaker"] == 1
    assert counts["dates right"] == 1
    assert counts["date outside ISO form"] == 2
