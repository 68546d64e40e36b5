"""Categories (docs/events.md#categories): disasters, accidents and crime are never attacks; diplomacy
and claims of responsibility qualify a PLOVER event; figures of speech name none."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import jsonschema
import pytest

from conftest import make_document
from sitroom.annotate import Annotator, PipelineConfig
from sitroom.annotate.events.lexicon import LexiconError, load_lexicon
from sitroom.annotate.learned.component import _category
from sitroom.annotate.learned.training import TrainingError, read_examples
from sitroom.records import CONFLICT_ONLY_TYPES, NON_CONFLICT_CATEGORIES, Event, Modality, outside_conflict
from sitroom.report import export
from sitroom.workflow import reconcile

from .helpers import annotate


@pytest.mark.parametrize(
    "text",
    [
        "A flood of refugees crossed the border.",
        "An avalanche of complaints reached the regulator.",
        "The team crashed out of the cup.",
        "Shares crashed on Monday after the market crash in Asia.",
        "Troops came under fire near the bridge.",
    ],
)
def test_a_figure_of_speech_is_no_disaster_or_accident(annotator, text):
    _, annotations = annotate(annotator, text)
    assert [e.category for e in annotations.events if e.category in NON_CONFLICT_CATEGORIES] == []


@pytest.mark.parametrize(
    "text",
    [
        "A magnitude 6.4 earthquake struck the island, killing 12 people.",
        "Twenty people were killed in floods in the north.",
        "A boiler exploded at a chemical plant, killing one worker.",
        "A gas cylinder blew up in a restaurant, injuring nine.",
        "Police arrested two drug traffickers and seized 40 kg of heroin.",
        "Gunmen robbed a bank in Lagos.",
    ],
)
def test_a_disaster_an_accident_or_a_crime_is_never_an_attack(annotator, text):
    _, annotations = annotate(annotator, text)
    flagged = [e for e in annotations.events if e.category in NON_CONFLICT_CATEGORIES]
    assert flagged
    assert all(e.type not in CONFLICT_ONLY_TYPES and e.acled is None for e in flagged)
    # The toll belongs to the disaster: no attack is left beside it.
    assert [e for e in annotations.events if e.type == "ASSAULT"] == []


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("A Russian drone crashed into an apartment block in Kyiv.", "drone crashed"),
        ("The ambassador's convoy was hit by a roadside bomb.", "hit"),
        ("Gunmen kidnapped a foreign diplomat on the airport road.", "kidnapped"),
    ],
)
def test_an_attack_near_disaster_or_diplomatic_words_stays_an_attack(annotator, text, trigger):
    _, annotations = annotate(annotator, text)
    attacks = [e for e in annotations.events if e.type == "ASSAULT"]
    assert attacks and all(e.category is None for e in attacks), [(e.trigger, e.category) for e in attacks]


def test_a_claim_of_responsibility_keeps_the_attack_and_its_acled_type(annotator):
    _, annotations = annotate(annotator, "Al-Shabaab claimed the bombing of the hotel in Mogadishu.")
    (bombing,) = [e for e in annotations.events if e.trigger == "bombing"]
    assert (bombing.type, bombing.category) == ("ASSAULT", "responsibility_claim")
    assert bombing.acled is not None


def test_outside_conflict_keeps_an_arrest_and_makes_an_attack_other():
    attack = Event("e", "d", 0, 10, "text", "ASSAULT", "killed", 0, 6, mode="firearms", acled="Attack")
    arrest = Event("e", "d", 0, 10, "text", "COERCE", "arrested", 0, 8, mode="arrest", acled="Arrests")
    other = outside_conflict(attack, "crime")
    assert (other.type, other.mode, other.acled, other.category) == ("OTHER", None, None, "crime")
    kept = outside_conflict(arrest, "crime")
    assert (kept.type, kept.mode, kept.acled, kept.category) == ("COERCE", "arrest", None, "crime")


def _event(type_: str, modality: Modality = "asserted") -> Event:
    return Event("e", "d", 0, 10, "text", type_, "word", 0, 4, modality=modality)


def test_the_model_makes_an_attack_an_accident_only_when_the_acled_head_agrees():
    accident = {"category": ("accident", 0.8)}
    assert _category(_event("ASSAULT"), {**accident, "acled": ("none", 0.7)}) == "accident"
    assert _category(_event("ASSAULT"), {**accident, "acled": ("Armed clash", 0.6)}) is None
    assert _category(_event("ASSAULT"), {**accident, "acled": None}) is None
    crime = {"category": ("crime", 0.7)}
    assert _category(_event("COERCE"), {**crime, "acled": ("none", 0.6)}) == "crime"
    assert _category(_event("COERCE"), {**crime, "acled": ("Arrests", 0.6)}) is None


def test_the_model_gives_diplomacy_to_acts_that_are_not_force_and_claims_to_attacks():
    diplomacy = {"category": ("diplomacy", 0.9), "acled": None}
    assert _category(_event("SANCTION"), diplomacy) == "diplomacy"
    assert _category(_event("ASSAULT"), diplomacy) is None
    claim = {"category": ("responsibility_claim", 0.9), "acled": None}
    assert _category(_event("ASSAULT", "claimed"), claim) == "responsibility_claim"
    assert _category(_event("ASSAULT"), claim) is None  # an attack the outlet reports is no claim
    assert _category(_event("CONSULT", "claimed"), claim) is None
    assert _category(_event("ASSAULT"), {"category": ("none", 0.9), "acled": None}) is None


@pytest.mark.parametrize(
    ("yields", "message"),
    [
        ("{type: OTHER}", "type OTHER needs a category"),
        ("{type: OTHER, category: diplomacy}", "type OTHER needs a category"),
        ("{type: ASSAULT, category: accident}", "is no attack"),
        ("{type: COERCE, category: crime, acled: Arrests}", "is no attack and has no ACLED"),
        ("{type: ASSAULT, category: weather}", "category: one of"),
    ],
)
def test_a_rule_row_cannot_make_a_disaster_an_attack(tmp_path, yields, message):
    path = tmp_path / "events.yaml"
    path.write_text(f"rules:\n  - {{name: quake, match: noun, words: [quake], yields: {yields}}}\n")
    with pytest.raises(LexiconError, match=rf"rules row 1 \(quake\): yields: .*{message}"):
        load_lexicon(str(path))


def test_the_store_the_export_and_the_incidents_carry_the_category(store, tmp_path):
    """Through the store (migration 0009) to the JSON export (schema 1.4) and the incidents: an
    earthquake and a robbery in one town on one day are two happenings, and neither is an attack."""
    text = (
        "KABUL, Feb 1 (Reuters) - An earthquake destroyed 40 houses in Herat on Tuesday. "
        "Gunmen robbed a bank in Herat on Tuesday."
    )
    annotator = Annotator(PipelineConfig().without_event_model())
    document = make_document(text, published=date(2023, 2, 1))
    (annotations,) = annotator.annotate([document])
    store.add_document(document)
    store.save_annotations([annotations], annotator.version)
    reconcile(store)
    (path,) = export(store, "json", tmp_path)
    data = json.loads(path.read_text())
    schema = json.loads((resources.files("sitroom.schemas") / "export-v1.schema.json").read_text())
    jsonschema.validate(data, schema)
    events = {e["trigger"]: e for e in data["events"]}
    assert (events["earthquake"]["type"], events["earthquake"]["category"]) == ("OTHER", "natural_disaster")
    assert (events["robbed"]["type"], events["robbed"]["category"]) == ("OTHER", "crime")
    placed = [i for i in data["incidents"] if i["place"]]
    assert sorted(i["category"] for i in placed) == ["crime", "natural_disaster"]
    assert all(i["type"] == "OTHER" for i in data["incidents"])


def test_a_toll_of_a_storm_during_a_protest_gets_no_acled_type_from_the_protest(annotator):
    _, annotations = annotate(
        annotator, "Police fired tear gas at the protesters as a storm killed two people in the square."
    )
    (storm,) = [e for e in annotations.events if e.category == "natural_disaster"]
    assert (storm.type, storm.acled) == ("OTHER", None)


def test_training_reads_a_category_and_refuses_one_outside_the_vocabulary(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text(
        '{"text": "A ferry capsized.", "category": "accident"}\n'
        '{"text": "Troops shelled the town.", "plover": "ASSAULT", "category": null}\n'
        '{"text": "Rebels took the town."}\n'
    )
    labels = [example.labels for example in read_examples(path)]
    assert labels == [{"category": "accident"}, {"plover": "ASSAULT", "category": "none"}, {}]
    path.write_text('{"text": "It rained.", "category": "weather"}\n')
    with pytest.raises(TrainingError, match=r"data.jsonl:1: category: one of natural_disaster"):
        read_examples(path)
