"""Exports of the store: JSON (the documented contract), JSON Lines, CSV, GeoJSON and Parquet.

The JSON export follows ``sitroom/schemas/export-v1.schema.json``. Records reference each other by id and
annotation records carry ``doc``, ``start`` and ``end`` into the document's clean ``text``. Every file is
written to a temporary name and renamed into place, so a crash never leaves a half-written export.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sitroom.records import EXPORT_COLLECTIONS, GENERATOR
from sitroom.store import Store

SCHEMA_VERSION = "1.4"
SCHEMA_ID = "https://sitroom.example/schemas/export-v1.schema.json"
COLLECTIONS = EXPORT_COLLECTIONS
FORMATS = ("json", "jsonl", "csv", "geojson", "parquet")
_STORE_ONLY = {"documents": {"identity", "minhash"}}


class ExportError(RuntimeError):
    pass


def export_rows(store: Store, collection: str) -> Iterator[dict[str, Any]]:
    """A collection's records in export shape, streamed from the store."""
    for row in store.rows(collection):
        yield export_record(collection, row)


def export_record(collection: str, row: dict[str, Any]) -> dict[str, Any]:
    """A store row in export shape: JSON values, ``doc`` and ``entity`` for the id columns."""
    hidden = _STORE_ONLY.get(collection, set())
    record = {key: _plain(value) for key, value in row.items() if key not in hidden}
    if "doc_id" in record:
        record["doc"] = record.pop("doc_id")
    if "entity_id" in record:
        record["entity"] = record.pop("entity_id")
    return record


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
        "generator": GENERATOR,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


@contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place only on success.

    The file is created with mode 0666 less the user's umask, as any file the user writes (mkstemp's 0600
    would hide a shared report from the user's group)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = _create_beside(path)
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


def _create_beside(path: Path) -> tuple[int, str]:
    """A new, uniquely named hidden file next to ``path``, opened for writing."""
    while True:
        temporary = str(path.with_name(f".{path.name}.{secrets.token_hex(6)}"))
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
        except FileExistsError:
            continue


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
        target = directory / f"{collection}.csv"
        with atomic_write(target) as out:
            write_csv_records(out, export_rows(store, collection))
        written.append(target)
    return written


def write_csv_records(out: IO[str], records: Iterable[dict[str, Any]]) -> None:
    """Records as CSV with a header row (nothing at all for no records); columns from the first record."""
    rows = iter(records)
    first = next(rows, None)
    if first is None:
        return
    writer = csv.DictWriter(out, fieldnames=list(first))
    writer.writeheader()
    for record in (first, *rows):
        writer.writerow({k: _cell(v) for k, v in record.items()})


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def write_geojson(store: Store, path: Path) -> list[Path]:
    """Resolved places as GeoJSON points (longitude first, as GeoJSON requires)."""
    with atomic_write(path) as out:
        write_feature_collection(out, point_features(export_rows(store, "places")))
    return [path]


def write_feature_collection(out: IO[str], features: Iterable[dict[str, Any]]) -> None:
    """A GeoJSON FeatureCollection, one feature a line, streamed."""
    # "generator" is a foreign member (RFC 7946 section 6.1): readers ignore it; sitroom recognises its file.
    out.write(f'{{"type": "FeatureCollection", "generator": {json.dumps(GENERATOR)}, "features": [')
    for index, feature in enumerate(features):
        out.write(",\n" if index else "\n")
        out.write(json.dumps(feature, ensure_ascii=False))
    out.write("]}\n")


def point_features(
    records: Iterable[dict[str, Any]], id_key: str = "id", lat_key: str = "lat", lon_key: str = "lon"
) -> Iterator[dict[str, Any]]:
    """GeoJSON point features of the records that have coordinates; the others have no place on a map."""
    for record in records:
        lat, lon = record.get(lat_key), record.get(lon_key)
        if lat is None or lon is None:
            continue
        yield {
            "type": "Feature",
            "id": record[id_key],
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {k: v for k, v in record.items() if k not in (lat_key, lon_key)},
        }


def write_parquet(store: Store, directory: Path) -> list[Path]:
    """One Parquet file per collection."""
    written = []
    for collection in COLLECTIONS:
        target = directory / f"{collection}.parquet"
        with atomic_write(target, "wb") as out:
            write_parquet_records(out, export_rows(store, collection))
        written.append(target)
    return written


def write_parquet_records(out: IO[bytes], records: Iterable[dict[str, Any]]) -> None:
    """Records as one Parquet table; nested values are JSON-encoded, as in CSV."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError(
            f"Parquet export needs pyarrow (a sitroom dependency): pip install pyarrow ({error})"
        ) from error
    rows = [{k: _cell(v) for k, v in record.items()} for record in records]
    table = pa.Table.from_pylist(rows)
    tagged = table.replace_schema_metadata({**(table.schema.metadata or {}), "generator": GENERATOR})
    pq.write_table(tagged, out)


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
