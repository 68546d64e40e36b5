"""What an analyst narrows the workspace's views to (``Filters``), as SQL conditions for each view.

Every condition is built with SQLAlchemy Core and bound parameters; no request value is ever spliced into
SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    TextClause,
    and_,
    bindparam,
    case,
    cast,
    exists,
    false,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection

from sitroom.store import schema

Condition = ColumnElement[bool] | TextClause
docs = schema.documents
# The tables probed inside EXISTS conditions, aliased so they never correlate with a join of the outer query.
_places = schema.places.alias("probe_places")
_mentions = schema.mentions.alias("probe_mentions")
_entities = schema.entities.alias("probe_entities")
PROBE_EVENTS = schema.events.alias("probe_events")


@dataclass(frozen=True, slots=True)
class Filters:
    """What an analyst narrows a view to. Unset fields do not filter."""

    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None  # a gazetteer id
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north (degrees)
    actor: str | None = None  # an entity id
    side: str | None = None
    event_type: str | None = None
    source: str | None = None
    modality: str | None = None
    text: str | None = None  # full-text query over document titles and texts
    # For words of ``text`` (or the whole of it) that name places, the gazetteer ids they name: a document
    # that names one of those places, in any spelling, matches the word ("Izium" finds "Izyum", "Izjum").
    spellings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    entity_type: str | None = None  # the entities view only: person, organisation, group, ...

    def keeping(self, *fields: str) -> Filters:
        """Only these filters, the others unset; a search (``text``) keeps its place spellings."""
        kept = {name: getattr(self, name) for name in fields}
        if "text" in fields:
            kept["spellings"] = self.spellings
        return Filters(**kept)


def fulltext_terms(query: str) -> list[str]:
    """The words of a search box query; operators and punctuation are not syntax, just separators."""
    return re.findall(r"\w+", query)


def _fulltext(conn: Connection, query: str, spellings: tuple[tuple[str, tuple[str, ...]], ...]) -> Condition:
    """Every word of the query, each written in the document or, when it names a place, that place
    named in the document under any spelling."""
    terms = fulltext_terms(query)
    if not terms:
        return false()
    named = {phrase.casefold(): ids for phrase, ids in spellings}
    whole = " ".join(terms).casefold()
    if whole in named:
        return or_(_words(conn, terms), _names_place(named[whole]))
    conditions = [
        or_(_words(conn, [t]), _names_place(named[t.casefold()])) for t in terms if t.casefold() in named
    ]
    plain = [t for t in terms if t.casefold() not in named]
    return and_(*conditions, *([_words(conn, plain)] if plain else []))


def _names_place(gazetteer_ids: tuple[str, ...]) -> Condition:
    return exists().where(_places.c.doc_id == docs.c.id, _places.c.gazetteer_id.in_(gazetteer_ids))


def _words(conn: Connection, terms: list[str]) -> Condition:
    if conn.dialect.name == "sqlite":
        # Each word quoted: FTS5 then reads the box as plain words (all required), never as its syntax.
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        return text(
            # The unary plus keeps SQLite from driving the query by the match list (then sorting it all):
            # it walks the date index instead and checks each row against the list, computed once.
            "+documents.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :fulltext)"
        ).bindparams(bindparam("fulltext", match, unique=True))  # one per word group of a query
    if conn.dialect.name == "postgresql":
        # The same expression as the GIN index of migration 0004, so the planner can use it.
        return text(
            "to_tsvector('english', coalesce(documents.title, '') || ' ' || documents.text) "
            "@@ plainto_tsquery('english', :fulltext)"
        ).bindparams(bindparam("fulltext", " ".join(terms), unique=True))
    return and_(
        *(
            or_(docs.c.title.contains(t, autoescape=True), docs.c.text.contains(t, autoescape=True))
            for t in terms
        )
    )


def in_bbox(lat: ColumnElement[Any], lon: ColumnElement[Any], bbox: tuple[float, float, float, float]):
    west, south, east, north = bbox
    # A box whose west edge is east of its east edge crosses the antimeridian.
    across = and_(lon >= west, lon <= east) if west <= east else or_(lon >= west, lon <= east)
    return and_(lat >= south, lat <= north, across)


def overlaps(value: ColumnElement[Any], filters: Filters) -> list[Condition]:
    """An ISO date or interval ("2023-02-24", "2023-02", "2023", "2023-03/2023-05") overlapping the
    filter's range; an unknown date is left out.

    ISO prefixes sort before their extensions, so plain comparisons (which an index on the column serves)
    keep a month or a year that overlaps the range: a value starts before the range's end, and its last
    part (the end of an interval) padded with "-99" sorts after the range's start.
    """
    conditions: list[Condition] = []
    if filters.date_from:
        # The year bound is what the index scans (an interval may start the year before: a winter, a
        # week across the new year); the padded comparison is the exact test.
        first = filters.date_from
        conditions += [value >= f"{first.year - 1:04d}", (_last_part(value) + "-99") >= first.isoformat()]
    if filters.date_to:
        conditions.append(value < (filters.date_to + timedelta(days=1)).isoformat())
    return conditions


def _last_part(value: ColumnElement[Any]) -> ColumnElement[Any]:
    """The end of an ISO interval (its start is a year, a month or a day), else the value itself."""
    return case(
        *(
            (func.substr(value, length + 1, 1) == "/", func.substr(value, length + 2))
            for length in (4, 7, 10)
        ),
        else_=value,
    )


def document_level(conn: Connection, filters: Filters, *, dates: bool = True) -> list[Condition]:
    """Conditions on the joined ``documents`` row."""
    places, mentions, entities, events = _places, _mentions, _entities, PROBE_EVENTS
    conditions: list[Condition] = []
    if dates and filters.date_from:
        conditions.append(docs.c.published >= filters.date_from)
    if dates and filters.date_to:
        conditions.append(docs.c.published <= filters.date_to)
    if filters.source:
        conditions.append(docs.c.source == filters.source)
    if filters.text:
        conditions.append(_fulltext(conn, filters.text, filters.spellings))
    in_doc = places.c.doc_id == docs.c.id
    if filters.place:
        conditions.append(exists().where(in_doc, places.c.gazetteer_id == filters.place))
    if filters.bbox:
        conditions.append(exists().where(in_doc, in_bbox(places.c.lat, places.c.lon, filters.bbox)))
    if filters.actor:
        conditions.append(
            exists().where(mentions.c.doc_id == docs.c.id, mentions.c.entity_id == filters.actor)
        )
    if filters.side:
        conditions.append(
            exists().where(
                mentions.c.doc_id == docs.c.id,
                mentions.c.entity_id == entities.c.id,
                entities.c.side == filters.side,
            )
        )
    if filters.event_type:
        conditions.append(exists().where(events.c.doc_id == docs.c.id, events.c.type == filters.event_type))
    if filters.modality:
        conditions.append(exists().where(events.c.doc_id == docs.c.id, events.c.modality == filters.modality))
    return conditions


def _named_within(
    table: Any, filters: Filters
) -> tuple[ColumnElement[bool] | None, ColumnElement[bool] | None]:
    """Actor and side conditions: an entity named inside the record's evidence span."""
    mentions, entities = _mentions, _entities
    inside = and_(
        mentions.c.doc_id == table.c.doc_id,
        mentions.c.start >= table.c.start,
        mentions.c.end <= table.c.end,
    )
    actor = exists().where(inside, mentions.c.entity_id == filters.actor) if filters.actor else None
    side = (
        exists().where(inside, mentions.c.entity_id == entities.c.id, entities.c.side == filters.side)
        if filters.side
        else None
    )
    return actor, side


