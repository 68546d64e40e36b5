"""Latin spellings of a Cyrillic place name, by the tables of ``data/transliteration.yaml``."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitroom.data import load_yaml

TABLES = "data/transliteration.yaml"


@dataclass(frozen=True, slots=True)
class _Rules:
    tables: dict[str, dict[str, str]]
    languages: dict[str, list[str]]
    endings: tuple[tuple[re.Pattern[str], str], ...]
    variants: tuple[dict[str, str], ...]


def tables_digest() -> str:
    """Part of the gazetteer's data version: a change of the tables rebuilds the index."""
    return hashlib.sha256(resources.files("sitroom").joinpath(TABLES).read_bytes()).hexdigest()[:12]


@cache
def _rules() -> _Rules:
    raw = load_yaml(resources.files("sitroom").joinpath(TABLES).read_text(encoding="utf-8"))
    forms = raw["russian_forms"]
    return _Rules(
        tables=raw["tables"],
        languages=raw["languages"],
        endings=tuple((re.compile(pattern), replacement) for pattern, replacement in forms["endings"]),
        variants=tuple(forms["variants"]),
    )


def _romanise(name: str, table: dict[str, str]) -> str:
    out = []
    for ch in name:
        lower = ch.lower()
        if lower in table:
            latin = table[lower]
            out.append(latin[:1].upper() + latin[1:] if ch != lower else latin)
        elif not ("\u0400" <= lower <= "\u04ff"):  # spaces, hyphens, digits stay; signs drop
            out.append(ch)
    return "".join(out)


def russian_forms(ukrainian: str) -> list[str]:
    """The Russian spellings a Ukrainian name may stand for: Кремінна -> Кременная, Кременная."""
    rules = _rules()
    words = []
    for word in re.split(r"(\s+|-)", ukrainian):
        lower = word.lower()
        for pattern, replacement in rules.endings:
            changed = pattern.sub(replacement, lower)
            if changed != lower:
                lower = changed
                break
        words.append(lower if word.islower() else lower[:1].upper() + lower[1:])
    joined = "".join(words)
    forms = []
    for variant in rules.variants:
        form = "".join(_swap(ch, variant) for ch in joined)
        if form not in forms:
            forms.append(form)
    return forms


def _swap(ch: str, letters: dict[str, str]) -> str:
    lower = ch.lower()
    if lower not in letters:
        return ch
    return letters[lower] if ch == lower else letters[lower].upper()


def romanisations(name: str, language: str) -> list[str]:
    """Latin spellings of a Cyrillic name (``language`` "uk" or "ru"), the standard one first.

    A Ukrainian name also yields the romanisations of its Russian forms (Lugansk, Kremennaya).
    """
    rules = _rules()
    spellings = [_romanise(name, rules.tables[t]) for t in rules.languages[language]]
    if language == "uk":
        for form in russian_forms(name):
            spellings.extend(_romanise(form, rules.tables[t]) for t in rules.languages["ru"])
    unique: list[str] = []
    for spelling in spellings:
        if spelling.strip() and spelling not in unique:
            unique.append(spelling)
    return unique
