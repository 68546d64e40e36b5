"""Record ids that are unique within a document by construction.

Every component derives a record's id from a short key (the document and the record's offsets), so a
re-run gives the same ids. A key alone does not make a record: two claims may share their content and
cue but not their source, two events their trigger but not their type. ``RecordIds`` hands out one id
per *identity* (what makes the record itself): the same identity again gets the same id (the two are one
record, merged by ``unique_records``), a different identity under a taken key gets the key's id with a
counter, so no two distinct records of a collection ever share an id.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Protocol, TypeVar

from sitroom.records import stable_id


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_HasId)


class RecordIds:
    """The ids of one collection (one prefix) of one document."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self._identities: dict[str, Hashable] = {}

    def id_for(self, identity: Hashable, *key: object) -> str:
        """The id of the record ``identity``: ``stable_id(prefix, *key)`` unless another record has it."""
        base = candidate = stable_id(self.prefix, *key)
        counter = 0
        while self._identities.setdefault(candidate, identity) != identity:
            counter += 1
            candidate = stable_id(self.prefix, base, counter)
        return candidate


def unique_records(records: Iterable[R]) -> list[R]:
    """The records with the later ones of each id dropped: records given the same id are the same record."""
    seen: set[str] = set()
    kept: list[R] = []
    for record in records:
        if record.id not in seen:
            seen.add(record.id)
            kept.append(record)
    return kept
