"""The situation picture for a period and an area: headline incidents by region, the map and timeline
figures, contradictions and the claims ledger, each statement with its evidence in the source text."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sitroom.records import origin_key
from sitroom.report.figures import COLOURS, MapPoint
from sitroom.store import Store
from sitroom.timeml import value_interval

HEADLINES_PER_REGION = 8
UNPLACED = "Place not resolved"
TIMELINES = 8  # places and actors given a timeline each
MAX_LEDGER = 300


@dataclass(slots=True, frozen=True)
class Scope:
    """What the report covers: reports published in a period, incidents in an area."""

    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    country: str | None = None  # ISO 3166-1 alpha-2

    def in_period(self, day: date | None) -> bool:
        if day is None:
            return self.since is None and self.until is None
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def in_area(self, lat: float | None, lon: float | None, country: str | None) -> bool:
        if self.country is not None and (country or "").upper() != self.country.upper():
            return False
        if self.bbox is None:
            return True
        if lat is None or lon is None:
            return False
        west, south, east, north = self.bbox
        return west <= lon <= east and south <= lat <= north

    @property
    def has_area(self) -> bool:
        return self.bbox is not None or self.country is not None

    def describe(self) -> str:
        parts = []
        if self.since or self.until:
            parts.append(f"reports published {self.since or '…'} to {self.until or '…'}")
        if self.country:
            parts.append(f"country {self.country.upper()}")
        if self.bbox:
            parts.append("area {:g},{:g} to {:g},{:g} (lon,lat)".format(*self.bbox))
        return "; ".join(parts)


@dataclass(slots=True)
class EvidenceRef:
    """A statement's evidence: where in which document, and the words."""

    doc: str
    anchor: str  # id of the record, marked in the document's text
    title: str
    source: str | None
    published: str | None
    text: str


@dataclass(slots=True)
class IncidentLine:
    id: str
    type: str
    mode: str | None
    modality: str
    place_name: str | None
    dates: str
    control_side: str | None
    sides: list[str]
    status: str
    origins: list[str]
    reports: list[EvidenceRef]
    first_reported: str | None
    last_reported: str | None
    start: str  # for ordering in time: the first day it can have happened, "9999" when undated


@dataclass(slots=True)
class ContradictionLine:
    explanation: str
    first: EvidenceRef
    second: EvidenceRef


@dataclass(slots=True)
class ClaimLine:
    speaker: str
    kind: str
    cue: str | None
    date: str | None
    stance: list[str]
    status: str  # corroborated, contradicted, single source
    evidence: EvidenceRef
    factuality: str = "asserted"  # how the speaker tells it: see factuality_words


@dataclass(slots=True)
class Situation:
    scope: Scope
    regions: list[tuple[str, list[IncidentLine]]] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)
    per_day: dict[date, Counter[str]] = field(default_factory=dict)
    contradictions: list[ContradictionLine] = field(default_factory=list)
    ledger: list[ClaimLine] = field(default_factory=list)
    documents_in_scope: set[str] = field(default_factory=set)
    # What happened where, and to or by whom, in order: the places and actors with most incidents.
    place_timelines: list[tuple[str, list[IncidentLine]]] = field(default_factory=list)
    actor_timelines: list[tuple[str, list[IncidentLine]]] = field(default_factory=list)


