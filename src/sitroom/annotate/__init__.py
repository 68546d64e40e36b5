"""Annotate: a spaCy pipeline of small sitroom components, each with one job.

The spaCy model supplies tokens, sentences, tags, the parse and NER; sitroom components registered as
spaCy factories (``sitroom_datelines`` before the parser, then ``sitroom_mentions``, places, entities,
time, quantities, factuality, claims and events) turn them into typed records on ``doc._.sitroom``. Which
components run is configuration, not code: a later stage adds or replaces a component by name without
touching the others.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_package_version

import sitroom

# Importing the component modules registers their factories.
from sitroom.annotate import claims as _claims  # noqa: F401
from sitroom.annotate import datelines as _datelines  # noqa: F401
from sitroom.annotate import entities as _entities  # noqa: F401
from sitroom.annotate import events as _events  # noqa: F401
from sitroom.annotate import factuality as _factuality  # noqa: F401
from sitroom.annotate import learned as _learned  # noqa: F401
from sitroom.annotate import mentions as _mentions  # noqa: F401
from sitroom.annotate import places as _places  # noqa: F401
from sitroom.annotate import quantities as _quantities  # noqa: F401
from sitroom.annotate import timexes as _timexes  # noqa: F401
from sitroom.annotate.attribution import fill_contains
from sitroom.annotate.context import DECLARATIONS, annotations_of, document_of, unassigned_reads
from sitroom.annotate.model import ModelNotInstalled, default_model_name, load_model
from sitroom.records import Annotations, Document

log = logging.getLogger(__name__)

# The learned event classifier (sitroom.annotate.learned): on by default, off with --no-model.
EVENT_MODEL = "sitroom_event_model"
CLAIMS = "sitroom_claims"
DEFAULT_COMPONENTS = (
    "sitroom_datelines",
    "sitroom_mentions",
    "sitroom_places",
    "sitroom_entities",
    "sitroom_timexes",
    "sitroom_quantities",
    "sitroom_factuality",
    CLAIMS,
    "sitroom_events",
    EVENT_MODEL,
)


@dataclass(slots=True)
class PipelineConfig:
    model: str | None = None  # None: the installed English model (see annotate.model)
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    component_config: dict[str, dict[str, object]] = field(default_factory=dict)
    batch_size: int = 32

    @classmethod
    def with_knowledge_bases(cls, paths: Iterable[str]) -> PipelineConfig:
        """The default pipeline with the user's actor files added to the bundled knowledge base."""
        # The events component reads the sides that jurisdictions name from the same files.
        files = list(paths)
        return cls(
            component_config={
                "sitroom_entities": {"knowledge_bases": files},
                "sitroom_events": {"knowledge_bases": files},
            }
        )

    def with_profile(self, profile: str) -> PipelineConfig:
        """The same pipeline reading another conflict profile (a bundled name or a path; see
        ``sitroom.profiles``)."""
        events = {**self.component_config.get("sitroom_events", {}), "profile": profile}
        return replace(self, component_config={**self.component_config, "sitroom_events": events})

    def with_event_model(self, path: str, plover: bool = False, untriggered: bool = False) -> PipelineConfig:
        """The same pipeline typing events with the model in folder ``path`` (``sitroom train events``);
        ``plover``: its PLOVER head retypes events too, not only its ACLED head; ``untriggered``: it
        also types the sentences in which the rules found no event (docs/learned.md)."""
        components = self.components if EVENT_MODEL in self.components else (*self.components, EVENT_MODEL)
        options: dict[str, object] = {"model": path, "plover": plover, "untriggered": untriggered}
        config: dict[str, dict[str, object]] = {**self.component_config, EVENT_MODEL: options}
        return replace(self, components=components, component_config=config)

    def with_attribution_model(self, path: str) -> PipelineConfig:
        """The same pipeline finding attributions with the tagger in folder ``path`` (``sitroom train
        attribution``), the rules' spans among its features."""
        claims = {**self.component_config.get(CLAIMS, {}), "attribution_model": path}
        return replace(self, component_config={**self.component_config, CLAIMS: claims})

    def without_event_model(self) -> PipelineConfig:
        """The same pipeline typing events by the rules alone."""
        config = {name: cfg for name, cfg in self.component_config.items() if name != EVENT_MODEL}
        components = tuple(c for c in self.components if c != EVENT_MODEL)
        return replace(self, components=components, component_config=config)


class Annotator:
    """Loads the model and components once; annotates documents in batches."""

    def __init__(self, config: PipelineConfig | None = None):
        self.config = config or PipelineConfig()
        self.model_name = self.config.model or default_model_name()
        self.nlp = build_pipeline(self.model_name, self.config)
        self.version = pipeline_version(self.config)

    def make_doc(self, document: Document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        doc._.document = document
        doc._.sitroom = Annotations(doc=document.id)
        return doc

    def annotate(self, documents: Iterable[Document]) -> Iterator[Annotations]:
        """Annotations for each document, in order.

        Once every component has run, each claim lists the records inside its content: the events
        of the later component too, which are then the speaker's claim, not the outlet's.
        """
        docs = (self.make_doc(document) for document in documents)
        for doc in self.nlp.pipe(docs, batch_size=self.config.batch_size):
            annotations = annotations_of(doc)
            fill_contains(annotations)
            yield annotations


# Components that prepare the tokens for the model's own pipes (the rest read the model's output).
BEFORE_PARSER = frozenset({"sitroom_datelines"})


def build_pipeline(model_name: str, config: PipelineConfig) -> Language:
    for problem in unassigned_reads(config.components):  # a choice of the user's: said, not refused
        log.warning("pipeline %s: %s", ", ".join(config.components), problem)
    nlp = load_model(model_name)
    for component in config.components:
        before = "parser" if component in BEFORE_PARSER and "parser" in nlp.pipe_names else None
        nlp.add_pipe(component, config=config.component_config.get(component, {}), before=before)
    return nlp


def pipeline_version(config: PipelineConfig) -> str:
    """Changes whenever the output could change: sitroom, the model, or the component set-up.

    Computed from package metadata, without loading the model, so a run with nothing to do is quick.
    """
    model = config.model or default_model_name()
    fingerprint = {
        "sitroom": sitroom.__version__,
        "model": f"{model}-{get_package_version(model)}",
        "components": list(config.components),
        "component_config": config.component_config,
        "data": {
            name: version(config.component_config.get(name, {}))
            for name in config.components
            if name in DECLARATIONS and (version := DECLARATIONS[name].data_version) is not None
        },
    }
    digest = hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()
    return f"{sitroom.__version__}+{digest[:12]}"


__all__ = [
    "DEFAULT_COMPONENTS",
    "EVENT_MODEL",
    "Annotator",
    "ModelNotInstalled",
    "PipelineConfig",
    "annotations_of",
    "document_of",
    "pipeline_version",
]
