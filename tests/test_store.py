from __future__ import annotations

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from conftest import make_document
from sitroom.records import Annotations, Entity, Mention
from sitroom.store import Store, schema


def test_migrations_create_exactly_the_declared_schema(store):
    # The full-text table and its FTS5 shadow tables are dialect-specific and live in migration 0004 only.
    options = {"include_name": lambda name, type_, _parents: schema.declared_here(name, type_)}
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts=options), schema.metadata)
    assert diff == []


def test_fulltext_tables_are_the_only_objects_left_out_of_the_comparison(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert {change[1].name for change in diff} == {
        "documents_fts",
        "documents_fts_config",
        "documents_fts_data",
        "documents_fts_docsize",
        "documents_fts_idx",
    }


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
