from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitroom.ingest import base, get_reader, reader_for, readers, register
from sitroom.ingest.base import ReadContext
from sitroom.records import SourceDocument

from .conftest import ARTICLE_HTML, run


def test_directories_are_walked_sorted_and_hidden_entries_skipped(tmp_path, write):
    write("b.txt", "Second file.\n")
    write("a.txt", "First file.\n")
    write("sub/c.txt", "In a subdirectory.\n")
    write("sub/deeper/d.md", "Deeper.\n")
    write(".hidden.txt", "Hidden file.\n")
    write(".git/config.txt", "Hidden directory.\n")
    write("sub/.cache/e.txt", "Hidden nested directory.\n")
    docs, problems = run([tmp_path])
    assert problems == []
    assert [Path(d.origin).relative_to(tmp_path).as_posix() for d in docs] == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
        "sub/deeper/d.md",
    ]


def test_symlinked_directories_are_not_followed(tmp_path, write):
    write("real/a.txt", "Real.\n")
    os.symlink(tmp_path / "real", tmp_path / "real" / "loop")
    docs, problems = run([tmp_path])
    assert problems == []
    assert [Path(d.origin).name for d in docs] == ["a.txt"]


def test_arguments_are_read_in_order_and_missing_paths_reported(tmp_path, write):
    a = write("a.txt", "A.\n")
    page = write("page.html", ARTICLE_HTML)
    docs, problems = run([page, tmp_path / "missing.txt", a])
    assert [d.format for d in docs] == ["html", "text"]
    assert [str(p) for p in problems] == [f"{tmp_path / 'missing.txt'}: no such file or directory"]


def test_a_bad_file_does_not_stop_the_directory(tmp_path, write):
    write("1.txt", "Good.\n")
    write("2.pdf", b"%PDF-1.5 ...")
    write("3.txt", "Also good.\n")
    docs, problems = run([tmp_path])
    assert [Path(d.origin).name for d in docs] == ["1.txt", "3.txt"]
    assert [Path(p.origin).name for p in problems] == ["2.pdf"]


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch):
    stdin_of(monkeypatch, b"Shelling hits Kharkiv\ndate 2022-09-10\n\nBody from a pipe.\n")
    (doc,), problems = run(["-"])
    assert problems == []
    assert doc.origin == "<stdin>"
    assert doc.format == "text"
    assert doc.title == "Shelling hits Kharkiv"
    assert doc.raw_text == "Body from a pipe.\n"


def test_stdin_format_is_sniffed(monkeypatch):
    record = {"id": "p1", "text": "Piped record."}
    stdin_of(monkeypatch, (json.dumps(record) + "\n{oops\n").encode())
    (doc,), (problem,) = run(["-"])
    assert doc.format == "jsonl"
    assert doc.origin == "<stdin>:1"
    assert problem.origin == "<stdin>:2"
    stdin_of(monkeypatch, ARTICLE_HTML.encode())
    (page,), _ = run(["-"])
    assert page.format == "html" and page.origin == "<stdin>"


def test_stdin_binary_and_text_only_replacement(monkeypatch):
    stdin_of(monkeypatch, b"\x89PNG\r\n\x1a\n\x00\x00")
    _, (problem,) = run(["-"])
    assert str(problem) == "<stdin>: binary file (PNG image), skipped"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Text without a byte buffer.\n"))
    (doc,), _ = run(["-"])
    assert doc.raw_text == "Text without a byte buffer.\n"


def test_registry_order_and_lookup():
    names = [r.name for r in readers()]
    assert sorted(names) == ["feed", "html", "jsonl", "text", "warc"]
    assert names[-1] == "text"  # the fallback is asked last
    assert get_reader("warc").name == "warc"
    with pytest.raises(KeyError):
        get_reader("pdf")
    assert reader_for(Path("x.txt"), b"<html><body>") is get_reader("text")  # extension wins
    assert reader_for(None, b"<html><body>") is get_reader("html")
    assert reader_for(None, b"\x00\x01") is None


def test_a_new_format_plugs_in(monkeypatch, write):
    monkeypatch.setattr(base, "_specific", list(base._specific))

    @register()
    class ShoutReader:
        name = "shout"
        extensions = (".shout",)

        def sniff(self, path: Path | None, head: bytes) -> bool:
            return head.startswith(b"SHOUT:")

        def read(
            self, source: Path | bytes, origin: str, ctx: ReadContext | None = None
        ) -> Iterator[SourceDocument]:
            data = source.read_bytes() if isinstance(source, Path) else source
            yield SourceDocument(origin, self.name, data.decode().upper())

    (by_ext, by_sniff), problems = run([write("a.shout", "hey"), write("b", "SHOUT: hi")])
    assert problems == []
    assert (by_ext.format, by_ext.raw_text) == ("shout", "HEY")
    assert by_sniff.raw_text == "SHOUT: HI"
    with pytest.raises(ValueError, match="already registered"):
        register()(ShoutReader)
