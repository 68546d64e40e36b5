"""An offline gazetteer: GeoNames cities and countries, ISO 3166-2 regions, in one SQLite index."""

from sitroom.resolve.gazetteer.geonames import GeoNamesImportError, import_geonames
from sitroom.resolve.gazetteer.index import Entry, Gazetteer, Match, default_index_path
from sitroom.resolve.gazetteer.names import fold, skeleton, split_region_form

__all__ = [
    "Entry",
    "Gazetteer",
    "GeoNamesImportError",
    "Match",
    "default_index_path",
    "fold",
    "import_geonames",
    "skeleton",
    "split_region_form",
]
