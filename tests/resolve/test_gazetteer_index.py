from __future__ import annotations

import subprocess
import sys

import pytest

from sitroom.resolve.gazetteer import fold, skeleton, split_region_form
from sitroom.resolve.gazetteer.disambiguate import Disambiguator, Toponym, haversine_km


def best(gazetteer, text: str, demonyms: bool = False):
    matches = Disambiguator(gazetteer, demonyms=demonyms).candidates(Toponym(text))
    assert matches, f"no entry for {text!r}"
    return matches[0].entry


@pytest.mark.parametrize(
    ("variants", "geonameid"),
    [
        (["Izium", "Izyum", "Izjum"], 707292),
        (["Kharkiv", "Kharkov"], 706483),
        (["Vovchansk", "Vovchans'k", "Vovčansk"], 689304),
        (["Kupiansk", "Kupyansk", "Kupjansk", "Kup'yans'k"], 703656),
        (["Kramatorsk", "Kramators'k", "Kramators’k", "KRAMATORSK"], 704508),
        (["Bakhmut", "Artemivsk"], 713174),
        (["Kyiv", "Kiev"], 703448),
        (["Dnipro", "Dnipropetrovsk"], 709930),
    ],
)
def test_romanisation_variants_and_renamings_meet(gazetteer, variants, geonameid):
    for variant in variants:
        assert best(gazetteer, variant).gid == f"geonames:{geonameid}", variant


def test_skeleton_folds_transliteration_variants():
    assert skeleton(fold("Izjum")) == skeleton(fold("Izyum")) == skeleton(fold("Izium"))
    assert skeleton(fold("Kupjansk")) == skeleton(fold("Kupiansk"))
    assert skeleton(fold("Kharkiv")) != skeleton(fold("Kherson"))


def test_spelling_only_the_skeleton_knows_still_resolves(gazetteer):
    # "Kupiyansk" is not among the alternate names; the skeleton finds it.
    (match,) = [m for m in gazetteer.lookup("Kupiyansk") if m.entry.country == "UA"]
    assert match.entry.gid == "geonames:703656" and not match.exact


@pytest.mark.parametrize(
    "form",
    [
        "Kharkiv Oblast",
        "Kharkiv province",
        "the Kharkiv region",
        "Kharkivska oblast",
        "Kharkiv oblast",
    ],
)
def test_region_forms_name_the_oblast(gazetteer, form):
    (match,) = gazetteer.lookup(form)
    assert match.entry.feature == "admin1"
    assert (match.entry.country, match.entry.admin1_code) == ("UA", "07")
    assert 49 < match.entry.lat < 50.5 and 35.5 < match.entry.lon < 38


def test_region_of_a_city_region_is_the_oblast_around_it(gazetteer):
    (match,) = gazetteer.lookup("Kyiv region")
    assert match.entry.gid == "iso3166-2:UA-32"
    assert best(gazetteer, "Donetsk region").gid == "iso3166-2:UA-14"
    assert best(gazetteer, "Zaporizhzhia region").gid == "iso3166-2:UA-23"


def test_bare_city_name_is_not_its_region(gazetteer):
    assert {m.entry.feature for m in gazetteer.lookup("Kharkiv")} == {"city"}


def test_split_region_form():
    assert split_region_form("the kharkiv region") == ("kharkiv", True)
    assert split_region_form("kharkiv") == ("kharkiv", False)


def test_demonyms_are_not_names(gazetteer):
    assert gazetteer.lookup("Ukrainian") == []
    assert gazetteer.lookup("Russian") == []


def test_demonyms_name_their_country_on_request(gazetteer):
    assert best(gazetteer, "Russian", demonyms=True).gid == "geonames:2017370"
    assert best(gazetteer, "Americans", demonyms=True).country == "US"
    assert best(gazetteer, "European", demonyms=True).feature == "continent"
    assert {m.entry.feature for m in gazetteer.lookup("Canadian", demonyms=True)} >= {"country"}


def test_cities_carry_their_region_name(gazetteer):
    assert best(gazetteer, "Izium").admin1 == "Kharkivska oblast"


