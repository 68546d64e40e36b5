"""Who says it, as written: the subject of a cue, the "by"/"from" phrase of a noun of saying, the one
who puts out a document that says something, and the speaker a report cites."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.spans import Attribution, cue_span, trimmed, trimmed_subtree
from sitroom.annotate.syntax import SUBJECTS, child_with, prepositional_object, prepositional_objects

# Links through which a cue without its own subject takes its head's: "said ..., adding that ...".
_SUBJECT_SHARING = frozenset({"advcl", "xcomp", "conj", "dep"})
_SOURCE_ASIDES = frozenset({"acl", "advcl"})
_ASIDE_OPENERS = frozenset({",", "—", "―", "–"})
_MAX_HOPS = 4  # heads climbed from a cue looking for the subject it shares
# How the parser hangs the last word of a reported clause on the speaker named after it.
_STRAY_MODIFIERS = frozenset({"nmod", "npadvmod"})


def source_of(doc: Doc, verb: Token) -> Span | None:
    """The speaker as written: the cue's subject, or the subject of the verb it hangs on, or the name
    the parser hung on the end of the clause the cue closes."""
    stuck = _stuck_to_content(doc, verb)
    if stuck is not None:
        return stuck
    current = verb
    for _ in range(_MAX_HOPS):
        subject = child_with(current, *SUBJECTS)
        if subject is not None and current is not verb and _reported(current):
            current = current.head  # "denied that its forces fired ..., saying ...": the denier says it
            continue
        if subject is not None:
            quoted = current.lemma_.lower() == "quote" and current is not verb  # "was quoted as saying"
            if (subject.dep_ == "nsubjpass" and not quoted) or subject.lower_ in {"there", "this"}:
                return None  # "it was reported that": no speaker in the text
            return source_span(doc, subject)
        if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            # "one saying that ...", "Trump, saying ...": the noun the participle describes.
            head = current.head
            return trimmed(doc, head.left_edge.i, min(head.right_edge.i + 1, current.left_edge.i))
        if current.dep_ == "pcomp" and current.head.lower_ == "as" and current.head.head.i != current.i:
            current = current.head.head  # "X was quoted as saying": the one quoted
            continue
        if current.dep_ not in _SUBJECT_SHARING or current.head.i == current.i:
            return None
        current = current.head
    return None


def _stuck_to_content(doc: Doc, verb: Token) -> Span | None:
    """ "... liberated the settlement of Urozhaine, the Russian Ministry of Defence said": a cue with no
    subject after the clause it closes, whose source the parser made an appositive of that clause's last
    noun; the source is the appositive from the comma to the cue."""
    if child_with(verb, *SUBJECTS) is not None or verb.i < 3:
        return None
    end = verb.i - 1 if doc[verb.i - 1].text == "," else verb.i  # "the city's mayor, Ihor Terekhov, said"
    last = doc[end - 1]  # "the Russian Ministry of Defence": from its last word up to the appositive
    appositives = [t for t in (last, *last.ancestors) if t.dep_ == "appos" and t.head.i < t.i]
    if not appositives:
        return None
    source = appositives[-1]  # the outermost: "the city's mayor, Ihor Terekhov" is one speaker
    named = source.head
    reported = any(c.dep_ == "ccomp" and c.i < named.i for c in verb.children)
    if not reported or doc[source.left_edge.i - 1].text != "," or source.right_edge.i != end - 1:
        return None
    start = source.left_edge.i
    # "toward Staromlynivka, a Russian stronghold, Deputy Defence Minister Hanna Maliar said": a
    # description of the place before the last comma is the clause's, the name after it the speaker
    # ("the city's mayor, Ihor Terekhov" is one speaker).
    commas = [t.i for t in doc[start:end] if t.text == ","]
    speaking = LEXICON.person_nouns | LEXICON.voice_nouns | LEXICON.body_nouns
    named_after = bool(commas) and any(t.pos_ == "PROPN" for t in doc[commas[-1] + 1 : end])
    if named_after and source.lemma_.lower() not in speaking:
        start = commas[-1] + 1
    return trimmed(doc, start, end)


def _reported(verb: Token) -> bool:
    """A verb that is not one of saying, in the clause a verb of saying reports: a participle the parser
    hangs on it shares the cue's subject, not its own."""
    return (
        verb.dep_ == "ccomp"
        and verb.lemma_.lower() not in LEXICON.speech_verbs
        and verb.head.lemma_.lower() in LEXICON.speech_verbs
    )


