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
    """One attribute's classifier: a row of weights and an intercept per class."""

    classes: tuple[str, ...]
    weights: np.ndarray  # classes x features
    intercepts: np.ndarray  # classes

    def predict(self, active: list[int]) -> tuple[str, float]:
        """The class with the highest score for the active features, and its probability."""
        scores = self.weights[:, active].sum(axis=1) + self.intercepts
        exp = np.exp(scores - scores.max())
        best = int(np.argmax(scores))
        return self.classes[best], float(exp[best] / exp.sum())


@dataclass(frozen=True, slots=True)
class FactualityModel:
    vocabulary: dict[str, int]  # feature -> column
    heads: dict[str, Head]  # attribute -> classifier, only the attributes the model decides
    version: str
    card: dict[str, Any]

    def predict(self, features: list[str]) -> dict[str, str]:
        """The value of each attribute the model decides, for a predicate with these features."""
        active = sorted({self.vocabulary[f] for f in features if f in self.vocabulary})
        return {attribute: head.predict(active)[0] for attribute, head in self.heads.items()}

    def apply(self, rule: Factuality, features: list[str]) -> Factuality:
        """The rules' value with the attributes the model decides replaced by its own."""
        values = self.predict(features)
        return replace(
            rule,
            polarity=cast(Polarity, values.get("polarity", rule.polarity)),
            certainty=cast(Certainty, values.get("certainty", rule.certainty)),
            time=cast(EventTime, values.get("time", rule.time)),
        )


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
                weights=np.asarray(head["weights"], dtype=np.float64),
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
        if head.weights.shape != (len(head.classes), len(vocabulary)):
            raise FactualityModelError(f"{source}: the {attribute} weights do not fit the vocabulary")
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    return FactualityModel(vocabulary, heads, version, data["card"])
