"""Throughput of ``sitroom process`` at 1, 2 and 4 workers: one process and multiprocessing against Ray.

Each run annotates the same ``--docs`` documents (the demo corpus, repeated as in pipeline_speed.py) into a
fresh SQLite store. "wall" is the whole ``process`` call, worker start-up (model and gazetteer loading)
included; "steady" leaves out the first batch of each worker (written once the workers have started) and
counts the documents written after them over the time since, i.e. the rate a long-running cluster
sustains. Batches are ``--batch-size`` documents, small enough that every worker gets several. Ray runs
on a local Ray instance started once (its start-up is printed apart) with as many logical CPUs as the
most workers asked for, so that 4 actors share 2 cores exactly as 4 processes do. Ends with a projection
of the cluster needed for ``--daily`` articles a day.

    python benchmarks/scale_eval.py --docs 240
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

from pipeline_speed import corpus_documents
from sitroom.annotate import PipelineConfig
from sitroom.engines import Engine, RunOptions
from sitroom.records import Document
from sitroom.store import Store
from sitroom.workflow import Reporter, process

SECONDS_PER_DAY = 86_400


class BatchClock(Reporter):
    """When each batch of results was written."""

    def __init__(self) -> None:
        self.written: list[tuple[float, int]] = []

    def advance(self, count: int = 1) -> None:
        if count:
            self.written.append((time.perf_counter(), count))


def run(documents: list[Document], engine: Engine, workers: int, batch_size: int) -> tuple[float, float]:
    """Documents/second: wall, and steady (after each worker's first batch)."""
    clock = BatchClock()
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "bench.db") as store:
        for doc in documents:
            store.add_document(doc)
        started = time.perf_counter()
        options = RunOptions(PipelineConfig(batch_size=batch_size), workers, engine)
        summary = process(store, options, reporter=clock)
        wall = time.perf_counter() - started
    assert summary.processed == len(documents), summary
    assert len(clock.written) > 2 * workers, "too few batches per worker for a steady rate: raise --docs"
    warm_at = clock.written[workers - 1][0]
    steady = sum(count for _, count in clock.written[workers:]) / (clock.written[-1][0] - warm_at)
    return len(documents) / wall, steady


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=240)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--daily", type=int, default=500_000, help="articles a day to project for")
    parser.add_argument("--peak", type=float, default=3.0, help="busiest hour over the daily average")
    parser.add_argument("--cores-per-node", type=int, default=8)
    args = parser.parse_args()
    print(f"command: python benchmarks/scale_eval.py {' '.join(sys.argv[1:])}".rstrip())
    documents = corpus_documents(args.docs)
    print(
        f"documents: {len(documents)} ({sum(len(d.text) for d in documents) / len(documents):,.0f} chars avg)"
    )

    rates: dict[tuple[str, int], tuple[float, float]] = {}
    for workers in args.workers:
        rates["local", workers] = run(documents, "local", workers, args.batch_size)
    try:
        import ray
    except ModuleNotFoundError:
        print("Ray skipped: pip install 'sitroom[ray]'")
    else:
        started = time.perf_counter()
        ray.init(num_cpus=max(args.workers), include_dashboard=False, log_to_driver=False)
        print(
            f"Ray local instance start-up: {time.perf_counter() - started:.1f} s (not in the figures below)"
        )
        for workers in args.workers:
            rates["ray", workers] = run(documents, "ray", workers, args.batch_size)
        ray.shutdown()

    print(f"{'engine':<16}{'workers':>8}{'wall docs/s':>13}{'steady docs/s':>15}{'Ray/local steady':>18}")
    for (engine, workers), (wall, steady) in rates.items():
        name = "one process" if (engine, workers) == ("local", 1) else engine
        name = "multiprocessing" if name == "local" else name
        relative = ""
        if engine == "ray" and ("local", workers) in rates:
            relative = f"{steady / rates['local', workers][1]:.2f}"
        print(f"{name:<16}{workers:>8}{wall:>13.1f}{steady:>15.1f}{relative:>18}")

    engine = "ray" if ("ray", 1) in rates else "local"
    per_worker = rates[engine, 1][1]
    best_workers = max((w for e, w in rates if e == engine), key=lambda w: rates[engine, w][1])
    average = args.daily / SECONDS_PER_DAY
    peak = average * args.peak
    cores = math.ceil(peak / per_worker)
    nodes = math.ceil(cores / args.cores_per_node)
    print(
        f"projection for {args.daily:,} articles/day ({engine}, one worker per core):\n"
        f"  average rate  {args.daily:,} / {SECONDS_PER_DAY:,} s = {average:.2f} docs/s\n"
        f"  peak rate     {average:.2f} x {args.peak:g} (busiest hour) = {peak:.2f} docs/s\n"
        f"  one worker    {per_worker:.1f} docs/s steady (measured above)\n"
        f"  workers       ceil({peak:.2f} / {per_worker:.1f}) = {cores} cores, assuming linear scaling "
        f"(here {best_workers} workers were fastest on this machine's 2 shared cores)\n"
        f"  nodes         ceil({cores} / {args.cores_per_node} cores per node) = {nodes}"
    )


if __name__ == "__main__":
    main()
