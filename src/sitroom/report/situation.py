"""The situation picture for a period and an area: headline incidents by region, the map and timeline
figures, contradictions and the claims ledger, each statement with its evidence in the source text."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from sitroom.data import load_yaml
from sitroom.records import OTHER_TYPE, origin_key
from sitroom.report.speakers import bundled_speakers
from sitroom.report.theatre import Box, Marker, fit_theatre, in_box
from sitroom.report.wording import display_origin, human_range
from sitroom.store import Store
from sitroom.timeml import value_interval

HEADLINES_PER_REGION = 8
UNPLACED = "Place not resolved"
TIMELINES = 8  # places and actors given a timeline each
MAX_LEDGER = 300
# Places that are an area, not a point: an incident placed only in a country or a region is listed,
# never drawn where the country's or region's centre happens to be.
AREA_FEATURES = frozenset({"country", "admin1", "region", "continent"})
REGION_FEATURES = frozenset({"admin1", "region"})
# What changes the situation on the ground: headlines and the bottom line are made of these; talks, aid and
# accusations are reported but never lead.
GROUND_TYPES = frozenset({"CONTROL", "RETREAT", "ASSAULT", "MOBILIZE"})
# A change of control is a completed transfer (CONTROL); a retreat with no territory that changed hands
# ("civilians were evacuated", "pulled back its units") says nothing about who holds a place.
CONTROL_TYPES = frozenset({"CONTROL"})
REPORTED_AS_HAPPENED = frozenset({"asserted", "claimed"})


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
    also_carried_by: list[str] = field(default_factory=list)  # outlets carrying the same words


@dataclass(slots=True)
class IncidentLine:
    id: str
    type: str
    mode: str | None
    modality: str
    place_name: str | None
    control_side: str | None
    sides: list[str]
    status: str  # corroborated, contested, single source, claimed by one side (XX)
    origins: list[str]
    reports: list[EvidenceRef]
    first_reported: str | None
    last_reported: str | None
    start: str  # for ordering in time: the first day it can have happened, "9999" when undated
    date_start: str | None = None
    date_end: str | None = None
    outlets: list[str] = field(default_factory=list)  # who published the reports
    speakers: list[str] = field(default_factory=list)  # who is quoted as saying it, apart from the outlets
    in_theatre: bool = False
    precise: bool = False  # placed at a settlement, not only in a country or region
    area: str | None = None  # "region" or "country" when placed only in one
    casualties: bool = False  # an attack reported with its toll


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
    speaker_key: str = ""  # one speaker's key, however it is written (sitroom.report.speakers)
    written: str = ""  # how the article names the speaker


@dataclass(slots=True)
class Situation:
    scope: Scope
    regions: list[tuple[str, list[IncidentLine]]] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)  # incidents at settlements in the theatre
    theatre: Box | None = None
    elsewhere: Counter[str] = field(default_factory=Counter)  # places outside the theatre: reports
    area_only: Counter[str] = field(default_factory=Counter)  # placed in a country or region only
    incidents: list[IncidentLine] = field(default_factory=list)
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
    quantities = {
        row["id"]: row for row in store.rows("quantities", columns=("id", "doc_id", "text", "counted"))
    }
    entity_rows = list(store.rows("entities", columns=("id", "name", "side", "kb_id")))
    entities = {row["id"]: row["name"] for row in entity_rows}
    entity_sides = {row["id"]: row["side"] for row in entity_rows if row["side"]}
    known_actors = {row["id"] for row in entity_rows if row["kb_id"]}
    speakers = bundled_speakers()
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
            title=doc["title"] or display_origin(doc["origin"]),
            source=doc["source"],
            published=str(doc["published"]) if doc["published"] else None,
            text=record["text"],
        )

    incidents = [
        row for row in store.rows("incidents") if _incident_in_scope(row, scope, events, places, in_period)
    ]
    casualty_nouns = _casualty_nouns()
    placed_lines: list[tuple[IncidentLine, str, int, dict[str, Any]]] = []
    by_actor: dict[str, list[IncidentLine]] = defaultdict(list)
    for incident in incidents:
        mentions = [events[m] for m in incident["mentions"] if m in events]
        first = mentions[0] if mentions else None
        place = places.get(first["place"]) if first and first["place"] else None
        region = ", ".join(v for v in ((place or {}).get("admin1"), (place or {}).get("country")) if v)
        region = region or incident["place_name"] or UNPLACED
        reports = _syndicated([ref for mention in incident["mentions"] if (ref := evidence(mention))])
        line = IncidentLine(
            id=incident["id"],
            type=incident["type"],
            # A happening outside PLOVER is told by its category: "other accident at Lagos".
            mode=incident["mode"] or (incident["category"] if incident["type"] == OTHER_TYPE else None),
            modality=incident["modality"],
            place_name=incident["place_name"],
            control_side=incident["control_side"],
            sides=incident["sides"],
            status=_status(incident["status"], mentions, entity_sides),
            origins=[labels.get(origin, origin.partition(":")[2]) for origin in incident["origins"]],
            reports=reports,
            first_reported=incident["first_reported"],
            last_reported=incident["last_reported"],
            start=incident["date_start"] or "9999",
            date_start=incident["date_start"],
            date_end=incident["date_end"],
            outlets=_distinct_names(
                name for ref in reports for name in (ref.source, *ref.also_carried_by) if name
            ),
            speakers=[
                labels.get(origin, origin.partition(":")[2])
                for origin in incident["origins"]
                if not origin.startswith("outlet:")
            ],
            precise=bool(place and place["feature"] not in AREA_FEATURES and incident["lat"] is not None),
            area=_area(place),
            casualties=incident["type"] == "ASSAULT"
            and any(
                (quantities.get(q) or {}).get("counted") in casualty_nouns
                for mention in mentions
                for q in mention["quantities"]
            ),
        )
        placed_lines.append((line, region, len(incident["mentions"]), incident))
        for entity_id in {
            participant["entity"]
            for mention in mentions
            for participant in (*mention["actors"], *mention["targets"])
            if participant.get("entity") in entities
        }:
            by_actor[entities[entity_id]].append(line)
    situation.theatre = fit_theatre(
        [(row["lat"], row["lon"], count) for line, _, count, row in placed_lines if line.precise]
    )
    by_region: dict[str, list[IncidentLine]] = defaultdict(list)
    by_place: dict[str, list[IncidentLine]] = defaultdict(list)
    weight: Counter[str] = Counter()
    ground_weight: Counter[str] = Counter()
    for line, region, report_count, row in placed_lines:
        line.in_theatre = (
            situation.theatre is not None
            and row["lat"] is not None
            and in_box(situation.theatre, row["lat"], row["lon"], margin=0 if line.precise else 1.5)
        )
        situation.incidents.append(line)
        by_region[region].append(line)
        if line.place_name and line.precise:  # a settlement's timeline; an area has none
            by_place[line.place_name].append(line)
        weight[region] += report_count
        if _on_the_ground(line):
            ground_weight[region] += report_count
        if not line.place_name:
            continue
        if not line.precise:
            situation.area_only[line.place_name] += 1
        elif not line.in_theatre:
            situation.elsewhere[line.place_name] += 1
        else:
            situation.markers.append(_marker(line, row, report_count))
    # Regions where things happened on the ground in the theatre first, by their reports; a region named only
    # by talks, visits and aid (a summit abroad, a capital's "hand") follows, and what could not be placed
    # comes last, however much of it there is.
    order = sorted(
        weight, key=lambda region: (region == UNPLACED, -ground_weight[region], -weight[region], region)
    )
    situation.regions = [
        (
            region,
            sorted(
                by_region[region],
                key=lambda i: (not _on_the_ground(i), -len(i.origins), -len(i.reports), i.start, i.id),
            ),
        )
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
    carried: dict[tuple[str, str], ClaimLine] = {}
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
        if ref is None:
            continue
        named = entities.get(claim["speaker"]) if claim["speaker"] else None
        written = named or claim["speaker_role"] or claim["source_text"] or "unknown speaker"
        known = (claim["speaker"], written) if claim["speaker"] in known_actors else None
        speaker = speakers.of(written, known)
        # A syndicated copy says nothing new: the first outlet's line stands, the others carried it too.
        earlier = carried.get((speaker.key, _words(ref.text)))
        if earlier is not None:
            if ref.source and ref.source not in (earlier.evidence.source, *earlier.evidence.also_carried_by):
                earlier.evidence.also_carried_by.append(ref.source)
            continue
        claim_line = ClaimLine(
            speaker=speaker.name,
            kind=claim["kind"],
            cue=claim["cue"],
            date=claim["date"],
            stance=claim["stance"],
            status=status,
            evidence=ref,
            factuality=factuality_words(claim.get("factuality")),
            speaker_key=speaker.key,
            written=" ".join(written.split()),
        )
        carried[(speaker.key, _words(ref.text))] = claim_line
        situation.ledger.append(claim_line)
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


_PLACE_COLUMNS = ("id", "doc_id", "gazetteer_id", "name", "feature", "lat", "lon", "admin1", "country")


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


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _syndicated(refs: list[EvidenceRef]) -> list[EvidenceRef]:
    """One reference per sentence: several events of one sentence share their evidence, and a wire story
    carried by several outlets is shown once, with the others as "also carried by"."""
    kept: dict[str, EvidenceRef] = {}
    for ref in refs:
        first = kept.setdefault(_words(ref.text), ref)
        if first is not ref and ref.source and ref.source not in (first.source, *first.also_carried_by):
            first.also_carried_by.append(ref.source)
    return list(kept.values())


def _distinct_names(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _status(stored: str, mentions: list[dict[str, Any]], entity_sides: dict[str, str]) -> str:
    """Contested; claimed by one side (every report is one side's claim, however many outlets carry it);
    corroborated; single source."""
    if stored == "contested":
        return stored
    claimants = {entity_sides.get(m["claimed_by"] or "") for m in mentions if m["modality"] == "claimed"}
    if mentions and all(m["modality"] == "claimed" for m in mentions) and len(claimants) == 1:
        side = claimants.pop()
        if side:
            return f"claimed by one side ({side})"
    return stored.replace("_", " ")


def _area(place: dict[str, Any] | None) -> str | None:
    if place is None or place["feature"] not in AREA_FEATURES:
        return None
    return "region" if place["feature"] in REGION_FEATURES else "country"


def _on_the_ground(line: IncidentLine) -> bool:
    return line.type in GROUND_TYPES and line.modality in REPORTED_AS_HAPPENED and line.in_theatre


def _marker(line: IncidentLine, row: dict[str, Any], reports: int) -> Marker:
    kind = "control" if line.type in CONTROL_TYPES else "strike" if line.type == "ASSAULT" else "other"
    what = " ".join(v for v in (line.type.lower(), line.mode) if v)
    return Marker(
        lat=row["lat"],
        lon=row["lon"],
        kind=kind,
        side=line.control_side or (line.sides[0] if len(line.sides) == 1 else None),
        name=line.place_name or "",
        label=f"{what} at {line.place_name}, {human_range(line.date_start, line.date_end)} "
        f"({reports} reports, {line.status})",
        href=f"#{line.id}",
        weight=reports,
    )


@cache
def _casualty_nouns() -> frozenset[str]:
    """What the toll of an attack counts (people, civilians, soldiers): the ASSAULT classes of the figures
    table, so that "launched 40 drones" is not read as casualties."""
    table = load_yaml(resources.files("sitroom.data").joinpath("figures.yaml").read_text("utf-8"))
    return frozenset(noun for nouns in table["counts"].get("ASSAULT", {}).values() for noun in nouns)
