"""How the report writes things down for a reader: dates as people read them, a document's origin without
the path it was read from on this machine."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def display_origin(origin: str | None) -> str:
    """A URL as it is; a file by its name alone, never the folders it sat in on this machine."""
    if not origin:
        return ""
    if "://" in origin or origin.startswith("<"):
        return origin
    return PurePath(origin.replace("\\", "/")).name or origin


def _day(value: date, with_year: bool = True, with_month: bool = True) -> str:
    text = str(value.day)
    if with_month:
        text += value.strftime(" %b")
    if with_year:
        text += f" {value.year}"
    return text


def human_day(value: str | date | None) -> str:
    """A stored date as people read it, as precise as it is: "13 Sep 2022" from 2022-09-13, "Sep 2022"
    from 2022-09, "20–26 Feb 2023" from the interval 2023-02-20/2023-02-26; anything else as it is."""
    if value is None:
        return "undated"
    if isinstance(value, date):
        return _day(value)
    if "/" in value:
        start, _, end = value.partition("/")
        return human_range(start, end)
    try:
        return _day(date.fromisoformat(value))
    except ValueError:
        pass
    month = MONTH.fullmatch(value)
    if month and 1 <= int(month[2]) <= 12:
        return date(int(month[1]), int(month[2]), 1).strftime("%b %Y")
    return value


def human_range(start: str | None, end: str | None) -> str:
    """ "13 Sep 2022", "10–13 Sep 2022", "28 Sep – 2 Oct 2022", "30 Dec 2022 – 2 Jan 2023"; "undated"."""
    if start is None:
        return "undated"
    if end is None or end == start:
        return human_day(start)
    try:
        first = date.fromisoformat(start)
        last = date.fromisoformat(end)
    except ValueError:
        return f"{human_day(start)} – {human_day(end)}"  # months, years: "Sep 2022 – Nov 2022"
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_day(last)}"
    if first.year == last.year:
        return f"{_day(first, with_year=False)} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"
