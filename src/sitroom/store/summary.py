"""The map's and the timeline's summaries (``schema.SUMMARY_TABLES``), kept exact by the store's writes.

A write notes the keys its documents touch, before it changes them and after (``Touched.note``), and
``refresh`` then recomputes those keys' rows from the detailed tables in the same transaction. A key is a
publication day with a place (the map; the place's month row is then summed again from its day rows), a
publication day (documents on the timeline) or an event day (events on the timeline). Recomputing rather
than adding and subtracting keeps each row exactly what a fresh GROUP BY gives, also the greatest mention
id and the distinct document counts, which no subtraction could undo; ``stale`` checks it.

Reads use the summaries when the filters are ones they are grouped by (``place_groups``, ``timeline``) and
get None otherwise, for the detailed query to answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
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
    tuple_,
)
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.schema import Table

from sitroom.store import schema
from sitroom.store.filters import PROBE_EVENTS, Filters, in_bbox
from sitroom.store.rows import lock_keys

ALL_TYPES = ""  # the event_type of the rows that count every record
# The map's places are summed by day and by month: a long period reads its whole months, the unfiltered map
# a few rows a place, not one a day.
SPANS = ("day", "month")
MAP_FILTERS = ("date_from", "date_to", "place", "bbox", "event_type")
TIMELINE_FILTERS = ("date_from", "date_to", "event_type")

docs, places, events = schema.documents, schema.places, schema.events
EVENT_DAY = func.substr(events.c.date, 1, 10)
# The timeline counts events dated to a day; an interval (a week, a season) names no one day.
DAY_PRECISE = and_(events.c.date.like("____-__-__%"), events.c.date.not_like("%/%"))


class month_start(FunctionElement[date]):
    """The first day of a date's month: each dialect says it its own way."""

    type = Date()
    name = "month_start"
    inherit_cache = True


