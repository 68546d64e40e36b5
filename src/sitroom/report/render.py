"""Self-contained HTML and Markdown renderings of a ``ReportData``.

Article text is hostile input: every piece of it goes through ``html.escape`` before it reaches the page.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

import sitroom
from sitroom.records import GENERATOR
from sitroom.report.bottomline import bottom_line
from sitroom.report.briefing import clip, evidence_html, first_screen_html, ledger_html, status_class
from sitroom.report.figures import OTHER_SIDE_COLOUR, timeline_svg
from sitroom.report.situation import CONTROL_TYPES, HEADLINES_PER_REGION, IncidentLine, Situation
from sitroom.report.summary import UNKNOWN_SOURCE, EntityLine, Highlight, PlaceLine, ReportData
from sitroom.report.wording import display_origin, human_day, human_range

MAX_DOCUMENT_SECTIONS = 300
# An incident in the tables by region shows its first two quotes; the rest are counted (every report is in
# the documents below, and in the workspace).
REGION_QUOTES = 2

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2329;background:#f6f7f9}
main{max-width:1360px;margin:auto;padding:.8rem 1.5rem 1.5rem}
h1{margin:0;font-size:1.5rem}h2{border-bottom:2px solid #d5dae0;padding-bottom:.2rem;margin-top:2rem}
.top p{margin:.1rem 0 .5rem}
.first{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:1rem;align-items:start}
.first h2{margin-top:0}#bottom-line ol{margin:0;padding-left:1.4rem}
.development{margin:0 0 .55rem;background:#fff;padding:.35rem .6rem;border-radius:6px;
box-shadow:0 1px 2px #0002}
.dev-head{display:flex;gap:.5rem;align-items:baseline;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
.kind{color:#5b6570}.dev-what .when{color:#5b6570;font-size:.9rem;white-space:nowrap}
.status{border-radius:3px;padding:0 .3rem;text-transform:none;letter-spacing:0;margin-left:auto}
.new{background:#1f2a36;color:#fff;border-radius:3px;padding:0 .3rem}
details.evidence summary{cursor:pointer;color:#1b5fa8;font-size:.9rem}
#map{margin:0}#map svg{max-height:640px}
figcaption.legend{font-size:.85rem;margin-top:.3rem}
svg.icon{width:18px;height:18px;background:none;box-shadow:none;vertical-align:middle;margin-right:.2rem}
.map-note{font-size:.82rem;margin:.2rem 0}
@media (max-width:900px){.first{grid-template-columns:1fr}}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{background:#fff;padding:.6rem 1rem;border-radius:6px;
box-shadow:0 1px 2px #0002}.card b{display:block;font-size:1.4rem}
article{background:#fff;padding:1rem;margin:1rem 0;border-radius:6px;box-shadow:0 1px 2px #0002}
article pre{white-space:pre-wrap;font:inherit}.meta{color:#5b6570;font-size:.9rem}
mark{border-radius:3px;padding:0 2px}mark.person{background:#ffe3a3}mark.organisation{background:#c9e4ff}
mark.group{background:#e3d3ff}mark.location,mark.place{background:#c8f0cf}mark.other{background:#eee}
mark.date{background:#ffd6e7}mark.quantity{background:#d7f5f5}mark.event{background:#ffc9a8;font-weight:600}
mark.claim{background:#fff3b0;border-bottom:2px solid #c9a400}mark:target{outline:3px solid #d95f02}
svg{width:100%;height:auto;background:#fff;border-radius:6px;box-shadow:0 1px 2px #0002}
.status-corroborated{color:#1b7a3a}.status-contested,.status-contradicted{color:#a3231a;font-weight:600}
.status-single{color:#5b6570}.status-claimed{color:#8a5a00}blockquote{margin:.2rem 0 .2rem 1rem;color:#333}
section.speaker h3{margin:1rem 0 .2rem}p.held{margin:.2rem 0 .3rem;font-weight:600}
details>summary{cursor:pointer}
@media print{body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}.first{display:block}
#map svg{max-height:none;box-shadow:none}section,figure,tr,blockquote,li,article{break-inside:avoid}
h2,h3{break-after:avoid}a{color:inherit;text-decoration:none}.card,article,.development{box-shadow:none}
#documents{display:none}.print-note{display:block!important}}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;
border-radius:50%;margin-right:.3rem;vertical-align:middle}
.told-not{color:#a3231a;font-weight:600}.told-asserted{color:#5b6570}
.flag{background:#fde2e1;color:#8a1c14;border-radius:3px;padding:0 .3rem;font-size:.85rem}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def render_html(data: ReportData) -> str:
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width,initial-scale=1'>",
        f"<meta name=generator content='{_e(GENERATOR)}'>",
        f"<title>sitroom situation report</title><style>{_CSS}</style>",
        # Printed, the evidence of the bottom line is shown, not folded away.
        "<script>addEventListener('beforeprint',()=>{for(const d of document.querySelectorAll("
        "'#first-screen details'))d.open=true})</script></head><body><main>",
        "<header class=top><h1>Situation report</h1><p class=meta>",
    ]
    if data.period:
        parts.append(
            f"Reports published {_e(human_day(data.period[0]))} to {_e(human_day(data.period[1]))}; "
        )
    outlets = len([name for name in data.sources if name != UNKNOWN_SOURCE])
    parts.append(f"{data.counts.get('documents', 0)} documents from {outlets} outlets")
    if data.situation.scope.describe():
        parts.append(f"; scope: {_e(data.situation.scope.describe())}")
    parts.append(
        f". Generated by sitroom {_e(sitroom.__version__)}. "
        "<a href='#details'>Counts and sources</a> · <a href='#claims-ledger'>claims ledger</a> · "
        "<a href='#contradictions'>contradictions</a></p></header>"
    )
    parts.append(first_screen_html(data.situation, data.side_colours))
    # After the first screen, what an analyst reads next: who held each place when, where the reports
    # disagree and who claims what; then every incident by region, and what the report is made of.
    parts.append(_picture_html(data.situation))
    parts.append(_incidents_html(data.situation, data.side_colours))
    parts.append("<h2 id=details>What the report is made of</h2><div class=cards>")
    for label, key in (
        ("documents", "documents"),
        ("analysed", "documents_processed"),
        ("not English", "documents_skipped"),
        ("failed", "documents_failed"),
        ("entities", "entities"),
        ("mentions", "mentions"),
        ("places", "places"),
        ("dates", "timexes"),
        ("quantities", "quantities"),
        ("links", "links"),
    ):
        parts.append(f"<div class=card><b>{data.counts.get(key, 0)}</b>{label}</div>")
    parts.append("</div>")
    parts.append(
        f"<p class=meta>Sources: {_e(_tally(data.sources))}. Languages: {_e(_tally(data.languages))}.</p>"
    )
    parts.append(_entity_table_html("Key actors", data.actors))
    parts.append(_place_table_html(data.places))
    parts.append("<h2>Timeline of reports</h2><table><tr><th>Published</th><th>Title</th>")
    parts.append("<th>Source</th><th>Notes</th></tr>")
    for doc in data.documents:
        parts.append(
            f"<tr><td>{_e(human_day(doc['published']))}</td>"
            f"<td><a href='#{_e(doc['id'])}'>{_e(doc['title'] or display_origin(doc['origin']))}</a></td>"
            f"<td>{_e(doc['source'])}</td><td>{_notes_html(doc)}</td></tr>"
        )
    parts.append("</table><section id=documents><h2>Documents</h2>")
    for doc in data.documents[:MAX_DOCUMENT_SECTIONS]:
        parts.append(_document_html(doc, data.highlights_by_doc.get(doc["id"], [])))
    if len(data.documents) > MAX_DOCUMENT_SECTIONS:
        parts.append(
            f"<p class=meta>{len(data.documents) - MAX_DOCUMENT_SECTIONS} more documents are "
            "in the store and the exports.</p>"
        )
    parts.append(
        "</section><p class='meta print-note' hidden>The documents' full texts are left out of the printed "
        "report.</p></main></body></html>"
    )
    return "".join(parts)


def _picture_html(situation: Situation) -> str:
    parts = []
    if situation.place_timelines:
        parts.append("<h2>What happened where</h2>")
        parts.extend(_timeline_html(name, lines, held=True) for name, lines in situation.place_timelines)
    parts.append("<h2 id=contradictions>Contradictions</h2>")
    if not situation.contradictions:
        parts.append("<p class=meta>No contradictions found between the reports in scope.</p>")
    for index, line in enumerate(situation.contradictions):
        parts.append(
            f"<div id=contradiction-{index + 1}><p><b>{_e(line.explanation)}</b></p>"
            f"{evidence_html([line.first, line.second])}</div>"
        )
    parts.append(ledger_html(situation.ledger))
    return "".join(parts)


def _incidents_html(situation: Situation, side_colours: dict[str, str]) -> str:
    parts = ["<h2>Developments by region</h2>"]
    if not situation.regions:
        parts.append("<p class=meta>No incidents in scope.</p>")
    for region, incidents in situation.regions:
        parts.append(f"<h3>{_e(region)}</h3><table><tr><th>What</th><th>Where</th><th>When</th>")
        parts.append("<th>Sources</th><th>According to</th><th>Status</th><th>Evidence</th></tr>")
        for incident in incidents[:HEADLINES_PER_REGION]:
            what = " ".join(v for v in (incident.type, incident.mode) if v)
            if incident.control_side:
                what += f" (gained by {incident.control_side})"
            parts.append(
                f"<tr id='{_e(incident.id)}'><td>{_e(what)}<br><span class=meta>{_e(incident.modality)}"
                f"{_e(', sides ' + ' '.join(incident.sides) if incident.sides else '')}</span></td>"
                f"<td>{_e(incident.place_name)}</td>"
                f"<td>{_e(human_range(incident.date_start, incident.date_end))}</td>"
                f"<td>{_e(', '.join(incident.outlets))}</td><td>{_e(', '.join(incident.speakers))}</td>"
                f"<td class='{status_class(incident.status)}'>{_e(incident.status)}</td>"
                f"<td>{evidence_html(incident.reports, REGION_QUOTES)}</td></tr>"
            )
        parts.append("</table>")
        if len(incidents) > HEADLINES_PER_REGION:
            parts.append(f"<p class=meta>{len(incidents) - HEADLINES_PER_REGION} more incidents here.</p>")
    if situation.per_day:
        legend_colours = {**side_colours, "other": OTHER_SIDE_COLOUR}
        legend = "".join(
            f"<span><i style='background:{c}'></i>{_e(k)}</span>" for k, c in legend_colours.items()
        )
        parts.append("<h2>Events per day</h2>")
        parts.append(f"<p class='meta legend'>by side of the actor: {legend}</p>")
        parts.append(timeline_svg(situation.per_day, side_colours))
    if situation.actor_timelines:
        parts.append("<h2>Who did what, to whom</h2>")
        parts.extend(_timeline_html(name, incidents) for name, incidents in situation.actor_timelines)
    return "".join(parts)


def _timeline_html(name: str, incidents: list[IncidentLine], held: bool = False) -> str:
    """Each incident in date order: what, who gained control, according to whom, its status and reports;
    with ``held``, the place's latest reported change of control first, with whom it is according to."""
    items = "".join(
        f"<li><a href='#{_e(i.id)}'>{_e(human_range(i.date_start, i.date_end))}</a> "
        f"{_e(' '.join(v for v in (i.type, i.mode) if v))}"
        f"{_e(' at ' + i.place_name if i.place_name and i.place_name != name else '')}"
        f"{_e(', gained by ' + i.control_side if i.control_side else '')}"
        f"{_e(', according to ' + _according_to(i) if i.speakers or i.outlets else '')} "
        f"<span class='{status_class(i.status)}'>{_e(i.status)}</span> <span class=meta>"
        + (
            f"first reported {_e(human_day(i.first_reported))}, latest {_e(human_day(i.last_reported))}"
            if i.first_reported
            else "reports undated"
        )
        + "</span></li>"
        for i in incidents
    )
    changes = [i for i in incidents if i.type in CONTROL_TYPES and i.control_side]
    summary = ""
    if held and changes:
        last = changes[-1]
        summary = (
            f"<p class=held>Latest change of control reported: gained by {_e(last.control_side)}, "
            f"{_e(human_range(last.date_start, last.date_end))}, according to {_e(_according_to(last))} "
            f"<span class='{status_class(last.status)}'>{_e(last.status)}</span></p>"
        )
    return f"<h3>{_e(name)}</h3>{summary}<ul>{items}</ul>"


