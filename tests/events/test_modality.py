"""The events component: modality (asserted, negated, hypothetical, planned, historical), and words
that name no event."""

from __future__ import annotations

import pytest

from .helpers import annotate, event


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
        # What a verb of saying's infinitive tells is claimed by its subject (`reporting_verbs`).
        ("Russia claimed to have captured Robotyne.", "captured", "claimed"),
        ("Russian troops are said to have entered Vuhledar.", "entered", "claimed"),
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
        # A claim whose content is judged false: the claim was made, its content did not happen.
        ("Claims that 40 soldiers were killed near Bakhmut are false.", "killed", "negated"),
        ("Reports that Russian troops took Kupiansk are untrue.", "took", "negated"),
        ("Kyiv denied reports that its forces shelled a school in Donetsk.", "shelled", "negated"),
        # Unjudged, the content is not negated (no claims in these cases: see annotate).
        ("Reports that Russian troops took Kupiansk reached Kyiv on Monday.", "took", "asserted"),
        ("Ukrainian troops probably shelled the bridge.", "shelled", "hypothetical"),
        # An open factuality (an attempt) is no modality: the storming, an assault, happened.
        ("Russian troops attempted to storm the village.", "storm", "asserted"),
    ],
)
def test_modality_the_factuality_catches(annotator, text, trigger, modality):
    _, annotations = annotate(annotator, text)
    assert event(annotations, trigger).modality == modality


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


def test_a_participle_used_as_an_adjective_is_no_event(annotator):
    _, annotations = annotate(annotator, "Zelensky visited liberated Izium. Air raid sirens sounded in Kyiv.")
    assert [e.trigger for e in annotations.events] == ["visited"]


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
