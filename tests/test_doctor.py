"""``sitroom doctor``: a healthy store passes; each kind of damage is found, and repaired where safe."""

from __future__ import annotations

import importlib
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import Report, save
from sitroom.cli import main
from sitroom.reconcile import reconcile
from sitroom.store import Store
from sitroom.store import doctor as doctor_module
from sitroom.store.migrate import alembic_config, head_revision


def doctor(db: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["doctor", "--db", str(db), *options])
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "store.db"
    with Store.open(path) as store:
        izium = Report("The ISW said Ukraine retook Izium on Saturday.", date(2022, 9, 11), "Outlet A")
        claim = izium.claim("Ukraine retook Izium on Saturday", "isw", cue="said")
        izium.event("retook", "CONTROL", place="Izium", claim=claim, modality="claimed", control_side="UA")
        again = Report("Ukraine recaptured Izium, officials said.", date(2022, 9, 12), "Outlet B")
        again.event("recaptured", "CONTROL", place="Izium", control_side="UA")
        lyman = Report("Ukraine recaptured Lyman with 300 troops.", date(2022, 10, 1), "Outlet B")
        lyman.event("recaptured", "CONTROL", place="Lyman", control_side="UA")
        lyman.quantity("300", 300, "troops")
        save(store, izium, again, lyman)
        reconcile(store)
    return path


def corrupt(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)  # foreign keys off, as in any tool that edits the file by hand
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_a_healthy_store_passes(db):
    code, output = doctor(db)
    assert (code, output.strip()) == (0, f"ok: {db} passed every check")


DAMAGE = {
    "orphan annotations": (
        ["INSERT INTO mentions (id, doc_id, start, \"end\", text, label, sentence) "
         "VALUES ('men_x', 'doc_gone', 0, 4, 'Kyiv', 'GPE', 0)"],
        "mentions of missing documents: 1",
    ),
    "wrong offsets": (
        ["UPDATE claims SET start = start + 1"],
        "claims whose start:end is not their text in the document text: 1",
    ),
    "offsets past the text": (
        ["UPDATE quantities SET \"end\" = 10000"],
        "quantities whose start:end is not their text in the document text: 1",
    ),
    "wrong cue offsets": (
        ["UPDATE claims SET cue_start = 0, cue_end = 3"],
        "claims whose cue_start:cue_end is not their cue in the document text: 1",
    ),
    "missing entity": (
        ["DELETE FROM entities WHERE id = 'ent_isw'"],
        "claims.speaker naming missing entities: 1",
    ),
    "processed without version": (
        ["UPDATE documents SET pipeline_version = NULL WHERE rowid = 1"],
        "documents marked done without a pipeline version: 1",
    ),
    "unknown status": (["UPDATE documents SET status = 'weird' WHERE rowid = 2"], "unknown status: 1"),
    "missing event": (
        ["DELETE FROM events WHERE trigger = 'retook'"],
        "incidents naming missing events or documents: 1",
    ),
    "summary out of step": (
        ["UPDATE place_days SET mentions = mentions + 1 WHERE rowid = 1"],
        "summary tables that differ from the records they count: 1 (e.g. place_days)",
    ),
    "dangling near-duplicate": (
        ["UPDATE documents SET near_duplicate_of = 'doc_gone' WHERE rowid = 3"],
        "near_duplicate_of naming missing documents: 1",
    ),
}  # fmt: skip


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damage_is_found_and_repaired(db, damage):
    statements, expected = DAMAGE[damage]
    corrupt(db, *statements)
    code, output = doctor(db)
    assert code == 1 and expected in output, output
    assert "run with --repair" in output
    code, output = doctor(db, "--repair")
    assert code == 0, output
    assert "repaired:" in output and output.strip().endswith("passed every check after repair")
    assert doctor(db)[0] == 0


def test_stale_incidents_are_reported_and_the_command_reconciles_them(db):
    corrupt(db, "DELETE FROM events WHERE trigger = 'retook'")
    with Store.open(db) as store:
        assert doctor_module.diagnose(store).needs_reconcile
    code, output = doctor(db)
    assert code == 1 and "needs reconcile" in output
    code, output = doctor(db, "--repair")
    assert code == 0 and "repaired: reconciled incidents and links again" in output
    with Store.open(db) as store:
        assert not doctor_module.diagnose(store).needs_reconcile
        (izium,) = [i for i in store.rows("incidents") if i["place_name"] == "Izium"]
        assert len(izium["mentions"]) == 1  # rebuilt from the one event left


def test_a_requeued_document_is_annotated_again_by_process(db):
    corrupt(db, "UPDATE claims SET start = start + 1")
    doctor(db, "--repair")
    with Store.open(db) as store:
        (pending,) = store.pending_documents("test")
        assert list(store.rows("claims")) == []
        (document,) = [row for row in store.rows("documents") if row["id"] == pending]
        assert document["status"] == "ingested" and "ISW" in document["text"]


def test_foreign_key_check_reports_rows_the_orphan_checks_repair(db):
    corrupt(db, "UPDATE places SET doc_id = 'doc_gone' WHERE rowid = 1")
    code, output = doctor(db)
    assert code == 1 and "foreign_keys: rows pointing at missing rows" in output
    assert "places of missing documents: 1" in output
    assert doctor(db, "--repair")[0] == 0


def test_an_unreadable_file_is_reported_not_repaired(tmp_path, db):
    data = bytearray(db.read_bytes())
    data[4096 : 4096 * 3] = os.urandom(4096 * 2)  # the pages after the first
    broken = tmp_path / "broken.db"
    broken.write_bytes(bytes(data))
    for options in ((), ("--repair",)):
        code, output = doctor(broken, *options)
        assert code == 1 and ("integrity" in output or "malformed" in output or "error:" in output), output
        assert "passed every check" not in output


def test_an_old_schema_is_reported_and_migrated_after_a_backup(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine

    old = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    engine.dispose()
    code, output = doctor(old)
    assert code == 1 and f"schema: revision 0002, newest is {head_revision()}" in output
    code, output = doctor(old, "--repair")
    assert code == 0, output
    assert (tmp_path / "old.db.bak-0002").exists()  # the copy made before migrating


def test_a_missing_store_is_a_usage_error(tmp_path):
    code, output = doctor(tmp_path / "none.db")
    assert code == 2 and "no sitroom store" in output


def test_an_export_that_fails_midway_leaves_the_previous_file(tmp_path, db, monkeypatch):
    export_module = importlib.import_module("sitroom.report.export")  # the package names a function export
    target = tmp_path / "out" / "sitroom.json"
    with Store.open(db) as store:
        export_module.write_json(store, target)
        before = target.read_bytes()

        def failing_rows(*_args, **_kwargs):
            yield {"id": "first"}
            raise RuntimeError("disk gone")

        monkeypatch.setattr(export_module, "export_rows", failing_rows)
        with pytest.raises(RuntimeError):
            export_module.write_json(store, target)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["sitroom.json"]  # no temporary left


def test_an_export_killed_midway_leaves_the_previous_file(tmp_path):
    target = tmp_path / "sitroom.json"
    target.write_text('{"complete": true}')
    child = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from sitroom.report.export import atomic_write\n"
        "with atomic_write(Path(sys.argv[1])) as out:\n"
        "    out.write('{\"half\": ')\n"
        "    out.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    killed = subprocess.run([sys.executable, "-c", child, str(target)], env=env, timeout=60)
    assert killed.returncode == -9
    assert target.read_text() == '{"complete": true}'
