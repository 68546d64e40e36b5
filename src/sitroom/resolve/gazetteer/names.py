"""Gazetteer keys: case and accent folding, a transliteration skeleton, region forms."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['’ʼ`ʹ‘]")
_SEPARATORS = re.compile(r"[\s\-‐–—_./,]+")
_LEADING_ARTICLE = re.compile(r"^(the)\s+")

# Words that turn a name into a first-level region ("Kharkiv Oblast", "the Kharkiv region").
# Lower-level words (county, district, raion) are left out on purpose: admin2 regions are indexed by
# their full names only ("Kanawha County").
REGION_WORDS = frozenset(
    {
        "oblast",
        "oblasts",
        "obl",  # "Pavlopil, Donetsk Obl.": Ukrainian outlets' abbreviation
        "region",
        "province",
        "state",
        "governorate",
        "krai",
        "kray",
        "okrug",
        "respublika",
    }
)
# Dotted newspaper (AP style) abbreviations of US states and Canadian provinces: "Springfield, Ill.".
# Matched on the exact text only, dot included, so "Miss" or "Wash" never turn into a region.
REGION_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nebr.": "Nebraska", "Nev.": "Nevada",
    "N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
    "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon",
    "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia",
    "Wash.": "Washington", "W.Va.": "West Virginia", "W. Va.": "West Virginia", "Wis.": "Wisconsin",
    "Wisc.": "Wisconsin", "Wyo.": "Wyoming", "D.C.": "District of Columbia",
    "Alta.": "Alberta", "B.C.": "British Columbia", "Man.": "Manitoba", "N.B.": "New Brunswick",
    "N.S.": "Nova Scotia", "Ont.": "Ontario", "Que.": "Quebec", "Sask.": "Saskatchewan",
}  # fmt: skip

# pycountry type words and endings that are not part of the region's core name.
_SUBDIVISION_NOISE = frozenset(
    REGION_WORDS
    | {"avtonomnyy", "avtonomna", "respublika", "autonomous", "republic", "of", "city", "mista", "misto"}
)
# Slavic adjectival endings: "Kharkivska" -> "Kharkiv"/"Kharkivsk", "Kurskaya" -> "Kursk".
_ADJECTIVE_ENDINGS = (
    "skaya",
    "ska",
    "skyi",
    "skiy",
    "kaya",
    "ka",
    "aya",
    "a",
    "yy",
    "iy",
    "yi",
    "y",
)

# Romanisation variants of Ukrainian and Russian names collapse to one skeleton; rules in order.
_SKELETON_RULES = (
    (re.compile(r"kh"), "h"),
    (re.compile(r"[jy]"), "i"),
    (re.compile(r"i+"), "i"),
    (re.compile(r"i(?=[aeou])"), ""),  # ya/ia/ja, yu/iu/ju, ye/ie/je -> a, u, e
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: Kupjansk/Kupyansk, Zaporizhzhia
)


def fold(name: str) -> str:
    """Case-, accent- and punctuation-folded key: "Kramators'k" -> "kramatorsk"."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped).casefold()
    return _SEPARATORS.sub(" ", stripped).strip()


def skeleton(key: str) -> str:
    """Transliteration skeleton of a folded key, so Izium/Izyum/Izjum and Kupiansk/Kupyansk meet."""
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    return key


def is_latin(name: str) -> bool:
    """Only Latin-script names are indexed: the text this product reads is English."""
    return all(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def strip_article(key: str) -> str:
    return _LEADING_ARTICLE.sub("", key)


def split_region_form(key: str) -> tuple[str, bool]:
    """("kharkiv", True) for "kharkiv oblast", "the kharkiv region"; else (key, False)."""
    words = strip_article(key).split()
    if len(words) >= 2 and words[-1] in REGION_WORDS:
        return " ".join(words[:-1]), True
    if len(words) >= 3 and words[0] in REGION_WORDS and words[1] == "of":  # "region of Kharkiv"
        return " ".join(words[2:]), True
    return key, False


def region_stems(subdivision_name: str) -> set[str]:
    """Core-name keys of a subdivision: "Kharkivska oblast" -> {"kharkivska", "kharkiv", ...}."""
    words = [w for w in fold(subdivision_name).split() if w not in _SUBDIVISION_NOISE]
    if not words:
        return set()
    core = " ".join(words)
    stems = {core}
    last = words[-1]
    for ending in _ADJECTIVE_ENDINGS:
        if last.endswith(ending) and len(last) - len(ending) >= 3:
            stems.add(" ".join([*words[:-1], last[: -len(ending)]]))
    return stems
