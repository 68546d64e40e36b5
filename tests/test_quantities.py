from __future__ import annotations

import logging

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from conftest import make_document
from sitroom.annotate import Annotator, PipelineConfig, annotations_of
from sitroom.annotate import quantities as _quantities  # noqa: F401  (registers the factory)
from sitroom.records import Quantity
from sitroom.resolve import resolve_entities


@Language.component("test_resolve_entities")
def _resolve_in_pipeline(doc: Doc) -> Doc:
    # Resolution normally runs after annotation; here it runs first so owners can be checked.
    resolve_entities(annotations_of(doc))
    return doc


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    components = ("sitroom_mentions", "test_resolve_entities", "sitroom_quantities")
    return Annotator(PipelineConfig(components=components))


def quantities(annotator: Annotator, text: str) -> dict[str, Quantity]:
    document = make_document(text)
    (annotations,) = annotator.annotate([document])
    for quantity in annotations.quantities:
        assert document.text[quantity.start : quantity.end] == quantity.text
    return {quantity.text: quantity for quantity in annotations.quantities}


@pytest.mark.parametrize(
    ("text", "expression", "low", "high", "qualifier"),
    [
        ("Kyiv said 300,000 shells were fired.", "300,000", 300_000, 300_000, None),
        ("The brigade lost three tanks.", "three", 3, 3, None),
        ("The city had 1.5 million residents.", "1.5 million", 1_500_000, 1_500_000, None),
        ("Tens of thousands of people fled.", "Tens of thousands", 20_000, 100_000, "vague"),
        ("Hundreds of drones were launched.", "Hundreds", 200, 1_000, "vague"),
        ("Several dozen soldiers surrendered.", "Several dozen", 36, 108, "vague"),
        ("Between 5 and 10 ships were hit.", "Between 5 and 10", 5, 10, None),
        ("The unit lost 20 to 30 vehicles.", "20 to 30", 20, 30, None),
        ("At least 440 civilians died.", "At least 440", 440, None, "at_least"),
        ("Up to 500,000 troops could be called up.", "Up to 500,000", None, 500_000, "up_to"),
        ("About 4,000 troops crossed the river.", "About 4,000", 4_000, 4_000, "about"),
        ("Around 30 villages lost power.", "Around 30", 30, 30, "about"),
        ("More than 200 missiles were fired.", "More than 200", 200, None, "more_than"),
        ("Nearly 90 drones were downed.", "Nearly 90", 90, 90, "nearly"),
        ("Several hundred shells hit the town.", "Several hundred", 300, 900, "vague"),
        ("Russia has mobilised half a million men.", "half a million", 500_000, 500_000, None),
        ("No one was killed in the strike.", "No one", 0, 0, None),
        ("Nobody was hurt.", "Nobody", 0, 0, None),
        ("No civilians were killed.", "No", 0, 0, None),
        ("None of the soldiers survived.", "None", 0, 0, None),
        ("Not a single soldier was killed.", "Not a single", 0, 0, None),
    ],
)
def test_numbers_bounds_and_qualifiers(annotator, text, expression, low, high, qualifier):
    quantity = quantities(annotator, text)[expression]
    assert (quantity.low, quantity.high, quantity.qualifier) == (low, high, qualifier)


@pytest.mark.parametrize(
    ("text", "expression", "unit", "counted"),
    [
        (
            "Ukraine retook 1,200 square kilometres of territory.",
            "1,200 square kilometres",
            "km2",
            "territory",
        ),
        ("The area covers 500 square kilometers.", "500 square kilometers", "km2", None),
        ("Troops advanced 12 sq km.", "12 sq km", "km2", None),
        ("The column stretched 40 miles.", "40 miles", "mi", None),
        ("The front moved 30 km.", "30 km", "km", None),
        ("Prices rose 8 percent.", "8 percent", "percent", None),
        ("Turnout was 61%.", "61%", "percent", None),
        ("The ship carried 40,000 tonnes of grain.", "40,000 tonnes", "tonne", "grain"),
        ("Russia fires eight times more shells.", "eight times", "times", "shell"),
        ("Russia has mobilised 500,000 soldiers.", "500,000", None, "soldier"),
        ("Ukraine liberated 30 settlements.", "30", None, "settlement"),
        ("The army sent 30,000 additional troops.", "30,000", None, "troop"),
        ("Two-thirds of the city is without power.", "Two-thirds", "fraction", "city"),
        ("The country lost a fifth of its territory.", "a fifth", "fraction", "territory"),
        ("The package is worth $2.5 billion.", "$2.5 billion", "USD", None),
        ("No one was killed in the strike.", "No one", None, "person"),
        ("No civilians were killed.", "No", None, "civilian"),
        ("None of the soldiers survived.", "None", None, "soldier"),
        ("Not a single soldier was killed.", "Not a single", None, "soldier"),
        ("Not one civilian was hurt in the strike.", "Not one", None, "civilian"),
    ],
)
def test_units_and_counted_nouns(annotator, text, expression, unit, counted):
    quantity = quantities(annotator, text)[expression]
    assert (quantity.unit, quantity.counted) == (unit, counted)


def test_no_before_a_word_that_is_not_a_counted_subject_is_no_count(annotator):
    assert quantities(annotator, "There is no plan to take the city. Kyiv has no intention to retreat.") == {}
    assert quantities(annotator, "It was not a single strike but a barrage.") == {}


def test_owner_is_the_subject_entity(annotator):
    document = make_document("Russia has mobilised 500,000 soldiers.")
    (annotations,) = annotator.annotate([document])
    (russia,) = [m for m in annotations.mentions if m.text == "Russia"]
    (quantity,) = annotations.quantities
    assert russia.entity is not None
    assert quantity.owner == russia.entity


def test_owner_is_none_without_a_resolved_mention():
    bare = Annotator(PipelineConfig(components=("sitroom_mentions", "sitroom_quantities")))
    (annotations,) = bare.annotate([make_document("Russia has mobilised 500,000 soldiers.")])
    assert [q.owner for q in annotations.quantities] == [None]


def test_dates_times_ordinals_and_years_are_left_to_time(annotator):
    found = quantities(
        annotator,
        "On February 24, 2022, the 24th brigade attacked at 5 a.m. and fought for three days. "
        "In 2014 the war began.",
    )
    assert not any(text in found for text in ("24", "2022", "24th", "5", "three", "2014"))


def test_list_numbers_and_pronoun_one_are_not_counts(annotator):
    found = quantities(annotator, "Summary:\n1. Luhansk. One of the brigades lost 40 tanks.")
    assert list(found) == ["40"]


def test_overflowing_numbers_are_rejected_with_a_note(annotator, caplog):
    with caplog.at_level(logging.WARNING, logger="sitroom.annotate.quantities"):
        text = "They claimed " + "9" * 400 + " drones and 12 tanks."
        (annotations,) = annotator.annotate([make_document(text)])
    rejected, tanks = annotations.quantities
    assert (rejected.text, rejected.low, rejected.high) == ("9" * 400, None, None)
    assert rejected.note is not None and "too large" in rejected.note
    assert (tanks.text, tanks.low, tanks.counted) == ("12", 12, "tank")
    assert "too large" in caplog.text


def test_long_input_is_linear(annotator):
    text = "Russia has mobilised 500,000 soldiers, and Ukraine lost 30 tanks. " * 300
    (annotations,) = annotator.annotate([make_document(text)])
    soldiers = [q for q in annotations.quantities if q.counted == "soldier"]
    assert len(soldiers) == 300
    assert all(q.owner is not None for q in soldiers)
