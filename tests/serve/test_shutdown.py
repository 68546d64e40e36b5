"""`sitroom serve` stops promptly on SIGTERM, even while a request runs a long SQLite query: the signal
handler interrupts the store's queries instead of waiting for them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from sitroom.serve.server import GRACE_SECONDS
from sitroom.store import Store

pytest.importorskip("uvicorn", reason="the web extra is not installed")

# Counts for minutes: only an interrupt ends it in time.
LONG_QUERY = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000000000) "
    "SELECT count(*) FROM n"
)

SERVER = f"""
import sys
from sqlalchemy import text
from sitroom.serve import create_app
from sitroom.serve.server import run
from sitroom.store import Store

store = Store.open(sys.argv[1])
app = create_app(store, "test-token-0123456789")

@app.get("/slow")
def slow() -> dict:
    with store.engine.connect() as conn:
        return {{"count": conn.execute(text({LONG_QUERY!r})).scalar()}}

run(app, store, "127.0.0.1", int(sys.argv[2]))
"""


def test_interrupt_stops_a_query_running_in_another_thread(tmp_path):
    store = Store.open(tmp_path / "sitroom.db")
    failures: list[Exception] = []

    def read() -> None:
        try:
            with store.engine.connect() as conn:
                conn.execute(text(LONG_QUERY)).scalar()
        except OperationalError as error:
            failures.append(error)

    reader = threading.Thread(target=read)
    started = time.monotonic()
    reader.start()
    # An interrupt before the statement starts does nothing: repeat until it has stopped it.
    while reader.is_alive() and time.monotonic() - started < 10:
        store.interrupt()
        reader.join(0.1)
    assert not reader.is_alive()
    assert time.monotonic() - started < 5
    assert "interrupted" in str(failures[0])
    store.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_sigterm_during_a_long_query_stops_the_server_at_once(tmp_path):
    Store.open(tmp_path / "sitroom.db").close()
    script = tmp_path / "serve.py"
    script.write_text(SERVER)
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(script), str(tmp_path / "sitroom.db"), str(port)])
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/openapi.json", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        answers: list[tuple[int, dict]] = []

        def ask() -> None:
            try:
                urllib.request.urlopen(f"{url}/slow", timeout=120)
            except urllib.error.HTTPError as error:
                answers.append((error.code, json.loads(error.read())))

        asking = threading.Thread(target=ask)
        asking.start()
        time.sleep(1.0)  # the query is running
        signalled = time.monotonic()
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        # Well before uvicorn's grace period would have given up on the request.
        assert time.monotonic() - signalled < GRACE_SECONDS - 1
        asking.join(10)
        assert answers and answers[0][0] == 500 and "OperationalError" in answers[0][1]["error"]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
