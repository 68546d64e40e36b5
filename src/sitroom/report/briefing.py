"""The HTML of what a reader sees first (the bottom line beside the map of the theatre) and of the claims
ledger grouped by speaker.

Article text is hostile input: every piece of it goes through ``html.escape`` before it reaches the page.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from typing import Any

from sitroom.report.bottomline import Development, bottom_line
from sitroom.report.figures import OTHER_SIDE_COLOUR
from sitroom.report.situation import ClaimLine, EvidenceRef, Situation
from sitroom.report.theatre import KIND_NAMES, KINDS, legend_icon, map_svg
from sitroom.report.wording import human_day

CLAIMS_PER_SPEAKER = 3
SPEAKERS_SHOWN = 12
PLACES_LISTED = 8


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def status_class(status: str) -> str:
    """corroborated, contested, single, claimed: one CSS class per kind of status."""
    return "status-" + status.split()[0].replace("_", "")


def evidence_html(refs: list[EvidenceRef], limit: int = 5) -> str:
    """Quotes with their outlet and day, each linked to the words marked in the document below."""
    items = []
    for ref in refs[:limit]:
        also = f" <span class=meta>also carried by {_e(', '.join(ref.also_carried_by))}</span>"
        items.append(
            f"<blockquote>“{_e(clip(ref.text))}” — <a href='#{_e(ref.anchor)}'>{_e(ref.source or ref.title)}"
            f"{_e(', ' + human_day(ref.published) if ref.published else '')}</a>"
            f"{also if ref.also_carried_by else ''}</blockquote>"
        )
    if len(refs) > limit:
        items.append(f"<span class=meta>and {len(refs) - limit} more reports</span>")
    return "".join(items)


def clip(text: str, limit: int = 280) -> str:
    """The words on one line, cut at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_screen_html(situation: Situation, side_colours: dict[str, str]) -> str:
    """The bottom line and the map, side by side: together they fill the first screen; sides are drawn
    in ``side_colours`` (the conflict profile's)."""
    return (
        f"<section id=first-screen class=first>{_bottom_line_html(bottom_line(situation))}"
        f"{_map_html(situation, side_colours)}</section>"
    )


def _bottom_line_html(developments: list[Development]) -> str:
    parts = ["<section id=bottom-line aria-labelledby=bottom-line-title>"]
    parts.append("<h2 id=bottom-line-title>Bottom line</h2>")
    if not developments:
        parts.append(
            "<p class=meta>No change of control, strike with casualties or contradiction between the "
            "sides was reported in the period and area.</p></section>"
        )
        return "".join(parts)
    parts.append("<ol class=developments>")
    for development in developments:
        new = " <span class=new>new</span>" if development.new else ""
        parts.append(
            f"<li class='development kind-{_e(development.kind.split()[0])}'>"
            f"<div class=dev-head><span class=kind>{_e(development.kind)}</span>{new}"
            f"<span class='status {status_class(development.status)}'>{_e(development.status)}</span></div>"
            f"<div class=dev-what><b>{_e(development.headline)}</b> <span class=when>{_e(development.when)}"
            "</span></div>"
            f"<details class=evidence><summary>Evidence: {len(development.evidence)} "
            f"report{'s' if len(development.evidence) != 1 else ''}</summary>"
            f"{evidence_html(development.evidence, 3)}"
            f"<a class=more href='{_e(development.href)}'>in the incidents table</a></details></li>"
        )
    parts.append("</ol></section>")
    return "".join(parts)


def _map_html(situation: Situation, side_colours: dict[str, str]) -> str:
    if situation.theatre is None:
        return "<figure id=map class=empty><p class=meta>No incident was placed at a settlement.</p></figure>"
    kinds = Counter(marker.kind for marker in situation.markers)
    sides = Counter(marker.side or "other" for marker in situation.markers)
    legend = [f"<span>{legend_icon(kind)}{_e(KIND_NAMES[kind])}</span>" for kind in KINDS if kinds[kind]]
    legend += [
        f"<span><i style='background:{colour}'></i>{_e('unknown side' if side == 'other' else side)}</span>"
        for side, colour in {**side_colours, "other": OTHER_SIDE_COLOUR}.items()
        if sides[side]
    ]
    notes = []
    if situation.area_only:
        notes.append("placed only in a region or country, not drawn: " + _places(situation.area_only))
    if situation.elsewhere:
        notes.append("outside the theatre, not drawn: " + _places(situation.elsewhere))
    note = f"<p class='meta map-note'>{_e('; '.join(notes))}.</p>" if notes else ""
    return (
        f"<figure id=map>{map_svg(situation.markers, situation.theatre, side_colours)}"
        f"<figcaption class='legend'>{''.join(legend)}<span class=meta>size: number of reports; "
        f"colour: the side gaining control, else the attacker</span></figcaption>{note}</figure>"
    )


