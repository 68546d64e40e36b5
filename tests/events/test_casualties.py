"""The events component: killings told by who died or was eliminated (``casualty`` rows), and the
deaths that are no violence."""

from __future__ import annotations

import pytest

from .helpers import annotate, event


@pytest.mark.parametrize(
    "text",
    [
        "No one died in Kharkiv overnight.",
        "The mayor died of natural causes in Odesa.",
        "The patient died in hospital after a long illness in Lviv.",
        "A Ukrainian soldier died in a car accident near Dnipro.",
        "The bank was liquidated in Kyiv last year.",
        "The government eliminated fuel subsidies in Kyiv.",
        "The mine was defused near Izium.",
        "The former mayor of Izium died of a heart attack on Monday.",
        "He suffered a panic attack in Kharkiv after the concert.",
        "The drone flew over Kyiv for an hour.",
        "Several missiles are stored in a depot near Lviv.",
        # a casualty abbreviation only in capitals: the carmaker is no death
        "Kia opened a new showroom in Kyiv last week.",
    ],
)
def test_a_death_or_removal_that_is_no_violence_is_no_violent_event(annotator, text):
    _, annotations = annotate(annotator, text)
    assert [e.trigger for e in annotations.events if e.type in {"ASSAULT", "CONTROL"}] == []


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        ("Kyiv denied that its soldiers died in Bakhmut.", "died", "negated"),
        ("Russian forces may have eliminated 30 militants near Bakhmut.", "eliminated", "hypothetical"),
        ("No Ukrainian soldiers died in Bakhmut on Monday.", "died", "negated"),
        ("The mine was defused before it could explode.", "explode", "hypothetical"),
    ],
)
def test_a_casualty_keeps_its_modality(annotator, text, trigger, modality):
    _, annotations = annotate(annotator, text)
    assert event(annotations, trigger).modality == modality


def test_who_died_is_the_target_not_the_actor(annotator):
    _, annotations = annotate(annotator, "Three Ukrainian soldiers died in Bakhmut.")
    died = event(annotations, "died")
    assert died.actors == [] and [t.text for t in died.targets] == ["Three Ukrainian soldiers"]
    assert died.acled == "Armed clash"


def test_a_blast_and_its_toll_are_one_event(annotator):
    _, annotations = annotate(annotator, "Two farmers were killed when a mine blew up near Izium.")
    assert [(e.trigger, e.mode) for e in annotations.events] == [("mine blew up", "explosives")]
