"""Claims: reported speech, its cue, source and content."""

from __future__ import annotations

import pytest

from .helpers import analyse, by_cue

# ---------------------------------------------------------------------------------------- indirect


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        (
            "Reznikov said that Russia was massing troops.",
            "said",
            "Reznikov",
            "that Russia was massing troops",
        ),
        ("Reznikov said Russia was massing troops.", "said", "Reznikov", "Russia was massing troops"),
        (
            "Reznikov told Reuters that Russia was massing troops.",
            "told",
            "Reznikov",
            "that Russia was massing troops",
        ),
        (
            "According to Reznikov, Russia was massing troops.",
            "According to",
            "Reznikov",
            "Russia was massing troops",
        ),
        (
            "Russia was massing troops, according to Reznikov.",
            "according to",
            "Reznikov",
            "Russia was massing troops",
        ),
        (
            "But Russia was massing troops, according to Reznikov.",
            "according to",
            "Reznikov",
            "Russia was massing troops",
        ),
        (
            "According to the defence minister Oleksii Reznikov, the move reeks of fear.",
            "According to",
            "the defence minister Oleksii Reznikov",
            "the move reeks of fear",
        ),
        (
            "Russia was massing troops in the east, Reznikov said.",
            "said",
            "Reznikov",
            "Russia was massing troops in the east",
        ),
        ("Reznikov warned that Russia would attack.", "warned", "Reznikov", "that Russia would attack"),
        (
            "Peskov denied that Moscow planned a new call-up.",
            "denied",
            "Peskov",
            "that Moscow planned a new call-up",
        ),
        (
            "Kyiv estimated that 500,000 troops were near the border.",
            "estimated",
            "Kyiv",
            "that 500,000 troops were near the border",
        ),
        (
            "Kyiv knows that Moscow is preparing an attack.",
            "knows",
            "Kyiv",
            "that Moscow is preparing an attack",
        ),
    ],
)
def test_indirect_attribution(annotator, text, cue, source, content):
    annotations = analyse(annotator, text)
    (claim,) = by_cue(annotations, cue)
    assert (claim.kind, claim.source_text, claim.text) == ("indirect", source, content)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # an apposition at the end is the writer's description of the person
        (
            "Sanders said he did not support Mr. Trump, the presumed favourite.",
            "he did not support Mr. Trump",
        ),
        # but a list, and a relative clause of what was said, are what was said
        (
            "Earnest said Obama has called for tax fairness, the closure of loopholes and relief for all.",
            "Obama has called for tax fairness, the closure of loopholes and relief for all",
        ),
        (
            "The Times said Trump had claimed a loss in 1995, which let him avoid taxes for years.",
            "Trump had claimed a loss in 1995, which let him avoid taxes for years",
        ),
        # a second cue sharing the subject reports its own clause
        (
            "Perdue said the ads did not hurt Romney, arguing that the party's divisions did.",
            "the ads did not hurt Romney",
        ),
        # a that-clause the parser hangs on the noun before it
        (
            "Reznikov said at the time that the brigade had reached the river.",
            "that the brigade had reached the river",
        ),
        (
            "Trump said in the early morning hours that Machado was “disgusting”.",
            "that Machado was “disgusting”",
        ),
        # what a colon closing the clause introduces
        (
            "Zelensky said the army needs one thing: air defence.",
            "the army needs one thing: air defence",
        ),
        # a clause the parser takes for an adverbial of the cue
        (
            "Trump said after the convention he would not accept the endorsement if it were offered.",
            "after the convention he would not accept the endorsement if it were offered",
        ),
    ],
)
def test_content_of_a_reported_clause_ends_where_the_reporting_does(annotator, text, content):
    (claim,) = by_cue(analyse(annotator, text), "said")
    assert claim.text == content


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Peskov offered no evidence for the claim.", "offered", "no evidence for the claim"),
        ("Kyiv accused Moscow of shelling the plant.", "accused", "Moscow of shelling the plant"),
        ("Zelensky attacked Putin in his address.", "attacked", "Putin"),
        ("Kyiv offers loans to farmers during the war.", "offers", "loans to farmers"),
        ("Cruz endorsed Trump, who says he is honoured.", "endorsed", "Trump"),
        ("The governor encouraged residents to leave the city.", "encouraged", "residents to leave the city"),
        ("NATO expressed concern over the strikes.", "expressed", "concern over the strikes"),
        (
            "Zelensky called on allies to send more air defence.",
            "called on",
            "allies to send more air defence",
        ),
        ("The report documented abuses in occupied towns.", "documented", "abuses in occupied towns"),
        (
            "Kyiv wants to rebuild the grid, train crews and store fuel.",
            "wants",
            "to rebuild the grid, train crews and store fuel",
        ),
    ],
)
def test_the_object_of_a_speech_verb_is_what_it_reports(annotator, text, cue, content):
    (claim,) = by_cue(analyse(annotator, text), cue)
    assert claim.text == content


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces attacked the depot near Kherson.",
        "Ukrainian units pressed the attack south of Bakhmut.",
        "The commander told them nothing.",
        "The brigade found a way across the river.",
    ],
)
def test_an_object_that_is_not_reported_makes_no_claim(annotator, text):
    assert analyse(annotator, text).claims == []


