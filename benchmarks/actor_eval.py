"""Actor resolution: mentions in short war-news texts resolved to knowledge-base actors, per category.

    python benchmarks/actor_eval.py [--errors]

The gold set, ``benchmarks/data/actors_gold.jsonl``, is ours: short texts written for it, with facts
(who held which office when) from public sources. Each gold mention names a surface string (its
``occurrence``-th appearance, first by default) and the expected knowledge-base id, or, for a person
the knowledge base lacks, ``kb_id`` null and the entity name the document's full name gives it;
``side``, when given, must match too. Categories:

- surname: a lone surname after the full name in the same document;
- variant: spelling variants and transliterations (Zelenskiy, Syrsky, Shoygu);
- role: role descriptions resolved on the publication date ("Ukraine's defence minister" in 2022);
- acronym: ISW, AFU, UK MoD, IRGC;
- garble: machine-translation renderings ("War Research Institute");
- side: the camp the entity belongs to.

A gold mention counts as resolved when the pipeline (mentions, places, entities) leaves a mention
overlapping its span whose entity matches. Split ``dev`` was written before the rules it measured
were fixed; ``heldout`` after, and is reported separately.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitroom.annotate import Annotator, PipelineConfig
from sitroom.records import Annotations, Document, Entity, stable_id

GOLD = Path(__file__).resolve().parent / "data" / "actors_gold.jsonl"
COMPONENTS = ("sitroom_mentions", "sitroom_places", "sitroom_entities")
CATEGORIES = ("surname", "variant", "role", "acronym", "garble", "side")


@dataclass(slots=True)
class Outcome:
    split: str
    category: str
    correct: bool
    detail: str


def _document(text: str, published: date) -> Document:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        id=stable_id("doc", digest), content_hash=digest, origin="actor_eval", format="text",
        raw_text=text, text=text, offset_map=[(0, 0, len(text))], published=published,
    )  # fmt: skip


def _span(text: str, surface: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def _entity_at(annotations: Annotations, start: int, end: int) -> Entity | None:
    """The entity of the mention at the span: the exact one, else the widest overlapping."""
    overlapping = [m for m in annotations.mentions if m.start < end and start < m.end and m.entity]
    if not overlapping:
        return None
    exact = [m for m in overlapping if (m.start, m.end) == (start, end)]
    mention = (exact or sorted(overlapping, key=lambda m: m.start - m.end))[0]
    return next((e for e in annotations.entities if e.id == mention.entity), None)


def _judge(entity: Entity | None, gold: dict[str, object]) -> tuple[bool, str]:
    if entity is None:
        return False, "no entity"
    got = f"{entity.kb_id or '-'} ({entity.name}, side {entity.side})"
    if gold["kb_id"] is None:
        correct = entity.kb_id is None and entity.name == gold["name"]
    else:
        correct = entity.kb_id == gold["kb_id"]
    if "side" in gold:
        correct = correct and entity.side == gold["side"]
    return correct, got


def evaluate(records: list[dict[str, object]]) -> list[Outcome]:
    annotator = Annotator(PipelineConfig(components=COMPONENTS))
    documents = [_document(str(r["text"]), date.fromisoformat(str(r["published"]))) for r in records]
    outcomes = []
    for record, found in zip(records, annotator.annotate(documents), strict=True):
        text = str(record["text"])
        for gold in record["mentions"]:  # type: ignore[attr-defined]
            start, end = _span(text, gold["text"], int(gold.get("occurrence", 0)))
            correct, got = _judge(_entity_at(found, start, end), gold)
            expected = gold["kb_id"] or f"- ({gold.get('name')})"
            detail = f"{record['id']} {gold['text']!r}: expected {expected}, got {got}"
            outcomes.append(Outcome(str(record["split"]), str(gold["category"]), correct, detail))
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the gold mentions resolved wrongly")
    args = parser.parse_args()
    print("command:", " ".join(["python", *sys.argv]))
    with open(GOLD, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    outcomes = evaluate(records)
    table: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for outcome in outcomes:
        table[(outcome.split, outcome.category)].append(outcome.correct)
        table[(outcome.split, "all")].append(outcome.correct)
    splits = sorted({o.split for o in outcomes})
    print("| category | " + " | ".join(splits) + " |")
    print("|---|" + "---|" * len(splits))
    for category in (*CATEGORIES, "all"):
        cells = []
        for split in splits:
            results = table.get((split, category), [])
            cells.append(
                f"{100 * sum(results) / len(results):.0f} % ({sum(results)}/{len(results)})"
                if results
                else ""
            )
        print(f"| {category} | " + " | ".join(cells) + " |")
    if args.errors:
        for outcome in outcomes:
            if not outcome.correct:
                print(f"  [{outcome.split}/{outcome.category}] {outcome.detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
