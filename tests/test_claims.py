from __future__ import annotations

import json
from datetime import date
from importlib import resources

import jsonschema
import pytest

from conftest import make_document, sitroom_lines_run
from sitroom.annotate import Annotator
from sitroom.annotate.attribution import fill_contains
from sitroom.annotate.attribution.gender import gender_of
from sitroom.annotate.attribution.quotes import find_quotes
from sitroom.records import Annotations, Claim, Event
from sitroom.report import export

PUBLISHED = date(2023, 2, 1)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


def analyse(annotator: Annotator, text: str, published: date | None = PUBLISHED) -> Annotations:
    document = make_document(text, published=published)
    (annotations,) = annotator.annotate([document])
    for claim in annotations.claims:
        assert document.text[claim.start : claim.end] == claim.text
        if claim.source_start is not None:
            assert document.text[claim.source_start : claim.source_end] == claim.source_text
        if claim.cue_start is not None:
            assert document.text[claim.cue_start : claim.cue_end] == claim.cue
    return annotations


def by_cue(annotations: Annotations, cue: str) -> list[Claim]:
    return [claim for claim in annotations.claims if claim.cue == cue]


def speaker_name(annotations: Annotations, claim: Claim) -> str | None:
    names = {entity.id: entity.name for entity in annotations.entities}
    return names.get(claim.speaker or "")


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


# -------------------------------------------------------------------------------------- speakers


ISW = "Institute for the Study of War"
RU_MOD = "Ministry of Defence of the Russian Federation"


# Each row: a text, the source as written of the claim looked at, and the speaker it must resolve to
# (an entity name), or (None, role) when it names no known entity.
@pytest.mark.parametrize(
    ("text", "source", "speaker", "role"),
    [
        # a pronoun after a quote is who spoke before it, not a name inside the quote
        ("The Institute for the Study of War said Moscow is preparing call-ups. “The Kremlin likely seeks "
         "to justify a new mobilisation wave,” it wrote.", "it", ISW, None),
        ("The Institute for the Study of War said Moscow is preparing call-ups. “The Kremlin likely seeks "
         "to justify a new mobilisation wave,” it wrote. It added that Russian forces had not advanced.",
         "It", ISW, None),
        # nor a name inside what it is said to say, quoted or not
        ("The Institute for the Study of War published its assessment on Monday. The Kremlin is "
         "preparing a new mobilisation wave, it said.", "it", ISW, None),
        # a description is the organisation it describes, by its name's words or the listed ones
        ("The Institute for the Study of War said Moscow is preparing call-ups. The think tank said that "
         "“the Russian Armed Forces lack the trained reserves.”", "The think tank", ISW, None),
        ("Russian forces are unlikely to take Kupiansk, the Institute for the Study of War said. "
         "“Vladimir Putin has ordered the capture of the whole region,” the institute wrote.",
         "the institute", ISW, None),
        ("Russia's defence ministry denied the report. The ministry said that no troops were there.",
         "The ministry", RU_MOD, None),
        # a document is its author's: the possessor or the "of"/"by" phrase
        ("According to estimates of the Ukrainian General Staff, the enemy has lost 240,000 personnel.",
         "estimates of the Ukrainian General Staff", "General Staff of the Armed Forces of Ukraine", None),
        ("Russia's defence ministry said on Monday it repelled attacks. The ministry's statement said "
         "that 40 soldiers were killed.", "The ministry's statement", RU_MOD, None),
        # a participle the parser hangs on the reported clause shares the cue's subject
        ("Russia's defence ministry denied that its forces had fired on civilians in Chernihiv, saying no "
         "Russian troops were in the city.", "Russia's defence ministry", RU_MOD, None),
        # a person named with a title is the person; a person described by a body is not the body
        ("But the Luhansk governor Serhiy Haidai insisted that the city was not cut off.",
         "the Luhansk governor Serhiy Haidai", "Serhiy Haidai", None),
        ("The head of the Ministry of Defence of Ukraine press office said the report was false.",
         "The head of the Ministry of Defence of Ukraine press office", None,
         "The head of the Ministry of Defence of Ukraine press office"),
        ("A local official said the town was empty.", "A local official", None, "A local official"),
    ],
)  # fmt: skip
def test_speaker_resolution(annotator, text, source, speaker, role):
    annotations = analyse(annotator, text)
    claim = [c for c in annotations.claims if c.source_text == source][-1]
    assert (speaker_name(annotations, claim), claim.speaker_role) == (speaker, role)