def event_conditions(conn: Connection, filters: Filters) -> list[Condition]:
    events, places = schema.events, _places
    level = filters.keeping("source", "text")
    conditions = [*document_level(conn, level), *overlaps(events.c.date, filters)]
    at_place = places.c.id == events.c.place
    if filters.place:
        # A list of the place's mentions (gazetteer index) that the events.place index then looks up.
        conditions.append(
            events.c.place.in_(select(places.c.id).where(places.c.gazetteer_id == filters.place))
        )
    if filters.bbox:
        conditions.append(exists().where(at_place, in_bbox(places.c.lat, places.c.lon, filters.bbox)))
    actor, side = _named_within(events, filters)
    if actor is not None:
        conditions.append(or_(actor, events.c.claimed_by == filters.actor))
    if side is not None:
        conditions.append(or_(side, events.c.control_side == filters.side))
    if filters.event_type:
        conditions.append(events.c.type == filters.event_type)
    if filters.modality:
        conditions.append(events.c.modality == filters.modality)
    return conditions


def claim_conditions(conn: Connection, filters: Filters) -> list[Condition]:
    claims, places, events, entities = schema.claims, _places, PROBE_EVENTS, _entities
    level = filters.keeping("source", "text")
    conditions = [*document_level(conn, level), *overlaps(claims.c.date, filters)]
    inside = and_(
        places.c.doc_id == claims.c.doc_id, places.c.start >= claims.c.start, places.c.end <= claims.c.end
    )
    if filters.place:
        conditions.append(exists().where(inside, places.c.gazetteer_id == filters.place))
    if filters.bbox:
        conditions.append(exists().where(inside, in_bbox(places.c.lat, places.c.lon, filters.bbox)))
    if filters.actor:
        conditions.append(claims.c.speaker == filters.actor)
    if filters.side:
        conditions.append(exists().where(entities.c.id == claims.c.speaker, entities.c.side == filters.side))
    if filters.event_type:
        conditions.append(exists().where(events.c.claim == claims.c.id, events.c.type == filters.event_type))
    if filters.modality:
        conditions.append(
            exists().where(events.c.claim == claims.c.id, events.c.modality == filters.modality)
        )
    return conditions


