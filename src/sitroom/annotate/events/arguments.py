"""An event's arguments from the dependency parse: who did it, to whom, where, when, how many.

Actors are the subject (or the passive agent, or for an event noun its possessor, its nationality
adjective and the subject of the light verb that carries it); targets the object, the passive
subject and the objects of "on", "against", "at", "into", "toward" (for a noun also "of"). Place
and date are the nearest place and timex within the trigger's clause, else within the clauses that
govern it up to a verb of saying: "officials said on Thursday" dates the saying, not the event.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.events.lexicon import Lexicon
from sitroom.annotate.events.modality import INHERITING_DEPS
from sitroom.annotate.place_rules import is_actor, load_place_rules
from sitroom.annotate.syntax import objects_through, passive_agents, prepositional_objects
from sitroom.profiles import Profile
from sitroom.records import Annotations, Entity, Mention, Participant, Place, Quantity, Timex
from sitroom.resolve import KnowledgeBase

_R = TypeVar("_R")

TARGET_PREPOSITIONS = frozenset({"on", "against", "at", "into", "toward", "towards", "upon", "to"})
NOUN_TARGET_PREPOSITIONS = TARGET_PREPOSITIONS | {"of"}
VERBAL_TARGET_PREPOSITIONS = frozenset({"with", "to", "against", "upon"})
PARTY_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Heads of a partitive phrase, whose "of" object is what the phrase names.
PARTITIVES = frozenset(
    {"most", "some", "all", "many", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands",
     "one", "two", "three", "part", "group", "rest", "none", "several", "whole"}
)  # fmt: skip
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
DEFINITE_DETERMINERS = frozenset({"the", "this", "that"})
# How many sentences before its own a back-reference ("the village", "it") looks for the place it names.
ANTECEDENT_SENTENCES = 2
# Place features a settlement word may stand for ("city", and a place the gazetteer did not resolve).
SETTLEMENT_FEATURES = frozenset({"city", None})
# Pronouns that stand for the speaker or the speaker's camp: "its troops", "they had encircled".
CAMP_PRONOUNS = frozenset({"its", "their", "our", "they", "we", "it", "us", "them", "his", "her"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
NOMINAL_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass"})
# How many words a heading before a colon may have: "Kharkov region:", "Donetsk People's Republic:".
HEADING_REACH = 8
# Dependencies that open a clause of its own: its places and dates are not the event's.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj"})


@dataclass(slots=True)
class DocumentIndex:
    """The records of one document, by the tokens they cover."""

    doc: Doc
    annotations: Annotations
    mentions: dict[int, Mention]
    entities: dict[str, Entity]
    places: dict[int, Place]
    timexes: dict[int, Timex]
    quantities: dict[int, Quantity]
    side_words: dict[str, str]
    sentences: list[Span]
    sentence_starts: list[int]

    @classmethod
    def of(cls, doc: Doc, annotations: Annotations, side_words: dict[str, str]) -> DocumentIndex:
        dated = [t for t in annotations.timexes if t.type in {"DATE", "TIME"} and t.value]
        sentences = list(doc.sents)
        return cls(
            doc=doc,
            annotations=annotations,
            mentions=by_token(doc, annotations.mentions),
            entities={entity.id: entity for entity in annotations.entities},
            places=by_token(doc, annotations.places),
            timexes=by_token(doc, dated),
            quantities=by_token(doc, annotations.quantities),
            side_words=side_words,
            sentences=sentences,
            sentence_starts=[sentence.start for sentence in sentences],
        )

    def sentence(self, token: Token) -> Span:
        """The token's sentence (``Token.sent`` walks the whole document each time)."""
        return self.sentences[bisect_right(self.sentence_starts, token.i) - 1]

    def heading(self, token: Token) -> Span | None:
        """The words before a colon that opens the token's sentence, when they hold no verb: "Kharkov
        region: Russian troops shelled Volchansk". A heading says where (or what), never who."""
        sentence = self.sentence(token)
        colon = next((t for t in sentence[:HEADING_REACH] if t.text == ":"), None)
        if colon is None or colon.i == sentence.start:
            return None
        words = self.doc[sentence.start : colon.i]
        return None if any(t.pos_ in {"VERB", "AUX"} for t in words) else words

    def place_in(self, span: Span) -> Place | None:
        return next((self.places[t.i] for t in span if t.i in self.places), None)

    # ------------------------------------------------------------------------------ participants

    def participant(self, token: Token, trigger: Token) -> Participant:
        """The noun phrase headed by ``token``, its entity and its side."""
        partitive = objects_through(token, {"of"}) if token.lemma_.lower() in PARTITIVES else []
        if partitive:
            token = partitive[0]  # "most of the Russian drones": the drones
        core = self.doc[token.left_edge.i : token.i + 1]
        if core[0].dep_ in {"cc", "punct", "prep"}:
            core = self.doc[token.i : token.i + 1]
        while core.start < token.i and core.start in self.timexes:
            core = self.doc[core.start + 1 : core.end]  # "on February 10 Russian troops shelled"
        # The phrase runs on through its modifiers ("the last bastion in the country", "his
        # counterpart, Michel Aoun"); conjuncts are participants of their own.
        # A clause describing it is not part of the name: "a resolution presented by Britain", "a
        # decision to recognise Jerusalem", "the legislation of attacking civil society".
        modifiers = [
            c
            for c in token.rights
            if c.dep_ not in {"conj", "cc", "punct", "acl", "advcl"}
            and not (c.dep_ == "prep" and any(g.dep_ == "pcomp" for g in c.children))
            and not (c.left_edge.i <= trigger.i <= c.right_edge.i)
        ]
        # Modifiers after the first one left out would leave a gap: stop there.
        right = [c for c in token.rights if c.dep_ not in {"cc", "punct"}]
        cut = next((c.i for c in right if c not in modifiers and c.dep_ != "conj"), None)
        modifiers = [c for c in modifiers if cut is None or c.i < cut]
        end = max((c.right_edge.i for c in modifiers), default=token.i) + 1
        span = self.doc[core.start : end]
        entity = self._entity_in(range(core.start, core.end), token.i) or self._entity_in(
            range(span.start, span.end), token.i
        )
        side = self.entities[entity].side if entity in self.entities else None
        if side is None:
            side = self.side_in(core)
        if side is None and any(t.lower_ in CAMP_PRONOUNS for t in span):
            side = self.speaker_side(trigger)
        return Participant(span.start_char, span.end_char, span.text, entity=entity, side=side)

    def _entity_in(self, indices: Iterable[int], head: int) -> str | None:
        found = [self.mentions[i] for i in indices if i in self.mentions and self.mentions[i].entity]
        if not found:
            return None
        sided = [m for m in found if m.entity in self.entities and self.entities[m.entity].side]
        at_head = [m for m in found if m is self.mentions.get(head)]
        return (sided or at_head or found)[0].entity

    def side_in(self, tokens: Iterable[Token]) -> str | None:
        tokens = list(tokens)
        for token in tokens:
            side = self.side_words.get(token.lower_) or self.side_words.get(_without_possessive(token.lower_))
            if side is not None:
                return side
        # Names of more than one word ("the United States"), by their words in a row.
        words = " ".join(t.lower_ for t in tokens)
        return next((side for name, side in self.side_words.items() if " " in name and name in words), None)

    def speaker_side(self, trigger: Token) -> str | None:
        """The side of the nearest subject above the trigger that names one: the speaker's camp."""
        current = trigger
        while current.head.i != current.i:
            current = current.head
            for subject in (c for c in current.children if c.dep_ in SUBJECT_DEPS):
                subtree = list(subject.subtree)
                entity = self._entity_in((t.i for t in subtree), subject.i)
                side = self.entities[entity].side if entity in self.entities else None
                side = side or self.side_in(subtree)
                if side is not None:
                    return side
        return None

    # ---------------------------------------------------------------------------- place and date

    def antecedent_place(self, reference: Token, lexicon: Lexicon) -> Place | None:
        """The settlement that "the village" (or "it") stands for when it names none
        (``settlement_antecedent``); a country or a region is no antecedent of "the town"."""
        settlement = reference.lemma_.lower() in lexicon.words["settlements"] and any(
            c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in reference.children
        )
        if not (settlement or reference.lower_ == "it"):
            return None
        towns = {i: p for i, p in self.places.items() if p.feature in SETTLEMENT_FEATURES}
        return settlement_antecedent(reference, towns, self.sentence_starts, lexicon)

    def nearest_place(self, head: Token, excluded: set[int]) -> Place | None:
        return self._nearest(head, self.places, excluded)

    def nearest_timex(self, head: Token, excluded: set[int]) -> Timex | None:
        return self._nearest(head, self.timexes, excluded) or self._fronted_timex(head, excluded)

    def _fronted_timex(self, head: Token, excluded: set[int]) -> Timex | None:
        """A time phrase that opens a clause dates the verbs joined to it ("On Monday, Russian forces
        struck Odesa and shelled Kherson"), also when the small model hangs it on the subject ("on
        February 10 Russian troops shelled ...")."""
        clause = head
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        for child in clause.lefts:
            if child.dep_ in SUBJECT_DEPS and child.left_edge.i in self.timexes:
                return self.timexes[child.left_edge.i]
            if clause is not head and child.dep_ not in CLAUSE_DEPS | SUBJECT_DEPS:
                found = _breadth_first(child, self.timexes, excluded) or self.timexes.get(child.i)
                if found is not None:
                    return found
        return None

    def _nearest(self, head: Token, records: dict[int, _R], excluded: set[int]) -> _R | None:
        """The record nearest ``head`` in its clause, else in the governing clauses up to a ccomp."""
        below: Token | None = None
        current = head
        for _ in range(8):
            found = _breadth_first(current, records, excluded | _subtree(below))
            if found is not None:
                return found
            if current.dep_ not in INHERITING_DEPS - {"ccomp"} or current.head.i == current.i:
                return None
            below, current = current, current.head
        return None

    def quantities_under(self, head: Token) -> list[Quantity]:
        seen: dict[str, Quantity] = {}
        for token in head.subtree:
            quantity = self.quantities.get(token.i)
            if quantity is not None:
                seen.setdefault(quantity.id, quantity)
        return list(seen.values())


