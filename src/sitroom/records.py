"""Typed records that flow between the stages: ingest -> annotate -> resolve -> reconcile -> store -> report.

Every annotation record points to its document (``doc``) and to character offsets (``start``, ``end``)
into that document's *clean* text. Identifiers are deterministic strings derived from content, so a
re-run, or a run resumed after a crash, produces exactly the same rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

import sitroom

# sitroom's name on everything it writes: the reports' generator tag, the exports' "generator" field, the
# Parquet files' metadata. Ingest looks for it to recognise sitroom's own earlier output in a folder.
GENERATOR_NAME = "sitroom"
GENERATOR = f"{GENERATOR_NAME} {sitroom.__version__}"
# The collections of the JSON export, in its order; the CSV and Parquet exports write one file for each.
EXPORT_COLLECTIONS = (
    "documents",
    "entities",
    "mentions",
    "places",
    "timexes",
    "quantities",
    "claims",
    "events",
    "incidents",
    "links",
)

PublishedFrom = Literal["metadata", "text"]


def stable_id(prefix: str, *parts: object) -> str:
    """A short deterministic id: ``prefix`` + 16 hex chars of a SHA-256 over ``parts``."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


# --------------------------------------------------------------------------------------------------
# ingest
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class SourceDocument:
    """One article as a reader found it, before cleaning.

    ``raw_text`` is the text as read: the file's text for plain text, the main text that trafilatura
    extracted for HTML, the record's text for JSONL/feeds. It is stored unaltered.
    """

    origin: str  # where it came from: a path, "path:line" for JSONL, a URL, or "<stdin>"
    format: str  # reader name: text, html, jsonl, feed, warc
    raw_text: str
    external_id: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None  # the outlet or site name
    author: str | None = None
    published: date | None = None
    published_from: PublishedFrom | None = None
    language: str | None = None  # as declared by the record, if any (ISO 639-1)


@dataclass(slots=True)
class IngestProblem:
    """A clear, one-line error about one input; the rest of the batch goes on."""

    origin: str  # file path (with ":line" for line-oriented formats) or URL
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(slots=True, frozen=True)
class BoilerplateSpan:
    """A span of the raw text that cleaning removed, and why."""

    start: int
    end: int
    kind: str  # comment_prompt, related_links, disclaimer, caption, share_prompt, ...


@dataclass(slots=True)
class Document:
    """A cleaned, identified document ready for annotation."""

    id: str
    content_hash: str
    origin: str
    format: str
    raw_text: str
    text: str  # clean text: all annotation offsets point here
    offset_map: list[tuple[int, int, int]]  # (clean_start, raw_start, length) segments, see ingest.clean
    boilerplate: list[BoilerplateSpan] = field(default_factory=list)
    external_id: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: date | None = None
    published_from: PublishedFrom | None = None
    language: str | None = None
    is_english: bool = True


# --------------------------------------------------------------------------------------------------
# annotate / resolve
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Span:
    """Evidence: a stretch of a document's clean text."""

    doc: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    """A named-entity mention (person, organisation, group, place name as tagged by NER...)."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, FAC, ...
    sentence: int  # index of the sentence in the document
    entity: str | None = None  # id of the canonical Entity


@dataclass(slots=True)
class Entity:
    """A canonical actor or named thing, shared across documents."""

    id: str
    name: str
    type: str  # person, organisation, group, location, other
    side: str | None = None  # UA, RU, NATO, ... when known
    kb_id: str | None = None  # id in the actor knowledge base when resolved against it
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Place:
    """A place mention resolved (or not) to a gazetteer entry."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    gazetteer_id: str | None  # e.g. "geonames:706483"; None when unresolved or ambiguous
    name: str | None = None
    feature: str | None = None  # city, admin1, country, region, ...
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # name of the first-level region
    confidence: float = 0.0
    candidates: list[str] = field(default_factory=list)  # other gazetteer ids considered


