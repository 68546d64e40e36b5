"""Component ``sitroom_datelines``: a wire dateline is a sentence of its own.

"KYIV, March 14 (Reuters) - Ukrainian troops have recaptured ..." is parsed by the small model as one
sentence whose subject phrase starts at the dateline, so the claims stage took the dateline into the
reported content and the events stage made "KYIV, March 14 (Reuters)" an actor. The component runs
before the parser and starts a sentence after the dateline's dash; the parser keeps preset sentence
starts. The dateline's words (the reporting place, the date, the agency) are still annotated as they
are anywhere else.

A dateline opens the text or one of its first paragraphs: a place (in capitals, or followed by a
date or an agency in brackets), optionally a date and an agency, then a dash or a colon. A capitalised
word and a dash alone ("Russia - the war goes on") is not a dateline.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.annotate.context import declare

# Paragraphs that open within this many characters of the start may hold the dateline (a title line
# or a byline can come first).
SEARCH_CHARS = 400

_WORD = r"[A-Z][\w.'’-]*"
_CAPS = r"[A-Z][A-Z.'’-]{2,}"
_MONTH_DAY = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?"
_DATELINE = re.compile(
    rf"""
    (?:(?P<caps>{_CAPS}(?:[ ]{_CAPS}){{0,3}})|{_WORD}(?:[ ]{_WORD}){{0,3}})   # KYIV / NEW YORK / Kyiv
    (?:,[ ]{_WORD}(?:[ ]{_WORD}){{0,2}})?                                    # , Ukraine
    (?:,?[ ](?P<date>{_MONTH_DAY}))?                                         # , March 14
    [ ]?(?:\((?P<agency>[^()\n]{{1,40}})\))?                                 # (Reuters)
    [ ]?(?:[-–—]{{1,2}}|:)[ ]+(?=\S)
    """,
    re.VERBOSE,
)


def dateline_end(text: str) -> int | None:
    """Offset just after the dateline (the start of the first sentence proper), or None."""
    for paragraph in re.finditer(r"(?:^|\n)[ \t]*(?=\S)", text[:SEARCH_CHARS]):
        found = _DATELINE.match(text, paragraph.end())
        if found and (found["caps"] or found["date"] or found["agency"]):
            return found.end()
    return None


# It sets sentence starts for the parser, before any annotation: it reads and assigns none.
declare("sitroom_datelines")


@Language.factory("sitroom_datelines")
def make_datelines(nlp: Language, name: str) -> DatelineComponent:
    return DatelineComponent()


class DatelineComponent:
    def __call__(self, doc: Doc) -> Doc:
        end = dateline_end(doc.text)
        if end is not None:
            first = next((token for token in doc if token.idx >= end), None)
            if first is not None and first.i > 0:
                first.is_sent_start = True
        return doc
