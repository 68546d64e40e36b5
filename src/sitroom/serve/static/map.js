// The workspace's map: places drawn by what happened there (control changes as diamonds, strikes as
// round markers, other events as small squares, places only mentioned as rings), coloured by side,
// grouped into clusters where they would overlap at the current zoom, the busiest named, the selection
// highlighted. Regions and countries are areas: listed under the map, never drawn as a point.
// Everything from the API reaches the page as text (el), never parsed as markup.

import { el } from "./dom.js";

// Places that are an area: listed, never drawn as a point where their centre happens to be.
export const AREA_FEATURES = new Set(["country", "admin1", "region", "continent"]);
// The profile's default side colours (profiles/*.yaml), as in the report's map; other sides in grey.
const SIDE_COLOURS = { UA: "#1f78b4", RU: "#e31a1c" };
const OTHER_COLOUR = "#999999";
const KIND_NAMES = { control: "control change", strike: "strike or attack", other: "other event", mentioned: "only mentioned" };
// What happened, not what was planned, denied or supposed: only these draw a place as a control change
// or a strike (as in the report's bottom line).
const HAPPENED = new Set(["asserted", "claimed"]);
const CLUSTER_PX = 34; // places closer than this on the screen are one marker
const LABELS = 14; // the busiest places are named, where their names fit
// The theatre, as in the report: the places within THEATRE_KM of the densest cluster of events (the place
// with the most events within CLUSTER_KM); a summit abroad does not stretch the map to the world.
const CLUSTER_KM = 250, THEATRE_KM = 600;

let map = null;
let layer = null;
let places = []; // {id, name, lat, lon, mentions, events, kind, side}
let drawn = []; // {marker, members, lat, lon, name, weight}
let selected = "";
let fitted = false;
let onPlace = () => {};

