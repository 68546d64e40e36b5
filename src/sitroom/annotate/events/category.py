"""What kind of happening an event is, where its PLOVER type and ACLED sub-event type do not say it
(``records.EVENT_CATEGORIES``; docs/events.md#categories).

A trigger row may name the category itself ("earthquake", "smuggling": the ``category`` of its
``yields``; "an earthquake struck" is the earthquake's, through a ``means-actor`` row). Otherwise the
event's words decide, from word classes of the lexicon:

- ``crime``: an arrest, raid or seizure whose object names criminals or contraband ("arrested two
  drug traffickers", "seized 40 kg of heroin": ``crime_words``);
- ``responsibility_claim``: an event that is what someone claims, assigns or denies responsibility
  for ("claimed responsibility for the bombing", "held responsible for the attack", "claimed the
  killing": ``responsibility_words``, and an event noun that is the object of "claim");
- ``diplomacy``: an act between states that is neither violence nor coercion, done by or to their
  diplomats ("expelled 23 diplomats", "summoned the ambassador", "cancelled a meeting with the top US
  diplomat": ``diplomats``).
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.annotate.events.lexicon import Lexicon
from sitroom.annotate.events.triggers import Found, core_words
from sitroom.records import EventCategory

# Types that act on people by force: a diplomat expelled is diplomacy, a diplomat shot is an attack.
FORCE_TYPES = frozenset({"ASSAULT", "CONTROL", "PROTEST", "MOBILIZE"})
# The PLOVER type of police action on crime: arrests, raids, seizures.
POLICING_TYPES = frozenset({"COERCE"})
# How deep a responsibility word may govern the event's word: "claimed responsibility for the
# bombing" is two steps (for, responsibility), "responsibility for Friday's car bomb attack" too.
REACH = 3


def event_category(
    found: Found, actors: list[Token], targets: list[Token], lexicon: Lexicon
) -> EventCategory | None:
    """The event's category (see the module's description), or None."""
    if found.trigger is not None and found.trigger.category is not None:
        return found.trigger.category
    head = found.head
    if found.type == "ASSAULT" and _responsibility_for(head, lexicon):
        return "responsibility_claim"
    phrases = [*targets, *(c for c in head.children if c.dep_ in {"dobj", "nsubjpass"})]
    if found.type in POLICING_TYPES and any(_names(t, lexicon.words["crime_words"]) for t in phrases):
        return "crime"
    # An expulsion is coercion to PLOVER ("deport") and diplomacy when diplomats are expelled.
    diplomatic = found.type not in FORCE_TYPES | POLICING_TYPES or found.mode == "deport"
    if diplomatic and any(_names(t, lexicon.words["diplomats"]) for t in [*actors, *phrases]):
        return "diplomacy"
    return None


def _names(token: Token, words: frozenset[str]) -> bool:
    """The noun phrase up to ``token`` holds one of ``words`` ("two drug traffickers", "top US diplomat"),
    or its "of" phrase does ("40 kg of heroin")."""
    if core_words(token) & words:
        return True
    return any(
        core_words(grandchild) & words
        for child in token.children
        if child.dep_ == "prep" and child.lower_ == "of"
        for grandchild in child.children
        if grandchild.dep_ == "pobj"
    )


def _responsibility_for(head: Token, lexicon: Lexicon) -> bool:
    """ "claimed responsibility for the bombing", "was responsible for the attack", "was behind the
    attack", "claimed the murder"."""
    if head.dep_ == "dobj" and head.head.lemma_.lower() == "claim":
        return True
    token = head
    for _ in range(REACH):
        if token.head is token:
            return False
        if token.dep_ == "pobj" and token.head.lower_ in {"for", "behind"}:
            governor = token.head.head
            if token.head.lower_ == "behind":
                return governor.lemma_.lower() == "be"
            return governor.lemma_.lower() in lexicon.words["responsibility_words"]
        token = token.head
    return False