def actor_tokens(verb: Token, lexicon: Lexicon) -> list[Token]:
    """Who did it: the subject, the passive agent, or the subject inherited from the governing verb."""
    nominal = verb.dep_ in NOMINAL_DEPS and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    if verb.pos_ in {"NOUN", "PROPN"} or nominal:  # "killed in police firing": a verb form as a noun
        return _noun_actors(verb, lexicon)
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    subjects += passive_agents(verb)
    subjects = [antecedent(s) for s in subjects]
    if not subjects and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        # "forced the Russians to retreat", "Russian troops were forced to leave Kherson": the object, or
        # the passive subject, of the verb it complements does what the infinitive says.
        governor = verb.head
        controllers = [c for c in governor.children if c.dep_ == "dobj"]
        controllers = controllers or [c for c in governor.children if c.dep_ == "nsubjpass"]
        if controllers:
            return _with_conjuncts([antecedent(c) for c in controllers])
    # "launched an attack, pushing toward Vovchansk": a participle without a subject shares its head's.
    shares_subject = verb.dep_ in {"xcomp", "conj"} or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    if not subjects and shares_subject and verb.head.i != verb.i:
        return actor_tokens(verb.head, lexicon)
    if not subjects and verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [verb.head]  # "police firing on the mob", "troops shelling the town"
    if not subjects and verb.dep_ == "acl" and verb.head.dep_ in {"dobj", "pobj"}:
        # "Russia has no intention to seize Kharkiv": the subject of the verb that has the noun.
        return actor_tokens(verb.head.head, lexicon) if verb.head.head.pos_ in {"VERB", "AUX"} else []
    return _with_conjuncts(subjects)


