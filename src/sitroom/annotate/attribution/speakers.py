"""Who the source is: a canonical entity from the actor stage, or a described role when unnamed.

Rules, in order, for the source as written:

1. a name or a role description the entity stage resolved: that mention's entity (the one holding the
   source's head word first: "Russia's defence minister, Sergei Shoigu" is Shoigu, not Russia);
2. a relative pronoun ("Trump, who said"): the noun the relative clause hangs on;
3. "I"/"we" inside a quote: the speaker of the quote;
4. "he"/"she": the last person quoted in the previous few sentences, else the last person named,
   skipping people whose name says they are of the other gender ("she" is not "Dmitry Peskov");
   "it"/"they": the same with organisations, groups and governments (never a person);
5. a document ("the report said", "the statement added"): its author when written with it ("estimates
   of the General Staff", "the ministry's statement"), else the last organisation quoted or named, with
   the document as medium;
6. a description ("the ministry", "the minister", "the think tank"): the last speaker, else the last
   entity named, whose name holds the head noun or a name word the description stands for ("the
   ministry" -> "Ministry of Defence", "the think tank" -> "Institute for the Study of War"), else the
   last person introduced with it ("Defence Minister Oleksii Reznikov"), else the document's publisher
   when its name holds them ("the General Staff said" in its own release); else no entity, and the
   description is kept as the role. Any other common noun ("the purpose", "the move") names no speaker.

Pronouns and descriptions outside a quote stand for someone outside every quote and outside what the
claim says: in “The Kremlin is trying to ...,” it wrote, "it" is not the Kremlin.

Look-backs are bounded (``_WINDOW`` characters, ``_MAX_CANDIDATES`` records), so resolution is linear.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.gender import Gender, gender_of
from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.syntax import prepositional_objects
from sitroom.records import Annotations, Entity, Mention

_WINDOW = 1500  # characters to look back for an antecedent: a few paragraphs of news copy
_MAX_CANDIDATES = 40
_TITLE_WORDS = (
    8  # words before a person's name that may hold the title ("Press secretary of President of Russia")
)
_SPEAKING_GROUPS = frozenset({"organisation", "group", "location"})
_BODIES = frozenset({"organisation", "group"})
_AUTHOR_PREPOSITIONS = frozenset({"by", "from", "of"})
_DEFINITE = frozenset({"the", "this", "that"})
# Named-entity labels of who can speak, for names the tagger took for common nouns ("Sanders said").
_NAMED_SPEAKERS = frozenset({"PERSON", "NORP", "ORG", "GPE"})
_PRONOUN_GENDER: dict[str, Gender] = {
    "he": "male",
    "him": "male",
    "his": "male",
    "she": "female",
    "her": "female",
}


@dataclass(slots=True)
class Speaker:
    entity: str | None = None
    role: str | None = None  # the description, when it names no known entity
    medium: str | None = None  # "report" in "the report said"


@dataclass(slots=True)
class _Said:
    at: int  # character where the source is
    entity: Entity
    quoted: bool  # the source is inside a quote


class SpeakerResolver:
    """Resolves sources in text order, remembering who spoke so that "he said" finds them."""

    def __init__(self, doc: Doc, annotations: Annotations, quotes: QuoteIndex, publisher: str | None = None):
        self.doc = doc
        self.quotes = quotes
        self.entities = {entity.id: entity for entity in annotations.entities}
        # The entity stage's entity of the document's publisher, when it knows one.
        named = _name_key(publisher or "")
        self.publisher = next(
            (e for e in annotations.entities if named and named in map(_name_key, (e.name, *e.aliases))), None
        )
        self.mentions = sorted(
            (m for m in annotations.mentions if m.entity in self.entities), key=lambda m: (m.start, m.end)
        )
        self.mention_starts = [m.start for m in self.mentions]
        self.spoken: list[_Said] = []
        self.genders: dict[str, Gender | None] = {}

    def resolve(
        self, source: Span, cue: Span, quoted_by: str | None, contents: list[tuple[int, int]]
    ) -> Speaker:
        """The speaker of ``source``; ``contents`` (what the cue reports) hold no antecedent of it."""
        quoted = self.quotes.containing(source.start_char) is not None
        speaker = self._resolve(source, cue, quoted_by, _Scope(source.start_char, quoted, contents))
        if speaker.entity is not None:
            self.spoken.append(_Said(source.start_char, self.entities[speaker.entity], quoted))
        return speaker

    def _resolve(self, source: Span, cue: Span, quoted_by: str | None, scope: _Scope) -> Speaker:
        root = source.root
        lower = root.lower_
        if len(source) == 1 and lower in LEXICON.relative_pronouns:
            verb = cue.root
            head = verb.head if verb.dep_ == "relcl" else None
            named = self._named(self.doc[head.i : head.i + 1]) if head is not None else None
            return Speaker(named)
        if len(source) == 1 and lower in LEXICON.first_person:
            return Speaker(quoted_by)
        if len(source) == 1 and lower in LEXICON.person_pronouns:
            gender = _PRONOUN_GENDER.get(lower)
            subject = self._previous_subject(source, scope, gender)
            return Speaker(subject or self._antecedent(scope, {"person"}, gender))
        if len(source) == 1 and lower in LEXICON.group_pronouns:
            return Speaker(self._antecedent(scope, _SPEAKING_GROUPS))
        lemma = root.lemma_.lower()
        if {lemma, lower} & LEXICON.evidence_nouns:  # "Photographs released on Saturday showed"
            shown_by = _author(root)
            found = self._resolve(shown_by, cue, quoted_by, scope) if shown_by is not None else Speaker()
            return Speaker(found.entity, found.role, medium=lemma)
        described = is_description(root)
        author = _author(root) if described and lemma in LEXICON.document_nouns else None
        if author is not None:  # "estimates of the General Staff", "the ministry's statement"
            found = self._resolve(author, cue, quoted_by, scope)
            return Speaker(found.entity, found.role, medium=lemma)
        named = self._named(source)
        if named is not None:
            return Speaker(named)
        if not described or not is_speaker_noun(root):
            return Speaker()
        definite = _is_definite(root) or _bare_title(root)
        role = source.text
        if lemma in LEXICON.document_nouns:
            entity = self._antecedent(scope, _SPEAKING_GROUPS) if definite else None
            return Speaker(entity, None if entity else role, medium=lemma)
        if not definite:
            return Speaker(role=role)
        entity = self._described(root, scope)
        return Speaker(entity, None if entity else role)

    def _named(self, span: Span) -> str | None:
        """The entity of a mention in ``span``, preferring the one that holds the head word."""
        found = self._overlapping(span.start_char, span.end_char)
        if not found:
            return None
        # A title's holder before a mention the title is in: the entity stage may take "Spokeswoman of
        # Ministry of Foreign Affairs" for a name.
        holder = self._title_holder(span, found)
        if holder is not None:
            return holder
        root = span.root.idx
        holding = [m for m in found if m.start <= root < m.end]
        if holding:
            return holding[0].entity
        lemma = span.root.lemma_.lower()
        if span.root.pos_ == "NOUN" and lemma in LEXICON.voice_nouns:
            return next(
                (m.entity for m in found if m.entity and self.entities[m.entity].type in _BODIES), None
            )
        if span.root.pos_ != "NOUN":
            return found[0].entity
        if lemma in LEXICON.document_nouns | LEXICON.person_nouns:
            # "the head of the administration" is a person, not the administration; the person named
            # with the title is its holder (above), and "an adviser to Zelensky" is not Zelensky;
            # "Ukrainian officials" stay a role, which the report names by their state.
            return None
        # A group named by where it is from speaks for that side ("Ukrainian police"); a body or place
        # named in it does not ("Russian military bloggers" are not the armed forces, "the Kharkiv
        # province police" not the province).
        origins = {child.idx for child in span.root.children if child.dep_ == "amod" and child.pos_ == "ADJ"}
        return next((m.entity for m in found if m.start in origins and " " not in m.text), None)

    def _title_holder(self, span: Span, found: list[Mention]) -> str | None:
        """The person a title chain ends with: in "Press secretary of President of Russia Dmitry Peskov"
        and "Head of the region administration Vitaly Ganchev" the name follows a complete noun phrase
        (a place, a body) or the head title itself, so it is set beside the title: its holder. A name
        after its own title or a preposition ("a spokesman for President Vladimir Putin", "an adviser
        to Zelensky") is who the title is related to, not who holds it."""
        root = span.root
        if not {_lemma(root), root.lower_} & LEXICON.person_nouns:
            return None
        for mention in reversed(found):
            if not self._is_person(mention):
                continue
            name = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if name is None or name.start <= span.start or name.end > span.end:
                continue
            after = self.doc[name.end] if name.end < span.end else None
            if after is not None and not after.is_punct:
                continue  # the name is not the end of the phrase: "Peskov's deputy"
            before = self.doc[name.start - 1]
            while before.i > span.start and before.i != root.i and _in_title(before):
                before = self.doc[before.i - 1]  # the name's own title: "..., General Valerii Zaluzhnyi"
            if (
                before.i == root.i
                or before.text == ","
                or (before.pos_ in {"NOUN", "PROPN"} and _lemma(before) not in LEXICON.person_nouns)
            ):
                return mention.entity
        return None

    def _is_person(self, mention: Mention) -> bool:
        return self.entities[mention.entity or ""].type == "person"

    def _overlapping(self, start: int, end: int) -> list[Mention]:
        at = bisect_left(self.mention_starts, start)
        while at > 0 and self.mentions[at - 1].end > start:
            at -= 1
        found = []
        while at < len(self.mentions) and self.mentions[at].start < end:
            if self.mentions[at].end > start:
                found.append(self.mentions[at])
            at += 1
        return found

    def _previous_subject(self, source: Span, scope: _Scope, gender: Gender | None) -> str | None:
        """A "he"/"she" opening a sentence outside quotes is the person the sentence before is about, its
        subject, before anyone quoted earlier: "Antony Blinken, visiting Kyiv, announced aid. He said
        ..." is Blinken."""
        sentence = source.sent
        if scope.quoted or source.start != sentence.start or sentence.start == 0:
            return None
        before = self.doc[sentence.start - 1].sent
        subject = next((t for t in before.root.children if t.dep_ == "nsubj"), None)
        if (
            subject is None
            or "\n" in before.text_with_ws
            or any(t.dep_ == "neg" for t in before.root.children)
        ):
            return None  # a new paragraph, or "Putin has not commented. He said ...": the last speaker
        for mention in self._overlapping(subject.idx, subject.idx + len(subject.text)):
            entity = self.entities[mention.entity or ""]
            if entity.type == "person" and self._agrees(entity, gender, mention.text):
                return entity.id
        return None

    def _antecedent(
        self, scope: _Scope, types: set[str] | frozenset[str], gender: Gender | None = None
    ) -> str | None:
        """The last speaker of these types (and not of the other gender) in scope, else the last entity
        of these types named."""
        for said in self._spoken_before(scope):
            if said.entity.type in types and self._agrees(said.entity, gender):
                return said.entity.id
        for mention in self._before(scope):
            entity = self.entities[mention.entity or ""]
            if entity.type in types and self._agrees(entity, gender, mention.text):
                return entity.id
        return None

    def _spoken_before(self, scope: _Scope) -> list[_Said]:
        """Speakers before the source within the window, nearest first; from outside a quote, only
        speakers outside quotes."""
        found = []
        for said in reversed(self.spoken[-_MAX_CANDIDATES:]):
            if scope.at - said.at > _WINDOW:
                break
            if said.at < scope.at and (scope.quoted or not said.quoted):
                found.append(said)
        return found

    def _agrees(self, entity: Entity, gender: Gender | None, written: str = "") -> bool:
        """False only when the entity's name, or the way it is written here ("Mrs. Clinton"), says it
        is of the other gender."""
        if gender is None:
            return True
        if entity.id not in self.genders:
            names = (entity.name, *entity.aliases)
            self.genders[entity.id] = next((g for g in map(gender_of, names) if g is not None), None)
        known = self.genders[entity.id] or (gender_of(written) if written else None)
        return known is None or known == gender

    def _before(self, scope: _Scope) -> list[Mention]:
        """Mentions ending before the source within the window, nearest first, outside the claim's
        content; from outside a quote, only mentions outside quotes."""
        at = scope.at
        end = bisect_left(self.mention_starts, at)
        found = []
        for mention in reversed(self.mentions[max(end - _MAX_CANDIDATES, 0) : end]):
            if at - mention.end > _WINDOW:
                break
            if mention.end > at or any(start <= mention.start < stop for start, stop in scope.contents):
                continue
            if scope.quoted or self.quotes.containing(mention.start) is None:
                found.append(mention)
        return found

    def _described(self, root: Token, scope: _Scope) -> str | None:
        """The last speaker, else the last entity named, that the description headed by ``root`` stands
        for: its name, or the title written before it, holds the description's words."""
        lemma = _lemma(root)
        wanted = {"person"} if lemma in LEXICON.person_nouns else _SPEAKING_GROUPS
        words = _name_words(root)
        for said in self._spoken_before(scope):
            if said.entity.type in wanted and _holds(words, (said.entity.name, *said.entity.aliases)):
                return said.entity.id
        for mention in self._before(scope):
            entity = self.entities[mention.entity or ""]
            if entity.type not in wanted:
                continue
            if _holds(words, (entity.name, *entity.aliases, mention.text)) or lemma in self._title_before(
                mention
            ):
                return entity.id
        publisher = self.publisher
        if (
            publisher is not None
            and publisher.type in wanted
            and _holds(words, (publisher.name, *publisher.aliases))
        ):
            return publisher.id  # "the General Staff said" in the General Staff's own release
        return None

    def _title_before(self, mention: Mention) -> set[str]:
        """Lemmas of the title written right before a name ("Defence Minister"), or set off after it."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return set()
        title = {
            _lemma(child) for child in span.root.children if child.dep_ == "appos"
        }  # "Podolyak, an adviser"
        words: set[str] = set()
        for token in reversed(self.doc[max(span.sent.start, span.start - _TITLE_WORDS) : span.start]):
            if token.lower_ == "of":
                words = set()  # what a title is of is not the title: "Minister of Defence", "Press
                continue  # secretary of President of Russia Dmitry Peskov" is no president
            if token.is_punct or token.pos_ in {"ADP", "DET"}:
                break
            words.add(_lemma(token))
        return title | words


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _in_title(token: Token) -> bool:
    """A title word, or a piece of a hyphenated one ("Commander-in-Chief")."""
    hyphened = token.text == "-" or (token.i + 1 < len(token.doc) and token.nbor().text == "-")
    return _lemma(token) in LEXICON.person_nouns or hyphened


@dataclass(slots=True)
class _Scope:
    """Where a source is, whether inside a quote, and the contents its cue reports."""

    at: int
    quoted: bool
    contents: list[tuple[int, int]]


def is_description(root: Token) -> bool:
    """A common noun ("the ministry"), a lower-case word the tagger took for a name ("the institute"), or
    a capitalised title after "the" ("the General Staff")."""
    if root.pos_ == "NOUN":
        return True
    if root.pos_ != "PROPN":
        return False
    return root.text.islower() or _is_definite(root) or _bare_title(root)


def _is_definite(root: Token) -> bool:
    return any(child.lower_ in _DEFINITE for child in root.children if child.dep_ == "det")


def _bare_title(root: Token) -> bool:
    """A title standing alone, as machine translation writes "the minister": "according to Minister"."""
    return root.pos_ == "PROPN" and root.lower_ in LEXICON.person_nouns and not any(root.children)


def names_nobody(source: Span) -> bool:
    """A time ("today", "5:45 p.m."), an event or a weapon ("the failed attacks", "the air defense
    systems"): never a speaker."""
    root = source.root
    return root.ent_type_ in {"DATE", "TIME"} or _lemma(root) in LEXICON.not_speakers


def names_someone(source: Span) -> bool:
    """A name, a pronoun, or a noun of a speaker ("the ministry", "estimates", "sources")."""
    return any(
        token.pos_ in {"PROPN", "PRON"} or token.ent_type_ in _NAMED_SPEAKERS for token in source
    ) or is_speaker_noun(source.root)


def is_speaker_noun(root: Token) -> bool:
    """A noun that can name a speaker: a person, a body, a group or outlet, a document or medium, or an
    organisation by what it is; "plan", "purpose", "move" cannot."""
    nouns = (
        LEXICON.person_nouns
        | LEXICON.voice_nouns
        | LEXICON.body_nouns
        | LEXICON.published_nouns
        | LEXICON.medium_nouns
        | LEXICON.evidence_nouns
        | LEXICON.speaking_nouns
    )
    return bool({_lemma(root), root.lower_} & nouns) or _description_key(root) is not None


def _description_key(root: Token) -> str | None:
    """The longest listed organisation description ending in ``root``: "think tank" in "the US think tank"."""
    words = [_lemma(child) for child in root.lefts if child.dep_ == "compound"] + [_lemma(root)]
    return next(
        (
            key
            for key in (" ".join(words[first:]) for first in range(len(words)))
            if key in LEXICON.organisation_descriptions
        ),
        None,
    )


def _name_words(root: Token) -> set[str]:
    """What a name must hold to be what the description headed by ``root`` says: its own words ("general
    staff", "ministry") or the name words a listed description stands for ("think tank": institute)."""
    key = _description_key(root)
    if key is not None:
        return set(LEXICON.organisation_descriptions[key])
    compounds = [child.lower_ for child in root.lefts if child.dep_ == "compound" and child.pos_ == "PROPN"]
    return {" ".join([*compounds, root.lower_]), _lemma(root)}


def _holds(words: set[str], names: tuple[str, ...]) -> bool:
    """Whether any of the names holds any of the words (or phrases), as whole words, singular or plural."""
    for name in names:
        padded = f" {' '.join(name.lower().split())} "
        if any(f" {word} " in padded or f" {word}s " in padded for word in words):
            return True
    return False


def _name_key(name: str) -> str:
    """A name without case, spacing or a leading "the"."""
    return " ".join(name.casefold().split()).removeprefix("the ")


def _author(document: Token) -> Span | None:
    """Who a document is by: its possessor ("the ministry's statement"), its "by"/"from"/"of" phrase, or
    the agent of the participle describing it ("footage shared by soldiers")."""
    for child in document.children:
        if child.dep_ == "poss":
            return document.doc[child.left_edge.i : child.i + 1]
        if child.dep_ == "prep" and child.i > document.i and child.lower_ in _AUTHOR_PREPOSITIONS:
            objects = prepositional_objects(child)
            if objects:
                return document.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1]
        if child.dep_ == "acl" and child.i > document.i:
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            objects = prepositional_objects(agent) if agent is not None else []
            if objects:
                return document.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1]
    return None
