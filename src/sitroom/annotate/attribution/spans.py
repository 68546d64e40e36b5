"""An attribution's spans: the ``Attribution`` record, and how a cue, a medium and any span cut from the
parse are bounded (the verb group, trimmed edges, a closing quote mark that ends a content)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.syntax import has_marker, prepositional_objects

_VERB_GROUP = frozenset({"aux", "auxpass", "neg", "advmod"})
_CUE_MODIFIERS = frozenset({"advmod", "npadvmod"})
_EDGE_PUNCT = frozenset(",;:.-–—()")
SENTENCE_ENDS = frozenset({".", "?", "!", ":", ";"})
MAX_GAP = 12  # tokens read past a cue for what it introduces ("told the BBC in an interview: “...”")

Chars = tuple[int, int]  # a character span


@dataclass(slots=True)
class Attribution:
    cue: Span
    source: Span | None
    contents: list[Chars]  # the first is the main one, more when a quote is split
    kind: str  # direct, indirect, mixed
    medium: str | None = None
    addressee: Span | None = None  # "told Reuters": the outlet the speaker told
    flags: list[str] = field(default_factory=list)
    in_quote: bool = False  # the cue is inside a quote: a nested attribution, or one in an unattributed quote
    via: Attribution | None = None  # "The WSJ, citing Nadezhdin, reported ...": the report it reaches us in

    @property
    def lemma(self) -> str:
        return self.cue.root.lemma_.lower()


def trimmed(doc: Doc, start: int, end: int, *, conjunction: bool = False) -> Span | None:
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


def trimmed_subtree(token: Token) -> Span | None:
    """The words the token heads, trimmed."""
    return trimmed(token.doc, token.left_edge.i, token.right_edge.i + 1)


def end_with_quote(doc: Doc, span: Span) -> int:
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


def chars(doc: Doc, span: Span) -> Chars:
    """A content's characters: the span, and the closing quote mark that ends it."""
    return span.start_char, end_with_quote(doc, span)


def cue_span(doc: Doc, verb: Token, through: int | None = None) -> Span:
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


def trailing_modifiers(verb: Token, source: Span | None) -> int | None:
    """Last token of the how, when and where after a cue that closes its content ("..., he said in an
    interview on Monday."): with nothing left to report, they belong to the cue."""
    last = None
    expected = verb.i + 1
    for child in verb.rights:
        it = child.dep_ == "dobj" and child.lower_ == "it" and puts_it(verb)  # "as X put it"
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
            last = next(o for o in prepositional_objects(child) if o.lower_ in LEXICON.medium_nouns).i
            break
        expected = last + 1
    return last


def puts_it(verb: Token) -> bool:
    """ "as X put it": a cue whatever its verb."""
    return (
        verb.lemma_.lower() == "put"
        and any(child.dep_ == "dobj" and child.lower_ == "it" for child in verb.children)
        and has_marker(verb, "as")
    )


def _names_medium(preposition: Token) -> bool:
    return any(o.lower_ in LEXICON.medium_nouns for o in prepositional_objects(preposition))


def medium_of(doc: Doc, verb: Token) -> tuple[str | None, Span | None]:
    """Where it was said ("in an interview", "on his Telegram channel") and to which outlet."""
    found: str | None = None
    addressee: Span | None = None
    for child in verb.children:
        if child.dep_ in {"dative", "dobj"} and verb.lemma_.lower() == "tell":
            addressee = doc[child.left_edge.i : child.right_edge.i + 1]
        elif child.dep_ == "prep" and child.lower_ in LEXICON.medium_prepositions and found is None:
            objects = prepositional_objects(child)
            if objects and objects[0].lower_ in LEXICON.medium_nouns:
                obj = objects[0]
                modifiers = [t.i for t in obj.lefts if t.dep_ in {"compound", "amod", "nmod"}]
                span = trimmed(doc, min(modifiers, default=obj.i), obj.right_edge.i + 1)
                found = span.text.strip('“”"') if span is not None else None
    return found, addressee


def as_start(doc: Doc, first: int) -> int:
    """Start of a cue's clause with the "as" that leads it ("..., as the governor put it, ...")."""
    return (
        first - 1 if first > 0 and doc[first - 1].lower_ == "as" and doc[first - 1].dep_ == "mark" else first
    )
