"""Where the temporal expressions are: spaCy's DATE/TIME entities, trimmed, plus lexical seeds.

The NER finds most dates and durations; the seeds add what it misses in news text ("now",
"yesterday", a bare weekday or month) and grow over the words that belong with them ("last
Thursday", "February 24, 2023"). Each token is looked at a bounded number of times: linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.time import lexicon as lx
from sitroom.annotate.time.numbers import ordinal_day

TIME_LABELS = frozenset({"DATE", "TIME"})
# ISO and US numeric dates; the tokenizer splits the first into five tokens.
NUMERIC_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})")
# Words that make a token a seed by themselves, whatever its tag.
# Chosen on the TBAQ and MEANTIME dev sets: "previously", "soon", "quarterly" and "annual" cost
# more precision there than they add recall.
_SEED_WORDS = frozenset(lx.DEICTIC_DAYS) | {
    "now", "currently", "recently", "nowadays", "midnight", "noon", "midday",
}  # fmt: skip
# Adjectives and adverbs that TimeML annotates: "the current crisis", "daily shelling".
_SEED_ADJECTIVES = frozenset({"current", "recent", "daily", "weekly", "monthly", "annually"})
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
# Words a seed may absorb on its left and right.
_LEFT = frozenset({
    "last", "next", "this", "early", "late", "mid", "the", "previous", "coming", "past", "every",
    "each", "earlier", "later", "near", "distant",
})  # fmt: skip
_RIGHT_WORDS = (
    frozenset(lx.DAY_PARTS) | frozenset(lx.UNITS) | frozenset(lx.WEEKDAYS)
    | {",", "ago", "earlier", "later", "a.m.", "p.m.", "am", "pm", "utc", "gmt"}
)  # fmt: skip
_MAX_SEED_WIDTH = 8
# Leading or trailing words the NER keeps but TimeML leaves out.
_EDGE_DROP = frozenset({
    ",", "'s", "’s", "-", "and", "or", "to", "through", "until", "from", "on", "in", "between",
})  # fmt: skip


def time_spans(doc: Doc) -> list[Span]:
    """Non-overlapping candidate spans, in text order."""
    spans = [part for span in _ner_spans(doc) for part in _split_at_verbs(span)]
    spans = [span for span in spans if any(_is_time_word(t) for t in span)]
    covered = {i for span in spans for i in range(span.start, span.end)}
    for seed in _seed_spans(doc, covered):
        spans.append(seed)
        covered.update(range(seed.start, seed.end))
    return _joined(doc, sorted(spans, key=lambda span: span.start), covered)


def _ner_spans(doc: Doc) -> Iterator[Span]:
    for ent in doc.ents:
        if ent.label_ not in TIME_LABELS or any(t.lower_ in lx.NOT_TIME for t in _around(ent)):
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ in _EDGE_DROP:
            start += 1
        while end > start and doc[end - 1].lower_ in _EDGE_DROP:
            end -= 1
        while start > 0 and doc[start - 1].lower_ in {"every", "each"}:
            start -= 1  # "every Monday": the NER leaves out what makes it a set
        if end > start:  # "between 5" (a DATE to the NER) has no word of time and is dropped later
            yield doc[start:end]


def _split_at_verbs(span: Span) -> Iterator[Span]:
    """ "the fourth quarter ended Aug. 26" is two expressions, as TimeML has it."""
    start = span.start
    for token in span:
        if token.pos_ == "VERB" and token.dep_ not in {
            "amod",
            "compound",
        }:  # not "the coming weeks"
            if token.i > start:
                yield span.doc[start : token.i]
            start = token.i + 1
    if start < span.end:
        yield span.doc[start : span.end]


def _joined(doc: Doc, spans: list[Span], covered: set[int]) -> list[Span]:
    """Adjacent pieces of one expression: "Thursday" + "night", "February 24" + ", 2022"."""
    joined: list[Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if previous is not None and (
            span.start == previous.end
            or (span.start == previous.end + 1 and doc[previous.end].text == "-")
            or (span.start == previous.end + 1 and doc[previous.end].text == ","
                and _is_year_span(span) and _ends_in_day(previous))
        ):  # fmt: skip
            joined[-1] = doc[previous.start : span.end]
        else:
            joined.append(span)
    return [_with_year(doc, span, covered) for span in joined]


def _with_year(doc: Doc, span: Span, covered: set[int]) -> Span:
    year_at = span.end + 1
    if (
        year_at < len(doc) and doc[span.end].text == "," and year_at not in covered
        and _is_year(doc[year_at]) and _ends_in_day(span)
    ):  # fmt: skip
        return doc[span.start : year_at + 1]
    return span


def _is_year_span(span: Span) -> bool:
    return len(span) == 1 and _is_year(span[0])


def _is_year(token: Token) -> bool:
    return token.text.isdigit() and len(token.text) == 4


def _ends_in_day(span: Span) -> bool:
    last = span[-1].lower_
    return last.isdigit() and len(last) <= 2 and any(t.lower_.rstrip(".") in lx.MONTHS for t in span)


def _around(span: Span) -> list[Token]:
    """The span and the word after it: "63 years old" is an age, not a duration."""
    doc = span.doc
    return list(span) + ([doc[span.end]] if span.end < len(doc) else [])


# Every word that can make a span temporal, for checking the NER's spans.
_TIME_VOCABULARY = (
    frozenset(lx.MONTHS) | frozenset(lx.WEEKDAYS) | frozenset(lx.SEASONS) | frozenset(lx.DAY_PARTS)
    | frozenset(lx.REFERENCES) | frozenset(lx.DEICTIC_DAYS) | frozenset(lx.SET_ADVERBS)
    | frozenset(lx.UNITS) | {f"{unit}s" for unit in lx.UNITS}
    | {"centuries", "ago", "noon", "midday", "midnight", "a.m.", "p.m.", "am", "pm", "half"}
)  # fmt: skip
_TIME_SHAPES = re.compile(r"\d{4}|\d{3}0s|'\d0s|\d{1,2}:\d{2}|\d{1,2}(?:st|nd|rd|th)")


def _is_time_word(token: Token) -> bool:
    lower = token.lower_
    if NUMERIC_DATE.fullmatch(lower):
        return True
    # "mid-2011", "five-year": any piece of a hyphenated word will do
    return any(
        part in _TIME_VOCABULARY or part.rstrip(".") in _TIME_VOCABULARY or _TIME_SHAPES.fullmatch(part)
        for part in lower.split("-")
    )


def _is_seed(token: Token) -> bool:
    lower = token.lower_.rstrip(".")
    if lower in _SEED_WORDS or NUMERIC_DATE.fullmatch(token.text) or _CLOCK.fullmatch(lower):
        return True
    if lower in _SEED_ADJECTIVES:
        return token.tag_ in {"JJ", "RB"}
    if lower in {"future", "past"}:  # "the future", "in the past"; "past week" is the NER's
        return token.pos_ == "NOUN"
    if lower in {"every", "each"} and token.i + 1 < len(token.doc):
        following = token.doc[token.i + 1].lower_
        return following in lx.WEEKDAYS or following in lx.UNITS or following in lx.DAY_PARTS
    if is_rate(token):
        return True
    if _is_day_of_month(token):
        return True
    if token.tag_ in {"NNP", "NNPS"} and (lower in lx.WEEKDAYS or lower in lx.MONTHS):
        # "Sun" and "Mar" are names more often, unless a day follows: "Feb 2"
        after = token.doc[token.i + 1].text if token.i + 1 < len(token.doc) else ""
        day_follows = after.isdigit() and len(after) <= 2
        return len(lower) > 3 or token.text.endswith(".") or day_follows
    return False


_DAY_PREPOSITIONS = frozenset({"on", "by", "since", "until", "till", "from", "before", "after"})


def _is_day_of_month(token: Token) -> bool:
    """ "on the 10th": a bare ordinal after "the" and a preposition, when no noun follows it ("on the
    10th floor", "by the 3rd Brigade" are not days)."""
    doc = token.doc
    if token.i < 2 or not token.lower_[:1].isdigit() or ordinal_day(token.lower_) is None:
        return False
    if doc[token.i - 1].lower_ != "the" or doc[token.i - 2].lower_ not in _DAY_PREPOSITIONS:
        return False
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return following is None or following.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM"}


def _seed_spans(doc: Doc, covered: set[int]) -> Iterator[Span]:
    for token in doc:
        if token.i in covered or not _is_seed(token):
            continue
        start = token.i
        while (
            token.lower_ not in _SEED_ADJECTIVES  # "the recent talks": the article is not time
            and start > 0
            and token.i - start < _MAX_SEED_WIDTH
            and _joins_left(doc[start - 1], covered)
        ):
            start -= 1
        end = token.i + 1
        while end < len(doc) and end - start < _MAX_SEED_WIDTH and _joins_right(doc[end], covered):
            end += 1
        while end > token.i + 1 and doc[end - 1].lower_ == ",":
            end -= 1
        yield doc[start:end]


def _joins_left(token: Token, covered: set[int]) -> bool:
    if token.i in covered:
        return False
    lower = token.lower_.rstrip(".")
    return lower in _LEFT or (lower in lx.WEEKDAYS and token.tag_ == "NNP")


def _joins_right(token: Token, covered: set[int]) -> bool:
    if token.i in covered:
        return False
    lower = token.lower_.rstrip(".")
    if lower in _RIGHT_WORDS or (lower in lx.MONTHS and token.tag_ == "NNP"):
        return True
    if token.like_num and lower.isdigit():
        return len(lower) == 4 or 1 <= int(lower) <= 31
    return ordinal_day(lower) is not None and lower[:1].isdigit()


def is_rate(token: Token) -> bool:
    """ "per month", or "a month" after an amount ("$500 a month"): the seed of a set."""
    doc = token.doc
    if token.lower_ not in {"a", "an", "per"} or token.i + 1 >= len(doc):
        return False
    if doc[token.i + 1].lower_ not in lx.UNITS:
        return False
    if doc[token.i + 2 : token.i + 3].text.lower() in lx.BACKWARD_WORDS:
        return False  # "to 7% a year ago" looks back, it is no rate
    return token.lower_ == "per" or any(t.like_num for t in doc[max(0, token.i - 2) : token.i])
