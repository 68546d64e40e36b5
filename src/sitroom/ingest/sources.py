"""Turn command-line arguments into documents: files, directories, "-" for stdin, feed URLs."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

# Importing the reader modules registers them.
from sitroom.ingest import feed, html, jsonl, text, warc  # noqa: F401
from sitroom.ingest.base import HEAD_BYTES, IngestLimits, Item, ReadContext, problem, reader_for
from sitroom.ingest.decode import binary_kind
from sitroom.ingest.own_outputs import is_own_output
from sitroom.records import SourceDocument

STDIN_ORIGIN = "<stdin>"


def walk(root: Path, skip: frozenset[Path] = frozenset()) -> Iterator[Path | Item]:
    """Files under ``root`` in sorted order, skipping hidden entries and the paths in ``skip``.
    Symlinked directories are not followed (they can loop); symlinked files are read."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError as err:
        yield problem(str(root), f"cannot list directory: {err.strerror or err}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = root / entry.name
        if path.resolve() in skip:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk(path, skip)
        elif entry.is_file():
            yield path


def read_file(path: Path, origin: str, ctx: ReadContext, *, by_extension: bool = True) -> Iterator[Item]:
    """One file through the reader its extension (if ``by_extension``) or its content selects; sitroom's own
    reports, exports and stores are left out (and listed in ``ctx.own_outputs``)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
        if is_own_output(path, head):
            ctx.own_outputs.append(origin)
            return
        reader = reader_for(path if by_extension else None, head)
        if reader is None:
            kind = binary_kind(head)
            yield problem(origin, f"binary file ({kind}), skipped" if kind else "unknown format")
            return
        yield from reader.read(path, origin, ctx)
    except OSError as err:
        yield problem(origin, f"cannot read: {err.strerror or err}")


def _read_stdin(ctx: ReadContext) -> Iterator[Item]:
    # Spooled to disk so that a large stream gets the same size checks and streaming as a file.
    stream = getattr(sys.stdin, "buffer", None)
    with tempfile.TemporaryDirectory(prefix="sitroom-stdin-") as tmp:
        path = Path(tmp) / "stdin"
        with path.open("wb") as out:
            if stream is not None:
                shutil.copyfileobj(stream, out)
            else:  # a text-only stdin replacement
                out.write(sys.stdin.read().encode("utf-8"))
        yield from read_file(path, STDIN_ORIGIN, ctx, by_extension=False)


def iter_sources(
    paths: Iterable[str | Path],
    limits: IngestLimits | None = None,
    skip: Iterable[Path] = (),
    ctx: ReadContext | None = None,
) -> Iterator[Item]:
    """Documents and problems from every argument, in order.

    Folders are walked without entering ``skip`` (sitroom's own store and output folder, so that
    ``sitroom analyze .`` does not read what it wrote last time). ``ctx``, when given, is the run's
    shared state (its ``own_outputs`` lists the earlier sitroom outputs left out).
    """
    for item in _items(paths, ctx or ReadContext(limits or IngestLimits()), skip):
        yield without_nul(item) if isinstance(item, SourceDocument) else item


def without_nul(document: SourceDocument) -> Item:
    """A NUL character is never article text, whichever reader let it through (past the sniffed head
    of a file, a JSON "\\u0000" escape, a feed entry), and PostgreSQL cannot store one: refused."""
    position = document.raw_text.find("\x00")
    if position < 0:
        return document
    return problem(document.origin, f"text contains a NUL character (at {position:,}); skipped")


def _items(paths: Iterable[str | Path], ctx: ReadContext, skip: Iterable[Path]) -> Iterator[Item]:
    skipped = frozenset(Path(p).resolve() for p in skip)
    for argument in paths:
        name = str(argument)
        if name == "-":
            yield from _read_stdin(ctx)
        elif name.lower().startswith(("http://", "https://")):
            yield from feed.read_url(name, ctx)
        else:
            path = Path(name)
            if path.is_dir():
                for found in walk(path, skipped):
                    if isinstance(found, Path):
                        yield from read_file(found, str(found), ctx)
                    else:
                        yield found
            elif path.is_file():
                yield from read_file(path, name, ctx)
            elif path.exists():
                yield problem(name, "not a regular file or directory")
            else:
                yield problem(name, "no such file or directory")
