"""Store: one SQL database (SQLite file by default, or PostgreSQL) holding documents, annotations, links.

Writes happen in short transactions (a document at ingest, a batch of documents' annotations at
processing), so that a crash or Ctrl-C leaves every document either fully written or not at all; ids
are deterministic, so re-running finishes the job without duplicates. On PostgreSQL, concurrent writers
(several ``sitroom`` processes on one database) are serialised on the rows they share, so they end in
the same state as the same writes made one after the other.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError

from sitroom.records import Annotations, Document, Entity, Incident, Link, stable_id
from sitroom.store import read, schema, summary
from sitroom.store.busy import BusyConnections
from sitroom.store.filters import Filters, fulltext_terms
from sitroom.store.migrate import current_revision, upgrade
from sitroom.store.read import BadCursor, Page
from sitroom.store.rows import (
    annotation_row,
    bytewise,
    document_from_row,
    document_row,
    flat_row,
    insert_ignoring_existing,
    insert_statement,
    lock_keys,
    naive_utc,
)

__all__ = [
    "AddResult",
    "BadCursor",
    "Filters",
    "Page",
    "RejectedWrite",
    "Store",
    "StoreNotFound",
    "database_url",
    "fulltext_terms",
]

AddOutcome = Literal["added", "duplicate", "replaced"]
# Link kinds that the reconcile stage owns and recomputes; "near_duplicate" belongs to ingest.
RECONCILED_LINK_KINDS = ("same_story", "same_event", "corroborates", "contradicts")
_VOLATILE_COLUMNS = frozenset(("ingested_at", "processed_at", "saved_at"))
# Tables of no records: machinery, and summaries of the records counted already.
_BOOKKEEPING = ("minhash_bands", "watch_state", "pipeline_config", *(t.name for t in schema.SUMMARY_TABLES))


class StoreNotFound(FileNotFoundError):
    """A command that only reads was pointed at a store that does not exist (a usage error)."""


class RejectedWrite(Exception):
    """The database refused a write for the data written (a record id used twice, a value it cannot
    hold), not for its own state: written apart, the other documents of the batch may well go in."""


@dataclass(slots=True)
class AddResult:
    outcome: AddOutcome
    doc_id: str  # the stored document (for a duplicate: the one already there)


def database_url(db: str | Path) -> str:
    """Accept a SQLAlchemy URL or a plain file path (the SQLite default).

    A bare ``postgresql://`` (or libpq's ``postgres://``) URL gets psycopg 3, the driver of the
    ``postgres`` extra.
    """
    url = str(db)
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    scheme, rest = url.split("://", 1)
    return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def identity_of(doc: Document) -> str:
    """What makes two versions "the same article": its record id, else its URL, else the file it was
    read from. Anything else (stdin, a record with neither id nor URL) is identified by its content."""
    if doc.external_id:
        return f"id:{doc.external_id}"
    if doc.url:
        return f"url:{doc.url}"
    path = Path(doc.origin)
    if path.is_file():
        return f"file:{path.resolve()}"
    return f"content:{doc.content_hash}"


class Store:
    """Typed access to the database; the only module that writes SQL."""

    def __init__(self, engine: Engine):
        self.engine = engine
        # Per thread: the workspace serves requests from a pool of threads sharing this Store, and one
        # request's read transaction must never become another's.
        self._local = threading.local()
        self._busy = BusyConnections(engine)

    def interrupt(self) -> None:
        """Stop the statements running now, from any thread (a signal handler's): each fails in its own
        thread with the database's error and its transaction rolls back."""
        self._busy.interrupt()

    @property
    def _snapshot_connection(self) -> Connection | None:
        return getattr(self._local, "snapshot", None)

    @_snapshot_connection.setter
    def _snapshot_connection(self, conn: Connection | None) -> None:
        self._local.snapshot = conn

    @classmethod
    def open(cls, db: str | Path, *, create: bool = True, migrate: bool = True) -> Store:
        """Open (and, unless ``migrate=False``, migrate) a store; with ``create=False`` a missing SQLite
        file is an error."""
        url = database_url(db)
        sqlite_path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
        if sqlite_path is not None:
            if not create and not sqlite_path.exists():
                raise StoreNotFound(f"no sitroom store at {sqlite_path} (see --db)")
            sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        dialect = make_url(url).get_backend_name()
        # Timestamps come back in UTC whatever the server's time zone, as they do from SQLite.
        connect_args = {"options": "-c timezone=UTC"} if dialect == "postgresql" else {}
        engine = create_engine(url, connect_args=connect_args, pool_pre_ping=dialect != "sqlite")
        if dialect == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        elif not create:
            with engine.connect() as conn:
                if current_revision(conn) is None:
                    engine.dispose()
                    raise StoreNotFound(f"no sitroom store in {engine.url!r} (see --db)")
        if migrate:
            upgrade(engine, sqlite_path)
        return cls(engine)

    @property
    def sqlite_path(self) -> Path | None:
        database = self.engine.url.database
        return Path(database) if self.engine.dialect.name == "sqlite" and database else None

    def files(self) -> list[Path]:
        """The database's own files (SQLite file, WAL and shared-memory files); none for a server."""
        path = self.sqlite_path
        return (
            [] if path is None else [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
        )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------ write

    def add_document(
        self,
        doc: Document,
        minhash: bytes | None = None,
        bands: Iterable[int] = (),
        near_duplicate_of: tuple[str, float] | None = None,
    ) -> AddResult:
        """Insert a document; an identical one is a no-op, a changed version replaces its predecessor.

        ``near_duplicate_of`` (original id, similarity) is written in the same transaction, so a crash
        can never leave a near-duplicate unlinked.
        """
        identity = identity_of(doc)
        with self.engine.begin() as conn:
            lock_keys(conn, doc.content_hash, identity)
            existing = conn.execute(
                select(schema.documents.c.id).where(schema.documents.c.content_hash == doc.content_hash)
            ).scalar()
            if existing is not None:
                return AddResult("duplicate", existing)
            previous = (
                conn.execute(select(schema.documents.c.id).where(schema.documents.c.identity == identity))
                .scalars()
                .all()
            )
            touched = summary.Touched()
            touched.note(conn, previous)
            for old_id in previous:
                self._delete_document(conn, old_id)
            conn.execute(insert(schema.documents), [document_row(doc, identity, minhash)])
            touched.note(conn, [doc.id])
            summary.refresh(conn, touched)
            band_rows = [
                {"doc_id": doc.id, "band": band, "bucket": bucket} for band, bucket in enumerate(bands)
            ]
            if band_rows:
                conn.execute(insert(schema.minhash_bands), band_rows)
            if near_duplicate_of is not None and near_duplicate_of[0] not in previous:
                self._link_near_duplicate(conn, doc.id, *near_duplicate_of)
        return AddResult("replaced" if previous else "added", doc.id)

    def _delete_document(self, conn: Connection, doc_id: str) -> None:
        for table in (*schema.ANNOTATION_TABLES, schema.minhash_bands):
            conn.execute(delete(table).where(table.c.doc_id == doc_id))
        conn.execute(
            delete(schema.links).where((schema.links.c.source == doc_id) | (schema.links.c.target == doc_id))
        )
        conn.execute(
            update(schema.documents)
            .where(schema.documents.c.near_duplicate_of == doc_id)
            .values(near_duplicate_of=None)
        )
        conn.execute(delete(schema.documents).where(schema.documents.c.id == doc_id))

    def _link_near_duplicate(
        self, conn: Connection, doc_id: str, original_id: str, similarity: float
    ) -> None:
        link = Link(
            id=stable_id("lnk", "near_duplicate", doc_id, original_id),
            kind="near_duplicate",
            source=doc_id,
            target=original_id,
            score=round(similarity, 4),
            explanation=f"{similarity:.0%} estimated word-shingle overlap",
        )
        conn.execute(
            update(schema.documents)
            .where(schema.documents.c.id == doc_id)
            .values(near_duplicate_of=original_id)
        )
        conn.execute(insert(schema.links), [dataclasses.asdict(link)])

    def save_annotations(
        self,
        batch: Sequence[Annotations],
        pipeline_version: str,
        status: Literal["processed", "skipped"] = "processed",
    ) -> None:
        """Replace the annotations of a batch of documents in one transaction and mark them ``status``.

        Raises ``RejectedWrite`` (the transaction rolled back) when the database refuses the records;
        errors of the database itself (locked, full, unreachable) are raised as they are.
        """
        doc_ids = [annotations.doc for annotations in batch]
        if not doc_ids:
            return
        try:
            self._write_annotations(batch, doc_ids, pipeline_version, status)
        except (OperationalError, InterfaceError):
            raise
        except (SQLAlchemyError, ValueError, TypeError) as error:
            raise RejectedWrite(_reason(error)) from error

    def _write_annotations(
        self, batch: Sequence[Annotations], doc_ids: list[str], pipeline_version: str, status: str
    ) -> None:
        with self.engine.begin() as conn:
            # A concurrent writer of the same documents waits here, then replaces what this one wrote.
            conn.execute(
                select(schema.documents.c.id)
                .where(schema.documents.c.id.in_(doc_ids))
                .order_by(schema.documents.c.id)
                .with_for_update()
            ).all()
            touched = summary.Touched()
            touched.note(conn, doc_ids)
            for table in schema.ANNOTATION_TABLES:
                conn.execute(delete(table).where(table.c.doc_id.in_(doc_ids)))
            self._upsert_entities(conn, [e for annotations in batch for e in annotations.entities])
            for table in schema.ANNOTATION_TABLES:
                rows = [
                    annotation_row(record)
                    for annotations in batch
                    for record in getattr(annotations, table.name)
                ]
                if rows:
                    conn.execute(insert(table), rows)
            conn.execute(
                update(schema.documents)
                .where(schema.documents.c.id.in_(doc_ids))
                .values(
                    status=status,
                    pipeline_version=pipeline_version,
                    error=None,
                    processed_at=datetime.now(UTC),
                )
            )
            touched.note(conn, doc_ids)
            summary.refresh(conn, touched)

    def _upsert_entities(self, conn: Connection, entities: Iterable[Entity]) -> None:
        """Insert new entities; for known ones, add the aliases not seen before."""
        merged: dict[str, Entity] = {}
        for entity in entities:
            if entity.id in merged:
                known_aliases = merged[entity.id].aliases
                known_aliases += [a for a in entity.aliases if a not in known_aliases]
            else:
                merged[entity.id] = dataclasses.replace(entity, aliases=list(entity.aliases))
        if not merged:
            return
        # Aliases are kept sorted, so the stored row does not depend on how documents were batched.
        # Rows go in key order, and those a concurrent writer has just added are locked and merged below.
        conn.execute(
            insert_ignoring_existing(conn, schema.entities),
            [
                {**dataclasses.asdict(merged[i]), "aliases": sorted(set(merged[i].aliases))}
                for i in sorted(merged)
            ],
        )
        columns = schema.entities.c
        stored = conn.execute(
            select(columns.id, columns.name, columns.type, columns.side, columns.kb_id, columns.aliases)
            .where(columns.id.in_(list(merged)))
            .order_by(columns.id)
            .with_for_update()
        ).mappings()
        for row in stored:
            entity = merged[row["id"]]
            values: dict[str, Any] = {"aliases": sorted(set(row["aliases"]) | set(entity.aliases))}
            if entity.kb_id is not None:
                # The knowledge base is authoritative: an edited user file must take effect.
                values.update(name=entity.name, type=entity.type, side=entity.side, kb_id=entity.kb_id)
            if any(row[column] != value for column, value in values.items()):
                conn.execute(update(schema.entities).where(columns.id == row["id"]).values(**values))

    def replace_reconciliation(self, incidents: Sequence[Incident], links: Sequence[Link]) -> None:
        """Swap in a new reconciliation (incidents and cross-document links) in one transaction.

        Reconciliation is recomputed whole from the annotations, so readers see either the previous
        picture or the new one, never a mix; near-duplicate links belong to ingest and are kept.
        """
        with self.engine.begin() as conn:
            lock_keys(conn, "reconciliation")  # two reconciling processes take turns
            conn.execute(delete(schema.incidents))
            conn.execute(delete(schema.links).where(schema.links.c.kind.in_(RECONCILED_LINK_KINDS)))
            # Shallow rows: these records nest no records, and asdict's deep copies cost seconds at scale.
            if incidents:
                conn.execute(insert(schema.incidents), [flat_row(incident) for incident in incidents])
            if links:
                conn.execute(insert(schema.links), [flat_row(link) for link in links])

    def mark_failed(self, doc_id: str, error: str, pipeline_version: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.documents)
                .where(schema.documents.c.id == doc_id)
                .values(status="failed", error=error, pipeline_version=pipeline_version)
            )

    def save_watch_state(self, source: str, **values: Any) -> None:
        """Create or update what ``sitroom watch`` knows about ``source`` (see ``schema.watch_state``)."""
        row = {"source": source, **values}
        with self.engine.begin() as conn:
            statement = insert_statement(conn, schema.watch_state)
            conn.execute(statement.on_conflict_do_update(index_elements=["source"], set_=values), [row])

    def save_pipeline_config(self, config: dict[str, Any]) -> None:
        """Keep ``config`` (a JSON description of the pipeline) as the one the store is processed with."""
        row = {"name": "annotate", "config": config, "saved_at": datetime.now(UTC)}
        with self.engine.begin() as conn:
            statement = insert_statement(conn, schema.pipeline_config)
            conn.execute(statement.on_conflict_do_update(index_elements=["name"], set_=row), [row])

    # ------------------------------------------------------------------------------------------- read

    def pipeline_config(self) -> dict[str, Any] | None:
        found = list(self.rows("pipeline_config", name="annotate"))
        return found[0]["config"] if found else None

    def watch_state(self, source: str) -> dict[str, Any] | None:
        found = list(self.rows("watch_state", source=source))
        return found[0] if found else None

    @contextmanager
    def consistent_reads(self) -> Iterator[None]:
        """Every read inside sees one state of the store (one read transaction), so that an export or a
        report made while ``process`` commits batches never pairs documents from before a batch with
        annotations from after it. Nested uses share the outer one."""
        if self._snapshot_connection is not None:
            yield
            return
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")  # pysqlite begins transactions only for writes
            else:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                conn.begin()
            self._snapshot_connection = conn
            try:
                yield
            finally:
                self._snapshot_connection = None
                conn.rollback()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        if self._snapshot_connection is not None:
            yield self._snapshot_connection
        else:
            with self.engine.connect() as conn:
                yield conn

    def near_duplicate_candidates(self, bands: Iterable[int]) -> list[tuple[str, bytes]]:
        """Documents sharing at least one LSH bucket with ``bands``, with their MinHash signatures."""
        conditions = [
            (schema.minhash_bands.c.band == band) & (schema.minhash_bands.c.bucket == bucket)
            for band, bucket in enumerate(bands)
        ]
        if not conditions:
            return []
        docs = schema.documents.c
        sharing = select(schema.minhash_bands.c.doc_id).where(or_(*conditions))
        with self._reading() as conn:
            query = (
                select(docs.id, docs.minhash)
                .where(docs.id.in_(sharing))
                .order_by(docs.ingested_at, bytewise(conn, docs.id))
            )
            return [(row.id, row.minhash) for row in conn.execute(query)]

    def has_documents(self) -> bool:
        with self._reading() as conn:
            return conn.execute(select(schema.documents.c.id).limit(1)).first() is not None

    def pending_documents(self, pipeline_version: str, *, retry_failed: bool = False) -> list[str]:
        """Ids of documents not yet processed by this pipeline version, in ingestion order."""
        docs = schema.documents.c
        stale = docs.pipeline_version.is_(None) | (docs.pipeline_version != pipeline_version)
        if retry_failed:
            stale = stale | (docs.status == "failed")
        with self._reading() as conn:
            query = select(docs.id).where(stale).order_by(docs.ingested_at, bytewise(conn, docs.id))
            return list(conn.execute(query).scalars())

    def get_documents(self, doc_ids: Iterable[str]) -> list[Document]:
        ids = list(doc_ids)
        with self._reading() as conn:
            rows = conn.execute(select(schema.documents).where(schema.documents.c.id.in_(ids))).mappings()
            by_id = {row["id"]: document_from_row(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def rows(
        self, table_name: str, *, columns: Sequence[str] | None = None, **equals: Any
    ) -> Iterator[dict[str, Any]]:
        """All rows of a table (optionally only ``columns``, and filtered by equality on columns), in
        primary-key order."""
        table = schema.metadata.tables[table_name]
        query = select(*(table.c[name] for name in columns)) if columns else select(table)
        for column, value in equals.items():
            query = query.where(table.c[column] == value)
        with self._reading() as conn:
            query = query.order_by(*(bytewise(conn, column) for column in table.primary_key.columns))
            for row in conn.execute(query).mappings():
                yield {name: naive_utc(value) for name, value in row.items()}

    def view(self, name: str, filters: Filters, limit: int = 50, cursor: str | None = None) -> Page:
        """A keyset page of ``documents``, ``events``, ``incidents``, ``claims``, ``places`` (one row per
        gazetteer entry) or ``entities`` under ``filters``; raises ``BadCursor`` for a cursor this store
        did not issue."""
        with self.engine.connect() as conn:
            return read.FILTERED_VIEWS[name](conn, filters, limit, cursor)

    def view_all(
        self, name: str, filters: Filters, page_size: int = read.MAX_PAGE
    ) -> Iterator[dict[str, Any]]:
        """Every row of a filtered view, fetched a keyset page at a time."""
        cursor: str | None = None
        while True:
            page = self.view(name, filters, page_size, cursor)
            yield from page.items
            if page.next is None:
                return
            cursor = page.next

    def incident_page(self, incident_id: str) -> dict[str, Any] | None:
        """An incident with its reports (event mentions with their documents); None when unknown."""
        with self.engine.connect() as conn:
            return read.incident(conn, incident_id)

    def contradictions(self, limit: int = 500) -> list[dict[str, Any]]:
        """The ``contradicts`` links with both ends' evidence (events and claims, with their documents)."""
        with self.engine.connect() as conn:
            return read.contradictions(conn, limit)

    def links_page(
        self, kind: str | None = None, record: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> Page:
        with self.engine.connect() as conn:
            return read.links(conn, kind, record, limit, cursor)

    def timeline(self, filters: Filters) -> dict[str, list[dict[str, Any]]]:
        with self.engine.connect() as conn:
            return read.timeline(conn, filters)

    def document_page(self, doc_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return read.document(conn, doc_id)

    def entity_page(self, entity_id: str, limit: int = 200) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return read.entity(conn, entity_id, limit)

    def place_page(self, gazetteer_id: str, limit: int = 200) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return read.place(conn, gazetteer_id, limit)

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows, without the timestamps, in a fixed order: stores holding the same content
        compare equal however their writes were interrupted, repeated or batched."""
        with self.consistent_reads():
            # Through ``rows``, which reads values and order alike from SQLite and PostgreSQL.
            return {
                name: sorted(
                    (
                        tuple((k, v) for k, v in row.items() if k not in _VOLATILE_COLUMNS)
                        for row in self.rows(name)
                    ),
                    key=repr,
                )
                for name in schema.metadata.tables
            }

    def counts(self) -> dict[str, int]:
        with self.consistent_reads(), self._reading() as conn:
            counts = {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in schema.metadata.tables.items()
                if name not in _BOOKKEEPING
            }
            for status, n in conn.execute(
                select(schema.documents.c.status, func.count()).group_by(schema.documents.c.status)
            ):
                counts[f"documents_{status}"] = n
        return counts

    def failures(self) -> dict[str, list[str]]:
        """The ids of failed documents by reason, the most frequent reason first."""
        docs = schema.documents.c
        by_reason: dict[str, list[str]] = {}
        with self._reading() as conn:
            query = select(docs.id, docs.error).where(docs.status == "failed")
            for doc_id, error in conn.execute(query.order_by(bytewise(conn, docs.id))):
                by_reason.setdefault(error or "no reason recorded", []).append(doc_id)
        return dict(sorted(by_reason.items(), key=lambda item: (-len(item[1]), item[0])))


def _reason(error: Exception) -> str:
    """The first line of the database's own message (without the statement and its parameters)."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    message = str(cause).strip()
    return f"{type(cause).__name__}: {message.splitlines()[0]}" if message else type(cause).__name__
