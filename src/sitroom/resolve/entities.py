"""Canonical entities from NER mentions.

A mention's entity id is derived from its type and a normalised key, so the same actor gets the same id in
every document and every run. Within a document, a bare surname joins the full name it abbreviates
("Zelensky" after "Volodymyr Zelensky").
"""

from __future__ import annotations

import re
import unicodedata

from sitroom.records import Annotations, Entity, Mention, stable_id

ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "NORP": "group",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
}

_LEADING_ARTICLE = re.compile(r"^(the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACE = re.compile(r"\s+")


def display_name(text: str) -> str:
    """The mention text without a leading article, possessive ending or ragged spacing."""
    name = _SPACE.sub(" ", text).strip()
    name = _LEADING_ARTICLE.sub("", name)
    return _POSSESSIVE.sub("", name).strip()


def entity_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to identify an entity."""
    decomposed = unicodedata.normalize("NFKD", display_name(text))
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", re.sub(r"[^\w\s]", "", letters.casefold())).strip()


def resolve_entities(annotations: Annotations) -> None:
    """Fill ``mention.entity`` and ``annotations.entities`` for the document's mentions."""
    full_names = _full_person_names(annotations.mentions)
    entities: dict[str, Entity] = {}
    for mention in annotations.mentions:
        entity_type = ENTITY_TYPES.get(mention.label, "other")
        key = entity_key(mention.text)
        if not key:
            continue
        if entity_type == "person" and " " not in key:
            key = full_names.get(key, key)
        entity_id = stable_id("ent", entity_type, key)
        mention.entity = entity_id
        alias = display_name(mention.text)
        entity = entities.get(entity_id)
        if entity is None:
            entities[entity_id] = Entity(id=entity_id, name=alias, type=entity_type, aliases=[alias])
        else:
            if len(alias) > len(entity.name):
                entity.name = alias
            if alias not in entity.aliases:
                entity.aliases.append(alias)
    annotations.entities = sorted(entities.values(), key=lambda e: e.id)


def _full_person_names(mentions: list[Mention]) -> dict[str, str]:
    """Surname key -> full-name key, when the document names exactly one person with that surname."""
    by_surname: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        key = entity_key(mention.text)
        if " " in key:
            by_surname.setdefault(key.rsplit(" ", 1)[1], set()).add(key)
    return {surname: next(iter(keys)) for surname, keys in by_surname.items() if len(keys) == 1}
