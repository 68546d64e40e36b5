"""Store write throughput and query latency, SQLite against PostgreSQL, at ``--docs`` documents.

Synthetic documents (random words, random MinHash signatures and their real LSH bands, five mentions and
an entity each). Write throughput is timed on the first ``--write-docs`` of them, written through the
Store API exactly as ingest and process write them: one transaction per document, then annotations in
batches of 32 documents per transaction. The rest are bulk-loaded (1,000 rows per statement, untimed), and
each query the workflow and the exports use is timed on the full store. PostgreSQL is measured when
``SITROOM_BENCH_POSTGRES_URL`` (or ``--postgres URL``) names a server whose role can create databases;
a fresh database is made and dropped.

    SITROOM_BENCH_POSTGRES_URL=postgresql://sitroom:sitroom@127.0.0.1/postgres \\
        python benchmarks/store_eval.py --docs 100000 --write-docs 5000
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from sitroom.ingest.dedup import NUM_PERM, bands
from sitroom.records import Annotations, Document, Entity, Mention, stable_id
from sitroom.store import Store, database_url, identity_of, schema
from sitroom.store.rows import annotation_row, document_row

WORDS = ("army", "brigade", "shelling", "front", "village", "drone", "strike", "governor", "region", "forces")
BATCH = 32
QUERY_REPEATS = 200
BULK_ROWS = 1000


def synthetic_document(index: int, rng: random.Random) -> tuple[Document, bytes]:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 350))) + f" Report {index}."
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    document = Document(
        id=stable_id("doc", content_hash),
        content_hash=content_hash,
        origin=f"bench:{index}",
        format="text",
        raw_text=text,
        text=text,
        offset_map=[(0, 0, len(text))],
        external_id=f"bench-{index}",
        title=f"Report {index}",
        language="en",
    )
    return document, rng.randbytes(NUM_PERM * 8)


def annotations_of(document: Document, rng: random.Random) -> Annotations:
    entity = Entity(id=f"ent_{rng.randrange(2000)}", name="Someone", type="person", aliases=["Someone"])
    mentions = [
        Mention(
            id=stable_id("men", document.id, str(start)),
            doc=document.id,
            start=start,
            end=start + 4,
            text=document.text[start : start + 4],
            label="PERSON",
            sentence=0,
            entity=entity.id,
        )
        for start in range(0, 50, 10)
    ]
    return Annotations(doc=document.id, mentions=mentions, entities=[entity])


@contextmanager
def sqlite_store() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield str(Path(folder) / "bench.db")


@contextmanager
def postgres_store(server: str) -> Iterator[str]:
    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    name = f"sitroom_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url(server)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # The store is closed by now; a plain DROP also stops autovacuum, busy with the new rows.
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()


def latency_ms(query: Callable[[], object]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds, over QUERY_REPEATS calls."""
    times = []
    for _ in range(QUERY_REPEATS):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def bulk_load(store: Store, documents: list[tuple[Document, bytes]], rng: random.Random) -> None:
    """Documents, bands and annotations straight into the tables, as processed documents."""
    with store.engine.begin() as conn:
        for first in range(0, len(documents), BULK_ROWS):
            chunk = documents[first : first + BULK_ROWS]
            rows = [
                {**document_row(doc, identity_of(doc), signature), "status": "processed"}
                for doc, signature in chunk
            ]
            band_rows = [
                {"doc_id": doc.id, "band": band, "bucket": bucket}
                for doc, signature in chunk
                for band, bucket in enumerate(bands(signature))
            ]
            annotations = [annotations_of(doc, rng) for doc, _ in chunk]
            mentions = [annotation_row(mention) for a in annotations for mention in a.mentions]
            conn.execute(insert(schema.documents), rows)
            conn.execute(insert(schema.minhash_bands), band_rows)
            store._upsert_entities(conn, [entity for a in annotations for entity in a.entities])
            conn.execute(insert(schema.mentions), mentions)


def measure(url: str, count: int, write_count: int) -> dict[str, str]:
    rng = random.Random(7)
    figures: dict[str, str] = {}
    documents = [synthetic_document(index, rng) for index in range(count)]
    written = documents[:write_count]
    with Store.open(url) as store:
        started = time.perf_counter()
        for document, signature in written:
            store.add_document(document, signature, bands(signature))
        seconds = time.perf_counter() - started
        figures["add_document (1 per transaction)"] = f"{len(written) / seconds:8,.0f} docs/s"

        started = time.perf_counter()
        for first in range(0, len(written), BATCH):
            chunk = [doc.id for doc, _ in written[first : first + BATCH]]
            batch = [annotations_of(document, rng) for document in store.get_documents(chunk)]
            store.save_annotations(batch, "bench")
        seconds = time.perf_counter() - started
        figures[f"get_documents + save_annotations ({BATCH} docs, 5 mentions each)"] = (
            f"{len(written) / seconds:8,.0f} docs/s"
        )
        bulk_load(store, documents[write_count:], rng)

        def sample() -> tuple[Document, bytes]:
            return documents[rng.randrange(count)]

        queries: dict[str, Callable[[], object]] = {
            "near_duplicate_candidates (16 LSH bands)": lambda: store.near_duplicate_candidates(
                bands(sample()[1])
            ),
            f"get_documents ({BATCH} ids)": lambda: store.get_documents(
                [sample()[0].id for _ in range(BATCH)]
            ),
            "rows(mentions, doc_id=...)": lambda: list(store.rows("mentions", doc_id=sample()[0].id)),
        }
        for name, query in queries.items():
            median, p95 = latency_ms(query)
            figures[name] = f"{median:7.2f} ms median, {p95:7.2f} ms p95"
        started = time.perf_counter()
        store.pending_documents("another-version")
        figures["pending_documents (all stale)"] = f"{(time.perf_counter() - started) * 1000:7.0f} ms"
        started = time.perf_counter()
        counts = store.counts()
        figures["counts"] = f"{(time.perf_counter() - started) * 1000:7.0f} ms"
        assert counts["documents"] == count, counts
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--write-docs", type=int, default=5_000, help="of them, written one by one and timed")
    parser.add_argument("--postgres", default=os.environ.get("SITROOM_BENCH_POSTGRES_URL"))
    args = parser.parse_args()
    print(f"command: python benchmarks/store_eval.py {' '.join(sys.argv[1:])}".rstrip())
    backends = {"sqlite": sqlite_store()}
    if args.postgres:
        backends["postgresql"] = postgres_store(args.postgres)
    else:
        print("PostgreSQL skipped: set SITROOM_BENCH_POSTGRES_URL or --postgres")
    print(f"documents: {args.docs:,} (writes timed on the first {min(args.write_docs, args.docs):,})")
    for name, store_url in backends.items():
        with store_url as url:
            figures = measure(url, args.docs, min(args.write_docs, args.docs))
        print(name)
        for metric, figure in figures.items():
            print(f"  {metric:<62} {figure}")


if __name__ == "__main__":
    main()
