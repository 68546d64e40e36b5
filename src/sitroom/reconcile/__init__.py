"""Reconcile: one picture from many reports.

Reads the annotations of the whole store and writes, in one transaction, the incidents (canonical
events with their mentions, narrowing date range and independent origins) and the cross-document
links: ``same_event`` (mention -> incident), ``corroborates`` (a further independent origin ->
the first report), ``contradicts`` (two pieces of evidence that disagree, with an explanation) and
``same_story`` (document -> the first-published document of its story). It is recomputed whole on
each run, so its result depends only on the annotations, never on the order work was done in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sitroom.reconcile.contradictions import find_contradictions
from sitroom.reconcile.evidence import Evidence
from sitroom.reconcile.incidents import group_events
from sitroom.reconcile.stories import group_stories
from sitroom.store import Store


@dataclass(slots=True)
class ReconcileSummary:
    incidents: int = 0
    corroborated: int = 0
    contested: int = 0
    contradictions: int = 0
    stories: int = 0  # stories of more than one document


def reconcile(store: Store) -> ReconcileSummary:
    evidence = Evidence.load(store)
    incidents, links = group_events(evidence)
    contradictions = find_contradictions(evidence, incidents)
    incident_of = {event_id: incident for incident in incidents for event_id in incident.mentions}
    contested = {
        incident_of[end].id
        for link in contradictions
        for end in (link.source, link.target)
        if end in incident_of
    }
    incidents = [
        dataclasses.replace(incident, status="contested") if incident.id in contested else incident
        for incident in incidents
    ]
    stories = group_stories(evidence, incidents)
    store.replace_reconciliation(incidents, [*links, *contradictions, *stories])
    return ReconcileSummary(
        incidents=len(incidents),
        corroborated=sum(incident.status == "corroborated" for incident in incidents),
        contested=len(contested),
        contradictions=len(contradictions),
        stories=len({link.target for link in stories}),
    )


__all__ = ["ReconcileSummary", "reconcile"]
