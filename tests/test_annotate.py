from __future__ import annotations

import pytest

from conftest import make_document
from sitroom.annotate import Annotator, PipelineConfig, pipeline_version
from sitroom.resolve import entity_key, resolve_entities


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


def test_mentions_point_at_their_evidence(annotator):
    doc = make_document(
        "Volodymyr Zelensky visited Izium on Wednesday. Zelensky thanked the army. "
        "NATO ministers met in Brussels."
    )
    (annotations,) = annotator.annotate([doc])
    assert annotations.mentions, "spaCy found no entities"
    for mention in annotations.mentions:
        assert doc.text[mention.start : mention.end] == mention.text
        assert mention.label in {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}
    sentences = {m.text: m.sentence for m in annotations.mentions}
    assert sentences["Volodymyr Zelensky"] == 0
    assert sentences["Brussels"] == 2
    assert "Wednesday" not in sentences  # dates are the time component's job


def test_a_persons_name_takes_the_given_names_ner_left_out_but_no_title(annotator):
    doc = make_document(
        "The region's acting governor Alexei Smirnov told President Vladimir Putin on Monday. "
        '"The situation is difficult," Smirnov said.'
    )
    (annotations,) = annotator.annotate([doc])
    people = [m.text for m in annotations.mentions if m.label == "PERSON"]
    assert people[:2] == ["Alexei Smirnov", "Vladimir Putin"]
    # The surname alone later is the same person, whose name is the full one.
    (said,) = [c for c in annotations.claims if c.source_text == "Smirnov"]
    (speaker,) = [e for e in annotations.entities if e.id == said.speaker]
    assert speaker.name == "Alexei Smirnov"


def test_surname_joins_the_full_name_within_a_document(annotator):
    doc = make_document("Volodymyr Zelensky spoke on Monday. Later, Zelensky met soldiers.")
    (annotations,) = annotator.annotate([doc])
    resolve_entities(annotations)
    people = {m.text: m.entity for m in annotations.mentions if m.label == "PERSON"}
    assert people["Zelensky"] == people["Volodymyr Zelensky"]
    (entity,) = [e for e in annotations.entities if e.id == people["Zelensky"]]
    assert entity.name == "Volodymyr Zelensky"
    assert set(entity.aliases) == {"Volodymyr Zelensky", "Zelensky"}


def test_entity_key_folds_case_accents_articles_and_possessives():
    assert entity_key("the Kremlin's") == entity_key("Kremlin")
    assert entity_key("Zalužnyi") == entity_key("ZALUZNYI")
    assert entity_key("Kharkiv") != entity_key("Kherson")


def test_pipeline_version_changes_with_components():
    assert pipeline_version(PipelineConfig()) != pipeline_version(PipelineConfig(components=()))


def test_annotation_order_matches_input_order(annotator):
    docs = [make_document(f"Report number {i} from Kyiv.") for i in range(40)]
    assert [a.doc for a in annotator.annotate(docs)] == [d.id for d in docs]


def test_a_town_that_ner_calls_a_person_is_a_place_not_an_actor():
    from sitroom.engines import DocumentProcessor

    doc = make_document("Kramatorsk was shelled again on Monday.", published=None)
    (annotations,) = DocumentProcessor(PipelineConfig())([doc])
    (place,) = [p for p in annotations.places if p.text == "Kramatorsk"]
    assert place.gazetteer_id == "geonames:704508"
    assert all(m.entity is None for m in annotations.mentions if m.text == "Kramatorsk")
    assert all(e.name != "Kramatorsk" for e in annotations.entities)


def test_an_actor_the_knowledge_base_knows_stays_an_actor_even_where_a_place_has_its_name():
    from sitroom.engines import DocumentProcessor

    doc = make_document("The Kremlin denied the report on Monday, Dmitry Peskov said.")
    (annotations,) = DocumentProcessor(PipelineConfig())([doc])
    kremlin = [m for m in annotations.mentions if m.text == "Kremlin"]
    assert kremlin and kremlin[0].entity is not None


def test_every_component_declares_what_it_reads_and_assigns_and_the_default_order_serves_them():
    from sitroom.annotate import DEFAULT_COMPONENTS
    from sitroom.annotate.context import DECLARATIONS, unassigned_reads

    assert set(DEFAULT_COMPONENTS) <= set(DECLARATIONS)
    assert unassigned_reads(DEFAULT_COMPONENTS) == []
    # Claims before the mentions and entities they attribute to: said, naming what is missing.
    assert unassigned_reads(("sitroom_claims", "sitroom_mentions", "sitroom_timexes")) == [
        "sitroom_claims reads entities, mentions, timexes, which no component before it assigns"
    ]


def test_a_pipeline_that_starves_a_component_is_built_with_a_warning(caplog):
    from sitroom.annotate import build_pipeline
    from sitroom.annotate.model import default_model_name

    build_pipeline(default_model_name(), PipelineConfig(components=("sitroom_quantities",)))
    assert "sitroom_quantities reads mentions, which no component before it assigns" in caplog.text


class _OtherLexicon:
    version = "other"


@pytest.mark.parametrize(
    ("component", "data", "other"),
    [
        ("sitroom_claims", "lexicon_version", lambda: "other"),  # data/attribution.yaml
        ("sitroom_places", "context_rules", lambda: _OtherLexicon),  # data/places.yaml and events.yaml
    ],
)
def test_a_components_own_tables_are_part_of_the_pipeline_version(monkeypatch, component, data, other):
    # The attribution words once changed no version: an edited table left the store as it was.
    import importlib

    module = importlib.import_module(f"sitroom.annotate.{component.removeprefix('sitroom_')}")
    config = PipelineConfig(components=(component,))
    before = pipeline_version(config)
    monkeypatch.setattr(module, data, other)
    assert pipeline_version(config) != before
