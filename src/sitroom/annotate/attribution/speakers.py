"""Who the source is: a canonical entity from the actor stage, or a described role when unnamed.

Rules, in order, for the source as written:

1. a name or a role description the entity stage resolved: that mention's entity (the one holding the
   source's head word first: "Russia's defence minister, Sergei Shoigu" is Shoigu, not Russia);
2. a relative pronoun ("Trump, who said"): the noun the relative clause hangs on;
3. "I"/"we" inside a quote: the speaker of the quote;
4. "he"/"she": the last person quoted in the previous few sentences, else the last person named,
   skipping people whose name says they are of the other gender ("she" is not "Dmitry Peskov");
   "it"/"they": the same with organisations, groups and governments (never a person);
5. a document ("the report said", "the statement added"): the last organisation quoted or named, with
   the document as medium;
6. a description ("the ministry", "the minister", "the spokesman"): the last entity whose name holds
   the head noun ("the ministry" -> "Ministry of Defence"), else the last person introduced with it
   ("Defence Minister Oleksii Reznikov"); else no entity, and the description is kept as the role.

Look-backs are bounded (``_WINDOW`` characters, ``_MAX_CANDIDATES`` records), so resolution is linear.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.gender import Gender, gender_of
from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.records import Annotations, Entity, Mention

_WINDOW = 1500  # characters to look back for an antecedent: a few paragraphs of news copy
_MAX_CANDIDATES = 40
_TITLE_WORDS = 5  # words before a person's name that may hold the title ("Defence Minister ...")
_SPEAKING_GROUPS = frozenset({"organisation", "group", "location"})
_BODIES = frozenset({"organisation", "group"})
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


class SpeakerResolver:
    """Resolves sources in text order, remembering who spoke so that "he said" finds them."""

    def __init__(self, doc: Doc, annotations: Annotations):
        self.doc = doc
        self.entities = {entity.id: entity for entity in annotations.entities}
        self.mentions = sorted(
            (m for m in annotations.mentions if m.entity in self.entities), key=lambda m: (m.start, m.end)
        )
        self.mention_starts = [m.start for m in self.mentions]
        self.spoken: list[_Said] = []
        self.genders: dict[str, Gender | None] = {}

    def resolve(self, source: Span, cue: Span, quoted_by: str | None) -> Speaker:
        speaker = self._resolve(source, cue, quoted_by)
        if speaker.entity is not None:
            self.spoken.append(_Said(source.start_char, self.entities[speaker.entity]))
        return speaker

    def _resolve(self, source: Span, cue: Span, quoted_by: str | None) -> Speaker:
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
            return Speaker(self._antecedent(source.start_char, {"person"}, gender))
        if len(source) == 1 and lower in LEXICON.group_pronouns:
            return Speaker(self._antecedent(source.start_char, _SPEAKING_GROUPS))
        named = self._named(source)
        if named is not None:
            return Speaker(named)
        if root.pos_ != "NOUN":
            return Speaker()
        lemma = root.lemma_.lower()
        definite = any(
            child.lower_ in {"the", "this", "that"} for child in root.children if child.dep_ == "det"
        )
        role = source.text
        if lemma in LEXICON.document_nouns:
            entity = self._antecedent(source.start_char, _SPEAKING_GROUPS) if definite else None
            return Speaker(entity, None if entity else role, medium=lemma)
        if not definite:
            return Speaker(role=role)
        entity = self._named_with(lemma, source.start_char)
        return Speaker(entity, None if entity else role)

    def _named(self, span: Span) -> str | None:
        """The entity of a mention in ``span``, preferring the one that holds the head word."""
        found = self._overlapping(span.start_char, span.end_char)
        if not found:
            return None
        root = span.root.idx
        holding = [m for m in found if m.start <= root < m.end]
        if holding:
            return holding[0].entity
        lemma = span.root.lemma_.lower()
        if span.root.pos_ == "NOUN" and lemma in LEXICON.voice_nouns:
            return next(
                (m.entity for m in found if m.entity and self.entities[m.entity].type in _BODIES), None
            )
        if span.root.pos_ == "NOUN" and lemma in LEXICON.person_nouns | LEXICON.document_nouns:
            return None  # "the head of the administration" is a person, not the administration
        return found[0].entity

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

    def _antecedent(
        self, at: int, types: set[str] | frozenset[str], gender: Gender | None = None
    ) -> str | None:
        """The last speaker of these types (and not of the other gender) before ``at``, else the last
        entity of these types named."""
        for said in reversed(self.spoken[-_MAX_CANDIDATES:]):
            if at - said.at > _WINDOW:
                break
            if said.at < at and said.entity.type in types and self._agrees(said.entity, gender):
                return said.entity.id
        for mention in self._before(at):
            entity = self.entities[mention.entity or ""]
            if entity.type in types and self._agrees(entity, gender, mention.text):
                return entity.id
        return None

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

    def _before(self, at: int) -> list[Mention]:
        """Mentions ending before ``at`` within the window, nearest first."""
        end = bisect_left(self.mention_starts, at)
        found = []
        for mention in reversed(self.mentions[max(end - _MAX_CANDIDATES, 0) : end]):
            if at - mention.end > _WINDOW:
                break
            if mention.end <= at:
                found.append(mention)
        return found

    def _named_with(self, lemma: str, at: int) -> str | None:
        """The last entity whose name, or the title written before it, holds ``lemma``."""
        wanted = {"person"} if lemma in LEXICON.person_nouns else _SPEAKING_GROUPS
        for mention in self._before(at):
            entity = self.entities[mention.entity or ""]
            if entity.type not in wanted:
                continue
            words = {
                word.lower() for name in (entity.name, *entity.aliases, mention.text) for word in name.split()
            }
            if lemma in words or lemma + "s" in words or lemma in self._title_before(mention):
                return entity.id
        return None

    def _title_before(self, mention: Mention) -> set[str]:
        """Lemmas of the title written right before a name ("Defence Minister"), or set off after it."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return set()
        title = {
            _lemma(child) for child in span.root.children if child.dep_ == "appos"
        }  # "Podolyak, an adviser"
        for token in reversed(self.doc[max(span.sent.start, span.start - _TITLE_WORDS) : span.start]):
            if token.is_punct:
                break
            title.add(_lemma(token))
        return title


def _lemma(token: Token) -> str:
    return token.lemma_.lower()