@dataclass(slots=True)
class Timex:
    """A temporal expression normalised against the publication date (TimeML style)."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str | None  # ISO/TimeML value ("2023-02-24", "2023-W05", "P3D"); None when unresolved
    granularity: str | None = None  # day, week, month, season, year, range, time
    anchor: str | None = None  # absolute, publication, unresolved
    note: str | None = None  # why a value was refused or left open


@dataclass(slots=True)
class Quantity:
    """A number with what it counts."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    unit: str | None = None  # km, km2, percent, ...
    counted: str | None = None  # lemma of the counted noun: soldier, settlement
    qualifier: str | None = None  # about, at_least, up_to, more_than, ...
    owner: str | None = None  # entity id the quantity belongs to, when the sentence says
    note: str | None = None  # why a value was refused (then low and high are None)


Polarity = Literal["POS", "NEG", "UNDERSPECIFIED"]
Certainty = Literal["CERTAIN", "PROBABLE", "POSSIBLE", "UNDERSPECIFIED"]
EventTime = Literal["NON_FUTURE", "FUTURE"]


@dataclass(slots=True, frozen=True)
class Factuality:
    """How the text presents an event-like predicate, on the FactBank/MEANTIME scale.

    ``polarity``, ``certainty`` and ``time`` are MEANTIME's event attributes. ``cue`` is the word that
    decided the value (None for a plain assertion), ``cue_class`` its class in
    ``sitroom/data/factuality.yaml``; ``scope_start``/``scope_end`` the stretch of clean text the cue
    governs. Offsets are characters into the document's clean text.
    """

    polarity: Polarity = "POS"
    certainty: Certainty = "CERTAIN"
    time: EventTime = "NON_FUTURE"
    cue: str | None = None
    cue_class: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    scope_start: int | None = None
    scope_end: int | None = None

    @property
    def factual(self) -> bool:
        """Told as having happened (or happening): positive, certain and not in the future."""
        return self.polarity == "POS" and self.certainty == "CERTAIN" and self.time == "NON_FUTURE"


ClaimKind = Literal["direct", "indirect", "mixed", "outlet"]
Modality = Literal["asserted", "claimed", "negated", "planned", "hypothetical", "historical"]


@dataclass(slots=True)
class Claim:
    """An attributed proposition: who says what, how, when and where it was said.

    ``start``/``end``/``text`` are the *content* span (what is claimed). The source (the speaker as
    written, possibly a pronoun or a description) and the cue (the verb or phrase of saying) have
    their own spans. ``kind`` "outlet" is content that the outlet states in its own voice.
    """

    id: str
    doc: str
    start: int
    end: int
    text: str
    kind: ClaimKind
    speaker: str | None = None  # id of the canonical Entity who says so; None when unresolved
    speaker_role: str | None = None  # a described role when the speaker is unnamed
    source_start: int | None = None
    source_end: int | None = None
    source_text: str | None = None
    cue: str | None = None  # the cue as written: "said", "according to", "told Reuters"
    cue_start: int | None = None
    cue_end: int | None = None
    medium: str | None = None  # Reuters, Telegram, an interview, a report, ...
    date: str | None = None  # utterance date (TimeML value); None when the text does not say
    date_precision: str | None = None  # day, month, ..., or "reported_on" (the publication date)
    stance: list[str] = field(default_factory=list)  # denial, estimate, warning, hedging, ...
    # How the speaker tells the content: negated, uncertain, ahead (None when it was not read).
    factuality: Factuality | None = None
    parent: str | None = None  # the claim this one is reported through ("the WSJ cites Nadezhdin")
    contains: list[str] = field(default_factory=list)  # ids of records inside the content span
    flags: list[str] = field(default_factory=list)  # unbalanced_quote, truncated, ...
    confidence: float = 0.0


# What kind of happening an event is, where neither its PLOVER type nor an ACLED sub-event type says so
# (docs/events.md#categories). The first three lie outside political conflict: an event of one of them
# is never an attack, a protest or a change of control (its type is ``OTHER`` unless PLOVER names the
# act, as an arrest of smugglers is COERCE), so no view counts or draws it as one. The last two qualify
# an event of a PLOVER type: relations between states, and an attack told through a claim, an
# attribution or a denial of responsibility for it.
EventCategory = Literal["natural_disaster", "accident", "crime", "diplomacy", "responsibility_claim"]
EVENT_CATEGORIES: tuple[EventCategory, ...] = (
    "natural_disaster",
    "accident",
    "crime",
    "diplomacy",
    "responsibility_claim",
)
NON_CONFLICT_CATEGORIES = frozenset({"natural_disaster", "accident", "crime"})
# The type of an event outside PLOVER's categories: a disaster, an accident, a crime that is no act of
# coercion (its ``category`` says which).
OTHER_TYPE = "OTHER"
# Types a happening outside political conflict never has.
CONFLICT_ONLY_TYPES = frozenset({"ASSAULT", "CONTROL", "PROTEST"})


