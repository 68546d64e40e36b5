"""A few kill -9s during ingest and processing; benchmarks/crash_soak.py runs many more."""

from __future__ import annotations

import random

import pytest

from crash.soak import make_corpus, soak

pytestmark = pytest.mark.slow


def test_killed_and_resumed_runs_end_with_the_clean_store(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", copies=0, parts=("wire",))
    result = soak(corpus, tmp_path / "work", kills=2, rng=random.Random(7), max_kills_per_stage=1)
    assert result.kills == 2
    assert result.mismatches == []
    assert result.doctor_failures == []
