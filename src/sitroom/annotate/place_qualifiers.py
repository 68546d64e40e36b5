"""What the words around a toponym say about which place it is: a region cue ("upstate New York"), a
settlement noun ("the village of X"), and a qualifier that locates it ("Izium in the Kharkiv region",
"Lyman, Donetsk"), for ``sitroom.resolve.gazetteer.disambiguate``; and the region each name of a list
before a plural region noun stands for ("Walton and Oconee counties").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.place_rules import load_place_rules
from sitroom.resolve.gazetteer import Toponym, fold, split_region_form

# "upstate New York", "New York state": the region, not its namesake city.
REGION_CUES_BEFORE = re.compile(r"\b(upstate|downstate)\s+$", re.IGNORECASE)
REGION_CUES_AFTER = re.compile(r"^\s+state\b(?!\s+(university|college))", re.IGNORECASE)
# What may stand between a toponym and the larger place that locates it: "X, Y", "X in (the) Y".
QUALIFIER_GAP = re.compile(r"^\s*(,|,?\s+(in|near|of)(\s+the)?)\s*$", re.IGNORECASE)


def toponym_of(text: str, span: Span) -> Toponym:
    before = text[max(0, span.start_char - 20) : span.start_char]
    after = text[span.end_char : span.end_char + 20]
    region = bool(REGION_CUES_BEFORE.search(before) or REGION_CUES_AFTER.match(after))
    settlement = load_place_rules().settlement_before.search(before)
    return Toponym(text=span.text, city_only=bool(settlement), region_only=region)


LIST_JOINS = frozenset({",", "and", "or", "&"})
MAX_NAME = 3  # words of one name in such a list: "Otter Tail", "Pointe Coupee"


def listed_regions(doc: Doc, known: Callable[[str], bool]) -> dict[tuple[int, int], str]:
    """(start, end) of each name of a list before a plural region noun (``list-of`` rows) -> the region
    it names: "Clarke, Madison, Oconee and Oglethorpe counties" names Clarke County and the others, when
    ``known`` (the gazetteer) knows them so. Two names at least: "the Gulf states" is no list."""
    plurals = dict(load_place_rules().plurals)
    found: dict[tuple[int, int], str] = {}
    for token in doc:
        singular = plurals.get(token.lower_)
        if singular is None:
            continue
        names: list[Span] = []
        i = token.i
        while True:
            end = i
            while i > 0 and end - i < MAX_NAME and _name_word(doc[i - 1]):
                i -= 1
            if i == end:
                break
            names.append(doc[i:end])
            if i == 0 or doc[i - 1].lower_ not in LIST_JOINS:
                break
            i -= 1  # "Clarke, Madison", "Walton and Oconee", and the serial comma of "A, B, and C"
            if i > 0 and doc[i].lower_ in LIST_JOINS and doc[i - 1].text == ",":
                i -= 1
        if len(names) < 2:
            continue
        for name in names:
            region = f"{name.text} {singular}"
            if known(region):
                found[(name.start_char, name.end_char)] = region
    return found


def _name_word(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper()


def link_qualifiers(doc: Doc, spans: list[Span], toponyms: list[Toponym]) -> None:
    """Mark "Izium in the Kharkiv region" and "Lyman, Donetsk": the second locates the first."""
    text = doc.text
    sentence_starts: list[int] | None = None  # Span.sent walks the sentences on every access
    for i in range(len(spans) - 1):
        gap = text[spans[i].end_char : spans[i + 1].start_char]
        if not QUALIFIER_GAP.match(gap) or split_region_form(fold(spans[i].text))[1]:
            continue
        if sentence_starts is None:
            sentence_starts = [sentence.start for sentence in doc.sents]
        if bisect_right(sentence_starts, spans[i].start) == bisect_right(sentence_starts, spans[i + 1].start):
            toponyms[i].qualifier = i + 1
            # "Albany, New York": after a town and a comma stands its region, not a namesake city.
            toponyms[i + 1].not_city |= gap.strip() == "," and not toponyms[i + 1].city_only
