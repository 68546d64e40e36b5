"""Builders for the ingest tests: every fixture file is made in tmp_path."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitroom.ingest import IngestLimits, iter_sources
from sitroom.records import IngestProblem, SourceDocument

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Shelling hits Kharkiv | Kyiv Monitor</title>
<meta property="og:site_name" content="Kyiv Monitor">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2022-09-10T12:30:00+03:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Shelling hits Kharkiv</h1>
<p>Russian forces shelled Kharkiv overnight, the regional governor said on Saturday morning.</p>
<p>At least three people were injured, according to officials who spoke to reporters there.</p>
<table><tr><td>Injured</td><td>3</td></tr><tr><td>Killed</td><td>0</td></tr></table>
</article>
<div class="comments" id="comments"><p>Reader comment: great article, thanks!</p></div>
<footer>Copyright 2022 Kyiv Monitor</footer>
</body></html>
"""


def page(body: str, title: str = "Page") -> str:
    """A small but complete HTML page with ``body`` as its article."""
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


def run(
    paths: Iterable[str | Path], limits: IngestLimits | None = None
) -> tuple[list[SourceDocument], list[IngestProblem]]:
    items = list(iter_sources(paths, limits))
    docs = [i for i in items if isinstance(i, SourceDocument)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert len(docs) + len(problems) == len(items)
    for p in problems:
        assert "\n" not in p.message and p.message
    return docs, problems


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


def warc_bytes(records: list[dict[str, object]], *, gzip: bool) -> bytes:
    """records: dicts with url, body (bytes), and optional type, status, content_type."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for rec in records:
        kind = str(rec.get("type", "response"))
        body = rec["body"]
        assert isinstance(body, bytes)
        if kind in ("response", "request"):
            status_line = "GET / HTTP/1.1" if kind == "request" else str(rec.get("status", "200 OK"))
            headers = [("Content-Type", str(rec.get("content_type", "text/html; charset=utf-8")))]
            http = StatusAndHeaders(
                status_line,
                headers,
                protocol="" if kind == "request" else "HTTP/1.1",
                is_http_request=kind == "request",
            )
            record = writer.create_warc_record(
                str(rec["url"]), kind, payload=io.BytesIO(body), http_headers=http
            )
        else:
            record = writer.create_warc_record(
                str(rec["url"]),
                kind,
                payload=io.BytesIO(body),
                warc_content_type="text/plain",
            )
        writer.write_record(record)
    return buffer.getvalue()
