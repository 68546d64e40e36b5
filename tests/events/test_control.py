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
        # A transfer under way is no transfer: fighting for the place.
        (
            "Russian forces are clearing Avdiivka of remaining Ukrainian troops.",
            "clearing",
            "ASSAULT",
            "advanced",
        ),
        ("Russian troops are capturing Bakhmut.", "capturing", "ASSAULT", "advanced"),
        ("Ukraine is getting Kupiansk back.", "getting Kupiansk back", "ASSAULT", "advanced"),
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


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Shells fell on the village of Pisky overnight.", "Shells fell"),
        ("Russian missiles fell on the city of Zaporizhzhia.", "missiles fell"),
    ],
)
def test_what_falls_on_a_place_is_an_attack_not_its_fall(annotator, text, trigger):
    _, annotations = annotate(annotator, text)
    assert not [e for e in annotations.events if e.type == "CONTROL"]
    assert event(annotations, trigger).type == "ASSAULT"


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


def test_a_noun_of_a_change_told_as_completed_is_one(annotator):
    _, annotations = annotate(annotator, "The liberation of the city of Lysychansk has been completed.")
    liberation = event(annotations, "liberation")
    places = {p.id: p.text for p in annotations.places}
    assert (liberation.type, liberation.modality) == ("CONTROL", "asserted")
    assert places[liberation.place or ""] == "Lysychansk"
    # Not completed: the plan of a change is no change of control.
    _, annotations = annotate(annotator, "The liberation of Lysychansk is planned for the summer.")
    assert all(e.modality != "asserted" for e in annotations.events if e.type == "CONTROL")


def test_each_coordinated_place_changes_hands(annotator):
    _, annotations = annotate(
        annotator, "Ukrainian forces liberated Neskuchne, Storozheve and Blahodatne on Sunday."
    )
    places = {p.id: p.text for p in annotations.places}
    changes = [e for e in annotations.events if e.type == "CONTROL"]
    assert sorted(places[e.place or ""] for e in changes) == ["Blahodatne", "Neskuchne", "Storozheve"]
    assert {(e.trigger, e.control_side, e.modality) for e in changes} == {("liberated", "UA", "asserted")}
    assert len({e.id for e in changes}) == 3
    # What is coordinated with a place need not be one: one change of control.
    _, annotations = annotate(annotator, "Russian troops captured Soledar and two Ukrainian soldiers.")
    assert len([e for e in annotations.events if e.type == "CONTROL"]) == 1


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


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Units of the Zapad group of forces liberated the settlement of Kislovka.", "RU"),
        ("Formations of the VSU abandoned the settlement of Kislovka.", "RU"),
        ("Units of the Tavria group of forces liberated the village of Robotyne.", "UA"),
    ],
)
def test_units_of_a_named_force_gain_for_its_side(annotator, text, side):
    # "Liberated" is each side's word; the force named after "units of" says whose gain it is.
    (change,) = [e for e in annotate(annotator, text)[1].events if e.type == "CONTROL"]
    assert change.control_side == side


@pytest.mark.parametrize(
    "text",
    [
        "Russian troops were forced to leave Kherson, the regional administration said.",
        "Ukrainian artillery forced the Russian troops to withdraw from Kherson.",
    ],
)
def test_who_was_made_to_withdraw_is_the_one_who_lost_the_place(annotator, text):
    (change,) = [e for e in annotate(annotator, text)[1].events if e.type == "CONTROL"]
    assert (change.mode, change.control_side) == ("withdrew", "UA")


def test_our_forces_of_a_writer_of_no_known_side_gain_for_no_known_side(annotator):
    # "Liberated" is each side's word: without the writer's side, "our" fighters' gain is nobody's known.
    _, annotations = annotate(annotator, "Our fighters have liberated Ocheretino and hoisted the flag.")
    assert event(annotations, "liberated").control_side is None
    # With no actor at all, retaking is regaining one's own country's town.
    _, annotations = annotate(annotator, "Balakliia was liberated on Thursday.")
    assert event(annotations, "liberated").control_side == "UA"


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


def test_it_stands_for_a_town_named_in_an_oblique_before_a_denial(annotator):
    # No place among the subjects and objects ("claim" is one): the town the fighting is in.
    _, annotations = annotate(
        annotator,
        "Fighting goes on in the town of Kupiansk and our units hold their positions, a spokesman said, "
        "rejecting Moscow's claim to have taken it.",
    )
    taken = event(annotations, "taken")
    assert (taken.type, taken.modality) == ("CONTROL", "negated")
    place = next(p for p in annotations.places if p.id == taken.place)
    assert place.text == "Kupiansk"


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


@pytest.mark.parametrize(
    "text",
    [
        # a withdrawal moves forces out of a place (`military_units` and the forces classes) ...
        "Ukraine withdrew its ambassador from Minsk.",
        "Russian forces withdrew their artillery from Kherson's outskirts.",
        # ... and its active subject is who withdrew, never the territory (`territory_subject_verbs`)
        "Russia withdrew from the grain deal brokered in Istanbul.",
    ],
)
def test_a_withdrawal_of_no_forces_or_from_no_place_changes_no_control(annotator, text):
    _, annotations = annotate(annotator, text)
    assert not [e for e in annotations.events if e.type == "CONTROL"]


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        ("Russia withdrew its troops from Kherson.", "withdrew its troops from", "Kherson"),
        ("Russia pulled its units out of Balakliia.", "pulled its units out", "Balakliia"),
        ("Lyman fell to Ukrainian forces on Saturday.", "fell", "Lyman"),
        ("Zelensky visited Izium, which Russian forces abandoned last weekend.", "abandoned", "Izium"),
    ],
)
def test_forces_withdrawn_and_a_place_that_fell_are_changes_of_control(annotator, text, trigger, place):
    _, annotations = annotate(annotator, text)
    places = {p.id: p.text for p in annotations.places}
    change = event(annotations, trigger)
    assert (change.type, places.get(change.place or "")) == ("CONTROL", place)


@pytest.mark.parametrize(
    ("text", "trigger", "side"),
    [
        # a side denies its losses: a change it denies with no actor is its opponent's gain
        ("A Ukrainian army spokesman said the town of Siversk had not fallen.", "fallen", "RU"),
        (
            "Russia's defence ministry called Ukrainian claims lies: Klishchiivka had not been retaken.",
            "retaken",
            "UA",
        ),
        # the actor named keeps its side; a denied withdrawal is still the voice's own
        ("A Ukrainian army spokesman said Russian troops had not captured Siversk.", "captured", "RU"),
        ("A Ukrainian army spokesman said our units had not withdrawn from Siversk.", "withdrawn from", "RU"),
    ],
)
def test_a_denied_change_with_no_actor_is_the_opponents_gain(annotator, text, trigger, side):
    # the whole pipeline: the voice is the side of the claim's speaker
    annotations = next(iter(annotator.annotate([make_document(text, published=PUBLISHED)])))
    change = event(annotations, trigger)
    assert (change.type, change.modality, change.control_side) == ("CONTROL", "negated", side)
