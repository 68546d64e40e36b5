"""The events component: changes of territorial control, who gained, and movement that changes none."""

from __future__ import annotations

import pytest

from conftest import make_document

from .helpers import PUBLISHED, annotate, event


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


def test_civilians_leaving_a_town_change_no_control(annotator):
    _, annotations = annotate(annotator, "Evacuation convoys left the town of Irpin under fire.")
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


def test_a_gain_without_an_actor_side_is_the_reporting_side(annotator):
    text = "Units of the Centre group of forces have liberated the settlement of Novomikhailovka."
    document = make_document(
        text, published=PUBLISHED, source="Ministry of Defence of the Russian Federation"
    )
    (annotations,) = annotator.annotate([document])
    assert event(annotations, "liberated").control_side == "RU"


def test_a_control_word_without_territory_is_no_control_change(annotator):
    _, annotations = annotate(annotator, "Ukrainian soldiers captured two Russian officers.")
    captured = event(annotations, "captured")
    assert captured.type == "COERCE"
    assert captured.control_side is None


def test_a_place_taken_after_the_other_side_left_changed_hands_without_a_fight(annotator):
    _, annotations = annotate(annotator, "Militants recaptured the town after government troops withdrew.")
    assert event(annotations, "recaptured").acled == "Non-violent transfer of territory"


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
