"""Choosing among gazetteer entries for the toponyms of one document, with the document as context.

Each candidate gets a score in log-odds units: a population prior (one point per decade, more for
countries, regions and capitals, and for a primary rather than alternate name), and bonuses for
sitting in a country or region that the document's other toponyms probably name (soft votes of
their candidates, in two rounds: by prior, then in context), near its confidently placed towns, and
inside an explicit qualifier ("Izium in the Kharkiv region", "Lyman, Donetsk"). A softmax over
the scores gives the confidence; below ``min_confidence`` the toponym stays unresolved with its
candidates listed, unless its best candidate is ``DOMINANCE`` times as likely as the runner-up.
One sense per document: a name is resolved once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from sitroom.resolve.gazetteer.index import Entry, Gazetteer, Match
from sitroom.resolve.gazetteer.names import REGION_ABBREVIATIONS, fold, skeleton, strip_article
from sitroom.resolve.gazetteer.schema import DEMONYM, PRIMARY

# Below this a toponym stays unresolved. Set from the calibration on LGL, GWN and TR-News (forced
# choice, gold spans): resolutions with confidence 0.4-0.5 are right 49-95 % of the time, more than
# they claim; those at 0.3-0.4 only 23-44 %, about what they claim, so they stay unresolved.
MIN_CONFIDENCE = 0.4
# The most populous ones; the long tail of hamlets never wins on context alone, only inside an explicit
# qualifier ("Stepove in the Zaporizhzhia region").
MAX_CANDIDATES = 40
QUALIFIER_BONUS = 4.0
COUNTRY_BONUS = 2.0
REGION_BONUS = 2.5
NEAR_BONUS = 2.0
NEAR_KM = 250.0
PRIMARY_BONUS = 1.0
CAPITAL_BONUS = 1.0  # a capital is the usual referent of its name: Washington, Rome, Paris
SKELETON_PENALTY = 1.0  # matched only through the transliteration skeleton
# Curated features (oceans, seas, macro-regions, airports, facilities) have no population: their prior
# stands in for one as large as a big country's, a big city's or a town's, so that "Atlantic" is the
# ocean and "Heathrow" the airport, not the towns.
FEATURE_PRIOR = {
    "continent": 1.0, "country": 1.0, "admin1": 0.5, "city": 0.0, "ocean": 9.0, "sea": 7.0, "region": 7.0,
    "airport": 5.0, "facility": 5.0,
}  # fmt: skip
ANCHOR_CONFIDENCE = 0.6  # context-free resolutions this sure give the document its focus
LISTED_CANDIDATES = 5
ACRONYM_LENGTH = 4
CITY_STATE_SHARE = 4  # a city with a quarter of its namesake region's people stands for it
# Below min_confidence, a candidate this many times as likely as the runner-up is still taken: its
# probability is low only because many minor namesakes share the rest.
DOMINANCE = 4.0
# A minor town far from the region the document is about is more likely a village the gazetteer
# lacks that shares its name (a "Starytsia" near Kharkiv is not the town in Tver): left unresolved.
MINOR_POPULATION = 20_000
FOCUS_SUPPORT = 1.5  # the other toponyms' votes that make a region the document's focus
FAR_KM = 500.0
NAMED_SUPPORT = 0.25  # votes below this for the town's own region are stray namesakes, not a mention


@dataclass(slots=True)
class Toponym:
    text: str
    city_only: bool = False  # "the city of X", "the town of X"
    region_only: bool = False  # "New York state", "upstate New York"
    not_city: bool = False  # "Albany, New York": after a town and a comma stands a region or country
    qualifier: int | None = None  # index of the toponym that locates this one


@dataclass(slots=True)
class Resolution:
    entry: Entry | None
    confidence: float
    candidates: list[str] = field(default_factory=list)


def km(a: Entry, b: Entry) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(slots=True)
class _Context:
    """What the other toponyms say: how likely each country and region is among their senses."""

    countries: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    regions: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    # Each name key's own share of those, so that a toponym never votes for itself.
    votes: dict[str, tuple[dict[str, float], dict[tuple[str, str], float]]] = field(default_factory=dict)
    anchors: dict[str, Entry] = field(default_factory=dict)  # name key -> confident entry


Senses = list[tuple[float, Entry]]  # (probability, entry), most likely first


def _context_of(senses: dict[str, Senses]) -> _Context:
    """Soft votes: "Gainesville", "Hall County" and "Georgia" each give Georgia, US, part of their
    weight, so together they settle one another although none is sure alone."""
    context = _Context()
    for key, ranked in senses.items():
        countries: defaultdict[str, float] = defaultdict(float)
        regions: defaultdict[tuple[str, str], float] = defaultdict(float)
        for probability, entry in ranked:
            if entry.country:
                countries[entry.country] += probability
                context.countries[entry.country] += probability
                if entry.admin1_code:
                    region = (entry.country, entry.admin1_code)
                    regions[region] += probability
                    context.regions[region] += probability
        context.votes[key] = (countries, regions)
        if ranked and ranked[0][0] >= ANCHOR_CONFIDENCE:
            context.anchors[key] = ranked[0][1]
    return context


def _prior(match: Match, key: str) -> float:
    entry = match.entry
    score = math.log10(entry.population + 1) + FEATURE_PRIOR.get(entry.feature, 0.0)
    if entry.capital:
        score += CAPITAL_BONUS
    # A romanisation of the entry's own name outranks a stray alternate name: GeoNames lists
    # "Sloviansk" under Nikopol too.
    if match.kind in (PRIMARY, DEMONYM) or skeleton(fold(entry.name)) == skeleton(key):
        score += PRIMARY_BONUS
    if not match.exact:
        score -= SKELETON_PENALTY
    return score


def _ranked(probabilities: list[float], matches: list[Match]) -> Senses:
    return sorted(
        ((p, m.entry) for p, m in zip(probabilities, matches, strict=True)), key=lambda pair: -pair[0]
    )


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


class Disambiguator:
    def __init__(self, gazetteer: Gazetteer, min_confidence: float = MIN_CONFIDENCE, demonyms: bool = False):
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence
        self.demonyms = demonyms  # "Russian troops" names Russia

    def namesakes(self, toponym: Toponym) -> list[Match]:
        """Every entry a toponym may name, most likely first."""
        region = REGION_ABBREVIATIONS.get(toponym.text.strip())
        if region is not None:
            return [
                m
                for m in self.gazetteer.lookup(region)
                if m.entry.feature == "admin1" and m.entry.country in ("US", "CA")
            ][:1]
        matches = self.gazetteer.lookup(toponym.text, demonyms=self.demonyms)
        key = strip_article(fold(toponym.text))
        if toponym.city_only:
            matches = [m for m in matches if m.entry.feature == "city"]
        elif toponym.region_only:
            # Before the city-state rule, which would otherwise hand New York back to the city.
            matches = [m for m in matches if m.entry.feature in ("admin1", "admin2")] or matches
        elif toponym.not_city:
            matches = [m for m in matches if m.entry.feature != "city"] or matches
        if toponym.text.isupper() and len(toponym.text.replace(".", "")) <= ACRONYM_LENGTH:
            # "EU", "SA", "UAE": an acronym names a country or region, never the hamlet "Eu".
            matches = [m for m in matches if m.entry.feature != "city"]
        matches = [m for m in matches if not _city_state(m, matches)]
        if not toponym.region_only:  # "Mexico state" is the region
            matches = [m for m in matches if not _country_namesake(m, matches, key)]
        matches.sort(key=lambda m: (-_prior(m, key), m.entry.id))
        return matches

    def candidates(self, toponym: Toponym) -> list[Match]:
        """The ``MAX_CANDIDATES`` likeliest entries a toponym may name, most likely first."""
        return self.namesakes(toponym)[:MAX_CANDIDATES]

    def resolve(self, toponyms: list[Toponym]) -> list[Resolution]:
        keys = [strip_article(fold(t.text)) for t in toponyms]
        # One sense per document: a cue at any mention of a name ("upstate New York") holds for all.
        cued: dict[str, Toponym] = {}
        for key, toponym in zip(keys, toponyms, strict=True):
            known = cued.setdefault(key, Toponym(toponym.text))
            known.region_only |= toponym.region_only
            known.not_city |= toponym.not_city
            known.city_only = (known.city_only or toponym.city_only) and not (
                known.region_only or known.not_city
            )
        namesakes = {key: self.namesakes(t) for key, t in cued.items()}
        candidates = {key: matches[:MAX_CANDIDATES] for key, matches in namesakes.items()}
        prior = {
            key: _ranked(_softmax([_prior(m, key) for m in matches]), matches) if matches else []
            for key, matches in candidates.items()
        }
        context = _context_of(prior)
        # Once more with the senses in that context: "Decatur" is settled by the "DeKalb County"
        # that only the first round could place.
        contextual = {key: self._senses(key, matches, context, None) for key, matches in candidates.items()}
        return self._resolve_with(toponyms, keys, namesakes, _context_of(contextual))

    def _resolve_with(
        self,
        toponyms: list[Toponym],
        keys: list[str],
        namesakes: dict[str, list[Match]],
        context: _Context,
    ) -> list[Resolution]:
        chosen: dict[int, Resolution] = {}
        # Qualifiers first: "Izium in the Kharkiv region" needs the region before the town.
        order = sorted(range(len(toponyms)), key=lambda i: toponyms[i].qualifier is not None)
        by_key: dict[tuple[str, int | None], Resolution] = {}
        for i in order:
            qualifier_index = toponyms[i].qualifier
            qualifier = chosen.get(qualifier_index) if qualifier_index is not None else None
            qualifier_entry = qualifier.entry if qualifier else None
            sense = (keys[i], qualifier_entry.id if qualifier_entry else None)
            if sense not in by_key:
                matches = namesakes[keys[i]]
                # "Stepove in the Zaporizhzhia region": the region's own namesakes, however far down.
                far = matches[MAX_CANDIDATES:] if qualifier_entry else []
                inside = [m for m in far if qualifier_entry and _inside(m.entry, qualifier_entry)]
                chosen_from = matches[:MAX_CANDIDATES] + inside
                by_key[sense] = self._choose(keys[i], chosen_from, context, qualifier_entry)
            chosen[i] = by_key[sense]
        return [chosen[i] for i in range(len(toponyms))]

    def _senses(self, key: str, matches: list[Match], context: _Context, qualifier: Entry | None) -> Senses:
        own = context.anchors.get(key)
        scores = [self._score(key, m.entry, _prior(m, key), context, own, qualifier) for m in matches]
        return _ranked(_softmax(scores), matches) if matches else []

    def _choose(
        self, key: str, matches: list[Match], context: _Context, qualifier: Entry | None
    ) -> Resolution:
        if not matches:
            return Resolution(None, 0.0)
        ranked = self._senses(key, matches, context, qualifier)
        best_probability, best = ranked[0]
        listed = [entry.gid for _, entry in ranked[:LISTED_CANDIDATES]]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        if best_probability < self.min_confidence and best_probability < DOMINANCE * runner_up:
            return Resolution(None, round(best_probability, 3), listed)
        if qualifier is None and _far_from_focus(key, best, context):
            return Resolution(None, round(best_probability, 3), listed)
        return Resolution(best, round(best_probability, 3), listed[1:])

    @staticmethod
    def _score(
        key: str, entry: Entry, prior: float, context: _Context, own: Entry | None, qualifier: Entry | None
    ) -> float:
        score = prior
        own_countries, own_regions = context.votes.get(key, ({}, {}))
        if entry.country:
            support = context.countries.get(entry.country, 0.0) - own_countries.get(entry.country, 0.0)
            score += COUNTRY_BONUS * min(1.0, max(0.0, support))
        if entry.feature != "country":
            region = (entry.country or "", entry.admin1_code or "")
            support = context.regions.get(region, 0.0) - own_regions.get(region, 0.0)
            score += REGION_BONUS * min(1.0, max(0.0, support))
        others = [a for a in context.anchors.values() if a is not own and a.feature in ("city", "admin2")]
        if any(km(entry, a) <= NEAR_KM for a in others if a.id != entry.id):
            score += NEAR_BONUS
        if qualifier is not None and _inside(entry, qualifier):
            score += QUALIFIER_BONUS
        return score


def _far_from_focus(key: str, entry: Entry, context: _Context) -> bool:
    """A minor town outside the document's focus region, whose own region no other toponym names,
    more than FAR_KM from every confidently placed toponym of that focus."""
    if entry.feature != "city" or entry.population >= MINOR_POPULATION:
        return False
    own_regions = context.votes.get(key, ({}, {}))[1]

    def support(region: tuple[str, str]) -> float:
        return context.regions.get(region, 0.0) - own_regions.get(region, 0.0)

    focus = max(context.regions, key=support, default=None)
    entry_region = (entry.country or "", entry.admin1_code or "")
    if focus is None or support(focus) < FOCUS_SUPPORT or support(entry_region) >= NAMED_SUPPORT:
        return False
    anchors = [a for k, a in context.anchors.items() if k != key and (a.country, a.admin1_code) == focus]
    return bool(anchors) and all(km(entry, anchor) > FAR_KM for anchor in anchors)


def _inside(entry: Entry, qualifier: Entry) -> bool:
    if qualifier.feature == "country":
        return entry.country == qualifier.country and entry.id != qualifier.id
    if qualifier.feature == "admin1":
        return (entry.country, entry.admin1_code) == (qualifier.country, qualifier.admin1_code)
    return km(entry, qualifier) <= NEAR_KM


def _city_state(match: Match, matches: list[Match]) -> bool:
    """A region named like the city that makes up most of it (Kyiv, New York, the Paris
    département), or like its country's capital (Washington): the city wins.

    Only without a region word; "Kyiv region" never offers the city.
    """
    region = match.entry
    if region.feature not in ("admin1", "admin2") or match.region_form:
        return False
    return any(
        m.entry.feature == "city"
        and m.entry.country == region.country
        and (
            (
                m.entry.admin1_code == region.admin1_code
                and m.entry.population * CITY_STATE_SHARE >= region.population
            )
            or (m.entry.capital and m.kind == PRIMARY and region.feature == "admin1")
        )
        for m in matches
    )


def _country_namesake(match: Match, matches: list[Match], key: str) -> bool:
    """A place inside a country of the same name yields to the country: the State of Mexico, and
    cities that carry the name only as an alternate one ("Mexico" for Mexico City, "Panama" for
    Panama City). Not a region named with a region word ("Mexico state"), nor a city whose own
    name it is (Luxembourg)."""
    place = match.entry
    if place.feature in ("admin1", "admin2"):
        if match.region_form:
            return False
    elif place.feature != "city" or match.kind == PRIMARY or skeleton(fold(place.name)) == skeleton(key):
        return False
    return any(
        m.entry.feature == "country" and m.entry.country == place.country and m.kind == PRIMARY
        for m in matches
    )
