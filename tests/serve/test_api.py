from __future__ import annotations

import csv
import io
import json
import time
from datetime import date

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from conftest import make_document
from serve.conftest import HOSTILE_PAYLOAD, HOSTILE_TITLE, IZIUM, KHARKIV, TOKEN
from sitroom.serve import create_app

WRITE_HEADERS = {"X-Sitroom-Token": TOKEN}


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_openapi_describes_every_endpoint(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/search",
        "/api/events",
        "/api/claims",
        "/api/places",
        "/api/places/{gazetteer_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/links",
        "/api/timeline",
        "/api/map",
        "/api/download/{view}",
    ):
        assert path in paths


def test_documents_newest_first_with_filters(client, workspace):
    _, ids = workspace
    assert _ids(client.get("/api/documents")) == [ids["third"], ids["second"], ids["first"]]
    assert _ids(client.get("/api/documents", params={"from": "2022-09-11", "to": "2022-12-31"})) == [
        ids["second"]
    ]
    assert _ids(client.get("/api/documents", params={"place": IZIUM[0]})) == [ids["first"]]
    assert _ids(client.get("/api/documents", params={"bbox": "36,49.5,37,50.5"})) == [
        ids["second"],
        ids["first"],
    ]
    assert _ids(client.get("/api/documents", params={"actor": "ent_peskov"})) == [ids["second"]]
    assert _ids(client.get("/api/documents", params={"side": "UA"})) == [ids["first"]]
    assert _ids(client.get("/api/documents", params={"event_type": "CONTROL"})) == [ids["first"]]
    assert _ids(client.get("/api/documents", params={"modality": "negated"})) == [ids["second"]]
    assert _ids(client.get("/api/documents", params={"source": "Wire"})) == [ids["third"], ids["first"]]


def test_keyset_pages_neither_repeat_nor_skip_when_documents_arrive(client, workspace):
    store, ids = workspace
    first_page = client.get("/api/documents", params={"limit": 1}).json()
    assert [item["id"] for item in first_page["items"]] == [ids["third"]]
    # A newer document arriving between pages must not shift the next page.
    store.add_document(make_document("Late news from Kupiansk.", title="Late"))
    seen = [item["id"] for item in first_page["items"]]
    cursor = first_page["next"]
    while cursor:
        page = client.get("/api/documents", params={"limit": 1, "cursor": cursor}).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
    # The undated late document sorts last (unknown dates go after every known one).
    assert seen[:3] == [ids["third"], ids["second"], ids["first"]]
    assert len(seen) == len(set(seen)) == 4


def test_a_cursor_the_server_did_not_issue_is_a_client_error(client):
    for cursor in ("notbase64", "bm90IGpzb24", "WzEsMiwzXQ", "WyIyMDIyLTEzLTQ1IiwgIngiXQ", "gA"):
        assert client.get("/api/documents", params={"cursor": cursor}).status_code == 400
    assert client.get("/api/documents", params={"cursor": "\x80"}).status_code == 422


def test_search_finds_words_in_title_and_text_and_ignores_query_syntax(client, workspace):
    _, ids = workspace
    assert _ids(client.get("/api/search", params={"q": "recaptured"})) == [ids["first"]]
    assert _ids(client.get("/api/search", params={"q": "conference"})) == [ids["third"]]
    assert _ids(client.get("/api/search", params={"q": "Kharkiv", "to": "2022-09-10"})) == [ids["first"]]
    found = client.get("/api/search", params={"q": "explosions"}).json()["items"][0]
    assert "explosions" in found["snippet"]
    for syntax in ('"', "Kharkiv OR", "NEAR(a b)", "*", "title:x", "AND AND", "'; --"):
        assert client.get("/api/search", params={"q": syntax}).status_code == 200
    assert client.get("/api/search").status_code == 400


def test_search_finds_a_place_under_every_spelling(client, workspace):
    _, ids = workspace
    # The first document writes "Izium" only; the gazetteer knows the other romanisations of it.
    for spelling in ("Izium", "Izyum", "Izjum", "izyum", "Isjum"):
        assert _ids(client.get("/api/search", params={"q": spelling})) == [ids["first"]], spelling
    assert _ids(client.get("/api/search", params={"q": "Izyum recaptured"})) == [ids["first"]]
    assert _ids(client.get("/api/search", params={"q": "Izyum conference"})) == []
    # Kharkiv's spellings find both documents that name it, and nothing else.
    assert _ids(client.get("/api/search", params={"q": "Kharkov"})) == [ids["second"], ids["first"]]


