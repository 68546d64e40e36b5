"""The bottom line: the few developments that matter in the period and area, each with its status and its
evidence. Contradictions between the sides first, then changes of control, then strikes with casualties;
talks, aid, visits and whatever happened outside the theatre never make it. A development names its
settlement; one the reports place only in a region follows those that name one and says it is an area
("in Kharkivska oblast, no settlement named"); one placed only in a country never makes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sitroom.report.situation import (
    CONTROL_TYPES,
    REPORTED_AS_HAPPENED,
    EvidenceRef,
    IncidentLine,
    Situation,
)
from sitroom.report.wording import human_range

MAX_DEVELOPMENTS = 7
PER_KIND = {"contradiction": 3, "control change": 4, "strike with casualties": 3}
NEW_WITHIN = timedelta(days=7)  # "new": first reported in the last week of the period


@dataclass(slots=True)
class Development:
    kind: str  # contradiction, control change, strike with casualties
    headline: str
    when: str
    status: str
    evidence: list[EvidenceRef]
    href: str  # the incident's row in the report
    new: bool = False
    sides: list[str] = field(default_factory=list)


def bottom_line(situation: Situation) -> list[Development]:
    latest = max((line.last_reported for line in situation.incidents if line.last_reported), default=None)
    since = date.fromisoformat(latest) - NEW_WITHIN if latest else None
    chosen: list[Development] = []
    for index, line in enumerate(situation.contradictions[: PER_KIND["contradiction"]]):
        chosen.append(
            Development(
                kind="contradiction",
                headline=line.explanation,
                when=human_range(*_span(line.first.published, line.second.published)),
                status="contested",
                evidence=[line.first, line.second],
                href=f"#contradiction-{index + 1}",
            )
        )
    candidates = [line for line in situation.incidents if _matters(line)]
    for kind in ("control change", "strike with casualties"):
        of_kind = [line for line in candidates if _kind(line) == kind]
        of_kind.sort(key=lambda line: line.last_reported or "", reverse=True)  # latest first among equals
        of_kind.sort(key=_weight)
        of_kind.sort(key=lambda line: not line.precise)  # settlements before regions
        chosen.extend(_development(line, kind, since) for line in of_kind[: PER_KIND[kind]])
    return chosen[:MAX_DEVELOPMENTS]


def _matters(line: IncidentLine) -> bool:
    """On the ground, in the theatre, at a settlement or in a region, and told as having happened."""
    placed = line.precise or line.area == "region"
    return bool(line.place_name) and placed and line.in_theatre and line.modality in REPORTED_AS_HAPPENED


def _kind(line: IncidentLine) -> str | None:
    if line.type in CONTROL_TYPES:
        return "control change"
    if line.type == "ASSAULT" and line.casualties:
        return "strike with casualties"
    return None


def _weight(line: IncidentLine) -> tuple[int, int, int]:
    """Corroborated or contested before the rest, then more independent origins, then more reports."""
    rank = 0 if line.status in {"corroborated", "contested"} else 1
    return rank, -len(line.origins), -len(line.reports)


def _development(line: IncidentLine, kind: str, since: date | None) -> Development:
    place = line.place_name or "somewhere not resolved"
    if not line.precise:
        place = f"In {place}, no settlement named"
    if line.type == "CONTROL":
        # A region is not captured as a place is: what the reports tell is ground changing hands in it.
        what = "control" if line.precise else "ground"
        headline = f"{place}: {what} " + (
            f"gained by {line.control_side}" if line.control_side else "changed hands"
        )
    else:
        how = f" ({line.mode.replace('-', ' ')})" if line.mode else ""
        headline = f"{place}: attack{how} with casualties"
        if len(line.sides) == 1:
            headline += f" (by {line.sides[0]})"
    first = line.first_reported
    return Development(
        kind=kind,
        headline=headline,
        when=human_range(line.date_start, line.date_end),
        status=line.status,
        evidence=line.reports,
        href=f"#{line.id}",
        new=bool(since and first and date.fromisoformat(first[:10]) > since),
        sides=line.sides,
    )


def _span(first: str | None, second: str | None) -> tuple[str | None, str | None]:
    days = sorted(day for day in (first, second) if day)
    return (days[0], days[-1]) if days else (None, None)
