"""How a training run tells about its progress: stages with counts. The CLI passes its progress bars
(``reporting.Reporter`` has this shape); a run from the Python API stays silent."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, count: int = 1) -> None: ...


class Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass
