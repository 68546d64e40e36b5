"""Component ``sitroom_factuality``: whether each event-like predicate happened, as the text tells it.

Every verb, eventive noun, predicative adjective and copula gets a ``Factuality`` on the
FactBank/MEANTIME scale (polarity, certainty, time) with the cue that decided it and that cue's scope,
read over the dependency parse (see :mod:`sitroom.annotate.factuality.rules`; cues and their classes in
``sitroom/data/factuality.yaml``; docs/factuality.md); a small trained model
(:mod:`sitroom.annotate.factuality.model`) then decides the attributes its card says it reads better
than the rules, with the rules' value among its features. The values are kept on the Doc, in
``doc._.factuality`` (token index -> Factuality), for the components after it; ``factuality_of(token)``
reads them, or reads the token itself with the rules when the component did not run.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from sitroom.annotate.context import declare
from sitroom.annotate.factuality.features import PredicateFeatures
from sitroom.annotate.factuality.lexicon import CueTable, FactualityTableError, load_cue_table
from sitroom.annotate.factuality.model import FactualityModel, FactualityModelError, load_factuality_model
from sitroom.annotate.factuality.rules import FactualityReader
from sitroom.records import Factuality

# Parts of speech whose tokens may name an event or a state: verbs, nouns ("the assault"), adjectives
# ("available") and copulas.
PREDICATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})

if not Doc.has_extension("factuality"):
    Doc.set_extension("factuality", default=None)


declare(
    "sitroom_factuality",
    assigns=("factuality",),
    data_version=lambda cfg: (
        load_cue_table(cfg.get("table")).version + _model_version(cfg.get("model", True))
    ),
)


def _model_version(enabled: object) -> str:
    model = load_factuality_model() if enabled else None
    return model.version if model is not None else ""


@Language.factory("sitroom_factuality", default_config={"table": None, "model": True})
def make_factuality(nlp: Language, name: str, table: str | None, model: bool) -> FactualityComponent:
    return FactualityComponent(load_cue_table(table), load_factuality_model() if model else None)


class FactualityComponent:
    """The rules read every predicate; the model, when there is one, decides the attributes its card
    says it reads better, with the rules' value among its features."""

    def __init__(self, table: CueTable, model: FactualityModel | None = None):
        self.table = table
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        reader = FactualityReader(self.table, doc)
        predicates = [t for t in doc if t.pos_ in PREDICATE_POS]
        values = [reader.factuality(t) for t in predicates]
        if self.model is not None:
            features = PredicateFeatures(doc, reader.children)
            decided = self.model.apply(
                values, [features.of(t, v) for t, v in zip(predicates, values, strict=True)]
            )
            # A value the model makes a plain assertion has no cue: the rules' cue no longer decides it.
            values = [Factuality() if value.factual else value for value in decided]
        doc._.factuality = {t.i: value for t, value in zip(predicates, values, strict=True)}
        return doc


def factuality_of(token: Token) -> Factuality:
    """The factuality of the predicate ``token``, as the component stored it or read now."""
    stored: dict[int, Factuality] | None = token.doc._.factuality
    if stored is not None and token.i in stored:
        return stored[token.i]
    return FactualityReader(load_cue_table(), token.doc).factuality(token)


__all__ = [
    "CueTable",
    "FactualityComponent",
    "FactualityModel",
    "FactualityModelError",
    "FactualityTableError",
    "factuality_of",
    "load_cue_table",
    "load_factuality_model",
]
