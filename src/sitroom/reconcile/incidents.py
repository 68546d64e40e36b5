"""Event co-reference: the event mentions of many reports become one incident each.

Mentions are blocked by (type, category of an OTHER event, place, side that gained control), so only
mentions that could be the same happening are ever compared; within a block they are swept in date
order and joined to an open incident whose date range they overlap. The incident's range is the
intersection of its mentions' ranges: it narrows as evidence accumulates. Mentions without a place, or
without any date, are incidents of their own: nothing says they are the same as another.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sitroom.reconcile.evidence import Evidence
from sitroom.records import OTHER_TYPE, Incident, Link, stable_id
from sitroom.timeml import Interval

# Only reports of something that happened make incidents; denials, plans, hypotheses and background
# are the contradiction finder's to compare.
HAPPENED = frozenset({"asserted", "claimed"})


@dataclass(slots=True)
class _Cluster:
    interval: Interval | None
    mentions: list[dict[str, Any]] = field(default_factory=list)


def group_events(evidence: Evidence) -> tuple[list[Incident], list[Link]]:
    """Incidents, with a ``same_event`` link from each mention to its incident and ``corroborates``
    links from the first report of each further independent origin to the first report overall."""
    blocks: dict[tuple[str, str | None, str, str | None], list[dict[str, Any]]] = defaultdict(list)
    clusters: list[_Cluster] = []
    for event in evidence.events:
        if event["modality"] not in HAPPENED:
            continue
        place = evidence.places.get(event["place"] or "")
        gazetteer_id = place["gazetteer_id"] if place else None
        interval = evidence.interval(event["date"], event["date_precision"], event["doc_id"])
        if gazetteer_id is None or interval is None:
            clusters.append(_Cluster(interval, [event]))
        else:
            # An earthquake and a robbery in one town on one day are two happenings, though both OTHER.
            kind = event["category"] if event["type"] == OTHER_TYPE else None
            blocks[(event["type"], kind, gazetteer_id, event["control_side"])].append(event)
    for mentions in blocks.values():
        clusters += _sweep(evidence, mentions)
    incidents, links = [], []
    for cluster in clusters:
        incident = _incident(evidence, cluster)
        incidents.append(incident)
        links += _incident_links(evidence, incident, cluster.mentions)
    incidents.sort(key=lambda i: (i.date_start or "9999", i.id))
    return incidents, links


def _sweep(evidence: Evidence, mentions: list[dict[str, Any]]) -> list[_Cluster]:
    dated = sorted(
        ((evidence.interval(e["date"], e["date_precision"], e["doc_id"]), e) for e in mentions),
        key=lambda pair: (pair[0], pair[1]["id"]),
    )
    closed: list[_Cluster] = []
    open_clusters: list[_Cluster] = []
    for interval, event in dated:
        assert interval is not None  # blocks hold dated mentions only
        # Sorted by start, so a cluster that ends before this mention starts can take no later one.
        still_open: list[_Cluster] = []
        for cluster in open_clusters:
            (
                closed if cluster.interval is not None and cluster.interval[1] < interval[0] else still_open
            ).append(cluster)
        open_clusters = still_open
        home = next((c for c in reversed(open_clusters) if _intersect(c.interval, interval)), None)
        if home is None:
            open_clusters.append(_Cluster(interval, [event]))
        else:
            home.interval = _intersect(home.interval, interval)
            home.mentions.append(event)
    return closed + open_clusters


def _intersect(a: Interval | None, b: Interval) -> Interval | None:
    if a is None:
        return None
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start <= end else None


def _report_order(evidence: Evidence, event: dict[str, Any]) -> tuple[str, str, int]:
    published = evidence.published(event["doc_id"])
    return (published.isoformat() if published else "9999", event["doc_id"], event["start"])


def _incident(evidence: Evidence, cluster: _Cluster) -> Incident:
    mentions = sorted(cluster.mentions, key=lambda e: _report_order(evidence, e))
    first = mentions[0]
    place = evidence.places.get(first["place"] or "")
    reported = sorted(d.isoformat() for e in mentions if (d := evidence.published(e["doc_id"])))
    origins = _unique(evidence.origin(e["doc_id"], e["claim"]) for e in mentions)
    modes = Counter(e["mode"] for e in mentions if e["mode"])
    categories = Counter(e["category"] for e in mentions if e["category"])
    sides = _unique(p["side"] for e in mentions for p in e["actors"] if p.get("side"))
    return Incident(
        id=stable_id("inc", first["id"]),
        type=first["type"],
        mode=modes.most_common(1)[0][0] if modes else None,
        modality="asserted" if any(e["modality"] == "asserted" for e in mentions) else "claimed",
        place=place["gazetteer_id"] if place else None,
        place_name=place["name"] if place else None,
        lat=place["lat"] if place else None,
        lon=place["lon"] if place else None,
        date_start=cluster.interval[0].isoformat() if cluster.interval else None,
        date_end=cluster.interval[1].isoformat() if cluster.interval else None,
        control_side=first["control_side"],
        sides=sorted(sides),
        mentions=[e["id"] for e in mentions],
        documents=_unique(e["doc_id"] for e in mentions),
        origins=origins,
        first_reported=reported[0] if reported else None,
        last_reported=reported[-1] if reported else None,
        status="corroborated" if len(origins) > 1 else "single_source",
        category=categories.most_common(1)[0][0] if categories else None,
    )


def _incident_links(evidence: Evidence, incident: Incident, mentions: list[dict[str, Any]]) -> list[Link]:
    links = [
        Link(
            id=stable_id("lnk", "same_event", e["id"]), kind="same_event", source=e["id"], target=incident.id
        )
        for e in mentions
    ]
    by_id = {e["id"]: e for e in mentions}
    first = by_id[incident.mentions[0]]
    first_origin = evidence.origin(first["doc_id"], first["claim"])
    seen = {first_origin}
    for event_id in incident.mentions[1:]:
        event = by_id[event_id]
        origin = evidence.origin(event["doc_id"], event["claim"])
        if origin in seen:
            continue
        seen.add(origin)
        links.append(
            Link(
                id=stable_id("lnk", "corroborates", event_id, first["id"]),
                kind="corroborates",
                source=event_id,
                target=first["id"],
                explanation=f"{evidence.origin_label(origin)} reports it independently of "
                f"{evidence.origin_label(first_origin)}",
            )
        )
    return links


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
