// The sitroom workspace: filters, map, timeline and lists over the JSON API; the record pages are in
// pages.js, what they share in core.js. Article text is hostile input: everything from the API reaches the
// page through textContent or attribute setters, never parsed as markup (a test checks that no
// HTML-parsing sink is used in any of the app's modules).

import {
  api, fail, headers, hooks, link, originsText, problemOf, query, readUrl, state, status, statusBadge, toldBadge, where,
  writeUrl,
} from "./core.js";
import { DAY_MS, dateRange, humanDate } from "./dates.js";
import { badge, el } from "./dom.js";
import { AREA_FEATURES, drawPlaces, setUpMap, viewBox } from "./map.js";
import {
  closeDetail, hideDetail, highlightPlace, onKey, openDocument, openEntity, openIncident, openPlace,
} from "./pages.js";
import { appendBySpeaker } from "./speakers.js";

// The values of the actor knowledge base and of docs/export.md (events: PLOVER categories and CONTROL).
const SIDES = ["UA", "RU", "NATO", "US", "EU", "BY", "IR", "KP", "INTL"];
const EVENT_TYPES = ["CONTROL", "ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION", "AID", "RETREAT",
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "REQUEST", "ACCUSE", "REJECT", "PROTEST", "OTHER"];
const MODALITIES = ["asserted", "claimed", "negated", "planned", "hypothetical", "historical"];
const PAGE = 50;
// The speakers the claims list shows so far, each with its heading (see appendBySpeaker).
let speakers = new Map();

// ------------------------------------------------------------------------------------------ filters

function fillSelect(name, values) {
  const select = document.querySelector(`#filters [name=${name}]`);
  for (const value of values) select.append(el("option", { value }, value));
}

function readForm() {
  const form = document.getElementById("filters");
  for (const name of ["q", "from", "to", "side", "event_type", "modality", "source"]) {
    state.filters[name] = form.elements[name].value.trim();
  }
}

function writeForm() {
  const form = document.getElementById("filters");
  for (const name of ["q", "from", "to", "side", "event_type", "modality", "source"]) {
    form.elements[name].value = state.filters[name] || "";
  }
  const chips = document.getElementById("chips");
  chips.replaceChildren();
  for (const name of ["place", "bbox", "actor"]) {
    if (!state.filters[name]) continue;
    const label = `${name}: ${state.labels[name] || state.filters[name]} ×`;
    chips.append(el("span", { class: "chip", title: "remove this filter", dataset: { filter: name },
      on: { click: () => setFilters({ [name]: "" }) } }, label));
  }
}

function setFilters(changes, labels = {}) {
  Object.assign(state.filters, changes);
  Object.assign(state.labels, labels);
  writeForm();
  writeUrl();
  refresh();
}

// ---------------------------------------------------------------------------------------------- map
// Places coloured by what happened there, from the latest incidents under the same filters.
const MAP_INCIDENTS = 500;

async function drawMap() {
  const [collection, incidents] = await Promise.all([api("map"), api("incidents", { limit: MAP_INCIDENTS })]);
  const areas = drawPlaces(collection, incidents.items);
  state.areas = new Map(areas.map((p) => [p.gazetteer_id, p.feature]));
  const listed = areas.slice(0, 5).map((p) => p.name).join(", ");
  const drawn = collection.features.length - areas.length;
  document.getElementById("map-note").textContent = `${drawn} places` +
    (areas.length ? `; ${areas.length} regions and countries not drawn (${listed}${areas.length > 5 ? ", …" : ""})` : "");
  highlightPlace();
}

function openFromMap(place) {
  setFilters({ place: place.id }, { place: place.name });
  openPlace(place.id);
}

// ----------------------------------------------------------------------------------------- timeline

