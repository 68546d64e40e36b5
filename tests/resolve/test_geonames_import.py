from __future__ import annotations

import shutil
import zipfile

import pytest

from sitroom.resolve.gazetteer import Gazetteer, GeoNamesImportError, import_geonames


def row(
    geonameid: int,
    name: str,
    alternates: str,
    lat: float,
    lon: float,
    fclass: str,
    fcode: str,
    country: str,
    admin1: str,
    population: int,
) -> str:
    fields = [
        str(geonameid),
        name,
        name,
        alternates,
        str(lat),
        str(lon),
        fclass,
        fcode,
        country,
        "",
        admin1,
        "",
        "",
        "",
        str(population),
        "",
        "150",
        "Europe/Kyiv",
        "2024-01-01",
    ]
    assert len(fields) == 19
    return "\t".join(fields) + "\n"


DUMP = (
    row(9990001, "Hlybokivka Nova", "Glubokovka Novaya", 49.9, 36.9, "P", "PPL", "UA", "07", 700)
    + row(
        706482,
        "Kharkivs'ka Oblast'",
        "Kharkiv Oblast,Kharkovskaya Oblast'",
        49.5,
        36.5,
        "A",
        "ADM1",
        "UA",
        "07",
        2_700_000,
    )
    + row(9990002, "Some Stream", "", 49.0, 36.0, "H", "STM", "UA", "07", 0)
)


@pytest.fixture()
def index(gazetteer, tmp_path):
    path = tmp_path / "index.sqlite"
    shutil.copyfile(gazetteer.path, path)
    return path


def test_import_adds_places_and_takes_over_derived_region(index, tmp_path):
    dump = tmp_path / "UA.txt"
    dump.write_text(DUMP, encoding="utf-8")
    before = Gazetteer.open(index).version()
    assert import_geonames(dump, index) == 2  # the stream is not a place this index keeps
    gazetteer = Gazetteer.open(index)
    assert gazetteer.version() != before and "import:UA.txt=2" in gazetteer.version()
    (village,) = gazetteer.lookup("Glubokovka Novaya")
    assert village.entry.gid == "geonames:9990001"
    assert village.entry.admin1 == "Kharkivs'ka Oblast'"
    (region,) = gazetteer.lookup("Kharkiv province")  # the derived region's forms now point here
    assert region.entry.gid == "geonames:706482"
    assert gazetteer.entry("iso3166-2:UA-63") is None


def test_import_reads_zip_archives(index, tmp_path):
    archive = tmp_path / "UA.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("UA.txt", DUMP)
        zipped.writestr("readme.txt", "about")
    assert import_geonames(archive, index) == 2


@pytest.mark.parametrize(
    ("damage", "line"),
    [
        (lambda text: text[: len(text) - 40], 3),  # truncated last line
        (lambda text: text.replace("49.9", "north", 1), 1),  # a latitude that is no number
    ],
)
def test_broken_dump_names_the_line_and_leaves_index_unchanged(index, tmp_path, damage, line):
    before = index.read_bytes()
    dump = tmp_path / "UA.txt"
    dump.write_text(damage(DUMP), encoding="utf-8")
    with pytest.raises(GeoNamesImportError, match=rf"UA\.txt:{line}:"):
        import_geonames(dump, index)
    assert index.read_bytes() == before
    assert Gazetteer.open(index).lookup("Glubokovka Novaya") == []
