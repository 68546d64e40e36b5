// The record pages on the right: a document with its evidence in focus, an entity, a place (what changed
// there in the latest week, who says what about it, who held it when), an incident and its reports.

import { api, fail, hooks, link, originsText, state, statusBadge, toldAs, where, writeUrl } from "./core.js";
import { DAY_MS, dateRange, humanDate } from "./dates.js";
import { badge, el } from "./dom.js";
import { AREA_FEATURES, focusOn, highlight } from "./map.js";
import { bySpeaker, speakerHeading } from "./speakers.js";

// The place of the filter, of the open place page, or of the open incident.
export function highlightPlace() {
  const [kind, ...rest] = state.open.split(":");
  const open = kind === "place" ? rest.join(":") : kind === "incident" ? state.incidentPlace : "";
  highlight(open || state.filters.place || "");
}

// ------------------------------------------------------------------------------------------ details

function showDetail(opened, ...nodes) {
  state.open = opened;
  writeUrl();
  highlightPlace();
  document.getElementById("right").hidden = true;
  const detail = document.getElementById("detail");
  detail.hidden = false;
  const from = document.activeElement?.closest?.("#list .row");
  if (from) state.returnTo = from.dataset.id;
  document.getElementById("detail-body").replaceChildren(...nodes.filter(Boolean));
  // The keyboard goes on in the page just opened, unless a piece of evidence is to be shown.
  if (!detail.querySelector(".focus")) detail.querySelector("h2")?.focus({ preventScroll: true });
}

export function closeDetail() {
  hideDetail();
  state.open = "";
  writeUrl();
  highlightPlace();
  // Back to the row the page was opened from, for the keyboard.
  const back = state.returnTo && [...document.querySelectorAll("#list .row")].find((r) => r.dataset.id === state.returnTo);
  (back || document.querySelector("#list .row"))?.focus();
}

// Keys: up and down move along a list, Enter opens a row (row), Escape closes the page on the right.
export function onKey(event) {
  if (event.key === "Escape" && !document.getElementById("detail").hidden) {
    closeDetail();
    return;
  }
  const current = event.target.closest?.("#list .row");
  if (!current || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
  event.preventDefault();
  // Past a speaker's heading in the claims list, to the next row.
  const step = event.key === "ArrowDown" ? "nextElementSibling" : "previousElementSibling";
  let next = current[step];
  while (next && !next.classList.contains("row")) next = next[step];
  next?.focus();
}

export function hideDetail() {
  document.getElementById("detail").hidden = true;
  document.getElementById("right").hidden = false;
}

// Flat segmentation of the text: each stretch between two span boundaries carries every annotation over it.
function highlighted(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const out = el("div", { class: "doc-text" });
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const over = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!over.length) { out.append(document.createTextNode(piece)); continue; }
    const node = el("span", { class: [...new Set(over.map((s) => `hl-${s.kind}`))].join(" ") }, piece);
    node.title = over.map((s) => s.title).join("\n");
    for (const s of over) {
      if (s.focus) node.classList.add("focus");
      if (s.place) node.dataset.place = s.place;
      if (s.entity) node.dataset.entity = s.entity;
      node.dataset[`${s.kind}Record`] = s.id;
    }
    out.append(node);
  }
  out.addEventListener("click", (event) => {
    const target = event.target.closest("[data-place],[data-entity]");
    if (target?.dataset.place) openPlace(target.dataset.place);
    else if (target?.dataset.entity) openEntity(target.dataset.entity);
  });
  return out;
}

function annotationSpans(page, focus) {
  const spans = [];
  const add = (kind, r, title, extra = {}) => spans.push({ kind, id: r.id, start: r.start, end: r.end, title, ...extra });
  for (const p of page.places) add("place", p, `place: ${p.name || "unresolved"} ${p.gazetteer_id || ""}`, { place: p.gazetteer_id });
  for (const t of page.timexes) add("date", t, `date: ${t.value || "unresolved"}`);
  for (const q of page.quantities) add("quantity", q, `quantity: ${q.low ?? "?"}–${q.high ?? "?"} ${q.unit || ""} ${q.counted || ""}`);
  for (const m of page.mentions) if (m.entity) add("mention", m, `${m.label}: ${m.text}`, { entity: m.entity });
  for (const c of page.claims) add("claim", c, `claim (${c.kind}) by ${c.source_text || "unknown"}`, { focus: focus.claim === c.id });
  for (const e of page.events) {
    add("event", e, `event ${e.type} (${e.modality})`, { focus: focus.event === e.id });
    spans.push({ kind: "trigger", id: e.id, start: e.trigger_start, end: e.trigger_end, title: `trigger: ${e.trigger}`, focus: focus.event === e.id });
  }
  return spans;
}

