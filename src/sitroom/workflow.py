"""The jobs behind the CLI and the Python API: ingest, process, analyze.

Ingest writes one document per transaction and process one batch of documents per transaction, so an
interrupted job leaves a consistent store, and the same call, repeated, finishes the work without
duplicates. One document that cannot be annotated or stored is marked failed, alone; the run goes on.
Where annotation runs (this process, worker processes, a Ray cluster) is the business of
``sitroom.engines``; this module only writes what the engines return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from sitroom.annotate import pipeline_version
from sitroom.engines import Failure, RunOptions, WorkerPool, run_batches
from sitroom.ingest import IngestLimits, ReadContext, iter_sources, prepare
from sitroom.ingest.base import Item
from sitroom.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, bands, fingerprint, similarity
from sitroom.pipeline_setup import build_gazetteer_once, settle_config
from sitroom.reconcile import ReconcileSummary, reconcile
from sitroom.records import Annotations, Document, IngestProblem, SourceDocument
from sitroom.report import export, write_report
from sitroom.reporting import Reporter
from sitroom.store import RejectedWrite, Store

# Batches a worker process gets at least, when several share the documents (see ``_annotate``), of
# MIN_SHARED_BATCH documents at least: smaller batches cost more a document (30 news pages in batches of
# 4: 7.8 CPU s, of 8 or 15: 6.2).
BATCHES_PER_WORKER = 4
MIN_SHARED_BATCH = 8


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
    reconcile_error: str | None = None  # why reconciling raised; the store keeps the last reconciliation


class ReconcileFailed(Exception):
    """The documents were annotated and written, but reconciling the store raised; ``summary`` is the
    run's, with the reason in ``reconcile_error``."""

    def __init__(self, summary: ProcessSummary):
        super().__init__(
            f"reconcile failed: {summary.reconcile_error}; the annotations are stored and the incidents are "
            "those of the last reconciliation; run `sitroom process` again to reconcile"
        )
        self.summary = summary


def ingest(
    store: Store,
    paths: Sequence[str],
    limits: IngestLimits | None = None,
    reporter: Reporter | None = None,
    skip: Sequence[Path] = (),
    on_new: Callable[[], None] | None = None,
) -> IngestSummary:
    """Read ``paths`` into the store; folders are walked without entering ``skip`` or the store's files.
    ``on_new`` is called for each document added or replaced (not for a duplicate)."""
    ctx = ReadContext(limits or IngestLimits())
    sources = iter_sources(paths, skip=[*skip, *store.files()], ctx=ctx)
    summary = ingest_items(store, sources, reporter, on_new)
    summary.own_outputs = len(ctx.own_outputs)
    return summary


def ingest_items(
    store: Store,
    items: Iterable[Item],
    reporter: Reporter | None = None,
    on_new: Callable[[], None] | None = None,
) -> IngestSummary:
    """Store the documents read by an ingest reader, and collect its problems."""
    reporter = reporter or Reporter()
    reporter.stage("ingest")
    summary = IngestSummary()
    for item in items:
        if isinstance(item, SourceDocument):
            try:
                stored = summary.added + summary.replaced
                _add(store, prepare(item), summary)
                reporter.advance()
                if on_new is not None and summary.added + summary.replaced > stored:
                    on_new()
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


def process(
    store: Store,
    options: RunOptions | None = None,
    *,
    retry_failed: bool = False,
    reporter: Reporter | None = None,
    pool: WorkerPool | None = None,
) -> ProcessSummary:
    """Annotate every document not yet processed by the current pipeline version, then reconcile the
    store. Reconciliation runs even when nothing was pending, so a run interrupted between the two
    is finished by the next one.

    The engine of ``options`` annotates (this process, worker processes or Ray actors, or the already
    started ``pool`` when it fits); this process writes the results batch by batch, in input order. A
    document whose annotation or write fails is marked failed with the reason, alone: the rest of its
    batch is written and the run goes on.
    """
    options = options or RunOptions()
    reporter = reporter or Reporter()
    # The configuration given, else the one stored with the store, else the default.
    options = replace(options, config=settle_config(store, options.config, reporter))
    build_gazetteer_once(options.pipeline, reporter)
    version = pipeline_version(options.pipeline)
    summary = ProcessSummary(pipeline_version=version)
    pending = store.pending_documents(version, retry_failed=retry_failed)
    reporter.stage("process", len(pending))
    if pending:
        _annotate(store, pending, options, summary, reporter, pool)
    reporter.stage("reconcile")
    try:
        summary.reconciled = reconcile(store)
    except Exception as error:  # the annotations are written: the caller decides what to make of them
        summary.reconcile_error = repr(error)
        raise ReconcileFailed(summary) from error
    return summary


