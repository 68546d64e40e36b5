"""Truth benchmark: does the situation picture say only what the reports say? (issue 15)

Our own gold set, ``benchmarks/data/truth_gold.jsonl``: short reports written for sitroom in its own words
in the styles of think-tank daily assessments, wire copy, official statements of both sides, machine
translations and blogs, in a tuning half and a checking half (balanced in style and phenomenon; clusters
of reports about one event or quantity sit in one half, with a parallel cluster in the other). Each
half's reports are written as ``.txt`` files with ``title:``/``date:``/``source:`` headers and run
through the real ``sitroom analyze DIR --out OUT`` in a subprocess; ``OUT/sitroom.json`` is scored:

- captures: a ``CONTROL`` event with modality ``asserted`` at a place the report lists under
  ``not_captures`` (failed, planned, denied, advancing toward, fighting in, ...), or at any place its
  gold does not list as a capture, is a false capture (``ambiguous`` places are not scored; one without
  a place is counted apart). Recall: a gold capture is found by a ``CONTROL`` event (asserted or
  claimed, of a mode that takes the place: not ``advanced`` or ``outskirts``) at its place; then the
  gaining side (``control_side``) is scored;
- contradictions: ``contradicts`` links, as pairs of reports (a link to an incident stands for all its
  reports), against the gold pairs of each cluster; pairs the gold calls agreements are counted apart;
- speakers: the claim whose content covers the gold quote; its speaker (entity name, alias, or the source
  as written, which may carry a role: "the Luhansk governor Serhiy Haidai") and the speaker's side; a
  name inside the quote, or a common noun ("plan", "estimates"), taken as speaker;
- dates: the event whose trigger is the gold trigger (else any event named inside the gold snippet), its
  ``date`` against the gold day (or interval, for "overnight"); and every date field of events, claims
  and incidents outside ISO 8601 form.

Places match by name after normalisation (case, diacritics, apostrophes, hyphens, "the city of",
"region"/"oblast"/"city"), against the resolved gazetteer name or the text as written, or any other
text of the same report resolved to the same gazetteer entry ("the settlement" for "Ugledar").

    python benchmarks/truth_eval.py [--half tune|check|all] [--errors]

``--errors`` prints the tuning half's individual errors (never the checking half's: only its counts).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

GOLD = Path(__file__).parent / "data" / "truth_gold.jsonl"
HALVES = ("tune", "check")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
GENERIC_WORDS = {
    "the",
    "city",
    "of",
    "town",
    "village",
    "settlement",
    "region",
    "oblast",
    "raion",
    "district",
}
GAINING_GROUND = {"advanced", "outskirts"}  # CONTROL modes that do not take the place
DETERMINERS = {"the", "a", "an", "its", "their", "this", "that", "his", "her"}


def load_gold(half: str) -> list[dict]:
    reports = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [report for report in reports if half == "all" or report["half"] == half]


def normalise(name: str | None) -> str:
    """Case, diacritics, apostrophes and generic words folded: "the city of Kharkiv" = "Kharkiv City"."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = re.sub(r"['’ʼ`´]", "", folded)
    words = re.sub(r"[^a-z0-9]+", " ", folded).split()
    kept = [word for word in words if word not in GENERIC_WORDS]
    return " ".join(kept or words)


def speaker_key(name: str | None) -> str:
    words = re.sub(r"[^a-z0-9 ]+", " ", normalise_case(name)).split()
    while words and words[0] in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def normalise_case(name: str | None) -> str:
    folded = unicodedata.normalize("NFKD", name or "")
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower().replace("'s", "")


def run_analyze(reports: list[dict], folder: Path) -> dict:
    """Write the reports as text files, run ``sitroom analyze`` on them, return the JSON export."""
    inputs = folder / "reports"
    inputs.mkdir()
    for report in reports:
        header = f"title: {report['title']}\ndate: {report['published']}\nsource: {report['source']}\n\n"
        (inputs / f"{report['id']}.txt").write_text(header + report["text"] + "\n", encoding="utf-8")
    executable = Path(sys.executable).with_name("sitroom")
    command = [str(executable) if executable.exists() else shutil.which("sitroom") or "sitroom"]
    out = folder / "out"
    subprocess.run([*command, "analyze", str(inputs), "--out", str(out)], check=True, capture_output=True)
    return json.loads((out / "sitroom.json").read_text(encoding="utf-8"))


@dataclass
class Tally:
    """Counts of one half, and the individual errors behind them."""

    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def error(self, kind: str, message: str) -> None:
        self.counts[kind] += 1
        self.errors.append(f"{kind}: {message}")


class Export:
    """The JSON export indexed by document, record id and report id."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.report_of_doc = {doc["id"]: Path(doc["origin"]).stem for doc in data["documents"]}
        self.text = {self.report_of_doc[doc["id"]]: doc["text"] for doc in data["documents"]}
        self.places = {place["id"]: place for place in data["places"]}
        # Every way a report writes a gazetteer entry: "the settlement" resolved to Vuhledar is the
        # "Ugledar" the gold names, when the report also writes it so.
        self.written: dict[tuple[str, str], set[str]] = defaultdict(set)
        for place in data["places"]:
            if place.get("gazetteer_id"):
                self.written[(place["doc"], place["gazetteer_id"])].add(normalise(place["text"]))
        self.entities = {entity["id"]: entity for entity in data["entities"]}
        self.by_report: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self.report_of_record: dict[str, set[str]] = {}
        for collection in ("events", "claims", "quantities", "places", "timexes", "mentions"):
            for record in data[collection]:
                report = self.report_of_doc[record["doc"]]
                self.by_report[report][collection].append(record)
                self.report_of_record[record["id"]] = {report}
        for incident in data.get("incidents", []):
            self.report_of_record[incident["id"]] = {self.report_of_doc[doc] for doc in incident["documents"]}

    def place_names(self, place_id: str | None) -> set[str]:
        place = self.places.get(place_id or "")
        if not place:
            return set()
        written = self.written.get((place["doc"], place.get("gazetteer_id") or ""), set())
        return {normalise(place.get("name")), normalise(place["text"]), *written} - {""}

    def speaker_names(self, claim: dict) -> tuple[set[str], str | None, bool]:
        """Names the claim's speaker goes by, its side, and whether it resolved to an entity."""
        names = {speaker_key(claim.get("source_text"))}
        entity = self.entities.get(claim.get("speaker") or "")
        if entity is None:
            return names - {""}, None, False
        names |= {speaker_key(entity["name"]), *(speaker_key(alias) for alias in entity.get("aliases", []))}
        return names - {""}, entity.get("side"), True


def place_matches(names: set[str], gold_place: str) -> bool:
    return normalise(gold_place) in names


def score_captures(report: dict, export: Export, tally: Tally) -> None:
    gold = report["gold"]
    rid = report["id"]
    events = [event for event in export.by_report[rid]["events"] if event["type"] == "CONTROL"]
    for capture in gold["captures"]:
        tally.counts["gold captures"] += 1
        found = [
            event
            for event in events
            if event["modality"] in ("asserted", "claimed")
            and event["mode"] not in GAINING_GROUND
            and place_matches(export.place_names(event["place"]), capture["place"])
        ]
        if not found:
            tally.error("missed capture", f"{rid} {capture['place']} ({capture['side']})")
            continue
        tally.counts["captures found"] += 1
        if any(event["control_side"] == capture["side"] for event in found):
            tally.counts["gaining side right"] += 1
        else:
            sides = sorted({str(event["control_side"]) for event in found})
            tally.error(
                "wrong gaining side", f"{rid} {capture['place']}: gold {capture['side']}, got {sides}"
            )
    for event in events:
        names = export.place_names(event["place"])
        place = export.places.get(event["place"] or "", {})
        label = f"{rid} [{event['mode']}] {event['trigger']!r} at {place.get('text')!r} in {event['text']!r}"
        if event["modality"] != "asserted":
            if any(place_matches(names, place) for place in gold["not_captures"]):
                tally.counts[f"{event['modality']} CONTROL at a not-capture place"] += 1
            continue
        if not names:  # nothing to draw on a map: counted apart
            tally.counts["asserted CONTROL without a place"] += 1
            continue
        if any(place_matches(names, capture["place"]) for capture in gold["captures"]):
            continue
        if any(place_matches(names, place) for place in gold.get("ambiguous", [])):
            continue
        tally.counts[f"false capture mode {event['mode']}"] += 1
        if any(place_matches(names, place) for place in gold["not_captures"]):
            tally.error("false capture (not-capture place)", label)
        else:
            tally.error("false capture (place not in gold)", label)


def score_contradictions(reports: list[dict], export: Export, tally: Tally) -> None:
    gold_pairs = {
        frozenset((report["id"], other["with"]))
        for report in reports
        for other in report["gold"]["contradictions"]
    }
    agreements = {
        frozenset((report["id"], other["with"]))
        for report in reports
        for other in report["gold"]["agreements"]
    }
    system_pairs: dict[frozenset[str], str] = {}
    for link in export.data["links"]:
        if link["kind"] != "contradicts":
            continue
        for a in export.report_of_record.get(link["source"], set()):
            for b in export.report_of_record.get(link["target"], set()):
                if a != b:
                    system_pairs.setdefault(frozenset((a, b)), link.get("explanation") or "")
    tally.counts["gold contradictions"] += len(gold_pairs)
    tally.counts["system contradictions"] += len(system_pairs)
    for pair, explanation in sorted(system_pairs.items(), key=lambda item: sorted(item[0])):
        if pair in gold_pairs:
            tally.counts["contradictions right"] += 1
        elif pair in agreements:
            tally.error(
                "false contradiction (a gold agreement)", f"{' / '.join(sorted(pair))}: {explanation}"
            )
        else:
            tally.error("false contradiction", f"{' / '.join(sorted(pair))}: {explanation}")
    for pair in sorted(gold_pairs - set(system_pairs), key=sorted):
        tally.error("missed contradiction", " / ".join(sorted(pair)))


def score_speakers(report: dict, export: Export, tally: Tally, common_nouns: set[str]) -> None:
    rid = report["id"]
    text = export.text[rid]
    claims = export.by_report[rid]["claims"]
    for gold in report["gold"]["speakers"]:
        tally.counts["gold quotes"] += 1
        start = text.find(gold["quote"])
        end = start + len(gold["quote"])
        overlapping = [(min(end, c["end"]) - max(start, c["start"]), c) for c in claims]
        overlapping = [(overlap, claim) for overlap, claim in overlapping if overlap > 0]
        label = f"{rid} {gold['quote'][:50]!r}"
        if start < 0 or not overlapping:
            tally.error("quote without a claim", label)
            continue
        tally.counts["quotes with a claim"] += 1
        claim = max(overlapping, key=lambda pair: pair[0])[1]
        names, side, resolved = export.speaker_names(claim)
        said = f"{claim.get('source_text')!r} -> {sorted(names)} side {side}"
        if any(re.search(rf"\b{re.escape(speaker_key(gold['speaker']))}\b", name) for name in names):
            tally.counts["speaker right"] += 1
        else:
            tally.error("wrong speaker", f"{label}: gold {gold['speaker']}, got {said}")
        if any(speaker_key(name) in names for name in gold["not"]):
            tally.error("name inside the quote taken as speaker", f"{label}: {said}")
        if resolved and side == gold["side"]:
            tally.counts["speaker side right"] += 1
        elif side is not None and side != gold["side"]:
            tally.error("wrong-side speaker", f"{label}: gold {gold['side']}, got {said}")
        else:
            tally.counts["speaker side unknown"] += 1
    for claim in claims:
        names, _, _ = export.speaker_names(claim)
        if names & common_nouns:
            tally.error(
                "common-noun speaker", f"{rid} {claim.get('source_text')!r} for {claim['text'][:60]!r}"
            )


def date_matches(value: str | None, gold: str) -> bool:
    if value is None:
        return False
    if "/" not in gold:
        return value == gold
    first, last = gold.split("/")
    return value == gold or (len(value) == 10 and first <= value <= last)


def score_dates(report: dict, export: Export, tally: Tally) -> None:
    rid = report["id"]
    text = export.text[rid]
    for gold in report["gold"]["dates"]:
        tally.counts["gold dates"] += 1
        snippet_at = text.find(gold["snippet"])
        trigger_at = snippet_at + gold["snippet"].find(gold["trigger"])
        trigger_end = trigger_at + len(gold["trigger"])
        in_doc = export.by_report[rid]["events"] if snippet_at >= 0 else []
        events = [e for e in in_doc if e["trigger_start"] < trigger_end and trigger_at < e["trigger_end"]]
        if not events:  # another word of the same short snippet may name the event ("given up", "take")
            snippet_end = snippet_at + len(gold["snippet"])
            events = [
                e for e in in_doc if snippet_at <= e["trigger_start"] and e["trigger_end"] <= snippet_end
            ]
        label = f"{rid} {gold['snippet']!r} gold {gold['date']}"
        if not events:
            tally.error("dated event not found", label)
            continue
        tally.counts["dated events found"] += 1
        if any(date_matches(event["date"], gold["date"]) for event in events):
            tally.counts["dates right"] += 1
        else:
            got = sorted({f"{event['date']} ({event['date_precision']})" for event in events})
            tally.error("wrong date", f"{label}, got {got}")


def score_iso(export: Export, tally: Tally) -> None:
    fields = {"events": ("date",), "claims": ("date",), "incidents": ("date_start", "date_end")}
    for collection, names in fields.items():
        for record in export.data.get(collection, []):
            for name in names:
                value = record.get(name)
                if value is None:
                    continue
                tally.counts["date fields"] += 1
                if (
                    not all(ISO_DATE.match(part) for part in str(value).split("/"))
                    or str(value).count("/") > 1
                ):
                    tally.error("date outside ISO form", f"{collection}.{name} = {value!r} ({record['id']})")


def evaluate(reports: list[dict]) -> Tally:
    tally = Tally()
    tally.counts["reports"] = len(reports)
    with tempfile.TemporaryDirectory() as folder:
        export = Export(run_analyze(reports, Path(folder)))
    for document in export.data["documents"]:
        if document["status"] != "processed":
            tally.error("report not processed", f"{document['origin']}: {document['status']}")
    common_nouns = {speaker_key(noun) for report in reports for noun in report["gold"]["non_speakers"]}
    for report in reports:
        score_captures(report, export, tally)
        score_speakers(report, export, tally, common_nouns)
        score_dates(report, export, tally)
    score_contradictions(reports, export, tally)
    score_iso(export, tally)
    return tally


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.2f}" if whole else f"{part}/0"


