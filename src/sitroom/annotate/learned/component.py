"""Component ``sitroom_event_model``: the trained classifier types the events the rules found.

It runs after ``sitroom_events``. Each sentence with an event is encoded once (all of a batch's sentences
together). The ACLED head codes every event of the sentence where its answer is more likely than not
(a probability of at least one half). With ``plover`` set, the PLOVER head also retypes the sentence's
main event (the most confident, as the rules rank them) where it finds the rules' type unlikely (under
10 %) and its own more likely than not. It is off by default: the trigger tables type the events they
know well (98 % on the RU-UA gold set), and the shipped head, trained on a few hundred PLOVER records,
lowered the type accuracy on the RU-UA dev set and the pentacode F1 on the CAMEO tune half. An event
the model codes takes as its ``confidence`` the calibrated probability of the model's answer (of its
PLOVER type when the model retyped it, else of its ACLED sub-event type). The rules keep everything
else: actors, targets, place, date, quantities, and the modality the factuality stage gave.

Factuality is an input, not something the model relearns: an event told as planned, hypothetical or
negated keeps the rules' reading (a model trained on "threatened to invade" would make "may invade" a
threat, and one trained on ACLED's notes, which code only what happened, no event at all).

With ``untriggered`` set, a sentence in which the rules found no event at all is typed too, from its
main predicate (the root of
its parse, a verb): where the ACLED head finds an event of a sub-event type more likely than not, the
component adds an event with that type, the PLOVER head's best type (the model's territorial labels
aside), the root as its trigger, the model's probability as its confidence, and no actors, targets,
place or date (the rules did not find them, and the model does not look for them). Its modality comes
from the factuality stage: a denied, possible or future predicate gives a negated, hypothetical or
planned event; within a claim it is claimed.

A change of territorial control stays the rules' alone: they report one only when the transfer is
told as complete ("True before complete"). An event the rules read as a control change is left as it
is, and the model never makes another event one: its territorial labels are passed over for its best
other label.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import cast

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Token

from sitroom.annotate.context import annotations_of, declare
from sitroom.annotate.events.category import FORCE_TYPES, POLICING_TYPES
from sitroom.annotate.events.modality import factuality_modality
from sitroom.annotate.ids import RecordIds
from sitroom.annotate.learned.model import NONE_LABEL, EventModel, model_identity, resolve_model_path
from sitroom.records import (
    EVENT_CATEGORIES,
    NON_CONFLICT_CATEGORIES,
    Event,
    EventCategory,
    Modality,
    outside_conflict,
)

# Labels that say territory changed hands: only the rules' completed-transfer logic gives them.
TERRITORIAL = frozenset(
    {
        "CONTROL",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
# The model's answer replaces the rules' when it is more likely than not ...
MORE_LIKELY_THAN_NOT = 0.5
# ... and, for the PLOVER type, when the rules' type is unlikely.
RULES_UNLIKELY = 0.1
# Events not told as happened keep their trigger's type (see the module's description).
NOT_HAPPENED = frozenset({"planned", "hypothetical", "negated"})
# The parts of speech of a main predicate the model types when the rules found no event.
PREDICATES = frozenset({"VERB", "AUX"})
# Fewer words than this hold no event report ("Read more.", "Photo: AFP").
MIN_WORDS = 4


declare(
    "sitroom_event_model",
    reads=("events",),
    assigns=("events",),
    # The model's identity: a new model re-processes the store.
    data_version=lambda cfg: model_identity(resolve_model_path(cfg.get("model"))),
)


@Language.factory(
    "sitroom_event_model", default_config={"model": None, "plover": False, "untriggered": False}
)
def make_event_model(
    nlp: Language, name: str, model: str | None, plover: bool, untriggered: bool
) -> EventModelComponent:
    return EventModelComponent(EventModel.load(resolve_model_path(model)), plover, untriggered)


class EventModelComponent:
    def __init__(self, model: EventModel, plover: bool = False, untriggered: bool = False):
        self.model = model
        self.plover = plover
        # Off by default: it encodes about half as many sentences again for a gain on CASE 2021 within
        # the noise (docs/learned.md).
        self.untriggered = untriggered

    def __call__(self, doc: Doc) -> Doc:
        self.pipe_one([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Called by ``nlp.pipe``: the sentences of a whole batch of documents are encoded together."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self.pipe_one(batch)
                batch = []
        if batch:
            yield from self.pipe_one(batch)

    def pipe_one(self, docs: list[Doc]) -> list[Doc]:
        """Type the events of several documents, encoding all their sentences in one go."""
        # Only sentences with an event the model may retype, or with none at all, are encoded (the
        # encoder is the cost).
        groups = [(doc, _by_sentence([e for e in annotations_of(doc).events if _open(e)])) for doc in docs]
        typed = self.untriggered and "plover" in self.model.heads
        bare = [(doc, _bare_sentences(doc)) for doc in docs] if typed else []
        texts = [events[0].text for _, sentences in groups for events in sentences.values()]
        texts += [root.sent.text.rstrip() for _, roots in bare for root in roots]
        if not texts:
            return docs
        distributions = self.model.distributions(texts)
        row = 0
        for doc, sentences in groups:
            retyped: dict[str, Event] = {}
            for events in sentences.values():
                answers = {head: self._answer(head, p[row]) for head, p in distributions.items()}
                main = max(events, key=lambda e: (e.confidence, -e.trigger_start))
                plover = distributions.get("plover")
                rules_likely = (
                    plover is None or self._probability("plover", plover[row], main.type) >= RULES_UNLIKELY
                )
                if rules_likely or not self.plover:
                    answers["plover"] = None
                retyped.update({e.id: e for e in self._retype(events, main, answers)})
                row += 1
            annotations = annotations_of(doc)
            annotations.events[:] = [retyped.get(e.id, e) for e in annotations.events]
        for doc, roots in bare:
            ids = RecordIds("evt")
            for root in roots:
                answers = {head: self._answer(head, p[row]) for head, p in distributions.items()}
                row += 1
                acled, kind = answers.get("acled"), self._best("plover", distributions["plover"][row - 1])
                if acled is not None and acled[0] != NONE_LABEL and kind is not None:
                    annotations_of(doc).events.append(self._event_of(doc, root, acled, kind, ids))
        return docs

    def _event_of(
        self, doc: Doc, root: Token, acled: tuple[str, float], plover: str, ids: RecordIds
    ) -> Event:
        """An event the rules did not find, at the sentence's main predicate (see the module's
        description)."""
        annotations = annotations_of(doc)
        sentence = root.sent.text.rstrip()
        start, end = root.idx, root.idx + len(root)
        in_claim = any(c.start <= start < c.end for c in annotations.claims)
        modality: Modality = factuality_modality(root) or ("claimed" if in_claim else "asserted")
        return Event(
            id=ids.id_for((start, end, plover, "model"), annotations.doc, start, end, "model"),
            doc=annotations.doc,
            start=root.sent.start_char,
            end=root.sent.start_char + len(sentence),
            text=sentence,
            type=plover,
            trigger=root.text,
            trigger_start=start,
            trigger_end=end,
            acled=acled[0],
            modality=modality,
            confidence=round(acled[1], 3),
        )

    def _best(self, head: str, probabilities: np.ndarray) -> str | None:
        """The head's most probable label that is neither territorial nor ``none``."""
        labels = self.model.heads[head].labels
        return next(
            (
                labels[int(i)]
                for i in np.argsort(-probabilities)
                if labels[int(i)] not in TERRITORIAL | {NONE_LABEL}
            ),
            None,
        )

    def _answer(self, head: str, probabilities: np.ndarray) -> tuple[str, float] | None:
        """The head's most probable label that is not a territorial one, when more likely than not."""
        labels = self.model.heads[head].labels
        for index in np.argsort(-probabilities):
            label = labels[int(index)]
            if label not in TERRITORIAL:
                p = float(probabilities[index])
                return (label, p) if p >= MORE_LIKELY_THAN_NOT else None
        return None

    def _probability(self, head: str, probabilities: np.ndarray, label: str) -> float:
        labels = self.model.heads[head].labels
        return float(probabilities[labels.index(label)]) if label in labels else 0.0

    def _retype(
        self, events: list[Event], main: Event, answers: dict[str, tuple[str, float] | None]
    ) -> list[Event]:
        retyped = []
        for event in events:
            changes: dict[str, object] = {}
            plover = answers.get("plover")
            if event is main and plover is not None and plover[0] != NONE_LABEL:
                if plover[0] != event.type:
                    changes.update(type=plover[0], mode=None)  # the rules' mode belongs to their type
                changes["confidence"] = round(plover[1], 3)
            acled = answers.get("acled")
            if acled is not None:
                changes["acled"] = None if acled[0] == NONE_LABEL else acled[0]
                # The event's confidence becomes the calibrated probability of the reading the model gave.
                changes.setdefault("confidence", round(acled[1], 3))
            event = replace(event, **changes) if changes else event  # type: ignore[arg-type]
            category = event.category or _category(event, answers)
            if category in NON_CONFLICT_CATEGORIES:
                event = outside_conflict(event, category)
            elif category is not None:
                event = replace(event, category=category)
            retyped.append(event)
        return retyped


