"""``sitroom doctor``: check a store, and repair what can be repaired without losing evidence.

Checks, in order:

- ``integrity``: SQLite's ``PRAGMA integrity_check`` (a damaged file; not repairable here: restore the
  ``.bak-<revision>`` copy made before the last migration, or re-ingest);
- ``schema``: the Alembic revision is the newest (repair: migrate, after the usual backup);
- ``foreign_keys``: SQLite's ``PRAGMA foreign_key_check``;
- ``orphans``: annotation rows and LSH bands of missing documents, mentions and claims naming missing
  entities, near-duplicate pointers, links and incidents naming missing records (repair: delete
  orphan rows, clear dangling pointers, re-queue the documents concerned; then the diagnosis
  ``needs_reconcile`` and ``sitroom doctor --repair`` reconciles again);
- ``offsets``: every annotation's offsets inside its document's clean text and ``text[start:end]``
  equal to the stored text, for the main span and the claim source, claim cue and event trigger
  spans (repair: re-queue the document, dropping its annotations); every document's offset map
  inside its raw text (not repairable: ingest the file again);
- ``status``: a processed, skipped or failed document without a pipeline version, an unknown status
  (repair: re-queue);
- ``summaries``: the map's and the timeline's summary tables equal to a fresh count of the records
  (repair: recompute them; every other repair that deletes rows recomputes them too).

Documents that failed (their annotation or write raised; the rest of their batch was stored) are not
damage: they are listed by reason as notes, for ``sitroom process --retry-failed``.

Re-queueing clears a document's ``pipeline_version`` and sets it back to ``ingested``, so the next
``sitroom process`` annotates it again; documents themselves are never deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Column, ColumnElement, Table, and_, delete, func, not_, or_, select, text, update
from sqlalchemy.engine import Connection

from sitroom.store import Store, schema, summary
from sitroom.store.migrate import current_revision, head_revision, upgrade

STATUSES = ("ingested", "processed", "skipped", "failed")
# (table, start, end, text) of every evidence span a row points at; the first is the row's own span
_SPANS: tuple[tuple[Table, str, str, str], ...] = (
    *((table, "start", "end", "text") for table in schema.ANNOTATION_TABLES),
    (schema.claims, "source_start", "source_end", "source_text"),
    (schema.claims, "cue_start", "cue_end", "cue"),
    (schema.events, "trigger_start", "trigger_end", "trigger"),
)
_ENTITY_REFERENCES = ((schema.mentions, "entity_id"), (schema.claims, "speaker"))
_SAMPLES = 3


@dataclass(slots=True)
class Finding:
    check: str
    problem: str
    count: int
    samples: list[str] = field(default_factory=list)
    repair: str | None = None  # what --repair does about it; None: it cannot

    def line(self) -> str:
        shown = f" (e.g. {', '.join(self.samples)})" if self.samples else ""
        return f"{self.check}: {self.problem}: {self.count:,}{shown}"


@dataclass(slots=True)
class Diagnosis:
    findings: list[Finding] = field(default_factory=list)
    requeue: set[str] = field(default_factory=set)  # documents to annotate again
    orphan_deletes: list[tuple[Table, ColumnElement[bool]]] = field(
        default_factory=list
    )  # (table, where clause)
    pointer_clears: list[tuple[Table, Column[str], ColumnElement[bool]]] = field(
        default_factory=list
    )  # set column NULL
    incidents_stale: bool = False
    summaries_stale: bool = False
    migrate: bool = False
    notes: list[Finding] = field(default_factory=list)  # worth knowing, not damage: failed documents

    @property
    def healthy(self) -> bool:
        return not self.findings

    @property
    def needs_reconcile(self) -> bool:
        """Whether incidents and links must be reconciled again after the repairs: the store cannot run
        reconcile itself (it is the stage above it), so the caller does."""
        return self.incidents_stale or bool(self.requeue or self.orphan_deletes)

    def add(self, finding: Finding) -> None:
        if finding.count:
            self.findings.append(finding)


def diagnose(store: Store) -> Diagnosis:
    diagnosis = Diagnosis()
    with store.engine.connect() as conn:
        _integrity(conn, diagnosis)
        if not diagnosis.healthy:
            return diagnosis  # nothing else can be trusted in a damaged file
        _schema(conn, diagnosis)
        if diagnosis.migrate:
            return diagnosis  # the other checks assume the newest tables
        _foreign_keys(conn, diagnosis)
        _orphans(conn, diagnosis)
        _offsets(conn, diagnosis)
        _statuses(conn, diagnosis)
        _summaries(conn, diagnosis)
    _failed(store, diagnosis)
    return diagnosis


def repair(store: Store, diagnosis: Diagnosis) -> list[str]:
    """Apply the safe repairs of ``diagnosis``; lines saying what was done.

    Reconciling again is left to the caller when ``diagnosis.needs_reconcile`` (``sitroom doctor --repair``
    does it).
    """
    done: list[str] = []
    if diagnosis.migrate:
        upgrade(store.engine, store.sqlite_path)
        done.append(f"migrated the schema to {head_revision()}")
        return done
    with store.engine.begin() as conn:
        for table, where in diagnosis.orphan_deletes:
            deleted = conn.execute(delete(table).where(where)).rowcount
            if deleted:
                done.append(f"deleted {deleted:,} orphan rows from {table.name}")
        for table, column, where in diagnosis.pointer_clears:
            cleared = conn.execute(update(table).where(where).values({column.name: None})).rowcount
            if cleared:
                done.append(f"cleared {cleared:,} dangling {table.name}.{column.name}")
        if diagnosis.requeue:
            ids = sorted(diagnosis.requeue)
            for table in schema.ANNOTATION_TABLES:
                conn.execute(delete(table).where(table.c.doc_id.in_(ids)))
            conn.execute(
                update(schema.documents)
                .where(schema.documents.c.id.in_(ids))
                .values(status="ingested", pipeline_version=None, error=None, processed_at=None)
            )
            done.append(f"re-queued {len(ids):,} documents: run `sitroom process` to annotate them again")
        if diagnosis.summaries_stale or diagnosis.orphan_deletes or diagnosis.requeue:
            summary.rebuild(conn)
            done.append("recomputed the map and timeline summaries")
    return done


def _integrity(conn: Connection, diagnosis: Diagnosis) -> None:
    if conn.dialect.name != "sqlite":
        return
    problems = [row[0] for row in conn.execute(text("PRAGMA integrity_check")) if row[0] != "ok"]
    diagnosis.add(Finding("integrity", "SQLite integrity check failed", len(problems), problems[:_SAMPLES]))


def _schema(conn: Connection, diagnosis: Diagnosis) -> None:
    current, head = current_revision(conn), head_revision()
    if current != head:
        diagnosis.migrate = True
        diagnosis.add(Finding("schema", f"revision {current}, newest is {head}", 1, repair="migrate"))


def _foreign_keys(conn: Connection, diagnosis: Diagnosis) -> None:
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL enforces its foreign keys
    rows = list(conn.execute(text("PRAGMA foreign_key_check")))
    samples = [f"{row[0]} row {row[1]} -> {row[2]}" for row in rows[:_SAMPLES]]
    # the orphan checks below find and repair the same rows by name
    diagnosis.add(Finding("foreign_keys", "rows pointing at missing rows", len(rows), samples, "see orphans"))


def _ids(conn: Connection, column: Column[str]) -> Iterator[str]:
    return (value for value in conn.execute(select(column)).scalars() if value is not None)


def _orphans(conn: Connection, diagnosis: Diagnosis) -> None:
    documents = schema.documents
    known_documents = select(documents.c.id)
    for table in (*schema.ANNOTATION_TABLES, schema.minhash_bands):
        where: ColumnElement[bool] = not_(table.c.doc_id.in_(known_documents))
        if _count(
            conn, diagnosis, "orphans", f"{table.name} of missing documents", table, where, table.c.doc_id
        ):
            diagnosis.orphan_deletes.append((table, where))
    for table, name in _ENTITY_REFERENCES:
        column = table.c[name]
        where = and_(column.is_not(None), not_(column.in_(select(schema.entities.c.id))))
        found = _count(
            conn, diagnosis, "orphans", f"{table.name}.{name} naming missing entities", table, where
        )
        if found:
            diagnosis.requeue.update(conn.execute(select(table.c.doc_id).where(where)).scalars())
    where = and_(
        documents.c.near_duplicate_of.is_not(None), not_(documents.c.near_duplicate_of.in_(known_documents))
    )
    if _count(conn, diagnosis, "orphans", "near_duplicate_of naming missing documents", documents, where):
        diagnosis.pointer_clears.append((documents, documents.c.near_duplicate_of, where))
    records: set[str] = set(_ids(conn, documents.c.id)) | set(_ids(conn, schema.incidents.c.id))
    for table in schema.ANNOTATION_TABLES:
        records.update(_ids(conn, table.c.id))
    dangling = [
        row.id
        for row in conn.execute(select(schema.links))
        if row.source not in records or row.target not in records
    ]
    _add_ids(diagnosis, "links naming missing records", dangling)
    if dangling:
        diagnosis.orphan_deletes.append((schema.links, schema.links.c.id.in_(dangling)))
    events = set(_ids(conn, schema.events.c.id))
    stale = [
        row.id
        for row in conn.execute(select(schema.incidents))
        if not set(row.mentions) <= events or not set(row.documents) <= records
    ]
    _add_ids(diagnosis, "incidents naming missing events or documents", stale)
    diagnosis.incidents_stale |= bool(stale or dangling)


def _add_ids(diagnosis: Diagnosis, problem: str, ids: list[str]) -> None:
    diagnosis.add(Finding("orphans", problem, len(ids), ids[:_SAMPLES], "delete, reconcile again"))


def _count(
    conn: Connection,
    diagnosis: Diagnosis,
    check: str,
    problem: str,
    table: Table,
    where: ColumnElement[bool],
    sample: Column[str] | None = None,
) -> int:
    count = conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
    samples: list[str] = []
    if count:
        column = sample if sample is not None else table.primary_key.columns[0]
        samples = [str(v) for v in conn.execute(select(column).where(where).limit(_SAMPLES)).scalars()]
    diagnosis.add(Finding(check, problem, count, samples, "delete or re-queue"))
    return int(count)


def _offsets(conn: Connection, diagnosis: Diagnosis) -> None:
    documents = schema.documents
    for table, start_name, end_name, text_name in _SPANS:
        start, end, evidence = table.c[start_name], table.c[end_name], table.c[text_name]
        wrong = or_(
            start < 0,
            end < start,
            end > func.length(documents.c.text),
            func.substr(documents.c.text, start + 1, end - start) != evidence,
        )
        query = (
            select(table.c.doc_id, table.c.id)
            .join(documents, documents.c.id == table.c.doc_id)
            .where(start.is_not(None), end.is_not(None), wrong)
        )
        rows = list(conn.execute(query))
        if rows:
            diagnosis.requeue.update(row.doc_id for row in rows)
        problem = f"{table.name} whose {start_name}:{end_name} is not their {text_name} in the document text"
        diagnosis.add(Finding("offsets", problem, len(rows), [row.id for row in rows[:_SAMPLES]], "re-queue"))
    broken = [
        row.id
        for row in conn.execute(
            select(documents.c.id, documents.c.offset_map, func.length(documents.c.raw_text))
        )
        if any(raw_start < 0 or raw_start + length > row[2] for _, raw_start, length in row.offset_map)
    ]
    # written at ingest from the raw text: re-ingesting the file is the repair, not re-processing
    diagnosis.add(
        Finding("offsets", "documents whose offset map leaves the raw text", len(broken), broken[:_SAMPLES])
    )


def _statuses(conn: Connection, diagnosis: Diagnosis) -> None:
    docs = schema.documents.c
    for problem, where in (
        (
            "documents marked done without a pipeline version",
            and_(docs.status != "ingested", docs.pipeline_version.is_(None)),
        ),
        ("documents with an unknown status", not_(docs.status.in_(STATUSES))),
    ):
        ids = list(conn.execute(select(docs.id).where(where)).scalars())
        diagnosis.requeue.update(ids)
        diagnosis.add(Finding("status", problem, len(ids), ids[:_SAMPLES], "re-queue"))


def _summaries(conn: Connection, diagnosis: Diagnosis) -> None:
    outdated = summary.stale(conn)
    diagnosis.summaries_stale = bool(outdated)
    problem = "summary tables that differ from the records they count"
    diagnosis.add(Finding("summaries", problem, len(outdated), outdated, "recompute"))


def _failed(store: Store, diagnosis: Diagnosis) -> None:
    for reason, ids in store.failures().items():
        diagnosis.notes.append(Finding("failed documents", reason, len(ids), ids[:_SAMPLES]))
