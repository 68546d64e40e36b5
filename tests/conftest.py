from __future__ import annotations

import hashlib
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine

import sitroom
from sitroom.records import Document, stable_id
from sitroom.store import Store


def make_document(text: str, *, published: date | None = None, **fields: object) -> Document:
    """A Document as ``ingest.prepare`` would make it from clean text (identity offset map)."""
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    values: dict[str, object] = {
        "id": stable_id("doc", content_hash),
        "content_hash": content_hash,
        "origin": f"test:{content_hash[:8]}",
        "format": "text",
        "raw_text": text,
        "text": text,
        "offset_map": [(0, 0, len(text))],
        "published": published,
    }
    values.update(fields)
    return Document(**values)  # type: ignore[arg-type]


def store_snapshot(db: Path | str) -> dict[str, list[tuple]]:
    """Every row of every table but its timestamps, read the same way from SQLite or PostgreSQL."""
    with Store.open(db, create=False) as store:
        return store.snapshot()


# A PostgreSQL URL whose role may create databases (CI sets it; see .ci/run). Without it, the PostgreSQL
# variants of the store tests are skipped; with it, an unreachable server is an error, not a skip.
POSTGRES_URL_VARIABLE = "SITROOM_TEST_POSTGRES_URL"


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    server = os.environ.get(POSTGRES_URL_VARIABLE)
    if not server:
        pytest.skip(
            f"no PostgreSQL server: set {POSTGRES_URL_VARIABLE} to a URL whose role can CREATE DATABASE"
        )
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from sitroom.store import database_url

    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    name = f"sitroom_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url(server)).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin, name)
        admin.dispose()


def drop_database(admin: Engine, name: str) -> None:
    """Drop a test database, also when a connection to it was left open.

    A plain DROP stops an autovacuum worker on the database by itself; WITH (FORCE) stops our own leftover
    sessions, but refuses to touch autovacuum's unless the role may signal every backend.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with admin.connect() as conn:
        try:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        except OperationalError:  # still in use by a session of ours
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The same test against a SQLite file and against a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture()
def store(store_url):
    with Store.open(store_url) as opened:
        yield opened


_T = TypeVar("_T")
_SITROOM_SOURCE = os.path.dirname(sitroom.__file__)


def sitroom_lines_run(call: Callable[[], _T]) -> tuple[_T, int]:
    """``call``'s result and how many lines of sitroom's own code it ran: a measure of work that a busy
    machine does not change, for tests of how cost grows (timings belong in benchmarks/)."""
    count = 0

    def line(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return line

    def call_event(frame: FrameType, event: str, arg: Any) -> Any:
        return line if frame.f_code.co_filename.startswith(_SITROOM_SOURCE) else None

    previous = sys.gettrace()
    sys.settrace(call_event)
    try:
        result = call()
    finally:
        sys.settrace(previous)
    return result, count
