"""Component ``sitroom_events``: typed events with actors, targets, place, date, quantities and modality.

A table of trigger rules (``sitroom/data/events.yaml``, read by ``lexicon``) names PLOVER categories
and modes, ACLED sub-event types and territorial control changes; ``triggers`` finds the words that
name events, ``arguments`` their actors, targets, place and date in the dependency parse and the
records the earlier components wrote, ``modality`` the cues of the sentence and the event's date,
``acled`` the sub-event types and who gains ground; a conflict profile (``sitroom.profiles``) names
the parties. This module makes one event per trigger, joins tolls and light verbs to their events,
and links events to the attribution stage's claims when it ran before this one. See docs/events.md."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from sitroom.annotate.context import annotations_of, declare, document_of
from sitroom.annotate.datelines import dateline_end
from sitroom.annotate.events.acled import (
    acled_type,
    control_place,
    gaining_side,
    protest_sub_events,
    territory_sub_events,
)
from sitroom.annotate.events.arguments import (
    VERBAL_TARGET_PREPOSITIONS,
    DocumentIndex,
    actor_tokens,
    excluded_for_arguments,
    side_words,
    target_tokens,
)
from sitroom.annotate.events.category import event_category
from sitroom.annotate.events.lexicon import Lexicon, load_lexicon
from sitroom.annotate.events.modality import (
    carried_out,
    date_modality,
    factuality_modality,
    sentence_modality,
)
from sitroom.annotate.events.place import event_place
from sitroom.annotate.events.triggers import (
    NOUN_POS,
    VERB_POS,
    Found,
    actor_means,
    carried_by_light_verb,
    coordinated_territories,
    find_trigger,
    means_of,
    with_actor_means,
)
from sitroom.annotate.ids import RecordIds, unique_records
from sitroom.annotate.syntax import objects_through, passive_agents
from sitroom.profiles import DEFAULT_PROFILE, Profile, load_profile
from sitroom.records import (
    NON_CONFLICT_CATEGORIES,
    OTHER_TYPE,
    Claim,
    Event,
    Modality,
    Participant,
    Place,
    outside_conflict,
)
from sitroom.resolve import KnowledgeBase, entity_key, load_knowledge_base
from sitroom.timeml import iso_date, record_date

__all__ = ["EventComponent", "Found", "find_trigger", "load_lexicon"]

# Categories of words more than deeds: their object is a party ("accused Kyiv"), not a place, and
# "signed a deal" is one agreement.
VERBAL_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST"}
)
# Categories whose target is a party, not a place or a thing: "provided training to AMISOM".
PARTY_TARGET_TYPES = VERBAL_TYPES | {"AID", "COOPERATE", "CONCEDE"}
# What a toll may be the outcome of: an attack, or a disaster or accident ("floods killed 20").
TOLL_CAUSES = frozenset({"ASSAULT", OTHER_TYPE})
# Pronouns that stand for the speaker of the claim they are in.
SPEAKER_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i"})
# Words a side uses for the other: "the enemy" in a Ukrainian commander's words is Russia's forces.
ENEMY_WORDS = frozenset({"enemy", "adversary", "aggressor", "occupier", "occupiers", "invader", "invaders"})
# A toll told with its attack: "killed in an attack", "wounded during clashes", "killed when militants
# stormed the base".
TOLL_PREPOSITIONS = frozenset({"in", "during", "by"})
TOLL_MARKS = frozenset({"when", "as", "after", "while"})


declare(
    "sitroom_events",
    reads=("mentions", "entities", "places", "timexes", "quantities", "claims"),
    assigns=("events",),
    data_version=lambda cfg: (
        load_lexicon(cfg.get("lexicon")).version
        + load_profile(cfg.get("profile")).version
        + load_knowledge_base(*cfg.get("knowledge_bases", [])).version
    ),
)


@Language.factory(
    "sitroom_events",
    default_config={
        "lexicon": None,
        "profile": DEFAULT_PROFILE,
        "knowledge_bases": [],
        "historical_days": 60,
    },
)
def make_events(
    nlp: Language,
    name: str,
    lexicon: str | None,
    profile: str,
    knowledge_bases: list[str],
    historical_days: int,
) -> EventComponent:
    return EventComponent(
        load_lexicon(lexicon), load_profile(profile), load_knowledge_base(*knowledge_bases), historical_days
    )


class EventComponent:
    def __init__(
        self, lexicon: Lexicon, profile: Profile, knowledge_base: KnowledgeBase, historical_days: int = 60
    ):
        self.lexicon = lexicon
        self.profile = profile
        self.side_words = side_words(profile, knowledge_base)
        self.knowledge_base = knowledge_base
        self.historical_days = historical_days

    def __call__(self, doc: Doc) -> Doc:
        annotations = annotations_of(doc)
        index = DocumentIndex.of(doc, annotations, self.side_words)
        found = {f.head.i: f for token in doc if (f := find_trigger(token, self.lexicon, index.places))}
        carried = {f.head.head.i for f in found.values() if carried_by_light_verb(f.head, self.lexicon)}
        # "the offensive launched by militants": the light verb only describes the attack
        carried |= {
            c.i
            for f in found.values()
            if f.head.pos_ in NOUN_POS
            for c in f.head.children
            if c.dep_ == "acl" and c.lemma_.lower() in self.lexicon.words["light_verbs"]
        }
        consequences: dict[int, list[Token]] = {}
        for trigger in found.values():
            cause = _cause(trigger, found, self.lexicon)
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
        # "launched an attack": the attack; "killing 3": its toll
        kept = [(i, trigger) for i, trigger in found.items() if i not in carried and i not in merged]
        kept += [
            (i, other) for i, trigger in kept for other in coordinated_territories(trigger, index.places)
        ]
        reported = [
            (self._event(doc, index, trigger, consequences.get(i, []), found, ids), trigger)
            for i, trigger in kept
        ]
        events = [event for event, _ in reported]
        by_sentence: dict[int, list[tuple[Event, Found]]] = {}
        for event, trigger in reported:
            by_sentence.setdefault(event.start, []).append((event, trigger))
        for together in by_sentence.values():
            protest_sub_events(together, index.sentence(together[0][1].head), self.lexicon)
            territory_sub_events([event for event, _ in together])
        annotations.events.extend(unique_records(events))
        return doc

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
        # "three soldiers died": the subject is who died
        actors = actor_tokens(head, lexicon) if found.victim is None else []
        if found.control is not None and found.territory is not None and _subject_territory(found):
            actors = _gainers_named(found)
        # "killed by a landmine": the means is no actor, but who held it is ("killed by police
        # bullets"); "Russian drones attacked": the subject is.
        actors = [
            actor
            for a in actors
            for actor in (
                [a]
                if a not in found.tokens or a.dep_ == "nsubj"
                else [c for c in a.children if c.dep_ in {"compound", "poss"} and not means_of(c, lexicon)]
            )
        ]
        heading = index.heading(head)
        if heading is not None:  # "Kharkov region: Russian troops shelled ...": the region is where
            actors = [a for a in actors if not heading.start <= a.i < heading.end]
        found = with_actor_means(found, actors, lexicon)
        accusation = _accusation(head, triggers)
        if accusation is not None and not actors:
            # "blamed Russia for blowing up the dam": the accused is the actor of what they are blamed for
            actors = [c for c in accusation.head.children if c.dep_ == "dobj"]
        targets = (
            _losers(found)
            if found.control is not None
            else [found.victim]
            if found.victim is not None
            else [
                t
                for t in target_tokens(head, found.tokens[1:], found.type in PARTY_TARGET_TYPES)
                if t not in actors
            ]
        )
        targets = [t for t in targets if t.i not in index.timexes]  # "on the 10th the enemy shelled"
        if found.type in PARTY_TARGET_TYPES and carried_by_light_verb(head, lexicon):
            # "held talks with Abbas": the party hangs off the light verb
            targets += [t for t in objects_through(head.head, VERBAL_TARGET_PREPOSITIONS) if t not in targets]
        clause = head.head if carried_by_light_verb(head, lexicon) else head
        excluded = excluded_for_arguments(
            actors, targets if found.type in VERBAL_TYPES else [], index.side_words
        )
        place = event_place(index, found, clause, heading, excluded)
        timex = index.nearest_timex(clause, excluded)
        if place is None and found.control is not None and found.territory is not None:
            place = index.antecedent_place(found.territory, lexicon)  # "denied that the village had fallen"
        actor_records = [index.participant(t, head) for t in actors]
        target_records = [index.participant(t, head) for t in targets]
        # "had ordered his troops to withdraw from Avdiivka", "the task of calling up 300,000 people has
        # been fulfilled": what was decided or planned was carried out
        withdrawal = found.control is not None and found.control.gainer == "opponent"
        executed = carried_out(head, lexicon.modality, withdrawal)
        modality: Modality | None = sentence_modality(
            head, lexicon.modality, found.control is not None, executed
        )
        if found.trigger is not None and found.trigger.negated:
            modality = "negated"  # "police remained mute spectators"
        if modality is None and timex is not None:
            modality = date_modality(timex.value, document.published, head, self.historical_days)
        if modality is None and not executed:
            modality = factuality_modality(head)  # the fallback: what the events' own cues missed
        # "Putin announced a mobilisation": the announcement is the act, not a report of it.
        # A change of control announced is a report of it ("announced the liberation of Izium"), not the act.
        claims = [
            c
            for c in index.annotations.claims
            if found.control is not None or not _declared_by_cue(head, c, lexicon)
        ]
        claim = _claim_of(claims, found.tokens[0].idx)
        if claim is not None:
            speaker = _speaker(claim, index)
            # "the Air Force says it has killed ...": the pronoun is the speaker, named in the claim
            actor_records = [
                (speaker or record) if t.lower_ in SPEAKER_PRONOUNS else record
                for t, record in zip(actors, actor_records, strict=True)
            ]
            enemy = self.profile.opponents.get(speaker.side) if speaker is not None and speaker.side else None
            if enemy is not None:
                actor_records, target_records = (
                    [_sided(record, token, enemy) for token, record in zip(tokens, records, strict=True)]
                    for tokens, records in ((actors, actor_records), (targets, target_records))
                )
        reporter = _reporting_verb(head, lexicon)
        speaking = accusation.head if accusation is not None else reporter
        accusers = actor_tokens(speaking, lexicon) if speaking is not None else []
        accuser = next((p.entity for p in (index.participant(t, head) for t in accusers) if p.entity), None)
        if modality is None:
            modality = "claimed" if claim is not None or speaking is not None else "asserted"
        date, precision = (
            record_date(timex.value, timex.granularity, document.published) if timex else (None, None)
        )
        if timex is None and modality in {"asserted", "claimed", "negated"}:
            # The day the report was filed: its dateline's ("KYIV, Feb 17 (Reuters) -"), else publication.
            published = document.published.isoformat() if document.published else None
            reported = _dateline_day(index, document.text) or published
            date, precision = (reported, "reported_on") if reported else (None, None)
        start = min(t.idx for t in found.tokens)
        end = max(t.idx + len(t) for t in found.tokens)
        voice = _voice_of(claim, index, document.source, self.knowledge_base)
        control_side = gaining_side(
            found.control, actor_records, target_records, place, self.profile, voice, modality == "negated"
        )
        sentence = index.sentence(head)
        evidence = sentence.text.rstrip()  # spaCy's sentences keep the blank lines after them
        event = Event(
            # One trigger may change the hands of several coordinated places: one event each.
            id=ids.id_for(
                (start, end, found.type, place.id if place else None), index.annotations.doc, start, end
            ),
            doc=index.annotations.doc,
            start=sentence.start_char,
            end=sentence.start_char + len(evidence),
            text=evidence,
            type=found.type,
            trigger=document.text[start:end],
            trigger_start=start,
            trigger_end=end,
            mode=found.mode,
            acled=acled_type(
                found, control_side, control_place(found, place, index), actors, targets, lexicon
            ),
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
        category = event_category(found, actors, targets, lexicon)
        if category in NON_CONFLICT_CATEGORIES:
            return outside_conflict(event, category)
        return replace(event, category=category) if category else event


def _losers(found: Found) -> list[Token]:
    """Who loses a territory: "took Lyman from Russian forces", "pushed the Russians out of Klishchiivka"."""
    losers = objects_through(found.head, {"from"})
    territory = found.territory
    return losers + [
        c
        for c in found.head.children
        if c.dep_ == "dobj"
        and c not in found.tokens
        and territory is not None
        and territory.i not in {t.i for t in c.subtree}
    ]


def _subject_territory(found: Found) -> bool:
    """The territory is the subject: "Lyman fell", "the village is now under the control of ...", "has
    been returned under Ukrainian control"."""
    territory = found.territory
    return territory is not None and any(
        t.dep_ in {"nsubj", "nsubjpass"}
        and t.head.i == found.head.i
        and territory.i in {s.i for s in t.subtree}
        for t in (territory, *territory.ancestors)
    )


