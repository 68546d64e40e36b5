"""Ingest: read articles from files, folders, feeds, WARC archives and stdin; clean and identify them.

Public API (implemented in this package's modules):

- ``iter_sources(paths, limits) -> Iterator[SourceDocument | IngestProblem]``: every reader behind one
  interface; directories are walked recursively; "-" is stdin; http(s) URLs are read as feeds.
- ``prepare(source) -> Document``: cleaning (boilerplate recorded as raw spans, quotes normalised, an
  offset map back to the raw text), language detection, publication date from text when metadata has none,
  content hash and deterministic document id.
"""
