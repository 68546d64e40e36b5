from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from conftest import make_document
from sitroom.annotate import Annotator, PipelineConfig, annotations_of, pipeline_version
from sitroom.annotate.attribution import fill_contains
from sitroom.annotate.events.lexicon import LexiconError, load_lexicon
from sitroom.profiles import ProfileError, load_profile
from sitroom.records import Annotations, Claim, Document, Event, stable_id
from sitroom.workflow import analyze

PUBLISHED = date(2023, 2, 1)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


def annotate(
    annotator: Annotator, text: str, published: date | None = PUBLISHED, claims: list[tuple[str, str]] = ()
) -> tuple[Document, Annotations]:
    """Run the pipeline; ``claims`` (content, speaker) become Claim records before the events component."""
    document = make_document(text, published=published)
    doc = annotator.make_doc(document)
    for name, pipe in annotator.nlp.pipeline:
        if name == "sitroom_events":
            annotations_of(doc).claims = [_claim(document, content, speaker) for content, speaker in claims]
        doc = pipe(doc)
    annotations = annotations_of(doc)
    fill_contains(annotations)  # as Annotator.annotate does once every component has run
    for event in annotations.events:
        assert document.text[event.start : event.end] == event.text
        assert document.text[event.trigger_start : event.trigger_end] == event.trigger
        for participant in (*event.actors, *event.targets):
            assert document.text[participant.start : participant.end] == participant.text
    return document, annotations


def _claim(document: Document, content: str, speaker: str) -> Claim:
    start = document.text.index(content)
    end = start + len(content)
    return Claim(
        id=stable_id("clm", document.id, start, end), doc=document.id, start=start, end=end,
        text=content, kind="indirect", speaker=speaker,
    )  # fmt: skip


def event(annotations: Annotations, trigger: str) -> Event:
    found = [e for e in annotations.events if e.trigger == trigger]
    assert len(found) == 1, [e.trigger for e in annotations.events]
    return found[0]


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        ("Russian troops shelled Kharkiv on Monday.", "shelled", "asserted"),
        ("Moscow denied that its forces shelled the Zaporizhzhia nuclear plant.", "shelled", "negated"),
        ("The Kremlin said Russia has no intention to seize Kharkiv.", "seize", "negated"),
        ("Ukrainian forces did not capture the village.", "capture", "negated"),
        ("Russia is preparing to launch a fresh offensive on February 24.", "offensive", "planned"),
        ("Russian troops will attack Vuhledar.", "attack", "planned"),
        ("Russia may attempt a new offensive in the east.", "offensive", "hypothetical"),
        ("If Russia attacks Kharkiv, Ukraine will respond.", "attacks", "hypothetical"),
        ("Kyiv has been defiant since Moscow invaded in February 2022.", "invaded", "historical"),
        ("The anniversary of the invasion was marked in Kyiv.", "invasion", "historical"),
        ("Russian troops shelled Kherson in March 2022.", "shelled", "historical"),
        ("Ukraine plans to strike Crimea on March 3.", "strike", "planned"),
        # Implicative verbs: a failed, prevented or merely attempted change of control is no change.
        ("Russian forces failed to seize the airport of Mykolaiv.", "seize", "negated"),
        ("The enemy unsuccessfully tried to regain lost positions near Synkivka.", "regain", "negated"),
        ("Attempts of the enemy to seize Kupiansk remain unsuccessful.", "seize", "negated"),
        ("The enemy's attempts to regain lost ground near Yampolovka were thwarted.", "regain", "negated"),
        (
            "Russian forces were stopped from occupying the whole of the Kharkiv region.",
            "occupying",
            "negated",
        ),
        ("Russia has still not managed to occupy the whole of the Donetsk region.", "occupy", "negated"),
        ("Russian forces tried to capture the village of Robotyne.", "capture", "hypothetical"),
        ("Russian forces are close to seizing Pokrovsk.", "seizing", "hypothetical"),
        ("Russian forces would need to capture the town of Pokrovsk first.", "capture", "hypothetical"),
        ("Ukraine hopes to retake Kupiansk by the spring.", "retake", "planned"),
        # An attack that failed still happened: only its outcome is negated.
        ("Russian forces unsuccessfully attacked near Synkivka.", "attacked", "asserted"),
        # A withdrawal its own side ordered or decided in the past was carried out (`executed_decisions`);
        # an order to take a place, or one not yet given, stays a plan.
        ("The commander had ordered his troops to withdraw from Avdiivka.", "withdraw from", "asserted"),
        (
            "The general said he had decided to withdraw his units from Kherson.",
            "withdraw his units from",
            "asserted",  # no claims in these cases (see annotate)
        ),
        ("Moscow ordered its troops to leave the city of Kherson.", "leave", "planned"),
        ("The commander will order his troops to withdraw from Avdiivka.", "withdraw from", "planned"),
        ("Putin ordered his troops to take Kyiv.", "take", "planned"),
        # A plan, task or goal told as fulfilled is no plan (`fulfilling_verbs`).
        ("The task of calling up 300,000 people has been fulfilled.", "calling up", "asserted"),
        ("The task of calling up 300,000 people will be fulfilled.", "calling up", "planned"),
        ("The plan to seize Kyiv was never fulfilled.", "seize", "negated"),
        # Implicatives whose complement happened (`entailing_governors`).
        ("Russian troops were forced to retreat from Kherson.", "retreat from", "asserted"),
        ("Russian troops may be forced to retreat from Kherson.", "retreat from", "hypothetical"),
        ("Ukrainian forces did not manage to liberate Kupiansk.", "liberate", "negated"),
    ],
)
def test_modality(annotator, text, trigger, modality):
    _, annotations = annotate(annotator, text)
    assert event(annotations, trigger).modality == modality


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        # The events' own cues say nothing here; the trigger's factuality (sitroom_factuality) decides.
        ("Russian forces nearly captured the town of Pokrovsk.", "captured", "negated"),
        ("Russia postponed the offensive on Kharkiv.", "offensive", "negated"),
        ("Russia cancelled the offensive in the north.", "offensive", "negated"),
        ("Russian forces are poised to launch an offensive in the north.", "offensive", "planned"),
        ("Kyiv was allowed to strike targets inside Russia.", "strike", "hypothetical"),
        ("Ukrainian troops probably shelled the bridge.", "shelled", "hypothetical"),
        # An open factuality (an attempt) is no modality: the storming, an assault, happened.
        ("Russian troops attempted to storm the village.", "storm", "asserted"),
    ],
)
def test_modality_the_factuality_catches(annotator, text, trigger, modality):
    _, annotations = annotate(annotator, text)
    assert event(annotations, trigger).modality == modality


