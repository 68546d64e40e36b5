"""The actor knowledge base: canonical actors with aliases, sides and dated roles, read from YAML.

The bundled ``sitroom/data/actors.yaml`` documents the format; users extend or override it with
their own files. Names are matched by a transliteration skeleton of their key, so Zelensky,
Zelenskyy and Zelenskiy (or Syrskyi and Syrskyj) meet, and role descriptions ("Ukraine's defence
minister") are found in the text and resolved against the role ranges on the publication date.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from sitroom.data import load_yaml
from sitroom.records import stable_id

_K = TypeVar("_K")
_V = TypeVar("_V")

ACTOR_TYPES = frozenset({"person", "organisation", "group"})

_LEADING_ARTICLE = re.compile(r"^(the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACE = re.compile(r"\s+")
_TITLE_WORD = re.compile(r"[\w.'-]+")

# Ukrainian and Russian names reach English text through several romanisations, German and French
# ones among them; these swaps make the usual variants of one name share a skeleton.
_SKELETON_RULES = (
    # Machine translation from Russian and Ukrainian, which have no articles, drops them inside names:
    # "Ministry of Defence of Russian Federation" is the "Ministry of Defence of the Russian Federation".
    (re.compile(r"\bthe "), ""),
    # American and British spellings of the words in bodies' names: Defense/Defence, Organization.
    (re.compile(r"(?<=defen)s(?=e)"), "c"),
    (re.compile(r"(?<=organi)z(?=ation)"), "s"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"zh"), "z"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"[jy]"), "i"),
    (re.compile(r"g"), "h"),  # Russian g is Ukrainian h: Sinegubov/Syniehubov, Gerasimov/Herasymov
    (re.compile(r"i(?=e)"), ""),  # ie/ye -> e
    (re.compile(r"(.)\1+"), r"\1"),  # Zelenskyy, Zelenskiy -> zelenski
)


def display_name(text: str) -> str:
    """The mention text without a leading article, possessive ending or ragged spacing."""
    name = _SPACE.sub(" ", text).strip()
    name = _LEADING_ARTICLE.sub("", name)
    return _POSSESSIVE.sub("", name).strip()


def entity_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to identify an entity."""
    decomposed = unicodedata.normalize("NFKD", display_name(text))
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", re.sub(r"[^\w\s]", "", letters.casefold())).strip()


def name_skeleton(key: str) -> str:
    """Transliteration skeleton of an :func:`entity_key`, the form knowledge-base lookups use."""
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    return key


# Jurisdiction codes that are not the ISO 3166-1 code that actors' ``country`` uses.
_ISO_CODE = {"UK": "GB"}


