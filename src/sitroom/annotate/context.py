"""What travels on a spaCy ``Doc`` through the sitroom components."""

from __future__ import annotations

from spacy.tokens import Doc

from sitroom.records import Annotations, Document

if not Doc.has_extension("sitroom"):
    # The Annotations record that the components fill in, one job each.
    Doc.set_extension("sitroom", default=None)
if not Doc.has_extension("document"):
    # The source Document (id, publication date, ...) that components may read but never change.
    Doc.set_extension("document", default=None)


def annotations_of(doc: Doc) -> Annotations:
    annotations = doc._.sitroom
    if annotations is None:
        raise ValueError("this Doc was not made by sitroom.annotate.Annotator.make_doc")
    return annotations


def document_of(doc: Doc) -> Document:
    document = doc._.document
    if document is None:
        raise ValueError("this Doc was not made by sitroom.annotate.Annotator.make_doc")
    return document
