"""Training an attribution tagger (``sitroom train attribution``): read texts with their attributions,
parse them, label their tokens, fit the CRF, score it on held-out texts, write the model folder.

The input is JSONL, one text a line: ``{"text": ..., "attributions": [{"source": ..., "cue": ...,
"content": ...}]}``. A role is a string (found in the text: the cue at its first occurrence, the source
and content at the occurrence nearest the cue), a list of strings (pieces: a quote split around its
cue), or a list of ``[start, end]`` character offsets. A text with no attributions is a hard negative
(its tokens all teach "no role": "fuel use rose to forty litres per day").

Texts are parsed by the installed spaCy model alone; the pipeline's dateline component, which runs
before the parser there, is left out here (it changes the parse of a dateline only).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.annotate.attribution.extract import find_attributions
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.quotes import find_quotes
from sitroom.annotate.attribution.spans import Chars
from sitroom.annotate.attribution.tagger import (
    CARD,
    METADATA,
    ROLES,
    WEIGHTS,
    AttributionTagger,
    bio_labels,
    spans_of,
    token_features,
)
from sitroom.annotate.training_io import Progress, Silent, json_lines, read_text

HELD_OUT_SHARE = 0.2
SEED = 13
# L1 and L2 penalties of the CRF (crfsuite's L-BFGS), and its iterations: the L1 share keeps the
# model small (most of the word features are dropped). Trained on 300 PolNeAR train documents and
# scored on the tune half of dev (exact span F1 source / cue / content): 0.05/0.01 gave 71.7 / 65.8 /
# 55.5, 0.1/0.1 73.0 / 66.9 / 57.9, 0.2/0.3 74.3 / 67.6 / 59.8 (docs/benchmarks.md, "attrib").
C1, C2, ITERATIONS = 0.2, 0.3, 150
_ROLE_KEYS = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


class AttributionDataError(ValueError):
    """The training data cannot train a tagger (unreadable, or spans not found in their text)."""


@dataclass(frozen=True, slots=True)
class AttributionExample:
    text: str
    # Each attribution: role (SOURCE, CUE, CONTENT) -> its character spans.
    attributions: list[dict[str, list[Chars]]] = field(default_factory=list)


def read_attribution_examples(path: Path) -> list[AttributionExample]:
    """The texts of one JSONL file with their attributions (see the module's description)."""
    examples = []
    for where, record in json_lines(path, read_text(path, AttributionDataError), AttributionDataError):
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise AttributionDataError(f"{where}: no text")
        found = [_attribution(text, a, where) for a in record.get("attributions") or []]
        examples.append(AttributionExample(text, found))
    return examples


def _attribution(text: str, record: dict, where: str) -> dict[str, list[Chars]]:
    if not isinstance(record, dict) or not record.get("cue"):
        raise AttributionDataError(f"{where}: an attribution needs a cue")
    cue = _located(text, record["cue"], None, where)
    found = {"CUE": cue}
    for key in ("source", "content"):
        if record.get(key):
            found[_ROLE_KEYS[key]] = _located(text, record[key], cue[0][0], where)
    return found


def _located(text: str, value: object, near: int | None, where: str) -> list[Chars]:
    """A role's character spans: offsets as given, or each string where it occurs (nearest ``near``)."""
    pieces = value if isinstance(value, list) else [value]
    spans: list[Chars] = []
    for piece in pieces:
        if isinstance(piece, list) and len(piece) == 2 and all(isinstance(n, int) for n in piece):
            if not 0 <= piece[0] < piece[1] <= len(text):
                raise AttributionDataError(f"{where}: offsets {piece} outside the text")
            spans.append((piece[0], piece[1]))
            continue
        if not isinstance(piece, str) or not piece:
            raise AttributionDataError(f"{where}: a span is a string or [start, end], not {piece!r}")
        starts = [i for i in range(len(text)) if text.startswith(piece, i)]
        if not starts:
            raise AttributionDataError(f"{where}: {piece!r} is not in the text")
        start = starts[0] if near is None else min(starts, key=lambda s: abs(s - near))
        spans.append((start, start + len(piece)))
    return spans


def gold_labels(doc: Doc, example: AttributionExample) -> list[str]:
    spans = [(role, a[role]) for a in example.attributions for role in ROLES if role in a]
    return bio_labels(doc, spans)


def sequences(
    nlp: Language, texts: Sequence[str], progress: Progress | None = None
) -> list[tuple[Doc, list[list[str]]]]:
    """Each text parsed, with its tokens' features (the rules run on it: their spans are features)."""
    progress = progress or Silent()
    found = []
    for doc in nlp.pipe(texts, batch_size=16):
        quotes = QuoteIndex(doc, find_quotes(doc.text))
        found.append((doc, token_features(doc, quotes, find_attributions(doc, quotes))))
        progress.advance(1)
    return found


@dataclass(slots=True)
class TaggerReport:
    examples: int
    held_out: int
    attributions: int
    scores: dict[str, dict[str, float]]  # role -> exact span precision, recall, F1 on held-out texts


def train_attribution_tagger(
    examples: Sequence[AttributionExample],
    nlp: Language,
    out_dir: Path,
    progress: Progress | None = None,
    held_out_share: float = HELD_OUT_SHARE,
    sources: Sequence[str] = (),
) -> TaggerReport:
    """Fit the tagger on ``examples`` into ``out_dir``, after scoring one fitted without a held-out
    share of them (the model written is fitted on everything)."""
    progress = progress or Silent()
    if not any(example.attributions for example in examples):
        raise AttributionDataError("no text has an attribution to learn from")
    progress.stage("parse", len(examples))
    parsed = sequences(nlp, [example.text for example in examples], progress)
    labels = [gold_labels(doc, example) for (doc, _), example in zip(parsed, examples, strict=True)]
    features = [row for _, row in parsed]
    held = _held_out(len(examples), held_out_share)
    scores: dict[str, dict[str, float]] = {}
    progress.stage("fit", 2 if held else 1)
    if held:
        kept = [i for i in range(len(examples)) if i not in held]
        with tempfile.TemporaryDirectory(prefix="sitroom-tagger-") as trial:
            _fit([features[i] for i in kept], [labels[i] for i in kept], Path(trial), {})
            tagger = AttributionTagger(Path(trial))
            predicted = [tagger.tag(features[i]) for i in sorted(held)]
            scores = span_scores([labels[i] for i in sorted(held)], predicted)
        progress.advance(1)
    count = sum(len(example.attributions) for example in examples)
    report = TaggerReport(len(examples), len(held), count, scores)
    meta = {
        "kind": "attribution tagger",
        "trained_on": {"texts": len(examples), "attributions": count, "sources": list(sources)},
        "spacy_model": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}",
        "c1": C1,
        "c2": C2,
        "iterations": ITERATIONS,
        "held_out_scores": scores,
    }
    _fit(features, labels, out_dir, meta)
    (out_dir / CARD).write_text(tagger_card(report, meta), encoding="utf-8")
    progress.advance(1)
    return report


