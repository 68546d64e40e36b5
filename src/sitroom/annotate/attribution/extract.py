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
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.lexicon import (
    ATTITUDE_WORDS,
    BODY_NOUNS,
    INFINITIVE_CUES,
    MEDIUM_NOUNS,
    MEDIUM_PREPOSITIONS,
    NEEDS_CLAUSE,
    NO_OBJECT_CUES,
    NOMINAL_CUES,
    OBJECT_CUES,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PHYSICAL_CUES,
    PUBLISHED_NOUNS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
    TOPIC_CUES,
)
from sitroom.annotate.attribution.quotes import Quote, find_quotes

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Links through which a cue without its own subject takes its head's: "said ..., adding that ...".
_SUBJECT_SHARING = frozenset({"advcl", "xcomp", "conj", "dep"})
_CUE_MODIFIERS = frozenset({"advmod", "npadvmod"})
_TOPIC_PREPOSITIONS = frozenset({"about", "of", "against", "over"})
_ATTITUDE_PREPOSITIONS = _TOPIC_PREPOSITIONS | {"on", "with", "to", "toward", "towards"}
_NO_ONE = frozenset({"it", "this", "that", "there", "what", "which"})  # subjects that name no speaker
# Objects of "spoke on ..." that say how, not about what: "on condition of anonymity", "on behalf of".
_NOT_TOPICS = frozenset({"condition", "behalf", "record", "background"})
# Prepositions that set a cue in time or place ("stressed her record during the forum"), not in what it
# reports.
_SETTING_PREPOSITIONS = frozenset(
    {"during", "at", "in", "on", "after", "before", "since", "until", "amid", "while"}
)
_VERB_GROUP = frozenset({"aux", "auxpass", "neg", "advmod"})
_SOURCE_ASIDES = frozenset({"acl", "advcl"})
_ASIDE_OPENERS = frozenset({",", "—", "―", "–"})
_EDGE_PUNCT = frozenset(",;:.-–—()")
# Tokens between a quote and its cue: "“...,” he said", "he said: “...”".
_GAP_WORDS = frozenset({",", ":", "–", "—", "-", "that", ";"})
_CLOSING_MARKS = frozenset({'"', "”", "''", "»", "’"})
_OPENING_MARKS = frozenset({'"', "“", "``", "«"})
_SIGNING_DASHES = frozenset({"―", "—", "–"})
_SENTENCE_ENDS = frozenset({".", "?", "!", ":", ";"})
_MAX_LEAD_IN = 40  # tokens read back from a quote for the words leading into it
_MAX_CLAUSE = 200  # characters between a cue and the second half of a quote split around it
_MAX_NAME = 6  # tokens of a name that signs a quote or opens a line before a colon
_MAX_SPINE = 12  # tokens walked down the right edge of a clause looking for an aside at its end
_MAX_RUN = 5  # quoted sentences in a row that run on to the one a cue closes
_MAX_GAP = 12  # tokens between a cue and a quote it introduces ("told the BBC in an interview: “...”")


@dataclass(slots=True)
class Attribution:
    cue: Span
    source: Span | None
    contents: list[tuple[int, int]]  # character spans; the first is the main one, more when a quote is split
    kind: str  # direct, indirect, mixed
    medium: str | None = None
    addressee: Span | None = None  # "told Reuters": the outlet the speaker told
    flags: list[str] = field(default_factory=list)
    in_quote: bool = False  # the cue is inside a quote: a nested attribution, or one in an unattributed quote
    via: Attribution | None = None  # "The WSJ, citing Nadezhdin, reported ...": the report it reaches us in

    @property
    def lemma(self) -> str:
        return self.cue.root.lemma_.lower()


class _Quotes:
    """The document's quotes with the token positions they cover."""

    def __init__(self, doc: Doc, quotes: list[Quote]):
        self.doc, self.quotes = doc, quotes
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

    def overlapping(self, start: int, end: int) -> range:
        return range(max(bisect_right(self.starts, start) - 1, 0), bisect_left(self.starts, end))

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


def find_attributions(doc: Doc) -> list[Attribution]:
    quotes = _Quotes(doc, find_quotes(doc.text))
    found: list[Attribution] = []
    used_quotes: set[int] = set()
    for token in doc:
        attribution = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            attribution = _according_to(doc, token, quotes)
        elif token.pos_ == "VERB" and (
            token.lemma_.lower() in SPEECH_VERBS or _reports_that(token) or _puts_it(token)
        ):
            attribution = _verb_cue(doc, token, quotes, used_quotes)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in NOMINAL_CUES:
            attribution = _nominal_cue(doc, token, quotes)
        elif token.lemma_ == "be" and token.pos_ == "AUX":
            attribution = _attitude(doc, token, quotes)
        if attribution is not None:
            found.append(attribution)
    _continue_split_quotes(doc, found, quotes, used_quotes)
    _cited_sources(found)
    found.extend(_typographic(doc, quotes, used_quotes, {a.cue.start for a in found}))
    found.sort(key=lambda attribution: attribution.cue.start)
    return found


