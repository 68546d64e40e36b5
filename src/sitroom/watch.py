"""``sitroom watch``: poll feeds and folders on a schedule, ingest what is new and process it.

Feeds are fetched with conditional requests (ETag, Last-Modified), so an unchanged feed costs one
"304 Not Modified"; in folders, only files whose modification time or size changed are read. A source that
fails is left alone for a back-off that doubles with each consecutive failure, up to a ceiling. All this is
kept in the store (table ``watch_state``), so a restarted watcher resumes where the last one stopped; and a
document read twice (a crash between ingesting and saving the state) is an exact duplicate, not a new row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

from sitroom.engines import RunOptions
from sitroom.ingest import IngestLimits, ReadContext
from sitroom.ingest.base import Item, problem
from sitroom.ingest.feed import Validators, fetch_if_changed, parse_feed
from sitroom.ingest.sources import read_file, walk
from sitroom.records import IngestProblem
from sitroom.store import Store
from sitroom.workflow import IngestSummary, ProcessSummary, Reporter, ingest_items, process


@dataclass(slots=True)
class WatchRound:
    number: int
    polled: int = 0
    unchanged: int = 0  # polled, nothing new (a 304, or no changed file)
    waiting: int = 0  # not polled: backing off after failures
    failures: list[IngestProblem] = field(default_factory=list)
    ingest: IngestSummary = field(default_factory=IngestSummary)
    process: ProcessSummary | None = None


@dataclass(slots=True)
class _Poll:
    items: list[Item]
    state: dict[str, Any]  # watch_state columns to save once the items are stored


def watch(
    store: Store,
    sources: Sequence[str],
    *,
    interval: float = 300.0,
    max_backoff: float = 3600.0,
    rounds: int | None = None,
    limits: IngestLimits | None = None,
    options: RunOptions | None = None,
    annotate: bool = True,
    reporter: Reporter | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[WatchRound]:
    """Poll ``sources`` every ``interval`` seconds (``rounds`` times, or forever); yield each round's outcome.

    With ``annotate``, each round ends by processing every pending document (also those a previous,
    interrupted watcher left), so the store keeps up with its sources.
    """
    ctx = ReadContext(limits or IngestLimits())
    for number in count(1):
        started = time.monotonic()
        now = datetime.now(UTC)
        result = WatchRound(number)
        for source in sources:
            state = store.watch_state(source)
            if state is not None and state["next_poll_at"] > now.replace(tzinfo=None):
                result.waiting += 1
                continue
            result.polled += 1
            outcome = _poll(store, source, state or {}, ctx)
            if isinstance(outcome, IngestProblem):
                failures = (state["failures"] if state else 0) + 1
                backoff = min(interval * 2**failures, max_backoff)
                store.save_watch_state(
                    source,
                    files=state["files"] if state else {},
                    failures=failures,
                    last_error=outcome.message,
                    polled_at=now,
                    next_poll_at=now + timedelta(seconds=backoff),
                )
                result.failures.append(outcome)
                continue
            _merge(result.ingest, ingest_items(store, outcome.items, reporter))
            result.unchanged += not outcome.items
            store.save_watch_state(
                source, **outcome.state, failures=0, last_error=None, polled_at=now, next_poll_at=now
            )
        if annotate:
            result.process = process(store, options, reporter=reporter)
        yield result
        if rounds is not None and number >= rounds:
            return
        sleep(max(0.0, started + interval - time.monotonic()))


def _poll(store: Store, source: str, state: dict[str, Any], ctx: ReadContext) -> _Poll | IngestProblem:
    if source.lower().startswith(("http://", "https://")):
        return _poll_feed(source, state, ctx)
    return _poll_files(store, Path(source), state, ctx)


def _poll_feed(url: str, state: dict[str, Any], ctx: ReadContext) -> _Poll | IngestProblem:
    known = Validators(state.get("etag"), state.get("last_modified"))
    fetched = fetch_if_changed(url, ctx.limits, known)
    if fetched is None:
        return _Poll([], {"etag": known.etag, "last_modified": known.last_modified, "files": {}})
    if isinstance(fetched, IngestProblem):
        return fetched
    body, validators = fetched
    state = {"etag": validators.etag, "last_modified": validators.last_modified, "files": {}}
    return _Poll(list(parse_feed(body, url)), state)


def _poll_files(store: Store, root: Path, state: dict[str, Any], ctx: ReadContext) -> _Poll | IngestProblem:
    """The files under ``root`` (a folder or one file) that are new or changed since the last poll."""
    if root.is_dir():
        found = list(walk(root, frozenset(path.resolve() for path in store.files())))
    elif root.is_file():
        found = [root]
    else:
        return problem(str(root), "no such file or directory")
    seen: dict[str, str] = state.get("files") or {}
    current: dict[str, str] = {}
    items: list[Item] = []
    for path in found:
        if not isinstance(path, Path):
            items.append(path)  # a subfolder that cannot be listed
            continue
        try:
            stat = path.stat()
        except OSError as error:  # removed since the folder was listed
            items.append(problem(str(path), f"cannot read: {error.strerror or error}"))
            continue
        current[str(path)] = f"{stat.st_mtime_ns}:{stat.st_size}"
        if seen.get(str(path)) != current[str(path)]:
            items += read_file(path, str(path), ctx)
    return _Poll(items, {"etag": None, "last_modified": None, "files": current})


def _merge(total: IngestSummary, part: IngestSummary) -> None:
    total.added += part.added
    total.replaced += part.replaced
    total.duplicates += part.duplicates
    total.near_duplicates += part.near_duplicates
    total.problems += part.problems
