"""The workspace in a real browser: headless Chromium (Debian's) driven by Playwright, against a server
started on 127.0.0.1. Screenshots go to ``artifacts/e2e`` (or ``$SITROOM_ARTIFACTS``)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
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


def _screenshot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=full_page)
    return target


def test_filter_by_place_and_period_then_read_the_evidence(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.wait_for_function("document.querySelectorAll('#map .pin').length >= 8")
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
            assert re.match(r"\d{1,2} Sep 2022", meta), meta  # as people read dates
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
            # The focus is seen: no other highlight paints over it.
            painted = page.locator("#detail .doc-text .hl-event.focus").first.evaluate(
                "node => [getComputedStyle(node).backgroundImage, getComputedStyle(node).backgroundColor]"
            )
            assert painted == ["none", "rgb(255, 224, 138)"]
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


@pytest.fixture(scope="session")
def demo_report(demo_store, tmp_path_factory) -> Path:
    from sitroom.report import write_report

    return write_report(demo_store, tmp_path_factory.mktemp("report"))[0]


def test_the_first_screen_of_the_report_holds_the_bottom_line_and_the_map(demo_report, page):
    page.goto(demo_report.as_uri())
    screen = {"width": 1400, "height": 900}
    for part in ("#bottom-line", "#bottom-line .development", "#theatre-map", "#map figcaption"):
        box = page.locator(part).first.bounding_box()
        assert box is not None, part
        assert box["x"] >= 0 and box["x"] + box["width"] <= screen["width"], part
        assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"], part
    # Drawn: settlements of the theatre, labelled; listed: regions, countries and what lies far away.
    assert page.locator("#theatre-map .marker.control").count() >= 1
    assert page.locator("#theatre-map .marker").count() >= 8
    assert page.locator("#theatre-map text").count() >= 8
    labels = page.locator("#theatre-map text").all_inner_texts()
    assert not {"Ukraine", "Harbin", "United States", "Moscow"} & set(labels)
    note = page.locator("#map .map-note").inner_text()
    assert "Harbin" in note and "Ukraine" in note
    # The bottom line never opens with talks, visits or a summit abroad.
    kinds = page.locator("#bottom-line .development .kind").all_inner_texts()
    assert kinds and {kind.lower() for kind in kinds} <= {
        "contradiction",
        "control change",
        "strike with casualties",
    }
    _screenshot(page, "report-first-screen", full_page=False)


def test_the_evidence_of_a_development_is_one_click_away(demo_report, page):
    page.goto(demo_report.as_uri())
    first = page.locator("#bottom-line .development").first
    quote = first.locator("blockquote").first
    assert not quote.is_visible()
    first.locator("summary").click()
    assert quote.is_visible()
    # ... and the quote's link lands on the words marked in the document (a second click, if wanted).
    anchor = quote.locator("a").get_attribute("href")
    assert anchor and page.locator(f"mark[id='{anchor[1:]}']").count() == 1


def test_the_report_prints_without_the_full_texts(demo_report, page):
    page.goto(demo_report.as_uri())
    page.emulate_media(media="print")
    assert not page.locator("#documents").is_visible()
    assert page.locator("#bottom-line").is_visible() and page.locator("#theatre-map").is_visible()
    assert page.locator(".print-note").is_visible()
    assert len(page.pdf()) > 10_000


def _contradicting_store(path: Path) -> Store:
    """Two outlets disagree about who took Lyman: the reconcile stage links their events."""
    from builders import Report, save
    from sitroom.reconcile import reconcile

    store = Store.open(path)
    kyiv = Report("Kyiv says its forces took Lyman.", date(2022, 10, 1), "Outlet A")
    kyiv.event("took", "CONTROL", place="Lyman", control_side="UA")
    moscow = Report("Moscow says its forces took Lyman back.", date(2022, 10, 2), "Outlet B")
    moscow.event("took", "CONTROL", place="Lyman", control_side="RU")
    save(store, kyiv, moscow)
    reconcile(store)
    return store


def test_where_the_sides_disagree_and_the_evidence_in_two_clicks(tmp_path, page):
    store = _contradicting_store(tmp_path / "contradictions.db")
    with store, LocalServer(store) as server:
        page.goto(server.url)
        page.wait_for_selector("#list .row")
        started = time.monotonic()
        page.click("#tabs [data-view=contradictions]")  # 1
        pair = page.locator("#list .row.contradiction").first
        pair.wait_for()
        assert "Lyman" in pair.locator(".title").first.inner_text()
        cards = pair.locator(".side-card")
        assert cards.count() == 2
        says = sorted(cards.nth(i).locator(".badge").inner_text() for i in range(2))
        assert says == ["says RU holds it", "says UA holds it"]
        cards.nth(0).locator("text=show the evidence").click()  # 2
        focus = page.locator("#detail .doc-text .hl-trigger.focus")
        focus.wait_for()
        assert focus.inner_text() == "took"
        assert time.monotonic() - started < 10
        assert "view=contradictions" in page.url and "open=doc" in page.url
        # Both events are marked where they are listed.
        page.click("#close-detail")
        page.click("#tabs [data-view=events]")
        page.wait_for_function("document.querySelectorAll('#list .row.contradicted').length === 2")
        _screenshot(page, "contradictions")


def test_what_changed_at_a_place_in_three_clicks(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.wait_for_selector("#list .row")
        started = time.monotonic()
        page.click("#tabs [data-view=incidents]")  # 1
        page.select_option("[name=event_type]", "CONTROL")
        page.click("text=Apply")  # 2
        page.wait_for_function("location.search.includes('event_type=CONTROL')")
        row = page.locator("#list .row", has_text="Lyman").first
        row.wait_for()
        row.click()  # 3
        page.locator("#detail h2", has_text="Lyman").wait_for()
        assert page.locator(
            "#detail .badge", has_text=re.compile("single source|corroborated|contested")
        ).count()
        reports = page.locator("#detail table.records tr")
        assert reports.count() >= 2  # a heading and at least one report
        assert time.monotonic() - started < 10
        # From the incident to the place's control timeline and to the evidence.
        page.click("#detail >> text=Open Lyman")
        page.locator("#detail h3", has_text="Control here, by date").wait_for()
        page.locator("#detail h3:has-text('Control here, by date') + table a.internal").first.click()
        page.locator("#detail .doc-text .hl-trigger.focus").first.wait_for()
        _screenshot(page, "place-control")


def test_filters_are_in_the_address_back_works_and_a_bookmark_opens_the_same_view(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.wait_for_selector("#list .row")
        page.click("#tabs [data-view=incidents]")
        page.wait_for_function("location.search.includes('view=incidents')")
        page.select_option("[name=event_type]", "CONTROL")
        page.click("text=Apply")
        page.wait_for_function("location.search.includes('event_type=CONTROL')")
        page.wait_for_function(
            "[...document.querySelectorAll('#list .row .title .badge')]"
            ".every(b => b.textContent === 'CONTROL')"
        )
        bookmark = page.url
        page.go_back()
        page.wait_for_function("!location.search.includes('event_type')")
        page.wait_for_function(
            "[...document.querySelectorAll('#list .row .title .badge')]"
            ".some(b => b.textContent !== 'CONTROL')"
        )
        assert page.input_value("[name=event_type]") == ""
        page.goto(bookmark)
        page.wait_for_function("document.querySelectorAll('#list .row').length > 0")
        assert page.input_value("[name=event_type]") == "CONTROL"
        assert page.locator("#tabs [data-view=incidents].active").count() == 1


def test_dates_read_as_people_read_them_and_references_to_now_never_lead(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.click("#tabs [data-view=events]")
        page.wait_for_function("document.querySelectorAll('#list .row[data-id^=evt_]').length > 10")
        metas = page.locator("#list .row .meta").all_inner_texts()
        assert not any(re.search(r"PRESENT_REF|FUTURE_REF|PAST_REF|\d{4}-W\d\d", meta) for meta in metas)
        assert re.match(r"(reported )?\d{1,2} [A-Z][a-z]{2} \d{4}", metas[0]), metas[0]
        # An event placed only in a region is told as happening in an area.
        titles = page.locator("#list .row .title").all_inner_texts()
        in_areas = [title for title in titles if "oblast" in title]
        assert in_areas and all("no settlement named" in title for title in in_areas), in_areas


def test_the_workspace_is_usable_at_800_pixels(demo_store, browser):
    context = browser.new_context(viewport={"width": 800, "height": 900}, bypass_csp=True)
    narrow = context.new_page()
    errors: list[str] = []
    narrow.on("pageerror", lambda error: errors.append(str(error)))
    with LocalServer(demo_store) as server:
        narrow.goto(server.url)
        narrow.wait_for_selector("#list .row")
        narrow.wait_for_function("document.querySelectorAll('#map .pin').length >= 5")
        for part in (
            "#download",
            "#download-format",
            "#tabs [data-view=contradictions]",
            "#filters [type=submit]",
        ):
            box = narrow.locator(part).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 800, part
        # The map names its busiest places, has a legend, and draws no country or region as a point.
        assert narrow.locator("#map .map-label").count() >= 5
        # The legend is there, folded so as not to hide the map; a click opens it.
        legend = narrow.locator("#map-legend")
        assert legend.is_visible() and legend.get_attribute("open") is None
        legend.locator("summary").click()
        assert "control change" in legend.inner_text()
        legend.locator("summary").click()
        labels = set(narrow.locator("#map .map-label").all_inner_texts())
        assert not {"Ukraine", "Russia", "Kharkivska oblast"} & labels
        # Fitted to the theatre: the front is named, the summit abroad is off the map.
        assert "Kharkiv" in labels and "Harbin" not in labels
        _screenshot(narrow, "workspace-800")
    context.close()
    assert errors == []


def test_who_claims_what_about_a_place_in_two_steps(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.wait_for_selector("#list .row")
        started = time.monotonic()
        page.fill("[name=q]", "Vovchansk")
        page.click("text=Apply")  # 1
        page.click("#tabs [data-view=claims]")  # 2
        page.wait_for_function(
            "location.search.includes('q=Vovchansk') && location.search.includes('view=claims')"
        )
        page.wait_for_function("document.querySelectorAll('#list .row[data-id^=clm_]').length >= 2")
        # One heading per speaker, as on the place page, its claims the rows under it.
        speakers = page.locator("#list .speaker-heading").all_inner_texts()
        assert any("Ministry" in who or "Syniehubov" in who for who in speakers), speakers
        names = page.evaluate(
            "[...document.querySelectorAll('#list .speaker-heading')].map((h) => h.firstChild.data)"
        )
        assert len(names) == len(set(names)) >= 2, speakers
        under = page.evaluate(
            "[...document.querySelectorAll('#list > *')].map((n) => n.classList.contains('speaker-heading')"
            " ? '|' : n.dataset.id.slice(0, 4))"
        )
        assert under[0] == "|" and set(under) == {"|", "clm_"}, under
        counts = page.locator("#list .speaker-heading .meta").all_inner_texts()
        runs = [len(run) // 4 for run in "".join(under).split("|")[1:]]
        assert counts == [f"{n} claim{'s' if n > 1 else ''}" for n in runs], (counts, runs)
        # The keyboard goes from one speaker's last claim past the next heading to its first claim.
        page.locator(f"#list .row[data-id^=clm_] >> nth={runs[0] - 1}").focus()
        page.keyboard.press("ArrowDown")
        focused = "document.activeElement"
        assert page.evaluate(f"{focused}.previousElementSibling.classList.contains('speaker-heading')")
        assert page.evaluate(f"{focused}.classList.contains('row')")
        page.locator("#list .row[data-id^=clm_]").first.click()  # 3: the evidence
        page.locator("#detail .doc-text .hl-claim.focus").first.wait_for()
        assert time.monotonic() - started < 10


def test_the_map_draws_what_happened_by_side_in_clusters_and_highlights_the_selection(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.wait_for_function("document.querySelectorAll('#map .pin').length >= 8")
        legend = page.locator("#map-legend").inner_text()
        for words in ("control change", "strike or attack", "only mentioned", "UA", "RU", "close together"):
            assert words in legend, words
        # What happened, in the side's colour: a control change and a strike at least; no area is a marker.
        assert page.locator("#map .pin .kind-control").count() >= 1
        assert page.locator("#map .pin .kind-strike").count() >= 1
        titles = page.locator("#map .pin").evaluate_all("pins => pins.map(pin => pin.title)")
        assert not {"Ukraine", "Russia", "Kharkivska oblast"} & {title.split(" and ")[0] for title in titles}
        # Places that would overlap are one marker with their count; a click zooms in on them.
        cluster = page.locator("#map .pin.cluster").first
        count = int(cluster.inner_text())
        assert count >= 2
        before = page.locator("#map .pin").count()
        cluster.click()
        page.wait_for_function(f"document.querySelectorAll('#map .pin').length > {before}")
        # Opening a place highlights its marker, and only its marker.
        page.click("#tabs [data-view=places]")
        page.click(f"#list .row[data-id='{IZIUM[0]}']")
        page.locator("#detail h2", has_text="Izyum").wait_for()
        selected = page.locator("#map .pin.selected")
        selected.wait_for()
        assert selected.count() == 1 and (selected.get_attribute("title") or "").startswith("Izyum")
        _screenshot(page, "map-selected", full_page=False)


def test_the_lists_and_record_pages_work_from_the_keyboard(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.click("#tabs [data-view=incidents]")
        page.wait_for_function("document.querySelectorAll('#list .row[data-id^=inc_]').length > 2")
        # An incident placed only in a region or a country is told as happening in an area, not at a place.
        titles = page.locator("#list .row .title").all_inner_texts()
        in_areas = [title for title in titles if re.search(r"oblast|Ukraine$|Russia$", title)]
        assert in_areas and all("no settlement named" in title for title in in_areas), in_areas
        rows = page.locator("#list .row")
        rows.first.focus()
        page.keyboard.press("ArrowDown")
        second = rows.nth(1).get_attribute("data-id")
        assert page.evaluate("document.activeElement.dataset.id") == second
        page.keyboard.press("Enter")
        page.wait_for_function("location.search.includes('open=incident')")
        page.wait_for_function("document.activeElement.tagName === 'H2'")
        page.keyboard.press("Escape")
        page.wait_for_function("!location.search.includes('open=')")
        assert page.evaluate("document.activeElement.dataset.id") == second
        # A marker of the map is reached with Tab and opened with Enter, as a click would.
        page.locator("#map .pin:not(.cluster)").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("location.search.includes('open=place')")


VOVCHANSK = "geonames:689304"


def test_what_changed_at_a_place_this_week_and_who_says_what_about_it_in_three_clicks(demo_store, page):
    with LocalServer(demo_store) as server:
        page.goto(server.url)
        page.wait_for_selector("#list .row")
        started = time.monotonic()
        page.click("#tabs [data-view=places]")  # 1
        page.click(f"#list .row[data-id='{VOVCHANSK}']")  # 2
        week = page.locator("#detail #latest-week")
        week.wait_for()
        # The latest week of its reports, as people read dates, with each incident's status.
        assert re.search(r"latest week of reports \(\d{1,2}–\d{1,2} [A-Z][a-z]{2} \d{4}\)", week.inner_text())
        changes = page.locator("#latest-week + table.records tr")
        assert changes.count() >= 3
        assert (
            changes.nth(1)
            .locator(".badge", has_text=re.compile("single source|corroborated|contested"))
            .count()
        )
        # Who says what about it: one name per speaker, each with the words and how they are told.
        speakers = page.locator("#detail .speakers .speaker h4").all_inner_texts()
        assert len(speakers) >= 3 and any("Syniehubov" in who for who in speakers), speakers
        assert not any(who.startswith("The ") for who in speakers)
        assert time.monotonic() - started < 10
        _screenshot(page, "place-page", full_page=False)
        page.locator("#detail .speakers a.internal").first.click()  # 3: the evidence
        page.locator("#detail .doc-text .hl-claim.focus").first.wait_for()
        assert time.monotonic() - started < 15
        page.go_back()
        page.locator("#latest-week + table.records a.internal").first.click()  # 3: the incident
        page.wait_for_function("location.search.includes('open=incident')")
        page.locator("#detail h3", has_text="Reports").wait_for()
