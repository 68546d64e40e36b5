"""What the report says first: the bottom line (what changed on the ground, with status and evidence), the
map of the theatre, and how it names sources and speakers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from builders import Report, save
from sitroom.reconcile import reconcile
from sitroom.report import write_report
from sitroom.report.theatre import Marker, _framed, _groups, _place_labels, fit_theatre, map_svg
from sitroom.report.wording import display_origin, human_day, human_range


def _front_and_abroad(store) -> dict[str, Report]:
    lyman = Report("The Russian Ministry of Defence said its forces took Lyman.", date(2022, 10, 1), "Wire A")
    said = lyman.claim("its forces took Lyman", "mod_ru", cue="said")
    lyman.event("took", "CONTROL", place="Lyman", claim=said, modality="claimed", control_side="RU")
    shelling = Report("Shelling of Izium killed 12 civilians on Monday.", date(2022, 9, 20), "Wire A")
    toll = shelling.quantity("12 civilians", 12, "civilian")
    shelling.event("Shelling", "ASSAULT", place="Izium", quantities=(toll,))
    copy = Report("Shelling of Izium killed 12 civilians on Monday.\n", date(2022, 9, 20), "Daily Courier")
    copy.event(
        "Shelling", "ASSAULT", place="Izium", quantities=(copy.quantity("12 civilians", 12, "civilian"),)
    )
    summit = Report("Leaders met in Harbin; a visit to Spain was cancelled.", date(2022, 9, 21), "Wire B")
    summit.event("met", "CONSULT", place="Harbin")
    summit.event("visit", "CONSULT", place="Spain")
    region = Report("Fighting went on across Kharkiv Oblast.", date(2022, 9, 22), "Wire B")
    region.event("Fighting", "ASSAULT", place="Kharkiv Oblast")
    # A retreat is no change of control: no territory changed hands ("civilians were evacuated").
    evacuated = Report("Civilians were evacuated from Izium.", date(2022, 9, 23), "Wire B")
    evacuated.event("evacuated", "RETREAT", place="Izium")
    reports = {
        "lyman": lyman,
        "shelling": shelling,
        "copy": copy,
        "summit": summit,
        "region": region,
        "evacuated": evacuated,
    }
    save(store, *reports.values(), near_duplicate=(copy, shelling))
    reconcile(store)
    return reports


def test_bottom_line_leads_with_ground_changes_in_the_theatre_with_status_and_evidence(store, tmp_path):
    reports = _front_and_abroad(store)
    page = write_report(store, tmp_path)[0].read_text()
    bottom = page.split("<section id=bottom-line")[1].split("</section>")[0]
    items = re.findall(r"<li class='development kind-(\w+)'>", bottom)
    assert items == ["control", "strike"]
    assert "Lyman: control gained by RU" in bottom and "claimed by one side (RU)" in bottom
    assert "Izium: attack with casualties" in bottom and "withdrawal" not in bottom
    # The evidence is one click away: the quote, its outlet, and the link to the words in the document.
    lyman_event = reports["lyman"].annotations.events[0].id
    assert f"<a href='#{lyman_event}'>Wire A, 1 Oct 2022</a>" in bottom
    assert "Harbin" not in bottom and "Spain" not in bottom and "Kharkiv Oblast" not in bottom


def test_an_area_is_never_told_as_a_captured_place_and_a_country_never_makes_the_bottom_line(store, tmp_path):
    _front_and_abroad(store)
    region = Report("Ukrainian forces regained ground across Kharkiv Oblast.", date(2022, 9, 24), "Wire C")
    region.event("regained", "CONTROL", place="Kharkiv Oblast", control_side="UA")
    country = Report("Drone strikes across Ukraine killed 4 people.", date(2022, 9, 24), "Wire C")
    toll = country.quantity("4 people", 4, "people")
    country.event("strikes", "ASSAULT", place="Ukraine", quantities=(toll,))
    save(store, region, country)
    reconcile(store)
    page = write_report(store, tmp_path)[0].read_text()
    bottom = page.split("<section id=bottom-line")[1].split("</section>")[0]
    headlines = re.findall(r"<div class=dev-what><b>([^<]+)</b>", bottom)
    assert headlines[:2] == [
        "Lyman: control gained by RU",
        "In Kharkiv Oblast, no settlement named: ground gained by UA",
    ]
    assert not any(headline.startswith("Ukraine") or "in Ukraine" in headline for headline in headlines)


def test_regions_named_in_passing_never_lead_the_developments(store, tmp_path):
    _front_and_abroad(store)
    page = write_report(store, tmp_path)[0].read_text()
    regions = re.findall(r"<h3>([^<]+)</h3><table><tr><th>What", page.split("Developments by region")[1])
    assert set(regions[:3]) == {"Izium", "Lyman", "Kharkiv Oblast"}
    assert set(regions[3:]) == {"Harbin", "Spain"}


def test_the_map_draws_the_theatre_and_lists_areas_and_faraway_places(store, tmp_path):
    _front_and_abroad(store)
    page = write_report(store, tmp_path)[0].read_text()
    figure = page.split("<figure id=map>")[1].split("</figure>")[0]
    drawn = re.findall(r"class='marker (\w+)'", figure)
    # Lyman's capture, Izium's shelling and its evacuation (another event, not a control change); the
    # oblast and abroad are listed
    assert sorted(drawn) == ["control", "other", "strike"]
    assert "placed only in a region or country, not drawn: " in figure
    assert "Kharkiv Oblast (1)" in figure and "Spain (1)" in figure
    assert "outside the theatre, not drawn: Harbin (1)" in figure
    assert "control change" in figure and "strike or attack" in figure and ">RU</span>" in figure


def test_a_syndicated_copy_is_shown_once_with_also_carried_by(store, tmp_path):
    _front_and_abroad(store)
    page = write_report(store, tmp_path)[0].read_text()
    izium_row = page.split("Developments by region")[1].split("<h3>Izium</h3>")[1].split("</table>")[0]
    assert izium_row.count("“Shelling of Izium killed 12 civilians on Monday.”") == 1
    assert re.search(
        r"(Wire A|Daily Courier), 20 Sep 2022</a> <span class=meta>also carried by "
        r"(Wire A|Daily Courier)</span>",
        izium_row,
    )
    # Outlets in the Sources column, speakers in their own.
    lyman_row = page.split("Developments by region")[1].split("<h3>Lyman</h3>")[1].split("</tr>", 2)[1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", lyman_row)
    assert cells[3] == "Wire A" and cells[4] == "Russian Ministry of Defence"


def test_claims_ledger_is_grouped_by_speaker_with_the_rest_folded(store, tmp_path):
    reports = []
    for day in range(1, 6):
        text = f"Sergei Shoigu said the army advanced {day} km."
        report = Report(text, date(2022, 9, day), "Wire A")
        report.claim(f"the army advanced {day} km", "shoigu", cue="said")
        reports.append(report)
    isw = Report("The Institute for the Study of War said the front held.", date(2022, 9, 3), "Wire B")
    isw.claim("the front held", "isw", cue="said")
    save(store, *reports, isw)
    reconcile(store)
    page = write_report(store, tmp_path)[0].read_text()
    ledger = page.split("id=claims-ledger")[1]
    speakers = re.findall(r"<section class=speaker><h3>([^<]+) <span", ledger)
    assert speakers == ["Sergei Shoigu", "Institute for the Study of War"]
    shoigu = ledger.split("<section class=speaker>")[1]
    shown, folded = shoigu.split("<details>")
    assert shown.count("<tr><td>") == 3 and folded.count("<tr><td>") == 2
    assert "2 more claims by Sergei Shoigu" in folded
    assert "advanced 5 km" in shown  # the latest first


def test_the_ledger_groups_the_writings_of_one_state_as_one_speaker(store, tmp_path):
    named = Report("Ukraine said the bridge was hit.", date(2022, 9, 1), "Wire A")
    named.claim("the bridge was hit", "ukraine", cue="said")
    role = Report("Ukrainian officials said the depot burned.", date(2022, 9, 2), "Wire A")
    role.claim("the depot burned", None, cue="said", speaker_role="Ukrainian officials")
    city = Report("Officials in Kyiv said the line held.", date(2022, 9, 3), "Wire B")
    city.claim("the line held", None, cue="said", source_text="Officials in Kyiv")
    other = Report("Officials in Moscow said the line broke.", date(2022, 9, 3), "Wire B")
    other.claim("the line broke", None, cue="said", source_text="Officials in Moscow")
    save(store, named, role, city, other)
    reconcile(store)
    page = write_report(store, tmp_path)[0].read_text()
    ledger = page.split("id=claims-ledger")[1]
    speakers = re.findall(r"<section class=speaker><h3>([^<]+) <span class=meta>(\d+) claim", ledger)
    assert speakers == [("Ukraine", "3"), ("Russia", "1")]
    assert "written as Officials in Kyiv, Ukrainian officials</span>" in ledger


def test_no_local_file_path_reaches_the_page(store, tmp_path):
    untitled = Report("Shelling of Izium killed 12 civilians on Monday.", date(2022, 9, 20), None)
    untitled.document = replace(untitled.document, origin="/home/analyst/feeds/izium.txt")
    untitled.event("Shelling", "ASSAULT", place="Izium")
    save(store, untitled)
    page = write_report(store, tmp_path)[0].read_text()
    assert "/home/analyst" not in page and "izium.txt" in page
    assert display_origin("C:\\feeds\\a.txt") == "a.txt"
    assert display_origin("https://example.org/a") == "https://example.org/a"


def test_the_theatre_is_the_densest_cluster_not_the_world():
    front = [(48.6, 38.0, 5), (49.2, 37.3, 3), (50.0, 36.3, 2), (47.8, 37.2, 1), (50.45, 30.52, 1)]
    abroad = [(45.75, 126.65, 1), (39.8, -98.5, 1), (40.4, -3.7, 2), (55.75, 37.6, 1)]
    west, south, east, north = fit_theatre(front + abroad) or (0, 0, 0, 0)
    assert (west, south, east, north) == (30.52, 47.8, 38.0, 50.45)
    assert fit_theatre([]) is None


def test_labels_never_cover_each_other_or_a_marker():
    names = ["Bakhmut", "Soledar", "Klishchiivka", "Chasiv Yar", "Ivanivske", "Bilohorivka", "Opytne"]
    markers = [
        Marker(48.6 + 0.05 * i, 38.0 + 0.04 * i, "strike", "RU", name, name, f"#{i}", 1 + i % 3)
        for i, name in enumerate(names)
    ]
    view = _framed((37.9, 48.5, 38.4, 49.0), 760, 0.72)
    groups = _groups(view, markers)
    labels = _place_labels(groups, view.width, view.height)
    assert len(labels) >= 4
    boxes = []
    for text, x, y, anchor in labels:
        width = len(text) * 6.8
        left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
        boxes.append((left, y - 10, left + width, y + 3))
    for index, a in enumerate(boxes):
        for b in boxes[index + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
        for group in groups:
            r = group.radius
            assert not (
                a[0] < group.x + r and group.x - r < a[2] and a[1] < group.y + r and group.y - r < a[3]
            )
    svg = map_svg(markers, (37.9, 48.5, 38.4, 49.0), {})
    assert svg.count("<text") == len(labels)


def test_dates_read_as_people_write_them():
    assert human_range("2022-09-13", "2022-09-13") == "13 Sep 2022"
    assert human_range("2022-09-10", "2022-09-13") == "10–13 Sep 2022"
    assert human_range("2022-09-28", "2022-10-02") == "28 Sep – 2 Oct 2022"
    assert human_range("2022-12-30", "2023-01-02") == "30 Dec 2022 – 2 Jan 2023"
    assert human_range(None, None) == "undated"
    # Stored dates of every precision, the claims ledger's and the timelines': one wording for all.
    assert human_day("2023-02-20/2023-02-26") == "20–26 Feb 2023"
    assert human_day("2022-09") == "Sep 2022"
    assert human_range("2022-09", "2022-11") == "Sep 2022 – Nov 2022"
    assert human_day("2023") == "2023"
    assert human_day(None) == "undated"


def test_the_html_writes_dates_as_people_read_them(store, tmp_path):
    _front_and_abroad(store)
    page = write_report(store, tmp_path)[0].read_text()
    lyman = page.split("Developments by region")[1].split("<h3>Lyman</h3>")[1].split("</tr>", 2)[1]
    # Reported on 1 Oct with no date in the text: the day of the report and the three before.
    assert "<td>28 Sep – 1 Oct 2022</td>" in lyman
    assert "2022-10-01" not in page.split("id=details")[0]


def test_place_timelines_say_who_gained_control_according_to_whom(store, tmp_path):
    _front_and_abroad(store)
    page = write_report(store, tmp_path)[0].read_text()
    lyman = page.split("What happened where")[1].split("<h3>Lyman</h3>")[1].split("</ul>")[0]
    assert "CONTROL, gained by RU, according to Russian Ministry of Defence" in lyman
    assert lyman.startswith(
        "<p class=held>Latest change of control reported: gained by RU, 28 Sep – 1 Oct 2022, according to "
        "Russian Ministry of Defence <span class='status-claimed'>claimed by one side (RU)</span></p>"
    )
    # Regions and countries have no timeline of their own: they are areas, not places that change hands.
    assert (
        "<h3>Kharkiv Oblast</h3><ul>" not in page.split("What happened where")[1].split("Contradictions")[0]
    )
