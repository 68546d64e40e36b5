"""Document language, with lingua restricted to the languages this news comes in.

Declared versus detected: a declared language (a JSONL ``language`` field) is kept unless detection
disagrees confidently (confidence >= OVERRIDE_CONFIDENCE on at least OVERRIDE_LETTERS letters).
Declarations are often a site- or feed-wide default (an English feed carrying a Ukrainian
statement), while on a paragraph of text the detector is rarely wrong; on less text the
declaration is the better bet. Without a declaration, a short text is given a language only when
the detector is very confident. Texts with fewer than MIN_LETTERS letters get no detected language.
"""

from __future__ import annotations

import functools

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_LANGUAGES = (
    Language.ENGLISH, Language.UKRAINIAN, Language.RUSSIAN, Language.GERMAN, Language.FRENCH,
    Language.SPANISH, Language.ITALIAN, Language.POLISH, Language.PORTUGUESE, Language.DUTCH,
    Language.TURKISH, Language.ARABIC,
)  # fmt: skip

SAMPLE_CHARS = 2000  # plenty for a reliable guess, and keeps detection time flat
MIN_LETTERS = 20
OVERRIDE_LETTERS = 100  # about two sentences
OVERRIDE_CONFIDENCE = 0.9
SHORT_TEXT_LETTERS = 300
UNDECLARED_CONFIDENCE = 0.5
ASCII_SHARE_FOR_ENGLISH = 0.9


@functools.cache
def _detector(short: bool) -> LanguageDetector:
    builder = LanguageDetectorBuilder.from_languages(*_LANGUAGES)
    if short:
        # Trigrams alone misread a short English sentence full of transliterated names as Polish;
        # the full model is slower but only ever sees a few words here.
        return builder.build()
    # Low accuracy mode uses trigrams only: several times faster, and still reliable on a paragraph.
    return builder.with_low_accuracy_mode().build()


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _detect(sample: str) -> tuple[str, float] | None:
    if _letters(sample) < MIN_LETTERS:
        return None
    values = _detector(_letters(sample) < SHORT_TEXT_LETTERS).compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return None  # a script none of the languages uses
    return values[0].language.iso_code_639_1.name.lower(), values[0].value


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; None for a too short text or another script."""
    found = _detect(text[:SAMPLE_CHARS])
    return found[0] if found else None


def choose_language(declared: str | None, text: str) -> str | None:
    """The declared language unless detection confidently disagrees (see the module doc)."""
    sample = text[:SAMPLE_CHARS]
    found = _detect(sample)
    if found is None:
        return declared
    detected, confidence = found
    if declared is None:
        # Better no language (is_english then judges by script) than a doubtful guess.
        return detected if confidence >= UNDECLARED_CONFIDENCE else None
    if detected != declared and confidence >= OVERRIDE_CONFIDENCE and _letters(sample) >= OVERRIDE_LETTERS:
        return detected
    return declared


def is_english(language: str | None, text: str) -> bool:
    """English when so detected or declared; a text too short to tell counts as English if its
    letters are (nearly) all ASCII, so a terse English item still reaches the English pipeline."""
    if language is not None:
        return language == "en"
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) >= ASCII_SHARE_FOR_ENGLISH * len(letters)


def normalise_language_tag(tag: str | None) -> str | None:
    """ "en", "EN", "en-US", "en_GB" -> "en"; anything that is not a two-letter code -> None."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if len(primary) == 2 and primary.isalpha() and primary.isascii() else None
