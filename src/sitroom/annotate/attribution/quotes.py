"""Direct quotes found in the text in one left-to-right pass, whatever marks they use.

Double marks (“ ” „ " `` '' « ») are one family, so that mixed marks pair; a straight mark opens
after a space or bracket and closes elsewhere; a mark with nothing after it on its line opens
nothing. Single marks (‘ ’ and
straight ') open only after a space or bracket and close only before a non-letter, so apostrophes
("don't", "Russia's") never open or close a quote. A quote still open at the end of a paragraph goes on
when the next paragraph opens with a quote mark (the convention for quotes running over several
paragraphs); otherwise it is closed there with the flag ``unbalanced_quote``. A paragraph opening
with a dash is dash-introduced speech ("– They are trying to negotiate – she said."): the speech
runs to the next spaced dash or the end of the paragraph. One pass over the characters: linear in the
length of the text, whatever the number of marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_DOUBLE_OPEN = frozenset("“„«")
_DOUBLE_CLOSE = frozenset("”»")
_STRAIGHT_DOUBLE = '"'
_SINGLE_OPEN = frozenset("‘'")
_SINGLE_CLOSE = frozenset("’'")
_OPEN_CONTEXT = frozenset(" \t\n([{—–-/")
_DASHES = frozenset("–—-")
# Marks read by their neighbours: the straight mark, and curly ones typed the wrong way round
# (”Fear. I am afraid” opens; “ after a word and before a space closes).
_TWO_WAY = frozenset({_STRAIGHT_DOUBLE, "”", "“"})
_PARAGRAPH_OPENERS = _DOUBLE_OPEN | {_STRAIGHT_DOUBLE, "`"}


@dataclass(slots=True)
class Quote:
    start: int  # the opening mark (for dash speech: the first character of the speech)
    end: int  # after the closing mark, or after the last character of the speech
    dash: bool = False  # dash-introduced speech, no quote marks
    flags: list[str] = field(default_factory=list)


def find_quotes(text: str) -> list[Quote]:
    """Top-level quotes in text order; quotes inside a quote are part of it."""
    quotes: list[Quote] = []
    opened: int | None = None  # position of the opening mark of the double quote being read
    single: int | None = None  # position of an opening single mark outside double quotes
    length = len(text)
    index = 0
    paragraph_start = True
    while index < length:
        char = text[index]
        if paragraph_start and opened is None and char in _DASHES:
            dash = _dash_speech(text, index)
            if dash is not None:
                quotes.append(dash)
                index = dash.end
                paragraph_start = False
                continue
        paragraph_start = False
        if char == "\n":
            single = None  # a single mark never runs over a line: it was an apostrophe
            if opened is not None:
                after = _next_paragraph(text, index)
                if after < length and text[after] in _PARAGRAPH_OPENERS:
                    index = after + (2 if text.startswith("``", after) else 1)
                    continue
                quotes.append(Quote(opened, _trim_end(text, opened, index), flags=["unbalanced_quote"]))
                opened = None
            paragraph_start = True
            index += 1
            continue
        pair = text[index : index + 2]
        width = 2 if pair in {"``", "''"} else 1
        if opened is None:
            opens = bool(
                char in _DOUBLE_OPEN
                or pair == "``"
                or (char in _TWO_WAY and _opens_straight(text, index))
                or (pair == "''" and _opens_straight(text, index, 2))
            )
            if opens:
                if not _ends_line(text, index + width):  # a mark with nothing after it opens nothing
                    opened, single = index, None
                index += width
                continue
            if char in _DOUBLE_CLOSE or (pair == "''" and single is None):
                index += 2 if pair == "''" else 1  # a closing mark with nothing open: a stray mark
                continue
            if single is None and char in _SINGLE_OPEN and _opens_single(text, index):
                single = index
            elif single is not None and char in _SINGLE_CLOSE and _closes_single(text, index):
                quotes.append(Quote(single, index + 1))
                single = None
        elif char in _DOUBLE_CLOSE or pair == "''" or (char in _TWO_WAY and not _opens_straight(text, index)):
            end = index + width
            quotes.append(Quote(opened, end))
            opened = None
            index = end
            continue
        index += 1
    if opened is not None:
        quotes.append(Quote(opened, _trim_end(text, opened, length), flags=["unbalanced_quote"]))
    return [quote for quote in quotes if quote.end - quote.start > 2]


def _opens_straight(text: str, index: int, width: int = 1) -> bool:
    """A straight double mark (" or '') opens after a space or bracket and before a word; else it closes."""
    before = text[index - 1] if index else " "
    after = text[index + width] if index + width < len(text) else " "
    return (before in _OPEN_CONTEXT or before in _SINGLE_OPEN) and not after.isspace()


def _ends_line(text: str, index: int) -> bool:
    """Nothing but spaces from ``index`` to the end of the line: a mark there opens nothing."""
    while index < len(text) and text[index] in " \t":
        index += 1
    return index >= len(text) or text[index] == "\n"


def _opens_single(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before in _OPEN_CONTEXT or before in _DOUBLE_OPEN) and after.isalnum()


def _closes_single(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _next_paragraph(text: str, index: int) -> int:
    """Position of the first non-space character after the line break at ``index``."""
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _dash_speech(text: str, index: int) -> Quote | None:
    """Speech after a paragraph-opening dash, up to a spaced dash or the end of the paragraph."""
    start = index + 1
    if start >= len(text) or text[start] not in " \t":
        return None
    while start < len(text) and text[start] in " \t":
        start += 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    end = line_end
    for dash in _DASHES:
        found = text.find(f" {dash} ", start, line_end)
        if found >= 0:
            end = min(end, found)
    end = _trim_end(text, start, end)
    while end > start and text[end - 1] == ",":
        end -= 1
    if end - start < 2:
        return None
    return Quote(start, end, dash=True)