def test_the_setting_after_a_parenthetical_cue_is_not_what_was_said(annotator):
    text = "Two schools were hit, the governor said, after the morning briefing in Kharkiv."
    (claim,) = by_cue(analyse(annotator, text), "said")
    assert claim.text == "Two schools were hit"
    text = "Russian troops withdrew from the village, an official said, speaking on condition of anonymity."
    annotations = analyse(annotator, text)
    assert [claim.text for claim in annotations.claims] == ["Russian troops withdrew from the village"]


def test_as_someone_put_it(annotator):
    (claim,) = by_cue(analyse(annotator, "The offensive has stalled, as the governor put it."), "put it")
    assert (claim.source_text, claim.text) == ("the governor", "The offensive has stalled")
    annotations = analyse(annotator, "The offensive, as one commander put it, has become a meat grinder.")
    assert [c.text for c in by_cue(annotations, "put it")] == ["The offensive", "has become a meat grinder"]


def test_a_quote_split_around_a_cue_with_its_content_after(annotator):
    text = "“Every time you say that,” Tester said, pointing at the report, “you give ammunition to critics.”"
    first, second = by_cue(analyse(annotator, text), "said")
    assert (first.text, second.text) == ("“Every time you say that,”", "“you give ammunition to critics.”")
    assert second.flags == ["continued"]


def test_the_cue_is_the_verb_group_as_written(annotator):
    annotations = analyse(annotator, "Moscow is once again questioning the count of the votes.")
    assert [claim.cue for claim in annotations.claims] == ["is once again questioning"]


def test_the_venue_after_a_closing_cue_is_part_of_it(annotator):
    for text in (
        "“The line holds,” the commander said in an interview.",
        "“The line holds,” he said in an interview in Kharkiv.",
    ):
        (claim,) = analyse(annotator, text).claims
        assert claim.cue == "said in an interview"
        assert claim.medium is not None and claim.medium.startswith("interview")


def test_a_setting_before_a_parenthetical_cue_is_not_what_was_said(annotator):
    text = "During the winter, the governor said, the city lost power for weeks."
    (claim,) = by_cue(analyse(annotator, text), "said")
    assert claim.text == "the city lost power for weeks"


def test_a_setting_before_the_source_is_not_what_was_said(annotator):
    annotations = analyse(
        annotator, "In Kherson last week, the mayor told reporters that the city would hold."
    )
    (claim,) = by_cue(annotations, "told")
    assert claim.text == "that the city would hold"


def test_a_content_stops_before_the_quote_that_opens_the_next_sentence(annotator):
    text = 'She noted that the town had fallen twice since. "We have taken it back," she said.'
    (claim,) = by_cue(analyse(annotator, text), "noted")
    assert claim.text == "that the town had fallen twice since"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("An inquiry in 2022 found that the dam had been mined.", "An inquiry"),
        ("Both Kyiv and Warsaw say the grain deal must be renewed.", "Kyiv and Warsaw"),
        # a verb the parser hung inside the speaker's phrase is not part of it
        ("Prime Minister Denys Shmyhal repeated Kyiv’s calls for more Patriot air defence systems.", "Kyiv"),
        ("The Latest on the war\n\n7 p.m.\n\nThe governor says the city is calm.", "The governor"),
    ],
)
def test_the_source_is_the_speaker_as_named(annotator, text, source):
    (claim,) = analyse(annotator, text).claims
    assert claim.source_text == source


def test_a_passive_cue_takes_its_agent_as_source(annotator):
    annotations = analyse(annotator, "The strike on the depot was first reported by the Kyiv Independent.")
    (claim,) = by_cue(annotations, "was first reported by")
    assert (claim.source_text, claim.text) == ("the Kyiv Independent", "The strike on the depot")


def test_a_passive_cue_of_charge_has_its_subject_and_the_charge(annotator):
    text = "The governor has been criticized for the slow evacuation."
    first, second = by_cue(analyse(annotator, text), "has been criticized")
    assert (first.text, second.text, first.source_text) == ("The governor", "for the slow evacuation", None)
    assert analyse(annotator, "The meeting was called for Monday.").claims == []


def test_a_document_someone_puts_out_speaks_for_them(annotator):
    text = "The governor released a letter from the army on Friday that says the dam was mined."
    (claim,) = analyse(annotator, text).claims
    assert (claim.source_text, claim.cue, claim.text, claim.medium) == (
        "The governor",
        "released a letter from the army on Friday that says",
        "the dam was mined",
        "letter",
    )