def gather_situation(store: Store, scope: Scope, documents: dict[str, dict[str, Any]]) -> Situation:
    situation = Situation(scope)
    places = {row["id"]: row for row in store.rows("places", columns=_PLACE_COLUMNS)}
    events = {row["id"]: row for row in store.rows("events")}
    claims = {row["id"]: row for row in store.rows("claims")}
    quantities = {row["id"]: row for row in store.rows("quantities", columns=("id", "doc_id", "text"))}
    entities = {row["id"]: row["name"] for row in store.rows("entities", columns=("id", "name"))}
    in_period = {doc_id for doc_id, doc in documents.items() if scope.in_period(doc["published"])}
    # Origins as reconcile wrote them (normalised) -> as the sources write themselves.
    labels = {f"entity:{entity_id}": name for entity_id, name in entities.items()}
    labels.update(
        {origin_key("outlet", doc["source"]): doc["source"] for doc in documents.values() if doc["source"]}
    )
    for claim in claims.values():
        if written := claim["speaker_role"] or claim["source_text"]:
            labels.setdefault(origin_key("speaker", written), " ".join(written.split()))

    def evidence(record_id: str) -> EvidenceRef | None:
        record = events.get(record_id) or claims.get(record_id) or quantities.get(record_id)
        if record is None or record["doc_id"] not in documents:
            return None
        doc = documents[record["doc_id"]]
        return EvidenceRef(
            doc=doc["id"],
            anchor=record_id,
            title=doc["title"] or doc["origin"],
            source=doc["source"],
            published=str(doc["published"]) if doc["published"] else None,
            text=record["text"],
        )

    incidents = [
        row for row in store.rows("incidents") if _incident_in_scope(row, scope, events, places, in_period)
    ]
    by_region: dict[str, list[IncidentLine]] = defaultdict(list)
    by_place: dict[str, list[IncidentLine]] = defaultdict(list)
    by_actor: dict[str, list[IncidentLine]] = defaultdict(list)
    weight: Counter[str] = Counter()
    for incident in incidents:
        first = events.get(incident["mentions"][0])
        place = places.get(first["place"]) if first and first["place"] else None
        region = ", ".join(v for v in ((place or {}).get("admin1"), (place or {}).get("country")) if v)
        region = region or incident["place_name"] or UNPLACED
        line = IncidentLine(
            id=incident["id"],
            type=incident["type"],
            mode=incident["mode"],
            modality=incident["modality"],
            place_name=incident["place_name"],
            dates=_dates(incident["date_start"], incident["date_end"]),
            control_side=incident["control_side"],
            sides=incident["sides"],
            status=incident["status"],
            origins=[labels.get(origin, origin.partition(":")[2]) for origin in incident["origins"]],
            reports=_distinct([ref for mention in incident["mentions"] if (ref := evidence(mention))]),
            first_reported=incident["first_reported"],
            last_reported=incident["last_reported"],
            start=incident["date_start"] or "9999",
        )
        by_region[region].append(line)
        if incident["place_name"]:
            by_place[incident["place_name"]].append(line)
        for entity_id in {
            participant["entity"]
            for mention in incident["mentions"]
            if mention in events
            for participant in (*events[mention]["actors"], *events[mention]["targets"])
            if participant.get("entity") in entities
        }:
            by_actor[entities[entity_id]].append(line)
        weight[region] += len(incident["mentions"])
        if incident["lat"] is not None and incident["lon"] is not None:
            situation.points.append(
                MapPoint(
                    lat=incident["lat"],
                    lon=incident["lon"],
                    kind=incident["type"] if incident["type"] in COLOURS else "other",
                    name=incident["place_name"] or "",
                    label=f"{incident['type']} {incident['mode'] or ''} at {incident['place_name']}, "
                    f"{line.dates} ({len(incident['mentions'])} reports, {incident['status']})",
                    href=f"#{incident['id']}",
                    weight=len(incident["mentions"]),
                )
            )
    # Regions with the most reports first; what could not be placed comes last, however much of it there is.
    order = sorted(weight, key=lambda region: (region == UNPLACED, -weight[region], region))
    situation.regions = [
        (region, sorted(by_region[region], key=lambda i: (-len(i.origins), -len(i.reports), i.dates, i.id)))
        for region in order
    ]
    situation.place_timelines = _timelines(by_place)
    situation.actor_timelines = _timelines(by_actor)
    situation.documents_in_scope = _documents_in_scope(scope, in_period, places)
    situation.per_day = _per_day(events, documents, situation.documents_in_scope)
    incident_status = {m: row["status"] for row in incidents for m in row["mentions"]}
    contradicted: set[str] = set()
    for link in store.rows("links", kind="contradicts"):
        first_ref, second_ref = evidence(link["source"]), evidence(link["target"])
        if first_ref is None or second_ref is None:
            continue
        contradicted |= {link["source"], link["target"]}
        if {first_ref.doc, second_ref.doc} & situation.documents_in_scope:
            situation.contradictions.append(
                ContradictionLine(link["explanation"] or "", first_ref, second_ref)
            )
    events_of_claim: dict[str, list[str]] = defaultdict(list)
    for event in events.values():
        if event["claim"]:
            events_of_claim[event["claim"]].append(event["id"])
    for claim in sorted(
        claims.values(), key=lambda c: (str(documents[c["doc_id"]]["published"] or ""), c["id"])
    ):
        if claim["kind"] == "outlet" or claim["doc_id"] not in situation.documents_in_scope:
            continue
        reported = set(events_of_claim[claim["id"]]) | set(claim["contains"])
        status = "single source"
        if reported & contradicted:
            status = "contradicted"
        elif any(incident_status.get(e) == "corroborated" for e in reported):
            status = "corroborated"
        ref = evidence(claim["id"])
        if ref is not None:
            speaker = entities.get(claim["speaker"]) if claim["speaker"] else None
            situation.ledger.append(
                ClaimLine(
                    speaker=speaker or claim["speaker_role"] or claim["source_text"] or "unknown speaker",
                    kind=claim["kind"],
                    cue=claim["cue"],
                    date=claim["date"],
                    stance=claim["stance"],
                    status=status,
                    evidence=ref,
                    factuality=factuality_words(claim.get("factuality")),
                )
            )
    situation.ledger = situation.ledger[-MAX_LEDGER:][::-1]
    return situation


