"""Reconciliation accuracy on our own gold set of report clusters (benchmarks/data/reconcile_gold.json).

The gold documents run through the whole pipeline (ingest, annotate, reconcile) and are scored on:
- story clustering: B-cubed precision/recall/F1 over documents (same_story links; unlinked = alone);
- event co-reference: gold event mentions are matched to system events by document and trigger word;
  B-cubed F1 over the gold mentions, a missed mention counting as a singleton; plus mention recall;
- contradictions: precision/recall over document pairs. A contradiction with an incident's first
  report is one with every report of that incident, as the report shows it.

    python benchmarks/reconcile_eval.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path

from sitroom.store import Store
from sitroom.workflow import ingest, process

GOLD = Path(__file__).parent / "data" / "reconcile_gold.json"


def b_cubed(gold: Mapping[str, Hashable], system: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``system`` clusters against ``gold`` over gold's items."""
    gold_members: dict[Hashable, set[str]] = defaultdict(set)
    system_members: dict[Hashable, set[str]] = defaultdict(set)
    for item in gold:
        gold_members[gold[item]].add(item)
        system_members[system[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        same_gold = gold_members[gold[item]]
        same_system = system_members[system[item]]
        overlap = len(same_gold & same_system)
        precision += overlap / len(same_system)
        recall += overlap / len(same_gold)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, _f1(precision, recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def run(gold: dict) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "gold.jsonl"
        with batch.open("w") as out:
            for doc in gold["documents"]:
                record = {key: doc[key] for key in ("id", "source", "published", "title", "text")}
                out.write(json.dumps({**record, "language": "en"}) + "\n")
        with Store.open(Path(folder) / "gold.db") as store:
            ingest(store, [str(batch)])
            process(store)
            return score(gold, store)


def score(gold: dict, store: Store) -> dict[str, float]:
    documents = {row["external_id"]: row for row in store.rows("documents")}
    gold_id = {row["id"]: name for name, row in documents.items()}
    story_head = {
        gold_id[link["source"]]: gold_id[link["target"]] for link in store.rows("links", kind="same_story")
    }
    figures: dict[str, float] = {}
    gold_story = {doc["id"]: doc["story"] for doc in gold["documents"]}
    system_story = {name: story_head.get(name, name) for name in gold_story}
    figures["story_p"], figures["story_r"], figures["story_f1"] = b_cubed(gold_story, system_story)

    incident_of = {link["source"]: link["target"] for link in store.rows("links", kind="same_event")}
    events_by_doc: dict[str, list[dict]] = defaultdict(list)
    for event in store.rows("events"):
        events_by_doc[gold_id[event["doc_id"]]].append(event)
    gold_mentions: dict[str, str] = {}
    system_mentions: dict[str, Hashable] = {}
    for doc in gold["documents"]:
        for index, mention in enumerate(doc["events"]):
            key = f"{doc['id']}#{index}"
            gold_mentions[key] = mention["incident"]
            start = doc["text"].index(mention["trigger"])
            match = next(
                (e for e in events_by_doc[doc["id"]] if e["trigger_start"] <= start < e["trigger_end"]), None
            )
            system_mentions[key] = incident_of.get(match["id"], match["id"]) if match else key
    found = sum(1 for key in gold_mentions if system_mentions[key] != key)
    figures["mention_recall"] = found / len(gold_mentions)
    figures["coref_p"], figures["coref_r"], figures["coref_f1"] = b_cubed(gold_mentions, system_mentions)

    docs_of_incident = {row["id"]: {gold_id[d] for d in row["documents"]} for row in store.rows("incidents")}
    doc_of_record = {
        row["id"]: gold_id[row["doc_id"]]
        for table in ("events", "quantities", "claims")
        for row in store.rows(table, columns=("id", "doc_id"))
    }

    def documents_of(record_id: str) -> set[str]:
        incident = incident_of.get(record_id)
        return docs_of_incident[incident] if incident else {doc_of_record[record_id]}

    system_pairs = {
        frozenset((a, b))
        for link in store.rows("links", kind="contradicts")
        for a in documents_of(link["source"])
        for b in documents_of(link["target"])
        if a != b
    }
    gold_pairs = {frozenset(c["documents"]) for c in gold["contradictions"]}
    hits = len(system_pairs & gold_pairs)
    figures["contradiction_p"] = hits / len(system_pairs) if system_pairs else 0.0
    figures["contradiction_r"] = hits / len(gold_pairs)
    figures["contradiction_f1"] = _f1(figures["contradiction_p"], figures["contradiction_r"])
    for pair in sorted(system_pairs - gold_pairs, key=sorted):
        print("  extra contradiction:", " / ".join(sorted(pair)))
    for pair in sorted(gold_pairs - system_pairs, key=sorted):
        print("  missed contradiction:", " / ".join(sorted(pair)))
    return figures


def main() -> None:
    print("command: python benchmarks/reconcile_eval.py")
    gold = json.loads(GOLD.read_text())
    figures = run(gold)
    print(f"documents {len(gold['documents'])}, gold contradictions {len(gold['contradictions'])}")
    for name in ("story", "coref", "contradiction"):
        p, r, f = (figures[f"{name}_{k}"] for k in ("p", "r", "f1"))
        print(f"{name:>14}: P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}")
    print(f"{'event mentions':>14}: recall {figures['mention_recall']:6.1%}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