def _noun_actors(noun: Token, lexicon: Lexicon) -> list[Token]:
    forces = lexicon.words["state_forces"] | lexicon.words["non_state_forces"]
    actors = [
        c
        for c in noun.children
        if c.dep_ == "poss"
        or (c.dep_ in {"amod", "compound"} and (c.ent_type_ or c.lemma_.lower() in forces))  # "police firing"
    ]
    actors += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children]
    # "the offensive launched by militants": the agent of the light verb that describes it
    actors += [
        g
        for verb in noun.children
        if verb.dep_ == "acl" and verb.lemma_.lower() in lexicon.words["light_verbs"]
        for g in passive_agents(verb)
    ]
    if not actors and noun.dep_ == "dobj" and noun.head.lemma_.lower() in lexicon.words["light_verbs"]:
        return actor_tokens(noun.head, lexicon)
    return _with_conjuncts(actors)


def target_tokens(verb: Token, words: Iterable[Token] = (), verbal: bool = False) -> list[Token]:
    """To whom: the object, the passive subject, the objects of prepositions of direction, also
    those of the trigger's other words ("imposed sanctions on the bank").

    For a verbal event (``verbal``: talks, support, requests, accusations) the target is a party:
    the prepositions are those that name one ("talks with", "support to", "protest against"), and
    when some candidates name an entity the others go ("pledged support to the Palestinians": the
    Palestinians; "hosted a dinner for Netanyahu": Netanyahu).
    """
    if verbal:
        prepositions = VERBAL_TARGET_PREPOSITIONS
    else:
        prepositions = NOUN_TARGET_PREPOSITIONS if verb.pos_ in {"NOUN", "PROPN"} else TARGET_PREPOSITIONS
    words = list(words)
    targets = [
        antecedent(c) for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "dative"} and c not in words
    ]
    # "provided training to AMISOM": the small model makes "to" the dative
    targets = [next(iter(objects_through(t.head, {t.lower_})), t) if t.pos_ == "ADP" else t for t in targets]
    for head in (verb, *words):
        targets += objects_through(head, prepositions if head is verb else TARGET_PREPOSITIONS)
    if verbal:
        targets = [_party_in(t) for t in targets]
        parties = [t for t in targets if _names_a_party(t)]
        targets = parties or targets
    return _with_conjuncts(targets)


