// The sitroom workspace: map, timeline, lists and record pages over the JSON API.
// Article text is hostile input: everything from the API reaches the page through textContent or
// attribute setters, never parsed as markup (a test checks that no HTML-parsing sink is used here).

const TOKEN_KEY = "sitroom-token";
// The values of the actor knowledge base and of docs/export.md (events: PLOVER categories and CONTROL).
const SIDES = ["UA", "RU", "NATO", "US", "EU", "BY", "IR", "KP", "INTL"];
const EVENT_TYPES = ["CONTROL", "ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION", "AID", "RETREAT",
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "REQUEST", "ACCUSE", "REJECT", "PROTEST"];
const MODALITIES = ["asserted", "claimed", "negated", "planned", "hypothetical", "historical"];
const PAGE = 50;

const state = { filters: {}, labels: {}, view: "documents", cursor: null, contradicted: new Set() };

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

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "on") for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function badge(text, extra = "") {
  return text ? el("span", { class: `badge ${extra}` }, text) : null;
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
  refresh();
}

// ---------------------------------------------------------------------------------------------- map

let map = null;
let markers = null;

async function setUpMap() {
  map = L.map("map", { worldCopyJump: true, attributionControl: true }).setView([48.5, 33], 5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  try {
    const world = await fetch("/static/vendor/world-atlas/countries-50m.json").then((r) => r.json());
    const countries = topojson.feature(world, world.objects.countries);
    L.geoJSON(countries, { style: { color: "#8795a1", weight: 0.8, fillColor: "#f3f1ea", fillOpacity: 1 },
      interactive: false }).addTo(map);
  } catch (error) {
    status("the basemap could not be loaded; places are still shown");
  }
  markers = L.layerGroup().addTo(map);
}

async function drawMap() {
  const collection = await api("map");
  markers.clearLayers();
  for (const feature of collection.features) {
    const [lon, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    const marker = L.circleMarker([lat, lon], {
      radius: 4 + Math.sqrt(p.mentions) * 2,
      color: p.events ? "#b02a21" : "#1b5fa8",
      weight: 1.5,
      fillOpacity: 0.55,
    });
    const tip = el("div", {}, el("b", {}, p.name || p.gazetteer_id),
      el("div", {}, `${p.mentions} mentions in ${p.documents} documents, ${p.events} events`));
    marker.bindTooltip(tip);
    marker.on("click", () => {
      setFilters({ place: p.gazetteer_id }, { place: p.name });
      openPlace(p.gazetteer_id);
    });
    markers.addLayer(marker);
  }
  document.getElementById("map-note").textContent = `${collection.features.length} places`;
}

function useMapView() {
  const b = map.getBounds();
  const round = (x) => Math.round(x * 1000) / 1000;
  const west = round(Math.max(-180, b.getWest()));
  const east = round(Math.min(180, b.getEast()));
  const bbox = [west, round(Math.max(-90, b.getSouth())), east, round(Math.min(90, b.getNorth()))].join(",");
  setFilters({ bbox, place: "" }, { bbox: "map view" });
}

// ----------------------------------------------------------------------------------------- timeline

const DAY_MS = 86400000;

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
      title.textContent = `${d.day}: ${d.count} ${cls === "bar-doc" ? "documents" : "events"}`;
      bar.append(title);
    }
  }
  for (const when of [start + DAY_MS, end - DAY_MS]) {
    const label = shape("text", { x: x(when), y: height - 4, "text-anchor": when === start + DAY_MS ? "start" : "end" });
    label.textContent = new Date(when).toISOString().slice(0, 10);
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

const ROWS = {
  documents: (d) => el("div", { class: "row", role: "listitem", dataset: { id: d.id }, on: { click: () => openDocument(d.id) } },
    el("div", { class: "title" }, d.title || d.origin),
    el("div", { class: "meta" }, [d.published || "undated", d.source].filter(Boolean).join(" · "),
      d.is_english ? null : badge(`language ${d.language}: not analysed`, "negated")),
    d.snippet ? el("div", { class: "snippet" }, "…" + d.snippet + "…") : null),
  events: (e) => el("div", { class: "row", role: "listitem", dataset: { id: e.id }, on: { click: () => openDocument(e.doc, { event: e.id }) } },
    el("div", { class: "title" }, badge(e.type), `${e.trigger}`, e.place_name ? ` — ${e.place_name}` : ""),
    el("div", { class: "meta" }, e.date || "undated", " · ", badge(e.modality, e.modality),
      badge(e.control_side && `control: ${e.control_side}`, `side-${e.control_side}`), e.doc_title || ""),
    el("div", { class: "snippet" }, e.text)),
  claims: (c) => el("div", { class: `row${state.contradicted.has(c.id) ? " contradicted" : ""}`, role: "listitem",
      dataset: { id: c.id }, on: { click: () => openDocument(c.doc, { claim: c.id }) } },
    el("div", { class: "title" }, c.speaker_name || c.source_text || c.speaker_role || "unattributed",
      " ", badge(c.speaker_side, `side-${c.speaker_side}`), c.cue ? ` ${c.cue}` : ""),
    el("div", { class: "snippet" }, `“${c.text}”`),
    el("div", { class: "meta" }, c.date || "undated", " · ", toldBadge(c.factuality), (c.stance || []).map((s) => badge(s, s)),
      state.contradicted.has(c.id) ? badge("contradicted", "contradicted") : null, c.doc_title || "")),
  entities: (n) => el("div", { class: "row", role: "listitem", dataset: { id: n.id }, on: { click: () => openEntity(n.id) } },
    el("div", { class: "title" }, n.name, " ", badge(n.side, `side-${n.side}`)),
    el("div", { class: "meta" }, `${n.type} · ${n.mentions} mentions in ${n.documents} documents`)),
  places: (p) => el("div", { class: "row", role: "listitem", dataset: { id: p.gazetteer_id }, on: { click: () => openPlace(p.gazetteer_id) } },
    el("div", { class: "title" }, p.name || p.gazetteer_id),
    el("div", { class: "meta" }, [p.admin1, p.country].filter(Boolean).join(", "),
      ` · ${p.mentions} mentions in ${p.documents} documents · ${p.events} events`)),
};

async function loadList(append = false) {
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
  const page = await api("links", { kind: "contradicts", limit: 500 }, false);
  state.contradicted = new Set(page.items.flatMap((l) => [l.source, l.target]));
}

async function refresh() {
  status("loading…");
  try {
    await Promise.all([drawMap(), drawTimeline(), loadList()]);
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

function showDetail(...nodes) {
  document.getElementById("right").hidden = true;
  const detail = document.getElementById("detail");
  detail.hidden = false;
  document.getElementById("detail-body").replaceChildren(...nodes);
}

function closeDetail() {
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
    showDetail(
      el("h2", { id: "doc-title" }, d.title || d.origin),
      el("p", { class: "meta" }, [d.published || "undated", d.source, d.author, d.language].filter(Boolean).join(" · "),
        d.url ? el("span", {}, " · ", el("span", { class: "meta" }, d.url)) : null),
      el("p", { class: "legend" }, el("span", { class: "hl-place" }, "place"), el("span", { class: "hl-date" }, "date"),
        el("span", { class: "hl-quantity" }, "quantity"), el("span", { class: "hl-mention" }, "actor"),
        el("span", { class: "hl-claim" }, "claim"), el("span", { class: "hl-event" }, "event"),
        el("span", { class: "hl-trigger" }, "trigger")),
      highlighted(d.text, annotationSpans(page, focus)),
      el("h3", {}, "Events"),
      recordTable(["type", "trigger", "date", "modality", "evidence"], page.events.map((e) =>
        [e.type, e.trigger, e.date || "undated", e.modality, e.text])),
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
    showDetail(
      el("h2", {}, n.name, " ", badge(n.side, `side-${n.side}`)),
      el("p", { class: "meta" }, `${n.type}${n.kb_id ? " · knowledge base " + n.kb_id : ""}`),
      el("p", {}, "Written as: ", page.aliases_seen.join(", ")),
      el("p", {}, link("Filter everything to this actor", () => { closeDetail(); setFilters({ actor: n.id }, { actor: n.name }); })),
      el("h3", {}, "Claims"),
      recordTable(["date", "what", "told as", "document"], page.claims.map((c) =>
        [c.date || "undated", c.text, toldAs(c.factuality), link(c.doc_title || c.doc, () => openDocument(c.doc, { claim: c.id }))])),
      el("h3", {}, "Events"),
      recordTable(["date", "type", "evidence"], page.events.map((e) =>
        [e.date || "undated", e.type, link(e.text, () => openDocument(e.doc, { event: e.id }))])),
      el("h3", {}, "Documents"),
      recordTable(["published", "title", "mentions"], page.documents.map((d) =>
        [d.published || "undated", link(d.title || d.id, () => openDocument(d.id)), d.mentions])),
    );
  } catch (error) {
    fail(error);
  }
}

async function openPlace(id) {
  try {
    const page = await api(`places/${encodeURIComponent(id)}`, {}, false);
    const p = page.place;
    showDetail(
      el("h2", {}, p.name || p.gazetteer_id),
      el("p", { class: "meta" }, [p.feature, p.admin1, p.country, p.gazetteer_id].filter(Boolean).join(" · "),
        p.lat != null ? ` · ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}` : ""),
      el("p", {}, link("Filter everything to this place", () => { closeDetail(); setFilters({ place: p.gazetteer_id }, { place: p.name }); })),
      el("h3", {}, "Events here"),
      recordTable(["date", "type", "evidence"], page.events.map((e) =>
        [e.date || "undated", e.type, link(e.text, () => openDocument(e.doc, { event: e.id }))])),
      el("h3", {}, "Mentions"),
      recordTable(["published", "written", "document"], page.mentions.map((m) =>
        [m.doc_published || "undated", m.text, link(m.doc_title || m.doc, () => openDocument(m.doc))])),
    );
    if (p.lat != null) map.setView([p.lat, p.lon], Math.max(map.getZoom(), 6));
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
    writeForm();
    refresh();
  });
  for (const button of document.querySelectorAll("#tabs [data-view]")) {
    button.addEventListener("click", () => {
      state.view = button.dataset.view;
      for (const b of document.querySelectorAll("#tabs [data-view]")) b.classList.toggle("active", b === button);
      loadList().catch(fail);
    });
  }
  document.getElementById("more").addEventListener("click", () => loadList(true).catch(fail));
  document.getElementById("close-detail").addEventListener("click", closeDetail);
  document.getElementById("use-view").addEventListener("click", useMapView);
  document.getElementById("download").addEventListener("click", download);
  window.addEventListener("resize", () => drawTimeline().catch(fail));
  setUpMap().then(loadContradictions).then(refresh).catch(fail);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