@dataclass(slots=True)
class Participant:
    """An actor or target of an event: the entity, its side, and the words that named it."""

    start: int
    end: int
    text: str
    entity: str | None = None  # canonical Entity id, when resolved
    side: str | None = None  # UA, RU, NATO, ...


@dataclass(slots=True)
class Event:
    """A typed event with its arguments and the sentence it came from.

    ``start``/``end``/``text`` are the evidence (the sentence); the trigger is the word or phrase that
    names the event. ``type`` is a PLOVER category, CONTROL (territorial control) or OTHER (outside
    PLOVER: see ``category``), ``mode`` its PLOVER mode, ``acled`` the ACLED sub-event type where one
    maps, ``category`` what kind of happening it is where neither says so (``EVENT_CATEGORIES``).
    """

    id: str
    doc: str
    start: int
    end: int
    text: str
    type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    mode: str | None = None
    acled: str | None = None
    modality: Modality = "asserted"
    actors: list[Participant] = field(default_factory=list)
    targets: list[Participant] = field(default_factory=list)
    place: str | None = None  # id of a Place record
    date: str | None = None  # TimeML value; None when unknown
    date_precision: str | None = None  # day, month, ..., or "reported_on" (the publication date)
    timex: str | None = None  # id of the Timex record the date came from
    quantities: list[str] = field(default_factory=list)  # ids of Quantity records
    claim: str | None = None  # id of the Claim the event is reported in, when attributed
    claimed_by: str | None = None  # entity id of the speaker of that claim
    control_side: str | None = None  # CONTROL events: the side that gained control
    confidence: float = 0.0
    category: EventCategory | None = None


def outside_conflict(event: Event, category: EventCategory) -> Event:
    """The event as a happening of a non-conflict category. ACLED codes political violence and
    protest, so it has no ACLED sub-event type; an attack, a protest or a control change becomes
    ``OTHER`` with no mode; an act PLOVER names otherwise (an arrest, a seizure) keeps its type."""
    if event.type not in CONFLICT_ONLY_TYPES:
        return replace(event, category=category, acled=None)
    return replace(event, category=category, type=OTHER_TYPE, mode=None, acled=None, control_side=None)


@dataclass(slots=True)
class Annotations:
    """Everything the annotation and resolution stages found in one document."""

    doc: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# reconcile
# --------------------------------------------------------------------------------------------------


IncidentStatus = Literal["single_source", "corroborated", "contested"]


def origin_key(kind: str, written: str) -> str:
    """How an origin is compared: "Daily  Ledger" and "daily ledger" are one outlet."""
    return f"{kind}:{' '.join(written.lower().split())}"


@dataclass(slots=True)
class Incident:
    """One real-world event reconciled from the event mentions of many reports.

    The date range is the intersection of what the mentions say (it narrows as reports accumulate);
    ``origins`` are the independent origins of the information: two outlets quoting the same ISW
    assessment count once, as the ISW.
    """

    id: str
    type: str
    mode: str | None
    modality: str  # asserted when any mention reports it as fact, else claimed
    place: str | None  # gazetteer id
    place_name: str | None
    lat: float | None
    lon: float | None
    date_start: str | None  # ISO day; None when no mention dates it
    date_end: str | None
    control_side: str | None
    sides: list[str]  # sides of the actors
    mentions: list[str]  # event ids
    documents: list[str]
    origins: list[str]  # "entity:<id>", "speaker:<as written>", "outlet:<name>", "document:<id>"
    first_reported: str | None  # publication dates of the earliest and latest report
    last_reported: str | None
    status: IncidentStatus
    category: str | None = None  # the mentions' most frequent category (Event.category)


@dataclass(slots=True)
class Link:
    """A cross-document relation: near_duplicate, same_story, same_event, corroborates, contradicts."""

    id: str
    kind: str
    source: str  # id of a document or record
    target: str
    score: float | None = None
    explanation: str | None = None
