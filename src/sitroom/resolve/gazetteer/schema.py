"""The SQLite layout of the gazetteer index, shared by the builder, the importer and the reader."""

from __future__ import annotations

import sqlite3

# kind of a name row: how strongly a name points at its entry. DEMONYM rows ("Russian" for Russia)
# are looked up only on request.
PRIMARY, ALTERNATE, REGION_ONLY, DEMONYM = 0, 1, 2, 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    gid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    feature TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    skel TEXT NOT NULL,
    entry INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    PRIMARY KEY (key, entry, kind)
) WITHOUT ROWID;
-- The second-level region (raion) a war-theatre settlement lies in, as its source names it.
CREATE TABLE IF NOT EXISTS districts (entry INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS capitals (entry INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS admin1 (
    country TEXT NOT NULL,
    code TEXT NOT NULL,
    entry INTEGER NOT NULL,
    PRIMARY KEY (country, code)
) WITHOUT ROWID;
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS names_skel ON names (skel);
CREATE INDEX IF NOT EXISTS names_entry ON names (entry);
"""


def create_schema(connection: sqlite3.Connection) -> None:
    connection.executescript(SCHEMA)