def _nominal_cue(doc: Doc, noun: Token, quotes: _Quotes) -> Attribution | None:
    """ "Russia's claim that it took the town", "his pledge to rebuild", "her comment about the war":
    the possessor says the clause or the topic. Without a possessor, a clause that says what was
    claimed ("the claim that ...", "a pledge by Moscow to ...") is said by the "by"/"from" phrase,
    or by nobody the text names."""
    owners = [child for child in noun.children if child.dep_ == "poss"]
    through: int | None = None
    content: Span | None = None
    for child in noun.rights:
        if child.dep_ in {"acl", "ccomp"} and child.pos_ in {"VERB", "AUX"} and (owners or _is_clause(child)):
            content = _trimmed(doc, child.left_edge.i, child.right_edge.i + 1)
        elif (
            owners
            and child.dep_ == "prep"
            and child.lower_ in _TOPIC_PREPOSITIONS | {"on", "for", "with"}
            and child.i == noun.i + 1
        ):
            content, through = _trimmed(doc, child.i + 1, child.right_edge.i + 1), child.i
        if content is not None:
            break
    if content is None:
        return None
    source: Span | None
    if owners:
        owner = owners[0]
        source = _trimmed(doc, owner.left_edge.i, owner.right_edge.i + 1)
        if source is not None and source[-1].text in {"'s", "’s", "'"}:
            source = source[:-1] if len(source) > 1 else None
        if source is None:
            return None
    else:
        source = _nominal_source(doc, noun, content)
    start, end = content.start_char, _end_with_quote(doc, content)
    inside = [q for q in quotes.overlapping(start, end) if _overlaps(quotes.quotes[q], start, end)]
    cue = _cue_span(doc, noun, through)
    return Attribution(
        _with_modifiers(doc, cue, noun),
        source,
        [(start, end)],
        _kind(quotes, inside, start, end),
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


def _nominal_source(doc: Doc, noun: Token, content: Span) -> Span | None:
    """Who a noun of saying without a possessor is from: "a statement from the ministry", "a pledge by
    Moscow"."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"} and child.i < content.start:
            named = next((c for c in child.children if c.dep_ == "pobj"), None)
            if named is not None and named.pos_ in {"PROPN", "NOUN", "PRON"}:
                return _trimmed(doc, named.left_edge.i, named.right_edge.i + 1)
    return None


def _attitude(doc: Doc, be: Token, quotes: _Quotes) -> Attribution | None:
    """ "Kyiv is confident that ...", "Graham has been critical of Trump", "Moscow is ready to talk": what
    the subject thinks, wants or stands for; the cue runs from the verb to the preposition."""
    subject = next((child for child in be.children if child.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ not in {"PROPN", "PRON", "NOUN"} or subject.lower_ in _NO_ONE:
        return None
    predicate = next(
        (c for c in be.rights if c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in ATTITUDE_WORDS), None
    )
    if predicate is None:
        return None
    content: Span | None = None
    through = predicate.i
    for child in [*predicate.rights, *(c for c in be.rights if c.i > predicate.i)]:
        if child.dep_ == "prep" and child.lower_ in _ATTITUDE_PREPOSITIONS:
            content, through = _trimmed(doc, child.i + 1, child.right_edge.i + 1), child.i
        elif child.dep_ in {"xcomp", "ccomp"}:
            content = _trimmed(doc, child.left_edge.i, child.right_edge.i + 1)
        if content is not None:
            break
    source = _source_span(doc, subject)
    if content is None or source is None:
        return None
    start, end = content.start_char, _end_with_quote(doc, content)
    inside = [q for q in quotes.overlapping(start, end) if _overlaps(quotes.quotes[q], start, end)]
    return Attribution(
        doc[_cue_span(doc, be).start : through + 1],
        source,
        [(start, end)],
        _kind(quotes, inside, start, end),
        in_quote=quotes.containing(be.idx) is not None,
    )


def _reports_that(verb: Token) -> bool:
    """A verb of knowing or judging with a that-clause and a named or pronoun subject ("Kyiv knows that
    ...", "officials concluded that ..."): it attributes the clause, whatever the verb."""
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    if (
        subject is None
        or subject.pos_ not in {"PROPN", "PRON", "NOUN"}
        or subject.lower_ in {"it", "this", "that"}
    ):
        return False
    return any(
        child.dep_ == "ccomp"
        and any(mark.dep_ == "mark" and mark.lower_ == "that" for mark in child.children)
        for child in verb.children
    )


def _cited_sources(found: list[Attribution]) -> None:
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


def _typographic(doc: Doc, quotes: _Quotes, used: set[int], cues: set[int]) -> list[Attribution]:
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
    doc: Doc, quotes: _Quotes, used: set[int], cue: Span, source: Span, content: Span
) -> Attribution:
    start, end = content.start_char, content.end_char
    inside = [q for q in quotes.overlapping(start, end) if _overlaps(quotes.quotes[q], start, end)]
    used.update(inside)
    return Attribution(cue, source, [(start, end)], _kind(quotes, inside, start, end))


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
    return _is_name(last) or lower in BODY_NOUNS or lower in PERSON_NOUNS or last.lower_ in BODY_NOUNS


def _trimmed_line(doc: Doc, start: int, end: int) -> Span | None:
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end - start >= 2 else None


# ------------------------------------------------------------------------------------- verb cues


def _verb_cue(doc: Doc, verb: Token, quotes: _Quotes, used_quotes: set[int]) -> Attribution | None:
    fronted = _fronted_as(doc, verb, quotes)
    if fronted is not None:
        return fronted
    if verb.tag_ == "VBN" and not any(child.dep_ in {"aux", "auxpass", "nsubj"} for child in verb.children):
        return None  # "Asked whether ..., Peskov said": a participle (one with a subject is mis-tagged)
    if any(child.dep_ == "nsubjpass" for child in verb.children):
        return _passive(doc, verb, quotes)
    source = _outside_quote(doc, _source(doc, verb), verb, quotes)
    relative = _relative_content(doc, verb) if source is not None else None
    if relative is not None:
        return Attribution(_cue_span(doc, verb), source, relative, "indirect", *_medium(doc, verb))
    lemma = verb.lemma_.lower()
    content = _introduced_quote(doc, verb, quotes, used_quotes) or _complement(
        doc, verb, lemma, source, quotes
    )
    through: int | None = None
    if content is not None and lemma == "call" and verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "on":
        through = verb.i + 1  # "called on allies to ...": the cue is "called on"
    flags: list[str] = []
    quote_ids: list[int] = []
    if content is None:
        adjacent = _adjacent_quote(doc, verb, source, quotes, used_quotes)
        if adjacent is not None:
            quote_ids = [adjacent]
            quote = quotes.quotes[adjacent]
            content = (_lead_in(doc, quote, quotes) if quote.end <= verb.idx else quote.start, quote.end)
    if content is None:
        content = _what_was_said(doc, verb)
    if content is None:
        content, through = _object_content(doc, verb, lemma)
    # "as X pointed out" reports the sentence around it, whatever the verb
    reports_around = lemma not in NEEDS_CLAUSE or any(
        child.dep_ == "mark" and child.lower_ == "as" for child in verb.children
    )
    if content is None and reports_around and source is not None:
        pieces = _parenthetical(doc, verb, source, quotes)
        if pieces is not None:
            cue = _cue_span(doc, verb, _trailing_modifiers(verb, source))
            return Attribution(cue, source, pieces, "indirect", *_medium(doc, verb))
    if content is None and reports_around:
        content = _appended_to(doc, verb, source, quotes)
    if content is None or (source is None and not quote_ids):
        return None
    start, end = content = _within_line(doc, verb, content, quotes)
    if start >= end:
        return None
    if not quote_ids:
        quote_ids = [q for q in quotes.overlapping(start, end) if _overlaps(quotes.quotes[q], start, end)]
    after = quotes.token_at(end)
    if after < len(doc) and not quote_ids:
        closing = quotes.containing(doc[after].idx)
        if (
            closing is not None
            and quotes.quotes[closing].start == doc[after].idx
            and doc[after].idx - end <= 1
        ):
            end = max(end, quotes.quotes[closing].end)  # "to blame for focusing on “he said this.”"
    cue_in_quote = quotes.containing(verb.idx)
    if cue_in_quote is not None and quotes.quotes[cue_in_quote].flags:
        # “The town is surrounded, the mayor said.  (never closed): the cue shows where the quote ended.
        flags.extend(quotes.quotes[cue_in_quote].flags)
        used_quotes.add(cue_in_quote)
        if start <= quotes.quotes[cue_in_quote].start:
            return Attribution(
                _cue_span(doc, verb), source, [(start, end)], "direct", *_medium(doc, verb), flags
            )
        cue_in_quote = None
    quote_ids = [q for q in quote_ids if q != cue_in_quote]  # the quote the cue is in is not its content
    for q in quote_ids:
        start, end = min(start, quotes.quotes[q].start), max(end, quotes.quotes[q].end)
        flags.extend(flag for flag in quotes.quotes[q].flags if flag not in flags)
        used_quotes.add(q)
    if start <= verb.idx < end:
        return None  # a content around its own cue is a misparse
    kind = _kind(quotes, quote_ids, start, end)
    pieces = [(start, end)]
    if quote_ids and end <= verb.idx and start == quotes.quotes[min(quote_ids)].start:
        for earlier in _quotes_running_into(doc.text, min(quote_ids), quotes, used_quotes):
            # “We held.” “We will hold,” he said: quoted sentences run on to the one the cue closes.
            used_quotes.add(earlier)
            pieces.insert(0, (quotes.quotes[earlier].start, quotes.quotes[earlier].end))
    opening = (
        _quote_before(doc, verb, source, quotes, used_quotes) if quote_ids and start > verb.idx else None
    )
    if opening is not None:
        # “Every time you say that,” Tester said, “you give ammunition ...”: the quote split around its cue
        used_quotes.add(opening)
        pieces.insert(0, (quotes.quotes[opening].start, quotes.quotes[opening].end))
    medium, addressee = _medium(doc, verb)
    if through is None and end <= verb.idx:
        through = _trailing_modifiers(verb, source)
    cue = _cue_span(doc, verb, through)
    publisher = _published_by(doc, verb) if start > verb.idx else None
    if publisher is not None:
        # "He released a letter from his doctor that says ...": he says it, through the letter.
        source, document, releasing = publisher
        cue, medium = doc[releasing : cue.end], medium or document.lemma_.lower()
    return Attribution(
        cue,
        source,
        pieces,
        kind,
        medium,
        addressee,
        flags,
        cue_in_quote is not None,
    )


def _quotes_running_into(text: str, index: int, quotes: _Quotes, used: set[int]) -> list[int]:
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


def _outside_quote(doc: Doc, source: Span | None, verb: Token, quotes: _Quotes) -> Span | None:
    """ "“... One of the brightest members of Congress,” Rep. Cummings said": a subject the parser starts
    inside the quote the cue closes begins after that quote; the speaker is not among the quoted words."""
    if source is None or source.start >= verb.i:
        return source
    inside = quotes.containing(source.start_char)
    if inside is None or quotes.quotes[inside].end > verb.idx or quotes.containing(verb.idx) is not None:
        return source
    after = _trimmed(doc, quotes.token_at(quotes.quotes[inside].end), _cue_span(doc, verb).start)
    return after if after is not None and any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in after) else None


