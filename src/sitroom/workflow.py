"""The jobs behind the CLI and the Python API: ingest, process, analyze.

Ingest writes one document per transaction and process one batch of documents per transaction, so an
interrupted job leaves a consistent store, and the same call, repeated, finishes the work without
duplicates.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Literal

from sitroom.annotate import Annotator, PipelineConfig, pipeline_version
from sitroom.ingest import IngestLimits, ReadContext, iter_sources, prepare
from sitroom.ingest.base import Item
from sitroom.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, bands, fingerprint, similarity
from sitroom.pipeline_setup import build_gazetteer_once, settle_config
from sitroom.reconcile import ReconcileSummary, reconcile
from sitroom.records import Annotations, Document, IngestProblem, SourceDocument
from sitroom.report import export, write_report
from sitroom.reporting import Reporter
from sitroom.store import Store

# Where annotation runs: this machine's processes, or the actors of a Ray cluster (the ``ray`` extra).
Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")


class EngineUnavailable(RuntimeError):
    pass


@dataclass(slots=True)
class IngestSummary:
    added: int = 0
    replaced: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    problems: list[IngestProblem] = field(default_factory=list)
    own_outputs: int = 0  # files left out as sitroom's own earlier reports, exports and stores


@dataclass(slots=True)
class ProcessSummary:
    processed: int = 0
    skipped: int = 0  # not English: stored and flagged, not run through the English pipeline
    failed: list[tuple[str, str]] = field(default_factory=list)  # (doc id, error)
    pipeline_version: str = ""
    reconciled: ReconcileSummary | None = None


@dataclass(slots=True)
class Failure:
    doc: str
    error: str


def ingest(
    store: Store,
    paths: Sequence[str],
    limits: IngestLimits | None = None,
    reporter: Reporter | None = None,
    skip: Sequence[Path] = (),
) -> IngestSummary:
    """Read ``paths`` into the store; folders are walked without entering ``skip`` or the store's files."""
    ctx = ReadContext(limits or IngestLimits())
    summary = ingest_items(store, iter_sources(paths, skip=[*skip, *store.files()], ctx=ctx), reporter)
    summary.own_outputs = len(ctx.own_outputs)
    return summary


def ingest_items(store: Store, items: Iterable[Item], reporter: Reporter | None = None) -> IngestSummary:
    """Store the documents read by an ingest reader, and collect its problems."""
    reporter = reporter or Reporter()
    reporter.stage("ingest")
    summary = IngestSummary()
    for item in items:
        if isinstance(item, SourceDocument):
            try:
                _add(store, prepare(item), summary)
                reporter.advance()
                continue
            except Exception as error:  # a bug on one input must not stop the batch
                item = IngestProblem(item.origin, f"could not prepare the document: {error!r}")
        summary.problems.append(item)
        reporter.problem(item)
    return summary


def add_source(store: Store, source: SourceDocument) -> IngestSummary:
    """Prepare and store one document handed over in memory (the workspace's upload), not read from a path."""
    summary = IngestSummary()
    _add(store, prepare(source), summary)
    return summary


def _add(store: Store, document: Document, summary: IngestSummary) -> None:
    signature = fingerprint(document.text)
    buckets = bands(signature)
    original = _near_duplicate_original(store, document, signature, buckets)
    result = store.add_document(document, signature, buckets, near_duplicate_of=original)
    if result.outcome == "duplicate":
        summary.duplicates += 1
        return
    if result.outcome == "replaced":
        summary.replaced += 1
    else:
        summary.added += 1
    if original is not None:
        summary.near_duplicates += 1


def _near_duplicate_original(
    store: Store, document: Document, signature: bytes, buckets: list[int]
) -> tuple[str, float] | None:
    """The most similar earlier document above the threshold, with its estimated similarity."""
    best: tuple[str, float] | None = None
    for candidate_id, candidate_signature in store.near_duplicate_candidates(buckets):
        if candidate_id == document.id or candidate_signature is None:
            continue
        score = similarity(signature, candidate_signature)
        if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[1]):
            best = (candidate_id, score)
    return best


class DocumentProcessor:
    """The annotation pipeline applied to batches of documents (one per worker process)."""

    def __init__(self, config: PipelineConfig):
        self.annotator = Annotator(config)

    def __call__(self, documents: list[Document]) -> list[Annotations | Failure]:
        try:
            results: list[Annotations | Failure] = list(self.annotator.annotate(documents))
        except Exception:
            # Find the document that breaks the batch; the others still get annotated.
            results = [self._one(document) for document in documents]
        return results

    def _one(self, document: Document) -> Annotations | Failure:
        try:
            return next(self.annotator.annotate([document]))
        except Exception as error:
            return Failure(document.id, f"annotation failed: {error!r}")


_worker_processor: DocumentProcessor | None = None


def _init_worker(config: PipelineConfig) -> None:
    global _worker_processor
    _worker_processor = DocumentProcessor(config)


def _process_in_worker(documents: list[Document]) -> list[Annotations | Failure]:
    assert _worker_processor is not None
    return _worker_processor(documents)


