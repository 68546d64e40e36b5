"""What reconciliation reads from the store: light views of documents and annotations, loaded once.

Only the columns reconciliation needs are read (never document text), so a store of 100k documents
fits in memory as plain records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sitroom.records import origin_key
from sitroom.store import Store
from sitroom.timeml import Interval, value_interval

# An event dated only by its report happened on or shortly before the publication day.
REPORTING_LAG = timedelta(days=3)
# No record is compared with more than this many neighbours in time: the cost stays linear however
# often a place or a count is reported.
MAX_CANDIDATES = 50


@dataclass(slots=True)
class DocumentView:
    id: str
    published: date | None
    source: str | None
    near_duplicate_of: str | None


@dataclass(slots=True)
class Evidence:
    documents: dict[str, DocumentView]
    events: list[dict[str, Any]]
    claims: dict[str, dict[str, Any]]
    places: dict[str, dict[str, Any]]
    quantities: dict[str, dict[str, Any]]
    entities: dict[str, dict[str, Any]]
    claim_of_record: dict[str, str] = field(default_factory=dict)  # record id -> claim whose content has it
    denial_of_record: dict[str, str] = field(default_factory=dict)  # record id -> claim that denies it
    # Origins are compared normalised; they are shown as first written.
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store) -> Evidence:
        """Everything from one state of the store, even while another process writes to it."""
        with store.consistent_reads():
            return cls._load(store)

    @classmethod
    def _load(cls, store: Store) -> Evidence:
        documents = {
            row["id"]: DocumentView(row["id"], row["published"], row["source"], row["near_duplicate_of"])
            for row in store.rows("documents", columns=("id", "published", "source", "near_duplicate_of"))
        }
        claims = {row["id"]: row for row in store.rows("claims", columns=_CLAIM_COLUMNS)}
        evidence = cls(
            documents=documents,
            events=list(store.rows("events", columns=_EVENT_COLUMNS)),
            claims=claims,
            places={row["id"]: row for row in store.rows("places", columns=_PLACE_COLUMNS)},
            quantities={row["id"]: row for row in store.rows("quantities", columns=_QUANTITY_COLUMNS)},
            entities={row["id"]: row for row in store.rows("entities", columns=("id", "name", "side"))},
        )
        for claim in claims.values():
            for record_id in claim["contains"]:
                evidence.claim_of_record[record_id] = claim["id"]
                if "denial" in (claim["stance"] or []):
                    evidence.denial_of_record[record_id] = claim["id"]
        return evidence

    def published(self, doc_id: str) -> date | None:
        document = self.documents.get(doc_id)
        return document.published if document else None

    def original(self, doc_id: str) -> str:
        """The document a syndicated copy repeats (following the chain), else the document itself."""
        seen = {doc_id}
        while (parent := self.documents[doc_id].near_duplicate_of) is not None and parent not in seen:
            seen.add(parent)
            doc_id = parent
        return doc_id

    def origin(self, doc_id: str, claim_id: str | None) -> str:
        """Where a piece of information comes from: the speaker of the claim it is reported in, else
        the outlet that published the original of the document."""
        claim = self.claims.get(claim_id) if claim_id else None
        if claim is not None and claim["kind"] != "outlet":
            if claim["speaker"]:
                return f"entity:{claim['speaker']}"
            described = claim["speaker_role"] or claim["source_text"]
            if described:
                return self._labelled("speaker", described)
        original = self.original(doc_id)
        source = self.documents[original].source
        return self._labelled("outlet", source) if source else f"document:{original}"

    def _labelled(self, kind: str, written: str) -> str:
        origin = origin_key(kind, written)
        self.labels.setdefault(origin, " ".join(written.split()))
        return origin

    def origin_label(self, origin: str) -> str:
        kind, _, key = origin.partition(":")
        if kind == "entity" and key in self.entities:
            return str(self.entities[key]["name"])
        return self.labels.get(origin, key)

    def interval(self, value: str | None, precision: str | None, doc_id: str) -> Interval | None:
        """The days a dated record covers; a record dated by its report covers the days just before."""
        if precision != "reported_on":
            covered = value_interval(value)
            if covered is not None:
                return covered
        published = self.published(doc_id)
        if published is None:
            return None
        return published - REPORTING_LAG, published


_EVENT_COLUMNS = ("id", "doc_id", "start", "trigger_start", "type", "trigger", "mode", "modality", "actors",
                  "place", "date", "date_precision", "claim", "control_side", "quantities",
                  "category")  # fmt: skip
_CLAIM_COLUMNS = ("id", "doc_id", "kind", "speaker", "speaker_role", "source_text", "stance", "contains")
_PLACE_COLUMNS = ("id", "doc_id", "gazetteer_id", "name", "lat", "lon", "admin1", "country")
_QUANTITY_COLUMNS = ("id", "doc_id", "start", "text", "low", "high", "unit", "counted", "owner")


def overlaps(a: Interval | None, b: Interval | None) -> bool:
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]
