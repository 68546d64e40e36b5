"""Quantities: sitroom_quantities against the hand-made gold set in benchmarks/data.

A system quantity matches a gold one when their spans overlap. Value is right when both bounds
agree; unit and counted noun are scored over the quantities that have one (gold or system), so
precision and recall say how often a unit or noun is found and how often a found one is right.

    python benchmarks/quantity_eval.py [--errors]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sitroom.annotate import Annotator, PipelineConfig
from sitroom.annotate import quantities as _quantities  # noqa: F401  (registers the factory)
from sitroom.records import Document, Quantity, stable_id

GOLD = Path(__file__).resolve().parent / "data" / "quantities_gold.jsonl"
FIELDS = ("value", "unit", "counted")


@dataclass(slots=True)
class Tally:
    system: int = 0  # system quantities with the field
    gold: int = 0  # gold quantities with the field
    right: int = 0  # matched pairs whose field agrees (and is set)

    def scores(self) -> tuple[float, float, float]:
        precision = self.right / self.system if self.system else 0.0
        recall = self.right / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return 100 * precision, 100 * recall, 100 * f1


def field_of(record: Quantity | dict[str, object], name: str) -> object:
    if name == "value":
        return _get(record, "low"), _get(record, "high")
    return _get(record, name)


def _get(record: Quantity | dict[str, object], name: str) -> object:
    return record[name] if isinstance(record, dict) else getattr(record, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print each disagreement")
    args = parser.parse_args()
    examples = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    documents = [_document(example["text"]) for example in examples]
    annotator = Annotator(PipelineConfig(components=("sitroom_mentions", "sitroom_quantities")))
    started = time.perf_counter()
    annotated = list(annotator.annotate(documents))
    seconds = time.perf_counter() - started
    tallies = {name: Tally() for name in FIELDS}
    for example, result in zip(examples, annotated, strict=True):
        text = example["text"]
        found = result.quantities
        for name, tally in tallies.items():
            tally.system += sum(field_of(q, name) not in (None, (None, None)) for q in found)
            tally.gold += sum(field_of(g, name) not in (None, (None, None)) for g in example["quantities"])
        for gold in example["quantities"]:
            start = text.index(gold["text"])
            end = start + len(gold["text"])
            match = next((q for q in found if q.start < end and start < q.end), None)
            for name, tally in tallies.items():
                expected, got = field_of(gold, name), field_of(match, name) if match else None
                if expected not in (None, (None, None)) and got == expected:
                    tally.right += 1
                elif args.errors and expected != got:
                    print(f"  {name}: {gold['text']!r} gold {expected} got {got}  | {text}")
        if args.errors:
            gold_spans = [g["text"] for g in example["quantities"]]
            for q in found:
                if not any(q.text in g or g in q.text for g in gold_spans):
                    print(f"  spurious: {q.text!r} | {text}")
    print(f"command: python benchmarks/quantity_eval.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"gold: {len(examples)} sentences, {sum(len(e['quantities']) for e in examples)} quantities")
    print(f"{'field':8} {'gold':>5} {'sys':>5} {'right':>5} | {'P':>6} {'R':>6} {'F1':>6}")
    for name, tally in tallies.items():
        precision, recall, f1 = tally.scores()
        print(
            f"{name:8} {tally.gold:5} {tally.system:5} {tally.right:5} | "
            f"{precision:6.1f} {recall:6.1f} {f1:6.1f}"
        )
    print(f"annotation time: {1000 * seconds / len(documents):.2f} ms per sentence (with spaCy)")


def _document(text: str) -> Document:
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        id=stable_id("doc", content_hash),
        content_hash=content_hash,
        origin="quantities_gold",
        format="text",
        raw_text=text,
        text=text,
        offset_map=[(0, 0, len(text))],
    )


if __name__ == "__main__":
    main()
