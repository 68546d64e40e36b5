"""What the map's and the timeline's summaries cost a write, on an existing store.

    python benchmarks/summary_upkeep.py --db STORE

For batches of stored documents (one, 32 and 2,000 of the latest days, 32 and 2,000 of random days), times
what a write of their annotations adds: noting their summary keys before and after, and recomputing those
rows (``sitroom.store.summary``), in a transaction that is rolled back, so the store is left as it was.
The best of three runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy import text

from sitroom.store import Store, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    with Store.open(args.db, create=False) as store:
        with store.engine.connect() as conn:
            latest = list(
                conn.execute(text("SELECT id FROM documents ORDER BY published DESC LIMIT 2000")).scalars()
            )
            spread = list(
                conn.execute(text("SELECT id FROM documents ORDER BY random() LIMIT 2000")).scalars()
            )
        batches = {
            "1 document": latest[:1],
            "32 latest": latest[:32],
            "32 random days": spread[:32],
            "2000 latest": latest,
            "2000 random days": spread,
        }
        for name, ids in batches.items():
            runs = []
            for _ in range(3):
                with store.engine.connect() as conn, conn.begin() as transaction:
                    started = time.perf_counter()
                    touched = summary.Touched()
                    touched.note(conn, ids)  # before the write's deletes
                    touched.note(conn, ids)  # after its inserts
                    summary.refresh(conn, touched)
                    runs.append(time.perf_counter() - started)
                    transaction.rollback()
            best = min(runs) * 1000
            print(f"{name:<18} {best:8.0f} ms  {best / len(ids):6.1f} ms a document")


if __name__ == "__main__":
    main()
