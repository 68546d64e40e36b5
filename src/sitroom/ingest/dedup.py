"""Near-duplicate fingerprints: MinHash over word shingles, banded for locality-sensitive lookup.

Syndicated wire copy reappears with a new headline or an extra sentence; those copies are linked to the
first one seen rather than counted as independent reports. 64 permutations in 16 bands of 4 rows make
pairs above roughly 50 % overlap share a bucket; the signatures then confirm the similarity threshold.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
ROWS_PER_BAND = 4
SHINGLE_WORDS = 5
NEAR_DUPLICATE_THRESHOLD = 0.8

_WORD = re.compile(r"\w+")


def fingerprint(text: str) -> bytes:
    """The MinHash signature of a text's lower-cased word 5-grams, as bytes for storage."""
    words = _WORD.findall(text.lower())
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype(np.uint64).tobytes()


def bands(signature: bytes) -> list[int]:
    """One signed 64-bit bucket per band of the signature (portable as a SQL BIGINT)."""
    band_bytes = ROWS_PER_BAND * 8
    return [
        int.from_bytes(
            hashlib.blake2b(signature[i : i + band_bytes], digest_size=8).digest(),
            "big",
            signed=True,
        )
        for i in range(0, len(signature), band_bytes)
    ]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    left = np.frombuffer(a, dtype=np.uint64)
    right = np.frombuffer(b, dtype=np.uint64)
    return float(np.mean(left == right))
