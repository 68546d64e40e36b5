"""Temporal expressions of a parsed document, each with its span and normalised reading.

A candidate that joins two dates ("from February 24 to March 3", "February 24-26") yields both ends,
as TimeML annotates them, and one range reading over the whole, valued as an ISO 8601 interval.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.time.lexicon import MONTHS
from sitroom.annotate.time.normalise import Reading, normalise, split_words
from sitroom.annotate.time.spans import NUMERIC_DATE, is_rate, time_spans
from sitroom.annotate.time.tense import direction_of

_CONNECTORS = frozenset({"to", "through", "until", "till", "and", "-", "–", "—"})
_OPENERS = frozenset({"from", "between"})


@dataclass(frozen=True, slots=True)
class Found:
    span: Span
    reading: Reading


def find_timexes(doc: Doc, published: date | None) -> Iterator[Found]:
    """Each timex in text order; "the quarter" and "a year earlier" read against the quarter last named,
    "the same day" against the day last named."""
    quarter: str | None = None
    day = published.isoformat() if published else None
    for found in _found_in(doc, published):
        reading = _in_discourse(found, quarter)
        if reading is found.reading:
            reading = _same_day(found, day)
        if reading is not found.reading:
            found = Found(found.span, reading)
        elif reading.value and _QUARTER.fullmatch(reading.value):
            quarter = reading.value
        elif reading.value and _DAY.fullmatch(reading.value) and reading.type == "DATE":
            day = reading.value
        yield found


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SAME_DAY = (["the", "day"], ["the", "same", "day"], ["that", "day"], ["that", "same", "day"])


def _same_day(found: Found, day: str | None) -> Reading:
    """ "the day", "that same day": the day last named, or the publication date before any is named."""
    reading = found.reading
    if day is None or split_words(found.span.text) not in _SAME_DAY:
        return reading
    return Reading("DATE", day, "day", "publication")


_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
# "the quarter", "this quarter": the quarter the report is about, once one has been named
_SAME_QUARTER = frozenset({"the", "this", "same", "current", "fiscal"})
# "a year earlier", "year-ago", "the year-earlier quarter", "the year-ago period", "last year's quarter"
_YEAR_BACK = frozenset({"ago", "earlier"})
_PERIOD = frozenset({"quarter", "period"})


def _in_discourse(found: Found, quarter: str | None) -> Reading:
    """The reading of ``found`` against the last quarter named, when it refers back to it."""
    reading = found.reading
    if quarter is None or reading.type != "DATE":
        return reading
    words = split_words(found.span.text)
    last = words[-1] if words else ""
    if len(words) <= 3 and words[-2:-1] and re.fullmatch(r"\d{4}", words[-2]) and last in _PERIOD:
        # "the 1988 quarter": that year's quarter of the same number as the one last named
        return replace(reading, value=f"{words[-2]}-Q{quarter[-1]}", granularity="season")
    if reading.anchor != "publication":
        return reading
    if last == "quarter" and set(words[:-1]) <= _SAME_QUARTER:
        return replace(reading, value=quarter, granularity="season")
    year_back = (
        "year" in words
        and "this" not in words
        and (
            (bool(_YEAR_BACK & set(words)) and not any(w[0].isdigit() for w in words))
            or (words[-2:] == ["last", "year"] and len(words) > 2 and _PERIOD & set(words))
            or (words[:2] == ["last", "year"] and _PERIOD & set(words))
        )
    )
    if year_back:
        match = _QUARTER.fullmatch(quarter)
        assert match is not None
        return replace(reading, value=f"{int(match[1]) - 1:04d}-Q{match[2]}", granularity="season")
    return reading


def _found_in(doc: Doc, published: date | None) -> Iterator[Found]:
    for span in time_spans(doc):
        direction = direction_of(span)
        parts = _range_parts(span)
        if parts is None:
            # "$500 a month" is a rate: read its "a" as "per"
            text = f"per {span[1:].text}" if is_rate(span[0]) else span.text
            yield Found(span, normalise(text, published, direction))
            continue
        first, second = parts
        left = normalise(_with_year_of(first, second), published, direction)
        right = normalise(_completed(first, second), published, direction)
        yield Found(first, left)
        yield Found(second, right)
        if left.value and right.value and left.type == right.type == "DATE":
            whole = doc[_opener_start(span) : span.end]
            anchor = "absolute" if left.anchor == right.anchor == "absolute" else "publication"
            value = f"{left.value}/{right.value}"
            yield Found(whole, Reading("DATE", value, "range", anchor))


def _range_parts(span: Span) -> tuple[Span, Span] | None:
    """The two ends of a span written as a range, or None."""
    if NUMERIC_DATE.fullmatch(span.text):
        return None
    for token in span[1:-1]:
        if token.lower_ in _CONNECTORS:
            first, second = span.doc[span.start : token.i], span.doc[token.i + 1 : span.end]
            if token.lower_ == "and" and span.doc[span.start - 1 : span.start].text.lower() != "between":
                return None
            if _has_digit_or_name(first) and _has_digit_or_name(second):
                return first, second
    return None


def _has_digit_or_name(span: Span) -> bool:
    return any(t.like_num or t.tag_ == "NNP" for t in span)


def _completed(first: Span, second: Span) -> str:
    """The second end, with the month it shares with the first: "24-26" -> "February 26"."""
    if second[0].text.isdigit() and len(second[0].text) <= 2 and not any(_is_month(t) for t in second):
        return " ".join([t.text for t in first if _is_month(t)] + [second.text])
    return second.text


def _is_month(token: Token) -> bool:
    return token.lower_.rstrip(".") in MONTHS


def _with_year_of(first: Span, second: Span) -> str:
    """The first end, with the year written only after the second: "February 24-26, 2022"."""
    years = [t.text for t in second if t.like_num and len(t.text) == 4]
    if years and not any(t.like_num and len(t.text) == 4 for t in first):
        return f"{first.text} {years[-1]}"
    return first.text


def _opener_start(span: Span) -> int:
    previous = span.start - 1
    return previous if previous >= 0 and span.doc[previous].lower_ in _OPENERS else span.start