def test_search_index_follows_replaced_documents(client, workspace):
    store, _ = workspace
    store.add_document(make_document("Old wording about Vuhledar.", external_id="r-1"))
    assert len(_ids(client.get("/api/search", params={"q": "Vuhledar"}))) == 1
    store.add_document(make_document("New wording about Avdiivka.", external_id="r-1"))
    assert _ids(client.get("/api/search", params={"q": "Vuhledar"})) == []
    assert len(_ids(client.get("/api/search", params={"q": "Avdiivka"}))) == 1


def test_events_filters(client, workspace):
    _, ids = workspace
    both = {ids["first_event"], ids["second_event"]}
    assert set(_ids(client.get("/api/events"))) == both
    # A month-precision date overlaps a range inside that month; a day outside the range does not.
    assert _ids(client.get("/api/events", params={"from": "2022-09-11", "to": "2022-09-20"})) == [
        ids["second_event"]
    ]
    assert _ids(client.get("/api/events", params={"from": "2022-10-01"})) == []
    assert _ids(client.get("/api/events", params={"place": IZIUM[0]})) == [ids["first_event"]]
    assert _ids(client.get("/api/events", params={"bbox": "36.0,49.9,36.5,50.1"})) == [ids["second_event"]]
    assert _ids(client.get("/api/events", params={"actor": "ent_peskov"})) == [ids["second_event"]]
    assert _ids(client.get("/api/events", params={"side": "UA"})) == [ids["first_event"]]
    assert _ids(client.get("/api/events", params={"event_type": "ASSAULT"})) == [ids["second_event"]]
    assert _ids(client.get("/api/events", params={"modality": "asserted"})) == [ids["first_event"]]
    assert _ids(client.get("/api/events", params={"source": "Wire"})) == [ids["first_event"]]
    event = client.get("/api/events", params={"place": IZIUM[0]}).json()["items"][0]
    assert (event["place_name"], event["doc_title"]) == ("Izium", "Izium retaken")


def test_claims_ledger_filters(client, workspace):
    _, ids = workspace
    assert _ids(client.get("/api/claims", params={"actor": "ent_peskov"})) == [ids["second_claim"]]
    assert _ids(client.get("/api/claims", params={"side": "UA"})) == [ids["first_claim"]]
    assert _ids(client.get("/api/claims", params={"place": KHARKIV[0]})) == [ids["second_claim"]]
    assert _ids(client.get("/api/claims", params={"modality": "negated"})) == [ids["second_claim"]]
    claim = client.get("/api/claims", params={"actor": "ent_peskov"}).json()["items"][0]
    assert (claim["speaker_name"], claim["stance"]) == ("Dmitry Peskov", ["denial"])
    # How the speaker tells it travels with the claim: the denied shelling is negated, not asserted.
    assert (claim["factuality"]["polarity"], claim["factuality"]["cue"]) == ("NEG", "denied")
    zelensky = client.get("/api/claims", params={"actor": "ent_zelensky"}).json()["items"][0]
    assert zelensky["factuality"] is None  # stored without one: the workspace says "not read"


def test_places_are_grouped_by_gazetteer_entry(client):
    places = client.get("/api/places").json()["items"]
    assert places[0]["gazetteer_id"] == KHARKIV[0]
    assert (places[0]["mentions"], places[0]["documents"], places[0]["events"]) == (2, 2, 1)
    in_sept = client.get("/api/places", params={"from": "2022-09-01", "to": "2022-09-30"}).json()["items"]
    assert {p["name"] for p in in_sept} == {"Kharkiv", "Izium"}
    page = client.get(f"/api/places/{IZIUM[0]}").json()
    assert page["place"]["name"] == "Izium"
    assert [m["text"] for m in page["mentions"]] == ["Izium"]
    assert len(page["events"]) == 1
    assert client.get("/api/places/geonames:0").status_code == 404


def test_map_is_geojson_longitude_first(client):
    collection = client.get("/api/map", params={"to": "2022-12-31"}).json()
    points = {f["id"]: f["geometry"]["coordinates"] for f in collection["features"]}
    assert points == {KHARKIV[0]: [KHARKIV[3], KHARKIV[2]], IZIUM[0]: [IZIUM[3], IZIUM[2]]}


