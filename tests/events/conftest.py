from __future__ import annotations

import pytest

from sitroom.annotate import Annotator, PipelineConfig


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    # These tests pin the rules (trigger tables, arguments); the learned event model has its own
    # (tests/test_learned.py).
    return Annotator(PipelineConfig().without_event_model())