def _within_line(doc: Doc, verb: Token, content: tuple[int, int], quotes: _Quotes) -> tuple[int, int]:
    """A content after its cue ends with the cue's line: a headline ("Kyiv says Russia lost 500 tanks")
    has no final stop, and the parser runs it into the paragraph below. A quote it runs into is
    widened to again afterwards."""
    start, end = content
    if start <= verb.idx:
        return content
    last = doc[quotes.line_end(verb.i) - 1]
    return start, min(end, last.idx + len(last))


def _relative_content(doc: Doc, verb: Token) -> list[tuple[int, int]] | None:
    """ "the offensive, which ISW says began in May", "a figure that Kyiv says is inflated": a cue in a
    relative clause whose pronoun belongs to the reported clause says the clause of the pronoun's
    antecedent: the noun phrase before the pronoun and the words after the cue."""
    if verb.dep_ != "relcl":
        return None
    clause = next((child for child in verb.rights if child.dep_ == "ccomp"), None)
    if clause is None or clause.left_edge.i >= verb.i:
        return None
    pronoun = doc[clause.left_edge.i]
    noun = verb.head
    if pronoun.lower_ not in RELATIVE_PRONOUNS or pronoun.head.i != clause.i or noun.i >= pronoun.i:
        return None
    antecedent = _trimmed(doc, noun.left_edge.i, pronoun.i)
    said = _trimmed(doc, verb.i + 1, clause.right_edge.i + 1)
    if antecedent is None or said is None:
        return None
    return [(antecedent.start_char, antecedent.end_char), _chars(doc, said)]


def _published_by(doc: Doc, verb: Token) -> tuple[Span, Token, int] | None:
    """Who puts out the document that says something ("He released a letter that says ...", "it issued a
    paper welcoming ..."): the subject of the verb whose object is the document, the document, and
    where that verb's group starts."""
    document = verb.head
    if verb.dep_ not in {"acl", "relcl"} or document.lemma_.lower() not in PUBLISHED_NOUNS:
        return None
    if document.dep_ != "dobj" or document.head.pos_ != "VERB":
        return None
    releasing = document.head
    subject = next((child for child in releasing.children if child.dep_ == "nsubj"), None)
    source = _source_span(doc, subject) if subject is not None else None
    if source is None or source.end > releasing.i:
        return None
    return source, document, _cue_span(doc, releasing).start


