"""A trained event classifier: logistic-regression heads over a sentence embedding and n-grams.

A model is a folder: ``model.npz`` (each head's weights, the n-grams' inverse document frequencies),
``model.json`` (the labels of each head, the n-gram vocabularies, how it was trained and what it scored
on held-out data), ``MODEL.md`` (its card, for people) and, when ``sitroom train events --fine-tune``
fine-tuned the encoder, ``encoder.onnx`` (run by onnxruntime like the packaged one; ``model.json`` names
it and holds its hash, so the model's identity covers it). The features are the encoder's vector beside
one TF-IDF vector a block of n-grams: the text's words and word pairs, and the character n-grams of its
words (they carry what a word's form says when the word itself is rare: "IEDs", "re-took", "molotov"),
computed here exactly as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` computes them when
training with the same analyzer.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy import sparse

from sitroom.annotate.learned.encoder import SentenceEncoder, shared_encoder

# scikit-learn's default token pattern: words of two or more characters.
WORD = re.compile(r"(?u)\b\w\w+\b")
# The heads a model may have: the PLOVER type, the ACLED sub-event type, and the event's category
# where neither says what it is (records.EVENT_CATEGORIES: a disaster, a crime, diplomacy, ...).
HEADS = ("plover", "acled", "category")
NONE_LABEL = "none"  # the head's answer for a clause that reports no event of its kind
BUNDLED = "event-model"  # the shipped model's folder under sitroom/data
WEIGHTS, METADATA, CARD, ENCODER = "model.npz", "model.json", "MODEL.md", "encoder.onnx"


def ngrams(text: str) -> list[str]:
    """Lower-cased words and adjacent word pairs, as the TF-IDF vocabulary names them."""
    words = WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def char_ngrams(text: str) -> list[str]:
    """The 2- to 5-character n-grams of each lower-cased word padded with a space at each end
    (scikit-learn's ``char_wb``): " ied", "ieds ", "shell"."""
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(2, min(len(padded), 5) + 1):  # a short word counts whole once
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


# The n-gram analyzers a model may name, by the name it stores.
ANALYZERS: dict[str, Callable[[str], list[str]]] = {"words": ngrams, "chars": char_ngrams}


@dataclass(frozen=True, slots=True)
class NgramBlock:
    """One TF-IDF block of the features: its analyzer, vocabulary and inverse document frequencies,
    and the weight its unit-length rows are given beside the (unit-length) sentence embedding."""

    analyzer: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    weight: float = 1.0

    def tfidf(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Sublinear term frequency times idf, each row scaled to unit length, then by the weight."""
        analyze = ANALYZERS[self.analyzer]
        rows, columns, values = [], [], []
        for row, text in enumerate(texts):
            counts = Counter(i for term in analyze(text) if (i := self.vocabulary.get(term)) is not None)
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
            weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * self.idf[indices]
            rows.extend([row] * len(counts))
            columns.extend(indices.tolist())
            values.extend((self.weight * weights / np.linalg.norm(weights)).tolist())
        shape = (len(texts), len(self.vocabulary))
        return sparse.csr_matrix((np.array(values, dtype=np.float32), (rows, columns)), shape=shape)


@dataclass(frozen=True, slots=True)
class Head:
    labels: tuple[str, ...]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    # Divides the scores before the softmax: fitted on held-out data so that the probabilities are
    # calibrated (temperature scaling; 1 when trained without a held-out share).
    temperature: float = 1.0

    def probabilities(self, features: sparse.csr_matrix) -> np.ndarray:
        """Multinomial logistic regression: a softmax over the labels, one row a text."""
        scores = np.asarray(features @ self.coef.T + self.intercept) / self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    probability: float


class EventModel:
    """The heads, the n-gram blocks, and the encoder they were trained over: the packaged one, or the
    model's own fine-tuned one (``encoder``; read from the folder when loaded)."""

    def __init__(
        self,
        heads: dict[str, Head],
        blocks: Sequence[NgramBlock],
        meta: dict,
        encoder: SentenceEncoder | None = None,
    ):
        self.heads = heads
        self.blocks = list(blocks)
        self.meta = meta
        self.identity: str = meta.get("identity", "")
        self._encoder = encoder

    @classmethod
    def load(cls, path: Path) -> EventModel:
        meta = json.loads((path / METADATA).read_text(encoding="utf-8"))
        with np.load(path / WEIGHTS) as weights:
            heads = {
                name: Head(
                    tuple(meta["labels"][name]),
                    weights[f"{name}_coef"],
                    weights[f"{name}_intercept"],
                    float(meta.get("temperatures", {}).get(name, 1.0)),
                )
                for name in meta["labels"]
            }
            blocks = [
                NgramBlock(
                    b["analyzer"],
                    {term: i for i, term in enumerate(b["vocabulary"])},
                    weights[f"idf_{b['analyzer']}"],
                    float(b["weight"]),
                )
                for b in meta.get("ngrams", [])
            ]
            if "vocabulary" in meta:
                # A folder saved before the feature blocks (one word block: `vocabulary`, `idf`) still loads.
                words = {term: i for i, term in enumerate(meta["vocabulary"])}
                blocks.append(NgramBlock("words", words, weights["idf"], float(meta["word_weight"])))
        own = SentenceEncoder(weights=path / meta["encoder_file"]) if meta.get("encoder_file") else None
        return cls(heads, blocks, {**meta, "identity": model_identity(path)}, own)

    def save(self, path: Path, card: str) -> None:
        path.mkdir(parents=True, exist_ok=True)
        arrays = {f"idf_{b.analyzer}": b.idf.astype(np.float32) for b in self.blocks}
        for name, head in self.heads.items():
            arrays[f"{name}_coef"] = head.coef.astype(np.float32)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
        np.savez_compressed(path / WEIGHTS, allow_pickle=False, **arrays)
        if self.meta.get("encoder_file"):
            weights = self.encoder.weights
            (path / ENCODER).write_bytes(weights if isinstance(weights, bytes) else weights.read_bytes())
        meta = {
            **self.meta,
            "labels": {n: list(h.labels) for n, h in self.heads.items()},
            "temperatures": {n: h.temperature for n, h in self.heads.items()},
            "ngrams": [
                {
                    "analyzer": b.analyzer,
                    "weight": b.weight,
                    "vocabulary": sorted(b.vocabulary, key=b.vocabulary.__getitem__),
                }
                for b in self.blocks
            ],
        }
        meta.pop("identity", None)
        (path / METADATA).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        (path / CARD).write_text(card, encoding="utf-8")

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            self._encoder = shared_encoder()
        return self._encoder

    def features(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> sparse.csr_matrix:
        """The embedding beside each weighted TF-IDF block, one row a text."""
        vectors = self.encoder.encode(texts) if vectors is None else vectors
        blocks = [sparse.csr_matrix(vectors, dtype=np.float32), *(b.tfidf(texts) for b in self.blocks)]
        return sparse.hstack(blocks, format="csr")

    def predict(self, texts: Sequence[str]) -> list[dict[str, Prediction]]:
        """Each text's most probable label under each head, with its probability."""
        if not texts:
            return []
        features = self.features(texts)
        by_head = {name: head.probabilities(features) for name, head in self.heads.items()}
        return [
            {
                name: Prediction(head.labels[int(p[row].argmax())], float(p[row].max()))
                for name, (head, p) in ((n, (self.heads[n], by_head[n])) for n in self.heads)
            }
            for row in range(len(texts))
        ]

    def distributions(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        features = self.features(texts)
        return {name: head.probabilities(features) for name, head in self.heads.items()}


def bundled_model_path() -> Path:
    return Path(str(resources.files("sitroom.data") / BUNDLED))


def resolve_model_path(model: str | None) -> Path:
    """A model folder by path; None is the shipped one."""
    return Path(model) if model else bundled_model_path()


def model_identity(path: Path) -> str:
    """A hash of the model's weights, metadata and own encoder if it has one: a new model is a new
    pipeline version."""
    digest = hashlib.sha256()
    for name in (WEIGHTS, METADATA, ENCODER):
        if name != ENCODER or (path / name).exists():
            digest.update((path / name).read_bytes())
    return digest.hexdigest()[:16]
