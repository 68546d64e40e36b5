"""Figures that disagree: the same quantity about the same event, given differently by two origins.

A figure is compared only with figures of the same *referent*: what it counts (its counted noun's class
in ``sitroom/data/figures.yaml``: reservists, men and soldiers are the people of one mobilisation) about
the same event (same type; the same place with overlapping dates, or, for an event without a place, the
same side). Two positive figures disagree when their ranges stay apart by more than the tolerance; a
denied figure ("dismissing Moscow's claim that dozens had died") disagrees with the figure it denies,
one its range meets. Two denials, or two figures that meet, agree: never a contradiction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from sitroom.data import load_yaml
from sitroom.reconcile.evidence import MAX_CANDIDATES, Evidence, overlaps
from sitroom.timeml import Interval

# Figures for the same count this far apart (relative to the larger) disagree; closer ones are the
# ordinary spread of rounding and updates.
NUMBER_TOLERANCE = 0.15
# Figures are compared only between reports published this close in time.
NUMBER_WINDOW = timedelta(days=14)
# A figure counts something that happened (or is denied to have): not a plan or a hypothesis.
COUNTED_MODALITIES = frozenset({"asserted", "claimed", "historical", "negated"})
TABLE = "figures.yaml"


class FigureTableError(ValueError):
    """The table of counted nouns is malformed."""


@dataclass(frozen=True, slots=True)
class CountTable:
    classes: dict[str, dict[str, str]]  # event type -> counted noun or unit -> class
    speaker_side: frozenset[str]  # types whose event told without its actor is the speaker's side's
    running_totals: frozenset[str]  # types whose figures count up to the day of the report
    everyone: dict[str, str]  # event type -> the class whose "no one" denies every class ("people")
    by_side: frozenset[str]  # types whose events are a side's wherever told (a national mobilisation)

    def counted_class(self, event_type: str, noun: str) -> str | None:
        return self.classes.get(event_type, {}).get(noun)


@lru_cache(maxsize=1)
def load_table() -> CountTable:
    data = load_yaml(resources.files("sitroom.data").joinpath(TABLE).read_text(encoding="utf-8"))
    where = f"sitroom/data/{TABLE}"
    if not isinstance(data, dict) or not isinstance(data.get("counts"), dict):
        raise FigureTableError(f"{where}: needs a mapping 'counts'")
    classes: dict[str, dict[str, str]] = {}
    for event_type, named in data["counts"].items():
        if not isinstance(named, dict):
            raise FigureTableError(f"{where}: counts.{event_type} must map class names to nouns")
        nouns: dict[str, str] = {}
        for name, members in named.items():
            for noun in members:
                if noun in nouns:
                    raise FigureTableError(f"{where}: {noun!r} is in two classes of {event_type}")
                nouns[str(noun)] = str(name)
        classes[str(event_type)] = nouns
    everyone = data.get("everyone") or {}
    if not isinstance(everyone, dict) or any(classes.get(t, {}).get(n) is None for t, n in everyone.items()):
        raise FigureTableError(f"{where}: everyone must map event types to one of their counted nouns")
    return CountTable(
        classes,
        frozenset(data.get("speaker_side") or ()),
        frozenset(data.get("running_totals") or ()),
        {str(kind): classes[kind][noun] for kind, noun in everyone.items()},
        frozenset(data.get("by_side") or ()),
    )


@dataclass(frozen=True, slots=True)
class Figure:
    quantity: dict[str, Any]
    doc_id: str
    low: float  # 0 when the figure gives no lower bound ("up to 60")
    high: float  # infinite when it gives no upper bound ("more than 20")
    event: dict[str, Any]  # the event it counts
    referent: tuple[str, str, str | None, str | None]  # event type, counted class, place, side
    place_name: str | None
    interval: Interval | None  # the event's days; None for a running total dated by its report
    published: date
    origin: str
    denied: bool

    @property
    def none(self) -> bool:
        """The figure says there were none: "no one was killed"."""
        return self.high == 0

    def words(self) -> str:
        """The figure as written and what it counts: '"about 500,000" (man)'."""
        return f'"{self.quantity["text"]}" ({self.quantity["counted"] or self.quantity["unit"]})'


def figure_disagreements(evidence: Evidence) -> Iterator[tuple[str, str, str]]:
    """(quantity id, quantity id, explanation) for each pair of figures that disagree. Each figure is
    set against every earlier disagreeing figure of another origin within the window, each report once:
    a ministry's figure in its own statement and the same figure in a wire story quoting it are two
    reports the other side's figure answers."""
    for figures in _blocks(evidence, load_table()).values():
        figures.sort(key=lambda f: (f.published, f.quantity["id"]))
        for index, later in enumerate(figures):
            answered = {later.doc_id}
            for earlier in reversed(figures[max(0, index - MAX_CANDIDATES) : index]):
                if later.published - earlier.published > NUMBER_WINDOW:
                    break
                if earlier.origin == later.origin or earlier.doc_id in answered:
                    continue
                if not _disagree(earlier, later):
                    continue
                if (
                    earlier.interval is None
                    or later.interval is None
                    or overlaps(earlier.interval, later.interval)
                ):
                    answered.add(earlier.doc_id)
                    yield earlier.quantity["id"], later.quantity["id"], _explain(evidence, earlier, later)


