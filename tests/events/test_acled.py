"""The events component: ACLED sub-event types, from the means, the targets and what met a protest."""

from __future__ import annotations

import pytest

from .helpers import annotate, event


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


def test_a_toll_joins_the_attack_a_light_verb_carries(annotator):
    _, annotations = annotate(
        annotator, "Ten civilians were killed as government forces launched air strikes."
    )
    (strikes,) = annotations.events
    assert (strikes.trigger, strikes.acled) == ("air strikes", "Air/drone strike")
    assert [a.text for a in strikes.actors] == ["government forces"]


def test_a_guided_aerial_bomb_is_an_air_strike(annotator):
    _, annotations = annotate(annotator, "The enemy hit a residential building with a guided aerial bomb.")
    (found,) = annotations.events
    assert (found.mode, found.acled) == ("aerial", "Air/drone strike")
