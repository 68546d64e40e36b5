"""Filtered, paginated reads of the store for the workspace and its API.

Every query is built with SQLAlchemy Core and bound parameters; no request value is ever spliced into SQL
text. Pages are keyset pages: a cursor holds the sort key of the last row shown, so a page never repeats
or skips rows when others are added meanwhile.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    case,
    cast,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Connection

from sitroom.store import schema, summary
from sitroom.store.filters import (
    PROBE_EVENTS,
    Filters,
    claim_conditions,
    document_level,
    event_conditions,
    fulltext_terms,
    incident_conditions,
    place_conditions,
)

MAX_PAGE = 500
SNIPPET_BEFORE, SNIPPET_AFTER = 80, 200

docs = schema.documents
# Columns of a document that list views show; the texts and the machinery stay in the detail view.
DOCUMENT_SUMMARY = (
    "id",
    "title",
    "source",
    "author",
    "url",
    "origin",
    "format",
    "published",
    "published_from",
    "language",
    "is_english",
    "status",
    "near_duplicate_of",
)


class BadCursor(ValueError):
    pass


@dataclass(slots=True)
class Page:
    items: list[dict[str, Any]]
    next: str | None  # cursor of the following page; None on the last one


# ------------------------------------------------------------------------------------------ keysets


@dataclass(frozen=True, slots=True)
class SortKey:
    """One column of a keyset order. Descending keys put NULLs last on every dialect."""

    column: ColumnElement[Any]
    name: str  # the row field holding this key's value
    descending: bool = False

    def ordering(self) -> ColumnElement[Any]:
        return self.column.desc().nulls_last() if self.descending else self.column.asc()


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [value.isoformat() if isinstance(value, date) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[SortKey]) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError as error:  # not base64, not UTF-8, not JSON
        raise BadCursor("the cursor is not one this server issued") from error
    if not isinstance(values, list) or len(values) != len(keys):
        raise BadCursor("the cursor does not fit this view")
    parsed = []
    for key, value in zip(keys, values, strict=True):
        if value is not None and not isinstance(value, str | int | float):
            raise BadCursor("the cursor does not fit this view")
        if value is not None and isinstance(key.column.type, Date):
            try:
                value = date.fromisoformat(str(value))
            except ValueError as error:
                raise BadCursor("the cursor does not fit this view") from error
        parsed.append(value)
    return parsed


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows that come after the row whose sort key is ``values``."""
    alternatives = []
    for index, key in enumerate(keys):
        ties = [_same(k.column, v) for k, v in zip(keys[:index], values[:index], strict=True)]
        value = values[index]
        if key.descending:
            if value is None:
                continue  # nothing sorts after NULL on this key
            beyond = or_(key.column < value, key.column.is_(None))
        else:
            beyond = key.column > value
        alternatives.append(and_(*ties, beyond))
    return or_(*alternatives) if alternatives else false()


