"""The event rules and the conflict profile as files: errors that name the file, row and field; versions."""

from __future__ import annotations

from importlib import resources

import pytest

from conftest import make_document
from sitroom.annotate import Annotator, PipelineConfig, pipeline_version
from sitroom.annotate.events.lexicon import LexiconError, load_lexicon
from sitroom.profiles import ProfileError, load_profile

from .helpers import PUBLISHED, event


def test_a_rule_without_a_plover_type_is_an_error_naming_file_row_and_field(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("rules:\n  - {name: shelling, match: verb, words: [shell], yields: {type: SHOOTING}}\n")
    with pytest.raises(LexiconError, match=rf"{path}: rules row 1 \(shelling\): yields: type"):
        load_lexicon(str(path))


def test_a_word_in_two_rows_of_one_match_is_an_error(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(
        "rules:\n"
        "  - {name: shelling, match: verb, words: [shell], yields: {type: ASSAULT}}\n"
        "  - {name: firing, match: verb, words: [fire, shell], yields: {type: ASSAULT}}\n"
    )
    with pytest.raises(LexiconError, match=r"rules row 2 \(firing\): words: 'shell' .* row shelling"):
        load_lexicon(str(path))


def test_an_unquoted_yaml_boolean_in_a_rule_is_an_error_as_in_every_rule_table(tmp_path):
    # Once read as the word "false": `no` is a boolean to YAML unless quoted.
    path = tmp_path / "events.yaml"
    path.write_text("rules:\n  - {name: refusal, match: verb, words: [refuse, no], yields: {type: REJECT}}\n")
    with pytest.raises(LexiconError, match=r"rules row 1 \(refusal\): words: words only"):
        load_lexicon(str(path))


def test_a_lexicon_without_a_word_class_the_code_reads_is_an_error(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("rules: []\nwords: {territory: [village]}\n")
    with pytest.raises(LexiconError, match=r"words: missing .*light_verbs"):
        load_lexicon(str(path))


def test_another_lexicon_changes_the_pipeline_version(tmp_path):
    bundled = resources.files("sitroom.data") / "events.yaml"
    path = tmp_path / "events.yaml"
    path.write_text(bundled.read_text(encoding="utf-8") + "\n# a local edit\n", encoding="utf-8")
    config = PipelineConfig(component_config={"sitroom_events": {"lexicon": str(path)}})
    assert pipeline_version(config) != pipeline_version(PipelineConfig())


def test_the_profile_names_the_opponents_a_withdrawal_gives_ground_to(tmp_path):
    text = "Russian troops pulled out of Lyman."
    (default,) = Annotator().annotate([make_document(text, published=PUBLISHED)])
    assert event(default, "pulled out").control_side == "UA"
    path = tmp_path / "other.yaml"
    path.write_text("opponents: {RU: GE, GE: RU}\nsides: {}\n", encoding="utf-8")
    config = PipelineConfig.with_knowledge_bases([]).with_profile(str(path))
    assert config.component_config["sitroom_events"] == {"knowledge_bases": [], "profile": str(path)}
    swapped = Annotator(config)
    (other,) = swapped.annotate([make_document(text, published=PUBLISHED)])
    assert event(other, "pulled out").control_side == "GE"
    assert pipeline_version(swapped.config) != pipeline_version(PipelineConfig())


def test_an_unknown_profile_is_an_error_naming_the_bundled_ones():
    with pytest.raises(ProfileError, match=r"no-such-war: no such profile .*ru-ua"):
        load_profile("no-such-war")


def test_a_profile_field_the_component_does_not_read_is_an_error(tmp_path):
    path = tmp_path / "sahel.yaml"
    path.write_text("opponents: {ML: JNIM}\nfocus: [ML]\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=rf"{path}: focus: unknown field"):
        load_profile(str(path))
