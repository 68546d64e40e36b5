"""Annotation on a local Ray cluster (started by the test) writes the same store as one process."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from conftest import store_snapshot
from sitroom.annotate import PipelineConfig
from sitroom.engines import RunOptions
from sitroom.store import Store
from sitroom.workflow import Reporter, ingest, process

ray = pytest.importorskip("ray", reason="Ray is the optional extra 'ray'")

pytestmark = pytest.mark.slow

ARTICLES = 6


@pytest.fixture(scope="module")
def local_cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(ARTICLES):
        (folder / f"{i}.txt").write_text(
            f"Dispatch {i}\ndate 2024-05-{10 + i}\n\nRussian forces shelled Vovchansk on day {i}, "
            f"governor Oleh Syniehubov said. Some {i * 10 + 5} residents were evacuated to Kharkiv.\n"
        )
    return folder


@pytest.fixture(scope="module")
def one_process_store(corpus, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("one") / "sitroom.db"
    with Store.open(db) as store:
        ingest(store, [str(corpus)])
        process(store)
    return db


def _ray_run(corpus: Path, db: Path, reporter: Reporter | None = None):
    with Store.open(db) as store:
        ingest(store, [str(corpus)])
        # One document per batch, so that the run has several batches in flight on each actor.
        options = RunOptions(PipelineConfig(batch_size=1), workers=2, engine="ray")
        return process(store, options, reporter=reporter)


def test_ray_run_writes_the_same_store_as_one_process(local_cluster, corpus, one_process_store, tmp_path):
    summary = _ray_run(corpus, tmp_path / "ray.db")
    assert (summary.processed, summary.failed) == (ARTICLES, [])
    assert store_snapshot(tmp_path / "ray.db") == store_snapshot(one_process_store)


class _KillAWorkerAfterTheFirstBatch(Reporter):
    def __init__(self) -> None:
        self.written = 0
        self.killed: list[tuple[int, int]] = []  # (pid, batches written when it was killed)

    def advance(self, count: int = 1) -> None:
        self.written += count
        if self.written and not self.killed:
            pid = _annotator_pids()[0]
            os.kill(pid, signal.SIGKILL)
            self.killed.append((pid, self.written))


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(
    local_cluster, corpus, one_process_store, tmp_path
):
    reporter = _KillAWorkerAfterTheFirstBatch()
    summary = _ray_run(corpus, tmp_path / "ray.db", reporter)
    ((_, written_at_kill),) = reporter.killed
    assert written_at_kill < ARTICLES, "the worker was killed after all the work was done"
    assert (summary.processed, summary.failed) == (ARTICLES, [])
    assert store_snapshot(tmp_path / "ray.db") == store_snapshot(one_process_store)


def _annotator_pids() -> list[int]:
    """Processes of this test's Ray cluster running a BatchAnnotator actor."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if command.startswith(b"ray::BatchAnnotator") and _descends_from_this_test(int(entry.name)):
            pids.append(int(entry.name))
    assert pids, "no Ray worker process runs a BatchAnnotator"
    return sorted(pids)


def _descends_from_this_test(pid: int) -> bool:
    while pid > 1:
        if pid == os.getpid():
            return True
        stat = Path(f"/proc/{pid}/stat").read_text()
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return False