def _gainers_named(found: Found) -> list[Token]:
    """Who gains a territory that is the subject: "fell to Ukrainian forces", "is under the control
    of Ukrainian forces", else the adjective that gives the control a side ("fell under Russian control")."""
    gainers = objects_through(found.head, {"to", "by"}) + passive_agents(found.head)
    gainers += [g for word in found.tokens[1:] for g in objects_through(word, {"of", "by"})]
    return gainers or [c for w in found.tokens[1:] for c in w.children if c.dep_ == "amod"]


def _dateline_day(index: DocumentIndex, text: str) -> str | None:
    """The day a wire dateline gives ("KYIV, Feb 17 (Reuters) -"), in ISO form. ``text`` is the document's
    (the same as ``Doc.text``, which spaCy rebuilds from the tokens on every access)."""
    end = dateline_end(text)
    if end is None:
        return None
    day = next(
        (t for t in index.annotations.timexes if t.end <= end and t.granularity == "day" and t.value), None
    )
    return iso_date(day.value, None) if day is not None else None


def _voice_of(
    claim: Claim | None, index: DocumentIndex, source: str | None, knowledge_base: KnowledgeBase
) -> str | None:
    """The side whose words report the event: the claim's speaker's, else the document's source's
    (a ministry of defence's own briefing)."""
    speaker = _speaker(claim, index) if claim is not None else None
    if speaker is not None and speaker.side:
        return speaker.side
    actor = knowledge_base.lookup(entity_key(source)) if source else None
    return actor.side if actor is not None else None


