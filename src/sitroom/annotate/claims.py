"""Component ``sitroom_claims``: who says what, as ``Claim`` records (see ``sitroom.annotate.attribution``).

Runs after the entity, time and quantity components: speakers are their entities, utterance dates
their timexes. Each claim's ``contains`` is filled once every component has run (``Annotator``), so
that it lists the later components' records (events) too.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.annotate.attribution import build_claims, lexicon_version
from sitroom.annotate.context import annotations_of, declare, document_of

declare(
    "sitroom_claims",
    reads=("mentions", "entities", "timexes"),
    assigns=("claims",),
    data_version=lambda cfg: lexicon_version(),
)


@Language.factory("sitroom_claims")
def make_claims(nlp: Language, name: str) -> ClaimComponent:
    return ClaimComponent()


class ClaimComponent:
    def __call__(self, doc: Doc) -> Doc:
        annotations = annotations_of(doc)
        document = document_of(doc)
        annotations.claims = build_claims(doc, annotations, document.published, document.source)
        return doc
