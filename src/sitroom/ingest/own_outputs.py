"""sitroom's own earlier outputs, recognised by content, so that reading a folder never stores them.

``sitroom analyze FOLDER`` may find an earlier run's report, exports and store in FOLDER. Each is known by
its content, whatever its name: the reports and the JSON-family exports name their generator
(``records.GENERATOR``), Parquet files carry it in their metadata, a store is a SQLite file with sitroom's
tables. A CSV export cannot carry a tag, so it is known by its shape: named after an export collection,
with ``id`` as its first column (or empty: a collection with no records).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from sitroom.records import EXPORT_COLLECTIONS, GENERATOR_NAME

_NAME = re.escape(GENERATOR_NAME).encode()
# report.html: <meta name=generator content='sitroom 0.1.0'> (quoted or not)
_HTML_TAG = re.compile(rb"<meta\s+name=[\"']?generator[\"']?\s+content=[\"']?" + _NAME + rb" ", re.IGNORECASE)
# report.md opens with <!-- generator: sitroom 0.1.0 -->
_MARKDOWN_TAG = re.compile(rb"\A<!-- generator: " + _NAME + rb" ")
# sitroom.json, sitroom.jsonl's header line, places.geojson: a first-line "generator": "sitroom 0.1.0"
_JSON_TAG = re.compile(rb'\A\{[^\n]*"generator": "' + _NAME + rb" ")
_PARQUET = b"PAR1"
_SQLITE = b"SQLite format 3\x00"
_STORE_TABLES = frozenset({"alembic_version", "documents"})
_STORE_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside a store while it is open
_FOOTER_LIMIT = 1 << 20  # a Parquet footer (its schema and metadata) is far smaller for any export


def is_own_output(path: Path, head: bytes) -> bool:
    """Whether the file at ``path``, starting with ``head``, is a report, export or store sitroom wrote."""
    if _HTML_TAG.search(head) or _MARKDOWN_TAG.match(head) or _JSON_TAG.match(head):
        return True
    if head.startswith(_PARQUET):
        return _parquet_by_sitroom(path)
    if head.startswith(_SQLITE):
        return _is_store(path)
    if path.name.endswith(_STORE_COMPANIONS):
        return _is_store(path.with_name(path.name.rsplit("-", 1)[0]))
    return _is_csv_export(path, head)


def _parquet_by_sitroom(path: Path) -> bool:
    # The footer ends the file: metadata, its 4-byte little-endian length, then the magic again.
    try:
        with path.open("rb") as stream:
            stream.seek(-8, 2)
            tail = stream.read(8)
            size = int.from_bytes(tail[:4], "little")
            if tail[4:] != _PARQUET or size > _FOOTER_LIMIT:
                return False
            stream.seek(-8 - size, 2)
            footer = stream.read(size)
    except OSError:
        return False
    return b"generator" in footer and GENERATOR_NAME.encode() + b" " in footer


def _is_store(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            if stream.read(len(_SQLITE)) != _SQLITE:
                return False
        # Read-only and immutable: nothing is written beside the file, even for a WAL-mode store.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            tables = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            names = {row[0] for row in tables}
        finally:
            connection.close()
    except (OSError, sqlite3.Error):
        return False
    return names >= _STORE_TABLES


def _is_csv_export(path: Path, head: bytes) -> bool:
    if path.suffix.lower() != ".csv" or path.stem not in EXPORT_COLLECTIONS:
        return False
    return head == b"" or head.startswith(b"id,")
