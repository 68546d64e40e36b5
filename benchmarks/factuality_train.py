"""Train the factuality model (``src/sitroom/data/factuality_model.json``) and write it, exactly.

Training data: the gold event mentions of MEANTIME English's *tune* half (the even-indexed documents,
see ``factuality_eval.py``; NewsReader MEANTIME, CC BY 4.0, which allows it) and the example sentences
of the cue table's rows (``tests/cases/factuality.yaml``, the project's own words). The check half is never
read. For each attribute (polarity, certainty, time) a logistic regression over
``sitroom.annotate.factuality.features``; its regularisation is chosen, and whether it decides that
attribute at all, by five-fold cross-validation over the tune documents against the rules alone (the
model decides an attribute only where it beats the rules there). The same data and code give the same
file: the solver is deterministic and the weights are rounded.

    SITROOM_EVAL_DIR=../shared/eval python benchmarks/factuality_train.py [--output PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MultiLabelBinarizer

from factuality_eval import ATTRIBUTES, MARKED, MEANTIME, half_of, meantime_documents
from sitroom.annotate import PipelineConfig, build_pipeline
from sitroom.annotate.factuality import factuality_of, load_cue_table
from sitroom.annotate.factuality.features import PredicateFeatures
from sitroom.annotate.factuality.rules import FactualityReader
from sitroom.annotate.model import default_model_name

OUTPUT = Path(__file__).resolve().parents[1] / "src/sitroom/data/factuality_model.json"
CASES = Path(__file__).resolve().parents[1] / "tests/cases/factuality.yaml"
FOLDS = 5
REGULARISATION = (0.1, 0.3, 1.0, 3.0)
OWN_WORDS_WEIGHT = 3.0  # the cue table's sentences are few and exactly the classes that matter
# Values the scale has but the component does not give (MEANTIME marks 25 times as UNDERSPECIFIED).
LABELS = {
    "polarity": ("POS", "NEG", "UNDERSPECIFIED"),
    "certainty": ("CERTAIN", "PROBABLE", "POSSIBLE", "UNDERSPECIFIED"),
    "time": ("NON_FUTURE", "FUTURE"),
}


@dataclass(slots=True)
class Item:
    group: int  # the document (folds never split one); -1 for the cue table's sentences
    features: list[str]
    gold: dict[str, str]
    rule: dict[str, str]


def rule_items(nlp, texts, targets) -> list[Item]:
    """An item per (group, start, end, gold) target of each text, read with the rules only."""
    items = []
    for text_targets, doc in zip(targets, nlp.pipe(texts), strict=True):
        reader = FactualityReader(load_cue_table(), doc)
        features = PredicateFeatures(doc, reader.children)
        for group, start, end, gold in text_targets:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            rule = factuality_of(span.root)
            values = {"polarity": rule.polarity, "certainty": rule.certainty, "time": rule.time}
            items.append(Item(group, features.of(span.root, rule), gold, values))
    return items


def collect() -> list[Item]:
    folder = Path(os.environ.get("SITROOM_EVAL_DIR", "../shared/eval")) / MEANTIME / "intra-doc_annotation"
    if not folder.is_dir():
        sys.exit(f"MEANTIME not found at {folder}: set SITROOM_EVAL_DIR")
    config = PipelineConfig(
        components=("sitroom_factuality",), component_config={"sitroom_factuality": {"model": False}}
    )
    nlp = build_pipeline(default_model_name(), config)
    tune = [(i, d) for i, d in enumerate(meantime_documents(folder)) if half_of(i) == "tune"]
    items = rule_items(
        nlp,
        [d.text for _, d in tune],
        [[(i, m.start, m.end, m.values) for m in d.mentions] for i, d in tune],
    )
    examples = [
        case for cases in yaml.safe_load(CASES.read_text(encoding="utf-8")).values() for case in cases
    ]
    targets = []
    for example in examples:
        text, event = example["text"], example["event"]
        start = next(i for i in _word_starts(text) if _word_at(text, i) == event)
        gold = {
            "polarity": example.get("polarity", "POS"),
            "certainty": example.get("certainty", "CERTAIN"),
            "time": example.get("time", "NON_FUTURE"),
        }
        targets.append([(-1, start, start + len(event), gold)])
    return items + rule_items(nlp, [e["text"] for e in examples], targets)


def _word_starts(text: str) -> list[int]:
    return [i for i in range(len(text)) if i == 0 or not text[i - 1].isalnum()]


def _word_at(text: str, start: int) -> str:
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] == "'"):
        end += 1
    return text[start:end]


def fit(items: list[Item], binarizer: MultiLabelBinarizer, attribute: str, c: float) -> LogisticRegression:
    kept = [item for item in items if item.gold[attribute] in LABELS[attribute]]
    x = binarizer.transform([item.features for item in kept])
    y = [item.gold[attribute] for item in kept]
    weights = [OWN_WORDS_WEIGHT if item.group < 0 else 1.0 for item in kept]
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, y, sample_weight=weights)
    return model


def merit(attribute: str, gold: list[str], predicted: list[str]) -> float:
    """The mean of the attribute's accuracy and the F1 of its marked value (what the issue measures)."""
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    marked = next(test for a, test in MARKED.values() if a == attribute)
    both = sum(marked(g) and marked(p) for g, p in zip(gold, predicted, strict=True))
    system, truth = sum(map(marked, predicted)), sum(map(marked, gold))
    f1 = 2 * both / (system + truth) if system + truth else 0.0
    return (accuracy + f1) / 2


