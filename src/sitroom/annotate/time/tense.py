"""Which way an underspecified date points, read from the verb that governs it.

HeidelTime's news mode, simplified: a past-tense report points back from the publication date, a
future, a modal of intent or a plan points forward, and anything else stays where the publication
date is.
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Span, Token

from sitroom.annotate.time.lexicon import FORWARD_VERBS, FUTURE_AUX

Direction = Literal["past", "future", "present"]

_VERB_POS = frozenset({"VERB", "AUX"})
_PAST_TAGS = frozenset({"VBD", "VBN"})
# Modals that, without a past-tense main verb, report something yet to happen.
_FORWARD_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can"})


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the parse, or None (a verbless headline)."""
    current = token
    for _ in range(64):  # a parse is a tree; the bound only guards against a malformed one
        if current.pos_ in _VERB_POS and current is not token:
            return current
        if current.head is current:
            return current if current.pos_ in _VERB_POS else None
        current = current.head
    return None


# Prepositions that make a date an end point, whatever the tense: "extended to Nov. 20".
_END_POINT = frozenset({"until", "till", "through", "to", "effective"})


def direction_of(span: Span) -> Direction:
    direction = _tense_direction(span)
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if direction == "past" and before in _END_POINT:
        return "present"
    return direction


def _tense_direction(span: Span) -> Direction:
    verb = governing_verb(span.root)
    if verb is None:
        return "present"
    aux = [child for child in verb.children if child.dep_ in {"aux", "auxpass"}]
    aux_lemmas = {child.lower_ for child in aux} | {child.lemma_.lower() for child in aux}
    if aux_lemmas & FUTURE_AUX or _going_to(verb):
        return "future"
    if verb.lemma_.lower() in FORWARD_VERBS and verb.tag_ not in _PAST_TAGS:
        return "future"
    if any(t.lemma_.lower() in FORWARD_VERBS for t in _path(span.root, verb)):
        return "future"  # "declared payable Dec. 15", "due in March"
    if verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_.lower() in FORWARD_VERBS:
        return "future"
    if verb.tag_ in _PAST_TAGS or aux_lemmas & {"have", "has", "had", "did", "was", "were"}:
        return "past"
    if aux_lemmas & _FORWARD_MODALS:
        return "future"
    return "present"


def _path(token: Token, verb: Token) -> list[Token]:
    """The words between ``token`` and its governing ``verb`` in the parse."""
    path: list[Token] = []
    current = token.head
    while current is not verb and current.head is not current and len(path) < 64:
        path.append(current)
        current = current.head
    return path


def _going_to(verb: Token) -> bool:
    """ "is going to strike": the verb is the complement of a present-tense "going"."""
    head = verb.head
    return verb.dep_ == "xcomp" and head.lower_ == "going" and head.tag_ == "VBG"
