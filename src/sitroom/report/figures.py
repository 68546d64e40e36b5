"""Figures for the report, drawn as inline SVG so the report stays one self-contained file: the bundled
offline basemap the map of ``sitroom.report.theatre`` is drawn on (world-atlas countries, Natural Earth:
the workspace's copy, built by web/build.mjs) and a timeline of events per day.

Every label that comes from article text or the store is escaped: it is hostile input.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from sitroom.report.wording import human_day

OTHER_SIDE_COLOUR = "#999999"  # the sides a profile draws in no colour of their own

Ring = list[tuple[float, float]]


@dataclass(slots=True, frozen=True)
class _BoxedRing:
    """A ring with its bounding box, so that a view skips the rings outside it without reading them."""

    points: Ring
    west: float
    south: float
    east: float
    north: float


@cache
def _countries() -> tuple[tuple[str, tuple[_BoxedRing, ...]], ...]:
    """(name, rings) of every country in the bundled TopoJSON, decoded once."""
    # Reached from the ``sitroom`` package: naming ``sitroom.serve`` would import the web app (FastAPI and
    # the whole pipeline, seconds of start-up) only to locate a data file.
    atlas = resources.files("sitroom") / "serve" / "static" / "vendor" / "world-atlas"
    basemap = atlas / "countries-50m.json"
    topology = json.loads(basemap.read_text("utf-8"))
    return tuple(
        (name, tuple(_boxed(ring) for ring in rings if ring))
        for name, rings in decode_topojson(topology, "countries")
    )


def _boxed(ring: Ring) -> _BoxedRing:
    lons = [lon for lon, _ in ring]
    lats = [lat for _, lat in ring]
    return _BoxedRing(ring, min(lons), min(lats), max(lons), max(lats))


def decode_topojson(topology: dict[str, Any], layer: str) -> Iterable[tuple[str, tuple[Ring, ...]]]:
    """Rings in (lon, lat) of each geometry of ``layer``: quantized, delta-encoded arcs joined up."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        joined: Ring = []
        for index in indexes:
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            joined.extend(points[1:] if joined else points)
        return joined

    for geometry in topology["objects"][layer]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        rings = tuple(ring(indexes) for polygon in polygons for indexes in polygon)
        yield geometry.get("properties", {}).get("name", ""), rings


@dataclass(slots=True, frozen=True)
class _View:
    """An equirectangular view of a box, x stretched by the cosine of its middle latitude."""

    west: float
    south: float
    east: float
    north: float
    width: int

    @property
    def factor(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def height(self) -> int:
        return max(1, round(self.width * (self.north - self.south) / ((self.east - self.west) * self.factor)))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) / (self.east - self.west) * self.width
        y = (self.north - lat) / (self.north - self.south) * self.height
        return round(x, 1), round(y, 1)


def _path(view: _View, rings: tuple[_BoxedRing, ...]) -> str:
    """SVG path data for the rings that reach into the view; points closer than a pixel are merged."""
    # The projection of ``_View.xy``, its constants taken once: the basemap has 100,000 points.
    west, north, width, height = view.west, view.north, view.width, view.height
    lon_span, lat_span = view.east - view.west, view.north - view.south
    commands = []
    for ring in rings:
        if ring.east < view.west or ring.west > view.east:
            continue
        if ring.north < view.south or ring.south > view.north:
            continue
        points: list[tuple[float, float]] = []
        for lon, lat in ring.points:
            x = round((lon - west) / lon_span * width, 1)
            y = round((north - lat) / lat_span * height, 1)
            if not points or abs(x - points[-1][0]) + abs(y - points[-1][1]) >= 1:
                points.append((x, y))
        if len(points) > 2:
            commands.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(commands)


def timeline_svg(
    per_day: dict[date, Counter[str]], side_colours: dict[str, str], width: int = 900, height: int = 180
) -> str:
    """Stacked bars of events per day, one colour per side of the actors."""
    if not per_day:
        return ""
    first, last = min(per_day), max(per_day)
    days = (last - first).days + 1
    tallest = max(sum(counts.values()) for counts in per_day.values())
    bar = width / days
    axis = 18
    parts = [
        f"<svg class=timeline viewBox='0 0 {width} {height}' role=img aria-label='Events per day' "
        "xmlns='http://www.w3.org/2000/svg'>"
    ]
    for day, counts in sorted(per_day.items()):
        x = (day - first).days * bar
        y = float(height - axis)
        for side in sorted(counts):
            size = counts[side] / tallest * (height - axis - 4)
            y -= size
            colour = side_colours.get(side, OTHER_SIDE_COLOUR)
            parts.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{max(bar - 1, 1):.1f}' height='{size:.1f}' "
                f"fill='{colour}'><title>{human_day(day)}: {counts[side]} event(s), "
                f"{html.escape(side)}</title></rect>"
            )
    for tick in _ticks(first, last):
        x = (tick - first).days * bar
        parts.append(
            f"<text x='{x:.1f}' y='{height - 4}' font-size='11' fill='#5b6570'>{human_day(tick)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _ticks(first: date, last: date, count: int = 5) -> list[date]:
    step = max(1, ((last - first).days + 1) // count)
    return [
        first + timedelta(days=step * index)
        for index in range(count)
        if first + timedelta(days=step * index) <= last
    ]
