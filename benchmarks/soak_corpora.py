"""Every document of the public corpora under ``SITROOM_EVAL_DIR``, as the inputs a user would give sitroom.

Used by ``real_soak.py``. Each source yields ``Input`` records: HTML pages as they were saved, texts as
plain-text files (with a ``date:`` header where the corpus gives the publication date, and a ``title:``
where it gives one), the UCDP headlines as JSONL records. Nothing here reads gold annotations: only the
texts.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(slots=True, frozen=True)
class Input:
    name: str  # unique within its source; becomes the file name
    content: str | bytes  # bytes: an HTML page exactly as saved
    kind: str  # "html", "txt" or "jsonl" (one record)


Source = Callable[[], Iterator[Input]]


def _text(name: str, text: str, published: str | None = None, title: str | None = None) -> Input:
    header = "".join(f"{key}: {value}\n" for key, value in (("title", title), ("date", published)) if value)
    return Input(name, f"{header}\n{text}" if header else text, "txt")


# ---------------------------------------------------------------------------------------------- extract


def _html_pages(folder: Path) -> Source:
    def read() -> Iterator[Input]:
        for path in sorted(folder.glob("*.htm*")):
            data = path.read_bytes()
            name = path.name.removesuffix(".gz").removesuffix(".html").removesuffix(".htm")
            yield Input(name, gzip.decompress(data) if path.suffix == ".gz" else data, "html")

    return read


# ---------------------------------------------------------------------------------------------- geo


def _xml_articles(path: Path) -> Source:
    """LGL, TR-News and GeoWebNews: <article><text>...</text>...</article>."""

    def read() -> Iterator[Input]:
        for index, node in enumerate(ET.parse(path).getroot().iter("article")):
            yield _text(f"{path.stem}-{index:05d}", node.findtext("text") or "")

    return read


def _files(folder: Path, pattern: str) -> Source:
    def read() -> Iterator[Input]:
        for path in sorted(folder.glob(pattern)):
            yield _text(path.stem, path.read_text(encoding="utf-8", errors="replace"))

    return read


# ---------------------------------------------------------------------------------------------- quotes


def _polnear(folder: Path) -> Source:
    """Text files named ``<metadata filename>_<annotator>.txt``; the metadata gives date and title."""

    def read() -> Iterator[Input]:
        with open(folder / "metadata.tsv", encoding="utf-8", newline="") as handle:
            metadata = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}
        for path in sorted(folder.glob("*/text/*.txt")):
            row = metadata.get(path.stem.rsplit("_", 1)[0], {})
            text = path.read_text(encoding="utf-8")
            yield _text(path.stem, text, row.get("publication_date"), row.get("title"))

    return read


# ---------------------------------------------------------------------------------------------- time


def _timeml(folder: Path) -> Source:
    def read() -> Iterator[Input]:
        for path in sorted(folder.glob("*.tml")):
            root = ET.parse(path).getroot()
            dct = root.find("DCT/TIMEX3")
            text = root.find("TEXT")
            published = dct.get("value", "")[:10] if dct is not None else None
            yield _text(path.stem, "".join(text.itertext()) if text is not None else "", published)

    return read


def _meantime(folder: Path) -> Source:
    """NAF-style token lists: sentences rebuilt from the tokens, the creation time as the date."""

    def read() -> Iterator[Input]:
        for path in sorted(folder.glob("*/*.xml")):
            root = ET.parse(path).getroot()
            sentences: dict[str, list[str]] = {}
            for token in root.iter("token"):
                sentences.setdefault(token.get("sentence", ""), []).append(token.text or "")
            published = next(
                (
                    timex.get("value", "")[:10]
                    for timex in root.iter("TIMEX3")
                    if timex.get("functionInDocument") == "CREATION_TIME"
                ),
                None,
            )
            yield _text(path.stem, "\n".join(" ".join(words) for words in sentences.values()), published)

    return read


def _ctparse(path: Path) -> Source:
    def read() -> Iterator[Input]:
        for index, item in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            yield _text(f"ctparse-{index:05d}", item["text"], item.get("ref_time", "")[:10] or None)

    return read


# ---------------------------------------------------------------------------------------------- events


def _tsv_column(path: Path, column: int, header: bool) -> Source:
    def read() -> Iterator[Input]:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if header:
                next(rows, None)
            for index, row in enumerate(rows):
                if len(row) > column and row[column].strip():
                    yield _text(f"{path.parent.name}-{path.stem}-{index:05d}", row[column])

    return read


def _conll(path: Path) -> Source:
    """One sentence per blank-line-separated block of ``token<TAB>tag`` lines, tokens joined by spaces."""

    def read() -> Iterator[Input]:
        words: list[str] = []
        index = 0
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            if line.strip():
                words.append(line.split()[0])
                continue
            if words:
                yield _text(f"{path.parent.name}-{path.stem}-{index:05d}", " ".join(words))
                index += 1
            words = []

    return read


def _muc4(path: Path) -> Source:
    def read() -> Iterator[Input]:
        for key, record in json.loads(path.read_text(encoding="utf-8")).items():
            yield _text(f"muc4-{key}", record["doc"])

    return read


_PETRARCH_RECORD = re.compile(r'<Sentence\b[^>]*?\bdate="(\d*)"|<Text>(.*?)</Text>', re.S)


def _petrarch(path: Path) -> Source:
    """PETRARCH validation files: each <Text> after its <Sentence date="YYYYMMDD"> (read as text: some
    files close <Sentence/> before their text, which an XML reading would lose)."""

    def read() -> Iterator[Input]:
        published: str | None = None
        index = 0
        for match in _PETRARCH_RECORD.finditer(path.read_text(encoding="utf-8")):
            date, text = match.groups()
            if text is None:
                published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
                continue
            yield _text(f"{path.stem}-{index:05d}", html.unescape(" ".join(text.split())), published)
            index += 1

    return read


def _plover(path: Path) -> Source:
    def read() -> Iterator[Input]:
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record.get("event") != "DOCUMENT" and record.get("text"):
                yield _text(record["id"], record["text"])

    return read


def _india_police(folder: Path) -> Source:
    def read() -> Iterator[Input]:
        dates: dict[int, str] = {}
        for line in (folder / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            dates[record["doc_id"]] = record.get("date") or ""
        for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            yield _text(f"ipe-{record['doc_id']}", record["doc_text"], dates.get(record["doc_id"]))

    return read


def _ngec(path: Path) -> Source:
    def read() -> Iterator[Input]:
        with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as raw:
            rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
            for index, row in enumerate(rows):
                # The title column is a template ("{country_1}"); the prompt opens with the filled-in title.
                title = row.get("prompt", "").split("\n", 1)[0].strip() or None
                yield _text(f"ngec-{index:05d}", row["text"], title=title)

    return read


# ---------------------------------------------------------------------------------------------- real


def _jsonl_records(path: Path) -> Source:
    def read() -> Iterator[Input]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield Input(json.loads(line)["id"], line, "jsonl")

    return read


def corpora(eval_dir: Path) -> dict[str, dict[str, Source]]:
    """corpus -> source name -> reader; sources whose files are absent are left out."""
    extract = eval_dir / "extract"
    geo = eval_dir / "geo"
    pragmatic = geo / "milangritta__Pragmatic-Guide-to-Geoparsing-Evaluation" / "data"
    time = eval_dir / "time"
    events = eval_dir / "events"
    conflibert = events / "ConfliBERT" / "data"
    petrarch = events / "UniversalPetrarch" / "UniversalPetrarch" / "data" / "text"
    candidates: dict[str, dict[str, tuple[Path, Source]]] = {
        "extract": {
            folder.parent.name: (folder, _html_pages(folder)) for folder in sorted(extract.glob("*/html"))
        },
        "geo": {
            "GWN": (pragmatic / "GWN.xml", _xml_articles(pragmatic / "GWN.xml")),
            "LGL": (pragmatic / "Corpora" / "lgl.xml", _xml_articles(pragmatic / "Corpora" / "lgl.xml")),
            "TR-News": (
                pragmatic / "Corpora" / "TR-News.xml",
                _xml_articles(pragmatic / "Corpora" / "TR-News.xml"),
            ),
            "WikToR": (
                wiktor := geo / "geoai-lab__EUPEG/project/src/main/webapp/corpora/WikToR",
                _files(wiktor, "*"),
            ),
        },
        "quotes": {
            "PolNeAR": (
                polnear := eval_dir / "quotes" / "networkdynamics+PolNeAR" / "data",
                _polnear(polnear),
            ),
        },
        "time": {
            "TimeBank": (tb := time / "jspotter+TempEval-3/data/TBAQ-cleaned/TimeBank", _timeml(tb)),
            "AQUAINT": (aq := time / "jspotter+TempEval-3/data/TBAQ-cleaned/AQUAINT", _timeml(aq)),
            "MEANTIME": (
                mt := time
                / "qiangning+StructTempRel-EMNLP17/data/meantime_newsreader_english_oct15"
                / "intra-doc_annotation",
                _meantime(mt),
            ),
            "ctparse": (ct := time / "comtravo+ctparse/datasets/timeparse_corpus.json", _ctparse(ct)),
        },
        "events": {
            "CASE-2021": (
                case := events / "case-2021-shared-task/task2/labelled_snippets.tsv",
                _tsv_column(case, 1, header=True),
            ),
            "PLOVER": (
                plover := events / "PLOVER/gold_standard_records/PLOVER_GSR_CAMEO.txt",
                _plover(plover),
            ),
            "petrarch2": (
                petr := events / "petrarch2/petrarch2/data/text/PETR.UnitTest.records.xml",
                _petrarch(petr),
            ),
            **{
                f"UniversalPetrarch-{path.stem}": (path, _petrarch(path))
                for path in sorted(petrarch.glob("*.xml"))
            },
            **{
                f"ConfliBERT-cameo_class-{path.stem}": (path, _tsv_column(path, 0, header=False))
                for path in sorted((conflibert / "cameo_class").glob("*.tsv"))
            },
            **{
                f"ConfliBERT-satp-{path.stem}": (path, _tsv_column(path, 0, header=False))
                for path in sorted((conflibert / "satp_relevant").glob("*.tsv"))
            },
            **{
                f"ConfliBERT-{path.parent.name}-{path.stem}": (path, _conll(path))
                for path in sorted([*conflibert.glob("cameo_ner/*.txt"), *conflibert.glob("re3d/*.txt")])
            },
            **{
                f"ConfliBERT-muc4-{path.stem}": (path, _muc4(path))
                for path in sorted((conflibert / "muc4").glob("*.json"))
            },
            "IndiaPoliceEvents": (ipe := events / "IndiaPoliceEvents/data/final", _india_police(ipe)),
            "NGEC": (
                ngec := events / "NGEC/setup/train_classifiers/gpt_synthetic_events_2023-10-19_19.csv.zip",
                _ngec(ngec),
            ),
        },
        "real": {
            "UCDP-headlines": (
                ucdp := eval_dir / "real" / "ucdp-ukraine-headlines.jsonl",
                _jsonl_records(ucdp),
            ),
        },
    }
    return {
        corpus: {name: source for name, (path, source) in sources.items() if path.exists()}
        for corpus, sources in candidates.items()
    }
