"""Crash soak: run ``sitroom ingest`` and ``sitroom process`` on a corpus, kill -9 them at random points,
resume, and compare the store with one from an uninterrupted run. Used by tests/crash (a few kills)
and benchmarks/crash_soak.py (many).

Each cycle starts a fresh store and kills its commands until one of each has run to the end; a kill
counts only when it landed while the command was still running. Then the store must pass
``sitroom doctor`` and hold exactly what the clean store holds: no document or annotation lost or
duplicated, every value the same.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sitroom.store import Store

STAGES = (("ingest", True), ("process", False))  # (command, takes the corpus as an argument)


@dataclass(slots=True)
class SoakResult:
    kills: int = 0  # delivered while the command ran
    cycles: int = 0
    kills_by_stage: dict[str, int] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)  # cycle and table whose rows differ
    doctor_failures: list[str] = field(default_factory=list)


def make_corpus(folder: Path, copies: int, parts: tuple[str, ...] = ()) -> Path:
    """The demo corpus (or only its sub-folders ``parts``), plus ``copies`` variants of its plain-text
    articles, each made unique."""
    demo = Path(str(resources.files("sitroom.demo") / "corpus"))
    for part in parts or [path.name for path in demo.iterdir() if path.is_dir()]:
        shutil.copytree(demo / part, folder / part, dirs_exist_ok=True)
    texts = sorted(folder.rglob("*.txt"))
    for copy in range(1, copies + 1):
        for path in texts:
            target = folder / "copies" / f"{copy:03d}-{path.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                path.read_text(encoding="utf-8") + f"\nUpdate {copy}: the report was re-filed.\n"
            )
    return folder


def command(stage: str, with_corpus: bool, corpus: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sitroom",
        stage,
        *([str(corpus)] if with_corpus else []),
        "--db",
        str(db),
        "-q",
    ]


def run(stage: str, with_corpus: bool, corpus: Path, db: Path) -> float:
    """Run a stage to the end; its duration in seconds."""
    started = time.monotonic()
    done = subprocess.run(
        command(stage, with_corpus, corpus, db), capture_output=True, text=True, timeout=900
    )
    if done.returncode not in (0, 1):  # 1: some input reported as a problem, which is fine here
        raise RuntimeError(f"sitroom {stage} failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.monotonic() - started


def doctor(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitroom", "doctor", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def soak(
    corpus: Path,
    work: Path,
    kills: int,
    rng: random.Random,
    max_kills_per_stage: int = 4,
    log: Callable[[str], None] = lambda _line: None,
) -> SoakResult:
    work.mkdir(parents=True, exist_ok=True)
    clean_db = work / "clean.db"
    durations = {stage: run(stage, with_corpus, corpus, clean_db) for stage, with_corpus in STAGES}
    log("clean run: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in durations.items()))
    with Store.open(clean_db, create=False) as store:
        expected = store.snapshot()
    result = SoakResult()
    while result.kills < kills:
        result.cycles += 1
        db = work / f"cycle-{result.cycles}.db"
        for stage, with_corpus in STAGES:
            stage_kills = 0
            while stage_kills < max_kills_per_stage and result.kills < kills:
                process = subprocess.Popen(
                    command(stage, with_corpus, corpus, db),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                started = time.monotonic()
                try:
                    process.wait(timeout=rng.uniform(0.1, 1.0) * durations[stage])
                    # finished before the kill: the stage is done, and runs take about this long now
                    durations[stage] = time.monotonic() - started
                    break
                except subprocess.TimeoutExpired:
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait()
                    stage_kills += 1
                    result.kills += 1
                    result.kills_by_stage[stage] = result.kills_by_stage.get(stage, 0) + 1
            run(stage, with_corpus, corpus, db)  # resume (a no-op if the last attempt finished)
        checked = doctor(db)
        if checked.returncode != 0:
            result.doctor_failures.append(f"cycle {result.cycles}: {checked.stdout.strip()[-500:]}")
        with Store.open(db, create=False) as store:
            found = store.snapshot()
        result.mismatches += [
            f"cycle {result.cycles}: {table}" for table in expected if found.get(table) != expected[table]
        ]
        log(
            f"cycle {result.cycles}: {result.kills} kills so far, {len(result.mismatches)} mismatching "
            f"tables, {len(result.doctor_failures)} doctor failures"
        )
        for path in work.glob(f"{db.name}*"):
            path.unlink()
    return result
