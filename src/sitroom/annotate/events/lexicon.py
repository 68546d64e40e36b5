"""The event lexicon (``sitroom/data/events.yaml``): trigger rules, word classes and modality cues.

A rule is one row of a table: a name, where its words are looked for (``match``), the words, and the
event they yield. Rows are loaded generically into one table per match; the trigger cascade
(``triggers``) decides the order in which the matches are tried. Adding a rule is one row here and its
cases in ``tests/cases/events.yaml``; adding a match is code. Errors name the file, the row and the
field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, Literal

from sitroom.data import read_table, rule_rows
from sitroom.records import (
    CONFLICT_ONLY_TYPES,
    EVENT_CATEGORIES,
    NON_CONFLICT_CATEGORIES,
    OTHER_TYPE,
    EventCategory,
    stable_id,
)

PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
        "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip
CONTROL = "CONTROL"
Gainer = Literal["actor", "opponent"]
# Where a row's words are looked for; the cascade in ``triggers`` reads each of these tables.
MATCHES = frozenset(
    {"verb", "noun", "control", "control-noun", "holding", "movement", "means", "means-actor", "weapon-find",
     "crowd-verb", "enforcement-verb", "enforcement-noun", "inaction", "casualty", "violent-death"}
)  # fmt: skip
# The matches whose rows name a change of control (or ground held) and who gains it.
CONTROL_MATCHES = frozenset({"control", "control-noun", "holding"})
# A key that stands for any word of its match not keyed otherwise: "any verb whose subject is a crowd".
ANY_WORD = "*"
# The word classes the rules consult, each read by name in the code.
WORD_CLASSES = frozenset(
    {"light_verbs", "territory", "state_forces", "non_state_forces", "armed", "civilians",
     "military_equipment", "means_verbs", "weapons", "protesters", "violence_words", "settlements",
     "landmarks", "parts", "declaring_verbs", "completing_verbs", "territory_subject_verbs",
     "military_units", "reporting_verbs", "combatants", "natural_deaths", "illness_modifiers", "impact_verbs",
     "crime_words", "diplomats", "responsibility_words"}
)  # fmt: skip
ROW_FIELDS = frozenset({"name", "match", "words", "yields"})
YIELD_FIELDS = frozenset({"type", "mode", "gainer", "acled", "cameo", "kill", "harm", "negated", "category"})


class LexiconError(ValueError):
    """An event lexicon that cannot be read; the message names the file, the row and the field."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """What a rule's words yield: an event of a PLOVER category, or a change of territorial control."""

    type: str
    mode: str | None = None
    acled: str | None = None
    cameo: int | None = None  # CAMEO pentacode when the category's default does not fit
    kill: bool = False  # the word itself reports deaths ("killed", "massacre")
    harm: bool = False  # the word itself reports injuries ("wounded")
    negated: bool = False  # the word itself says nothing was done ("inaction", "stood by")
    gainer: Gainer | None = None  # a control change's: the actor, or its opponent ("withdrew from")
    category: EventCategory | None = None  # a disaster, an accident, a crime, ... (records.EVENT_CATEGORIES)

    @property
    def toll(self) -> bool:
        """The word reports casualties, the toll of an attack told elsewhere in the sentence."""
        return self.kill or self.harm


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    match: str
    words: tuple[str, ...]
    trigger: Trigger


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
    failing_modifiers: frozenset[str]
    attempting_governors: frozenset[str]
    executed_decisions: frozenset[str]
    fulfilling_verbs: frozenset[str]
    entailing_governors: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    rules: tuple[Rule, ...]
    tables: dict[str, dict[str, Trigger]]  # by match, each row's words and what they yield
    words: dict[str, frozenset[str]]  # the word classes, by name (WORD_CLASSES)
    modality: ModalityCues
    version: str

    def table(self, match: str) -> dict[str, Trigger]:
        """The keys of every row of ``match`` and what they yield."""
        return self.tables.get(match, {})

    def lookup(self, match: str, key: str) -> Trigger | None:
        """What ``key`` yields under ``match``: its own row's event, else that of the match's ``*`` row."""
        table = self.table(match)
        return table.get(key) or table.get(ANY_WORD)


