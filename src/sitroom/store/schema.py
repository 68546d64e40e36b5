"""The store's tables, as SQLAlchemy Core metadata.

The Alembic migrations in ``migrations/`` create exactly this schema (a test compares them). Types are
portable: the same tables serve SQLite and PostgreSQL. Every annotation row carries ``doc_id`` and
character offsets (``start``, ``end``) into the document's clean text.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    # What identifies "the same article" across versions: the record's id, else its URL, else its origin.
    Column("identity", Text, nullable=False, index=True),
    Column("external_id", Text),
    Column("origin", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("source", Text),
    Column("author", Text),
    Column("published", Date),
    Column("published_from", String(16)),
    Column("language", String(8)),
    Column("is_english", Boolean, nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("offset_map", JSON, nullable=False),
    Column("boilerplate", JSON, nullable=False),
    Column("minhash", LargeBinary),
    Column("near_duplicate_of", String(40), ForeignKey("documents.id", ondelete="SET NULL")),
    Column("status", String(16), nullable=False, index=True),  # ingested, processed, failed
    Column("pipeline_version", String(40)),
    Column("error", Text),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("processed_at", DateTime(timezone=True)),
    # Lists, timelines and keyset pages walk documents newest first.
    Index("ix_documents_published_id", "published", "id"),
)

# Locality-sensitive-hashing buckets of each document's MinHash, so that near-duplicate candidates are an
# indexed lookup rather than a scan over all documents.
minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("doc_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("band", Integer, primary_key=True),
    Column("bucket", BigInteger, nullable=False),
    Index("ix_minhash_bands_band_bucket", "band", "bucket"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("side", String(16)),
    Column("kb_id", Text),
    Column("aliases", JSON, nullable=False),
)


def _annotation_table(name: str, *columns: Column) -> Table:
    """A table of per-document annotations: id, doc_id, offsets and evidence text, then its own columns."""
    return Table(
        name,
        metadata,
        Column("id", String(40), primary_key=True),
        Column("doc_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text, nullable=False),
        *columns,
        Index(f"ix_{name}_doc_id", "doc_id"),
    )


mentions = _annotation_table(
    "mentions",
    Column("label", String(16), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("entity_id", String(40), ForeignKey("entities.id"), index=True),
)

places = _annotation_table(
    "places",
    Column("gazetteer_id", Text, index=True),
    Column("name", Text),
    Column("feature", String(16)),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(2)),
    Column("admin1", Text),
    Column("confidence", Float, nullable=False),
    Column("candidates", JSON, nullable=False),
)

# The map groups the places of the documents in scope: this index answers that without reading the rows.
Index("ix_places_doc_scope", places.c.doc_id, places.c.gazetteer_id, places.c.lat, places.c.lon, places.c.id)

timexes = _annotation_table(
    "timexes",
    Column("type", String(10), nullable=False),
    Column("value", Text),
    Column("granularity", String(10)),
    Column("anchor", String(16)),
    Column("note", Text),
)

quantities = _annotation_table(
    "quantities",
    Column("low", Float),
    Column("high", Float),
    Column("unit", String(16)),
    Column("counted", Text),
    Column("qualifier", String(16)),
    Column("owner", String(40)),
    Column("note", Text),
)

claims = _annotation_table(
    "claims",
    Column("kind", String(16), nullable=False),
    Column("speaker", String(40), ForeignKey("entities.id"), index=True),
    Column("speaker_role", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("source_text", Text),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("medium", Text),
    Column("date", String(32), index=True),  # the claims ledger is read latest first
    Column("date_precision", String(16)),
    Column("stance", JSON, nullable=False),
    Column("parent", String(40)),
    Column("contains", JSON, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("confidence", Float, nullable=False),
    # How the speaker tells the content (polarity, certainty, time, cue): sitroom.records.Factuality.
    Column("factuality", JSON),
)

events = _annotation_table(
    "events",
    Column("type", String(24), nullable=False, index=True),
    Column("trigger", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("mode", String(24)),
    Column("acled", Text),
    Column("modality", String(16), nullable=False),
    Column("actors", JSON, nullable=False),
    Column("targets", JSON, nullable=False),
    Column("place", String(40), index=True),
    Column("date", String(32), index=True),
    Column("date_precision", String(16)),
    Column("timex", String(40)),
    Column("quantities", JSON, nullable=False),
    Column("claim", String(40)),
    Column("claimed_by", String(40)),
    Column("control_side", String(16)),
    Column("confidence", Float, nullable=False),
    # natural_disaster, accident, crime, diplomacy, responsibility_claim: sitroom.records.EVENT_CATEGORIES.
    Column("category", String(24)),
)

# The reconcile stage's canonical events, recomputed from the event mentions on each run.
incidents = Table(
    "incidents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("type", String(24), nullable=False, index=True),
    Column("mode", String(24)),
    Column("modality", String(16), nullable=False),
    Column("place", Text, index=True),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    Column("control_side", String(16)),
    Column("sides", JSON, nullable=False),
    Column("mentions", JSON, nullable=False),
    Column("documents", JSON, nullable=False),
    Column("origins", JSON, nullable=False),
    Column("first_reported", String(10)),
    Column("last_reported", String(10)),
    Column("status", String(16), nullable=False),
    Column("category", String(24)),
)

links = Table(
    "links",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("source", String(40), nullable=False, index=True),
    Column("target", String(40), nullable=False, index=True),
    Column("score", Float),
    Column("explanation", Text),
)

# What ``sitroom watch`` knows about each source it polls, so that a restarted watcher resumes: the
# server's validators for conditional requests, the files of a folder already read, and the back-off.
watch_state = Table(
    "watch_state",
    metadata,
    Column("source", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("files", JSON, nullable=False),  # folder sources: path -> "mtime_ns:size" when last read
    Column("failures", Integer, nullable=False),  # consecutive failed polls
    Column("last_error", Text),
    Column("polled_at", DateTime(timezone=True), nullable=False),
    Column("next_poll_at", DateTime(timezone=True), nullable=False),
)

# The pipeline configuration the store is processed with (model, components, --kb files by path and content
# hash), so that a later `process`, `watch` or the workspace annotates the same way unless told otherwise.
pipeline_config = Table(
    "pipeline_config",
    metadata,
    Column("name", String(32), primary_key=True),  # one row, "annotate"
    Column("config", JSON, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)

ANNOTATION_TABLES = (mentions, places, timexes, quantities, claims, events)

# Summaries (migration 0008) of what the map and the timeline count, so that their common views read a few
# thousand rows instead of grouping every mention. The store's writes keep them exact (``summary.py``
# recomputes the rows a write touches, in the write's transaction). ``event_type`` "" is the row of every
# record; a type's row counts only the records with an event of that type.
place_days = Table(
    "place_days",
    metadata,
    Column("span", String(8), nullable=False),  # "day": a row a day; "month": a row a month
    Column("day", Date),  # the documents' publication day (month: its first day); NULL when undated
    Column("gazetteer_id", Text, nullable=False),
    Column("event_type", String(24), nullable=False),
    Column("sample", String(40), nullable=False),  # the greatest place mention id, whose names are shown
    Column("documents", Integer, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("events", Integer, nullable=False),  # events placed at these mentions, of any type
    Column("lat_min", Float),
    Column("lat_max", Float),
    Column("lat_sum", Float),
    Column("lat_n", Integer, nullable=False),
    Column("lon_min", Float),
    Column("lon_max", Float),
    Column("lon_sum", Float),
    Column("lon_n", Integer, nullable=False),
    # Its mentions lie at more than one point (or some have none): a box cannot be tested on the row.
    Column("mixed", Boolean, nullable=False, index=True),
    Index("ix_place_days_scope", "span", "event_type", "day", "gazetteer_id"),  # the map's reads
    Index("ix_place_days_place", "gazetteer_id", "span", "day"),  # the writes' look-ups of (day, place) pairs
)

document_days = Table(
    "document_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("event_type", String(24), primary_key=True),
    Column("count", Integer, nullable=False),
)

# Events by the day they happened: day-precise dates only (an interval names no one day).
event_days = Table(
    "event_days",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("event_type", String(24), primary_key=True),
    Column("count", Integer, nullable=False),
)

SUMMARY_TABLES = (place_days, document_days, event_days)

# Full-text search (migration 0004) is dialect-specific, so it lives in the migration, not in this metadata:
# on SQLite the FTS5 table and the shadow tables FTS5 keeps beside it, on PostgreSQL a GIN expression index.
FULLTEXT_TABLE = "documents_fts"
FULLTEXT_INDEX = "ix_documents_fulltext"


def declared_here(name: str | None, type_: str) -> bool:
    """Whether a database object is described by this metadata (for Alembic's ``include_name``)."""
    if type_ == "table":
        return not (name or "").startswith(FULLTEXT_TABLE)
    return name != FULLTEXT_INDEX
