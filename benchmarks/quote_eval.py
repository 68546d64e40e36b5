"""Attribution: sitroom_claims against PolNeAR dev (source, cue and content spans), and speaker resolution.

Span scoring as the published systems report it, per span type (source, cue, content):

- exact, linked (citron's evaluate script): a cue counts when a gold cue has the same characters; a
  source or a content counts when a gold attribution with an overlapping cue has exactly the same
  source (content) spans;
- exact, span (CofeNet's sequence-labelling view): each contiguous predicted span against each gold
  span of the same type, whatever attribution it belongs to;
- overlap (citron): predicted tokens that overlap gold tokens of the same type, over all predicted
  (precision) and all gold (recall) tokens; summed over all predicted-gold pairs as citron does, so a
  source shared by two attributions counts twice (on a tiny sample a figure can pass 100).

PolNeAR is univocal (a token has one role in one attribution), so only top-level claims (no parent)
are scored, and the pieces of a quote split around its cue are one content. Spans are compared without
the whitespace at their edges. PolNeAR has no licence: it is read here to measure, never to train or
to build shipped word lists.

Speaker resolution is measured on our own gold set, ``benchmarks/data/claims_speakers_gold.jsonl``
(texts written for it), because PolNeAR links no source to its antecedent: for each pronoun or
description source, whether the speaker is the entity of the antecedent mention (see
``speaker_accuracy``). Cost per article is the pipeline with and without ``sitroom_claims``, against
bare spaCy on the same texts,
in CPU seconds of this process (the machine is shared, so wall time would mislead).

To keep the rules from fitting dev alone, dev is split in two halves by document index: the rules
are tuned looking at errors of the even-indexed documents only (``tune``), and the odd-indexed ones
(``check``) are the honest estimate. Figures are printed for both halves and the whole split.

    python benchmarks/quote_eval.py [--limit N] [--half tune|check|all] [--errors N] [--misses N] [--no-cost]
        [--cv [--train-limit N] [--tagger-out DIR]] [--tagger DIR]

``--cv`` trains an attribution tagger through ``sitroom train attribution``'s code on PolNeAR's train
split and the tune half of dev, and scores it beside the rules: a cross-validated experiment, never a
shipped model (PolNeAR has no licence). ``--tagger`` scores a tagger already trained.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.annotate import DEFAULT_COMPONENTS, Annotator, PipelineConfig
from sitroom.annotate.attribution.training import AttributionExample, train_attribution_tagger
from sitroom.annotate.model import default_model_name, load_model
from sitroom.records import Annotations, Document, stable_id

REPO = Path(__file__).resolve().parent.parent
POLNEAR = "quotes/networkdynamics+PolNeAR/data"
SPEAKER_GOLD = REPO / "benchmarks" / "data" / "claims_speakers_gold.jsonl"
ROLES = ("source", "cue", "content")
# Published exact-match F1, percent: CofeNet (Wang et al. 2022, BERT) on PolNeAR test; citron
# (Newell et al. 2018, model en_2021-11-15 card) on PARC 3.0 test.
ANCHORS = {
    "CofeNet PolNeAR": {"source": 83.2, "cue": 75.3, "content": 72.9},
    "citron PARC3": {"source": 82.0, "cue": 82.3, "content": 59.3},
}
_TOKEN = re.compile(r"\w+|[^\w\s]")

Spans = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class Quote:
    source: Spans
    cue: Spans
    content: Spans

    def role(self, name: str) -> Spans:
        return getattr(self, name)  # type: ignore[no-any-return]


@dataclass(slots=True)
class GoldDocument:
    name: str
    text: str
    published: date | None
    quotes: list[Quote]


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        return _prf(self.tp, self.tp + self.fp, self.tp + self.fn)


@dataclass(slots=True)
class Overlap:
    overlap: int = 0
    predicted: int = 0
    actual: int = 0

    def prf(self) -> tuple[float, float, float]:
        return _prf(self.overlap, self.predicted, self.actual)


@dataclass(slots=True)
class Scores:
    linked: dict[str, Counts] = field(default_factory=lambda: {role: Counts() for role in ROLES})
    span: dict[str, Counts] = field(default_factory=lambda: {role: Counts() for role in ROLES})
    overlap: dict[str, Overlap] = field(default_factory=lambda: {role: Overlap() for role in ROLES})


def _prf(matched: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = 100 * matched / predicted if predicted else 0.0
    recall = 100 * matched / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ----------------------------------------------------------------------------------------- reading


def polnear_documents(folder: Path, split: str) -> list[GoldDocument]:
    dates, annotators = {}, {}
    with (folder / "metadata.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["compartment"] == split:
                dates[row["filename"]] = date.fromisoformat(row["publication_date"])
                annotators[row["filename"]] = row["annotators"].split("|")[0]
    documents = []
    for path in sorted((folder / split / "text").glob("*.txt")):
        ann = folder / split / "attributions" / f"{path.stem}_{annotators.get(path.stem, '')}.ann"
        if not ann.exists():
            candidates = sorted((folder / split / "attributions").glob(f"{path.stem}_*.ann"))
            if not candidates:
                continue
            ann = candidates[0]
        text = path.read_text(encoding="utf-8")
        documents.append(GoldDocument(path.stem, text, dates.get(path.stem), _read_ann(ann, text)))
    return documents


def _read_ann(path: Path, text: str) -> list[Quote]:
    spans: dict[str, Spans] = {}
    quotes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _, offsets = fields[1].split(" ", 1)
            pieces = tuple(
                _stripped(text, int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))
            )
            spans[fields[0]] = pieces
        elif line.startswith("E") and len(fields) >= 2:
            roles: dict[str, Spans] = {}
            for argument in fields[1].split():
                role, ref = argument.split(":")
                roles[re.sub(r"\d+$", "", role).lower()] = spans.get(ref, ())
            if roles.get("cue"):
                quotes.append(Quote(roles.get("source", ()), roles["cue"], roles.get("content", ())))
    return quotes


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def predicted_quotes(annotations: Annotations, text: str) -> list[Quote]:
    """Top-level claims, the pieces of one split quote merged: one Quote per cue."""
    by_cue: dict[tuple[int, int], tuple[Spans, list[tuple[int, int]]]] = {}
    for claim in annotations.claims:
        if claim.parent is not None or claim.cue_start is None or claim.cue_end is None:
            continue
        source: Spans = ()
        if claim.source_start is not None and claim.source_end is not None:
            source = (_stripped(text, claim.source_start, claim.source_end),)
        entry = by_cue.setdefault((claim.cue_start, claim.cue_end), (source, []))
        entry[1].append(_stripped(text, claim.start, claim.end))
    return [
        Quote(source, (_stripped(text, *cue),), tuple(sorted(contents)))
        for cue, (source, contents) in sorted(by_cue.items())
    ]


# ----------------------------------------------------------------------------------------- scoring


def score(gold: list[Quote], found: list[Quote], text: str, scores: Scores) -> None:
    for role in ROLES:
        linked = scores.linked[role]
        for quote in found:
            linked.tp += any(_linked_match(quote, other, role) for other in gold)
            linked.fp += not any(_linked_match(quote, other, role) for other in gold)
        linked.fn += sum(not any(_linked_match(quote, other, role) for quote in found) for other in gold)
        gold_spans = {span for quote in gold for span in quote.role(role)}
        found_spans = {span for quote in found for span in quote.role(role)}
        scores.span[role].tp += len(gold_spans & found_spans)
        scores.span[role].fp += len(found_spans - gold_spans)
        scores.span[role].fn += len(gold_spans - found_spans)
        overlap = scores.overlap[role]
        gold_tokens = [_tokens(text, quote.role(role)) for quote in gold]
        found_tokens = [_tokens(text, quote.role(role)) for quote in found]
        overlap.predicted += sum(len(tokens) for tokens in found_tokens)
        overlap.actual += sum(len(tokens) for tokens in gold_tokens)
        overlap.overlap += sum(len(f & g) for f in found_tokens for g in gold_tokens)


def _linked_match(found: Quote, gold: Quote, role: str) -> bool:
    if role == "cue":
        return set(found.cue) == set(gold.cue)
    cues_overlap = any(a < d and c < b for a, b in found.cue for c, d in gold.cue)
    return cues_overlap and set(found.role(role)) == set(gold.role(role))


def _tokens(text: str, spans: Spans) -> set[int]:
    """Start offsets of the word and punctuation tokens in ``spans``."""
    return {m.start() for start, end in spans for m in _TOKEN.finditer(text, start, end)}


# ------------------------------------------------------------------------------- speaker resolution


def speaker_accuracy(annotator: Annotator) -> dict[str, tuple[int, int]]:
    """Kind ("pronoun" or "description") -> (correct, total) on our own gold set.

    A case names the source as written and its antecedent: the words, earlier in the text, of the
    mention it refers back to, or null when the source names nobody the text identifies ("a local
    official"). Correct: the claim with that source has as speaker the entity of a mention holding
    the antecedent's words, or an entity named with them (so naming the entity is the entity stage's
    part, not scored here), or no speaker when the antecedent is null.
    """
    results: dict[str, tuple[int, int]] = {}
    for line in SPEAKER_GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        document = to_document(item["id"], item["text"], date.fromisoformat(item["published"]))
        (records,) = annotator.annotate([document])
        for case in item["cases"]:
            at = _nth(item["text"], case["source"], case.get("nth", 0))
            claim = next((c for c in records.claims if c.source_start == at), None)
            antecedent = case["antecedent"]
            if antecedent is None:
                correct = claim is not None and claim.speaker is None
            else:
                meant = {m.entity for m in records.mentions if antecedent in m.text and m.entity}
                meant |= {
                    e.id for e in records.entities if any(antecedent in n for n in (e.name, *e.aliases))
                }
                correct = claim is not None and claim.speaker in meant
            right, total = results.get(case["kind"], (0, 0))
            results[case["kind"]] = (right + correct, total + 1)
    return results


def _nth(text: str, word: str, nth: int) -> int:
    at = -1
    for _ in range(nth + 1):
        at = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text[at + 1 :]).start() + at + 1  # type: ignore[union-attr]
    return at


def to_document(name: str, text: str, published: date | None) -> Document:
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        id=stable_id("doc", content_hash, name),
        content_hash=content_hash,
        origin=name,
        format="text",
        raw_text=text,
        text=text,
        offset_map=[(0, 0, len(text))],
        published=published,
    )


# -------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="documents (for a quick look)")
    parser.add_argument("--split", default="dev", help="PolNeAR compartment (dev; test only once)")
    parser.add_argument(
        "--half",
        choices=("all", "tune", "check"),
        default="all",
        help="documents read: both halves, or the even-indexed (tune) or odd-indexed (check) ones",
    )
    parser.add_argument(
        "--errors", type=int, default=0, help="print this many missed gold attributions (tune half only)"
    )
    parser.add_argument(
        "--misses",
        type=int,
        default=0,
        help="print the missed gold attributions of the tune half by class, this many classes",
    )
    parser.add_argument("--no-cost", action="store_true", help="skip the cost per article")
    parser.add_argument(
        "--cv",
        action="store_true",
        help="also score a tagger trained by `sitroom train attribution` on PolNeAR train + dev tune half",
    )
    parser.add_argument("--train-limit", type=int, default=None, help="PolNeAR train documents for --cv")
    parser.add_argument(
        "--tagger-out", default=None, help="folder to keep the --cv tagger in (default: temp)"
    )
    parser.add_argument("--tagger", type=Path, default=None, help="score this trained tagger folder too")
    args = parser.parse_args()
    eval_dir = Path(os.environ.get("SITROOM_EVAL_DIR", REPO.parent / "shared" / "eval"))
    print(f"command: python benchmarks/quote_eval.py {' '.join(sys.argv[1:])}".rstrip())
    annotator = Annotator()
    if (eval_dir / POLNEAR).is_dir():
        _polnear(annotator, eval_dir / POLNEAR, args)
    else:
        print(f"skipped PolNeAR: no data under {eval_dir} (set SITROOM_EVAL_DIR)")
    print("speaker resolution (own gold set, benchmarks/data/claims_speakers_gold.jsonl):")
    for kind, (right, total) in sorted(speaker_accuracy(annotator).items()):
        print(f"  {kind:12} {right}/{total} = {100 * right / total:.1f} %")


HALVES = ("tune", "check")


def _half(index: int) -> str:
    """Even-indexed documents are looked at while tuning; odd-indexed ones only measured."""
    return HALVES[index % 2]


def _polnear(annotator: Annotator, folder: Path, args: argparse.Namespace) -> None:
    indexed = list(enumerate(polnear_documents(folder, args.split)))
    if args.half != "all":
        indexed = [(i, gold) for i, gold in indexed if _half(i) == args.half]
    indexed = indexed[: args.limit]
    golds = [gold for _, gold in indexed]
    documents = [to_document(gold.name, gold.text, gold.published) for gold in golds]
    started = time.process_time()
    annotated = list(annotator.annotate(documents))
    with_claims = time.process_time() - started
    missed = _print_scores(f"PolNeAR {args.split}, rules", indexed, annotated, args.errors)
    tagger = args.tagger or (_cv_tagger(folder, args) if args.cv else None)
    if tagger is not None:
        tagged = Annotator(PipelineConfig().with_attribution_model(str(tagger)))
        _print_scores(f"PolNeAR {args.split}, tagger {tagger}", indexed, list(tagged.annotate(documents)), 0)
    for name, anchor in ANCHORS.items():
        print(f"published exact F1, {name}: " + ", ".join(f"{role} {anchor[role]}" for role in ROLES))
    if args.misses:
        _classify_misses(load_model(annotator.model_name), missed, args.misses)
    if not args.no_cost:
        _cost(annotator, documents, with_claims)


def _cv_tagger(folder: Path, args: argparse.Namespace) -> Path:
    """A tagger trained through ``sitroom train attribution``'s code on PolNeAR's train split (its
    first ``--train-limit`` documents) and the tune half of dev: never shipped (PolNeAR has no
    licence), and it never sees the check half."""
    train = polnear_documents(folder, "train")[: args.train_limit]
    tune = [gold for i, gold in enumerate(polnear_documents(folder, "dev")) if _half(i) == "tune"]
    examples = [
        AttributionExample(
            gold.text,
            [{"SOURCE": list(q.source), "CUE": list(q.cue), "CONTENT": list(q.content)} for q in gold.quotes],
        )
        for gold in [*train, *tune]
    ]
    out = Path(args.tagger_out or tempfile.mkdtemp(prefix="quote-eval-tagger-"))
    started = time.process_time()
    train_attribution_tagger(examples, load_model(default_model_name()), out, held_out_share=0.0)
    print(
        f"trained the tagger on {len(train)} train + {len(tune)} dev tune-half documents "
        f"({time.process_time() - started:.0f} CPU s) into {out}"
    )
    return out


def _print_scores(
    title: str, indexed: list[tuple[int, GoldDocument]], annotated: list[Annotations], errors: int
) -> list[tuple[GoldDocument, Quote, list[Quote]]]:
    """Scores by half; the missed gold attributions of the tune half (``errors`` of them printed)."""
    scores = {name: Scores() for name in ("all", *HALVES)}
    counts = dict.fromkeys(scores, 0)
    gold_counts = dict.fromkeys(scores, 0)
    shown = 0
    missed: list[tuple[GoldDocument, Quote, list[Quote]]] = []
    for (index, gold), records in zip(indexed, annotated, strict=True):
        found = predicted_quotes(records, gold.text)
        for name in ("all", _half(index)):
            score(gold.quotes, found, gold.text, scores[name])
            counts[name] += 1
            gold_counts[name] += len(gold.quotes)
        if _half(index) == "tune":
            shown = _show_misses(gold, found, errors, shown)
            missed.extend((gold, quote, found) for quote in gold.quotes if not _found(quote, found))
    for name in ("tune", "check", "all"):
        if not counts[name]:
            continue
        label = {"tune": "tune half (even)", "check": "check half (odd)", "all": "all"}[name]
        print(f"{title}, {label}: {counts[name]} documents, {gold_counts[name]} gold attributions")
        print(
            f"{'span':8} | {'exact linked P/R/F1':>19} | {'exact span P/R/F1':>19} | {'overlap P/R/F1':>19}"
        )
        for role in ROLES:
            figures = [
                scores[name].linked[role].prf(),
                scores[name].span[role].prf(),
                scores[name].overlap[role].prf(),
            ]
            print(f"{role:8} | " + " | ".join(f"{p:5.1f} {r:5.1f} {f:5.1f}" for p, r, f in figures))
    return missed


def _cost(annotator: Annotator, documents: list[Document], with_claims: float) -> None:
    without = Annotator(
        PipelineConfig(components=tuple(c for c in DEFAULT_COMPONENTS if c != "sitroom_claims"))
    )
    started = time.process_time()
    list(without.annotate(documents))
    without_claims = time.process_time() - started
    nlp = load_model(annotator.model_name)
    started = time.process_time()
    for _ in nlp.pipe((d.text for d in documents), batch_size=32):
        pass
    bare = time.process_time() - started
    n = len(documents)
    print(
        f"cost per article: bare spaCy {1000 * bare / n:.1f} ms; sitroom pipeline without claims "
        f"{1000 * without_claims / n:.1f} ms, with claims {1000 * with_claims / n:.1f} ms "
        f"(claims add {1000 * (with_claims - without_claims) / n:.1f} ms; "
        f"pipeline x{with_claims / bare:.2f} of bare spaCy)"
    )


def _found(quote: Quote, found: list[Quote]) -> bool:
    return all(any(_linked_match(f, quote, role) for f in found) for role in ROLES)


def _classify_misses(nlp: Language, missed: list[tuple[GoldDocument, Quote, list[Quote]]], top: int) -> None:
    """Missed gold attributions of the tune half, by what went wrong and by the shape of the cue."""
    parsed: dict[str, Doc] = {}
    classes: dict[str, list[tuple[str, str]]] = {}
    for gold, quote, found in missed:
        doc = parsed.get(gold.name) or parsed.setdefault(gold.name, nlp(gold.text))
        name, lemma = _miss_class(doc, quote, found)
        classes.setdefault(name, []).append((lemma, _show(gold.text, quote)))
    print(f"missed gold attributions, tune half: {len(missed)} (a miss: any role not exactly linked)")
    for name, examples in sorted(classes.items(), key=lambda item: -len(item[1]))[:top]:
        lemmas: dict[str, int] = {}
        for lemma, _ in examples:
            lemmas[lemma] = lemmas.get(lemma, 0) + 1
        common = ", ".join(f"{lemma} {n}" for lemma, n in sorted(lemmas.items(), key=lambda i: -i[1])[:8])
        print(f"{len(examples):4}  {name}: {common}")
        for _, example in examples[:3]:
            print(f"        {example}")


def _miss_class(doc: Doc, quote: Quote, found: list[Quote]) -> tuple[str, str]:
    """The miss's class (what went wrong, the cue's part of speech, the layout) and the cue's lemma."""
    start, end = quote.cue[0][0], quote.cue[-1][1]
    span = doc.char_span(start, end, alignment_mode="expand")
    root = span.root if span is not None else None
    shape = "?" if root is None else root.pos_
    if span is not None and len(span) > 3:
        shape += " (long)"
    near = [f for f in found if any(a < d and c < b for a, b in f.cue for c, d in quote.cue)]
    if not near:
        where = "no cue"
    else:
        wrong = [role for role in ROLES if not any(_linked_match(f, quote, role) for f in near)]
        where = "wrong " + "+".join(wrong)
    layout = "no source" if not quote.source else ("source after" if quote.source[0][0] > start else "")
    if quote.content and quote.content[0][0] > start:
        layout += " content after"
    elif quote.content:
        layout += " content before"
    return f"{where} | {shape} | {layout.strip()}", "?" if root is None else root.lemma_.lower()


def _show_misses(gold: GoldDocument, found: list[Quote], limit: int, shown: int) -> int:
    for quote in gold.quotes:
        if shown >= limit:
            return shown
        if _found(quote, found):
            continue
        near = [f for f in found if _linked_match(f, quote, "source") or set(f.cue) & set(quote.cue)]
        print(f"-- {gold.name}")
        print(f"   gold: {_show(gold.text, quote)}")
        for f in near or found[:0]:
            print(f"   got:  {_show(gold.text, f)}")
        shown += 1
    return shown


def _show(text: str, quote: Quote) -> str:
    def part(spans: Spans) -> str:
        return " / ".join(text[a:b] for a, b in spans)[:160]

    return f"[{part(quote.source)}] <{part(quote.cue)}> {part(quote.content)!r}"


if __name__ == "__main__":
    main()