class KnowledgeBaseError(ValueError):
    """A knowledge-base file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Role:
    title: str  # a key of the knowledge base's ``titles``
    of: str | None  # a key of ``jurisdictions``; None when the title names its holder alone
    start: date | None = None
    until: date | None = None  # inclusive

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True, slots=True)
class Actor:
    kb_id: str
    name: str
    type: str
    side: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(slots=True)
class Jurisdiction:
    adjectives: list[str]  # "Ukraine's", "Ukrainian": before a title
    names: list[str]  # "Ukraine": after "<title> of"


@dataclass(slots=True)
class KnowledgeBase:
    """Actors indexed by name skeleton and by role, with a matcher for role descriptions."""

    actors: dict[str, Actor] = field(default_factory=dict)
    titles: dict[str, list[str]] = field(default_factory=dict)
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    side_titles: set[str] = field(default_factory=set)  # "spokesman": "Ukrainian military spokesman X"
    version: str = ""  # digest of the files read, for the pipeline version
    _by_name: dict[str, str | None] = field(default_factory=dict)  # None: ambiguous
    _by_role: dict[tuple[str, str | None], list[Actor]] = field(default_factory=dict)
    _by_phrase: dict[str, tuple[str, str | None] | None] = field(default_factory=dict)
    _country_of_adjective: dict[str, str] = field(default_factory=dict)  # "american" -> "US"
    _side_of_adjective: dict[str, str] = field(default_factory=dict)  # "ukraine's" -> "UA"
    _role_pattern: re.Pattern[str] | None = None
    _name_pattern: re.Pattern[str] | None = None

    def lookup(self, key: str) -> Actor | None:
        """The one actor whose name or alias has this key's skeleton, if exactly one does.

        A name led by a country's adjective that no entry has ("American War Research Institute", as
        machine translation renders the ISW) is the entry named by the rest, when that entry belongs
        to the same country: the adjective is then evidence, not noise.
        """
        kb_id = self._by_name.get(name_skeleton(key))
        if kb_id is not None:
            return self.actors[kb_id]
        first, _, rest = key.partition(" ")
        country = self._country_of_adjective.get(first)
        if country is None or " " not in rest:  # one word left is too little to go on
            return None
        kb_id = self._by_name.get(name_skeleton(rest))
        actor = self.actors[kb_id] if kb_id is not None else None
        return actor if actor is not None and _ISO_CODE.get(country, country) == actor.country else None

    def holder(self, title: str, of: str | None, day: date) -> Actor | None:
        """The one actor holding the role on ``day``; None when nobody or several did."""
        holders = [
            actor
            for actor in self._by_role.get((title, of), [])
            if any(r.title == title and r.of == of and r.held_on(day) for r in actor.roles)
        ]
        return holders[0] if len(holders) == 1 else None

    def side_by_title(self, title: str) -> str | None:
        """The side a title written before a name gives a person the base does not know: a jurisdiction's
        adjective followed by a side title ("Ukrainian military spokesman", "Russian-installed governor").
        """
        side: str | None = None
        for word in _TITLE_WORD.findall(title.replace("’", "'").casefold()):
            parts = [word, *word.split("-")]
            found = next((self._side_of_adjective[p] for p in parts if p in self._side_of_adjective), None)
            if found is not None:
                side = found
            elif side is not None and word in self.side_titles:
                return side
        return None

    def find_roles(self, text: str, day: date) -> Iterator[tuple[int, int, Actor]]:
        """(start, end, holder) for each role description in ``text`` resolvable on ``day``."""
        if self._role_pattern is None:
            return
        for match in self._role_pattern.finditer(text):
            role = self._by_phrase.get(_phrase_key(match.group()))
            holder = self.holder(*role, day) if role is not None else None
            if holder is not None:
                yield match.start(), match.end(), holder

    def find_names(self, text: str) -> Iterator[tuple[int, int, Actor]]:
        """(start, end, actor) for each multi-word name or alias of exactly one actor in ``text``.

        NER misses many of them: "93rd Mechanized Brigade" (an ordinal and two nouns), "Russian
        troops" (a nationality and a noun).
        """
        if self._name_pattern is None:
            return
        for match in self._name_pattern.finditer(text):
            actor = self.lookup(entity_key(match.group()))
            if actor is not None:
                yield match.start(), match.end(), actor

    def index(self) -> None:
        """Rebuild the lookup tables after the actors, titles or jurisdictions changed."""
        self._by_name = {}
        self._by_role = {}
        names: set[str] = set()
        for actor in self.actors.values():
            for name in (actor.name, *actor.aliases):
                _add_unique(self._by_name, name_skeleton(entity_key(name)), actor.kb_id)
                if " " in name.strip():
                    names.add(name.strip())
            for role in {(r.title, r.of) for r in actor.roles}:
                self._by_role.setdefault(role, []).append(actor)
        self._by_phrase = {}
        phrases: set[str] = set()
        for title, of in sorted(self._by_role, key=str):
            for phrase in self._role_phrases(title, of):
                _add_unique(self._by_phrase, _phrase_key(phrase), (title, of))
                phrases.add(phrase)
        self._role_pattern = _alternation(phrases)
        self._name_pattern = _alternation(names)
        sides_of: dict[str, Counter[str]] = {}
        for actor in self.actors.values():
            if actor.country and actor.side:
                sides_of.setdefault(actor.country, Counter())[actor.side] += 1
        self._side_of_adjective = {}
        for code, jurisdiction in self.jurisdictions.items():
            sides = sides_of.get(_ISO_CODE.get(code, code))
            if sides:  # the side most of its actors have: "German" is EU, "British" NATO
                for adjective in jurisdiction.adjectives:
                    if " " not in adjective:
                        self._side_of_adjective[adjective.casefold()] = sides.most_common(1)[0][0]
        self._country_of_adjective = {
            entity_key(adjective): code
            for code, jurisdiction in self.jurisdictions.items()
            for adjective in jurisdiction.adjectives
            if " " not in adjective and "'" not in adjective
        }

    def _role_phrases(self, title: str, of: str | None) -> Iterator[str]:
        titles = self.titles.get(title, [])
        if of is None:
            yield from titles
            return
        jurisdiction = self.jurisdictions.get(of, Jurisdiction([], []))
        for phrase in titles:
            yield from (f"{adjective} {phrase}" for adjective in jurisdiction.adjectives)
            yield from (f"{phrase} of {name}" for name in jurisdiction.names)


def _add_unique(index: dict[_K, _V | None], key: _K, value: _V) -> None:
    """Index ``key`` -> ``value``; a key claimed by two different values maps to None."""
    if key in index and index[key] != value:
        index[key] = None
    else:
        index.setdefault(key, value)


def _phrase_key(phrase: str) -> str:
    return _SPACE.sub(" ", phrase.replace("’", "'")).strip().casefold()


def _alternation(phrases: set[str]) -> re.Pattern[str] | None:
    """One regex for all phrases, longest first so "minister of defence of Ukraine" wins."""
    if not phrases:
        return None
    alternatives = sorted(phrases, key=lambda p: (-len(p), p))
    return re.compile(
        r"(?<!\w)(?:" + "|".join(_phrase_regex(p) for p in alternatives) + r")(?!\w)", re.IGNORECASE
    )


def _phrase_regex(phrase: str) -> str:
    return r"\s+".join(_word_regex(word) for word in phrase.split(" "))


def _word_regex(word: str) -> str:
    stem, possessive = (word[:-2], "['’]s") if word.endswith("'s") else (word, "")
    pattern = re.escape(stem)
    letters = stem.replace(".", "")
    # "US" must not match the pronoun in "told us president ...", so acronyms keep their case.
    if len(letters) <= 4 and letters.isalpha() and letters.isupper():
        pattern = f"(?-i:{pattern})"
    return pattern + possessive


# --------------------------------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load_knowledge_base(*extra_paths: str | Path) -> KnowledgeBase:
    """The bundled knowledge base merged with ``extra_paths`` in order (later entries override).

    Cached per process: workers call it once per batch at no cost.
    """
    kb = KnowledgeBase()
    bundled = resources.files("sitroom").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    texts = [bundled]
    _merge(kb, bundled, "sitroom/data/actors.yaml")
    for path in extra_paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise KnowledgeBaseError(f"{path}: cannot read the knowledge base: {error}") from error
        _merge(kb, text, str(path))
        texts.append(text)
    kb.version = stable_id("kb", *texts)
    kb.index()
    return kb


def _merge(kb: KnowledgeBase, text: str, source: str) -> None:
    try:
        # Without implicit dates, so that a bad date is reported with its entry.
        data = load_yaml(text, dates=False) or {}
    except yaml.YAMLError as error:
        raise KnowledgeBaseError(f"{source}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{source}: expected a mapping with jurisdictions, titles, actors")
    for code, value in _mapping(data, "jurisdictions", source).items():
        kb.jurisdictions[str(code)] = _jurisdiction(value, f"{source}: jurisdiction {code}")
    side_titles = _strings(data.get("side_titles", []), f"{source}: side_titles")
    kb.side_titles |= {title.casefold() for title in side_titles}
    for title, phrases in _mapping(data, "titles", source).items():
        kb.titles[str(title)] = _strings(phrases, f"{source}: title {title}")
    actors = data.get("actors") or []
    if not isinstance(actors, list):
        raise KnowledgeBaseError(f"{source}: 'actors' must be a list")
    for number, entry in enumerate(actors, start=1):
        actor = _actor(entry, f"{source}: actor #{number}", kb)
        kb.actors[actor.kb_id] = actor


def _mapping(data: dict[str, Any], key: str, source: str) -> dict[Any, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise KnowledgeBaseError(f"{source}: '{key}' must be a mapping")
    return value


def _jurisdiction(value: object, where: str) -> Jurisdiction:
    if not isinstance(value, dict):
        raise KnowledgeBaseError(f"{where}: expected {{adjectives: [...], names: [...]}}")
    return Jurisdiction(
        adjectives=_strings(value.get("adjectives", []), f"{where}: adjectives"),
        names=_strings(value.get("names", []), f"{where}: names"),
    )


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeBaseError(f"{where}: expected a list of non-empty strings, got {value!r}")
    return list(value)


def _actor(entry: object, where: str, kb: KnowledgeBase) -> Actor:
    if not isinstance(entry, dict):
        raise KnowledgeBaseError(f"{where}: expected a mapping, got {entry!r}")
    if isinstance(entry.get("id"), str):
        where = f"{where} ({entry['id']})"
    missing = [key for key in ("id", "name", "type") if not isinstance(entry.get(key), str)]
    if missing:
        raise KnowledgeBaseError(f"{where}: missing or non-text {', '.join(missing)}")
    if entry["type"] not in ACTOR_TYPES:
        raise KnowledgeBaseError(f"{where}: type must be one of {sorted(ACTOR_TYPES)}")
    roles = entry.get("roles") or []
    if not isinstance(roles, list):
        raise KnowledgeBaseError(f"{where}: 'roles' must be a list")
    return Actor(
        kb_id=entry["id"],
        name=entry["name"],
        type=entry["type"],
        side=_optional_text(entry, "side", where),
        country=_optional_text(entry, "country", where),
        aliases=tuple(_strings(entry.get("aliases") or [], f"{where}: aliases")),
        roles=tuple(_role(role, f"{where}: role #{n}", kb) for n, role in enumerate(roles, start=1)),
    )


def _optional_text(entry: dict[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise KnowledgeBaseError(f"{where}: '{key}' must be text, got {value!r}")
    return value


def _role(value: object, where: str, kb: KnowledgeBase) -> Role:
    if not isinstance(value, dict) or not isinstance(value.get("role"), str):
        raise KnowledgeBaseError(f"{where}: expected {{role: TITLE, of: CODE, from: ..., until: ...}}")
    if value["role"] not in kb.titles:
        raise KnowledgeBaseError(f"{where}: unknown role {value['role']!r}; add it under 'titles'")
    of = value.get("of")
    if of is not None and of not in kb.jurisdictions:
        raise KnowledgeBaseError(f"{where}: unknown 'of' {of!r}; add it under 'jurisdictions'")
    role = Role(value["role"], of, _date(value, "from", where), _date(value, "until", where))
    if role.start and role.until and role.until < role.start:
        raise KnowledgeBaseError(f"{where}: 'until' is before 'from'")
    return role


def _date(value: dict[str, Any], key: str, where: str) -> date | None:
    raw = value.get(key)
    if raw is None:
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError as error:
        raise KnowledgeBaseError(f"{where}: '{key}' must be a date YYYY-MM-DD, got {raw!r}") from error
