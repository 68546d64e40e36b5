"""Conflict profiles (``sitroom/profiles/<name>.yaml``): what the components know of one conflict.

The rules and lexicons are English and general; a profile names the parties of one war, who is whose
opponent, the words that stand for a side, and the colour each side is drawn in. The default is
``ru-ua``; a user swaps it with the events component's ``profile`` setting (a bundled name or a path).
See docs/events.md#profiles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sitroom.data import load_yaml
from sitroom.records import stable_id

DEFAULT_PROFILE = "ru-ua"
PROFILE_FIELDS = frozenset({"opponents", "sides", "colours"})
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class ProfileError(ValueError):
    """A profile that cannot be read; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    opponents: dict[str, str]  # side -> its opponent's side
    sides: dict[str, str]  # lower-case word -> the side it stands for ("kremlin": RU)
    version: str  # a hash of the opponents and sides, part of the events component's data version
    colours: dict[str, str]  # side -> the colour the report draws it in ("#rrggbb")


@lru_cache(maxsize=8)
def load_profile(name_or_path: str | None = None) -> Profile:
    """The bundled profile of that name (default ``ru-ua``), or the profile file at that path."""
    name = name_or_path or DEFAULT_PROFILE
    bundled = resources.files("sitroom.profiles").joinpath(f"{name}.yaml")
    if bundled.is_file():
        text, source = bundled.read_text(encoding="utf-8"), f"sitroom/profiles/{name}.yaml"
    elif Path(name).is_file():
        text, source = Path(name).read_text(encoding="utf-8"), name
    else:
        raise ProfileError(f"{name}: no such profile (bundled: {', '.join(bundled_profiles())}) nor file")
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: expected a mapping at the top level")
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ProfileError(f"{source}: {', '.join(sorted(unknown))}: unknown field")
    opponents = _mapping(data, "opponents", source)
    sides = {word.lower(): side for word, side in _mapping(data, "sides", source).items()}
    return Profile(
        name=Path(source).stem,
        opponents=opponents,
        sides=sides,
        # Of what annotation reads: a new colour re-annotates nothing.
        version=stable_id("prof", sorted(opponents.items()), sorted(sides.items())),
        colours=_colours(data, source),
    )


def bundled_profiles() -> list[str]:
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in resources.files("sitroom.profiles").iterdir()
        if entry.name.endswith(".yaml")
    )


def _mapping(data: dict[str, object], key: str, source: str) -> dict[str, str]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ProfileError(f"{source}: {key}: a mapping of words to side codes")
    return {str(k): v for k, v in value.items()}


def _colours(data: dict[str, object], source: str) -> dict[str, str]:
    colours = _mapping(data, "colours", source)
    if not all(_COLOUR.fullmatch(colour) for colour in colours.values()):
        raise ProfileError(f"{source}: colours: each side's colour is written #rrggbb")
    return colours
