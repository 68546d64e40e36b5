"""Annotation on a Ray cluster: one actor per worker, each loading the pipeline once.

The driver (the ``sitroom process`` that runs this) reads documents from the store, keeps a bounded
number of batches in flight, and writes each batch's results in one transaction, in input order, exactly
as the one-process run does; so the store ends identical to it. A worker that dies takes only unwritten
results with it: Ray restarts the actor and runs the batch again, and ids are deterministic, so nothing is
written twice.

Ray is an optional extra: it is imported when a run asks for this engine, not with this module.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from sitroom.annotate import PipelineConfig
from sitroom.engines.options import EngineUnavailable
from sitroom.engines.processor import DocumentProcessor, Failure, Result
from sitroom.records import Document

# Batches queued per actor beyond the one it works on: enough to hide the round trip, few enough that the
# driver never holds much more than a batch per worker in memory.
IN_FLIGHT_PER_WORKER = 2
# Times a batch is run again after the worker running it was lost, before its documents are marked failed
# (``sitroom process --retry-failed`` tries them again).
BATCH_RETRIES = 2


class BatchAnnotator:
    """A Ray actor holding one loaded pipeline (spaCy model, gazetteer, knowledge base)."""

    def __init__(self, config: PipelineConfig):
        self.processor = DocumentProcessor(config)

    def annotate(self, documents: list[Document]) -> list[Result]:
        return self.processor(documents)


def run_on_ray(
    batches: Iterable[list[Document]], config: PipelineConfig, workers: int, address: str | None = None
) -> Iterator[list[Result]]:
    """Results of every batch, in input order, annotated by ``workers`` actors on the cluster.

    Connects to the cluster at ``address`` (``auto`` finds a local one), or starts a local Ray instance
    when Ray is not yet initialised and no address is given.
    """
    try:
        import ray
        from ray.exceptions import RayError
    except ModuleNotFoundError as error:
        raise EngineUnavailable(f"--engine ray needs Ray: pip install 'sitroom[ray]' ({error})") from error
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False)
    # An actor takes a CPU; one beyond the cluster's CPUs would never start, and its batches never finish.
    workers = max(1, min(workers, int(ray.cluster_resources().get("CPU", 1))))
    # Ray's actor handles are typed loosely enough that mypy cannot follow ``.remote``.
    actor_class: Any = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=BATCH_RETRIES)(BatchAnnotator)
    actors = [actor_class.remote(config) for _ in range(workers)]

    def result(batch: list[Document], reference: ray.ObjectRef) -> list[Result]:
        try:
            return ray.get(reference)
        except RayError as error:
            reason = f"worker lost {BATCH_RETRIES + 1} times on this batch: {type(error).__name__}"
            return [Failure(document.id, reason) for document in batch]

    try:
        in_flight: deque[tuple[list[Document], ray.ObjectRef]] = deque()
        for position, batch in enumerate(batches):
            in_flight.append((batch, actors[position % workers].annotate.remote(batch)))
            if len(in_flight) >= workers * IN_FLIGHT_PER_WORKER:
                yield result(*in_flight.popleft())
        while in_flight:
            yield result(*in_flight.popleft())
    finally:
        for actor in actors:
            ray.kill(actor)
        if started_here:
            ray.shutdown()
