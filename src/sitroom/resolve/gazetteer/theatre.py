"""The war theatre's villages: every settlement of Ukraine and Belarus in GeoNames' postal-code
tables (CC BY 4.0; ``data/GAZETTEER-SOURCES.md``), with Latin names generated from the Cyrillic.

A settlement is one row per post office, so a place is the rows that share region, district and
name, at the median of their points. GeoNames placed a row either on a place of that name (accuracy
4, now and then a namesake elsewhere) or only roughly (accuracy 1): a point farther than
``DISTRICT_KM`` from its district's centre (the median of the district's well-placed rows) is
replaced by that centre. A settlement that cities500 already has (a key in common, within
``SAME_PLACE_KM``) lends it its extra spellings instead of becoming a second entry.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from statistics import median
from typing import Protocol

from sitroom.resolve.gazetteer.names import fold
from sitroom.resolve.gazetteer.rows import name_rows
from sitroom.resolve.gazetteer.translit import romanisations

# country -> (file, language of its place names)
SOURCES = {"UA": ("data/geonames-postal-UA.txt.gz", "uk"), "BY": ("data/geonames-postal-BY.txt.gz", "ru")}
ID_BASE = 1_000_000_000  # above every geonameid
SAME_PLACE_KM = 15.0
DISTRICT_KM = 40.0
PLACED = frozenset({"4", "6"})  # GeoNames accuracy codes of rows placed on a named place
_NOTE = re.compile(r"\s*\([^)]*\)")  # "Нагірна (Нагірнянська сільська рада)"
_HYPHEN = re.compile(r"\s*-\s*")  # "Двор - Плино" is "Двор-Плино"


class _Town(Protocol):
    geonameid: int
    admin1: str
    lat: float
    lon: float


@dataclass(slots=True)
class _Settlement:
    name: str  # Cyrillic
    region: str  # the file's first-level name ("Zaporizka")
    district: str
    postcode: str
    placed: list[tuple[float, float]] = field(default_factory=list)
    rough: list[tuple[float, float]] = field(default_factory=list)


def data_digest() -> str:
    digest = hashlib.sha256()
    for path, _ in SOURCES.values():
        digest.update(resources.files("sitroom").joinpath(path).read_bytes())
    return digest.hexdigest()[:12]


def _rows(path: str) -> Iterator[list[str]]:
    with (
        resources.files("sitroom").joinpath(path).open("rb") as raw,
        gzip.open(raw, "rt", encoding="utf-8") as f,
    ):
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 12 and fields[2] and fields[9] and fields[10]:
                yield fields


def _settlements(path: str) -> list[_Settlement]:
    places: dict[tuple[str, str, str], _Settlement] = {}
    for fields in _rows(path):
        name = _HYPHEN.sub("-", " ".join(_NOTE.sub("", fields[2]).split()))
        region, district = fields[3], fields[5]
        place = places.setdefault((region, district, name), _Settlement(name, region, district, fields[1]))
        point = (float(fields[9]), float(fields[10]))
        (place.placed if fields[11] in PLACED else place.rough).append(point)
    return list(places.values())


def _middle(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    return median(p[0] for p in points), median(p[1] for p in points)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(x, math.radians(b[0] - a[0]))


def _points(places: list[_Settlement]) -> list[tuple[float, float]]:
    """Each settlement's point, pulled back to its district's centre when it strays."""
    by_district: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for place in places:
        by_district[(place.region, place.district)].extend(place.placed)
    centres = {key: _middle(points) for key, points in by_district.items() if points}
    result = []
    for place in places:
        point = _middle(place.placed or place.rough)
        centre = centres.get((place.region, place.district))
        if centre is not None and _km(point, centre) > DISTRICT_KM:
            point = centre
        result.append(point)
    return result


def add_theatre(connection: sqlite3.Connection, towns: Mapping[str, Mapping[str, Sequence[_Town]]]) -> None:
    """Insert the settlements; ``towns`` are the cities already indexed, by country and name key."""
    entry_id = ID_BASE
    gids: set[str] = set()
    for country, (path, language) in SOURCES.items():
        places = _settlements(path)
        points = _points(places)
        spellings = [romanisations(place.name, language) for place in places]
        known = towns.get(country, {})
        same = [_same_town(known, names, point) for names, point in zip(spellings, points, strict=True)]
        codes = _region_codes(places, same)
        for place, point, names, town in zip(places, points, spellings, same, strict=True):
            if town is not None:
                entry = town.geonameid
            else:
                entry_id += 1
                entry = entry_id
                gid = f"geonames-postal:{country}-{place.postcode}-{fold(names[0]).replace(' ', '-')}"
                gid = gid if gid not in gids else f"{gid}-{entry}"  # namesakes sharing a post office
                gids.add(gid)
                connection.execute(
                    "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
                    (entry, gid, names[0], "city", country, codes.get(place.region), *point, 0),
                )
            connection.executemany(
                "INSERT OR IGNORE INTO names VALUES (?,?,?,?)",
                name_rows(entry, "" if town else names[0], names if town else names[1:]),
            )
            if place.district:
                connection.execute("INSERT OR IGNORE INTO districts VALUES (?,?)", (entry, place.district))


def _same_town(
    known: Mapping[str, Sequence[_Town]], names: list[str], point: tuple[float, float]
) -> _Town | None:
    near = [
        (_km(point, (town.lat, town.lon)), town.geonameid, town)
        for key in {fold(n) for n in names}
        for town in known.get(key, ())
    ]
    close = [n for n in near if n[0] <= SAME_PLACE_KM]
    return min(close, key=lambda n: (n[0], n[1]))[2] if close else None


def _region_codes(places: list[_Settlement], same: list[_Town | None]) -> dict[str, str]:
    """GeoNames admin1 code of each of the file's region names: that of most of its known towns."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for place, town in zip(places, same, strict=True):
        if town is not None and town.admin1:
            votes[place.region][town.admin1] += 1
    return {region: counter.most_common(1)[0][0] for region, counter in votes.items()}
