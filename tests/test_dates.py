"""Every date field of claims, events and incidents is an ISO date or interval, in the store and the export:
TimeML values ("PRESENT_REF", "2023-SP", "2022-W36") stay on the timexes."""

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, select

from conftest import make_document
from sitroom.annotate import Annotator
from sitroom.store import Store
from sitroom.store.filters import Filters, overlaps
from sitroom.timeml import ISO_DATE_PATTERN, is_iso_date
from sitroom.workflow import analyze

DEMO = Path(str(resources.files("sitroom.demo") / "corpus"))
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
STORED_DATES = ["2023-03/2023-05", "2023-04-20", "2022-12/2023-02", "2023-01", "2023", "2022-12-31",
                "2023-06-01"]  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    analyze([str(DEMO)], out_dir=out)
    return out


def test_the_schema_carries_the_iso_pattern():
    schema = json.loads((resources.files("sitroom.schemas") / "export-v1.schema.json").read_text())
    assert schema["$defs"]["iso_date"]["pattern"] == ISO_DATE_PATTERN
    for record in ("claim", "event"):
        assert schema["$defs"][record]["properties"]["date"]["$ref"] == "#/$defs/iso_date"


def test_every_date_of_the_demo_corpus_is_iso_in_the_export_and_the_store(demo):
    data = json.loads((demo / "sitroom.json").read_text())
    timex_values = {t["value"] for t in data["timexes"]}
    assert timex_values & {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}, "the corpus should test the mapping"
    dated = [r["date"] for collection in ("claims", "events") for r in data[collection] if r["date"]]
    assert dated and all(is_iso_date(value) for value in dated), sorted(set(dated))
    days = [i[key] for i in data["incidents"] for key in ("date_start", "date_end") if i[key]]
    assert days and all(DAY.fullmatch(day) for day in days)
    with Store.open(demo / "sitroom.db", create=False) as store:
        stored = [row["date"] for table in ("claims", "events") for row in store.rows(table) if row["date"]]
    assert sorted(stored) == sorted(dated)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


@pytest.mark.parametrize(
    ("text", "kind", "date_", "precision"),
    [
        ("Russian forces shelled Kharkiv last week.", "events", "2023-01-23/2023-01-29", "week"),
        ("Russia will launch an offensive this spring.", "events", "2023-03/2023-05", "season"),
        ("The ministry now says that Kyiv controls the town.", "claims", "2023-02-02", "reported_on"),
    ],
)  # fmt: skip
def test_a_timeml_value_becomes_an_iso_date_with_its_precision(annotator, text, kind, date_, precision):
    (annotations,) = annotator.annotate([make_document(text, published=date(2023, 2, 2))])
    records = getattr(annotations, kind)
    assert records, f"no {kind} in {text!r}"
    assert (records[0].date, records[0].date_precision) == (date_, precision)


@pytest.mark.parametrize(
    ("first", "last", "kept"),
    [
        (date(2023, 4, 10), date(2023, 4, 30), {"2023-03/2023-05", "2023-04-20", "2023"}),
        (date(2023, 1, 15), date(2023, 1, 20), {"2022-12/2023-02", "2023-01", "2023"}),
        (date(2023, 6, 1), None, {"2023-06-01", "2023"}),
    ],
)
def test_a_period_filter_keeps_the_dates_and_intervals_that_overlap_it(first, last, kept):
    table = Table("dated", MetaData(), Column("date", String(32)))
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(table.insert(), [{"date": value} for value in [*STORED_DATES, None]])
        query = select(table.c.date).where(*overlaps(table.c.date, Filters(date_from=first, date_to=last)))
        assert set(conn.execute(query).scalars()) == kept