def test_entities_and_entity_page(client):
    names = [e["name"] for e in client.get("/api/entities").json()["items"]]
    assert names == ["Dmitry Peskov", "Volodymyr Zelensky"]
    assert [e["name"] for e in client.get("/api/entities", params={"side": "RU"}).json()["items"]] == [
        "Dmitry Peskov"
    ]
    page = client.get("/api/entities/ent_zelensky").json()
    assert page["entity"]["side"] == "UA"
    assert [c["text"] for c in page["claims"]] == ["the city was free"]
    assert len(page["documents"]) == 1
    assert client.get("/api/entities/nobody").status_code == 404


def test_document_page_has_text_annotations_and_evidence_offsets(client, workspace):
    _, ids = workspace
    page = client.get(f"/api/documents/{ids['first']}").json()
    text = page["document"]["text"]
    for collection in ("mentions", "places", "timexes", "claims", "events"):
        assert page[collection], collection
        for record in page[collection]:
            assert text[record["start"] : record["end"]] == record["text"]
    assert text[page["events"][0]["trigger_start"] : page["events"][0]["trigger_end"]] == "recaptured"
    assert "minhash" not in page["document"] and "identity" not in page["document"]
    assert [e["id"] for e in page["entities"]] == ["ent_zelensky"]
    assert client.get("/api/documents/doc_missing").status_code == 404


def test_hostile_markup_comes_back_as_json_text_never_as_html(client, workspace):
    _, ids = workspace
    response = client.get(f"/api/documents/{ids['second']}")
    assert response.headers["content-type"] == "application/json"
    assert HOSTILE_PAYLOAD in response.json()["document"]["text"]
    assert response.json()["document"]["title"] == HOSTILE_TITLE
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_downloads_of_a_filtered_view(client, workspace):
    _, ids = workspace
    response = client.get("/api/download/documents", params={"format": "csv", "source": "Wire"})
    assert response.headers["content-disposition"] == 'attachment; filename="sitroom-documents.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["id"] for row in rows] == [ids["third"], ids["first"]]

    geo = client.get("/api/download/events", params={"format": "geojson"}).json()
    assert {f["id"] for f in geo["features"]} == {ids["first_event"], ids["second_event"]}
    places = client.get("/api/download/places", params={"format": "geojson", "place": IZIUM[0]}).json()
    assert [f["geometry"]["coordinates"] for f in places["features"]] == [[IZIUM[3], IZIUM[2]]]

    parquet = client.get("/api/download/claims", params={"format": "parquet", "actor": "ent_peskov"})
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.column("id").to_pylist() == [ids["second_claim"]]
    assert json.loads(table.column("stance").to_pylist()[0]) == ["denial"]

    assert client.get("/api/download/documents", params={"format": "geojson"}).status_code == 400
    assert client.get("/api/download/..%2F..%2Fetc%2Fpasswd").status_code in (404, 422)


def test_writes_need_the_token(client):
    new = {"text": "Air raid sirens sounded in Odesa.", "title": "Odesa", "published": "2024-05-01"}
    assert client.post("/api/ingest", json=new).status_code == 401
    assert client.post("/api/ingest", json=new, headers={"X-Sitroom-Token": "wrong"}).status_code == 401
    added = client.post("/api/ingest", json=new, headers=WRITE_HEADERS)
    assert added.status_code == 201 and added.json()["added"] == 1
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/ingest", json=new, headers=bearer).json()["duplicates"] == 1
    assert len(_ids(client.get("/api/search", params={"q": "sirens"}))) == 1


def test_documents_added_through_the_api_are_processed_in_the_background(client):
    new = {"text": "Russian forces shelled Kupiansk on Monday, the governor said.", "published": "2024-05-06"}
    assert client.post("/api/ingest", json=new, headers=WRITE_HEADERS).status_code == 201
    assert client.post("/api/process").status_code == 401
    started = client.post("/api/process", headers=WRITE_HEADERS)
    assert started.status_code == 202 and started.json()["state"] == "running"
    deadline = time.monotonic() + 120
    while (progress := client.get("/api/progress").json())["state"] == "running":
        assert time.monotonic() < deadline, progress
        time.sleep(0.2)
    assert progress["state"] == "done", progress
    assert progress["processed"] == progress["total"] == progress["done"] == 4
    (found,) = client.get("/api/search", params={"q": "Kupiansk"}).json()["items"]
    page = client.get(f"/api/documents/{found['id']}").json()
    assert page["document"]["status"] == "processed"
    assert "Kupiansk" in [place["text"] for place in page["places"]]


