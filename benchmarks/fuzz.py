"""Long fuzzing of every reader, the cleaner, the timex normaliser and components, and the quantity parser.

Coverage-guided with atheris (libFuzzer) when it is installed (``pip install atheris``): each target
runs in its own process for ``--seconds``, seeded with the demo corpus, instrumenting sitroom's code.
Without atheris (or with ``--engine hypothesis``) the property tests' strategies are sampled for as
long. The targets and their invariants are those of tests/fuzz/targets.py.

    python benchmarks/fuzz.py --seconds 60
    python benchmarks/fuzz.py --target read_html --seconds 600

Prints, per target, the inputs tried and the findings (crashes or broken invariants, with the file
holding the input); exit status 1 when there is any finding.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

SEED_SUFFIXES = {
    "read_text": (".txt",),
    "read_html": (".html",),
    "read_jsonl": (".jsonl",),
    "read_feed": (".xml", ".rss"),
    "read_warc": (".warc", ".warc.gz"),
}


def seeds(target: str, folder: Path) -> Path:
    """A corpus folder for the target: the demo files it reads (every text file for the others)."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Path(str(resources.files("sitroom.demo") / "corpus"))
    suffixes = SEED_SUFFIXES.get(target, (".txt",))
    for index, path in enumerate(sorted(corpus.rglob("*"))):
        if path.is_file() and path.name.endswith(suffixes):
            (folder / f"seed-{index}").write_bytes(path.read_bytes()[:20_000])
    if not any(folder.iterdir()):
        (folder / "seed").write_bytes(b"Russian forces shelled Kharkiv on 10 September 2022.")
    return folder


def run_atheris_child(target: str, seconds: int, work: Path) -> None:
    """In a child process: fuzz one target with atheris until the time is up; report as JSON."""
    import atheris

    with atheris.instrument_imports(include=["sitroom"]):
        from fuzz.targets import TARGETS, load_models

    load_models()  # before the clock starts: libFuzzer reports any input over 10 s as slow

    corpus = seeds(target, work / "corpus")
    sys.argv = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        "-timeout=10",
        "-rss_limit_mb=2048",
        f"-artifact_prefix={work}/",
        str(corpus),
    ]
    atheris.Setup(sys.argv, TARGETS[target])
    atheris.Fuzz()


def fuzz_with_atheris(target: str, seconds: int, work: Path) -> tuple[int, list[str]]:
    child = subprocess.run(
        [sys.executable, __file__, "--child", target, "--seconds", str(seconds), "--work", str(work)],
        capture_output=True,
        text=True,
        timeout=seconds + 300,
    )
    # libFuzzer's status lines ("#93086\tDONE ...", "#4096\tpulse ...") count the inputs run
    counts = re.findall(r"^#(\d+)\s", child.stderr, re.MULTILINE)
    tried = int(counts[-1]) if counts else 0
    artifacts = sorted(str(p) for p in work.glob("*-*") if p.is_file())
    if child.returncode != 0 and not artifacts:
        artifacts = [f"exit status {child.returncode}: {child.stderr.strip().splitlines()[-1:]}"]
    return tried, artifacts


def fuzz_with_hypothesis(target: str, seconds: int, work: Path) -> tuple[int, list[str]]:
    from hypothesis.errors import NonInteractiveExampleWarning

    from fuzz.strategies import READER_INPUTS, article_text, awkward_text
    from fuzz.targets import TARGETS

    texts = (article_text | awkward_text).map(lambda text: text.encode("utf-8", "surrogatepass"))
    strategy = READER_INPUTS.get(target, texts)
    function = TARGETS[target]
    deadline = time.monotonic() + seconds
    tried = 0
    findings: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        while time.monotonic() < deadline:
            data = strategy.example()
            tried += 1
            started = time.monotonic()
            try:
                function(data)
            except Exception:
                path = work / f"finding-{len(findings)}"
                path.write_bytes(data)
                (work / f"finding-{len(findings)}.txt").write_text(traceback.format_exc())
                findings.append(str(path))
            if time.monotonic() - started > 10:
                path = work / f"slow-{len(findings)}"
                path.write_bytes(data)
                findings.append(f"{path} (over 10 s)")
    return tried, findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", action="append", help="repeatable; default all")
    parser.add_argument("--seconds", type=int, default=30, help="per target")
    parser.add_argument("--engine", choices=("atheris", "hypothesis"), default=None)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_atheris_child(args.child, args.seconds, args.work)
        return 0
    # imported only here: a child must import the targets itself, under atheris's instrumentation
    from fuzz.targets import TARGETS

    unknown = set(args.target or ()) - set(TARGETS)
    if unknown:
        parser.error(f"unknown target {', '.join(sorted(unknown))}; known: {', '.join(TARGETS)}")
    engine = args.engine or ("atheris" if importlib.util.find_spec("atheris") else "hypothesis")
    print("command:", shlex.join([Path(sys.executable).name, *sys.argv]))
    print(f"engine: {engine}, {args.seconds} s per target")
    total_tried = 0
    total_findings = 0
    out = Path(tempfile.mkdtemp(prefix="sitroom-fuzz-"))
    for target in args.target or list(TARGETS):
        work = out / target
        work.mkdir()
        started = time.monotonic()
        run = fuzz_with_atheris if engine == "atheris" else fuzz_with_hypothesis
        tried, findings = run(target, args.seconds, work)
        total_tried += tried
        total_findings += len(findings)
        rate = tried / max(time.monotonic() - started, 1e-9)
        print(f"{target:<16} {tried:>9,} inputs ({rate:,.0f}/s)  findings: {len(findings)}", flush=True)
        for finding in findings:
            print(f"    {finding}")
    kept = f" (inputs kept under {out})" if total_findings else ""
    print(f"total: {total_tried:,} inputs, {total_findings} findings{kept}")
    if not total_findings:
        shutil.rmtree(out)
    return 1 if total_findings else 0


if __name__ == "__main__":
    sys.exit(main())
