"""The ground-floor reading of TimeML values: one interval and one ISO form for every stage."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitroom.timeml import is_iso_date, iso_date, record_date, value_interval

PUBLISHED = date(2023, 2, 2)


@pytest.mark.parametrize(
    ("value", "first", "last", "iso"),
    [
        ("2023-02-24", date(2023, 2, 24), date(2023, 2, 24), "2023-02-24"),
        ("2023-02-02T10:00", date(2023, 2, 2), date(2023, 2, 2), "2023-02-02"),
        ("2023-02-02TMO", date(2023, 2, 2), date(2023, 2, 2), "2023-02-02"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2023-12", date(2023, 12, 1), date(2023, 12, 31), "2023-12"),
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "2022"),
        ("2022-W36", date(2022, 9, 5), date(2022, 9, 11), "2022-09-05/2022-09-11"),
        ("2022-W36-WE", date(2022, 9, 10), date(2022, 9, 11), "2022-09-10/2022-09-11"),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), "2020-12-28/2021-01-03"),
        ("2023-SP", date(2023, 3, 1), date(2023, 5, 31), "2023-03/2023-05"),
        ("2023-SU", date(2023, 6, 1), date(2023, 8, 31), "2023-06/2023-08"),
        ("2023-FA", date(2023, 9, 1), date(2023, 11, 30), "2023-09/2023-11"),
        ("2024-WI", date(2023, 12, 1), date(2024, 2, 29), "2023-12/2024-02"),
        ("2023-Q1", date(2023, 1, 1), date(2023, 3, 31), "2023-01/2023-03"),
        ("2023-Q4", date(2023, 10, 1), date(2023, 12, 31), "2023-10/2023-12"),
        ("2023-H2", date(2023, 7, 1), date(2023, 12, 31), "2023-07/2023-12"),
        ("202", date(2020, 1, 1), date(2029, 12, 31), "2020/2029"),
        ("19", date(1900, 1, 1), date(1999, 12, 31), "1900/1999"),
        ("2022-02-24/2022-03-03", date(2022, 2, 24), date(2022, 3, 3), "2022-02-24/2022-03-03"),
        ("2022-W52/2023-SP", date(2022, 12, 26), date(2023, 5, 31), "2022-12-26/2023-05"),
    ],
)
def test_a_value_covers_its_days_and_keeps_its_precision_in_iso_form(value, first, last, iso):
    assert value_interval(value) == (first, last)
    assert iso_date(value) == iso
    assert is_iso_date(iso)
    assert value_interval(iso) == (first, last)  # the ISO form reads back to the same days


@pytest.mark.parametrize(
    "value",
    [None, "", "PAST_REF", "FUTURE_REF", "PRESENT_REF", "P3D", "PXW", "XXXX-WXX-1", "2023-02-30", "2023-13",
     "2022-W54", "0000", "2023-Q5", "2023-XX"],
)  # fmt: skip
def test_values_off_the_calendar_have_no_interval_and_no_iso_date(value):
    assert value_interval(value) is None
    assert iso_date(value) is None


def test_present_ref_is_the_day_it_was_said_on():
    assert value_interval("PRESENT_REF", PUBLISHED) == (PUBLISHED, PUBLISHED)
    assert iso_date("PRESENT_REF", PUBLISHED) == "2023-02-02"
    assert iso_date("FUTURE_REF", PUBLISHED) is None


def test_a_record_date_is_iso_with_the_timex_precision():
    assert record_date("2023-SP", "season", PUBLISHED) == ("2023-03/2023-05", "season")
    assert record_date("PRESENT_REF", None, PUBLISHED) == ("2023-02-02", "reported_on")
    assert record_date("PRESENT_REF", None, None) == (None, None)
    assert record_date("PAST_REF", None, PUBLISHED) == (None, None)
    assert record_date("P3D", "day", PUBLISHED) == (None, "day")


@pytest.mark.parametrize("value", ["PRESENT_REF", "2023", "2023-02", "2023/2024", "2023-02-01/2023-03"])
def test_iso_form_accepts_dates_and_intervals_only(value):
    assert is_iso_date(value) == (value != "PRESENT_REF")


@given(st.text(max_size=30))
def test_any_text_gives_an_ordered_interval_or_none_and_iso_form_or_none(value):
    interval = value_interval(value, PUBLISHED)
    written = iso_date(value, PUBLISHED)
    assert (interval is None) == (written is None)
    if interval is not None and written is not None:
        assert interval[0] <= interval[1]
        assert is_iso_date(written)
        assert value_interval(written) == interval
