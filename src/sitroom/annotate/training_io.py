"""What the trainers share: how a run tells about its progress (stages with counts; the CLI passes its
progress bars, ``reporting.Reporter`` has this shape, a run from the Python API stays silent), and
reading a training file, with errors that name the file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol


class Progress(Protocol):
    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, count: int = 1) -> None: ...


class Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


def read_text(path: Path, error: type[ValueError]) -> str:
    """The file's text (a byte-order mark dropped), or ``error`` saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path}: cannot read: {problem}") from problem


def json_lines(path: Path, raw: str, error: type[ValueError]) -> Iterator[tuple[str, Any]]:
    """Each non-blank line of a JSONL file's text, parsed, with where it stands ("file:line")."""
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"{path}:{number}", json.loads(line)
        except json.JSONDecodeError as problem:
            raise error(f"{path}:{number}: not JSON: {problem.msg}") from problem
