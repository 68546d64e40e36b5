"""The reader contract, the limits every reader honours, and the registry that picks a reader.

A reader turns one input (a file, or bytes already in memory) into ``SourceDocument``s and
``IngestProblem``s. Readers register themselves with ``@register``; ``reader_for`` chooses one by
file extension first (the user's naming wins over guessing) and otherwise by sniffing the first
bytes, asking specific formats before the ``fallback`` readers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from sitroom.records import IngestProblem, SourceDocument

MB = 1024 * 1024
HEAD_BYTES = 8192  # how much of an input the sniffers see

Item = SourceDocument | IngestProblem


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Size and time limits. Container formats (JSONL, WARC) are streamed, so only their lines and
    records are limited; feeds are parsed whole, hence their own, larger, limit."""

    max_file_bytes: int = 25 * MB  # one text or HTML document (a file, a WARC record, stdin)
    max_line_bytes: int = 25 * MB  # one JSONL line
    max_feed_bytes: int = (
        25 * MB
    )  # one feed file or download (parsed whole: some eight times its size in memory)
    fetch_timeout: float = 20.0  # seconds, for the whole download of a feed URL

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_line_bytes", "max_feed_bytes", "fetch_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"IngestLimits.{name} must be positive")


@dataclass(slots=True)
class ReadContext:
    """What readers share during one run: the limits, the external ids already seen, and the files left out
    as sitroom's own earlier outputs (reports, exports, stores)."""

    limits: IngestLimits = field(default_factory=IngestLimits)
    own_outputs: list[str] = field(default_factory=list)
    _first_seen: dict[str, str] = field(default_factory=dict)

    def claim_id(self, external_id: str, origin: str) -> str | None:
        """Record ``external_id`` as seen at ``origin``; if seen before, return where first."""
        first = self._first_seen.setdefault(external_id, origin)
        return None if first == origin else first


class Reader(Protocol):
    name: str  # also the SourceDocument.format of what it reads
    extensions: tuple[str, ...]  # lower-case file name endings that select this reader outright

    def sniff(self, path: Path | None, head: bytes) -> bool:
        """Whether ``head`` (the first HEAD_BYTES of the input) looks like this format."""
        ...

    def read(self, source: Path | bytes, origin: str, ctx: ReadContext | None = None) -> Iterator[Item]:
        """Yield documents and problems; never raise for bad input."""
        ...


_specific: list[Reader] = []
_fallbacks: list[Reader] = []

R = TypeVar("R")


def register(*, fallback: bool = False) -> Callable[[type[R]], type[R]]:
    """Class decorator: instantiate the reader and add it to the registry.

    ``fallback`` readers (plain text) claim almost anything, so they are sniffed last.
    """

    def add(cls: type[R]) -> type[R]:
        reader: Reader = cls()  # type: ignore[assignment]
        if any(r.name == reader.name for r in readers()):
            raise ValueError(f"a reader named {reader.name!r} is already registered")
        (_fallbacks if fallback else _specific).append(reader)
        return cls

    return add


def readers() -> tuple[Reader, ...]:
    """Registered readers in the order they are asked."""
    return (*_specific, *_fallbacks)


def get_reader(name: str) -> Reader:
    for reader in readers():
        if reader.name == name:
            return reader
    raise KeyError(f"no reader named {name!r}")


def reader_for(path: Path | None, head: bytes) -> Reader | None:
    """The reader for an input: by extension when ``path`` has a known one, else by content."""
    if path is not None:
        file_name = path.name.lower()
        for reader in readers():
            if file_name.endswith(reader.extensions):
                return reader
    for reader in readers():
        if reader.sniff(path, head):
            return reader
    return None


def problem(origin: str, message: object) -> IngestProblem:
    """An IngestProblem whose message is guaranteed to be one line (exception texts may not be)."""
    return IngestProblem(origin, " ".join(str(message).split()) or "unknown error")


def size_text(n_bytes: int) -> str:
    if n_bytes >= MB // 10:
        return f"{n_bytes / MB:.1f} MB"
    return f"{n_bytes / 1024:.1f} KB" if n_bytes >= 1024 else f"{n_bytes} bytes"
