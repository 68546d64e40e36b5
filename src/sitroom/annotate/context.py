"""What travels on a spaCy ``Doc`` through the sitroom components, and what each component declares
of it: the parts an earlier component must have assigned, the parts it assigns, and the version of the
data outside the code that its output depends on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

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


# What components read and assign: the fields of Annotations, and the factuality values on the Doc.
PARTS = frozenset(field.name for field in fields(Annotations)) - {"doc"} | {"factuality"}


@dataclass(frozen=True, slots=True)
class Declaration:
    reads: frozenset[str]  # parts an earlier component assigns; without one the component finds none
    assigns: frozenset[str]
    # The version of the data (tables, gazetteer, knowledge bases) the output depends on, from the
    # component's config: part of the pipeline version, so that new data re-processes the store.
    data_version: Callable[[dict[str, Any]], str] | None = None


DECLARATIONS: dict[str, Declaration] = {}


def declare(
    component: str,
    *,
    reads: Sequence[str] = (),
    assigns: Sequence[str] = (),
    data_version: Callable[[dict[str, Any]], str] | None = None,
) -> None:
    """Declare, beside a component's factory, what it reads, what it assigns and its data version."""
    unknown = (set(reads) | set(assigns)) - PARTS
    if unknown:
        raise ValueError(f"{component}: {', '.join(sorted(unknown))}: not a part of the Doc's annotations")
    DECLARATIONS[component] = Declaration(frozenset(reads), frozenset(assigns), data_version)


def unassigned_reads(components: Sequence[str]) -> list[str]:
    """For each component of the sequence, in order, the parts it reads that no earlier one assigns."""
    assigned: set[str] = set()
    problems = []
    for component in components:
        declared = DECLARATIONS.get(component)
        if declared is None:
            continue
        missing = declared.reads - assigned
        if missing:
            problems.append(
                f"{component} reads {', '.join(sorted(missing))}, which no component before it assigns"
            )
        assigned |= declared.assigns
    return problems