def _held_out(count: int, share: float) -> set[int]:
    if not share or count < 5:
        return set()
    rng = np.random.default_rng(SEED)
    return set(rng.permutation(count)[: max(1, round(share * count))].tolist())


def _fit(features: list[list[list[str]]], labels: list[list[str]], out_dir: Path, meta: dict) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for row, label in zip(features, labels, strict=True):
        if row:
            trainer.append(row, label)
    trainer.set_params(
        {"c1": C1, "c2": C2, "max_iterations": ITERATIONS, "feature.possible_transitions": True}
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out_dir / WEIGHTS))
    (out_dir / METADATA).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def span_scores(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]
) -> dict[str, dict[str, float]]:
    """Per role: precision, recall and F1 of exactly matching spans (runs of one role)."""
    scores = {}
    for role in ROLES:
        tp = fp = fn = 0
        for g, p in zip(gold, predicted, strict=True):
            wanted = {(s, e) for r, s, e in spans_of(g) if r == role}
            got = {(s, e) for r, s, e in spans_of(p) if r == role}
            tp, fp, fn = tp + len(wanted & got), fp + len(got - wanted), fn + len(wanted - got)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[role.lower()] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }
    return scores


def tagger_card(report: TaggerReport, meta: dict) -> str:
    lines = [
        "# sitroom attribution tagger",
        "",
        "A linear-chain CRF (python-crfsuite) labelling tokens SOURCE, CUE or CONTENT, over the spaCy parse,",
        "the quotes and the rules' own spans. Built by `sitroom train attribution`; applied with",
        "`--attribution-model` (docs/learned.md).",
        "",
        f"- trained on {report.examples} texts, {report.attributions} attributions, from: "
        f"{', '.join(meta['trained_on']['sources']) or '-'}",
        f"- parse: {meta['spacy_model']}; CRF c1 {meta['c1']}, c2 {meta['c2']}, "
        f"{meta['iterations']} iterations",
        "",
        f"## Held-out exact span scores ({report.held_out} texts, seed {SEED})",
        "",
    ]
    if not report.scores:
        lines.append("none: trained without a held-out share")
    for role, s in report.scores.items():
        lines.append(f"- {role}: precision {s['precision']:.3f}, recall {s['recall']:.3f}, F1 {s['f1']:.3f}")
    lines += [
        "",
        "Held-out texts come from the same sources as the training texts: expect lower figures elsewhere.",
        "",
    ]
    return "\n".join(lines)
