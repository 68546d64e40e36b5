"""sitroom watch: conditional polling of feeds, changed files only, back-off, state kept in the store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sitroom.store import Store
from sitroom.watch import watch

ETAG = '"feed-v1"'
LAST_MODIFIED = "Fri, 10 May 2024 08:00:00 GMT"


def feed(*entries: int) -> bytes:
    items = "".join(
        f"<item><guid>dispatch-{i}</guid><title>Dispatch {i}</title>"
        f"<pubDate>Fri, {10 + i} May 2024 07:00:00 GMT</pubDate>"
        f"<description>Russian forces shelled Vovchansk on day {i}, governor Oleh Syniehubov said."
        f"</description></item>"
        for i in entries
    )
    channel = f"<channel><title>Wire</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


@dataclass
class FeedServer:
    """A feed on 127.0.0.1 that honours conditional requests and records what it was asked."""

    body: bytes = field(default_factory=lambda: feed(1, 2))
    etag: str = ETAG
    failing: bool = False
    requests: list[dict[str, str]] = field(default_factory=list)
    url: str = ""


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    state = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(dict(self.headers))
            if state.failing:
                self.send_error(503)
            elif self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
            else:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", state.etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Content-Length", str(len(state.body)))
                self.end_headers()
                self.wfile.write(state.body)

        def log_message(self, *_args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/feed.rss"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def one_round(db, sources, **options):
    """A round as a fresh `sitroom watch --once` would run it: state comes only from the store."""
    with Store.open(db) as store:
        (result,) = watch(store, sources, rounds=1, **options)
        return result


def test_an_unchanged_feed_is_asked_conditionally_and_only_new_entries_are_processed(server, tmp_path):
    db = tmp_path / "s.db"
    first = one_round(db, [server.url])
    assert (first.ingest.added, first.process.processed) == (2, 2)

    again = one_round(db, [server.url])
    assert server.requests[-1]["If-None-Match"] == ETAG
    assert server.requests[-1]["If-Modified-Since"] == LAST_MODIFIED
    assert (again.unchanged, again.ingest.added, again.process.processed) == (1, 0, 0)

    server.body, server.etag = feed(1, 2, 3), '"feed-v2"'
    updated = one_round(db, [server.url])
    assert (updated.ingest.added, updated.ingest.duplicates, updated.process.processed) == (1, 2, 1)
    with Store.open(db) as store:
        assert store.counts()["documents_processed"] == 3
        assert store.watch_state(server.url)["etag"] == '"feed-v2"'


def test_a_failing_feed_backs_off_then_recovers(server, store_url):
    db = store_url
    server.failing = True
    failed = one_round(db, [server.url], interval=1.0, annotate=False)
    assert len(failed.failures) == 1 and "503" in failed.failures[0].message
    waiting = one_round(db, [server.url], interval=1.0, annotate=False)
    assert (waiting.waiting, waiting.polled, len(server.requests)) == (1, 0, 1)
    with Store.open(db) as store:
        state = store.watch_state(server.url)
    assert state["failures"] == 1
    assert (state["next_poll_at"] - state["polled_at"]).total_seconds() == 2.0  # twice the interval

    server.failing = False
    time.sleep(2.1)
    recovered = one_round(db, [server.url], interval=1.0, annotate=False)
    assert (recovered.polled, recovered.failures, recovered.ingest.added) == (1, [], 2)
    with Store.open(db) as store:
        assert store.watch_state(server.url)["failures"] == 0


def test_a_folder_is_read_again_only_where_files_are_new_or_changed(tmp_path, store_url):
    folder = tmp_path / "in"
    folder.mkdir()
    story = "Russian forces shelled Vovchansk, governor Oleh Syniehubov said."
    (folder / "a.txt").write_text(f"A\ndate 2024-05-10\n\n{story}\n")
    db = store_url
    assert one_round(db, [str(folder)], annotate=False).ingest.added == 1

    unchanged = one_round(db, [str(folder)], annotate=False)
    assert (unchanged.unchanged, unchanged.ingest.duplicates) == (1, 0)  # nothing was even read

    (folder / "a.txt").write_text(f"A (updated)\ndate 2024-05-10\n\n{story} Two were wounded.\n")
    (folder / "b.txt").write_text("B\ndate 2024-05-11\n\nUkrainian troops entered Lyman, officials said.\n")
    changed = one_round(db, [str(folder)], annotate=False)
    assert (changed.ingest.added, changed.ingest.replaced, changed.ingest.duplicates) == (1, 1, 0)


def test_rounds_are_bounded_and_spaced_by_the_interval(tmp_path):
    (tmp_path / "in").mkdir()
    pauses: list[float] = []
    with Store.open(tmp_path / "s.db") as store:
        results = list(
            watch(store, [str(tmp_path / "in")], interval=30.0, rounds=3, annotate=False, sleep=pauses.append)
        )
    assert [r.number for r in results] == [1, 2, 3]
    assert len(pauses) == 2 and all(25.0 < pause <= 30.0 for pause in pauses)


def test_watch_command_runs_one_round_and_refuses_a_missing_source(tmp_path):
    import subprocess
    import sys

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "A\ndate 2024-05-10\n\nUkrainian troops entered Lyman, officials said.\n"
    )
    command = [sys.executable, "-m", "sitroom", "watch", "--db", str(tmp_path / "s.db"), "--once", "-q"]
    ok = subprocess.run([*command, "--no-process", str(tmp_path / "in")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "round 1: 1 polled" in ok.stderr and "ingest: 1 added" in ok.stderr
    missing = subprocess.run(
        [*command, "--no-process", str(tmp_path / "nowhere")], capture_output=True, text=True
    )
    assert missing.returncode == 2  # a usage error, before the store is even opened
    assert missing.stderr == f"error: no such file or directory: {tmp_path / 'nowhere'}\n"
