from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from sitroom.ingest import IngestLimits

from .conftest import run

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Kyiv Monitor</title>
  <link>https://example.org/</link>
  <language>en-us</language>
  <item>
    <title>Shelling hits Kharkiv</title>
    <link>https://example.org/kharkiv</link>
    <guid>kharkiv-1</guid>
    <dc:creator>Jane Doe</dc:creator>
    <pubDate>Sat, 10 Sep 2022 23:30:00 -0500</pubDate>
    <description>Short summary only.</description>
    <content:encoded><![CDATA[<p>Russian forces shelled <b>Kharkiv</b> overnight.</p>
      <p>Three people were injured.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Summary only</title>
    <link>https://example.org/summary</link>
    <description>&lt;p&gt;A summary with &lt;i&gt;markup&lt;/i&gt;.&lt;/p&gt;</description>
  </item>
  <item>
    <title>No text at all</title>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Front Line Wire</title>
  <id>urn:feed</id>
  <updated>2022-09-11T00:00:00Z</updated>
  <entry>
    <title>Counteroffensive in the east</title>
    <id>urn:entry:1</id>
    <link href="https://example.org/east"/>
    <published>2022-09-11T08:00:00+03:00</published>
    <updated>2022-09-11T09:00:00+03:00</updated>
    <author><name>John Roe</name></author>
    <content type="html">&lt;p&gt;Ukrainian forces advanced near Izium.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def billion_laughs(levels: int = 9) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(entities) + "\n]>\n"
        f'<rss version="2.0"><channel><title>x</title><item><title>&lol{levels};</title>'
        f"<description>&lol{levels};</description></item></channel></rss>"
    )


def test_rss_entries_with_metadata(write):
    path = write("feed.rss", RSS)
    docs, problems = run([path])
    first, second = docs
    assert first.origin == f"{path}#entry-1"
    assert first.format == "feed"
    assert first.raw_text == "Russian forces shelled Kharkiv overnight.\nThree people were injured."
    assert first.title == "Shelling hits Kharkiv"
    assert first.url == "https://example.org/kharkiv"
    assert first.external_id == "kharkiv-1"
    assert first.author == "Jane Doe"
    assert first.source == "Kyiv Monitor"
    assert first.language == "en"
    # the publisher's calendar day, not the UTC one (which would be the 11th)
    assert first.published == date(2022, 9, 10)
    assert first.published_from == "metadata"
    assert second.raw_text == "A summary with markup."
    assert second.published is None and second.published_from is None
    assert [(p.origin, p.message) for p in problems] == [(f"{path}#entry-3", "entry has no text")]


def test_atom_entry(write):
    (doc,), problems = run([write("wire.atom", ATOM)])
    assert problems == []
    assert doc.raw_text == "Ukrainian forces advanced near Izium."
    assert doc.title == "Counteroffensive in the east"
    assert doc.url == "https://example.org/east"
    assert doc.author == "John Roe"
    assert doc.source == "Front Line Wire"
    assert doc.published == date(2022, 9, 11)


def test_feed_is_sniffed_without_extension(write):
    (doc,), _ = run([write("wire", ATOM)])
    assert doc.format == "feed"


@pytest.mark.parametrize("content", ["<rss><channel><title>x</title", "<feed><<<>>>", "<rss>\x01\x02</rss>"])
def test_badly_broken_feed_is_a_bozo_problem(write, content):
    path = write("broken.xml", content)
    docs, (problem,) = run([path])
    assert docs == []
    assert problem.origin == str(path)
    assert problem.message.startswith("not a readable feed: ")


def test_well_formed_feed_without_entries(write):
    _, (problem,) = run([write("quiet.rss", "<rss><channel><title>x</title></channel></rss>")])
    assert problem.message == "feed has no entries"


def test_recoverable_feed_is_still_read(write):
    content = "<rss><channel><item><title>Hi</title><description>x <b>y</description></item>"
    (doc,), problems = run([write("sloppy.rss", content)])
    assert problems == []
    assert doc.raw_text == "x y"


@pytest.mark.parametrize("name", ["lol.rss", "lol.xml", "lol"])
def test_entity_expansion_is_refused_quickly(write, name):
    path = write(name, billion_laughs())
    start = time.monotonic()
    docs, (problem,) = run([path])
    assert time.monotonic() - start < 2
    assert docs == []
    assert "<!ENTITY" in problem.message and "refused" in problem.message


def test_external_entity_is_refused(write, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<rss><channel><item><title>t</title><description>&xxe;</description></item>"
        "</channel></rss>"
    )
    docs, (problem,) = run([write("xxe.rss", xxe)])
    assert docs == []
    assert "refused" in problem.message


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, bytes]]] = {}

    def do_GET(self) -> None:
        status, body = self.routes.get(self.path, (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.routes = {"/feed": (200, RSS.encode()), "/big": (200, RSS.encode() * 50)}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_feed_from_url(server):
    docs, problems = run([f"{server}/feed"])
    assert [d.title for d in docs] == ["Shelling hits Kharkiv", "Summary only"]
    assert docs[0].origin == f"{server}/feed#entry-1"
    assert len(problems) == 1


def test_url_errors_are_problems(server):
    _, (missing,) = run([f"{server}/missing"])
    assert missing.origin == f"{server}/missing"
    assert missing.message == "could not fetch: HTTP Error 404: Not Found"
    _, (big,) = run([f"{server}/big"], IngestLimits(max_feed_bytes=10_000))
    assert big.message.startswith("download is over the 9.8 KB feed limit")


def test_url_timeout(write):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    try:
        start = time.monotonic()
        _, (problem,) = run(
            [f"http://127.0.0.1:{silent.getsockname()[1]}/feed"], IngestLimits(fetch_timeout=0.5)
        )
        assert time.monotonic() - start < 5
        assert problem.message.startswith("could not fetch:")
        assert "timed out" in problem.message
    finally:
        silent.close()