def place_conditions(conn: Connection, filters: Filters) -> list[Condition]:
    places, events = schema.places, PROBE_EVENTS
    level = filters.keeping("date_from", "date_to", "actor", "side", "source", "text")
    conditions: list[Condition] = [places.c.gazetteer_id.is_not(None)]
    in_scope = document_level(conn, level)
    if in_scope:
        # Documents first (the date index), then their places: far cheaper than walking every place.
        conditions.append(places.c.doc_id.in_(select(docs.c.id).where(*in_scope)))
    if filters.place:
        conditions.append(places.c.gazetteer_id == filters.place)
    if filters.bbox:
        conditions.append(in_bbox(places.c.lat, places.c.lon, filters.bbox))
    if filters.event_type:
        conditions.append(exists().where(events.c.place == places.c.id, events.c.type == filters.event_type))
    if filters.modality:
        conditions.append(
            exists().where(events.c.place == places.c.id, events.c.modality == filters.modality)
        )
    return conditions


def incident_conditions(filters: Filters) -> list[Condition]:
    """The reconcile stage's incidents under the filters that describe an incident: its period, place,
    area, side, type and modality. Source, actor and words describe reports, not incidents: not applied."""
    incidents = schema.incidents
    conditions: list[Condition] = []
    if filters.date_from:
        conditions.append(incidents.c.date_end >= filters.date_from.isoformat())
    if filters.date_to:
        conditions.append(incidents.c.date_start <= filters.date_to.isoformat())
    if filters.place:
        conditions.append(incidents.c.place == filters.place)
    if filters.bbox:
        conditions.append(in_bbox(incidents.c.lat, incidents.c.lon, filters.bbox))
    if filters.side:
        # ``sides`` is a JSON list of codes: its text holds the code in quotes.
        named = cast(incidents.c.sides, String).like(f'%"{_like_escaped(filters.side)}"%', escape="\\")
        conditions.append(or_(incidents.c.control_side == filters.side, named))
    if filters.event_type:
        conditions.append(incidents.c.type == filters.event_type)
    if filters.modality:
        conditions.append(incidents.c.modality == filters.modality)
    return conditions


def _like_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
