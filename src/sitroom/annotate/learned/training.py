"""Training an event model (``sitroom train events``): read labelled text, encode it, fit the heads,
score them on held-out data, write the model folder with its card.

Inputs, each accepted as is:

- JSONL, one object a line: ``text`` and ``plover``, ``acled`` and/or ``category`` (one of
  ``records.EVENT_CATEGORIES``). A label that is null says the text reports no event of that kind (a
  hard negative); a missing key says nothing, and the text does not train that head.
- CSV with ACLED's ``notes`` and ``sub_event_type`` columns (an ACLED export), or ``text`` and ``acled``
  / ``plover`` columns.
- The PLOVER gold-standard records (one JSON array of records with ``text`` and ``event``), whose
  PLOVER 0.5 categories are mapped to the current ones.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from sitroom.annotate.learned.encoder import SentenceEncoder
from sitroom.annotate.learned.finetune import FineTuning, fine_tune_encoder
from sitroom.annotate.learned.model import ANALYZERS, ENCODER, HEADS, NONE_LABEL, EventModel, Head, NgramBlock
from sitroom.annotate.training_io import Progress, Silent, json_lines, read_text
from sitroom.records import EVENT_CATEGORIES

# PLOVER 0.5b1 (the gold-standard records) -> the current categories (PLOVER manual 2021).
PLOVER_05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
HELD_OUT_SHARE = 0.2
SEED = 13
# Inverse regularisation strength of the heads; unit-length features and a few thousand texts want
# little regularisation.
STRENGTH = 10.0
# Each label weighs as much as any other in the fit, however many texts it has: the "none" texts and
# the common types would otherwise crowd out the rare ones (cross-validated on CASE 2021, the model
# alone: weighted F1 81.0 balanced, 78.3 not; docs/benchmarks.md).
CLASS_WEIGHT = "balanced"
# The n-gram blocks beside the sentence embedding: analyzer, most frequent n-grams kept, and how much
# the block counts (each block and the embedding are of unit length). The character n-grams add 2.7
# points of weighted F1 to cross-validated training on CASE 2021 over the words alone (79.1 against
# 76.4, the model alone, 5 folds; docs/benchmarks.md).
NGRAM_BLOCKS = (("words", 20_000, 1.0), ("chars", 30_000, 1.0))


class TrainingError(ValueError):
    """The training data cannot train a model (unreadable, or too few labelled texts)."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    labels: dict[str, str] = field(default_factory=dict)  # head -> label; a head not named: unknown


def read_examples(path: Path) -> list[Example]:
    """The labelled texts of one file, in any accepted form (see the module's description)."""
    raw = read_text(path, TrainingError)
    if path.suffix.lower() == ".csv":
        return _from_csv(path, raw)
    if raw.lstrip().startswith("["):
        return _from_plover_records(path, raw)
    return [_example(record, where) for where, record in json_lines(path, raw, TrainingError)]


def _example(record: dict, where: str) -> Example:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise TrainingError(f"{where}: no text")
    labels = {head: record[head] or NONE_LABEL for head in HEADS if head in record}
    if labels.get("category", NONE_LABEL) not in {NONE_LABEL, *EVENT_CATEGORIES}:
        raise TrainingError(f"{where}: category: one of {', '.join(EVENT_CATEGORIES)}, or null")
    return Example(text.strip(), labels)


def _from_csv(path: Path, raw: str) -> list[Example]:
    rows = list(csv.DictReader(raw.splitlines()))
    columns = set(rows[0]) if rows else set()
    text_column = "notes" if "notes" in columns else "text"
    if text_column not in columns:
        raise TrainingError(f"{path}: a CSV needs a 'notes' (ACLED) or 'text' column")
    renames = {"sub_event_type": "acled"}
    return [
        _example(
            {
                "text": row[text_column],
                **{renames.get(k, k): v for k, v in row.items() if renames.get(k, k) in HEADS},
            },
            f"{path}:{number}",
        )
        for number, row in enumerate(rows, 2)
    ]


def _from_plover_records(path: Path, raw: str) -> list[Example]:
    try:
        records = json.loads(raw)
    except json.JSONDecodeError as error:
        raise TrainingError(f"{path}: not JSON: {error.msg}") from error
    return [
        Example(r["text"].strip(), {"plover": PLOVER_05.get(str(r["event"]), str(r["event"]))})
        for r in records
        if isinstance(r, dict) and r.get("text") and r.get("event")
    ]


@dataclass(slots=True)
class Report:
    """What training did: counts, and each head's scores on the held-out share."""

    examples: int
    held_out: int
    label_counts: dict[str, dict[str, int]]
    scores: dict[str, dict[str, float]]


