"""What the tests of the events component share: the pipeline run with given claims, and one event
by its trigger."""

from __future__ import annotations

from datetime import date

from conftest import make_document
from sitroom.annotate import Annotator, annotations_of
from sitroom.annotate.attribution import fill_contains
from sitroom.records import Annotations, Claim, Document, Event, stable_id

PUBLISHED = date(2023, 2, 1)


def annotate(
    annotator: Annotator, text: str, published: date | None = PUBLISHED, claims: list[tuple[str, str]] = ()
) -> tuple[Document, Annotations]:
    """Run the pipeline; ``claims`` (content, speaker) become Claim records before the events component."""
    document = make_document(text, published=published)
    doc = annotator.make_doc(document)
    for name, pipe in annotator.nlp.pipeline:
        if name == "sitroom_events":
            annotations_of(doc).claims = [_claim(document, content, speaker) for content, speaker in claims]
        doc = pipe(doc)
    annotations = annotations_of(doc)
    fill_contains(annotations)  # as Annotator.annotate does once every component has run
    for event in annotations.events:
        assert document.text[event.start : event.end] == event.text
        assert document.text[event.trigger_start : event.trigger_end] == event.trigger
        for participant in (*event.actors, *event.targets):
            assert document.text[participant.start : participant.end] == participant.text
    return document, annotations


def _claim(document: Document, content: str, speaker: str) -> Claim:
    start = document.text.index(content)
    end = start + len(content)
    return Claim(
        id=stable_id("clm", document.id, start, end), doc=document.id, start=start, end=end,
        text=content, kind="indirect", speaker=speaker,
    )  # fmt: skip


def event(annotations: Annotations, trigger: str) -> Event:
    found = [e for e in annotations.events if e.trigger == trigger]
    assert len(found) == 1, [e.trigger for e in annotations.events]
    return found[0]