def _according_to(line: IncidentLine) -> str:
    return ", ".join(line.speakers or line.outlets) or "no named source"


def _notes_html(doc: dict[str, Any]) -> str:
    notes = []
    if not doc["is_english"]:
        notes.append(f"<span class=flag>language {_e(doc['language'])}: not analysed</span>")
    if doc["near_duplicate_of"]:
        notes.append(f"near-duplicate of <a href='#{_e(doc['near_duplicate_of'])}'>an earlier report</a>")
    if doc["status"] == "failed":
        notes.append(f"<span class=flag>failed: {_e(doc['error'])}</span>")
    if doc["published_from"] == "text":
        notes.append("date read from the text")
    return "; ".join(notes)


def _entity_table_html(title: str, lines: list[EntityLine]) -> str:
    if not lines:
        return ""
    rows = "".join(
        f"<tr><td><mark class={_e(line.type)}>{_e(line.name)}</mark></td><td>{_e(line.type)}</td>"
        f"<td>{line.documents}</td><td>{line.mentions}</td>"
        f"<td>{_e(', '.join(a for a in line.aliases if a != line.name))}</td></tr>"
        for line in lines
    )
    return (
        f"<h2>{_e(title)}</h2><table><tr><th>Name</th><th>Type</th><th>Documents</th>"
        f"<th>Mentions</th><th>Also written</th></tr>{rows}</table>"
    )


