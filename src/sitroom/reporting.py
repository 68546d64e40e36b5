"""How a job tells about its progress: stages with counts, problems, and notes for the user."""

from __future__ import annotations

from sitroom.records import IngestProblem


class Reporter:
    """Hears about a job's progress; the CLI's subclass draws progress bars. Silent by default."""

    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def problem(self, problem: IngestProblem) -> None:
        pass

    def note(self, message: str) -> None:
        """Something the user should know about the run (not a problem with an input)."""
