"""Component ``sitroom_mentions``: sentence spans and named-entity mentions from spaCy, as typed records."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.context import annotations_of, declare
from sitroom.annotate.ids import unique_records
from sitroom.records import Mention, stable_id

# Labels that name actors and places; dates and numbers are the time and quantity components' job.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})


declare("sitroom_mentions", assigns=("mentions", "sentences"))


@Language.factory("sitroom_mentions")
def make_mentions(nlp: Language, name: str) -> MentionComponent:
    return MentionComponent()


class MentionComponent:
    def __call__(self, doc: Doc) -> Doc:
        annotations = annotations_of(doc)
        sentences = list(doc.sents)
        # Character spans of the sentences, for later stages that attach evidence to a sentence.
        annotations.sentences = [(sent.start_char, sent.end_char) for sent in sentences]
        sentence_starts = [sent.start for sent in sentences]
        sentence = 0
        mentions: list[Mention] = []
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            while sentence + 1 < len(sentence_starts) and sentence_starts[sentence + 1] <= ent.start:
                sentence += 1
            name = _with_given_names(ent) if ent.label_ == "PERSON" else ent
            start, end = name.start_char, name.end_char
            mentions.append(
                Mention(
                    id=stable_id("men", annotations.doc, start, end),
                    doc=annotations.doc,
                    start=start,
                    end=end,
                    text=name.text,
                    label=ent.label_,
                    sentence=sentence,
                )
            )
        annotations.mentions.extend(unique_records(mentions))
        return doc


def _with_given_names(ent: Span) -> Span:
    """A person's name with the given names NER left out before it: "acting governor Alexei Smirnov"
    tagged "Smirnov" is Alexei Smirnov. A given name is a capitalised proper noun compounded into the
    name, with no entity of its own, and no title ("President", "Governor")."""
    doc, start = ent.doc, ent.start
    while start > ent.sent.start:
        word = doc[start - 1]
        titled = word.lower_ in LEXICON.person_nouns | LEXICON.voice_nouns
        compounded = word.dep_ == "compound" and ent.start <= word.head.i < ent.end
        if titled or not compounded or word.tag_ != "NNP" or not word.is_title or word.ent_type_:
            break
        start -= 1
    return doc[start : ent.end]
