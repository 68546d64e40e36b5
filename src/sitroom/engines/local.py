"""Annotation on this machine: in this process, or in a pool of worker processes.

A pool can be started before its batches exist (``WorkerPool`` then ``warm``): ``analyze`` starts its
workers at the first document it has to annotate, so that each loads its pipeline while the rest is read.

A worker process that dies (killed, out of memory, a crash in native code) takes its batch with it: the
pool is replaced, the batches that were in flight are run again one at a time to find the one that
killed it, and that batch's documents become ``Failure``s saying so. The run goes on.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from sitroom.annotate import PipelineConfig
from sitroom.engines.processor import DocumentProcessor, Failure, Result
from sitroom.records import Document

# Batches handed to the pool ahead of the one being waited for, per worker: enough to keep every
# worker busy, few enough that a dead worker leaves little to run again.
BATCHES_AHEAD_PER_WORKER = 2

_worker_processor: DocumentProcessor | None = None


def _init_worker(config: PipelineConfig) -> None:
    global _worker_processor
    _worker_processor = DocumentProcessor(config)
    # The pipeline lives as long as the worker: the collector's full passes need not walk it (see
    # ``run_locally``).
    gc.freeze()


def _process_in_worker(documents: list[Document]) -> list[Result]:
    assert _worker_processor is not None
    return _worker_processor(documents)


def _ready() -> None:
    """Nothing: a task that makes the pool start a worker (whose initializer loads the pipeline)."""


def run_locally(
    batches: Iterable[list[Document]], config: PipelineConfig, workers: int, pool: WorkerPool | None = None
) -> Iterator[list[Result]]:
    """Results of every batch, in input order: annotated here, or by ``workers`` processes (those of
    ``pool`` when it has that many and the same configuration; the caller closes a pool it gives)."""
    if workers <= 1:
        processor = DocumentProcessor(config)
        # Left out of the garbage collector's full passes while annotating: the objects that exist now
        # (the model, the tables, the gazetteer, some 10^5 of them), which each pass would walk again
        # (0.24 of 9 CPU seconds on 30 news pages). They are the collector's again afterwards.
        gc.freeze()
        try:
            yield from map(processor, batches)
        finally:
            gc.unfreeze()
        return
    if pool is not None and pool.workers == workers and pool.config == config:
        yield from pool.run(iter(batches))
        return
    own = WorkerPool(config, workers)
    try:
        yield from own.run(iter(batches))
    finally:
        own.close()


class WorkerPool:
    """A process pool that is replaced, not waited on forever, when one of its workers dies."""

    def __init__(self, config: PipelineConfig, workers: int):
        self.config = config
        self.workers = workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(self.config,),
        )

    def warm(self) -> None:
        """Start every worker now rather than at the first batch: each loads its pipeline (seconds)
        while the caller goes on. The pool starts a process for each task it gets while none is idle."""
        for _ in range(self.workers):
            self.executor.submit(_ready)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def _restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def run(self, batches: Iterator[list[Document]]) -> Iterator[list[Result]]:
        # Results are yielded in input order, so the store is written as a one-process run writes it.
        in_flight: deque[tuple[list[Document], Future[list[Result]]]] = deque()
        ahead = self.workers * BATCHES_AHEAD_PER_WORKER
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < ahead:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                else:
                    in_flight.append((batch, self._submit(batch)))
            if not in_flight:
                return
            batch, future = in_flight[0]
            try:
                results = future.result()
            except BrokenProcessPool:
                suspects = [batch for batch, _ in in_flight]
                in_flight.clear()
                self._restart()
                yield from map(self._alone, suspects)
                continue
            in_flight.popleft()
            yield results

    def _submit(self, batch: list[Document]) -> Future[list[Result]]:
        try:
            return self.executor.submit(_process_in_worker, batch)
        except BrokenProcessPool:  # a worker died since the last result was read
            future: Future[list[Result]] = Future()
            future.set_exception(BrokenProcessPool("a worker process died"))
            return future

    def _alone(self, batch: list[Document]) -> list[Result]:
        """The batch's results with no other batch in flight: if the pool breaks now, it was this batch."""
        try:
            return self._submit(batch).result()
        except BrokenProcessPool as error:
            self._restart()
            reason = f"annotation failed: the worker process died while annotating its batch ({error})"
            return [Failure(document.id, reason) for document in batch]


def _context() -> multiprocessing.context.BaseContext:
    """Fresh worker processes, each started without the parent's threads, locks or open store.

    Where the platform has it, they are forked from a server process that imports spaCy and the pipeline's
    code once (and the main module, which every started process must import): spawning each from scratch
    repeats those imports per worker, seconds of start-up each.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__])
    return context