def test_the_process_button_annotates_with_the_configuration_stored_with_the_store(tmp_path):
    from sitroom.annotate import PipelineConfig
    from sitroom.engines import RunOptions
    from sitroom.store import Store
    from sitroom.workflow import process

    kb = tmp_path / "mine.yaml"
    kb.write_text("actors:\n  - id: ua.ivanenko\n    name: Petro Ivanenko\n    type: person\n")
    with Store.open(tmp_path / "s.db") as store:
        stored = process(store, RunOptions(PipelineConfig.with_knowledge_bases([str(kb)])))
        kept = store.pipeline_config()
        with TestClient(create_app(store, TOKEN)) as client:
            assert client.post("/api/process", headers=WRITE_HEADERS).status_code == 202
            deadline = time.monotonic() + 60
            while (progress := client.get("/api/progress").json())["state"] == "running":
                assert time.monotonic() < deadline, progress
                time.sleep(0.1)
        assert progress["state"] == "done", progress
        assert store.pipeline_config() == kept  # not replaced by the default pipeline
        assert process(store).pipeline_version == stored.pipeline_version


def test_a_failed_download_answers_json_with_the_reason(workspace, monkeypatch):
    import sitroom.serve.api as api
    from sitroom.report import ExportError

    def no_parquet(*_args: object) -> None:
        raise ExportError("Parquet export needs pyarrow, a sitroom dependency")

    def broken(*_args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "write_parquet_records", no_parquet)
    monkeypatch.setattr(api, "write_csv_records", broken)
    store, _ = workspace
    with TestClient(create_app(store, TOKEN), raise_server_exceptions=False) as client:
        parquet = client.get("/api/download/claims", params={"format": "parquet"})
        assert (parquet.status_code, parquet.json()) == (
            500,
            {"error": "Parquet export needs pyarrow, a sitroom dependency"},
        )
        failed = client.get("/api/download/claims", params={"format": "csv"})
        assert failed.status_code == 500
        assert failed.json() == {"error": "internal error (RuntimeError); see the server's log"}


def test_a_non_local_bind_guards_reads_too(workspace):
    store, _ = workspace
    with TestClient(create_app(store, TOKEN, guard_reads=True)) as guarded:
        assert guarded.get("/api/documents").status_code == 401
        assert guarded.get("/api/documents", headers=WRITE_HEADERS).status_code == 200
        assert guarded.get("/").status_code == 200  # the page holds no data


def test_local_bind_refuses_foreign_host_names(workspace):
    store, _ = workspace
    app = create_app(store, TOKEN, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8765") as local:
        assert local.get("/api/stats").status_code == 200
        assert local.get("/api/stats", headers={"Host": "attacker.example"}).status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/static/../__init__.py", "/static/%2e%2e/api.py", "/static//etc/passwd", "/static/vendor/../../cli.py"],
)
def test_request_paths_never_reach_the_filesystem(client, path):
    assert client.get(path).status_code == 404


INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE documents; --",
    '" OR 1=1 --',
    "1) UNION SELECT id, text FROM documents --",
    "%' --",
    "\\'; SELECT sqlite_version(); --",
    "Robert'); DELETE FROM events; --",
]
TEXT_FILTERS = ("place", "actor", "side", "event_type", "source", "modality", "q")


@pytest.mark.parametrize(
    "endpoint", ["documents", "events", "claims", "places", "entities", "timeline", "map"]
)
def test_sql_injection_strings_are_only_values(client, workspace, endpoint):
    store, _ = workspace
    before = store.counts()
    for name in TEXT_FILTERS:
        for value in INJECTIONS:
            response = client.get(f"/api/{endpoint}", params={name: value})
            assert response.status_code == 200, (name, value, response.text)
            body = response.json()
            found = body.get("items", body.get("features", body.get("documents")))
            assert found == [], (name, value)
    paged = endpoint not in ("timeline", "map")
    for name in ("from", "to", "bbox", *(["cursor"] if paged else [])):
        for value in INJECTIONS:
            assert client.get(f"/api/{endpoint}", params={name: value}).status_code in (400, 422)
    assert store.counts() == before


def test_a_source_that_looks_like_injection_matches_only_itself(client, workspace):
    _, ids = workspace
    assert _ids(client.get("/api/documents", params={"source": "Blog' OR '1'='1"})) == [ids["second"]]