def _annotate(
    store: Store,
    pending: list[str],
    options: RunOptions,
    summary: ProcessSummary,
    reporter: Reporter,
    pool: WorkerPool | None,
) -> None:
    version = summary.pipeline_version
    workers = options.workers_for(len(pending))
    # Several workers share the documents in up to BATCHES_PER_WORKER batches each, each worker taking
    # the next batch when done with its last: one batch each left one worker idle while the other
    # annotated the longer half (2.6 against 4.2 CPU s for the two halves of 30 news pages).
    shared = max(MIN_SHARED_BATCH, -(-len(pending) // (workers * BATCHES_PER_WORKER)))
    size = min(options.pipeline.batch_size, shared if workers > 1 else len(pending))
    batches = _document_batches(store, pending, size, summary, version, reporter)
    for results in run_batches(batches, replace(options, workers=workers), pool):
        annotated = [result for result in results if isinstance(result, Annotations)]
        refused = _save(store, annotated, version)
        summary.processed += len(annotated) - len(refused)
        for failure in [*(result for result in results if isinstance(result, Failure)), *refused]:
            store.mark_failed(failure.doc, failure.error, version)
            summary.failed.append((failure.doc, failure.error))
        reporter.advance(len(results))


def _save(store: Store, annotated: list[Annotations], version: str) -> list[Failure]:
    """Write a batch in one transaction; when the store refuses it, each document in a transaction of
    its own, so that only the documents it refuses fail (the store is left as if they had never been
    annotated)."""
    try:
        store.save_annotations(annotated, version)
        return []
    except RejectedWrite:
        pass
    failures = []
    for one in annotated:
        try:
            store.save_annotations([one], version)
        except RejectedWrite as error:
            failures.append(Failure(one.doc, f"write failed: {error}"))
    return failures


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
    *,
    options: RunOptions | None = None,
    limits: IngestLimits | None = None,
    reporter: Reporter | None = None,
) -> AnalyzeResult:
    """Ingest, process, export and report in one go; the store defaults to ``out_dir/sitroom.db``.

    Documents that failed (see ``result.process.failed``) leave the exports and the report to the rest;
    a reconciliation that failed (``result.process.reconcile_error``) leaves them the last one's incidents.
    A run that leaves the store without any document writes no export and no report, and removes the store
    and the output folder it created: a failed first run leaves nothing behind.
    """
    reporter = reporter or Reporter()
    db = db or out_dir / "sitroom.db"
    local = [out_dir] if "://" in str(db) else [out_dir, Path(db)]
    new_paths = [path.resolve() for path in local if not path.exists()]
    with Store.open(db) as store, _Workers(store, options, reporter) as workers:
        ingested = ingest(store, paths, limits, reporter, skip=[out_dir], on_new=workers.start)
        try:
            processed = process(store, options, reporter=reporter, pool=workers.pool)
        except ReconcileFailed as failure:  # still export and report what the store holds
            processed = failure.summary
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


class _Workers:
    """The worker processes of a run given their number (``--workers N``, local engine), started at its
    first document to annotate: one the store holds pending, else the first its reading adds. Each then
    loads its pipeline (seconds) while the rest is read, and a run with nothing to annotate (the same
    inputs again) starts none. The default number depends on the documents pending, known only once they
    are read; their workers start then (``process``)."""

    def __init__(self, store: Store, options: RunOptions | None, reporter: Reporter):
        self.pool: WorkerPool | None = None
        self.number = options.workers if options is not None and options.engine == "local" else None
        if self.number is None or self.number <= 1:
            return
        assert options is not None
        # What ``process`` settles again (then unchanged): the workers must load the configuration it uses.
        self.config = settle_config(store, options.config, reporter)
        self.reporter = reporter
        if store.pending_documents(pipeline_version(self.config)):
            self.start()

    def start(self) -> None:
        if self.pool is not None or self.number is None or self.number <= 1:
            return
        build_gazetteer_once(self.config, self.reporter)
        self.pool = WorkerPool(self.config, self.number)
        self.pool.warm()

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.pool is not None:
            self.pool.close()


def _remove_created(new_paths: list[Path], store_files: list[Path]) -> None:
    """Remove the store and the (then empty) output folder that an empty run created."""
    if any(path in new_paths for path in store_files):
        for path in store_files:
            path.unlink(missing_ok=True)
    for folder in new_paths:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
