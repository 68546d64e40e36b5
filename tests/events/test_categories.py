"""Categories (docs/events.md#categories): disasters, accidents and crime are never attacks; diplomacy
and claims of responsibility qualify a PLOVER event; figures of speech name none."""

from __future__ import annotations

import pytest

from sitroom.annotate.events.lexicon import LexiconError, load_lexicon
from sitroom.annotate.learned.component import _category
from sitroom.records import CONFLICT_ONLY_TYPES, NON_CONFLICT_CATEGORIES, Event, outside_conflict

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


def _event(type_: str) -> Event:
    return Event("e", "d", 0, 10, "text", type_, "word", 0, 4)


def test_the_model_makes_an_attack_an_accident_only_when_the_acled_head_agrees():
    accident = {"category": ("accident", 0.8)}
    assert _category(_event("ASSAULT"), {**accident, "acled": ("none", 0.7)}) == "accident"
    assert _category(_event("ASSAULT"), {**accident, "acled": ("Armed clash", 0.6)}) is None
    assert _category(_event("ASSAULT"), {**accident, "acled": None}) is None
    assert _category(_event("COERCE"), {"category": ("crime", 0.7), "acled": ("Arrests", 0.6)}) == "crime"


def test_the_model_gives_diplomacy_to_acts_that_are_not_force_and_claims_to_attacks():
    diplomacy = {"category": ("diplomacy", 0.9), "acled": None}
    assert _category(_event("SANCTION"), diplomacy) == "diplomacy"
    assert _category(_event("ASSAULT"), diplomacy) is None
    claim = {"category": ("responsibility_claim", 0.9), "acled": None}
    assert _category(_event("ASSAULT"), claim) == "responsibility_claim"
    assert _category(_event("CONSULT"), claim) is None
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
