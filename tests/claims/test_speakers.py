"""Claims: who the speaker is."""

from __future__ import annotations

import pytest

from conftest import make_document
from sitroom.annotate.attribution.gender import gender_of

from .helpers import PUBLISHED, analyse, by_cue, speaker_name

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