def _blocks(evidence: Evidence, table: CountTable) -> dict[tuple[Any, ...], list[Figure]]:
    """Figures by referent, less those a report leaves ambiguous: one origin giving two different
    figures for one referent ("killed 5 people and wounded 30 people") says neither is the count."""
    typed = [e for e in evidence.events if e["type"] in table.classes]
    counting = [e for e in typed if e["modality"] in COUNTED_MODALITIES]
    attached = _told_with(evidence)
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in sorted(counting, key=lambda e: (e["doc_id"], e["start"], e["id"])):
        by_doc[event["doc_id"]].append(event)
    said: dict[tuple[Any, ...], dict[tuple[Any, ...], Figure]] = defaultdict(dict)
    for quantity in sorted(evidence.quantities.values(), key=lambda q: q["id"]):
        figure = _figure(evidence, table, quantity, attached.get(quantity["id"]), by_doc)
        if figure is not None:
            by_whom = (figure.doc_id, figure.origin, figure.denied, figure.referent)
            said[by_whom].setdefault((quantity["low"], quantity["high"]), figure)
    blocks: dict[tuple[Any, ...], list[Figure]] = defaultdict(list)
    for (*_, referent), values in said.items():
        if len(values) == 1:
            blocks[referent] += values.values()
    # "No one was killed" says none of any kind was: it stands in every class of its event's figures.
    nobody = [
        figure
        for figures in blocks.values()
        for figure in figures
        if figure.none and table.everyone.get(figure.referent[0]) == figure.referent[1]
    ]
    for figure in nobody:
        kind, counted, place, side = figure.referent
        for other in [r for r in blocks if r[0] == kind and r[1] != counted and r[2:] == (place, side)]:
            blocks[other].append(figure)
    return blocks


def _figure(
    evidence: Evidence,
    table: CountTable,
    quantity: dict[str, Any],
    attached: dict[str, Any] | None,
    by_doc: dict[str, list[dict[str, Any]]],
) -> Figure | None:
    noun = quantity["counted"] or quantity["unit"]
    published = evidence.published(quantity["doc_id"])
    if noun is None or published is None or (quantity["low"] is None and quantity["high"] is None):
        return None
    if attached is not None and not table.counted_class(attached["type"], noun):
        return None  # "About 82,000 of the mobilised reservists have been sent": those sent, not the call-up
    if attached is not None and attached["modality"] not in COUNTED_MODALITIES:
        return None  # the figure of a plan or a hypothesis ("plans to call up 500,000 more")
    event = attached or _only_event(evidence, table, noun, by_doc[quantity["doc_id"]])
    if attached is not None and not _placed(evidence, attached):
        # A toll told in a sentence of its own ("Nobody was killed") is of the attack the report places.
        located = _only_event(evidence, table, noun, by_doc[quantity["doc_id"]])
        if located is not None and located["type"] == attached["type"] and _placed(evidence, located):
            event = located
    counted = table.counted_class(event["type"], noun) if event else None
    if event is None or counted is None:
        return None
    denial = evidence.denial_of_record.get(quantity["id"])
    claim = denial or evidence.claim_of_record.get(quantity["id"]) or event["claim"]
    place = evidence.places.get(event["place"] or "")
    if place and place["gazetteer_id"] and event["type"] not in table.by_side:
        side, place_id, place_name = event["control_side"], place["gazetteer_id"], place["name"]
    else:
        side, place_id, place_name = _side(evidence, table, event, quantity, claim), None, None
        if side is None:
            return None  # an event with neither a place nor a side is nobody's in particular
    # A running total dated only by its report stands for the period up to it: only the events' own
    # dates say two such figures are about different periods.
    total = event["type"] in table.running_totals and event["date_precision"] == "reported_on"
    interval = None if total else evidence.interval(event["date"], event["date_precision"], event["doc_id"])
    return Figure(
        quantity=quantity,
        doc_id=quantity["doc_id"],
        low=quantity["low"] if quantity["low"] is not None else 0.0,
        high=quantity["high"] if quantity["high"] is not None else float("inf"),
        event=event,
        referent=(event["type"], counted, place_id, side),
        place_name=place_name,
        interval=interval,
        published=published,
        origin=evidence.origin(quantity["doc_id"], claim),
        # A figure of none is what it says, not a denial of itself ("Nobody was killed" reads as negated).
        denied=quantity["high"] != 0
        and (denial is not None or "negated" in {event["modality"], (attached or event)["modality"]}),
    )


