"""The document's quotes, token offsets and lines, indexed for look-ups by character or token."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from sitroom.annotate.attribution.quotes import Quote


class QuoteIndex:
    """The document's quotes with the token positions they cover, and where each line starts."""

    def __init__(self, doc: Doc, quotes: list[Quote], text: str | None = None):
        self.doc, self.quotes = doc, quotes
        # spaCy rebuilds ``Doc.text`` from the tokens on every access: read it once, here.
        self.text = doc.text if text is None else text
        self.starts = [q.start for q in quotes]
        self.token_starts = [token.idx for token in doc]
        # Index of the first token of each token's line: contents never run over a line break.
        self.line_start: list[int] = []
        first = 0
        for token in doc:
            if token.i and "\n" in doc[token.i - 1].text_with_ws:
                first = token.i
            self.line_start.append(first)

    def containing(self, char: int) -> int | None:
        at = bisect_right(self.starts, char) - 1
        return at if at >= 0 and char < self.quotes[at].end else None

    def inside(self, start: int, end: int) -> list[int]:
        """The quotes that share characters with ``start`` to ``end``."""
        candidates = range(max(bisect_right(self.starts, start) - 1, 0), bisect_left(self.starts, end))
        return [q for q in candidates if self.quotes[q].start < end and start < self.quotes[q].end]

    def kind(self, quote_ids: list[int], start: int, end: int) -> str:
        """Direct when the quotes cover the content, mixed when they are part of it, else indirect."""
        if not quote_ids:
            return "indirect"
        quoted = sum(self.quotes[q].end - self.quotes[q].start for q in quote_ids)
        return "direct" if quoted >= end - start - 2 else "mixed"

    def token_at(self, char: int) -> int:
        """Index of the first token starting at or after character ``char``."""
        return bisect_left(self.token_starts, char)

    def line_end(self, token: int) -> int:
        """Index after the last token of the token's line, without trailing space tokens."""
        line = (
            bisect_right(self.line_start, self.line_start[token]) if token < len(self.line_start) else token
        )
        while line > token and self.doc[line - 1].is_space:
            line -= 1
        return line

    def sentence_start(self, token: Token) -> int:
        """First token of the token's sentence, or of its line when the sentence runs over a line break."""
        return max(token.sent.start, self.line_start[token.i])
