"""The factuality cue table (``sitroom/data/factuality.yaml``): named rows of cue words, their classes and
effects. A row's example sentences are its cases in ``tests/cases/factuality.yaml``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, get_args

from sitroom.data import read_table, rule_rows
from sitroom.records import Certainty, Polarity

Role = Literal["modifier", "governor", "preposition", "content", "judgement"]
TimeEffect = Literal["FUTURE", "governor"]
DEFAULT_TABLE = "factuality.yaml"
ROW_FIELDS = frozenset(
    {"name", "class", "words", "roles", "effect", "preps", "objects", "clauses", "subjects"}
)


class FactualityTableError(ValueError):
    """A cue table that cannot be read; the message names the file and the row."""


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    cue_class: str
    words: frozenset[str]
    roles: frozenset[Role]
    polarity: Polarity | None = None  # a modifier's: NEG negates, UNDERSPECIFIED leaves it open
    signature: tuple[Polarity, Polarity] | None = None  # a governor's: complement under (pos, neg)
    certainty: Certainty | None = None  # the highest certainty the cue allows
    time: TimeEffect | None = None
    preps: frozenset[str] = frozenset()  # prepositions a governor reaches its complement through
    objects: bool = False  # a governor also governs its direct object and passive subject
    clauses: bool = False  # a governor also governs a finite clause ("denied that ...")
    # a raising governor also governs its subject, when its infinitive is there ("the talks are due to
    # resume": the talks are what is ahead)
    subjects: bool = False

    @property
    def time_only(self) -> bool:
        """A governor that passes only its time on (aspectual, resultative verbs)."""
        return self.time == "governor" and self.signature is None and self.certainty is None


@dataclass(frozen=True, slots=True)
class CueTable:
    classes: dict[str, str]  # class name -> what it means
    cues: tuple[Cue, ...]
    by_role: dict[Role, dict[str, Cue]] = field(default_factory=dict)  # role -> word -> cue
    version: str = ""

    def find(self, role: Role, *words: str) -> Cue | None:
        """The cue of that role for the first of ``words`` (a form, a lemma, a phrasal verb) listed."""
        table = self.by_role.get(role, {})
        for word in words:
            if word in table:
                return table[word]
        return None


@lru_cache(maxsize=8)
def load_cue_table(path: str | None = None) -> CueTable:
    """The cue table at ``path``, or the bundled one."""
    data, source, text = read_table(DEFAULT_TABLE, path, FactualityTableError)
    if not isinstance(data.get("classes"), dict):
        raise FactualityTableError(f"{source}: expected a mapping with `classes` and `cues`")
    classes = {str(k): str(v) for k, v in data["classes"].items()}
    rows = rule_rows(data.get("cues"), f"{source}: cues", ROW_FIELDS, FactualityTableError)
    cues = tuple(
        _cue(row, classes, f"{source}: cues row {n} ({row['name']})") for n, row in enumerate(rows, 1)
    )
    by_role: dict[Role, dict[str, Cue]] = {}
    for cue in cues:
        for role in cue.roles:
            for word in cue.words:
                taken = by_role.setdefault(role, {}).setdefault(word, cue)
                if taken is not cue:
                    raise FactualityTableError(
                        f"{source}: {word!r} is a {role} of both {taken.cue_class} and {cue.cue_class}"
                    )
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    return CueTable(classes, cues, by_role, version)


def _cue(row: dict[str, Any], classes: dict[str, str], where: str) -> Cue:
    cue_class = str(row.get("class"))
    if cue_class not in classes:
        raise FactualityTableError(f"{where}: class {cue_class!r} is not documented under `classes`")
    roles = frozenset(row.get("roles") or [])
    if not roles or not roles <= set(get_args(Role)):
        raise FactualityTableError(f"{where}: roles must be some of {get_args(Role)}")
    effect = row.get("effect") or {}
    signature = effect.get("signature")
    return Cue(
        name=row["name"],
        cue_class=cue_class,
        words=frozenset(row["words"]),
        roles=roles,
        polarity=_value(effect.get("polarity"), Polarity, where),
        signature=(
            (_pol(signature.get("pos"), where), _pol(signature.get("neg"), where)) if signature else None
        ),
        certainty=_value(effect.get("certainty"), Certainty, where),
        time=_value(effect.get("time"), TimeEffect, where),
        preps=frozenset(row.get("preps") or []),
        objects=bool(row.get("objects", False)),
        clauses=bool(row.get("clauses", False)),
        subjects=bool(row.get("subjects", False)),
    )


def _pol(value: Any, where: str) -> Polarity:
    polarity = _value(value, Polarity, where)
    if polarity is None:
        raise FactualityTableError(f"{where}: a signature needs both `pos` and `neg`")
    return polarity


def _value(value: Any, kind: Any, where: str) -> Any:
    if value is None:
        return None
    if value not in get_args(kind):
        raise FactualityTableError(f"{where}: {value!r} is not one of {get_args(kind)}")
    return value
