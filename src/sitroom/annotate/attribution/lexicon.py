"""The words of attribution (``sitroom/data/attribution.yaml``): verbs and nouns of saying and
thinking, attitudes, stance, media, pronouns and descriptions. The file's rows are in the format of
every rule table (``sitroom.data.rule_rows``), each adding its words to one table of the ``Lexicon``; the
file documents each row and the provenance of the speech verbs. A row's cases are in
``tests/cases/attribution.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from sitroom.data import read_table, rule_rows
from sitroom.records import stable_id

DEFAULT_LEXICON = "attribution.yaml"
_SPEECH_VERB_LISTS = ("journalismai", "own")


class LexiconError(ValueError):
    """An attribution lexicon that cannot be read; the message names the file and the table."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    speech_verbs: frozenset[str]
    needs_clause: frozenset[str]
    object_cues: frozenset[str]
    no_object_cues: frozenset[str]
    physical_cues: frozenset[str]
    topic_cues: frozenset[str]
    infinitive_cues: frozenset[str]
    nominal_cues: frozenset[str]
    attitude_words: frozenset[str]
    topic_prepositions: frozenset[str]
    attitude_prepositions: frozenset[str]  # the topic prepositions and the table's own
    not_topics: frozenset[str]
    setting_prepositions: frozenset[str]
    no_one: frozenset[str]
    stance_of_cue: dict[str, str]  # lemma -> stance
    hedges: frozenset[str]
    estimate_words: frozenset[str]
    medium_nouns: frozenset[str]
    evidence_nouns: frozenset[str]
    not_speakers: frozenset[str]
    medium_prepositions: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    first_person: frozenset[str]
    relative_pronouns: frozenset[str]
    document_nouns: frozenset[str]
    published_nouns: frozenset[str]  # the document nouns and the table's own
    voice_nouns: frozenset[str]
    person_nouns: frozenset[str]
    body_nouns: frozenset[str]
    speaking_nouns: frozenset[str]
    organisation_descriptions: dict[str, frozenset[str]]  # description -> words of the names it stands for


ROW_FIELDS = frozenset({"name", "table", "key", "words"})
# Tables that map each word to a value (a row's ``key``); the speech verbs' rows name their source list.
KEYED_TABLES = frozenset({"speech_verbs", "stance_of_cue", "organisation_descriptions"})


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon at ``path``, or the bundled one."""
    data, source, _ = read_table(DEFAULT_LEXICON, path, LexiconError)
    if set(data) != {"rules"}:
        raise LexiconError(f"{source}: expected one section, rules")
    names = {field.name for field in fields(Lexicon)}
    rows_of: dict[str, list[dict[str, Any]]] = {}
    for number, row in enumerate(rule_rows(data["rules"], f"{source}: rules", ROW_FIELDS, LexiconError), 1):
        where = f"{source}: rules row {number} ({row['name']})"
        table = row.get("table")
        if table not in names:
            raise LexiconError(f"{where}: table: one of {', '.join(sorted(names))}")
        if (table in KEYED_TABLES) != isinstance(row.get("key"), str):
            raise LexiconError(
                f"{where}: key: a row of {table} needs one"
                if table in KEYED_TABLES
                else f"{where}: key: only rows of {', '.join(sorted(KEYED_TABLES))} have one"
            )
        rows_of.setdefault(table, []).append(row)
    missing = names - set(rows_of)
    if missing:
        raise LexiconError(f"{source}: no row for table(s) {sorted(missing)}")
    tables: dict[str, Any] = {
        name: _words(rows_of[name], f"{source}: {name}") for name in names - KEYED_TABLES
    }
    speech_lists = {row["key"] for row in rows_of["speech_verbs"]}
    if speech_lists != set(_SPEECH_VERB_LISTS):
        raise LexiconError(f"{source}: speech_verbs needs the lists {', '.join(_SPEECH_VERB_LISTS)}")
    tables["speech_verbs"] = _words(rows_of["speech_verbs"], f"{source}: speech_verbs")
    tables["stance_of_cue"] = _stances(rows_of["stance_of_cue"], f"{source}: stance_of_cue")
    tables["organisation_descriptions"] = _descriptions(
        rows_of["organisation_descriptions"], f"{source}: organisation_descriptions"
    )
    tables["attitude_prepositions"] |= tables["topic_prepositions"]
    tables["published_nouns"] |= tables["document_nouns"]
    return Lexicon(**tables)


def _words(rows: list[dict[str, Any]], where: str) -> frozenset[str]:
    """The words of a table's rows, each in one row only."""
    words: list[str] = [word for row in rows for word in row["words"]]
    if len(set(words)) != len(words):
        raise LexiconError(f"{where}: words must be listed once")
    return frozenset(words)


def _descriptions(rows: list[dict[str, Any]], where: str) -> dict[str, frozenset[str]]:
    if any(row["key"] != row["key"].lower() for row in rows):
        raise LexiconError(f"{where}: descriptions must be lower case")
    return {row["key"]: frozenset(row["words"]) for row in rows}


def _stances(rows: list[dict[str, Any]], where: str) -> dict[str, str]:
    stance_of: dict[str, str] = {}
    for row in rows:
        for lemma in row["words"]:
            if lemma in stance_of:
                raise LexiconError(f"{where}: {lemma} has two stances, {stance_of[lemma]} and {row['key']}")
            stance_of[lemma] = row["key"]
    return stance_of


@lru_cache(maxsize=1)
def lexicon_version() -> str:
    """A hash of the bundled lexicon's text, part of the claims component's data version."""
    return stable_id("attr", read_table(DEFAULT_LEXICON, None, LexiconError).text)


LEXICON = load_lexicon()
