"""Real headlines located: UCDP GED headlines about Ukraine with the gold points of their events.

Used by ``geo_eval.py --corpus UCDP``, measured two ways. By place mentions: a headline is located
when ``sitroom_places`` resolves a place in it, and located below country level when that place is
not a country; its point is the most specific place it names (a town before a district, a region, a
country; the first of equals). By events (the whole pipeline): a headline is located when one of its
violent events (``VIOLENT``) has a resolved place; its point is the most specific such place. The
error is the distance to the nearest gold event point. The file is split into a dev and a check
half by a hash of the document id; errors are listed for the dev half only, so that the check half
stays unseen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from sitroom.records import Annotations, Place
from sitroom.resolve.gazetteer.disambiguate import haversine_km

HEADLINES = "real/ucdp-ukraine-headlines.jsonl"
GOLD = "real/ucdp-ukraine-headlines-gold.jsonl"
ACCURACY_KM = 161.0
# Rank of a place's feature: lower is more specific.
SPECIFICITY = {"city": 0, "airport": 0, "facility": 0, "admin2": 1, "admin1": 2, "country": 4, "continent": 5}
OTHER_FEATURE = 3  # seas, macro-regions
VIOLENT = frozenset({"ASSAULT", "CONTROL"})  # event types that UCDP's fatal events are reported as


@dataclass(slots=True)
class Headline:
    id: str
    text: str
    golds: list[tuple[float, float]]


@dataclass(slots=True)
class HeadlineScore:
    headlines: int = 0
    errors: list[float] = field(default_factory=list)  # km, one per located headline
    countries_only: int = 0  # located headlines whose most specific place is a country or continent
    misses: list[tuple[str, str, float]] = field(default_factory=list)  # text, place, km (dev only)

    def row(self, name: str) -> str:
        located = len(self.errors)
        share = 100 * located / max(self.headlines, 1)
        acc = sum(e <= ACCURACY_KM for e in self.errors) / max(located, 1)
        below = 100 * (located - self.countries_only) / max(self.headlines, 1)
        km = median(self.errors) if self.errors else float("nan")
        return f"| {name} | {self.headlines} | {share:.1f} | {below:.1f} | {acc:.3f} | {km:.1f} |"


def half_of(doc_id: str) -> str:
    return "dev" if int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "check"


def load(eval_dir: Path, half: str) -> list[Headline]:
    golds: dict[str, list[tuple[float, float]]] = {}
    with open(eval_dir / GOLD, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            golds[record["doc"]] = [(e["lat"], e["lon"]) for e in record["events"]]
    headlines = []
    with open(eval_dir / HEADLINES, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if half in ("all", half_of(record["id"])) and golds.get(record["id"]):
                headlines.append(Headline(record["id"], record["text"], golds[record["id"]]))
    return headlines


def most_specific(places: list[Place]) -> Place | None:
    located = [p for p in places if p.lat is not None and p.lon is not None]
    return min(
        located, key=lambda p: (SPECIFICITY.get(p.feature or "", OTHER_FEATURE), p.start), default=None
    )


def event_places(annotations: Annotations) -> list[Place]:
    """The places of a document's violent events."""
    by_id = {place.id: place for place in annotations.places}
    return [by_id[e.place] for e in annotations.events if e.type in VIOLENT and e.place in by_id]


def evaluate(
    analyse: Callable[[str], Annotations],
    headlines: list[Headline],
    half: str,
    places_of: Callable[[Annotations], list[Place]] = lambda annotations: annotations.places,
) -> HeadlineScore:
    """The score of the most specific of ``places_of`` each headline's annotations (default: every
    place it names)."""
    score = HeadlineScore()
    for headline in headlines:
        score.headlines += 1
        place = most_specific(places_of(analyse(headline.text)))
        if place is None or place.lat is None or place.lon is None:
            if half == "dev":
                score.misses.append((headline.text, "-", float("nan")))
            continue
        error = min(haversine_km(place.lat, place.lon, lat, lon) for lat, lon in headline.golds)
        score.errors.append(error)
        score.countries_only += place.feature in ("country", "continent")
        if half == "dev" and error > ACCURACY_KM:
            score.misses.append(
                (headline.text, f"{place.text} -> {place.name} ({place.gazetteer_id})", error)
            )
    return score