def _passive(doc: Doc, verb: Token, quotes: _Quotes) -> Attribution | None:
    """A cue in the passive: its agent, if any, says it ("The plan was first reported by the Post").

    What is said is its clause ("It was reported that ..."), its subject with its infinitive ("The
    veto is expected to come ...", no source in the text), or, with an agent, its subject alone.
    """
    subject = next(child for child in verb.children if child.dep_ == "nsubjpass")
    if any(child.lower_ == "as" and child.dep_ == "prep" for child in verb.children):
        return None  # "X was quoted by TASS as saying ...": X says it, with the saying as cue
    agent = next((child for child in verb.children if child.dep_ == "agent"), None)
    named = next((child for child in agent.children if child.dep_ == "pobj"), None) if agent else None
    source = _trimmed(doc, named.left_edge.i, named.right_edge.i + 1) if named is not None else None
    clause = next((c for c in verb.rights if c.dep_ in {"ccomp", "xcomp"}), None)
    said = _trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)
    pieces: list[Span | None]
    if clause is not None:
        complement = _trimmed(doc, clause.left_edge.i, clause.right_edge.i + 1)
        expletive = subject.lower_ in {"it", "there"}
        pieces = [complement] if clause.dep_ == "ccomp" or expletive else [said, complement]
    elif source is not None:
        pieces = [said]
    elif (charge := _charged_with(verb)) is not None:
        # "He has been criticized for his policies", "It was described as a provocation"
        pieces = [said, _trimmed(doc, charge.i, charge.right_edge.i + 1)]
    else:
        return None
    spans = [piece for piece in pieces if piece is not None]
    if len(spans) != len(pieces) or (source is not None and any(_overlaps_span(source, s) for s in spans)):
        return None
    contents = [(span.start_char, _end_with_quote(doc, span)) for span in spans]
    inside = [
        q
        for start, end in contents
        for q in quotes.overlapping(start, end)
        if _overlaps(quotes.quotes[q], start, end)
    ]
    first, last = contents[0][0], contents[-1][1]
    through = agent.i if agent is not None and agent.i == verb.i + 1 else None
    return Attribution(
        _cue_span(doc, verb, through),
        source,
        contents,
        _kind(quotes, inside, first, last) if len(contents) == 1 else "indirect",
        *_medium(doc, verb),
        in_quote=quotes.containing(verb.idx) is not None,
    )


def _charged_with(verb: Token) -> Token | None:
    """The "for"/"as" phrase that says what a passive cue charges or calls its subject ("criticized for
    ...", "described as ..."), not a date ("was called for Monday")."""
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in {"for", "as"}:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects and all(c.ent_type_ not in {"DATE", "TIME"} for c in objects):
                return child
    return None


def _overlaps_span(one: Span, other: Span) -> bool:
    return one.start < other.end and other.start < one.end


def _source(doc: Doc, verb: Token) -> Span | None:
    """The speaker as written: the cue's subject, or the subject of the verb it hangs on."""
    current = verb
    for _ in range(4):
        subjects = [child for child in current.children if child.dep_ in _SUBJECTS]
        if subjects:
            subject = subjects[0]
            quoted = current.lemma_.lower() == "quote" and current is not verb  # "was quoted as saying"
            if (subject.dep_ == "nsubjpass" and not quoted) or subject.lower_ in {"there", "this"}:
                return None  # "it was reported that": no speaker in the text
            return _source_span(doc, subject)
        if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            # "one saying that ...", "Trump, saying ...": the noun the participle describes.
            head = current.head
            return _trimmed(doc, head.left_edge.i, min(head.right_edge.i + 1, current.left_edge.i))
        if current.dep_ == "pcomp" and current.head.lower_ == "as" and current.head.head.i != current.i:
            current = current.head.head  # "X was quoted as saying": the one quoted
            continue
        if current.dep_ not in _SUBJECT_SHARING or current.head.i == current.i:
            return None
        current = current.head
    return None


def _source_span(doc: Doc, subject: Token) -> Span | None:
    """The subject's words, up to a comma or dash that sets off a clause about it ("Trump, speaking in
    Ohio,"), without a date ("a panel in 2001"), a headline or time stamp on the lines before, or
    "both"."""
    end = subject.right_edge.i + 1
    for child in subject.rights:
        if child.i <= subject.i:
            continue
        before = doc[child.left_edge.i - 1].text
        dated = child.dep_ == "prep" and any(
            grand.dep_ == "pobj" and grand.ent_type_ in {"DATE", "TIME"} for grand in child.children
        )
        if (child.dep_ in _SOURCE_ASIDES and before in _ASIDE_OPENERS) or dated:
            end = min(end, child.left_edge.i - (0 if dated else 1))
    start = subject.left_edge.i
    for token in doc[start : end - 1]:
        if "\n" in token.text_with_ws:
            start = token.i + 1  # the speaker is named on the cue's line
    while start < subject.i and (doc[start].is_space or doc[start].is_quote or doc[start].lower_ == "both"):
        start += 1
    span = _trimmed(doc, start, end, conjunction=True)
    if (
        span is not None
        and span.end < len(doc)
        and doc[span.end].text == ","
        and any(t.text == "," for t in span)
    ):
        # "Phil Lovas, the state's campaign chairman," - the comma closing an aside is the source's
        return doc[span.start : span.end + 1]
    return span