def _category(event: Event, answers: dict[str, tuple[str, float] | None]) -> EventCategory | None:
    """The category head's answer for an event the rules gave none, where it fits the event and the
    other heads: a disaster, an accident or a crime only where the ACLED head too finds no ACLED
    event in the sentence (an attack, an arrest of activists or a weapons seizure told as a crime
    would vanish from what ACLED counts); diplomacy only for an act that is not force; a claim of
    responsibility only for an attack someone is reported to claim (its modality ``claimed``)."""
    answer = answers.get("category")
    if answer is None or answer[0] not in EVENT_CATEGORIES:
        return None
    category = cast(EventCategory, answer[0])
    acled = answers.get("acled")
    if category in NON_CONFLICT_CATEGORIES:
        return category if acled is not None and acled[0] == NONE_LABEL else None
    if category == "diplomacy":
        return category if event.type not in FORCE_TYPES | POLICING_TYPES else None
    return category if event.type == "ASSAULT" and event.modality == "claimed" else None


def _open(event: Event) -> bool:
    """Whether the model may retype the event: not a change of control, nor what did not happen (the
    rules' reading stays for those)."""
    return not (event.type in TERRITORIAL or event.acled in TERRITORIAL or event.modality in NOT_HAPPENED)


def _bare_sentences(doc: Doc) -> list[Token]:
    """The main predicates of the sentences in which the rules found no event."""
    covered = {event.start for event in annotations_of(doc).events}
    return [
        sentence.root
        for sentence in doc.sents
        if sentence.start_char not in covered
        and sentence.root.pos_ in PREDICATES
        and sum(not t.is_punct for t in sentence) >= MIN_WORDS
    ]


def _by_sentence(events: list[Event]) -> dict[tuple[int, int], list[Event]]:
    sentences: dict[tuple[int, int], list[Event]] = {}
    for event in events:
        sentences.setdefault((event.start, event.end), []).append(event)
    return sentences
