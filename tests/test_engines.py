"""The engines behind ``run_batches``: results in input order, and Ray only when asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dying_worker
from conftest import make_document
from sitroom.engines import EngineUnavailable, Failure, RunOptions, local, run_batches
from sitroom.engines.options import DOCUMENTS_PER_WORKER, auto_workers


def test_importing_the_workflow_does_not_import_ray():
    code = "import sys, sitroom.cli, sitroom.workflow; print('ray' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_ray_engine_without_ray_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    batches = [[make_document("Kharkiv was shelled overnight, officials said.")]]
    with pytest.raises(EngineUnavailable, match=r"pip install 'sitroom\[ray\]'"):
        list(run_batches(batches, RunOptions(engine="ray")))


@pytest.mark.slow
def test_a_pool_of_workers_returns_every_batch_in_input_order():
    texts = [f"Report {i}: Russian forces shelled Kupiansk, officials said." for i in range(6)]
    batches = [[make_document(text)] for text in texts]
    results = list(run_batches(batches, RunOptions(workers=2)))
    assert [[result.doc for result in batch] for batch in results] == [[b[0].id] for b in batches]
    assert not any(isinstance(result, Failure) for batch in results for result in batch)


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_a_worker_that_dies_fails_its_batch_and_the_run_goes_on(monkeypatch):
    # A killed worker once left the pool waiting for its batch forever.
    monkeypatch.setattr(local, "_process_in_worker", dying_worker.annotate_or_die)
    texts = ["Russian forces shelled Kupiansk, officials said.", dying_worker.DEATH_MARK]
    texts += [f"Report {i}: Kharkiv was shelled overnight." for i in range(3)]
    batches = [[make_document(text)] for text in texts]
    results = list(run_batches(batches, RunOptions(workers=2)))
    assert [[result.doc for result in batch] for batch in results] == [[b[0].id] for b in batches]
    failed = [result for batch in results for result in batch if isinstance(result, Failure)]
    assert [failure.doc for failure in failed] == [batches[1][0].id]
    assert "worker process died" in failed[0].error


@pytest.mark.parametrize(
    ("documents", "cores", "load", "expected"),
    [
        (20, 2, 0.0, 1),  # too few documents for a second worker to pay for its start-up
        (177, 2, 0.2, 2),  # one process per idle core
        (177, 2, 1.0, 2),  # the load of this run's own process
        (177, 2, 2.1, 1),  # another job keeps a core busy: it would only be shared
        (10_000, 8, 0.0, 8),  # never more than the cores
        (10_000, 2, 7.5, 1),  # a loaded machine: one process, never none
        (36, 8, 0.0, 3),  # at most one per DOCUMENTS_PER_WORKER documents
    ],
)
def test_the_default_workers_follow_idle_cores_and_the_documents(documents, cores, load, expected):
    assert auto_workers(documents, cores, load) == expected


def test_workers_given_are_kept_and_ray_defaults_to_one_actor():
    assert RunOptions(workers=3).workers_for(1) == 3
    assert RunOptions(engine="ray").workers_for(10_000) == 1
    assert RunOptions().workers_for(DOCUMENTS_PER_WORKER - 1) == 1


class _StartedPool:
    """Stands for a pool started earlier: says which batches it ran."""

    def __init__(self, config, workers):
        self.config, self.workers, self.ran = config, workers, []

    def run(self, batches):
        for batch in batches:
            self.ran.append(batch)
            yield [Failure(document.id, "not annotated") for document in batch]


def test_a_started_pool_runs_the_batches_only_when_it_fits_the_run(monkeypatch):
    batches = [[make_document("Kharkiv was shelled overnight, officials said.")]]
    fitting = _StartedPool(RunOptions().pipeline, 2)
    assert len(list(run_batches(batches, RunOptions(workers=2), fitting))) == 1
    assert fitting.ran == batches
    # Another number of workers, or another configuration: the run starts its own workers.
    started = []
    monkeypatch.setattr(
        local, "WorkerPool", lambda config, workers: started.append(workers) or _StartedPool(config, workers)
    )
    monkeypatch.setattr(_StartedPool, "close", lambda self: None, raising=False)
    other = _StartedPool(RunOptions().pipeline.without_event_model(), 2)
    list(run_batches(batches, RunOptions(workers=2), other))
    list(run_batches(batches, RunOptions(workers=3), fitting))
    assert other.ran == [] and fitting.ran == batches and started == [2, 3]
