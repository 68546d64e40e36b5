"""Where an event happened, from the places its document names.

A change of control is of its territory only. Any other event is placed by the most specific place its
clause names (a village before its district, its region, its country; the nearest of equals), else by
the most specific place of its sentence, else by the region its heading names ("Kharkov region:
..."). A place that stands for a party is never where: "Kyiv said", "Moscow's hand", "Kiev forces"
(``place_rules.is_actor``), nor one in a speaker's phrase ("officials in Kyiv said").
"""

from __future__ import annotations

from collections import deque

from spacy.tokens import Span, Token

from sitroom.annotate.events.arguments import CLAUSE_DEPS, SUBJECT_DEPS, DocumentIndex
from sitroom.annotate.events.triggers import Found
from sitroom.annotate.place_rules import is_actor, load_place_rules, signs_headline
from sitroom.records import Place

# Rank of a place's feature: lower is more specific.
SPECIFICITY = {"city": 0, "airport": 0, "facility": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4}
LEAST_SPECIFIC = 5  # continents, oceans, unresolved names
SIDE_FEATURES = frozenset({"country", "continent"})


def event_place(
    index: DocumentIndex, found: Found, clause: Token, heading: Span | None, excluded: set[int]
) -> Place | None:
    """The place of the event ``found``, whose clause is headed by ``clause``; ``excluded`` are the
    tokens of its actors (and of a party it accuses), whose places are theirs, not the event's."""
    territory = index.places.get(found.territory.i) if found.territory is not None else None
    if found.control is not None or territory is not None:
        # "captured positions near Robotyne" did not take Robotyne: no territory record, no place.
        return territory
    parties = _party_tokens(index)
    excluded = excluded - _named_where(index, clause)
    # A party's name hides only itself: "shells of the Armed Forces of Ukraine near Nikolaev", however
    # the parser hung "near Nikolaev", is still the clause's.
    clause_places = [p for p in _clause_places(index, clause, excluded) if not _covers(parties, index, p)]
    if clause_places:
        return _most_specific(clause_places)
    excluded = excluded | parties
    nearest = index.nearest_place(clause, excluded)
    if nearest is not None:
        return nearest
    sentence = index.sentence(clause)
    own = [index.places[t.i] for t in sentence if t.i in index.places and _where(index, t, excluded)]
    if own:
        return _most_specific(own)
    return index.place_in(heading) if heading is not None else None


def _named_where(index: DocumentIndex, head: Token) -> set[int]:
    """The tokens of a town or region that modifies the event's noun ("Slaviansk fighting", "east Ukraine
    blast"): where it happened, though the noun's arguments take a named modifier for its actor. A
    country or a capital names a side ("Russian shelling", "Kiev shelling")."""
    tokens: set[int] = set()
    for child in head.children:
        place = index.places.get(child.i)
        if (
            child.dep_ == "compound"
            and place is not None
            and place.feature not in SIDE_FEATURES
            and place.text.lower() not in index.side_words
        ):
            tokens.update(t.i for t in child.subtree)
    return tokens


def _covers(tokens: set[int], index: DocumentIndex, place: Place) -> bool:
    return any(index.places.get(i) is place for i in tokens)


def _party_tokens(index: DocumentIndex) -> set[int]:
    """Tokens of the places that stand for a party in the document, with a capital or country that signs
    a headline ("... near Slavyansk: Kiev")."""
    rules = load_place_rules()
    tokens: set[int] = set()
    for place in index.annotations.places:
        span = index.doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        if is_actor(span, rules) or (signs_headline(span) and place.text.lower() in index.side_words):
            tokens.update(range(span.start, span.end))
    return tokens


def _clause_places(index: DocumentIndex, head: Token, excluded: set[int]) -> list[Place]:
    """The places in the clause of ``head``, nearest first, without those of its subjects and of the
    clauses it governs, nor the head's own word ("Blast at a plant in Donetsk" is no town Blast)."""
    found: list[Place] = []
    queue: deque[Token] = deque([head])
    while queue:
        token = queue.popleft()
        if token.i in excluded:
            continue
        place = index.places.get(token.i) if token.i != head.i else None
        if place is not None and place not in found:
            found.append(place)
        queue.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS | SUBJECT_DEPS)
    return found


def _where(index: DocumentIndex, token: Token, excluded: set[int]) -> bool:
    """A place of the sentence that may be where its events happened: not a party's, not an owner
    ("disputing Moscow's figure"), and not inside an active subject ("officials in Kyiv said"); a
    passive one is what was hit ("Kharkiv was shelled"). A region or town that modifies a subject names
    where its people are ("Four DPR servicemen killed", "Donbass rebels say"); a country names their
    side ("Ukraine rebels"), and "Kiev forces" is a party's."""
    if token.i in excluded or token.dep_ == "poss":
        return False
    subject = next((t for t in (token, *token.ancestors) if t.dep_ == "nsubj"), None)
    if subject is None:
        return True
    modifier = token.dep_ in {"compound", "amod"} and token.head.i == subject.i
    return modifier and index.places[token.i].feature not in SIDE_FEATURES


def _most_specific(places: list[Place]) -> Place:
    return min(places, key=lambda p: SPECIFICITY.get(p.feature or "", LEAST_SPECIFIC))