@compiles(month_start, "sqlite")
def _month_start_sqlite(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


@compiles(month_start, "postgresql")
def _month_start_postgresql(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


def period(day: Any, span: str) -> Any:
    return day if span == "day" else month_start(day)


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
    document_days, event_days = schema.document_days, schema.event_days
    if touched.places:
        _refresh_places(conn, {(day, named) for day, names in touched.places.items() for named in names})
    if touched.document_days:
        days = sorted(touched.document_days)
        _replace(conn, document_days, docs.c.published.in_(days), document_days.c.day.in_(days))
    if touched.event_days:
        event_keys = sorted(touched.event_days)
        # The lower bound is what the date index can scan: a day's values all sort from the day on.
        scope = and_(events.c.date >= event_keys[0], EVENT_DAY.in_(event_keys))
        _replace(conn, event_days, scope, event_days.c.day.in_(event_keys))


def rebuild(conn: Connection) -> None:
    """Recompute every summary row (a migration's backfill, a repair)."""
    lock_keys(conn, "summaries")
    _refresh_places(conn, None)
    for table in schema.SUMMARY_TABLES[1:]:
        _replace(conn, table, true(), true())


def stale(conn: Connection) -> list[str]:
    """The summary tables whose rows differ from a fresh computation from the detailed tables (floats
    compared to 9 digits)."""
    fresh = {
        schema.place_days: [_place_rows(true(), span, typed) for span in SPANS for typed in (False, True)],
        schema.document_days: _fresh(schema.document_days, true()),
        schema.event_days: _fresh(schema.event_days, true()),
    }
    return [
        table.name
        for table, queries in fresh.items()
        if _comparable(conn.execute(select(table)))
        != _comparable(row for query in queries for row in conn.execute(query))
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


Pair = tuple[date | None, str]  # a day (or the first day of a month; None: undated) and a place
_CHUNK = 300  # pairs a statement: each is one term of an OR, and SQLite nests at most 1000 of them


def _refresh_places(conn: Connection, pairs: set[Pair] | None) -> None:
    """Day rows of the (day, place) pairs from the mentions, then the rows of their months from the day
    rows (a month's mentions would be thousands of rows to read again); None: every row."""
    table = schema.place_days
    summed = table.c
    columns = list(summed.keys())
    if pairs is None:
        conn.execute(delete(table))
        for typed in (False, True):
            conn.execute(insert(table).from_select(columns, _place_rows(true(), "day", typed)))
        conn.execute(insert(table).from_select(columns, _months(summed.span == "day")))
        return
    for chunk in _chunks(pairs):
        conn.execute(delete(table).where(_at(chunk, "day")))
        for typed in (False, True):
            conn.execute(insert(table).from_select(columns, _place_rows(_mentions_of(chunk), "day", typed)))
    for chunk in _chunks({(day and day.replace(day=1), named) for day, named in pairs}):
        conn.execute(delete(table).where(_at(chunk, "month")))
        conn.execute(insert(table).from_select(columns, _months(_at(chunk, "day", month=True))))


def _chunks(pairs: set[Pair]) -> Iterator[list[Pair]]:
    ordered = sorted(pairs, key=lambda pair: (pair[0] or date.min, pair[1]))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _at(pairs: list[Pair], span: str, *, month: bool = False) -> ColumnElement[bool]:
    """The ``span`` rows of these pairs (``month``: the day rows within each pair's month): one indexed
    look-up (ix_place_days_place) a pair."""
    summed = schema.place_days.c
    day = summed.day

    def days(first: date | None) -> ColumnElement[bool]:
        if first is None:
            return day.is_(None)
        return and_(day >= first, day < _next_month(first)) if month else day == first

    return or_(
        *(and_(summed.gazetteer_id == named, summed.span == span, days(first)) for first, named in pairs)
    )


def _mentions_of(pairs: list[Pair]) -> ColumnElement[bool]:
    """Place mentions of these pairs: the documents of their days first (the date index), then their
    places, as ``filters.place_conditions`` does (an alias, so the documents joined around never
    correlate into it)."""
    dated_docs = docs.alias("dated_docs")
    dated = [(day, named) for day, named in pairs if day is not None]
    undated = sorted({named for day, named in pairs if day is None})
    parts = []
    if dated:
        on_days = select(dated_docs.c.id).where(dated_docs.c.published.in_(sorted({d for d, _ in dated})))
        pair = tuple_(docs.c.published, places.c.gazetteer_id)
        parts.append(and_(places.c.doc_id.in_(on_days), pair.in_(dated)))
    if undated:
        no_day = select(dated_docs.c.id).where(dated_docs.c.published.is_(None))
        parts.append(and_(places.c.doc_id.in_(no_day), places.c.gazetteer_id.in_(undated)))
    return or_(*parts)


def _fresh(table: Table, scope: ColumnElement[bool]) -> list[Select[Any]]:
    """The queries computing the rows of a timeline summary within ``scope`` from the detailed tables."""
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


def _one_point(located: Any, mentions: Any, low: Any, high: Any) -> ColumnElement[bool]:
    """Every mention at the same value, or none with one."""
    return or_(located == 0, and_(located == mentions, low == high))


def _place_rows(scope: ColumnElement[bool], span: str, typed: bool) -> Select[Any]:
    """Place mentions grouped by publication day (or month) and place: all of them (``typed=False``), or
    for each event type those where an event of that type is placed."""
    lat, lon, mention = places.c.lat, places.c.lon, places.c.id
    events_here = select(func.count()).where(PROBE_EVENTS.c.place == mention).scalar_subquery()
    source = places.join(docs, docs.c.id == places.c.doc_id)
    event_type: Any = literal(ALL_TYPES, String)
    if typed:
        # The (mention, type) pairs of the events placed at the mentions in scope, and only those.
        placed = (
            select(events.c.place, events.c.type)
            .select_from(
                events.join(places, places.c.id == events.c.place).join(docs, docs.c.id == places.c.doc_id)
            )
            .where(scope)
            .distinct()
            .subquery()
        )
        source = source.join(placed, placed.c.place == mention)
        event_type = placed.c.type
    mentions = func.count(mention)
    day = period(docs.c.published, span)
    return (
        select(
            literal(span, String),
            day,
            places.c.gazetteer_id,
            event_type,
            func.max(mention),
            func.count(func.distinct(places.c.doc_id)),
            mentions,
            cast(func.coalesce(func.sum(events_here), 0), Integer),
            *(aggregate(coordinate) for coordinate in (lat, lon) for aggregate in _COORDINATE),
            not_(and_(*(_one_point(func.count(c), mentions, func.min(c), func.max(c)) for c in (lat, lon)))),
        )
        .select_from(source)
        .where(places.c.gazetteer_id.is_not(None), scope)
        .group_by(day, places.c.gazetteer_id, *([event_type] if typed else []))
    )


def _months(scope: ColumnElement[bool]) -> Select[Any]:
    """Month rows summed from the day rows that ``scope`` picks: the numbers ``_place_rows`` would count."""
    summed = schema.place_days.c
    mentions = func.sum(summed.mentions)
    month: Any = month_start(summed.day)

    def total(column: Any) -> Any:
        return cast(func.sum(column), Integer)

    aggregates: tuple[Callable[[Any], Any], ...] = (func.min, func.max, func.sum, total)

    return (
        select(
            literal("month", String),
            month,
            summed.gazetteer_id,
            summed.event_type,
            func.max(summed.sample),
            total(summed.documents),
            total(summed.mentions),
            total(summed.events),
            *(
                aggregate(column)
                for axis in ("lat", "lon")
                for aggregate, column in zip(
                    aggregates,
                    (
                        summed[f"{axis}_min"],
                        summed[f"{axis}_max"],
                        summed[f"{axis}_sum"],
                        summed[f"{axis}_n"],
                    ),
                    strict=True,
                )
            ),
            not_(
                and_(
                    *(
                        _one_point(
                            func.sum(summed[f"{axis}_n"]),
                            mentions,
                            func.min(summed[f"{axis}_min"]),
                            func.max(summed[f"{axis}_max"]),
                        )
                        for axis in ("lat", "lon")
                    )
                )
            ),
        )
        .where(scope)
        .group_by(month, summed.gazetteer_id, summed.event_type)
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
    conditions = [summed.event_type == (filters.event_type or ALL_TYPES), _period_rows(filters)]
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


def _period_rows(filters: Filters) -> ColumnElement[bool]:
    """The rows that cover the period exactly: its whole months by month, the days before and after them
    by day; without a period, every month (and the undated)."""
    first, last = filters.date_from, filters.date_to
    summed = schema.place_days.c
    if first is None and last is None:
        return summed.span == "month"
    # The whole months within the period: from the first month that starts in it, up to (not including)
    # the month in which it ends, or the one after that when it ends on its month's last day.
    months_from = first and (first if first.day == 1 else _next_month(first))
    months_to = last and (_next_month(last) if (last + timedelta(days=1)).day == 1 else last.replace(day=1))
    in_period = [summed.day >= first] if first else []
    in_period += [summed.day <= last] if last else []
    if months_from and months_to and months_from >= months_to:
        return and_(summed.span == "day", *in_period)
    months = [summed.day >= months_from] if months_from else []
    months += [summed.day < months_to] if months_to else []
    return or_(
        and_(summed.span == "month", *months),
        and_(summed.span == "day", *in_period, not_(and_(*months))),
    )


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


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
