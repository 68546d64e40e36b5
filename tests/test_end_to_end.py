"""The README's promises, through the real command line: analyze, re-run, kill and resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from sitroom.store import Store

pytestmark = pytest.mark.slow


def sitroom(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitroom.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs,
    )


def write_mixed_folder(folder: Path, articles: int = 6) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        (folder / f"wire-{i}.txt").write_text(
            f"Report {i} on the Kharkiv front\ndate 2022-09-{10 + i:02d}\n\n"
            f"Ukrainian forces advanced near Izium on day {i}, Oleh Syniehubov said. "
            f"Russian troops withdrew toward Kupiansk, according to the General Staff.\n"
        )
    (folder / "page.html").write_text(
        "<html><head><title>Balakliia retaken</title>"
        "<meta property='article:published_time' content='2022-09-08'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Balakliia retaken</h1>"
        "<p>Ukrainian troops raised the flag over Balakliia on Thursday, the governor said. "
        "The town in the Kharkiv region had been occupied since March.</p>"
        "<p>Residents described months of shortages and shelling near the railway station.</p>"
        "</article><footer>Copyright Example News</footer></body></html>"
    )
    records = [
        {
            "id": "b-1",
            "title": "Lyman",
            "source": "Example Wire",
            "published": "2022-10-01",
            "text": "Ukraine said its forces entered Lyman in the Donetsk region on Saturday.",
        },
        {
            "id": "b-2",
            "title": "Mobilisation",
            "source": "Example Wire",
            "published": "2023-02-02",
            "text": "Oleksii Reznikov said Russia had mobilised up to 500,000 soldiers.",
        },
    ]
    (folder / "batch.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def store_snapshot(db: Path) -> dict[str, list[tuple]]:
    with Store.open(db, create=False) as store:
        return store.snapshot()


def test_analyze_writes_store_export_and_report_and_reruns_add_nothing(tmp_path):
    write_mixed_folder(tmp_path / "in")
    out = tmp_path / "out"
    first = sitroom("analyze", str(tmp_path / "in"), "--out", str(out), "--quiet")
    assert first.returncode == 0, first.stderr
    assert "ingest: 9 added" in first.stderr
    data = json.loads((out / "sitroom.json").read_text())
    schema = json.loads((resources.files("sitroom.schemas") / "export-v1.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert {d["format"] for d in data["documents"]} == {"text", "html", "jsonl"}
    assert all(d["status"] == "processed" for d in data["documents"])
    assert data["mentions"], "no entity mentions were found"
    assert "Balakliia" in (out / "report.html").read_text()
    before = store_snapshot(out / "sitroom.db")

    again = sitroom("analyze", str(tmp_path / "in"), "--out", str(out), "--quiet")
    assert again.returncode == 0, again.stderr
    assert "ingest: 0 added, 0 replaced, 9 exact duplicates skipped" in again.stderr
    assert "process: 0 annotated" in again.stderr
    assert store_snapshot(out / "sitroom.db") == before


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    write_mixed_folder(tmp_path / "in", articles=2)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with (tmp_path / "in" / "batch.jsonl").open("a") as handle:
        handle.write("{not json\n")
    result = sitroom("analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert any("empty.txt" in line for line in errors), errors
    assert any("image.png" in line for line in errors), errors
    assert any("batch.jsonl:3" in line for line in errors), errors
    assert "ingest: 5 added" in result.stderr


def test_killed_run_resumes_to_the_same_store_as_a_clean_run(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(160):
        (corpus / f"{i:03d}.txt").write_text(
            f"Dispatch {i}\ndate 2024-05-{1 + i % 28:02d}\n\n"
            f"Russian forces shelled Vovchansk for the {i}th time, governor Oleh Syniehubov said. "
            f"Some {i * 10} residents were evacuated to Kharkiv by volunteers from Lyptsi.\n"
        )
    clean = tmp_path / "clean"
    assert sitroom("analyze", str(corpus), "--out", str(clean), "--quiet").returncode == 0

    killed = tmp_path / "killed"
    process = subprocess.Popen(
        [sys.executable, "-m", "sitroom.cli", "analyze", str(corpus), "--out", str(killed), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = killed / "sitroom.db"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if _processed(db) >= 20:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < _processed(db) < 160

    resumed = sitroom("analyze", str(corpus), "--out", str(killed), "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    assert store_snapshot(db) == store_snapshot(clean / "sitroom.db")


def _processed(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        count = conn.execute("SELECT count(*) FROM documents WHERE status='processed'").fetchone()
        conn.close()
        return count[0]
    except sqlite3.Error:
        return 0


def test_several_workers_write_the_same_store_as_one(tmp_path):
    write_mixed_folder(tmp_path / "in", articles=40)
    one = sitroom("analyze", str(tmp_path / "in"), "--out", str(tmp_path / "one"), "-q")
    two = sitroom("analyze", str(tmp_path / "in"), "--out", str(tmp_path / "two"), "-q", "--workers", "2")
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert store_snapshot(tmp_path / "two" / "sitroom.db") == store_snapshot(tmp_path / "one" / "sitroom.db")


def test_user_knowledge_base_names_an_actor_and_a_broken_one_stops_the_run(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Brigade report\ndate 2024-05-12\n\nColonel Petro Ivanenko said his brigade held Lyptsi.\n"
    )
    kb = tmp_path / "mine.yaml"
    kb.write_text(
        "actors:\n  - id: ua.ivanenko\n    name: Petro Ivanenko\n    type: person\n"
        "    side: UA\n    aliases: [Ivanenko]\n"
    )
    out = tmp_path / "out"
    result = sitroom("analyze", str(corpus), "--out", str(out), "--kb", str(kb), "-q")
    assert result.returncode == 0, result.stderr
    entities = json.loads((out / "sitroom.json").read_text())["entities"]
    (ivanenko,) = [e for e in entities if e["kb_id"] == "ua.ivanenko"]
    assert (ivanenko["name"], ivanenko["side"]) == ("Petro Ivanenko", "UA")

    kb.write_text("actors:\n  - id: ua.broken\n    type: person\n")
    broken = sitroom("analyze", str(corpus), "--out", str(tmp_path / "o2"), "--kb", str(kb), "-q")
    assert broken.returncode == 1
    assert "mine.yaml" in broken.stderr and "ua.broken" in broken.stderr


def test_read_commands_refuse_a_missing_store(tmp_path):
    for command in (["stats"], ["report", "--out", str(tmp_path)], ["export", "--format", "json"]):
        result = sitroom(*command, "--db", str(tmp_path / "typo.db"))
        assert result.returncode == 1
        assert f"no sitroom store at {tmp_path / 'typo.db'}" in result.stderr
    assert not (tmp_path / "typo.db").exists()
