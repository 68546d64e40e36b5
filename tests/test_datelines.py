from __future__ import annotations

from datetime import date

import pytest

from conftest import make_document
from sitroom.annotate import Annotator
from sitroom.annotate.datelines import dateline_end

BODY = "Ukrainian troops have recaptured the village, the general staff said."


@pytest.mark.parametrize(
    "dateline",
    [
        "KYIV, March 14 (Reuters) - ",
        "KYIV (AP) — ",
        "NEW YORK, 3 March 2024 -- ",
        "Kyiv, Ukraine (AFP) – ",
        "Kharkiv, Sept. 10 — ",
        "ZAPORIZHZHIA: ",
    ],
)
def test_datelines_end_where_the_first_sentence_starts(dateline):
    assert dateline_end(dateline + BODY) == len(dateline)


def test_a_dateline_after_a_title_line_is_found():
    text = "Village retaken near Kupiansk\n\nKYIV (Reuters) - " + BODY
    assert text[dateline_end(text) :] == BODY


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "Russia - the war goes on, officials said.",  # a capitalised word and a dash: no dateline
        "Kyiv: the city braced for more strikes.",
        "The ministry said: more troops are coming.",
    ],
)
def test_text_without_a_dateline(text):
    assert dateline_end(text) is None


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


def test_the_dateline_is_neither_reported_content_nor_an_actor(annotator):
    text = "KYIV, March 14 (Reuters) - " + BODY
    document = make_document(text, published=date(2024, 3, 14))
    (annotations,) = annotator.annotate([document])
    (claim,) = annotations.claims
    assert claim.text == "Ukrainian troops have recaptured the village"
    assert claim.source_text == "the general staff"
    (event,) = annotations.events
    assert [actor.text for actor in event.actors] == ["Ukrainian troops"]
    assert [t.text for t in annotations.timexes] == ["March 14"]