def _place_table_html(lines: list[PlaceLine]) -> str:
    if not lines:
        return ""
    rows = "".join(
        f"<tr><td><mark class=place>{_e(line.name)}</mark></td><td>{_e(line.feature)}</td>"
        f"<td>{_e(line.admin1)}</td><td>{_e(line.country)}</td>"
        f"<td>{_coordinates(line)}</td><td>{line.documents}</td><td>{line.mentions}</td>"
        f"<td>{_e(', '.join(w for w in line.written if w != line.name))}</td></tr>"
        for line in lines
    )
    return (
        "<h2>Places</h2><table><tr><th>Place</th><th>Kind</th><th>Region</th><th>Country</th>"
        "<th>Lat, lon</th><th>Documents</th><th>Mentions</th><th>Written as</th></tr>"
        f"{rows}</table>"
    )


def _coordinates(line: PlaceLine) -> str:
    return "" if line.lat is None or line.lon is None else f"{line.lat:.3f}, {line.lon:.3f}"


def _document_html(doc: dict[str, Any], highlights: list[Highlight]) -> str:
    text = doc["text"]
    pieces, cursor = [], 0
    for mark in highlights:
        pieces.append(_e(text[cursor : mark.start]))
        anchor = f" id='{_e(mark.anchor)}'" if mark.anchor else ""
        words = _e(text[mark.start : mark.end])
        pieces.append(f"<mark class={_e(mark.kind)}{anchor} title='{_e(mark.title)}'>{words}</mark>")
        cursor = mark.end
    pieces.append(_e(text[cursor:]))
    meta = " · ".join(
        _e(value)
        for value in (
            doc["source"],
            doc["published"] or "undated",
            doc["author"],
            display_origin(doc["origin"]),
        )
        if value
    )
    removed = len(doc["boilerplate"])
    extra = f" · {removed} boilerplate passages removed" if removed else ""
    return (
        f"<article id='{_e(doc['id'])}'><h3>{_e(doc['title'] or display_origin(doc['origin']))}</h3>"
        f"<p class=meta>{meta}{extra} {_notes_html(doc)}</p><pre>{''.join(pieces)}</pre></article>"
    )


