"""Exports of the store: JSON (the documented contract), JSON Lines, CSV, GeoJSON and Parquet.

The JSON export follows ``sitroom/schemas/export-v1.schema.json``. Records reference each other by id and
annotation records carry ``doc``, ``start`` and ``end`` into the document's clean ``text``. Every file is
written to a temporary name and renamed into place, so a crash never leaves a half-written export.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

import sitroom
from sitroom.store import Store

SCHEMA_VERSION = "1.1"
SCHEMA_ID = "https://sitroom.example/schemas/export-v1.schema.json"
COLLECTIONS = (
    "documents",
    "entities",
    "mentions",
    "places",
    "timexes",
    "quantities",
    "claims",
    "events",
    "incidents",
    "links",
)
FORMATS = ("json", "jsonl", "csv", "geojson", "parquet")
_STORE_ONLY = {"documents": {"identity", "minhash"}}


class ExportError(RuntimeError):
    pass


def export_rows(store: Store, collection: str) -> Iterator[dict[str, Any]]:
    """A collection's records in export shape, streamed from the store."""
    hidden = _STORE_ONLY.get(collection, set())
    for row in store.rows(collection):
        record = {key: _plain(value) for key, value in row.items() if key not in hidden}
        if "doc_id" in record:
            record["doc"] = record.pop("doc_id")
        if "entity_id" in record:
            record["entity"] = record.pop("entity_id")
        yield record


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def header() -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generator": f"sitroom {sitroom.__version__}",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


@contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        encoding = None if "b" in mode else "utf-8"
        newline = None if "b" in mode else ""
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(store: Store, path: Path) -> list[Path]:
    """One JSON object with every collection, streamed so memory stays flat on large stores."""
    with atomic_write(path) as out:
        head = json.dumps(header(), ensure_ascii=False)
        out.write(head[:-1])
        for collection in COLLECTIONS:
            out.write(f', "{collection}": [')
            for index, record in enumerate(export_rows(store, collection)):
                out.write(",\n" if index else "\n")
                out.write(json.dumps(record, ensure_ascii=False))
            out.write("]")
        out.write("}\n")
    return [path]


def write_jsonl(store: Store, path: Path) -> list[Path]:
    """One record a line, each with ``record`` naming its collection (records have their own ``type``)."""
    with atomic_write(path) as out:
        out.write(json.dumps({"record": "header", **header()}, ensure_ascii=False) + "\n")
        for collection in COLLECTIONS:
            for record in export_rows(store, collection):
                out.write(json.dumps({"record": collection, **record}, ensure_ascii=False) + "\n")
    return [path]


def write_csv(store: Store, directory: Path) -> list[Path]:
    """One CSV file per collection; nested values are JSON-encoded in their cell."""
    written = []
    for collection in COLLECTIONS:
        rows = export_rows(store, collection)
        first = next(rows, None)
        target = directory / f"{collection}.csv"
        with atomic_write(target) as out:
            if first is not None:
                writer = csv.DictWriter(out, fieldnames=list(first))
                writer.writeheader()
                for record in (first, *rows):
                    writer.writerow({k: _cell(v) for k, v in record.items()})
        written.append(target)
    return written


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def write_geojson(store: Store, path: Path) -> list[Path]:
    """Resolved places as GeoJSON points (longitude first, as GeoJSON requires)."""
    with atomic_write(path) as out:
        out.write('{"type": "FeatureCollection", "features": [')
        index = 0
        for place in export_rows(store, "places"):
            if place["lat"] is None or place["lon"] is None:
                continue
            feature = {
                "type": "Feature",
                "id": place["id"],
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": {k: v for k, v in place.items() if k not in ("lat", "lon")},
            }
            out.write(",\n" if index else "\n")
            out.write(json.dumps(feature, ensure_ascii=False))
            index += 1
        out.write("]}\n")
    return [path]


def write_parquet(store: Store, directory: Path) -> list[Path]:
    """One Parquet file per collection (needs the ``parquet`` extra: pyarrow)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError("Parquet export needs pyarrow: pip install 'sitroom[parquet]'") from error
    written = []
    for collection in COLLECTIONS:
        records = [{k: _cell(v) for k, v in record.items()} for record in export_rows(store, collection)]
        target = directory / f"{collection}.parquet"
        with atomic_write(target, "wb") as out:
            pq.write_table(pa.Table.from_pylist(records), out)
        written.append(target)
    return written


_WRITERS: dict[str, tuple[Callable[[Store, Path], list[Path]], str | None]] = {
    # format: (writer, file name inside the output directory; None = the directory itself)
    "json": (write_json, "sitroom.json"),
    "jsonl": (write_jsonl, "sitroom.jsonl"),
    "csv": (write_csv, None),
    "geojson": (write_geojson, "places.geojson"),
    "parquet": (write_parquet, None),
}


def export(store: Store, fmt: str, out_dir: Path) -> list[Path]:
    """Write ``fmt`` into ``out_dir``; returns the files written."""
    if fmt not in _WRITERS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writer, file_name = _WRITERS[fmt]
    target = out_dir / file_name if file_name else out_dir / fmt
    with store.consistent_reads():
        return writer(store, target)
