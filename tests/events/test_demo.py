"""The events of the bundled demo corpus, analysed end to end and exported."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from sitroom.workflow import analyze

DEMO = resources.files("sitroom.demo") / "corpus"


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> dict:
    wire = Path(str(DEMO)) / "wire"
    names = [
        "2022-09-08_balakliia_retaken.txt",
        "2022-10-01_lyman_retaken.txt",
        "2023-02-01_reznikov_offensive_warning.txt",
        "2024-05-10_russia_kharkiv_ground_attack.txt",
    ]
    out = tmp_path_factory.mktemp("demo")
    analyze([str(wire / name) for name in names], out_dir=out)
    return json.loads((out / "sitroom.json").read_text())


def _events_about(data: dict, place_name: str) -> list[dict]:
    places = {p["id"]: p for p in data["places"]}
    return [e for e in data["events"] if e["place"] and places[e["place"]]["text"] == place_name]


def test_events_are_stored_and_exported_valid_against_the_schema(demo_export):
    schema = json.loads((resources.files("sitroom.schemas") / "export-v1.schema.json").read_text())
    jsonschema.validate(demo_export, schema)
    texts = {d["id"]: d["text"] for d in demo_export["documents"]}
    assert demo_export["events"]
    for record in demo_export["events"]:
        assert texts[record["doc"]][record["start"] : record["end"]] == record["text"]


def test_demo_balakliia_is_entered_not_taken_and_lyman_given_up_to_ukraine(demo_export):
    # "Ukrainian forces have pushed into the town of Balakliia": entered; no report says it changed hands
    balakliia = [e for e in _events_about(demo_export, "Balakliia") if e["mode"] == "entered"]
    assert [(e["type"], e["control_side"], e["date"]) for e in balakliia] == [("ASSAULT", None, "2022-09-08")]
    assert not [e for e in _events_about(demo_export, "Balakliia") if e["type"] == "CONTROL"]
    lyman = [e for e in _events_about(demo_export, "Lyman") if e["type"] == "CONTROL"]
    assert [(e["mode"], e["control_side"], e["actors"][0]["side"]) for e in lyman] == [
        ("withdrew", "UA", "RU")
    ]


def test_demo_reznikov_warning_is_a_possible_offensive_dated_february_24(demo_export):
    (offensive,) = [
        e for e in demo_export["events"] if e["trigger"] == "offensive" and "Reznikov" in e["text"]
    ]
    assert (offensive["modality"], offensive["date"]) == ("hypothetical", "2023-02-24")
    assert offensive["actors"][0]["side"] == "RU"


def test_demo_kharkiv_ground_attack_of_may_2024(demo_export):
    attacks = [e for e in _events_about(demo_export, "Kharkiv region") if e["trigger"] == "attack"]
    assert [(a["type"], a["actors"][0]["side"], a["date"]) for a in attacks] == [
        ("ASSAULT", "RU", "2024-05-10")
    ]
