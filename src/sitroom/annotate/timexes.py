"""Component ``sitroom_timexes``: temporal expressions normalised against the publication date.

Dates, times, durations and sets become ``Timex`` records with a TimeML type and value. Relative and
underspecified expressions ("on Thursday", "last week", "the 13th") are resolved from the
document's publication date, in the direction the governing verb's tense points; without a
publication date they stay unresolved with a note. See ``sitroom.annotate.time`` for the grammar.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.annotate.context import annotations_of, declare, document_of
from sitroom.annotate.ids import unique_records
from sitroom.annotate.time.extract import find_timexes
from sitroom.records import Timex, stable_id

declare("sitroom_timexes", assigns=("timexes",))


@Language.factory("sitroom_timexes")
def make_timexes(nlp: Language, name: str) -> TimexComponent:
    return TimexComponent()


class TimexComponent:
    def __call__(self, doc: Doc) -> Doc:
        annotations = annotations_of(doc)
        published = document_of(doc).published
        timexes: list[Timex] = []
        for found in find_timexes(doc, published):
            span, reading = found.span, found.reading
            start, end = span.start_char, span.end_char
            timexes.append(
                Timex(
                    id=stable_id("tmx", annotations.doc, start, end, reading.granularity),
                    doc=annotations.doc,
                    start=start,
                    end=end,
                    text=span.text,
                    type=reading.type,
                    value=reading.value,
                    granularity=reading.granularity,
                    anchor=reading.anchor,
                    note=reading.note,
                )
            )
        annotations.timexes.extend(unique_records(timexes))
        return doc