def test_what_someone_said_was(annotator):
    (claim,) = analyse(annotator, "What the senators said was that the bill would fail.").claims
    assert (claim.source_text, claim.cue, claim.text) == ("the senators", "said", "that the bill would fail")


def test_quoted_as_saying(annotator):
    text = "Shoigu was quoted by TASS as saying that the troops had reached the river."
    (claim,) = analyse(annotator, text).claims
    assert (claim.source_text, claim.cue, claim.text) == (
        "Shoigu",
        "saying",
        "that the troops had reached the river",
    )


def test_a_passive_cue_without_agent_has_no_source(annotator):
    annotations = analyse(annotator, "It was reported that the troops had left Kherson.")
    (claim,) = by_cue(annotations, "was reported")
    assert (claim.source_text, claim.speaker, claim.text) == (None, None, "that the troops had left Kherson")
    annotations = analyse(annotator, "The counteroffensive is expected to begin in the spring.")
    first, second = by_cue(annotations, "is expected")
    assert (first.text, second.text, second.flags) == (
        "The counteroffensive",
        "to begin in the spring",
        ["continued"],
    )


def test_a_possessed_noun_of_saying_is_a_cue(annotator):
    annotations = analyse(annotator, "Kyiv rejected Russia's claim that its forces had captured Bakhmut.")
    (claim,) = by_cue(annotations, "claim")
    assert (claim.source_text, claim.text) == ("Russia", "that its forces had captured Bakhmut")


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        ("Analysts doubted Russia's plan to encircle the city.", "plan", "Russia", "to encircle the city"),
        ("The minister repeated his view of the talks.", "view of", "his", "the talks"),
    ],
)
def test_a_possessed_noun_of_thought_or_intention_is_a_cue(annotator, text, cue, source, content):
    (claim,) = by_cue(analyse(annotator, text), cue)
    assert (claim.source_text, claim.text) == (source, content)


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Kyiv is confident that the line will hold.", "is confident", "that the line will hold"),
        ("The senator has been critical of the plan.", "has been critical of", "the plan"),
        ("Moscow is ready to negotiate.", "is ready", "to negotiate"),
    ],
)
def test_an_attitude_of_the_subject_is_a_claim(annotator, text, cue, content):
    (claim,) = by_cue(analyse(annotator, text), cue)
    assert claim.text == content


def test_a_thing_that_is_ready_makes_no_claim(annotator):
    assert analyse(annotator, "The bridge is ready for traffic.").claims == []


def test_a_noun_of_saying_without_a_possessor_is_a_cue(annotator):
    text = "Moscow denied the claim that its forces had shelled the plant."
    (claim,) = by_cue(analyse(annotator, text), "the claim")
    assert (claim.source_text, claim.text) == (None, "that its forces had shelled the plant")
    text = "The region welcomed a pledge by Berlin to send more air defence systems."
    (claim,) = by_cue(analyse(annotator, text), "a pledge")
    assert (claim.source_text, claim.text) == ("Berlin", "to send more air defence systems")


def test_a_noun_of_saying_without_a_clause_is_no_cue(annotator):
    annotations = analyse(annotator, "The threat posed by drones grew over the winter.")
    assert annotations.claims == []


def test_stance_markers(annotator):
    annotations = analyse(
        annotator,
        "Peskov denied that Moscow planned a new call-up. Reznikov warned that Russia could attack. "
        "Kyiv estimated that about 500,000 troops were near the border.",
    )
    assert "denial" in by_cue(annotations, "denied")[0].stance
    warned = by_cue(annotations, "warned")[0]
    assert "warning" in warned.stance and "hedging" in warned.stance
    assert "estimate" in by_cue(annotations, "estimated")[0].stance


def test_medium_and_utterance_date(annotator):
    annotations = analyse(
        annotator,
        "Reznikov told the French broadcaster BFM TV on Wednesday that Russia was massing troops. "
        "Zelensky said in his nightly address that the army was advancing. "
        "Budanov said on his Telegram channel that the attack had failed.",
    )
    told = by_cue(annotations, "told")[0]
    assert told.medium is not None and "BFM" in told.medium
    assert (told.date, told.date_precision) == ("2023-02-01", "day")
    said = by_cue(annotations, "said")
    assert said[0].medium == "nightly address" and said[0].date_precision == "reported_on"
    assert said[1].medium == "Telegram channel"


def test_a_date_inside_the_content_is_not_the_utterance_date(annotator):
    (claim,) = analyse(annotator, "Peskov denied the February 24 report.").claims
    assert claim.text == "the February 24 report" and claim.date_precision == "reported_on"


def test_no_publication_date_leaves_the_utterance_date_open(annotator):
    (claim,) = analyse(annotator, "Reznikov said that Russia was massing troops.", published=None).claims
    assert claim.date is None and claim.date_precision is None
