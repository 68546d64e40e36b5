"""Attributions read from the dependency parse and the quote marks: who (source), how (cue), what (content).

Each verb of saying (see ``lexicon``), or any verb with a that-clause, with a subject is a cue. Its
content is, in order of preference, a quote its colon introduces ("X said: “...”"); its clausal
complement ("X said (that) ...", "urged Kyiv to negotiate"), widened to the whole quote when it runs
into one; a quote right before or after it ("“...,” X said"), with the words leading into it; its
object or topic ("denied the report", "called for talks", "warned about the risk"); the sentence around
it when it stands between commas ("Acts of protest, Obama said, are ..."); the clause it is appended to
("..., sources said"). A cue in the passive has its agent as source, or none ("It was reported that
..."). Nouns of saying and thinking report their possessor's clause or topic, or a clause of nobody
named ("the claim that ..."); "is confident that", "has been critical of" report the subject's
attitude. "according to X" takes the rest of its sentence; a line opening with a name and a colon, and
a quote signed with a dash, are attributions by punctuation. Quotes split around the cue
("“...,” he said. “...”") keep their second part as a further content piece. Every look-up is an index
or a bounded walk, so the cost is linear in the length of the text.

The modules: ``verb_cues`` (verbs, passives, "as" clauses), ``cues`` (nouns of saying, attitudes,
"according to"), ``typographic`` (punctuation), ``contents`` and ``quote_contents`` (what a verb
reports), ``sources`` (who says it), ``spans`` (the record and span bounds), ``quote_index``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from sitroom.annotate.attribution.cues import according_to, attitude, nominal_cue
from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.attribution.quote_contents import continue_split_quotes
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.quotes import find_quotes
from sitroom.annotate.attribution.sources import cite_sources
from sitroom.annotate.attribution.spans import Attribution, puts_it
from sitroom.annotate.attribution.typographic import typographic
from sitroom.annotate.attribution.verb_cues import reports_that, verb_cue

__all__ = ["Attribution", "find_attributions"]


def find_attributions(doc: Doc, quotes: QuoteIndex | None = None) -> list[Attribution]:
    """The document's attributions in text order of their cue (``quotes``: the document's, if at hand)."""
    if quotes is None:
        text = doc.text
        quotes = QuoteIndex(doc, find_quotes(text), text)
    found: list[Attribution] = []
    used_quotes: set[int] = set()  # quotes already some cue's content
    for token in doc:
        attribution = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            attribution = according_to(doc, token, quotes)
        elif token.pos_ == "VERB" and (
            token.lemma_.lower() in LEXICON.speech_verbs or reports_that(token) or puts_it(token)
        ):
            attribution = verb_cue(doc, token, quotes, used_quotes)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in LEXICON.nominal_cues:
            attribution = nominal_cue(doc, token, quotes)
        elif token.lemma_ == "be" and token.pos_ == "AUX":
            attribution = attitude(doc, token, quotes)
        if attribution is not None:
            found.append(attribution)
    continue_split_quotes(doc, found, quotes, used_quotes)
    cite_sources(found)
    found.extend(typographic(doc, quotes, used_quotes, {a.cue.start for a in found}))
    found.sort(key=lambda attribution: attribution.cue.start)
    return found