function recordTable(headings, rows) {
  if (!rows.length) return el("p", { class: "meta" }, "none");
  return el("table", { class: "records" }, el("tr", {}, headings.map((h) => el("th", {}, h))),
    rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c)))));
}

export async function openDocument(id, focus = {}) {
  try {
    const page = await api(`documents/${encodeURIComponent(id)}`, {}, false);
    const d = page.document;
    const names = Object.fromEntries(page.entities.map((n) => [n.id, n.name]));
    showDetail(`doc:${d.id}`,
      el("h2", { id: "doc-title", tabindex: -1 }, d.title || d.origin),
      el("p", { class: "meta" }, [humanDate(d.published), d.source, d.author, d.language].filter(Boolean).join(" · "),
        d.url ? el("span", {}, " · ", el("span", { class: "meta" }, d.url)) : null),
      el("p", { class: "legend" }, el("span", { class: "hl-place" }, "place"), el("span", { class: "hl-date" }, "date"),
        el("span", { class: "hl-quantity" }, "quantity"), el("span", { class: "hl-mention" }, "actor"),
        el("span", { class: "hl-claim" }, "claim"), el("span", { class: "hl-event" }, "event"),
        el("span", { class: "hl-trigger" }, "trigger")),
      highlighted(d.text, annotationSpans(page, focus)),
      el("h3", {}, "Events"),
      recordTable(["type", "trigger", "date", "modality", "evidence"], page.events.map((e) =>
        [e.type, e.trigger, humanDate(e.date, e.date_precision, d.published), e.modality, e.text])),
      el("h3", {}, "Claims"),
      recordTable(["who", "cue", "what", "told as", "stance"], page.claims.map((c) =>
        [c.speaker ? link(names[c.speaker] || c.source_text, () => openEntity(c.speaker)) : (c.source_text || "—"),
          c.cue || "", c.text, toldAs(c.factuality), (c.stance || []).join(", ")])),
      el("h3", {}, "Actors"),
      el("p", {}, page.entities.map((n) => [link(n.name, () => openEntity(n.id)), " "])),
      el("h3", {}, "Links"),
      recordTable(["kind", "other record", "why"], page.links.map((l) => {
        const other = l.source === d.id ? l.target : l.source;
        return [l.kind, other.startsWith("doc_") ? link(other, () => openDocument(other)) : other, l.explanation || ""];
      })),
    );
    document.querySelector("#detail .focus")?.scrollIntoView({ block: "center" });
  } catch (error) {
    fail(error);
  }
}

export async function openEntity(id) {
  try {
    const page = await api(`entities/${encodeURIComponent(id)}`, {}, false);
    const n = page.entity;
    showDetail(`entity:${n.id}`,
      el("h2", { tabindex: -1 }, n.name, " ", badge(n.side, `side-${n.side}`)),
      el("p", { class: "meta" }, `${n.type}${n.kb_id ? " · knowledge base " + n.kb_id : ""}`),
      el("p", {}, "Written as: ", page.aliases_seen.join(", ")),
      el("p", {}, link("Filter everything to this actor", () => { closeDetail(); hooks.setFilters({ actor: n.id }, { actor: n.name }); })),
      el("h3", {}, "Claims"),
      recordTable(["date", "what", "told as", "document"], page.claims.map((c) =>
        [humanDate(c.date, c.date_precision), c.text, toldAs(c.factuality), link(c.doc_title || c.doc, () => openDocument(c.doc, { claim: c.id }))])),
      el("h3", {}, "Events"),
      recordTable(["date", "type", "evidence"], page.events.map((e) =>
        [humanDate(e.date, e.date_precision, e.doc_published), e.type, link(e.text, () => openDocument(e.doc, { event: e.id }))])),
      el("h3", {}, "Documents"),
      recordTable(["published", "title", "mentions"], page.documents.map((d) =>
        [humanDate(d.published), link(d.title || d.id, () => openDocument(d.id)), d.mentions])),
    );
  } catch (error) {
    fail(error);
  }
}

// What changed at a place in the last week of its reports: the incidents reported then, latest first.
function latestWeek(incidents) {
  const days = incidents.map((i) => i.last_reported).filter(Boolean).sort();
  if (!days.length) return [null, []];
  const last = days[days.length - 1];
  const first = new Date(Date.parse(last) - 6 * DAY_MS).toISOString().slice(0, 10);
  return [dateRange(first, last), incidents.filter((i) => i.last_reported && i.last_reported >= first)];
}

