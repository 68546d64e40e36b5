"""Real-input soak: every document of the public corpora through ``sitroom analyze``, in batches.

Each batch is written to a temporary folder (never into the project) as the files a user would have (HTML
pages, plain texts, JSONL records) and run through the real command line in a child process. Reported:

- aborted runs: a run that exits with a status other than 0 or 1, exceeds ``--timeout``, or writes no
  ``sitroom.json`` (the target is 0);
- failed documents by reason: ingest problems (the ``error:`` lines naming an input) and documents the
  export marks ``failed`` (with their error);
- tracebacks printed on standard error (the target is 0);
- wall time, documents per second and the peak resident memory of the children.

By default ``--sample`` documents are drawn at random (seeded) from each source, which takes minutes;
``--sample 0`` runs every document (about 25,000: hours on two cores).

    SITROOM_EVAL_DIR=../shared/eval python benchmarks/real_soak.py [--corpus NAME ...] [--sample N]
        [--limit N] [--batch-size N] [--workers N] [--timeout S] [--seed N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from soak_corpora import Input, Source, corpora  # the folder of this script is on the path when it runs

TRACEBACK = "Traceback (most recent call last)"


@dataclass(slots=True)
class Totals:
    runs: int = 0
    documents: int = 0
    aborted: list[str] = field(default_factory=list)  # "batch: why"
    failures: Counter[str] = field(default_factory=Counter)  # reason -> documents
    examples: dict[str, str] = field(default_factory=dict)  # reason -> one input or document it hit
    tracebacks: int = 0
    seconds: float = 0.0
    corpus_documents: Counter[str] = field(default_factory=Counter)
    corpus_seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))


def main() -> int:
    eval_dir = Path(
        os.environ.get("SITROOM_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval")
    )
    available = corpora(eval_dir)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", action="append", choices=sorted(available), help="repeatable (default: all)"
    )
    parser.add_argument("--sample", type=int, default=40, help="documents per source at random; 0: all")
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per corpus")
    parser.add_argument("--batch-size", type=int, default=200, help="documents per sitroom analyze run")
    parser.add_argument("--workers", type=int, default=1, help="passed to sitroom analyze")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a run counts as aborted")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    parser.add_argument(
        "--log-dir", type=Path, default=Path(tempfile.gettempdir()) / "sitroom-soak-logs",
        help="where the standard error of aborted runs and runs with tracebacks is kept",
    )  # fmt: skip
    args = parser.parse_args()
    if not any(available.values()):
        print(f"skipped: no corpora under {eval_dir} (set SITROOM_EVAL_DIR)")
        return 0
    sitroom = shutil.which("sitroom", path=str(Path(sys.executable).parent)) or shutil.which("sitroom")
    if sitroom is None:
        print("sitroom is not installed in this environment (pip install -e .)")
        return 2
    print("command: " + " ".join(["python", *sys.argv]))
    totals = Totals()
    root = Path(tempfile.mkdtemp(prefix="sitroom-soak-"))
    # A long run stopped with Ctrl-C or kill still reports what it measured.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        for corpus in args.corpus or sorted(available):
            inputs = _chosen(available[corpus], args.sample, args.limit, random.Random(args.seed))
            for number, start in enumerate(range(0, len(inputs), args.batch_size)):
                batch = inputs[start : start + args.batch_size]
                folder = root / f"{corpus}-{number:03d}"
                _run_batch(sitroom, folder, corpus, batch, args, totals)
                if not args.keep:
                    shutil.rmtree(folder, ignore_errors=True)
    except KeyboardInterrupt:
        print("stopped: the figures below cover the runs that finished")
    finally:
        if args.keep:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    _print(totals)
    if args.log_dir.exists():
        print(f"standard error of aborted runs and runs with tracebacks: {args.log_dir}")
    return 1 if totals.aborted or totals.tracebacks else 0


def _chosen(
    sources: dict[str, Source], sample: int, limit: int | None, rng: random.Random
) -> list[tuple[str, Input]]:
    chosen: list[tuple[str, Input]] = []
    for name, read in sources.items():
        inputs = list(read())
        if sample and len(inputs) > sample:
            inputs = rng.sample(inputs, sample)
        chosen.extend((name, item) for item in inputs)
    return chosen[:limit] if limit is not None else chosen


def _write(folder: Path, batch: list[tuple[str, Input]]) -> None:
    """HTML pages and texts one file each; JSONL records of a batch in one file, as a feed dump would be."""
    records: list[str] = []
    for number, (source, item) in enumerate(batch):
        if item.kind == "jsonl":
            records.append(str(item.content))
            continue
        # The number keeps two names that differ only in characters a file name cannot hold apart.
        path = folder / _safe(source) / f"{number:04d}-{_safe(item.name)}.{item.kind}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(item.content, bytes):
            path.write_bytes(item.content)
        else:
            path.write_text(item.content, encoding="utf-8")
    if records:
        (folder / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name)[:100]


def _run_batch(
    sitroom: str,
    folder: Path,
    corpus: str,
    batch: list[tuple[str, Input]],
    args: argparse.Namespace,
    totals: Totals,
) -> None:
    inputs, out = folder / "in", folder / "out"
    inputs.mkdir(parents=True)
    _write(inputs, batch)
    command = [sitroom, "analyze", str(inputs), "--out", str(out), "--workers", str(args.workers), "--quiet"]
    started = time.perf_counter()
    try:
        # A wide console, so that rich does not wrap the "error: <input>: <message>" lines counted below.
        env = {**os.environ, "COLUMNS": "10000"}
        run = subprocess.run(
            command, capture_output=True, text=True, timeout=args.timeout, check=False, env=env
        )
        status, stderr = run.returncode, run.stderr
    except subprocess.TimeoutExpired as expired:  # its output comes back as bytes, whatever text= said
        output = expired.stderr or b""
        status, stderr = None, output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    seconds = time.perf_counter() - started
    totals.runs += 1
    totals.documents += len(batch)
    totals.seconds += seconds
    totals.corpus_documents[corpus] += len(batch)
    totals.corpus_seconds[corpus] += seconds
    totals.tracebacks += stderr.count(TRACEBACK)
    export = out / "sitroom.json"
    why = _abort_reason(status, export, args.timeout)
    if why is not None:
        last = next((line for line in reversed(stderr.splitlines()) if line.strip()), "")
        totals.aborted.append(f"{folder.name}: {why}: {last[:300]}")
    _count_failures(stderr, inputs, export, totals)
    print(
        f"{folder.name}: {len(batch)} docs, {seconds:.1f} s, exit {status}"
        + (f", ABORTED ({why})" if why else "")
        + (f", {stderr.count(TRACEBACK)} tracebacks" if TRACEBACK in stderr else ""),
        flush=True,
    )
    if TRACEBACK in stderr or why is not None:
        args.log_dir.mkdir(parents=True, exist_ok=True)
        (args.log_dir / f"{folder.name}.stderr").write_text(stderr, encoding="utf-8")


def _abort_reason(status: int | None, export: Path, timeout: float) -> str | None:
    if status is None:
        return f"timed out after {timeout:.0f} s"
    if status not in (0, 1):
        return f"exit status {status}"
    return None if export.exists() else "no sitroom.json"


def _count_failures(stderr: str, inputs: Path, export: Path, totals: Totals) -> None:
    prefix = f"error: {inputs}"
    for line in stderr.splitlines():
        if line.startswith(prefix):  # an ingest problem: "error: <path>: <message>"
            origin, _, message = line[len("error: ") :].partition(": ")
            _add_failure(totals, "ingest: " + message, origin)
    if not export.exists():
        return
    for document in json.loads(export.read_text(encoding="utf-8")).get("documents", []):
        if document.get("status") == "failed":
            _add_failure(totals, "process: " + (document.get("error") or "?"), document.get("origin", ""))


def _add_failure(totals: Totals, message: str, where: str) -> None:
    reason = re.sub(r"\d+", "N", message)[:160]  # one reason, whatever the numbers in it
    totals.failures[reason] += 1
    totals.examples.setdefault(reason, where)


def _print(totals: Totals) -> None:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    rate = totals.documents / totals.seconds if totals.seconds else 0.0
    print()
    print(f"{'corpus':<10} {'docs':>7} {'seconds':>9} {'docs/s':>7}")
    for corpus, docs in sorted(totals.corpus_documents.items()):
        seconds = totals.corpus_seconds[corpus]
        print(f"{corpus:<10} {docs:>7} {seconds:>9.1f} {docs / seconds if seconds else 0:>7.2f}")
    print()
    print(f"runs of sitroom analyze: {totals.runs}, documents: {totals.documents}")
    print(f"aborted runs:            {len(totals.aborted)}")
    for line in totals.aborted:
        print(f"  {line}")
    print(f"tracebacks on stderr:    {totals.tracebacks}")
    print(f"failed documents:        {sum(totals.failures.values())}")
    for reason, count in totals.failures.most_common():
        print(f"  {count:>5}  {reason}  (e.g. {totals.examples[reason]})")
    print(f"wall time:               {totals.seconds:.1f} s, {rate:.2f} docs/s")
    print(f"peak memory (child RSS): {peak:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
