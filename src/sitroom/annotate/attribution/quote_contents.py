"""What a cue reports, read from the quote marks: the quote its colon introduces, the quote it closes or
opens with only punctuation and the source between, the words that lead into a quote, quoted
sentences in a row before the one a cue closes, and the second half of a quote split around its cue."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.contents import is_speech_verb
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.quotes import Quote
from sitroom.annotate.attribution.spans import MAX_GAP, SENTENCE_ENDS, Attribution, Chars

# Tokens between a quote and its cue: "“...,” he said", "he said: “...”".
_GAP_WORDS = frozenset({",", ":", "–", "—", "-", "that", ";"})
_MAX_LEAD_IN = 40  # tokens read back from a quote for the words leading into it
_MAX_CLAUSE = 200  # characters between a cue and the second half of a quote split around it
_MAX_RUN = 5  # quoted sentences in a row that run on to the one a cue closes


def introduced_quote(doc: Doc, verb: Token, quotes: QuoteIndex, used: set[int]) -> Chars | None:
    """ "Kall said: “I feel like ...”": a colon right after the cue introduces the quote after it."""
    at = verb.i + 1
    if at + 1 >= len(doc) or doc[at].text != ":":
        return None
    following = quotes.containing(doc[at + 1].idx)
    if following is None or following in used or quotes.quotes[following].start != doc[at + 1].idx:
        return None
    return quotes.quotes[following].start, quotes.quotes[following].end


def adjacent_quote(
    doc: Doc, verb: Token, source: Span | None, quotes: QuoteIndex, used: set[int]
) -> int | None:
    """The quote the cue introduces or closes, when only punctuation, the source and the cue separate them."""
    before = quote_before(doc, verb, source, quotes, used)
    if before is not None:
        return before
    last = max(verb.i, source.end - 1 if source is not None else verb.i)
    # After: he said: “...” / he told the BBC in an interview, “...”.
    for token in doc[last + 1 : last + 1 + MAX_GAP]:
        inside = quotes.containing(token.idx)
        if inside is not None:
            if inside in used or token.idx != quotes.quotes[inside].start:
                return None
            return inside if doc[token.i - 1].text in _GAP_WORDS or token.i == last + 1 else None
        if token.pos_ == "VERB" or (token.is_sent_end and token.text not in _GAP_WORDS):
            return None
    return None


def quote_before(
    doc: Doc, verb: Token, source: Span | None, quotes: QuoteIndex, used: set[int]
) -> int | None:
    """The quote the cue closes: “...,” he said / “...,” said the minister."""
    first = min(verb.i, source.start if source is not None else verb.i)
    before = quotes.containing(doc[first - 1].idx) if first > 0 else None
    if before is None and first > 1 and doc[first - 1].text in _GAP_WORDS:
        before = quotes.containing(doc[first - 2].idx)
    if before is not None and before not in used and quotes.quotes[before].end <= doc[first].idx:
        return before
    return None


def lead_in(doc: Doc, quote: Quote, quotes: QuoteIndex) -> int:
    """Start of the words that lead into a quote in its sentence ("Not paying taxes “makes me smart,”")."""
    first = quotes.token_at(quote.start)
    start = first
    while start > quotes.line_start[min(first, len(doc) - 1)] and first - start < _MAX_LEAD_IN:
        previous = doc[start - 1]
        if previous.text in SENTENCE_ENDS or quotes.containing(previous.idx) is not None:
            break
        if is_speech_verb(previous):
            return quote.start  # the words before are another attribution's
        start -= 1
    return doc[start].idx if start < first else quote.start


def quotes_running_into(text: str, index: int, quotes: QuoteIndex, used: set[int]) -> list[int]:
    """The quotes right before quote ``index`` on its line, each a finished sentence and nothing but
    spaces between them (“We held.” “We will hold,”), nearest first; at most ``_MAX_RUN``."""
    found: list[int] = []
    while index > 0 and len(found) < _MAX_RUN:
        earlier = quotes.quotes[index - 1]
        between = text[earlier.end : quotes.quotes[index].start]
        finished = text[earlier.start : earlier.end].rstrip("”’\"'»").endswith((".", "?", "!"))
        if index - 1 in used or between.strip() or "\n" in between or not finished or earlier.flags:
            break
        index -= 1
        found.append(index)
    return found


def continue_split_quotes(doc: Doc, found: list[Attribution], quotes: QuoteIndex, used: set[int]) -> None:
    """ "“...,” he said, clapping. “...”": a quote after the cue's clause, in the same paragraph, goes on."""
    for attribution in found:
        if attribution.kind == "indirect" or attribution.contents[0][1] > attribution.cue.start_char:
            continue
        after = max(attribution.cue.end, attribution.source.end if attribution.source else 0)
        if after >= len(doc):
            continue
        following = bisect_left(quotes.starts, doc[after].idx)
        if following >= len(quotes.quotes) or following in used:
            continue
        quote = quotes.quotes[following]
        between = quotes.text[doc[after].idx : quote.start]
        if len(between) > _MAX_CLAUSE or "\n" in between or between.rstrip()[-1:] not in {".", ",", ""}:
            continue
        clause = doc[after : quotes.token_at(quote.start)]
        if any(is_speech_verb(token) for token in clause):
            continue  # another cue stands between: the quote is its own
        used.add(following)
        attribution.contents.append((quote.start, quote.end))
        attribution.flags.extend(flag for flag in quote.flags if flag not in attribution.flags)
