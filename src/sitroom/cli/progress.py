"""Progress on the terminal: a bar a stage, documents per second, problems and notes one line each."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from sitroom.records import IngestProblem
from sitroom.reporting import Reporter

err = Console(stderr=True, soft_wrap=True, highlight=False)

DOCUMENT_STAGES = frozenset({"ingest", "process"})  # stages that count documents; the others count work


class _Count(ProgressColumn):
    """Documents done of the total (or so far), or the share of the work for a stage of another kind."""

    def render(self, task: Task) -> Text:
        if task.fields.get("documents"):
            total = "?" if task.total is None else f"{task.total:,.0f}"
            return Text(f"{task.completed:,.0f}/{total}", style="progress.download")
        return Text("" if task.total is None else f"{task.percentage:>3.0f}%", style="progress.percentage")


class _Rate(ProgressColumn):
    """Documents per second over the whole stage: the count divided by the elapsed time shown beside it."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time or task.elapsed
        if not task.fields.get("documents") or not elapsed or not task.completed:
            return Text("")
        return Text(f"{task.completed / elapsed:,.1f} docs/s", style="progress.data.speed")


class RichReporter(Reporter):
    """Progress bars on stderr with documents/second; problems and notes printed as they happen, one line
    each. A stage's bar stops when the next begins, full if it had no total (it is done)."""

    def __init__(self, quiet: bool = False):
        self.progress = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            _Count(),
            _Rate(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            disable=quiet,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        if exc_type is None:
            self._finish()
        self.progress.stop()

    def _finish(self) -> None:
        if self.task is None:
            return
        task = self.progress.tasks[-1]  # the current stage: stages are added one after the other
        if task.total is None:
            done = task.completed if task.fields.get("documents") else 1
            self.progress.update(self.task, total=done, completed=done)
        self.progress.stop_task(self.task)

    def stage(self, name: str, total: int | None = None) -> None:
        self._finish()
        self.task = self.progress.add_task(name, total=total, documents=name in DOCUMENT_STAGES)

    def advance(self, count: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, count)

    def problem(self, problem: IngestProblem) -> None:
        self.progress.console.print(Text(f"error: {problem}", style="red"))

    def note(self, message: str) -> None:
        self.progress.console.print(Text(f"note: {message}", style="yellow"))
