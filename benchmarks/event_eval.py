"""Events: sitroom_events on CASE 2021, ConfliBERT CAMEO, IndiaPoliceEvents and our Russia–Ukraine set.

Sections (all by default; pick some with --only):

- ``ruua``: our gold set (benchmarks/data/events_ru_ua_gold.jsonl). A system event matches a gold
  one in the same sentence when their triggers overlap; then type, mode, modality, actor side,
  target side, place (as written), date and the gaining side are scored over the matched pairs.
- ``case``: CASE 2021 task 2 labelled snippets, ACLED sub-event classification (weighted and macro F1
  over the 30 labels, and over the 25 ACLED ones); a snippet's label is that of its most confident
  event, a specific type (grenade, air strike, ...) before Attack and Armed clash, OTHER when there is
  none. An event's label is its ACLED sub-event type, or, for CASE's five labels outside ACLED's
  codebook, its sitroom ``category`` (docs/events.md#categories): natural_disaster ->
  NATURAL_DISASTER, accident -> MAN_MADE_DISASTER, crime -> ORG_CRIME, diplomacy -> DIPLO (unless the
  event has an ACLED type: an agreement between warring parties is AGREEMENT), responsibility_claim ->
  ATTRIB (before the attack's own ACLED type: the snippet is about who did it).
- ``cameo``: ConfliBERT's CAMEO sentences, 5-way pentacode from the PLOVER category (macro F1),
  and source/target role tagging (exact span F1) from the actors and targets of the same event.
- ``india``: IndiaPoliceEvents sentences of even doc_ids, precision/recall per class.
- ``learned``: the learned event model (benchmarks/event_learning.py): rules alone, the shipped model,
  and 5-fold cross-validated ``sitroom train`` on CASE and CAMEO; its cost per article.
- ``cost``: seconds per article of the full pipeline, of the pipeline without sitroom_events and of
  bare spaCy on the demo corpus's wire articles.

Each external corpus is also scored in two halves: items of even index ("tune", the only half whose
errors were read while writing rules; ``--errors`` prints that half's) and of odd index ("check",
never looked at), beside the whole. IndiaPoliceEvents is split by document, not by sentence.

Nothing here is trained; the ConfliBERT *train* files are read only as test data (the repository
carries no separate test files). Eval corpora come from SITROOM_EVAL_DIR (default ../shared/eval).

    python benchmarks/event_eval.py [--only ruua,case,cameo,india,cost,learned] [--limit N] [--errors]
                                    [--model PATH | --no-model]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from importlib import resources
from pathlib import Path

from sitroom.annotate import DEFAULT_COMPONENTS, Annotator, PipelineConfig
from sitroom.annotate.events.lexicon import load_lexicon
from sitroom.annotate.model import load_model
from sitroom.records import NON_CONFLICT_CATEGORIES, Annotations, Document, Event, Participant, stable_id

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "benchmarks" / "data" / "events_ru_ua_gold.jsonl"
SECTIONS = ("ruua", "case", "cameo", "india", "cost", "learned")
SCORED_FIELDS = ("type", "mode", "modality", "actor_side", "target_side", "place", "date", "control_side")

# ACLED sub-event type -> the CASE 2021 label.
CASE_LABELS = {
    "Abduction/forced disappearance": "ABDUCT_DISSAP", "Agreement": "AGREEMENT",
    "Air/drone strike": "AIR_STRIKE", "Armed clash": "ARMED_CLASH", "Arrests": "ARREST",
    "Attack": "ATTACK", "Change to group/activity": "CHANGE_TO_GROUP_ACT", "Chemical weapon": "CHEM_WEAP",
    "Disrupted weapons use": "DISR_WEAP", "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Government regains territory": "GOV_REGAINS_TERIT", "Grenade": "GRENADE",
    "Headquarters or base established": "HQ_ESTABLISHED", "Mob violence": "MOB_VIOL",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER", "Peaceful protest": "PEACE_PROTEST",
    "Looting/property destruction": "PROPERTY_DISTRUCT", "Protest with intervention": "PROTEST_WITH_INTER",
    "Remote explosive/landmine/IED": "REM_EXPLOS", "Sexual violence": "SEX_VIOL",
    "Suicide bomb": "SUIC_BOMB", "Violent demonstration": "VIOL_DEMONSTR", "Other": "OTHER",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
}  # fmt: skip
GENERIC_ACLED = frozenset({"Attack", "Armed clash"})
# Sub-event types that ACLED's codebook names for what they add to any other reading of the same
# event: the weapon (chemical, suicide bomb, grenade), the harm (sexual violence, abduction), or how a
# protest was met. They go first when a snippet reports several events.
DISTINCTIVE_ACLED = frozenset({
    "Chemical weapon", "Suicide bomb", "Grenade", "Sexual violence", "Abduction/forced disappearance",
    "Excessive force against protesters", "Violent demonstration", "Protest with intervention",
    "Mob violence",
})  # fmt: skip
CASE_UNSEEN = frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"})
# sitroom's event categories -> CASE's labels outside ACLED's codebook.
CASE_CATEGORIES = {
    "natural_disaster": "NATURAL_DISASTER", "accident": "MAN_MADE_DISASTER", "crime": "ORG_CRIME",
    "diplomacy": "DIPLO", "responsibility_claim": "ATTRIB",
}  # fmt: skip
# PLOVER category -> CAMEO pentacode: 0 statement/appeal, 1 verbal cooperation, 2 material cooperation,
# 3 verbal conflict, 4 material conflict. A sentence without an event is a statement.
# CAMEO's roots 01-02, 03-05, 06-08, 09-13 and 14-20 (GDELT's QuadClass puts protest, 14, and a show of
# force, 15, in material conflict, and so does ConfliBERT's data: strikes and troops put on alert are 4);
# reducing relations (SANCTION, 16) stays verbal conflict, as ConfliBERT's data codes sanctions and cut
# aid.
PENTACODE = {
    "REQUEST": 0, "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "CONCEDE": 2,
    "RETREAT": 2, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4, "SANCTION": 3, "MOBILIZE": 4,
    "COERCE": 4, "ASSAULT": 4, "CONTROL": 4,
}  # fmt: skip
# CAMEO codes a deed that is only intended as its verbal class: an intent to cooperate (03), a
# threat (13); and a refusal to cooperate as a rejection (12).
INTENDED = frozenset({"planned", "hypothetical"})
DEATH_WORDS = ("kill", "died", "dead", "death", "perish", "toll", "lost their lives", "fatal")
POLICE_WORDS = (
    "police",
    "cop",
    "constable",
    "officer",
    "personnel",
    "force",
    "cops",
    "sub-inspector",
    "jawan",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated: {','.join(SECTIONS)}")
    parser.add_argument("--limit", type=int, default=None, help="at most N items per corpus")
    parser.add_argument(
        "--errors", action="store_true", help="print disagreements (ruua; the tuning half of the others)"
    )
    parser.add_argument("--model", help="event model folder to type events with (default: the shipped one)")
    parser.add_argument("--no-model", action="store_true", help="the rules alone, without the event model")
    parser.add_argument("--folds", type=int, default=5, help="learned: cross-validation folds")
    parser.add_argument(
        "--fine-tune", action="store_true", help="learned: fine-tune the encoder in each fold (needs torch)"
    )
    parser.add_argument("--epochs", type=int, default=4, help="learned: fine-tuning epochs")
    parser.add_argument(
        "--corpora", default="case,cameo", help="learned: cross-validate on these (case, cameo)"
    )
    args = parser.parse_args()
    print("command:", " ".join(["python", *sys.argv]))
    eval_dir = Path(os.environ.get("SITROOM_EVAL_DIR", REPO.parent / "shared" / "eval")) / "events"
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    config = PipelineConfig()
    if args.no_model:
        config = config.without_event_model()
    elif args.model:
        config = config.with_event_model(str(Path(args.model).resolve()))
    annotator = Annotator(config)
    runners: dict[str, Callable[[], None]] = {
        "ruua": lambda: ru_ua(annotator, args.limit, args.errors),
        "case": lambda: case_2021(annotator, eval_dir, args.limit, args.errors),
        "cameo": lambda: cameo(annotator, eval_dir, args.limit, args.errors),
        "india": lambda: india(annotator, eval_dir, args.limit, args.errors),
        "cost": lambda: cost(annotator),
        "learned": lambda: _learned(config, eval_dir, args),
    }
    for section in sections:
        runners[section]()


def _document(text: str, published: date | None = None) -> Document:
    digest = stable_id("bench", text)
    return Document(
        id=stable_id("doc", digest), content_hash=digest, origin="benchmark", format="text",
        raw_text=text, text=text, offset_map=[(0, 0, len(text))], published=published,
    )  # fmt: skip


def _annotate(annotator: Annotator, texts: Iterable[tuple[str, date | None]]) -> list[Annotations]:
    return list(annotator.annotate(_document(text, published) for text, published in texts))


def _halves(count: int, key: Callable[[int], int] = lambda i: i) -> dict[str, list[int]]:
    """Item indices of the tuning half (even ``key``), the checking half (odd) and the whole."""
    indices = list(range(count))
    return {
        "tune": [i for i in indices if key(i) % 2 == 0],
        "check": [i for i in indices if key(i) % 2 == 1],
        "all": indices,
    }


def _main_event(events: list[Event]) -> Event | None:
    """The event a sentence or snippet is about: the most confident, the earliest among equals."""
    return max(events, key=lambda e: (e.confidence, -e.trigger_start), default=None)


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 100 * p, 100 * r, (200 * p * r / (p + r) if p + r else 0.0)


def _class_f1(gold: list[str], predicted: list[str], labels: Iterable[str]) -> tuple[float, float]:
    """(macro F1, support-weighted F1) over ``labels``."""
    scores, weights = [], []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        scores.append(_f1(tp, fp, fn)[2])
        weights.append(fn + tp)
    macro = sum(scores) / len(scores) if scores else 0.0
    weighted = (
        sum(s * w for s, w in zip(scores, weights, strict=True)) / sum(weights) if sum(weights) else 0.0
    )
    return macro, weighted


# ------------------------------------------------------------------------------------------ ruua


def ru_ua(annotator: Annotator, limit: int | None, errors: bool) -> None:
    examples = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line][:limit]
    annotated = _annotate(annotator, ((e["text"], date.fromisoformat(e["published"])) for e in examples))
    pairs = list(zip(examples, annotated, strict=True))
    for split, label in (
        ("dev", "written while the rules were built"),
        ("heldout", "written after, not tuned on"),
    ):
        chosen = [(e, a) for e, a in pairs if e.get("split", "dev") == split]
        if chosen:
            _score_ru_ua(chosen, f"RU-UA gold, {split} ({label})", errors)
    if "sitroom_claims" not in DEFAULT_COMPONENTS:
        print("  (no sitroom_claims in the pipeline: 'claimed' comes from the attribution stage, here only")
        print("   from accusations)")


def _score_ru_ua(pairs: list[tuple[dict, Annotations]], title: str, errors: bool) -> None:
    tp = fp = fn = 0
    right: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    by_modality: dict[str, Counter[str]] = defaultdict(Counter)
    for example, annotated_doc in pairs:
        text = example["text"]
        places = {p.id: p.text for p in annotated_doc.places}
        unmatched = list(annotated_doc.events)
        for gold in example["events"]:
            start = text.index(gold["trigger"])
            end = start + len(gold["trigger"])
            system = next((e for e in unmatched if e.trigger_start < end and start < e.trigger_end), None)
            if system is None:
                fn += 1
                if errors:
                    print(f"  missed [{gold['trigger']}] in: {text}")
                continue
            unmatched.remove(system)
            tp += 1
            values = _system_fields(system, places)
            by_modality[gold["modality"]]["gold"] += 1
            by_modality[gold["modality"]]["right"] += values["modality"] == gold["modality"]
            for name in SCORED_FIELDS:
                scored[name] += 1
                agree = _same(values[name], gold[name])
                right[name] += agree
                if errors and not agree:
                    print(
                        f"  {name}: system {values[name]!r}, gold {gold[name]!r} [{gold['trigger']}]: {text}"
                    )
        fp += len(unmatched)
        if errors:
            for extra in unmatched:
                print(f"  extra {extra.type} [{extra.trigger}] in: {text}")
    p, r, f = _f1(tp, fp, fn)
    print(f"\n{title}: {len(pairs)} sentences, {tp + fn} events")
    print(f"  event detection (trigger overlap): P {p:.1f}  R {r:.1f}  F1 {f:.1f}")
    accuracies = "  ".join(f"{n} {100 * right[n] / scored[n]:.1f}" for n in SCORED_FIELDS if scored[n])
    print(f"  on matched events, accuracy: {accuracies}")
    print("  modality recall by class: " + "  ".join(
        f"{m} {c['right']}/{c['gold']}" for m, c in sorted(by_modality.items())
    ))  # fmt: skip


def _system_fields(event: Event, places: dict[str, str]) -> dict[str, object]:
    return {
        "type": event.type,
        "mode": event.mode,
        "modality": event.modality,
        "actor_side": _side(event.actors),
        "target_side": _side(event.targets),
        "place": places.get(event.place) if event.place else None,
        "date": event.date,
        "control_side": event.control_side,
    }


def _side(participants: list[Participant]) -> str | None:
    return next((p.side for p in participants if p.side), None)


def _same(system: object, gold: object) -> bool:
    """Equal, ignoring case; a date with a time of day is compared on its day ("2024-05-11TNI")."""
    if isinstance(system, str) and isinstance(gold, str) and "T" in system[10:11]:
        system = system[:10]
    if isinstance(system, str) and isinstance(gold, str):
        return system.casefold() == gold.casefold()
    return system == gold


# ------------------------------------------------------------------------------------------ case


def case_2021(annotator: Annotator, eval_dir: Path, limit: int | None, errors: bool) -> None:
    path = eval_dir / "case-2021-shared-task" / "task2" / "labelled_snippets.tsv"
    if not path.exists():
        print(f"\nskipping CASE 2021: no {path} (set SITROOM_EVAL_DIR)")
        return
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:limit]
    annotated = _annotate(annotator, ((row["EventSnippet"], None) for row in rows))
    gold = [row["SubType"] for row in rows]
    chosen = [_case_event(annotated_doc.events) for annotated_doc in annotated]
    predicted = [_case_label(e, set()) for e in chosen]
    labels = sorted(set(gold))
    print(f"\nCASE 2021 task 2 labelled snippets ({len(rows)}; {len(labels)} labels)")
    for half, indices in _halves(len(rows)).items():
        g, p = [gold[i] for i in indices], [predicted[i] for i in indices]
        macro, weighted = _class_f1(g, p, labels)
        seen = [(a, b) for a, b in zip(g, p, strict=True) if a not in CASE_UNSEEN]
        seen_macro, seen_weighted = _class_f1(
            [a for a, _ in seen], [b for _, b in seen], sorted({a for a, _ in seen})
        )
        accuracy = 100 * sum(a == b for a, b in zip(g, p, strict=True)) / max(len(g), 1)
        print(
            f"  {half:<5} ({len(g)}): all labels weighted F1 {weighted:.1f}  macro F1 {macro:.1f}  "
            f"accuracy {accuracy:.1f};  ACLED labels ({len(seen)}) weighted F1 {seen_weighted:.1f}  "
            f"macro F1 {seen_macro:.1f}"
        )
    print("  anchor: best shared-task system weighted F1 83.9 (fine-tuned transformers)")
    if errors:
        _print_tune_errors(gold, predicted, chosen, [row["EventSnippet"][:300] for row in rows])


def _case_event(events: list[Event]) -> Event | None:
    """The event a snippet is about, as ACLED would code it: among events that happened (not negated,
    planned or hypothetical, when there are such), one whose sub-event type says what others do not
    (a chemical weapon, a suicide bomb, how a protest was met), then one in the earliest sentence,
    then one whose type names its means (a grenade attack that killed three is a grenade event)
    before the generic ones, then the most confident, the earliest among equals."""
    typed = [e for e in events if e.acled or e.category]
    factual = [e for e in typed if e.modality not in {"negated", "planned", "hypothetical"}]
    return max(
        factual or typed,
        key=lambda e: (
            e.acled in DISTINCTIVE_ACLED or e.category == "responsibility_claim",
            -e.start,  # the lede reports the main event; later sentences add background
            # what happened before what was said about it (a strike before the diplomats' protest)
            e.acled is not None or e.category in NON_CONFLICT_CATEGORIES,
            e.acled not in GENERIC_ACLED,
            e.confidence,
            -e.trigger_start,
        ),
        default=None,
    )


# ----------------------------------------------------------------------------------------- cameo


def _print_tune_errors(gold: list, predicted: list, events: list, texts: list[str]) -> None:
    """The tuning half's disagreements: gold <- predicted, the event chosen, and the item's text."""
    for i in _halves(len(texts))["tune"]:
        if gold[i] != predicted[i]:
            event = events[i]
            trigger = f"{event.trigger} ({event.type}/{event.mode})" if event else "-"
            print(f"  [{gold[i]} <- {predicted[i]} {trigger}] {texts[i]}")


def cameo(annotator: Annotator, eval_dir: Path, limit: int | None, errors: bool) -> None:
    root = eval_dir / "ConfliBERT" / "data"
    class_path, roles_path = root / "cameo_class" / "train.tsv", root / "cameo_ner" / "train.txt"
    if not class_path.exists():
        print(f"\nskipping ConfliBERT CAMEO: no {class_path} (set SITROOM_EVAL_DIR)")
        return
    rows = [
        line.rsplit("\t", 1) for line in class_path.read_text(encoding="utf-8").splitlines() if "\t" in line
    ]
    rows = rows[:limit]
    annotated = _annotate(annotator, ((text, None) for text, _ in rows))
    gold = [label.strip() for _, label in rows]
    events = [_main_event(annotated_doc.events) for annotated_doc in annotated]
    predicted = [str(_pentacode(event) if event else 0) for event in events]
    print(f"\nConfliBERT CAMEO pentacode ({len(rows)} sentences of cameo_class/train.tsv)")
    for half, indices in _halves(len(rows)).items():
        macro, weighted = _class_f1(
            [gold[i] for i in indices], [predicted[i] for i in indices], sorted(set(gold))
        )
        print(f"  {half:<5} ({len(indices)}): macro F1 {macro:.1f}  weighted F1 {weighted:.1f}")
    print("  anchor: ConfliBERT macro F1 87.88")
    if errors:
        _print_tune_errors(gold, predicted, events, [row[0][:250] for row in rows])
    _roles(annotator, roles_path, limit, errors)


def _pentacode(event: Event) -> int:
    overrides = {key: t.cameo for key, t in load_lexicon().table("verb").items() if t.cameo is not None}
    words = event.trigger.lower().split(" ")
    code = next((c for key, c in overrides.items() if _keyed(words, key)), PENTACODE.get(event.type, 0))
    if code == 2 and event.modality in INTENDED:
        return 1
    if code in {1, 2} and event.modality == "negated":
        return 3
    if code == 4 and event.modality in INTENDED:
        return 3
    return code


def _keyed(trigger: list[str], key: str) -> bool:
    """Whether a trigger's words are those of a verb row's key, inflected: the key's verb begins the
    trigger, and each further word of the key begins one of the trigger's later words ("reject
    accusation": "rejected the accusations")."""
    first, *rest = key.split(" ")
    return trigger[0].startswith(first) and all(any(w.startswith(k) for w in trigger[1:]) for k in rest)


