"""Cleaning: boilerplate out, quotes normalised, whitespace collapsed, offsets kept to the raw text.

Boilerplate goes line by line, and only when the whole line IS the boilerplate, never because a
sentence mentions it. Each removed piece is recorded as a ``BoilerplateSpan`` in raw offsets, of
kind:

- ``comment_prompt``: "Leave a Reply", "Your email address will not be published", "12 comments" ...
- ``share_prompt``: "Share this:", "Share on Facebook", "Click to share on X (Opens in new window)",
  "Subscribe to our newsletter ...", "Follow us on Telegram ..."
- ``related_links``: a "Read also:" / "Related:" / "Read more:" / "See also" line, with the list
  under it: bullet lines, and, when the header line holds no link text itself, headline-like lines
  (short, no closing punctuation) directly below.
- ``disclaimer``: a paragraph that opens as one ("Disclaimer:", "This article is for informational
  purposes only", "The views expressed ... do not necessarily reflect"), or a short line that is
  just "Not investment advice."
- ``byline``: "Posted by Mark Halloran | February 20, 2023 | 6 min read", "By Jane Doe · Reuters"
  (``prepare`` still reads a publication date from it).
- ``caption``: photo credits and captions ("Photo: ...", "(Photo by X/AFP)", "Image credit ...",
  "... /AFP via Getty Images", "© Reuters"). In a long paragraph only a parenthesised credit is cut.

Normalisation, so that later stages see balanced quotes: ````x''``, straight and mixed double quote
marks (" “ ” „ « ») become “ and ”. They are paired per line: an even number of marks on a line
alternates open/close; with an odd number each mark takes its direction from its neighbours (after a
space or bracket it opens, before one it closes). Single quotes are left alone: mostly apostrophes.
Whitespace: a run holding two or more line breaks becomes one blank line, one line break stays one,
any other run becomes one space; leading and trailing whitespace goes.
Invisible characters go: zero-width spaces and joiners, bidirectional controls (such as the
right-to-left override U+202E), word joiners, the byte-order mark and soft hyphens. They carry no
text, and inside a name ("Zelen<U+200B>sky") they would hide it from every later stage; bidi
controls can also make a name display as another. The raw text keeps them.

The raw text is never altered. ``offset_map`` holds ``(clean_start, raw_start, length)`` segments:
every clean character maps to a raw one, identical or its normalised form. Segments only break
after a whitespace character, a ```` ``/'' ```` quote or a removed invisible character, so the end
offset of a word maps to the end of the same word in the raw text (plus any invisible characters
right after it). Everything is linear in the length of the text: the patterns are
anchored to line starts with bounded repetition, and long lines are only checked for line-start
patterns.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from sitroom.records import BoilerplateSpan

SHORT_LINE = 300  # a line that is a prompt or credit is never longer
MAX_HEADLINE = 150
MAX_RELATED_ITEMS = 12

_I = re.IGNORECASE
_TAIL = r"[\s.:!*…→»>|–—-]*"  # decoration after a prompt

_COMMENT = re.compile(
    r"(?:leave\s+a\s+(?:reply|comment)(?:\s+to\s+.{1,80}?)?(?:\s+cancel\s+reply)?"
    r"|post\s+a\s+comment|add\s+(?:a\s+)?comment|write\s+a\s+comment"
    r"|join\s+the\s+(?:discussion|conversation)"
    r"|(?:your\s+)?email\s+address\s+will\s+not\s+be\s+published\.?"
    r"(?:\s*required\s+fields\s+are\s+marked\s*\*?)?"
    r"|required\s+fields\s+are\s+marked\s*\*?|comments\s+are\s+(?:closed|disabled)|cancel\s+reply"
    r"|\d{1,6}\s+(?:comments?|responses?|replies)|no\s+comments(?:\s+yet)?"
    r"|(?:show|view|load|see)\s+(?:all\s+|more\s+)?comments|be\s+the\s+first\s+to\s+comment"
    # the fields of a comment form
    r"|comment\s*\*?|(?:name|e-?mail)\s*\*|website|(?:post|submit)\s+comment"
    r"|save\s+my\s+name,?\s+email,?\s+and\s+website\s+in\s+this\s+browser\b.{0,60})" + _TAIL,
    _I,
)
_NETWORKS = (
    r"(?:telegram|twitter|x|facebook|instagram|youtube|tiktok|linkedin|whatsapp|threads|viber"
    r"|reddit|pinterest|mastodon|bluesky|google\s+news|email|e-mail|print|copy\s+link)"
)
_SHARE = re.compile(
    r"(?:(?:click\s+to\s+)?(?:share|tweet|email|print|pin)(?:\s+(?:this|it))?"
    r"(?:\s+(?:article|story|post|page))?(?:\s+(?:on|via|to|with)\s+" + _NETWORKS + r")?"
    r"(?:\s*\(opens\s+in\s+(?:a\s+)?new\s+window\))?"
    r"|like\s+this|like\s+loading(?:\.{0,3}|…)"
    r"|(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the)\s+(?:[\w-]+\s+){0,3}"
    r"(?:newsletters?|channels?|feeds?|podcasts?|alerts|updates|page)(?:\W.{0,120})?"
    r"|(?:follow|join|find)\s+us\s+on\s+" + _NETWORKS + r"(?:\W.{0,120})?"
    # a row of share buttons: "Twitter | Facebook | LinkedIn | Email"
    r"|" + _NETWORKS + r"(?:\s*[|,·•/]?\s*" + _NETWORKS + r"){1,12})" + _TAIL,
    _I,
)
# "Posted by Mark Halloran | February 20, 2023 | 6 min read", "By Jane Doe and John Roe · Reuters";
# names must be capitalised, and "By" is only followed by separators a sentence would not use.
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
_BYLINE = re.compile(
    r"(?:(?i:posted|written|published)\s+(?i:by)\s+.{1,150}"
    r"|By\s+" + _NAME + r"(?:\s*(?:,|and|&)\s*" + _NAME + r")?(?:\s*[|·•]\s*[^|·•]{1,60}){0,3}"
    r"|\d{1,3}\s+(?i:min(?:ute)?s?\s+read))\.?"
)
_RELATED = re.compile(
    r"(?:read\s+(?:also|more|next)|also\s+read|see\s+also|more\s+on\s+(?:this|that)(?:\s+story)?"
    r"|related(?:\s+(?:articles?|stories|news|content|coverage|posts?|reading|links?))?"
    r"|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|recommended(?:\s+for\s+you)?)"
    r"(?:\s*(?::|>>|»|\||–|—|-)\s*(?P<inline>\S.{0,200})?|\W*)",
    _I,
)
_PROMPT_BREAK = re.compile(r"(?<=[.!?])\s+")
_BULLET = re.compile(r"(?:[-*•·►▶→»–—]|\d{1,2}[.)])\s+\S")
_CAPTION = re.compile(
    r"(?:(?:photo(?:graph)?s?|images?|pictures?|pic|foto|video|illustration)(?:\s+credits?)?"
    r"\s*[:|©]\s*.{1,200}"
    r"|(?:image|photo|picture)\s+(?:credit|source|courtesy)s?\b.{0,200}"
    r"|\(?(?:photo|image|picture)s?\s+(?:by|courtesy\s+of|credit:?)\s.{1,150}"
    r"|©\s?.{1,150}|(?:photo\s+)?credits?\s*:\s*.{1,150}|(?:getty\s+images|shutterstock)\.?)",
    _I,
)
_CAPTION_END = re.compile(
    r"(?:(?:[/|]\s*|\bvia\s+)getty\s+images"
    r"|\((?:photo|image|picture)s?\s*(?::|\s(?:by|courtesy\s+of|credit:?))[^()]{1,150}\)"
    r"|\bphotograph:\s*[^.]{1,100})\W*$",
    _I,
)
_INLINE_CREDIT = re.compile(
    r"(?:(?<=\s)|^)\((?:photo|image|picture)s?\s*(?::|\s(?:by|courtesy\s+of|credit:?))"
    r"[^()\n]{1,150}\)",
    _I,
)
_DISCLAIMER = re.compile(
    r"(?:disclaimer\b"
    r"|(?:this|the\s+information|all\s+information)\b(?:\s+[\w-]+){0,5}?\s+(?:is|are)\s+"
    r"(?:provided\s+|intended\s+|presented\s+)?(?:solely\s+|strictly\s+|only\s+)?for\s+"
    r"(?:general\s+)?(?:informational|information|educational)\s+purposes"
    r"|(?:the\s+)?(?:views|opinions)(?:\s+and\s+(?:views|opinions))?\s+expressed\b.{0,200}?"
    r"\bdo(?:es)?\s+not\s+necessarily\s+(?:reflect|represent)"
    r"|(?:nothing|none\s+of\s+the\s+information)\s+(?:in|on|contained\s+in)\s+this\s+"
    r"(?:article|site|website|page|post)\b.{0,100}?\badvice"
    r"|(?:this\s+(?:is|article\s+is)\s+)?not\s+"
    r"(?:intended\s+as\s+|to\s+be\s+(?:construed|taken)\s+as\s+)?"
    r"(?:investment|financial|trading|legal)\s+advice\W*$)",
    _I,
)

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # as str.splitlines
_QUOTE = re.compile(r"``|''|[\"“”„‟«»]")
_INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_SPECIAL_VISIBLE = r"\A\s+|\s+\Z|\s{2,}|[^\S ]|``|''|[\"“”„‟«»]"
_SPECIAL = re.compile(_SPECIAL_VISIBLE)
# Only texts that hold invisible characters pay for looking for them.
_SPECIAL_WITH_INVISIBLE = re.compile(
    rf"{_SPECIAL_VISIBLE}|\s+(?=[{_INVISIBLE}])|(?P<invisible>[{_INVISIBLE}][\s{_INVISIBLE}]*)"
)
_WHITESPACE_RUN = re.compile(r"\s+")
_OPENERS = frozenset(("``", "„", "«"))
_CLOSERS = frozenset(("''", "»"))
_OPEN_CONTEXT = frozenset("([{<—–-/")
_CLOSE_CONTEXT = frozenset(".,;:!?)]}>—–-/")


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    offset_map: list[tuple[int, int, int]]  # (clean_start, raw_start, length)
    boilerplate: list[BoilerplateSpan]


def to_raw(offset_map: list[tuple[int, int, int]], clean_offset: int) -> int:
    """The raw offset of a clean offset (a start, or an exclusive end). O(log n)."""
    if not offset_map and clean_offset == 0:
        return 0
    i = bisect_right(offset_map, clean_offset, key=lambda segment: segment[0]) - 1
    if i < 0 or clean_offset < 0:
        raise ValueError(f"clean offset {clean_offset} is out of range")
    clean_start, raw_start, length = offset_map[i]
    if clean_offset > clean_start + length:
        raise ValueError(f"clean offset {clean_offset} is past the end of the clean text")
    return raw_start + clean_offset - clean_start


def _is_headline(line: str) -> bool:
    return len(line) <= MAX_HEADLINE and line[-1] not in ".!?:;\"”»'…" and any(c.isalpha() for c in line)


def _prompt_kind(piece: str) -> str | None:
    if _COMMENT.fullmatch(piece):
        return "comment_prompt"
    if _SHARE.fullmatch(piece):
        return "share_prompt"
    return None


def _line_kind(line: str) -> str | None:
    if len(line) <= SHORT_LINE:
        kind = _prompt_kind(line)
        if kind:
            return kind
        if _BYLINE.fullmatch(line):
            return "byline"
        if _CAPTION.fullmatch(line) or _CAPTION_END.search(line):
            return "caption"
        # "Leave a comment. Subscribe to our Telegram channel!": prompts run together on one line
        pieces = _PROMPT_BREAK.split(line)
        if len(pieces) > 1 and all(_prompt_kind(piece) for piece in pieces):
            return _prompt_kind(pieces[0])
    if _DISCLAIMER.match(line):
        return "disclaimer"
    return None


def _related_end(lines: list[str], header: int, inline: bool) -> int:
    """Index of the last line of the link list under the related-links header at ``header``."""
    last = header
    items = 0
    for k in range(header + 1, min(len(lines), header + 1 + 2 * MAX_RELATED_ITEMS)):
        item = lines[k].strip()
        if not item:
            if items == 0 and not inline:
                continue  # a blank line between a bare header and its list
            break
        is_bullet = len(item) <= SHORT_LINE and _BULLET.match(item) is not None
        if items == MAX_RELATED_ITEMS or not (is_bullet or (not inline and _is_headline(item))):
            break
        last = k
        items += 1
    return last


def find_boilerplate(raw: str) -> tuple[list[BoilerplateSpan], list[tuple[int, int]]]:
    """The boilerplate spans (trimmed pieces, for the record) and the raw ranges to cut (whole lines
    with their line break, so that removing a line does not leave a blank one)."""
    spans: list[BoilerplateSpan] = []
    cuts: list[tuple[int, int]] = []
    lines = raw.splitlines(keepends=True)
    starts = [0] * len(lines)
    for i in range(1, len(lines)):
        starts[i] = starts[i - 1] + len(lines[i - 1])

    def trimmed(i: int) -> tuple[int, int]:
        line = lines[i]
        begin = starts[i] + len(line) - len(line.lstrip())
        return begin, starts[i] + len(line.rstrip())

    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        related = _RELATED.fullmatch(stripped) if len(stripped) <= SHORT_LINE else None
        kind = "related_links" if related else _line_kind(stripped) if stripped else None
        if kind:
            last = _related_end(lines, i, bool(related["inline"])) if related else i
            spans.append(BoilerplateSpan(trimmed(i)[0], trimmed(last)[1], kind))
            cuts.append((starts[i], starts[last] + len(lines[last])))
            i = last + 1
            continue
        for m in _INLINE_CREDIT.finditer(lines[i]):
            spans.append(BoilerplateSpan(starts[i] + m.start(), starts[i] + m.end(), "caption"))
            cuts.append((starts[i] + m.start(), starts[i] + m.end()))
        i += 1
    return spans, cuts


def _kept_ranges(cuts: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    kept = []
    position = 0
    for start, end in cuts:
        if start > position:
            kept.append((position, start))
        position = max(position, end)
    if position < length:
        kept.append((position, length))
    return kept


def _quote_marks(raw: str, kept: list[tuple[int, int]]) -> dict[int, str]:
    """Raw position of every kept double quote mark -> “ or ” (pairing rules in the module doc)."""
    breaks = [m.end() for m in _LINE_BREAK.finditer(raw)]
    by_line: dict[int, list[tuple[int, str]]] = {}
    for start, end in kept:
        for m in _QUOTE.finditer(raw, start, end):
            by_line.setdefault(bisect_right(breaks, m.start()), []).append((m.start(), m.group()))
    directions: dict[int, str] = {}
    for marks in by_line.values():
        even = len(marks) % 2 == 0
        is_open = False
        for index, (position, mark) in enumerate(marks):
            is_open = index % 2 == 0 if even else _opens(raw, position, mark, is_open)
            directions[position] = "“" if is_open else "”"
    return directions


def _opens(raw: str, position: int, mark: str, inside: bool) -> bool:
    if mark in _OPENERS:
        return True
    if mark in _CLOSERS:
        return False
    before = raw[position - 1] if position else " "
    after = raw[position + len(mark)] if position + len(mark) < len(raw) else " "
    after_gap = before.isspace() or before in _OPEN_CONTEXT
    before_gap = after.isspace() or after in _CLOSE_CONTEXT
    if after_gap != before_gap:
        return after_gap
    return not inside


class _Builder:
    """Appends clean text, extending the current segment while raw positions stay contiguous."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[list[int]] = []
        self.length = 0
        self._space: list[int] = []  # raw positions of the first two chars of a whitespace run
        self._breaks = 0

    def copy(self, raw_start: int, text: str) -> None:
        """``text`` maps one to one onto raw[raw_start:raw_start + len(text)]."""
        self._flush_space()
        last = self.segments[-1] if self.segments else None
        if last and last[1] + last[2] == raw_start and last[0] + last[2] == self.length:
            last[2] += len(text)
        else:
            self.segments.append([self.length, raw_start, len(text)])
        self.parts.append(text)
        self.length += len(text)

    def space(self, raw_start: int, run: str) -> None:
        """A whitespace run; it is written (collapsed) only when text follows it."""
        for offset in range(min(len(run), 2 - len(self._space))):
            self._space.append(raw_start + offset)
        self._breaks += len(_LINE_BREAK.findall(run))

    def _flush_space(self) -> None:
        positions, breaks = self._space, self._breaks
        if not positions:
            return
        self._space, self._breaks = [], 0
        if not self.length:
            return  # leading whitespace
        collapsed = "\n\n" if breaks >= 2 else "\n" if breaks else " "
        for position, char in zip(positions, collapsed, strict=False):
            self.copy(position, char)

    def result(self) -> tuple[str, list[tuple[int, int, int]]]:
        return "".join(self.parts), [(c, r, n) for c, r, n in self.segments]


def clean(raw_text: str) -> Cleaned:
    spans, cuts = find_boilerplate(raw_text)
    kept = _kept_ranges(cuts, len(raw_text))
    quotes = _quote_marks(raw_text, kept)
    out = _Builder()
    special = _SPECIAL_WITH_INVISIBLE if INVISIBLE.search(raw_text) else _SPECIAL
    for start, end in kept:
        piece = raw_text[start:end]
        done = 0
        for m in special.finditer(piece):
            if m.start() > done:
                out.copy(start + done, piece[done : m.start()])
            position = start + m.start()
            if m.lastgroup == "invisible":
                for space in _WHITESPACE_RUN.finditer(m.group()):  # the invisible characters are dropped
                    out.space(position + space.start(), space.group())
            elif position in quotes:
                out.copy(position, quotes[position])
            else:
                out.space(position, m.group())
            done = m.end()
        if done < len(piece):
            out.copy(start + done, piece[done:])
    text, offset_map = out.result()
    return Cleaned(text, offset_map, spans)