DEFAULT_LEXICON = "events.yaml"


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon at ``path``, or the bundled one."""
    data, source, text = read_table(DEFAULT_LEXICON, path, LexiconError)
    unknown = set(data) - {"rules", "words", "modality"}
    if unknown:
        raise LexiconError(f"{source}: unknown section(s) {', '.join(sorted(unknown))}")
    rules = _rules(data.get("rules"), source)
    words = _section(data, "words", source)
    missing, extra = WORD_CLASSES - set(words), set(words) - WORD_CLASSES
    if missing or extra:
        problem = (
            f"missing {', '.join(sorted(missing))}" if missing else f"unknown {', '.join(sorted(extra))}"
        )
        raise LexiconError(
            f"{source}: words: {problem} (the word classes are {', '.join(sorted(WORD_CLASSES))})"
        )
    cues = _section(data, "modality", source)
    tables: dict[str, dict[str, Trigger]] = {}
    for rule in rules:
        tables.setdefault(rule.match, {}).update(dict.fromkeys(rule.words, rule.trigger))
    return Lexicon(
        rules=rules,
        tables=tables,
        words={name: _words(words, name, f"{source}: words") for name in WORD_CLASSES},
        modality=ModalityCues(
            **{cue.name: _words(cues, cue.name, f"{source}: modality") for cue in fields(ModalityCues)}
        ),
        version=stable_id("lex", text),
    )


def _rules(rows: object, source: str) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen_keys: dict[tuple[str, str], str] = {}
    for number, row in enumerate(rule_rows(rows, f"{source}: rules", ROW_FIELDS, LexiconError), 1):
        name = row["name"]
        where = f"{source}: rules row {number} ({name})"
        match = row.get("match")
        if match not in MATCHES:
            raise LexiconError(f"{where}: match: one of {', '.join(sorted(MATCHES))}")
        keys = tuple(row["words"])
        for key in keys:
            other = seen_keys.setdefault((match, key), name)
            if other != name:
                raise LexiconError(f"{where}: words: {key!r} is already a {match} word of row {other}")
        rules.append(Rule(name, match, keys, _trigger(row.get("yields"), match, f"{where}: yields")))
    return tuple(rules)


def _trigger(entry: object, match: str, where: str) -> Trigger:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: a mapping of {', '.join(sorted(YIELD_FIELDS))}")
    unknown = set(entry) - YIELD_FIELDS
    if unknown:
        raise LexiconError(f"{where}: {', '.join(sorted(unknown))}: unknown field")
    if match in CONTROL_MATCHES:
        if (
            entry.get("type") != CONTROL
            or not entry.get("mode")
            or entry.get("gainer") not in {"actor", "opponent"}
        ):
            raise LexiconError(
                f"{where}: a control row needs type CONTROL, a mode and a gainer (actor or opponent)"
            )
    elif entry.get("category") is not None and entry["category"] not in EVENT_CATEGORIES:
        raise LexiconError(f"{where}: category: one of {', '.join(EVENT_CATEGORIES)}")
    elif entry.get("type") == OTHER_TYPE and entry.get("category") not in NON_CONFLICT_CATEGORIES:
        raise LexiconError(
            f"{where}: type OTHER needs a category of {', '.join(sorted(NON_CONFLICT_CATEGORIES))}"
        )
    elif entry.get("type") != OTHER_TYPE and entry.get("type") not in PLOVER_TYPES:
        raise LexiconError(f"{where}: type: one of {', '.join(sorted(PLOVER_TYPES | {OTHER_TYPE}))}")
    elif entry.get("category") in NON_CONFLICT_CATEGORIES and (
        entry["type"] in CONFLICT_ONLY_TYPES or "acled" in entry
    ):
        raise LexiconError(f"{where}: a {entry['category']} is no attack and has no ACLED sub-event type")
    elif "gainer" in entry:
        raise LexiconError(f"{where}: gainer: only control rows have one")
    return Trigger(
        type=entry["type"],
        mode=entry.get("mode"),
        acled=entry.get("acled"),
        cameo=entry.get("cameo"),
        kill=bool(entry.get("kill", False)),
        harm=bool(entry.get("harm", False)),
        negated=bool(entry.get("negated", False)),
        gainer=entry.get("gainer"),
        category=entry.get("category"),
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
