"""Attributions by a noun of saying ("Russia's claim that ...", "a pledge by Berlin to ..."), by an
attitude ("Kyiv is confident that ...", "has been critical of ..."), and by "according to"."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.sources import after_stray_clause, nominal_source, source_span
from sitroom.annotate.attribution.spans import Attribution, chars, cue_span, trimmed, trimmed_subtree
from sitroom.annotate.attribution.speakers import names_someone
from sitroom.annotate.syntax import child_with, prepositional_objects


def nominal_cue(doc: Doc, noun: Token, quotes: QuoteIndex) -> Attribution | None:
    """ "Russia's claim that it took the town", "his pledge to rebuild", "her comment about the war":
    the possessor says the clause or the topic. Without a possessor, a clause that says what was
    claimed ("the claim that ...", "a pledge by Moscow to ...") is said by the "by"/"from" phrase,
    or by nobody the text names."""
    owners = [child for child in noun.children if child.dep_ == "poss"]
    through: int | None = None
    content: Span | None = None
    for child in noun.rights:
        if child.dep_ in {"acl", "ccomp"} and child.pos_ in {"VERB", "AUX"} and (owners or _is_clause(child)):
            content = trimmed_subtree(child)
        elif (
            owners
            and child.dep_ == "prep"
            and child.lower_ in LEXICON.topic_prepositions | {"on", "for", "with"}
            and child.i == noun.i + 1
        ):
            content, through = trimmed(doc, child.i + 1, child.right_edge.i + 1), child.i
        if content is not None:
            break
    if content is None:
        return None
    source: Span | None
    if owners:
        owner = owners[0]
        source = trimmed_subtree(owner)
        start = after_stray_clause(doc, owner.left_edge.i, owner.i)
        if start != owner.left_edge.i:
            source = trimmed(doc, start, owner.right_edge.i + 1)
        if source is not None and source[-1].text in {"'s", "’s", "'"}:
            source = source[:-1] if len(source) > 1 else None
        if source is None:
            return None
    else:
        source = nominal_source(noun, content)
    start, end = chars(doc, content)
    inside = quotes.inside(start, end)
    cue = cue_span(doc, noun, through)
    return Attribution(
        _with_modifiers(doc, cue, noun),
        source,
        [(start, end)],
        quotes.kind(inside, start, end),
        in_quote=quotes.containing(noun.idx) is not None,
    )


def _with_modifiers(doc: Doc, cue: Span, noun: Token) -> Span:
    """A noun of saying with the determiner and adjectives written right before it: "an aggressive
    pledge", "his latest claim" (the possessor is the source, not the cue)."""
    start = cue.start
    while (
        start > 0 and doc[start - 1].head.i == noun.i and doc[start - 1].dep_ in {"det", "amod", "compound"}
    ):
        start -= 1
    return doc[start : cue.end]


def _is_clause(token: Token) -> bool:
    """A that-clause or an infinitive ("the claim that ...", "a pledge to ..."), not a participle
    ("the threat posed by drones")."""
    return any(
        child.dep_ in {"mark", "aux"} and child.lower_ in {"that", "to"} and child.i < token.i
        for child in token.children
    )


def attitude(doc: Doc, be: Token, quotes: QuoteIndex) -> Attribution | None:
    """ "Kyiv is confident that ...", "Graham has been critical of Trump", "Moscow is ready to talk": what
    the subject thinks, wants or stands for; the cue runs from the verb to the preposition."""
    subject = child_with(be, "nsubj")
    if subject is None or subject.pos_ not in {"PROPN", "PRON", "NOUN"} or subject.lower_ in LEXICON.no_one:
        return None
    predicate = next(
        (c for c in be.rights if c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in LEXICON.attitude_words),
        None,
    )
    if predicate is None:
        return None
    content: Span | None = None
    through = predicate.i
    for child in [*predicate.rights, *(c for c in be.rights if c.i > predicate.i)]:
        if child.dep_ == "prep" and child.lower_ in LEXICON.attitude_prepositions:
            content, through = trimmed(doc, child.i + 1, child.right_edge.i + 1), child.i
        elif child.dep_ in {"xcomp", "ccomp"}:
            content = trimmed_subtree(child)
        if content is not None:
            break
    source = source_span(doc, subject)
    if content is None or source is None:
        return None
    start, end = chars(doc, content)
    inside = quotes.inside(start, end)
    return Attribution(
        doc[cue_span(doc, be).start : through + 1],
        source,
        [(start, end)],
        quotes.kind(inside, start, end),
        in_quote=quotes.containing(be.idx) is not None,
    )


def according_to(doc: Doc, according: Token, quotes: QuoteIndex) -> Attribution | None:
    """ "According to ISW, ...", "..., according to the General Staff": the rest of the sentence, on
    the longer side of the phrase, is what its object says."""
    to = doc[according.i + 1]
    objects = prepositional_objects(to) or prepositional_objects(according)
    if not objects:
        return None
    sentence_start, sentence_end = quotes.sentence_start(according), according.sent.end
    line_end = quotes.text.find("\n", according.idx)
    if line_end >= 0:
        sentence_end = min(sentence_end, bisect_left(quotes.token_starts, line_end))
    source_end = objects[0].right_edge.i + 1
    if source_end >= sentence_end - 1:
        # "According to Limbaugh, the move reeks of fear" misparsed as one noun phrase: the name ends
        # at its comma.
        comma = next((t.i for t in doc[according.i + 2 : source_end] if t.text == ","), None)
        source_end = comma if comma is not None else source_end
    source = trimmed(doc, objects[0].left_edge.i, source_end)
    if source is None or not names_someone(source):
        return None  # "according to plan" attributes nothing
    phrase_start, phrase_end = according.i, source.end
    before = (
        trimmed(doc, sentence_start, phrase_start, conjunction=True)
        if sentence_start < phrase_start
        else None
    )
    after = trimmed(doc, phrase_end, sentence_end, conjunction=True) if phrase_end < sentence_end else None
    # In the middle of the sentence the content is around the phrase: keep the longer side.
    sides = [side for side in (after, before) if side is not None]
    if not sides:
        return None
    content = max(sides, key=len)
    start, end = chars(doc, content)
    inside = quotes.inside(start, end)
    if content is after and inside:
        end = max(end, quotes.quotes[inside[-1]].end)  # "According to Limbaugh, “... ¶ ...”"
    if _unnamed_document(source):
        # "according to estimates": a report of what is estimated, by no one the text names (like "it is
        # estimated that"): the noun is the cue's, no speaker.
        return Attribution(
            source.doc[according.i : source.end], None, [(start, end)], quotes.kind(inside, start, end)
        )
    cue = doc[according.i : according.i + 2]
    return Attribution(cue, source, [(start, end)], quotes.kind(inside, start, end))


def _unnamed_document(source: Span) -> bool:
    """A bare document noun that names no author: "estimates", "reports", "data"; not "the report" (one
    named before), "estimates of the General Staff", "Ukrainian data" or "Western intelligence reports"."""
    root = source.root
    return (
        len(source) == 1
        and root.pos_ == "NOUN"
        and root.lemma_.lower() in LEXICON.document_nouns
        and not any(t.pos_ == "PROPN" for t in source)
    )
