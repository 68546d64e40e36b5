"""The war-theatre settlements: front-line villages resolve, under every spelling feeds use."""

from __future__ import annotations

import sqlite3

import pytest

from sitroom.resolve.gazetteer.disambiguate import Disambiguator, Toponym, haversine_km
from sitroom.resolve.gazetteer.translit import romanisations, russian_forms


def _entries(gazetteer, text: str):
    return [m.entry for m in Disambiguator(gazetteer).candidates(Toponym(text))]


# Villages the war made known, with their point (rounded) and GeoNames admin1 code.
@pytest.mark.parametrize(
    ("name", "lat", "lon", "admin1"),
    [
        ("Robotyne", 47.44, 35.83, "26"),
        ("Novoprokopivka", 47.41, 35.84, "26"),
        ("Krynky", 46.73, 33.07, "08"),
        ("Klishchiivka", 48.53, 37.96, "05"),
        ("Synkivka", 49.76, 37.69, "07"),
    ],
)
def test_front_line_villages_have_entries_in_their_oblast(gazetteer, name, lat, lon, admin1):
    near = [
        e for e in _entries(gazetteer, name) if e.country == "UA" and haversine_km(e.lat, e.lon, lat, lon) < 5
    ]
    assert near, name
    assert near[0].admin1_code == admin1 and near[0].admin1


@pytest.mark.parametrize(
    ("spellings", "lat", "lon"),
    [
        (["Robotyne", "Robotino"], 47.44, 35.83),
        (["Klishchiivka", "Klishchiyivka", "Kleshcheevka", "Klischtschijiwka"], 48.53, 37.96),
        (["Krasnohorivka", "Krasnogorovka"], 48.0, 37.5),
        (["Kreminna", "Kremennaya", "Kremennaja"], 49.05, 38.22),
        (["Enerhodar", "Energodar"], 47.50, 34.65),
        (["Izium", "Isjum", "Izyum"], 49.21, 37.26),
        (["Kherson", "Cherson"], 46.64, 32.61),
        (["Kharkiv", "Charkiw", "Kharkov"], 49.98, 36.25),
    ],
)
def test_every_spelling_reaches_the_same_place(gazetteer, spellings, lat, lon):
    for spelling in spellings:
        entries = _entries(gazetteer, spelling)
        assert any(haversine_km(e.lat, e.lon, lat, lon) < 25 for e in entries), spelling


def test_a_town_cities500_knows_is_not_doubled(gazetteer):
    # Bakhmut has ten post offices and a GeoNames entry: one place, which gains the German spelling.
    entries = [e for e in _entries(gazetteer, "Bachmut") if e.country == "UA"]
    assert [e.gid for e in entries] == ["geonames:713174"]


def test_settlements_record_their_district(gazetteer):
    connection = sqlite3.connect(gazetteer.path)
    try:
        (district,) = connection.execute(
            "SELECT d.name FROM districts d JOIN entries e ON e.id = d.entry WHERE e.name = 'Robotyne'"
        ).fetchone()
    finally:
        connection.close()
    assert district == "Tokmatskyi"


def test_russian_forms_follow_the_ending_rules():
    assert "Кременная" in russian_forms("Кремінна")
    assert russian_forms("Луганськ") == ["Луганск"]
    assert "Андреевка" in russian_forms("Андріївка")
    assert russian_forms("Старомайорське") == ["Старомайорское"]


def test_romanisations_start_with_the_national_system():
    spellings = romanisations("Запоріжжя", "uk")
    assert spellings[0] == "Zaporizhzhia"
    assert {"Zaporizhzhya", "Saporischschja", "Zaporiżżja"} <= set(spellings)
    assert romanisations("Витебск", "ru") == ["Vitebsk"]


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("DPR", "Donetsk People's Republic"),
        ("Donetsk People`s Republic", "Donetsk People's Republic"),
        ("Lugansk People's Republic", "Luhansk People's Republic"),
        ("JFO area", "Donbas"),
    ],
)
def test_the_names_of_the_occupied_areas_are_regions(gazetteer, name, region):
    (entry, *_) = _entries(gazetteer, name)
    assert (entry.name, entry.feature, entry.country) == (region, "region", "UA")


def test_a_village_near_the_front_is_no_longer_a_far_namesake(gazetteer):
    # Starytsia near Vovchansk: the bundled settlement, not the town of Staritsa in Tver.
    (entry, *_) = _entries(gazetteer, "Starytsia")
    assert entry.admin1 == "Kharkivska oblast" and haversine_km(entry.lat, entry.lon, 50.2, 36.8) < 30


def test_a_region_qualifier_reaches_its_namesake_beyond_the_likeliest_candidates(gazetteer):
    # Dozens of villages are called Andriivka; the one in Luhansk oblast is not among the 40 likeliest.
    disambiguator = Disambiguator(gazetteer)
    assert all(m.entry.admin1 != "Luhanska oblast" for m in disambiguator.candidates(Toponym("Andriivka")))
    village, region = disambiguator.resolve([Toponym("Andriivka", qualifier=1), Toponym("Luhansk region")])
    assert region.entry is not None and region.entry.admin1 == "Luhanska oblast"
    assert village.entry is not None and village.entry.admin1 == "Luhanska oblast"


def test_ukrainian_outlets_abbreviation_obl_names_the_oblast(gazetteer):
    assert {m.entry.name for m in gazetteer.lookup("Donetsk Obl.")} == {"Donetska oblast"}
