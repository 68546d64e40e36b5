"""From a SourceDocument to a Document: clean text, language, publication date, content identity."""

from __future__ import annotations

import hashlib
import unicodedata

from sitroom.ingest.clean import clean
from sitroom.ingest.dates import date_from_text
from sitroom.ingest.language import choose_language, is_english
from sitroom.records import Document, SourceDocument, stable_id


def content_hash(raw_text: str) -> str:
    """SHA-256 of the raw text after NFC and whitespace collapse: a re-wrapped or re-spaced copy of
    an article is an exact duplicate, any change of wording is not."""
    normalised = " ".join(unicodedata.normalize("NFC", raw_text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def prepare(source: SourceDocument) -> Document:
    cleaned = clean(source.raw_text)
    language = choose_language(source.language, cleaned.text)
    published, published_from = source.published, source.published_from
    if published is None:
        # A byline is boilerplate for the text but the best dateline there is.
        bylines = [source.raw_text[b.start : b.end] for b in cleaned.boilerplate if b.kind == "byline"]
        published = date_from_text("\n".join([*bylines, cleaned.text]))
        published_from = "text" if published else None
    elif published_from is None:
        published_from = "metadata"  # a reader that set a date without saying where it came from
    digest = content_hash(source.raw_text)
    return Document(
        id=stable_id("doc", digest),
        content_hash=digest,
        origin=source.origin,
        format=source.format,
        raw_text=source.raw_text,
        text=cleaned.text,
        offset_map=cleaned.offset_map,
        boilerplate=cleaned.boilerplate,
        external_id=source.external_id,
        url=source.url,
        title=source.title,
        source=source.source,
        author=source.author,
        published=published,
        published_from=published_from,
        language=language,
        is_english=is_english(language, cleaned.text),
    )