def print_figures(half: str, tally: Tally) -> None:
    c = tally.counts
    false_captures = sum(n for kind, n in c.items() if kind.startswith("false capture ("))
    false_contradictions = c["false contradiction"] + c["false contradiction (a gold agreement)"]
    print(
        f"\n== {half}: {c['reports']} reports"
        + (f", {n} not processed" if (n := c["report not processed"]) else "")
    )
    print(f"false captures (asserted CONTROL not in gold): {false_captures}")
    print(
        f"  at a not-capture place: {c['false capture (not-capture place)']};"
        f" at a place not in gold: {c['false capture (place not in gold)']}"
    )
    modes = {
        kind.removeprefix("false capture mode "): n
        for kind, n in c.items()
        if kind.startswith("false capture mode")
    }
    print(f"  by mode: {dict(sorted(modes.items(), key=lambda item: -item[1]))}")
    for modality in ("claimed", "negated", "planned", "hypothetical", "historical"):
        if c[f"{modality} CONTROL at a not-capture place"]:
            print(
                f"  ({modality} CONTROL at a not-capture place, not counted: "
                f"{c[f'{modality} CONTROL at a not-capture place']})"
            )
    print(f"  asserted CONTROL without a place (not counted): {c['asserted CONTROL without a place']}")
    print(
        f"capture recall: {ratio(c['captures found'], c['gold captures'])};"
        f" gaining side right: {ratio(c['gaining side right'], c['captures found'])}"
    )
    print(
        f"false contradictions: {false_contradictions}"
        f" (of which gold agreements: {c['false contradiction (a gold agreement)']});"
        f" contradiction recall: {ratio(c['contradictions right'], c['gold contradictions'])};"
        f" system pairs {c['system contradictions']}"
    )
    print(
        f"speakers: quotes with a claim {ratio(c['quotes with a claim'], c['gold quotes'])};"
        f" speaker right {ratio(c['speaker right'], c['gold quotes'])};"
        f" side right {ratio(c['speaker side right'], c['gold quotes'])};"
        f" wrong-side speakers {c['wrong-side speaker']}; side unknown {c['speaker side unknown']}"
    )
    print(
        f"  name inside the quote taken as speaker: {c['name inside the quote taken as speaker']};"
        f" common-noun speakers: {c['common-noun speaker']}"
    )
    print(
        f"dates: right {ratio(c['dates right'], c['gold dates'])}"
        f" (dated event found {ratio(c['dated events found'], c['gold dates'])});"
        f" date fields outside ISO form: {c['date outside ISO form']} of {c['date fields']}"
    )
    classes = Counter(
        {kind: n for kind, n in c.items() if any(e.startswith(kind + ":") for e in tally.errors)}
    )
    print(f"error classes: {dict(classes.most_common())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="print the tuning half's individual errors")
    args = parser.parse_args()
    print("command: python benchmarks/truth_eval.py " + " ".join(sys.argv[1:]))
    halves = HALVES if args.half == "all" else (args.half,)
    totals = Tally()
    for half in halves:
        tally = evaluate(load_gold(half))
        print_figures(half, tally)
        if args.errors and half == "tune":
            for line in sorted(tally.errors):
                print("  " + line)
        totals.counts.update(tally.counts)
        totals.errors += tally.errors
    if len(halves) > 1:
        print_figures("all (each half analysed on its own)", totals)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
