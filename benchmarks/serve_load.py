"""Latency of the workspace API under load, on loopback, against a synthetic store.

    python benchmarks/serve_load.py [--docs 100000] [--requests 300] [--concurrency 4]

Builds (once, cached under the temp folder) a store of ``--docs`` synthetic articles with place mentions,
actor mentions, an event and a claim each; starts ``sitroom serve`` on 127.0.0.1; sends a bounded number of
requests per scenario from a few threads; prints p50/p95/p99 latency and throughput. The targets (issues 8,
20): p95 of filtered views under 200 ms with 4 clients at 100k documents, the unfiltered map under 1 s.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

from sitroom.records import Annotations, Claim, Entity, Event, Mention, Place, stable_id
from sitroom.store import Store, schema

TOKEN = "benchmark-token"
START = date(2022, 2, 24)
DAYS = 1040
WORDS = tuple(
    " ".join(
        [
            "shelling drone strike artillery offensive counteroffensive frontline brigade battalion village",
            "city evacuation humanitarian corridor ceasefire negotiations sanctions mobilisation reservists",
            "convoy bridge railway power grid missile interception air defence casualties wounded civilians",
            "refugees reconstruction minister president governor spokesman military intelligence report",
            "statement claimed denied confirmed advance retreat positions trenches tanks armoured vehicles",
            "ammunition supplies aid package weapons",
        ]
    ).split()
)
SIDES = ("UA", "RU", "NATO", "US", "EU")
EVENT_TYPES = ("ASSAULT", "CONTROL", "COERCE", "AID", "MOBILIZE", "THREATEN")
MODALITIES = ("asserted", "claimed", "negated", "planned")


def synthetic_places(rng: random.Random, count: int = 400) -> list[tuple[str, str, float, float]]:
    return [
        (
            f"geonames:{900000 + i}",
            f"Place{i}",
            round(rng.uniform(44.5, 52.3), 4),
            round(rng.uniform(22.2, 40.2), 4),
        )
        for i in range(count)
    ]


def synthetic_entities(count: int = 60) -> list[Entity]:
    return [
        Entity(f"ent_bench{i:03d}", f"Actor{i}", "person", side=SIDES[i % len(SIDES)], aliases=[f"Actor{i}"])
        for i in range(count)
    ]


def _zipf_word(rng: random.Random) -> str:
    return WORDS[min(int(rng.paretovariate(1.1)) - 1, len(WORDS) - 1)]


def build_store(path: Path, docs: int, seed: int = 7) -> None:
    """Documents go in with bulk inserts (the store's one-document-per-transaction path would take minutes
    for data that needs no de-duplication); annotations through ``Store.save_annotations`` batches."""
    rng = random.Random(seed)
    places, entities = synthetic_places(rng), synthetic_entities()
    store = Store.open(path)
    batch = 2000
    started = time.perf_counter()
    for first in range(0, docs, batch):
        rows, annotations = [], []
        for n in range(first, min(first + batch, docs)):
            doc_places = rng.sample(places, 3)
            actor = rng.choice(entities)
            words = " ".join(_zipf_word(rng) for _ in range(12))
            sentences = [
                f"{actor.name} said forces near {doc_places[0][1]} {words}.",
                f"Reports from {doc_places[1][1]} and {doc_places[2][1]} "
                f"{' '.join(_zipf_word(rng) for _ in range(40))}.",
                " ".join(_zipf_word(rng) for _ in range(60)) + ".",
            ]
            text = " ".join(sentences)
            digest = hashlib.sha256(f"{n}:{text}".encode()).hexdigest()
            doc_id = stable_id("doc", digest)
            published = START + timedelta(days=rng.randrange(DAYS))
            rows.append(
                {
                    "id": doc_id,
                    "content_hash": digest,
                    "identity": f"content:{digest}",
                    "origin": f"synthetic:{n}",
                    "format": "text",
                    "title": f"Synthetic report {n} on {doc_places[0][1]}",
                    "source": f"Outlet{n % 25}",
                    "published": published,
                    "published_from": "metadata",
                    "language": "en",
                    "is_english": True,
                    "raw_text": text,
                    "text": text,
                    "offset_map": [[0, 0, len(text)]],
                    "boilerplate": [],
                    "status": "ingested",
                    "ingested_at": datetime.now(UTC),
                }
            )
            annotations.append(_annotations(rng, doc_id, text, doc_places, actor, published))
        with store.engine.begin() as conn:
            conn.execute(insert(schema.documents), rows)
        store.save_annotations(annotations, "benchmark")
        print(f"\r  built {min(first + batch, docs):,} documents", end="", file=sys.stderr, flush=True)
    print(f"\r  built {docs:,} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    store.close()


def _annotations(
    rng: random.Random, doc_id: str, text: str, doc_places: list, actor: Entity, published: date
) -> Annotations:
    found_places = []
    for gid, name, lat, lon in doc_places:
        start = text.index(f"{name} ")  # "Place1" must not match inside "Place12"
        found_places.append(
            Place(
                f"plc_{doc_id}_{start}",
                doc_id,
                start,
                start + len(name),
                name,
                gid,
                name,
                "city",
                lat,
                lon,
                "UA",
                None,
                0.9,
            )
        )
    mention_start = text.index(actor.name)
    mention = Mention(
        f"men_{doc_id}",
        doc_id,
        mention_start,
        mention_start + len(actor.name),
        actor.name,
        "PERSON",
        0,
        actor.id,
    )
    first_end = text.index(".") + 1
    said = text.index("said")
    day = (published - timedelta(days=rng.randrange(3))).isoformat()
    claim = Claim(
        id=f"clm_{doc_id}",
        doc=doc_id,
        start=said + 5,
        end=first_end - 1,
        text=text[said + 5 : first_end - 1],
        kind="indirect",
        speaker=actor.id,
        source_start=mention_start,
        source_end=mention.end,
        source_text=actor.name,
        cue="said",
        cue_start=said,
        cue_end=said + 4,
        date=day,
        confidence=0.6,
    )
    trigger = text.index("forces")
    event = Event(
        id=f"evt_{doc_id}",
        doc=doc_id,
        start=0,
        end=first_end,
        text=text[:first_end],
        type=rng.choice(EVENT_TYPES),
        trigger="forces",
        trigger_start=trigger,
        trigger_end=trigger + 6,
        modality=rng.choice(MODALITIES),
        place=found_places[0].id,
        date=day,
        date_precision="day",
        claim=claim.id,
        claimed_by=actor.id,
        confidence=0.5,
    )
    return Annotations(
        doc=doc_id, mentions=[mention], entities=[actor], places=found_places, claims=[claim], events=[event]
    )


# ---------------------------------------------------------------------------------------------- load


def _period(rng: random.Random, days: int = 60) -> dict[str, str]:
    start = START + timedelta(days=rng.randrange(DAYS - days))
    return {"from": start.isoformat(), "to": (start + timedelta(days=days)).isoformat()}


def _box(rng: random.Random) -> str:
    west, south = rng.uniform(22, 36), rng.uniform(44.5, 50)
    return f"{west:.2f},{south:.2f},{west + 4:.2f},{south + 2.5:.2f}"


SCENARIOS: dict[str, Callable[[random.Random], tuple[str, dict[str, str]]]] = {
    "search q+period": lambda r: ("search", {"q": _zipf_word(r), **_period(r)}),
    "search q+period+side": lambda r: ("search", {"q": _zipf_word(r), "side": r.choice(SIDES), **_period(r)}),
    "search q only": lambda r: ("search", {"q": f"{_zipf_word(r)} {_zipf_word(r)}"}),
    "map period+bbox": lambda r: ("map", {"bbox": _box(r), **_period(r)}),
    "map period+event type": lambda r: ("map", {"event_type": r.choice(EVENT_TYPES), **_period(r, 30)}),
    "events period+place": lambda r: (
        "events",
        {"place": f"geonames:{900000 + r.randrange(400)}", **_period(r)},
    ),
    "claims actor": lambda r: ("claims", {"actor": f"ent_bench{r.randrange(60):03d}"}),
    "map unfiltered": lambda r: ("map", {}),
    "timeline unfiltered": lambda r: ("timeline", {}),
    "timeline period+type": lambda r: ("timeline", {"event_type": r.choice(EVENT_TYPES), **_period(r, 90)}),
}


def run_scenario(base: str, make: Callable, requests: int, concurrency: int, seed: int, budget_s: float):
    rng = random.Random(seed)
    planned = [make(rng) for _ in range(requests)]
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + budget_s
    headers = {"X-Sitroom-Token": TOKEN}

    def worker(chunk: list[tuple[str, dict[str, str]]]) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            for path, params in chunk:
                if time.monotonic() > deadline:
                    return
                begun = time.perf_counter()
                response = client.get(f"/api/{path}", params=params)
                elapsed = time.perf_counter() - begun
                response.raise_for_status()
                with lock:
                    latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, [planned[i::concurrency] for i in range(concurrency)]))
    wall = time.perf_counter() - started
    return latencies, wall


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per scenario")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds at most per scenario")
    parser.add_argument("--db", type=Path, default=None, help="store to build or reuse")
    parser.add_argument("--only", nargs="*", default=None, help="scenarios whose names start so")
    args = parser.parse_args()
    print("command: python benchmarks/serve_load.py " + " ".join(sys.argv[1:]))
    db = args.db or Path(tempfile.gettempdir()) / f"sitroom-serve-bench-{args.docs}.db"
    if not db.exists():
        build_store(db, args.docs)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitroom",
            "serve",
            "--db",
            str(db),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--token",
            TOKEN,
        ],
        stderr=subprocess.DEVNULL,
        env={**os.environ},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base)
        with Store.open(db, create=False) as store:
            counts = store.counts()
        print(
            f"store: {counts['documents']:,} documents, {counts['places']:,} place mentions, "
            f"{counts['events']:,} events, {counts['claims']:,} claims ({db.stat().st_size / 2**20:.0f} MB)"
        )
        print(
            f"load: {args.requests} requests per scenario, {args.concurrency} concurrent clients, loopback\n"
        )
        print(f"{'scenario':<24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}")
        for seed, (name, make) in enumerate(SCENARIOS.items()):
            if args.only and not name.startswith(tuple(args.only)):
                continue
            run_scenario(base, make, 10, 1, 1000 + seed, args.budget)  # warm the caches for this query shape
            latencies, wall = run_scenario(base, make, args.requests, args.concurrency, seed, args.budget)
            ms = sorted(x * 1000 for x in latencies)
            q = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
            print(f"{name:<24} {len(ms):>5} {q[49]:>8.1f} {q[94]:>8.1f} {q[98]:>8.1f} {len(ms) / wall:>7.1f}")
    finally:
        server.terminate()
        server.wait(10)


def _wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if (
                httpx.get(f"{base}/api/stats", headers={"X-Sitroom-Token": TOKEN}, timeout=5).status_code
                == 200
            ):
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    main()