def render_markdown(data: ReportData) -> str:
    lines = [f"<!-- generator: {GENERATOR} -->", "# Situation report", ""]
    if data.period:
        lines += [f"Reports published {human_day(data.period[0])} to {human_day(data.period[1])}.", ""]
    counts = data.counts
    lines += [
        f"- documents: {counts.get('documents', 0)} (analysed {counts.get('documents_processed', 0)}, "
        f"not English {counts.get('documents_skipped', 0)}, failed {counts.get('documents_failed', 0)})",
        f"- entities: {counts.get('entities', 0)}, mentions: {counts.get('mentions', 0)}, "
        f"places: {counts.get('places', 0)}, dates: {counts.get('timexes', 0)}, "
        f"quantities: {counts.get('quantities', 0)}, links: {counts.get('links', 0)}",
        "",
    ]
    lines += [f"Sources: {_tally(data.sources)}. Languages: {_tally(data.languages)}.", ""]
    lines += _situation_markdown(data.situation)
    if data.actors:
        lines += ["## Key actors", "", "| Name | Type | Documents | Mentions |", "|---|---|---|---|"]
        lines += [f"| {_md(a.name)} | {a.type} | {a.documents} | {a.mentions} |" for a in data.actors]
        lines.append("")
    if data.places:
        lines += ["## Places", "", "| Place | Region | Country | Lat, lon | Documents | Mentions |"]
        lines.append("|---|---|---|---|---|---|")
        lines += [
            f"| {_md(p.name)} | {_md(p.admin1 or '')} | {p.country or ''} | {_coordinates(p)} | "
            f"{p.documents} | {p.mentions} |"
            for p in data.places
        ]
        lines.append("")
    lines += ["## Timeline of reports", "", "| Published | Title | Source |", "|---|---|---|"]
    lines += [
        f"| {human_day(doc['published'])} | {_md(doc['title'] or display_origin(doc['origin']))} | "
        f"{_md(doc['source'] or '')} |"
        for doc in data.documents
    ]
    return "\n".join(lines) + "\n"


