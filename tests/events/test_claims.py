"""The events component: events inside claims, and who claims them."""

from __future__ import annotations

from conftest import make_document

from .helpers import PUBLISHED, annotate, event


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


def test_an_event_outside_every_claim_stays_asserted(annotator):
    text = "Russian troops shelled Kharkiv. Zelensky said the city would hold."
    _, annotations = annotate(annotator, text, claims=[("the city would hold", "ent_zelensky")])
    shelled = event(annotations, "shelled")
    assert (shelled.modality, shelled.claim, shelled.claimed_by) == ("asserted", None, None)


def test_an_accusation_names_the_accused_as_actor_and_the_accuser_as_source(annotator):
    _, annotations = annotate(
        annotator, "Volodymyr Zelensky accused Russia of shelling the Zaporizhzhia plant."
    )
    accused = event(annotations, "accused")
    shelling = event(annotations, "shelling")
    assert [a.side for a in shelling.actors] == ["RU"]
    assert (shelling.modality, shelling.claimed_by) == ("claimed", accused.actors[0].entity)


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
