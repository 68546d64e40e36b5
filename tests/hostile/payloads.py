"""Hostile inputs, built in a temporary folder (nothing hostile is checked in)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MB = 1024 * 1024
ARTICLE = "Russian forces shelled Kharkiv overnight, the regional governor said on Saturday morning. "
ARTICLE_HTML = f"<p>{ARTICLE * 4}</p><p>{ARTICLE * 3}</p>"

_LAUGHS = "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' if n else '<!ENTITY lol0 "lol">' for n in range(10)
)
BILLION_LAUGHS_DTD = f'<?xml version="1.0"?>\n<!DOCTYPE lolz [{_LAUGHS}]>\n'
XXE_DTD = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def rss(description: str, prolog: str = "") -> str:
    return (
        f"{prolog}<rss version='2.0'><channel><title>Hostile</title><item><title>Entry</title>"
        f"<description>{description}</description></item></channel></rss>"
    )


def atom(content: str, prolog: str = "") -> str:
    return (
        f"{prolog}<feed xmlns='http://www.w3.org/2005/Atom'><title>Hostile</title><entry><id>e1</id>"
        f"<title>Entry</title><content type='text'>{content}</content></entry></feed>"
    )


def html(body: str, prolog: str = "<!doctype html>") -> str:
    return f"{prolog}<html><head><title>Page</title></head><body><article>{body}</article></body></html>"


def deeply_nested_html(levels: int) -> str:
    return html("<div>" * levels + ARTICLE_HTML + "</div>" * levels)


def _inflating(size: int) -> io.BufferedReader:
    """A stream of ``size`` repeated bytes, produced on demand."""

    class Repeat(io.RawIOBase):
        left = size

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            n = min(len(buffer), self.left)
            buffer[:n] = b"a" * n
            self.left -= n
            return n

    return io.BufferedReader(Repeat(), buffer_size=MB)


def warc_bomb(path: Path, inflated: int, then_html: str | None = None) -> None:
    """A gzipped WARC whose first response record inflates to ``inflated`` bytes (about a
    thousandth of that on disk), optionally followed by an ordinary HTML record."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "http://bomb.example/",
            "response",
            payload=_inflating(inflated),
            length=inflated,
            http_headers=http,
        )
        writer.write_record(record)
        if then_html is not None:
            body = then_html.encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    "http://fine.example/", "response", payload=io.BytesIO(body), http_headers=http
                )
            )


def gzip_bomb(path: Path, inflated: int) -> None:
    chunk = bytes(MB)
    with gzip.open(path, "wb", compresslevel=1) as out:
        for _ in range(inflated // MB):
            out.write(chunk)


def single_line(path: Path, size: int) -> None:
    """One line of ``size`` bytes of words, written in chunks."""
    chunk = (ARTICLE.replace(". ", ", ") * (MB // len(ARTICLE) + 1)).encode()[:MB]
    with path.open("wb") as out:
        for _ in range(size // MB):
            out.write(chunk)
