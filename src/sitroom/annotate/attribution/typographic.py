"""Attributions by punctuation: a line opening with a name and a colon ("Zelensky: we will not give
up", "PENCE: Well, ...") and a quote signed with a dash ("“...” ― Sonya Herridge")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.spans import Attribution

_OPENING_MARKS = frozenset({'"', "“", "``", "«"})
_SIGNING_DASHES = frozenset({"―", "—", "–"})
_MAX_NAME = 6  # tokens of a name that signs a quote or opens a line before a colon


def typographic(doc: Doc, quotes: QuoteIndex, used: set[int], cues: set[int]) -> list[Attribution]:
    """Attribution by punctuation: "Zelensky: we will not give up" (a line opening with a name and a
    colon) and "“...” ― Sonya Herridge" (a quote signed with a dash)."""
    found: list[Attribution] = []
    lines = sorted(set(quotes.line_start))
    for number, first in enumerate(lines):
        end = lines[number + 1] if number + 1 < len(lines) else len(doc)
        if first < end and doc[first].text in _OPENING_MARKS:
            first += 1  # a transcript quoted whole: "WALLACE: Let's start ...
        name_end = first
        while name_end < min(end, first + _MAX_NAME) and _in_speaker_name(doc[name_end]):
            name_end += 1
        named = any(_is_name(token) for token in doc[first:name_end]) and _names_speaker(doc[name_end - 1])
        if (
            name_end > first
            and named
            and name_end + 2 < end
            and doc[name_end].text == ":"
            and name_end not in cues
        ):
            content = _trimmed_line(doc, name_end + 1, end)
            if content is not None:
                found.append(
                    _punctuated(doc, quotes, used, doc[name_end : name_end + 1], doc[first:name_end], content)
                )
    for number, quote in enumerate(quotes.quotes):
        if number in used:
            continue
        dash = quotes.token_at(quote.end)
        if dash >= len(doc) or doc[dash].text not in _SIGNING_DASHES:
            continue
        line_end = quotes.line_end(dash)
        if dash + 1 < line_end <= dash + 1 + _MAX_NAME and all(_is_name(t) for t in doc[dash + 1 : line_end]):
            used.add(number)
            found.append(
                Attribution(
                    doc[dash : dash + 1],
                    doc[dash + 1 : line_end],
                    [(quote.start, quote.end)],
                    "direct",
                    flags=list(quote.flags),
                )
            )
    return found


def _punctuated(
    doc: Doc, quotes: QuoteIndex, used: set[int], cue: Span, source: Span, content: Span
) -> Attribution:
    start, end = content.start_char, content.end_char
    inside = quotes.inside(start, end)
    used.update(inside)
    return Attribution(cue, source, [(start, end)], quotes.kind(inside, start, end))


def _is_name(token: Token) -> bool:
    named = token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} and not token.is_punct
    capitals = token.is_upper and token.is_alpha and len(token) > 1  # transcripts: "PENCE: Well, ..."
    return token.pos_ == "PROPN" or named or capitals


def _in_speaker_name(token: Token) -> bool:
    """A word of a speaker named before a colon: a name, a possessive, a noun or an adjective ("UK
    intelligence", "Ukraine's General Staff", "Russia's defence minister")."""
    return _is_name(token) or token.tag_ == "POS" or token.pos_ in {"NOUN", "ADJ"}


def _names_speaker(last: Token) -> bool:
    """The last word before a colon names who speaks: a name, or a body or a role ("UK intelligence"),
    not a topic ("Ukraine war latest", "Editor's note")."""
    lower = last.lemma_.lower()
    return (
        _is_name(last)
        or lower in LEXICON.body_nouns
        or lower in LEXICON.person_nouns
        or last.lower_ in LEXICON.body_nouns
    )


def _trimmed_line(doc: Doc, start: int, end: int) -> Span | None:
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end - start >= 2 else None
