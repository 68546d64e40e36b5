"""The README's first command, `sitroom demo`: the bundled corpus shows every stage, contradictions and the
claims ledger included, and each contradiction it shows is a true one (two sources telling one thing two
ways)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "sitroom-demo"
    result = CliRunner().invoke(main, ["demo", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_the_demo_shows_true_contradictions(demo):
    data = json.loads((demo / "sitroom.json").read_text())
    events = {e["id"]: e for e in data["events"]}
    quantities = {q["id"]: q for q in data["quantities"]}
    places = {p["id"]: p for p in data["places"]}
    links = [link for link in data["links"] if link["kind"] == "contradicts"]
    assert links
    kinds = set()
    for link in links:
        if link["source"] in events:
            # A denial of a capture against a report of that capture: same place, one negated.
            first, second = events[link["source"]], events[link["target"]]
            assert first["type"] == second["type"] == "CONTROL"
            assert places[first["place"]]["text"] == places[second["place"]]["text"]
            assert sorted(e["modality"] == "negated" for e in (first, second)) == [False, True]
            kinds.add("denial")
        else:
            # Two figures of one count: none against some.
            figures = [quantities[link["source"]], quantities[link["target"]]]
            assert sorted(q["high"] == 0 for q in figures) == [False, True]
            kinds.add("figures")
    assert kinds == {"denial", "figures"}


def test_the_report_lists_the_contradictions_and_the_ledger_marks_the_claims(demo):
    report = (demo / "report.md").read_text()
    section = report.split("## Contradictions", 1)[1].split("\n## ", 1)[0]
    assert "denies the control at Soledar" in section
    assert 'gives "No one"' in section
    ledger = report.split("## Claims ledger", 1)[1].split("\n## ", 1)[0]
    contradicted = [row for row in ledger.splitlines() if row.endswith("| contradicted |")]
    assert any("Soledar" in row and "negated" in row for row in contradicted)
    assert any("Soledar" in row and "asserted" in row for row in contradicted)


def test_the_report_writes_every_date_as_people_read_them(demo):
    # Ranges, weeks and months of the timelines and the ledger as the bottom line writes them: no ISO form.
    report = (demo / "report.md").read_text()
    assert not re.findall(r".*[0-9]{4}-[0-9]{2}.*", report)
    assert "20–26 Feb 2023" in report  # a claim dated by its week
