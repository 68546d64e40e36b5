"""Canonical entities from NER mentions and role descriptions.

A mention whose name (or, for a bare surname, the full name it abbreviates in the document) matches
the actor knowledge base becomes that actor's entity, with id ``stable_id("ent", "kb", kb_id)``.
Other mentions get an id derived from their type and a normalised key, so the same name gets the
same id in every document and every run; a place name the places stage resolved is the gazetteer
entry's entity, whatever the spelling (Kupiansk, Kupyansk), and a country is its own side. Role
descriptions ("Ukraine's defence minister") become mentions labelled ``ROLE`` of the actor who held
the role on the publication date. A person the knowledge base does not know takes the side of the
title written before the name ("Ukrainian military spokesman Nazar Voloshyn": UA).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from sitroom.records import Annotations, Entity, Mention, Place, stable_id
from sitroom.resolve.actors import (
    Actor,
    KnowledgeBase,
    display_name,
    entity_key,
    load_knowledge_base,
    name_skeleton,
)

__all__ = ["ENTITY_TYPES", "KB_LABEL", "ROLE_LABEL", "entity_key", "resolve_entities"]

ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "NORP": "group",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "SURNAME": "person",
}

ROLE_LABEL = "ROLE"
# Mentions of knowledge-base names that NER missed ("93rd Mechanized Brigade", "Russian troops").
KB_LABEL = "KB"
# Lone surnames NER missed of people the document names in full ("Syrskyi said" after "Oleksandr Syrsky").
SURNAME_LABEL = "SURNAME"
_CAPITALISED_WORD = re.compile(r"(?<![\w'’-])[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?(?![\w-])")
_TITLE_CHARS = 80
_TITLE_WORDS = 5  # a title before a name: "Ukraine's deputy defence minister"
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\"“”\n—–]")
# Labels that name actors, under which NER also tags places it does not know. A mention with one of them
# that the places stage resolved, and that the knowledge base does not know as an actor, is a place.
MISLABELLED_PLACE_LABELS = frozenset({"PERSON", "ORG"})


def resolve_entities(
    annotations: Annotations,
    *,
    text: str | None = None,
    published: date | None = None,
    kb: KnowledgeBase | None = None,
    publisher: str | None = None,
) -> None:
    """Fill ``mention.entity`` and ``annotations.entities`` for the document's mentions.

    ``text`` (the document's clean text) and ``published`` enable role descriptions; ``kb``
    defaults to the bundled knowledge base. A ``publisher`` (the document's source) the knowledge base
    knows as a body is an entity too, named or not: "the General Staff said" in the General Staff's own
    release is its publisher.
    """
    kb = kb if kb is not None else load_knowledge_base()
    holders = _add_role_mentions(annotations, text, published, kb) if text and published else {}
    if text:
        holders.update(_add_name_mentions(annotations, text, kb))
    full_names = _full_person_names(annotations.mentions, holders)
    if text:
        _add_surname_mentions(annotations, text, full_names)
    placed = _resolved_places_by_offset(annotations)
    publishing = kb.lookup(entity_key(publisher)) if publisher else None
    if publishing is not None and publishing.type == "person":
        publishing = None
    entities: dict[str, Entity] = {}
    for mention in annotations.mentions:
        actor = holders.get(mention.id)
        resolved = (_kb_entity(actor), None) if actor else _resolve_name(mention, full_names, kb)
        if resolved is None:
            continue
        entity, alias = resolved
        if entity.kb_id is None and publishing is not None and _shortened(mention.text, publishing):
            entity = _kb_entity(publishing)  # "the Ministry of Defence said", in the ministry's own release
        place = placed.get(mention.start)
        if entity.kb_id is None and place is not None:
            if mention.label in MISLABELLED_PLACE_LABELS:
                continue  # spaCy's small model calls Kyiv a person and Bakhmut an organisation
            entity = _place_entity(place)  # "Energodar" tagged as a group is the town too
        mention.entity = entity.id
        _merge(entities, entity, alias)
        if text and entity.kb_id is None and entity.type == "person" and entities[entity.id].side is None:
            entities[entity.id].side = kb.side_by_title(_title_before(text, mention.start))
    if publisher and publishing is not None:
        _merge(entities, _kb_entity(publishing), display_name(publisher))
    annotations.entities = sorted(entities.values(), key=lambda e: e.id)


def _shortened(text: str, actor: Actor) -> bool:
    """Whether a name of two words or more is the start of one of the actor's names: "the Ministry of
    Defence" of the "Ministry of Defence of the Russian Federation", "the General Staff" of the "General
    Staff of the Armed Forces of Ukraine"."""
    key = name_skeleton(entity_key(text))
    if " " not in key:
        return False
    return any(
        f"{name_skeleton(entity_key(name))} ".startswith(f"{key} ") for name in (actor.name, *actor.aliases)
    )


def _title_before(text: str, start: int) -> str:
    """The words written right before a name in its clause, where a title stands ("Ukrainian military
    spokesman Nazar Voloshyn")."""
    before = text[max(start - _TITLE_CHARS, 0) : start]
    return " ".join(_CLAUSE_BREAK.split(before)[-1].split()[-_TITLE_WORDS:])


def _resolved_places_by_offset(annotations: Annotations) -> dict[int, Place]:
    """Places resolved to the gazetteer (the places component runs first), by each offset they cover."""
    return {
        offset: place
        for place in annotations.places
        if place.gazetteer_id is not None
        for offset in range(place.start, place.end)
    }


def _place_entity(place: Place) -> Entity:
    return Entity(
        id=stable_id("ent", "place", place.gazetteer_id),
        name=place.name or place.text,
        type="location",
        side=place.country if place.feature == "country" else None,
    )


def _resolve_name(
    mention: Mention, full_names: dict[str, str], kb: KnowledgeBase
) -> tuple[Entity, str] | None:
    """The mention's entity and the alias it contributes; None for a mention with no name."""
    entity_type = ENTITY_TYPES.get(mention.label, "other")
    key = entity_key(mention.text)
    if not key:
        return None
    if entity_type == "person" and " " not in key:
        key = full_names.get(name_skeleton(key), key)
    alias = display_name(mention.text)
    actor = kb.lookup(key)
    # A location label on a unit's name is the place it is named after (the Sea of Azov, not the
    # Azov Brigade); people and organisations are often mislabelled as places by the small model.
    if actor is not None and not (entity_type == "location" and actor.type == "group"):
        return _kb_entity(actor), alias
    entity_id = stable_id("ent", entity_type, key)
    return Entity(id=entity_id, name=alias, type=entity_type), alias


def _kb_entity(actor: Actor) -> Entity:
    return Entity(
        id=stable_id("ent", "kb", actor.kb_id),
        name=actor.name,
        type=actor.type,
        side=actor.side,
        kb_id=actor.kb_id,
    )


def _merge(entities: dict[str, Entity], entity: Entity, alias: str | None) -> None:
    """Add the entity, or the alias to the entity already found; the longest alias names it."""
    known = entities.setdefault(entity.id, entity)
    if alias is None:
        return
    # A knowledge-base entity keeps its canonical name, a gazetteer entry its own.
    if known.kb_id is None and known.type != "location" and len(alias) > len(known.name):
        known.name = alias
    if alias not in known.aliases:
        known.aliases.append(alias)


def _add_name_mentions(annotations: Annotations, text: str, kb: KnowledgeBase) -> dict[str, Actor]:
    """Add a KB mention per knowledge-base name NER did not tag; mention id -> actor.

    A mention inside the name ("Russian" in "Russian troops") gives way to it; one that overlaps
    it otherwise keeps its place.
    """
    annotations.mentions = [m for m in annotations.mentions if m.label != KB_LABEL]
    found: dict[str, Actor] = {}
    for start, end, actor in kb.find_names(text):
        overlapping = [m for m in annotations.mentions if m.start < end and start < m.end]
        if any(m.start < start or m.end > end or (m.start, m.end) == (start, end) for m in overlapping):
            continue
        inside = {m.id for m in overlapping}
        annotations.mentions = [m for m in annotations.mentions if m.id not in inside]
        mention = _mention(annotations, text, start, end, KB_LABEL)
        annotations.mentions.append(mention)
        found[mention.id] = actor
    annotations.mentions.sort(key=lambda m: (m.start, m.end))
    return found


def _mention(annotations: Annotations, text: str, start: int, end: int, label: str) -> Mention:
    sentence_starts = [first for first, _ in annotations.sentences]
    return Mention(
        id=stable_id("men", annotations.doc, start, end),
        doc=annotations.doc,
        start=start,
        end=end,
        text=text[start:end],
        label=label,
        sentence=max(bisect_right(sentence_starts, start) - 1, 0),
    )


def _add_role_mentions(
    annotations: Annotations, text: str, published: date, kb: KnowledgeBase
) -> dict[str, Actor]:
    """Add a ROLE mention per role description with a known holder; mention id -> holder."""
    # Role mentions are this function's own output: drop them so that resolving again is a no-op.
    annotations.mentions = [m for m in annotations.mentions if m.label != ROLE_LABEL]
    taken = {(m.start, m.end) for m in annotations.mentions}
    holders: dict[str, Actor] = {}
    for start, end, actor in kb.find_roles(text, published):
        if (start, end) in taken:
            continue
        mention = _mention(annotations, text, start, end, ROLE_LABEL)
        annotations.mentions.append(mention)
        holders[mention.id] = actor
    annotations.mentions.sort(key=lambda m: (m.start, m.end))
    return holders


def _add_surname_mentions(annotations: Annotations, text: str, full_names: dict[str, str]) -> None:
    """Add a SURNAME mention per capitalised word outside every mention that is, in some spelling,
    the surname of a person the document names in full: the small model misses many a sentence-
    initial "Zelenskiy" or "Syrskyi" after the full name."""
    annotations.mentions = [m for m in annotations.mentions if m.label != SURNAME_LABEL]
    if not full_names:
        return
    taken = sorted((m.start, m.end) for m in annotations.mentions)
    starts = [start for start, _ in taken]
    for match in _CAPITALISED_WORD.finditer(text):
        start, end = match.span()
        before = bisect_right(starts, start) - 1
        if (before >= 0 and taken[before][1] > start) or (
            before + 1 < len(taken) and starts[before + 1] < end
        ):
            continue
        word = match.group()
        # Capitalised, not an acronym: "UN" is no surname of Kim Jong Un.
        if word[1:].replace("-", "").islower() and name_skeleton(entity_key(word)) in full_names:
            annotations.mentions.append(_mention(annotations, text, start, end, SURNAME_LABEL))
    annotations.mentions.sort(key=lambda m: (m.start, m.end))


def _full_person_names(mentions: list[Mention], holders: dict[str, Actor]) -> dict[str, str]:
    """Surname skeleton -> full-name key, when the document names one person with that surname.

    Full names are NER's people and the knowledge-base people it missed. Spelling variants of one
    full name ("Volodymyr Zelenskyy", "Volodymyr Zelensky") count as one person; the alphabetically
    first spelling stands for them so the choice is the same every run.
    """
    by_surname: dict[str, set[str]] = {}
    for mention in mentions:
        actor = holders.get(mention.id)
        if mention.label != "PERSON" and not (mention.label == KB_LABEL and actor and actor.type == "person"):
            continue
        key = entity_key(mention.text)
        if " " in key:
            by_surname.setdefault(name_skeleton(key.rsplit(" ", 1)[1]), set()).add(key)
    return {
        surname: min(keys)
        for surname, keys in by_surname.items()
        if len({name_skeleton(key) for key in keys}) == 1
    }