def test_a_description_no_one_in_the_text_fits_is_the_publisher(annotator):
    text = "The General Staff said on Thursday that air defence units were redeployed to the south."
    document = make_document(text, published=PUBLISHED, source="General Staff of the Armed Forces of Ukraine")
    (annotations,) = annotator.annotate([document])
    (claim,) = annotations.claims
    assert speaker_name(annotations, claim) == "General Staff of the Armed Forces of Ukraine"
    # published by someone else, the description stays a role
    (annotations,) = annotator.annotate([make_document(text, published=PUBLISHED, source="Reuters")])
    assert annotations.claims[0].speaker is None and annotations.claims[0].speaker_role == "The General Staff"


@pytest.mark.parametrize(
    "text",
    [
        "According to plan, Ukrainian air defence units were redeployed to the south.",
        "According to the schedule, the convoy left Kherson on Monday.",
        # a time word, an event or a weapon shows, it does not say
        "The decision shows that the front has stabilised.",
        "Last week proved that the bridgehead could be held.",
        "The repeated assaults suggest that the brigade has run out of reserves.",
        "The interceptors showed that the new radar works.",
    ],
)
def test_a_common_noun_that_names_nobody_is_no_attribution(annotator, text):
    assert analyse(annotator, text).claims == []


def test_according_to_a_speaker_noun_is_an_attribution(annotator):
    (claim,) = analyse(annotator, "According to local officials, the town was shelled overnight.").claims
    assert claim.source_text == "local officials" and claim.speaker_role == "local officials"


def test_according_to_a_document_no_one_wrote_reports_with_no_speaker(annotator):
    # "according to estimates" names no author: what is reported stays reported, by no one named.
    (claim,) = analyse(annotator, "According to estimates, up to 30,000 servicemen will be moved.").claims
    assert (claim.source_text, claim.speaker, claim.speaker_role) == (None, None, None)
    assert claim.cue == "According to estimates"
    # With its author, the document is the author's.
    (claim,) = analyse(
        annotator, "According to estimates of the General Staff, Russia lost 500 tanks."
    ).claims
    assert claim.source_text == "estimates of the General Staff"


def test_pronoun_resolves_to_the_last_person_quoted(annotator):
    annotations = analyse(
        annotator,
        "Ukrainian Defence Minister Oleksii Reznikov said Russia was massing troops. "
        "Vladimir Putin has not commented.\n\nHe said Kyiv expected an attack within weeks.",
    )
    (claim,) = [c for c in by_cue(annotations, "said") if c.source_text == "He"]
    assert speaker_name(annotations, claim) == "Oleksii Reznikov"


def test_a_pronoun_skips_people_of_the_other_gender(annotator):
    annotations = analyse(
        annotator,
        "Foreign ministry spokeswoman Maria Zakharova said the talks were over. "
        "Kremlin spokesman Dmitry Peskov said Moscow was open to contacts.\n\n"
        "She said the West had chosen escalation.",
    )
    (claim,) = [c for c in by_cue(annotations, "said") if c.source_text == "She"]
    assert speaker_name(annotations, claim) == "Maria Zakharova"


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Mrs. Clinton", "female"),
        ("Mr. Obama", "male"),
        ("Iryna Vereshchuk", "female"),
        ("Maria Zakharova", "female"),
        ("Sergei Lavrov", "male"),
        ("Peskov", "male"),
        ("Trump", None),
        ("Kyiv", None),
    ],
)
def test_gender_of_a_name(name, gender):
    assert gender_of(name) == gender


def test_it_resolves_to_an_organisation(annotator):
    annotations = analyse(
        annotator,
        "The Institute for the Study of War said Russian forces made gains. It added that losses were heavy.",
    )
    (claim,) = by_cue(annotations, "added")
    assert speaker_name(annotations, claim) == "Institute for the Study of War"


def test_descriptions_resolve_or_stay_a_role(annotator):
    annotations = analyse(
        annotator,
        "Oleksii Reznikov, Ukraine's defence minister, said Russia was massing troops. "
        "The minister said Western tanks would arrive. A local official said the town was empty.",
    )
    minister, official = [
        c for c in by_cue(annotations, "said") if c.source_text != annotations.claims[0].source_text
    ]
    assert speaker_name(annotations, minister) == "Oleksii Reznikov"
    assert official.speaker is None and official.speaker_role == "A local official"


def test_the_report_is_its_publisher_speaking(annotator):
    annotations = analyse(
        annotator,
        "The Institute for the Study of War said Russian forces made gains. "
        "The report said Wagner fighters were still pushing around Bakhmut.",
    )
    (claim,) = [c for c in by_cue(annotations, "said") if c.source_text == "The report"]
    assert speaker_name(annotations, claim) == "Institute for the Study of War"
    assert claim.medium == "report"