def _cause(found: Found, triggers: dict[int, Found], lexicon: Lexicon) -> Found | None:
    """The attack whose outcome a verb reports: "a strike destroyed the hospital", "shelled Kharkiv,
    killing 3". A toll whose subject names a disaster or an accident is that happening's, whatever
    attack the sentence also tells ("police fired tear gas as a storm killed two")."""
    head = found.head
    if found.type != "ASSAULT" or head.pos_ not in VERB_POS:
        return None
    if any(
        c.dep_ == "nsubj" and (means := actor_means(c, lexicon)) is not None and means.category
        for c in head.children
    ):
        return None
    # not the means the trigger already names ("a mine blew up": the blast is one event)
    subjects = [
        triggers[c.i]
        for c in head.children
        if c.dep_ == "nsubj" and c.i in triggers and c not in found.tokens
    ]
    if subjects and subjects[0].type in TOLL_CAUSES:
        return subjects[0]
    if found.trigger is None or not found.trigger.toll:
        return None
    causes = [_trigger_at(head.head, triggers)] if head.dep_ in {"advcl", "conj", "xcomp"} else []
    # "killed in an attack by rebels", "were killed when militants ambushed a patrol"
    for noun in objects_through(head, TOLL_PREPOSITIONS):
        # the small model reads "in police firing" as "police" with "firing" describing it
        causes += [triggers.get(t.i) for t in (noun, *(c for c in noun.children if c.dep_ == "acl"))]
    causes += [
        _trigger_at(c, triggers) for c in head.children if c.dep_ == "advcl" and _marked(c, TOLL_MARKS)
    ]
    return next((c for c in causes if c is not None and c.type in TOLL_CAUSES and c is not found), None)


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


def _reporting_verb(head: Token, lexicon: Lexicon) -> Token | None:
    """The verb of saying whose infinitive the trigger is: "claimed to have captured", "is said to have
    entered" (`reporting_verbs`)."""
    governor = head.head
    if (
        head.dep_ == "xcomp"
        and governor.i != head.i
        and governor.lemma_.lower() in lexicon.words["reporting_verbs"]
    ):
        return governor
    return None


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
        carried_by_light_verb(head, lexicon)
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
