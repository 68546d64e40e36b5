"""HTML pages, and the HTML-to-text functions the other readers share.

``extract_html`` (whole pages: HTML files, JSONL ``html`` fields, WARC records) lets trafilatura
find the main text and the metadata, tuned for precision (boilerplate left in costs more downstream
than a lost paragraph), without reader comments, with tables. Its date comes only from the markup
(meta tags, JSON-LD, ``<time>``, the URL); trafilatura's "extensive" search through the text is off
because ``dates.date_from_text`` applies its own stricter dateline rule later.

``html_to_text`` (fragments: feed entries) keeps all the text of a snippet, since a fragment has no
boilerplate to remove and trafilatura discards short inputs.

Hostile markup is refused before any parser sees it (``refusal``): an entity declaration (``<!ENTITY``,
which no web page needs and which carries entity-expansion and external-entity attacks; lxml's HTML
parser would not expand it, but the page is not an article either), and nesting deeper than
``MAX_NESTING`` elements (libxml2 silently drops everything below depth 256, and a parser walking a
100,000-deep tree recursively can exhaust the stack).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.settings import set_date_params

from sitroom.ingest.base import HEAD_BYTES, Item, ReadContext, problem, register
from sitroom.ingest.dates import parse_metadata_date
from sitroom.ingest.decode import read_limited, to_text
from sitroom.records import IngestProblem, SourceDocument

_HTML_FIRST_TAGS = frozenset(
    b"html head body meta title link base article main section div p header nav h1 h2 table".split()
)
_FIRST_TAG = re.compile(rb"<(!doctype\s+html\b|[a-z][a-z0-9]*)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta\b[^>]{0,300}?charset\s*=\s*[\"']?\s*([\w.:-]{1,40})", re.I)
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "figure",
    "figcaption", "hr", "aside", "main",
)  # fmt: skip
_INVISIBLE_TAGS = ("script", "style", "noscript", "template")
_XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
MAX_NESTING = 1000  # real pages stay under a hundred or so
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
# Elements that never hold children, or that the parser closes implicitly, so they do not deepen a tree.
_FLAT_TAGS = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
    "colgroup", "rp", "rt",
))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None
    author: str | None
    sitename: str | None
    published: date | None
    url: str | None


def nesting_depth(html: str, stop_at: int) -> int:
    """How deep elements nest (counting up to ``stop_at``): open tags minus close tags, ignoring
    void and implicitly closed elements. Linear, and free for pages with fewer tags than ``stop_at``."""
    if html.count("<") < stop_at:
        return 0
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m[3] or m[2].lower() in _FLAT_TAGS:
            continue
        depth = max(0, depth - 1) if m[1] else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest >= stop_at:
                break
    return deepest


def refusal(html: str) -> str | None:
    """Why this markup must not be parsed, or None when it may."""
    if ENTITY_DECLARATION.search(html):
        return "HTML declares XML entities (<!ENTITY); refused (entity expansion)"
    if nesting_depth(html, MAX_NESTING) >= MAX_NESTING:
        return f"HTML nests elements over {MAX_NESTING} deep; refused"
    return None


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of a page; None when there is no article text to find."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception:  # hostile markup can break any parser; that only means "nothing extracted"
        return None
    if not isinstance(doc, TrafilaturaDocument) or not doc.text or not doc.text.strip():
        return None
    text = _without_headline(doc.text, doc.title)
    if not text.strip():
        return None
    return Extracted(
        text=text,
        title=doc.title or None,
        author=doc.author or None,
        sitename=doc.sitename or doc.hostname or None,
        published=parse_metadata_date(doc.date),
        url=doc.url or url,
    )


def _without_headline(text: str, title: str | None) -> str:
    """The text without a first line that repeats the title: the page's headline is metadata, as a
    text file's title line is, and read twice it would report its events and claims twice."""
    first, newline, rest = text.partition("\n")
    if title and newline and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def html_to_text(fragment: str) -> str:
    """All visible text of an HTML fragment, one line per block element."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    # Control characters are not text, and lxml refuses to set them as an element's text below.
    fragment = _XML_INCOMPATIBLE.sub("", fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_INVISIBLE_TAGS)):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def looks_like_html(head: bytes) -> bool:
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return False
    first = _FIRST_TAG.search(head)
    if first is None:
        return False
    tag = first.group(1).lower()
    return tag.startswith(b"!doctype") or tag in _HTML_FIRST_TAGS


def html_document(html: str, origin: str, fmt: str, url: str | None = None) -> SourceDocument | IngestProblem:
    refused = refusal(html)
    if refused:
        return problem(origin, refused)
    extracted = extract_html(html, url)
    if extracted is None:
        return problem(origin, "no article text could be extracted from the HTML")
    return SourceDocument(
        origin=origin,
        format=fmt,
        raw_text=extracted.text,
        url=url or extracted.url,
        title=extracted.title,
        source=extracted.sitename,
        author=extracted.author,
        published=extracted.published,
        published_from="metadata" if extracted.published else None,
    )


@register()
class HtmlReader:
    name = "html"
    extensions = (".html", ".htm", ".xhtml", ".shtml")

    def sniff(self, path: Path | None, head: bytes) -> bool:
        return looks_like_html(head)

    def read(self, source: Path | bytes, origin: str, ctx: ReadContext | None = None) -> Iterator[Item]:
        ctx = ctx or ReadContext()
        data = read_limited(source, origin, ctx.limits)
        if isinstance(data, IngestProblem):
            yield data
            return
        html = to_text(data, origin, declared_charset(data[:HEAD_BYTES]))
        yield html if isinstance(html, IngestProblem) else html_document(html, origin, self.name)
