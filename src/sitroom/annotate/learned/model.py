"""A trained event classifier: logistic-regression heads over a sentence embedding and word n-grams.

A model is a folder: ``model.npz`` (each head's weights, the n-grams' inverse document frequencies),
``model.json`` (the labels of each head, the n-gram vocabulary, how it was trained and what it scored on
held-out data) and ``MODEL.md`` (its card, for people). Applying it needs numpy only: the features are
the encoder's vector beside the TF-IDF vector of the text's words and word pairs, computed here exactly
as scikit-learn's ``TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))`` computes them when training.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import Path

import numpy as np

from sitroom.annotate.learned.encoder import SentenceEncoder

# scikit-learn's default token pattern: words of two or more characters.
WORD = re.compile(r"(?u)\b\w\w+\b")
HEADS = ("plover", "acled")
NONE_LABEL = "none"  # the head's answer for a clause that reports no event of its kind
BUNDLED = "event-model"  # the shipped model's folder under sitroom/data
WEIGHTS, METADATA, CARD = "model.npz", "model.json", "MODEL.md"


def ngrams(text: str) -> list[str]:
    """Lower-cased words and adjacent word pairs, as the TF-IDF vocabulary names them."""
    words = WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


@dataclass(frozen=True, slots=True)
class Head:
    labels: tuple[str, ...]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    # Divides the scores before the softmax: fitted on held-out data so that the probabilities are
    # calibrated (temperature scaling; 1 when trained without a held-out share).
    temperature: float = 1.0

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Multinomial logistic regression: a softmax over the labels, one row a text."""
        scores = (features @ self.coef.T + self.intercept) / self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    probability: float


class EventModel:
    """The heads, the n-gram vocabulary, and the encoder they were trained over."""

    def __init__(self, heads: dict[str, Head], vocabulary: Sequence[str], idf: np.ndarray, meta: dict):
        self.heads = heads
        self.vocabulary = {term: i for i, term in enumerate(vocabulary)}
        self.idf = idf
        self.meta = meta
        self.identity: str = meta.get("identity", "")
        self._encoder: SentenceEncoder | None = None

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
            idf = weights["idf"]
        return cls(heads, meta["vocabulary"], idf, {**meta, "identity": model_identity(path)})

    def save(self, path: Path, card: str) -> None:
        path.mkdir(parents=True, exist_ok=True)
        arrays = {"idf": self.idf.astype(np.float32)}
        for name, head in self.heads.items():
            arrays[f"{name}_coef"] = head.coef.astype(np.float32)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
        np.savez_compressed(path / WEIGHTS, allow_pickle=False, **arrays)
        vocabulary = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        meta = {
            **self.meta,
            "labels": {n: list(h.labels) for n, h in self.heads.items()},
            "temperatures": {n: h.temperature for n, h in self.heads.items()},
            "vocabulary": vocabulary,
        }
        meta.pop("identity", None)
        (path / METADATA).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        (path / CARD).write_text(card, encoding="utf-8")

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            from sitroom.annotate.learned.encoder import shared_encoder

            self._encoder = shared_encoder()
        return self._encoder

    def features(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """The embedding beside the weighted TF-IDF vector, one row a text."""
        vectors = self.encoder.encode(texts) if vectors is None else vectors
        return np.hstack([vectors, self.word_weight * self.tfidf(texts)])

    @property
    def word_weight(self) -> float:
        return float(self.meta.get("word_weight", 1.0))

    def tfidf(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), len(self.vocabulary)), dtype=np.float32)
        for row, text in enumerate(texts):
            counts = Counter(i for term in ngrams(text) if (i := self.vocabulary.get(term)) is not None)
            for column, count in counts.items():
                matrix[row, column] = (1.0 + np.log(count)) * self.idf[column]
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms > 0, norms, 1.0)

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
    """A hash of the model's weights and metadata: a new model is a new pipeline version."""
    digest = hashlib.sha256()
    for name in (WEIGHTS, METADATA):
        digest.update((path / name).read_bytes())
    return digest.hexdigest()[:16]
