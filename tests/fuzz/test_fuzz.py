"""Property-based fuzzing of every reader, the cleaner, the timex normaliser, the quantity parser and
the quote extractor (the targets and their invariants are in targets.py; benchmarks/fuzz.py runs them
for longer)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.strategies import READER_INPUTS, article_text, awkward_text
from fuzz.targets import TARGETS, load_models

# A deadline per input is the hang check; generous, because CI machines are shared.
bounded = settings(
    max_examples=25,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module", autouse=True)
def _models_loaded() -> None:
    load_models()


@pytest.mark.parametrize("name", sorted(READER_INPUTS))
def test_readers_never_raise_and_keep_their_promises(name):
    @bounded
    @given(READER_INPUTS[name])
    def fuzz(data: bytes) -> None:
        TARGETS[name](data)

    fuzz()


@bounded
@given(awkward_text | article_text)
def test_cleaner_offset_map_invariants(text):
    TARGETS["clean"](text.encode("utf-8", errors="surrogatepass"))


@bounded
@given(st.binary(min_size=2, max_size=2), article_text | awkward_text)
def test_timex_normaliser_gives_a_value_or_a_reason(anchor, text):
    TARGETS["timex_normalise"](anchor + text.encode())


@settings(bounded, max_examples=15)
@given(article_text)
def test_quantity_parser_bounds_are_ordered_and_point_at_evidence(text):
    TARGETS["quantities"](text.encode())


@settings(bounded, max_examples=15)
@given(article_text)
def test_timex_component_points_at_evidence(text):
    TARGETS["timex_component"](text.encode())


@settings(bounded, max_examples=15)
@given(article_text | awkward_text)
def test_quote_extractor_spans_point_at_their_words(text):
    TARGETS["claims"](text.encode())
