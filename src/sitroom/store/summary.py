"""The map's and the timeline's summaries (``schema.SUMMARY_TABLES``), kept exact by the store's writes.

A write notes the keys its documents touch, before it changes them and after (``Touched.note``), and
``refresh`` then recomputes those keys' rows from the detailed tables in the same transaction. A key is a
publication day with a place (the map), a publication day (documents on the timeline) or an event day
(events on the timeline). Recomputing rather than adding and subtracting keeps each row exactly what a
fresh GROUP BY gives, also the greatest mention id and the distinct document counts, which no subtraction
could undo.

Reads use the summaries when the filters are ones they are grouped by (``place_groups``, ``timeline``) and
get None otherwise, for the detailed query to answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.schema import Table

from sitroom.store import schema
from sitroom.store.filters import PROBE_EVENTS, Filters, in_bbox
from sitroom.store.rows import lock_keys

ALL_TYPES = ""  # the event_type of the rows that count every record
MAP_FILTERS = ("date_from", "date_to", "place", "bbox", "event_type")
TIMELINE_FILTERS = ("date_from", "date_to", "event_type")

docs, places, events = schema.documents, schema.places, schema.events
EVENT_DAY = func.substr(events.c.date, 1, 10)
# The timeline counts events dated to a day; an interval (a week, a season) names no one day.
DAY_PRECISE = and_(events.c.date.like("____-__-__%"), events.c.date.not_like("%/%"))


@dataclass(slots=True)
class Touched:
    """The summary keys that a write's documents touch."""

    places: dict[date | None, set[str]] = field(default_factory=dict)  # publication day -> gazetteer ids
    document_days: set[date] = field(default_factory=set)
    event_days: set[str] = field(default_factory=set)

    def note(self, conn: Connection, doc_ids: Sequence[str]) -> None:
        """Add the keys of these documents as they are stored now."""
        if not doc_ids:
            return
        query = (
            select(docs.c.published, places.c.gazetteer_id)
            .join(docs, docs.c.id == places.c.doc_id)
            .where(places.c.doc_id.in_(doc_ids), places.c.gazetteer_id.is_not(None))
            .distinct()
        )
        for day, gazetteer_id in conn.execute(query):
            self.places.setdefault(day, set()).add(gazetteer_id)
        self.document_days.update(
            conn.execute(
                select(docs.c.published)
                .where(docs.c.id.in_(doc_ids), docs.c.published.is_not(None))
                .distinct()
            ).scalars()
        )
        self.event_days.update(
            conn.execute(
                select(EVENT_DAY).where(events.c.doc_id.in_(doc_ids), DAY_PRECISE).distinct()
            ).scalars()
        )


def refresh(conn: Connection, touched: Touched) -> None:
    """Recompute the summary rows of the touched keys (call it last in the write's transaction)."""
    # PostgreSQL: writers recompute one after the other, each reading what the one before committed.
    lock_keys(conn, "summaries")
    place_days, document_days, event_days = schema.SUMMARY_TABLES
    if touched.places:
        _replace(
            conn,
            place_days,
            _place_scope(touched, docs.c.published, places.c.gazetteer_id),
            _place_scope(touched, place_days.c.day, place_days.c.gazetteer_id),
        )
    if touched.document_days:
        days = sorted(touched.document_days)
        _replace(conn, document_days, docs.c.published.in_(days), document_days.c.day.in_(days))
    if touched.event_days:
        event_keys = sorted(touched.event_days)
        _replace(conn, event_days, EVENT_DAY.in_(event_keys), event_days.c.day.in_(event_keys))


def rebuild(conn: Connection) -> None:
    """Recompute every summary row (a migration's backfill, a repair)."""
    lock_keys(conn, "summaries")
    for table in schema.SUMMARY_TABLES:
        _replace(conn, table, true(), true())


def stale(conn: Connection) -> list[str]:
    """The summary tables whose rows differ from a fresh computation (floats compared to 9 digits)."""
    return [
        table.name
        for table in schema.SUMMARY_TABLES
        if _comparable(conn.execute(select(table)))
        != _comparable(row for query in _fresh(table, true()) for row in conn.execute(query))
    ]


def _comparable(rows: Iterable[Any]) -> list[tuple[Any, ...]]:
    rounded = (tuple(float(f"{v:.9g}") if isinstance(v, float) else v for v in row) for row in rows)
    return sorted(rounded, key=repr)


def _replace(
    conn: Connection, table: Table, detail: ColumnElement[bool], summary: ColumnElement[bool]
) -> None:
    """Delete the rows of some keys (``summary``: the keys over the summary's columns) and compute them
    anew (``detail``: the same keys over the detailed tables)."""
    conn.execute(delete(table).where(summary))
    for query in _fresh(table, detail):
        conn.execute(insert(table).from_select(list(table.c.keys()), query))


def _place_scope(touched: Touched, day: Any, gazetteer_id: Any) -> ColumnElement[bool]:
    """Every place of the write on every day of the write: a superset of the keys touched, recomputed
    whole (so still exact) in one statement however many keys a batch has."""
    dated = [d for d in touched.places if d is not None]
    named: set[str] = set().union(*(touched.places[d] for d in dated))
    parts = []
    if dated:
        parts.append(and_(day.in_(sorted(dated)), gazetteer_id.in_(sorted(named))))
    if None in touched.places:
        parts.append(and_(day.is_(None), gazetteer_id.in_(sorted(touched.places[None]))))
    return or_(*parts)


