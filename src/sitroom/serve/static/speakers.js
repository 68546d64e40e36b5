// Claims under their speakers, one heading each, by the name the workspace lists a speaker under
// ("Ukrainian officials" and "Kyiv" both under Ukraine): the claims list and the place page group alike.

import { badge, el } from "./dom.js";

const speakerOf = (c) => c.speaker_as || "unattributed";
const counted = (n) => `${n} claim${n > 1 ? "s" : ""}`;

// [speaker, claims] pairs, the speakers who say most first (the first listed first among equals).
export function bySpeaker(claims) {
  const groups = new Map();
  for (const c of claims) {
    const who = speakerOf(c);
    if (!groups.has(who)) groups.set(who, []);
    groups.get(who).push(c);
  }
  return [...groups].sort((a, b) => b[1].length - a[1].length);
}

export function speakerHeading(tag, who, said, attrs = {}) {
  return el(tag, attrs, who, " ", badge(said[0]?.speaker_side, `side-${said[0]?.speaker_side}`), " ",
    el("span", { class: "meta" }, counted(said.length)));
}

// Adds claims to a list under their speakers' headings: a speaker already there (from an earlier page of
// the list) takes them after its last row, so each speaker's claims stay together. `groups` remembers the
// speakers of the list: a new Map for a new list.
export function appendBySpeaker(list, claims, rowOf, groups) {
  for (const [who, said] of bySpeaker(claims)) {
    let group = groups.get(who);
    if (!group) {
      const heading = speakerHeading("h3", who, said, { class: "speaker-heading" });
      list.append(heading);
      group = { heading, last: heading, said: [] };
      groups.set(who, group);
    }
    for (const c of said) {
      const row = rowOf(c);
      group.last.after(row);
      group.last = row;
    }
    group.said.push(...said);
    group.heading.lastChild.textContent = counted(group.said.length);
  }
}
