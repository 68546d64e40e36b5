"""The database connections an engine has in use now, whatever thread uses them, and a way to stop the
statements they run: a shutdown need not wait for a long read (see ``Store.interrupt``)."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine, event


class BusyConnections:
    def __init__(self, engine: Engine):
        self._busy: set[Any] = set()
        self._lock = threading.Lock()
        event.listen(engine, "checkout", self._checked_out)
        event.listen(engine, "checkin", self._checked_in)

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        with self._lock:
            self._busy.add(dbapi_connection)

    def _checked_in(self, dbapi_connection: Any, _record: Any) -> None:
        with self._lock:
            self._busy.discard(dbapi_connection)

    def interrupt(self) -> None:
        """SQLite's connections are interrupted, PostgreSQL's (psycopg) cancelled; both may be from
        another thread than the one running the statement."""
        with self._lock:
            busy = list(self._busy)
        for connection in busy:
            stop = getattr(connection, "interrupt", None) or getattr(connection, "cancel", None)
            if stop is not None:
                stop()
