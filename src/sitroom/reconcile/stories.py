"""Story clustering: documents about the same happening, grouped.

Two documents tell the same story when one repeats the other (the near-duplicate links of ingest) or
when their leads report the same incident. A document's lead is its first event mention that made an
incident: news puts the happening first. Union-find over those pairs is linear in the store.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sitroom.reconcile.evidence import Evidence
from sitroom.records import Incident, Link, stable_id


def group_stories(evidence: Evidence, incidents: list[Incident]) -> list[Link]:
    """A ``same_story`` link from every member of a story to its first-published document (an original
    before its copies)."""
    parent = {doc_id: doc_id for doc_id in evidence.documents}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    for document in evidence.documents.values():
        if document.near_duplicate_of in parent:
            join(document.id, document.near_duplicate_of)
    incident_of = {event_id: incident.id for incident in incidents for event_id in incident.mentions}
    lead: dict[str, tuple[int, str]] = {}
    for event in evidence.events:
        incident_id = incident_of.get(event["id"])
        if incident_id is not None and (
            event["doc_id"] not in lead or event["start"] < lead[event["doc_id"]][0]
        ):
            lead[event["doc_id"]] = (event["start"], incident_id)
    first_with_lead: dict[str, str] = {}
    for doc_id, (_, incident_id) in sorted(lead.items()):
        if incident_id in first_with_lead:
            join(doc_id, first_with_lead[incident_id])
        else:
            first_with_lead[incident_id] = doc_id
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id in evidence.documents:
        members[root(doc_id)].append(doc_id)
    links = []
    for story in members.values():
        if len(story) < 2:
            continue
        head = min(story, key=lambda d: _seniority(evidence, d))
        links += [
            Link(id=stable_id("lnk", "same_story", doc_id), kind="same_story", source=doc_id, target=head)
            for doc_id in sorted(story)
            if doc_id != head
        ]
    return links


def _seniority(evidence: Evidence, doc_id: str) -> tuple[bool, date | None, bool, str]:
    document = evidence.documents[doc_id]
    return document.published is None, document.published, document.near_duplicate_of is not None, doc_id
