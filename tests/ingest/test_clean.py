from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.ingest import clean, to_raw
from sitroom.ingest.clean import INVISIBLE, Cleaned

BODY = "Russian forces shelled Kharkiv overnight, the governor said."
QUOTE_MARKS = set("\"“”„‟«»`'")


def removed(raw: str, result: Cleaned) -> list[tuple[str, str]]:
    return [(raw[s.start : s.end], s.kind) for s in result.boilerplate]


def assert_words_map_back(raw: str, result: Cleaned) -> None:
    for m in re.finditer(r"\w+", result.text):
        start, end = to_raw(result.offset_map, m.start()), to_raw(result.offset_map, m.end())
        # invisible characters are dropped from the clean text, so a word's raw span may hold some
        assert INVISIBLE.sub("", raw[start:end]) == m.group()
        assert raw[start] == m.group()[0]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Leave a Reply", "comment_prompt"),
        ("Leave a Reply Cancel reply", "comment_prompt"),
        ("Leave a comment", "comment_prompt"),
        ("Your email address will not be published. Required fields are marked *",
         "comment_prompt"),
        ("Comments are closed.", "comment_prompt"),
        ("12 Comments", "comment_prompt"),
        ("Share this:", "share_prompt"),
        ("Share on Facebook", "share_prompt"),
        ("Click to share on X (Opens in new window)", "share_prompt"),
        ("Subscribe to our newsletter", "share_prompt"),
        ("Sign up for our daily newsletter to get the latest news.", "share_prompt"),
        ("Follow us on Telegram", "share_prompt"),
        ("Tweet", "share_prompt"),
        ("Disclaimer: the author holds no positions in any companies mentioned.", "disclaimer"),
        ("This article is for informational purposes only.", "disclaimer"),
        ("This article is for informational purposes only and is not investment advice.",
         "disclaimer"),
        ("Not investment advice.", "disclaimer"),
        ("The views expressed in this article are the author's own and do not necessarily "
         "reflect those of the publication.", "disclaimer"),
        ("Photo: Reuters", "caption"),
        ("(Photo by Sergei Supinsky/AFP)", "caption"),
        ("Image credit: Ministry of Defence of Ukraine", "caption"),
        ("Ukrainian soldiers near Bakhmut. Photograph: Anatolii Stepanov/AFP/Getty Images",
         "caption"),
        ("Smoke rises over Kharkiv. (Photo by Sergey Bobok/AFP via Getty Images)", "caption"),
        ("Getty Images", "caption"),
        ("© Reuters", "caption"),
        ("Posted by Mark Halloran | February 20, 2023 | 6 min read", "byline"),
        ("By Jane Doe and John Roe · Reuters", "byline"),
        ("Twitter | Facebook | LinkedIn | Email", "share_prompt"),
        ("Email *", "comment_prompt"),
        ("Post Comment", "comment_prompt"),
        ("Subscribe to our Telegram channel!", "share_prompt"),
        ("Leave a comment. Subscribe to our Telegram channel!", "comment_prompt"),
        ("Share this article. Follow us on Telegram.", "share_prompt"),
    ],
)  # fmt: skip
def test_boilerplate_line_is_removed_and_recorded(line, kind):
    raw = f"{BODY}\n\n{line}\n\nThe attack lasted an hour."
    result = clean(raw)
    assert result.text == f"{BODY}\n\nThe attack lasted an hour."
    assert removed(raw, result) == [(line, kind)]
    assert_words_map_back(raw, result)


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor urged residents to leave a comment on the city's website about the shelters.",
        "Officials said the photo was taken by a drone over the city on Friday.",
        "Kyiv said it would share intelligence with partners, and follow up on Telegram.",
        "The report, which is not investment advice, was published on Monday by the bank.",
        "Related sanctions were imposed on Tuesday against three Russian banks.",
        "The views of residents do not necessarily reflect the government's position, he said.",
        "Read more about the offensive in the analysis by the institute, published on Friday.",
        "Share prices in Moscow fell by 3% after the announcement.",
        "Photo agencies including Getty Images said they had removed the picture.",
        "Comments are closed on the ministry's page, a spokesperson told reporters on Monday.",
        "By Monday, the troops had advanced.",
        "By the end of the day, Russia had withdrawn from the town.",
        "Posted on a wall in Kharkiv, the notice listed shelters.",
        "Telegram channels reported explosions in the city.",
        "Leave a comment. Shelling resumed in the morning.",  # one prompt, then a sentence of news
        "Residents were told to subscribe to the city's alert channel for air-raid warnings.",
    ],
)
def test_ordinary_sentences_are_kept(sentence):
    raw = f"{BODY}\n{sentence}\n"
    result = clean(raw)
    assert result.text == f"{BODY}\n{sentence}"
    assert result.boilerplate == []


