"""Annotation in the background: the workspace can process what was added without blocking its readers."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sitroom.engines import RunOptions
from sitroom.store import Store
from sitroom.workflow import Reporter, process

JobState = Literal["idle", "running", "done", "failed"]


@dataclass(slots=True)
class Progress:
    state: JobState = "idle"
    total: int = 0
    done: int = 0
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    error: str | None = None


class _Counting(Reporter):
    """Counts the documents of the annotation stage; the stages after it (reconcile) have no count."""

    def __init__(self, progress: Progress, lock: threading.Lock):
        self.progress = progress
        self.lock = lock
        self.counting = False

    def stage(self, name: str, total: int | None = None) -> None:
        self.counting = name == "process"
        if self.counting:
            with self.lock:
                self.progress.total = total or 0

    def advance(self, count: int = 1) -> None:
        if self.counting:
            with self.lock:
                self.progress.done += count


class ProcessJob:
    """One ``sitroom process`` at a time, in a thread of the server, with its progress."""

    def __init__(self, store: Store, options: RunOptions | None = None):
        self.store = store
        self.options = options or RunOptions()
        self.lock = threading.Lock()
        self.progress = Progress()

    def start(self) -> bool:
        """Start a run; False when one is already running."""
        with self.lock:
            if self.progress.state == "running":
                return False
            self.progress = Progress(state="running")
        threading.Thread(target=self._run, name="sitroom-process", daemon=True).start()
        return True

    def _run(self) -> None:
        try:
            summary = process(self.store, self.options, reporter=_Counting(self.progress, self.lock))
        except Exception as error:  # reported to the analyst through the progress, not lost in a thread
            with self.lock:
                self.progress.state, self.progress.error = "failed", repr(error)
            return
        with self.lock:
            self.progress.processed = summary.processed
            self.progress.skipped = summary.skipped
            self.progress.failed = len(summary.failed)
            self.progress.state = "done"

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return asdict(self.progress)