def test_control_changes_name_the_side_that_gained(annotator):
    _, annotations = annotate(
        annotator,
        "Ukrainian forces recaptured Balakliia on Thursday. Russia's defence ministry said its troops "
        "had pulled out of Lyman. Wagner fighters captured Soledar. Ukrainian troops reached the "
        "outskirts of Kherson.",
    )
    recaptured = event(annotations, "recaptured")
    assert (recaptured.type, recaptured.mode, recaptured.control_side) == ("CONTROL", "recaptured", "UA")
    assert recaptured.acled == "Government regains territory"
    withdrew = event(annotations, "pulled out")
    assert (withdrew.mode, withdrew.control_side) == ("withdrew", "UA")
    assert withdrew.actors[0].side == "RU"  # "its troops": the ministry's camp
    assert withdrew.acled == "Non-violent transfer of territory"
    captured = event(annotations, "captured")
    assert (captured.control_side, captured.acled) == ("RU", "Non-state actor overtakes territory")
    outskirts = event(annotations, "reached the outskirts")  # a movement, no change of control
    assert (outskirts.type, outskirts.mode, outskirts.control_side) == ("ASSAULT", "outskirts", None)


@pytest.mark.parametrize(
    ("text", "trigger", "type_", "mode"),
    [
        (
            "Russian columns were advancing on the capital Kyiv from the north.",
            "advancing on",
            "ASSAULT",
            "advanced",
        ),
        (
            "Russian troops entered the outskirts of Sumy on Monday.",
            "entered the outskirts",
            "ASSAULT",
            "outskirts",
        ),
        ("Russian troops entered Bakhmut.", "entered", "ASSAULT", "entered"),
        ("Russia was moving reserves toward Kharkiv.", "moving reserves toward", "MOBILIZE", "troops"),
    ],
)
def test_moving_on_a_place_is_no_change_of_control(annotator, text, trigger, type_, mode):
    _, annotations = annotate(annotator, text)
    moved = event(annotations, trigger)
    assert (moved.type, moved.mode, moved.control_side) == (type_, mode, None)
    assert moved.place is not None  # still drawn where it happened


@pytest.mark.parametrize(
    "text",
    [
        "Evacuation convoys left the town of Irpin under fire.",
        # the civilians are the infinitive's subject through the verb it complements
        "Thousands of residents were forced to leave Bakhmut.",
        "The army forced civilians to leave Kupiansk.",
    ],
)
def test_civilians_leaving_a_town_change_no_control(annotator, text):
    _, annotations = annotate(annotator, text)
    assert not [e for e in annotations.events if e.type == "CONTROL"]