def _complement(
    doc: Doc, verb: Token, lemma: str, source: Span | None, quotes: _Quotes
) -> tuple[int, int] | None:
    first = source.start if source is not None and source.start < verb.i else verb.i
    line_end = quotes.line_end(verb.i)
    for child in verb.children:
        if child.i >= line_end and quotes.containing(child.idx) is None:
            continue  # a headline run into the paragraph below: that paragraph is not what it says
        if _is_complement(verb, child, lemma):
            start, end = child.left_edge.i, child.right_edge.i + 1
            objects = [o for o in verb.children if o.dep_ in {"dobj", "dative"} and o.i < child.i]
            objects += [  # "called on allies to send ...": the addressee, then what
                grand
                for o in verb.children
                if o.dep_ == "prep" and o.lower_ == "on" and o.i == verb.i + 1 and o.i < child.i
                for grand in o.children
                if grand.dep_ == "pobj"
            ]
            if child.dep_ == "xcomp" and objects and lemma != "tell":
                start = min(start, objects[0].left_edge.i)  # "urged Kyiv to negotiate": who, then what
            if child.i < verb.i:
                # "A, but B, another source said": all of the sentence before the cue is what was said.
                start = max(min(start, verb.sent.start), quotes.sentence_start(verb))
                end = min(end, first)
            else:
                coordinated = _with_coordinated(verb, child, end)
                end = coordinated if coordinated > end else _without_aside(child, end, relative=False)
            for clause in child.rights:
                # "... promised to help and said she would stay", "..., arguing that ...": the second
                # cue has its own content.
                if (clause.dep_ == "conj" and _is_speech_verb(clause)) or (
                    clause.dep_ == "advcl" and _is_own_cue(clause)
                ):
                    end = min(end, clause.left_edge.i)
                    while end > start and doc[end - 1].dep_ in {"cc", "mark"}:
                        end -= 1
            span = _trimmed(doc, start, end)
            if span is not None and child.i > verb.i:
                span = _through_colon(doc, span, quotes)
            if span is not None:
                return span.start_char, _end_with_quote(doc, span)
    return _that_clause_after(doc, verb)


def _that_clause_after(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """ "told a meeting of leaders that few people understood ...", "reported at the time that ...": a
    that-clause the parser hung on the noun before it, read as the cue's complement. "that" is its
    complementiser, not a relative pronoun: the clause has a subject of its own and "that" fills no
    gap in it ("the report that he wrote" is no such clause)."""
    for token in doc[verb.i + 1 : min(verb.right_edge.i + 1, verb.i + _MAX_GAP)]:
        if token.pos_ == "VERB" or token.text in _SENTENCE_ENDS:
            return None
        clause = token.head
        if token.lower_ != "that" or token.dep_ not in {"mark", "advmod"} or clause.i <= token.i:
            continue
        if clause.dep_ in {"relcl", "advcl"} and any(c.dep_ == "nsubj" for c in clause.children):
            span = _trimmed(doc, token.i, clause.right_edge.i + 1)
            return (span.start_char, _end_with_quote(doc, span)) if span is not None else None
    return None


def _through_colon(doc: Doc, span: Span, quotes: _Quotes) -> Span:
    """ "said she has the quality for the job: “Steadiness ...”": what a colon at the end of a reported
    clause introduces is reported too, to the end of its sentence on the same line."""
    colon = span.end
    if colon + 1 >= len(doc) or doc[colon].text != ":":
        return span
    end = min(doc[colon + 1].sent.end, quotes.line_end(colon + 1))
    return _trimmed(doc, span.start, end) or span


def _is_complement(verb: Token, child: Token, lemma: str) -> bool:
    """The clause the cue reports: its clausal complement, an infinitive of a cue that takes one
    ("urged Kyiv to negotiate"), or a clause with its own subject that the parser took for an adverbial
    ("said after the convention he would not accept")."""
    if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and lemma in INFINITIVE_CUES):
        return True
    return (
        child.dep_ == "advcl"
        and child.i > verb.i
        and lemma not in NEEDS_CLAUSE
        and any(c.dep_ == "nsubj" for c in child.children)
        and not any(c.dep_ in {"mark", "advmod"} and c.i < child.i for c in child.children)
    )


def _is_speech_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_VERBS


def _is_own_cue(token: Token) -> bool:
    """A speech verb that says something of its own: with its own subject, or a participle sharing the
    cue's ("..., arguing that ..."); not one in the passive ("if it were offered")."""
    subjects = {child.dep_ for child in token.children} & _SUBJECTS
    return _is_speech_verb(token) and (subjects == {"nsubj"} or (not subjects and token.tag_ == "VBG"))


def _with_coordinated(verb: Token, clause: Token, end: int) -> int:
    """ "wants to triple the corps, grow the reserve and ...": bare infinitives coordinated with the
    cue (the parser hangs them on it) after the infinitive it reports are reported too."""
    if clause.dep_ != "xcomp":
        return end
    for conj in verb.rights:
        infinitive = conj.dep_ == "conj" and conj.tag_ in {"VB", "VBP"} and verb.tag_ != conj.tag_
        subject = any(c.dep_ in _SUBJECTS for c in conj.children)
        if infinitive and conj.i > clause.i and not subject and not _is_speech_verb(conj):
            return max(end, conj.right_edge.i + 1)
    return end


def _without_aside(clause: Token, end: int, *, relative: bool) -> int:
    """End of a reported clause or object before an apposition to a name set off by a comma at its
    end ("... support Mr. Trump, the presumed favourite"), and for an object before a relative clause
    set off so ("endorsed Trump, who says he is honoured"): the writer's description, not what was
    said. A list ("tax fairness, the closure of loopholes") and a clause's own relative ("a loss in
    1995, which let him avoid taxes") are kept."""
    token = clause
    for _ in range(_MAX_SPINE):
        rights = [child for child in token.rights if not child.is_punct]
        if not rights:
            break
        token = rights[-1]
        aside = (token.dep_ == "appos" and token.head.pos_ == "PROPN") or (relative and token.dep_ == "relcl")
        if aside and token.right_edge.i + 1 >= end and token.doc[token.left_edge.i - 1].text == ",":
            return token.left_edge.i - 1
    return end


