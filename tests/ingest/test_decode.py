from __future__ import annotations

import codecs
import tracemalloc

import pytest

from sitroom.ingest import IngestLimits
from sitroom.ingest.base import MB
from sitroom.ingest.decode import decode_bytes

from .conftest import run

UKRAINIAN = (
    "Російські війська вночі обстріляли Харків, повідомив голова обласної військової "
    "адміністрації. Щонайменше троє людей дістали поранення."
)
FRENCH = (
    "Les forces russes ont bombardé Kharkiv pendant la nuit, a déclaré le gouverneur. "
    "Au moins trois personnes ont été blessées à l'hôpital."
)
POLISH = (
    "Rosyjskie wojska ostrzelały w nocy Charków, poinformował gubernator. "
    "Co najmniej trzy osoby zostały ranne, źródła podają więcej szczegółów."
)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        ("bundle.zip", b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        ("tool", b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
        ("data.bin", b"abc\x00\x01\x02def", "contains NUL bytes"),
        ("notes.txt", b"%PDF-1.4 pretending to be text", "PDF"),  # extension does not fool it
        ("page.html", b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
    ],
)
def test_binary_files_are_skipped_with_their_kind(write, name, content, kind):
    path = write(name, content)
    docs, (problem,) = run([path])
    assert docs == []
    assert problem.origin == str(path)
    assert problem.message == f"binary file ({kind}), skipped"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode()])
@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty"])
def test_empty_and_whitespace_only(write, name, content):
    docs, (problem,) = run([write(name, content)])
    assert docs == []
    assert problem.message.startswith("empty")


def test_undecodable_bytes_are_reported(write):
    path = write("mystery.txt", bytes(range(0x80, 0x100)) * 3)
    docs, (problem,) = run([path])
    assert docs == []
    assert problem.message == "not valid text in any known encoding"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (UKRAINIAN, "cp1251"),
        (FRENCH, "latin-1"),
        (POLISH, "cp1250"),
        (UKRAINIAN, "utf-8-sig"),
        (UKRAINIAN, "utf-16"),
    ],
)
def test_encodings_are_decoded(write, text, encoding):
    (doc,), problems = run([write("article.txt", text.encode(encoding))])
    assert problems == []
    assert doc.raw_text == text


def test_declared_charset_is_a_hint_not_an_order():
    assert decode_bytes("Харків".encode("cp1251"), declared="cp1251") == "Харків"
    # a wrong label on valid UTF-8 loses to UTF-8
    assert decode_bytes("Харків".encode(), declared="latin-1") == "Харків"
    assert decode_bytes(codecs.BOM_UTF8 + b"abc") == "abc"


def test_oversized_file_is_refused_without_reading_it(write, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.write(b"Headline\n\nThis file is mostly a sparse hole.\n")
        f.truncate(30 * MB)
    tracemalloc.start()
    try:
        docs, (problem,) = run([path], IngestLimits(max_file_bytes=10 * MB))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert docs == []
    assert problem.message == "file is 30.0 MB, over the 10.0 MB limit (raise with --max-bytes)"
    assert peak < 2 * MB, f"peak {peak} bytes: the file was read"


def test_limit_applies_per_document_not_just_by_default(write):
    path = write("a.html", "<html><body><p>" + "word " * 400 + "</p></body></html>")
    _, (problem,) = run([path], IngestLimits(max_file_bytes=1000))
    assert problem.message.startswith("file is 2.")
    assert "KB, over the 1000 bytes limit (raise with --max-bytes)" in problem.message


def test_limits_must_be_positive():
    with pytest.raises(ValueError, match="max_file_bytes"):
        IngestLimits(max_file_bytes=0)
