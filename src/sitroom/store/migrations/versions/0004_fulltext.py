"""full-text search over documents (title and text); indexes for the workspace's date order and map

Revision ID: 0004
Revises: 0003

SQLite: an external-content FTS5 table (the text is not stored twice) kept in step with ``documents`` by
triggers, so every writer keeps it in sync, and filled from the documents already stored. PostgreSQL: a
GIN index on the English ``tsvector`` of title and text, the expression the store's search queries use.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SQLITE = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); "
    "END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text); "
    "END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); "
    "END",
    "INSERT INTO documents_fts(rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM documents",
)

_POSTGRESQL = (
    "CREATE INDEX ix_documents_fulltext ON documents "
    "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))",
)


def upgrade() -> None:
    op.create_index("ix_documents_published_id", "documents", ["published", "id"], unique=False)
    op.create_index("ix_claims_date", "claims", ["date"], unique=False)
    op.create_index(
        "ix_places_doc_scope", "places", ["doc_id", "gazetteer_id", "lat", "lon", "id"], unique=False
    )
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(dialect, ())
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("sitroom stores migrate forward only; restore the .bak copy instead")
