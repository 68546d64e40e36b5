"""The map's and the timeline's summary tables: kept equal to a fresh count by every write, and answering
the views exactly as the detailed queries do."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text, update

from conftest import make_document
from sitroom.records import Annotations, Event, Place, stable_id
from sitroom.store import Filters, Store, read, schema, summary
from sitroom.store import doctor as doctor_module

# Place ids with their points; "geonames:3" is reported at two points, so boxes cannot use the summary.
POINTS = {
    "geonames:1": [(49.21, 37.25)],
    "geonames:2": [(48.99, 37.80)],
    "geonames:3": [(50.45, 30.52), (50.46, 30.5)],
    "geonames:4": [(None, None)],
    "geonames:5": [(47.98, 37.28)],
}
# The same places, each at one point: boxes are answered by the summary.
ONE_POINT = {gazetteer_id: points[:1] for gazetteer_id, points in POINTS.items()}
# Publication days on and around the bounds of the periods filtered below.
DAYS = [date(2022, 8, d) for d in (20, 25, 31)] + [date(2022, 9, d) for d in (1, 9, 12, 30)]
DAYS += [date(2022, 10, d) for d in (1, 5, 31)] + [date(2022, 11, 2), None]
TYPES = ("ASSAULT", "CONTROL", "AID")
FIRST = date(2022, 8, 20)


def _event_date(rng: random.Random, published: date | None) -> str | None:
    day = (published or FIRST) - timedelta(days=rng.randrange(3))
    return rng.choice(
        [
            day.isoformat(),
            f"{day.isoformat()}T10:00",
            day.isoformat()[:7],
            f"{day.isoformat()}/{(day + timedelta(days=4)).isoformat()}",
            "2022-W36",
            "PRESENT_REF",
            None,
        ]
    )


def _report(
    rng: random.Random, n: int, version: int = 0, points: dict[str, list[Any]] = POINTS
) -> tuple[Any, Annotations]:
    body = f"Report {n} version {version}: " + " ".join(f"w{rng.randrange(1000)}" for _ in range(12))
    published = rng.choice(DAYS)
    doc = make_document(body, published=published, url=f"https://example.org/{n}")
    return doc, _annotations(rng, doc, points)


def _annotations(rng: random.Random, doc: Any, points: dict[str, list[Any]] = POINTS) -> Annotations:
    annotations = Annotations(doc=doc.id)
    words = [(found.start(), found.group()) for found in re.finditer(r"w\d+", doc.text)]
    for start, word in rng.sample(words, rng.randrange(6)):
        gazetteer_id = rng.choice([*points, None])
        lat, lon = rng.choice(points[gazetteer_id]) if gazetteer_id else (None, None)
        annotations.places.append(
            Place(
                stable_id("plc", doc.id, start),
                doc.id,
                start,
                start + len(word),
                word,
                gazetteer_id,
                f"Name of {gazetteer_id}",
                "city",
                lat,
                lon,
            )
        )
    for index in range(rng.randrange(4)):
        place = rng.choice([*annotations.places, None]) if annotations.places else None
        annotations.events.append(
            Event(
                id=stable_id("evt", doc.id, index),
                doc=doc.id,
                start=0,
                end=6,
                text=doc.text[:6],
                type=rng.choice(TYPES),
                trigger="Report",
                trigger_start=0,
                trigger_end=6,
                place=place.id if place else None,
                date=_event_date(rng, doc.published),
            )
        )
    return annotations


def _write(store: Store, reports: list[tuple[Any, Annotations]]) -> None:
    for doc, _ in reports:
        store.add_document(doc)
    store.save_annotations([annotations for _, annotations in reports], "test")


SEPTEMBER = (date(2022, 9, 1), date(2022, 9, 30))
FILTERS = [
    Filters(),
    Filters(date_from=SEPTEMBER[0], date_to=SEPTEMBER[1]),  # a whole month
    Filters(date_from=date(2022, 8, 25), date_to=date(2022, 10, 5)),  # days, a month, days
    Filters(date_from=date(2022, 8, 31), date_to=date(2022, 10, 31)),  # a day, two months
    Filters(date_from=date(2022, 9, 12), date_to=date(2022, 9, 18)),  # days within a month
    Filters(date_from=date(2022, 9, 5)),
    Filters(date_to=date(2022, 9, 30), event_type="CONTROL"),
    Filters(date_to=date(2022, 9, 4)),
    Filters(event_type="ASSAULT"),
    Filters(place="geonames:1"),
    Filters(place="geonames:3", event_type="AID", date_from=SEPTEMBER[0]),
    Filters(bbox=(37.0, 48.0, 38.0, 50.0)),
    Filters(bbox=(37.0, 48.0, 38.0, 50.0), date_from=date(2022, 8, 22), event_type="ASSAULT"),
]


def _map(conn: Any, filters: Filters, *, summed: bool) -> list[dict[str, Any]]:
    """Every row of the map, a keyset page of four at a time."""
    rows, cursor = [], None
    while True:
        query, keys = read.place_query(conn, filters, summed=summed)
        page = read._page(conn, query, keys, 4, cursor, having=True)
        rows += read._add_place_details(conn, page.items)
        if page.next is None:
            return rows
        cursor = page.next


def _assert_same_views(store: Store) -> None:
    with store.engine.connect() as conn:
        for filters in FILTERS:
            summed, detailed = _map(conn, filters, summed=True), _map(conn, filters, summed=False)
            assert [row.pop("lat") for row in summed] == pytest.approx([row.pop("lat") for row in detailed])
            assert [row.pop("lon") for row in summed] == pytest.approx([row.pop("lon") for row in detailed])
            assert summed == detailed, filters
            if filters.keeping("date_from", "date_to", "event_type") == filters:
                assert read.timeline(conn, filters) == read.detailed_timeline(conn, filters), filters


@pytest.mark.parametrize("points", [POINTS, ONE_POINT], ids=["a place at two points", "one point each"])
def test_the_summaries_follow_adds_reprocessing_and_replacements(store, points):
    rng = random.Random(20)
    first = [_report(rng, n, points=points) for n in range(36)]
    for batch in (first[:12], first[12:24], first[24:]):
        _write(store, batch)
    with store.engine.connect() as conn:
        assert summary.stale(conn) == []
        assert conn.execute(text("SELECT count(*) FROM place_days")).scalar_one() > 0
        boxed = Filters(bbox=(37.0, 48.0, 38.0, 50.0))
        assert (summary.place_groups(conn, boxed) is None) == (points is POINTS)
    _assert_same_views(store)
    # Annotated again, differently (a new pipeline version): the old records' counts must go.
    store.save_annotations([_annotations(rng, doc, points) for doc, _ in first[:8]], "test-2")
    # New versions of six articles replace the old ones and their annotations.
    _write(store, [_report(rng, n, 1, points) for n in range(10, 16)])
    with store.engine.connect() as conn:
        assert summary.stale(conn) == []
    _assert_same_views(store)


def test_the_views_use_the_summaries_only_for_the_filters_they_are_grouped_by(store):
    rng = random.Random(3)
    _write(store, [_report(rng, n) for n in range(10)])
    with store.engine.connect() as conn:
        assert summary.place_groups(conn, Filters(event_type="AID", date_from=FIRST)) is not None
        assert summary.place_groups(conn, Filters(side="UA")) is None
        assert summary.timeline(conn, Filters(source="Outlet A")) is None
        boxed = Filters(bbox=(37.0, 48.0, 38.0, 50.0))
        mixed = conn.execute(text("SELECT count(*) FROM place_days WHERE mixed")).scalar_one()
        # A place reported at two points (geonames:3) is tested mention by mention.
        assert (summary.place_groups(conn, boxed) is None) == (mixed > 0)


def test_a_migrated_store_has_its_summaries_filled(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine

    from sitroom.store.migrate import alembic_config

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        # Written by a sitroom of 0007, which knew no summaries.
        rng = random.Random(5)
        for doc, annotations in [_report(rng, n) for n in range(12)]:
            connection.execute(schema.documents.insert(), [_document_row(doc)])
            for table in (schema.places, schema.events):
                rows = [_annotation_row(record) for record in getattr(annotations, table.name)]
                if rows:
                    connection.execute(table.insert(), rows)
    engine.dispose()
    with Store.open(path) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM document_days")).scalar_one() > 0
        assert summary.stale(conn) == []


def _document_row(doc: Any) -> dict[str, Any]:
    from sitroom.store.rows import document_row

    return document_row(doc, f"content:{doc.content_hash}", None)


def _annotation_row(record: Any) -> dict[str, Any]:
    """A row as a sitroom of 0007 wrote it: before the events' category (0009)."""
    from sitroom.store.rows import annotation_row

    row = annotation_row(record)
    row.pop("category", None)
    return row


def test_doctor_finds_and_recomputes_a_summary_that_drifted(tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        rng = random.Random(8)
        _write(store, [_report(rng, n) for n in range(10)])
        with store.engine.begin() as conn:
            conn.execute(update(schema.document_days).values(count=schema.document_days.c.count + 1))
        diagnosis = doctor_module.diagnose(store)
        assert [f.line() for f in diagnosis.findings] == [
            "summaries: summary tables that differ from the records they count: 1 (e.g. document_days)"
        ]
        assert "recomputed the map and timeline summaries" in doctor_module.repair(store, diagnosis)
        assert doctor_module.diagnose(store).healthy
