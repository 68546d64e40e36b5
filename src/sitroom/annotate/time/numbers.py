"""Reading a number written in digits, words or both ("300,000", "three", "1.5 million")."""

from __future__ import annotations

import math
import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a": 1, "an": 1, "dozen": 12, "couple": 2, "half": 0.5,
}  # fmt: skip
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000,
    "mln": 1_000_000, "dozen": 12,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip

# Digits with optional thousands separators and decimals; anchored and without nested repeats.
_DIGITS = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")


class NumberOverflow(ValueError):
    """A number too large to be a finite float."""


def digits_value(word: str) -> float | None:
    """The value of a digit string ("300,000", "1.5"), or None when it is not one."""
    if not _DIGITS.fullmatch(word):
        return None
    value = float(word.replace(",", ""))
    if not math.isfinite(value):
        raise NumberOverflow(word)
    return value


def ordinal_day(word: str) -> int | None:
    """1..31 for "24th", "1st", "third"; None otherwise."""
    match = _ORDINAL.fullmatch(word.lower())
    value = int(match.group(1)) if match else ORDINAL_WORDS.get(word.lower())
    return value if value is not None and 1 <= value <= 31 else None


def is_number_word(word: str) -> bool:
    """Whether a token is written as a number, without computing (or overflowing) its value."""
    lowered = word.lower()
    if _DIGITS.fullmatch(lowered) or lowered in UNITS or lowered in SCALES:
        return True
    head, dash, tail = lowered.partition("-")
    return bool(dash) and head in UNITS and tail in UNITS


def word_value(word: str) -> float | None:
    """The value of one token: digits, a number word, or a hyphenated word ("twenty-five")."""
    lowered = word.lower()
    value = digits_value(lowered)
    if value is not None:
        return value
    if lowered in UNITS:
        return float(UNITS[lowered])
    if lowered in SCALES:
        return float(SCALES[lowered])
    head, dash, tail = lowered.partition("-")
    if dash and head in UNITS and tail in UNITS and UNITS[head] >= 20 and UNITS[tail] < 10:
        return float(UNITS[head] + UNITS[tail])
    return None


def parse_number(words: list[str]) -> float | None:
    """The value of a run of number tokens ("1.5 million", "three hundred thousand"), else None.

    Raises NumberOverflow when the result is not a finite float.
    """
    total = 0.0
    current: float | None = None
    for word in words:
        lowered = word.lower()
        if lowered in SCALES and current is not None:
            scale = SCALES[lowered]
            if scale >= 1000:
                total += current * scale
                current = None
            else:
                current *= scale
            continue
        value = word_value(lowered)
        if value is None or (lowered in {"a", "an"} and (current is not None or total)):
            return None  # "15 a year" is a rate, not sixteen years
        current = value if current is None else current + value
    result = total + (current or 0.0)
    if not math.isfinite(result):
        raise NumberOverflow(" ".join(words))
    return result if (current is not None or total) else None
