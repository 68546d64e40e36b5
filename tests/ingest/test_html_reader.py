from __future__ import annotations

from datetime import date

import pytest

from sitroom.ingest.html import extract_html, html_to_text

from .conftest import ARTICLE_HTML, page, run


def test_main_text_and_metadata(write):
    path = write("kharkiv.html", ARTICLE_HTML)
    (doc,), problems = run([path])
    assert problems == []
    assert doc.format == "html"
    assert doc.origin == str(path)
    assert "Russian forces shelled Kharkiv overnight" in doc.raw_text
    assert "Injured" in doc.raw_text  # tables are kept
    assert "Reader comment" not in doc.raw_text  # comments are not
    assert "Sport" not in doc.raw_text  # navigation is not
    assert doc.title == "Shelling hits Kharkiv"
    assert doc.raw_text.startswith("Russian forces shelled")  # the headline is the title, not text
    assert doc.author == "Jane Doe"
    assert doc.source == "Kyiv Monitor"
    assert doc.published == date(2022, 9, 10)
    assert doc.published_from == "metadata"


def test_date_is_not_guessed_from_the_body():
    html = page(
        "<p>Kyiv residents said on 24 February 2022 that they would stay, in interviews held "
        "over the following weeks across the capital and its suburbs.</p>" * 3
    )
    extracted = extract_html(html)
    assert extracted is not None
    assert extracted.published is None


@pytest.mark.parametrize(
    "broken",
    [
        "<html><body><div><p>Russian forces shelled Kharkiv overnight, the governor said. "
        "<b>At least <i>three people</b> were injured in the attack</p><p>Officials said more"
        "<div></span></body>",
        "<p>Russian forces shelled Kharkiv overnight, the governor said, and at least three "
        "people were injured in the attack on the city.<p>Officials said more",  # no html/body
        "<html><body><p>Russian forces shelled Kharkiv overnight, the governor said, and three "
        "people were injured <script>var x = '</p>';</script> in the attack.</p>\x0c</body>",
    ],
)
def test_malformed_html_still_extracts(write, broken):
    (doc,), problems = run([write("broken.html", broken)])
    assert problems == []
    assert "Russian forces shelled Kharkiv overnight" in doc.raw_text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><img src='x.png'><br><hr></body></html>",
        "<<<<>>>>",
        "<html><body><script>alert(1)</script></body></html>",
    ],
)
def test_empty_extraction_is_a_problem(write, html):
    docs, (problem,) = run([write("empty.html", html)])
    assert docs == []
    assert problem.message == "no article text could be extracted from the HTML"


def test_legacy_charset_from_meta_tag(write):
    html = (
        '<html><head><meta charset="windows-1251"><title>Обстріл</title></head><body><article>'
        "<p>Російські війська вночі обстріляли Харків, повідомив голова обласної адміністрації "
        "у суботу вранці.</p><p>Щонайменше троє людей дістали поранення, повідомили посадовці "
        "журналістам у центрі міста.</p></article></body></html>"
    )
    (doc,), _ = run([write("uk.html", html.encode("cp1251"))])
    assert "обстріляли Харків" in doc.raw_text


def test_html_is_sniffed_without_extension(write):
    (doc,), _ = run([write("download", ARTICLE_HTML)])
    assert doc.format == "html"


def test_fragment_to_text_keeps_blocks_and_drops_scripts():
    text = html_to_text(
        "<p>First &amp; foremost</p><script>evil()</script><ul><li>one</li><li>two</li></ul>tail"
    )
    assert text == "First & foremost\none\ntwo\ntail"
    assert html_to_text("plain summary") == "plain summary"
    assert html_to_text("") == ""
