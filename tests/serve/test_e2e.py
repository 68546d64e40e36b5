"""The workspace in a real browser: headless Chromium (Debian's) driven by Playwright, against a server
started on 127.0.0.1. Screenshots go to ``artifacts/e2e`` (or ``$SITROOM_ARTIFACTS``)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from serve.conftest import HOSTILE_TITLE, IZIUM, TOKEN, build_workspace
from sitroom.serve import create_app
from sitroom.store import Store

CHROMIUM = os.environ.get("SITROOM_CHROMIUM", "/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None,
        reason=f"no Chromium at {CHROMIUM} (apt-get install chromium, or set SITROOM_CHROMIUM)",
    ),
]
ARTIFACTS = Path(os.environ.get("SITROOM_ARTIFACTS", Path(__file__).parents[2] / "artifacts")) / "e2e"


class LocalServer:
    """uvicorn in a thread on a free loopback port, stopped when the test is done."""

    def __init__(self, store: Store):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        app = create_app(store, TOKEN, allowed_hosts=["127.0.0.1", "localhost"])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/#token={TOKEN}"

    def __enter__(self) -> LocalServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the workspace server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Iterator[Store]:
    """The bundled demo corpus, ingested and processed once per session through the workflow."""
    from sitroom.workflow import ingest, process

    store = Store.open(tmp_path_factory.mktemp("demo") / "sitroom.db")
    ingest(store, [str(resources.files("sitroom.demo") / "corpus")])
    process(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    # The page's policy forbids eval, which Playwright's waits use; bypassing it also means the markup tests
    # below check the app's own escaping, with no policy to hide a slip.
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield opened
    context.close()
    assert errors == []


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def test_filter_by_place_and_period_then_read_the_evidence(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.wait_for_function("document.querySelectorAll('#map .leaflet-interactive').length > 10")
        page.click("#tabs [data-view=places]")
        page.click(f"#list .row[data-id='{IZIUM[0]}']")
        page.click("text=Filter everything to this place")
        page.fill("[name=from]", "2022-09-01")
        page.fill("[name=to]", "2022-09-30")
        page.click("text=Apply")
        page.click("#tabs [data-view=documents]")
        page.wait_for_function("document.querySelector('#status').textContent.includes('from=2022-09-01')")
        page.wait_for_function("document.querySelectorAll('#list .row[data-id^=doc_]').length >= 2")
        rows = page.locator("#list .row")
        assert rows.count() >= 2
        for meta in rows.locator(".meta").all_inner_texts():
            assert meta.startswith("2022-09-"), meta
        assert page.locator("#chips .chip[data-filter=place]").count() == 1
        rows.first.click()
        evidence = page.locator(f"#detail .doc-text [data-place='{IZIUM[0]}']")
        evidence.first.wait_for()
        assert evidence.first.inner_text().startswith("Izy") or evidence.first.inner_text().startswith("Izi")
        assert page.locator("#detail .doc-text .hl-date").count() >= 1
        shot = _screenshot(page, "place-and-period")
    assert shot.stat().st_size > 10_000


def test_an_event_opens_its_document_with_the_evidence_in_focus_and_markup_stays_text(tmp_path, page):
    with Store.open(tmp_path / "workspace.db") as store:
        ids = build_workspace(store)
        with LocalServer(store) as server:
            page.goto(server.url)
            page.wait_for_selector("#list .row")
            # Hostile titles are shown as text in the list, never parsed.
            assert page.locator("#list .title", has_text=HOSTILE_TITLE).count() == 1
            page.click("#tabs [data-view=events]")
            page.click(f"#list .row[data-id='{ids['first_event']}']")
            trigger = page.locator("#detail .doc-text .hl-trigger.focus")
            trigger.wait_for()
            assert trigger.inner_text() == "recaptured"
            sentence = "".join(page.locator("#detail .doc-text .hl-event.focus").all_inner_texts())
            assert sentence == "Ukrainian forces recaptured Izium on Saturday."
            page.click("#close-detail")
            page.click("#tabs [data-view=claims]")
            # A denial is shown as what it is, never as an asserted claim.
            denied = page.locator(f"#list .row[data-id='{ids['second_claim']}'] .badge.negated")
            denied.first.wait_for()
            assert "negated (denied)" in denied.all_inner_texts()
            page.click(f"#list .row[data-id='{ids['second_claim']}']")
            page.locator("#detail .doc-text .hl-claim.focus").first.wait_for()
            assert "negated (denied)" in page.locator("#detail").inner_text()  # the document's claims table
            text = page.locator("#detail .doc-text").inner_text()
            assert "<script>window.__pwned=1</script>" in text
            assert page.locator("#detail script, #detail b[onmouseover], img[onerror]").count() == 0
            assert page.evaluate("window.__pwned") is None
            _screenshot(page, "hostile-document")


def test_brushing_the_timeline_sets_the_period(tmp_path, page):
    with Store.open(tmp_path / "workspace.db") as store:
        build_workspace(store)
        with LocalServer(store) as server:
            page.goto(server.url)
            box = page.locator("#timeline svg").bounding_box()
            assert box is not None
            y = box["y"] + box["height"] / 2
            page.mouse.move(box["x"] + 5, y)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=5)
            page.mouse.up()
            page.wait_for_function("document.querySelector('[name=from]').value !== ''")
            assert page.input_value("[name=to]") < "2023-02-20"
            page.wait_for_function("document.querySelectorAll('#list .row[data-id]').length === 2")
