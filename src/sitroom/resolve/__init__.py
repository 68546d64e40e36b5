"""Resolve: turn mentions into canonical records shared across documents (entities, later places)."""

from sitroom.resolve.entities import entity_key, resolve_entities

__all__ = ["entity_key", "resolve_entities"]
