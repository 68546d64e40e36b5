"""Temporal expressions: sitroom_timexes against TimeBank, AQUAINT (TBAQ-cleaned) and MEANTIME gold.

TempEval-3 scoring: strict (same characters) and relaxed (overlapping) extraction P/R/F1, and value
F1 (a relaxed match whose value is also right counts; F1 over system and gold counts). Range records
(granularity "range") are left out: TimeML annotates their two ends, which sitroom also emits.
Also reports the cost per article against the bare spaCy pipeline. Figures are printed beside
HeidelTime's published TempEval-3 results.

    python benchmarks/time_eval.py [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sitroom.annotate import Annotator, PipelineConfig
from sitroom.annotate import timexes as _timexes  # noqa: F401  (registers the factory)
from sitroom.annotate.model import load_model
from sitroom.records import Document, Timex, stable_id

REPO = Path(__file__).resolve().parent.parent
TBAQ = "time/jspotter+TempEval-3/data/TBAQ-cleaned"
MEANTIME = "time/qiangning+StructTempRel-EMNLP17/data/meantime_newsreader_english_oct15"
# HeidelTime at TempEval-3 (UzZaman et al. 2013; Strötgen & Gertz 2013), percent.
HEIDELTIME = {
    "overall": {"strict F1": 81.34, "relaxed F1": 90.30, "value F1": 77.61},
    "TimeBank": {"value F1": 79.24},
    "AQUAINT": {"value F1": 72.95},
}


@dataclass(slots=True)
class GoldTimex:
    start: int
    end: int
    value: str


@dataclass(slots=True)
class GoldDocument:
    name: str
    text: str
    published: date
    timexes: list[GoldTimex]
    ignored: list[tuple[int, int]] = field(default_factory=list)  # the dateline's DCT, not scored


@dataclass(slots=True)
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "value"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def f1(self, matched: int) -> tuple[float, float, float]:
        precision = matched / self.system if self.system else 0.0
        recall = matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return 100 * precision, 100 * recall, 100 * f1


# ----------------------------------------------------------------------------------------- corpora


def timeml_documents(folder: Path) -> Iterator[GoldDocument]:
    for path in sorted(folder.glob("*.tml")):
        root = ET.parse(path).getroot()
        dct = root.find("DCT/TIMEX3")
        text_element = root.find("TEXT")
        assert dct is not None and text_element is not None, path
        pieces: list[str] = [text_element.text or ""]
        timexes: list[GoldTimex] = []
        for child in text_element:  # EVENT, TIMEX3, SIGNAL: inline and not nested in each other
            start = sum(map(len, pieces))
            inner = "".join(child.itertext())
            if child.tag == "TIMEX3":
                timexes.append(GoldTimex(start, start + len(inner), child.get("value", "")))
            pieces.extend((inner, child.tail or ""))
        published = _day(dct.get("value", ""))
        if published is not None:
            yield GoldDocument(path.stem, "".join(pieces), published, timexes)


def meantime_documents(folder: Path) -> Iterator[GoldDocument]:
    for path in sorted(folder.glob("*/*.xml")):
        root = ET.parse(path).getroot()
        # Only the first sentences of each article are annotated: score only those.
        anchored = {
            a.get("t_id") for markable in root.iter("Markables") for a in markable.iter("token_anchor")
        }
        last = max(int(t.get("sentence", 0)) for t in root.iter("token") if t.get("t_id") in anchored)
        offsets: dict[str, tuple[int, int]] = {}
        text = ""
        sentence = None
        for token in root.iter("token"):
            if int(token.get("sentence", 0)) > last:
                break
            if sentence is not None:
                text += "\n" if token.get("sentence") != sentence else " "
            sentence = token.get("sentence")
            offsets[token.get("t_id", "")] = (len(text), len(text) + len(token.text or ""))
            text += token.text or ""
        published: date | None = None
        timexes, ignored = [], []
        for timex in root.iter("TIMEX3"):
            anchors = [offsets[a.get("t_id", "")] for a in timex.iter("token_anchor")]
            if not anchors:
                continue
            start, end = min(a[0] for a in anchors), max(a[1] for a in anchors)
            if timex.get("functionInDocument") == "CREATION_TIME":
                published = published or _day(timex.get("value", ""))
                ignored.append((start, end))
            else:
                timexes.append(GoldTimex(start, end, timex.get("value", "")))
        if published is not None:
            yield GoldDocument(path.stem, text, published, timexes, ignored)


def _day(value: str) -> date | None:
    """The DCT's day; None for a malformed one (a MEANTIME file has "03-02-2009"): skipped."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# ----------------------------------------------------------------------------------------- scoring