def cross_validate(items: list[Item], binarizer: MultiLabelBinarizer, attribute: str, c: float) -> float:
    groups = sorted({item.group for item in items if item.group >= 0})
    gold: list[str] = []
    predicted: list[str] = []
    for fold in range(FOLDS):
        held = set(groups[fold::FOLDS])
        model = fit([item for item in items if item.group not in held], binarizer, attribute, c)
        test = [item for item in items if item.group in held]
        predicted += list(model.predict(binarizer.transform([item.features for item in test])))
        gold += [item.gold[attribute] for item in test]
    return merit(attribute, gold, predicted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    items = collect()
    # A feature seen once is noise to a linear model and weight to ship: kept from twice on.
    counts: dict[str, int] = {}
    for item in items:
        for feature in set(item.features):
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = sorted(feature for feature, count in counts.items() if count >= 2)
    known = set(vocabulary)
    for item in items:
        item.features = [feature for feature in item.features if feature in known]
    binarizer = MultiLabelBinarizer(classes=vocabulary)
    binarizer.fit([])
    tune = [item for item in items if item.group >= 0]
    heads, decides, figures = {}, [], {}
    for attribute in ATTRIBUTES:
        rules = merit(attribute, [i.gold[attribute] for i in tune], [i.rule[attribute] for i in tune])
        scores = {c: cross_validate(items, binarizer, attribute, c) for c in REGULARISATION}
        best = max(REGULARISATION, key=lambda c: (scores[c], -c))
        figures[attribute] = {"rules": round(rules, 4), "model": round(scores[best], 4), "C": best}
        print(f"{attribute}: rules {rules:.4f}, model {scores[best]:.4f} (C={best}; {scores})")
        if scores[best] > rules:
            decides.append(attribute)
        model = fit(items, binarizer, attribute, best)
        weights, intercepts = model.coef_, model.intercept_
        if len(model.classes_) == 2:  # one score for the second class: the first scores zero
            weights = np.vstack([np.zeros_like(weights), weights])
            intercepts = np.concatenate([[0.0], intercepts])
        heads[attribute] = {
            "classes": [str(c) for c in model.classes_],
            "weights": [[round(float(w), 5) for w in row] for row in weights],
            "intercepts": [round(float(b), 5) for b in intercepts],
        }
    card = {
        "what": "logistic regression per factuality attribute over the rule layer's value and the parse",
        "training_data": [
            "MEANTIME English (NewsReader, oct15), gold event mentions of the even-indexed documents "
            "(the tune half); licence CC BY 4.0",
            "the cases of the cue table's rows, tests/cases/factuality.yaml (the project's own words), "
            "weight "
            f"{OWN_WORDS_WEIGHT}",
        ],
        "rebuild": "SITROOM_EVAL_DIR=../shared/eval python benchmarks/factuality_train.py",
        "selection": f"{FOLDS}-fold cross-validation over the tune documents; merit = mean of accuracy and "
        "the F1 of the marked value (NEG, non-CERTAIN, FUTURE)",
        "cross_validation": figures,
        "decides": decides,
        "examples": len(items),
    }
    model_file = {"card": card, "features": vocabulary, "heads": heads}
    args.output.write_text(json.dumps(model_file, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {args.output}: {len(vocabulary)} features, {len(items)} examples, decides {decides}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
