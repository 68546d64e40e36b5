from __future__ import annotations

import hashlib
from datetime import date

import pytest

from sitroom.records import Document, stable_id


def make_document(text: str, *, published: date | None = None, **fields: object) -> Document:
    """A Document as ``ingest.prepare`` would make it from clean text (identity offset map)."""
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    values: dict[str, object] = {
        "id": stable_id("doc", content_hash),
        "content_hash": content_hash,
        "origin": f"test:{content_hash[:8]}",
        "format": "text",
        "raw_text": text,
        "text": text,
        "offset_map": [(0, 0, len(text))],
        "published": published,
    }
    values.update(fields)
    return Document(**values)  # type: ignore[arg-type]


@pytest.fixture()
def store(tmp_path):
    from sitroom.store import Store

    with Store.open(tmp_path / "test.db") as opened:
        yield opened