def test_a_completed_transfer_names_its_place_and_gainer(annotator):
    _, annotations = annotate(
        annotator,
        "The village of Staromaiorske is now under the control of Ukrainian forces. "
        "Yesterday our brigade pushed the Russians out of Klishchiivka. "
        "Russian forces captured positions near Robotyne.",
    )
    places = {p.id: p.text for p in annotations.places}
    held = event(annotations, "is now under the control")
    assert (held.type, places[held.place or ""], held.control_side) == ("CONTROL", "Staromaiorske", "UA")
    pushed = event(annotations, "pushed the Russians out")
    assert (places[pushed.place or ""], pushed.control_side, pushed.date) == (
        "Klishchiivka",
        "UA",
        "2023-01-31",
    )
    positions = event(annotations, "captured")  # positions near Robotyne: Robotyne was not taken
    assert (positions.type, positions.place) == ("CONTROL", None)


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        # "the village", "the town" or "it" with no name of its own: the settlement named before it
        (
            "Russian forces have been attacking Novomykhailivka, south-west of Donetsk, for weeks. A "
            "spokesman for Ukraine's Tavria group of forces denied that the village had fallen.",
            "fallen",
            "Novomykhailivka",  # not the landmark (Donetsk), nor a word describing a noun (Tavria)
        ),
        (
            "Ukrainian forces are still holding the town of Krasnohorivka west of Donetsk, a spokesman said, "
            "rejecting Russia's claim to have captured it.",
            "captured",
            "Krasnohorivka",
        ),
        (
            "Russian troops shelled Kupiansk. Ukraine said the city has not fallen.",
            "fallen",
            "Kupiansk",
        ),
    ],
)
def test_a_back_reference_takes_the_settlement_named_before(annotator, text, trigger, place):
    _, annotations = annotate(annotator, text)
    places = {p.id: p.text for p in annotations.places}
    change = event(annotations, trigger)
    assert (change.type, change.modality, places.get(change.place or "")) == ("CONTROL", "negated", place)


def test_a_change_of_control_of_a_part_of_a_place_is_not_one_of_the_place(annotator):
    _, annotations = annotate(
        annotator, "Russian forces captured the outskirts of Bakhmut. Ukrainian troops recaptured Bakhmut."
    )
    places = {p.id: p.text for p in annotations.places}
    assert event(annotations, "captured").place is None
    assert places[event(annotations, "recaptured").place or ""] == "Bakhmut"


def test_a_noun_of_a_change_of_control_is_one_only_when_declared(annotator):
    _, annotations = annotate(annotator, "After the fall of Avdiivka, Russian forces pushed west.")
    assert not [e for e in annotations.events if e.type == "CONTROL"]  # background, not a report
    _, annotations = annotate(annotator, "Russia claimed the capture of two Ukrainian soldiers.")
    assert not [e for e in annotations.events if e.type == "CONTROL"]  # no place, no territory
    _, annotations = annotate(annotator, "Ukraine denied the fall of Avdiivka.")
    assert event(annotations, "fall").modality == "negated"


def test_a_back_reference_to_no_settlement_has_no_place(annotator):
    # A country or a region is no antecedent of "the town"; nor a settlement three sentences back.
    _, annotations = annotate(
        annotator,
        "Fighting went on near Bakhmut. Russia sent reserves. Ukraine rotated units. Kyiv said the "
        "region was calm. Ukraine denied that the town had fallen.",
    )
    assert event(annotations, "fallen").place is None


def test_a_gain_without_an_actor_side_is_the_reporting_side(annotator):
    text = "Units of the Centre group of forces have liberated the settlement of Novomikhailovka."
    document = make_document(
        text, published=PUBLISHED, source="Ministry of Defence of the Russian Federation"
    )
    (annotations,) = annotator.annotate([document])
    assert event(annotations, "liberated").control_side == "RU"


def test_an_event_without_a_date_of_its_own_takes_the_dateline_day(annotator):
    _, annotations = annotate(
        annotator, "KYIV, Jan 31 (Reuters) - Russian troops shelled Kharkiv, the governor said.", PUBLISHED
    )
    shelled = event(annotations, "shelled")
    assert (shelled.date, shelled.date_precision) == ("2023-01-31", "reported_on")


def test_a_control_word_without_territory_is_no_control_change(annotator):
    _, annotations = annotate(annotator, "Ukrainian soldiers captured two Russian officers.")
    captured = event(annotations, "captured")
    assert captured.type == "COERCE"
    assert captured.control_side is None


def test_actor_and_target_roles_in_active_and_passive_voice(annotator):
    for text in ("Russian troops shelled Kharkiv.", "Kharkiv was shelled by Russian troops."):
        _, annotations = annotate(annotator, text)
        shelled = event(annotations, "shelled")
        assert [(a.text, a.side) for a in shelled.actors] == [("Russian troops", "RU")]
        assert [t.text for t in shelled.targets] == ["Kharkiv"]
        assert (shelled.type, shelled.mode) == ("ASSAULT", "heavy-weapons")
        assert shelled.acled == "Shelling/artillery/missile attack"


def test_actor_is_the_knowledge_base_entity_with_its_side(annotator):
    _, annotations = annotate(annotator, "Volodymyr Zelensky visited Izium.")
    visited = event(annotations, "visited")
    (actor,) = visited.actors
    zelensky = next(e for e in annotations.entities if e.id == actor.entity)
    assert (zelensky.kb_id, actor.side) == ("ua.zelensky", "UA")


