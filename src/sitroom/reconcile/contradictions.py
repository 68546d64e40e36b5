"""Where accounts disagree, each contradiction a link between the two pieces of evidence with a
one-line explanation that names both origins and quotes both.

A contradiction is the same proposition told two ways by two independent origins:
- control: one report says a side took a place, another that the other side did, in overlapping time;
- denial: a negated event ("Moscow denied striking the station") against reports that it happened:
  same type, place and gaining side, overlapping days;
- intent: one official says a side plans something, another that it does not, at the same place;
- figures: the same quantity about the same event given differently, or denied (``figures``).
Two reports that say the same (two denials, two figures that meet) agree: that is corroboration or
nothing, never a contradiction. Every finder works on blocks keyed by what must be equal, so the cost
grows with the size of the blocks, not with the square of the store.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sitroom.reconcile.evidence import MAX_CANDIDATES, Evidence, overlaps
from sitroom.reconcile.figures import figure_disagreements
from sitroom.records import Incident, Link, stable_id
from sitroom.timeml import Interval

# Statements of intent are compared only between reports this close in time.
STATEMENT_WINDOW = timedelta(days=30)

Record = dict[str, Any]


def find_contradictions(evidence: Evidence, incidents: list[Incident]) -> list[Link]:
    accounts = _Accounts.of(evidence)
    links = [
        *_control(accounts, incidents),
        *_denials(accounts, incidents),
        *_intents(accounts),
        *(_contradiction(a, b, why) for a, b, why in figure_disagreements(evidence)),
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


def _origin(evidence: Evidence, record: Record) -> str:
    """Who a record comes from: for a denied event, the speaker who denies it ("rejecting Russia's
    claim to have captured it"); else the speaker of its claim; else the outlet."""
    denial = evidence.denial_of_record.get(record["id"]) if record["modality"] == "negated" else None
    claim = denial or record.get("claim") or evidence.claim_of_record.get(record["id"])
    return evidence.origin(record["doc_id"], claim)


@dataclass(slots=True)
class _Accounts:
    """The event mentions and the origin of each, worked out once."""

    evidence: Evidence
    mentions: dict[str, Record]
    origins: dict[str, str]

    @classmethod
    def of(cls, evidence: Evidence) -> _Accounts:
        mentions = {event["id"]: event for event in evidence.events}
        return cls(evidence, mentions, {key: _origin(evidence, event) for key, event in mentions.items()})

    def said(self, record: Record) -> str:
        """Who, and the words: 'Kremlin ("striking")'."""
        return f'{self.evidence.origin_label(self.origins[record["id"]])} ("{record["trigger"]}")'

    def from_another(self, mention_ids: list[str], origin: str) -> Record | None:
        """The earliest of the mentions that comes from another origin than ``origin``."""
        return next(
            (self.mentions[m] for m in mention_ids[:MAX_CANDIDATES] if self.origins[m] != origin), None
        )

    def each_origin(self, mention_ids: list[str], origin: str) -> list[Record]:
        """One mention of each origin other than ``origin``: its own report of it (a ministry's
        bulletin) before another's relaying it ("the ministry claimed that ..." in a think tank's
        assessment), else the earliest. An origin is one by the name it goes by, named in the text or
        the outlet itself."""
        denier = self.evidence.origin_label(origin).casefold()
        chosen: dict[str, Record] = {}
        for m in mention_ids[:MAX_CANDIDATES]:
            name = self.evidence.origin_label(self.origins[m]).casefold()
            mention = self.mentions[m]
            if name == denier:
                continue
            if name not in chosen or (chosen[name]["claim"] and not mention["claim"]):
                chosen[name] = mention
        return list(chosen.values())

    def apart(self, first: list[str], second: list[str]) -> tuple[Record, Record] | None:
        """The earliest reports of two accounts that come from different origins: one source telling
        both is a sequence of events, not two accounts."""
        for a in first[:MAX_CANDIDATES]:
            b = self.from_another(second, self.origins[a])
            if b is not None:
                return self.mentions[a], b
        return None


def _control(accounts: _Accounts, incidents: list[Incident]) -> Iterator[Link]:
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
                if a.control_side == b.control_side:
                    continue
                pair = accounts.apart(a.mentions, b.mentions)
                if pair is not None:
                    yield _contradiction(
                        pair[0]["id"],
                        pair[1]["id"],
                        f"control of {a.place_name}: {accounts.said(pair[0])} says {a.control_side} gained "
                        f"it, {accounts.said(pair[1])} says {b.control_side} did, in overlapping time",
                    )


def _denials(accounts: _Accounts, incidents: list[Incident]) -> Iterator[Link]:
    evidence = accounts.evidence
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
        denier = accounts.origins[event["id"]]
        # Incidents starting after the denied days end cannot overlap them; look back from there.
        end = bisect_right(spans, denied[1], key=lambda pair: pair[0][0])
        for span, incident in reversed(spans[max(0, end - MAX_CANDIDATES) : end]):
            if not overlaps(denied, span) or not _same_happening(evidence, event, denier, incident):
                continue
            # Each origin that reports it is contradicted: the ministry's briefing and the wire story
            # quoting the minister are two accounts the denial answers.
            for reported in accounts.each_origin(incident.mentions, denier):
                yield _contradiction(
                    event["id"],
                    reported["id"],
                    f"{evidence.origin_label(denier)} denies the {event['type'].lower()} "
                    f'at {place["name"]} ("{event["trigger"]}") that {accounts.said(reported)} reports',
                )


def _same_happening(evidence: Evidence, denial: Record, denier_origin: str, incident: Incident) -> bool:
    """Whether a denial is about what an incident reports. For a control change: a gain by a side
    other than the denier's (sides deny their losses: "the village has not fallen"), by the side the
    denial names when it names another than the denier's own (the denier named as the actor is a
    misreading of "rejecting Russia's claim to have captured it") and the incident names one. For
    other events: actors of the same side when both name one."""
    if denial["type"] == "CONTROL":
        denier = _origin_side(evidence, denier_origin)
        named = denial["control_side"] if denial["control_side"] != denier else None
        gained = incident.control_side
        return gained is None or (gained != denier and named in (None, gained))
    sides = {p["side"] for p in denial["actors"] if p.get("side")}
    return not sides or not incident.sides or bool(sides & set(incident.sides))


def _origin_side(evidence: Evidence, origin: str) -> str | None:
    kind, _, key = origin.partition(":")
    entity = evidence.entities.get(key) if kind == "entity" else None
    return str(entity["side"]) if entity and entity["side"] else None


def _intents(accounts: _Accounts) -> Iterator[Link]:
    """Each plan against the disavowal nearest in time of the same kind of act by the same side at
    the same place (or both without one), from another origin."""
    evidence = accounts.evidence
    statements: dict[tuple[str, str, str | None, str], list[tuple[date, Record]]] = defaultdict(list)
    for event in evidence.events:
        published = evidence.published(event["doc_id"])
        if event["modality"] in {"planned", "negated"} and published is not None:
            place = evidence.places.get(event["place"] or "")
            where = place["gazetteer_id"] if place else None
            for side in sorted({p["side"] for p in event["actors"] if p.get("side")}):
                statements[(event["type"], side, where, event["modality"])].append((published, event))
    for (kind, side, where, modality), plans in statements.items():
        if modality != "planned":
            continue
        disavowals = sorted(
            statements.get((kind, side, where, "negated"), []), key=lambda pair: (pair[0], pair[1]["id"])
        )
        for published, plan in plans:
            disavowal = _nearest(accounts, disavowals, published, plan)
            if disavowal is not None:
                at = f" at {evidence.places[plan['place']]['name']}" if where else ""
                yield _contradiction(
                    plan["id"],
                    disavowal["id"],
                    f"intent of {side} to {kind.lower()}{at}: {accounts.said(plan)} says it is planned, "
                    f"{accounts.said(disavowal)} says it is not",
                )


def _nearest(
    accounts: _Accounts,
    dated: list[tuple[date, Record]],
    day: date,
    other: Record,
    window: timedelta = STATEMENT_WINDOW,
) -> Record | None:
    """The record nearest ``day`` within ``window`` in a date-sorted list, from another document and
    another origin than ``other``, looking at no more than ``MAX_CANDIDATES`` on each side."""
    middle = bisect_left(dated, day, key=lambda pair: pair[0])
    around = dated[max(0, middle - MAX_CANDIDATES) : middle + MAX_CANDIDATES]
    origin = accounts.origins[other["id"]]
    candidates = [
        (abs(when - day), record["id"], record)
        for when, record in around
        if abs(when - day) <= window
        and record["doc_id"] != other["doc_id"]
        and accounts.origins[record["id"]] != origin
    ]
    return min(candidates, key=lambda entry: entry[:2])[2] if candidates else None
