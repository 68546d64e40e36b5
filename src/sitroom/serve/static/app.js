// The sitroom workspace: map, timeline, lists and record pages over the JSON API.
// Article text is hostile input: everything from the API reaches the page through textContent or
// attribute setters, never parsed as markup (a test checks that no HTML-parsing sink is used here).

import { DAY_MS, dateRange, humanDate } from "./dates.js";
import { badge, el } from "./dom.js";
import { AREA_FEATURES, drawPlaces, focusOn, highlight, setUpMap, viewBox } from "./map.js";

const TOKEN_KEY = "sitroom-token";
// The values of the actor knowledge base and of docs/export.md (events: PLOVER categories and CONTROL).
const SIDES = ["UA", "RU", "NATO", "US", "EU", "BY", "IR", "KP", "INTL"];
const EVENT_TYPES = ["CONTROL", "ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION", "AID", "RETREAT",
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "REQUEST", "ACCUSE", "REJECT", "PROTEST"];
const MODALITIES = ["asserted", "claimed", "negated", "planned", "hypothetical", "historical"];
const PAGE = 50;

const VIEWS = ["documents", "incidents", "events", "claims", "contradictions", "entities", "places"];
const FILTER_NAMES = ["q", "from", "to", "side", "event_type", "modality", "source", "place", "bbox", "actor"];
const state = { filters: {}, labels: {}, view: "documents", open: "", cursor: null, contradicted: new Set(),
  areas: new Map(), mapDrawn: Promise.resolve() };

// ------------------------------------------------------------------------------- the address bar
// Every view's filters, its tab and the record open on the right are in the address: a view can be
// bookmarked and shared, and Back goes back.

function readUrl() {
  const params = new URLSearchParams(location.search);
  state.filters = {};
  for (const name of FILTER_NAMES) if (params.get(name)) state.filters[name] = params.get(name);
  state.labels = {};
  for (const name of ["place", "actor"]) if (params.get(`${name}_label`)) state.labels[name] = params.get(`${name}_label`);
  if (state.filters.bbox) state.labels.bbox = "map view";
  state.view = VIEWS.includes(params.get("view")) ? params.get("view") : "documents";
  state.open = params.get("open") || "";
}

function writeUrl() {
  const params = new URLSearchParams(query());
  for (const name of ["place", "actor"]) if (state.filters[name] && state.labels[name]) params.set(`${name}_label`, state.labels[name]);
  if (state.view !== "documents") params.set("view", state.view);
  if (state.open) params.set("open", state.open);
  const qs = params.toString();
  const url = location.pathname + (qs ? "?" + qs : "");
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
}

// ------------------------------------------------------------------------------------------- basics

function takeToken() {
  const match = location.hash.match(/token=([A-Za-z0-9_-]+)/);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}
const token = takeToken();

function headers() {
  return token ? { "X-Sitroom-Token": token } : {};
}

function query(extra = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...state.filters, ...extra })) {
    if (value !== undefined && value !== null && value !== "") params.set(name, value);
  }
  return params.toString();
}

async function api(path, extra = {}, filtered = true) {
  const qs = filtered ? query(extra) : new URLSearchParams(extra).toString();
  const response = await fetch(`/api/${path}${qs ? "?" + qs : ""}`, { headers: headers() });
  if (!response.ok) throw new Error(await problemOf(response, path));
  return response.json();
}

// The server's own sentence for a refusal or a failure ({"error": ...} or {"detail": ...}), whatever the body.
async function problemOf(response, what) {
  const problem = await response.json().catch(() => ({}));
  for (const message of [problem.error, problem.detail]) {
    if (typeof message === "string") return message;
  }
  return `${response.status} ${response.statusText || what}`;
}

// How a claim's speaker tells its content (the claim's factuality), as the report's claims ledger says it:
// "asserted", or what keeps it from being so ("negated (denied)", "future (plans)", "possible (may)").
const CERTAINTY_WORDS = { PROBABLE: "probable", POSSIBLE: "possible", UNDERSPECIFIED: "uncertain" };
function toldAs(f) {
  if (!f) return "not read";
  const words = [];
  if (f.polarity === "NEG") words.push("negated");
  else if (f.polarity === "UNDERSPECIFIED") words.push("open");
  if (f.time === "FUTURE") words.push("future");
  if (CERTAINTY_WORDS[f.certainty]) words.push(CERTAINTY_WORDS[f.certainty]);
  if (!words.length) return "asserted";
  return words.join(", ") + (f.cue ? ` (${f.cue})` : "");
}

