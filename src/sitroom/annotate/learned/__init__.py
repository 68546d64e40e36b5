"""Learned extraction: a sentence encoder (all-MiniLM-L6-v2, int8 ONNX, on the CPU), the event model's
heads over it, their training (``sitroom train events``), and the component that applies them
(``sitroom_event_model``). See docs/learned.md."""

from __future__ import annotations

from sitroom.annotate.learned import component as _component  # noqa: F401  (registers the factory)
from sitroom.annotate.learned.encoder import SentenceEncoder, shared_encoder
from sitroom.annotate.learned.finetune import FineTuning, MissingTrainingExtra
from sitroom.annotate.learned.model import (
    EventModel,
    bundled_model_path,
    model_identity,
    resolve_model_path,
)
from sitroom.annotate.learned.training import (
    Example,
    Report,
    TrainingError,
    class_f1,
    model_card,
    read_examples,
    train_event_model,
)

__all__ = [
    "EventModel",
    "Example",
    "FineTuning",
    "MissingTrainingExtra",
    "Report",
    "SentenceEncoder",
    "TrainingError",
    "bundled_model_path",
    "class_f1",
    "model_card",
    "model_identity",
    "read_examples",
    "resolve_model_path",
    "shared_encoder",
    "train_event_model",
]
