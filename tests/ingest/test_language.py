from __future__ import annotations

import pytest

from sitroom.ingest import detect_language
from sitroom.ingest.language import choose_language, is_english, normalise_language_tag

ENGLISH = (
    "Russian forces shelled Kharkiv overnight, the regional governor said on Saturday. At least "
    "three people were injured, and emergency crews worked through the morning to clear debris "
    "from the damaged apartment blocks in the north of the city."
)
UKRAINIAN = (
    "Російські війська вночі обстріляли Харків, повідомив голова обласної військової "
    "адміністрації. Щонайменше троє людей дістали поранення, а рятувальники все ранок "
    "розбирали завали пошкоджених багатоповерхівок на півночі міста."
)


def test_english_and_ukrainian():
    assert detect_language(ENGLISH) == "en"
    assert detect_language(UKRAINIAN) == "uk"


@pytest.mark.parametrize("text", ["", "Kyiv", "Photo: AFP", "12:30 — 14:00", "长江大桥"])
def test_too_short_or_unknown_script(text):
    assert detect_language(text) is None


def test_declared_language_is_kept_unless_detection_is_confident():
    assert choose_language("en", UKRAINIAN) == "uk"  # a paragraph: detection wins
    assert choose_language("uk", "Kyiv said on Saturday it would respond.") == "uk"  # too short
    assert choose_language("en", ENGLISH) == "en"
    assert choose_language(None, ENGLISH) == "en"
    assert choose_language("de", "Kyiv") == "de"
    assert choose_language(None, "Kyiv") is None


def test_is_english():
    assert is_english("en", UKRAINIAN)
    assert not is_english("uk", ENGLISH)
    assert is_english(None, "Kyiv, Kharkiv")
    assert not is_english(None, "Київ")
    assert not is_english(None, "")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", "en"), ("EN-us", "en"), ("uk_UA", "uk"), ("eng", None), ("", None), (None, None)],
)
def test_language_tags(tag, expected):
    assert normalise_language_tag(tag) == expected


def test_short_english_sentence_full_of_transliterated_names_is_english():
    text = "Oleksii Reznikov said Russia had mobilised up to 500,000 soldiers."
    assert choose_language(None, text) == "en"
