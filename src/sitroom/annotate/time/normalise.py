"""Normalise the words of one temporal expression to a TimeML type and value.

The rules are tried in order, most specific first; each reads the expression's words (lower-cased,
abbreviation dots and hyphens split off) and the publication date. A rule that needs the publication
date when the document has none refuses with a note rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sitroom.annotate.time import lexicon as lx
from sitroom.annotate.time.calendar import (
    SEASON_OF_MONTH,
    InvalidDate,
    make_date,
    season_year,
    shifted_value,
    weekday_near,
    year_for,
)
from sitroom.annotate.time.numbers import NumberOverflow, ordinal_day, parse_number
from sitroom.annotate.time.tense import Direction

_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_YEAR = re.compile(r"\d{4,}")
_DECADE = re.compile(r"(\d{3})0s")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?")
_MERIDIEM = {"am": 0, "a.m": 0, "a.m.": 0, "pm": 12, "p.m": 12, "p.m.": 12}
_STEP: dict[Direction, int] = {"past": -1, "future": 1, "present": 0}
NO_PUBLICATION_DATE = "relative to the publication date, which this document lacks"


@dataclass(frozen=True, slots=True)
class Reading:
    type: str  # DATE, TIME, DURATION, SET
    value: str | None
    granularity: str | None
    anchor: str  # absolute, publication, unresolved
    note: str | None = None


class _Refused(Exception):
    """A rule recognised the expression but cannot give it a value; the message says why."""


@dataclass(frozen=True, slots=True)
class _Context:
    words: list[str]
    dct: date | None
    direction: Direction

    @property
    def step(self) -> int:
        return _STEP[self.direction]

    def anchor(self) -> date:
        if self.dct is None:
            raise _Refused(NO_PUBLICATION_DATE)
        return self.dct

    def shift_word(self) -> int | None:
        shifts = [lx.SHIFTS[w] for w in self.words if w in lx.SHIFTS]
        return shifts[0] if shifts else None


def split_words(text: str) -> list[str]:
    """Lower-case words, abbreviation dots, commas, hyphens and possessives split off.

    "Mid-Feb., 2023" -> ["mid", "feb", "2023"]; numeric dates and "a.m." stay whole.
    """
    words: list[str] = []
    for chunk in text.lower().split():
        chunk = chunk.strip(',;:()"')
        chunk = chunk.removesuffix("'s").removesuffix("’s")
        if chunk in _MERIDIEM or _ISO.fullmatch(chunk) or _SLASHED.fullmatch(chunk):
            words.append(chunk)
            continue
        words.extend(part.rstrip(".") for part in chunk.replace("–", "-").split("-") if part.strip("."))
    return words


def normalise(text: str, dct: date | None, direction: Direction) -> Reading:
    context = _Context(split_words(text), dct, direction)
    kind = "DATE"
    for rule in _RULES:
        try:
            reading = rule(context)
        except _Refused as refused:
            return Reading(kind, None, None, "unresolved", str(refused))
        except (InvalidDate, NumberOverflow) as error:
            return Reading(kind, None, None, "unresolved", f"rejected: {error}")
        if reading is not None:
            return reading
    return Reading(kind, None, None, "unresolved", "expression not understood")


def _found(type_: str, value: str, granularity: str | None, relative: bool) -> Reading:
    # PRESENT_REF and its kin point at the publication time without needing its date.
    relative = relative or value.endswith("_REF")
    return Reading(type_, value, granularity, "publication" if relative else "absolute")


# ----------------------------------------------------------------------------------------- rules


def _numeric_date(c: _Context) -> Reading | None:
    for word in c.words:
        if match := _ISO.fullmatch(word):
            year, month, day = (int(g) if g else None for g in match.groups())
            assert year is not None and month is not None
            if day is None:
                make_date(year, month, 1)
                return _found("DATE", f"{year:04d}-{month:02d}", "month", False)
            return _found("DATE", make_date(year, month, day).isoformat(), "day", False)
        if match := _SLASHED.fullmatch(word):
            month, day, year = (int(g) for g in match.groups())
            if year < 100:  # two-digit years: the nearer century, as a reader of the date would take it
                year += 2000 if year < 50 else 1900
            return _found("DATE", make_date(year, month, day).isoformat(), "day", False)
    return None


def _set(c: _Context) -> Reading | None:
    for word in c.words:
        if word in lx.SET_ADVERBS:
            return _found("SET", lx.SET_ADVERBS[word], _unit_granularity(word), False)
    units = [i for i, w in enumerate(c.words) if _unit(w) is not None]
    rate = units and units[0] >= 2 and c.words[units[0] - 1] in {"a", "an"}
    if rate and parse_number([c.words[units[0] - 2]]) is not None:
        return _found("SET", _duration(1, _unit(c.words[units[0]]) or ""), "time", False)  # "$15 a year"
    if not set(c.words) & lx.SET_WORDS:
        return None
    for word in c.words:
        if word in lx.WEEKDAYS:
            return _found("SET", f"XXXX-WXX-{lx.WEEKDAYS[word] + 1}", "day", False)
        if (unit := _unit(word)) is not None:
            amount = _amount_before(c.words, c.words.index(word)) or 1
            return _found("SET", _duration(amount, unit), lx.UNITS[unit][1], False)
    return None


def _clock(c: _Context) -> Reading | None:
    hour = minute = None
    for index, word in enumerate(c.words):
        following = c.words[index + 1] if index + 1 < len(c.words) else ""
        match = _CLOCK.fullmatch(word)
        if match and (following in _MERIDIEM or (match.group(2) and int(match.group(1)) < 24)):
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if hour > 12 and following in _MERIDIEM:
                raise InvalidDate(f"{word} {following} is not a time")
            hour = hour % 12 + _MERIDIEM[following] if following in _MERIDIEM else hour
        elif word in {"noon", "midday"}:
            hour, minute = 12, 0
        elif word == "midnight":
            hour, minute = 0, 0
    if hour is None or minute is None or hour > 23 or minute > 59:
        return None
    day = _day_of(c)
    zone = "Z" if {"utc", "gmt"} & set(c.words) else ""
    return _found("TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}{zone}", "time", True)


def _day_part(c: _Context) -> Reading | None:
    parts = [lx.DAY_PARTS[w] for w in c.words if w in lx.DAY_PARTS]
    if not parts or len(c.words) > 4:
        return None
    day = _day_of(c, last_means_yesterday=True)
    return _found("TIME", f"{day.isoformat()}T{parts[0]}", "time", True)


def _month(c: _Context) -> Reading | None:
    months = [i for i, w in enumerate(c.words) if w in lx.MONTHS]
    if not months:
        return None
    at = months[0]
    month = lx.MONTHS[c.words[at]]
    day = _day_number(c.words, at)
    year = _explicit_year(c.words)
    relative = year is None
    year = year or _relative_year(c)
    if year is None and c.shift_word() is not None and day is None:
        anchor = c.anchor()
        step = c.shift_word() or 0
        year = year_for(month, None, anchor, step if step else c.step)
        return _found("DATE", f"{year:04d}-{month:02d}", "month", True)
    if year is None:
        year = year_for(month, day, c.anchor(), c.step)
        nearest = year_for(month, day, c.anchor(), 0)
        if nearest != year and _days_from(c.anchor(), nearest, month, day) <= _NEAR_DAYS:
            year = nearest  # "Jan. 14" in a report of Jan. 6 is next week's, whatever the tense
        weekdays = [lx.WEEKDAYS[w] for w in c.words if w in lx.WEEKDAYS]
        if day is not None and weekdays:
            year = _year_matching_weekday(year, month, day, weekdays[0], c.anchor())
    if day is None:
        make_date(year, month, 1)
        return _found("DATE", f"{year:04d}-{month:02d}", "month", relative)
    return _found("DATE", make_date(year, month, day).isoformat(), "day", relative)


def _season_or_part_of_year(c: _Context) -> Reading | None:
    words = c.words
    seasons = [lx.SEASONS[w] for w in words if w in lx.SEASONS]
    ordinal = next((ordinal_day(w) for w in words if ordinal_day(w) and not w[0].isdigit()), None)
    if seasons:
        code = seasons[0]
        label = code
    elif ordinal and "quarter" in words and ordinal <= 4:
        code, label = f"Q{ordinal}", "quarter"
    elif ordinal and "half" in words and ordinal <= 2:
        code, label = f"H{ordinal}", "half"
    else:
        return None
    year = _explicit_year(words)
    if year is not None:
        return _found("DATE", f"{year:04d}-{code}", "season", False)
    year = _relative_year(c)
    if year is not None:
        return _found("DATE", f"{year:04d}-{code}", "season", True)
    anchor = c.anchor()
    shift = c.shift_word()
    if label in lx.SEASONS.values():
        year = season_year(code, anchor, shift if shift else c.step) + (shift or 0) * (
            code == SEASON_OF_MONTH[anchor.month - 1]
        )
    else:
        current = (anchor.month - 1) // (3 if label == "quarter" else 6) + 1
        number = int(code[1:])
        step = shift if shift else c.step
        # A quarter or half named with a future verb is this year's unless "next" says otherwise:
        # "third-quarter results will be released" in November still means this year's.
        forward = shift > 0 if shift else False
        year = anchor.year - (step < 0 and number > current) + (forward and number < current)
    return _found("DATE", f"{year:04d}-{code}", "season", True)


def _year(c: _Context) -> Reading | None:
    for index, word in enumerate(c.words):
        if match := _DECADE.fullmatch(word):
            return _found("DATE", match.group(1), "year", False)
        century = ordinal_day(word) if word[:1].isdigit() else None
        if century and c.words[index + 1 : index + 2] == ["century"]:
            return _found("DATE", f"{century - 1:02d}", "year", False)
    year = _explicit_year(c.words)
    if year is None:
        return None
    return _found("DATE", f"{year:04d}", "year", False)


def _weekday(c: _Context) -> Reading | None:
    days = [lx.WEEKDAYS[w] for w in c.words if w in lx.WEEKDAYS]
    if not days:
        return None
    anchor = c.anchor()
    shift = c.shift_word()
    if shift:
        found = weekday_near(anchor, days[0], shift, inclusive=False)
    else:
        # Without a future, news reports look back: "Kyiv said on Friday".
        found = weekday_near(anchor, days[0], 1 if c.step > 0 else -1, inclusive=True)
    return _found("DATE", found.isoformat(), "day", True)


def _deictic_day(c: _Context) -> Reading | None:
    for word in c.words:
        if word in lx.DEICTIC_DAYS:
            day = c.anchor() + timedelta(days=lx.DEICTIC_DAYS[word])
            return _found("DATE", day.isoformat(), "day", True)
    return None


def _ordinal_day(c: _Context) -> Reading | None:
    days = [d for w in c.words if (d := ordinal_day(w)) and w[0].isdigit()]
    if len(days) != 1 or len(c.words) > 3:
        return None
    anchor = c.anchor()
    year, month = anchor.year, anchor.month
    if c.step < 0 and days[0] > anchor.day:
        month -= 1
    elif c.step > 0 and days[0] < anchor.day:
        month += 1
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return _found("DATE", make_date(year, month, days[0]).isoformat(), "day", True)


def _unit_expression(c: _Context) -> Reading | None:
    words = c.words
    units = [(i, u) for i, w in enumerate(words) if (u := _unit(w)) is not None]
    if not units:
        return None
    index, unit = units[-1] if words[units[-1][0]] != "night" else units[0]
    plural = words[index].endswith("s") and words[index] != unit
    counted_at = index
    while counted_at > 0 and words[counted_at - 1] in lx.UNIT_PREMODIFIERS:
        counted_at -= 1
    amount = _amount_before(words, counted_at)
    if amount is None and words[max(0, counted_at - 2) : counted_at] == ["couple", "of"]:
        amount = 2  # "a couple of years" is two of them, as TimeML reads it
    after = set(words[index + 1 :])
    if amount is None and not plural and after & (lx.BACKWARD_WORDS | lx.FORWARD_WORDS):
        amount = 1  # "a year earlier" and "year-earlier" alike
    vague = counted_at > 0 and words[counted_at - 1] in lx.VAGUE and plural
    if amount is not None or vague:
        backward, forward = after & lx.BACKWARD_WORDS, after & lx.FORWARD_WORDS
        if backward or forward:
            if amount is None:
                return _found("DATE", "PAST_REF" if backward else "FUTURE_REF", None, False)
            offset = int(amount * lx.UNIT_FACTOR.get(unit, 1)) * (-1 if backward else 1)
            if unit in {"hour", "minute", "second"}:
                return _found("DATE", c.anchor().isoformat(), "day", True)
            return _found("DATE", shifted_value(c.anchor(), _base(unit), offset), _granularity(unit), True)
        return _found("DURATION", _duration(amount, unit), _granularity(unit), False)
    shift = c.shift_word()
    if plural:
        if {"coming", "next", "upcoming"} & set(words[:index]):
            return _found("DATE", "FUTURE_REF", None, False)
        if {"recent", "past", "last"} & set(words[:index]):
            return _found("DATE", "PAST_REF", None, False)
        return _found("DURATION", _duration(None, unit), _granularity(unit), False)
    if "that" in words:
        raise _Refused("refers back to a time named elsewhere in the text")
    if "past" in words[:index] and unit not in {"weekend"}:
        return _found("DURATION", _duration(1, unit), _granularity(unit), False)
    if shift is None and unit == "weekend":
        shift = 0 if c.anchor().weekday() >= 5 or c.step >= 0 else -1
    if shift is None and words[:index] in (["the"], []) and unit not in {"year", "month", "week", "quarter"}:
        return None
    return _found("DATE", shifted_value(c.anchor(), unit, shift or 0), _granularity(unit), True)


def _reference(c: _Context) -> Reading | None:
    for word in c.words:
        if word in lx.REFERENCES:
            return _found("DATE", lx.REFERENCES[word], None, False)
    return None


_RULES: tuple[Callable[[_Context], Reading | None], ...] = (
    _numeric_date,
    _set,
    _clock,
    _month,
    _season_or_part_of_year,
    _day_part,
    _weekday,
    _deictic_day,
    _year,
    _ordinal_day,
    _unit_expression,
    _reference,
)


# --------------------------------------------------------------------------------------- helpers


def _unit(word: str) -> str | None:
    """The unit a word names ("weeks" -> week), or None."""
    if word in lx.UNITS:
        return word
    if word.endswith("ies") and word[:-3] + "y" in lx.UNITS:
        return word[:-3] + "y"
    if word.endswith("s") and word[:-1] in lx.UNITS:
        return word[:-1]
    return None


def _base(unit: str) -> str:
    return {"fortnight": "week", "decade": "year", "century": "year"}.get(unit, unit)


def _granularity(unit: str) -> str:
    return lx.UNITS[unit][1]


def _unit_granularity(adverb: str) -> str:
    return {"P1D": "day", "P1W": "week", "P1M": "month", "P1Y": "year", "P3M": "season"}.get(
        lx.SET_ADVERBS[adverb], "time"
    )


def _duration(amount: float | None, unit: str) -> str:
    letter, _, timed = lx.UNITS[unit]
    letter = "W" if letter == "WE" else letter
    if amount is None:
        count = "X"
    else:
        scaled = amount * lx.UNIT_FACTOR.get(unit, 1)
        count = str(int(scaled)) if scaled == int(scaled) else f"{scaled:g}"
        if letter == "Q" and scaled != int(scaled):
            letter, count = "M", f"{scaled * 3:g}"  # "one and a half quarters": TimeML counts whole units
    return f"PT{count}{letter}" if timed else f"P{count}{letter}"


def _amount_before(words: list[str], index: int) -> float | None:
    """The number written right before ``words[index]`` ("three", "1.5", "twenty five"), or None."""
    start = index
    while start > 0 and parse_number([words[start - 1]]) is not None:
        start -= 1
    if start == index:
        return None
    return parse_number(words[start:index])


def _day_number(words: list[str], month_at: int) -> int | None:
    for at in (month_at + 1, month_at - 1, month_at - 2):
        if 0 <= at < len(words):
            word = words[at]
            if word.isdigit() and len(word) <= 2:
                return int(word)
            if (day := ordinal_day(word)) is not None:
                return day
    return None


def _relative_year(c: _Context) -> int | None:
    """ "the first quarter of last year", "July last year": a year named by its shift."""
    if "year" not in c.words:
        return None
    before = c.words[: c.words.index("year")]
    shifts = [lx.SHIFTS[w] for w in before if w in lx.SHIFTS]
    return c.anchor().year + shifts[-1] if shifts else None


# A month-day this close to the publication date is the nearest one, whichever way the tense points.
_NEAR_DAYS = 14


def _days_from(anchor: date, year: int, month: int, day: int | None) -> int:
    """Days between ``anchor`` and the date, or the nearest day of the month when no day is given."""
    if day is not None:
        return abs((date(year, month, min(day, 28)) - anchor).days)
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return 0 if first <= anchor <= last else min(abs((first - anchor).days), abs((last - anchor).days))


def _year_matching_weekday(year: int, month: int, day: int, weekday: int, anchor: date) -> int:
    """ "Tuesday, February 21": the year, next to the tense's choice, in which the weekday fits."""
    fitting = [
        y for y in (year, year - 1, year + 1)
        if abs(y - anchor.year) <= 1 and _weekday_of(y, month, day) == weekday
    ]  # fmt: skip
    return fitting[0] if fitting else year


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None


