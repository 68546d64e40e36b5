"""The report's map: fitted to the theatre (the densest cluster of incidents, not the world), one marker per
place and kind of incident (control changes as diamonds, strikes as circles, the rest as small squares,
coloured by side), and labels placed where they overlap nothing else.

Every label that comes from article text or the store is escaped: it is hostile input.
"""

from __future__ import annotations

import html
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.report.figures import OTHER_SIDE_COLOUR, _countries, _path, _View

Box = tuple[float, float, float, float]  # west, south, east, north, in degrees

# A theatre of operations: the front and the cities behind it. The densest cluster is the place with the
# most reports within CLUSTER_KM; what lies further than THEATRE_KM from it (a summit abroad, a capital
# named in passing) is listed beside the map, not drawn.
CLUSTER_KM = 250.0
THEATRE_KM = 600.0
KINDS = ("control", "strike", "other")
KIND_NAMES = {"control": "control change", "strike": "strike or attack", "other": "other event"}
LABEL_FONT = 12
LABEL_CHAR_WIDTH = 6.8  # average advance of a system sans-serif at LABEL_FONT px


@dataclass(slots=True, frozen=True)
class Marker:
    """One incident at a settlement-level place."""

    lat: float
    lon: float
    kind: str  # one of KINDS
    side: str | None  # whose: the side gaining control, else the actors' side
    name: str  # the place, written beside the marker
    label: str  # tooltip, plain text
    href: str  # anchor in the report
    weight: int = 1  # number of reports


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def fit_theatre(points: Sequence[tuple[float, float, int]]) -> Box | None:
    """The box around the points within THEATRE_KM of the densest cluster; ``points``: (lat, lon, weight)."""
    if not points:
        return None

    def near(centre: tuple[float, float, int], radius: float) -> list[tuple[float, float, int]]:
        return [p for p in points if distance_km(centre[0], centre[1], p[0], p[1]) <= radius]

    densest = max(points, key=lambda p: (sum(w for *_, w in near(p, CLUSTER_KM)), p[2], -p[0], -p[1]))
    members = near(densest, THEATRE_KM)
    lats = [p[0] for p in members]
    lons = [p[1] for p in members]
    return min(lons), min(lats), max(lons), max(lats)


def in_box(box: Box, lat: float, lon: float, margin: float = 0.0) -> bool:
    west, south, east, north = box
    return west - margin <= lon <= east + margin and south - margin <= lat <= north + margin


def _framed(box: Box, width: int, aspect: float) -> _View:
    """``box`` with a margin, at least a couple of degrees across, widened to the map's aspect."""
    west, south, east, north = box
    middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
    factor = math.cos(math.radians(middle_lat))
    lat_span = max(2.0, (north - south) * 1.25)
    lon_span = max(3.0, (east - west) * 1.25, lat_span / aspect / factor)
    lat_span = max(lat_span, lon_span * factor * aspect)
    return _View(
        west=middle_lon - lon_span / 2,
        south=middle_lat - lat_span / 2,
        east=middle_lon + lon_span / 2,
        north=middle_lat + lat_span / 2,
        width=width,
    )


@dataclass(slots=True)
class _Group:
    x: float
    y: float
    kind: str
    name: str
    weight: int
    href: str
    sides: Counter[str]
    labels: list[str]

    @property
    def radius(self) -> float:
        return round(4 + 2.2 * math.sqrt(self.weight), 1)


def _groups(view: _View, markers: Sequence[Marker]) -> list[_Group]:
    """One symbol per place and kind: the incidents of a place add up."""
    grouped: dict[tuple[float, float, str], list[Marker]] = defaultdict(list)
    for marker in markers:
        grouped[(*view.xy(marker.lon, marker.lat), marker.kind)].append(marker)
    groups = []
    for (x, y, kind), members in grouped.items():
        heaviest = max(members, key=lambda m: m.weight)
        groups.append(
            _Group(
                x=x,
                y=y,
                kind=kind,
                name=heaviest.name,
                weight=sum(m.weight for m in members),
                href=heaviest.href,
                sides=Counter(m.side or "other" for m in members),
                labels=[m.label for m in sorted(members, key=lambda m: -m.weight)],
            )
        )
    # Heaviest first: they are labelled first.
    return sorted(groups, key=lambda g: (-g.weight, KINDS.index(g.kind)))


