from __future__ import annotations

from datetime import date

import pytest

from sitroom.ingest.text import parse_header

from .conftest import run


def test_header_fields_and_title_are_metadata_not_text(write):
    path = write(
        "kharkiv.txt",
        "Shelling hits Kharkiv\n"
        "date 2022-09-10\n"
        "Source: Kyiv Monitor\n"
        "url: https://example.org/kharkiv\n"
        "AUTHOR: Jane Doe\n"
        "\n"
        "Russian forces shelled Kharkiv overnight.\nThree people were injured.\n",
    )
    (doc,), problems = run([path])
    assert problems == []
    assert doc.format == "text"
    assert doc.origin == str(path)
    assert doc.title == "Shelling hits Kharkiv"
    assert doc.published == date(2022, 9, 10)
    assert doc.published_from == "metadata"
    assert doc.source == "Kyiv Monitor"
    assert doc.url == "https://example.org/kharkiv"
    assert doc.author == "Jane Doe"
    assert doc.raw_text == "Russian forces shelled Kharkiv overnight.\nThree people were injured.\n"


@pytest.mark.parametrize(
    "text",
    [
        "Date: 10 September 2022\nShelling hits Kharkiv\n\nBody text here.",
        "DATE 2022-09-10\n\nShelling hits Kharkiv\n\nBody text here.",
        "Shelling hits Kharkiv\n\ndate: 2022-09-10\n\nBody text here.",
    ],
)
def test_date_line_anywhere_in_the_header(text):
    header = parse_header(text)
    assert header.fields["date"] in ("10 September 2022", "2022-09-10")
    assert header.title == "Shelling hits Kharkiv"
    assert text[header.body_start :] == "Body text here."


@pytest.mark.parametrize(
    "text",
    [
        "Date night in Kyiv was quiet despite the sirens.\nMore text.",
        "Source said the attack began at dawn.\nMore text.",
        "Explosions were heard in Kyiv.\n\nMore text.",  # ends like a sentence: not a title
        "Explosions in Kyiv",  # one line only: it is the text, not a title
    ],
)
def test_body_that_merely_looks_like_a_header_stays_text(text):
    header = parse_header(text)
    assert header.fields == {}
    assert header.title is None
    assert header.body_start == 0


def test_no_header_keeps_whole_text(write):
    text = "Russian forces shelled Kharkiv overnight, the governor said.\n"
    (doc,), _ = run([write("a.txt", text)])
    assert doc.raw_text == text
    assert doc.title is None and doc.published is None and doc.published_from is None


def test_markdown_title_and_impossible_header_date(write):
    (doc,), _ = run([write("a.md", "# Kharkiv update\nDate: 30 February 2022\n\nBody text.\n")])
    assert doc.title == "Kharkiv update"
    assert doc.published is None and doc.published_from is None
    assert doc.raw_text == "Body text.\n"


def test_header_only_is_a_problem(write):
    docs, (problem,) = run([write("a.txt", "Title line\n\ndate 2022-09-10\n")])
    assert docs == []
    assert "empty" in problem.message


def test_extensionless_text_is_sniffed(write):
    (doc,), _ = run([write("NOTES", "Plain words about the front line.\n")])
    assert doc.format == "text"


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("Published: 2024-03-14", "date", "2024-03-14"),
        ("Publication  date: 14 March 2024", "date", "14 March 2024"),
        ("posted on: March 3, 2022", "date", "March 3, 2022"),
        ("Outlet: Kyiv Monitor", "source", "Kyiv Monitor"),
        ("Link: https://example.org/a", "url", "https://example.org/a"),
        ("By: Jane Doe", "author", "Jane Doe"),
        ("Headline: Shelling hits Kharkiv", "title", "Shelling hits Kharkiv"),
    ],
)
def test_usual_synonyms_of_the_header_keys(line, key, value):
    header = parse_header(f"{line}\n\nBody text here.")
    assert header.fields == {key: value}
    assert header.body_start == len(line) + 2


def test_a_title_field_leaves_the_next_short_line_in_the_body():
    text = "Title: Shelling hits Kharkiv\nDate: 2024-03-14\nKYIV, March 14\n\nBody text here."
    header = parse_header(text)
    assert header.title == "Shelling hits Kharkiv"
    assert text[header.body_start :].startswith("KYIV, March 14")
