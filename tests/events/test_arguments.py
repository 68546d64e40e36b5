"""The events component: an event's actors, targets, place and date."""

from __future__ import annotations

import pytest

from conftest import make_document

from .helpers import PUBLISHED, annotate, event


def test_an_event_without_a_date_of_its_own_takes_the_dateline_day(annotator):
    _, annotations = annotate(
        annotator, "KYIV, Jan 31 (Reuters) - Russian troops shelled Kharkiv, the governor said.", PUBLISHED
    )
    shelled = event(annotations, "shelled")
    assert (shelled.date, shelled.date_precision) == ("2023-01-31", "reported_on")


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


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        ("Two soldiers die in heavy fighting near Bakhmut: Kyiv.", "fighting", "Bakhmut"),
        ("Three civilians were killed near Avdiivka - Moscow.", "killed", "Avdiivka"),
        ("Drones struck a depot in Kyiv: Kharkiv region.", "Drones struck", "Kyiv"),
        # a town's authorities report on their town
        ("Three servicemen killed in shelling - Luhansk.", "killed", "Luhansk"),
    ],
)
def test_the_place_that_signs_a_headline_is_its_source_not_where(annotator, text, trigger, place):
    _, annotations = annotate(annotator, text)
    places = {p.id: p.text for p in annotations.places}
    assert places.get(event(annotations, trigger).place or "") == place


def test_a_relative_pronoun_stands_for_its_antecedent(annotator):
    _, annotations = annotate(annotator, "The town, which Russian forces captured, was shelled on Monday.")
    captured = event(annotations, "captured")
    assert (captured.type, captured.control_side) == ("CONTROL", "RU")


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