def test_place_date_and_quantities_are_linked(annotator):
    _, annotations = annotate(
        annotator, "Russian forces shelled Kupiansk in the Kharkiv region on Monday, killing 3 civilians."
    )
    (shelled,) = [e for e in annotations.events if e.type == "ASSAULT"]
    places = {p.id: p for p in annotations.places}
    assert places[shelled.place].text == "Kupiansk"
    timex = next(t for t in annotations.timexes if t.id == shelled.timex)
    assert (shelled.date, shelled.date_precision) == ("2023-01-30", "day") == (timex.value, timex.granularity)
    counted = {q.counted for q in annotations.quantities if q.id in shelled.quantities}
    assert counted == {"civilian"}
    # the killing is the shelling's toll, not an event of its own
    assert [e.trigger for e in annotations.events] == ["shelled"]


def test_without_a_timex_the_date_is_the_publication_day_or_nothing(annotator):
    _, annotations = annotate(annotator, "Russian troops shelled Kharkiv.")
    assert (event(annotations, "shelled").date, event(annotations, "shelled").date_precision) == (
        "2023-02-01",
        "reported_on",
    )
    _, undated = annotate(annotator, "Russian troops shelled Kharkiv.", published=None)
    assert (event(undated, "shelled").date, event(undated, "shelled").date_precision) == (None, None)
    _, planned = annotate(annotator, "Russian troops will attack Vuhledar.")
    assert event(planned, "attack").date is None  # a plan is not dated by the day it was reported


def test_the_place_of_the_speaker_is_not_the_place_of_the_event(annotator):
    _, annotations = annotate(annotator, "Officials in Kyiv said Russian troops shelled the town.")
    assert event(annotations, "shelled").place is None


def test_an_event_inside_a_claim_is_claimed_by_its_speaker(annotator):
    content = "Russian troops shelled Kharkiv"
    _, annotations = annotate(annotator, f"{content}, Zelensky said.", claims=[(content, "ent_zelensky")])
    shelled = event(annotations, "shelled")
    (claim,) = annotations.claims
    assert (shelled.modality, shelled.claim, shelled.claimed_by) == ("claimed", claim.id, "ent_zelensky")
    assert shelled.id in claim.contains


def test_the_claims_stage_and_the_events_stage_agree_on_who_claims_an_event(annotator):
    document = make_document("Reznikov said Russian forces shelled Kharkiv on Monday.", published=PUBLISHED)
    (annotations,) = annotator.annotate([document])
    shelled = event(annotations, "shelled")
    (claim,) = annotations.claims
    assert "shelled Kharkiv" in claim.text
    assert (shelled.modality, shelled.claim, shelled.claimed_by) == ("claimed", claim.id, claim.speaker)
    assert claim.speaker is not None and shelled.id in claim.contains


def test_a_claim_keeps_a_more_specific_modality_and_its_link(annotator):
    content = "Russia may attempt a new offensive"
    _, annotations = annotate(annotator, f"{content}, Reznikov said.", claims=[(content, "ent_reznikov")])
    offensive = event(annotations, "offensive")
    assert (offensive.modality, offensive.claimed_by) == ("hypothetical", "ent_reznikov")


def test_an_announced_act_is_the_speakers_deed_not_a_claim(annotator):
    document = make_document("Putin announced a partial mobilisation on Wednesday.", published=PUBLISHED)
    (annotations,) = annotator.annotate([document])
    mobilisation = event(annotations, "mobilisation")
    assert annotations.claims  # the attribution stage reads "announced" as a cue
    assert (mobilisation.modality, mobilisation.claim) == ("asserted", None)
    document = make_document("Zelensky said Russia announced a new offensive.", published=PUBLISHED)
    (annotations,) = annotator.annotate([document])
    offensive = event(annotations, "offensive")
    said = next(c for c in annotations.claims if c.cue == "said")
    assert (offensive.modality, offensive.claim, offensive.claimed_by) == ("claimed", said.id, said.speaker)


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Russia has occupied Crimea since Moscow invaded in February 2022.", "invaded"),
        ("Kyiv has lost thousands of soldiers since Russia's full-scale invasion.", "invasion"),
        ("The residents, who fled after last year's offensive, returned.", "offensive"),
    ],
)
def test_background_events_are_historical(annotator, text, trigger):
    _, annotations = annotate(annotator, text)
    assert event(annotations, trigger).modality == "historical"


def test_a_relative_pronoun_stands_for_its_antecedent(annotator):
    _, annotations = annotate(annotator, "The town, which Russian forces captured, was shelled on Monday.")
    captured = event(annotations, "captured")
    assert (captured.type, captured.control_side) == ("CONTROL", "RU")


def test_an_event_outside_every_claim_stays_asserted(annotator):
    text = "Russian troops shelled Kharkiv. Zelensky said the city would hold."
    _, annotations = annotate(annotator, text, claims=[("the city would hold", "ent_zelensky")])
    shelled = event(annotations, "shelled")
    assert (shelled.modality, shelled.claim, shelled.claimed_by) == ("asserted", None, None)


