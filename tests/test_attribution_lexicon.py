"""The attribution lexicon (data/attribution.yaml) and the shared parse walks (annotate/syntax.py)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import spacy
import yaml
from spacy.tokens import Doc

from sitroom.annotate.attribution.lexicon import LexiconError, load_lexicon
from sitroom.annotate.syntax import (
    child_with,
    has_marker,
    objects_through,
    passive_agents,
    prepositional_object,
    prepositional_objects,
)


def bundled_rows() -> list[dict[str, object]]:
    text = resources.files("sitroom.data").joinpath("attribution.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict) and isinstance(data["rules"], list)
    return data["rules"]


def row(rows: list[dict[str, object]], name: str) -> dict[str, object]:
    return next(r for r in rows if r["name"] == name)


def written(tmp_path: Path, rows: list[dict[str, object]], raw: str = "") -> str:
    path = tmp_path / "attribution.yaml"
    path.write_text(yaml.safe_dump({"rules": rows}) + raw, encoding="utf-8")
    return str(path)


def test_bundled_lexicon_joins_its_lists() -> None:
    lexicon = load_lexicon()
    assert {"say", "deny", "urge"} <= lexicon.speech_verbs  # JournalismAI's and our own
    assert lexicon.topic_prepositions < lexicon.attitude_prepositions
    assert lexicon.document_nouns < lexicon.published_nouns and "video" in lexicon.published_nouns
    assert lexicon.stance_of_cue["deny"] == "denial" and "on" in lexicon.medium_prepositions


def test_an_unquoted_yaml_boolean_is_refused(tmp_path: Path) -> None:
    rows = [r for r in bundled_rows() if r["name"] != "medium-prepositions"]
    raw = "- {name: medium-prepositions, table: medium_prepositions, words: [in, on]}\n"  # on: True
    with pytest.raises(LexiconError, match=r"\(medium-prepositions\): words: words only"):
        load_lexicon(written(tmp_path, rows, raw))


def test_an_unknown_table_or_a_table_without_a_row_is_refused(tmp_path: Path) -> None:
    rows = bundled_rows()
    row(rows, "speech-verbs-own")["table"] = "speech_verb"
    with pytest.raises(LexiconError, match=r"\(speech-verbs-own\): table: one of "):
        load_lexicon(written(tmp_path, rows))
    rows = [r for r in bundled_rows() if r["table"] != "no_one"]
    with pytest.raises(LexiconError, match=r"no row for table\(s\) \['no_one'\]"):
        load_lexicon(written(tmp_path, rows))


def test_a_row_is_checked_as_every_rule_row_is(tmp_path: Path) -> None:
    rows = bundled_rows()
    del row(rows, "no-one")["name"]
    with pytest.raises(LexiconError, match=r"rules row \d+: name: each row needs a name"):
        load_lexicon(written(tmp_path, rows))


def test_a_lemma_has_one_stance(tmp_path: Path) -> None:
    rows = bundled_rows()
    warning = row(rows, "stance-of-cue-warning")
    warning["words"] = [*warning["words"], "deny"]  # type: ignore[misc]
    with pytest.raises(LexiconError, match="deny has two stances"):
        load_lexicon(written(tmp_path, rows))


def parsed() -> Doc:
    """ "As reported by the ministry , troops withdrew from Lyman": heads and labels written by hand."""
    words = ["As", "reported", "by", "the", "ministry", ",", "troops", "withdrew", "from", "Lyman"]
    heads = [1, 7, 1, 4, 2, 7, 7, 7, 7, 8]
    deps = ["mark", "advcl", "agent", "det", "pobj", "punct", "nsubj", "ROOT", "prep", "pobj"]
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)


def test_walks_from_a_preposition_to_its_object() -> None:
    doc = parsed()
    assert prepositional_object(doc[8]).text == "Lyman"  # type: ignore[union-attr]
    assert [t.text for t in prepositional_objects(doc[2])] == ["ministry"]
    assert prepositional_object(doc[7]) is None  # a verb has no prepositional object
    assert child_with(doc[7], "nsubj", "nsubjpass").text == "troops"  # type: ignore[union-attr]
    assert child_with(doc[7], "dobj") is None
    assert has_marker(doc[1], "as") and not has_marker(doc[7], "as")
    assert [t.text for t in passive_agents(doc[1])] == ["ministry"] and passive_agents(doc[7]) == []
    assert [t.text for t in objects_through(doc[7], {"from", "to"})] == ["Lyman"]
    assert objects_through(doc[7], {"to"}) == []
