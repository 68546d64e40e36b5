from __future__ import annotations

import csv
import json
import os
import shutil
import stat
from importlib import resources
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest

from conftest import make_document
from sitroom.ingest import ReadContext, iter_sources
from sitroom.records import Annotations, Entity, Mention, Place, SourceDocument
from sitroom.report import COLLECTIONS, FORMATS, ExportError, export, write_report
from sitroom.report.export import atomic_write
from sitroom.store import Store


@pytest.fixture()
def filled(store):
    doc = make_document(
        "Zelensky said forces entered Izium. <script>alert(1)</script>",
        title="Izium <b>retaken</b>",
    )
    store.add_document(doc)
    entity = Entity(id="ent_zelensky", name="Zelensky", type="person", aliases=["Zelensky"])
    izium = Entity(id="ent_izium", name="Izium", type="person", aliases=["Izium"])
    store.save_annotations(
        [
            Annotations(
                doc=doc.id,
                mentions=[
                    Mention("men_1", doc.id, 0, 8, "Zelensky", "PERSON", 0, entity.id),
                    # spaCy's small model does call towns people; the places stage knows better
                    Mention("men_2", doc.id, 29, 34, "Izium", "PERSON", 0, izium.id),
                ],
                entities=[entity, izium],
                places=[
                    Place(
                        "plc_1",
                        doc.id,
                        29,
                        34,
                        "Izium",
                        "geonames:707292",
                        "Izyum",
                        "city",
                        49.20697,
                        37.27679,
                        "UA",
                        "Kharkiv",
                        0.9,
                    )
                ],
            )
        ],
        "v1",
    )
    return store


def _schema() -> dict:
    text = (resources.files("sitroom.schemas") / "export-v1.schema.json").read_text()
    return json.loads(text)


def test_json_export_is_valid_against_the_published_schema(filled, tmp_path):
    (path,) = export(filled, "json", tmp_path)
    data = json.loads(path.read_text())
    jsonschema.validate(data, _schema())
    assert set(COLLECTIONS) <= set(data)
    mention = data["mentions"][0]
    (document,) = data["documents"]
    assert mention["doc"] == document["id"]
    assert document["text"][mention["start"] : mention["end"]] == mention["text"]
    assert mention["entity"] == "ent_zelensky"
    assert {entity["id"] for entity in data["entities"]} == {"ent_zelensky", "ent_izium"}
    assert "minhash" not in document


def test_schema_rejects_a_record_missing_its_evidence(filled, tmp_path):
    (path,) = export(filled, "json", tmp_path)
    data = json.loads(path.read_text())
    del data["mentions"][0]["start"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema())


def test_jsonl_has_one_typed_record_a_line(filled, tmp_path):
    (path,) = export(filled, "jsonl", tmp_path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["record"] for line in lines] == [
        "header",
        "documents",
        "entities",
        "entities",
        "mentions",
        "mentions",
        "places",
    ]
    assert lines[3]["type"] == "person"


def test_csv_writes_one_file_per_collection(filled, tmp_path):
    paths = export(filled, "csv", tmp_path)
    assert {p.name for p in paths} == {f"{c}.csv" for c in COLLECTIONS}
    with (tmp_path / "csv" / "places.csv").open() as handle:
        (row,) = csv.DictReader(handle)
    assert row["gazetteer_id"] == "geonames:707292"
    assert json.loads(row["candidates"]) == []


def test_geojson_puts_longitude_first(filled, tmp_path):
    (path,) = export(filled, "geojson", tmp_path)
    (feature,) = json.loads(path.read_text())["features"]
    assert feature["geometry"]["coordinates"] == [37.27679, 49.20697]


def test_parquet_round_trips(filled, tmp_path):
    export(filled, "parquet", tmp_path)
    table = pq.read_table(tmp_path / "parquet" / "mentions.parquet")
    assert table.column("text").to_pylist() == ["Zelensky", "Izium"]


def test_unknown_format_is_a_clear_error(filled, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'xml'"):
        export(filled, "xml", tmp_path)


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path):
    target = tmp_path / "sitroom.json"
    target.write_text("previous")
    with pytest.raises(RuntimeError), atomic_write(target) as out:
        out.write("half of a new fi")
        raise RuntimeError("crash mid-export")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["sitroom.json"]


def test_report_escapes_article_text(filled, tmp_path):
    html_path, md_path = write_report(filled, tmp_path)
    page = Path(html_path).read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Izium &lt;b&gt;retaken&lt;/b&gt;" in page
    assert "<mark class=person title='Zelensky (PERSON)'>Zelensky</mark>" in page
    assert "<mark class=place title='Izyum, Kharkiv, UA (geonames:707292)'>Izium</mark>" in page
    assert "49.207, 37.277" in page  # the places table
    assert "<tr><td><mark class=person>Izium</mark>" not in page  # a place, not an actor
    markdown = Path(md_path).read_text()
    assert "Languages: (unknown) (1)." in markdown
    assert "| Zelensky | person | 1 | 1 |" in markdown
    assert "| Izyum | Kharkiv | UA | 49.207, 37.277 | 1 | 1 |" in markdown


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_exports_and_reports_are_written_with_the_users_umask(filled, tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        written = [path for fmt in FORMATS for path in export(filled, fmt, tmp_path)]
        written += write_report(filled, tmp_path)
    finally:
        os.umask(previous)
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in written} == {
        path.name: mode for path in written
    }


def test_every_export_report_and_store_is_recognised_as_sitroom_output_and_news_is_not(filled, tmp_path):
    folder = tmp_path / "earlier run"
    for fmt in FORMATS:
        export(filled, fmt, folder)
    write_report(filled, folder)
    Store.open(folder / "sitroom.db").close()
    shutil.copy(folder / "sitroom.db", folder / "sitroom.db.bak-0005")  # a copy made before a migration
    (folder / "news.html").write_text(
        "<html><head><meta name=generator content='WordPress 6.5'><title>Izium</title></head>"
        "<body><article><p>Ukrainian forces entered Izium on Saturday, officials said.</p></article></body>"
    )
    (folder / "notes.md").write_text("# Notes\n\nRussian troops shelled Kupiansk overnight.\n")
    (folder / "documents.json").write_text('{"generator": "a newsroom tool", "text": "Kherson"}\n')
    ctx = ReadContext()
    items = list(iter_sources([folder], ctx=ctx))
    assert all(isinstance(item, SourceDocument) for item in items), items
    names = sorted(Path(item.origin).name for item in items)
    assert names == ["documents.json:1", "news.html", "notes.md"]  # a JSON line is read as a record
    exports = {"sitroom.json", "sitroom.jsonl", "places.geojson", "report.html", "report.md"}
    tables = {f"{collection}.{kind}" for collection in COLLECTIONS for kind in ("csv", "parquet")}
    assert sorted(Path(origin).name for origin in ctx.own_outputs) == sorted(
        exports | tables | {"sitroom.db", "sitroom.db.bak-0005"}
    )
