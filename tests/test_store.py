from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, inspect

from conftest import make_document
from sitroom.records import Annotations, Entity, Mention
from sitroom.store import Store, database_url, schema
from sitroom.store.migrate import alembic_config


def test_migrations_create_exactly_the_declared_schema(store):
    # The full-text table and its FTS5 shadow tables are dialect-specific and live in migration 0004 only.
    options = {"include_name": lambda name, type_, _parents: schema.declared_here(name, type_)}
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts=options), schema.metadata)
    assert diff == []


def test_fulltext_objects_are_the_only_ones_left_out_of_the_comparison(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    expected = {
        # SQLite: the FTS5 table and its shadow tables; PostgreSQL: the GIN index over the tsvector.
        "sqlite": {"documents_fts", "documents_fts_config", "documents_fts_data", "documents_fts_docsize",
                   "documents_fts_idx"},
        "postgresql": {"ix_documents_fulltext"},
    }[store.engine.dialect.name]  # fmt: skip
    assert {change[1].name for change in diff} == expected


def test_a_store_at_the_first_revision_keeps_its_documents_through_the_migrations(store_url):
    engine = create_engine(database_url(store_url))
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        row = _stored_row(make_document("Kept across migrations."))
        conn.execute(insert(schema.documents), [row])
        conn.execute(
            insert(schema.quantities),
            [{"id": "qty_1", "doc_id": row["id"], "start": 0, "end": 4, "text": "Kept", "low": 1.0}],
        )
    engine.dispose()
    with Store.open(store_url) as store:
        assert [doc.text for doc in store.get_documents([row["id"]])] == ["Kept across migrations."]
        (quantity,) = store.rows("quantities")
        assert (quantity["low"], quantity["note"]) == (1.0, None)
        columns = {c["name"] for c in inspect(store.engine).get_columns("claims")}
        assert {"speaker_role", "stance", "flags"} <= columns


def test_timestamps_read_back_as_utc_without_offset(store):
    doc = make_document("Shelling in Kherson.")
    before = datetime.now(UTC).replace(tzinfo=None)
    store.add_document(doc)
    (row,) = store.rows("documents")
    assert row["ingested_at"].tzinfo is None
    assert abs((row["ingested_at"] - before).total_seconds()) < 60


def test_sqlite_store_uses_wal(tmp_path):
    Store.open(tmp_path / "s.db").close()
    mode = sqlite3.connect(tmp_path / "s.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_identical_document_is_a_no_op(store):
    doc = make_document("Ukrainian forces entered Izium.")
    assert store.add_document(doc).outcome == "added"
    assert store.add_document(doc).outcome == "duplicate"
    assert store.counts()["documents"] == 1


def test_changed_version_replaces_its_predecessor_and_its_annotations(store):
    first = make_document("Version one about Kupiansk.", external_id="a-1")
    store.add_document(first)
    store.save_annotations([_one_mention(first.id, 24, 32, "Kupiansk")], "v1")
    second = make_document("Version two about Kupiansk and Izium.", external_id="a-1")
    result = store.add_document(second)
    assert result.outcome == "replaced"
    assert [row["id"] for row in store.rows("documents")] == [second.id]
    assert list(store.rows("mentions")) == []


def test_pending_documents_follow_pipeline_version(store):
    doc = make_document("Shelling was reported in Kharkiv.")
    store.add_document(doc)
    assert store.pending_documents("v1") == [doc.id]
    store.save_annotations([Annotations(doc=doc.id)], "v1")
    assert store.pending_documents("v1") == []
    assert store.pending_documents("v2") == [doc.id]


def test_failed_documents_are_retried_only_when_asked(store):
    doc = make_document("A document that broke the pipeline.")
    store.add_document(doc)
    store.mark_failed(doc.id, "boom", "v1")
    assert store.pending_documents("v1") == []
    assert store.pending_documents("v1", retry_failed=True) == [doc.id]


def test_annotations_are_replaced_not_duplicated(store):
    doc = make_document("Zelensky spoke in Kyiv.")
    store.add_document(doc)
    annotations = _one_mention(doc.id, 0, 8, "Zelensky")
    store.save_annotations([annotations], "v1")
    store.save_annotations([annotations], "v1")
    assert store.counts()["mentions"] == 1
    assert store.counts()["entities"] == 1


def test_a_batch_is_saved_together_and_entities_shared_within_it_merge(store):
    docs = [make_document(f"Zelensky spoke, report {i}.") for i in range(3)]
    batch = []
    for i, doc in enumerate(docs):
        store.add_document(doc)
        annotations = _one_mention(doc.id, 0, 8, "Zelensky", entity_id="ent_z")
        annotations.entities[0].aliases = ["Zelensky", f"alias {i}"]
        batch.append(annotations)
    store.save_annotations(batch, "v1")
    assert store.counts()["documents_processed"] == 3
    assert store.counts()["mentions"] == 3
    (entity,) = store.rows("entities")
    assert entity["aliases"] == ["Zelensky", "alias 0", "alias 1", "alias 2"]


def test_entity_aliases_accumulate_across_documents(store):
    for text, alias in (("Zelensky spoke.", "Zelensky"), ("Zelenskyy spoke.", "Zelenskyy")):
        doc = make_document(text)
        store.add_document(doc)
        annotations = _one_mention(doc.id, 0, len(alias), alias, entity_id="ent_same")
        annotations.entities[0].aliases = [alias]
        store.save_annotations([annotations], "v1")
    (entity,) = store.rows("entities")
    assert entity["aliases"] == ["Zelensky", "Zelenskyy"]


def test_near_duplicate_link_is_written_with_the_document(store):
    original = make_document("The original wire story about Balakliia.")
    copy = make_document("The original wire story about Balakliia, syndicated.")
    store.add_document(original)
    store.add_document(copy, near_duplicate_of=(original.id, 0.9))
    (link,) = store.rows("links")
    assert (link["kind"], link["source"], link["target"]) == (
        "near_duplicate",
        copy.id,
        original.id,
    )
    (row,) = store.rows("documents", id=copy.id)
    assert row["near_duplicate_of"] == original.id


def test_documents_round_trip(store):
    doc = make_document("Text.", title="Title", source="Wire", language="en")
    store.add_document(doc)
    assert store.get_documents([doc.id]) == [doc]


def test_a_missing_postgresql_store_is_not_created_by_a_read_command(postgres_url):
    with pytest.raises(FileNotFoundError, match="no sitroom store"):
        Store.open(postgres_url, create=False)
    engine = create_engine(database_url(postgres_url))
    assert not inspect(engine).get_table_names()
    engine.dispose()


def test_processes_opening_a_new_postgresql_store_together_migrate_it_once(postgres_url):
    def open_and_count(_: int) -> int:
        with Store.open(postgres_url) as store:
            return store.counts()["documents"]

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(open_and_count, range(4))) == [0, 0, 0, 0]


def test_concurrent_writers_of_one_postgresql_store_end_as_sequential_ones(postgres_url):
    docs = [make_document(f"Zelensky visited Kharkiv, report {i}.") for i in range(8)]
    with Store.open(postgres_url) as store:
        with ThreadPoolExecutor(4) as pool:
            # Every document arrives twice at the same time: one is added, its twin is a duplicate.
            outcomes = list(pool.map(lambda doc: store.add_document(doc).outcome, docs + docs))
        assert sorted(outcomes) == ["added"] * 8 + ["duplicate"] * 8

        def annotate(pair: tuple[int, str]) -> None:
            i, doc_id = pair
            annotations = _one_mention(doc_id, 0, 8, "Zelensky", entity_id="ent_z")
            annotations.entities[0].aliases = [f"alias {i}"]
            store.save_annotations([annotations], "v1")

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(annotate, enumerate(doc.id for doc in docs)))
        (entity,) = store.rows("entities")
        assert entity["aliases"] == sorted(f"alias {i}" for i in range(8))
        assert store.counts()["mentions"] == 8


