from __future__ import annotations

import pytest

from sitroom.resolve.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    # Built once per machine into the cache (about 20 s the first time), then only opened.
    return Gazetteer.open()
