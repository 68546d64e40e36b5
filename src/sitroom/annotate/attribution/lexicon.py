"""The words of attribution (``sitroom/data/attribution.yaml``): verbs and nouns of saying and
thinking, attitudes, stance, media, pronouns and descriptions. The file documents each table and the
provenance of the speech verbs."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from sitroom.data import read_table

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


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon at ``path``, or the bundled one."""
    data, source, _ = read_table(DEFAULT_LEXICON, path, LexiconError)
    names = {field.name for field in fields(Lexicon)}
    unknown, missing = set(data) - names, names - set(data)
    if unknown or missing:
        raise LexiconError(
            f"{source}: unknown table(s) {sorted(unknown)}, missing table(s) {sorted(missing)}"
        )
    mappings = {"speech_verbs", "stance_of_cue", "organisation_descriptions"}
    tables: dict[str, Any] = {name: _words(data[name], f"{source}: {name}") for name in names - mappings}
    speech_verbs = _mapping(data["speech_verbs"], f"{source}: speech_verbs")
    if set(speech_verbs) != set(_SPEECH_VERB_LISTS):
        raise LexiconError(f"{source}: speech_verbs needs the lists {', '.join(_SPEECH_VERB_LISTS)}")
    tables["speech_verbs"] = frozenset().union(
        *(_words(words, f"{source}: speech_verbs.{name}") for name, words in speech_verbs.items())
    )
    tables["stance_of_cue"] = _stances(data["stance_of_cue"], f"{source}: stance_of_cue")
    tables["organisation_descriptions"] = _descriptions(
        data["organisation_descriptions"], f"{source}: organisation_descriptions"
    )
    tables["attitude_prepositions"] |= tables["topic_prepositions"]
    tables["published_nouns"] |= tables["document_nouns"]
    return Lexicon(**tables)


def _mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: must be a mapping")
    return value


def _words(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(word, str) and word for word in value):
        raise LexiconError(f"{where}: must be a list of words (quote on, no, yes, off)")
    if any(word != word.lower() for word in value) or len(set(value)) != len(value):
        raise LexiconError(f"{where}: words must be lower case and listed once")
    return frozenset(value)


def _descriptions(value: object, where: str) -> dict[str, frozenset[str]]:
    descriptions = _mapping(value, where)
    if any(not isinstance(key, str) or key != key.lower() for key in descriptions):
        raise LexiconError(f"{where}: descriptions must be lower case")
    return {key: _words(words, f"{where}.{key}") for key, words in descriptions.items()}


def _stances(value: object, where: str) -> dict[str, str]:
    stance_of: dict[str, str] = {}
    for stance, lemmas in _mapping(value, where).items():
        for lemma in _words(lemmas, f"{where}.{stance}"):
            if lemma in stance_of:
                raise LexiconError(f"{where}: {lemma} has two stances, {stance_of[lemma]} and {stance}")
            stance_of[lemma] = str(stance)
    return stance_of


LEXICON = load_lexicon()