_CERTAINTY_WORDS = {"PROBABLE": "probable", "POSSIBLE": "possible", "UNDERSPECIFIED": "uncertain"}


def factuality_words(value: dict[str, Any] | None) -> str:
    """How a claim's speaker tells its content, in words: "asserted", or what keeps it from being so
    ("negated (denied)", "open (attempted)", "future", "possible"), so that no reader takes a denied or
    planned capture for one that happened. "not read" for a claim stored before factuality was."""
    if not value:
        return "not read"
    words = []
    if value["polarity"] == "NEG":
        words.append("negated")
    elif value["polarity"] == "UNDERSPECIFIED":
        words.append("open")
    if value["time"] == "FUTURE":
        words.append("future")
    if value["certainty"] in _CERTAINTY_WORDS:
        words.append(_CERTAINTY_WORDS[value["certainty"]])
    if not words:
        return "asserted"
    cue = f" ({value['cue']})" if value.get("cue") else ""
    return ", ".join(words) + cue


_PLACE_COLUMNS = ("id", "doc_id", "gazetteer_id", "name", "lat", "lon", "admin1", "country")


def _incident_in_scope(
    incident: dict[str, Any],
    scope: Scope,
    events: dict[str, dict[str, Any]],
    places: dict[str, dict[str, Any]],
    in_period: set[str],
) -> bool:
    mentions = [events[m] for m in incident["mentions"] if m in events]
    if not any(event["doc_id"] in in_period for event in mentions):
        return False
    if not scope.has_area:
        return True
    place = places.get(mentions[0]["place"] or "") if mentions else None
    return scope.in_area(incident["lat"], incident["lon"], place["country"] if place else None)


def _documents_in_scope(scope: Scope, in_period: set[str], places: dict[str, dict[str, Any]]) -> set[str]:
    if not scope.has_area:
        return in_period
    return {
        place["doc_id"]
        for place in places.values()
        if place["doc_id"] in in_period and scope.in_area(place["lat"], place["lon"], place["country"])
    }


def _per_day(
    events: dict[str, dict[str, Any]], documents: dict[str, dict[str, Any]], in_scope: set[str]
) -> dict[date, Counter[str]]:
    """Events reported as happening, per day they happened (else the day reported), by actor side."""
    per_day: dict[date, Counter[str]] = defaultdict(Counter)
    for event in events.values():
        if event["modality"] not in {"asserted", "claimed"} or event["doc_id"] not in in_scope:
            continue
        covered = value_interval(event["date"])
        day = covered[0] if covered and covered[0] == covered[1] else documents[event["doc_id"]]["published"]
        if day is None:
            continue
        side = next((p["side"] for p in event["actors"] if p.get("side")), "unknown")
        per_day[day][side] += 1
    return dict(per_day)


def _timelines(groups: dict[str, list[IncidentLine]]) -> list[tuple[str, list[IncidentLine]]]:
    busiest = sorted(groups, key=lambda name: (-len(groups[name]), name))[:TIMELINES]
    return [(name, sorted(groups[name], key=lambda i: (i.start, i.id))) for name in busiest]


def _distinct(refs: list[EvidenceRef]) -> list[EvidenceRef]:
    """One reference per sentence of a document: several events of one sentence share their evidence."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for ref in refs:
        if (ref.doc, ref.text) not in seen:
            seen.add((ref.doc, ref.text))
            kept.append(ref)
    return kept


def _dates(start: str | None, end: str | None) -> str:
    if start is None:
        return "undated"
    return start if start == end else f"{start} to {end}"