def test_related_links_header_and_list():
    raw = (
        f"{BODY}\n\nRead also:\n- Ukraine says it retook Izium\n- Zelensky visits the front\n\n"
        "The attack lasted an hour.\nRelated: Kyiv braces for winter\nMore shelling followed.\n"
        "Related stories\nKharkiv counts the damage\nA city without power\n"
        "Repairs began on Sunday.\n"
    )
    result = clean(raw)
    assert result.text == (
        f"{BODY}\n\nThe attack lasted an hour.\nMore shelling followed.\nRepairs began on Sunday."
    )
    assert removed(raw, result) == [
        (
            "Read also:\n- Ukraine says it retook Izium\n- Zelensky visits the front",
            "related_links",
        ),
        ("Related: Kyiv braces for winter", "related_links"),
        ("Related stories\nKharkiv counts the damage\nA city without power", "related_links"),
    ]
    assert_words_map_back(raw, result)


def test_related_link_with_inline_title_does_not_take_the_next_paragraph():
    raw = "Read also: Ukraine says it retook Izium\nCounteroffensive in the south\nMore text.\n"
    result = clean(raw)
    assert result.text == "Counteroffensive in the south\nMore text."


def test_inline_photo_credit_in_a_long_paragraph():
    sentence = "Emergency crews worked through the night in the damaged district. " * 5
    raw = f"{sentence}(Photo by Sergey Bobok/AFP) Crews cleared the debris."
    result = clean(raw)
    assert result.text == f"{sentence}Crews cleared the debris."
    assert removed(raw, result) == [("(Photo by Sergey Bobok/AFP)", "caption")]
    assert_words_map_back(raw, result)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("He said ``like this'' and left.", "He said “like this” and left."),
        ('He said "yes" and "no".', "He said “yes” and “no”."),
        ('“Mixed quotes" were used and "again”.', "“Mixed quotes” were used and “again”."),
        ("„Слава Україні“, сказав він.", "“Слава Україні”, сказав він."),
        ("«Тримаємося», — сказав він.", "“Тримаємося”, — сказав він."),
        ('"A quote that continues', "“A quote that continues"),  # odd count: from context
        ('A 12" gun fired.', "A 12” gun fired."),
        ("He said ``yes\n'' and ``no''.", "He said “yes\n” and “no”."),
        ("Kyiv's mayor didn't say.", "Kyiv's mayor didn't say."),  # apostrophes untouched
    ],
)
def test_quotes_are_normalised(raw, expected):
    result = clean(raw)
    assert result.text == expected
    assert_words_map_back(raw, result)


