from __future__ import annotations

from datetime import date

import pytest

from conftest import make_document
from sitroom.annotate import Annotator, PipelineConfig
from sitroom.annotate import timexes as _timexes  # noqa: F401  (registers the factory)
from sitroom.annotate.time.normalise import normalise
from sitroom.records import Timex

PUBLISHED = date(2023, 2, 2)  # a Thursday


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(PipelineConfig(components=("sitroom_timexes",)))


def timexes(annotator: Annotator, text: str, published: date | None = PUBLISHED) -> dict[str, Timex]:
    document = make_document(text, published=published)
    (annotations,) = annotator.annotate([document])
    for timex in annotations.timexes:
        assert document.text[timex.start : timex.end] == timex.text
    return {timex.text: timex for timex in annotations.timexes}


def values(annotator: Annotator, text: str, published: date | None = PUBLISHED) -> dict[str, str | None]:
    return {text: timex.value for text, timex in timexes(annotator, text, published).items()}


def test_absolute_dates(annotator):
    found = timexes(
        annotator,
        "The report of 2023-02-02 said the strike of Sept. 10, 2022 mattered. "
        "On Thursday, February 2 the minister arrived.",
    )
    assert found["2023-02-02"].value == "2023-02-02"
    assert found["2023-02-02"].anchor == "absolute"
    assert found["Sept. 10, 2022"].value == "2022-09-10"
    assert found["Sept. 10, 2022"].granularity == "day"
    assert found["Thursday, February 2"].value == "2023-02-02"
    assert found["Thursday, February 2"].anchor == "publication"


def test_month_day_without_year_points_back_in_past_tense(annotator):
    assert values(annotator, "The invasion began on February 24.")["February 24"] == "2022-02-24"


def test_future_tense_points_forward(annotator):
    found = values(annotator, "They will try something around February 24, the official warned.")
    assert found["February 24"] == "2023-02-24"


def test_weekday_follows_the_tense(annotator):
    assert values(annotator, "The troops withdrew on Tuesday.")["Tuesday"] == "2023-01-31"
    assert values(annotator, "The talks will resume on Tuesday.")["Tuesday"] == "2023-02-07"


def test_ordinal_day_uses_the_publication_month_or_the_one_before(annotator):
    assert values(annotator, "The shelling began on the 13th.")["the 13th"] == "2023-01-13"
    assert values(annotator, "The convoy arrived on the 1st.")["the 1st"] == "2023-02-01"
    assert values(annotator, "The convoy will arrive on the 1st.")["the 1st"] == "2023-03-01"


def test_ordinal_day_the_model_does_not_tag_is_still_a_day(annotator):
    found = values(annotator, "On the 10th the enemy shelled 23 villages.")
    assert found == {"the 10th": "2023-01-10"}
    assert values(annotator, "The office is on the 10th floor, by the 3rd Brigade's base.") == {}


@pytest.mark.parametrize(
    ("text", "expression", "value", "granularity"),
    [
        ("Fighting eased in July.", "July", "2022-07", "month"),
        ("Last week the army advanced.", "Last week", "2023-W04", "week"),
        ("Drones struck over the weekend.", "the weekend", "2023-W04-WE", "week"),
        ("Yesterday Kyiv said it would respond.", "Yesterday", "2023-02-01", "day"),
        ("Earlier this month the offensive stalled.", "Earlier this month", "2023-02", "month"),
        ("The line must hold by March.", "March", "2023-03", "month"),
        ("Shelling has continued since February 24.", "February 24", "2022-02-24", "day"),
        ("More aid will come in the coming weeks.", "the coming weeks", "FUTURE_REF", None),
        ("Now the front is quiet.", "Now", "PRESENT_REF", None),
        ("Two years ago the war began.", "Two years ago", "2021", "year"),
        ("This morning a missile hit Kharkiv.", "This morning", "2023-02-02TMO", "time"),
        ("Sirens sounded at 10 a.m.", "10 a.m.", "2023-02-02T10:00", "time"),
        ("The war resumed last summer.", "last summer", "2022-SU", "season"),
        ("Losses fell in the third quarter.", "the third quarter", "2022-Q3", "season"),
        ("The drills will end next year.", "next year", "2024", "year"),
        ("KYIV, Feb 2 (Reuters) - Shelling went on.", "Feb 2", "2023-02-02", "day"),
        ("It began on February 24 last year.", "February 24 last year", "2022-02-24", "day"),
    ],
)
def test_relative_expressions(annotator, text, expression, value, granularity):
    found = timexes(annotator, text)
    assert found[expression].value == value
    assert found[expression].granularity == granularity
    assert found[expression].anchor == "publication"


