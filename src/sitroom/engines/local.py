"""Annotation on this machine: in this process, or in a pool of worker processes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator

from sitroom.annotate import PipelineConfig
from sitroom.engines.processor import DocumentProcessor, Result
from sitroom.records import Document

_worker_processor: DocumentProcessor | None = None


def _init_worker(config: PipelineConfig) -> None:
    global _worker_processor
    _worker_processor = DocumentProcessor(config)


def _process_in_worker(documents: list[Document]) -> list[Result]:
    assert _worker_processor is not None
    return _worker_processor(documents)


def run_locally(
    batches: Iterable[list[Document]], config: PipelineConfig, workers: int
) -> Iterator[list[Result]]:
    """Results of every batch, in input order: annotated here, or by ``workers`` processes."""
    if workers <= 1:
        yield from map(DocumentProcessor(config), batches)
        return
    with multiprocessing.get_context("spawn").Pool(
        workers, initializer=_init_worker, initargs=(config,)
    ) as pool:
        # imap keeps input order, so the store is written in the same order as a one-process run.
        yield from pool.imap(_process_in_worker, batches)