def _stored_row(doc) -> dict:
    from sitroom.store import identity_of
    from sitroom.store.rows import document_row

    return document_row(doc, identity_of(doc), None)


def _one_mention(doc_id: str, start: int, end: int, text: str, entity_id: str = "ent_x") -> Annotations:
    return Annotations(
        doc=doc_id,
        mentions=[
            Mention(
                id=f"men_{doc_id}_{start}",
                doc=doc_id,
                start=start,
                end=end,
                text=text,
                label="PERSON",
                sentence=0,
                entity=entity_id,
            )
        ],
        entities=[Entity(id=entity_id, name=text, type="person", aliases=[text])],
    )


def test_upgrading_a_store_fills_the_fulltext_index_with_documents_already_there(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine

    from sitroom.store import Filters
    from sitroom.store.migrate import alembic_config

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    Store(engine).add_document(make_document("Written before full-text search: Kupiansk.", title="Old"))
    engine.dispose()
    with Store.open(path) as upgraded:
        (found,) = upgraded.view("documents", Filters(text="kupiansk")).items
        assert found["title"] == "Old"


def test_the_pipeline_configuration_is_kept_once_and_replaced(store):
    assert store.pipeline_config() is None
    first = {"model": "en_core_web_sm", "components": ["sitroom_places"], "knowledge_bases": []}
    store.save_pipeline_config(first)
    second = {**first, "knowledge_bases": [{"path": "/data/mine.yaml", "sha256": "ab" * 32}]}
    store.save_pipeline_config(second)
    assert store.pipeline_config() == second
    assert len(list(store.rows("pipeline_config"))) == 1
    assert "pipeline_config" not in store.counts()  # bookkeeping, not records


def test_a_store_from_before_the_pipeline_configuration_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    Store(engine).add_document(make_document("Written before the configuration was stored."))
    engine.dispose()
    with Store.open(path) as upgraded:
        assert upgraded.pipeline_config() is None
        assert upgraded.counts()["documents"] == 1
    with Store.open(tmp_path / "old.db.bak-0005", migrate=False) as backup:
        assert "pipeline_config" not in inspect(backup.engine).get_table_names()


def test_a_read_transaction_belongs_to_its_thread(store):
    """The workspace's request threads share one Store: one request's snapshot is not another's."""
    with store.consistent_reads(), ThreadPoolExecutor(1) as other:
        assert not store.has_documents()  # the snapshot begins at its first read
        # Both from the other thread: a write, then a read that must see it, not this thread's snapshot.
        other.submit(store.add_document, make_document("Written after the snapshot began.")).result()
        assert other.submit(store.has_documents).result()
        assert not store.has_documents()
