from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from sitroom.ingest import prepare, to_raw
from sitroom.ingest.prepare import content_hash
from sitroom.records import SourceDocument, stable_id

RAW = (
    "KYIV, 10 September 2022 (Reuters) - Russian forces shelled Kharkiv overnight, the regional "
    'governor said, calling it "a war crime".\nPhoto: Reuters\nAt least three people were injured '
    "and emergency crews worked through the morning to clear debris from damaged buildings.\n"
    "Share this:\n"
)


def source(raw: str = RAW, **fields: Any) -> SourceDocument:
    return SourceDocument(origin="a.txt", format="text", raw_text=raw, **fields)


def test_prepare_cleans_identifies_and_dates():
    doc = prepare(source(title="Kharkiv", url="https://example.org/k", external_id="k1"))
    assert doc.raw_text == RAW
    assert "Photo: Reuters" not in doc.text and "Share this" not in doc.text
    assert "“a war crime”" in doc.text
    assert [b.kind for b in doc.boilerplate] == ["caption", "share_prompt"]
    assert doc.language == "en" and doc.is_english
    assert doc.published == date(2022, 9, 10)
    assert doc.published_from == "text"
    assert doc.content_hash == content_hash(RAW)
    assert len(doc.content_hash) == 64
    assert doc.id == stable_id("doc", doc.content_hash)
    assert (doc.origin, doc.format, doc.title, doc.url, doc.external_id) == (
        "a.txt",
        "text",
        "Kharkiv",
        "https://example.org/k",
        "k1",
    )
    start = doc.text.index("Kharkiv")
    assert RAW[to_raw(doc.offset_map, start) : to_raw(doc.offset_map, start + 7)] == "Kharkiv"


def test_metadata_date_wins_over_the_text():
    doc = prepare(source(published=date(2022, 9, 11), published_from="metadata"))
    assert (doc.published, doc.published_from) == (date(2022, 9, 11), "metadata")
    assert prepare(source(published=date(2022, 9, 11))).published_from == "metadata"


def test_byline_is_removed_but_still_dates_the_text():
    raw = "Posted by Mark Halloran | February 20, 2023 | 6 min read\n\nBiden arrived in Kyiv."
    doc = prepare(source(raw))
    assert doc.text == "Biden arrived in Kyiv."
    assert [b.kind for b in doc.boilerplate] == ["byline"]
    assert (doc.published, doc.published_from) == (date(2023, 2, 20), "text")


def test_no_date_anywhere_stays_none():
    doc = prepare(source("Russian forces shelled Kharkiv overnight, the governor said."))
    assert doc.published is None and doc.published_from is None


def test_hash_ignores_reformatting_but_not_rewording():
    reflowed = "  " + RAW.replace(" ", "\n", 5).replace("\n", "\n\n  ") + "\n\n"
    assert prepare(source(reflowed)).id == prepare(source(RAW)).id
    decomposed = unicodedata.normalize("NFD", "Café in Kharkiv")
    assert content_hash(decomposed) == content_hash("Café in Kharkiv")
    assert prepare(source(RAW.replace("three", "four"))).id != prepare(source(RAW)).id


def test_id_is_stable_across_runs_and_origins():
    first = prepare(source())
    again = prepare(SourceDocument(origin="elsewhere.jsonl:3", format="jsonl", raw_text=RAW))
    assert first.id == again.id
    assert first.id == stable_id("doc", content_hash(RAW))
    assert first.id.startswith("doc_") and len(first.id) == 20


def test_declared_language_and_non_english():
    ukrainian = (
        "Російські війська вночі обстріляли Харків, повідомив голова обласної військової "
        "адміністрації. Щонайменше троє людей дістали поранення."
    )
    doc = prepare(source(ukrainian, language="uk"))
    assert doc.language == "uk" and not doc.is_english
    assert prepare(source(ukrainian, language="en")).language == "uk"
