"""The attribution lexicon (data/attribution.yaml) and the shared parse walks (annotate/syntax.py)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import spacy
import yaml
from spacy.tokens import Doc

from sitroom.annotate.attribution.lexicon import LexiconError, load_lexicon
from sitroom.annotate.syntax import child_with, has_marker, prepositional_object, prepositional_objects


def bundled() -> dict[str, object]:
    text = resources.files("sitroom.data").joinpath("attribution.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def written(tmp_path: Path, data: dict[str, object], raw: str = "") -> str:
    path = tmp_path / "attribution.yaml"
    path.write_text(yaml.safe_dump(data) + raw, encoding="utf-8")
    return str(path)


def test_bundled_lexicon_joins_its_lists() -> None:
    lexicon = load_lexicon()
    assert {"say", "deny", "urge"} <= lexicon.speech_verbs  # JournalismAI's and our own
    assert lexicon.topic_prepositions < lexicon.attitude_prepositions
    assert lexicon.document_nouns < lexicon.published_nouns and "video" in lexicon.published_nouns
    assert lexicon.stance_of_cue["deny"] == "denial" and "on" in lexicon.medium_prepositions


def test_an_unquoted_yaml_boolean_is_refused(tmp_path: Path) -> None:
    data = bundled()
    del data["medium_prepositions"]
    with pytest.raises(LexiconError, match="medium_prepositions"):
        load_lexicon(written(tmp_path, data, "medium_prepositions: [in, on]\n"))  # "on" reads as True


def test_an_unknown_or_missing_table_is_refused(tmp_path: Path) -> None:
    data = bundled()
    data["speech_verb"] = data.pop("speech_verbs")
    with pytest.raises(
        LexiconError, match=r"unknown table\(s\) \['speech_verb'\].*missing table\(s\) \['speech_verbs'\]"
    ):
        load_lexicon(written(tmp_path, data))


def test_a_lemma_has_one_stance(tmp_path: Path) -> None:
    data = bundled()
    stances = data["stance_of_cue"]
    assert isinstance(stances, dict)
    stances["warning"] = [*stances["warning"], "deny"]
    with pytest.raises(LexiconError, match="deny has two stances"):
        load_lexicon(written(tmp_path, data))


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
