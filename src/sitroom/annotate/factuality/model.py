"""The factuality model: logistic regression over the rule layer's value and the parse, applied with numpy.

The weights and the feature vocabulary are data, ``sitroom/data/factuality_model.json``, rebuilt
exactly by ``benchmarks/factuality_train.py`` (provenance and figures in its ``card``). The model
decides only the attributes its card lists as beating the rules when it was trained; the rules decide
the rest, and everything when the file is absent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast, get_args

import numpy as np

from sitroom.records import Certainty, EventTime, Factuality, Polarity

MODEL_FILE = "factuality_model.json"
# The values each attribute may take: a model predicting anything else is refused at load time.
VALUES: dict[str, tuple[str, ...]] = {
    "polarity": get_args(Polarity),
    "certainty": get_args(Certainty),
    "time": get_args(EventTime),
}


class FactualityModelError(ValueError):
    """A model file that cannot be read; the message names the file."""


@dataclass(frozen=True, slots=True)
class Head:
    """One attribute's classifier: a weight per feature and class, and an intercept per class."""

    classes: tuple[str, ...]
    weights: np.ndarray  # features x classes, with a row of zeros last (for a predicate with no feature)
    intercepts: np.ndarray  # classes

    def predict(self, columns: np.ndarray, starts: np.ndarray) -> list[str]:
        """The best class of each predicate: its features are ``columns[starts[i]:starts[i + 1]]``
        (never empty). One sum over the whole Doc, not a numpy call per word."""
        scores = np.add.reduceat(self.weights[columns], starts, axis=0) + self.intercepts
        return [self.classes[best] for best in np.argmax(scores, axis=1)]


@dataclass(frozen=True, slots=True)
class FactualityModel:
    vocabulary: dict[str, int]  # feature -> row of the heads' weights
    heads: dict[str, Head]  # attribute -> classifier, only the attributes the model decides
    version: str
    card: dict[str, Any]

    def apply(self, rules: list[Factuality], features: list[list[str]]) -> list[Factuality]:
        """The rules' value of each predicate with the attributes the model decides replaced by its
        own, from that predicate's features."""
        if not rules:
            return []
        empty = len(self.vocabulary)  # the zero row
        columns: list[int] = []
        starts: list[int] = []
        for names in features:
            starts.append(len(columns))
            active = {self.vocabulary[name] for name in names if name in self.vocabulary}
            columns.extend(sorted(active) or [empty])
        index, offsets = np.asarray(columns), np.asarray(starts)
        decided = {attribute: head.predict(index, offsets) for attribute, head in self.heads.items()}
        values = []
        for number, rule in enumerate(rules):
            values.append(
                replace(
                    rule,
                    polarity=cast(
                        Polarity, decided["polarity"][number] if "polarity" in decided else rule.polarity
                    ),
                    certainty=cast(
                        Certainty, decided["certainty"][number] if "certainty" in decided else rule.certainty
                    ),
                    time=cast(EventTime, decided["time"][number] if "time" in decided else rule.time),
                )
            )
        return values


@lru_cache(maxsize=4)
def load_factuality_model(path: str | None = None) -> FactualityModel | None:
    """The model at ``path``, or the bundled one; None when there is no bundled model."""
    if path is None:
        bundled = resources.files("sitroom.data").joinpath(MODEL_FILE)
        if not bundled.is_file():
            return None
        text, source = bundled.read_text(encoding="utf-8"), f"sitroom/data/{MODEL_FILE}"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), path
    try:
        data = json.loads(text)
        vocabulary = {feature: column for column, feature in enumerate(data["features"])}
        heads = {
            attribute: Head(
                classes=tuple(head["classes"]),
                weights=_with_zero_row(np.asarray(head["weights"], dtype=np.float64).T),
                intercepts=np.asarray(head["intercepts"], dtype=np.float64),
            )
            for attribute, head in data["heads"].items()
            if attribute in data["card"]["decides"]
        }
    except (KeyError, TypeError, ValueError) as error:
        raise FactualityModelError(f"{source}: not a factuality model ({error})") from error
    for attribute, head in heads.items():
        if attribute not in VALUES or not set(head.classes) <= set(VALUES[attribute]):
            raise FactualityModelError(f"{source}: {attribute} classes {head.classes} are not on the scale")
        if head.weights.shape != (len(vocabulary) + 1, len(head.classes)):
            raise FactualityModelError(f"{source}: the {attribute} weights do not fit the vocabulary")
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    return FactualityModel(vocabulary, heads, version, data["card"])


def _with_zero_row(weights: np.ndarray) -> np.ndarray:
    if weights.ndim != 2:
        raise ValueError("weights must be a table")
    return np.vstack([weights, np.zeros((1, weights.shape[1]))])