@pytest.mark.parametrize(
    ("text", "trigger", "acled"),
    [
        ("A grenade attack killed two soldiers in the market.", "grenade attack", "Grenade"),
        (
            "Police discovered an arms cache near the border.",
            "discovered an arms cache",
            "Disrupted weapons use",
        ),
        ("Demonstrators gathered outside the parliament.", "gathered", "Peaceful protest"),
        ("Government troops retook the town from the rebels.", "retook", "Government regains territory"),
        ("Rebels captured the town after heavy fighting.", "captured", "Non-state actor overtakes territory"),
        # destroying military equipment is fighting, by its means when named; civilian property is not
        ("Russian troops destroyed three Ukrainian tanks near Bakhmut.", "destroyed", "Armed clash"),
        (
            "Ukrainian artillery destroyed two Russian howitzers.",
            "artillery destroyed",
            "Shelling/artillery/missile attack",
        ),
        ("Air defences shot down a drone over Kyiv.", "shot down", "Armed clash"),
        ("Rioters destroyed shops and houses in the town.", "destroyed", "Looting/property destruction"),
    ],
)
def test_acled_sub_event_types(annotator, text, trigger, acled):
    _, annotations = annotate(annotator, text)
    assert event(annotations, trigger).acled == acled


def test_what_happens_around_a_protest_decides_its_acled_type(annotator):
    _, violent = annotate(
        annotator, "Protesters rallied in the capital and protesters attacked a police station."
    )
    assert event(violent, "rallied").acled == "Violent demonstration"
    _, dispersed = annotate(
        annotator, "Thousands protested in the city before police arrested dozens of protesters."
    )
    assert event(dispersed, "protested").acled == "Protest with intervention"
    _, peaceful = annotate(annotator, "Thousands protested in the city on Sunday.")
    assert event(peaceful, "protested").acled == "Peaceful protest"


def test_a_participle_used_as_an_adjective_is_no_event(annotator):
    _, annotations = annotate(annotator, "Zelensky visited liberated Izium. Air raid sirens sounded in Kyiv.")
    assert [e.trigger for e in annotations.events] == ["visited"]


def test_an_accusation_names_the_accused_as_actor_and_the_accuser_as_source(annotator):
    _, annotations = annotate(
        annotator, "Volodymyr Zelensky accused Russia of shelling the Zaporizhzhia plant."
    )
    accused = event(annotations, "accused")
    shelling = event(annotations, "shelling")
    assert [a.side for a in shelling.actors] == ["RU"]
    assert (shelling.modality, shelling.claimed_by) == ("claimed", accused.actors[0].entity)


