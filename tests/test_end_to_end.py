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

from conftest import store_snapshot

pytestmark = pytest.mark.slow


def sitroom(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitroom", *args],
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


def test_analyze_writes_store_export_and_report_and_reruns_add_nothing(tmp_path, store_url):
    write_mixed_folder(tmp_path / "in")
    out = tmp_path / "out"
    first = sitroom("analyze", str(tmp_path / "in"), "--out", str(out), "--db", store_url, "--quiet")
    assert first.returncode == 0, first.stderr
    assert "ingest: 9 added" in first.stderr
    data = json.loads((out / "sitroom.json").read_text())
    schema = json.loads((resources.files("sitroom.schemas") / "export-v1.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert {d["format"] for d in data["documents"]} == {"text", "html", "jsonl"}
    assert all(d["status"] == "processed" for d in data["documents"])
    assert data["mentions"], "no entity mentions were found"
    names = {e["id"]: e["name"] for e in data["entities"]}
    claims = {names.get(c["speaker"]): c for c in data["claims"] if c["parent"] is None}
    reznikov = claims["Oleksii Reznikov"]
    assert reznikov["text"] == "Russia had mobilised up to 500,000 soldiers"
    claimed = {q["id"] for q in data["quantities"] if q["text"] == "up to 500,000"}
    assert claimed and claimed <= set(reznikov["contains"])
    assert any(c["cue"] == "according to" for c in data["claims"])
    assert "Balakliia" in (out / "report.html").read_text()
    before = store_snapshot(store_url)

    again = sitroom("analyze", str(tmp_path / "in"), "--out", str(out), "--db", store_url, "--quiet")
    assert again.returncode == 0, again.stderr
    assert "ingest: 0 added, 0 replaced, 9 exact duplicates skipped" in again.stderr
    assert "process: 0 annotated" in again.stderr
    assert store_snapshot(store_url) == before


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
        [sys.executable, "-m", "sitroom", "analyze", str(corpus), "--out", str(killed), "-q"],
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


def test_several_workers_write_the_same_store_as_one_process_on_sqlite(tmp_path, store_url):
    write_mixed_folder(tmp_path / "in", articles=40)
    one = sitroom("analyze", str(tmp_path / "in"), "--out", str(tmp_path / "one"), "-q")
    two = sitroom(
        "analyze",
        str(tmp_path / "in"),
        "--out",
        str(tmp_path / "two"),
        "--db",
        store_url,
        "-q",
        "--workers",
        "2",
    )
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert store_snapshot(store_url) == store_snapshot(tmp_path / "one" / "sitroom.db")


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


def test_read_commands_refuse_a_missing_store_as_a_usage_error(tmp_path):
    for command in (["stats"], ["report", "--out", str(tmp_path)], ["export", "--format", "json"]):
        result = sitroom(*command, "--db", str(tmp_path / "typo.db"))
        assert result.returncode == 2
        assert result.stderr == f"error: no sitroom store at {tmp_path / 'typo.db'} (see --db)\n"
    assert not (tmp_path / "typo.db").exists()


def test_exit_status_is_2_for_a_usage_error_and_1_when_the_input_failed(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    for command in (["analyze", "in", "nowhere"], ["ingest", "nowhere"], ["watch", "--once", "nowhere"]):
        missing = sitroom(*command, cwd=tmp_path)
        assert (missing.returncode, missing.stderr) == (2, "error: no such file or directory: nowhere\n")
    both = sitroom("analyze", "in", "--kb", "in/empty.txt", "--no-kb", cwd=tmp_path)
    assert both.returncode == 2 and "--kb and --no-kb exclude each other" in both.stderr
    assert sitroom("analyze", "in", "--bogus", cwd=tmp_path).returncode == 2

    failed = sitroom("analyze", "in", "-q", cwd=tmp_path)
    assert failed.returncode == 1
    assert "error: in/empty.txt: empty\n" in failed.stderr
    assert "nothing written: the store holds no document" in failed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in"]  # no store, no empty report


def test_a_folder_holding_an_earlier_run_is_analyzed_without_its_outputs(tmp_path):
    write_mixed_folder(tmp_path / "in", articles=2)
    formats = [arg for fmt in ("json", "jsonl", "csv", "geojson", "parquet") for arg in ("--format", fmt)]
    first = sitroom("analyze", str(tmp_path / "in"), "--out", str(tmp_path / "in"), *formats, "-q")
    assert first.returncode == 0, first.stderr
    again = sitroom("analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q")
    assert again.returncode == 0, again.stderr
    assert "ingest: 5 added" in again.stderr and "0 problems" in again.stderr
    # report.html, report.md, sitroom.json, sitroom.jsonl, places.geojson, sitroom.db, 10 CSV, 10 Parquet
    assert again.stderr.count("skipped 26 sitroom outputs") == 1
    titles = {d["title"] for d in json.loads((tmp_path / "out" / "sitroom.json").read_text())["documents"]}
    assert "Situation report" not in titles


def test_the_knowledge_base_given_once_is_kept_with_the_store(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Brigade report\ndate 2024-05-12\n\nColonel Petro Ivanenko said his brigade held Lyptsi.\n"
    )
    kb = tmp_path / "mine.yaml"
    kb.write_text("actors:\n  - id: ua.ivanenko\n    name: Petro Ivanenko\n    type: person\n    side: UA\n")
    out = tmp_path / "out"
    assert sitroom("analyze", str(corpus), "--out", str(out), "--kb", str(kb), "-q").returncode == 0
    db = str(out / "sitroom.db")
    same = sitroom("process", "--db", db, "-q")  # the stored configuration: nothing new to do
    assert (same.returncode, "note:" in same.stderr) == (0, False)
    assert "process: 0 annotated" in same.stderr
    bundled = sitroom("process", "--db", db, "--no-kb", "-q")
    assert "note: using the given configuration" in bundled.stderr and "--kb mine.yaml" in bundled.stderr
    assert "process: 1 annotated" in bundled.stderr
    assert sitroom("process", "--db", db, "--kb", str(kb), "-q").returncode == 0
    kb.unlink()
    vanished = sitroom("process", "--db", db, "-q")
    assert vanished.returncode == 2
    assert f"the store is processed with --kb {kb}, which no longer exists" in vanished.stderr
