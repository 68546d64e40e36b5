// What every part of the workspace shares: its state, the address bar, the API and the words for a record's
// status. Article text is hostile input: it reaches the page as text nodes only (dom.js).

import { badge, el } from "./dom.js";

// What the record pages need from the lists: set filters (and redraw everything), given by app.js.
export const hooks = { setFilters: () => {} };

const TOKEN_KEY = "sitroom-token";

const VIEWS = ["documents", "incidents", "events", "claims", "contradictions", "entities", "places"];
const FILTER_NAMES = ["q", "from", "to", "side", "event_type", "modality", "source", "place", "bbox", "actor"];
export const state = { filters: {}, labels: {}, view: "documents", open: "", cursor: null, contradicted: new Set(),
  areas: new Map(), mapDrawn: Promise.resolve() };

// ------------------------------------------------------------------------------- the address bar
// Every view's filters, its tab and the record open on the right are in the address: a view can be
// bookmarked and shared, and Back goes back.

export function readUrl() {
  const params = new URLSearchParams(location.search);
  state.filters = {};
  for (const name of FILTER_NAMES) if (params.get(name)) state.filters[name] = params.get(name);
  state.labels = {};
  for (const name of ["place", "actor"]) if (params.get(`${name}_label`)) state.labels[name] = params.get(`${name}_label`);
  if (state.filters.bbox) state.labels.bbox = "map view";
  state.view = VIEWS.includes(params.get("view")) ? params.get("view") : "documents";
  state.open = params.get("open") || "";
}

export function writeUrl() {
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

export function headers() {
  return token ? { "X-Sitroom-Token": token } : {};
}

export function query(extra = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...state.filters, ...extra })) {
    if (value !== undefined && value !== null && value !== "") params.set(name, value);
  }
  return params.toString();
}

export async function api(path, extra = {}, filtered = true) {
  const qs = filtered ? query(extra) : new URLSearchParams(extra).toString();
  const response = await fetch(`/api/${path}${qs ? "?" + qs : ""}`, { headers: headers() });
  if (!response.ok) throw new Error(await problemOf(response, path));
  return response.json();
}

// The server's own sentence for a refusal or a failure ({"error": ...} or {"detail": ...}), whatever the body.
export async function problemOf(response, what) {
  const problem = await response.json().catch(() => ({}));
  for (const message of [problem.error, problem.detail]) {
    if (typeof message === "string") return message;
  }
  return `${response.status} ${response.statusText || what}`;
}

// How a claim's speaker tells its content (the claim's factuality), as the report's claims ledger says it:
// "asserted", or what keeps it from being so ("negated (denied)", "future (plans)", "possible (may)").
const CERTAINTY_WORDS = { PROBABLE: "probable", POSSIBLE: "possible", UNDERSPECIFIED: "uncertain" };
export function toldAs(f) {
  if (!f) return "not read";
  const words = [];
  if (f.polarity === "NEG") words.push("negated");
  else if (f.polarity === "UNDERSPECIFIED") words.push("open");
  if (f.time === "FUTURE") words.push("future");
  if (CERTAINTY_WORDS[f.certainty]) words.push(CERTAINTY_WORDS[f.certainty]);
  if (!words.length) return "asserted";
  return words.join(", ") + (f.cue ? ` (${f.cue})` : "");
}

export function toldBadge(f) {
  const told = toldAs(f);
  return badge(told, told === "asserted" ? "asserted" : "negated");
}

export function link(text, open) {
  return el("a", { class: "internal", role: "link", tabindex: 0, on: { click: (e) => { e.stopPropagation(); open(); } } }, text);
}

export function status(text) {
  document.getElementById("status").textContent = text;
}

export function fail(error) {
  status(`error: ${error.message}`);
}


const STATUS_NAMES = { single_source: "single source" };

export function statusBadge(status) {
  return badge(STATUS_NAMES[status] || status, `status-${status}`);
}

// An incident's origins as reconcile wrote them ("outlet:eastern desk wire", "entity:ent_..."): the
// outlets by name; speakers are counted, their names are on the incident's page.
export function originsText(origins) {
  const outlets = origins.filter((o) => o.startsWith("outlet:")).map((o) => o.slice(7));
  const speakers = origins.length - outlets.length;
  return [outlets.join(", "), speakers ? `${speakers} speaker${speakers > 1 ? "s" : ""}` : ""].filter(Boolean).join(" · ");
}

// Where an incident or an event happened: a settlement by its name; a region or a country as the area it
// is, never as if it were a place that was taken or struck.
const AREA_NAMES = { country: "country", continent: "area" };
export function where(place, name) {
  if (!name) return "place not resolved";
  const area = state.areas.get(place);
  return area ? `somewhere in ${name} (${AREA_NAMES[area] || "region"}; no settlement named)` : name;
}
