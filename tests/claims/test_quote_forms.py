"""Claims: direct quotes in every form, and what finding them costs."""

from __future__ import annotations

import pytest

from conftest import sitroom_lines_run
from sitroom.annotate.attribution.quotes import find_quotes

from .helpers import analyse, by_cue, speaker_name

# ------------------------------------------------------------------------------------ quote forms


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("“We will hold the line,” Zelensky said.", "“We will hold the line,”"),
        ('"We will hold the line," Zelensky said.', '"We will hold the line,"'),
        ("``We will hold the line,'' Zelensky said.", "``We will hold the line,''"),
        ("‘We will hold the line,’ Zelensky said.", "‘We will hold the line,’"),
        ("«We will hold the line», Zelensky said.", "«We will hold the line»"),
        ("Zelensky said: “We will hold the line.”", "“We will hold the line.”"),
        ("“We will hold the line,” said Zelensky.", "“We will hold the line,”"),
    ],
)
def test_direct_quote_in_every_mark(annotator, text, content):
    annotations = analyse(annotator, text)
    (claim,) = [c for c in annotations.claims if c.parent is None]
    assert (claim.kind, claim.text, claim.source_text) == ("direct", content, "Zelensky")
    assert speaker_name(annotations, claim) == "Volodymyr Zelensky"


def test_dash_introduced_speech(annotator):
    annotations = analyse(
        annotator, "Olena Kovalenko lives near the front.\n– They are trying to negotiate – she said."
    )
    (claim,) = by_cue(annotations, "said")
    assert claim.text == "They are trying to negotiate"
    assert claim.source_text == "she"


def test_quote_split_around_its_cue_keeps_both_pieces(annotator):
    annotations = analyse(
        annotator, "“Officially they speak of 300,000,” Reznikov said. “We think it is much more.”"
    )
    pieces = [c for c in by_cue(annotations, "said")]
    assert [c.text for c in pieces] == ["“Officially they speak of 300,000,”", "“We think it is much more.”"]
    assert "continued" in pieces[1].flags
    assert {c.speaker for c in pieces} == {pieces[0].speaker} and pieces[0].speaker is not None


def test_quote_over_several_paragraphs(annotator):
    text = "“The first wave came at dawn.\n\n“The second came at noon,” the commander said."
    (claim,) = by_cue(analyse(annotator, text), "said")
    assert claim.start == 0 and claim.text.endswith("noon,”") and claim.kind == "direct"


def test_unbalanced_quote_is_recovered_with_a_flag(annotator):
    text = "“The town is surrounded, the mayor said.\n\nRussia denied it."
    annotations = analyse(annotator, text)
    flagged = [c for c in annotations.claims if "unbalanced_quote" in c.flags]
    assert flagged and flagged[0].text.startswith("“The town is surrounded")
    assert "\n" not in flagged[0].text


@pytest.mark.parametrize("marks", ['"', '" "', '" " "', "“ ” “", "” “", "« « »"])
def test_odd_and_stray_quote_marks_never_crash(marks):
    text = f"He said {marks} that the line held {marks}.\n\nIt {marks} ended."
    for quote in find_quotes(text):
        assert 0 <= quote.start < quote.end <= len(text)


def test_apostrophes_do_not_open_single_quotes():
    assert find_quotes("Russia's army can't hold Ukraine's east, officials' notes say.") == []


def test_huge_quote_is_one_claim_and_its_cost_grows_linearly(annotator):
    def run(repeats: int) -> int:
        words = " ".join(["the", "front", "held", "and", "troops", "moved"] * repeats)
        text = f"The general said: “{words}.” Then he left."
        annotations, lines = sitroom_lines_run(lambda: analyse(annotator, text))
        (claim,) = by_cue(annotations, "said:")
        assert claim.kind == "direct" and claim.end - claim.start >= len(words)
        return lines

    # Four times the words: about four times the work when linear, sixteen when quadratic. Counted in
    # lines of sitroom's code run, not seconds, so that a busy machine cannot fail it.
    small, large = run(700), run(2_800)
    assert large < 6 * small


def test_quote_finding_is_linear_in_the_number_of_marks():
    def lines(count: int) -> int:
        text = "“a ” b “ c\n" * count + "“ unclosed " * count
        return sitroom_lines_run(lambda: find_quotes(text))[1]

    small, large = lines(5_000), lines(20_000)
    assert large < 6 * small
