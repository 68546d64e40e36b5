from __future__ import annotations

import pytest

from sitroom.annotate import Annotator


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    return Annotator()
