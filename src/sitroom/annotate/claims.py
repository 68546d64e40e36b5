"""Component ``sitroom_claims``: who says what, as ``Claim`` records (see ``sitroom.annotate.attribution``).

Runs after the entity, time and quantity components: speakers are their entities, utterance dates
their timexes. Each claim's ``contains`` is filled once every component has run (``Annotator``), so
that it lists the later components' records (events) too. With ``attribution_model`` (a folder from
``sitroom train attribution``), a trained tagger decides the source, cue and content spans, the rules'
spans among its features.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.annotate.attribution import AttributionTagger, build_claims, lexicon_version
from sitroom.annotate.attribution.tagger import tagger_identity
from sitroom.annotate.context import annotations_of, declare, document_of


def _data_version(cfg: dict) -> str:
    """The lexicon's version, and the tagger's identity when one is set: a new tagger re-processes the
    store."""
    model = cfg.get("attribution_model")
    return lexicon_version() + (f"+{tagger_identity(Path(model))}" if model else "")


declare(
    "sitroom_claims",
    reads=("mentions", "entities", "timexes"),
    assigns=("claims",),
    data_version=_data_version,
)


@Language.factory("sitroom_claims", default_config={"attribution_model": None})
def make_claims(nlp: Language, name: str, attribution_model: str | None) -> ClaimComponent:
    return ClaimComponent(AttributionTagger(Path(attribution_model)) if attribution_model else None)


class ClaimComponent:
    def __init__(self, tagger: AttributionTagger | None = None):
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        annotations = annotations_of(doc)
        document = document_of(doc)
        annotations.claims = build_claims(doc, annotations, document.published, document.source, self.tagger)
        return doc