def _names_a_party(token: Token) -> bool:
    """The noun phrase up to its head names a person, an organisation, a place or a people."""
    return any(t.ent_type_ in PARTY_ENTITY_TYPES for t in token.doc[token.left_edge.i : token.i + 1])


def _party_in(token: Token, depth: int = 3) -> Token:
    """The party a phrase that names none is about: "a private dinner for Netanyahu", "an extradition
    request for Puigdemont", "an invitation to meet with Kim Jong Un"; else the phrase itself."""
    if _names_a_party(token):
        return token
    frontier = [token]
    for _ in range(depth):
        frontier = [
            g
            for t in frontier
            for c in t.children
            if c.dep_ in {"prep", "acl"}
            for g in ([c] if c.dep_ == "acl" else prepositional_objects(c))
        ]
        frontier = [g for t in frontier for g in ([t] if t.dep_ == "pobj" else [*t.children, t])]
        named = [t for t in frontier if t.dep_ == "pobj" and _names_a_party(t)]
        if named:
            return named[0]
    return token


def locates_or_describes(span: Span, lexicon: Lexicon) -> bool:
    """A landmark ("west of Donetsk", "10 km from Bakhmut") or a word describing a noun that is no
    territory ("the Tavria group of forces", "the Bakhmut direction")."""
    doc, root = span.doc, span.root
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    if len(before) == 2 and before[1] in {"of", "from"} and before[0] in lexicon.words["landmarks"]:
        return True
    return (
        root.dep_ in {"compound", "amod", "poss", "nmod"}
        and root.head.lemma_.lower() not in lexicon.words["territory"] | lexicon.words["landmarks"]
        and root.head.ent_type_ not in {"GPE", "LOC", "FAC"}
    )