def source_span(doc: Doc, subject: Token) -> Span | None:
    """The subject's words, up to a comma or dash that sets off a clause about it ("Trump, speaking in
    Ohio,"), without a date ("a panel in 2001"), a headline or time stamp on the lines before, or
    "both"."""
    end = subject.right_edge.i + 1
    for child in subject.rights:
        if child.i <= subject.i:
            continue
        before = doc[child.left_edge.i - 1].text
        dated = child.dep_ == "prep" and any(
            named.ent_type_ in {"DATE", "TIME"} for named in prepositional_objects(child)
        )
        if (child.dep_ in _SOURCE_ASIDES and before in _ASIDE_OPENERS) or dated:
            end = min(end, child.left_edge.i - (0 if dated else 1))
    start = subject.left_edge.i
    for token in doc[start : end - 1]:
        if "\n" in token.text_with_ws:
            start = token.i + 1  # the speaker is named on the cue's line
    if doc[start].dep_ in _STRAY_MODIFIERS and doc[start].head.i == subject.i and doc[start + 1].text == ",":
        # "... have liberated Urozhaine, Deputy Defence Minister Hanna Maliar said": the last word of
        # the reported clause, hung on the speaker's name, is no part of it.
        start += 2
    while start < subject.i and (doc[start].is_space or doc[start].is_quote or doc[start].lower_ == "both"):
        start += 1
    start = after_stray_clause(doc, start, subject.i)
    while end - 1 > start and doc[end - 1].dep_ == "case":
        end -= 1  # "Kyiv's calls", parsed as a subject with its possessive ending
    span = trimmed(doc, start, end, conjunction=True)
    if (
        span is not None
        and span.end < len(doc)
        and doc[span.end].text == ","
        and any(t.text == "," for t in span)
    ):
        # "Phil Lovas, the state's campaign chairman," - the comma closing an aside is the source's
        return doc[span.start : span.end + 1]
    return span


def outside_quote(doc: Doc, source: Span | None, verb: Token, quotes: QuoteIndex) -> Span | None:
    """ "“... One of the brightest members of Congress,” Rep. Cummings said": a subject the parser starts
    inside the quote the cue closes begins after that quote; the speaker is not among the quoted words."""
    if source is None or source.start >= verb.i:
        return source
    inside = quotes.containing(source.start_char)
    if inside is None or quotes.quotes[inside].end > verb.idx or quotes.containing(verb.idx) is not None:
        return source
    after = trimmed(doc, quotes.token_at(quotes.quotes[inside].end), cue_span(doc, verb).start)
    return after if after is not None and any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in after) else None


def published_by(doc: Doc, verb: Token) -> tuple[Span, Token, int] | None:
    """Who puts out the document that says something ("He released a letter that says ...", "it issued a
    paper welcoming ..."): the subject of the verb whose object is the document, the document, and
    where that verb's group starts."""
    document = verb.head
    if verb.dep_ not in {"acl", "relcl"} or document.lemma_.lower() not in LEXICON.published_nouns:
        return None
    if document.dep_ != "dobj" or document.head.pos_ != "VERB":
        return None
    releasing = document.head
    subject = child_with(releasing, "nsubj")
    source = source_span(doc, subject) if subject is not None else None
    if source is None or source.end > releasing.i:
        return None
    return source, document, cue_span(doc, releasing).start


def after_stray_clause(doc: Doc, start: int, head: int) -> int:
    """Where a speaker's noun phrase from ``start`` to its ``head`` really starts: after a verb written
    between two names, which the parser hung inside the phrase ("Defence Minister Rustem Umerov repeated
    Kyiv's calls": the speaker of the calls is Kyiv, not "Umerov repeated Kyiv")."""
    for token in reversed(doc[start + 1 : head]):
        if token.pos_ == "VERB" and doc[token.i - 1].pos_ == "PROPN" and doc[token.i + 1].pos_ == "PROPN":
            return token.i + 1
    return start


def nominal_source(noun: Token, content: Span) -> Span | None:
    """Who a noun of saying without a possessor is from: "a statement from the ministry", "a pledge by
    Moscow"."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"} and child.i < content.start:
            named = prepositional_object(child)
            if named is not None and named.pos_ in {"PROPN", "NOUN", "PRON"}:
                return trimmed_subtree(named)
    return None


def cite_sources(found: list[Attribution]) -> None:
    """ "The WSJ, citing Nadezhdin, reported that ...": Nadezhdin says it, through the WSJ's report.

    The "citing" cue, whose content is the name it cites, becomes the cited speaker's attribution of
    the reporting cue's content, reported through it.
    """
    by_verb = {attribution.cue.root.i: attribution for attribution in found}
    for attribution in found:
        cue = attribution.cue.root
        reporter = by_verb.get(cue.head.i)
        if attribution.lemma != "cite" or reporter is None or reporter is attribution:
            continue
        start, end = attribution.contents[0]
        cited = cue.doc.char_span(start, end, alignment_mode="expand")
        if cited is None or not any(token.pos_ == "PROPN" for token in cited):
            continue
        attribution.source = cited
        attribution.contents = list(reporter.contents)
        attribution.kind = reporter.kind
        attribution.via = reporter
