"""Whether an event happened, as the sentence tells it: negated, hypothetical, planned or historical.

The cues are read on the trigger and on the words that govern it within its clause (see
:func:`governors`): a negation ("did not capture", "no intention to seize", "denied shelling"), a
modal of possibility ("may attempt an offensive"), a modal of the future or a word of intent
("will strike", "preparing to launch"), a mark of background ("since Moscow invaded", "the
anniversary of the invasion"). The dates an event is linked to add the last two: a date after
publication makes it planned, one long before makes it historical. Where none of these decides, the
trigger's factuality (``sitroom_factuality``) catches what they miss (:func:`factuality_modality`).
Claims are not read here; the component takes them from the attribution stage.
"""

from __future__ import annotations

from datetime import date, timedelta

from spacy.tokens import Token

from sitroom.annotate.events.lexicon import ModalityCues
from sitroom.annotate.factuality import factuality_of
from sitroom.records import Modality
from sitroom.timeml import value_interval

# Dependencies through which a trigger's modality is inherited from the word above it: complements,
# objects and prepositions, and the noun an infinitive modifies ("no intention to seize"). Adverbial
# and relative clauses, and conjuncts, report events of their own.
INHERITING_DEPS = frozenset(
    {"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "attr", "oprd", "pcomp", "nsubj", "nsubjpass",
     "compound"}
)  # fmt: skip
COMPLEMENT_PREPOSITIONS = frozenset({"for", "of", "to", "about", "into", "toward", "towards", "from"})
_MAX_CLIMB = 6


def governors(trigger: Token) -> list[Token]:
    """The trigger and the words above it whose cues it inherits, nearest first.

    A preposition passes them on only when it introduces a complement ("preparing for an attack");
    an adjunct's ("despite repeated assaults", "since the invasion") stop at the preposition.
    """
    chain = [trigger]
    current = trigger
    while current.dep_ in INHERITING_DEPS and current.head.i != current.i and len(chain) < _MAX_CLIMB:
        if current.dep_ == "prep" and current.lower_ not in COMPLEMENT_PREPOSITIONS:
            break
        current = current.head
        chain.append(current)
    return chain


def carried_out(trigger: Token, cues: ModalityCues, withdrawal: bool = False) -> bool:
    """Whether the nearest word of plan above the trigger is told as carried out: a plan, task or goal
    fulfilled ("the task of calling up 300,000 people has been fulfilled"), a verb that entails its
    complement ("were forced to retreat"), told in the past, or, for a ``withdrawal``, an order or
    decision told in the past perfect ("had ordered his troops to withdraw"), neither negated nor under
    a modal."""
    for token in governors(trigger)[1:]:
        lemma = token.lemma_.lower()
        if withdrawal and lemma in cues.executed_decisions:
            # In the past perfect the order lies before the time of the report ("said he had ordered his
            # troops to withdraw"): the withdrawal is told as done. "Moscow ordered its troops to leave
            # Kherson" is the news of the order: the withdrawal is still planned.
            anterior = any(c.dep_ == "aux" and c.lower_ == "had" for c in token.children)
            return token.tag_ == "VBN" and anterior and not _qualified(token, cues)
        if lemma in cues.entailing_governors:
            return token.tag_ in {"VBD", "VBN"} and not _qualified(token, cues)
        if lemma in cues.planned_governors:
            verb = token.head
            return (
                token.dep_ in {"nsubj", "nsubjpass", "dobj"}
                and verb.lemma_.lower() in cues.fulfilling_verbs
                and verb.tag_ in {"VBD", "VBN"}
                and not _qualified(verb, cues)
            )
    return False


def _qualified(verb: Token, cues: ModalityCues) -> bool:
    """The verb is negated or under a modal: "did not order", "will be fulfilled"."""
    modals = cues.hypothetical_modals | cues.planned_modals
    return any(
        c.dep_ == "neg" or (c.dep_ in {"aux", "auxpass"} and c.lower_ in modals) for c in verb.children
    )


def sentence_modality(
    trigger: Token, cues: ModalityCues, outcome: bool = False, executed: bool = False
) -> Modality | None:
    """The modality the words give the event, or None when they give none (asserted or claimed).

    An ``outcome`` (a change of control) is also unasserted when it is only attempted ("tried to
    regain", "attempts to seize": hypothetical) and negated when the attempt failed ("unsuccessfully
    tried to", "attempts ... remain unsuccessful"); the attempt itself, an assault, happened. An
    ``executed`` plan or decision (:func:`carried_out`) plans nothing: it was carried out."""
    found: set[Modality] = set()
    before = [t.lower_ for t in trigger.doc[max(trigger.i - 4, 0) : trigger.i]]
    if "rather" in before and "than" in before:
        found.add("negated")  # "a regrouping rather than a retreat", "rather than to seize the city"
    for depth, token in enumerate(governors(trigger)):
        words = {token.lower_, token.lemma_.lower()}
        children = list(token.children)
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in cues.negating_words) for c in children):
            found.add("negated")
        if depth and words & (cues.negating_governors | cues.negating_words):
            found.add("negated")
        auxiliaries = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass"}}
        modifiers = {c.lemma_.lower() for c in children if c.dep_ in {"amod", "advmod", "mark", "acomp"}}
        if depth and (modifiers | {c.lower_ for c in children}) & cues.failing_modifiers:
            found.add("negated")  # "unsuccessfully tried to regain", "attempts ... remain unsuccessful"
        if outcome and depth and words & cues.attempting_governors:
            found.add("hypothetical")  # "tried to regain", "attempts to seize", "is close to seizing"
        if auxiliaries & cues.hypothetical_modals or modifiers & cues.hypothetical_governors:
            found.add("hypothetical")
        if depth and words & cues.hypothetical_governors:
            found.add("hypothetical")
        if auxiliaries & cues.planned_modals or modifiers & cues.planned_governors:
            found.add("planned")
        if depth and words & cues.planned_governors and not executed:
            found.add("planned")
        if modifiers & cues.historical_marks or (depth and words & cues.historical_governors):
            found.add("historical")
    for modality in ("negated", "hypothetical", "planned", "historical"):
        if modality in found:
            return modality
    return None


def date_modality(
    value: str | None, published: date | None, trigger: Token, historical_days: int
) -> Modality | None:
    """Planned for an event dated after publication (and not told in the past), historical for one
    dated more than ``historical_days`` before it or only by a year before the publication's."""
    period = value_interval(value)
    if period is None or published is None:
        return None
    first, last = period
    if first > published and trigger.tag_ not in {"VBD", "VBN"}:
        return "planned"
    if last < published - timedelta(days=historical_days):
        return "historical"
    if value is not None and value.isdigit() and len(value) == 4 and last < published:
        return "historical"  # dated only by a past year ("last year's offensive", "in 2022"): background
    return None


def factuality_modality(trigger: Token) -> Modality | None:
    """The modality the trigger's factuality gives it, for what the events' own cues miss: negated
    for a negative polarity, hypothetical for a possible or probable one, planned for a future one.

    An open value (polarity or certainty UNDERSPECIFIED: an attempt, a condition, a question) gives
    none: "attempted to storm the village" tells an assault that happened, and the events' cues
    already make an attempted change of control hypothetical."""
    value = factuality_of(trigger)
    if value.factual:
        return None
    if value.polarity == "NEG":
        return "negated"
    if "UNDERSPECIFIED" in (value.polarity, value.certainty):
        return None
    if value.certainty in {"POSSIBLE", "PROBABLE"}:
        return "hypothetical"
    return "planned" if value.time == "FUTURE" else None