def _same(column: ColumnElement[Any], value: Any) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _page(
    conn: Connection,
    query: Select[Any],
    keys: Sequence[SortKey],
    limit: int,
    cursor: str | None,
    *,
    having: bool = False,
) -> Page:
    limit = max(1, min(limit, MAX_PAGE))
    if cursor:
        condition = _after(keys, decode_cursor(cursor, keys))
        query = query.having(condition) if having else query.where(condition)
    query = query.order_by(*(key.ordering() for key in keys)).limit(limit + 1)
    rows = [dict(row) for row in conn.execute(query).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    following = encode_cursor([rows[-1][key.name] for key in keys]) if more else None
    return Page(rows, following)


# ---------------------------------------------------------------------------------------------- views


DOCUMENT_KEYS = (SortKey(docs.c.published, "published", True), SortKey(docs.c.id, "id", True))


def documents(conn: Connection, filters: Filters, limit: int, cursor: str | None) -> Page:
    query = select(*(docs.c[name] for name in DOCUMENT_SUMMARY)).where(*document_level(conn, filters))
    page = _page(conn, query, DOCUMENT_KEYS, limit, cursor)
    if filters.text and page.items:
        _add_snippets(conn, page.items, fulltext_terms(filters.text))
    return page


def _add_snippets(conn: Connection, items: list[dict[str, Any]], terms: list[str]) -> None:
    """A stretch of each found document's text around the first search word, with its offset."""
    texts = dict(
        conn.execute(select(docs.c.id, docs.c.text).where(docs.c.id.in_([i["id"] for i in items]))).all()
    )
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    for item in items:
        body = texts.get(item["id"], "")
        found = pattern.search(body)
        start = max(0, (found.start() if found else 0) - SNIPPET_BEFORE)
        item["snippet"] = body[start : start + SNIPPET_BEFORE + SNIPPET_AFTER]
        item["snippet_start"] = start


# Events by the day they happened, latest first; a date that is no calendar value (PRESENT_REF, FUTURE_REF:
# "now", "soon") sorts with the undated, last, not above every day because letters sort after digits.
_EVENT_DAY = case(
    (func.substr(schema.events.c.date, 1, 1).in_(list("0123456789")), schema.events.c.date), else_=None
).label("date_order")
EVENT_KEYS = (SortKey(_EVENT_DAY, "date_order", True), SortKey(schema.events.c.id, "id", True))


def events(conn: Connection, filters: Filters, limit: int, cursor: str | None) -> Page:
    events, places = schema.events, schema.places
    query = (
        select(
            events,
            _EVENT_DAY,
            docs.c.title.label("doc_title"),
            docs.c.source.label("doc_source"),
            docs.c.published.label("doc_published"),
            places.c.gazetteer_id.label("place_gazetteer_id"),
            places.c.name.label("place_name"),
            places.c.lat.label("place_lat"),
            places.c.lon.label("place_lon"),
        )
        .join(docs, docs.c.id == events.c.doc_id)
        .outerjoin(places, places.c.id == events.c.place)
        .where(*event_conditions(conn, filters))
    )
    return _page(conn, query, EVENT_KEYS, limit, cursor)


CLAIM_KEYS = (SortKey(schema.claims.c.date, "date", True), SortKey(schema.claims.c.id, "id", True))


def claims(conn: Connection, filters: Filters, limit: int, cursor: str | None) -> Page:
    claims, entities = schema.claims, schema.entities
    query = (
        select(
            claims,
            entities.c.name.label("speaker_name"),
            entities.c.side.label("speaker_side"),
            docs.c.title.label("doc_title"),
            docs.c.source.label("doc_source"),
            docs.c.published.label("doc_published"),
        )
        .join(docs, docs.c.id == claims.c.doc_id)
        .outerjoin(entities, entities.c.id == claims.c.speaker)
        .where(*claim_conditions(conn, filters))
    )
    return _page(conn, query, CLAIM_KEYS, limit, cursor)


_MENTIONS = func.count(schema.places.c.id)
_PLACE_DETAILS = ("name", "feature", "country", "admin1")


def _place_groups(conn: Connection, filters: Filters) -> Select[Any]:
    """Resolved places, one row per gazetteer entry, with how often and where they are reported.

    Only indexed columns are read (see ``ix_places_doc_scope``); names come from one sample mention per
    entry afterwards (``_add_place_details``).
    """
    places, events = schema.places, PROBE_EVENTS
    # Events are counted per place mention by the events.place index, so no join multiplies the rows.
    events_here = select(func.count()).where(events.c.place == places.c.id).scalar_subquery()
    return (
        select(
            places.c.gazetteer_id,
            func.max(places.c.id).label("sample"),
            mean(places.c.lat).label("lat"),
            mean(places.c.lon).label("lon"),
            func.count(func.distinct(places.c.doc_id)).label("documents"),
            _MENTIONS.label("mentions"),
            cast(func.sum(events_here), Integer).label("events"),
        )
        .where(*place_conditions(conn, filters))
        .group_by(places.c.gazetteer_id)
    )


def mean(coordinate: Any) -> ColumnElement[Any]:
    """The average, but the one value itself when all are equal: a sum of copies divided back may not
    round to it, and the summary (``summary._mean``) must give the same float."""
    return case(
        (func.min(coordinate) == func.max(coordinate), func.min(coordinate)), else_=func.avg(coordinate)
    )


def _add_place_details(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    places = schema.places
    samples = [row.pop("sample") for row in rows]
    query = select(places.c.id, *(places.c[name] for name in _PLACE_DETAILS)).where(places.c.id.in_(samples))
    details = {row["id"]: row for row in conn.execute(query).mappings()}
    for row, sample in zip(rows, samples, strict=True):
        row.update({name: details[sample][name] for name in _PLACE_DETAILS})
    return rows


PLACE_KEYS = (SortKey(_MENTIONS, "mentions", True), SortKey(schema.places.c.gazetteer_id, "gazetteer_id"))


SUMMED_PLACE_KEYS = (
    SortKey(summary.MENTIONS, "mentions", True),
    SortKey(schema.place_days.c.gazetteer_id, "gazetteer_id"),
)


def place_query(
    conn: Connection, filters: Filters, *, summed: bool = True
) -> tuple[Select[Any], tuple[SortKey, ...]]:
    """The places grouped query and its keyset: from the summary when it answers these filters."""
    from_summary = summary.place_groups(conn, filters) if summed else None
    if from_summary is not None:
        return from_summary, SUMMED_PLACE_KEYS
    return _place_groups(conn, filters), PLACE_KEYS


def places(conn: Connection, filters: Filters, limit: int, cursor: str | None) -> Page:
    page = _page(conn, *place_query(conn, filters), limit, cursor, having=True)
    page.items = _add_place_details(conn, page.items)
    return page


ENTITY_KEYS = (SortKey(schema.entities.c.name, "name"), SortKey(schema.entities.c.id, "id"))


def entities(conn: Connection, filters: Filters, limit: int, cursor: str | None) -> Page:
    """Canonical entities named in the filtered documents, with how often."""
    entities, mentions = schema.entities, schema.mentions
    level = filters.keeping(
        "date_from", "date_to", "place", "bbox", "source", "text", "event_type", "modality"
    )
    query = (
        select(
            entities,
            func.count(func.distinct(mentions.c.doc_id)).label("documents"),
            func.count(mentions.c.id).label("mentions"),
        )
        .join(mentions, mentions.c.entity_id == entities.c.id)
        .join(docs, docs.c.id == mentions.c.doc_id)
        .where(*document_level(conn, level))
        .group_by(*entities.c)
    )
    if filters.actor:
        query = query.where(entities.c.id == filters.actor)
    if filters.side:
        query = query.where(entities.c.side == filters.side)
    if filters.entity_type:
        query = query.where(entities.c.type == filters.entity_type)
    return _page(conn, query, ENTITY_KEYS, limit, cursor)


LINK_KEYS = (SortKey(schema.links.c.id, "id"),)


def links(conn: Connection, kind: str | None, record: str | None, limit: int, cursor: str | None) -> Page:
    table = schema.links
    query = select(table)
    if kind:
        query = query.where(table.c.kind == kind)
    if record:
        query = query.where(or_(table.c.source == record, table.c.target == record))
    return _page(conn, query, LINK_KEYS, limit, cursor)


def timeline(conn: Connection, filters: Filters) -> dict[str, list[dict[str, Any]]]:
    """Documents per publication day and events per event day, under the same filters as the lists."""
    summed = summary.timeline(conn, filters)
    if summed is not None:
        return {series: [_day_row(row) for row in rows] for series, rows in summed.items()}
    return detailed_timeline(conn, filters)


def detailed_timeline(conn: Connection, filters: Filters) -> dict[str, list[dict[str, Any]]]:
    day = summary.EVENT_DAY
    document_days = (
        select(docs.c.published.label("day"), func.count().label("count"))
        .where(docs.c.published.is_not(None), *document_level(conn, filters))
        .group_by(docs.c.published)
        .order_by(docs.c.published)
    )
    event_days = (
        select(day.label("day"), func.count().label("count"))
        .select_from(schema.events.join(docs, docs.c.id == schema.events.c.doc_id))
        # Day-precise values only: an interval (a week, a season) names no one day.
        .where(summary.DAY_PRECISE, *event_conditions(conn, filters))
        .group_by(day)
        .order_by(day)
    )
    return {
        "documents": [_day_row(row) for row in conn.execute(document_days).mappings()],
        "events": [_day_row(row) for row in conn.execute(event_days).mappings()],
    }


def _day_row(row: Any) -> dict[str, Any]:
    day = row["day"]
    return {"day": day.isoformat() if isinstance(day, date) else str(day), "count": row["count"]}


# ---------------------------------------------------------------------------------------------- pages


def document(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    """A document with every annotation on it, the links that touch it and the entities they name."""
    row = conn.execute(select(docs).where(docs.c.id == doc_id)).mappings().first()
    if row is None:
        return None
    found: dict[str, Any] = {"document": dict(row)}
    for table in schema.ANNOTATION_TABLES:
        query = select(table).where(table.c.doc_id == doc_id).order_by(table.c.start, table.c.id)
        found[table.name] = [dict(r) for r in conn.execute(query).mappings()]
    found["links"] = _rows(
        conn,
        select(schema.links)
        .where(or_(schema.links.c.source == doc_id, schema.links.c.target == doc_id))
        .order_by(schema.links.c.id),
    )
    named = {m["entity_id"] for m in found["mentions"] if m["entity_id"]}
    named |= {c["speaker"] for c in found["claims"] if c["speaker"]}
    found["entities"] = _rows(
        conn,
        select(schema.entities).where(schema.entities.c.id.in_(sorted(named))).order_by(schema.entities.c.id),
    )
    return found


def entity(conn: Connection, entity_id: str, limit: int) -> dict[str, Any] | None:
    entities, mentions = schema.entities, schema.mentions
    row = conn.execute(select(entities).where(entities.c.id == entity_id)).mappings().first()
    if row is None:
        return None
    mentioned = (
        select(
            docs.c.id,
            docs.c.title,
            docs.c.source,
            docs.c.published,
            func.count(mentions.c.id).label("mentions"),
        )
        .join(mentions, mentions.c.doc_id == docs.c.id)
        .where(mentions.c.entity_id == entity_id)
        .group_by(docs.c.id, docs.c.title, docs.c.source, docs.c.published)
        .order_by(*(key.ordering() for key in DOCUMENT_KEYS))
        .limit(limit)
    )
    return {
        "entity": dict(row),
        "documents": _rows(conn, mentioned),
        "claims": claims(conn, Filters(actor=entity_id), limit, None).items,
        "events": events(conn, Filters(actor=entity_id), limit, None).items,
        "aliases_seen": sorted(
            set(
                conn.execute(
                    select(mentions.c.text).where(mentions.c.entity_id == entity_id).distinct()
                ).scalars()
            )
        ),
    }


def place(conn: Connection, gazetteer_id: str, limit: int) -> dict[str, Any] | None:
    found = conn.execute(place_query(conn, Filters(place=gazetteer_id))[0]).mappings().first()
    if found is None:
        return None
    (summary,) = _add_place_details(conn, [dict(found)])
    places = schema.places
    mentioned = (
        select(places, docs.c.title.label("doc_title"), docs.c.published.label("doc_published"))
        .join(docs, docs.c.id == places.c.doc_id)
        .where(places.c.gazetteer_id == gazetteer_id)
        .order_by(*(key.ordering() for key in DOCUMENT_KEYS), places.c.start)
        .limit(limit)
    )
    return {
        "place": dict(summary),
        "mentions": _rows(conn, mentioned),
        "events": events(conn, Filters(place=gazetteer_id), limit, None).items,
    }


def _rows(conn: Connection, query: Select[Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(query).mappings()]


INCIDENT_KEYS = (
    SortKey(schema.incidents.c.last_reported, "last_reported", True),
    SortKey(schema.incidents.c.id, "id", True),
)


def incidents(conn: Connection, filters: Filters, limit: int, cursor: str | None) -> Page:
    """The reconcile stage's incidents, latest reported first."""
    query = select(schema.incidents).where(*incident_conditions(filters))
    return _page(conn, query, INCIDENT_KEYS, limit, cursor)


def incident(conn: Connection, incident_id: str) -> dict[str, Any] | None:
    """An incident with its reports: each event mention with its document's title, outlet and day."""
    found = (
        conn.execute(select(schema.incidents).where(schema.incidents.c.id == incident_id)).mappings().first()
    )
    if found is None:
        return None
    events = schema.events
    reports = _rows(
        conn,
        select(
            events,
            docs.c.title.label("doc_title"),
            docs.c.source.label("doc_source"),
            docs.c.published.label("doc_published"),
        )
        .join(docs, docs.c.id == events.c.doc_id)
        .where(events.c.id.in_(found["mentions"]))
        .order_by(docs.c.published, events.c.id),
    )
    return {"incident": dict(found), "reports": reports}


def contradictions(conn: Connection, limit: int) -> list[dict[str, Any]]:
    """The ``contradicts`` links, each with both ends as evidence: the event or claim, its words, its
    document, and for an event its place and the side it says gained control."""
    links = conn.execute(
        select(schema.links)
        .where(schema.links.c.kind == "contradicts")
        .order_by(schema.links.c.id)
        .limit(limit)
    ).mappings()
    pairs = [dict(link) for link in links]
    ends = sorted({end for link in pairs for end in (link["source"], link["target"])})
    events, claims, places, entities = schema.events, schema.claims, schema.places, schema.entities
    found: dict[str, dict[str, Any]] = {}
    document_columns = (
        docs.c.title.label("doc_title"),
        docs.c.source.label("doc_source"),
        docs.c.published.label("doc_published"),
    )
    for row in conn.execute(
        select(
            events.c.id,
            events.c.doc_id,
            events.c.text,
            events.c.type,
            events.c.trigger,
            events.c.date,
            events.c.modality,
            events.c.control_side,
            places.c.gazetteer_id.label("place"),
            places.c.name.label("place_name"),
            entities.c.name.label("speaker_name"),
            *document_columns,
        )
        .join(docs, docs.c.id == events.c.doc_id)
        .outerjoin(places, places.c.id == events.c.place)
        .outerjoin(entities, entities.c.id == events.c.claimed_by)
        .where(events.c.id.in_(ends))
    ).mappings():
        found[row["id"]] = {"record": "event", **row}
    for row in conn.execute(
        select(
            claims.c.id,
            claims.c.doc_id,
            claims.c.text,
            claims.c.cue,
            claims.c.date,
            claims.c.stance,
            claims.c.source_text,
            entities.c.name.label("speaker_name"),
            entities.c.side.label("speaker_side"),
            *document_columns,
        )
        .join(docs, docs.c.id == claims.c.doc_id)
        .outerjoin(entities, entities.c.id == claims.c.speaker)
        .where(claims.c.id.in_(ends))
    ).mappings():
        found[row["id"]] = {"record": "claim", **row}
    return [
        {**link, "first": found[link["source"]], "second": found[link["target"]]}
        for link in pairs
        if link["source"] in found and link["target"] in found
    ]


FILTERED_VIEWS: dict[str, Callable[[Connection, Filters, int, str | None], Page]] = {
    "documents": documents,
    "events": events,
    "incidents": incidents,
    "claims": claims,
    "places": places,
    "entities": entities,
}
