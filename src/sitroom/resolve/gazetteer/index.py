"""Reading the gazetteer: indexed name look-ups in a SQLite file, built on first use."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sitroom.resolve.gazetteer.build import build_index, data_version
from sitroom.resolve.gazetteer.names import fold, skeleton, split_region_form, strip_article
from sitroom.resolve.gazetteer.progress import Progress
from sitroom.resolve.gazetteer.schema import DEMONYM, REGION_ONLY


@dataclass(slots=True, frozen=True)
class Entry:
    id: int
    gid: str  # "geonames:707292", or "iso3166-2:UA-63" for a region GeoNames gave no id here
    name: str
    feature: str  # city, admin1, country
    country: str | None
    admin1_code: str | None
    lat: float
    lon: float
    population: int
    admin1: str | None  # name of the first-level region
    capital: bool = False  # a country's capital


@dataclass(slots=True, frozen=True)
class Match:
    entry: Entry
    kind: int  # PRIMARY, ALTERNATE or REGION_ONLY (see schema)
    exact: bool  # the folded key matched, not only its transliteration skeleton
    region_form: bool  # the text carried a region word ("Kharkiv oblast")


_ENTRY_COLUMNS = """e.id, e.gid, e.name, e.feature, e.country, e.admin1, e.lat, e.lon, e.population,
    (SELECT r.name FROM admin1 a JOIN entries r ON r.id = a.entry
     WHERE a.country = e.country AND a.code = e.admin1),
    EXISTS (SELECT 1 FROM capitals c WHERE c.entry = e.id)"""


LOOKUP_CACHE = 50_000  # names remembered per open index
log = logging.getLogger(__name__)


def _entry(row: tuple[Any, ...]) -> Entry:
    return replace(Entry(*row[:-1]), capital=bool(row[-1]))


def cache_dir() -> Path:
    configured = os.environ.get("SITROOM_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "sitroom"


def default_index_path() -> Path:
    return cache_dir() / f"gazetteer-{data_version()}.sqlite"


def index_is_current(path: Path) -> bool:
    """Whether ``path`` holds a complete index built from the installed data. An index at a path of the
    user's choosing outlives an upgrade (the default path changes with the data version instead)."""
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.Error:  # not an index at all, or one whose build never finished
        return False
    return row is not None and row[0] == data_version()


class Gazetteer:
    """Place-name look-ups. Each query is one or two B-tree searches; nothing is held in memory."""

    def __init__(self, path: Path):
        self.path = path
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()  # one connection, shared by spaCy's threads
        # Recognition and resolution ask about the same names many times; the index is read-only
        # for this connection's life (an import writes through its own connection, then reopens).
        self._cache: dict[tuple[str, bool], tuple[Match, ...]] = {}

    @classmethod
    def open(cls, path: Path | None = None, progress: Progress | None = None) -> Gazetteer:
        """The index at ``path`` (default: the cache), compiled from installed data if missing (telling
        ``progress`` how far the build is) if missing or built from other data."""
        path = path or default_index_path()
        if not index_is_current(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            build_index(path, progress)
        return cls(path)

    def close(self) -> None:
        self._connection.close()

    def version(self) -> str:
        """The data version plus the GeoNames dumps imported since: part of a pipeline's version."""
        with self._lock:
            rows = self._connection.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
        return ";".join(f"{key}={value}" for key, value in rows)

    def lookup(self, text: str, *, demonyms: bool = False) -> list[Match]:
        """Entries a mention may name: by exact folded form, else by transliteration skeleton.

        A region word ("Kharkiv oblast", "the Kharkiv region") restricts the answer to regions;
        ``demonyms`` lets "Russian" name Russia (exact forms only).
        """
        cached = self._cache.get((text, demonyms))
        if cached is None:
            if len(self._cache) >= LOOKUP_CACHE:
                self._cache.clear()
            cached = self._cache[(text, demonyms)] = tuple(self._lookup(text, demonyms))
        return list(cached)

    def _lookup(self, text: str, demonyms: bool) -> list[Match]:
        key = strip_article(fold(text))
        core, region_form = split_region_form(key)
        if region_form:
            found = self._regions(core) or self._query("key", key, region_form=True)
            return found or self._regions(core, column="skel")
        return self._query("key", key, demonyms=demonyms) or self._query("skel", skeleton(key), exact=False)

    def entry(self, gid: str) -> Entry | None:
        with self._lock:
            row = self._connection.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.gid = ?", (gid,)
            ).fetchone()
        return _entry(row) if row else None

    def _regions(self, core: str, column: str = "key") -> list[Match]:
        value = core if column == "key" else skeleton(core)
        matches = [
            m
            for m in self._query(column, value, region_form=True, exact=column == "key")
            if m.entry.feature == "admin1"
        ]
        # "Kyiv region" is the oblast named after the city, not the city that is a region itself.
        named_after = [m for m in matches if m.kind == REGION_ONLY]
        return named_after or matches

    def _query(
        self,
        column: str,
        value: str,
        *,
        region_form: bool = False,
        exact: bool = True,
        demonyms: bool = False,
    ) -> list[Match]:
        if not value:
            return []
        sql = (
            f"SELECT {_ENTRY_COLUMNS}, MIN(n.kind) FROM names n JOIN entries e ON e.id = n.entry "
            f"WHERE n.{column} = ? GROUP BY e.id"
        )
        with self._lock:
            rows = self._connection.execute(sql, (value,)).fetchall()
        matches = [Match(_entry(row[:-1]), row[-1], exact, region_form) for row in rows]
        if region_form:
            return [m for m in matches if m.kind != DEMONYM]
        excluded = {REGION_ONLY} if demonyms else {REGION_ONLY, DEMONYM}
        return [m for m in matches if m.kind not in excluded]