def test_built_index_opens_fast_in_a_fresh_process(gazetteer):
    code = (
        "import time; t = time.perf_counter();"
        "from sitroom.resolve.gazetteer import Gazetteer;"
        f"g = Gazetteer.open(__import__('pathlib').Path({str(gazetteer.path)!r}));"
        "g.lookup('Izium'); print(time.perf_counter() - t)"
    )
    built = gazetteer.path.stat().st_mtime_ns
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Opened as it is, not rebuilt: a rebuild takes a minute or more, an open well under a second on a
    # quiet machine (benchmarks/geo_eval.py reports it); the bound leaves room for a busy one.
    assert float(out.stdout) < 15, out.stdout
    assert gazetteer.path.stat().st_mtime_ns == built


def test_large_countries_sit_at_their_geonames_point(gazetteer):
    from sitroom.resolve.gazetteer.disambiguate import haversine_km

    us = best(gazetteer, "United States")
    assert us.gid == "geonames:6252001" and haversine_km(us.lat, us.lon, 39.76, -98.5) < 1


def test_canadian_provinces_and_british_nations_are_regions(gazetteer):
    alberta = [m.entry for m in gazetteer.lookup("Alberta") if m.entry.feature == "admin1"]
    assert [(e.country, e.admin1_code) for e in alberta] == [("CA", "01")]
    wales = [m.entry for m in gazetteer.lookup("Wales") if m.entry.feature == "admin1"]
    assert [(e.country, e.admin1_code, e.name) for e in wales] == [("GB", "WLS", "Wales")]


def test_eu_is_placed_in_europe(gazetteer):
    assert best(gazetteer, "EU").name == "Europe"


def test_counties_are_second_level_regions_at_their_towns(gazetteer):
    (county,) = gazetteer.lookup("Kanawha County")
    assert (county.entry.feature, county.entry.country, county.entry.admin1) == (
        "admin2",
        "US",
        "West Virginia",
    )
    charleston = next(m.entry for m in gazetteer.lookup("Charleston") if m.entry.admin1 == "West Virginia")
    assert haversine_km(county.entry.lat, county.entry.lon, charleston.lat, charleston.lon) < 50


def test_regions_take_geonames_english_names_where_iso_gives_none(gazetteer):
    assert best(gazetteer, "Queensland").feature == "admin1"
    assert best(gazetteer, "Queensland").country == "AU"
    bavaria = best(gazetteer, "Bavaria")
    assert bavaria.feature == "admin1" and bavaria.country == "DE"
    munich = best(gazetteer, "Munich")
    assert munich.admin1_code == bavaria.admin1_code


def test_a_capital_outranks_a_region_of_its_name(gazetteer):
    assert best(gazetteer, "Washington").capital
    assert best(gazetteer, "Washington state").feature == "admin1"


def test_countries_sit_at_their_reference_point_not_their_cities_centre(gazetteer):
    saudi = best(gazetteer, "Saudi Arabia")
    assert haversine_km(saudi.lat, saudi.lon, 25.0, 45.0) < 50


def test_australian_states_sit_at_their_geonames_point_not_their_coast(gazetteer):
    queensland = best(gazetteer, "Queensland")
    assert haversine_km(queensland.lat, queensland.lon, -20.0, 145.0) < 1
    kanawha = best(gazetteer, "Kanawha County")  # second-level regions keep their towns' centre
    assert kanawha.admin1 == "West Virginia" and kanawha.lat > 37


@pytest.mark.parametrize(
    "text, feature",
    [("Atlantic", "ocean"), ("Sea of Azov", "sea"), ("Middle East", "region"), ("Heathrow", "airport")],
)
def test_curated_features_outrank_their_namesake_hamlets(gazetteer, text, feature):
    entry = best(gazetteer, text)
    assert entry.feature == feature and entry.gid.startswith("curated:")


def test_adjectives_of_macro_regions_name_them_on_request(gazetteer):
    assert best(gazetteer, "Kurdish", demonyms=True).name == "Kurdistan"
    assert best(gazetteer, "Middle Eastern", demonyms=True).feature == "region"
    assert not Disambiguator(gazetteer).candidates(Toponym("Kurdish"))
