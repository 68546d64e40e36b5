"""Walks over spaCy's dependency parse shared by the annotate components (ClearNLP labels)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

SUBJECTS = frozenset({"nsubj", "nsubjpass"})  # a clause's subject, active or passive


def prepositional_objects(preposition: Token, *, clausal: bool = False) -> list[Token]:
    """The objects of a preposition ("in [Kyiv]", "by [the ministry]"), and with ``clausal`` its
    clause too ("criticized for [saying] ...")."""
    wanted = {"pobj", "pcomp"} if clausal else {"pobj"}
    return [child for child in preposition.children if child.dep_ in wanted]


def prepositional_object(preposition: Token) -> Token | None:
    """The first object of a preposition, if the parser gave it one."""
    return next((child for child in preposition.children if child.dep_ == "pobj"), None)


def objects_through(head: Token, prepositions: Iterable[str]) -> list[Token]:
    """The objects of the head's prepositions among ``prepositions``: "withdrew [from] Lyman" through
    {"from"} is Lyman."""
    wanted = set(prepositions)
    return [
        obj for child in head.children if child.dep_ == "prep" and child.lower_ in wanted
        for obj in prepositional_objects(child)
    ]  # fmt: skip


def passive_agents(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase: "was shelled by [Russian forces]"."""
    return [obj for child in verb.children if child.dep_ == "agent" for obj in prepositional_objects(child)]


def child_with(token: Token, *deps: str) -> Token | None:
    """The token's first child with one of the dependency labels ``deps``."""
    return next((child for child in token.children if child.dep_ in deps), None)


def has_marker(token: Token, word: str) -> bool:
    """Whether a clause is led by the subordinating ``word`` ("as the governor put it")."""
    return any(child.dep_ == "mark" and child.lower_ == word for child in token.children)
