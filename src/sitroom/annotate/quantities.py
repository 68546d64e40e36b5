"""Component ``sitroom_quantities``: numbers with their bounds, unit, counted noun and owner.

"Russia has mobilised at least 500,000 soldiers" gives low 500,000, high None, qualifier at_least,
counted "soldier", and owner the entity of the mention "Russia" when it is already resolved. Vague
amounts ("tens of thousands", "several dozen") become ranges. Dates, times, durations, ordinals and
years are the time component's: tokens inside temporal expressions are skipped here. The grammar's
vocabulary is the tables below.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.annotate.context import annotations_of, declare
from sitroom.annotate.ids import unique_records
from sitroom.annotate.syntax import SUBJECTS
from sitroom.annotate.time.lexicon import UNITS as TIME_UNITS
from sitroom.annotate.time.numbers import SCALES, NumberOverflow, is_number_word, parse_number
from sitroom.annotate.time.spans import time_spans
from sitroom.annotate.time.tense import governing_verb
from sitroom.records import Mention, Quantity, stable_id

log = logging.getLogger(__name__)

# Words before a number, longest first when matched: qualifier name and which bound the number sets.
QUALIFIERS: dict[tuple[str, ...], tuple[str, str]] = {
    ("at", "least"): ("at_least", "low"), ("no", "fewer", "than"): ("at_least", "low"),
    ("no", "less", "than"): ("at_least", "low"), ("a", "minimum", "of"): ("at_least", "low"),
    ("more", "than"): ("more_than", "low"), ("over",): ("more_than", "low"),
    ("upwards", "of"): ("more_than", "low"), ("in", "excess", "of"): ("more_than", "low"),
    ("above",): ("more_than", "low"), ("up", "to"): ("up_to", "high"),
    ("as", "many", "as"): ("up_to", "high"), ("as", "much", "as"): ("up_to", "high"),
    ("at", "most"): ("up_to", "high"), ("a", "maximum", "of"): ("up_to", "high"),
    ("fewer", "than"): ("less_than", "high"), ("less", "than"): ("less_than", "high"),
    ("under",): ("less_than", "high"), ("below",): ("less_than", "high"),
    ("about",): ("about", "both"), ("around",): ("about", "both"),
    ("approximately",): ("about", "both"), ("roughly",): ("about", "both"),
    ("some",): ("about", "both"), ("an", "estimated"): ("about", "both"),
    ("estimated",): ("about", "both"), ("circa",): ("about", "both"),
    ("nearly",): ("nearly", "both"), ("almost",): ("nearly", "both"),
    ("close", "to"): ("nearly", "both"), ("exactly",): ("exactly", "both"),
}  # fmt: skip
# Units after a number, as written (lower case, dots dropped) -> normalised unit.
UNIT_WORDS: dict[tuple[str, ...], str] = {
    ("square", "kilometres"): "km2", ("square", "kilometers"): "km2",
    ("square", "kilometre"): "km2", ("square", "kilometer"): "km2", ("sq", "km"): "km2",
    ("km2",): "km2", ("km²",): "km2", ("km", "²"): "km2", ("square", "miles"): "mi2",
    ("square", "mile"): "mi2", ("sq", "mi"): "mi2",
    ("kilometres",): "km", ("kilometers",): "km", ("kilometre",): "km", ("kilometer",): "km",
    ("km",): "km", ("miles",): "mi", ("mile",): "mi", ("metres",): "m", ("meters",): "m",
    ("metre",): "m", ("meter",): "m", ("percent",): "percent", ("per", "cent"): "percent",
    ("%",): "percent", ("percentage", "points"): "percentage_point", ("tonnes",): "tonne",
    ("tonne",): "tonne", ("tons",): "tonne", ("ton",): "tonne", ("metric", "tons"): "tonne",
    ("hectares",): "ha", ("kg",): "kg", ("kilograms",): "kg", ("mm",): "mm", ("dollars",): "USD",
    ("euros",): "EUR", ("hryvnias",): "UAH", ("roubles",): "RUB", ("rubles",): "RUB",
    ("times",): "times", ("fold",): "times",
}  # fmt: skip
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
# Plural scale words of a vague amount: "hundreds of" is at least 200 and under 1,000.
VAGUE_PLURALS = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
                 "millions": 1_000_000, "billions": 1_000_000_000}  # fmt: skip
# Vague counts before a scale word: "several dozen" is 3 to 9 dozen.
VAGUE_COUNTS = {"several": (3, 9), "few": (2, 5), "couple": (2, 2), "many": (5, 99)}
RANGE_WORDS = frozenset({"to", "-", "–", "—", "or"})
# Fractions, written after a count ("two-thirds", "a fifth"): their denominators.
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
             "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}  # fmt: skip
# Words that count nobody: "no one was killed", "nobody was hurt", "none of the soldiers". "No" before a
# plural noun that is a subject counts none of it: "no civilians were killed".
NOBODY = frozenset({"nobody", "noone", "no-one"})
NONE_WORDS = frozenset({"none"})
# "Not a single soldier was killed", "not one civilian was hurt": the words after "not" that, before a
# noun that is a subject, count none of it.
NOT_ONE = (("a", "single"), ("one",))
ZERO_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# What a word that counts nobody counts, as a counted noun's lemma.
PERSON = "person"
# Words between a number and the noun it counts: "500,000 more Russian soldiers".
_SKIPPABLE = frozenset({"of", "the", "more", "additional", "extra", "other", "new", "fewer", "less"})
_LONGEST_QUALIFIER = max(map(len, QUALIFIERS))
_LONGEST_UNIT = max(map(len, UNIT_WORDS))


@dataclass(slots=True)
class _Reading:
    start: int  # token index where the quantity's text begins
    end: int  # token index after its last number or unit token
    low: float | None
    high: float | None
    qualifier: str | None = None
    unit: str | None = None
    nobody: bool = False  # "no one", "nobody": zero people


# The owner of a count is the entity of its mention once the entities component has resolved it.
declare("sitroom_quantities", reads=("mentions",), assigns=("quantities",))


@Language.factory("sitroom_quantities")
def make_quantities(nlp: Language, name: str) -> QuantityComponent:
    return QuantityComponent()


class QuantityComponent:
    def __call__(self, doc: Doc) -> Doc:
        annotations = annotations_of(doc)
        taken = {i for span in time_spans(doc) for i in range(span.start, span.end)}
        # Mentions by the tokens they cover, so finding an owner costs no scan of all mentions.
        mention_at = {
            token.i: mention
            for mention in annotations.mentions
            for token in doc.char_span(mention.start, mention.end, alignment_mode="expand") or ()
        }
        quantities: list[Quantity] = []
        index = 0
        while index < len(doc):
            try:
                reading = _read(doc, index, taken)
            except NumberOverflow:
                # Kept as evidence with a note and no value: an overflowing number is never stored as inf.
                end_token = _number_end(doc, index)
                rejected = _quantity(annotations.doc, doc[index:end_token], low=None, high=None,
                                     note="rejected: the number is too large to represent")  # fmt: skip
                log.warning("%s: number at character %d rejected: too large for a float",
                            annotations.doc, rejected.start)  # fmt: skip
                quantities.append(rejected)
                index = end_token
                continue
            if reading is None:
                index += 1
                continue
            counted = None if reading.nobody else _counted(doc, reading)
            if counted is None or counted.lemma_.lower() not in _TIME_WORDS:
                noun = PERSON if reading.nobody else counted.lemma_.lower() if counted is not None else None
                quantities.append(
                    _quantity(
                        annotations.doc,
                        doc[reading.start : reading.end],
                        low=reading.low,
                        high=reading.high,
                        unit=reading.unit,
                        counted=noun,
                        qualifier=reading.qualifier,
                        owner=_owner(doc, reading, counted, mention_at),
                    )
                )
            index = reading.end
        annotations.quantities.extend(unique_records(quantities))
        return doc


_TIME_WORDS = frozenset(TIME_UNITS) | {"year", "old"}


def _quantity(doc_id: str, span: Span, **values: Any) -> Quantity:
    start, end = span.start_char, span.end_char
    return Quantity(id=stable_id("qty", doc_id, start, end), doc=doc_id, start=start, end=end, text=span.text,
                    **values)  # fmt: skip


# ------------------------------------------------------------------------------------- the number


def _is_number_word(token: Token) -> bool:
    lower = token.lower_
    if lower in {"a", "an"}:
        return False
    return is_number_word(lower) and token.pos_ in {"NUM", "NOUN", "X", "PROPN", "ADJ"}


def _number_end(doc: Doc, index: int) -> int:
    end = index
    while end < len(doc) and (_is_number_word(doc[end]) or (end > index and doc[end].lower_ in SCALES)):
        end += 1
    return max(end, index + 1)


def _core(doc: Doc, index: int, taken: set[int]) -> tuple[int, float, float, bool] | None:
    """(end, low, high, vague) of the number starting at ``index``, or None."""
    token = doc[index]
    if index in taken:
        return None
    lower = token.lower_
    if lower in VAGUE_PLURALS:
        scale, end = VAGUE_PLURALS[lower], index + 1
        while end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in VAGUE_PLURALS:
            scale *= VAGUE_PLURALS[doc[end + 1].lower_]
            end += 2
        return end, 2.0 * scale, 10.0 * scale, True
    if lower in VAGUE_COUNTS and index + 1 < len(doc) and doc[index + 1].lower_ in SCALES:
        low, high = VAGUE_COUNTS[lower]
        scale = SCALES[doc[index + 1].lower_]
        return index + 2, float(low * scale), float(high * scale), True
    following = [t.lower_ for t in doc[index + 1 : index + 3]]
    if lower == "half" and len(following) == 2 and following[0] in {"a", "an"} and following[1] in SCALES:
        half = SCALES[following[1]] / 2  # "half a million"
        return index + 3, half, half, False
    fraction = _fraction(doc, index, taken)
    if fraction is not None:
        return fraction
    if lower in {"a", "an"} and index + 1 < len(doc) and doc[index + 1].lower_ in SCALES:
        start_words = [lower]
        end = index + 1
    elif _is_number_word(token) and not (
        _is_pronoun_one(doc, index) or _is_year(doc, index) or _is_list_marker(doc, index)
    ):
        start_words, end = [], index
    else:
        return None
    while end < len(doc) and end not in taken and (_is_number_word(doc[end]) or doc[end].lower_ in SCALES):
        end += 1
    value = parse_number(start_words + [t.lower_ for t in doc[index + len(start_words) : end]])
    if value is None or end == index:
        return None
    return end, value, value, False


def _fraction(doc: Doc, index: int, taken: set[int]) -> tuple[int, float, float, bool] | None:
    """ "two-thirds", "a fifth", "half" (of something): the share as a number below one."""
    lower = doc[index].lower_
    if lower == "half" and index + 1 < len(doc) and doc[index + 1].lower_ == "of":
        return index + 1, 0.5, 0.5, False  # "half of the battalion": "half" is in FRACTIONS
    at = index + 1 + (index + 2 < len(doc) and doc[index + 1].text == "-")
    if at >= len(doc) or at in taken or doc[at].lower_ not in FRACTIONS:
        return None
    count = (
        1.0
        if lower in {"a", "an", "one"}
        else (parse_number([lower]) if _is_number_word(doc[index]) else None)
    )
    if count is None:
        return None
    share = count / FRACTIONS[doc[at].lower_]
    return at + 1, share, share, False


def _is_list_marker(doc: Doc, index: int) -> bool:
    """ "1. Luhansk." at the start of a line numbers a list item."""
    following = doc[index + 1].text if index + 1 < len(doc) else ""
    line_start = index == 0 or "\n" in doc[index - 1].text_with_ws
    return line_start and following in {".", ")"}


def _is_pronoun_one(doc: Doc, index: int) -> bool:
    """ "one of them", "no one": a pronoun, not a count."""
    token = doc[index]
    following = doc[index + 1].lower_ if index + 1 < len(doc) else ""
    return token.lower_ == "one" and (following == "of" or token.pos_ != "NUM")


def _is_year(doc: Doc, index: int) -> bool:
    text = doc[index].text
    return (
        text.isdigit() and len(text) == 4 and 1800 <= int(text) <= 2100 and doc[index].ent_type_ != "CARDINAL"
    )


def _zero(doc: Doc, index: int, taken: set[int]) -> _Reading | None:
    """ "no one", "nobody", "none of the soldiers", "no civilians were killed": a count of zero."""
    token = doc[index]
    lower = token.lower_
    if index in taken:
        return None
    if lower in NOBODY:
        return _Reading(index, index + 1, 0.0, 0.0, nobody=True)
    if lower == "no" and index + 1 < len(doc) and doc[index + 1].lower_ == "one":
        return _Reading(index, index + 2, 0.0, 0.0, nobody=True)
    if lower in NONE_WORDS:
        return _Reading(index, index + 1, 0.0, 0.0)
    counted = token.head
    if (
        lower == "no"
        and token.dep_ == "det"
        and counted.tag_ == "NNS"
        and counted.dep_ in ZERO_SUBJECTS
        and all(t.pos_ in {"ADJ", "NOUN"} for t in doc[index + 1 : counted.i])
    ):
        return _Reading(index, index + 1, 0.0, 0.0)
    if lower == "not":
        return _not_one(doc, index)
    return None


def _not_one(doc: Doc, index: int) -> _Reading | None:
    """ "not a single soldier was killed": zero, when the noun it counts is a subject."""
    for words in NOT_ONE:
        end = index + 1 + len(words)
        if tuple(t.lower_ for t in doc[index + 1 : end]) != words:
            continue
        noun = next((t for t in doc[end : end + 3] if t.pos_ == "NOUN"), None)
        if (
            noun is not None
            and noun.dep_ in ZERO_SUBJECTS
            and all(t.pos_ == "ADJ" for t in doc[end : noun.i])
        ):
            return _Reading(index, end, 0.0, 0.0)
    return None


def _read(doc: Doc, index: int, taken: set[int]) -> _Reading | None:
    zero = _zero(doc, index, taken)
    if zero is not None:
        return zero
    currency = CURRENCY_SYMBOLS.get(doc[index].lower_)
    number_at = index + 1 if currency else index
    if number_at >= len(doc):
        return None
    core = _core(doc, number_at, taken)
    if core is None:
        return None
    end, low, high, vague = core
    unit = "fraction" if high < 1 and doc[end - 1].lower_ in FRACTIONS else currency
    reading = _Reading(index, end, low, high, "vague" if vague else None, unit)
    _read_range(doc, reading, taken)
    if reading.unit is None:
        reading.unit, reading.end = _unit(doc, reading.end)
    _read_qualifier(doc, reading)
    return reading


def _read_range(doc: Doc, reading: _Reading, taken: set[int]) -> None:
    """ "20 to 30", "between 5 and 10", "20-30 km": the second number sets the high bound."""
    at = reading.end
    between = reading.start > 0 and doc[reading.start - 1].lower_ in {"between", "from"}
    if at + 1 >= len(doc) or not (doc[at].lower_ in RANGE_WORDS or (between and doc[at].lower_ == "and")):
        return
    second = _core(doc, at + 1, taken)
    if second is None:
        return
    end, _, high, _ = second
    first_scaled = any(doc[i].lower_ in SCALES for i in range(reading.start, reading.end))
    second_scales = [SCALES[doc[i].lower_] for i in range(at + 1, end) if doc[i].lower_ in SCALES]
    low = reading.low
    if low is not None and second_scales and not first_scaled:
        low *= second_scales[-1]  # "between 1 and 1.5 million": the scale is written once
    if low is None or low > high:
        return
    reading.low, reading.high, reading.end = low, high, end
    if between:
        reading.start -= 1


def _unit(doc: Doc, at: int) -> tuple[str | None, int]:
    words = [t.lower_.rstrip(".") for t in doc[at : at + _LONGEST_UNIT]]
    for width in range(len(words), 0, -1):
        unit = UNIT_WORDS.get(tuple(words[:width]))
        if unit is not None:
            return unit, at + width
    return None, at


def _read_qualifier(doc: Doc, reading: _Reading) -> None:
    if doc[reading.start].lower_ == "between":
        return
    before = [t.lower_ for t in doc[max(0, reading.start - _LONGEST_QUALIFIER) : reading.start]]
    for width in range(len(before), 0, -1):
        found = QUALIFIERS.get(tuple(before[-width:]))
        if found is None:
            continue
        name, bound = found
        reading.start -= width
        reading.qualifier = name
        if reading.low == reading.high:  # a bound on one number; on a range it only qualifies
            if bound == "low":
                reading.high = None
            elif bound == "high":
                reading.low = None
        return


# ------------------------------------------------------------------------------- what and whose


def _counted(doc: Doc, reading: _Reading) -> Token | None:
    """The noun the number counts: the first head noun after it, past adjectives and "of"."""
    at = reading.end
    measure = reading.unit is not None and reading.unit != "times"
    if measure and (at >= len(doc) or doc[at].lower_ != "of"):
        return None  # "30 km" measures; "30 km of road" measures road
    for token in doc[at : at + 6]:
        lower = token.lower_
        if lower in _SKIPPABLE or token.pos_ in {"ADJ", "DET"} or token.dep_ in {"compound", "amod", "poss"}:
            continue
        if token.pos_ == "NOUN":
            return token
        return None
    return None


def _owner(doc: Doc, reading: _Reading, counted: Token | None, mention_at: dict[int, Mention]) -> str | None:
    """The entity of the mention that has the quantity: a possessor, else the clause's subject."""
    anchor = counted if counted is not None else doc[reading.end - 1]
    holders = [child for child in anchor.children if child.dep_ == "poss"]
    verb = governing_verb(anchor)
    if not holders and verb is not None:
        holders = [child for child in verb.children if child.dep_ in SUBJECTS]
    for holder in holders:
        if holder.i in mention_at:
            return mention_at[holder.i].entity
    return None
