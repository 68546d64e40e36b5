"""What the tests of claims share: the pipeline run on one text, checked offsets, claims by cue."""

from __future__ import annotations

from datetime import date

from conftest import make_document
from sitroom.annotate import Annotator
from sitroom.records import Annotations, Claim

PUBLISHED = date(2023, 2, 1)


def analyse(annotator: Annotator, text: str, published: date | None = PUBLISHED) -> Annotations:
    document = make_document(text, published=published)
    (annotations,) = annotator.annotate([document])
    for claim in annotations.claims:
        assert document.text[claim.start : claim.end] == claim.text
        if claim.source_start is not None:
            assert document.text[claim.source_start : claim.source_end] == claim.source_text
        if claim.cue_start is not None:
            assert document.text[claim.cue_start : claim.cue_end] == claim.cue
    return annotations


def by_cue(annotations: Annotations, cue: str) -> list[Claim]:
    return [claim for claim in annotations.claims if claim.cue == cue]


def speaker_name(annotations: Annotations, claim: Claim) -> str | None:
    names = {entity.id: entity.name for entity in annotations.entities}
    return names.get(claim.speaker or "")
