"""Every endpoint against its own OpenAPI document: generated requests must get documented, well-formed
answers and never a server error (schemathesis)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (the test extra)")
from hypothesis import HealthCheck, settings  # noqa: E402

from serve.conftest import TOKEN, build_workspace  # noqa: E402
from sitroom.serve import create_app  # noqa: E402
from sitroom.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("schema") / "workspace.db")
    build_workspace(store)
    yield create_app(store, TOKEN)
    store.close()


# Starting the background pipeline is tested on its own (test_api.py); fuzzing it would run spaCy meanwhile.
schema = schemathesis.pytest.from_fixture("api_schema").exclude(method="POST", path="/api/process")


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_endpoint_keeps_its_contract(case):
    # Cursors are opaque strings to the schema, so a well-formed but foreign one is a documented 400,
    # which schemathesis's "valid data must be accepted" check cannot know; every other check runs.
    case.call_and_validate(
        headers={"X-Sitroom-Token": TOKEN}, excluded_checks=[schemathesis.checks.positive_data_acceptance]
    )
