"""Where accounts disagree, each contradiction a link between the two pieces of evidence with a
one-line explanation.

- control: one report says a side took a place, another that the other side did, in overlapping time;
- denial: a negated event ("Moscow denied striking the station") against reports that it happened;
- intent: one official says a side plans something, another that it does not;
- numbers: two origins give incompatible figures for the same count ("300,000" vs "500,000" soldiers
  mobilised by Russia) within a short time of each other.
Every finder works on blocks keyed by what must be equal, so the cost grows with the size of the
blocks, not with the square of the store.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sitroom.reconcile.evidence import Evidence, overlaps
from sitroom.records import Incident, Link, stable_id
from sitroom.timeml import Interval

# Figures for the same count this far apart (relative to the larger) disagree; closer ones are the
# ordinary spread of rounding and updates.
NUMBER_TOLERANCE = 0.15
# Figures and statements of intent are compared only between reports this close in time.
STATEMENT_WINDOW = timedelta(days=30)
NUMBER_WINDOW = timedelta(days=14)
# No record is compared with more than this many neighbours in time: the cost stays linear however
# often a place or a count is reported.
MAX_CANDIDATES = 50


def find_contradictions(evidence: Evidence, incidents: list[Incident]) -> list[Link]:
    links = [
        *_control(evidence, incidents),
        *_denials(evidence, incidents),
        *_intents(evidence),
        *_numbers(evidence),
    ]
    return list({link.id: link for link in links}.values())


def _contradiction(source: str, target: str, explanation: str) -> Link:
    first, second = sorted((source, target))
    return Link(
        id=stable_id("lnk", "contradicts", first, second),
        kind="contradicts",
        source=first,
        target=second,
        explanation=explanation,
    )


def _span(incident: Incident) -> Interval | None:
    if incident.date_start is None or incident.date_end is None:
        return None
    return date.fromisoformat(incident.date_start), date.fromisoformat(incident.date_end)


def _control(evidence: Evidence, incidents: list[Incident]) -> Iterator[Link]:
    by_place: dict[str, list[tuple[Interval, Incident]]] = defaultdict(list)
    for incident in incidents:
        span = _span(incident)
        if incident.type == "CONTROL" and incident.place and incident.control_side and span:
            by_place[incident.place].append((span, incident))
    for spans in by_place.values():
        spans.sort(key=lambda pair: (pair[0], pair[1].id))
        # Sorted by start: the incidents overlapping one are those after it that start before it ends.
        for index, (span, a) in enumerate(spans):
            for later_span, b in spans[index + 1 : index + 1 + MAX_CANDIDATES]:
                if later_span[0] > span[1]:
                    break
                if a.control_side != b.control_side:
                    yield _contradiction(
                        a.mentions[0],
                        b.mentions[0],
                        f"control of {a.place_name}: {_by(evidence, a)} says {a.control_side} gained it, "
                        f"{_by(evidence, b)} says {b.control_side} did, in overlapping time",
                    )


def _by(evidence: Evidence, incident: Incident) -> str:
    return ", ".join(evidence.origin_label(origin) for origin in incident.origins[:3])


def _denials(evidence: Evidence, incidents: list[Incident]) -> Iterator[Link]:
    happened: dict[tuple[str, str], list[tuple[Interval, Incident]]] = defaultdict(list)
    for incident in incidents:
        span = _span(incident)
        if incident.place and span:
            happened[(incident.type, incident.place)].append((span, incident))
    for spans in happened.values():
        spans.sort(key=lambda pair: (pair[0], pair[1].id))
    for event in evidence.events:
        if event["modality"] != "negated":
            continue
        place = evidence.places.get(event["place"] or "")
        denied = evidence.interval(event["date"], event["date_precision"], event["doc_id"])
        if place is None or place["gazetteer_id"] is None or denied is None:
            continue
        spans = happened.get((event["type"], place["gazetteer_id"]), [])
        who = evidence.origin_label(evidence.origin(event["doc_id"], event["claim"]))
        # Incidents starting after the denied days end cannot overlap them; look back from there.
        end = bisect_right(spans, denied[1], key=lambda pair: pair[0][0])
        for span, incident in reversed(spans[max(0, end - MAX_CANDIDATES) : end]):
            if overlaps(denied, span):
                yield _contradiction(
                    event["id"],
                    incident.mentions[0],
                    f"{who} denies the {event['type'].lower()} at {place['name']} that "
                    f"{_by(evidence, incident)} report{'s' if len(incident.origins) == 1 else ''}",
                )


def _intents(evidence: Evidence) -> Iterator[Link]:
    """Each plan against the disavowal nearest in time of the same kind of act by the same side."""
    statements: dict[tuple[str, str, str], list[tuple[date, dict[str, Any]]]] = defaultdict(list)
    for event in evidence.events:
        published = evidence.published(event["doc_id"])
        if event["modality"] in {"planned", "negated"} and published is not None:
            for side in sorted({p["side"] for p in event["actors"] if p.get("side")}):
                statements[(event["type"], side, event["modality"])].append((published, event))
    for (kind, side, modality), plans in statements.items():
        if modality != "planned":
            continue
        disavowals = sorted(
            statements.get((kind, side, "negated"), []), key=lambda pair: (pair[0], pair[1]["id"])
        )
        for published, plan in plans:
            disavowal = _nearest(disavowals, published, exclude_doc=plan["doc_id"])
            if disavowal is not None:
                yield _contradiction(
                    plan["id"],
                    disavowal["id"],
                    f"intent of {side} to {kind.lower()}: {_speaker(evidence, plan)} says it is planned, "
                    f"{_speaker(evidence, disavowal)} says it is not",
                )


def _nearest(
    dated: list[tuple[date, dict[str, Any]]],
    day: date,
    exclude_doc: str,
    window: timedelta = STATEMENT_WINDOW,
) -> dict[str, Any] | None:
    """The record nearest ``day`` within ``window`` in a date-sorted list, from another document than
    ``exclude_doc``, looking at no more than ``MAX_CANDIDATES`` on each side."""
    middle = bisect_left(dated, day, key=lambda pair: pair[0])
    around = dated[max(0, middle - MAX_CANDIDATES) : middle + MAX_CANDIDATES]
    candidates = [
        (abs(when - day), record["id"], record) for when, record in around if abs(when - day) <= window
    ]
    accepted = [
        entry for entry in sorted(candidates, key=lambda e: e[:2]) if entry[2]["doc_id"] != exclude_doc
    ]
    return accepted[0][2] if accepted else None


def _speaker(evidence: Evidence, record: dict[str, Any]) -> str:
    claim = record.get("claim") or evidence.claim_of_record.get(record["id"])
    return evidence.origin_label(evidence.origin(record["doc_id"], claim))


def _close(
    evidence: Evidence, a: dict[str, Any], b: dict[str, Any], window: timedelta = STATEMENT_WINDOW
) -> bool:
    first, second = evidence.published(a["doc_id"]), evidence.published(b["doc_id"])
    return first is not None and second is not None and abs(first - second) <= window


def _numbers(evidence: Evidence) -> Iterator[Link]:
    """Figures for the same count: the same counted noun and unit, owned by the same entity (or
    attached to events of the same type by the same side). Each figure is set against the nearest
    earlier incompatible figure from another origin."""
    blocks: dict[tuple[Any, ...], list[tuple[date, dict[str, Any]]]] = defaultdict(list)
    attached: dict[str, tuple[str, str]] = {}
    for event in evidence.events:
        sides = sorted({p["side"] for p in event["actors"] if p.get("side")})
        for quantity_id in event["quantities"]:
            if sides:
                attached[quantity_id] = (event["type"], sides[0])
    for quantity in evidence.quantities.values():
        published = evidence.published(quantity["doc_id"])
        if (quantity["low"] is None and quantity["high"] is None) or not quantity["counted"] or not published:
            continue
        if quantity["owner"]:
            key: tuple[Any, ...] = ("owner", quantity["owner"], quantity["counted"], quantity["unit"])
        elif quantity["id"] in attached:
            key = ("event", *attached[quantity["id"]], quantity["counted"], quantity["unit"])
        else:
            continue
        blocks[key].append((published, quantity))
    for figures in blocks.values():
        figures.sort(key=lambda pair: (pair[0], pair[1]["id"]))
        origins = [evidence.origin(q["doc_id"], evidence.claim_of_record.get(q["id"])) for _, q in figures]
        for index, (published, b) in enumerate(figures):
            origin_b = origins[index]
            for earlier in range(index - 1, max(-1, index - 1 - MAX_CANDIDATES), -1):
                earlier_day, a = figures[earlier]
                if published - earlier_day > NUMBER_WINDOW:
                    break
                origin_a = origins[earlier]
                if a["doc_id"] != b["doc_id"] and origin_a != origin_b and _incompatible(a, b):
                    yield _contradiction(
                        a["id"],
                        b["id"],
                        f"{a['text']} {a['counted']} ({evidence.origin_label(origin_a)}) against "
                        f"{b['text']} {b['counted']} ({evidence.origin_label(origin_b)})",
                    )
                    break


def _incompatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Ranges that do not meet even when each is widened by the tolerance."""
    low_a, high_a = _bounds(a)
    low_b, high_b = _bounds(b)
    return high_a * (1 + NUMBER_TOLERANCE) < low_b or high_b * (1 + NUMBER_TOLERANCE) < low_a


def _bounds(quantity: dict[str, Any]) -> tuple[float, float]:
    low = quantity["low"] if quantity["low"] is not None else 0.0
    high = quantity["high"] if quantity["high"] is not None else float("inf")
    return low, high
