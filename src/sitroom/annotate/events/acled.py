"""ACLED coding: an event's sub-event type, and for a control change who gains the ground.

A trigger's lexicon entry names a sub-event type, which the event's participants refine: ACLED's
"Attack" is violence against civilians, so one on armed men is an armed clash; destroying military
equipment is fighting. A control change's type depends on who gains (a government regaining its own
territory, anyone else overtaking it). The events of one sentence are coded together where ACLED
codes them as one: a protest and what met it, a place taken after the other side pulled out.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from sitroom.annotate.events.arguments import DocumentIndex
from sitroom.annotate.events.lexicon import CONTROL, Lexicon, Trigger
from sitroom.annotate.events.triggers import Found, core_words
from sitroom.profiles import Profile
from sitroom.records import NON_CONFLICT_CATEGORIES, Event, Participant, Place

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
CONTROL_ACLED = {"withdrew": NON_VIOLENT_TRANSFER}
# Words of a writer's own camp: "our fighters cleared Ocheretino" is a gain of whoever writes.
FIRST_PERSON = frozenset({"our", "we", "us"})


def acled_type(
    found: Found,
    control_side: str | None,
    place: Place | None,
    actors: list[Token],
    targets: list[Token],
    lexicon: Lexicon,
) -> str | None:
    """The event's ACLED sub-event type, before the events of its sentence are coded together."""
    if found.control is None:
        acled = found.trigger.acled if found.trigger is not None else None
        if acled in {ARMED_CLASH, ATTACK} and targets:
            # ACLED's "Attack" is violence against civilians; against armed men it is a clash.
            victims = core_words(targets[0])
            if victims & (
                lexicon.words["armed"] | lexicon.words["state_forces"] | lexicon.words["non_state_forces"]
            ):
                return ARMED_CLASH
            if victims & lexicon.words["civilians"]:
                return ATTACK
        if (
            acled == PROPERTY_DESTRUCTION
            and targets
            and core_words(targets[0]) & lexicon.words["military_equipment"]
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
    words = {w for actor in actors for w in core_words(actor)}
    if words & lexicon.words["non_state_forces"]:
        return NON_STATE_OVERTAKES
    if words & lexicon.words["state_forces"] and found.control.gainer == "actor":
        return GOVERNMENT_REGAINS
    return GOVERNMENT_REGAINS if mode in {"recaptured", "liberated"} else NON_STATE_OVERTAKES


def gaining_side(
    control: Trigger | None,
    actors: list[Participant],
    losers: list[Participant],
    place: Place | None,
    profile: Profile,
    voice: str | None = None,
    denied: bool = False,
) -> str | None:
    """The side a control change gives the ground to: the actor's, or its opponent's ("withdrew from").

    A gain whose actor has no side is the loser's opponent's ("our brigade pushed the Russians out"),
    else that of the party whose words report it (``voice``): each side tells its own gains in its own
    vocabulary ("units of the Centre group liberated Avdeyevka", in a Russian ministry's briefing, is a
    Russian gain), and a change it denies is its opponent's, since sides deny their losses ("the
    village has not fallen", from a Ukrainian spokesman, denies a Russian gain); a withdrawal whose
    actor has no side is the voice's own. A retaking with no actor is
    the side of the country the place lies in; "our" forces of a voice with no known side gain for an
    unknown side."""
    if control is None:
        return None
    side = next((a.side for a in actors if a.side), None)
    if control.gainer == "opponent":
        # A withdrawal told without its actor's side is the reporting side's own ("units were pulled
        # back from Vuhledar", in a Ukrainian command's statement).
        withdrawer = side or (voice if voice in profile.opponents else None)
        return profile.opponents.get(withdrawer) if withdrawer else None
    loser = next((p.side for p in losers if p.side), None)
    if side is None and loser in profile.opponents:
        return profile.opponents[loser]
    if side is None and voice in profile.opponents:
        return profile.opponents[voice] if denied else voice
    if side is None and any(FIRST_PERSON & set(a.text.lower().split()) for a in actors):
        return None  # "our fighters cleared Ocheretino" from a writer whose side is unknown: unknown
    if side is None and control.mode in {"recaptured", "liberated"} and place is not None:
        # Retaking is regaining one's own: the side of the country the place lies in.
        return place.country if place.country in profile.opponents else None
    return side


def protest_sub_events(together: list[tuple[Event, Found]], sentence: Span, lexicon: Lexicon) -> None:
    """ACLED codes a protest and what met it as one event, whose type depends on all of it: a
    violent demonstration when protesters are violent (they attack, throw, clash; "protests turned
    violent"), else excessive force when force met them and people were hurt or shot at, else a
    protest with intervention when they were dispersed or arrested, else a peaceful protest."""
    crowd = lexicon.words["protesters"]
    protests = [(e, f) for e, f in together if e.type == "PROTEST" and e.modality != "negated"]
    mentioned = protests or any(t.lemma_.lower() in crowd for t in sentence)
    force = [
        e
        for e, _ in together
        if e.mode == "crowd-control"
        or (
            e.type == "COERCE" and e.mode == "arrest" and mentioned and (protests or _names(e.targets, crowd))
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
            and f.head.lemma_.lower() in lexicon.words["violence_words"]
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
        if event.category not in NON_CONFLICT_CATEGORIES:  # a storm's toll during a protest is none
            event.acled = acled


def territory_sub_events(together: list[Event]) -> None:
    """A place taken or entered after the other side pulled out changed hands without a fight."""
    if any(e.mode in {"withdrew", "withdraw"} and e.modality != "negated" for e in together):
        for event in together:
            if (event.type == CONTROL and event.mode in {"captured", "recaptured", "liberated"}) or (
                event.mode == "entered"
            ):
                event.acled = NON_VIOLENT_TRANSFER


def control_place(found: Found, place: Place | None, index: DocumentIndex) -> Place | None:
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


def _told_as_violent(protest: Token, lexicon: Lexicon) -> bool:
    """ "violent protests", "aggressive demonstrations", "protests turned violent", "the protest
    descended into violence"."""
    words = lexicon.words["violence_words"]
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
