"""Near-duplicate fingerprints: MinHash over word shingles, banded for locality-sensitive lookup.

Syndicated wire copy reappears with a new headline or an extra sentence; those copies are linked to the
first one seen rather than counted as independent reports. 64 permutations in 16 bands of 4 rows make
pairs above roughly 50 % overlap share a bucket; the signatures then confirm the similarity threshold.

The MinHash is datasketch's (2.x, scheme "affine32", seed 1: each shingle's SHA-1, its first four bytes
mixed by the MurmurHash3 finalizer, then ``a * h + b`` modulo 2**32 per permutation), computed here with
numpy: importing datasketch imported scipy, about a seventh of the command's start-up, and its 1.x
versions computed other signatures than the stored ones.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

NUM_PERM = 64
ROWS_PER_BAND = 4
SHINGLE_WORDS = 5
NEAR_DUPLICATE_THRESHOLD = 0.8

_WORD = re.compile(r"\w+")


def _permutations(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``a`` (odd, so that each permutation is a bijection) and ``b`` of datasketch's affine32 scheme."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, count, dtype=np.uint32)
    return a, b


_A, _B = _permutations(NUM_PERM, seed=1)


def _mixed(hashes: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer (multiplications wrap modulo 2**32)."""
    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))


def fingerprint(text: str) -> bytes:
    """The MinHash signature of a text's lower-cased word 5-grams, as bytes for storage."""
    words = _WORD.findall(text.lower())
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    digests = b"".join(hashlib.sha1(shingle).digest()[:4] for shingle in shingles)
    hashes = _mixed(np.frombuffer(digests, dtype="<u4").astype(np.uint32))
    return (hashes[:, None] * _A + _B).min(axis=0).astype(np.uint64).tobytes()


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
