"""Component ``sitroom_entities``: mentions resolved to canonical entities while the Doc is in hand.

Resolution itself lives in ``sitroom.resolve``; running it inside the pipeline lets later components
(quantities, attribution, events) refer to entities rather than to raw mentions.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.annotate.context import annotations_of, declare, document_of
from sitroom.resolve import KnowledgeBase, load_knowledge_base, resolve_entities

declare(
    "sitroom_entities",
    reads=("mentions", "places"),
    assigns=("entities", "mentions"),  # the knowledge base's names and roles are mentions too
    data_version=lambda cfg: load_knowledge_base(*cfg.get("knowledge_bases", [])).version,
)


@Language.factory("sitroom_entities", default_config={"knowledge_bases": []})
def make_entities(nlp: Language, name: str, knowledge_bases: list[str]) -> EntityComponent:
    return EntityComponent(load_knowledge_base(*knowledge_bases))


class EntityComponent:
    def __init__(self, knowledge_base: KnowledgeBase):
        self.knowledge_base = knowledge_base

    def __call__(self, doc: Doc) -> Doc:
        document = document_of(doc)
        resolve_entities(
            annotations_of(doc),
            text=document.text,
            published=document.published,
            kb=self.knowledge_base,
            publisher=document.source,
        )
        return doc