def _roles(annotator: Annotator, path: Path, limit: int | None, errors: bool) -> None:
    sentences = _conll(path)[:limit]
    texts = [" ".join(token for token, _ in sentence) for sentence in sentences]
    annotated = _annotate(annotator, ((text, None) for text in texts))
    scored: list[tuple[set[tuple[str, int, int]], set[tuple[str, int, int]]]] = []
    for sentence, annotated_doc in zip(sentences, annotated, strict=True):
        starts, offset = [], 0
        for token, _ in sentence:
            starts.append(offset)
            offset += len(token) + 1
        event = _main_event(annotated_doc.events)
        system: set[tuple[str, int, int]] = set()
        if event is not None:
            for kind, participants in (("S", event.actors), ("T", event.targets)):
                for participant in participants:
                    first = next((i for i, s in enumerate(starts) if s >= participant.start), None)
                    last = max((i for i, s in enumerate(starts) if s < participant.end), default=None)
                    if first is not None and last is not None and first <= last:
                        system.add((kind, first, last + 1))
        scored.append((_bio_spans([tag for _, tag in sentence]), system))
    print(f"  source/target roles ({len(sentences)} sentences of cameo_ner/train.txt, exact spans):")
    for half, indices in _halves(len(sentences)).items():
        counts = {kind: [0, 0, 0] for kind in ("S", "T")}  # tp, fp, fn
        for i in indices:
            gold, system = scored[i]
            for kind in counts:
                g = {span for span in gold if span[0] == kind}
                p = {span for span in system if span[0] == kind}
                counts[kind][0] += len(g & p)
                counts[kind][1] += len(p - g)
                counts[kind][2] += len(g - p)
        total = [sum(c[i] for c in counts.values()) for i in range(3)]
        parts = "  ".join(f"{kind} F1 {_f1(*c)[2]:.1f}" for kind, c in counts.items())
        precision, recall, f1 = _f1(*total)
        print(f"  {half:<5} ({len(indices)}): P {precision:.1f}  R {recall:.1f}  F1 {f1:.1f}  ({parts})")
    print("  anchor: ConfliBERT span F1 74.45")
    if errors:
        for i in _halves(len(sentences))["tune"]:
            gold, system = scored[i]
            if gold != system:
                words = [token for token, _ in sentences[i]]
                print(
                    f"  roles gold [{_show(gold, words)}] system [{_show(system, words)}]: "
                    f"{' '.join(words)[:200]}"
                )