def score(gold: GoldDocument, found: list[Timex]) -> Counts:
    system = [
        t for t in found
        if t.granularity != "range" and not any(t.start < e and s < t.end for s, e in gold.ignored)
    ]  # fmt: skip
    counts = Counts(gold=len(gold.timexes), system=len(system))
    used: set[int] = set()
    for expected in gold.timexes:
        exact = next((i for i, t in enumerate(system) if i not in used and
                      (t.start, t.end) == (expected.start, expected.end)), None)  # fmt: skip
        overlapping = exact
        if overlapping is None:
            overlapping = next(
                (i for i, t in enumerate(system) if i not in used and _overlap(t, expected)), None
            )
        if overlapping is None:
            continue
        used.add(overlapping)
        counts.relaxed += 1
        counts.strict += exact is not None
        counts.value += system[overlapping].value == expected.value
    return counts


def _overlap(found: Timex, gold: GoldTimex) -> bool:
    return found.start < gold.end and gold.start < found.end


def to_document(gold: GoldDocument) -> Document:
    content_hash = hashlib.sha256(gold.text.encode()).hexdigest()
    return Document(
        id=stable_id("doc", content_hash, gold.name),
        content_hash=content_hash,
        origin=gold.name,
        format="text",
        raw_text=gold.text,
        text=gold.text,
        offset_map=[(0, 0, len(gold.text))],
        published=gold.published,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus (for a quick look)")
    parser.add_argument("--errors", type=int, default=0, help="print this many value errors per corpus")
    args = parser.parse_args()
    eval_dir = Path(os.environ.get("SITROOM_EVAL_DIR", REPO.parent / "shared" / "eval"))
    if not (eval_dir / TBAQ).is_dir():
        print(f"skipped: no TempEval-3 data under {eval_dir} (set SITROOM_EVAL_DIR)")
        return
    meantime = eval_dir / MEANTIME / "intra-doc_annotation"
    corpora = {
        "TimeBank": list(timeml_documents(eval_dir / TBAQ / "TimeBank"))[: args.limit],
        "AQUAINT": list(timeml_documents(eval_dir / TBAQ / "AQUAINT"))[: args.limit],
        "MEANTIME": list(meantime_documents(meantime))[: args.limit],
    }
    annotator = Annotator(PipelineConfig(components=("sitroom_timexes",)))
    totals, results, seconds, articles = Counts(), {}, 0.0, []
    for name, golds in corpora.items():
        counts = Counts()
        documents = [to_document(gold) for gold in golds]
        articles.extend(d.text for d in documents)
        started = time.perf_counter()
        annotated = list(annotator.annotate(documents))
        seconds += time.perf_counter() - started
        shown = 0
        for gold, found in zip(golds, annotated, strict=True):
            counts.add(score(gold, found.timexes))
            shown = _show_errors(gold, found.timexes, args.errors, shown)
        results[name] = counts
        totals.add(counts)
    results["overall"] = totals

    nlp = load_model(annotator.model_name)
    started = time.perf_counter()
    for _ in nlp.pipe(articles, batch_size=32):
        pass
    bare = time.perf_counter() - started

    print(f"command: python benchmarks/time_eval.py {' '.join(sys.argv[1:])}".rstrip())
    print(
        f"{'corpus':9} {'docs':>5} {'gold':>5} {'sys':>5} | {'strict P/R/F1':>17} | "
        f"{'relaxed P/R/F1':>17} | {'value F1':>8} | HeidelTime strict/relaxed/value F1"
    )
    for name, counts in results.items():
        docs = len(corpora[name]) if name in corpora else sum(len(c) for c in corpora.values())
        strict, relaxed, value = (
            counts.f1(counts.strict),
            counts.f1(counts.relaxed),
            counts.f1(counts.value),
        )
        ref = HEIDELTIME.get(name, {})
        reference = "/".join(
            f"{ref[k]:.2f}" if k in ref else "-" for k in ("strict F1", "relaxed F1", "value F1")
        )
        print(
            f"{name:9} {docs:5} {counts.gold:5} {counts.system:5} | "
            f"{strict[0]:5.1f} {strict[1]:5.1f} {strict[2]:5.1f} | "
            f"{relaxed[0]:5.1f} {relaxed[1]:5.1f} {relaxed[2]:5.1f} | {value[2]:8.2f} | {reference}"
        )
    print("HeidelTime overall figures are on the TempEval-3 platinum test set; sitroom's here are on")
    print("the TBAQ training corpora and MEANTIME, so the comparison is indicative only.")
    print(
        f"cost per article: bare spaCy {1000 * bare / len(articles):.2f} ms, with sitroom_timexes "
        f"{1000 * seconds / len(articles):.2f} ms (x{seconds / bare:.2f})"
    )


def _show_errors(gold: GoldDocument, found: list[Timex], limit: int, shown: int) -> int:
    for expected in gold.timexes:
        if shown >= limit:
            return shown
        match = [
            t for t in found if t.start < expected.end and expected.start < t.end and t.granularity != "range"
        ]
        got = [(t.text, t.value) for t in match]
        if not match or match[0].value != expected.value:
            print(f"  {gold.name} DCT {gold.published}: {gold.text[expected.start:expected.end]!r} "
                  f"gold {expected.value} got {got}")  # fmt: skip
            shown += 1
    return shown


if __name__ == "__main__":
    main()