def settlement_antecedent(
    reference: Token, towns: dict[int, Place], sentence_starts: list[int], lexicon: Lexicon
) -> Place | None:
    """The one resolver of "the village", "the town" (and, for events, "it"): the settlement named in
    its own words ("the town of Krasnohorivka west of Donetsk", however the parser hung the name), else
    the last one named before it in its sentence or the ``ANTECEDENT_SENTENCES`` before, as a place in
    its own right: not a landmark that locates another ("Novomykhailivka, south-west of Donetsk"), a
    word describing another noun ("Ukraine's Tavria group of forces") or a capital speaking for its
    government ("Kyiv said"). ``towns`` are the places, by token, that may be a settlement; the places
    component leaves out the big cities it knows ("officials in Kyiv said troops shelled the town")."""
    at = bisect_right(sentence_starts, reference.i) - 1
    first = sentence_starts[max(0, at - ANTECEDENT_SENTENCES)]
    own = [
        t.i
        for child in reference.children
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ == "of")
        for t in child.subtree
    ]
    rules = load_place_rules()
    for index in [*own, *range(reference.i - 1, first - 1, -1)]:
        place = towns.get(index)
        if place is None or towns.get(index - 1) is place:
            continue  # not a settlement, or not the first word of its name
        span = reference.doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or locates_or_describes(span, lexicon) or is_actor(span, rules):
            continue
        return place
    return None


def antecedent(token: Token) -> Token:
    """What a relative pronoun stands for: "the city, which Russian forces captured": the city."""
    verb = token.head
    if token.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" and verb.head.i != verb.i:
        return verb.head
    return token


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens and their conjuncts ("Kyiv and its partners"), without dates ("on Saturday")."""
    found: list[Token] = []
    for token in tokens:
        for member in (token, *token.conjuncts):
            if member not in found and member.ent_type_ not in {"DATE", "TIME"}:
                found.append(member)
    return found


def _subtree(token: Token | None) -> set[int]:
    return {t.i for t in token.subtree} if token is not None else set()


def excluded_for_arguments(actors: list[Token], targets: list[Token], side_words: dict[str, str]) -> set[int]:
    """Tokens whose places and dates are not the event's: an actor's ("officials in Kyiv") and a
    target that stands for a side ("accused Kyiv of")."""
    sided = [t for t in targets if t.lower_ in side_words]
    return {t.i for participant in (*actors, *sided) for t in participant.subtree}


def _breadth_first(head: Token, records: dict[int, _R], excluded: set[int]) -> _R | None:
    queue: deque[Token] = deque([head])
    while queue:
        token = queue.popleft()
        if token.i in excluded:
            continue
        if token.i in records and token.i != head.i:
            return records[token.i]
        queue.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS | SUBJECT_DEPS)
    return None


def by_token(doc: Doc, records: Iterable[_R]) -> dict[int, _R]:
    index: dict[int, _R] = {}
    for record in records:
        span = doc.char_span(record.start, record.end, alignment_mode="expand")  # type: ignore[attr-defined]
        for token in span or ():
            index.setdefault(token.i, record)
    return index


def side_words(profile: Profile, kb: KnowledgeBase) -> dict[str, str]:
    """Words that name a side: "Ukrainian", "Russia's", "the United States", "Kyiv" (capitals as metonyms).

    A jurisdiction's side is the one the knowledge base gives most of its actors: "German" is EU,
    as the German government's entries are.
    """
    sides_of: dict[str, Counter[str]] = {}
    for actor in kb.actors.values():
        if actor.country and actor.side:
            sides_of.setdefault(actor.country, Counter())[actor.side] += 1
    words: dict[str, str] = {}
    for code, jurisdiction in kb.jurisdictions.items():
        side = sides_of[code].most_common(1)[0][0] if code in sides_of else None
        # The people named by an adjective stand for their side as well: "pushed the Russians out".
        demonyms = [f"{a}s" for a in jurisdiction.adjectives if a.lower().endswith("an")]
        for word in (*jurisdiction.adjectives, *jurisdiction.names, *demonyms):
            word = _without_possessive(word.lower()).removeprefix("the ")
            if side is not None:
                words.setdefault(word, side)
    words.update(profile.sides)
    return words


def _without_possessive(word: str) -> str:
    return word.removesuffix("'s").removesuffix("’s")
