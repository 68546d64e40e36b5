"""Factuality: sitroom_factuality against MEANTIME's event attributes (English, gold event mentions).

For each gold event mention of MEANTIME English (NewsReader, CC BY 4.0; 120 Wikinews articles), the
component's value for the mention's head token is compared with the gold polarity (POS, NEG,
UNDERSPECIFIED), certainty (CERTAIN, PROBABLE, POSSIBLE, UNDERSPECIFIED) and time (NON_FUTURE, FUTURE,
UNDERSPECIFIED): accuracy per attribute and for all three at once, and F1 for the marked values that
matter downstream (NEG, non-CERTAIN, FUTURE), beside the majority baseline (POS, CERTAIN, NON_FUTURE).
Documents are sorted by path; the cue table was tuned reading errors of the even-indexed ones only
(``tune``), and the model (``factuality_train.py``) is trained on them; the odd-indexed ones
(``check``) are only measured.

    python benchmarks/factuality_eval.py [--half tune|check|all] [--limit N] [--errors N] [--attribute A]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitroom.annotate import PipelineConfig, build_pipeline
from sitroom.annotate.factuality import factuality_of, load_cue_table
from sitroom.annotate.factuality.rules import FactualityReader
from sitroom.annotate.model import default_model_name

MEANTIME = "time/qiangning+StructTempRel-EMNLP17/data/meantime_newsreader_english_oct15"
ATTRIBUTES = ("polarity", "certainty", "time")
MAJORITY = {"polarity": "POS", "certainty": "CERTAIN", "time": "NON_FUTURE"}
# The marked value of each attribute, scored by F1 (a predicate of the value).
MARKED = {
    "NEG": ("polarity", lambda v: v == "NEG"),
    "non-CERTAIN": ("certainty", lambda v: v != "CERTAIN"),
    "FUTURE": ("time", lambda v: v == "FUTURE"),
}


@dataclass(slots=True)
class GoldMention:
    start: int
    end: int
    values: dict[str, str]


@dataclass(slots=True)
class GoldDocument:
    name: str
    text: str
    mentions: list[GoldMention]


@dataclass(slots=True)
class Scored:
    document: str
    text: str  # the sentence, the mention in brackets
    gold: dict[str, str]
    predicted: dict[str, str]
    rules: dict[str, str]  # the rule layer's value alone
    cue: str | None


def meantime_documents(folder: Path) -> Iterator[GoldDocument]:
    """The documents' text (tokens joined by spaces, a line per sentence) and their event mentions."""
    for path in sorted(folder.glob("*/*.xml")):
        root = ET.parse(path).getroot()
        offsets: dict[str, tuple[int, int]] = {}
        text, sentence = "", None
        for token in root.iter("token"):
            if sentence is not None:
                text += "\n" if token.get("sentence") != sentence else " "
            sentence = token.get("sentence")
            offsets[token.get("t_id", "")] = (len(text), len(text) + len(token.text or ""))
            text += token.text or ""
        mentions = []
        for mention in root.iter("EVENT_MENTION"):
            anchors = [offsets[a.get("t_id", "")] for a in mention.iter("token_anchor")]
            values = {name: mention.get(name, "") for name in ATTRIBUTES}
            if anchors and all(values.values()):  # a few mentions lack their attributes: not scored
                mentions.append(GoldMention(min(a[0] for a in anchors), max(a[1] for a in anchors), values))
        yield GoldDocument(path.stem, text, mentions)


def half_of(index: int) -> str:
    """Even-indexed documents are looked at while tuning; odd-indexed ones only measured."""
    return "tune" if index % 2 == 0 else "check"


