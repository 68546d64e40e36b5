"""One writer and many readers on one SQLite store at once: the readers (stats, export, report, and a
direct check) never fail and never see part of a batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from crash.soak import make_corpus
from sitroom.store import Store
from sitroom.workflow import ingest

pytestmark = pytest.mark.slow

WRITER = """
import sys
from pathlib import Path
from sitroom.annotate import PipelineConfig
from sitroom.engines import RunOptions
from sitroom.store import Store
from sitroom.workflow import process
with Store.open(sys.argv[1]) as store:
    process(store, RunOptions(PipelineConfig(batch_size=2)))
Path(sys.argv[2]).write_text("done")
"""

# Annotations and the "processed" status are written in one transaction per batch, so no reader may
# ever see annotations of a document still marked "ingested", nor a processed document without its
# pipeline version. Each check runs in one read transaction.
HALF_WRITTEN = """
SELECT (SELECT count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE d.status = 'ingested')
     + (SELECT count(*) FROM timexes t JOIN documents d ON d.id = t.doc_id WHERE d.status = 'ingested')
     + (SELECT count(*) FROM documents WHERE status != 'ingested' AND pipeline_version IS NULL)
"""

READER = """
import json, sqlite3, sys, tempfile, traceback
from pathlib import Path
from sitroom.cli import main
db, done, kind = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
out = Path(tempfile.mkdtemp())
runs, errors, half_written, processed_seen = 0, [], 0, set()
commands = {
    "stats": ["stats", "--json", "--db", db],
    "export": ["export", "--format", "json", "--format", "csv", "--db", db, "--out", str(out)],
    "report": ["report", "--db", db, "--out", str(out)],
}
while not done.exists() or runs < 2:
    runs += 1
    try:
        if kind == "check":
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
            half_written += conn.execute(sys.argv[4]).fetchone()[0]
            done_now = conn.execute("SELECT count(*) FROM documents WHERE status='processed'")
            processed_seen.add(done_now.fetchone()[0])
            conn.close()
        else:
            main(commands[kind], standalone_mode=False)
            if kind == "export":
                data = json.loads((out / "sitroom.json").read_text())
                status = {d["id"]: d["status"] for d in data["documents"]}
                half_written += sum(status[m["doc"]] != "processed" for m in data["mentions"])
    except SystemExit as exit:
        if exit.code:
            errors.append(f"exit {exit.code}")
    except Exception:
        errors.append(traceback.format_exc(limit=3))
print(json.dumps({"kind": kind, "runs": runs, "errors": errors, "half_written": half_written,
                  "distinct_processed_counts": len(processed_seen)}))
"""


def test_readers_never_fail_nor_see_half_a_batch_while_a_writer_processes(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", copies=0, parts=("wire",))
    db = tmp_path / "store.db"
    with Store.open(db) as store:
        assert ingest(store, [str(corpus)]).added >= 8
    done = tmp_path / "writer-done"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def start(code: str, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", code, str(db), str(done), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    writer = start(WRITER)
    readers = [start(READER, kind, HALF_WRITTEN) for kind in ("check", "stats", "export", "report")]
    _, writer_errors = writer.communicate(timeout=300)
    assert writer.returncode == 0, writer_errors
    reports = []
    for reader in readers:
        output, errors = reader.communicate(timeout=300)
        assert reader.returncode == 0, errors
        reports.append(json.loads(output.strip().splitlines()[-1]))
    for report in reports:
        assert report["errors"] == [], report
        assert report["half_written"] == 0, report
    checks = [r for r in reports if r["kind"] == "check"]
    # the direct checks ran while batches landed, not only before or after them
    assert max(r["distinct_processed_counts"] for r in checks) >= 3, checks
    with Store.open(db) as store:
        assert store.counts()["documents_processed"] == store.counts()["documents"]
