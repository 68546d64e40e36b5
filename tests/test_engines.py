"""The engines behind ``run_batches``: results in input order, and Ray only when asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dying_worker
from conftest import make_document
from sitroom.engines import EngineUnavailable, Failure, RunOptions, local, run_batches


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