def _places(counts: Counter[str]) -> str:
    listed = ", ".join(f"{name} ({count})" for name, count in counts.most_common(PLACES_LISTED))
    rest = len(counts) - PLACES_LISTED
    return listed + (f" and {rest} more" if rest > 0 else "")


def ledger_html(ledger: list[ClaimLine]) -> str:
    """Claims grouped by who made them, most prolific first; each speaker's latest few, the rest folded."""
    if not ledger:
        return "<h2 id=claims-ledger>Claims ledger</h2><p class=meta>No attributed claims in scope.</p>"
    # One speaker, however the articles write it ("Ukraine", "Ukrainian officials", "Kyiv").
    by_speaker: dict[str, list[ClaimLine]] = defaultdict(list)
    for claim in ledger:
        by_speaker[claim.speaker_key or claim.speaker].append(claim)
    speakers = sorted(by_speaker, key=lambda key: (-len(by_speaker[key]), by_speaker[key][0].speaker))
    parts = [
        "<h2 id=claims-ledger>Claims ledger</h2>",
        f"<p class=meta>{len(ledger)} claims by {len(speakers)} speakers, grouped by speaker: the latest "
        f"{CLAIMS_PER_SPEAKER} of each, the rest folded. Source: the outlet that carried the claim.</p>",
    ]
    for index, speaker in enumerate(speakers):
        if index == SPEAKERS_SHOWN:
            parts.append(
                f"<details class=more-speakers><summary>{len(speakers) - index} more speakers</summary>"
            )
        parts.append(_speaker_html(by_speaker[speaker]))
    if len(speakers) > SPEAKERS_SHOWN:
        parts.append("</details>")
    return "".join(parts)


def _speaker_html(claims: list[ClaimLine]) -> str:
    speaker = claims[0].speaker
    top, rest = claims[:CLAIMS_PER_SPEAKER], claims[CLAIMS_PER_SPEAKER:]
    plural = "s" if len(claims) != 1 else ""
    writings = sorted(
        {c.written.casefold(): c.written for c in claims if c.written and c.written != speaker}.values()
    )
    also = f" <span class=meta>written as {_e(', '.join(writings))}</span>" if writings else ""
    parts = [
        f"<section class=speaker><h3>{_e(speaker)} <span class=meta>{len(claims)} claim{plural}</span>"
        f"{also}</h3>",
        _claims_table(top),
    ]
    if rest:
        parts.append(
            f"<details><summary>{len(rest)} more claims by {_e(speaker)}</summary>"
            f"{_claims_table(rest)}</details>"
        )
    parts.append("</section>")
    return "".join(parts)


def _claims_table(claims: list[ClaimLine]) -> str:
    rows = []
    for claim in claims:
        ref = claim.evidence
        stance = f" · {', '.join(claim.stance)}" if claim.stance else ""
        also = f"<br><span class=meta>also carried by {_e(', '.join(ref.also_carried_by))}</span>"
        told = "told-asserted" if claim.factuality == "asserted" else "told-not"
        rows.append(
            f"<tr><td>“{_e(clip(ref.text))}” <a href='#{_e(ref.anchor)}'>evidence</a><br><span class=meta>"
            f"{_e(claim.kind)} · {_e(claim.cue)}{_e(stance)}</span></td>"
            f"<td>{_e(ref.source or ref.title)}{also if ref.also_carried_by else ''}</td>"
            f"<td class={told}>{_e(claim.factuality)}</td>"
            f"<td>{_e(human_day(claim.date or ref.published))}</td>"
            f"<td class='{status_class(claim.status)}'>{_e(claim.status)}</td></tr>"
        )
    return (
        "<table class=ledger><tr><th>Said</th><th>Source</th><th>Told as</th><th>When</th>"
        "<th>Status</th></tr>"
        f"{''.join(rows)}</table>"
    )