def test_first_person_outside_quotes_is_the_outlet(annotator):
    annotations = analyse(annotator, "Bottom line. We expect the pressure on Bakhmut to continue.")
    (claim,) = by_cue(annotations, "expect")
    assert claim.kind == "outlet" and claim.speaker is None


def test_a_participle_is_not_a_cue(annotator):
    annotations = analyse(annotator, "Asked whether Putin trusted his generals, Peskov said that he did.")
    assert [c.cue for c in annotations.claims] == ["said"]


# ---------------------------------------------------------------------------------- nesting, contains


def test_nested_attribution_is_a_parent_chain(annotator):
    annotations = analyse(
        annotator,
        "The Wall Street Journal reported that Zelensky told aides that the offensive would start soon.",
    )
    (outer,) = by_cue(annotations, "reported")
    (inner,) = by_cue(annotations, "told")
    assert inner.parent == outer.id and outer.parent is None
    assert speaker_name(annotations, inner) == "Volodymyr Zelensky"


def test_a_cited_source_speaks_through_the_report(annotator):
    annotations = analyse(
        annotator, "The Wall Street Journal, citing Boris Nadezhdin, reported that his candidacy was blocked."
    )
    (report,) = by_cue(annotations, "reported")
    (cited,) = by_cue(annotations, "citing")
    assert cited.source_text == "Boris Nadezhdin" and cited.parent == report.id
    assert cited.text == report.text == "that his candidacy was blocked"


def test_first_person_inside_a_quote_is_the_quoted_speaker(annotator):
    annotations = analyse(annotator, "“We think it is much more,” Reznikov said.")
    (inner,) = by_cue(annotations, "think")
    (outer,) = by_cue(annotations, "said")
    assert inner.parent == outer.id and inner.speaker == outer.speaker is not None


def test_contains_lists_places_times_quantities_and_events_in_the_content(annotator):
    annotations = analyse(
        annotator, "Reznikov said that 500,000 Russian troops could attack Kharkiv around February 24."
    )
    (claim,) = by_cue(annotations, "said")
    records = [*annotations.places, *annotations.timexes, *annotations.quantities, *annotations.events]
    inside = {r.id for r in records}
    assert claim.contains and set(claim.contains) <= inside
    assert any(q.id in claim.contains for q in annotations.quantities)
    assert any(t.id in claim.contains for t in annotations.timexes)


def test_fill_contains_takes_events_added_later(annotator):
    annotations = analyse(annotator, "Reznikov said that Russian forces shelled Kharkiv.")
    (claim,) = by_cue(annotations, "said")
    at = claim.text.index("shelled") + claim.start
    annotations.events.append(
        Event("evt_1", annotations.doc, claim.start, claim.end, claim.text, "ASSAULT", "shelled", at, at + 7)
    )
    fill_contains(annotations)
    assert "evt_1" in claim.contains


# ------------------------------------------------------------------------------------------- store


def test_claims_are_stored_and_exported_valid(annotator, store, tmp_path):
    text = "Ukrainian Defence Minister Oleksii Reznikov said that Russia was massing troops near Kharkiv."
    document = make_document(text, published=PUBLISHED)
    (annotations,) = annotator.annotate([document])
    assert annotations.claims and annotations.claims[0].speaker is not None
    store.add_document(document)
    store.save_annotations([annotations], "v1")
    (path,) = export(store, "json", tmp_path)
    data = json.loads(path.read_text())
    schema = json.loads((resources.files("sitroom.schemas") / "export-v1.schema.json").read_text())
    jsonschema.validate(data, schema)
    (claim,) = [c for c in data["claims"] if c["cue"] == "said"]
    assert claim["speaker"] in {e["id"] for e in data["entities"]}
    assert claim["text"] == "that Russia was massing troops near Kharkiv"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        ("As reported by the General Staff, the enemy shelled 23 villages overnight.",
         "the General Staff", "the enemy shelled 23 villages overnight"),
        ("As the ministry reported, the enemy shelled 23 villages.", "the ministry",
         "the enemy shelled 23 villages"),
        ("As the governor put it, the city is under constant fire.", "the governor",
         "the city is under constant fire"),
        ("The enemy shelled 23 villages, as reported by the General Staff.", "the General Staff",
         "The enemy shelled 23 villages"),
    ],
)  # fmt: skip
def test_an_as_clause_reports_its_main_clause(annotator, text, source, content):
    (claim,) = analyse(annotator, text).claims
    assert (claim.source_text, claim.text, claim.kind) == (source, content, "indirect")


