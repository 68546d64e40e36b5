"""Near-duplicate fingerprints: stable across versions (stores keep them), and telling copies apart."""

from __future__ import annotations

import hashlib

import numpy as np

from sitroom.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, NUM_PERM, bands, fingerprint, similarity

STORY = (
    "Russian forces shelled Kupiansk overnight, the regional governor said on Telegram. Two people were "
    "wounded and a school was damaged, he said, adding that emergency crews worked through the night to "
    "clear the rubble from the main street near the railway station."
)


def test_the_signature_is_the_one_stored_by_earlier_versions():
    # Computed by datasketch 2.0.0's MinHash(num_perm=64, seed=1), which wrote the signatures in existing
    # stores: a different value would make every stored document look new to the near-duplicate check.
    text = "Russian forces shelled Kupiansk overnight, the regional governor said on Telegram."
    signature = fingerprint(text)
    assert len(signature) == NUM_PERM * 8
    assert np.frombuffer(signature, dtype=np.uint64)[:4].tolist() == [
        911613064,
        249485429,
        513081653,
        122980241,
    ]
    assert hashlib.sha256(signature).hexdigest()[:16] == "4cf932fdd0e8c77d"


def test_a_copy_with_a_new_last_sentence_is_a_near_duplicate_and_another_story_is_not():
    copy = STORY + " Officials gave no further details."
    other = "Ukraine's parliament approved the budget for next year on Thursday after a long debate."
    assert similarity(fingerprint(STORY), fingerprint(copy)) >= NEAR_DUPLICATE_THRESHOLD
    assert set(bands(fingerprint(STORY))) & set(bands(fingerprint(copy)))
    assert similarity(fingerprint(STORY), fingerprint(other)) < 0.2


def test_an_empty_text_and_word_order_give_signatures_too():
    assert len(fingerprint("")) == NUM_PERM * 8
    assert fingerprint("one two three four five six") != fingerprint("six five four three two one")
