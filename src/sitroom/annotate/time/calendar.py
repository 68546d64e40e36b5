"""Calendar arithmetic on the publication date, producing TimeML values at a given granularity."""

from __future__ import annotations

from datetime import date, timedelta

SEASON_OF_MONTH = ["WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI"]
SEASON_ORDER = ["WI", "SP", "SU", "FA"]


class InvalidDate(ValueError):
    """The text names a date that does not exist ("February 30", year 20230)."""


def make_date(year: int, month: int, day: int) -> date:
    if not 1 <= year <= 9999:
        raise InvalidDate(f"year {year} is out of range")
    try:
        return date(year, month, day)
    except ValueError as error:
        raise InvalidDate(f"{year:04d}-{month:02d}-{day:02d} is not a date: {error}") from error


def add_months(day: date, months: int) -> tuple[int, int]:
    """(year, month) ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shifted_value(anchor: date, unit: str, amount: int) -> str:
    """The TimeML value of the ``unit`` that lies ``amount`` units from ``anchor`` (0: its own)."""
    if unit in {"day", "night"}:
        return (anchor + timedelta(days=amount)).isoformat()
    if unit in {"week", "fortnight"}:
        return week_value(anchor + timedelta(weeks=amount))
    if unit == "weekend":
        return week_value(anchor + timedelta(weeks=amount)) + "-WE"
    if unit in {"month", "season"}:
        year, month = add_months(anchor, amount)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        year, month = add_months(anchor, 3 * amount)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "year":
        return f"{anchor.year + amount:04d}"
    if unit == "decade":
        return f"{anchor.year // 10 + amount:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + amount:02d}"
    # hours, minutes, seconds: the day is all the publication date tells
    return anchor.isoformat()


def weekday_near(anchor: date, weekday: int, step: int, inclusive: bool) -> date:
    """The ``weekday`` nearest ``anchor`` going back (step -1) or forward (step 1)."""
    delta = (weekday - anchor.weekday()) * step % 7
    if delta == 0 and not inclusive:
        delta = 7
    return anchor + timedelta(days=delta * step)


def year_for(month: int, day: int | None, anchor: date, step: int) -> int:
    """The year of an underspecified month (and day): the one before (step -1), after (1) or
    nearest (0) ``anchor``."""
    if step == 0:
        # 29 February is not in every candidate year; its own month's first day is as near.
        years = (anchor.year - 1, anchor.year, anchor.year + 1)
        return min(years, key=lambda y: abs((date(y, month, min(day or 15, 28)) - anchor).days))
    mentioned = (month, day or 0)
    current = (anchor.month, anchor.day if day else 0)
    if step < 0 and mentioned > current:
        return anchor.year - 1
    if step > 0 and mentioned < current:
        return anchor.year + 1
    return anchor.year


def season_year(season: str, anchor: date, step: int) -> int:
    """The year of a season named without one, before (step -1), after (1) or around (0) ``anchor``.

    A winter is its January's year (see sitroom.timeml), so a December belongs to the next year's
    seasons: in December 2022 "this winter" is 2023-WI and "last summer" 2022-SU.
    """
    year = anchor.year + (anchor.month == 12)
    mentioned = SEASON_ORDER.index(season)
    current = SEASON_ORDER.index(SEASON_OF_MONTH[anchor.month - 1])
    if step < 0 and mentioned > current:
        return year - 1
    if step > 0 and mentioned < current:
        return year + 1
    return year