async function drawTimeline() {
  // The whole period stays on the axis so a brushed range can be widened again.
  const context = { ...state.filters, from: "", to: "" };
  const days = await api("timeline", context, true);
  const box = document.getElementById("timeline");
  box.replaceChildren();
  const all = [...days.documents, ...days.events].map((d) => Date.parse(d.day));
  if (!all.length) {
    box.append(el("p", { class: "meta" }, "No dated documents under these filters."));
    return;
  }
  const width = box.clientWidth || 600, height = box.clientHeight || 120, pad = 18;
  const start = Math.min(...all) - DAY_MS, end = Math.max(...all) + DAY_MS;
  const x = (t) => pad + ((t - start) / (end - start)) * (width - 2 * pad);
  const t = (px) => start + ((px - pad) / (width - 2 * pad)) * (end - start);
  const peak = Math.max(1, ...days.documents.map((d) => d.count), ...days.events.map((d) => d.count));
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const shape = (name, attrs) => {
    const node = document.createElementNS(svgNS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    svg.append(node);
    return node;
  };
  const barWidth = Math.max(2, (width - 2 * pad) / ((end - start) / DAY_MS) * 0.8);
  for (const [series, cls, shift] of [[days.documents, "bar-doc", 0], [days.events, "bar-event", barWidth / 2]]) {
    for (const d of series) {
      const h = (d.count / peak) * (height - 2 * pad);
      const bar = shape("rect", { class: cls, x: x(Date.parse(d.day)) + shift, y: height - pad - h, width: barWidth / 2 + 1, height: h });
      const title = document.createElementNS(svgNS, "title");
      title.textContent = `${humanDate(d.day)}: ${d.count} ${cls === "bar-doc" ? "documents" : "events"}`;
      bar.append(title);
    }
  }
  for (const when of [start + DAY_MS, end - DAY_MS]) {
    const label = shape("text", { x: x(when), y: height - 4, "text-anchor": when === start + DAY_MS ? "start" : "end" });
    label.textContent = humanDate(new Date(when).toISOString().slice(0, 10));
  }
  const brush = shape("rect", { class: "brush", x: 0, y: 4, width: 0, height: height - pad - 2 });
  if (state.filters.from || state.filters.to) {
    const from = state.filters.from ? Date.parse(state.filters.from) : start;
    const to = state.filters.to ? Date.parse(state.filters.to) + DAY_MS : end;
    brush.setAttribute("x", x(from));
    brush.setAttribute("width", Math.max(1, x(to) - x(from)));
  }
  let anchor = null;
  const px = (event) => ((event.clientX - svg.getBoundingClientRect().left) / svg.getBoundingClientRect().width) * width;
  svg.addEventListener("pointerdown", (event) => { anchor = px(event); svg.setPointerCapture(event.pointerId); });
  svg.addEventListener("pointermove", (event) => {
    if (anchor === null) return;
    const now = px(event);
    brush.setAttribute("x", Math.min(anchor, now));
    brush.setAttribute("width", Math.abs(now - anchor));
  });
  svg.addEventListener("pointerup", (event) => {
    if (anchor === null) return;
    const now = px(event);
    const [a, b] = [Math.min(anchor, now), Math.max(anchor, now)];
    anchor = null;
    if (b - a < 3) return setFilters({ from: "", to: "" });
    const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
    setFilters({ from: iso(t(a)), to: iso(t(b)) });
  });
  box.append(svg);
}

// -------------------------------------------------------------------------------------------- lists

function row(id, open, ...children) {
  const keyed = (event) => { if (event.key === "Enter") open(); };
  const contradicted = state.contradicted.has(id) ? " contradicted" : "";
  return el("div", { class: `row${contradicted}`, role: "listitem", tabindex: 0, dataset: { id },
    on: { click: open, keydown: keyed } }, ...children);
}

// How the article names a speaker the list names otherwise ("Ukrainian officials", listed as Ukraine).
function writtenAs(c) {
  const written = c.speaker_name || c.speaker_role || c.source_text;
  return written && c.speaker_as && written !== c.speaker_as ? el("span", { class: "meta" }, ` (as written: ${written})`) : null;
}

const ROWS = {
  documents: (d) => row(d.id, () => openDocument(d.id),
    el("div", { class: "title" }, d.title || d.origin),
    el("div", { class: "meta" }, [humanDate(d.published), d.source].filter(Boolean).join(" · "),
      d.is_english ? null : badge(`language ${d.language}: not analysed`, "negated")),
    d.snippet ? el("div", { class: "snippet" }, "…" + d.snippet + "…") : null),
  incidents: (i) => row(i.id, () => openIncident(i.id),
    el("div", { class: "title" }, badge(i.type), (i.mode || i.category || "").replace(/[-_]/g, " "), " — ", where(i.place, i.place_name)),
    el("div", { class: "meta" }, dateRange(i.date_start, i.date_end), " · ", statusBadge(i.status),
      badge(i.control_side && `control: ${i.control_side}`, `side-${i.control_side}`),
      `${i.mentions.length} report${i.mentions.length > 1 ? "s" : ""} · `, originsText(i.origins))),
  events: (e) => row(e.id, () => openDocument(e.doc, { event: e.id }),
    el("div", { class: "title" }, badge(e.type), `${e.trigger}`, e.place_name ? ` — ${where(e.place_gazetteer_id, e.place_name)}` : ""),
    el("div", { class: "meta" }, humanDate(e.date, e.date_precision, e.doc_published), " · ", badge(e.modality, e.modality),
      badge(e.control_side && `control: ${e.control_side}`, `side-${e.control_side}`),
      state.contradicted.has(e.id) ? badge("contradicted", "contradicted") : null, e.doc_title || ""),
    el("div", { class: "snippet" }, e.text)),
  // Under its speaker's heading (see appendBySpeaker): the words, then how and when they were said.
  claims: (c) => row(c.id, () => openDocument(c.doc, { claim: c.id }),
    el("div", { class: "snippet" }, `“${c.text}”`),
    el("div", { class: "meta" }, humanDate(c.date, c.date_precision, c.doc_published), c.cue ? ` · ${c.cue}` : "", writtenAs(c),
      " · ", toldBadge(c.factuality), (c.stance || []).map((s) => badge(s, s)),
      state.contradicted.has(c.id) ? badge("contradicted", "contradicted") : null, c.doc_title || "")),
  entities: (n) => row(n.id, () => openEntity(n.id),
    el("div", { class: "title" }, n.name, " ", badge(n.side, `side-${n.side}`)),
    el("div", { class: "meta" }, `${n.type} · ${n.mentions} mentions in ${n.documents} documents`)),
  places: (p) => row(p.gazetteer_id, () => openPlace(p.gazetteer_id),
    el("div", { class: "title" }, p.name || p.gazetteer_id, AREA_FEATURES.has(p.feature) ? badge(p.feature === "admin1" ? "region" : p.feature) : null),
    el("div", { class: "meta" }, [p.admin1, p.country].filter(Boolean).join(", "),
      ` · ${p.mentions} mentions in ${p.documents} documents · ${p.events} events`)),
};

// One side of a contradiction: who says it, where and when, the words, and the way to the document.
function evidenceCard(end) {
  const focus = end.record === "claim" ? { claim: end.id } : { event: end.id };
  const who = end.speaker_name || end.source_text || end.doc_source || "unattributed";
  return el("div", { class: "side-card" },
    el("div", { class: "title" }, who, " ", end.control_side ? badge(`says ${end.control_side} holds it`, `side-${end.control_side}`) : null),
    el("div", { class: "snippet" }, `“${end.text}”`),
    el("div", { class: "meta" }, [end.doc_source, humanDate(end.doc_published)].filter(Boolean).join(" · "), " · ",
      link("show the evidence", () => openDocument(end.doc, focus))));
}

function contradictionRow(c) {
  return el("div", { class: "row contradiction", role: "listitem", dataset: { id: c.id } },
    el("div", { class: "title" }, c.explanation || "these reports disagree"),
    el("div", { class: "side-by-side" }, evidenceCard(c.first), evidenceCard(c.second)));
}

async function loadContradictionList() {
  const list = document.getElementById("list");
  const pairs = await api("contradictions", {}, false);
  list.replaceChildren(...pairs.map(contradictionRow));
  if (!pairs.length) list.append(el("p", { class: "row meta" }, "No contradictions found between the reports."));
  document.getElementById("more").hidden = true;
}

async function loadList(append = false) {
  if (state.view === "contradictions") return loadContradictionList();
  if (state.view === "incidents" || state.view === "events") await state.mapDrawn; // which places are areas
  const list = document.getElementById("list");
  const path = state.view === "documents" && state.filters.q ? "search" : state.view;
  const page = await api(path, { limit: PAGE, cursor: append ? state.cursor : "" });
  if (!append) {
    list.replaceChildren();
    speakers = new Map();
  }
  if (state.view === "claims") appendBySpeaker(list, page.items, ROWS.claims, speakers);
  else for (const item of page.items) list.append(ROWS[state.view](item));
  if (!list.children.length) list.append(el("p", { class: "row meta" }, `No ${state.view} under these filters.`));
  state.cursor = page.next;
  document.getElementById("more").hidden = !page.next;
}

async function loadContradictions() {
  const pairs = await api("contradictions", {}, false);
  state.contradicted = new Set(pairs.flatMap((l) => [l.source, l.target]));
}

async function refresh() {
  status("loading…");
  try {
    state.mapDrawn = drawMap();
    await Promise.all([state.mapDrawn, drawTimeline(), loadList()]);
    status(describeFilters());
  } catch (error) {
    fail(error);
  }
}

function describeFilters() {
  const active = Object.entries(state.filters).filter(([, v]) => v);
  return active.length ? "filtered by " + active.map(([k, v]) => `${k}=${state.labels[k] || v}`).join(", ") : "all records";
}

// --------------------------------------------------------------------------------------- downloads

async function download() {
  const format = document.getElementById("download-format").value;
  try {
    const response = await fetch(`/api/download/${state.view}?${query({ format })}`, { headers: headers() });
    if (!response.ok) throw new Error(await problemOf(response, `download ${state.view}`));
    const url = URL.createObjectURL(await response.blob());
    const a = el("a", { href: url, download: `sitroom-${state.view}.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    fail(error);
  }
}

// -------------------------------------------------------------------------------------------- start

function selectTab() {
  for (const b of document.querySelectorAll("#tabs [data-view]")) b.classList.toggle("active", b.dataset.view === state.view);
  document.getElementById("download").disabled = state.view === "contradictions";
}

// What the address says: filters, tab and the record open on the right.
function applyUrl() {
  readUrl();
  writeForm();
  selectTab();
  const [kind, ...rest] = state.open.split(":");
  const id = rest.join(":");
  const openers = { doc: openDocument, place: openPlace, entity: openEntity, incident: openIncident };
  if (openers[kind] && id) openers[kind](id);
  else hideDetail();
  return refresh();
}

function start() {
  hooks.setFilters = setFilters;
  fillSelect("side", SIDES);
  fillSelect("event_type", EVENT_TYPES);
  fillSelect("modality", MODALITIES);
  document.getElementById("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    readForm();
    setFilters({});
  });
  document.getElementById("clear").addEventListener("click", () => {
    state.filters = {};
    state.labels = {};
    setFilters({});
  });
  for (const button of document.querySelectorAll("#tabs [data-view]")) {
    button.addEventListener("click", () => {
      state.view = button.dataset.view;
      selectTab();
      writeUrl();
      loadList().catch(fail);
    });
  }
  document.getElementById("more").addEventListener("click", () => loadList(true).catch(fail));
  document.getElementById("close-detail").addEventListener("click", closeDetail);
  document.getElementById("use-view").addEventListener("click", () =>
    setFilters({ bbox: viewBox(), place: "" }, { bbox: "map view" }));
  document.getElementById("download").addEventListener("click", download);
  window.addEventListener("resize", () => drawTimeline().catch(fail));
  window.addEventListener("popstate", () => applyUrl().catch(fail));
  document.addEventListener("keydown", onKey);
  setUpMap("map", { onPlace: openFromMap, status }).then(loadContradictions).then(applyUrl).catch(fail);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
