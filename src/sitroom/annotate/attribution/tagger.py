"""A learned attribution tagger: a linear-chain CRF that labels each token SOURCE, CUE or CONTENT.

The rules (``extract``) run first: their spans are features of the tagger, beside the parse (word,
lemma, part of speech, dependency, head), the quotes, and the token's path to the nearest verb of
saying (the dependency by which its branch hangs from that verb: "nsubj" marks a source, "ccomp" a
content). The tagged spans are put back together into attributions (``assemble``): each cue is one
attribution, and each source or content span goes to the cue it hangs from in the parse, else to the
nearest cue of its sentence (a content also to one of the sentence before, or to the cue of the quote
piece it continues). A cue with no content reports nothing and is dropped.

What the pipeline keeps (``AttributionTagger.attributions``): the rules' attributions, and the
tagger's where the rules saw none. Cross-validated on PolNeAR, the tagger alone lost to the rules on
exact cues and contents, while its cues where the rules found nothing raised recall.

A model is a folder: ``tagger.crfsuite`` (the CRF's weights, python-crfsuite), ``tagger.json`` (how it
was trained and its held-out scores) and ``MODEL.md`` (its card). ``sitroom train attribution`` builds
one; ``--attribution-model`` applies it. No model ships: the only attribution data at hand (PolNeAR) has
no licence, so the rules alone are the default (docs/learned.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.spans import Attribution, Chars, medium_of

ROLES = ("SOURCE", "CUE", "CONTENT")
OUTSIDE = "O"
WEIGHTS, METADATA, CARD = "tagger.crfsuite", "tagger.json", "MODEL.md"
# Ancestors climbed from a token to find the verb of saying it hangs from: a clause is rarely deeper.
MAX_DEPTH = 12
# How likely a cue the tagger adds to the rules' must be: its tokens' least marginal probability.
MIN_CUE_PROBABILITY = 0.5
_QUOTE_MARKS = frozenset("“”„«»\"'‘’`")


def bio_labels(doc: Doc, spans: Sequence[tuple[str, Sequence[Chars]]]) -> list[str]:
    """One label a token (``B-ROLE``, ``I-ROLE`` or ``O``) from (role, character spans) pairs; each
    span opens with a ``B-``, so that the pieces of a content split at each sentence (as PolNeAR splits
    a quote of several sentences) stay apart.

    A token in spans of two roles keeps the first role of ``ROLES`` order that holds it: a cue inside
    a content is a cue (a nested attribution's), a source inside a content a source."""
    labels = [OUTSIDE] * len(doc)
    piece = [-1] * len(doc)  # which span a token's label comes from
    rank = [len(ROLES)] * len(doc)
    number = 0
    for role, pieces in spans:
        for start, end in pieces:
            span = doc.char_span(start, end, alignment_mode="expand")
            number += 1
            if span is None:
                continue
            for token in span:
                if ROLES.index(role) < rank[token.i]:
                    rank[token.i], labels[token.i], piece[token.i] = ROLES.index(role), role, number
    return [
        label if label == OUTSIDE else ("I-" if i and piece[i - 1] == piece[i] else "B-") + label
        for i, label in enumerate(labels)
    ]


def rule_spans(attributions: Sequence[Attribution]) -> list[tuple[str, Sequence[Chars]]]:
    """The rules' attributions as (role, character spans) pairs, for ``bio_labels``."""
    spans: list[tuple[str, Sequence[Chars]]] = []
    for attribution in attributions:
        spans.append(("CUE", [(attribution.cue.start_char, attribution.cue.end_char)]))
        if attribution.source is not None:
            spans.append(("SOURCE", [(attribution.source.start_char, attribution.source.end_char)]))
        spans.append(("CONTENT", attribution.contents))
    return spans


def token_features(doc: Doc, quotes: QuoteIndex, rules: Sequence[Attribution]) -> list[list[str]]:
    """Each token's features, as crfsuite's binary ``name=value`` strings."""
    rule_labels = bio_labels(doc, rule_spans(rules))
    # The rules' top level apart (what the claims keep as such): a nested attribution's cue stands
    # inside another's content, or inside a quote.
    top = [
        a
        for a in rules
        if not a.in_quote
        and not any(s <= a.cue.start_char < e for b in rules if b is not a for s, e in b.contents[:1])
    ]
    top_labels = bio_labels(doc, rule_spans(top))
    anchors = {a.cue.root.i for a in rules} | {
        t.i for t in doc if t.pos_ in {"VERB", "NOUN"} and t.lemma_.lower() in LEXICON.speech_verbs
    }
    own = [_own_features(token, quotes, anchors) for token in doc]
    features = []
    for token in doc:
        row = [*own[token.i], f"rule={rule_labels[token.i]}", f"top={top_labels[token.i]}"]
        for offset in (-2, -1, 1, 2):
            at = token.i + offset
            if 0 <= at < len(doc):
                other = doc[at]
                row += [f"{offset}:w={other.lower_}", f"{offset}:pos={other.pos_}"]
                if abs(offset) == 1:
                    row += [f"{offset}:dep={other.dep_}", f"{offset}:rule={rule_labels[at]}"]
                    row += [f"{offset}:{name}" for name in own[at] if name.startswith("path=")]
            else:
                row.append(f"{offset}:edge")
        features.append(row)
    return features


def _own_features(token: Token, quotes: QuoteIndex, anchors: set[int]) -> list[str]:
    lemma = token.lemma_.lower()
    row = [
        "bias",
        f"w={token.lower_}",
        f"lemma={lemma}",
        f"pos={token.pos_}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"shape={token.shape_[:4]}",
        f"head={token.head.lemma_.lower()}",
        f"headdep={token.head.dep_}",
    ]
    if lemma in LEXICON.speech_verbs:
        row.append("speech")
    if lemma in LEXICON.nominal_cues:
        row.append("nominal")
    if token.is_sent_start:
        row.append("bos")
    if token.i + 1 == len(token.doc) or token.doc[token.i + 1].is_sent_start:
        row.append("eos")
    if token.is_space:
        row.append("space")
    if token.text in _QUOTE_MARKS:
        row.append("qmark")
    if quotes.containing(token.idx) is not None:
        row.append("inquote")
    row += _path(token, anchors)
    return row


def _path(token: Token, anchors: set[int]) -> list[str]:
    """Where the token hangs from the nearest verb of saying above it: the dependency of the branch it
    is in, and which side of the verb it stands on."""
    if token.i in anchors:
        return ["anchor"]
    child = token
    for _ in range(MAX_DEPTH):
        head = child.head
        if head.i == child.i:
            break
        if head.i in anchors:
            side = "before" if token.i < head.i else "after"
            return [f"path={child.dep_}", f"path={child.dep_}:{side}", f"anchorlemma={head.lemma_.lower()}"]
        child = head
    return ["path=none"]


class AttributionTagger:
    """A trained CRF and what it was trained on; ``attributions`` applies it to a parsed document."""

    def __init__(self, path: Path):
        self.path = path
        self.meta: dict = json.loads((path / METADATA).read_text(encoding="utf-8"))
        self.identity = tagger_identity(path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path / WEIGHTS))
        self._labels = frozenset(self._tagger.labels())

    def tag(self, features: list[list[str]]) -> list[str]:
        """The most probable label of each token, from its features (``token_features``)."""
        return list(self._tagger.tag(features)) if features else []

    def labels(self, doc: Doc, quotes: QuoteIndex, rules: Sequence[Attribution]) -> list[str]:
        return self.tag(token_features(doc, quotes, rules))

    def attributions(self, doc: Doc, quotes: QuoteIndex, rules: Sequence[Attribution]) -> list[Attribution]:
        """The rules' attributions, and the tagger's where the rules saw none: those whose cue touches
        no span of the rules' and is at least ``MIN_CUE_PROBABILITY`` likely, flagged ``tagger``.

        Measured on the PolNeAR check half, the tagger alone lost to the rules on exact cues and
        contents; added to them it raised source and cue recall (docs/benchmarks.md, "attrib")."""
        labels = self.labels(doc, quotes, rules)
        taken = [(a.cue.start_char, a.cue.end_char) for a in rules]
        taken += [span for a in rules for span in a.contents]
        taken += [(a.source.start_char, a.source.end_char) for a in rules if a.source is not None]
        added = []
        for attribution in assemble(doc, quotes, labels):
            cue = attribution.cue
            if any(start < cue.end_char and cue.start_char < end for start, end in taken):
                continue
            if self.cue_probability(cue) >= MIN_CUE_PROBABILITY:
                attribution.flags.append("tagger")
                added.append(attribution)
        return sorted([*rules, *added], key=lambda attribution: attribution.cue.start)

    def cue_probability(self, cue: Span) -> float:
        """The least probability, over the cue's tokens, that the token is a cue (the CRF's marginals
        for the document last tagged)."""
        known = [label for label in ("B-CUE", "I-CUE") if label in self._labels]
        return min(sum(self._tagger.marginal(label, t.i) for label in known) for t in cue)


