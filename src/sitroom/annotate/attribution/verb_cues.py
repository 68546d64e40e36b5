"""Attributions by a verb of saying or thinking: "Reznikov said (that) ...", "“...,” he said", "denied the
report", "urged Kyiv to negotiate", "The plan was first reported by the Post", "As reported by the
ministry, ...". ``verb_cue`` reads one verb in named steps; ``contents`` and ``quote_contents`` find
what it reports, ``sources`` who says it."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.contents import (
    appended_to,
    complement,
    object_content,
    parenthetical,
    relative_content,
    what_was_said,
    within_line,
)
from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.attribution.quote_contents import (
    adjacent_quote,
    introduced_quote,
    lead_in,
    quote_before,
    quotes_running_into,
)
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.sources import outside_quote, published_by, source_of, source_span
from sitroom.annotate.attribution.spans import (
    Attribution,
    Chars,
    chars,
    cue_span,
    medium_of,
    trailing_modifiers,
    trimmed,
    trimmed_subtree,
)
from sitroom.annotate.attribution.speakers import names_nobody
from sitroom.annotate.syntax import (
    child_with,
    has_marker,
    passive_agents,
    prepositional_object,
    prepositional_objects,
)


@dataclass(slots=True)
class _Reported:
    """What a verb cue reports, as it is found and then bounded."""

    start: int
    end: int
    through: int | None = None  # the last token of the cue when it runs on ("called on", "warned about")
    quote_ids: list[int] = field(default_factory=list)  # the quotes in it
    flags: list[str] = field(default_factory=list)


def verb_cue(doc: Doc, verb: Token, quotes: QuoteIndex, used: set[int]) -> Attribution | None:
    """The attribution of a verb of saying or thinking, if it has a source and says something.

    A fronted "as" clause and a passive are read apart. Otherwise: the source as written; what the
    cue reports (``_reported``), else the sentence around a parenthetical cue or the clause an
    appended cue closes; that content bounded by the cue's line (``_bound``); the quotes around it
    (``_with_quotes``); the cue span with its medium (``_attribution``). ``used`` holds the quotes
    already some cue's content.
    """
    fronted = fronted_as(doc, verb, quotes) or trailing_inverted(doc, verb, quotes)
    if fronted is not None:
        return fronted
    if verb.tag_ == "VBN" and not any(child.dep_ in {"aux", "auxpass", "nsubj"} for child in verb.children):
        return None  # "Asked whether ..., Peskov said": a participle (one with a subject is mis-tagged)
    if any(child.dep_ == "nsubjpass" for child in verb.children):
        return passive(doc, verb, quotes)
    source = outside_quote(doc, source_of(doc, verb), verb, quotes)
    if source is not None and names_nobody(source):
        return None  # "the failed attacks showed that ...": evidence of the writer's, not speech
    relative = relative_content(doc, verb) if source is not None else None
    if relative is not None:
        return Attribution(cue_span(doc, verb), source, relative, "indirect", *medium_of(doc, verb))
    lemma = verb.lemma_.lower()
    reported = _reported(doc, verb, lemma, source, quotes, used)
    # "as X pointed out" reports the sentence around it, whatever the verb
    if reported is None and (lemma not in LEXICON.needs_clause or has_marker(verb, "as")):
        pieces = parenthetical(doc, verb, source, quotes) if source is not None else None
        if pieces is not None:
            cue = cue_span(doc, verb, trailing_modifiers(verb, source))
            return Attribution(cue, source, pieces, "indirect", *medium_of(doc, verb))
        appended = appended_to(doc, verb, source, quotes)
        reported = _Reported(*appended) if appended is not None else None
    if reported is None or (source is None and not reported.quote_ids):
        return None
    if not _bound(doc, verb, reported, quotes):
        return None
    return _with_quotes(doc, verb, source, reported, quotes, used)


def _with_quotes(
    doc: Doc, verb: Token, source: Span | None, reported: _Reported, quotes: QuoteIndex, used: set[int]
) -> Attribution | None:
    """The attribution of a bounded content with the quotes around it: a cue inside a quote never
    closed ends that quote; otherwise the content takes the quotes in it, then the quoted sentences
    that run on to it and the first half of a quote split around the cue."""
    cue_quote = quotes.containing(verb.idx)
    if cue_quote is not None and quotes.quotes[cue_quote].flags:
        # “The town is surrounded, the mayor said.  (never closed): the cue shows where the quote ended.
        reported.flags.extend(quotes.quotes[cue_quote].flags)
        used.add(cue_quote)
        if reported.start <= quotes.quotes[cue_quote].start:
            contents = [(reported.start, reported.end)]
            return Attribution(
                cue_span(doc, verb), source, contents, "direct", *medium_of(doc, verb), reported.flags
            )
        cue_quote = None
    _take_quotes(reported, cue_quote, quotes, used)
    if reported.start <= verb.idx < reported.end:
        return None  # a content around its own cue is a misparse
    kind = quotes.kind(reported.quote_ids, reported.start, reported.end)
    pieces = _pieces(doc, verb, source, reported, quotes, used)
    return _attribution(doc, verb, source, reported, pieces, kind, in_quote=cue_quote is not None)


def _reported(
    doc: Doc, verb: Token, lemma: str, source: Span | None, quotes: QuoteIndex, used: set[int]
) -> _Reported | None:
    """What the cue reports, in order of preference: the quote its colon introduces or its clausal
    complement; a quote right before or after it, with the words leading into it; the predicate of
    "What X said was ..."; its object or topic."""
    content = introduced_quote(doc, verb, quotes, used) or complement(doc, verb, lemma, source, quotes)
    if content is not None:
        called_on = lemma == "call" and verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "on"
        return _Reported(*content, through=verb.i + 1 if called_on else None)  # "called on allies to ..."
    adjacent = adjacent_quote(doc, verb, source, quotes, used)
    if adjacent is not None:
        quote = quotes.quotes[adjacent]
        start = lead_in(doc, quote, quotes) if quote.end <= verb.idx else quote.start
        return _Reported(start, quote.end, quote_ids=[adjacent])
    content = what_was_said(doc, verb)
    if content is not None:
        return _Reported(*content)
    content, through = object_content(doc, verb, lemma)
    return _Reported(*content, through=through) if content is not None else None


def _bound(doc: Doc, verb: Token, reported: _Reported, quotes: QuoteIndex) -> bool:
    """End a content after its cue with the cue's line and find the quotes in it; one that runs right
    into a quote takes all of it ("to blame for focusing on “he said this.”"). False if nothing is left."""
    reported.start, reported.end = within_line(doc, verb, (reported.start, reported.end), quotes)
    if reported.start >= reported.end:
        return False
    if not reported.quote_ids:
        reported.quote_ids = quotes.inside(reported.start, reported.end)
    after = quotes.token_at(reported.end)
    if after < len(doc) and not reported.quote_ids:
        closing = quotes.containing(doc[after].idx)
        if (
            closing is not None
            and quotes.quotes[closing].start == doc[after].idx
            and doc[after].idx - reported.end <= 1
        ):
            reported.end = max(reported.end, quotes.quotes[closing].end)
    return True


def _take_quotes(reported: _Reported, cue_quote: int | None, quotes: QuoteIndex, used: set[int]) -> None:
    """Widen the content to the quotes in it, with their flags, and mark them used; the quote the cue
    is in is not its content."""
    reported.quote_ids = [q for q in reported.quote_ids if q != cue_quote]
    for q in reported.quote_ids:
        quote = quotes.quotes[q]
        reported.start, reported.end = min(reported.start, quote.start), max(reported.end, quote.end)
        reported.flags.extend(flag for flag in quote.flags if flag not in reported.flags)
        used.add(q)


def _pieces(
    doc: Doc, verb: Token, source: Span | None, reported: _Reported, quotes: QuoteIndex, used: set[int]
) -> list[Chars]:
    """The content, after the quoted sentences that run on to the one the cue closes (“We held.” “We
    will hold,” he said) and the first half of a quote split around its cue (“Every time you say
    that,” Tester said, “you give ammunition ...”)."""
    pieces = [(reported.start, reported.end)]
    quote_ids = reported.quote_ids
    if quote_ids and reported.end <= verb.idx and reported.start == quotes.quotes[min(quote_ids)].start:
        for earlier in quotes_running_into(quotes.text, min(quote_ids), quotes, used):
            used.add(earlier)
            pieces.insert(0, (quotes.quotes[earlier].start, quotes.quotes[earlier].end))
    opening = (
        quote_before(doc, verb, source, quotes, used) if quote_ids and reported.start > verb.idx else None
    )
    if opening is not None:
        used.add(opening)
        pieces.insert(0, (quotes.quotes[opening].start, quotes.quotes[opening].end))
    return pieces


def _attribution(
    doc: Doc,
    verb: Token,
    source: Span | None,
    reported: _Reported,
    pieces: list[Chars],
    kind: str,
    *,
    in_quote: bool,
) -> Attribution:
    """The attribution with its cue: the verb group, through the how, when and where after a cue that
    closes its content; a document the source puts out ("He released a letter from his doctor that
    says ...") makes the source its publisher, through the document as medium."""
    medium, addressee = medium_of(doc, verb)
    through = reported.through
    if through is None and reported.end <= verb.idx:
        through = trailing_modifiers(verb, source)
    cue = cue_span(doc, verb, through)
    publisher = published_by(doc, verb) if reported.start > verb.idx else None
    if publisher is not None:
        source, document, releasing = publisher
        cue, medium = doc[releasing : cue.end], medium or document.lemma_.lower()
    return Attribution(cue, source, pieces, kind, medium, addressee, reported.flags, in_quote)


def reports_that(verb: Token) -> bool:
    """A verb of knowing or judging with a that-clause and a named or pronoun subject ("Kyiv knows that
    ...", "officials concluded that ..."): it attributes the clause, whatever the verb."""
    subject = child_with(verb, "nsubj")
    if (
        subject is None
        or subject.pos_ not in {"PROPN", "PRON", "NOUN"}
        or subject.lower_ in {"it", "this", "that"}
    ):
        return False
    return any(child.dep_ == "ccomp" and has_marker(child, "that") for child in verb.children)


def passive(doc: Doc, verb: Token, quotes: QuoteIndex) -> Attribution | None:
    """A cue in the passive: its agent, if any, says it ("The plan was first reported by the Post").

    What is said is its clause ("It was reported that ..."), its subject with its infinitive ("The
    veto is expected to come ...", no source in the text), or, with an agent, its subject alone.
    """
    subject = next(child for child in verb.children if child.dep_ == "nsubjpass")
    if any(child.lower_ == "as" and child.dep_ == "prep" for child in verb.children):
        return None  # "X was quoted by TASS as saying ...": X says it, with the saying as cue
    agent = child_with(verb, "agent")
    named = prepositional_object(agent) if agent is not None else None
    source = trimmed_subtree(named) if named is not None else None
    clause = next((c for c in verb.rights if c.dep_ in {"ccomp", "xcomp"}), None)
    said = trimmed_subtree(subject)
    pieces: list[Span | None]
    if clause is not None:
        complement = trimmed_subtree(clause)
        expletive = subject.lower_ in {"it", "there"}
        pieces = [complement] if clause.dep_ == "ccomp" or expletive else [said, complement]
    elif source is not None:
        pieces = [said]
    elif (charge := _charged_with(verb)) is not None:
        # "He has been criticized for his policies", "It was described as a provocation"
        pieces = [said, trimmed(doc, charge.i, charge.right_edge.i + 1)]
    else:
        return None
    spans = [piece for piece in pieces if piece is not None]
    if len(spans) != len(pieces) or (source is not None and any(_overlaps(source, s) for s in spans)):
        return None
    contents = [chars(doc, span) for span in spans]
    inside = [q for start, end in contents for q in quotes.inside(start, end)]
    first, last = contents[0][0], contents[-1][1]
    through = agent.i if agent is not None and agent.i == verb.i + 1 else None
    return Attribution(
        cue_span(doc, verb, through),
        source,
        contents,
        quotes.kind(inside, first, last) if len(contents) == 1 else "indirect",
        *medium_of(doc, verb),
        in_quote=quotes.containing(verb.idx) is not None,
    )


def _charged_with(verb: Token) -> Token | None:
    """The "for"/"as" phrase that says what a passive cue charges or calls its subject ("criticized for
    ...", "described as ..."), not a date ("was called for Monday")."""
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in {"for", "as"}:
            objects = prepositional_objects(child, clausal=True)
            if objects and all(c.ent_type_ not in {"DATE", "TIME"} for c in objects):
                return child
    return None


def _overlaps(one: Span, other: Span) -> bool:
    return one.start < other.end and other.start < one.end


# What sets a clause-final cue off from the clause it reports.
_CUE_OPENERS = frozenset({",", "-", "–", "—"})
# Prepositions of a machine-translated source after its cue: "informed in the Ministry of Defence".
_SOURCE_PREPOSITIONS = frozenset({"in", "at", "from", "by"})


def trailing_inverted(doc: Doc, verb: Token, quotes: QuoteIndex) -> Attribution | None:
    """ "The enemy attacked near Robotyne, reported the General Staff.", "..., informed in the Ministry
    of Defence": a cue with no subject of its own closes the clause before it, and the source follows
    the cue (the word order of machine translations from Ukrainian and Russian). The parser makes the
    cue a conjunct or an adverbial clause of the reported verb and the source its object, which would
    otherwise give the reported clause's subject the words (or a participle describing the noun before
    it)."""
    head = verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "liberated the settlement Kislovka, informed in the Ministry": the parser hangs the cue on the
        # noun before it; what it reports is the sentence's clause.
        head = verb.sent.root
    elif verb.dep_ not in {"conj", "advcl"}:
        return None
    if head.i >= verb.i or verb.i == 0:
        return None
    if verb.tag_ == "VBG":
        # "..., Reznikov said, disputing Moscow's figure": a participle shares the speaker's subject and
        # its object is what the speaker disputes, not who speaks.
        return None
    if doc[verb.i - 1].text not in _CUE_OPENERS or child_with(verb, "nsubj", "nsubjpass") is not None:
        return None
    speaker = child_with(verb, "dobj") or _source_after_cue(verb)
    # The source names someone (a capitalised name or title) and ends the sentence.
    if speaker is None or not any(t.is_title or t.is_upper for t in speaker.subtree):
        return None
    if any(t.i > speaker.right_edge.i and not t.is_punct for t in verb.sent if t.i > verb.i):
        return None
    source = source_span(doc, speaker)
    content = trimmed(doc, head.left_edge.i, verb.i - 1)
    if source is None or content is None or not any(t.pos_ in {"VERB", "AUX"} for t in content):
        return None
    start, end = chars(doc, content)
    kind = quotes.kind(quotes.inside(start, end), start, end)
    return Attribution(cue_span(doc, verb), source, [(start, end)], kind, *medium_of(doc, verb))


def _source_after_cue(verb: Token) -> Token | None:
    """The source a preposition brings after a clause-final cue ("informed in the Ministry"), or the name
    the parser hangs on its date ("reported on Saturday the Ministry of Defence")."""
    for preposition in (c for c in verb.children if c.dep_ == "prep"):
        named = prepositional_object(preposition)
        if named is None:
            continue
        if named.ent_type_ in {"DATE", "TIME"}:
            named = child_with(named, "appos")
        elif preposition.lower_ not in _SOURCE_PREPOSITIONS:
            continue
        if named is not None:
            return named
    return None


def fronted_as(doc: Doc, verb: Token, quotes: QuoteIndex) -> Attribution | None:
    """ "As reported by the ministry, the enemy shelled ...", "As the governor put it, the city ...": an
    "as" clause before its main clause reports the rest of that clause; its subject, or the agent of
    a passive, is the source. After its clause (", as reported by the General Staff") only the passive
    is read here; ", as the governor put it" is a parenthetical cue."""
    if verb.dep_ != "advcl" or not has_marker(verb, "as"):
        return None
    trailing = verb.head.i < verb.i
    subject = child_with(verb, "nsubj")
    agent = next(iter(passive_agents(verb)), None)
    if subject is not None and not trailing:
        source = source_span(doc, subject)
    elif agent is not None:
        source = trimmed_subtree(agent)
    else:
        return None
    if trailing:
        content = trimmed(doc, verb.head.left_edge.i, verb.left_edge.i)
    else:
        content = trimmed(doc, verb.right_edge.i + 1, verb.head.right_edge.i + 1)
    if source is None or content is None or not any(t.pos_ in {"VERB", "AUX"} for t in content):
        return None
    start, end = chars(doc, content)
    kind = quotes.kind(quotes.inside(start, end), start, end)
    return Attribution(cue_span(doc, verb), source, [(start, end)], kind, *medium_of(doc, verb))
