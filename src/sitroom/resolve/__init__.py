"""Resolve: turn mentions into canonical records shared across documents (entities, places)."""

from sitroom.resolve.actors import (
    Actor,
    KnowledgeBase,
    KnowledgeBaseError,
    Role,
    load_knowledge_base,
    name_skeleton,
)
from sitroom.resolve.entities import ENTITY_TYPES, ROLE_LABEL, entity_key, resolve_entities

__all__ = [
    "ENTITY_TYPES",
    "ROLE_LABEL",
    "Actor",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Role",
    "entity_key",
    "load_knowledge_base",
    "name_skeleton",
    "resolve_entities",
]
