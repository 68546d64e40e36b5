from __future__ import annotations

from datetime import date

import pytest

from sitroom.ingest.dates import date_from_text, parse_metadata_date

SEPT_10 = date(2022, 9, 10)


@pytest.mark.parametrize(
    "value",
    [
        "2022-09-10",
        "2022-09-10T23:30:00-05:00",  # the publisher's day, not UTC's
        "2022-09-10 12:30",
        "Sat, 10 Sep 2022 09:30:00 GMT",
        "10 September 2022",
        "September 10, 2022",
        "10 вересня 2022",
        "10.09.2022",  # dotted: day first
        "10.9.2022",
    ],
)
def test_metadata_dates(value):
    assert parse_metadata_date(value) == SEPT_10


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "2022-02-30", "30 February 2022", "31.02.2022", "September 2022", "Sept 10", "soon"],
)
def test_metadata_dates_never_invented(value):
    assert parse_metadata_date(value) is None


@pytest.mark.parametrize(
    "text",
    [
        "KYIV, Sept 10 2022 (Reuters) - Russian forces shelled Kharkiv.",
        "Published: 10 September 2022\nRussian forces shelled Kharkiv.",
        "Updated on September 10, 2022 12:30\n\nRussian forces shelled Kharkiv.",
        "2022-09-10\nRussian forces shelled Kharkiv.",
        "September 10, 2022 12:30\nRussian forces shelled Kharkiv.",
        "By Jane Doe | 10.09.2022\nRussian forces shelled Kharkiv.",
        "Posted by Jane Doe | September 10, 2022 | 6 min read\nRussian forces shelled Kharkiv.",
        "LONDON (Reuters), 10th of September 2022 - Russian forces shelled Kharkiv.",
    ],
)
def test_datelines(text):
    assert date_from_text(text) == SEPT_10


@pytest.mark.parametrize(
    "text",
    [
        "KYIV, Sept 10 (Reuters) - Russian forces shelled Kharkiv.",  # no year: not invented
        "Published: 30 February 2022\nText.",  # impossible
        "On 24 February 2022, Russia launched its full-scale invasion.",  # event, not dateline
        "Russian forces have shelled Kharkiv since 24 February 2022, officials said.",
        "x" * 300 + "\nPublished: 10 September 2022",  # beyond the start of the text
        "Published: September 2022\nText.",
        "",
    ],
)
def test_no_dateline_no_date(text):
    assert date_from_text(text) is None