def _explicit_year(words: list[str]) -> int | None:
    for index, word in enumerate(words):
        if word == "year" and index + 1 < len(words) and not words[index + 1][:1].isdigit():
            spelled = parse_number(words[index + 1 :])  # "the year two thousand"
            if spelled is not None and spelled == int(spelled) and 1000 <= spelled <= 2999:
                return int(spelled)
        if _YEAR.fullmatch(word):
            year = int(word)
            if not 1000 <= year <= 2999:
                raise InvalidDate(f"year {word} is out of range")
            return year
        if len(word) == 3 and word[0] == "'" and word[1:].isdigit():
            return 1900 + int(word[1:])
    return None


def _day_of(c: _Context, last_means_yesterday: bool = False) -> date:
    """The day a time of day falls on: a day named in the expression, else the publication day."""
    rest = [w for w in c.words if w not in lx.DAY_PARTS]
    if last_means_yesterday and "last" in rest and not set(rest) & set(lx.WEEKDAYS):
        return c.anchor() - timedelta(days=1)
    for rule in (_numeric_date, _month, _weekday, _deictic_day):
        reading = rule(_Context(rest, c.dct, c.direction))
        if reading is not None and reading.granularity == "day" and reading.value:
            return date.fromisoformat(reading.value)
    return c.anchor()
