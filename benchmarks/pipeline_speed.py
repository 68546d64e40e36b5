"""The whole ``sitroom analyze``, and ``sitroom process``, against bare ``nlp.pipe`` on the same texts.

``analyze`` is timed end to end (ingest, parse and components, store writes, reconcile, JSON export and
the situation report) into a fresh store and output folder, pipeline load included; ``process`` is timed
on a store the documents were already ingested into (annotation, resolution, store writes, reconcile).
The bare side runs ``nlp.pipe`` of the same spaCy model and batch size on the clean texts sitroom
annotates (its English documents), the model already loaded. The gazetteer index is built (a one-time
cost, printed apart) before any timing. The three are run in turn, ``--repeats`` times, and the minimum
of each is kept, so that a busy machine slows each side alike: every ratio comes from one run.

``analyze`` and ``process`` run in one process (``workers=1``), as bare ``nlp.pipe`` does; ``--workers N``
adds ``analyze`` with N worker processes and, to compare like with like, bare ``nlp.pipe`` with
``n_process=N`` in batches of the size sitroom shares among N workers, timed in the same turns (the
default, ``workers=None``, picks one process per idle core, at most one per 32 documents: what it would
pick is printed). The N-process ratio sets one against the other; against one bare process, as earlier
sessions reported it, it is printed beside. Wall-clock ratios
move with the machine's other jobs; the CPU-time ratio of the one-process sides (this process's CPU
seconds, pipeline load included on the sitroom side) is printed too, and moves much less.

The corpus is the news pages of the fundus evaluation set (HTML, read through trafilatura) under
``SITROOM_EVAL_DIR`` (default ``../shared/eval``), else the demo corpus; ``--corpus PATH`` takes any
folder ``sitroom analyze`` reads. ``--components`` adds one pass timing each pipeline component alone.

    python benchmarks/pipeline_speed.py --repeats 3 [--workers 2] [--no-model]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from sitroom.annotate import Annotator, PipelineConfig
from sitroom.annotate.model import load_model
from sitroom.engines import RunOptions
from sitroom.ingest import IngestLimits, iter_sources, prepare
from sitroom.records import Document, SourceDocument, stable_id
from sitroom.resolve.gazetteer import Gazetteer, default_index_path
from sitroom.store import Store
from sitroom.workflow import BATCHES_PER_WORKER, MIN_SHARED_BATCH, Reporter, analyze, ingest, process

REPO = Path(__file__).resolve().parent.parent
FUNDUS = Path("extract") / "dobbersc__fundus-evaluation" / "html"


def demo_corpus() -> str:
    return str(resources.files("sitroom.demo") / "corpus")


def corpus_documents(count: int) -> list[Document]:
    """The demo corpus repeated to ``count`` documents, each copy made unique (de-duplication keeps it)."""
    base = [
        prepare(item)
        for item in iter_sources([demo_corpus()], IngestLimits())
        if isinstance(item, SourceDocument)
    ]
    english = [doc for doc in base if doc.is_english]
    documents = []
    for index in range(count):
        doc = english[index % len(english)]
        tag = f"copy-{index}"
        documents.append(
            dataclasses.replace(
                doc,
                id=stable_id("doc", doc.content_hash, tag),
                content_hash=f"{index:064x}",
                external_id=tag,
            )
        )
    return documents


def news_pages(folder: Path, limit: int | None) -> str | None:
    """The fundus pages, unpacked into ``folder`` (sitroom reads ``.html``, the eval set keeps ``.gz``)."""
    eval_dir = Path(os.environ.get("SITROOM_EVAL_DIR", REPO.parent / "shared" / "eval"))
    pages = sorted((eval_dir / FUNDUS).glob("*.html.gz"))[:limit]
    if not pages:
        print(f"no fundus pages under {eval_dir} (set SITROOM_EVAL_DIR): the demo corpus is used")
        return None
    for page in pages:
        (folder / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    return str(folder)


class StageTimer(Reporter):
    """Seconds spent in each stage a job announces (ingest, process, reconcile, export)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._current: tuple[str, float] | None = None

    def stage(self, name: str | None, total: int | None = None) -> None:
        now = time.perf_counter()
        if self._current is not None:
            self.seconds[self._current[0]] += now - self._current[1]
        self._current = (name, now) if name is not None else None