def test_people_who_speak_for_a_body_are_its_voice(annotator):
    annotations = analyse(
        annotator,
        "Analysts of the Institute for the Study of War believe that Russian forces may attempt to "
        "advance. A spokesman for the Ministry of Defence of Ukraine said the attack was repelled.",
    )
    speakers = [speaker_name(annotations, claim) for claim in annotations.claims]
    assert speakers == ["Institute for the Study of War", "Ministry of Defence of Ukraine"]


@pytest.mark.parametrize(
    ("headline", "source", "cue", "content"),
    [
        ("Kyiv says Russia lost 500 tanks", "Kyiv", "says", "Russia lost 500 tanks"),
        ("Zelensky: we will not give up the east", "Zelensky", ":", "we will not give up the east"),
        ("ISW: Russia prepares an offensive", "ISW", ":", "Russia prepares an offensive"),
        (
            "UK intelligence: Russia is running out of shells",
            "UK intelligence",
            ":",
            "Russia is running out of shells",
        ),
        (
            "Ukraine's General Staff: 23 villages shelled",
            "Ukraine's General Staff",
            ":",
            "23 villages shelled",
        ),
        ("Shoigu claims capture of Soledar", "Shoigu", "claims", "capture of Soledar"),
    ],
)
def test_a_headline_is_a_claim_of_its_speaker(annotator, headline, source, cue, content):
    text = f"{headline}\n\nFighting continued near Bakhmut on Monday."
    (claim,) = analyse(annotator, text).claims
    assert (claim.source_text, claim.cue, claim.text) == (source, cue, content)


@pytest.mark.parametrize(
    ("text", "source", "pieces"),
    [
        (
            "The offensive, which ISW says began in May, has stalled.",
            "ISW",
            ["The offensive", "began in May"],
        ),
        ("Officials cited a figure that Kyiv says is inflated.", "Kyiv", ["a figure", "is inflated"]),
    ],
)
def test_a_cue_in_a_relative_clause_says_the_clause_of_its_antecedent(annotator, text, source, pieces):
    claims = by_cue(analyse(annotator, text), "says")
    assert [claim.text for claim in claims] == pieces
    assert {claim.source_text for claim in claims} == {source}
    assert [claim.flags for claim in claims] == [[], ["continued"]]


def test_the_speaker_of_a_quote_before_its_cue_is_not_inside_the_quote(annotator):
    # The parser takes the last quoted sentence's subject for the cue's subject.
    text = (
        '"He would be a great senator. Not good, great. One of the brightest members of the entire '
        'Congress," Rep. Elijah E. Cummings said in a phone interview.'
    )
    (claim,) = by_cue(analyse(annotator, text), "said in a phone interview")
    assert claim.source_text == "Rep. Elijah E. Cummings"
    assert claim.text.startswith('"He would be') and claim.text.endswith('Congress,"')


@pytest.mark.parametrize(
    "headline", ["Ukraine war latest: Russia shells Kherson", "Editor's note: this story was updated"]
)
def test_a_topic_before_a_colon_is_no_speaker(annotator, headline):
    assert analyse(annotator, f"{headline}\n\nFighting continued.").claims == []


def test_quoted_sentences_in_a_row_run_on_to_the_one_the_cue_closes(annotator):
    text = "“We held the line.” “We will hold it again,” the commander said."
    claims = by_cue(analyse(annotator, text), "said")
    assert [claim.text for claim in claims] == ["“We held the line.”", "“We will hold it again,”"]
    assert {claim.source_text for claim in claims} == {"the commander"}
    # narration between the quotes breaks the run
    text = "“We held the line.” The town fell. “We will hold it again,” the commander said."
    assert [claim.text for claim in by_cue(analyse(annotator, text), "said")] == ["“We will hold it again,”"]


def test_a_headline_parsed_into_the_paragraph_below_reports_its_own_line(annotator):
    text = "Kremlin denies plans for new mobilisation\n\nFighting continued near Bakhmut on Monday."
    (claim,) = analyse(annotator, text).claims
    assert (claim.source_text, claim.cue, claim.text) == ("Kremlin", "denies", "plans for new mobilisation")


