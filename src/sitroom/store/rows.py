"""Rows of the store's tables from the typed records and back, and the SQL that differs between dialects."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, String, Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import Insert

from sitroom.records import BoilerplateSpan, Document


def lock_keys(conn: Connection, *keys: str) -> None:
    """On PostgreSQL, make transactions that touch the same keys run one after the other.

    SQLite needs nothing: it has one writer at a time. The locks are taken in a fixed order so that two
    writers never wait for each other.
    """
    if conn.dialect.name != "postgresql":
        return
    # PostgreSQL calls a volatile function of the select list after sorting, so the locks go in key order.
    conn.execute(
        text(
            "SELECT pg_advisory_xact_lock(hashtextextended(key, 0))"
            " FROM unnest(CAST(:keys AS text[])) AS key ORDER BY key"
        ),
        {"keys": sorted(set(keys))},
    )


def insert_statement(conn: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL have it)."""
    return postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table)


def insert_ignoring_existing(conn: Connection, table: Table) -> Insert:
    """An INSERT that skips rows whose primary key is already there (ON CONFLICT DO NOTHING)."""
    return insert_statement(conn, table).on_conflict_do_nothing()


def bytewise(conn: Connection, column: Column[Any]) -> Any:
    """Order text by its bytes, as SQLite does, whatever the PostgreSQL database's locale."""
    if conn.dialect.name == "postgresql" and isinstance(column.type, String):
        return column.collate("C")
    return column


def naive_utc(value: Any) -> Any:
    """Timestamps as SQLite returns them (UTC without an offset), so every backend reads the same rows."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def document_row(doc: Document, identity: str, minhash: bytes | None) -> dict[str, Any]:
    row = dataclasses.asdict(doc)
    row["boilerplate"] = [dataclasses.asdict(span) for span in doc.boilerplate]
    row["offset_map"] = [list(segment) for segment in doc.offset_map]
    row.update(
        identity=identity,
        minhash=minhash,
        status="ingested",
        ingested_at=datetime.now(UTC),
    )
    return row


def document_from_row(row: Any) -> Document:
    fields = {f.name for f in dataclasses.fields(Document)}
    values = {name: row[name] for name in fields}
    values["offset_map"] = [tuple(segment) for segment in row["offset_map"]]
    values["boilerplate"] = [BoilerplateSpan(**span) for span in row["boilerplate"]]
    return Document(**values)


def flat_row(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def annotation_row(record: Any) -> dict[str, Any]:
    row = dataclasses.asdict(record)
    row["doc_id"] = row.pop("doc")
    if "entity" in row:
        row["entity_id"] = row.pop("entity")
    return row