def train_event_model(
    examples: Sequence[Example],
    encoder: SentenceEncoder,
    progress: Progress | None = None,
    held_out_share: float = HELD_OUT_SHARE,
    sources: Sequence[str] = (),
    fine_tuning: FineTuning | None = None,
) -> tuple[EventModel, Report]:
    """Fit the heads on ``examples`` and score them on a held-out share; the model returned is then
    fitted on everything. With ``fine_tuning``, the encoder is first fine-tuned on the texts not held
    out (so the held-out scores stay honest) and the model carries it."""
    progress = progress or Silent()
    texts = [e.text for e in examples]
    heads = [h for h in HEADS if len({e.labels[h] for e in examples if h in e.labels}) >= 2]
    if not heads:
        raise TrainingError(
            "no head has two labels to tell apart: label the texts with 'plover', 'acled' or 'category'"
        )
    held = sorted(_held_out(examples, held_out_share))
    if fine_tuning:
        tuned = [e for i, e in enumerate(examples) if i not in set(held)]
        labels = {h: [e.labels.get(h) for e in tuned] for h in heads}
        weights = fine_tune_encoder(
            [e.text for e in tuned], labels, fine_tuning, progress.stage, progress.advance
        )
        encoder = SentenceEncoder(weights=weights)
    progress.stage("encode", len(texts))
    vectors = _encode(encoder, texts, progress.advance)
    steps = len(heads) * (2 if held_out_share else 1)
    progress.stage("fit", steps)
    scores: dict[str, dict[str, float]] = {}
    temperatures: dict[str, float] = {}
    if held:
        kept = [i for i in range(len(examples)) if i not in set(held)]
        trial = _fit([examples[i] for i in kept], vectors[kept], heads, progress.advance)
        temperatures = _temperatures(trial, [examples[i] for i in held], vectors[held])
        scores = _score(trial, [examples[i] for i in held], vectors[held])
    model = _fit(examples, vectors, heads, progress.advance)
    for name, temperature in temperatures.items():
        if name in model.heads:
            model.heads[name] = replace(model.heads[name], temperature=temperature)
    counts = {h: dict(Counter(e.labels[h] for e in examples if h in e.labels).most_common()) for h in heads}
    if fine_tuning:
        tuning = {"encoder_file": ENCODER, "fine_tuned": asdict(fine_tuning)}
        model = EventModel(model.heads, model.blocks, {**model.meta, **tuning}, encoder)
    model.meta.update(
        encoder=encoder.identity,
        trained_on={"examples": len(examples), "sources": list(sources), "label_counts": counts},
        held_out_scores=scores,
    )
    return model, Report(len(examples), len(held), counts, scores)


def _encode(encoder: SentenceEncoder, texts: list[str], advance: Callable[[int], None]) -> np.ndarray:
    chunks = []
    for first in range(0, len(texts), 256):
        chunk = texts[first : first + 256]
        chunks.append(encoder.encode(chunk))
        advance(len(chunk))
    return np.vstack(chunks) if chunks else np.zeros((0, 384), dtype=np.float32)


def _held_out(examples: Sequence[Example], share: float) -> set[int]:
    """A stratified share of the examples (by their labels), the same for the same data."""
    if not share:
        return set()
    rng = np.random.default_rng(SEED)
    by_key: dict[tuple[str, ...], list[int]] = {}
    for i, example in enumerate(examples):
        by_key.setdefault(tuple(example.labels.get(h, "") for h in HEADS), []).append(i)
    held: set[int] = set()
    for indices in by_key.values():
        if len(indices) >= 3:  # a label seen once or twice trains rather than tests
            held.update(rng.permutation(indices)[: max(1, round(share * len(indices)))].tolist())
    return held


def _fit(
    examples: Sequence[Example], vectors: np.ndarray, heads: list[str], advance: Callable[[int], None]
) -> EventModel:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [e.text for e in examples]
    blocks = []
    for analyzer, most, weight in NGRAM_BLOCKS:
        vectorizer = TfidfVectorizer(
            analyzer=ANALYZERS[analyzer], sublinear_tf=True, min_df=2, max_features=most, dtype=np.float32
        ).fit(texts)
        vocabulary = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
        blocks.append(NgramBlock(analyzer, vocabulary, vectorizer.idf_.astype(np.float32), weight))
    model = EventModel({}, blocks, {})
    features = model.features(texts, vectors)
    for head in heads:
        rows = [i for i, e in enumerate(examples) if head in e.labels]
        labels = [examples[i].labels[head] for i in rows]
        if len(set(labels)) < 2:
            advance(1)
            continue
        fitted = LogisticRegression(C=STRENGTH, class_weight=CLASS_WEIGHT, max_iter=3000).fit(
            features[rows], labels
        )
        coef, intercept = fitted.coef_, fitted.intercept_
        if len(fitted.classes_) == 2:  # scikit-learn keeps one row for two labels: make it a softmax
            coef, intercept = (
                np.vstack([-coef / 2, coef / 2]),
                np.array([-intercept[0] / 2, intercept[0] / 2]),
            )
        model.heads[head] = Head(tuple(str(c) for c in fitted.classes_), coef, intercept)
        advance(1)
    return model