def test_a_rule_without_a_plover_type_is_an_error_naming_file_row_and_field(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("rules:\n  - {name: shelling, match: verb, words: [shell], yields: {type: SHOOTING}}\n")
    with pytest.raises(LexiconError, match=rf"{path}: rules row 1 \(shelling\): yields: type"):
        load_lexicon(str(path))


def test_a_word_in_two_rows_of_one_match_is_an_error(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(
        "rules:\n"
        "  - {name: shelling, match: verb, words: [shell], yields: {type: ASSAULT}}\n"
        "  - {name: firing, match: verb, words: [fire, shell], yields: {type: ASSAULT}}\n"
    )
    with pytest.raises(LexiconError, match=r"rules row 2 \(firing\): words: 'shell' .* row shelling"):
        load_lexicon(str(path))


def test_a_lexicon_without_a_word_class_the_code_reads_is_an_error(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("rules: []\nwords: {territory: [village]}\n")
    with pytest.raises(LexiconError, match=r"words: missing .*light_verbs"):
        load_lexicon(str(path))


def test_another_lexicon_changes_the_pipeline_version(tmp_path):
    bundled = resources.files("sitroom.data") / "events.yaml"
    path = tmp_path / "events.yaml"
    path.write_text(bundled.read_text(encoding="utf-8") + "\n# a local edit\n", encoding="utf-8")
    config = PipelineConfig(component_config={"sitroom_events": {"lexicon": str(path)}})
    assert pipeline_version(config) != pipeline_version(PipelineConfig())


DEMO = resources.files("sitroom.demo") / "corpus"


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> dict:
    wire = Path(str(DEMO)) / "wire"
    names = [
        "2022-09-08_balakliia_retaken.txt",
        "2022-10-01_lyman_retaken.txt",
        "2023-02-01_reznikov_offensive_warning.txt",
        "2024-05-10_russia_kharkiv_ground_attack.txt",
    ]
    out = tmp_path_factory.mktemp("demo")
    analyze([str(wire / name) for name in names], out_dir=out)
    return json.loads((out / "sitroom.json").read_text())


def _events_about(data: dict, place_name: str) -> list[dict]:
    places = {p["id"]: p for p in data["places"]}
    return [e for e in data["events"] if e["place"] and places[e["place"]]["text"] == place_name]


def test_events_are_stored_and_exported_valid_against_the_schema(demo_export):
    schema = json.loads((resources.files("sitroom.schemas") / "export-v1.schema.json").read_text())
    jsonschema.validate(demo_export, schema)
    texts = {d["id"]: d["text"] for d in demo_export["documents"]}
    assert demo_export["events"]
    for record in demo_export["events"]:
        assert texts[record["doc"]][record["start"] : record["end"]] == record["text"]


def test_demo_balakliia_is_entered_not_taken_and_lyman_given_up_to_ukraine(demo_export):
    # "Ukrainian forces have pushed into the town of Balakliia": entered; no report says it changed hands
    balakliia = [e for e in _events_about(demo_export, "Balakliia") if e["mode"] == "entered"]
    assert [(e["type"], e["control_side"], e["date"]) for e in balakliia] == [("ASSAULT", None, "2022-09-08")]
    assert not [e for e in _events_about(demo_export, "Balakliia") if e["type"] == "CONTROL"]
    lyman = [e for e in _events_about(demo_export, "Lyman") if e["type"] == "CONTROL"]
    assert [(e["mode"], e["control_side"], e["actors"][0]["side"]) for e in lyman] == [
        ("withdrew", "UA", "RU")
    ]


def test_demo_reznikov_warning_is_a_possible_offensive_dated_february_24(demo_export):
    (offensive,) = [
        e for e in demo_export["events"] if e["trigger"] == "offensive" and "Reznikov" in e["text"]
    ]
    assert (offensive["modality"], offensive["date"]) == ("hypothetical", "2023-02-24")
    assert offensive["actors"][0]["side"] == "RU"


def test_demo_kharkiv_ground_attack_of_may_2024(demo_export):
    attacks = [e for e in _events_about(demo_export, "Kharkiv region") if e["trigger"] == "attack"]
    assert [(a["type"], a["actors"][0]["side"], a["date"]) for a in attacks] == [
        ("ASSAULT", "RU", "2024-05-10")
    ]


@pytest.mark.parametrize(
    ("text", "acled", "mode"),
    [
        ("Police fired tear gas at the crowd.", "Protest with intervention", "crowd-control"),
        ("Warplanes pounded the village, killing six civilians.", "Air/drone strike", "aerial"),
        ("Two soldiers were killed by a landmine.", "Remote explosive/landmine/IED", "explosives"),
        ("Militants lobbed a grenade at the police post.", "Grenade", "explosives"),
        ("A bomber blew herself up at the checkpoint.", "Suicide bomb", "suicide-attack"),
        ("Government forces used chlorine gas against the town.", "Chemical weapon", "unconventional"),
        ("Security forces killed 12 rebels.", "Armed clash", None),
        ("Gunmen killed 12 villagers.", "Attack", None),
        ("Two men were beaten by a mob.", "Mob violence", "beat"),
    ],
)
def test_the_means_named_by_object_instrument_or_actor_decides_the_sub_event(annotator, text, acled, mode):
    _, annotations = annotate(annotator, text)
    (main,) = [e for e in annotations.events if e.type == "ASSAULT"]
    assert (main.acled, main.mode) == (acled, mode)
    assert all("landmine" not in a.text for a in main.actors)  # the means is no actor


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        ("Protesters threw stones at the police.", "Violent demonstration"),
        ("Violent protests erupted in the capital.", "Violent demonstration"),
        ("Security forces opened fire on protesters, killing five.", "Excessive force against protesters"),
        ("Dozens of activists were detained during the protest.", "Protest with intervention"),
        ("Thousands of people protested peacefully in the capital.", "Peaceful protest"),
    ],
)
def test_a_protest_and_what_met_it_share_one_sub_event(annotator, text, acled):
    _, annotations = annotate(annotator, text)
    assert annotations.events
    assert {e.acled for e in annotations.events} == {acled}


def test_a_toll_is_the_attack_it_is_told_with(annotator):
    _, annotations = annotate(annotator, "Six soldiers were killed when militants ambushed a patrol.")
    (ambush,) = annotations.events
    assert (ambush.trigger, ambush.acled) == ("ambushed", "Armed clash")
    assert [a.text for a in ambush.actors] == ["militants"]
    _, annotations = annotate(annotator, "The offensive launched by rebels was repelled.")
    offensive = event(annotations, "offensive")
    assert [a.text for a in offensive.actors] == ["rebels"]
    assert "launched" not in [e.trigger for e in annotations.events]


def test_a_place_taken_after_the_other_side_left_changed_hands_without_a_fight(annotator):
    _, annotations = annotate(annotator, "Militants recaptured the town after government troops withdrew.")
    assert event(annotations, "recaptured").acled == "Non-violent transfer of territory"


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        ("The police failed to prevent the attack on the temple.", "prevent", "negated"),
        ("The policemen on duty did not act.", "act", "negated"),
        ("The police remained mute spectators.", "remained mute spectators", "negated"),
        ("There was a total lack of police action.", "action", "negated"),
        ("Police intervened to stop the fighting.", "intervened", "asserted"),
        ("The police did not take action against the mob.", "take action", "negated"),
    ],
)
def test_a_security_force_acting_or_failing_to_act(annotator, text, trigger, modality):
    _, annotations = annotate(annotator, text)
    found = event(annotations, trigger)
    assert (found.type, found.modality) == ("COERCE", modality)
    assert any("police" in a.text.lower() for a in found.actors)


