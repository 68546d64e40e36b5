"""Geoparsing benchmark of ``sitroom_places``: LGL, GeoWebNews, TR-News and a Russia-Ukraine set.

    python benchmarks/geo_eval.py [--start K] [--limit N] [--min-confidence P] [--no-demonyms] [--corpus NAME]
                                  [--half dev|check|all] [--errors FILE]

(a) resolution with gold spans, (b) end to end with the component's own recognition, side by
side with a highest-population baseline and the published Mordecai3 figures; speed and peak
memory of the run. ``--corpus UCDP`` locates real headlines instead (``headline_geo.py``): share
located, acc@161 and median error on one half of the UCDP Ukraine set. The corpora count
adjectives ("Russian") as toponyms, so the standard run resolves them; ``--no-demonyms`` leaves
them out of the gold and of the component's output. The eval corpora are read from SITROOM_EVAL_DIR
(default ../shared/eval next to the repo).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

import headline_geo
from sitroom.annotate import Annotator
from sitroom.annotate import places as _places  # noqa: F401  (registers the factory)
from sitroom.annotate.context import annotations_of
from sitroom.annotate.model import load_model
from sitroom.annotate.place_rules import is_actor, load_place_rules
from sitroom.records import Annotations, Document, stable_id
from sitroom.resolve.gazetteer.demonyms import is_demonym
from sitroom.resolve.gazetteer.disambiguate import MIN_CONFIDENCE, haversine_km

REPO = Path(__file__).resolve().parent.parent
PRAGMATIC = "geo/milangritta__Pragmatic-Guide-to-Geoparsing-Evaluation/data"
RU_UA = REPO / "benchmarks" / "data" / "ru_ua_places.jsonl"
ACCURACY_KM = 161.0
# Mordecai3 (Halterman 2023, table 3): acc@161 %, exact GeoNames id %, mean error km.
MORDECAI3 = {"LGL": (82.7, 79.4, 303.9), "GWN": (94.1, 90.1, 249.4), "TR-News": (87.3, 84.3, 294.7)}


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    text: str
    gid: str | None  # "geonames:707292"; the Russia-Ukraine set names regions by ISO 3166-2 code
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class Article:
    text: str
    toponyms: list[Gold] = field(default_factory=list)


@dataclass(slots=True)
class Guess:
    gid: str | None
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class Score:
    gold: int = 0
    correct: int = 0  # within 161 km
    exact: int = 0  # same GeoNames id
    errors: list[float] = field(default_factory=list)  # km, for every resolved toponym
    found: int = 0  # end to end: predicted spans
    matched: int = 0  # end to end: predicted spans that are gold spans

    def add(self, gold: Gold, guess: Guess | None) -> None:
        self.gold += 1
        if guess is None or guess.lat is None or guess.lon is None:
            return
        distance = haversine_km(gold.lat or 0.0, gold.lon or 0.0, guess.lat, guess.lon)
        self.errors.append(distance)
        self.correct += distance <= ACCURACY_KM
        self.exact += gold.gid is not None and guess.gid == gold.gid


def _float(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def _lgl_style(path: Path) -> Iterator[Article]:
    """LGL and TR-News: <toponym><start><end><phrase><gaztag geonameid><lat><lon>."""
    for node in ET.parse(path).getroot().iter("article"):
        article = Article(node.findtext("text") or "")
        for top in node.iter("toponym"):
            tag = top.find("gaztag")
            start, end = int(top.findtext("start") or 0), int(top.findtext("end") or 0)
            gid = f"geonames:{tag.get('geonameid')}" if tag is not None and tag.get("geonameid") else None
            lat = _float(tag.findtext("lat")) if tag is not None else None
            lon = _float(tag.findtext("lon")) if tag is not None else None
            text = top.findtext("phrase") or ""
            article.toponyms.append(Gold(start, end, text, gid, lat, lon))
        yield article


def _gwn(path: Path) -> Iterator[Article]:
    """GeoWebNews: toponyms are the spans with coordinates (the taxonomy also marks non-places)."""
    for node in ET.parse(path).getroot().iter("article"):
        article = Article(node.findtext("text") or "")
        for top in node.iter("toponym"):
            lat = _float(top.findtext("latitude"))
            if lat is None:
                continue
            gid = top.findtext("geonamesID")
            start, end = int(top.findtext("start") or 0), int(top.findtext("end") or 0)
            article.toponyms.append(
                Gold(start, end, top.findtext("extractedName") or "",
                     f"geonames:{gid}" if gid else None,
                     lat, _float(top.findtext("longitude")))
            )  # fmt: skip
        yield article


def _ru_ua(path: Path) -> Iterator[Article]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            article = Article(record["text"])
            for place in record["places"]:
                article.toponyms.append(
                    Gold(place["start"], place["end"], place["text"], place["gid"],
                         place["lat"], place["lon"])
                )  # fmt: skip
            yield article


def _keep_aligned(articles: Iterator[Article]) -> list[Article]:
    # TR-News has some spans whose offsets miss their phrase; those are dropped, not guessed.
    kept = []
    for article in articles:
        article.toponyms = [t for t in article.toponyms if article.text[t.start : t.end] == t.text]
        kept.append(article)
    return kept


def _document(text: str) -> Document:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        id=stable_id("doc", digest), content_hash=digest, origin="geo_eval", format="text",
        raw_text=text, text=text, offset_map=[(0, 0, len(text))],
    )  # fmt: skip


class Runner:
    def __init__(self, min_confidence: float, demonyms: bool) -> None:
        self.nlp = load_model()
        self.nlp.add_pipe("sitroom_places", config={"min_confidence": min_confidence, "demonyms": demonyms})
        self.demonyms = demonyms
        self.places = self.nlp.get_pipe("sitroom_places")
        self.rules = load_place_rules()
        self.component_seconds = 0.0
        self.model_seconds = 0.0
        self.places_found = 0
        self.docs = 0

    def convention(self, demonyms: bool) -> None:
        """Whether the corpus about to run counts adjectives ("Russian") as toponyms."""
        self.places.disambiguator.demonyms = self.demonyms = demonyms

    def parse(self, text: str):
        started = time.perf_counter()
        doc = self.nlp.make_doc(text)
        doc._.document = _document(text)
        doc._.sitroom = Annotations(doc=doc._.document.id)
        with self.nlp.select_pipes(disable=["sitroom_places"]):
            doc = self.nlp(doc)
        self.model_seconds += time.perf_counter() - started
        self.docs += 1
        return doc

    def end_to_end(self, text: str) -> Annotations:
        return annotations_of(self._placed(text))

    def _placed(self, text: str):
        doc = self.parse(text)
        started = time.perf_counter()
        self.places(doc)
        self.component_seconds += time.perf_counter() - started
        self.places_found += len(annotations_of(doc).places)
        return doc

    def where(self, text: str) -> Annotations:
        """End to end, without the places that stand for a party ("Kiev says", "Kiev forces")."""
        doc = self._placed(text)
        annotations = annotations_of(doc)
        annotations.places = [
            p
            for p in annotations.places
            if not is_actor(doc.char_span(p.start, p.end, alignment_mode="expand"), self.rules)
        ]
        return annotations

    def gold_spans(self, text: str, gold: list[Gold]) -> list[Guess | None]:
        doc = self.parse(text)
        spans = [doc.char_span(g.start, g.end, alignment_mode="expand") for g in gold]
        kept = [(i, s) for i, s in enumerate(spans) if s is not None]
        resolutions = self.places.resolve_spans(doc, [s for _, s in kept])
        guesses: list[Guess | None] = [None] * len(gold)
        for (i, _), resolution in zip(kept, resolutions, strict=True):
            entry = resolution.entry
            guesses[i] = Guess(entry.gid, entry.lat, entry.lon) if entry else Guess(None, None, None)
        return guesses

    def baseline(self, gold: list[Gold]) -> list[Guess | None]:
        gazetteer = self.places.disambiguator.gazetteer
        guesses: list[Guess | None] = []
        for g in gold:
            matches = gazetteer.lookup(g.text, demonyms=self.demonyms)
            if not matches:
                guesses.append(None)
                continue
            top = max(matches, key=lambda m: m.entry.population).entry
            guesses.append(Guess(top.gid, top.lat, top.lon))
        return guesses


def evaluate(runner: Runner, articles: list[Article]) -> dict[str, Score]:
    scores = {"gold spans": Score(), "end to end": Score(), "baseline": Score()}
    for article in articles:
        located = [
            t for t in article.toponyms if t.lat is not None and (runner.demonyms or not is_demonym(t.text))
        ]
        for gold, guess in zip(located, runner.gold_spans(article.text, located), strict=True):
            scores["gold spans"].add(gold, guess)
        for gold, guess in zip(located, runner.baseline(located), strict=True):
            scores["baseline"].add(gold, guess)
        predicted = {(p.start, p.end): p for p in runner.end_to_end(article.text).places}
        e2e = scores["end to end"]
        e2e.found += len(predicted)
        e2e.matched += sum((t.start, t.end) in predicted for t in located)
        for gold in located:
            place = predicted.get((gold.start, gold.end))
            e2e.add(gold, Guess(place.gazetteer_id, place.lat, place.lon) if place else None)
    return scores


def _row(corpus: str, system: str, score: Score, e2e: bool) -> str:
    acc = 100 * score.correct / max(score.gold, 1)
    exact = 100 * score.exact / max(score.gold, 1)
    error = mean(score.errors) if score.errors else float("nan")
    prf = "" if not e2e else _prf(score)
    return f"| {corpus} | {system} | {score.gold} | {acc:.1f} | {exact:.1f} | {error:.1f} | {prf} |"


def _prf(score: Score) -> str:
    precision = score.matched / max(score.found, 1)
    recall = score.matched / max(score.gold, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return f"P {100 * precision:.1f} R {100 * recall:.1f} F1 {100 * f1:.1f}"


def corpora(eval_dir: Path) -> dict[str, Callable[[], list[Article]]]:
    base = eval_dir / PRAGMATIC
    return {
        "LGL": lambda: _keep_aligned(_lgl_style(base / "Corpora" / "lgl.xml")),
        "GWN": lambda: _keep_aligned(_gwn(base / "GWN.xml")),
        "TR-News": lambda: _keep_aligned(_lgl_style(base / "Corpora" / "TR-News.xml")),
    }


def _headlines(
    runner: Runner, eval_dir: Path, half: str, errors: Path | None, limit: int | None
) -> list[str]:
    """The UCDP real-headline set: located share, acc@161 and median error of its place mentions (all
    of them; without those that stand for a party, whose misses ``errors`` lists), and of the places of
    its violent events."""
    if not (eval_dir / headline_geo.HEADLINES).is_file():
        print(f"skipping UCDP: no {headline_geo.HEADLINES} under {eval_dir}")
        return []
    runner.convention(False)  # an adjective says whose, not where
    headlines = headline_geo.load(eval_dir, half)[:limit]
    print("| UCDP half | headlines | located % | below country % | acc@161 | median km |")
    print("|---|---|---|---|---|---|")
    print(headline_geo.evaluate(runner.end_to_end, headlines, "").row(f"{half}, place mentions"))
    score = headline_geo.evaluate(runner.where, headlines, half)
    print(score.row(f"{half}, place mentions, parties left out"))
    annotator = Annotator()
    annotated = dict(
        zip(
            [h.text for h in headlines], annotator.annotate(_document(h.text) for h in headlines), strict=True
        )
    )
    by_events = headline_geo.evaluate(annotated.__getitem__, headlines, half, headline_geo.event_places)
    print(by_events.row(f"{half}, violent events"))
    if errors is not None and half == "dev":
        # The place mentions' misses in the file named, the violent events' beside it.
        for path, misses in ((errors, score.misses), (errors.with_suffix(".events.tsv"), by_events.misses)):
            path.write_text(
                "".join(f"{km:.0f}\t{place}\t{text}\n" for text, place, km in misses), encoding="utf-8"
            )
    return [h.text for h in headlines]


def bare_seconds(texts: list[str]) -> float:
    nlp = load_model()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles per corpus (default: all)")
    parser.add_argument(
        "--start", type=int, default=0, help="skip this many articles per corpus first (a held-out part)"
    )
    parser.add_argument(
        "--min-confidence", type=float, default=MIN_CONFIDENCE, help="the component's min_confidence"
    )
    parser.add_argument(
        "--no-demonyms", action="store_true", help="leave adjectives such as 'Russian' out of gold and output"
    )
    parser.add_argument("--corpus", action="append", help="run only this corpus (repeatable)")
    parser.add_argument("--half", choices=("dev", "check", "all"), default="dev", help="UCDP half")
    parser.add_argument(
        "--errors", type=Path, help="write the UCDP dev half's misses to FILE (events': FILE.events.tsv)"
    )
    args = parser.parse_args()
    print("command:", " ".join(["python", *sys.argv]))
    eval_dir = Path(os.environ.get("SITROOM_EVAL_DIR", REPO.parent / "shared" / "eval"))
    runner = Runner(args.min_confidence, demonyms=not args.no_demonyms)
    started = time.perf_counter()
    runner.places.disambiguator  # noqa: B018  (open, or build, the index outside the timings)
    print(f"gazetteer ready in {time.perf_counter() - started:.2f} s")
    sets: dict[str, Callable[[], list[Article]]] = {}
    if (eval_dir / PRAGMATIC).is_dir():
        sets.update(corpora(eval_dir))
    else:
        print(f"skipping LGL, GWN, TR-News: no eval data at {eval_dir} (set SITROOM_EVAL_DIR)")
    sets["RU-UA"] = lambda: list(_ru_ua(RU_UA))
    texts: list[str] = []
    if args.corpus and "UCDP" in args.corpus:
        texts.extend(_headlines(runner, eval_dir, args.half, args.errors, args.limit))
    print("| corpus | system | toponyms | acc@161 % | exact id % | mean km | recognition |")
    print("|---|---|---|---|---|---|---|")
    for corpus, load in sets.items():
        if args.corpus and corpus not in args.corpus:
            continue
        # Our own set follows the product's convention: an adjective is not a place.
        runner.convention(not args.no_demonyms and corpus != "RU-UA")
        articles = load()[args.start :][: args.limit]
        texts.extend(a.text for a in articles)
        scores = evaluate(runner, articles)
        print(_row(corpus, "sitroom, gold spans", scores["gold spans"], e2e=False))
        print(_row(corpus, "sitroom, end to end", scores["end to end"], e2e=True))
        print(_row(corpus, "baseline: most populous", scores["baseline"], e2e=False))
        if corpus in MORDECAI3:
            acc, exact, error = MORDECAI3[corpus]
            print(f"| {corpus} | Mordecai3 (published) | | {acc} | {exact} | {error} | |")
    bare = bare_seconds(texts)
    per_article_ms = 1000 * runner.component_seconds / max(len(texts), 1)
    print(
        f"\nspeed: {runner.places_found / max(runner.component_seconds, 1e-9):.0f} places/s in the "
        f"component; {per_article_ms:.1f} ms added per article over the bare spaCy pipeline "
        f"({1000 * bare / max(len(texts), 1):.1f} ms per article, +"
        f"{100 * per_article_ms / max(1000 * bare / max(len(texts), 1), 1e-9):.0f} %)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS, whole run): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
