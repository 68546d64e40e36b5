"""Figures for the report, drawn as inline SVG so the report stays one self-contained file: a map of
incidents over the bundled offline basemap (world-atlas countries, Natural Earth: the workspace's copy,
built by web/build.mjs) and a timeline of events per day.

Every label that comes from article text or the store is escaped: it is hostile input.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

# Colours by what an incident is, chosen to stay apart for the common colour-vision deficiencies.
COLOURS = {"CONTROL": "#d95f02", "ASSAULT": "#7570b3", "MOBILIZE": "#1b9e77", "other": "#666666"}
OTHER_SIDE_COLOUR = "#999999"  # the sides a profile draws in no colour of their own

Ring = list[tuple[float, float]]


@dataclass(slots=True, frozen=True)
class MapPoint:
    lat: float
    lon: float
    kind: str  # a key of COLOURS
    name: str  # the place, written beside the point
    label: str  # tooltip: plain text, escaped here
    href: str  # anchor in the report
    weight: int = 1  # number of reports: drawn as the circle's area


@cache
def _countries() -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    """(name, rings) of every country in the bundled TopoJSON, decoded once."""
    # Reached from the ``sitroom`` package: naming ``sitroom.serve`` would import the web app (FastAPI and
    # the whole pipeline, seconds of start-up) only to locate a data file.
    atlas = resources.files("sitroom") / "serve" / "static" / "vendor" / "world-atlas"
    basemap = atlas / "countries-50m.json"
    topology = json.loads(basemap.read_text("utf-8"))
    return tuple(decode_topojson(topology, "countries"))


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


def _view(points: Sequence[MapPoint], width: int, aspect: float = 0.6) -> _View:
    """The box around the points with a margin, at least a few degrees across so one point has
    context, widened to the map's aspect (height / width)."""
    lats = [p.lat for p in points] or [48.5]
    lons = [p.lon for p in points] or [31.0]
    middle_lat, middle_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    factor = math.cos(math.radians(middle_lat))
    lat_span = max(4.0, (max(lats) - min(lats)) * 1.3)
    lon_span = max(6.0, (max(lons) - min(lons)) * 1.3, lat_span / aspect / factor)
    lat_span = max(lat_span, lon_span * factor * aspect)
    return _View(
        west=max(-180.0, middle_lon - lon_span / 2),
        south=max(-85.0, middle_lat - lat_span / 2),
        east=min(180.0, middle_lon + lon_span / 2),
        north=min(85.0, middle_lat + lat_span / 2),
        width=width,
    )


def map_svg(points: Sequence[MapPoint], width: int = 900) -> str:
    view = _view(points, width)
    parts = [
        f"<svg class=map viewBox='0 0 {view.width} {view.height}' role=img "
        f"aria-label='Map of incidents' xmlns='http://www.w3.org/2000/svg'>",
        f"<rect width='{view.width}' height='{view.height}' fill='#dbe7f0'/>",
    ]
    for name, rings in _countries():
        path = _path(view, rings)
        if path:
            parts.append(f"<path d='{path}' fill='#f4f1ea' stroke='#9a958a' stroke-width='.6'>")
            parts.append(f"<title>{html.escape(name)}</title></path>")
    for point in sorted(points, key=lambda p: -p.weight):
        x, y = view.xy(point.lon, point.lat)
        radius = round(3 + 2.5 * math.sqrt(point.weight), 1)
        colour = COLOURS.get(point.kind, COLOURS["other"])
        parts.append(
            f"<a href='{html.escape(point.href, quote=True)}'><circle cx='{x}' cy='{y}' r='{radius}' "
            f"fill='{colour}' fill-opacity='.75' stroke='#fff'><title>{html.escape(point.label)}</title>"
            "</circle></a>"
        )
    named: set[tuple[float, float]] = set()
    for point in points:
        x, y = view.xy(point.lon, point.lat)
        if (x, y) not in named:
            named.add((x, y))
            parts.append(
                f"<text x='{x + 7}' y='{y - 5}' font-size='13' fill='#1d2329' stroke='#fff' stroke-width='3' "
                f"paint-order='stroke'>{html.escape(point.name)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _path(view: _View, rings: tuple[Ring, ...]) -> str:
    """SVG path data for the rings that reach into the view; points closer than a pixel are merged."""
    commands = []
    for ring in rings:
        lons = [lon for lon, _ in ring]
        lats = [lat for _, lat in ring]
        if not ring or max(lons) < view.west or min(lons) > view.east:
            continue
        if max(lats) < view.south or min(lats) > view.north:
            continue
        points: list[tuple[float, float]] = []
        for lon, lat in ring:
            xy = view.xy(lon, lat)
            if not points or abs(xy[0] - points[-1][0]) + abs(xy[1] - points[-1][1]) >= 1:
                points.append(xy)
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
                f"fill='{colour}'><title>{day.isoformat()}: {counts[side]} event(s), "
                f"{html.escape(side)}</title></rect>"
            )
    for tick in _ticks(first, last):
        x = (tick - first).days * bar
        parts.append(
            f"<text x='{x:.1f}' y='{height - 4}' font-size='11' fill='#5b6570'>{tick.isoformat()}</text>"
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
