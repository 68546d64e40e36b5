"""Every claim carries how its speaker tells the content (polarity, certainty, time, cue), from the
annotation through the store and the export to the report's claims ledger."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import jsonschema
import pytest

from conftest import make_document
from sitroom.annotate import Annotator
from sitroom.records import Annotations, Claim
from sitroom.report import export, write_report
from sitroom.report.situation import factuality_words

TEXT = (
    "The defence ministry denied that its troops had shelled the hospital in Kherson. "
    "The governor said Russian forces would storm the town within days. "
    "The commander said his brigade took the village of Klishchiivka on Monday. "
    "Analysts said Russian troops failed to take the airfield."
)


@pytest.fixture(scope="module")
def annotated() -> tuple[Annotator, Annotations]:
    annotator = Annotator()
    (annotations,) = annotator.annotate([make_document(TEXT, published=date(2023, 9, 18))])
    return annotator, annotations


def claim_saying(annotations: Annotations, words: str) -> Claim:
    return next(claim for claim in annotations.claims if words in claim.text)


def test_a_denied_claim_is_negated_by_its_denial(annotated):
    _, annotations = annotated
    value = claim_saying(annotations, "shelled the hospital").factuality
    assert value is not None
    assert (value.polarity, value.cue_class, value.cue) == ("NEG", "denial", "denied")
    assert TEXT[value.cue_start : value.cue_end] == "denied"


def test_a_claimed_plan_is_future_and_a_failure_negated_and_a_report_asserted(annotated):
    _, annotations = annotated
    storm = claim_saying(annotations, "storm the town").factuality
    assert storm is not None and (storm.polarity, storm.time) == ("POS", "FUTURE")
    failed = claim_saying(annotations, "failed to take").factuality
    # The content's main predicate is the failing, which did happen; its complement is what failed.
    assert failed is not None and failed.factual
    took = claim_saying(annotations, "took the village").factuality
    assert took is not None and took.factual and took.cue is None


def test_the_store_and_the_json_export_carry_each_claims_factuality(annotated, store, tmp_path):
    annotator, annotations = annotated
    store.add_document(make_document(TEXT, published=date(2023, 9, 18)))
    store.save_annotations([annotations], annotator.version)
    rows = {row["text"]: row for row in store.rows("claims")}
    denial = next(row for text, row in rows.items() if "shelled the hospital" in text)
    assert denial["factuality"]["polarity"] == "NEG" and denial["factuality"]["cue"] == "denied"
    (path,) = export(store, "json", tmp_path)
    data = json.loads(path.read_text())
    schema = json.loads((resources.files("sitroom.schemas") / "export-v1.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["schema_version"] == "1.4"
    exported = {claim["text"]: claim["factuality"] for claim in data["claims"]}
    assert all(value is not None for value in exported.values())
    assert next(v for t, v in exported.items() if "storm the town" in t)["time"] == "FUTURE"
    # The schema holds the scale: a value off it is refused.
    data["claims"][0]["factuality"]["polarity"] = "DENIED"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_claims_ledger_says_a_denied_claim_is_not_asserted(annotated, store, tmp_path):
    annotator, annotations = annotated
    store.add_document(make_document(TEXT, published=date(2023, 9, 18)))
    store.save_annotations([annotations], annotator.version)
    html_path, markdown_path = write_report(store, tmp_path)
    ledger = html_path.read_text().split("Claims ledger")[1]
    assert "<th>Told as</th>" in ledger
    assert "<td class=told-not>negated (denied)</td>" in ledger
    assert "<td class=told-not>future" in ledger  # "would storm the town"
    markdown = markdown_path.read_text().split("## Claims ledger")[1]
    denied_row = next(line for line in markdown.splitlines() if "shelled the hospital" in line)
    assert "| negated (denied) |" in denied_row


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "not read"),
        ({"polarity": "POS", "certainty": "CERTAIN", "time": "NON_FUTURE", "cue": None}, "asserted"),
        (
            {"polarity": "NEG", "certainty": "CERTAIN", "time": "NON_FUTURE", "cue": "denied"},
            "negated (denied)",
        ),
        (
            {"polarity": "UNDERSPECIFIED", "certainty": "UNDERSPECIFIED", "time": "FUTURE", "cue": "tried"},
            "open, future, uncertain (tried)",
        ),
        (
            {"polarity": "POS", "certainty": "POSSIBLE", "time": "FUTURE", "cue": "could"},
            "future, possible (could)",
        ),
    ],
)
def test_factuality_in_words(value, words):
    assert factuality_words(value) == words
