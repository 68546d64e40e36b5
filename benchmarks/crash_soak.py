"""Crash safety: kill -9 ``sitroom ingest`` and ``sitroom process`` at random points, resume, and check
the store against an uninterrupted run (tests/crash/soak.py does the work).

    python benchmarks/crash_soak.py --kills 50 --copies 2

Prints the kills survived (delivered while a command ran, by stage), the cycles (fresh stores taken
from empty to complete), and any table whose rows differ from the clean run or store that fails
``sitroom doctor``; exit status 1 if there is any.
"""

from __future__ import annotations

import argparse
import random
import shlex
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from crash.soak import make_corpus, soak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--copies", type=int, default=1, help="variants of each demo text article to add")
    parser.add_argument("--kills-per-stage", type=int, default=4, help="before letting a stage finish")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print("command:", shlex.join([Path(sys.executable).name, *sys.argv]))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sitroom-soak-") as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", args.copies)
        files = sum(1 for path in corpus.rglob("*") if path.is_file())
        print(f"corpus: {files} files (the demo corpus and {args.copies} variants of its texts)")
        result = soak(
            corpus,
            Path(tmp) / "work",
            args.kills,
            random.Random(args.seed),
            args.kills_per_stage,
            log=lambda line: print(line, flush=True),
        )
    stages = ", ".join(f"{stage} {count}" for stage, count in sorted(result.kills_by_stage.items()))
    print(f"kills survived: {result.kills} ({stages}) over {result.cycles} cycles")
    print(f"stores differing from the clean run: {len(result.mismatches)} {result.mismatches or ''}")
    print(f"stores failing sitroom doctor: {len(result.doctor_failures)} {result.doctor_failures or ''}")
    print(f"time: {time.monotonic() - started:.0f} s")
    return 1 if result.mismatches or result.doctor_failures else 0


if __name__ == "__main__":
    sys.exit(main())
