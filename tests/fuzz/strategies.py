"""Hypothesis strategies for inputs that look enough like each format to get past its first checks."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from ingest.conftest import warc_bytes

# Characters that have broken text handling somewhere: quotes, invisible and bidi controls, line and
# paragraph separators, combining marks, NUL and other controls, surrogate-free astral characters.
AWKWARD = "\"“”„«»`'\u200b\u200d\u202e\u2066\u2069\ufeff\u00ad\u2028\u2029\x85\x0b\x0c\r\n\t \x00\x01\u0301😀"
WORDS = (
    "Russian forces shelled Kharkiv", "on 10 September 2022", "last Tuesday", "three", "1.5 million",
    "tens of thousands", "Zelensky said", "Share this:", "Read also:", "By Jane Doe | Reuters",
    "Photo: AFP", "Leave a Reply", "between 5 and 10", "2023-02-02", "in the spring", "12 comments",
    "“They are trying,” she said.", "according to the ISW,", "– We will hold, – he said.", "he told Reuters",
)  # fmt: skip

awkward_text = st.text(st.sampled_from(AWKWARD) | st.characters(codec="utf-8"), max_size=200)
article_text = st.lists(st.sampled_from(WORDS) | awkward_text, max_size=30).map(" ".join)


def _markup(text: str, tags: list[str]) -> str:
    return "".join(f"<{t}>" for t in tags) + text + "".join(f"</{t}>" for t in reversed(tags))


_tags = st.lists(st.sampled_from(["div", "p", "article", "span", "b", "table", "tr", "td", "li", "script"]))
html_pages = st.builds(
    lambda title, parts: f"<html><head><title>{title}</title></head><body>{''.join(parts)}</body></html>",
    awkward_text,
    st.lists(st.builds(_markup, article_text, _tags), max_size=8),
).map(str.encode)

_json_values = st.none() | st.booleans() | st.integers() | awkward_text | article_text
jsonl_files = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "url", "title", "text", "html", "published", "language", "source"]),
        _json_values,
    ).map(json.dumps)
    | awkward_text,
    max_size=6,
).map(lambda lines: "\n".join(lines).encode())

_entry = st.builds(
    lambda title, body, cdata: (
        f"<item><title>{title}</title><description>"
        + (f"<![CDATA[{body}]]>" if cdata else body.replace("&", "&amp;").replace("<", "&lt;"))
        + "</description><pubDate>Sat, 10 Sep 2022 10:00:00 GMT</pubDate></item>"
    ),
    awkward_text,
    article_text,
    st.booleans(),
)
feeds = st.builds(
    lambda entries: (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>"
        + "".join(entries)
        + "</channel></rss>"
    ),
    st.lists(_entry, max_size=4),
).map(lambda text: text.encode("utf-8", errors="surrogatepass"))

_record = st.fixed_dictionaries(
    {
        "url": st.just("http://example.com/a"),
        "body": html_pages,
        "type": st.sampled_from(["response", "request", "metadata"]),
        "status": st.sampled_from(["200 OK", "404 Not Found"]),
        "content_type": st.sampled_from(["text/html; charset=utf-8", "text/html", "image/png"]),
    }
)
warcs = st.builds(
    lambda records, gzip, cut: warc_bytes(records, gzip=gzip)[: cut or None],
    st.lists(_record, min_size=1, max_size=3),
    st.booleans(),
    st.integers(0, 4000),
)


def mutated(inputs: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """The well-formed inputs, and the same with a byte range overwritten by random bytes."""

    def overwrite(data: bytes, position: int, junk: bytes) -> bytes:
        at = position % (len(data) + 1)
        return data[:at] + junk + data[at + len(junk) :]

    return inputs | st.builds(overwrite, inputs, st.integers(0, 10**6), st.binary(min_size=1, max_size=16))


READER_INPUTS = {
    "read_text": mutated(article_text.map(str.encode)) | st.binary(max_size=300),
    "read_html": mutated(html_pages),
    "read_jsonl": mutated(jsonl_files),
    "read_feed": mutated(feeds),
    "read_warc": mutated(warcs),
}