def process(
    store: Store,
    config: PipelineConfig | None = None,
    workers: int = 1,
    retry_failed: bool = False,
    reporter: Reporter | None = None,
    engine: Engine = "local",
    address: str | None = None,
) -> ProcessSummary:
    """Annotate every document not yet processed by the current pipeline version, then reconcile the
    store. Reconciliation runs even when nothing was pending, so a run interrupted between the two
    is finished by the next one.

    ``workers`` processes (``engine="local"``) or Ray actors (``engine="ray"``, on the cluster at
    ``address``) annotate; this process writes their results batch by batch, in input order.
    """
    reporter = reporter or Reporter()
    config = settle_config(store, config, reporter)  # given, else stored with the store, else the default
    build_gazetteer_once(config, reporter)
    version = pipeline_version(config)
    summary = ProcessSummary(pipeline_version=version)
    pending = store.pending_documents(version, retry_failed=retry_failed)
    reporter.stage("process", len(pending))
    if pending:
        _annotate(store, pending, config, workers, engine, address, summary, reporter)
    reporter.stage("reconcile")
    summary.reconciled = reconcile(store)
    return summary


def _annotate(
    store: Store,
    pending: list[str],
    config: PipelineConfig,
    workers: int,
    engine: Engine,
    address: str | None,
    summary: ProcessSummary,
    reporter: Reporter,
) -> None:
    version = summary.pipeline_version
    batches = _document_batches(store, pending, config.batch_size, summary, version, reporter)
    for results in _run_batches(batches, config, workers, engine, address):
        annotated = [result for result in results if isinstance(result, Annotations)]
        store.save_annotations(annotated, version)
        summary.processed += len(annotated)
        for result in results:
            if isinstance(result, Failure):
                store.mark_failed(result.doc, result.error, version)
                summary.failed.append((result.doc, result.error))
        reporter.advance(len(results))


def _document_batches(
    store: Store,
    doc_ids: list[str],
    size: int,
    summary: ProcessSummary,
    version: str,
    reporter: Reporter,
) -> Iterator[list[Document]]:
    """English documents in batches; the others are marked skipped as they pass."""
    ids = iter(doc_ids)
    while chunk := list(islice(ids, size)):
        documents = store.get_documents(chunk)
        english = [document for document in documents if document.is_english]
        others = [Annotations(doc=document.id) for document in documents if not document.is_english]
        store.save_annotations(others, version, status="skipped")
        summary.skipped += len(others)
        reporter.advance(len(others))
        if english:
            yield english


def _run_batches(
    batches: Iterable[list[Document]],
    config: PipelineConfig,
    workers: int,
    engine: Engine = "local",
    address: str | None = None,
) -> Iterator[list[Annotations | Failure]]:
    if engine == "ray":
        try:
            from sitroom.distributed import run_on_ray
        except ModuleNotFoundError as error:
            raise EngineUnavailable(
                f"--engine ray needs Ray: pip install 'sitroom[ray]' ({error})"
            ) from error
        yield from run_on_ray(batches, config, workers, address)
        return
    if workers <= 1:
        processor = DocumentProcessor(config)
        yield from map(processor, batches)
        return
    with multiprocessing.get_context("spawn").Pool(
        workers, initializer=_init_worker, initargs=(config,)
    ) as pool:
        # imap keeps input order, so the store is written in the same order as a one-process run.
        yield from pool.imap(_process_in_worker, batches)


@dataclass(slots=True)
class AnalyzeResult:
    ingest: IngestSummary
    process: ProcessSummary
    outputs: list[Path]


def analyze(
    paths: Sequence[str],
    out_dir: Path,
    db: str | Path | None = None,
    formats: Sequence[str] = ("json",),
    workers: int = 1,
    limits: IngestLimits | None = None,
    config: PipelineConfig | None = None,
    reporter: Reporter | None = None,
    engine: Engine = "local",
    address: str | None = None,
) -> AnalyzeResult:
    """Ingest, process, export and report in one go; the store defaults to ``out_dir/sitroom.db``.

    A run that leaves the store without any document writes no export and no report, and removes the store
    and the output folder it created: a failed first run leaves nothing behind."""
    reporter = reporter or Reporter()
    db = db or out_dir / "sitroom.db"
    local = [out_dir] if "://" in str(db) else [out_dir, Path(db)]
    new_paths = [path.resolve() for path in local if not path.exists()]
    with Store.open(db) as store:
        ingested = ingest(store, paths, limits, reporter, skip=[out_dir])
        processed = process(store, config, workers, reporter=reporter, engine=engine, address=address)
        outputs = []
        if store.has_documents():
            reporter.stage("export", len(formats) + 1)
            for fmt in formats:
                outputs += export(store, fmt, out_dir)
                reporter.advance()
            outputs += write_report(store, out_dir)
            reporter.advance()
        store_files = store.files()
    if not outputs:
        _remove_created(new_paths, store_files)
    return AnalyzeResult(ingested, processed, outputs)


def _remove_created(new_paths: list[Path], store_files: list[Path]) -> None:
    """Remove the store and the (then empty) output folder that an empty run created."""
    if any(path in new_paths for path in store_files):
        for path in store_files:
            path.unlink(missing_ok=True)
    for folder in new_paths:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