def _placed(evidence: Evidence, event: dict[str, Any]) -> bool:
    place = evidence.places.get(event["place"] or "")
    return bool(place and place["gazetteer_id"])


def _told_with(evidence: Evidence) -> dict[str, dict[str, Any]]:
    """The event each quantity is told with: of the events whose clause holds it, the one whose trigger
    is nearest ("the task of calling up 300,000 people": the call-up, not the task's verb)."""
    nearest: dict[str, tuple[int, str, dict[str, Any]]] = {}
    for event in evidence.events:
        for quantity_id in event["quantities"]:
            quantity = evidence.quantities.get(quantity_id)
            if quantity is None:
                continue
            distance = (abs(event["trigger_start"] - quantity["start"]), event["id"], event)
            if quantity_id not in nearest or distance[:2] < nearest[quantity_id][:2]:
                nearest[quantity_id] = distance
    return {quantity_id: event for quantity_id, (_, _, event) in nearest.items()}


def _only_event(
    evidence: Evidence, table: CountTable, noun: str, events: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The event a figure reported apart from any is about: the report's only event, among those of a
    type that counts the noun, at a place; else its only such event."""
    candidates = [e for e in events if table.counted_class(e["type"], noun)]
    placed: dict[tuple[Any, ...], dict[str, Any]] = {}
    for event in candidates:
        place = evidence.places.get(event["place"] or "")
        if place and place["gazetteer_id"]:
            placed.setdefault((event["type"], place["gazetteer_id"], event["control_side"]), event)
    if placed:
        return next(iter(placed.values())) if len(placed) == 1 else None
    return candidates[0] if len(candidates) == 1 else None


def _side(
    evidence: Evidence,
    table: CountTable,
    event: dict[str, Any],
    quantity: dict[str, Any],
    claim_id: str | None,
) -> str | None:
    """Whose event a figure without a place counts: the gaining side of a control change, the actors'
    one side, the quantity's owner's, else, for the types the table names, the speaker's."""
    if event["type"] == "CONTROL":
        return str(event["control_side"]) if event["control_side"] else None
    sides = {p["side"] for p in event["actors"] if p.get("side")}
    if sides:
        return sides.pop() if len(sides) == 1 else None
    owner = evidence.entities.get(quantity["owner"] or "")
    if owner and owner["side"]:
        return str(owner["side"])
    claim = evidence.claims.get(claim_id or "")
    speaker = evidence.entities.get(claim["speaker"] or "") if claim else None
    if event["type"] in table.speaker_side and speaker and speaker["side"]:
        return str(speaker["side"])
    return None


def _disagree(a: Figure, b: Figure) -> bool:
    """Two positive figures disagree when their ranges stay apart, and a figure of none ("no one was
    killed") with any other ("up to 60"); a denial disagrees with the figure it denies (ranges that
    meet); two denials never do."""
    if a.none or b.none:
        # "No one was killed" (however the event's negation reads it) against "up to 60 were": some
        # against none; it agrees with another "no one" and with a denial of the figure.
        other = b if a.none else a
        return not (other.none or other.denied)
    if a.denied and b.denied:
        return False
    # Ranges that do not meet even when each is widened by the tolerance.
    apart = a.high * (1 + NUMBER_TOLERANCE) < b.low or b.high * (1 + NUMBER_TOLERANCE) < a.low
    return apart if not (a.denied or b.denied) else not apart


def _explain(evidence: Evidence, a: Figure, b: Figure) -> str:
    kind, counted, _, side = a.referent
    about = f"{kind.lower()} " + (f"at {a.place_name}" if a.place_name else f"by {side}") + f", {counted}"
    label_a, label_b = evidence.origin_label(a.origin), evidence.origin_label(b.origin)
    if a.denied or b.denied:
        (denier, denied), (giver, given) = sorted(((label_a, a), (label_b, b)), key=lambda p: not p[1].denied)
        return f"{about}: {denier} denies {denied.words()}, which {giver} gives as {given.words()}"
    return f"{about}: {label_a} gives {a.words()}, {label_b} gives {b.words()}"