def timed(run: Callable[[], object], cpu: list[float] | None = None) -> float:
    """Wall-clock seconds of ``run``; its CPU seconds (this process and its finished children) are
    appended to ``cpu``."""
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    run()
    if cpu is not None:
        cpu.append(_cpu_seconds() - cpu_started)
    return time.perf_counter() - started


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def component_seconds(texts: list[Document], config: PipelineConfig) -> dict[str, float]:
    """Each pipeline component run alone over all documents, in pipeline order."""
    annotator = Annotator(config)
    docs = [annotator.make_doc(document) for document in texts]
    seconds = {}
    for name, pipe in annotator.nlp.pipeline:
        started = time.perf_counter()
        docs = (
            list(pipe.pipe(docs, batch_size=config.batch_size))
            if hasattr(pipe, "pipe")
            else [pipe(doc) for doc in docs]
        )
        seconds[name] = time.perf_counter() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="a folder to analyze (default: the fundus news pages)")
    parser.add_argument("--limit", type=int, help="first N fundus pages")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--components", action="store_true", help="also time each component alone")
    parser.add_argument("--workers", type=int, default=1, help="also time analyze with N processes")
    parser.add_argument(
        "--no-model", action="store_true", help="the rules alone, without the learned event model (issue 17)"
    )
    args = parser.parse_args()

    config = PipelineConfig().without_event_model() if args.no_model else PipelineConfig()
    with tempfile.TemporaryDirectory() as scratch:
        pages = Path(scratch) / "pages"
        pages.mkdir()
        corpus = args.corpus or news_pages(pages, args.limit) or demo_corpus()

        index_existed = default_index_path().exists()
        index_seconds = timed(lambda: Gazetteer.open().close())

        documents = [
            document
            for item in iter_sources([corpus], IngestLimits())
            if isinstance(item, SourceDocument) and (document := prepare(item)).is_english
        ]
        texts = [document.text for document in documents]
        nlp = load_model(config.model)

        def bare() -> None:
            for _ in nlp.pipe(texts, batch_size=config.batch_size):
                pass

        # The batches sitroom shares among the workers (sitroom.workflow), each handed to a process.
        shared = max(MIN_SHARED_BATCH, -(-len(texts) // (args.workers * BATCHES_PER_WORKER)))

        def bare_parallel() -> None:
            for _ in nlp.pipe(texts, batch_size=min(config.batch_size, shared), n_process=args.workers):
                pass

        one_process = RunOptions(config, workers=1)
        parallel = f"analyze/{args.workers}"
        runs: dict[str, list[float]] = defaultdict(list)
        cpu: dict[str, list[float]] = defaultdict(list)
        stages: list[dict[str, float]] = []
        for repeat in range(args.repeats):
            out = Path(scratch) / f"analyze-{repeat}"
            timer = StageTimer()
            runs["bare"].append(timed(bare, cpu["bare"]))
            runs["analyze"].append(
                timed(lambda: analyze([corpus], out, options=one_process, reporter=timer), cpu["analyze"])  # noqa: B023
            )
            timer.stage(None)
            stages.append(dict(timer.seconds))
            if args.workers > 1:
                several = RunOptions(config, workers=args.workers)
                out = Path(scratch) / f"analyze-{args.workers}-{repeat}"
                runs[parallel].append(timed(lambda: analyze([corpus], out, options=several)))  # noqa: B023
                runs[f"bare/{args.workers}"].append(timed(bare_parallel))
            with Store.open(Path(scratch) / f"process-{repeat}.db") as store:
                ingest(store, [corpus])
                runs["process"].append(timed(lambda: process(store, one_process)))

        best = {name: min(seconds) for name, seconds in runs.items()}
        fastest = stages[runs["analyze"].index(best["analyze"])]
        chars = sum(map(len, texts))
        print(f"command: python benchmarks/pipeline_speed.py {' '.join(sys.argv[1:])}".rstrip())
        print(f"corpus: {corpus if args.corpus else 'fundus news pages' if corpus == str(pages) else 'demo'}")
        print(f"documents: {len(texts)} English ({chars / max(len(texts), 1):,.0f} characters on average)")
        state = "already built, opened" if index_existed else "built"
        print(f"gazetteer index: {state} in {index_seconds:.2f} s (one-time, not in the figures below)")
        print(f"min of {args.repeats} interleaved repeats, os.getloadavg() at the end: {os.getloadavg()}")
        default_workers = RunOptions(config).workers_for(len(texts))
        print(f"workers the default picks for {len(texts)} documents now: {default_workers}")
        for name in runs:
            every = " ".join(f"{s:.2f}" for s in runs[name])
            print(f"{name:10} {best[name]:8.2f} s  ({every})")
        print(f"ratio analyze/bare (1 process): {best['analyze'] / best['bare']:.2f}")
        if args.workers > 1:
            same = best[parallel] / best[f"bare/{args.workers}"]
            print(
                f"ratio analyze/bare ({args.workers} processes each): {same:.2f}; against one bare process: "
                f"{best[parallel] / best['bare']:.2f}"
            )
        print(f"ratio process/bare (1 process): {best['process'] / best['bare']:.2f}")
        bare_cpu, analyze_cpu = min(cpu["bare"]), min(cpu["analyze"])
        print(f"CPU seconds (1 process): bare {bare_cpu:.2f}, analyze {analyze_cpu:.2f}", end="")
        print(f"; ratio {analyze_cpu / bare_cpu:.2f}")
        print("stages of the fastest analyze: " + ", ".join(f"{k} {v:.2f} s" for k, v in fastest.items()))
        if args.components:
            print("each component alone (one pass):")
            for name, seconds in component_seconds(documents, config).items():
                print(f"  {name:22} {seconds:7.2f} s")


if __name__ == "__main__":
    main()