def _temperatures(model: EventModel, examples: Sequence[Example], vectors: np.ndarray) -> dict[str, float]:
    """Each head's temperature: the one, on a grid from 0.1 to 10, that gives the held-out labels the
    highest likelihood. The heads' probabilities are scored with it (``_score``) and used with it."""
    features = model.features([e.text for e in examples], vectors)
    found = {}
    for name, head in model.heads.items():
        rows = [i for i, e in enumerate(examples) if name in e.labels and e.labels[name] in head.labels]
        if not rows:
            continue
        truth = np.array([head.labels.index(examples[i].labels[name]) for i in rows])

        grid: list[float] = np.logspace(-1, 1, 41).tolist()
        losses = [_log_loss(replace(head, temperature=t).probabilities(features[rows]), truth) for t in grid]
        found[name] = round(grid[int(np.argmin(losses))], 4)
        model.heads[name] = replace(head, temperature=found[name])
    return found


def _log_loss(probabilities: np.ndarray, truth: np.ndarray) -> float:
    return float(-np.log(np.clip(probabilities[np.arange(len(truth)), truth], 1e-12, None)).mean())


def _score(
    model: EventModel, examples: Sequence[Example], vectors: np.ndarray
) -> dict[str, dict[str, float]]:
    """Per head: accuracy, macro and weighted F1, and the expected calibration error of the probabilities."""
    features = model.features([e.text for e in examples], vectors)
    scores = {}
    for name, head in model.heads.items():
        rows = [i for i, e in enumerate(examples) if name in e.labels]
        if not rows:
            continue
        probabilities = head.probabilities(features[rows])
        predicted = [head.labels[int(p.argmax())] for p in probabilities]
        gold = [examples[i].labels[name] for i in rows]
        scores[name] = {
            "texts": len(rows),
            "accuracy": round(float(np.mean([g == p for g, p in zip(gold, predicted, strict=True)])), 4),
            **class_f1(gold, predicted),
            "calibration_error": round(_calibration_error(probabilities.max(axis=1), gold, predicted), 4),
        }
    return scores


def class_f1(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Macro and support-weighted F1 over the gold labels."""
    f1s, weights = [], []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        weights.append(tp + fn)
    return {
        "macro_f1": round(float(np.mean(f1s)), 4),
        "weighted_f1": round(float(np.average(f1s, weights=weights)), 4),
    }


def _calibration_error(
    confidence: np.ndarray, gold: list[str], predicted: list[str], bins: int = 10
) -> float:
    """Expected calibration error: how far the stated probability is from the share right, in bins."""
    right = np.array([g == p for g, p in zip(gold, predicted, strict=True)], dtype=float)
    edges = np.minimum((confidence * bins).astype(int), bins - 1)
    return float(
        sum(
            abs(right[edges == b].mean() - confidence[edges == b].mean()) * (edges == b).mean()
            for b in range(bins)
            if (edges == b).any()
        )
    )


def _encoder_kind(fine_tuned: dict | None) -> str:
    if not fine_tuned:
        return "int8"
    precision = "int8" if fine_tuned["quantize"] else "float32"
    epochs = fine_tuned["epochs"]
    return f"fine-tuned on these texts less the held-out ones, {epochs} epochs, {precision}, in {ENCODER}"


def model_card(model: EventModel, report: Report) -> str:
    """The card written beside the weights: what the model is, what it learnt from, how it scored."""
    kind = _encoder_kind(model.meta.get("fine_tuned"))
    lines = [
        "# sitroom event model",
        "",
        "Logistic-regression heads (PLOVER type, ACLED sub-event type, category) over the",
        "all-MiniLM-L6-v2 sentence embedding (int8 ONNX), the text's word n-grams and its words'",
        "character n-grams (TF-IDF).",
        "Built by `sitroom train events`;",
        "applied by the pipeline component `sitroom_event_model` (docs/learned.md).",
        "",
        f"- encoder: all-MiniLM-L6-v2 {kind} ({model.meta.get('encoder')})",
        f"- trained on {report.examples} texts from: {', '.join(model.meta['trained_on']['sources']) or '-'}",
        "- n-gram vocabularies: " + ", ".join(f"{b.analyzer} {len(b.vocabulary)}" for b in model.blocks),
        "",
        "## Labels (training texts a label)",
        "",
    ]
    for head, counts in report.label_counts.items():
        lines.append(f"- {head}: " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    lines += ["", f"## Held-out scores ({report.held_out} texts, stratified, seed {SEED})", ""]
    temperatures = ", ".join(f"{name} {head.temperature:g}" for name, head in model.heads.items())
    if not report.scores:
        lines.append("none: trained without a held-out share")
    for head, s in report.scores.items():
        lines.append(
            f"- {head} ({s['texts']:.0f} texts): accuracy {s['accuracy']:.3f}, macro F1 {s['macro_f1']:.3f}, "
            f"weighted F1 {s['weighted_f1']:.3f}, expected calibration error {s['calibration_error']:.3f}"
        )
    lines += [
        "",
        "Held-out texts come from the same sources as the training texts: expect lower figures on other",
        "outlets' text. Each head's probabilities are temperature-scaled, the temperature fitted on the",
        f"held-out share ({temperatures}); the calibration error is measured on that same share, with it.",
        "",
    ]
    return "\n".join(lines)