def score(documents: list[tuple[int, GoldDocument]]) -> tuple[dict[str, list[Scored]], float]:
    nlp = build_pipeline(default_model_name(), PipelineConfig(components=("sitroom_factuality",)))
    scored: dict[str, list[Scored]] = {"tune": [], "check": []}
    started = time.perf_counter()
    docs = nlp.pipe(gold.text for _, gold in documents)
    for (index, gold), doc in zip(documents, docs, strict=True):
        reader = FactualityReader(load_cue_table(), doc)
        for mention in gold.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            value = factuality_of(span.root)
            sentence = span.sent
            marked = (
                doc.text[sentence.start_char : span.start_char]
                + f"[[{span.text}]]"
                + doc.text[span.end_char : sentence.end_char]
            )
            predicted = {"polarity": value.polarity, "certainty": value.certainty, "time": value.time}
            rule = reader.factuality(span.root)
            rules = {"polarity": rule.polarity, "certainty": rule.certainty, "time": rule.time}
            scored[half_of(index)].append(
                Scored(gold.name, marked, mention.values, predicted, rules, value.cue)
            )
    return scored, time.perf_counter() - started


def report(name: str, items: list[Scored]) -> None:
    total = len(items)
    systems: dict[str, Callable[[Scored], dict[str, str]]] = {
        "sitroom": lambda s: s.predicted,
        "rules": lambda s: s.rules,
        "majority": lambda s: MAJORITY,
    }
    print(f"\n{name}: {total} event mentions")
    print(f"  {'':18} " + " ".join(f"{system:>9}" for system in systems))
    for attribute in ATTRIBUTES:
        cells = [
            sum(get(s)[attribute] == s.gold[attribute] for s in items) / total for get in systems.values()
        ]
        print(f"  {attribute + ' accuracy':18} " + " ".join(f"{cell:9.3f}" for cell in cells))
    cells = [
        sum(all(get(s)[a] == s.gold[a] for a in ATTRIBUTES) for s in items) / total
        for get in systems.values()
    ]
    print(f"  {'all three':18} " + " ".join(f"{cell:9.3f}" for cell in cells))
    for label, (attribute, marked) in MARKED.items():
        gold = [marked(s.gold[attribute]) for s in items]
        ours = _f1(gold, [marked(s.predicted[attribute]) for s in items])
        rules = _f1(gold, [marked(s.rules[attribute]) for s in items])
        print(
            f"  {label + ' F1':18} {ours[0]:9.3f} {rules[0]:9.3f}   (sitroom P {ours[1]:.3f} R {ours[2]:.3f};"
            f" rules P {rules[1]:.3f} R {rules[2]:.3f}; gold {sum(gold)})"
        )


def _f1(gold: list[bool], predicted: list[bool]) -> tuple[float, float, float]:
    """F1, precision and recall of the marked value."""
    both = sum(g and p for g, p in zip(gold, predicted, strict=True))
    precision = both / sum(predicted) if any(predicted) else 0.0
    recall = both / sum(gold) if any(gold) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--half", choices=("tune", "check", "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors (tune half only)")
    parser.add_argument("--attribute", choices=ATTRIBUTES, help="print only errors on this attribute")
    args = parser.parse_args()
    folder = Path(os.environ.get("SITROOM_EVAL_DIR", "../shared/eval")) / MEANTIME / "intra-doc_annotation"
    if not folder.is_dir():
        print(f"MEANTIME not found at {folder}: set SITROOM_EVAL_DIR; skipped")
        return 0
    documents = list(enumerate(meantime_documents(folder)))[: args.limit]
    if args.half != "all":
        documents = [(i, gold) for i, gold in documents if half_of(i) == args.half]
    scored, seconds = score(documents)
    print("command: python " + " ".join(sys.argv))
    print(f"MEANTIME English, {len(documents)} documents, parsed and read in {seconds:.1f} s")
    for name, label in (("tune", "tune half (even documents)"), ("check", "check half (odd documents)")):
        if scored[name]:
            report(label, scored[name])
    if scored["tune"] and scored["check"]:
        report("all", scored["tune"] + scored["check"])
    attributes = [args.attribute] if args.attribute else list(ATTRIBUTES)
    errors = [s for s in scored["tune"] if any(s.predicted[a] != s.gold[a] for a in attributes)]
    for item in errors[: args.errors]:
        wrong = ", ".join(
            f"{a} {item.gold[a]}≠{item.predicted[a]}" for a in attributes if item.predicted[a] != item.gold[a]
        )
        print(f"- {item.document}: {wrong} (cue {item.cue}): {item.text.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