@pytest.mark.parametrize(
    ("text", "cue", "source", "said"),
    [
        # The word order of machine translations: the cue closes the clause, its source follows it.
        (
            "The enemy attacked near Robotyne, reported the General Staff of the Armed Forces of Ukraine.",
            "reported",
            "the General Staff of the Armed Forces of Ukraine",
            "The enemy attacked near Robotyne",
        ),
        (
            "Russian troops shelled Kupiansk, informed in the Ministry of Defence of Ukraine.",
            "informed",
            "the Ministry of Defence of Ukraine",
            "Russian troops shelled Kupiansk",
        ),
        (
            "Units of the West group liberated the settlement Kislovka in the Kharkov region, informed in "
            "the Ministry of Defence of Russia.",
            "informed",
            "the Ministry of Defence of Russia",
            "Units of the West group liberated the settlement Kislovka in the Kharkov region",
        ),
        (
            "Units of the North group liberated five settlements, reported on Saturday the Ministry of "
            "Defence.",
            "reported",
            "the Ministry of Defence",
            "Units of the North group liberated five settlements",
        ),
    ],
)
def test_a_cue_closing_its_clause_takes_the_source_after_it(annotator, text, cue, source, said):
    (claim,) = by_cue(analyse(annotator, text), cue)
    assert (claim.source_text, claim.text) == (source, said)


@pytest.mark.parametrize(
    ("text", "own", "disputed"),
    [
        (
            "Russia has mobilised about 500,000 men, the defence minister said, disputing Moscow's figure.",
            "Russia has mobilised about 500,000 men",
            "Moscow's figure",
        ),
        (
            "Our units hold the town, a spokesman said on Friday, rejecting the Kremlin's claim.",
            "Our units hold the town",
            "the Kremlin's claim",
        ),
    ],
)
def test_a_participle_after_a_cue_is_no_inverted_cue(annotator, text, own, disputed):
    # Its object is what the speaker disputes, not a source, and the words before it are the speaker's
    # own figure or statement, not what they deny.
    claims = analyse(annotator, text).claims
    assert all(c.source_text != disputed for c in claims)
    assert [c for c in claims if own in c.text]
    assert all("denial" not in c.stance for c in claims if own in c.text)
    assert any("denial" in c.stance and c.text == disputed for c in claims)


def test_a_clause_before_the_cue_parsed_as_an_adverbial_is_what_it_reports(annotator):
    # A long opening phrase makes the parser hang the reported clause on the cue as an adverbial.
    text = (
        "As a result of a strike on the deployment points of the brigade in Kramatorsk, more than 600 "
        "servicemen were destroyed, the ministry said on Sunday."
    )
    (claim,) = analyse(annotator, text).claims
    assert claim.source_text == "the ministry"
    assert claim.text.endswith("more than 600 servicemen were destroyed")
    # A clause of time is no report: the cue's own complement is.
    (claim,) = analyse(annotator, "When the troops arrived, the governor said the town was calm.").claims
    assert claim.text == "the town was calm"


@pytest.mark.parametrize(
    ("text", "source", "said"),
    [
        # The parser makes the source an appositive of the clause's last noun: the cue has no subject.
        (
            "Units of the East group liberated the settlement of Urozhaine, the Russian Ministry of Defence "
            "said on Monday.",
            "the Russian Ministry of Defence",
            "Units of the East group liberated the settlement of Urozhaine",
        ),
        # A description of the place before the speaker's name is the clause's.
        (
            "Ukrainian units were pushing on toward Staromlynivka, a Russian stronghold, Deputy Defence "
            "Minister Hanna Maliar said.",
            "Deputy Defence Minister Hanna Maliar",
            "Ukrainian units were pushing on toward Staromlynivka, a Russian stronghold",
        ),
        # A title before the name is the speaker's.
        (
            "Russian forces struck a power plant in Kharkiv, the city's mayor, Ihor Terekhov, said.",
            "the city's mayor, Ihor Terekhov",
            "Russian forces struck a power plant in Kharkiv",
        ),
        # The clause's last word hung on the speaker's name is the clause's.
        (
            "Ukrainian troops have liberated Urozhaine, Deputy Defence Minister Hanna Maliar said on Monday.",
            "Deputy Defence Minister Hanna Maliar",
            "Ukrainian troops have liberated Urozhaine",
        ),
    ],
)
def test_a_source_the_parser_stuck_to_the_clause_it_closes(annotator, text, source, said):
    (claim,) = analyse(annotator, text).claims
    assert (claim.source_text, claim.text) == (source, said)


def test_a_conjoined_verb_with_an_object_is_no_inverted_cue(annotator):
    # "informed the residents": the army spoke to the residents; they are no source.
    claims = analyse(annotator, "The army shelled the town and informed the residents.").claims
    assert all(c.source_text != "the residents" for c in claims)
