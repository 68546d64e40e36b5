"""Ingest: read articles from files, folders, feeds, WARC archives and stdin; clean, identify them.

Public API:

- ``iter_sources(paths, limits=None) -> Iterator[SourceDocument | IngestProblem]``: every reader
  behind one interface; directories are walked recursively (sorted, hidden entries skipped); "-"
  is stdin (format sniffed from the content); http(s) URLs are read as feeds. Bad input never
  raises: it becomes a one-line ``IngestProblem`` naming the file (and line, record or entry),
  and the batch goes on.
- ``IngestLimits``: size limits per document, JSONL line and feed; the feed download timeout.
- ``prepare(source) -> Document``: cleaning (boilerplate recorded as raw spans, quotes normalised,
  an offset map back to the raw text), language detection, publication date from the text when
  metadata has none, content hash and deterministic document id.
- ``clean(raw_text) -> Cleaned`` (``text``, ``offset_map``, ``boilerplate``) and
  ``to_raw(offset_map, clean_offset) -> int``.
- ``detect_language(text) -> str | None``: ISO 639-1 code, None for very short text.
- Readers: the ``Reader`` protocol, ``ReadContext``, ``register`` (class decorator),
  ``readers()``, ``get_reader(name)`` and ``reader_for(path, head)``; built in: text, html,
  jsonl, feed, warc.

Modules: base (reader contract, registry, limits), decode (bytes to text), one module per reader
(text, html, jsonl, feed, warc), sources (arguments to readers), dates, clean, language, prepare,
dedup (near-duplicate fingerprints).
"""

from sitroom.ingest.base import (
    IngestLimits,
    ReadContext,
    Reader,
    get_reader,
    reader_for,
    readers,
    register,
)
from sitroom.ingest.clean import Cleaned, clean, to_raw
from sitroom.ingest.language import detect_language
from sitroom.ingest.prepare import prepare
from sitroom.ingest.sources import iter_sources

__all__ = [
    "Cleaned",
    "IngestLimits",
    "ReadContext",
    "Reader",
    "clean",
    "detect_language",
    "get_reader",
    "iter_sources",
    "prepare",
    "reader_for",
    "readers",
    "register",
    "to_raw",
]
