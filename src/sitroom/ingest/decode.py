"""Bytes to text, shared by the readers: size limit, binary detection, encoding detection."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer
from charset_normalizer.models import CharsetMatch

from sitroom.ingest.base import HEAD_BYTES, IngestLimits, problem, size_text
from sitroom.records import IngestProblem

# Only signatures long or odd enough that no text file starts with them; anything else binary
# is caught by its NUL bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"(\xb5/\xfd", "zstd archive"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset_normalizer's best guess is often a Baltic or DOS code page that decodes a Western or
# Cyrillic text almost as cleanly as the right one. Among its near-best proposals the most coherent
# (language-wise) wins, with a small bonus for the encodings news sites actually used.
_COMMON_LEGACY = ("cp1252", "cp1251", "cp1250", "latin_1", "iso8859_15", "iso8859_2", "koi8_r")
_CHAOS_MARGIN = 10.0  # percentage points of "mess" a proposal may have over the best one
_COMMON_BONUS = 0.05  # coherence points
_NON_ASCII_RUN = re.compile(rb"([\x80-\xff]+)")


def binary_kind(head: bytes) -> str | None:
    """What kind of binary file ``head`` starts, or None if it may be text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in head:
        return "contains NUL bytes"
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> str | None:
    """Decode ``data``: a BOM, else strict UTF-8, else mostly UTF-8 with legacy-encoded pieces, else
    the ``declared`` charset (an HTTP header or meta tag), else detection. None when nothing
    plausible decodes it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data, declared)
    if mixed is not None:
        return mixed
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label is common; detection may still do better
    match = _best_match(data)
    return None if match is None else str(match)


def _decode_mixed(data: bytes, declared: str | None) -> str | None:
    """A UTF-8 text with pieces in a legacy encoding (articles pasted together, a mis-encoded quote):
    each run of non-ASCII bytes is decoded as UTF-8 when it is valid UTF-8, else in the encoding
    detected over all the invalid runs. Only when UTF-8 runs are the majority, so a legacy-encoded
    text whose odd word happens to be valid UTF-8 still goes to detection whole."""
    pieces = _NON_ASCII_RUN.split(data)  # ASCII, run, ASCII, run, ..., ASCII
    runs = pieces[1::2]
    invalid = [run for run in runs if not _is_utf8(run)]
    if len(runs) - len(invalid) < max(1, len(invalid)):
        return None
    legacy = _legacy_codec(b" ".join(invalid), declared)
    if legacy is None:
        return None
    return "".join(
        piece.decode("ascii" if i % 2 == 0 else "utf-8" if _is_utf8(piece) else legacy, errors="replace")
        for i, piece in enumerate(pieces)
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _legacy_codec(data: bytes, declared: str | None) -> str | None:
    if declared:
        try:
            data.decode(declared)
            return declared
        except (LookupError, UnicodeDecodeError):
            pass
    match = _best_match(data)
    return None if match is None else match.encoding


def _best_match(data: bytes) -> CharsetMatch | None:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    near = [m for m in matches if m.percent_chaos <= best.percent_chaos + _CHAOS_MARGIN]
    return max(near, key=_rank)


def _rank(match: CharsetMatch) -> tuple[float, float, int]:
    common = match.encoding in _COMMON_LEGACY
    preference = -_COMMON_LEGACY.index(match.encoding) if common else -len(_COMMON_LEGACY)
    score = round(match.coherence + (_COMMON_BONUS if common else 0.0), 2)
    return score, -match.percent_chaos, preference


def read_limited(source: Path | bytes, origin: str, limits: IngestLimits) -> bytes | IngestProblem:
    """The whole document as bytes, refusing (before reading) one over the size limit, binary
    content and empty input."""
    size = source.stat().st_size if isinstance(source, Path) else len(source)
    if size > limits.max_file_bytes:
        return problem(
            origin,
            f"file is {size_text(size)}, over the {size_text(limits.max_file_bytes)} limit "
            "(raise with --max-bytes)",
        )
    data = source.read_bytes() if isinstance(source, Path) else source
    kind = binary_kind(data[:HEAD_BYTES])
    if kind:
        return problem(origin, f"binary file ({kind}), skipped")
    if not data.strip():
        return problem(origin, "empty")
    return data


def to_text(data: bytes, origin: str, declared: str | None = None) -> str | IngestProblem:
    text = decode_bytes(data, declared)
    if text is None:
        return problem(origin, "not valid text in any known encoding")
    if not text.strip():
        return problem(origin, "empty")
    return text


def load_text(source: Path | bytes, origin: str, limits: IngestLimits) -> str | IngestProblem:
    data = read_limited(source, origin, limits)
    return data if isinstance(data, IngestProblem) else to_text(data, origin)