Rect = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_labels(groups: list[_Group], width: int, height: int) -> list[tuple[str, float, float, str]]:
    """(text, x, y, anchor) for as many places as can be named without covering a label or a marker."""
    taken: list[Rect] = [(g.x - g.radius, g.y - g.radius, g.x + g.radius, g.y + g.radius) for g in groups]
    placed: list[tuple[str, float, float, str]] = []
    named: set[tuple[float, float]] = set()
    for group in groups:
        if not group.name or (group.x, group.y) in named:
            continue
        named.add((group.x, group.y))
        text_width = len(group.name) * LABEL_CHAR_WIDTH
        gap = group.radius + 3
        candidates = [  # right, left, above, below, then the corners
            (group.x + gap, group.y + LABEL_FONT / 3, "start"),
            (group.x - gap, group.y + LABEL_FONT / 3, "end"),
            (group.x, group.y - gap, "middle"),
            (group.x, group.y + gap + LABEL_FONT * 0.8, "middle"),
            (group.x + gap * 0.7, group.y - gap * 0.7, "start"),
            (group.x - gap * 0.7, group.y - gap * 0.7, "end"),
            (group.x + gap * 0.7, group.y + gap * 0.7 + LABEL_FONT * 0.6, "start"),
            (group.x - gap * 0.7, group.y + gap * 0.7 + LABEL_FONT * 0.6, "end"),
        ]
        for x, baseline, anchor in candidates:
            left = {"start": x, "end": x - text_width, "middle": x - text_width / 2}[anchor]
            box = (left - 1, baseline - LABEL_FONT * 0.85, left + text_width + 1, baseline + 3)
            if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
                continue
            if any(_overlaps(box, other) for other in taken):
                continue
            taken.append(box)
            placed.append((group.name, x, baseline, anchor))
            break
    return placed


def _symbol(kind: str, x: float, y: float, radius: float, fill: str) -> str:
    if kind == "control":
        r = radius * 1.35
        points = f"{x:g},{y - r:g} {x + r:g},{y:g} {x:g},{y + r:g} {x - r:g},{y:g}"
        return f"<polygon points='{points}' fill='{fill}' stroke='#1d2329' stroke-width='1.6'"
    if kind == "strike":
        return f"<circle cx='{x:g}' cy='{y:g}' r='{radius:g}' fill='{fill}' fill-opacity='.8' stroke='#fff'"
    half = radius * 0.6
    return (
        f"<rect x='{x - half:g}' y='{y - half:g}' width='{2 * half:g}' height='{2 * half:g}' fill='{fill}' "
        "fill-opacity='.55' stroke='#fff'"
    )


def legend_icon(kind: str) -> str:
    """A small inline SVG of a marker, for the legend."""
    body = _symbol(kind, 9, 9, 5, "#8a8f96")
    return f"<svg class=icon width='18' height='18' viewBox='0 0 18 18' aria-hidden=true>{body}/></svg>"


def map_svg(
    markers: Sequence[Marker],
    box: Box,
    side_colours: dict[str, str],
    width: int = 760,
    aspect: float = 0.72,
) -> str:
    """The theatre's map; markers take their side's colour from ``side_colours`` (the profile's)."""
    view = _framed(box, width, aspect)
    groups = _groups(view, markers)
    parts = [
        f"<svg class=map id=theatre-map viewBox='0 0 {view.width} {view.height}' role=img "
        "aria-label='Map of incidents' xmlns='http://www.w3.org/2000/svg'>",
        f"<clipPath id=map-frame><rect width='{view.width}' height='{view.height}'/></clipPath>",
        f"<g clip-path='url(#map-frame)'><rect width='{view.width}' height='{view.height}' fill='#dbe7f0'/>",
    ]
    for name, rings in _countries():
        path = _path(view, rings)
        if path:
            parts.append(f"<path d='{path}' fill='#f4f1ea' stroke='#9a958a' stroke-width='.6'>")
            parts.append(f"<title>{html.escape(name)}</title></path>")
    # Control changes drawn last, over the strikes at the same place: there are few of them and they matter.
    for group in sorted(groups, key=lambda g: (-KINDS.index(g.kind), -g.weight)):
        side = group.sides.most_common(1)[0][0]
        tooltip = "\n".join(group.labels[:6]) + (
            f"\nand {len(group.labels) - 6} more" if len(group.labels) > 6 else ""
        )
        colour = side_colours.get(side, OTHER_SIDE_COLOUR)
        parts.append(
            f"<a href='{html.escape(group.href, quote=True)}' class='marker {group.kind}'>"
            f"{_symbol(group.kind, group.x, group.y, group.radius, colour)}>"
            f"<title>{html.escape(tooltip)}</title></{_tag(group.kind)}></a>"
        )
    for text, x, y, anchor in _place_labels(groups, view.width, view.height):
        parts.append(
            f"<text x='{x:g}' y='{y:g}' text-anchor='{anchor}' font-size='{LABEL_FONT}' fill='#1d2329' "
            f"stroke='#fff' stroke-width='3' paint-order='stroke'>{html.escape(text)}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _tag(kind: str) -> str:
    return {"control": "polygon", "strike": "circle"}.get(kind, "rect")
