"""Component ``sitroom_events``: typed events with actors, targets, place, date, quantities and modality.

A lexicon of trigger words (``sitroom/data/events.yaml``) names PLOVER categories and modes, ACLED
sub-event types and territorial control changes; the arguments come from the dependency parse and
the records the earlier components wrote (entities with sides, places, timexes, quantities); the
modality from cues in the sentence, from the event's date, and from the attribution stage's
claims when it ran before this one. See docs/events.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution import fill_contains
from sitroom.annotate.context import annotations_of, document_of
from sitroom.annotate.events.arguments import (
    PARTITIVES,
    VERBAL_TARGET_PREPOSITIONS,
    DocumentIndex,
    actor_tokens,
    antecedent,
    excluded_for_arguments,
    prepositional_objects,
    side_words,
    target_tokens,
)
from sitroom.annotate.events.lexicon import CONTROL, ControlWord, Lexicon, Trigger, load_lexicon
from sitroom.annotate.events.modality import date_modality, sentence_modality
from sitroom.annotate.ids import RecordIds, unique_records
from sitroom.records import Claim, Event, Modality, Participant, Place
from sitroom.resolve import KnowledgeBase, load_knowledge_base

__all__ = ["EventComponent", "Found", "find_trigger", "load_lexicon"]

GOVERNMENT_REGAINS = "Government regains territory"
ARMED_CLASH = "Armed clash"
ATTACK = "Attack"
NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
VIOLENT_DEMONSTRATION = "Violent demonstration"
PROTEST_WITH_INTERVENTION = "Protest with intervention"
EXCESSIVE_FORCE = "Excessive force against protesters"
NON_STATE_OVERTAKES = "Non-state actor overtakes territory"
PROPERTY_DESTRUCTION = "Looting/property destruction"
# ACLED sub-event types of control changes that do not depend on who gains.
CONTROL_ACLED = {
    "withdrew": NON_VIOLENT_TRANSFER,
    "entered": ARMED_CLASH,
    "advanced": ARMED_CLASH,
    "outskirts": ARMED_CLASH,
}
VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN"})
# Categories of words more than deeds: their object is a party ("accused Kyiv"), not a place, and
# "signed a deal" is one agreement.
VERBAL_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST"}
)
# Categories whose target is a party, not a place or a thing: "provided training to AMISOM".
PARTY_TARGET_TYPES = VERBAL_TYPES | {"AID", "COOPERATE", "CONCEDE"}
MODIFIER_DEPS = frozenset({"amod", "compound"})
# How far after a verb the second word of a two-word key may be: "pulled its forces out of".
KEY_REACH = 4
PLACE_ENTITY_TYPES = frozenset({"GPE", "LOC", "FAC"})
# Pronouns that stand for the speaker of the claim they are in.
SPEAKER_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i"})
# Words a side uses for the other: "the enemy" in a Ukrainian commander's words is Russia's forces.
ENEMY_WORDS = frozenset({"enemy", "adversary", "aggressor", "occupier", "occupiers", "invader", "invaders"})
# A toll told with its attack: "killed in an attack", "wounded during clashes", "killed when militants
# stormed the base".
TOLL_PREPOSITIONS = frozenset({"in", "during", "by"})
TOLL_MARKS = frozenset({"when", "as", "after", "while"})
# Subjects that are the territory itself: "Lyman fell", "Balakliia was retaken".
TERRITORY_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Where what a pronoun stands for is found first: the subjects and objects (the small model parses some
# towns as adverbs: "entered Bakhmut").
ANTECEDENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "advmod", "npadvmod", "appos"})


@dataclass(frozen=True, slots=True)
class Found:
    """A trigger: its words, what it names, and for a control change the territory."""

    tokens: tuple[Token, ...]
    trigger: Trigger | None
    control: ControlWord | None = None
    territory: Token | None = None
    by_means: bool = False  # the trigger is that of the means the words name ("fired tear gas")

    @property
    def head(self) -> Token:
        return self.tokens[0]

    @property
    def type(self) -> str:
        return CONTROL if self.control is not None or self.trigger is None else self.trigger.type

    @property
    def mode(self) -> str | None:
        if self.control is not None:
            return self.control.mode
        return self.trigger.mode if self.trigger is not None else None


@Language.factory(
    "sitroom_events",
    default_config={"lexicon": None, "knowledge_bases": [], "historical_days": 60},
)
def make_events(
    nlp: Language, name: str, lexicon: str | None, knowledge_bases: list[str], historical_days: int
) -> EventComponent:
    return EventComponent(load_lexicon(lexicon), load_knowledge_base(*knowledge_bases), historical_days)


class EventComponent:
    def __init__(self, lexicon: Lexicon, knowledge_base: KnowledgeBase, historical_days: int = 60):
        self.lexicon = lexicon
        self.side_words = side_words(lexicon, knowledge_base)
        self.historical_days = historical_days

    def __call__(self, doc: Doc) -> Doc:
        annotations = annotations_of(doc)
        index = DocumentIndex.of(doc, annotations, self.side_words)
        found = {f.head.i: f for token in doc if (f := find_trigger(token, self.lexicon, index.places))}
        carried = {f.head.head.i for f in found.values() if _carried_by_light_verb(f.head, self.lexicon)}
        # "the offensive launched by militants": the light verb only describes the attack
        carried |= {
            c.i
            for f in found.values()
            if f.head.pos_ in NOUN_POS
            for c in f.head.children
            if c.dep_ == "acl" and c.lemma_.lower() in self.lexicon.light_verbs
        }
        consequences: dict[int, list[Token]] = {}
        for trigger in found.values():
            cause = _cause(trigger, found)
            # Each toll goes to one attack, and not both ways round ("killed when gunmen shot them").
            if cause is not None and cause.head not in consequences.get(trigger.head.i, []):
                consequences.setdefault(cause.head.i, []).append(trigger.head)
        merged = {t.i for heads in consequences.values() for t in heads}
        merged |= {w.i for f in found.values() for w in f.tokens[1:]}  # "signed a deal", "imposed sanctions"
        merged |= {
            i
            for i, f in found.items()
            if f.head.dep_ == "dobj"
            and f.type in VERBAL_TYPES
            and (verb := found.get(f.head.head.i)) is not None
            and verb.type == f.type
        }
        ids = RecordIds("evt")
        reported = [
            (self._event(doc, index, trigger, consequences.get(i, []), found, ids), trigger)
            for i, trigger in found.items()
            if i not in carried and i not in merged  # "launched an attack": the attack; "killing 3": its toll
        ]
        events = [event for event, _ in reported]
        by_sentence: dict[int, list[tuple[Event, Found]]] = {}
        for event, trigger in reported:
            by_sentence.setdefault(event.start, []).append((event, trigger))
        for together in by_sentence.values():
            self._protest_sub_events(together, index.sentence(together[0][1].head))
            self._territory_sub_events([event for event, _ in together])
        annotations.events.extend(unique_records(events))
        # Events reported inside a claim's content are the speaker's claim too, not the outlet's.
        fill_contains(annotations)
        return doc

    def _protest_sub_events(self, together: list[tuple[Event, Found]], sentence: Span) -> None:
        """ACLED codes a protest and what met it as one event, whose type depends on all of it: a
        violent demonstration when protesters are violent (they attack, throw, clash; "protests turned
        violent"), else excessive force when force met them and people were hurt or shot at, else a
        protest with intervention when they were dispersed or arrested, else a peaceful protest."""
        lexicon = self.lexicon
        crowd = lexicon.protesters
        protests = [(e, f) for e, f in together if e.type == "PROTEST" and e.modality != "negated"]
        mentioned = protests or any(t.lemma_.lower() in crowd for t in sentence)
        force = [
            e
            for e, _ in together
            if e.mode == "crowd-control"
            or (
                e.type == "COERCE"
                and e.mode == "arrest"
                and mentioned
                and (protests or _names(e.targets, crowd))
            )
        ]
        shot = [
            e
            for e, _ in together
            if e.type == "ASSAULT" and e.mode != "crowd-control" and _names(e.targets, crowd)
        ]
        hurt = [e for e, f in together if force and f.trigger is not None and f.trigger.toll]
        violent = [
            e
            for e, f in together
            if (e.type == "ASSAULT" and _names(e.actors, crowd))
            or e.mode == "riot"
            or (e.type == "PROTEST" and _told_as_violent(f.head, lexicon))
            or (
                e.type == "ASSAULT"
                and f.head.lemma_.lower() in lexicon.violence_words
                and mentioned
                and any(t.lemma_.lower() in crowd for t in f.head.subtree)
            )
        ]
        if violent:
            acled, members = VIOLENT_DEMONSTRATION, [e for e, _ in protests] + force + violent
        elif shot or hurt:
            acled, members = EXCESSIVE_FORCE, [e for e, _ in protests] + force + shot + hurt
        elif force and mentioned:
            acled, members = PROTEST_WITH_INTERVENTION, [e for e, _ in protests] + force
        else:
            return
        for event in members:
            event.acled = acled

    def _territory_sub_events(self, together: list[Event]) -> None:
        """A place taken after the other side pulled out changed hands without a fight."""
        if any(e.mode in {"withdrew", "withdraw"} and e.modality != "negated" for e in together):
            for event in together:
                if event.type == CONTROL and event.mode in {"captured", "recaptured", "liberated", "entered"}:
                    event.acled = NON_VIOLENT_TRANSFER

    def _event(
        self,
        doc: Doc,
        index: DocumentIndex,
        found: Found,
        consequences: list[Token],
        triggers: dict[int, Found],
        ids: RecordIds,
    ) -> Event:
        head, lexicon = found.head, self.lexicon
        document = document_of(doc)
        actors = actor_tokens(head, lexicon)
        if found.territory is not None and found.territory.dep_ == "nsubj":
            actors = prepositional_objects(head, {"to", "by"})  # "Lyman fell to Ukrainian forces"
        # "killed by a landmine": the means is no actor, but who held it is ("killed by police
        # bullets"); "Russian drones attacked": the subject is.
        actors = [
            actor
            for a in actors
            for actor in (
                [a]
                if a not in found.tokens or a.dep_ == "nsubj"
                else [c for c in a.children if c.dep_ in {"compound", "poss"} and not _means_of(c, lexicon)]
            )
        ]
        heading = index.heading(head)
        if heading is not None:  # "Kharkov region: Russian troops shelled ...": the region is where
            actors = [a for a in actors if not heading.start <= a.i < heading.end]
        found = _with_actor_means(found, actors, lexicon)
        accusation = _accusation(head, triggers)
        if accusation is not None and not actors:
            # "blamed Russia for blowing up the dam": the accused is the actor of what they are blamed for
            actors = [c for c in accusation.head.children if c.dep_ == "dobj"]
        targets = (
            prepositional_objects(head, {"from"})
            if found.control is not None
            else [
                t
                for t in target_tokens(head, found.tokens[1:], found.type in PARTY_TARGET_TYPES)
                if t not in actors
            ]
        )
        targets = [t for t in targets if t.i not in index.timexes]  # "on the 10th the enemy shelled"
        if found.type in PARTY_TARGET_TYPES and _carried_by_light_verb(head, lexicon):
            # "held talks with Abbas": the party hangs off the light verb
            targets += [
                t for t in prepositional_objects(head.head, VERBAL_TARGET_PREPOSITIONS) if t not in targets
            ]
        clause = head.head if _carried_by_light_verb(head, lexicon) else head
        excluded = excluded_for_arguments(
            actors, targets if found.type in VERBAL_TYPES else [], index.side_words
        )
        place = index.places.get(found.territory.i) if found.territory is not None else None
        place = place or index.nearest_place(clause, excluded)
        if place is None and heading is not None:
            place = index.place_in(heading)
        timex = index.nearest_timex(clause, excluded)
        actor_records = [index.participant(t, head) for t in actors]
        target_records = [index.participant(t, head) for t in targets]
        modality: Modality | None = sentence_modality(head, lexicon.modality)
        if found.trigger is not None and found.trigger.negated:
            modality = "negated"  # "police remained mute spectators"
        if modality is None and timex is not None:
            modality = date_modality(timex.value, document.published, head, self.historical_days)
        # "Putin announced a mobilisation": the announcement is the act, not a report of it.
        claims = [c for c in index.annotations.claims if not _declared_by_cue(head, c, lexicon)]
        claim = _claim_of(claims, found.tokens[0].idx)
        if claim is not None:
            speaker = _speaker(claim, index)
            # "the Air Force says it has killed ...": the pronoun is the speaker, named in the claim
            actor_records = [
                (speaker or record) if t.lower_ in SPEAKER_PRONOUNS else record
                for t, record in zip(actors, actor_records, strict=True)
            ]
            enemy = lexicon.opponents.get(speaker.side) if speaker is not None and speaker.side else None
            if enemy is not None:
                actor_records, target_records = (
                    [_sided(record, token, enemy) for token, record in zip(tokens, records, strict=True)]
                    for tokens, records in ((actors, actor_records), (targets, target_records))
                )
        accusers = actor_tokens(accusation.head, lexicon) if accusation is not None else []
        accuser = next((p.entity for p in (index.participant(t, head) for t in accusers) if p.entity), None)
        if modality is None:
            modality = "claimed" if claim is not None or accusation is not None else "asserted"
        date, precision = (timex.value, timex.granularity) if timex is not None else (None, None)
        if timex is None and modality in {"asserted", "claimed", "negated"} and document.published:
            date, precision = document.published.isoformat(), "reported_on"
        start = min(t.idx for t in found.tokens)
        end = max(t.idx + len(t) for t in found.tokens)
        control_side = self._control_side(found.control, actor_records, place)
        sentence = index.sentence(head)
        evidence = sentence.text.rstrip()  # spaCy's sentences keep the blank lines after them
        return Event(
            id=ids.id_for((start, end, found.type), index.annotations.doc, start, end),
            doc=index.annotations.doc,
            start=sentence.start_char,
            end=sentence.start_char + len(evidence),
            text=evidence,
            type=found.type,
            trigger=document.text[start:end],
            trigger_start=start,
            trigger_end=end,
            mode=found.mode,
            acled=self._acled(found, control_side, _control_place(found, place, index), actors, targets),
            modality=modality,
            actors=actor_records,
            targets=target_records,
            place=place.id if place is not None else None,
            date=date,
            date_precision=precision,
            timex=timex.id if timex is not None else None,
            quantities=list(
                dict.fromkeys(q.id for root in (clause, *consequences) for q in index.quantities_under(root))
            ),
            claim=claim.id if claim is not None else None,
            claimed_by=claim.speaker if claim is not None else accuser,
            control_side=control_side,
            confidence=_confidence(found, clause, actor_records, place),
        )

    def _control_side(
        self, control: ControlWord | None, actors: list[Participant], place: Place | None
    ) -> str | None:
        if control is None:
            return None
        side = next((a.side for a in actors if a.side), None)
        if control.gainer == "opponent":
            return self.lexicon.opponents.get(side) if side else None
        if side is None and control.mode in {"recaptured", "liberated"} and place is not None:
            # Retaking is regaining one's own: the side of the country the place lies in.
            return place.country if place.country in self.lexicon.opponents else None
        return side

    def _acled(
        self,
        found: Found,
        control_side: str | None,
        place: Place | None,
        actors: list[Token],
        targets: list[Token],
    ) -> str | None:
        lexicon = self.lexicon
        if found.control is None:
            acled = found.trigger.acled if found.trigger is not None else None
            if acled in {ARMED_CLASH, ATTACK} and targets:
                # ACLED's "Attack" is violence against civilians; against armed men it is a clash.
                victims = _core_words(targets[0])
                if victims & (lexicon.armed | lexicon.state_forces | lexicon.non_state_forces):
                    return ARMED_CLASH
                if victims & lexicon.civilians:
                    return ATTACK
            if (
                acled == PROPERTY_DESTRUCTION
                and targets
                and _core_words(targets[0]) & lexicon.military_equipment
            ):
                # "destroyed three tanks": fighting; the means, when named, has already made it a strike
                return ARMED_CLASH
            return acled
        mode = found.control.mode
        if mode in CONTROL_ACLED:
            return CONTROL_ACLED[mode]
        if control_side is not None and place is not None and place.country:
            return GOVERNMENT_REGAINS if control_side == place.country else NON_STATE_OVERTAKES
        # The actor's own words, not its modifiers' ("forces in a crackdown on militants").
        words = {w for actor in actors for w in _core_words(actor)}
        if words & self.lexicon.non_state_forces:
            return NON_STATE_OVERTAKES
        if words & self.lexicon.state_forces and found.control.gainer == "actor":
            return GOVERNMENT_REGAINS
        return GOVERNMENT_REGAINS if mode in {"recaptured", "liberated"} else NON_STATE_OVERTAKES


def _control_place(found: Found, place: Place | None, index: DocumentIndex) -> Place | None:
    """Where a control change happens, for its ACLED type: its place, or when that is unknown ("the
    village of Synkivka", not in the gazetteer, in a report on the Kharkiv front) a town or region of
    the country most of the document's towns and regions lie in. Countries are left out: Russia is
    named in every report on Ukraine."""
    if found.control is None or (place is not None and place.country):
        return place
    local = [
        p for p in index.annotations.places if p.country and p.feature not in (None, "country", "continent")
    ]
    if not local:
        return None
    country = Counter(p.country for p in local).most_common(1)[0][0]
    return next(p for p in local if p.country == country)


def find_trigger(token: Token, lexicon: Lexicon, places: dict[int, Place]) -> Found | None:
    """The event ``token`` names, if any: the longest lexicon key it starts, control words first.

    Words that only describe another word name no event of their own: a participle used as an
    adjective ("liberated Izium", "an established fact") or a noun modifying a noun ("air raid sirens").
    """
    if token.dep_ in MODIFIER_DEPS:
        return None
    if token.pos_ in VERB_POS:
        if token.lemma_.lower() in lexicon.weapon_find_verbs:
            weapon = next((c for c in _found_objects(token) if _is_weapon(c, lexicon)), None)
            if weapon is not None:
                return Found((token, weapon), lexicon.weapon_find)
        for key, words in _verb_keys(token):
            control = lexicon.control.get(key)
            territory = _territory(token, words, lexicon, places) if control is not None else None
            if control is not None and territory is not None:
                return Found((token, *words), None, control, territory)
        verb = next(
            (
                Found((token, *words), lexicon.verbs[key])
                for key, words in _verb_keys(token)
                if key in lexicon.verbs
            ),
            None,
        )
        if verb is None or verb.type == "ASSAULT" or token.lemma_.lower() in lexicon.means_verbs:
            means = _object_means(token, verb, lexicon)
            if means is not None:
                return means
        if verb is not None and any(c.dep_ == "oprd" for c in token.children):
            return None  # a verb of naming: "called the strike a provocation"
        if verb is not None:
            return verb
        if any(c.dep_ == "nsubj" and c.lemma_.lower() in lexicon.protesters for c in token.children):
            # "demonstrators gathered", "protesters took to the streets"; "protesters threw stones"
            violent = token.lemma_.lower() in lexicon.violent_protest_verbs
            return Found((token,), lexicon.violent_protest if violent else lexicon.protest)
        return _enforcement(token, lexicon)
    elif token.pos_ in NOUN_POS:
        for key, words in _noun_keys(token):
            if key in lexicon.nouns:
                return _with_means(Found((token, *words), lexicon.nouns[key]), lexicon)
        return _enforcement(token, lexicon)
    return None


def _enforcement(token: Token, lexicon: Lexicon) -> Found | None:
    """A security force acting or failing to act: "police intervened", "police failed to prevent
    the attack", "lack of police action", "police remained mute spectators", "police inaction"."""
    lemma = token.lemma_.lower()
    keyed: tuple[Token, ...] | None = None  # the other words of a two-word key ("took action")
    if token.pos_ in VERB_POS:
        inaction = next(
            (
                (c, lexicon.inaction[f"{lemma} {c.lemma_.lower()}"])
                for c in token.children
                if f"{lemma} {c.lemma_.lower()}" in lexicon.inaction
            ),
            None,
        )
        keyed = next((words for key, words in _verb_keys(token) if key in lexicon.enforcement_verbs), None)
        if inaction is None and keyed is None:
            return None  # "intervened", "took action"
        actors = actor_tokens(token, lexicon)
    else:
        inaction = (token, lexicon.inaction[lemma]) if lemma in lexicon.inaction else None
        if inaction is None and lemma not in lexicon.enforcement_nouns:
            return None
        actors = [c for c in token.children if c.dep_ in {"compound", "poss"}]
        actors += prepositional_objects(token, {"of", "by"})
    forces = lexicon.state_forces | lexicon.armed
    if not any(_core_words(actor) & forces for actor in actors):
        return None
    if inaction is None:
        return Found((token, *(keyed or ())), lexicon.enforcement)
    word, trigger = inaction
    return Found((token,) if word is token else (token, word), trigger)


def _with_means(found: Found, lexicon: Lexicon) -> Found:
    """ "a grenade attack", "a poison gas attack": a modifier that names the means makes a generic
    event specific."""
    if found.trigger is None or found.trigger.mode is not None:
        return found
    for child in found.head.lefts:
        means = _means_of(child, lexicon) if child.dep_ in MODIFIER_DEPS else None
        if means is not None:
            return Found((found.head, child), replace(means, kill=found.trigger.kill), by_means=True)
    return found


def _means_of(noun: Token, lexicon: Lexicon, words: dict[str, Trigger] | None = None) -> Trigger | None:
    """The attack that a noun naming a means stands for ("tear gas", "a landmine", "himself"): one of
    ``words``, by default the means and the event nouns that have a mode ("a drone strike")."""
    # The noun's own keys, then its modifiers' ("chlorine gas", "mortar rounds").
    modifiers = [c for c in noun.lefts if c.dep_ == "compound"]
    for key, _ in [*_noun_keys(noun), *(k for m in modifiers for k in _noun_keys(m))]:
        means = words.get(key) if words is not None else lexicon.means.get(key) or lexicon.nouns.get(key)
        if means is not None and means.mode is not None and means.type == "ASSAULT":
            return means
    return None


def _object_means(verb: Token, found: Found | None, lexicon: Lexicon) -> Found | None:
    """ "fired tear gas", "lobbed a grenade", "killed by landmines", "a missile hit", "blew herself
    up": the attack is of the means that the verb's object, agent, instrument or subject names. The
    object names it only for a verb of using ("fired missiles"); for others it is the target ("shot
    down drones"). Event nouns are events of their own ("a strike killed 50": the strike's toll)."""
    using = verb.lemma_.lower() in lexicon.means_verbs
    candidates = [
        c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and using
    ]  # "shells were lobbed"
    candidates += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    candidates += prepositional_objects(verb, {"with"})
    candidates += [c for c in verb.children if c.dep_ == "nsubj"]
    for candidate in candidates:
        if candidate.lemma_.lower() in PARTITIVES:  # "dozens of missiles"
            candidate = next(iter(prepositional_objects(candidate, {"of"})), candidate)
        keys = [key for key, _ in _noun_keys(candidate)]
        if any(k in lexicon.nouns for k in keys) and not any(k in lexicon.means for k in keys):
            continue  # "a grenade attack killed two": the attack is the event, the killing its toll
        suicide = any(t.lemma_.lower() == "suicide" for t in candidate.lefts)  # "a suicide car bomb"
        means = lexicon.means.get("suicide") if suicide else _means_of(candidate, lexicon, lexicon.means)
        if means is not None:
            kill = found is not None and found.trigger is not None and found.trigger.kill
            words = found.tokens[1:] if found is not None else ()
            return Found((verb, *words, candidate), replace(means, kill=kill), by_means=True)
    return None


def _found_objects(verb: Token) -> list[Token]:
    """What a verb of finding found: its object or passive subject, also the subject of a clause
    the small model hangs off it ("discovered a large amount of ammunition believed to be ...")."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    return objects + [g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]


def _verb_keys(verb: Token) -> list[tuple[str, tuple[Token, ...]]]:
    """Keys a verb may match, two-word ones first: with its particle, preposition or object head."""
    # The surface form too: the lemmatiser leaves some irregular forms as written ("retook").
    forms = dict.fromkeys((verb.lemma_.lower(), verb.lower_))
    keys = [
        (f"{form} {child.lemma_.lower()}", (child,))
        for form in forms
        for child in verb.children
        if child.dep_ in {"prt", "prep", "dobj", "advmod", "acomp"}
        and 0 < child.i - verb.i <= KEY_REACH
        and not _dates(child)  # "called Putin on Monday" is no "call on"
    ]
    return [*keys, *((form, ()) for form in forms)]


def _dates(preposition: Token) -> bool:
    """A preposition that only introduces a date or time: "on Monday", "in March"."""
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return (
        preposition.dep_ == "prep" and bool(objects) and all(o.ent_type_ in {"DATE", "TIME"} for o in objects)
    )


def _noun_keys(noun: Token) -> list[tuple[str, tuple[Token, ...]]]:
    lemma = noun.lemma_.lower()
    keys = [
        (f"{child.lemma_.lower()} {lemma}", (child,))
        for child in noun.children
        if child.dep_ in {"compound", "amod"} and child.i == noun.i - 1
    ]
    return [*keys, (f"{noun.lower_}", ()), (lemma, ())]


def _territory(
    verb: Token, words: tuple[Token, ...], lexicon: Lexicon, places: dict[int, Place]
) -> Token | None:
    """The place or territory word a control verb acts on, or None (then it is no control change)."""
    candidates: list[Token] = []
    for word in words:
        candidates += [c for c in word.children if c.dep_ == "pobj"]  # "withdrew from Lyman"
        candidates += prepositional_objects(word, {"of"})  # "took control of Izium"
        if word.dep_ == "dobj":
            candidates.append(word)  # "reached the outskirts"
    objects = [antecedent(c) for c in verb.children if c.dep_ in {"dobj", "advmod", "npadvmod"}]
    candidates += objects
    candidates += prepositional_objects(verb, {"into", "toward", "towards", "of", "from", "to", "on", "off"})
    if not any(c.dep_ == "dobj" for c in objects):
        candidates += [c for c in verb.children if c.dep_ in TERRITORY_SUBJECT_DEPS]  # "Lyman fell"
    for candidate in candidates:
        if candidate.lower_ == "it":  # "retook Synkivka after Russian forces seized it"
            candidate = _pronoun_antecedent(candidate, places, lexicon.territory) or candidate
        named_place = candidate.i in places or candidate.ent_type_ in PLACE_ENTITY_TYPES
        if named_place or candidate.lemma_.lower() in lexicon.territory:
            return candidate
    return None


def _pronoun_antecedent(pronoun: Token, places: dict[int, Place], territory: frozenset[str]) -> Token | None:
    """What "it" stands for: the nearest singular noun (or place record) before it in its sentence or
    the previous one, a subject or object before an oblique ("received a tank from Poland and lost
    it": the tank), never a date nor the subject of the pronoun's own verb (that would be "itself").
    Among objects and passive subjects a place or territory word comes first ("recaptured the village ..., the
    staff said, after Russian forces seized it": the village). The caller decides whether it is a place."""
    doc, sentence = pronoun.doc, pronoun.sent
    start = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    own_subjects = {t.i for c in pronoun.head.children if c.dep_ in TERRITORY_SUBJECT_DEPS for t in c.subtree}
    nouns = [
        token
        for token in reversed(doc[start : pronoun.i])
        if (token.i in places or (token.tag_ in {"NN", "NNP"} and token.dep_ not in MODIFIER_DEPS))
        and token.i not in own_subjects
        and token.ent_type_ not in {"DATE", "TIME"}
    ]
    core = [t for t in nouns if t.dep_ in ANTECEDENT_DEPS]
    # An active subject acts ("Ukraine received a tank ... and lost it"): the site is something acted on.
    sites = [t for t in core if t.dep_ != "nsubj" and (t.i in places or t.lemma_.lower() in territory)]
    return next(iter(sites or core or nouns), None)


def _core_words(token: Token) -> set[str]:
    """The lower-case words and lemmas of a noun phrase up to its head: "Afghan security forces"."""
    words = token.doc[token.left_edge.i : token.i + 1]
    return {w.lower_ for w in words} | {w.lemma_.lower() for w in words}


def _with_actor_means(found: Found, actors: list[Token], lexicon: Lexicon) -> Found:
    """ "warplanes pounded the village", "a suicide bomber killed 22", "beaten by a mob": an actor that
    names the means of an attack makes it an attack of that means (not of a chemical weapon's, nor
    crowd control or sexual violence, which say more)."""
    trigger = found.trigger
    if trigger is None or not (trigger.type == "ASSAULT" or trigger.mode == "seize"):
        return found
    if trigger.mode in {"crowd-control", "sexual", "abduct", "unconventional", "suicide-attack"}:
        return found
    for actor in actors:
        means = next(
            (lexicon.means_actors[k] for k, _ in _noun_keys(actor) if k in lexicon.means_actors), None
        )
        if means is not None:
            return replace(found, trigger=replace(means, kill=trigger.kill, harm=trigger.harm), by_means=True)
    return found


def _told_as_violent(protest: Token, lexicon: Lexicon) -> bool:
    """ "violent protests", "aggressive demonstrations", "protests turned violent", "the protest
    descended into violence"."""
    words = lexicon.violence_words
    if any(c.lemma_.lower() in words or c.lower_ in words for c in protest.children):
        return True
    if protest.dep_ != "nsubj":
        return False
    own = {t.i for t in protest.subtree}
    return any(t.lower_ in words for t in protest.head.subtree if t.i not in own)


def _names(participants: list[Participant], words: frozenset[str]) -> bool:
    """A participant's words include one of ``words`` (singular or plural): "the protesters"."""
    return any(
        w.lower().rstrip("s") in words or w.lower() in words for p in participants for w in p.text.split()
    )


def _is_weapon(token: Token, lexicon: Lexicon) -> bool:
    """ "an arms cache", "explosive devices", "hand grenades": the noun or its compound names a weapon."""
    words = [token, *(c for c in token.children if c.dep_ in {"compound", "amod"})]
    words += prepositional_objects(token, {"of"})  # "a cache of weapons"
    # "packages containing explosive devices"
    words += [g for c in token.children if c.dep_ == "acl" for g in c.children if g.dep_ == "dobj"]
    return any(w.lemma_.lower() in lexicon.weapons for w in words)


def _cause(found: Found, triggers: dict[int, Found]) -> Found | None:
    """The attack whose outcome a verb reports: "a strike destroyed the hospital", "shelled Kharkiv,
    killing 3"."""
    head = found.head
    if found.type != "ASSAULT" or head.pos_ not in VERB_POS:
        return None
    subjects = [triggers[c.i] for c in head.children if c.dep_ == "nsubj" and c.i in triggers]
    if subjects and subjects[0].type == "ASSAULT":
        return subjects[0]
    if found.trigger is None or not found.trigger.toll:
        return None
    causes = [_trigger_at(head.head, triggers)] if head.dep_ in {"advcl", "conj", "xcomp"} else []
    # "killed in an attack by rebels", "were killed when militants ambushed a patrol"
    for noun in prepositional_objects(head, TOLL_PREPOSITIONS):
        # the small model reads "in police firing" as "police" with "firing" describing it
        causes += [triggers.get(t.i) for t in (noun, *(c for c in noun.children if c.dep_ == "acl"))]
    causes += [
        _trigger_at(c, triggers) for c in head.children if c.dep_ == "advcl" and _marked(c, TOLL_MARKS)
    ]
    return next((c for c in causes if c is not None and c.type == "ASSAULT" and c is not found), None)


def _trigger_at(verb: Token, triggers: dict[int, Found]) -> Found | None:
    """The trigger a verb names, or the one its object names ("as forces launched air strikes")."""
    if verb.i in triggers:
        return triggers[verb.i]
    return next((triggers[c.i] for c in verb.children if c.dep_ == "dobj" and c.i in triggers), None)


def _marked(clause: Token, marks: frozenset[str]) -> bool:
    return any(c.dep_ in {"mark", "advmod"} and c.lower_ in marks for c in clause.children)


def _accusation(head: Token, triggers: dict[int, Found]) -> Found | None:
    """The ACCUSE event whose "of"/"for" complement the trigger is: "accused Kyiv of a drone attack"."""
    if head.dep_ not in {"pobj", "pcomp"} or head.head.lower_ not in {"of", "for"}:
        return None
    accusation = triggers.get(head.head.head.i)
    return accusation if accusation is not None and accusation.type == "ACCUSE" else None


def _carried_by_light_verb(token: Token, lexicon: Lexicon) -> bool:
    return (
        token.pos_ in NOUN_POS
        and token.dep_ == "dobj"
        and token.head.lemma_.lower() in lexicon.light_verbs
        and token.head.i != token.i
    )


def _claim_of(claims: list[Claim], offset: int) -> Claim | None:
    """The innermost claim whose content contains the offset."""
    containing = [c for c in claims if c.start <= offset < c.end]
    return min(containing, key=lambda c: c.end - c.start) if containing else None


def _sided(record: Participant, head: Token, enemy: str) -> Participant:
    """The record with the speaker's enemy as its side when the speaker calls it the enemy."""
    if record.side is None and record.entity is None and head.lemma_.lower() in ENEMY_WORDS:
        return replace(record, side=enemy)
    return record


def _speaker(claim: Claim, index: DocumentIndex) -> Participant | None:
    """The claim's source as a participant, when it is named (not itself a pronoun)."""
    if claim.source_start is None or claim.source_end is None or not claim.source_text:
        return None
    if claim.source_text.lower() in SPEAKER_PRONOUNS:
        return None
    entity = index.entities.get(claim.speaker) if claim.speaker else None
    side = entity.side if entity is not None else None
    if side is None:  # "Moscow", "the Kremlin": a side word names the speaker's camp
        source = index.doc.char_span(claim.source_start, claim.source_end, alignment_mode="expand")
        side = index.side_in(source) if source is not None else None
    return Participant(
        claim.source_start, claim.source_end, claim.source_text, entity=claim.speaker, side=side
    )


def _declared_by_cue(head: Token, claim: Claim, lexicon: Lexicon) -> bool:
    """The event noun is the object of the claim's own cue, a verb that performs what it names
    ("announced a mobilisation", "declared a ceasefire", "ordered an offensive")."""
    verb = head.head
    return (
        _carried_by_light_verb(head, lexicon)
        and claim.cue_start is not None
        and claim.cue_end is not None
        and claim.cue_start <= verb.idx < claim.cue_end
    )


def _confidence(found: Found, clause: Token, actors: list[Participant], place: Place | None) -> float:
    """A rough score from what the reading rests on: a verb over a noun, the main clause (or what
    its verb of saying reports) over a subordinate one, a side, a place."""
    score = 0.6 if found.control is not None else (0.5 if found.head.pos_ in VERB_POS else 0.4)
    main = clause.dep_ == "ROOT" or (clause.dep_ in {"ccomp", "xcomp"} and clause.head.dep_ == "ROOT")
    score += 0.15 * main + 0.1 * any(a.side for a in actors) + 0.1 * (place is not None)
    return round(min(score, 0.95), 2)
