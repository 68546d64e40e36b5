"""How the report writes things down for a reader: dates as people read them, a document's origin without
the path it was read from on this machine."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath


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
    """ "13 Sep 2022" from 2022-09-13; anything that is not a day is returned as it is."""
    if value is None:
        return "undated"
    try:
        day = value if isinstance(value, date) else date.fromisoformat(value)
    except ValueError:
        return str(value)
    return _day(day)


def human_range(start: str | None, end: str | None) -> str:
    """ "13 Sep 2022", "10–13 Sep 2022", "28 Sep – 2 Oct 2022", "30 Dec 2022 – 2 Jan 2023"; "undated"."""
    if start is None:
        return "undated"
    try:
        first = date.fromisoformat(start)
        last = date.fromisoformat(end or start)
    except ValueError:
        return start if start == end or end is None else f"{start} – {end}"
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_day(last)}"
    if first.year == last.year:
        return f"{_day(first, with_year=False)} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"
