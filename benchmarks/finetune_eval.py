"""Fine-tuned against frozen encoder on CASE 2021, cross-validated, the model alone (needs sitroom[train]).

Each fold fine-tunes the encoder once (``fine_tune_encoder``, what ``sitroom train events --fine-tune``
runs, on all of the fold's training snippets) and fits heads (``train_event_model``, no held-out
share) over several encoders and features, to choose among them on the same folds:

- ``frozen + TF-IDF``: the packaged int8 MiniLM with the n-gram blocks (``sitroom train events``);
- ``tuned int8 + TF-IDF``: the tuned encoder, int8 as exported (``--fine-tune``);
- ``tuned int8 alone``: the same without the n-gram blocks;
- ``tuned float32 + TF-IDF``: the tuned encoder unquantised (``--fine-tune --float``).

Figures are weighted and macro F1 over the CASE labels on the check half (odd items). A fold can run on
its own (``--fold K``, results kept under ``--work``) so that folds run in parallel on a shared machine;
``--report`` then adds them up. Figures: docs/benchmarks.md, "finetune".

    python benchmarks/finetune_eval.py [--folds 5] [--epochs 4] [--fold K] [--report] [--work DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import tempfile
import time
from pathlib import Path

import event_eval as ev
import event_learning as learning
from sitroom.annotate.learned import Example, FineTuning, SentenceEncoder, shared_encoder, train_event_model
from sitroom.annotate.learned import training as training_module
from sitroom.annotate.learned.finetune import fine_tune_encoder, quantized

VARIANTS = ("frozen + TF-IDF", "tuned int8 + TF-IDF", "tuned int8 alone", "tuned float32 + TF-IDF")


def run_fold(fold: int, count: int, epochs: int, texts: list[str], gold: list[str], work: Path) -> None:
    acled_of = {case: acled for acled, case in ev.CASE_LABELS.items()}
    labels = [acled_of.get(g, g) for g in gold]
    assigned = learning.folds(labels, count)
    train = [i for i, f in enumerate(assigned) if f != fold]
    test = [i for i, f in enumerate(assigned) if f == fold]
    examples = [Example(texts[i], {"acled": labels[i]}) for i in train]
    started = time.perf_counter()
    # One thread: on a loaded machine a second one mostly waits (and burns CPU spinning).
    tuning = FineTuning(epochs=epochs, threads=1, quantize=False)
    exported = fine_tune_encoder(
        [e.text for e in examples],
        {"acled": [e.labels["acled"] for e in examples]},
        tuning,
        lambda name, total: None,
        lambda count: None,
    )
    seconds = time.perf_counter() - started
    encoders = {
        "frozen": shared_encoder(),
        "tuned int8": SentenceEncoder(weights=quantized(exported)),
        "tuned float32": SentenceEncoder(weights=exported),
    }
    blocks = training_module.NGRAM_BLOCKS
    predicted: dict[str, list[str]] = {}
    for variant in VARIANTS:
        encoder, features = variant.rsplit(" ", 1) if variant.endswith("alone") else variant.split(" + ")
        training_module.NGRAM_BLOCKS = blocks if features == "TF-IDF" else ()
        try:
            model, _ = train_event_model(examples, encoders[encoder], held_out_share=0.0)
        finally:
            training_module.NGRAM_BLOCKS = blocks
        head = model.heads["acled"]
        distributions = model.distributions([texts[i] for i in test])["acled"]
        predicted[variant] = [
            ev._case_label_of(head.labels[int(p.argmax())], set(gold)) for p in distributions
        ]
    result = {"fold": fold, "test": test, "predicted": predicted, "seconds": seconds, "tuning": str(tuning)}
    (work / f"fold-{fold}-of-{count}.json").write_text(json.dumps(result), encoding="utf-8")


def report(count: int, gold: list[str], work: Path) -> None:
    parts = [
        json.loads((work / f"fold-{k}-of-{count}.json").read_text(encoding="utf-8")) for k in range(count)
    ]
    check = set(ev._halves(len(gold))["check"])
    print(f"CASE 2021, {count}-fold cross-validation, the model alone, check half; {parts[0]['tuning']}")
    for variant in VARIANTS:
        items = [
            (i, p) for part in parts for i, p in zip(part["test"], part["predicted"][variant], strict=True)
        ]
        items = [(i, p) for i, p in items if i in check]
        macro, weighted = ev._class_f1([gold[i] for i, _ in items], [p for _, p in items], sorted(set(gold)))
        print(f"  {variant:<24} weighted F1 {weighted:.1f}  macro F1 {macro:.1f}  ({len(items)} snippets)")
    times = ", ".join(f"{p['seconds']:.0f}" for p in parts)
    print(f"  wall seconds a fold to fine-tune and export: {times}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--fold", type=int, help="run this fold only (0-based) and keep its answers")
    parser.add_argument("--report", action="store_true", help="add up the folds kept under --work")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sitroom-finetune-eval")
    args = parser.parse_args()
    eval_dir = Path(os.environ.get("SITROOM_EVAL_DIR", ev.REPO.parent / "shared" / "eval")) / "events"
    path = eval_dir / "case-2021-shared-task" / "task2" / "labelled_snippets.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    texts, gold = [row["EventSnippet"] for row in rows], [row["SubType"] for row in rows]
    args.work.mkdir(parents=True, exist_ok=True)
    for fold in [args.fold] if args.fold is not None else ([] if args.report else range(args.folds)):
        run_fold(fold, args.folds, args.epochs, texts, gold, args.work)
    if args.report or args.fold is None:
        report(args.folds, gold, args.work)


if __name__ == "__main__":
    main()
