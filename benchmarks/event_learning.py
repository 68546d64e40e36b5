"""The learned event model on the event benchmarks (the ``learned`` section of event_eval.py).

- CASE 2021 and ConfliBERT CAMEO, check halves: the rules alone against the pipeline with the shipped
  model (trained only on the PLOVER gold-standard records and sitroom's own sentences, never on these
  corpora). CAMEO sentences that are also PLOVER records (by normalised text) are left out of the CAMEO
  scores (none of cameo_class/train.tsv is).
- Cross-validated training on each benchmark through the same code as ``sitroom train events``
  (``train_event_model``, default held-out share and calibration): 5 stratified folds (``--folds``) over
  the whole corpus; each fold's model types its held-out items; the figures are over the check half's
  items. With ``--fine-tune`` each fold also fine-tunes the encoder (``sitroom train events
  --fine-tune``) on all of the fold's training items (no held-out share: the fold's own held-out items
  are the test), and the time each fold took to train is printed. ``--corpora case`` leaves CAMEO out.
  For CASE both through the pipeline (the rules find the events, the model types them) and the model
  alone (the snippet's label is the model's answer for the whole snippet).
- Cost: seconds per article of the pipeline with and without the model, and of bare spaCy.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np

from event_eval import (
    CASE_LABELS,
    PENTACODE,
    _case_event,
    _case_label,
    _case_label_of,
    _class_f1,
    _document,
    _halves,
    _main_event,
    _pentacode,
)
from sitroom.annotate import EVENT_MODEL, Annotator, PipelineConfig
from sitroom.annotate.learned import (
    EventModel,
    Example,
    FineTuning,
    model_card,
    shared_encoder,
    train_event_model,
)
from sitroom.annotate.learned.training import HELD_OUT_SHARE
from sitroom.annotate.model import load_model
from sitroom.records import Annotations, Document, Event

FOLDS = 5
SEED = 7
# CAMEO pentacode -> a PLOVER type of that class, to train the PLOVER head on pentacodes in the CV run.
PENTACODE_TYPE = {"0": "REQUEST", "1": "AGREE", "2": "COOPERATE", "3": "ACCUSE", "4": "ASSAULT"}


def folds(labels: Sequence[str], count: int = FOLDS) -> list[int]:
    """A fold number for each item, stratified by label."""
    rng = np.random.default_rng(SEED)
    assigned = [0] * len(labels)
    for label in sorted(set(labels)):
        indices = [i for i, x in enumerate(labels) if x == label]
        for rank, i in enumerate(rng.permutation(indices).tolist()):
            assigned[i] = rank % count
    return assigned


def cross_validate(
    texts: Sequence[str],
    labels: Sequence[str],
    head: str,
    predict: Callable[[Path, list[int]], list[str]],
    count: int = FOLDS,
    fine_tuning: FineTuning | None = None,
) -> list[str]:
    """Each item's prediction by the model of the fold that held it out; ``predict`` gets a fold's
    model folder and the indices of its held-out items."""
    predicted = [""] * len(texts)
    assigned = folds(labels, count)
    encoder = shared_encoder()
    for fold in range(count):
        train = [i for i, f in enumerate(assigned) if f != fold]
        test = [i for i, f in enumerate(assigned) if f == fold]
        examples = [Example(texts[i], {head: labels[i]}) for i in train]
        started = time.perf_counter()
        model, report = train_event_model(
            examples,
            encoder,
            sources=[f"fold {fold}"],
            held_out_share=0.0 if fine_tuning else HELD_OUT_SHARE,
            fine_tuning=fine_tuning,
        )
        print(
            f"  fold {fold + 1}/{count}: {len(train)} items trained in {time.perf_counter() - started:.0f} s"
        )
        with tempfile.TemporaryDirectory() as folder:
            model.save(Path(folder), model_card(model, report))
            for i, label in zip(test, predict(Path(folder), test), strict=True):
                predicted[i] = label
    return predicted


def model_alone(
    folder: Path, texts: Sequence[str], head: str, seconds: list[float] | None = None
) -> list[str]:
    """The head's answer for each text; the seconds a text took to type (encoder and head, one
    batch) are added to ``seconds``."""
    model = EventModel.load(folder)
    head_model = model.heads[head]
    started = time.perf_counter()
    distributions = model.distributions(list(texts))[head]
    if seconds is not None:
        seconds.append((time.perf_counter() - started) / max(1, len(texts)))
    return [head_model.labels[int(p.argmax())] for p in distributions]


def annotate(annotator: Annotator, documents: Sequence[Document]) -> list[Annotations]:
    return list(annotator.annotate(documents))


def plover_texts(eval_dir: Path) -> set[str]:
    """The PLOVER gold-standard sentences (training data of the shipped model), normalised."""
    path = eval_dir / "PLOVER" / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
    records = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    return {normalised(r["text"]) for r in records if isinstance(r, dict) and r.get("text")}


def normalised(text: str) -> str:
    """Lower case, letters and digits only: the same sentence tokenised another way is the same."""
    return re.sub(r"\W+", "", text.lower())


def cost(document: Callable[[str, date | None], Document], config: PipelineConfig) -> None:
    """Per article: bare spaCy, the pipeline without the event model, and with it."""
    wire = Path(str(resources.files("sitroom.demo") / "corpus" / "wire"))
    texts = [path.read_text(encoding="utf-8") for path in sorted(wire.glob("*.txt"))] * 5
    documents = [document(text, date(2023, 1, 1)) for text in texts]
    with_model = Annotator(config)
    without = Annotator(config.without_event_model())
    bare = load_model(with_model.model_name)
    timings: dict[str, float] = {}
    runs: list[tuple[str, Callable[[], object]]] = [
        ("bare spaCy", lambda: list(bare.pipe(texts))),
        ("pipeline, rules alone", lambda: list(without.annotate(documents))),
        ("pipeline with the event model", lambda: list(with_model.annotate(documents))),
    ]
    for _name, run in runs:
        run()  # warm up: gazetteer index, caches, the ONNX session
    for _ in range(2):  # interleaved, best of two: the machine is shared
        for name, run in runs:
            started = time.perf_counter()
            run()
            seconds = (time.perf_counter() - started) / len(texts)
            timings[name] = min(timings.get(name, seconds), seconds)
    print(
        f"\nCost per article with the event model ({len(texts)} wire articles of the demo corpus; best of 2)"
    )
    for name, seconds in timings.items():
        print(f"  {name:<30} {1000 * seconds:6.1f} ms  x{seconds / timings['bare spaCy']:.2f} bare spaCy")
    added = timings["pipeline with the event model"] - timings["pipeline, rules alone"]
    print(f"  the event model adds {1000 * added:.1f} ms/article")


def main_event(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: (e.confidence, -e.trigger_start), default=None)


# --------------------------------------------------------------------------------------- learned


def learned(
    config: PipelineConfig,
    eval_dir: Path,
    limit: int | None,
    count: int = FOLDS,
    tuning: FineTuning | None = None,
    corpora: Sequence[str] = ("case", "cameo"),
) -> None:
    cv = f"CV sitroom train{' --fine-tune' if tuning else ''}"
    if tuning:
        print(f"\n{count}-fold cross-validation with --fine-tune: {tuning}")
    rules = Annotator(config.without_event_model())
    shipped = Annotator(config if EVENT_MODEL in config.components else PipelineConfig())
    case_path = eval_dir / "case-2021-shared-task" / "task2" / "labelled_snippets.tsv"
    if case_path.exists() and "case" in corpora:
        with case_path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))[:limit]
        texts, gold = [row["EventSnippet"] for row in rows], [row["SubType"] for row in rows]
        acled_of = {case: acled for acled, case in CASE_LABELS.items()}
        documents = [_document(text) for text in texts]

        def case_labels(annotator: Annotator, indices: list[int]) -> list[str]:
            annotated = annotate(annotator, [documents[i] for i in indices])
            return [_case_label(_case_event(a.events), set(gold)) for a in annotated]

        alone: dict[int, str] = {}
        seconds: list[float] = []

        def fold(folder: Path, indices: list[int]) -> list[str]:
            answers = model_alone(folder, [texts[i] for i in indices], "acled", seconds)
            alone.update({i: _case_label_of(a, set(gold)) for i, a in zip(indices, answers, strict=True)})
            return case_labels(Annotator(config.with_event_model(str(folder))), indices)

        everything = list(range(len(rows)))
        systems = {
            "rules alone": case_labels(rules, everything),
            "shipped model": case_labels(shipped, everything),
            f"{cv}, pipeline": cross_validate(
                texts, [acled_of.get(g, g) for g in gold], "acled", fold, count, tuning
            ),
        }
        systems[f"{cv}, model alone"] = [alone[i] for i in everything]
        print(f"  the model alone: {1000 * sum(seconds) / len(seconds):.1f} ms a snippet (mean of the folds)")
        check = _halves(len(rows))["check"]
        print(f"\nLearned event model on CASE 2021 ({len(rows)} snippets), check half ({len(check)})")
        for name, predicted in systems.items():
            macro, weighted = _class_f1(
                [gold[i] for i in check], [predicted[i] for i in check], sorted(set(gold))
            )
            print(f"  {name:<45} weighted F1 {weighted:.1f}  macro F1 {macro:.1f}")
    cameo_path = eval_dir / "ConfliBERT" / "data" / "cameo_class" / "train.tsv"
    if cameo_path.exists() and "cameo" in corpora:
        lines = cameo_path.read_text(encoding="utf-8").splitlines()
        pairs = [line.rsplit("\t", 1) for line in lines if "\t" in line][:limit]
        texts, gold = [text for text, _ in pairs], [label.strip() for _, label in pairs]
        documents = [_document(text) for text in texts]

        def pentacodes(annotator: Annotator, indices: list[int]) -> list[str]:
            annotated = annotate(annotator, [documents[i] for i in indices])
            return [str(_pentacode(e)) if (e := _main_event(a.events)) else "0" for a in annotated]

        alone_codes: dict[int, str] = {}

        def cameo_fold(folder: Path, indices: list[int]) -> list[str]:
            answers = model_alone(folder, [texts[i] for i in indices], "plover")
            alone_codes.update({i: str(PENTACODE.get(a, 0)) for i, a in zip(indices, answers, strict=True)})
            return pentacodes(Annotator(config.with_event_model(str(folder), plover=True)), indices)

        everything = list(range(len(pairs)))
        systems = {
            "rules alone": pentacodes(rules, everything),
            "shipped model": pentacodes(shipped, everything),
            f"{cv}, pipeline": cross_validate(
                texts, [PENTACODE_TYPE[g] for g in gold], "plover", cameo_fold, count, tuning
            ),
        }
        systems[f"{cv}, model alone"] = [alone_codes[i] for i in everything]
        seen = plover_texts(eval_dir)
        check = [i for i in _halves(len(pairs))["check"] if normalised(texts[i]) not in seen]
        left_out = len(_halves(len(pairs))["check"]) - len(check)
        print(f"\nLearned event model on ConfliBERT CAMEO pentacode ({len(pairs)} sentences), check half")
        print(f"  less the {left_out} PLOVER records the shipped model learnt from ({len(check)})")
        for name, predicted in systems.items():
            macro, weighted = _class_f1(
                [gold[i] for i in check], [predicted[i] for i in check], sorted(set(gold))
            )
            print(f"  {name:<45} macro F1 {macro:.1f}  weighted F1 {weighted:.1f}")
    cost(_document, shipped.config)
