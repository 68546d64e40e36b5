"""Time and peak memory of reconciliation at growing store sizes: the curve must be near-linear.

Synthetic stores: each document reports two or three events (a mix of control changes, strikes,
plans and denials) at places drawn from a pool of 2,000, dated over two years, some of them claimed by
one of 200 speakers, with a figure attached; one document in ten is a syndicated copy of another.
Building the stores is not timed; ``reconcile`` is, on its own, in a fresh process whose peak resident
memory is reported beside the memory it had before reconciling (imports and interpreter).

    python benchmarks/reconcile_scale.py --sizes 1000 10000 100000
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from sitroom.records import (
    Annotations,
    Claim,
    Document,
    Entity,
    Event,
    Participant,
    Place,
    Quantity,
    stable_id,
)
from sitroom.store import Store

PLACES = 2_000
SPEAKERS = 200
KINDS = [("CONTROL", "asserted"), ("ASSAULT", "asserted"), ("ASSAULT", "claimed"), ("MOBILIZE", "planned"),
         ("MOBILIZE", "negated"), ("ASSAULT", "negated")]  # fmt: skip
START = date(2022, 2, 24)


def synthetic_store(path: Path, count: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    store = Store.open(path)
    speakers = [Entity(id=f"ent_s{i}", name=f"Speaker {i}", type="person", side=rng.choice(["UA", "RU"]))
                for i in range(SPEAKERS)]  # fmt: skip
    batch: list[Annotations] = []
    for index in range(count):
        published = START + timedelta(days=rng.randrange(730))
        text = f"Report {index}. " + "Forces moved and officials spoke. " * 8
        doc_id = stable_id("doc", index)
        document = Document(id=doc_id, content_hash=f"{index:064x}", origin=f"synthetic:{index}",
                            format="text", raw_text=text, text=text, offset_map=[(0, 0, len(text))],
                            published=published, source=f"Outlet {rng.randrange(50)}",
                            external_id=str(index))  # fmt: skip
        copy_of = stable_id("doc", rng.randrange(index)) if index and rng.random() < 0.1 else None
        store.add_document(document, near_duplicate_of=(copy_of, 0.9) if copy_of else None)
        annotations = Annotations(doc=doc_id)
        for number in range(rng.choice((2, 3))):
            type_, modality = rng.choice(KINDS)
            place_index = min(int(rng.paretovariate(1.2)), PLACES) - 1
            place = Place(id=stable_id("plc", doc_id, number), doc=doc_id, start=0, end=6, text="Report",
                          gazetteer_id=f"geonames:{place_index}", name=f"Place {place_index}",
                          lat=48.0, lon=37.0)  # fmt: skip
            speaker = rng.choice(speakers) if modality != "asserted" else None
            claim = None
            if speaker is not None:
                annotations.entities.append(speaker)
                claim = Claim(id=stable_id("clm", doc_id, number), doc=doc_id, start=0, end=6, text="Report",
                              kind="indirect", speaker=speaker.id)  # fmt: skip
                annotations.claims.append(claim)
            figure = Quantity(id=stable_id("qty", doc_id, number), doc=doc_id, start=0, end=6, text="Report",
                              low=float(rng.choice((1e3, 3e5, 5e5))), high=None, counted="soldier",
                              owner=speaker.id if speaker else None)  # fmt: skip
            annotations.quantities.append(figure)
            annotations.places.append(place)
            when = published - timedelta(days=rng.randrange(3))
            annotations.events.append(Event(
                id=stable_id("evt", doc_id, number), doc=doc_id, start=0, end=6, text="Report", type=type_,
                trigger="Report", trigger_start=0, trigger_end=6, modality=modality,  # type: ignore[arg-type]
                actors=[Participant(0, 6, "Report", None, rng.choice(["UA", "RU"]))], place=place.id,
                date=when.isoformat(), date_precision="day", quantities=[figure.id],
                claim=claim.id if claim else None, claimed_by=speaker.id if speaker else None,
                control_side=rng.choice(["UA", "RU"]) if type_ == "CONTROL" else None,
            ))  # fmt: skip
        batch.append(annotations)
        if len(batch) == 500:
            store.save_annotations(batch, "synthetic")
            batch = []
    store.save_annotations(batch, "synthetic")
    return store


def measure(path: Path) -> dict[str, float]:
    """Reconcile the store at ``path`` in a child process: seconds, RSS before and peak RSS (MiB)."""
    child = (
        "import json, resource, sys, time\n"
        "from sitroom.reconcile import reconcile\n"
        "from sitroom.store import Store\n"
        "store = Store.open(sys.argv[1])\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "began = time.perf_counter()\n"
        "summary = reconcile(store)\n"
        "seconds = time.perf_counter() - began\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': seconds, 'before': before, 'peak': peak,\n"
        "                  'incidents': summary.incidents, 'contradictions': summary.contradictions}))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", child, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(output.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print("command: python benchmarks/reconcile_scale.py --sizes " + " ".join(map(str, args.sizes)))
    print(f"{'documents':>10} {'events':>8} {'seconds':>8} {'µs/doc':>8} {'MiB before':>10} {'MiB peak':>9} "
          f"{'incidents':>9} {'contradictions':>14}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"s{size}.db"
            with synthetic_store(path, size) as store:
                events = store.counts()["events"]
            result = measure(path)
            seconds = result["seconds"]
            print(f"{size:>10} {events:>8} {seconds:>8.2f} {seconds / size * 1e6:>8.0f} "
                  f"{result['before']:>10.0f} {result['peak']:>9.0f} {result['incidents']:>9} "
                  f"{result['contradictions']:>14}")  # fmt: skip
            sys.stdout.flush()


if __name__ == "__main__":
    main()
