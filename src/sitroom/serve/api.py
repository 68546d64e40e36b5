"""The JSON API: filtered, keyset-paginated views of the store, record pages, search, downloads."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sitroom.pipeline_setup import place_spellings
from sitroom.records import SourceDocument
from sitroom.report import bundled_speakers
from sitroom.report.export import (
    export_record,
    point_features,
    write_csv_records,
    write_feature_collection,
    write_parquet_records,
)
from sitroom.serve.jobs import ProcessJob
from sitroom.store import BadCursor, Filters, Page, Store
from sitroom.workflow import add_source

MAP_LIMIT = 5000
TEXT_LIMIT = 200  # longest filter value accepted: ids, names and search boxes are all far shorter


class Problem(BaseModel):
    detail: str


# Our own refusals are 400s with one sentence; 422 stays FastAPI's list of schema violations.
router = APIRouter(
    prefix="/api",
    responses={
        400: {"model": Problem, "description": "a value the schema allows but this view cannot use"},
        401: {"model": Problem, "description": "the token is missing or wrong"},
        404: {"model": Problem, "description": "no such record"},
    },
)
Text = Annotated[str | None, Query(max_length=TEXT_LIMIT)]


class View(StrEnum):
    documents = "documents"
    events = "events"
    incidents = "incidents"
    claims = "claims"
    places = "places"
    entities = "entities"


class DownloadFormat(StrEnum):
    csv = "csv"
    geojson = "geojson"
    parquet = "parquet"


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    next: str | None = Field(description="cursor of the next page; null on the last page")


class FeatureCollection(BaseModel):
    type: str = "FeatureCollection"
    features: list[dict[str, Any]]


class Day(BaseModel):
    day: str
    count: int


class Timeline(BaseModel):
    documents: list[Day]
    events: list[Day]


class NewDocument(BaseModel):
    text: str = Field(min_length=1, max_length=5_000_000)
    title: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=TEXT_LIMIT)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")


class Added(BaseModel):
    added: int
    replaced: int
    duplicates: int


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(store_of)]


_LON = r"-?(?:180(?:\.0+)?|(?:1[0-7]\d|\d{1,2})(?:\.\d+)?)"
_LAT = r"-?(?:90(?:\.0+)?|\d(?:\d)?(?:\.\d+)?)"
BBOX_PATTERN = f"^{_LON},{_LAT},{_LON},{_LAT}$"


DAY = r"^\d{4}-\d{2}-\d{2}$"


def parse_day(day: str | None) -> date | None:
    if not day:
        return None
    try:
        return date.fromisoformat(day)
    except ValueError as error:
        raise HTTPException(400, f"{day} is not a day of the calendar") from error


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    """West, south, east, north; a west edge east of the east edge crosses the antimeridian."""
    if not bbox:
        return None
    west, south, east, north = (float(part) for part in bbox.split(","))
    if max(abs(south), abs(north)) > 90:
        raise HTTPException(400, "latitudes lie within -90..90")
    return west, min(south, north), east, max(south, north)


def filters(
    date_from: Annotated[
        str | None, Query(alias="from", pattern=DAY, description="first day, YYYY-MM-DD")
    ] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DAY, description="last day, YYYY-MM-DD")] = None,
    place: Annotated[str | None, Query(max_length=TEXT_LIMIT, description="gazetteer id")] = None,
    bbox: Annotated[
        str | None, Query(max_length=TEXT_LIMIT, pattern=BBOX_PATTERN, description="west,south,east,north")
    ] = None,
    actor: Annotated[str | None, Query(max_length=TEXT_LIMIT, description="entity id")] = None,
    side: Text = None,
    event_type: Text = None,
    source: Annotated[str | None, Query(max_length=TEXT_LIMIT, description="outlet")] = None,
    modality: Text = None,
    q: Annotated[str | None, Query(max_length=TEXT_LIMIT, description="full-text query")] = None,
) -> Filters:
    return Filters(
        date_from=parse_day(date_from),
        date_to=parse_day(date_to),
        place=place or None,
        bbox=parse_bbox(bbox),
        actor=actor or None,
        side=side or None,
        event_type=event_type or None,
        source=source or None,
        modality=modality or None,
        text=q or None,
        spellings=place_spellings(q) if q else (),
    )


FiltersDep = Annotated[Filters, Depends(filters)]
Limit = Annotated[int, Query(ge=1, le=500)]
Cursor = Annotated[
    str | None,
    Query(max_length=1000, pattern=r"^[A-Za-z0-9_-]*$", description="the `next` of the previous page"),
]


def _shaped(view: View, page: Page) -> PageOut:
    # Each view's rows take the export shape of the collection of the same name.
    return PageOut(items=[export_record(view.value, row) for row in page.items], next=page.next)


def _view(store: Store, view: View, filters: Filters, limit: int, cursor: str | None) -> PageOut:
    try:
        return _shaped(view, store.view(view.value, filters, limit, cursor))
    except BadCursor as error:
        raise HTTPException(400, str(error)) from error


@router.get("/stats", summary="Counts of documents by status and of every kind of record")
def stats(store: StoreDep) -> dict[str, int]:
    return store.counts()


@router.get("/documents", summary="Documents, newest first")
def list_documents(store: StoreDep, f: FiltersDep, limit: Limit = 50, cursor: Cursor = None) -> PageOut:
    return _view(store, View.documents, f, limit, cursor)


@router.get("/search", summary="Full-text search over titles and texts, with the same filters")
def search(
    store: StoreDep,
    f: FiltersDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOut:
    if not f.text:
        raise HTTPException(400, "q (the words to search for) is required")
    return _view(store, View.documents, f, limit, cursor)


@router.get("/documents/{doc_id}", summary="A document with its text, every annotation and its links")
def one_document(store: StoreDep, doc_id: str) -> dict[str, Any]:
    found = store.document_page(doc_id)
    if found is None:
        raise HTTPException(404, "no such document")
    shaped: dict[str, Any] = {"document": export_record("documents", found.pop("document"))}
    for collection, rows in found.items():
        shaped[collection] = [export_record(collection, row) for row in rows]
    return shaped


@router.post(
    "/ingest", status_code=201, summary="Add a document (needs the token); `sitroom process` annotates it"
)
def add_document(store: StoreDep, new: NewDocument) -> Added:
    source = SourceDocument(
        origin="<api>",
        format="text",
        raw_text=new.text,
        url=new.url,
        title=new.title,
        source=new.source,
        published=parse_day(new.published),
        published_from="metadata" if new.published else None,
    )
    summary = add_source(store, source)
    return Added(added=summary.added, replaced=summary.replaced, duplicates=summary.duplicates)


class JobProgress(BaseModel):
    state: str = Field(description="idle, running, done or failed")
    total: int
    done: int
    processed: int
    skipped: int
    failed: int
    error: str | None


def job_of(request: Request) -> ProcessJob:
    job: ProcessJob = request.app.state.process_job
    return job


JobDep = Annotated[ProcessJob, Depends(job_of)]


@router.post(
    "/process",
    status_code=202,
    summary="Annotate, in the background, every document not yet processed (needs the token)",
    responses={409: {"model": Problem, "description": "a run is already going on"}},
)
def start_processing(job: JobDep) -> JobProgress:
    if not job.start():
        raise HTTPException(409, "documents are already being processed")
    return JobProgress(**job.snapshot())


@router.get("/progress", summary="Progress of the background annotation run")
def processing_progress(job: JobDep) -> JobProgress:
    return JobProgress(**job.snapshot())


@router.get("/events", summary="Events, latest first")
def list_events(store: StoreDep, f: FiltersDep, limit: Limit = 50, cursor: Cursor = None) -> PageOut:
    return _view(store, View.events, f, limit, cursor)


@router.get(
    "/incidents",
    summary="Incidents (one per happening, from all its reports) with status and origins, latest reported "
    "first; filtered by period, place, area, side, event type and modality",
)
def list_incidents(store: StoreDep, f: FiltersDep, limit: Limit = 50, cursor: Cursor = None) -> PageOut:
    return _view(store, View.incidents, f, limit, cursor)


@router.get("/incidents/{incident_id}", summary="An incident with each of its reports")
def one_incident(store: StoreDep, incident_id: str) -> dict[str, Any]:
    found = store.incident_page(incident_id)
    if found is None:
        raise HTTPException(404, "no such incident")
    return {
        "incident": export_record("incidents", found["incident"]),
        "reports": [export_record("events", row) for row in found["reports"]],
    }


@router.get(
    "/contradictions",
    summary="Evidence that disagrees (events, claims): each pair with both ends' words and documents",
)
def list_contradictions(store: StoreDep, limit: Limit = 500) -> list[dict[str, Any]]:
    return [
        {
            **export_record("links", {k: v for k, v in pair.items() if k not in {"first", "second"}}),
            "first": export_record("evidence", pair["first"]),
            "second": export_record("evidence", pair["second"]),
        }
        for pair in store.contradictions(limit)
    ]


@router.get("/claims", summary="The claims ledger, latest first")
def list_claims(store: StoreDep, f: FiltersDep, limit: Limit = 50, cursor: Cursor = None) -> PageOut:
    page = _view(store, View.claims, f, limit, cursor)
    # The speaker as the report's ledger names it: one name for "Ukraine", "Ukrainian officials", "Kyiv".
    speakers = bundled_speakers()
    for row in page.items:
        written = row.get("speaker_name") or row["speaker_role"] or row["source_text"]
        row["speaker_as"] = speakers.of(written).name if written else None
    return page


@router.get("/places", summary="Resolved places, most reported first")
def list_places(store: StoreDep, f: FiltersDep, limit: Limit = 50, cursor: Cursor = None) -> PageOut:
    return _view(store, View.places, f, limit, cursor)


@router.get("/places/{gazetteer_id}", summary="A place: where it is, its mentions and its events")
def one_place(store: StoreDep, gazetteer_id: str) -> dict[str, Any]:
    found = store.place_page(gazetteer_id)
    if found is None:
        raise HTTPException(404, "no such place in the store")
    return {
        "place": export_record("places", found["place"]),
        "mentions": [export_record("places", row) for row in found["mentions"]],
        "events": [export_record("events", row) for row in found["events"]],
    }


@router.get("/entities", summary="Entities named in the filtered documents, by name")
def list_entities(
    store: StoreDep,
    f: FiltersDep,
    type: Text = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOut:
    return _view(store, View.entities, replace(f, entity_type=type or None), limit, cursor)


@router.get("/entities/{entity_id}", summary="An entity: its documents, claims and events")
def one_entity(store: StoreDep, entity_id: str) -> dict[str, Any]:
    found = store.entity_page(entity_id)
    if found is None:
        raise HTTPException(404, "no such entity")
    return {
        "entity": export_record("entities", found["entity"]),
        "aliases_seen": found["aliases_seen"],
        "documents": [export_record("documents", row) for row in found["documents"]],
        "claims": [export_record("claims", row) for row in found["claims"]],
        "events": [export_record("events", row) for row in found["events"]],
    }


@router.get("/links", summary="Cross-document links (near_duplicate, same_event, corroborates, contradicts)")
def list_links(
    store: StoreDep,
    kind: Text = None,
    record: Annotated[
        str | None, Query(max_length=TEXT_LIMIT, description="a record id at either end")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOut:
    try:
        page = store.links_page(kind or None, record or None, limit, cursor)
    except BadCursor as error:
        raise HTTPException(400, str(error)) from error
    return PageOut(items=[export_record("links", row) for row in page.items], next=page.next)


@router.get("/timeline", summary="Documents per publication day and events per day, filtered")
def timeline(store: StoreDep, f: FiltersDep) -> Timeline:
    # Validated whole (in pydantic's core): a model built a day at a time cost more than the query.
    return Timeline.model_validate(store.timeline(f))


@router.get("/map", summary="Resolved places under the filters as GeoJSON points, with their counts")
def map_places(store: StoreDep, f: FiltersDep) -> FeatureCollection:
    page = store.view("places", f, MAP_LIMIT)
    records = [export_record("places", row) for row in page.items]
    return FeatureCollection(features=list(point_features(records, id_key="gazetteer_id")))


_GEOMETRY = {
    View.places: ("gazetteer_id", "lat", "lon"),
    View.events: ("id", "place_lat", "place_lon"),
    View.incidents: ("id", "lat", "lon"),
}
_MEDIA = {
    DownloadFormat.csv: "text/csv; charset=utf-8",
    DownloadFormat.geojson: "application/geo+json",
    DownloadFormat.parquet: "application/vnd.apache.parquet",
}


@router.get(
    "/download/{view}",
    summary="Every row of a filtered view as CSV, GeoJSON (places, events) or Parquet",
    response_class=Response,
    responses={200: {"content": {media: {} for media in _MEDIA.values()}}},
)
def download(
    store: StoreDep, view: View, f: FiltersDep, format: DownloadFormat = DownloadFormat.csv
) -> Response:
    if format is DownloadFormat.geojson and view not in _GEOMETRY:
        raise HTTPException(
            400, "GeoJSON is offered for places, events and incidents: views with coordinates"
        )
    records = (export_record(view.value, row) for row in store.view_all(view.value, f))
    # The name is made here from the view and format alone; nothing in a request names a file.
    headers = {"Content-Disposition": f'attachment; filename="sitroom-{view.value}.{format.value}"'}
    if format is DownloadFormat.parquet:
        binary = io.BytesIO()
        write_parquet_records(binary, records)
        return Response(binary.getvalue(), media_type=_MEDIA[format], headers=headers)
    body = io.StringIO()
    if format is DownloadFormat.geojson:
        write_feature_collection(body, point_features(records, *_GEOMETRY[view]))
    else:
        write_csv_records(body, records)
    return Response(body.getvalue(), media_type=_MEDIA[format], headers=headers)