def test_links_by_kind_and_record(client, workspace):
    store, _ = workspace
    original = make_document("A wire story about Lyman being retaken by Ukrainian forces.")
    copy = make_document("A wire story about Lyman being retaken by Ukrainian forces, syndicated.")
    store.add_document(original)
    store.add_document(copy, near_duplicate_of=(original.id, 0.92))
    (link,) = client.get("/api/links", params={"record": copy.id}).json()["items"]
    assert (link["kind"], link["target"]) == ("near_duplicate", original.id)
    assert client.get("/api/links", params={"kind": "contradicts"}).json()["items"] == []


def test_timeline_counts_documents_and_events_per_day(client):
    days = client.get("/api/timeline").json()
    assert days["documents"] == [
        {"day": "2022-09-10", "count": 1},
        {"day": "2022-09-12", "count": 1},
        {"day": "2023-02-20", "count": 1},
    ]
    assert days["events"] == [{"day": "2022-09-10", "count": 1}]  # a month-precision date has no day


HEADER_INJECTIONS = ["x\r\nSet-Cookie: owned=1", "x%0d%0aSet-Cookie:%20owned=1", "x\nLocation: http://evil/"]


@pytest.mark.parametrize("path", ["/api/documents", "/api/download/events", "/api/search"])
def test_header_injection_strings_never_reach_a_response_header(client, path):
    for value in HEADER_INJECTIONS:
        for name in ("source", "q", "format"):
            response = client.get(path, params={name: value})
            assert response.status_code < 500, (path, name, value)
            assert "set-cookie" not in response.headers and "location" not in response.headers
            assert all("owned" not in header for header in response.headers.values())


def _reconciled_client(store) -> TestClient:
    """Two outlets disagree about Lyman; a third report's event is dated only "now"."""
    from builders import Report, save
    from sitroom.reconcile import reconcile
    from sitroom.serve import create_app

    kyiv = Report("Kyiv says its forces took Lyman.", date(2022, 10, 1), "Outlet A")
    kyiv.event("took", "CONTROL", place="Lyman", control_side="UA")
    moscow = Report("Moscow says its forces took Lyman back.", date(2022, 10, 2), "Outlet B")
    moscow.event("took", "CONTROL", place="Lyman", control_side="RU")
    now = Report("Shelling of Izium goes on now.", date(2022, 9, 1), "Outlet C")
    now.event("Shelling", "ASSAULT", place="Izium", date_="PRESENT_REF")
    save(store, kyiv, moscow, now)
    reconcile(store)
    return TestClient(create_app(store, TOKEN))


def test_incidents_are_listed_with_status_and_origins_and_open_with_their_reports(store):
    with _reconciled_client(store) as client:
        listed = client.get("/api/incidents", params={"event_type": "CONTROL"}).json()["items"]
        assert {item["control_side"] for item in listed} == {"UA", "RU"}
        assert all(item["status"] == "contested" and item["origins"] for item in listed)
        assert (
            client.get("/api/incidents", params={"side": "UA", "event_type": "CONTROL"}).json()["items"][0][
                "control_side"
            ]
            == "UA"
        )
        assert (
            client.get("/api/incidents", params={"bbox": "36,49,37.5,50"}).json()["items"][0]["type"]
            == "ASSAULT"
        )
        page = client.get(f"/api/incidents/{listed[0]['id']}").json()
        (report,) = page["reports"]
        assert report["doc_source"] in {"Outlet A", "Outlet B"} and report["trigger"] == "took"
        assert client.get("/api/incidents/inc_nothing").status_code == 404


def test_contradictions_come_with_both_ends_evidence(store):
    with _reconciled_client(store) as client:
        (pair,) = client.get("/api/contradictions").json()
        assert "Lyman" in pair["explanation"]
        ends = sorted((pair["first"], pair["second"]), key=lambda end: end["doc_source"])
        assert [end["doc_source"] for end in ends] == ["Outlet A", "Outlet B"]
        assert [end["control_side"] for end in ends] == ["UA", "RU"]
        assert all(end["record"] == "event" and end["doc"].startswith("doc_") for end in ends)


def test_events_dated_only_now_are_listed_after_the_dated_ones(store):
    with _reconciled_client(store) as client:
        dates = [item["date"] for item in client.get("/api/events").json()["items"]]
        assert dates == ["2022-10-02", "2022-10-01", "PRESENT_REF"]
        first = client.get("/api/events", params={"limit": 2}).json()
        rest = client.get("/api/events", params={"limit": 2, "cursor": first["next"]}).json()
        assert [item["date"] for item in rest["items"]] == ["PRESENT_REF"]