def _fresh(table: Table, scope: ColumnElement[bool]) -> list[Select[Any]]:
    """The queries computing the rows of ``table`` within ``scope`` from the detailed tables."""
    if table is schema.place_days:
        return [_place_rows(scope, typed=False), _place_rows(scope, typed=True)]
    if table is schema.document_days:
        dated = (docs.c.published.is_not(None), scope)
        return [
            select(docs.c.published, literal(ALL_TYPES, String), func.count())
            .where(*dated)
            .group_by(docs.c.published),
            select(docs.c.published, events.c.type, func.count(func.distinct(docs.c.id)))
            .join(events, events.c.doc_id == docs.c.id)
            .where(*dated)
            .group_by(docs.c.published, events.c.type),
        ]
    return [
        select(EVENT_DAY, literal(ALL_TYPES, String), func.count())
        .where(DAY_PRECISE, scope)
        .group_by(EVENT_DAY),
        select(EVENT_DAY, events.c.type, func.count())
        .where(DAY_PRECISE, scope)
        .group_by(EVENT_DAY, events.c.type),
    ]


def _place_rows(scope: ColumnElement[bool], *, typed: bool) -> Select[Any]:
    """Place mentions grouped by publication day and place: all of them (``typed=False``), or for each
    event type those where an event of that type is placed."""
    lat, lon, mention = places.c.lat, places.c.lon, places.c.id
    events_here = select(func.count()).where(PROBE_EVENTS.c.place == mention).scalar_subquery()
    source = places.join(docs, docs.c.id == places.c.doc_id)
    event_type: Any = literal(ALL_TYPES, String)
    if typed:
        placed = select(events.c.place, events.c.type).distinct().subquery()
        source = source.join(placed, placed.c.place == mention)
        event_type = placed.c.type
    mentions = func.count(mention)

    def one_point(coordinate: Any) -> ColumnElement[bool]:
        """Every mention at the same value, or none with one."""
        located = func.count(coordinate)
        return or_(located == 0, and_(located == mentions, func.min(coordinate) == func.max(coordinate)))

    return (
        select(
            docs.c.published,
            places.c.gazetteer_id,
            event_type,
            func.max(mention),
            func.count(func.distinct(places.c.doc_id)),
            mentions,
            cast(func.coalesce(func.sum(events_here), 0), Integer),
            *(aggregate(coordinate) for coordinate in (lat, lon) for aggregate in _COORDINATE),
            not_(and_(one_point(lat), one_point(lon))),
        )
        .select_from(source)
        .where(places.c.gazetteer_id.is_not(None), scope)
        .group_by(docs.c.published, places.c.gazetteer_id, *([event_type] if typed else []))
    )


_COORDINATE = (func.min, func.max, func.sum, func.count)


# ------------------------------------------------------------------------------------------- reads


def place_groups(conn: Connection, filters: Filters) -> Select[Any] | None:
    """The map's places (the columns of ``read._place_groups``) from the summary, or None when the
    filters are not ones it is grouped by."""
    if filters != filters.keeping(*MAP_FILTERS):
        return None
    table = schema.place_days
    summed = table.c
    if filters.bbox and conn.execute(select(summed.mixed).where(summed.mixed).limit(1)).first():
        return None  # a place reported at more than one point: only the mentions can be tested
    conditions = [summed.event_type == (filters.event_type or ALL_TYPES)]
    if filters.date_from:
        conditions.append(summed.day >= filters.date_from)
    if filters.date_to:
        conditions.append(summed.day <= filters.date_to)
    if filters.place:
        conditions.append(summed.gazetteer_id == filters.place)
    if filters.bbox:
        conditions.append(in_bbox(summed.lat_min, summed.lon_min, filters.bbox))
    return (
        select(
            summed.gazetteer_id,
            func.max(summed.sample).label("sample"),
            _mean(summed.lat_min, summed.lat_max, summed.lat_sum, summed.lat_n).label("lat"),
            _mean(summed.lon_min, summed.lon_max, summed.lon_sum, summed.lon_n).label("lon"),
            cast(func.sum(summed.documents), Integer).label("documents"),
            MENTIONS.label("mentions"),
            cast(func.sum(summed.events), Integer).label("events"),
        )
        .where(*conditions)
        .group_by(summed.gazetteer_id)
    )


MENTIONS = cast(func.sum(schema.place_days.c.mentions), Integer)


def _mean(low: Any, high: Any, total: Any, count: Any) -> ColumnElement[Any]:
    """As ``read.mean`` computes it over the mentions: their one value, else their average."""
    return case((func.min(low) == func.max(high), func.min(low)), else_=func.sum(total) / func.sum(count))


def timeline(conn: Connection, filters: Filters) -> dict[str, list[Any]] | None:
    """Documents per publication day and events per day from the summaries, or None when the filters
    are not ones they are grouped by."""
    if filters != filters.keeping(*TIMELINE_FILTERS):
        return None
    found: dict[str, list[Any]] = {}
    start, end = filters.date_from, filters.date_to
    for name, table, bounds in (
        ("documents", schema.document_days, (start, end)),
        # Event days are ISO text: a day-precise date overlaps the period when its day lies within it.
        ("events", schema.event_days, (start and start.isoformat(), end and end.isoformat())),
    ):
        day = table.c.day
        query = select(day, table.c.count).where(table.c.event_type == (filters.event_type or ALL_TYPES))
        if bounds[0]:
            query = query.where(day >= bounds[0])
        if bounds[1]:
            query = query.where(day <= bounds[1])
        found[name] = list(conn.execute(query.order_by(day)).mappings())
    return found