def test_enforcement_words_without_a_security_force_name_no_event(annotator):
    _, annotations = annotate(annotator, "The committee failed to act on the complaint.")
    assert annotations.events == []
    _, annotations = annotate(annotator, "Soldiers helped the villagers.")  # helping is no coercion
    assert annotations.events == []


def test_a_force_named_before_its_firing_is_its_actor(annotator):
    _, annotations = annotate(annotator, "One person was killed in police firing on Tuesday.")
    (firing,) = annotations.events
    assert (firing.trigger, firing.mode) == ("firing", "firearms")
    assert [a.text for a in firing.actors] == ["police"]
    _, annotations = annotate(annotator, "Two men were killed by police bullets.")
    (killed,) = annotations.events
    assert [a.text for a in killed.actors] == ["police"]


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        (
            "Narendra Modi pledged his country's support to the Palestinian people.",
            "pledged",
            "the Palestinian people",
        ),
        ("The Indian Prime Minister will host a private dinner for Netanyahu.", "host", "Netanyahu"),
        (
            "The EU would hold talks with the Palestinian president next month.",
            "talks",
            "the Palestinian president",
        ),
        ("The U.S. Government has provided peacekeeping training to AMISOM.", "provided", "AMISOM"),
        ("Russia vetoed a UN draft resolution presented by Britain.", "vetoed", "a UN draft resolution"),
    ],
)
def test_the_target_of_a_verbal_event_is_the_party(annotator, text, trigger, target):
    _, annotations = annotate(annotator, text)
    assert [t.text for t in event(annotations, trigger).targets] == [target]


def test_a_pronoun_actor_inside_a_claim_is_its_named_speaker(annotator):
    document = make_document(
        "The Nigerian Air Force says it has killed several militants.", published=PUBLISHED
    )
    (annotations,) = annotator.annotate([document])
    killed = event(annotations, "killed")
    claim = next(c for c in annotations.claims if c.id == killed.claim)
    (actor,) = killed.actors
    assert (actor.start, actor.end, actor.entity) == (claim.source_start, claim.source_end, claim.speaker)
    assert document.text[actor.start : actor.end] == actor.text == "The Nigerian Air Force"


def test_a_toll_joins_the_attack_a_light_verb_carries(annotator):
    _, annotations = annotate(
        annotator, "Ten civilians were killed as government forces launched air strikes."
    )
    (strikes,) = annotations.events
    assert (strikes.trigger, strikes.acled) == ("air strikes", "Air/drone strike")
    assert [a.text for a in strikes.actors] == ["government forces"]


@pytest.mark.parametrize(
    ("text", "trigger", "type_", "actor"),
    [
        # "delivered a strike": the strike, whose actor is the verb's subject, and no delivery of aid
        (
            "The Russian Armed Forces delivered a strike on a deployment point in Zaporizhzhia.",
            "strike",
            "ASSAULT",
            "The Russian Armed Forces",
        ),
        ("The Air Force delivered humanitarian aid to Kherson.", "aid", "AID", "The Air Force"),
    ],
)
def test_a_light_verb_carries_its_event_noun(annotator, text, trigger, type_, actor):
    _, annotations = annotate(annotator, text)
    (carried,) = annotations.events
    assert (carried.trigger, carried.type, [a.text for a in carried.actors]) == (trigger, type_, [actor])


def test_a_verb_of_naming_names_no_event(annotator):
    _, annotations = annotate(annotator, "Russia called the decision a provocation.")
    assert annotations.events == []
    _, annotations = annotate(annotator, "Erdogan called Putin on Monday.")
    assert (event(annotations, "called").type, event(annotations, "called").mode) == ("CONSULT", "phone")


def test_the_enemy_in_a_speakers_words_is_the_other_side(annotator):
    document = make_document(
        '"The enemy shelled Kupiansk again," Oleksandr Syrskyi wrote on Telegram.', published=PUBLISHED
    )
    (annotations,) = annotator.annotate([document])
    (actor,) = event(annotations, "shelled").actors
    assert (actor.text, actor.side) == ("The enemy", "RU")


def test_a_capital_speaking_for_its_state_gives_its_side(annotator):
    document = make_document(
        "Moscow claimed that it had taken full control of Synkivka.", published=PUBLISHED
    )
    (annotations,) = annotator.annotate([document])
    found = event(annotations, "taken full control")
    assert [(a.text, a.side) for a in found.actors] == [("Moscow", "RU")]
    assert found.control_side == "RU"


def test_a_heading_before_a_colon_is_the_place_not_an_actor(annotator):
    _, annotations = annotate(annotator, "Kharkiv region: Russian troops shelled the town again.")
    shelling = event(annotations, "shelled")
    assert [a.text for a in shelling.actors] == ["Russian troops"]
    place = next(p for p in annotations.places if p.id == shelling.place)
    assert place.name.startswith("Kharkiv")


