"""An offline gazetteer: GeoNames cities and countries, ISO 3166-2 regions, in one SQLite index."""

from sitroom.resolve.gazetteer.disambiguate import MIN_CONFIDENCE, Disambiguator, Resolution, Toponym
from sitroom.resolve.gazetteer.geonames import GeoNamesImportError, import_geonames
from sitroom.resolve.gazetteer.index import (
    Entry,
    Gazetteer,
    Match,
    default_index_path,
    index_is_current,
)
from sitroom.resolve.gazetteer.names import (
    REGION_ABBREVIATIONS,
    REGION_WORDS,
    fold,
    skeleton,
    split_region_form,
)
from sitroom.resolve.gazetteer.schema import DEMONYM, PRIMARY

__all__ = [
    "DEMONYM",
    "MIN_CONFIDENCE",
    "PRIMARY",
    "REGION_ABBREVIATIONS",
    "REGION_WORDS",
    "Disambiguator",
    "Entry",
    "Gazetteer",
    "GeoNamesImportError",
    "Match",
    "Resolution",
    "Toponym",
    "default_index_path",
    "fold",
    "import_geonames",
    "index_is_current",
    "skeleton",
    "split_region_form",
]
