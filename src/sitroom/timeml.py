"""TimeML date values and the ISO dates they stand for: the one reading of dates every stage shares.

The time stage writes TimeML values on its timexes ("2022-W36", "2023-SP", "PRESENT_REF", "202"); the
date fields of claims, events and incidents are ISO 8601 dates or intervals: ``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``, or ``start/end`` of two of those. This module reads the first and writes the second:

- a day, a month or a year is itself; a time of day ("2023-02-02T10:00", "2023-02-02TMO") is its day;
- a week ("2022-W36") runs Monday to Sunday, its weekend ("2022-W36-WE") Saturday and Sunday;
- a season is three whole months: spring (SP) March to May, summer (SU) June to August, autumn (FA)
  September to November, and winter (WI) the December before to February: "2023-WI" is the winter
  that January and February 2023 are in;
- a quarter ("2023-Q2") or a half ("2023-H1") is its months; a decade ("202") or a century ("20", the
  2000s) its years;
- an interval ("2022-02-24/2022-03-03") runs from its first end's first day to its second end's last;
- PRESENT_REF is the day it is said on, when that day is known; PAST_REF, FUTURE_REF, durations ("P3D")
  and sets ("XXXX-WXX-1") are not on the calendar.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

Interval = tuple[date, date]

PRESENT_REF = "PRESENT_REF"
SEASON_MONTHS = {"WI": (12, 2), "SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}  # first and last month
# The ISO form of a date field; the JSON Schema of the export carries the same pattern.
ISO_DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$"
_ISO_DATE = re.compile(ISO_DATE_PATTERN)
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T.*)?", re.DOTALL)
_MONTH_OR_YEAR = re.compile(r"[0-9]{4}(-[0-9]{2})?")
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})(-WE)?")
_PART_OF_YEAR = re.compile(r"([0-9]{4})-(SP|SU|FA|WI|Q[1-4]|H[12])")
_DECADE_OR_CENTURY = re.compile(r"[0-9]{2,3}")


def is_iso_date(value: str) -> bool:
    """Whether ``value`` is in the ISO form of a date field."""
    return _ISO_DATE.fullmatch(value) is not None


def value_interval(value: str | None, anchor: date | None = None) -> Interval | None:
    """The first and last calendar day a TimeML value (or an ISO date field) covers.

    ``anchor`` is the day the value was said on (the publication date): PRESENT_REF is that day.
    Values that do not place anything on the calendar give None.
    """
    bounds = _iso_bounds(value, anchor) if value else None
    if bounds is None:
        return None
    try:
        first, last = _first_day(bounds[0]), _last_day(bounds[1])
    except ValueError:
        return None  # a month 13 or a 30 February: no interval rather than a wrong one
    return (first, last) if first <= last else None


def iso_date(value: str | None, anchor: date | None = None) -> str | None:
    """The ISO form of a TimeML value, as precise as the value: "2022-W36" -> "2022-09-05/2022-09-11",
    "2023-SP" -> "2023-03/2023-05", "202" -> "2020/2029", "2023-02-02T10:00" -> "2023-02-02".

    None for what is not on the calendar (see the module's description) and for impossible dates.
    """
    bounds = _iso_bounds(value, anchor) if value else None
    if bounds is None or value_interval(value, anchor) is None:
        return None
    first, last = bounds
    return first if first == last else f"{first}/{last}"


def record_date(
    value: str | None, granularity: str | None, anchor: date | None
) -> tuple[str | None, str | None]:
    """The ISO date and its precision for a record dated by a timex of this value and granularity.

    PRESENT_REF dates a record by the day it was reported on; a value off the calendar gives no date
    (the timex keeps the value).
    """
    if value == PRESENT_REF:
        return (anchor.isoformat(), "reported_on") if anchor is not None else (None, None)
    return iso_date(value, anchor), granularity


def _iso_bounds(value: str, anchor: date | None) -> tuple[str, str] | None:
    """The value's first and last ISO date (day, month or year), as precise as the value."""
    if "/" in value:
        start, _, end = value.partition("/")
        opening, closing = _iso_bounds(start, anchor), _iso_bounds(end, anchor)
        return (opening[0], closing[1]) if opening is not None and closing is not None else None
    if value == PRESENT_REF:
        return (anchor.isoformat(), anchor.isoformat()) if anchor is not None else None
    if match := _DAY.fullmatch(value):
        day = "-".join(match.groups())
        return day, day
    if _MONTH_OR_YEAR.fullmatch(value):
        return value, value
    if match := _WEEK.fullmatch(value):
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            sunday = monday + timedelta(days=6)
        except (ValueError, OverflowError):
            return None
        return (monday + timedelta(days=5) if match[3] else monday).isoformat(), sunday.isoformat()
    if match := _PART_OF_YEAR.fullmatch(value):
        year, part = int(match[1]), match[2]
        if part in SEASON_MONTHS:
            first_month, last_month = SEASON_MONTHS[part]
            first_year = year - 1 if first_month > last_month else year
            return f"{first_year:04d}-{first_month:02d}", f"{year:04d}-{last_month:02d}"
        size = 3 if part[0] == "Q" else 6
        last_month = int(part[1]) * size
        return f"{year:04d}-{last_month - size + 1:02d}", f"{year:04d}-{last_month:02d}"
    if _DECADE_OR_CENTURY.fullmatch(value):
        span = 10 ** (4 - len(value))
        first_year = int(value) * span
        return f"{first_year:04d}", f"{first_year + span - 1:04d}"
    return None


def _first_day(iso: str) -> date:
    year, month, day = [*iso.split("-"), "1", "1"][:3]
    return date(int(year), int(month), int(day))


def _last_day(iso: str) -> date:
    parts = iso.split("-")
    if len(parts) == 3:
        return date.fromisoformat(iso)
    year = int(parts[0])
    month = int(parts[1]) if len(parts) == 2 else 12
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)
