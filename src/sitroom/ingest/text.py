"""Plain text files (.txt, .md, or anything else that decodes as text).

A file may open with a header that is metadata, not article text::

    Shelling hits Kharkiv           <- title: a short line followed by a blank or a metadata line
    date 2022-09-10                 <- or "Date: 10 September 2022", any case
    source: Kyiv Independent
    url: https://kyivindependent.com/...
    author: Jane Doe

    Article text ...

Metadata lines (``date``, ``source``, ``url``, ``author``, ``title``, or a usual synonym of one:
``published``, ``publication date``, ``outlet``, ``publisher``, ``link``, ``byline``, ``headline`` ...)
may come in any order among the first HEADER_LINES non-blank lines, with blank lines between them; the
first other line starts the body and ``raw_text`` is the file's text from there on. ``date`` needs a
colon unless an ISO date follows it, the other keys always need one, so a body opening "Date night in
Kyiv" or "Source said" stays text.
A title must not end like a sentence (".", ",", ";", ":") and must be followed by another line, so a
one-line or short first paragraph is not swallowed. A Markdown "#" before the title is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.ingest.base import Item, ReadContext, problem, register
from sitroom.ingest.dates import parse_metadata_date
from sitroom.ingest.decode import binary_kind, load_text
from sitroom.records import IngestProblem, SourceDocument

HEADER_LINES = 8
MAX_TITLE_CHARS = 150

_KEYS = {
    "date": "date",
    "published": "date",
    "published on": "date",
    "publication date": "date",
    "pub date": "date",
    "pubdate": "date",
    "posted": "date",
    "posted on": "date",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "publication": "source",
    "url": "url",
    "link": "url",
    "source url": "url",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "by": "author",
    "title": "title",
    "headline": "title",
}
_KEY = "|".join(key.replace(" ", r"\s+") for key in sorted(_KEYS, key=len, reverse=True))
_FIELD = re.compile(
    rf"(?P<key>{_KEY})\s*:\s*(?P<value>\S.*)|date\s+(?P<iso>\d{{4}}-\d\d-\d\d)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Header:
    fields: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    body_start: int = 0  # offset of the first body line in the text


def _field(line: str) -> tuple[str, str] | None:
    m = _FIELD.fullmatch(line)
    if not m:
        return None
    if m["iso"]:
        return "date", m["iso"]
    return _KEYS[" ".join(m["key"].lower().split())], m["value"].strip()


def _is_title(line: str, next_line: str | None) -> bool:
    return (
        next_line is not None
        and (not next_line.strip() or _field(next_line.strip()) is not None)
        and len(line) <= MAX_TITLE_CHARS
        and any(c.isalpha() for c in line)
        and line[-1] not in ".,;:"
    )


def parse_header(text: str) -> Header:
    header = Header()
    lines = text.splitlines(keepends=True)
    offset = 0
    seen = 0
    for i, raw_line in enumerate(lines):
        line = raw_line.strip()
        if line:
            if seen == HEADER_LINES:
                break
            seen += 1
            found = _field(line)
            if found:
                header.fields.setdefault(*found)
            elif (
                header.title is None
                and "title" not in header.fields
                and _is_title(line, lines[i + 1] if i + 1 < len(lines) else None)
            ):
                header.title = line.lstrip("#").strip() or None
            else:
                break
        offset += len(raw_line)
    header.body_start = offset
    header.title = header.fields.get("title") or header.title
    return header


@register(fallback=True)
class TextReader:
    name = "text"
    extensions = (".txt", ".text", ".md", ".markdown")

    def sniff(self, path: Path | None, head: bytes) -> bool:
        return binary_kind(head) is None

    def read(self, source: Path | bytes, origin: str, ctx: ReadContext | None = None) -> Iterator[Item]:
        ctx = ctx or ReadContext()
        text = load_text(source, origin, ctx.limits)
        if isinstance(text, IngestProblem):
            yield text
            return
        header = parse_header(text)
        body = text[header.body_start :]
        if not body.strip():
            yield problem(origin, "empty (only a header, no text)")
            return
        published = parse_metadata_date(header.fields.get("date"))
        yield SourceDocument(
            origin=origin,
            format=self.name,
            raw_text=body,
            url=header.fields.get("url"),
            title=header.title,
            source=header.fields.get("source"),
            author=header.fields.get("author"),
            published=published,
            published_from="metadata" if published else None,
        )
