from __future__ import annotations

import gzip

import pytest

from sitroom.ingest import IngestLimits

from .conftest import ARTICLE_HTML, page, run, warc_bytes


def article(n: int) -> bytes:
    return page(
        f"<p>Article {n}: Russian forces shelled the city overnight, officials said on "
        f"Saturday, and emergency crews worked through the morning to clear debris.</p>"
    ).encode()


RECORDS = [
    {"url": "https://example.org/", "body": b"", "type": "request"},
    {"url": "https://example.org/kharkiv", "body": ARTICLE_HTML.encode()},
    {"url": "https://example.org/logo.png", "body": b"\x89PNG", "content_type": "image/png"},
    {"url": "https://example.org/gone", "body": article(0), "status": "404 Not Found"},
    {"url": "https://example.org/a1", "body": article(1)},
    {"url": "meta", "body": b"crawl metadata", "type": "metadata"},
    {"url": "https://example.org/a2", "body": article(2)},
]


@pytest.mark.parametrize(("name", "compressed"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_html_responses_become_documents(write, name, compressed):
    path = write(name, warc_bytes(RECORDS, gzip=compressed))
    docs, problems = run([path])
    assert problems == []
    assert [d.origin for d in docs] == [f"{path}#record-{n}" for n in (2, 5, 7)]
    assert [d.url for d in docs] == [
        "https://example.org/kharkiv",
        "https://example.org/a1",
        "https://example.org/a2",
    ]
    kharkiv = docs[0]
    assert kharkiv.format == "warc"
    assert "Russian forces shelled Kharkiv overnight" in kharkiv.raw_text
    assert kharkiv.title == "Shelling hits Kharkiv"
    assert kharkiv.source == "Kyiv Monitor"
    assert "Article 2:" in docs[2].raw_text


def test_warc_is_sniffed_without_extension(write):
    (doc,), _ = run([write("crawl-data", warc_bytes(RECORDS[1:2], gzip=True))])
    assert doc.format == "warc"


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("cut", [0.55, 0.8, 0.97])
def test_truncated_archive_keeps_records_read_before(write, compressed, cut):
    records = [{"url": f"https://example.org/a{n}", "body": article(n)} for n in range(1, 5)]
    data = warc_bytes(records, gzip=compressed)
    path = write("cut.warc.gz" if compressed else "cut.warc", data[: int(len(data) * cut)])
    docs, problems = run([path])
    assert len(problems) == 1
    assert problems[0].origin == str(path)
    assert problems[0].message.startswith(("truncated WARC", "truncated or corrupt WARC"))
    assert 1 <= len(docs) <= 3
    assert [d.url for d in docs] == [f"https://example.org/a{n}" for n in range(1, len(docs) + 1)]
    assert all(d.raw_text.rstrip().endswith("debris.") for d in docs)  # no partial record


def test_corrupt_gzip_is_a_problem(write):
    good = warc_bytes([{"url": "https://example.org/a1", "body": article(1)}], gzip=True)
    garbage = bytearray(good)
    garbage[len(good) // 2 : len(good) // 2 + 40] = b"\xff" * 40
    docs, problems = run([write("bad.warc.gz", bytes(garbage))])
    assert docs == []
    assert len(problems) == 1
    assert problems[0].message.startswith(("truncated or corrupt WARC", "truncated WARC"))


def test_gzip_that_is_not_a_warc(write):
    docs, (problem,) = run([write("notes.warc.gz", gzip.compress(b"just some text\n" * 10))])
    assert docs == []
    assert problem.message.startswith("truncated or corrupt WARC after 0 records: Unknown archive format")


def test_plain_gzip_without_warc_extension_is_binary(write):
    _, (problem,) = run([write("notes.gz", gzip.compress(b"just some text\n"))])
    assert problem.message == "binary file (gzip archive), skipped"


def test_oversized_record_is_refused(write):
    path = write("crawl.warc", warc_bytes(RECORDS, gzip=False))
    docs, problems = run([path], IngestLimits(max_file_bytes=600))
    assert [d.url for d in docs] == ["https://example.org/a1", "https://example.org/a2"]
    assert [(p.origin, p.message) for p in problems] == [
        (f"{path}#record-2", "record is over the 600 bytes limit (raise with --max-bytes)")
    ]
