"""What a report shows, gathered once from the store and rendered as HTML or Markdown."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sitroom.store import Store

ACTOR_TYPES = ("person", "organisation", "group")


@dataclass(slots=True)
class EntityLine:
    id: str
    name: str
    type: str
    documents: int
    mentions: int
    aliases: list[str]


@dataclass(slots=True)
class ReportData:
    counts: dict[str, int]
    documents: list[dict[str, Any]]  # newest first; undated last
    mentions_by_doc: dict[str, list[dict[str, Any]]]
    actors: list[EntityLine]
    locations: list[EntityLine]
    places: list[dict[str, Any]]
    period: tuple[str, str] | None
    sources: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)


def gather(store: Store, top: int = 20) -> ReportData:
    documents = list(store.rows("documents"))
    entities = {row["id"]: row for row in store.rows("entities")}
    mentions_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    docs_per_entity: dict[str, set[str]] = defaultdict(set)
    mentions_per_entity: Counter[str] = Counter()
    for mention in store.rows("mentions"):
        mentions_by_doc[mention["doc_id"]].append(mention)
        if mention["entity_id"]:
            docs_per_entity[mention["entity_id"]].add(mention["doc_id"])
            mentions_per_entity[mention["entity_id"]] += 1
    lines = sorted(
        (
            EntityLine(
                id=entity_id,
                name=entities[entity_id]["name"],
                type=entities[entity_id]["type"],
                documents=len(docs_per_entity[entity_id]),
                mentions=mentions_per_entity[entity_id],
                aliases=entities[entity_id]["aliases"],
            )
            for entity_id in docs_per_entity
        ),
        key=lambda line: (-line.documents, -line.mentions, line.name),
    )
    dates = sorted(str(doc["published"]) for doc in documents if doc["published"])
    documents.sort(key=lambda doc: (doc["published"] is None, str(doc["published"] or "")))
    dated = [doc for doc in documents if doc["published"]]
    dated.reverse()
    return ReportData(
        counts=store.counts(),
        documents=dated + [doc for doc in documents if not doc["published"]],
        mentions_by_doc={k: sorted(v, key=lambda m: m["start"]) for k, v in mentions_by_doc.items()},
        actors=[line for line in lines if line.type in ACTOR_TYPES][:top],
        locations=[line for line in lines if line.type == "location"][:top],
        places=list(store.rows("places")),
        period=(dates[0], dates[-1]) if dates else None,
        sources=Counter(doc["source"] or "(unknown source)" for doc in documents),
        languages=Counter(doc["language"] or "(unknown)" for doc in documents),
    )
