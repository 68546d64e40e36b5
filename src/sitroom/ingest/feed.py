"""RSS and Atom feeds, from a file or, only when the user passes one, an http(s) URL.

Each entry becomes a SourceDocument with origin ``<feed>#entry-N`` (N counts from 1): the text of
its full content (content:encoded, Atom content) or else its summary, HTML reduced to text; the
entry's title, link, author, id and date; the feed's title as the source and its language as the
declared language.

Safety: feedparser only ever gets bytes (given a string it would open paths and URLs itself). A
document that declares XML entities (``<!ENTITY``) is refused outright: feeds have no use for them,
and they carry entity-expansion ("billion laughs") and external-entity attacks. Downloads are
bounded in size and in total time.

A feed feedparser flags as "bozo" (not well-formed) is still read when its lenient parser recovered
entries; only when it found none is the feed reported.
"""

from __future__ import annotations

import http.client
import io
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import feedparser

from sitroom.ingest.base import (
    HEAD_BYTES,
    IngestLimits,
    Item,
    ReadContext,
    problem,
    register,
    size_text,
)
from sitroom.ingest.dates import parse_metadata_date
from sitroom.ingest.decode import binary_kind
from sitroom.ingest.html import html_to_text
from sitroom.ingest.language import normalise_language_tag
from sitroom.records import IngestProblem, SourceDocument

USER_AGENT = "sitroom-ingest/0.1 (+feed reader)"
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<([a-zA-Z][\w:.-]*)")
_FEED_ROOTS = frozenset((b"rss", b"feed", b"rdf:rdf"))
_CHUNK = 64 * 1024


def _entry_text(entry: Any) -> str:
    details = [*entry.get("content", []), entry.get("summary_detail") or {}]
    for detail in details:
        value = detail.get("value") or ""
        text = html_to_text(value) if "html" in (detail.get("type") or "") else value.strip()
        if text:
            return text
    return ""


def _entry_date(entry: Any) -> date | None:
    for key in ("published", "updated", "created"):
        found = parse_metadata_date(entry.get(key))
        if found:
            return found
    # feedparser's own parse is in UTC, so it can be a day off the publisher's date: last resort.
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(*parsed[:3]) if parsed else None


def parse_feed(data: bytes, origin: str) -> Iterator[Item]:
    kind = binary_kind(data[:HEAD_BYTES])
    if kind:
        yield problem(origin, f"binary file ({kind}), skipped")
        return
    if not data.strip():
        yield problem(origin, "empty")
        return
    if _ENTITY_DECLARATION.search(data):
        yield problem(origin, "feed declares XML entities (<!ENTITY); refused (entity expansion)")
        return
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        if parsed.bozo:
            yield problem(origin, f"not a readable feed: {parsed.get('bozo_exception')}")
        else:
            yield problem(origin, "feed has no entries")
        return
    feed_title = parsed.feed.get("title") or None
    feed_language = normalise_language_tag(parsed.feed.get("language"))
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{origin}#entry-{number}"
        text = _entry_text(entry)
        if not text:
            yield problem(where, "entry has no text")
            continue
        published = _entry_date(entry)
        yield SourceDocument(
            origin=where,
            format="feed",
            raw_text=text,
            external_id=entry.get("id") or None,
            url=entry.get("link") or None,
            title=entry.get("title") or None,
            source=feed_title,
            author=entry.get("author") or None,
            published=published,
            published_from="metadata" if published else None,
            language=normalise_language_tag(entry.get("language")) or feed_language,
        )


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies its response, to ask next time whether it changed."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def fetch(url: str, limits: IngestLimits) -> bytes | IngestProblem:
    """The body at ``url``, within ``limits.max_feed_bytes`` and ``limits.fetch_timeout`` overall
    (the socket timeout alone would let a server that trickles bytes hold us forever)."""
    fetched = fetch_if_changed(url, limits, Validators())
    if isinstance(fetched, tuple):
        return fetched[0]
    return fetched or problem(url, "server answered 304 Not Modified to an unconditional request")


def fetch_if_changed(
    url: str, limits: IngestLimits, known: Validators
) -> tuple[bytes, Validators] | IngestProblem | None:
    """Like :func:`fetch`, but a conditional request: ``None`` when the server says the resource has not
    changed since the response ``known`` describes; else the body and its validators."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **known.headers()})
    deadline = time.monotonic() + limits.fetch_timeout
    too_big = problem(url, f"download is over the {size_text(limits.max_feed_bytes)} feed limit")
    chunks: list[bytes] = []
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=limits.fetch_timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_feed_bytes:
                return too_big
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > limits.max_feed_bytes:
                    return too_big
                if time.monotonic() > deadline:
                    return problem(url, f"download took over {limits.fetch_timeout:g} s")
                chunks.append(chunk)
            validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as err:
        if err.code == 304:
            return None
        return problem(url, f"could not fetch: {err}")
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as err:
        return problem(url, f"could not fetch: {err}")
    return b"".join(chunks), validators


def read_url(url: str, ctx: ReadContext | None = None) -> Iterator[Item]:
    ctx = ctx or ReadContext()
    data = fetch(url, ctx.limits)
    if isinstance(data, IngestProblem):
        yield data
    else:
        yield from parse_feed(data, url)


@register()
class FeedReader:
    name = "feed"
    extensions = (".rss", ".atom", ".xml")

    def sniff(self, path: Path | None, head: bytes) -> bool:
        root = _FIRST_ELEMENT.search(head)
        return root is not None and root.group(1).lower() in _FEED_ROOTS

    def read(self, source: Path | bytes, origin: str, ctx: ReadContext | None = None) -> Iterator[Item]:
        ctx = ctx or ReadContext()
        limit = ctx.limits.max_feed_bytes
        size = source.stat().st_size if isinstance(source, Path) else len(source)
        if size > limit:
            yield problem(
                origin,
                f"file is {size_text(size)}, over the {size_text(limit)} feed limit",
            )
            return
        yield from parse_feed(source.read_bytes() if isinstance(source, Path) else source, origin)