def _what_was_said(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """ "What the senators said was that the bill would fail", "What Kyiv wants is air defence": the
    predicate of the "to be" the cue's clause is the subject of."""
    if verb.dep_ != "csubj" or verb.head.lemma_ != "be" or verb.head.i < verb.i:
        return None
    if not any(child.dep_ == "dobj" and child.lower_ == "what" for child in verb.children):
        return None
    predicate = next((c for c in verb.head.rights if c.dep_ in {"ccomp", "attr", "acomp", "xcomp"}), None)
    span = _trimmed(doc, predicate.left_edge.i, predicate.right_edge.i + 1) if predicate is not None else None
    return (span.start_char, _end_with_quote(doc, span)) if span is not None else None


def _trailing_modifiers(verb: Token, source: Span | None) -> int | None:
    """Last token of the how, when and where after a cue that closes its content ("..., he said in an
    interview on Monday."): with nothing left to report, they belong to the cue."""
    last = None
    expected = verb.i + 1
    for child in verb.rights:
        it = child.dep_ == "dobj" and child.lower_ == "it" and _puts_it(verb)  # "as X put it"
        venue = child.dep_ == "prep" and child.lower_ == "in" and _names_medium(child)  # "in an interview"
        if (
            child.dep_ not in _CUE_MODIFIERS | {"prt"} and not it and not venue
        ) or child.left_edge.i != expected:
            break
        if source is not None and source.start <= child.right_edge.i and child.i < source.end:
            break
        last = child.right_edge.i
        if venue:
            # "said in an interview in Honolulu": the venue ends at its noun
            noun = next(c for c in child.children if c.dep_ == "pobj" and c.lower_ in MEDIUM_NOUNS)
            last = noun.i
            break
        expected = last + 1
    return last


def _names_medium(preposition: Token) -> bool:
    return any(child.dep_ == "pobj" and child.lower_ in MEDIUM_NOUNS for child in preposition.children)


def _object_content(doc: Doc, verb: Token, lemma: str) -> tuple[tuple[int, int] | None, int | None]:
    """What an object-taking cue reports, and the token the cue runs through.

    "called for more aid" and "called on allies to act" (the cue takes the preposition), "called the
    charges fabricated" (object and predicate), "denied the report", "cited his losses" (the object).
    """
    children = list(verb.rights)
    for child in children:
        # "warned about the risk", "spoke out against the war", "commented on the talks"
        next_to_verb = child.i == verb.i + 1 or (child.i == verb.i + 2 and doc[verb.i + 1].dep_ == "prt")
        topic = child.lower_ in _TOPIC_PREPOSITIONS or (child.lower_ in {"on", "for"} and lemma in TOPIC_CUES)
        if child.dep_ == "prep" and next_to_verb and topic:
            objects = [
                o
                for o in child.children
                if o.dep_ == "pobj" and o.ent_type_ not in {"DATE", "TIME"} and o.lower_ not in _NOT_TOPICS
            ]
            span = _trimmed(doc, child.i + 1, child.right_edge.i + 1) if objects else None
            return (_chars(doc, span), child.i) if span is not None else (None, None)
    if lemma == "call":
        for child in children:
            if child.dep_ == "prep" and child.lower_ in {"for", "on"} and child.i == verb.i + 1:
                span = _trimmed(doc, child.i + 1, verb.right_edge.i + 1)
                return (_chars(doc, span), child.i) if span is not None else (None, None)
        predicates = [child for child in children if child.dep_ in {"oprd", "ccomp", "xcomp"}]
        objects = [child for child in children if child.dep_ == "dobj"]
        if objects and predicates:
            span = _trimmed(doc, objects[0].left_edge.i, predicates[-1].right_edge.i + 1)
            return (_chars(doc, span), None) if span is not None else (None, None)
        return None, None
    for child in children:
        if child.dep_ == "dobj" and _reports_object(lemma, child):
            end = _past_stranded_preposition(
                doc, _without_aside(child, _object_end(verb, child) + 1, relative=True)
            )
            span = _trimmed(doc, child.left_edge.i, end)
            return (_chars(doc, span), None) if span is not None else (None, None)
    return None, None


def _past_stranded_preposition(doc: Doc, end: int) -> int:
    """ "Shoigu claims capture of Soledar" over a paragraph it was parsed into: an object ending in a
    preposition whose object the parser hung elsewhere runs on over the words after it on its line."""
    last = doc[end - 1]
    if last.pos_ != "ADP" or any(child.dep_ == "pobj" for child in last.children):
        return end
    for token in doc[end : end + _MAX_GAP]:
        if token.is_space or token.text in _SENTENCE_ENDS or "\n" in doc[token.i - 1].text_with_ws:
            break
        end = token.i + 1
    return end


def _object_end(verb: Token, obj: Token) -> int:
    """Last token of what an object-taking cue reports: the object and the phrases that say what it
    is called or charged with ("described Obama as an evangelist", "accused Moscow of lying", "offers
    loans to parents"), up to a comma, a clause or a when-and-where of the cue ("... during the forum")."""
    last = obj.right_edge.i
    for child in verb.rights:
        if child.i <= obj.i:
            continue
        if child.dep_ == "oprd" or (
            child.dep_ in {"prep", "dative"} and child.lower_ not in _SETTING_PREPOSITIONS
        ):
            last = child.right_edge.i
        else:
            break
    return last


def _reports_object(lemma: str, obj: Token) -> bool:
    """Whether the cue's object is what it reports: always for the cues of ``OBJECT_CUES`` ("denied
    it"); for other speech verbs a noun, not a pronoun ("offered no proof", not "told them"); and a
    person for the verbs that are also physical ("attacked Clinton", not "attacked the USS Cole")."""
    if lemma in NO_OBJECT_CUES or obj.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return False
    if lemma in PHYSICAL_CUES:
        return obj.ent_type_ == "PERSON" or obj.lower_ in PERSON_PRONOUNS
    return lemma in OBJECT_CUES or (lemma in SPEECH_VERBS and obj.pos_ != "PRON")


def _chars(doc: Doc, span: Span) -> tuple[int, int]:
    return span.start_char, _end_with_quote(doc, span)


def _introduced_quote(doc: Doc, verb: Token, quotes: _Quotes, used: set[int]) -> tuple[int, int] | None:
    """ "Kall said: “I feel like ...”": a colon right after the cue introduces the quote after it."""
    at = verb.i + 1
    if at + 1 >= len(doc) or doc[at].text != ":":
        return None
    following = quotes.containing(doc[at + 1].idx)
    if following is None or following in used or quotes.quotes[following].start != doc[at + 1].idx:
        return None
    return quotes.quotes[following].start, quotes.quotes[following].end


def _lead_in(doc: Doc, quote: Quote, quotes: _Quotes) -> int:
    """Start of the words that lead into a quote in its sentence ("Not paying taxes “makes me smart,”")."""
    first = quotes.token_at(quote.start)
    start = first
    while start > quotes.line_start[min(first, len(doc) - 1)] and first - start < _MAX_LEAD_IN:
        previous = doc[start - 1]
        if previous.text in _SENTENCE_ENDS or quotes.containing(previous.idx) is not None:
            break
        if previous.pos_ == "VERB" and previous.lemma_.lower() in SPEECH_VERBS:
            return quote.start  # the words before are another attribution's
        start -= 1
    return doc[start].idx if start < first else quote.start


def _parenthetical(doc: Doc, verb: Token, source: Span, quotes: _Quotes) -> list[tuple[int, int]] | None:
    """ "Acts of protest, Mr. Obama said, are acts of patriotism": the sentence on both sides of the cue."""
    if source.start > verb.i:
        return None
    first = _as_start(doc, source.start)
    last = _trailing_modifiers(verb, source) or verb.i
    sentence_start = quotes.sentence_start(verb)
    sentence_end = min(verb.sent.end, quotes.line_end(verb.i))
    if first - 1 <= sentence_start or doc[first - 1].text != "," or last + 1 >= sentence_end:
        return None
    if doc[last + 1].text != "," or sentence_end - (last + 2) < 3:
        return None
    if doc[last + 2].head.i == verb.i:
        return None  # "..., an official said, after meeting the mayor": when it was said, not what
    before = _trimmed(doc, sentence_start, first - 1)
    after = _trimmed(doc, last + 2, sentence_end)
    if before is None or after is None:
        return None
    if before[0].dep_ in {"prep", "mark"} and before.root.head.i >= after.start:
        # "During his years in office, Mr. Obama said, a majority ...": a setting, not what was said
        return [(after.start_char, _end_with_quote(doc, after))]
    return [(before.start_char, before.end_char), (after.start_char, _end_with_quote(doc, after))]


def _appended_to(doc: Doc, verb: Token, source: Span | None, quotes: _Quotes) -> tuple[int, int] | None:
    """ "Secret Service protocol called for ..., sources said": the clause before the source."""
    first = verb.i if source is None or source.start > verb.i else _as_start(doc, source.start)
    head = verb.head
    if verb.dep_ in {"parataxis", "ccomp", "advcl"} and head.i < first and head.pos_ in {"VERB", "AUX"}:
        span = _trimmed(doc, max(head.left_edge.i, quotes.sentence_start(verb)), first)
    elif verb.dep_ == "ROOT":
        start = quotes.sentence_start(verb)
        span = _trimmed(doc, start, first) if start < first else None
    else:
        return None
    before = doc[first - 1].text
    if before in _CLOSING_MARKS and first > 1:
        before = doc[first - 2].text  # "... smart,'' Trump said"
    if span is None or len(span) < 3 or before not in {",", "—", "–"} or not _is_main_clause(span):
        return None
    return span.start_char, _end_with_quote(doc, span)


def _as_start(doc: Doc, first: int) -> int:
    """Start of a cue's clause with the "as" that leads it ("..., as the governor put it, ...")."""
    return (
        first - 1 if first > 0 and doc[first - 1].lower_ == "as" and doc[first - 1].dep_ == "mark" else first
    )


def _fronted_as(doc: Doc, verb: Token, quotes: _Quotes) -> Attribution | None:
    """ "As reported by the ministry, the enemy shelled ...", "As the governor put it, the city ...": an
    "as" clause before its main clause reports the rest of that clause; its subject, or the agent of
    a passive, is the source. After its clause (", as reported by the General Staff") only the passive
    is read here; ", as the governor put it" is a parenthetical cue."""
    if verb.dep_ != "advcl" or not any(
        child.dep_ == "mark" and child.lower_ == "as" for child in verb.children
    ):
        return None
    trailing = verb.head.i < verb.i
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    agent = next(
        (named for child in verb.children if child.dep_ == "agent" for named in child.children
         if named.dep_ == "pobj"),
        None,
    )  # fmt: skip
    if subject is not None and not trailing:
        source = _source_span(doc, subject)
    elif agent is not None:
        source = _trimmed(doc, agent.left_edge.i, agent.right_edge.i + 1)
    else:
        return None
    if trailing:
        content = _trimmed(doc, verb.head.left_edge.i, verb.left_edge.i)
    else:
        content = _trimmed(doc, verb.right_edge.i + 1, verb.head.right_edge.i + 1)
    if source is None or content is None or not any(t.pos_ in {"VERB", "AUX"} for t in content):
        return None
    start, end = content.start_char, _end_with_quote(doc, content)
    inside = [q for q in quotes.overlapping(start, end) if _overlaps(quotes.quotes[q], start, end)]
    return Attribution(
        _cue_span(doc, verb), source, [(start, end)], _kind(quotes, inside, start, end), *_medium(doc, verb)
    )


def _puts_it(verb: Token) -> bool:
    """ "as X put it": a cue whatever its verb."""
    return (
        verb.lemma_.lower() == "put"
        and any(child.dep_ == "dobj" and child.lower_ == "it" for child in verb.children)
        and any(child.dep_ == "mark" and child.lower_ == "as" for child in verb.children)
    )


def _is_main_clause(span: Span) -> bool:
    """Words that can be said: a clause with a verb, not a setting ("In Honolulu last week, he told")
    nor a subordinate clause ("While he acknowledged ..., Ham noted")."""
    if span[0].dep_ in {"mark", "prep"} or span[0].pos_ in {"ADP", "SCONJ"}:
        return False
    return any(token.pos_ in {"VERB", "AUX"} for token in span)


def _adjacent_quote(
    doc: Doc, verb: Token, source: Span | None, quotes: _Quotes, used: set[int]
) -> int | None:
    """The quote the cue introduces or closes, when only punctuation, the source and the cue separate them."""
    before = _quote_before(doc, verb, source, quotes, used)
    if before is not None:
        return before
    last = max(verb.i, source.end - 1 if source is not None else verb.i)
    # After: he said: “...” / he told the BBC in an interview, “...”.
    for token in doc[last + 1 : last + 1 + _MAX_GAP]:
        inside = quotes.containing(token.idx)
        if inside is not None:
            if inside in used or token.idx != quotes.quotes[inside].start:
                return None
            return inside if doc[token.i - 1].text in _GAP_WORDS or token.i == last + 1 else None
        if token.pos_ == "VERB" or (token.is_sent_end and token.text not in _GAP_WORDS):
            return None
    return None


def _quote_before(doc: Doc, verb: Token, source: Span | None, quotes: _Quotes, used: set[int]) -> int | None:
    """The quote the cue closes: “...,” he said / “...,” said the minister."""
    first = min(verb.i, source.start if source is not None else verb.i)
    before = quotes.containing(doc[first - 1].idx) if first > 0 else None
    if before is None and first > 1 and doc[first - 1].text in _GAP_WORDS:
        before = quotes.containing(doc[first - 2].idx)
    if before is not None and before not in used and quotes.quotes[before].end <= doc[first].idx:
        return before
    return None


def _continue_split_quotes(doc: Doc, found: list[Attribution], quotes: _Quotes, used: set[int]) -> None:
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
        between = doc.text[doc[after].idx : quote.start]
        if len(between) > _MAX_CLAUSE or "\n" in between or between.rstrip()[-1:] not in {".", ",", ""}:
            continue
        clause = doc[after : quotes.token_at(quote.start)]
        if any(token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_VERBS for token in clause):
            continue  # another cue stands between: the quote is its own
        used.add(following)
        attribution.contents.append((quote.start, quote.end))
        attribution.flags.extend(flag for flag in quote.flags if flag not in attribution.flags)


def _kind(quotes: _Quotes, quote_ids: list[int], start: int, end: int) -> str:
    if not quote_ids:
        return "indirect"
    quoted = sum(quotes.quotes[q].end - quotes.quotes[q].start for q in quote_ids)
    return "direct" if quoted >= end - start - 2 else "mixed"


def _overlaps(quote: Quote, start: int, end: int) -> bool:
    return quote.start < end and start < quote.end


# ----------------------------------------------------------------------------------- according to


def _according_to(doc: Doc, according: Token, quotes: _Quotes) -> Attribution | None:
    to = doc[according.i + 1]
    objects = [child for child in to.children if child.dep_ == "pobj"] or [
        child for child in according.children if child.dep_ == "pobj"
    ]
    if not objects:
        return None
    sentence_start, sentence_end = quotes.sentence_start(according), according.sent.end
    line_end = doc.text.find("\n", according.idx)
    if line_end >= 0:
        sentence_end = min(sentence_end, bisect_left(quotes.token_starts, line_end))
    source_end = objects[0].right_edge.i + 1
    if source_end >= sentence_end - 1:
        # "According to Limbaugh, the move reeks of fear" misparsed as one noun phrase: the name ends
        # at its comma.
        comma = next((t.i for t in doc[according.i + 2 : source_end] if t.text == ","), None)
        source_end = comma if comma is not None else source_end
    source = _trimmed(doc, objects[0].left_edge.i, source_end)
    if source is None:
        return None
    phrase_start, phrase_end = according.i, source.end
    before = (
        _trimmed(doc, sentence_start, phrase_start, conjunction=True)
        if sentence_start < phrase_start
        else None
    )
    after = _trimmed(doc, phrase_end, sentence_end, conjunction=True) if phrase_end < sentence_end else None
    # In the middle of the sentence the content is around the phrase: keep the longer side.
    sides = [side for side in (after, before) if side is not None]
    if not sides:
        return None
    content = max(sides, key=len)
    start, end = content.start_char, _end_with_quote(doc, content)
    inside = [q for q in quotes.overlapping(start, end) if _overlaps(quotes.quotes[q], start, end)]
    if content is after and inside:
        end = max(end, quotes.quotes[inside[-1]].end)  # "According to Limbaugh, “... ¶ ...”"
    cue = doc[according.i : according.i + 2]
    return Attribution(cue, source, [(start, end)], _kind(quotes, inside, start, end))


# ---------------------------------------------------------------------------------------- helpers


def _cue_span(doc: Doc, verb: Token, through: int | None = None) -> Span:
    """The verb group: auxiliaries, negation and adverbs written right before it ("has also said"), a
    particle or preposition that belongs to it ("pointed out", "called for": ``through``), and a colon
    that introduces what follows ("said:")."""
    start = verb.i
    group = {verb.i}  # "is once again questioning": an adverb of an adverb of the verb is in the group
    while start > 0 and doc[start - 1].head.i in group and doc[start - 1].dep_ in _VERB_GROUP:
        start -= 1
        group.add(start)
    end = (through if through is not None else verb.i) + 1
    if end < len(doc) and doc[end].dep_ == "prt" and doc[end].head.i == verb.i:
        end += 1
    if end < len(doc) and doc[end].text == ":":
        end += 1
    return doc[start:end]


def _medium(doc: Doc, verb: Token) -> tuple[str | None, Span | None]:
    """Where it was said ("in an interview", "on his Telegram channel") and to which outlet."""
    medium: str | None = None
    addressee: Span | None = None
    for child in verb.children:
        if child.dep_ in {"dative", "dobj"} and verb.lemma_.lower() == "tell":
            addressee = doc[child.left_edge.i : child.right_edge.i + 1]
        elif child.dep_ == "prep" and child.lower_ in MEDIUM_PREPOSITIONS and medium is None:
            objects = [grand for grand in child.children if grand.dep_ == "pobj"]
            if objects and objects[0].lower_ in MEDIUM_NOUNS:
                obj = objects[0]
                modifiers = [t.i for t in obj.lefts if t.dep_ in {"compound", "amod", "nmod"}]
                span = _trimmed(doc, min(modifiers, default=obj.i), obj.right_edge.i + 1)
                medium = span.text.strip('“”"') if span is not None else None
    return medium, addressee


def _trimmed(doc: Doc, start: int, end: int, *, conjunction: bool = False) -> Span | None:
    """The tokens from ``start`` to ``end`` without punctuation at the edges (nor a leading conjunction)."""
    while start < end and (
        doc[start].text in _EDGE_PUNCT or doc[start].is_space or (conjunction and doc[start].dep_ == "cc")
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in _EDGE_PUNCT or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"
    ):
        if doc[end - 1].text == ")" and any(token.text == "(" for token in doc[start : end - 1]):
            break  # "Mike Pence (R-IN)" keeps its bracket
        end -= 1
    return doc[start:end] if end > start else None


def _end_with_quote(doc: Doc, span: Span) -> int:
    """End of ``span``, past a sentence-final stop and a closing quote mark that end it ("... wraps.”")."""
    end = span.end
    if (
        end < len(doc)
        and doc[end].text in {".", "!", "?"}
        and end + 1 < len(doc)
        and doc[end + 1].text in "”’\"'"
        and (doc[end + 1].whitespace_ or end + 2 == len(doc) or doc[end + 2].is_punct)
    ):  # a closing mark: nothing written right after it (“... wraps.” but not ... since. "I have
        return doc[end + 1].idx + len(doc[end + 1])
    return span.end_char
