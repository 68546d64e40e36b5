"""Adding a GeoNames dump (allCountries.txt, UA.txt; plain or .zip) to the index, all or nothing."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sitroom.resolve.gazetteer.index import Gazetteer, default_index_path
from sitroom.resolve.gazetteer.rows import name_rows

COLUMNS = 19
# GeoNames feature codes kept, and the sitroom feature each becomes.
FEATURES = {"PCLI": "country", "PCLD": "country", "PCLIX": "country", "ADM1": "admin1"}


class GeoNamesImportError(ValueError):
    pass


@contextmanager
def _open_dump(path: Path) -> Iterator[TextIO]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
            if len(members) != 1:
                raise GeoNamesImportError(f"{path}: expected one .txt dump in the archive, found {members}")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            yield handle


def _feature(feature_class: str, feature_code: str) -> str | None:
    if feature_code in FEATURES:
        return FEATURES[feature_code]
    return "city" if feature_class == "P" else None


def import_geonames(path: Path | str, index: Path | None = None) -> int:
    """Add the populated places, countries and regions of a GeoNames dump; returns the rows added.

    One transaction: a malformed line raises GeoNamesImportError naming it, and the index is left
    unchanged. A GeoNames ADM1 row replaces the region derived from ISO 3166-2 for its admin1 code.
    """
    path = Path(path)
    built = Gazetteer.open(index or default_index_path())  # built first if missing
    built.close()
    connection = sqlite3.connect(built.path)
    added = 0
    try:
        with connection, _open_dump(path) as lines:
            for number, line in enumerate(lines, start=1):
                fields = line.rstrip("\n").split("\t")
                if len(fields) != COLUMNS:
                    raise GeoNamesImportError(
                        f"{path}:{number}: expected {COLUMNS} tab-separated columns, found {len(fields)}"
                    )
                try:
                    added += _add(connection, fields)
                except ValueError as error:
                    raise GeoNamesImportError(f"{path}:{number}: {error}") from error
            # Recorded so that Gazetteer.version(), and with it the pipeline version, changes.
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"import:{path.name}", str(added))
            )
    except UnicodeDecodeError as error:
        raise GeoNamesImportError(f"{path}: not UTF-8 text ({error})") from error
    finally:
        connection.close()
    return added


def _add(connection: sqlite3.Connection, fields: list[str]) -> int:
    geonameid, name, _ascii, alternates = int(fields[0]), fields[1], fields[2], fields[3]
    lat, lon = float(fields[4]), float(fields[5])
    feature = _feature(fields[6], fields[7])
    if feature is None:
        return 0
    country, admin1 = fields[8] or None, fields[10] or None
    population = int(fields[14] or 0)
    if feature == "admin1" and country and admin1:
        _replace_derived_region(connection, country, admin1, geonameid)
    connection.execute(
        "INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
        (
            geonameid,
            f"geonames:{geonameid}",
            name,
            feature,
            country,
            None if feature == "country" else admin1,
            lat,
            lon,
            population,
        ),
    )
    names = [fields[2], *alternates.split(",")] if alternates else [fields[2]]
    connection.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", name_rows(geonameid, name, names))
    return 1


def _replace_derived_region(connection: sqlite3.Connection, country: str, code: str, geonameid: int) -> None:
    row = connection.execute(
        "SELECT entry FROM admin1 WHERE country = ? AND code = ?", (country, code)
    ).fetchone()
    if row is not None and row[0] != geonameid:
        # Keep the derived region's names (region forms) pointing at the GeoNames entry.
        connection.execute("UPDATE OR IGNORE names SET entry = ? WHERE entry = ?", (geonameid, row[0]))
        connection.execute("DELETE FROM names WHERE entry = ?", (row[0],))
        connection.execute("DELETE FROM entries WHERE id = ?", (row[0],))
    connection.execute("INSERT OR REPLACE INTO admin1 VALUES (?,?,?)", (country, code, geonameid))
