"""Documents/second of ``sitroom process`` against bare ``nlp.pipe`` on the same texts, in one run.

The demo corpus is repeated (each copy made unique, so de-duplication does not drop it) until there are
``--docs`` documents. Both sides use the same installed spaCy model and batch size; the sitroom side also
runs its components, entity resolution and one SQLite transaction per document.

    python benchmarks/pipeline_speed.py --docs 600
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from sitroom.annotate import PipelineConfig
from sitroom.annotate.model import load_model
from sitroom.engines import RunOptions
from sitroom.ingest import IngestLimits, iter_sources, prepare
from sitroom.records import Document, SourceDocument, stable_id
from sitroom.store import Store
from sitroom.workflow import process


def corpus_documents(count: int) -> list[Document]:
    corpus = str(resources.files("sitroom.demo") / "corpus")
    base = [
        prepare(item) for item in iter_sources([corpus], IngestLimits()) if isinstance(item, SourceDocument)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    documents = corpus_documents(args.docs)
    chars = sum(len(doc.text) for doc in documents)
    config = PipelineConfig()

    nlp = load_model(config.model)
    started = time.perf_counter()
    for _ in nlp.pipe((doc.text for doc in documents), batch_size=config.batch_size):
        pass
    bare_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "bench.db") as store:
        for doc in documents:
            store.add_document(doc)
        started = time.perf_counter()
        summary = process(store, RunOptions(config, workers=args.workers))
        sitroom_seconds = time.perf_counter() - started
    assert summary.processed == len(documents), summary

    bare_rate = len(documents) / bare_seconds
    sitroom_rate = len(documents) / sitroom_seconds
    print(f"command: python benchmarks/pipeline_speed.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"documents: {len(documents)} ({chars / len(documents):,.0f} characters on average)")
    print(f"bare nlp.pipe:   {bare_seconds:7.2f} s  {bare_rate:8.1f} docs/s")
    print(f"sitroom process: {sitroom_seconds:7.2f} s  {sitroom_rate:8.1f} docs/s (workers={args.workers})")
    print(f"ratio sitroom/bare throughput: {sitroom_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
