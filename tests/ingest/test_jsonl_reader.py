from __future__ import annotations

import json
from datetime import date

from sitroom.ingest import IngestLimits

from .conftest import ARTICLE_HTML, run


def lines(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_fields_are_read(write):
    path = write(
        "batch.jsonl",
        lines(
            {
                "id": "a1",
                "url": "https://example.org/a1",
                "title": "Shelling hits Kharkiv",
                "source": "Kyiv Monitor",
                "author": "Jane Doe",
                "published": "2022-09-10T12:30:00+03:00",
                "language": "en-GB",
                "text": "Russian forces shelled Kharkiv overnight.",
            },
            {"id": 7, "text": "Second record.", "published": "Sat, 10 Sep 2022 09:30:00 GMT"},
        ),
    )
    (first, second), problems = run([path])
    assert problems == []
    assert first.origin == f"{path}:1" and second.origin == f"{path}:2"
    assert first.format == "jsonl"
    assert first.external_id == "a1"
    assert first.url == "https://example.org/a1"
    assert first.title == "Shelling hits Kharkiv"
    assert first.source == "Kyiv Monitor"
    assert first.author == "Jane Doe"
    assert first.published == date(2022, 9, 10)
    assert first.published_from == "metadata"
    assert first.language == "en"
    assert first.raw_text == "Russian forces shelled Kharkiv overnight."
    assert second.external_id == "7"
    assert second.published == date(2022, 9, 10)


def test_html_field_goes_through_html_extraction(write):
    (doc,), problems = run([write("b.jsonl", lines({"id": "h", "html": ARTICLE_HTML}))])
    assert problems == []
    assert "Russian forces shelled Kharkiv overnight" in doc.raw_text
    assert "Reader comment" not in doc.raw_text
    assert doc.title == "Shelling hits Kharkiv"  # from the page, since the record has none
    assert doc.published == date(2022, 9, 10)


def test_record_fields_win_over_extracted_ones(write):
    record = {"id": "h", "html": ARTICLE_HTML, "title": "Record title", "published": "2022-09-11"}
    (doc,), _ = run([write("b.jsonl", lines(record))])
    assert doc.title == "Record title"
    assert doc.published == date(2022, 9, 11)


def test_bad_lines_are_reported_with_their_line_and_the_batch_goes_on(write):
    path = write(
        "mixed.jsonl",
        lines(
            {"id": "ok1", "text": "Fine."},
            '{"id": "broken", "text": }',
            "[1, 2, 3]",
            {"id": "notext", "title": "No body"},
            {"id": "blank", "text": "   "},
            {"id": "wrongtype", "text": ["a", "b"]},
            {"id": "nohtml", "html": "<html><body></body></html>"},
            "",
            {"id": "ok2", "text": "Also fine."},
        ),
    )
    docs, problems = run([path])
    assert [d.external_id for d in docs] == ["ok1", "ok2"]
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:9"]
    by_line = {p.origin: p.message for p in problems}
    assert by_line.keys() == {f"{path}:{n}" for n in (2, 3, 4, 5, 6, 7)}
    assert by_line[f"{path}:2"] == "invalid JSON: Expecting value (column 26)"
    assert by_line[f"{path}:3"] == "expected a JSON object, got list"
    assert by_line[f"{path}:4"] == 'record has no "text" or "html"'
    assert by_line[f"{path}:5"] == 'record has no "text" or "html"'
    assert by_line[f"{path}:6"] == 'field "text" must be a string, not list'
    assert "could be extracted" in by_line[f"{path}:7"]
    assert str(problems[0]) == f"{path}:2: {by_line[f'{path}:2']}"


def test_duplicate_ids_within_a_file_and_across_the_run(write):
    one = write("one.jsonl", lines({"id": "x", "text": "First."}, {"id": "x", "text": "Again."}))
    two = write("two.jsonl", lines({"id": "x", "text": "Third."}, {"id": "y", "text": "New."}))
    docs, problems = run([one, two])
    assert [d.raw_text for d in docs] == ["First.", "New."]
    assert [str(p) for p in problems] == [
        f"{one}:2: duplicate id x, first seen at {one}:1",
        f"{two}:1: duplicate id x, first seen at {one}:1",
    ]


def test_overlong_line_is_skipped_and_the_next_line_read(write):
    path = write(
        "long.jsonl",
        lines({"id": "big", "text": "x" * 5000}, {"id": "small", "text": "Short."}),
    )
    (doc,), (problem,) = run([path], IngestLimits(max_line_bytes=1000))
    assert doc.external_id == "small"
    assert doc.origin == f"{path}:2"
    assert problem.origin == f"{path}:1"
    assert problem.message == "line is over the 1000 bytes limit (raise with --max-bytes)"


def test_non_utf8_line_and_bom(write):
    content = (
        "\ufeff" + json.dumps({"id": "a", "text": "ok"}) + "\n"
    ).encode() + b'{"id": "b", "text": "\xe0\xe1\xe2"}\n'
    docs, (problem,) = run([write("enc.jsonl", content)])
    assert [d.external_id for d in docs] == ["a"]
    assert problem.message == "line is not valid UTF-8 (JSON Lines must be UTF-8)"


def test_jsonl_is_sniffed_without_extension(write):
    (doc,), _ = run([write("export", lines({"id": "s", "text": "Sniffed."}))])
    assert doc.format == "jsonl"