@pytest.mark.parametrize(
    ("text", "expression", "type_", "value"),
    [
        ("The siege lasted three days.", "three days", "DURATION", "P3D"),
        ("Kyiv expects help within a month.", "a month", "DURATION", "P1M"),
        ("The talks took 48 hours.", "48 hours", "DURATION", "PT48H"),
        ("The fighting went on for several weeks.", "several weeks", "DURATION", "PXW"),
        ("Patrols run every day.", "every day", "SET", "P1D"),
        ("Convoys leave every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
        ("Fighting has raged for nearly a year.", "nearly a year", "DURATION", "P1Y"),
        ("Each soldier earns $500 a month.", "a month", "SET", "P1M"),
    ],
)
def test_durations_and_sets(annotator, text, expression, type_, value):
    found = timexes(annotator, text)
    assert (found[expression].type, found[expression].value) == (type_, value)
    assert found[expression].anchor == "absolute"


def test_range_gives_both_ends_and_an_interval(annotator):
    found = timexes(annotator, "Fighting raged from February 24 to March 3.")
    assert found["February 24"].value == "2022-02-24"
    assert found["March 3"].value == "2022-03-03"
    whole = found["from February 24 to March 3"]
    assert (whole.value, whole.granularity) == ("2022-02-24/2022-03-03", "range")


def test_range_within_one_month(annotator):
    found = timexes(annotator, "Heavy fighting was reported on February 24-26, 2022.")
    assert found["26, 2022"].value == "2022-02-26"
    assert any(t.value == "2022-02-24/2022-02-26" for t in found.values())


def test_without_publication_date_relative_expressions_stay_unresolved(annotator):
    found = timexes(annotator, "Yesterday the army advanced, and on February 24, 2022 it began.", None)
    assert found["Yesterday"].value is None
    assert found["Yesterday"].anchor == "unresolved"
    assert "publication date" in (found["Yesterday"].note or "")
    assert found["February 24, 2022"].value == "2022-02-24"  # absolute dates need no anchor


def test_impossible_dates_are_rejected_with_a_note(annotator):
    found = timexes(annotator, "The treaty was signed on February 30, 2022.")
    (timex,) = [t for t in found.values() if "February 30" in t.text]
    assert timex.value is None and timex.anchor == "unresolved"
    assert "not a date" in (timex.note or "")
    reading = normalise("the year 20230", PUBLISHED, "past")
    assert reading.value is None and "out of range" in (reading.note or "")


def test_ages_are_not_durations(annotator):
    assert "63 years" not in values(annotator, "The 63 years old commander was killed.")


def test_long_input_is_linear(annotator):
    text = "On Tuesday, January 31, the army advanced three kilometres. " * 300
    document = make_document(text, published=PUBLISHED)
    (annotations,) = annotator.annotate([document])
    assert len([t for t in annotations.timexes if t.value == "2023-01-31"]) == 300


def test_quarter_named_earlier_anchors_the_quarter_and_a_year_earlier(annotator):
    found = values(
        annotator,
        "Profit rose in the third quarter. Sales in the quarter fell 5%. "
        "A year earlier, the company lost money.",
    )
    assert found["the third quarter"] == "2022-Q3"
    assert found["the quarter"] == "2022-Q3"
    assert found["A year earlier"] == "2021-Q3"
    assert values(annotator, "Sales in the quarter fell.")["the quarter"] == "2023-Q1"


def test_quarter_with_future_verb_stays_in_the_year(annotator):
    found = values(annotator, "The company will report third-quarter results.", date(2023, 11, 2))
    assert next(v for k, v in found.items() if "third" in k) == "2023-Q3"


def test_month_day_near_publication_is_the_nearest_whatever_the_tense(annotator):
    assert values(annotator, "The minister announced talks on February 10.")["February 10"] == "2023-02-10"


def test_a_year_ago_after_an_amount_is_no_rate(annotator):
    assert values(annotator, "Inflation rose to 7% from 5% a year ago.")["a year ago"] == "2022"


def test_the_same_day_is_the_day_last_named(annotator):
    found = values(annotator, "The strike began on January 10. The minister resigned the same day.")
    assert found["the same day"] == "2023-01-10"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("It took a couple of years to rebuild.", "a couple of years", "P2Y"),
        ("Losses grew for two consecutive quarters.", "two consecutive quarters", "P2Q"),
        ("They spoke of the year two thousand.", "the year two thousand", "2000"),
    ],
)
def test_spelled_amounts_and_quarter_durations(annotator, text, expression, value):
    assert values(annotator, text)[expression] == value


@pytest.mark.parametrize(
    ("words", "direction", "value"),
    [
        ("this winter", "present", "2023-WI"),  # the winter December 2022 begins: sitroom.timeml's 2023-WI
        ("last winter", "past", "2022-WI"),
        ("last summer", "past", "2022-SU"),
        ("next spring", "future", "2023-SP"),
    ],
)
def test_a_season_named_in_december_belongs_to_the_winter_it_begins(words, direction, value):
    assert normalise(words, date(2022, 12, 10), direction).value == value
