"""The event lexicon (``sitroom/data/events.yaml``): trigger words, control words and modality cues."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from sitroom.records import stable_id

PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
        "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip
CONTROL = "CONTROL"
Gainer = Literal["actor", "opponent"]


class LexiconError(ValueError):
    """An event lexicon that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    mode: str | None = None
    acled: str | None = None
    cameo: int | None = None  # CAMEO pentacode when the category's default does not fit
    kill: bool = False  # the word itself reports deaths ("killed", "massacre")
    harm: bool = False  # the word itself reports injuries ("wounded")
    negated: bool = False  # the word itself says nothing was done ("inaction", "stood by")

    @property
    def toll(self) -> bool:
        """The word reports casualties, the toll of an attack told elsewhere in the sentence."""
        return self.kill or self.harm


@dataclass(frozen=True, slots=True)
class ControlWord:
    mode: str  # captured, recaptured, liberated, entered, withdrew, advanced, outskirts
    gainer: Gainer  # who gains ground: the event's actor, or the actor's opponent ("withdrew from")


@dataclass(frozen=True, slots=True)
class ModalityCues:
    negating_words: frozenset[str]
    negating_governors: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_governors: frozenset[str]
    planned_modals: frozenset[str]
    planned_governors: frozenset[str]
    historical_marks: frozenset[str]
    historical_governors: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    control: dict[str, ControlWord]
    light_verbs: frozenset[str]
    territory: frozenset[str]
    opponents: dict[str, str]
    sides: dict[str, str]
    modality: ModalityCues
    state_forces: frozenset[str]
    non_state_forces: frozenset[str]
    weapon_find: Trigger
    weapon_find_verbs: frozenset[str]
    weapons: frozenset[str]
    protest: Trigger
    protesters: frozenset[str]
    violent_protest: Trigger
    violent_protest_verbs: frozenset[str]
    violence_words: frozenset[str]
    means: dict[str, Trigger]
    means_verbs: frozenset[str]
    means_actors: dict[str, Trigger]
    armed: frozenset[str]
    civilians: frozenset[str]
    military_equipment: frozenset[str]
    enforcement: Trigger
    enforcement_verbs: frozenset[str]
    enforcement_nouns: frozenset[str]
    inaction: dict[str, Trigger]
    version: str = field(default="")


DEFAULT_LEXICON = "events.yaml"


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon at ``path``, or the bundled one."""
    if path is None:
        text = resources.files("sitroom.data").joinpath(DEFAULT_LEXICON).read_text(encoding="utf-8")
        source = f"sitroom/data/{DEFAULT_LEXICON}"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), path
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: expected a mapping at the top level")
    cues = _section(data, "modality", source)
    finds = _section(data, "weapon_finds", source)
    protesters = _section(data, "protesters", source)
    enforcement = _section(data, "enforcement", source)
    return Lexicon(
        verbs=_triggers(data, "verbs", source),
        nouns=_triggers(data, "nouns", source),
        control={
            key: _control(value, f"{source}: control.{key}")
            for key, value in _section(data, "control", source).items()
        },
        light_verbs=_words(data, "light_verbs", source),
        territory=_words(data, "territory", source),
        opponents={str(k): str(v) for k, v in _section(data, "opponents", source).items()},
        sides={str(k).lower(): str(v) for k, v in _section(data, "sides", source).items()},
        modality=ModalityCues(
            **{cue.name: _words(cues, cue.name, f"{source}: modality") for cue in fields(ModalityCues)}
        ),
        state_forces=_words(data, "state_forces", source),
        non_state_forces=_words(data, "non_state_forces", source),
        weapon_find=_trigger(finds.get("event"), f"{source}: weapon_finds.event"),
        weapon_find_verbs=_words(finds, "verbs", f"{source}: weapon_finds"),
        weapons=_words(finds, "weapons", f"{source}: weapon_finds"),
        protest=_trigger(protesters.get("event"), f"{source}: protesters.event"),
        protesters=_words(protesters, "words", f"{source}: protesters"),
        violent_protest=_trigger(protesters.get("violent_event"), f"{source}: protesters.violent_event"),
        violent_protest_verbs=_words(protesters, "violent_verbs", f"{source}: protesters"),
        violence_words=_words(protesters, "violence_words", f"{source}: protesters"),
        means=_triggers(data, "means", source),
        means_verbs=_words(data, "means_verbs", source),
        means_actors=_triggers(data, "means_actors", source),
        armed=_words(data, "armed", source),
        civilians=_words(data, "civilians", source),
        military_equipment=_words(data, "military_equipment", source),
        enforcement=_trigger(enforcement.get("event"), f"{source}: enforcement.event"),
        enforcement_verbs=_words(enforcement, "verbs", f"{source}: enforcement"),
        enforcement_nouns=_words(enforcement, "nouns", f"{source}: enforcement"),
        inaction=_triggers(enforcement, "inaction", f"{source}: enforcement"),
        version=stable_id("lex", text),
    )


def _section(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise LexiconError(f"{source}: {key} must be a mapping")
    return value


def _words(data: dict[str, Any], key: str, source: str) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise LexiconError(f"{source}: {key} must be a list")
    return frozenset(str(word).lower() for word in value)


def _triggers(data: dict[str, Any], key: str, source: str) -> dict[str, Trigger]:
    return {
        str(word).lower(): _trigger(entry, f"{source}: {key}.{word}")
        for word, entry in _section(data, key, source).items()
    }


def _trigger(entry: object, where: str) -> Trigger:
    if not isinstance(entry, dict) or entry.get("type") not in PLOVER_TYPES:
        raise LexiconError(f"{where}: needs a type, one of {', '.join(sorted(PLOVER_TYPES))}")
    unknown = set(entry) - {"type", "mode", "acled", "cameo", "kill", "harm", "negated"}
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return Trigger(
        type=entry["type"],
        mode=entry.get("mode"),
        acled=entry.get("acled"),
        cameo=entry.get("cameo"),
        kill=bool(entry.get("kill", False)),
        harm=bool(entry.get("harm", False)),
        negated=bool(entry.get("negated", False)),
    )


def _control(entry: object, where: str) -> ControlWord:
    if (
        not isinstance(entry, dict)
        or not entry.get("mode")
        or entry.get("gainer") not in {"actor", "opponent"}
    ):
        raise LexiconError(f"{where}: needs a mode and a gainer (actor or opponent)")
    return ControlWord(mode=str(entry["mode"]), gainer=entry["gainer"])
