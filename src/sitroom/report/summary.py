"""What a report shows, gathered once from the store and rendered as HTML or Markdown."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sitroom.profiles import Profile, load_profile
from sitroom.report.situation import Scope, Situation, factuality_words, gather_situation
from sitroom.store import Store

ACTOR_TYPES = ("person", "organisation", "group")
EVENTS_COMPONENT = "sitroom_events"  # whose settings name the profile (see sitroom.annotate)
UNKNOWN_SOURCE = "(unknown source)"


@dataclass(slots=True)
class EntityLine:
    name: str
    type: str
    documents: int
    mentions: int
    aliases: list[str]


@dataclass(slots=True)
class PlaceLine:
    gazetteer_id: str
    name: str
    feature: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    documents: int
    mentions: int
    written: list[str]


@dataclass(slots=True, frozen=True)
class Highlight:
    """A stretch of a document's text to mark in the report, with what it was found to be."""

    start: int
    end: int
    kind: str  # css class: person, organisation, group, location, place, date, quantity, event, claim, other
    title: str
    anchor: str | None = None  # the record's id, so that the report can link to this evidence


@dataclass(slots=True)
class ReportData:
    counts: dict[str, int]
    documents: list[dict[str, Any]]  # newest first; undated last
    highlights_by_doc: dict[str, list[Highlight]]
    actors: list[EntityLine]
    places: list[PlaceLine]
    period: tuple[str, str] | None
    situation: Situation
    sources: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    side_colours: dict[str, str] = field(default_factory=dict)  # of the store's conflict profile


def gather(store: Store, scope: Scope | None = None, top: int = 20) -> ReportData:
    scope = scope or Scope()
    all_documents = {row["id"]: row for row in store.rows("documents")}
    situation = gather_situation(store, scope, all_documents)
    documents = [doc for doc in all_documents.values() if doc["id"] in situation.documents_in_scope]
    entities = {row["id"]: row for row in store.rows("entities")}
    highlights: dict[str, list[Highlight]] = defaultdict(list)
    docs_per_entity: dict[str, set[str]] = defaultdict(set)
    mentions_per_entity: Counter[str] = Counter()
    # Places first: where a place and an NER mention cover the same words, the resolved place is shown.
    in_scope = situation.documents_in_scope
    places = [place for place in store.rows("places") if place["doc_id"] in in_scope]
    for place in places:
        where = ", ".join(v for v in (place["name"], place["admin1"], place["country"]) if v)
        title = f"{where} ({place['gazetteer_id']})" if place["gazetteer_id"] else "unresolved place"
        highlights[place["doc_id"]].append(Highlight(place["start"], place["end"], "place", title))
    for event in store.rows("events"):
        title = f"{event['type']} {event['mode'] or ''} ({event['modality']})"
        highlights[event["doc_id"]].append(
            Highlight(event["trigger_start"], event["trigger_end"], "event", title, event["id"])
        )
    for claim in store.rows("claims"):
        if claim["kind"] == "outlet":
            continue
        start, end = (
            (claim["cue_start"], claim["cue_end"])
            if claim["cue_start"] is not None
            else (claim["start"], claim["end"])
        )
        speaker = claim["source_text"] or "an unresolved speaker"
        told = factuality_words(claim.get("factuality"))
        title = f"{claim['kind']} claim by {speaker}, {told}: {claim['text'][:200]}"
        highlights[claim["doc_id"]].append(Highlight(start, end, "claim", title, claim["id"]))
    for timex in store.rows("timexes"):
        title = f"{timex['type']} {timex['value'] or 'unresolved'}"
        highlights[timex["doc_id"]].append(Highlight(timex["start"], timex["end"], "date", title))
    for quantity in store.rows("quantities"):
        title = " ".join(str(v) for v in (quantity["low"], quantity["high"], quantity["counted"]) if v)
        highlights[quantity["doc_id"]].append(
            Highlight(quantity["start"], quantity["end"], "quantity", title)
        )
    # Characters the places stage resolved: an NER mention over them (spaCy's small model calls
    # Bakhmut an organisation and Kyiv a person) is a place, not an actor.
    placed = {
        (place["doc_id"], offset)
        for place in places
        if place["gazetteer_id"]
        for offset in range(place["start"], place["end"])
    }
    for mention in store.rows("mentions"):
        if mention["doc_id"] not in in_scope or (mention["doc_id"], mention["start"]) in placed:
            continue
        entity = entities.get(mention["entity_id"]) if mention["entity_id"] else None
        kind = entity["type"] if entity else "other"
        title = f"{entity['name']} ({mention['label']})" if entity else mention["label"]
        highlights[mention["doc_id"]].append(Highlight(mention["start"], mention["end"], kind, title))
        if entity:
            docs_per_entity[entity["id"]].add(mention["doc_id"])
            mentions_per_entity[entity["id"]] += 1
    actors = sorted(
        (
            EntityLine(
                name=entities[entity_id]["name"],
                type=entities[entity_id]["type"],
                documents=len(docs_per_entity[entity_id]),
                mentions=mentions_per_entity[entity_id],
                aliases=entities[entity_id]["aliases"],
            )
            for entity_id in docs_per_entity
            if entities[entity_id]["type"] in ACTOR_TYPES
        ),
        key=lambda line: (-line.documents, -line.mentions, line.name),
    )
    dates = sorted(str(doc["published"]) for doc in documents if doc["published"])
    documents.sort(key=lambda doc: (doc["published"] is None, str(doc["published"] or "")))
    dated = [doc for doc in documents if doc["published"]]
    dated.reverse()
    return ReportData(
        counts=store.counts(),
        documents=dated + [doc for doc in documents if not doc["published"]],
        highlights_by_doc={doc: _without_overlaps(marks) for doc, marks in highlights.items()},
        actors=actors[:top],
        places=_place_lines(places)[: top * 2],
        period=(dates[0], dates[-1]) if dates else None,
        situation=situation,
        sources=Counter(doc["source"] or UNKNOWN_SOURCE for doc in documents),
        languages=Counter(doc["language"] or "(unknown)" for doc in documents),
        side_colours=_profile(store).colours,
    )


def _profile(store: Store) -> Profile:
    """The conflict profile the store was annotated with (the default for a store not yet processed)."""
    stored = store.pipeline_config() or {}
    events = stored.get("component_config", {}).get(EVENTS_COMPONENT, {})
    return load_profile(events.get("profile"))


def _without_overlaps(marks: list[Highlight]) -> list[Highlight]:
    """In text order; of overlapping marks, the one listed first (by kind priority) wins."""
    kept: list[Highlight] = []
    taken: set[int] = set()
    for mark in marks:
        span = set(range(mark.start, mark.end))
        if not span & taken:
            kept.append(mark)
            taken |= span
    return sorted(kept, key=lambda mark: mark.start)


def _place_lines(places: list[dict[str, Any]]) -> list[PlaceLine]:
    by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for place in places:
        if place["gazetteer_id"]:
            by_id[place["gazetteer_id"]].append(place)
    lines = [
        PlaceLine(
            gazetteer_id=gazetteer_id,
            name=group[0]["name"],
            feature=group[0]["feature"],
            country=group[0]["country"],
            admin1=group[0]["admin1"],
            lat=group[0]["lat"],
            lon=group[0]["lon"],
            documents=len({place["doc_id"] for place in group}),
            mentions=len(group),
            written=sorted({place["text"] for place in group}),
        )
        for gazetteer_id, group in by_id.items()
    ]
    return sorted(lines, key=lambda line: (-line.documents, -line.mentions, line.name))