function km(a, b) {
  const rad = Math.PI / 180, dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function theatreBounds() {
  const weight = (p) => p.events || 0.1;
  const near = (centre, radius) => places.filter((p) => km(centre, p) <= radius);
  let densest = places[0], best = -1;
  for (const place of places) {
    const score = near(place, CLUSTER_KM).reduce((sum, p) => sum + weight(p), 0);
    if (score > best) [densest, best] = [place, score];
  }
  return L.latLngBounds(near(densest, THEATRE_KM).map((p) => [p.lat, p.lon]));
}

export async function setUpMap(id, handlers) {
  onPlace = handlers.onPlace;
  // The whole world until the places are drawn; then the theatre (theatreBounds).
  map = L.map(id, { worldCopyJump: true, attributionControl: true, keyboard: true }).setView([30, 10], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  try {
    const world = await fetch("/static/vendor/world-atlas/countries-50m.json").then((r) => r.json());
    const countries = topojson.feature(world, world.objects.countries);
    L.geoJSON(countries, { style: { color: "#8795a1", weight: 0.8, fillColor: "#f3f1ea", fillOpacity: 1 },
      interactive: false }).addTo(map);
  } catch (error) {
    handlers.status("the basemap could not be loaded; places are still shown");
  }
  layer = L.layerGroup().addTo(map);
  legend().addTo(map);
  map.on("zoomend", cluster);
  map.on("moveend", labelMarkers);
  return map;
}

// What happened at each place, from the incidents under the filters: a control change if one is told as
// having happened, else a strike, else another event; the side gaining control, else the attackers' side.
function summarise(incidents) {
  const at = new Map();
  for (const i of incidents) {
    if (!i.place) continue;
    const kind = !HAPPENED.has(i.modality) ? "other" : i.type === "CONTROL" ? "control" : i.type === "ASSAULT" ? "strike" : "other";
    const side = kind === "control" ? i.control_side : i.sides.length === 1 ? i.sides[0] : null;
    const rank = { control: 0, strike: 1, other: 2 }[kind];
    const seen = at.get(i.place);
    if (!seen || rank < seen.rank) at.set(i.place, { kind, side, rank });
  }
  return at;
}

// ``collection``: the places (GeoJSON from /api/map); ``incidents``: the latest incidents under the same
// filters. Returns the areas that are listed, not drawn.
export function drawPlaces(collection, incidents) {
  const summary = summarise(incidents);
  const areas = [];
  places = [];
  for (const feature of collection.features) {
    const [lon, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    if (AREA_FEATURES.has(p.feature)) {
      areas.push(p);
      continue;
    }
    const what = summary.get(p.gazetteer_id) || { kind: p.events ? "other" : "mentioned", side: null };
    places.push({ id: p.gazetteer_id, name: p.name || p.gazetteer_id, lat, lon, mentions: p.mentions,
      documents: p.documents, events: p.events, kind: what.kind, side: what.side });
  }
  places.sort((a, b) => b.mentions - a.mentions);
  if (!fitted && places.length) {
    fitted = true;
    map.fitBounds(theatreBounds(), { padding: [20, 20], maxZoom: 8, animate: false });
  }
  cluster();
  return areas.sort((a, b) => b.mentions - a.mentions);
}

function colour(side) {
  return side ? SIDE_COLOURS[side] || OTHER_COLOUR : OTHER_COLOUR;
}

function pinIcon(place, size) {
  const shape = el("span", { class: `shape kind-${place.kind}`, style: `--c:${colour(place.side)}` });
  return L.divIcon({ className: "pin", html: shape, iconSize: [size, size] });
}

function clusterIcon(members, size) {
  // Coloured by what leads among its places: the first control change, else the first strike.
  const lead = members.find((p) => p.kind === "control") || members.find((p) => p.kind === "strike") || members[0];
  const shape = el("span", { class: `shape cluster-count kind-${lead.kind}`, style: `--c:${colour(lead.side)}` },
    String(members.length));
  return L.divIcon({ className: "pin cluster", html: shape, iconSize: [size, size] });
}

// Greedy clustering on the screen, busiest places first: each place joins the first marker within
// CLUSTER_PX of it, else starts its own. Redone at every zoom.
function cluster() {
  if (!map) return;
  layer.clearLayers();
  const groups = [];
  for (const place of places) {
    const at = map.project([place.lat, place.lon]);
    const near = groups.find((g) => g.at.distanceTo(at) < CLUSTER_PX);
    if (near) near.members.push(place);
    else groups.push({ at, members: [place] });
  }
  drawn = groups.map(({ members }) => {
    const [lead] = members;
    const weight = members.reduce((sum, p) => sum + p.mentions, 0);
    const size = Math.min(44, Math.round(10 + Math.sqrt(weight) * 2.2));
    const single = members.length === 1;
    const marker = L.marker([lead.lat, lead.lon], { icon: single ? pinIcon(lead, size) : clusterIcon(members, size),
      keyboard: true, title: single ? lead.name : `${lead.name} and ${members.length - 1} more`, riseOnHover: true });
    marker.on("click", () => (single || map.getZoom() >= map.getMaxZoom() ? onPlace(lead) : zoomTo(members)));
    marker.on("keypress", (event) => event.originalEvent.key === "Enter" && marker.fire("click"));
    layer.addLayer(marker);
    return { marker, members, lat: lead.lat, lon: lead.lon, name: lead.name, weight, size };
  });
  labelMarkers();
  highlight(selected);
}

function zoomTo(members) {
  const bounds = L.latLngBounds(members.map((p) => [p.lat, p.lon]));
  if (bounds.getNorthEast().equals(bounds.getSouthWest())) map.setView(bounds.getCenter(), map.getZoom() + 2);
  else map.fitBounds(bounds, { padding: [40, 40], maxZoom: map.getMaxZoom() });
}

function describe(group) {
  const lines = group.members.slice(0, 6).map((p) =>
    el("div", {}, el("b", {}, p.name), ` ${KIND_NAMES[p.kind]}${p.side ? " (" + p.side + ")" : ""} · ${p.mentions} mentions, ${p.events} events`));
  if (group.members.length > 6) lines.push(el("div", {}, `and ${group.members.length - 6} more: click to zoom in`));
  return el("div", {}, lines);
}

// The busiest markers are named, each where its name overlaps no other name: redone at every move.
function labelMarkers() {
  if (!map) return;
  const taken = [];
  const view = map.getBounds();
  for (const group of [...drawn].sort((a, b) => b.weight - a.weight)) {
    group.marker.unbindTooltip();
    if (taken.length < LABELS && view.contains([group.lat, group.lon])) {
      const at = map.latLngToContainerPoint([group.lat, group.lon]);
      const left = at.x + group.size / 2 + 2;
      const box = [left, at.y - 10, left + 8 + group.name.length * 8.2, at.y + 10];
      if (!taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) {
        taken.push(box);
        group.marker.bindTooltip(group.name, { permanent: true, direction: "right", className: "map-label",
          offset: [group.size / 2, 0] });
        continue;
      }
    }
    group.marker.bindTooltip(describe(group));
  }
}

// The marker holding the selected place is highlighted, and brought to the front.
export function highlight(id) {
  selected = id || "";
  for (const group of drawn) {
    const on = Boolean(selected) && group.members.some((p) => p.id === selected);
    group.marker.getElement()?.classList.toggle("selected", on);
    if (on) group.marker.setZIndexOffset(1000);
    else group.marker.setZIndexOffset(0);
  }
}

export function focusOn(lat, lon) {
  map.setView([lat, lon], Math.max(map.getZoom(), 7));
}

// The view as a bbox filter: "west,south,east,north".
export function viewBox() {
  const b = map.getBounds();
  const round = (x) => Math.round(x * 1000) / 1000;
  return [round(Math.max(-180, b.getWest())), round(Math.max(-90, b.getSouth())),
    round(Math.min(180, b.getEast())), round(Math.min(90, b.getNorth()))].join(",");
}

function legend() {
  const control = L.control({ position: "topright" });
  const kind = (name) => el("div", {}, el("span", { class: `shape kind-${name}`, style: `--c:${OTHER_COLOUR}` }), KIND_NAMES[name]);
  const side = (name, value) => el("span", { class: "side" }, el("i", { style: `background:${value}` }), name);
  // Folded on a narrow screen, where it would hide half the map; a click opens it.
  const open = !window.matchMedia("(max-width: 900px)").matches;
  control.onAdd = () => el("details", { class: "map-legend", id: "map-legend", open },
    el("summary", {}, "Legend"),
    el("div", { class: "kinds" }, kind("control"), kind("strike"), kind("other"), kind("mentioned")),
    el("div", {}, side("UA", SIDE_COLOURS.UA), side("RU", SIDE_COLOURS.RU), side("other, none", OTHER_COLOUR)),
    el("div", {}, el("span", { class: "shape cluster-count kind-other", style: `--c:${OTHER_COLOUR}` }, "3"), "places close together"),
    el("div", { class: "meta" }, "colour: who gained control, else who attacked; regions and countries are listed below"));
  return control;
}
