"""The situation report: headlines by region, map, timeline, contradictions and claims ledger, for a
period and an area, with every statement linked to its evidence."""

from __future__ import annotations

import re
from datetime import date

import pytest

from builders import Report, save
from sitroom.profiles import ProfileError, load_profile
from sitroom.reconcile import reconcile
from sitroom.report import Scope, write_report
from sitroom.report.figures import decode_topojson
from sitroom.report.theatre import Marker, map_svg


def _picture(store) -> tuple[Report, Report, Report]:
    kyiv = Report("Kyiv says its forces took Lyman.", date(2022, 10, 1), "Outlet A")
    kyiv.event("took", "CONTROL", place="Lyman", control_side="UA")
    moscow = Report("Moscow says its forces took Lyman back.", date(2022, 10, 2), "Outlet B")
    moscow.event("took", "CONTROL", place="Lyman", control_side="RU")
    hostile = Report(
        "<script>alert(1)</script> The ISW said forces withdrew from Izium.", date(2022, 9, 11), "X"
    )
    claim = hostile.claim("forces withdrew from Izium", "isw", cue="said")
    hostile.event("withdrew", "CONTROL", place="Izium", claim=claim, modality="claimed", control_side="UA")
    save(store, kyiv, moscow, hostile)
    reconcile(store)
    return kyiv, moscow, hostile


def test_report_shows_incidents_map_contradictions_and_ledger_with_links_to_evidence(store, tmp_path):
    kyiv, _moscow, hostile = _picture(store)
    html_path, markdown_path = write_report(store, tmp_path)
    page = html_path.read_text()
    assert page.index("Bottom line") < page.index("id=theatre-map") < page.index("Developments by region")
    # Lyman's two control incidents are one diamond; Izium's is another.
    assert page.count("class='marker control'") == 2 and "<circle" not in page.split("</svg>")[0]
    assert "<svg class=timeline" in page
    assert (
        "control of Lyman: Outlet A (&quot;took&quot;) says UA gained it, "
        "Outlet B (&quot;took&quot;) says RU did" in page
    )
    # Evidence links point at the record marked in the document text.
    event_id = kyiv.annotations.events[0].id
    assert f"href='#{event_id}'" in page and f"id='{event_id}'" in page
    claim_id = hostile.annotations.claims[0].id
    assert f"<mark class=claim id='{claim_id}'" in page
    assert "Institute for the Study of War" in page.split("Claims ledger")[1]
    assert "<script>alert(1)</script>" not in page
    markdown = markdown_path.read_text()
    assert "## Contradictions" in markdown and "## Claims ledger" in markdown
    # Timelines: each place's incidents in date order, with their first and latest reports.
    timelines = markdown.split("## What happened where")[1]
    lyman = timelines.split("### Lyman\n")[1].split("#")[0].strip().splitlines()
    assert [line.split(":")[0] for line in lyman] == [
        "- 28 Sep – 1 Oct 2022",
        "- 29 Sep – 2 Oct 2022",
    ]
    assert "first reported 1 Oct 2022, latest 1 Oct 2022" in lyman[0]
    # Every date is written as the bottom line writes it, none as ISO 8601.
    assert not re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", markdown), re.findall(
        r".*[0-9]{4}-[0-9]{2}-[0-9]{2}.*", markdown
    )


def test_period_and_area_narrow_the_report(store, tmp_path):
    _picture(store)
    september = write_report(store, tmp_path / "sept", Scope(until=date(2022, 9, 30)))[0].read_text()
    assert "Izium" in september.split("Map of incidents")[0] and "Lyman" not in september
    west_of_lyman = Scope(bbox=(36.0, 48.0, 37.5, 50.0))  # Izium at 37.25 E, Lyman at 37.80 E
    area = write_report(store, tmp_path / "area", west_of_lyman)[0].read_text()
    assert area.count("class='marker") == 1 and "No contradictions found" in area


def test_report_of_an_empty_store_says_so(store, tmp_path):
    page = write_report(store, tmp_path)[0].read_text()
    assert "No incidents in scope." in page and "No attributed claims in scope." in page


def test_topojson_arcs_are_decoded_into_rings_and_drawn_where_they_reach_the_view():
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [30, 45]},
        "arcs": [[[0, 0], [10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square"}}]}},
    }  # fmt: skip
    ((name, (ring,)),) = decode_topojson(topology, "countries")
    assert name == "Square"
    assert ring == [(30, 45), (40, 45), (40, 55), (30, 55), (30, 45)]
    izium = Marker(49.2, 37.25, "control", "UA", "Izium <i>", "Izium <b>", "#i")
    svg = map_svg([izium], (37.25, 49.2, 37.25, 49.2), {"UA": "#0a0b0c"})
    assert "#0a0b0c" in svg  # the side takes the colour it is given
    assert "Ukraine" in svg and "Izium &lt;b&gt;" in svg and "Izium &lt;i&gt;" in svg


def test_the_sides_are_drawn_in_the_colours_of_the_profile_the_store_was_annotated_with(store, tmp_path):
    _picture(store)
    default = write_report(store, tmp_path / "default")[0].read_text()
    assert "<i style='background:#1f78b4'></i>UA" in default  # the bundled ru-ua profile's
    profile = tmp_path / "other-war.yaml"
    profile.write_text("opponents: {UA: RU, RU: UA}\ncolours: {UA: '#0a0b0c'}\n", encoding="utf-8")
    store.save_pipeline_config({"component_config": {"sitroom_events": {"profile": str(profile)}}})
    page = write_report(store, tmp_path / "other")[0].read_text()
    assert "<i style='background:#0a0b0c'></i>UA" in page and "#1f78b4" not in page
    assert "<i style='background:#999999'></i>RU" not in page  # not in the legend: drawn as "other"


def test_a_profile_colour_that_is_not_a_colour_is_an_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text('colours: {UA: "red\'><script>"}\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=rf"{path}: colours: each side's colour is written #rrggbb"):
        load_profile(str(path))
