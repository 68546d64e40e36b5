"""Temporal expressions of a parsed document, each with its span and normalised reading.

A candidate that joins two dates ("from February 24 to March 3", "February 24-26") yields both ends,
as TimeML annotates them, and one range reading over the whole, valued as an ISO 8601 interval.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.time.lexicon import MONTHS
from sitroom.annotate.time.normalise import Reading, normalise
from sitroom.annotate.time.spans import NUMERIC_DATE, is_rate, time_spans
from sitroom.annotate.time.tense import direction_of

_CONNECTORS = frozenset({"to", "through", "until", "till", "and", "-", "–", "—"})
_OPENERS = frozenset({"from", "between"})


@dataclass(frozen=True, slots=True)
class Found:
    span: Span
    reading: Reading


def find_timexes(doc: Doc, published: date | None) -> Iterator[Found]:
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
