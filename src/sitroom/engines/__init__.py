"""Engines: where the annotation of batches of documents runs, behind one ``run_batches``.

``local`` annotates in this process or a pool of worker processes, ``ray`` on the actors of a Ray cluster.
Every engine yields each batch's results in input order, so the caller writes the store in the same order
whichever engine ran; writing is the caller's job (``sitroom.workflow``), engines never touch the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitroom.engines.local import WorkerPool, run_locally
from sitroom.engines.options import ENGINES, Engine, EngineUnavailable, RunOptions
from sitroom.engines.processor import DocumentProcessor, Failure, Result
from sitroom.engines.ray import run_on_ray
from sitroom.records import Document

__all__ = [
    "ENGINES",
    "DocumentProcessor",
    "Engine",
    "EngineUnavailable",
    "Failure",
    "Result",
    "RunOptions",
    "WorkerPool",
    "run_batches",
]


def run_batches(
    batches: Iterable[list[Document]], options: RunOptions, pool: WorkerPool | None = None
) -> Iterator[list[Result]]:
    """The results of every batch, in input order, annotated as ``options`` say (``workers`` resolved:
    see ``RunOptions.workers_for``); local worker processes are ``pool``'s when it fits the options."""
    workers = options.workers or 1
    if options.engine == "ray":
        return run_on_ray(batches, options.pipeline, workers, options.address)
    return run_locally(batches, options.pipeline, workers, pool)
