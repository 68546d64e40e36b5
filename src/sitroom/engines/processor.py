"""The annotation pipeline applied to batches of documents, whichever engine runs it.

A document that makes the pipeline raise becomes a ``Failure`` carrying the reason; the other documents
of its batch are still annotated.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitroom.annotate import Annotator, PipelineConfig
from sitroom.records import Annotations, Document


@dataclass(slots=True)
class Failure:
    doc: str
    error: str


Result = Annotations | Failure


class DocumentProcessor:
    """Loads the pipeline once (one per worker process or actor); annotates batch after batch."""

    def __init__(self, config: PipelineConfig):
        self.annotator = Annotator(config)

    def __call__(self, documents: list[Document]) -> list[Result]:
        try:
            results: list[Result] = list(self.annotator.annotate(documents))
        except Exception:
            # Find the document that breaks the batch; the others still get annotated.
            results = [self._one(document) for document in documents]
        return results

    def _one(self, document: Document) -> Result:
        try:
            return next(self.annotator.annotate([document]))
        except Exception as error:
            return Failure(document.id, f"annotation failed: {error!r}")
