"""Fuzz targets shared by the property tests (tests/fuzz) and the long fuzzer (benchmarks/fuzz.py).

Each target takes bytes, runs one stage on them and checks what that stage promises, raising
AssertionError when a promise breaks; any other exception is a crash. Readers must never raise and
must yield only documents with text and one-line problems; every document must survive ``prepare``
with the offset map holding; the timex normaliser must give a value it can bound or a reason; the
quantity component must give ordered bounds on evidence found at its offsets; the quote extractor's
spans must point at their words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from typing import get_args

from sitroom.ingest import clean, get_reader, prepare, to_raw
from sitroom.ingest.clean import INVISIBLE, Cleaned
from sitroom.records import IngestProblem, SourceDocument

Target = Callable[[bytes], None]


def load_models() -> None:
    """Load lingua's models, which it does lazily on first use (some ten seconds for the full model
    that short texts get): a once-per-process cost that the per-input time bound must not count."""
    from sitroom.ingest import detect_language

    detect_language("Russian forces shelled Kharkiv overnight, officials said.")
    detect_language("Russian forces shelled Kharkiv overnight, officials said. " * 10)


ORIGIN = "fuzz"
_WORD = re.compile(r"\w+")


def check_cleaned(raw: str, cleaned: Cleaned) -> None:
    segments = cleaned.offset_map
    assert sum(length for _, _, length in segments) == len(cleaned.text)
    for (c1, r1, n1), (c2, r2, _) in itertools.pairwise(segments):
        assert c1 + n1 == c2 and r1 + n1 <= r2 and n1 > 0, segments
    for _, raw_start, length in segments:
        assert raw_start >= 0 and raw_start + length <= len(raw)
    for offset in range(len(cleaned.text) + 1):
        assert 0 <= to_raw(segments, offset) <= len(raw)
    for m in _WORD.finditer(cleaned.text):
        start, end = to_raw(segments, m.start()), to_raw(segments, m.end())
        assert INVISIBLE.sub("", raw[start:end]) == m.group(), (raw[start:end], m.group())
    for span in cleaned.boilerplate:
        assert 0 <= span.start < span.end <= len(raw)
    assert cleaned.text == cleaned.text.strip()
    assert not INVISIBLE.search(cleaned.text)


def check_items(items: Iterable[SourceDocument | IngestProblem]) -> None:
    for item in items:
        if isinstance(item, IngestProblem):
            assert item.origin.startswith(ORIGIN), item
            assert item.message and "\n" not in item.message, item
            continue
        assert isinstance(item, SourceDocument), item
        assert item.raw_text.strip() and "\x00" not in item.raw_text
        document = prepare(item)
        check_cleaned(document.raw_text, clean(document.raw_text))


def reader_target(name: str) -> Target:
    from sitroom.ingest.sources import without_nul  # importing sources also registers the readers

    def target(data: bytes) -> None:
        # the NUL check that iter_sources applies after every reader
        check_items(
            without_nul(item) if isinstance(item, SourceDocument) else item
            for item in get_reader(name).read(data, ORIGIN)
        )

    target.__name__ = f"read_{name}"
    return target


def clean_target(data: bytes) -> None:
    raw = data.decode("utf-8", errors="replace")
    check_cleaned(raw, clean(raw))


def timex_target(data: bytes) -> None:
    from sitroom.annotate.time.normalise import normalise
    from sitroom.annotate.time.tense import Direction
    from sitroom.timeml import value_interval

    text = data[2:].decode("utf-8", errors="replace")
    dct = (
        None
        if data[:1] == b"\x00"
        else date(2000 + (data[0] if data else 0) % 50, 1 + (data[1:2] or b"\0")[0] % 12, 15)
    )
    for direction in get_args(Direction):
        reading = normalise(text, dct, direction)
        assert reading.type in {"DATE", "TIME", "DURATION", "SET"}
        assert reading.anchor in {"absolute", "publication", "unresolved"}
        assert (reading.value is None) == (reading.anchor == "unresolved")
        assert reading.value is not None or reading.note
        if reading.type == "DATE":
            interval = value_interval(reading.value)
            assert interval is None or interval[0] <= interval[1]


@cache
def _annotator(components: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from sitroom.annotate import Annotator, PipelineConfig  # importing it registers every factory

    return Annotator(PipelineConfig(components=components))


def _annotate(data: bytes, components: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from sitroom.records import Document, stable_id

    text = clean(data.decode("utf-8", errors="replace")).text
    if not text:
        return None, None
    document = Document(
        id=stable_id("doc", text), content_hash=stable_id("hash", text), origin=ORIGIN, format="text",
        raw_text=text, text=text, offset_map=[(0, 0, len(text))], published=date(2023, 2, 2),
    )  # fmt: skip
    (annotations,) = _annotator(components).annotate([document])
    return document, annotations


def quantity_target(data: bytes) -> None:
    document, annotations = _annotate(data, ("sitroom_mentions", "sitroom_quantities"))
    if document is None:
        return
    for quantity in annotations.quantities:
        assert document.text[quantity.start : quantity.end] == quantity.text
        assert quantity.low is None or quantity.high is None or quantity.low <= quantity.high, quantity


def timex_component_target(data: bytes) -> None:
    document, annotations = _annotate(data, ("sitroom_timexes",))
    if document is None:
        return
    for timex in annotations.timexes:
        assert document.text[timex.start : timex.end] == timex.text


def claims_target(data: bytes) -> None:
    """Quotes and attributions: content, source and cue spans point at their words, inside the text."""
    document, annotations = _annotate(data, ("sitroom_mentions", "sitroom_entities", "sitroom_claims"))
    if document is None:
        return
    entities = {entity.id for entity in annotations.entities}
    for claim in annotations.claims:
        assert 0 <= claim.start <= claim.end <= len(document.text)
        assert document.text[claim.start : claim.end] == claim.text
        if claim.source_start is not None and claim.source_end is not None:
            assert document.text[claim.source_start : claim.source_end] == claim.source_text
        if claim.cue_start is not None and claim.cue_end is not None:
            assert document.text[claim.cue_start : claim.cue_end] == claim.cue
        assert claim.speaker is None or claim.speaker in entities  # the store's foreign key


TARGETS: dict[str, Target] = {
    **{f"read_{name}": reader_target(name) for name in ("text", "html", "jsonl", "feed", "warc")},
    "clean": clean_target,
    "timex_normalise": timex_target,
    "timex_component": timex_component_target,
    "quantities": quantity_target,
    "claims": claims_target,
}
