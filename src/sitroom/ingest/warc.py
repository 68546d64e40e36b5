"""WARC archives (.warc, .warc.gz), streamed record by record with warcio.

Every successful (2xx) ``response`` record with an HTML content type goes through the HTML
extraction; its origin is ``<file>#record-N``, N counting all records from 1, and its URL is the
record's target URI. Other records are skipped silently: requests, metadata, redirects and images
are normal in a crawl.

warcio stops quietly at a truncated archive, so the reader checks what it does not: that the last
record is as long as it declares, that its gzip member ends, and that nothing but blank lines
follows it. A corrupt or truncated archive gives one problem, after the documents of the complete
records read before it.

Decompression bombs: a record's payload is read only up to the document size limit, but skipping the
rest still inflates it. A record that inflates to over ``MAX_INFLATION`` times the compressed bytes
read for it, past the document size limit, stops the archive with a problem (text compresses about
ten times, a run of zeros a thousand times), so a 1 MB archive cannot make the reader inflate a
gigabyte.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from sitroom.ingest.base import HEAD_BYTES, Item, ReadContext, problem, register, size_text
from sitroom.ingest.decode import binary_kind, to_text
from sitroom.ingest.html import declared_charset, html_document
from sitroom.records import IngestProblem

_CHUNK = 64 * 1024
MAX_INFLATION = 100  # decompressed over compressed size beyond which a large record is a bomb
MAX_HEADER_LINE = 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


class _DecompressionBomb(Exception):
    pass


class _BoundedLineReader(DecompressingBufferedReader):
    """warcio reads header lines with a readline that has no bound and is quadratic in the line's
    length: a 100 MB line without a line break held it for many minutes. Lines are cut off here."""

    def readline(self, length: int | None = None) -> bytes:
        line: bytes = super().readline(min(length or MAX_HEADER_LINE, MAX_HEADER_LINE))
        if len(line) >= MAX_HEADER_LINE and not line.endswith(b"\n"):
            raise ArchiveLoadFailed(f"a header line is over {size_text(MAX_HEADER_LINE)}")
        return line


class _BoundedArchiveIterator(ArchiveIterator):
    def __init__(self, stream: BinaryIO):
        super().__init__(stream)
        self.reader = _BoundedLineReader(self.fh)


def _is_truncated(record: Any, stream: BinaryIO, start: int, limit: int) -> bool:
    """Whether the archive ended inside the record: in its header block (warcio then drops or zeroes
    the length) or before its declared length (which raw_stream counts down). Drains the record
    first, as warcio would before the next one, refusing to inflate a bomb (see the module doc)."""
    declared = record.rec_headers.get_header("Content-Length")
    if record.format == "warc" and (declared is None or declared.strip() != str(record.length)):
        return True
    inflated = 0
    while chunk := record.raw_stream.read(_CHUNK):
        inflated += len(chunk)
        if inflated > limit and inflated > MAX_INFLATION * max(1, stream.tell() - start):
            raise _DecompressionBomb(
                f"inflates over {MAX_INFLATION} times its compressed size, past {size_text(limit)} "
                "(a decompression bomb?)"
            )
    return getattr(record.raw_stream, "limit", 0) > 0


def _gzip_member_complete(stream: BinaryIO, start: int, end: int) -> bool:
    """Whether the gzip member at stream[start:end] ends properly (a cut one may still have given
    a whole record, minus the records after it)."""
    stream.seek(start)
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    remaining = end - start
    try:
        while remaining > 0 and not decompressor.eof:
            data = stream.read(min(_CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            while data and not decompressor.eof:
                decompressor.decompress(data, _CHUNK)  # bounded output: this is only a check
                data = decompressor.unconsumed_tail
    except zlib.error:
        return False
    return decompressor.eof


def _looks_like_warc(head: bytes) -> bool:
    if head.startswith(b"WARC/"):
        return True
    if not head.startswith(b"\x1f\x8b"):
        return False
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16).startswith(b"WARC/")
    except zlib.error:
        return False


@register()
class WarcReader:
    name = "warc"
    extensions = (".warc", ".warc.gz")

    def sniff(self, path: Path | None, head: bytes) -> bool:
        return _looks_like_warc(head)

    def read(self, source: Path | bytes, origin: str, ctx: ReadContext | None = None) -> Iterator[Item]:
        ctx = ctx or ReadContext()
        with source.open("rb") if isinstance(source, Path) else io.BytesIO(source) as stream:
            compressed = stream.read(2) == b"\x1f\x8b"
            stream.seek(0)
            records = _BoundedArchiveIterator(stream)
            number = 0
            start = end = 0  # where the last record read lies in the file
            cut_short = False
            try:
                for record in records:
                    number += 1
                    position = stream.tell()
                    item = self._record(record, f"{origin}#record-{number}", ctx)
                    cut_short = _is_truncated(record, stream, position, ctx.limits.max_file_bytes)
                    start = records.get_record_offset()
                    end = start + records.get_record_length()
                    if item is not None and not cut_short:
                        yield item
            except _DecompressionBomb as bomb:
                yield problem(origin, f"record {number} {bomb}; the rest of the archive is skipped")
                return
            except Exception as err:  # warcio raises many types on corrupt input, all mean the same
                reason = err if isinstance(err, ArchiveLoadFailed) else f"{type(err).__name__}: {err}"
                yield problem(origin, f"truncated or corrupt WARC after {number} records: {reason}")
                return
            if cut_short or (compressed and number and not _gzip_member_complete(stream, start, end)):
                yield problem(origin, f"truncated WARC: record {number} is cut short")
                return
            # warcio ends quietly when what follows the last record does not parse as one
            stream.seek(end)
            if stream.read(_CHUNK).strip():
                yield problem(origin, f"truncated or corrupt WARC after record {number}")

    def _record(self, record: Any, where: str, ctx: ReadContext) -> Item | None:
        if record.rec_type != "response" or record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type") or ""
        if not status.startswith("2") or not content_type.lower().startswith(_HTML_TYPES):
            return None
        limit = ctx.limits.max_file_bytes
        payload = record.content_stream().read(limit + 1)
        if len(payload) > limit:
            return problem(where, f"record is over the {size_text(limit)} limit (raise with --max-bytes)")
        kind = binary_kind(payload[:HEAD_BYTES])
        if kind:
            return problem(where, f"binary content ({kind}) despite an HTML content type, skipped")
        charset = _HEADER_CHARSET.search(content_type)
        declared = charset.group(1) if charset else declared_charset(payload[:HEAD_BYTES])
        html = to_text(payload, where, declared)
        if isinstance(html, IngestProblem):
            return html
        url = record.rec_headers.get_header("WARC-Target-URI")
        return html_document(html, where, self.name, url=url)