function toldBadge(f) {
  const told = toldAs(f);
  return badge(told, told === "asserted" ? "asserted" : "negated");
}

function link(text, open) {
  return el("a", { class: "internal", role: "link", tabindex: 0, on: { click: (e) => { e.stopPropagation(); open(); } } }, text);
}

function status(text) {
  document.getElementById("status").textContent = text;
}

function fail(error) {
  status(`error: ${error.message}`);
}

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

// The place of the filter, of the open place page, or of the open incident.
function highlightPlace() {
  const [kind, ...rest] = state.open.split(":");
  const open = kind === "place" ? rest.join(":") : kind === "incident" ? state.incidentPlace : "";
  highlight(open || state.filters.place || "");
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

const STATUS_NAMES = { single_source: "single source" };

function statusBadge(status) {
  return badge(STATUS_NAMES[status] || status, `status-${status}`);
}

// An incident's origins as reconcile wrote them ("outlet:eastern desk wire", "entity:ent_..."): the
// outlets by name; speakers are counted, their names are on the incident's page.
function originsText(origins) {
  const outlets = origins.filter((o) => o.startsWith("outlet:")).map((o) => o.slice(7));
  const speakers = origins.length - outlets.length;
  return [outlets.join(", "), speakers ? `${speakers} speaker${speakers > 1 ? "s" : ""}` : ""].filter(Boolean).join(" · ");
}

// How the article names a speaker the list names otherwise ("Ukrainian officials", listed as Ukraine).
function writtenAs(c) {
  const written = c.speaker_name || c.speaker_role || c.source_text;
  return written && c.speaker_as && written !== c.speaker_as ? el("span", { class: "meta" }, ` (as written: ${written})`) : null;
}

// Where an incident or an event happened: a settlement by its name; a region or a country as the area it
// is, never as if it were a place that was taken or struck.
const AREA_NAMES = { country: "country", continent: "area" };
function where(place, name) {
  if (!name) return "place not resolved";
  const area = state.areas.get(place);
  return area ? `somewhere in ${name} (${AREA_NAMES[area] || "region"}; no settlement named)` : name;
}

const ROWS = {
  documents: (d) => row(d.id, () => openDocument(d.id),
    el("div", { class: "title" }, d.title || d.origin),
    el("div", { class: "meta" }, [humanDate(d.published), d.source].filter(Boolean).join(" · "),
      d.is_english ? null : badge(`language ${d.language}: not analysed`, "negated")),
    d.snippet ? el("div", { class: "snippet" }, "…" + d.snippet + "…") : null),
  incidents: (i) => row(i.id, () => openIncident(i.id),
    el("div", { class: "title" }, badge(i.type), (i.mode || "").replace(/-/g, " "), " — ", where(i.place, i.place_name)),
    el("div", { class: "meta" }, dateRange(i.date_start, i.date_end), " · ", statusBadge(i.status),
      badge(i.control_side && `control: ${i.control_side}`, `side-${i.control_side}`),
      `${i.mentions.length} report${i.mentions.length > 1 ? "s" : ""} · `, originsText(i.origins))),
  events: (e) => row(e.id, () => openDocument(e.doc, { event: e.id }),
    el("div", { class: "title" }, badge(e.type), `${e.trigger}`, e.place_name ? ` — ${where(e.place_gazetteer_id, e.place_name)}` : ""),
    el("div", { class: "meta" }, humanDate(e.date, e.date_precision, e.doc_published), " · ", badge(e.modality, e.modality),
      badge(e.control_side && `control: ${e.control_side}`, `side-${e.control_side}`),
      state.contradicted.has(e.id) ? badge("contradicted", "contradicted") : null, e.doc_title || ""),
    el("div", { class: "snippet" }, e.text)),
  claims: (c) => row(c.id, () => openDocument(c.doc, { claim: c.id }),
    el("div", { class: "title" }, c.speaker_as || "unattributed", " ", badge(c.speaker_side, `side-${c.speaker_side}`),
      c.cue ? ` ${c.cue}` : "", writtenAs(c)),
    el("div", { class: "snippet" }, `“${c.text}”`),
    el("div", { class: "meta" }, humanDate(c.date, c.date_precision, c.doc_published), " · ", toldBadge(c.factuality), (c.stance || []).map((s) => badge(s, s)),
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
  if (!append) list.replaceChildren();
  for (const item of page.items) list.append(ROWS[state.view](item));
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

function closeDetail() {
  hideDetail();
  state.open = "";
  writeUrl();
  highlightPlace();
  // Back to the row the page was opened from, for the keyboard.
  const back = state.returnTo && [...document.querySelectorAll("#list .row")].find((r) => r.dataset.id === state.returnTo);
  (back || document.querySelector("#list .row"))?.focus();
}

// Keys: up and down move along a list, Enter opens a row (row), Escape closes the page on the right.
function onKey(event) {
  if (event.key === "Escape" && !document.getElementById("detail").hidden) {
    closeDetail();
    return;
  }
  const current = event.target.closest?.("#list .row");
  if (!current || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
  event.preventDefault();
  const next = event.key === "ArrowDown" ? current.nextElementSibling : current.previousElementSibling;
  if (next?.classList.contains("row")) next.focus();
}

function hideDetail() {
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

async function openDocument(id, focus = {}) {
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

async function openEntity(id) {
  try {
    const page = await api(`entities/${encodeURIComponent(id)}`, {}, false);
    const n = page.entity;
    showDetail(`entity:${n.id}`,
      el("h2", { tabindex: -1 }, n.name, " ", badge(n.side, `side-${n.side}`)),
      el("p", { class: "meta" }, `${n.type}${n.kb_id ? " · knowledge base " + n.kb_id : ""}`),
      el("p", {}, "Written as: ", page.aliases_seen.join(", ")),
      el("p", {}, link("Filter everything to this actor", () => { closeDetail(); setFilters({ actor: n.id }, { actor: n.name }); })),
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
  const groups = new Map();
  for (const c of claims) {
    const who = c.speaker_as || "unattributed";
    if (!groups.has(who)) groups.set(who, []);
    groups.get(who).push(c);
  }
  const ordered = [...groups].sort((a, b) => b[1].length - a[1].length).slice(0, 8);
  if (!ordered.length) return el("p", { class: "meta" }, "none");
  return el("div", { class: "speakers" }, ordered.map(([who, said]) => el("section", { class: "speaker" },
    el("h4", {}, who, " ", el("span", { class: "meta" }, `${said.length} claim${said.length > 1 ? "s" : ""}`)),
    recordTable(["when", "said", "told as"], said.slice(0, 4).map((c) =>
      [humanDate(c.date, c.date_precision, c.doc_published), link(`“${c.text}”`, () => openDocument(c.doc, { claim: c.id })),
        toldAs(c.factuality)])))));
}

async function openPlace(id) {
  try {
    const [page, incidents, claims] = await Promise.all([api(`places/${encodeURIComponent(id)}`, {}, false),
      api("incidents", { place: id, limit: 100 }, false), api("claims", { place: id, limit: 100 }, false)]);
    const p = page.place;
    const [week, recent] = latestWeek(incidents.items);
    showDetail(`place:${p.gazetteer_id}`,
      el("h2", { tabindex: -1 }, p.name || p.gazetteer_id),
      el("p", { class: "meta" }, [p.feature, p.admin1, p.country, p.gazetteer_id].filter(Boolean).join(" · "),
        p.lat != null ? ` · ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}` : ""),
      el("p", {}, link("Filter everything to this place", () => { closeDetail(); setFilters({ place: p.gazetteer_id }, { place: p.name }); })),
      el("h3", { id: "latest-week" }, week ? `What changed here in the latest week of reports (${week})` : "No incidents reported here"),
      recordTable(["when", "what", "status", "reports"], recent.map((i) =>
        [dateRange(i.date_start, i.date_end),
          link([badge(i.type), (i.mode || i.type.toLowerCase()).replace(/-/g, " "), i.control_side ? ` (control: ${i.control_side})` : ""],
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

async function openIncident(id) {
  try {
    const page = await api(`incidents/${encodeURIComponent(id)}`, {}, false);
    const i = page.incident;
    state.incidentPlace = i.place;
    showDetail(`incident:${i.id}`,
      el("h2", { tabindex: -1 }, badge(i.type), `${i.mode || ""} — ${where(i.place, i.place_name)}`),
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
