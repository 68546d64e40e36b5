"""Report: the situation report (HTML, Markdown) and the exports (JSON contract, JSONL, CSV, GeoJSON,
Parquet)."""

from __future__ import annotations

from pathlib import Path

from sitroom.report.export import COLLECTIONS, FORMATS, ExportError, atomic_write, export
from sitroom.report.render import render_html, render_markdown
from sitroom.report.situation import Scope
from sitroom.report.speakers import bundled_speakers
from sitroom.report.summary import gather
from sitroom.store import Store


def write_report(store: Store, out_dir: Path, scope: Scope | None = None) -> list[Path]:
    """``report.html`` and ``report.md`` in ``out_dir``, for the period and area of ``scope``."""
    with store.consistent_reads():
        data = gather(store, scope)
    written = []
    for name, text in (("report.html", render_html(data)), ("report.md", render_markdown(data))):
        target = out_dir / name
        with atomic_write(target) as out:
            out.write(text)
        written.append(target)
    return written


__all__ = [
    "COLLECTIONS",
    "FORMATS",
    "ExportError",
    "Scope",
    "bundled_speakers",
    "export",
    "write_report",
]
