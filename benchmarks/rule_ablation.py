"""Rule ablation: what each family of event rules adds, on event_eval's corpora, with the event model.

A family is a group of rows of ``src/sitroom/data/events.yaml``: by default the rows of one match and
one PLOVER type ("noun:CONSULT", "means:ASSAULT"), with ``--rows`` each row alone too. Rows that name a
change of territorial control or ground held, or a movement on a place (``control``, ``control-noun``,
``holding``, ``movement``) are never ablated: they are the truth benchmark's, and they stay.

For each family the rules without its rows are scored as ``benchmarks/event_eval.py --only
case,cameo,ruua`` scores the whole pipeline: CASE 2021 weighted F1, CAMEO pentacode macro F1 and
source/target role F1 on their tune and check halves, and the RU-UA gold set's detection F1 and type
and mode accuracy. Beside the scores it counts what changed in the output: events lost and added (by
trigger position) and events whose type, mode or ACLED sub-event type changed, over all items. The
benchmarks choose one event an item (CASE, CAMEO), so an event a family alone finds can be lost at no
cost in their scores: the counts show it.

Every text is parsed once (spaCy and the components before ``sitroom_events``); each family reruns
``sitroom_events`` and ``sitroom_event_model`` on copies of the parsed documents in which one of its
words occurs as a word or a lemma (the rules cannot differ elsewhere), and the event model's answer for
a sentence is computed once. The baseline printed first is the same as event_eval.py's figures.

    python benchmarks/rule_ablation.py [--rows] [--only FAMILY,...] [--no-model] [--out FILE.jsonl]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import yaml

from event_eval import REPO, cameo, case_2021, ru_ua
from sitroom.annotate import EVENT_MODEL, Annotator, PipelineConfig, annotations_of
from sitroom.annotate.attribution import fill_contains
from sitroom.annotate.events.lexicon import load_lexicon
from sitroom.records import Annotations, Document

LEXICON = REPO / "src" / "sitroom" / "data" / "events.yaml"
STAYING = frozenset({"control", "control-noun", "holding", "movement"})
EVENTS = "sitroom_events"
SHOWN = ("case", "cameo", "roles")
FIELDS = ("type", "mode", "acled")


class CachedModel:
    """The event model, answering each sentence once whatever the rules around it."""

    def __init__(self, model: object):
        self.model = model
        self.heads = model.heads  # type: ignore[attr-defined]
        self.answers: dict[str, dict[str, np.ndarray]] = {}

    def distributions(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        missing = [text for text in dict.fromkeys(texts) if text not in self.answers]
        if missing:
            computed = self.model.distributions(missing)  # type: ignore[attr-defined]
            for row, text in enumerate(missing):
                self.answers[text] = {head: p[row] for head, p in computed.items()}
        return {head: np.stack([self.answers[text][head] for text in texts]) for head in self.heads}


class AblatedAnnotator:
    """Annotates as ``Annotator`` does, with the event rules of the current family removed."""

    def __init__(self, config: PipelineConfig):
        self.annotator = Annotator(config)
        self.events = self.annotator.nlp.get_pipe(EVENTS)
        self.model = self.annotator.nlp.get_pipe(EVENT_MODEL) if EVENT_MODEL in config.components else None
        if self.model is not None:
            self.model.model = CachedModel(self.model.model)
        self.full = self.events.lexicon
        self.parsed: dict[tuple[str, object], object] = {}  # a text's doc before the event stages
        self.words: dict[tuple[str, object], set[str]] = {}
        self.baseline: dict[tuple[str, object], Annotations] = {}
        self.ablated: dict[tuple[str, object], Annotations] = {}
        self.keywords: set[str] | None = None  # the current family's words; None: the full rules

    def ablate(self, lexicon_path: str | None, keywords: set[str] | None) -> None:
        self.events.lexicon = load_lexicon(lexicon_path) if lexicon_path else self.full
        self.keywords, self.ablated = keywords, {}

    def annotate(self, documents: Iterable[Document]) -> Iterator[Annotations]:
        documents = list(documents)
        keys = [(d.text, d.published) for d in documents]
        new = {key: d for key, d in zip(keys, documents, strict=True) if key not in self.parsed}
        nlp = self.annotator.nlp
        docs = (self.annotator.make_doc(d) for d in new.values())
        for key, doc in zip(new, nlp.pipe(docs, disable=[EVENTS, EVENT_MODEL]), strict=True):
            self.parsed[key] = doc
            self.words[key] = {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}
        if self.keywords is None:
            self._run([k for k in dict.fromkeys(keys) if k not in self.baseline], self.baseline)
            return (self.baseline[k] for k in keys)
        changed = [k for k in dict.fromkeys(keys) if k not in self.ablated and self.words[k] & self.keywords]
        self._run(changed, self.ablated)
        return (self.ablated.get(k) or self.baseline[k] for k in keys)

    def _run(self, keys: list[tuple[str, object]], into: dict[tuple[str, object], Annotations]) -> None:
        docs = [self.parsed[key].copy() for key in keys]  # type: ignore[attr-defined]
        for doc in docs:
            self.events(doc)
        if self.model is not None and docs:
            self.model.pipe_one(docs)
        for key, doc in zip(keys, docs, strict=True):
            fill_contains(annotations_of(doc))
            into[key] = annotations_of(doc)

    def changes(self) -> Counter[str]:
        """Events lost, added and retyped in the current family's output against the full rules'."""
        counts: Counter[str] = Counter()
        for key, result in self.ablated.items():
            before = {e.trigger_start: e for e in self.baseline[key].events}
            after = {e.trigger_start: e for e in result.events}
            counts["lost"] += len(before.keys() - after.keys())
            counts["added"] += len(after.keys() - before.keys())
            for start in before.keys() & after.keys():
                counts.update(f for f in FIELDS if getattr(before[start], f) != getattr(after[start], f))
        return counts


def families(rules: list[dict], rows: bool) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for row in rules:
        if row["match"] not in STAYING:
            groups.setdefault(f"{row['match']}:{row['yields']['type']}", []).append(row["name"])
    chosen = {name: names for name, names in groups.items() if len(names) > 1 or not rows}
    if rows:
        chosen |= {row["name"]: [row["name"]] for row in rules if row["match"] not in STAYING}
    return chosen


def scores(annotator: AblatedAnnotator, eval_dir: Path) -> dict[str, float]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        case_2021(annotator, eval_dir, None, False)  # type: ignore[arg-type]
        cameo(annotator, eval_dir, None, False)  # type: ignore[arg-type]
        ru_ua(annotator, None, False)  # type: ignore[arg-type]
    text = printed.getvalue()
    case, rest = text.split("ConfliBERT CAMEO", 1)
    classes, rest = rest.split("source/target roles", 1)
    roles, rest = rest.split("RU-UA gold, dev", 1)
    dev, held = rest.split("RU-UA gold, heldout", 1)
    figures = {}
    for half in ("tune", "check"):
        for name, block, pattern in (
            ("case", case, r"all labels weighted F1 ([\d.]+)"),
            ("cameo", classes, r"macro F1 ([\d.]+)"),
            ("roles", roles, r"P [\d.]+  R [\d.]+  F1 ([\d.]+)"),
        ):
            figures[f"{name} {half}"] = _number(rf"{half}\s+\(\d+\): {pattern}", block)
    for name, block in (("dev", dev), ("held-out", held)):
        figures[f"ruua {name}"] = _number(r"F1 ([\d.]+)", block)
        for field in ("type", "mode"):
            figures[f"ruua {name} {field}"] = _number(rf" {field} ([\d.]+)", block)
    return figures


def _number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    return float(found.group(1)) if found else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", action="store_true", help="each row alone too")
    parser.add_argument("--only", help="comma-separated families or rows to ablate")
    parser.add_argument("--no-model", action="store_true", help="the rules alone, without the event model")
    parser.add_argument("--out", help="also write each family's figures as JSON lines")
    args = parser.parse_args()
    print("command:", " ".join(["python", *sys.argv]))
    eval_dir = Path(os.environ.get("SITROOM_EVAL_DIR", REPO.parent / "shared" / "eval")) / "events"
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    chosen = families(data["rules"], args.rows or bool(args.only))
    if args.only:
        wanted = [name.strip() for name in args.only.split(",")]
        chosen = {name: chosen[name] for name in wanted}
    config = PipelineConfig().without_event_model() if args.no_model else PipelineConfig()
    annotator = AblatedAnnotator(config)
    base = scores(annotator, eval_dir)
    shown = [k for k in base if k.split()[0] in SHOWN] + ["ruua dev", "ruua dev type", "ruua dev mode"]
    print("baseline: " + ", ".join(f"{k} {base[k]:.1f}" for k in base))
    print(f"\n{'family (rows)':<40}" + "".join(f"{k:>14}" for k in shown) + "  events changed")
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for number, (family, names) in enumerate(chosen.items()):
            removed = [row for row in data["rules"] if row["name"] in names]
            variant = {**data, "rules": [row for row in data["rules"] if row["name"] not in names]}
            path = Path(scratch) / f"events-{number}.yaml"  # a path of its own: load_lexicon caches by path
            path.write_text(yaml.safe_dump(variant, sort_keys=False), encoding="utf-8")
            keywords = {word for row in removed for key in row["words"] for word in key.split()}
            annotator.ablate(str(path), keywords)
            figures = scores(annotator, eval_dir)
            changes = annotator.changes()
            delta = {k: round(figures[k] - base[k], 1) for k in figures}
            label = f"{family} ({len(names)})"
            print(f"{label:<40}" + "".join(f"{delta[k]:>+14.1f}" for k in shown) + f"  {dict(changes)}")
            lines.append(json.dumps({"family": family, "rows": names, "delta": delta, "changes": changes}))
    if args.out:
        Path(args.out).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


if __name__ == "__main__":
    main()