def test_quotes_are_balanced_per_line():
    raw = 'He said: "One," then "two" and "three."\n"Four" — "five".'
    text = clean(raw).text
    for line in text.split("\n"):
        marks = [c for c in line if c in "“”"]
        assert marks == ["“", "”"] * (len(marks) // 2)


def test_whitespace_is_collapsed_conservatively():
    raw = "  \n\n First   line\t here.  \n  Second\u00a0line.\n\n\n\n\nThird.\r\n\r\nFourth. \n"
    result = clean(raw)
    assert result.text == "First line here.\nSecond line.\n\nThird.\n\nFourth."
    assert_words_map_back(raw, result)


def test_offset_map_round_trip_on_a_realistic_article():
    raw = (
        "Shelling hits Kharkiv\n\nKYIV, Sept 10 (Reuters) -   Russian forces shelled ``Kharkiv''"
        ' overnight.\nPhoto: Reuters\n"We will rebuild," the mayor said (Photo by X/AFP) today.'
        "\n\n\nRead more:\n* One\n* Two\n\nShare this:\nLeave a Reply\nThe end.\n"
    )
    result = clean(raw)
    assert result.text == (
        "Shelling hits Kharkiv\n\nKYIV, Sept 10 (Reuters) - Russian forces shelled “Kharkiv” "
        "overnight.\n“We will rebuild,” the mayor said today.\n\nThe end."
    )
    assert_words_map_back(raw, result)
    for span in result.boilerplate:  # spans are exact, trimmed pieces of the raw text
        piece = raw[span.start : span.end]
        assert piece == piece.strip() and piece


def test_to_raw_edges():
    result = clean("a  b")
    assert result.offset_map == [(0, 0, 2), (2, 3, 1)]
    assert [to_raw(result.offset_map, i) for i in range(4)] == [0, 1, 3, 4]
    with pytest.raises(ValueError):
        to_raw(result.offset_map, 4)
    with pytest.raises(ValueError):
        to_raw(result.offset_map, -1)
    empty = clean(" \n ")
    assert (empty.text, empty.offset_map, to_raw(empty.offset_map, 0)) == ("", [], 0)


@pytest.mark.parametrize(
    "raw",
    [
        "Russian forces shelled the city. " * 61000,
        "this " + "a" * 2_000_000,
        "Photo: " + "b" * 2_000_000,
        "(" * 2_000_000,
        "(Photo by " * 200_000,
        '"a" ' * 500_000,
        " \n\t" * 700_000,
        "Read also: " + "x " * 1_000_000,
        "The views expressed " + "v " * 1_000_000,
    ],
    ids=["prose", "word", "caption", "parens", "credits", "quotes", "spaces", "related", "views"],
)
@pytest.mark.timeout(120)
def test_two_megabyte_single_line_is_cleaned_without_backtracking(raw):
    # A hang check, not a speed measurement (that lives in benchmarks): linear cleaning takes about a
    # second here even on a loaded machine, while a quadratic pattern on 2 MB would take hours.
    result = clean(raw)
    assert len(result.text) <= len(raw)


FRAGMENTS = st.sampled_from(
    [
        "\n", "\n\n", "\r\n", " ", "  ", "\t", "\u00a0", "\u2028", '"', "“", "”", "„", "«", "»",
        "``", "''", "'", "Leave a Reply", "Share this:", "Read also:", "- item", "Photo: AP",
        "(Photo by X/AFP)", "Disclaimer: none", "Getty Images", "word", "Kyiv.", "12", "é",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join))
def test_cleaning_arbitrary_text_keeps_the_offset_invariants(raw):
    result = clean(raw)
    segments = result.offset_map
    # segments tile the clean text and move strictly forward through the raw text
    assert sum(length for _, _, length in segments) == len(result.text)
    for (c1, r1, n1), (c2, r2, _) in itertools.pairwise(segments):
        assert c1 + n1 == c2 and r1 + n1 <= r2 and n1 > 0
    for i, char in enumerate(result.text):
        original = raw[to_raw(segments, i)]
        if char in "“”":
            assert original in QUOTE_MARKS
        elif char in " \n":
            assert original.isspace()
        else:
            assert original == char
    assert_words_map_back(raw, result)
    for span in result.boilerplate:
        assert 0 <= span.start < span.end <= len(raw)
    assert result.text == result.text.strip()
