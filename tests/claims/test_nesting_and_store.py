"""Claims: nesting, what a claim contains, the store and export, and headline and cue forms."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from conftest import make_document
from sitroom.annotate.attribution import fill_contains
from sitroom.records import Event
from sitroom.report import export

from .helpers import PUBLISHED, analyse, by_cue, speaker_name

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
