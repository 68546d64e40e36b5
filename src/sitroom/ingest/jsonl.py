"""JSON Lines: one article per line, ``{"id", "url", "title", "source", "author", "published",
"language", "text" | "html"}``; ``text`` wins when both are present and ``html`` goes through the
same extraction as HTML pages.

The file is streamed, so it may be of any size; each line is limited. A bad line (not UTF-8, which
JSON Lines requires; not JSON; not an object; no text; an ``id`` already seen in this run) is
reported as ``file:line`` and the batch goes on. Optional fields of the wrong type are ignored
rather than failing the record.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sitroom.ingest.base import Item, ReadContext, problem, register, size_text
from sitroom.ingest.dates import parse_metadata_date
from sitroom.ingest.html import extract_html, refusal
from sitroom.ingest.language import normalise_language_tag
from sitroom.records import IngestProblem, SourceDocument

_SKIP_CHUNK = 1024 * 1024


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; the line is None when it is longer than ``limit`` bytes, in which
    case the rest of it is skipped in chunks, never held whole."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _record(record: dict[str, Any], origin: str) -> SourceDocument | IngestProblem:
    text, html = record.get("text"), record.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return problem(origin, f'field "{key}" must be a string, not {type(value).__name__}')
    title, url = _optional_str(record, "title"), _optional_str(record, "url")
    source, author = _optional_str(record, "source"), _optional_str(record, "author")
    published = parse_metadata_date(_optional_str(record, "published"))
    if text and text.strip():
        raw_text = text
    elif html and html.strip():
        refused = refusal(html)
        if refused:
            return problem(origin, f'field "html": {refused}')
        extracted = extract_html(html, url)
        if extracted is None:
            return problem(origin, 'no article text could be extracted from the "html" field')
        raw_text = extracted.text
        title, url = title or extracted.title, url or extracted.url
        source, author = source or extracted.sitename, author or extracted.author
        published = published or extracted.published
    else:
        return problem(origin, 'record has no "text" or "html"')
    return SourceDocument(
        origin=origin,
        format="jsonl",
        raw_text=raw_text,
        external_id=_optional_str(record, "id"),
        url=url,
        title=title,
        source=source,
        author=author,
        published=published,
        published_from="metadata" if published else None,
        language=normalise_language_tag(_optional_str(record, "language")),
    )


@register()
class JsonlReader:
    name = "jsonl"
    extensions = (".jsonl", ".ndjson", ".jsonlines")

    def sniff(self, path: Path | None, head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")

    def read(self, source: Path | bytes, origin: str, ctx: ReadContext | None = None) -> Iterator[Item]:
        ctx = ctx or ReadContext()
        limit = ctx.limits.max_line_bytes
        with source.open("rb") if isinstance(source, Path) else io.BytesIO(source) as stream:
            for number, line in _lines(stream, limit):
                where = f"{origin}:{number}"
                if line is None:
                    yield problem(
                        where,
                        f"line is over the {size_text(limit)} limit (raise with --max-bytes)",
                    )
                    continue
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                if not line.strip():
                    continue
                yield self._parse_line(line, where, ctx)

    def _parse_line(self, line: bytes, where: str, ctx: ReadContext) -> Item:
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            return problem(where, "line is not valid UTF-8 (JSON Lines must be UTF-8)")
        except json.JSONDecodeError as err:
            return problem(where, f"invalid JSON: {err.msg} (column {err.colno})")
        except RecursionError:
            return problem(where, "invalid JSON: nested too deeply")
        if not isinstance(record, dict):
            return problem(where, f"expected a JSON object, got {type(record).__name__}")
        item = _record(record, where)
        if isinstance(item, SourceDocument) and item.external_id is not None:
            first = ctx.claim_id(item.external_id, where)
            if first is not None:
                return problem(where, f"duplicate id {item.external_id}, first seen at {first}")
        return item