def _show(spans: set[tuple[str, int, int]], words: list[str]) -> str:
    return "; ".join(f"{kind}:{' '.join(words[a:b])}" for kind, a, b in sorted(spans))


def _conll(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        token, _, tag = line.rpartition(" ")
        sentences[-1].append((token, tag))
    return [s for s in sentences if s]


def _bio_spans(tags: list[str]) -> set[tuple[str, int, int]]:
    """(kind, start, end) token spans; R (a reciprocal source-target) counts as both."""
    spans: set[tuple[str, int, int]] = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        if kind is not None and not (tag.startswith("I-") and tag[2:] == kind):
            for role in ("S", "T") if kind == "R" else (kind,):
                spans.add((role, start, i))  # type: ignore[arg-type]
            kind = None
        if tag.startswith("B-") or (tag.startswith("I-") and kind is None):
            start, kind = i, tag[2:]
    return spans


# ----------------------------------------------------------------------------------------- india


def india(annotator: Annotator, eval_dir: Path, limit: int | None, errors: bool) -> None:
    path = eval_dir / "IndiaPoliceEvents" / "data" / "final" / "sents.jsonl"
    if not path.exists():
        print(f"\nskipping IndiaPoliceEvents: no {path} (set SITROOM_EVAL_DIR)")
        return
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = [row for row in rows if _doc_number(row) % 2 == 0][:limit]
    annotated = _annotate(annotator, ((row["sent_text"], None) for row in rows))
    classes = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
    lexicon = load_lexicon()
    kill_words = tuple(k for k, t in {**lexicon.table("verb"), **lexicon.table("noun")}.items() if t.kill)
    predicted = [_police_labels(annotated_doc.events, kill_words) for annotated_doc in annotated]
    print(f"\nIndiaPoliceEvents ({len(rows)} sentences of even doc_ids; halves by document)")
    # The doc_ids are all even: the halves take every other one of them.
    for half, indices in _halves(len(rows), lambda i: _doc_number(rows[i]) // 2).items():
        counts = {c: [0, 0, 0] for c in classes}
        for i in indices:
            gold = set(rows[i]["sent_labels"])
            for c in classes:
                counts[c][0] += c in predicted[i] and c in gold
                counts[c][1] += c in predicted[i] and c not in gold
                counts[c][2] += c not in predicted[i] and c in gold
        print(f"  {half} ({len(indices)} sentences)")
        for c in classes:
            p, r, f = _f1(*counts[c])
            print(f"    {c:<10} P {p:5.1f}  R {r:5.1f}  F1 {f:5.1f}  (gold {counts[c][0] + counts[c][2]})")
    if errors:
        for i in _halves(len(rows), lambda i: _doc_number(rows[i]) // 2)["tune"]:
            gold = set(rows[i]["sent_labels"]) - {"ANY_ACTION"}
            if gold != predicted[i] - {"ANY_ACTION"}:
                events = ", ".join(f"{e.trigger}:{e.type}/{e.modality}" for e in annotated[i].events)
                text = rows[i]["sent_text"][:250]
                print(f"  gold {sorted(gold)} system {sorted(predicted[i])} [{events}] {text}")


def _doc_number(row: dict) -> int:
    return int(str(row["doc_id"]).lstrip("doc_") or 0)


def _police_labels(events: list[Event], kill_words: tuple[str, ...]) -> set[str]:
    """The sentence's classes, from its events: police as actor, or arrests and crowd control. A
    police assault kills when its trigger is a word of killing or its sentence reports deaths (the
    component joins "one was killed in police firing" into the firing)."""
    labels: set[str] = set()
    for event in events:
        words = event.text.lower().split()
        deaths = any(w.startswith(DEATH_WORDS) for w in words)
        police = any(any(w in a.text.lower() for w in POLICE_WORDS) for a in event.actors)
        if event.type == "COERCE" and event.mode == "arrest" and event.modality != "negated":
            labels |= {"ARREST", "ANY_ACTION"}
        if not police and event.mode != "crowd-control":
            continue
        if event.modality == "negated":
            labels.add("FAIL")
            continue
        labels.add("ANY_ACTION")
        if event.type == "ASSAULT":
            labels.add("FORCE")
            if deaths or event.trigger.lower().startswith(
                tuple(w.split(" ")[0].rstrip("e") for w in kill_words)
            ):
                labels.add("KILL")
    return labels


# ------------------------------------------------------------------------------------------ cost


def cost(annotator: Annotator) -> None:
    wire = Path(str(resources.files("sitroom.demo") / "corpus" / "wire"))
    texts = [path.read_text(encoding="utf-8") for path in sorted(wire.glob("*.txt"))] * 5
    documents = [_document(text, date(2023, 1, 1)) for text in texts]
    without = Annotator(
        PipelineConfig(components=tuple(c for c in DEFAULT_COMPONENTS if c != "sitroom_events"))
    )
    bare = load_model(annotator.model_name)
    timings = {}
    for name, run in (
        ("bare spaCy", lambda: list(bare.pipe(texts))),
        ("pipeline without sitroom_events", lambda: list(without.annotate(documents))),
        ("full pipeline", lambda: list(annotator.annotate(documents))),
    ):
        run()  # warm up: gazetteer index, caches
        started = time.perf_counter()
        run()
        timings[name] = (time.perf_counter() - started) / len(texts)
    print(f"\nCost per article ({len(texts)} wire articles of the demo corpus)")
    for name, seconds in timings.items():
        print(f"  {name:<33} {1000 * seconds:6.1f} ms  x{seconds / timings['bare spaCy']:.2f} bare spaCy")
    events = timings["full pipeline"] - timings["pipeline without sitroom_events"]
    print(f"  sitroom_events by difference: {1000 * events:.1f} ms/article")
    # The difference of two noisy runs can even be negative on a shared machine: time the component itself.
    spent = 0.0
    for document in documents:
        doc = annotator.make_doc(document)
        for name, pipe in annotator.nlp.pipeline:
            started = time.perf_counter()
            doc = pipe(doc)
            if name == "sitroom_events":
                spent += time.perf_counter() - started
    print(f"  sitroom_events timed in the pipeline: {1000 * spent / len(documents):.1f} ms/article")


def _learned(config: PipelineConfig, eval_dir: Path, args: argparse.Namespace) -> None:
    import event_learning  # which reads this module's corpora: imported when its section runs
    from sitroom.annotate.learned import FineTuning

    tuning = FineTuning(epochs=args.epochs) if args.fine_tune else None
    event_learning.learned(config, eval_dir, args.limit, args.folds, tuning, args.corpora.split(","))


def _case_label(event: Event | None, labels: set[str]) -> str:
    """The CASE label of the event a snippet is about: its category's for the labels outside ACLED's
    codebook (a diplomatic event ACLED codes keeps its ACLED label), else its ACLED sub-event type's."""
    if event is not None and event.category and not (event.category == "diplomacy" and event.acled):
        return CASE_CATEGORIES[event.category]
    return _case_label_of(event.acled if event is not None else None, labels)


def _case_label_of(acled: str | None, labels: set[str]) -> str:
    """The CASE label of an ACLED sub-event type; a CASE label a model learnt as such is itself."""
    if acled is None:
        return "OTHER"
    return CASE_LABELS.get(acled, acled if acled in labels else "OTHER")


if __name__ == "__main__":
    main()