// Who says what about a place: the claims whose words name it, under one name per speaker.
function claimsBySpeaker(claims) {
  const ordered = bySpeaker(claims).slice(0, 8);
  if (!ordered.length) return el("p", { class: "meta" }, "none");
  return el("div", { class: "speakers" }, ordered.map(([who, said]) => el("section", { class: "speaker" },
    speakerHeading("h4", who, said),
    recordTable(["when", "said", "told as"], said.slice(0, 4).map((c) =>
      [humanDate(c.date, c.date_precision, c.doc_published), link(`“${c.text}”`, () => openDocument(c.doc, { claim: c.id })),
        toldAs(c.factuality)])))));
}

export async function openPlace(id) {
  try {
    const [page, incidents, claims] = await Promise.all([api(`places/${encodeURIComponent(id)}`, {}, false),
      api("incidents", { place: id, limit: 100 }, false), api("claims", { place: id, limit: 100 }, false)]);
    const p = page.place;
    const [week, recent] = latestWeek(incidents.items);
    showDetail(`place:${p.gazetteer_id}`,
      el("h2", { tabindex: -1 }, p.name || p.gazetteer_id),
      el("p", { class: "meta" }, [p.feature, p.admin1, p.country, p.gazetteer_id].filter(Boolean).join(" · "),
        p.lat != null ? ` · ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}` : ""),
      el("p", {}, link("Filter everything to this place", () => { closeDetail(); hooks.setFilters({ place: p.gazetteer_id }, { place: p.name }); })),
      el("h3", { id: "latest-week" }, week ? `What changed here in the latest week of reports (${week})` : "No incidents reported here"),
      recordTable(["when", "what", "status", "reports"], recent.map((i) =>
        [dateRange(i.date_start, i.date_end),
          link([badge(i.type), (i.mode || i.category || i.type.toLowerCase()).replace(/[-_]/g, " "), i.control_side ? ` (control: ${i.control_side})` : ""],
            () => openIncident(i.id)),
          [statusBadge(i.status), i.modality === "asserted" ? "" : i.modality], `${i.mentions.length}`])),
      el("h3", { id: "who-says" }, `Who says what about ${p.name || "it"}`),
      claimsBySpeaker(claims.items),
      el("h3", {}, "Control here, by date"),
      recordTable(["date", "who holds it, says", "evidence"], page.events
        .filter((e) => e.type === "CONTROL" || e.type === "RETREAT")
        .sort((a, b) => (a.date_order || "9999").localeCompare(b.date_order || "9999"))
        .map((e) => [humanDate(e.date, e.date_precision, e.doc_published),
          e.control_side ? `${e.control_side} (${e.doc_source || "unknown outlet"})` : `${e.type.toLowerCase()} (${e.doc_source || "unknown outlet"})`,
          link(e.text, () => openDocument(e.doc, { event: e.id }))])),
      el("h3", {}, "Events here"),
      recordTable(["date", "type", "evidence"], page.events.map((e) =>
        [humanDate(e.date, e.date_precision, e.doc_published), e.type, link(e.text, () => openDocument(e.doc, { event: e.id }))])),
      el("h3", {}, "Mentions"),
      recordTable(["published", "written", "document"], page.mentions.map((m) =>
        [humanDate(m.doc_published), m.text, link(m.doc_title || m.doc, () => openDocument(m.doc))])),
    );
    if (p.lat != null && !AREA_FEATURES.has(p.feature)) focusOn(p.lat, p.lon);
  } catch (error) {
    fail(error);
  }
}

export async function openIncident(id) {
  try {
    const page = await api(`incidents/${encodeURIComponent(id)}`, {}, false);
    const i = page.incident;
    state.incidentPlace = i.place;
    showDetail(`incident:${i.id}`,
      el("h2", { tabindex: -1 }, badge(i.type), `${(i.mode || i.category || "").replace(/[-_]/g, " ")} — ${where(i.place, i.place_name)}`),
      el("p", { class: "meta" }, dateRange(i.date_start, i.date_end), " · ", statusBadge(i.status), " ",
        badge(i.control_side && `control: ${i.control_side}`, `side-${i.control_side}`),
        i.sides.length ? `sides ${i.sides.join(", ")} · ` : "", i.modality,
        ` · first reported ${humanDate(i.first_reported)}, latest ${humanDate(i.last_reported)}`),
      el("p", {}, "Origins: ", originsText(i.origins) || "none"),
      i.place ? el("p", {}, link(`Open ${i.place_name || "the place"}`, () => openPlace(i.place))) : null,
      el("h3", {}, "Reports"),
      recordTable(["published", "outlet", "evidence"], page.reports.map((e) =>
        [humanDate(e.doc_published), e.doc_source || "unknown outlet",
          link(e.text, () => openDocument(e.doc, { event: e.id }))])),
    );
  } catch (error) {
    fail(error);
  }
}