@pytest.mark.parametrize(
    ("text", "trigger", "day"),
    [
        (
            "As reported by the ministry, on the 10th the enemy shelled 23 settlements.",
            "shelled",
            "2023-01-10",
        ),
        ("On Monday, Russian forces struck Odesa and shelled Kherson.", "shelled", "2023-01-30"),
        (
            "According to the General Staff, on January 12 Russian troops shelled 23 villages.",
            "shelled",
            "2023-01-12",
        ),
    ],
)
def test_a_fronted_time_phrase_dates_the_main_clause(annotator, text, trigger, day):
    _, annotations = annotate(annotator, text)
    found = event(annotations, trigger)
    assert (found.date, found.date_precision) == (day, "day")
    assert all(t.text not in {"the 10th", "January 12"} for t in (*found.actors, *found.targets))
    assert all(not a.text[0].isdigit() for a in found.actors)


@pytest.mark.parametrize(
    ("text", "trigger", "mode", "side"),
    [
        ("Ukrainian troops recaptured Kupiansk after Russian forces seized it last week.", "seized",
         "captured", "RU"),
        ("Russian forces captured Kupiansk. Ukrainian troops took it back on Friday.", "took it back",
         "recaptured", "UA"),
        ("Russian forces captured Kupiansk. Ukrainian troops retook it on Friday.", "retook", "recaptured",
         "UA"),
        ("Russian forces entered Kupiansk in January but withdrew from it in March.", "withdrew from",
         "withdrew", "UA"),
    ],
)  # fmt: skip
def test_a_pronoun_for_a_place_named_before_is_territory(annotator, text, trigger, mode, side):
    _, annotations = annotate(annotator, text)
    found = event(annotations, trigger)
    assert (found.type, found.mode, found.control_side) == ("CONTROL", mode, side)
    place = next(p for p in annotations.places if p.id == found.place)
    assert text[place.start : place.end] == "Kupiansk"


def test_a_pronoun_for_a_thing_is_no_territory(annotator):
    _, annotations = annotate(annotator, "Ukraine received a tank from Poland and lost it.")
    assert not [e for e in annotations.events if e.type == "CONTROL"]


def test_it_stands_for_the_village_before_a_report_of_speech(annotator):
    document = make_document(
        "Ukrainian troops have recaptured the village of Synkivka north-east of Kupiansk, the general staff "
        "said, after Russian forces seized it earlier this month.",
        published=PUBLISHED,
    )
    (annotations,) = annotator.annotate([document])
    seized = event(annotations, "seized")
    assert (seized.type, seized.mode, seized.control_side) == ("CONTROL", "captured", "RU")


def test_a_control_change_at_an_unknown_village_is_coded_by_the_country_of_the_report(annotator):
    document = make_document(
        "Russian forces shelled Kupiansk. The Russian Defense Ministry claimed that its forces had "
        "liberated the village of Starytsia, north-east of Kharkiv.",
        published=PUBLISHED,
    )
    (annotations,) = annotator.annotate([document])
    liberated = event(annotations, "liberated")
    assert (liberated.control_side, liberated.acled) == ("RU", "Non-state actor overtakes territory")


def test_a_guided_aerial_bomb_is_an_air_strike(annotator):
    _, annotations = annotate(annotator, "The enemy hit a residential building with a guided aerial bomb.")
    (found,) = annotations.events
    assert (found.mode, found.acled) == ("aerial", "Air/drone strike")


def test_the_profile_names_the_opponents_a_withdrawal_gives_ground_to(tmp_path):
    text = "Russian troops pulled out of Lyman."
    (default,) = Annotator().annotate([make_document(text, published=PUBLISHED)])
    assert event(default, "pulled out").control_side == "UA"
    path = tmp_path / "other.yaml"
    path.write_text("opponents: {RU: GE, GE: RU}\nsides: {}\n", encoding="utf-8")
    config = PipelineConfig.with_knowledge_bases([]).with_profile(str(path))
    assert config.component_config["sitroom_events"] == {"knowledge_bases": [], "profile": str(path)}
    swapped = Annotator(config)
    (other,) = swapped.annotate([make_document(text, published=PUBLISHED)])
    assert event(other, "pulled out").control_side == "GE"
    assert pipeline_version(swapped.config) != pipeline_version(PipelineConfig())


def test_an_unknown_profile_is_an_error_naming_the_bundled_ones():
    with pytest.raises(ProfileError, match=r"no-such-war: no such profile .*ru-ua"):
        load_profile("no-such-war")


def test_a_profile_field_the_component_does_not_read_is_an_error(tmp_path):
    path = tmp_path / "sahel.yaml"
    path.write_text("opponents: {ML: JNIM}\nfocus: [ML]\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=rf"{path}: focus: unknown field"):
        load_profile(str(path))