def _situation_markdown(situation: Situation) -> list[str]:
    lines = []
    if situation.scope.describe():
        lines += [f"Scope: {situation.scope.describe()}.", ""]
    lines += ["## Bottom line", ""]
    developments = bottom_line(situation)
    lines += [
        f"- **{_md(d.headline)}** ({d.kind}, {d.when}): {d.status}"
        + (
            f"; “{_md(clip(d.evidence[0].text, 200))}” ({_md(d.evidence[0].source or '')})"
            if d.evidence
            else ""
        )
        for d in developments
    ] or ["No change of control, strike with casualties or contradiction between the sides."]
    lines += ["", "## Developments by region", ""]
    for region, incidents in situation.regions:
        lines += [
            f"### {_md(region)}",
            "",
            "| What | Where | When | Sources | According to | Status |",
            "|---|---|---|---|---|---|",
        ]
        for incident in incidents[:HEADLINES_PER_REGION]:
            what = " ".join(v for v in (incident.type, incident.mode, incident.control_side) if v)
            lines.append(
                f"| {_md(what)} | {_md(incident.place_name or '')} | "
                f"{human_range(incident.date_start, incident.date_end)} | "
                f"{_md(', '.join(incident.outlets))} | {_md(', '.join(incident.speakers))} | "
                f"{incident.status} |"
            )
        lines.append("")
    for title, timelines in (
        ("What happened where", situation.place_timelines),
        ("Who did what, to whom", situation.actor_timelines),
    ):
        if timelines:
            lines += [f"## {title}", ""]
            for name, incidents in timelines:
                lines += [f"### {_md(name)}", ""]
                lines += [
                    f"- {human_range(i.date_start, i.date_end)}: "
                    f"{' '.join(v for v in (i.type, i.mode) if v)} "
                    f"({i.status}; first reported {human_day(i.first_reported)}, "
                    f"latest {human_day(i.last_reported)})"
                    for i in incidents
                ]
                lines.append("")
    if situation.contradictions:
        lines += ["## Contradictions", ""]
        for line in situation.contradictions:
            first, second = line.first, line.second
            lines.append(
                f"- {_md(line.explanation)}: “{_md(clip(first.text))}” ({_md(first.source or '')}) "
                f"vs “{_md(clip(second.text))}” ({_md(second.source or '')})"
            )
        lines.append("")
    if situation.ledger:
        lines += ["## Claims ledger", "", "| Who | Said | Told as | When | Status |", "|---|---|---|---|---|"]
        lines += [
            f"| {_md(c.speaker)} | {_md(clip(c.evidence.text, 200))} | {_md(c.factuality)} | "
            f"{human_day(c.date or c.evidence.published)} | {c.status} |"
            for c in situation.ledger
        ]
        lines.append("")
    return lines


def _tally(counts: Counter[str]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in counts.most_common())


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