def spans_of(labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """(role, first token, after last token) of each run of one role; an ``I-`` after another role
    starts a run as a ``B-`` would."""
    runs: list[tuple[str, int, int]] = []
    for i, label in enumerate(labels):
        if label == OUTSIDE:
            continue
        prefix, role = label.split("-", 1)
        if prefix == "I" and runs and runs[-1][0] == role and runs[-1][2] == i:
            runs[-1] = (role, runs[-1][1], i + 1)
        else:
            runs.append((role, i, i + 1))
    return runs


def assemble(doc: Doc, quotes: QuoteIndex, labels: Sequence[str]) -> list[Attribution]:
    """Attributions from token labels: one a cue, its source and content spans linked to it (see the
    module's description). Spans are trimmed of spaces at their edges."""
    runs = [(role, span) for role, start, end in spans_of(labels) if (span := _unspaced(doc, start, end))]
    cues = [span for role, span in runs if role == "CUE"]
    if not cues:
        return []
    sources: dict[int, list[Span]] = {}
    contents: dict[int, list[Span]] = {}
    previous: tuple[str, int | None] | None = None
    for role, span in runs:
        if role == "CUE":
            previous = None
            continue
        owner = _cue_of(span, cues, role == "CONTENT")
        if owner is None and previous is not None and previous[0] == role == "CONTENT":
            owner = previous[1]  # the next sentence of a quote: the piece before's cue
        if owner is not None:
            (sources if role == "SOURCE" else contents).setdefault(owner, []).append(span)
        previous = (role, owner)
    found = []
    for index, cue in enumerate(cues):
        if index not in contents:
            continue
        pieces = sorted(contents[index], key=lambda s: s.start)
        source = min(sources.get(index, []), key=lambda s: _distance(s, cue), default=None)
        first = pieces[0]
        kind = quotes.kind(quotes.inside(first.start_char, first.end_char), first.start_char, first.end_char)
        medium, addressee = medium_of(doc, cue.root)
        found.append(
            Attribution(
                cue=cue,
                source=source,
                contents=[(p.start_char, p.end_char) for p in pieces],
                kind=kind,
                medium=medium,
                addressee=addressee,
            )
        )
    return found


def _unspaced(doc: Doc, start: int, end: int) -> Span | None:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None


def _cue_of(span: Span, cues: list[Span], content: bool) -> int | None:
    """The index of the cue a source or content span belongs to: the nearest it hangs from in the parse
    (or that hangs from it: "..., he said" hangs from its content), else the nearest in its sentence,
    else for a content the nearest in the sentence before."""
    cue_at = {token.i: index for index, cue in enumerate(cues) for token in cue}
    above = _nearest_above(span.root, cue_at)
    tokens = {token.i: 0 for token in span}
    below = [i for i, cue in enumerate(cues) if _nearest_above(cue.root, tokens) is not None]
    for linked in ([above] if above is not None else [], below):
        near = [i for i in linked if content or cues[i].sent.start == span.sent.start]
        if near:
            return min(near, key=lambda i: _distance(span, cues[i]))
    sentence = span.sent.start
    same = [i for i, cue in enumerate(cues) if cue.sent.start == sentence]
    if same:
        return min(same, key=lambda i: _distance(span, cues[i]))
    if content:
        before = [i for i, cue in enumerate(cues) if cue.end <= span.start and cue.sent.end >= sentence]
        if before:
            return before[-1]
    return None


def _nearest_above(token: Token, targets: dict[int, int]) -> int | None:
    """The value of the first of ``targets`` (token index -> value) among the token's ancestors."""
    for _ in range(MAX_DEPTH):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.i in targets:
            return targets[token.i]
    return None


def _distance(span: Span, cue: Span) -> int:
    return cue.start - span.end if span.end <= cue.start else span.start - cue.end


def tagger_identity(path: Path) -> str:
    """A hash of the tagger's weights and metadata: a new tagger is a new pipeline version."""
    digest = hashlib.sha256()
    for name in (WEIGHTS, METADATA):
        digest.update((path / name).read_bytes())
    return digest.hexdigest()[:16]
