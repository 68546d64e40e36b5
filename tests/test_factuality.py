"""sitroom_factuality: the cue table's rows and classes, and the API (each row's example sentences are its
cases, run by tests/test_rule_cases.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import make_document
from sitroom.annotate import DEFAULT_COMPONENTS, Annotator, PipelineConfig
from sitroom.annotate.factuality import (
    FactualityComponent,
    FactualityModelError,
    FactualityTableError,
    factuality_of,
    load_cue_table,
    load_factuality_model,
)
from sitroom.records import Factuality


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(PipelineConfig(components=("sitroom_factuality",)))


def parse(annotator: Annotator, text: str):
    return annotator.nlp(annotator.make_doc(make_document(text)))


def test_the_bundled_model_names_its_data_and_decides_only_where_it_beat_the_rules():
    model = load_factuality_model()
    assert model is not None
    card = model.card
    assert any(
        "MEANTIME" in line and "CC BY 4.0" in line and "tune half" in line for line in card["training_data"]
    )
    assert card["rebuild"].endswith("benchmarks/factuality_train.py")
    # The rebuild line works from any checkout: the eval folder is named relative to it, not by a
    # path on one machine.
    settings = dict(word.split("=", 1) for word in card["rebuild"].split() if "=" in word)
    assert not Path(settings["SITROOM_EVAL_DIR"]).is_absolute()
    assert set(model.heads) == set(card["decides"])
    for attribute in card["decides"]:
        figures = card["cross_validation"][attribute]
        assert figures["model"] > figures["rules"]


def _toy_model(tmp_path, heads: dict, decides: list[str], features: list[str]) -> str:
    path = tmp_path / "model.json"
    card = {"decides": decides}
    path.write_text(json.dumps({"card": card, "features": features, "heads": heads}))
    return str(path)


def test_the_component_lets_the_model_decide_its_attributes_and_the_rules_the_rest(tmp_path):
    # A model that reads "will" as no future at all: time is its call, polarity stays the rules'.
    heads = {
        "time": {"classes": ["NON_FUTURE", "FUTURE"], "weights": [[0.0], [-5.0]], "intercepts": [0.0, 0.0]}
    }
    model = load_factuality_model(_toy_model(tmp_path, heads, ["time"], ["rule_time=FUTURE"]))
    assert model is not None
    nlp = Annotator(PipelineConfig(components=())).nlp
    component = FactualityComponent(load_cue_table(), model)
    doc = component(nlp("The ministry will not send more troops to the front."))
    send = next(t for t in doc if t.text == "send")
    value = doc._.factuality[send.i]
    assert (value.polarity, value.time, value.cue) == ("NEG", "NON_FUTURE", "not")
    doc = component(nlp("The ministry will send more troops to the front."))
    send = next(t for t in doc if t.text == "send")
    assert doc._.factuality[send.i] == Factuality()  # a plain assertion now: no cue left deciding


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (
            {"classes": ["PAST", "FUTURE"], "weights": [[0.0], [1.0]], "intercepts": [0, 0]},
            "not on the scale",
        ),
        ({"classes": ["NON_FUTURE", "FUTURE"], "weights": [[0.0, 1.0]], "intercepts": [0, 0]}, "do not fit"),
    ],
)
def test_a_model_off_the_scale_or_misshapen_is_refused(tmp_path, head, message):
    path = _toy_model(tmp_path, {"time": head}, ["time"], ["bias"])
    with pytest.raises(FactualityModelError, match=message):
        load_factuality_model(path)


def test_every_documented_class_is_the_class_of_a_row():
    # Each row's example sentences are its cases (tests/cases/factuality.yaml, tests/test_rule_cases.py).
    table = load_cue_table()
    assert {cue.cue_class for cue in table.cues} == set(table.classes)


def test_a_value_names_its_cue_and_scope(annotator):
    text = "Russian forces failed to take the airfield near Kyiv."
    doc = parse(annotator, text)
    value = factuality_of(next(t for t in doc if t.text == "take"))
    assert (value.cue, value.cue_class) == ("failed", "implicative_negative")
    assert value.cue_start is not None and text[value.cue_start : value.cue_end] == "failed"
    assert value.scope_start is not None and text[value.scope_start : value.scope_end] == (
        "to take the airfield near Kyiv"
    )
    assert not value.factual


def test_a_plain_assertion_is_factual_without_a_cue(annotator):
    doc = parse(annotator, "Ukrainian troops recaptured the village on Monday.")
    value = factuality_of(next(t for t in doc if t.text == "recaptured"))
    assert value == Factuality() and value.factual


def test_the_component_stores_every_predicate_on_the_doc(annotator):
    doc = parse(annotator, "The army did not capture the town, and the assault was called off.")
    stored = doc._.factuality
    assert {t.text for t in doc if t.i in stored} >= {"capture", "town", "assault", "called"}
    assert stored[next(t for t in doc if t.text == "capture").i].polarity == "NEG"
    assert stored[next(t for t in doc if t.text == "assault").i].polarity == "NEG"


def test_the_default_pipeline_reads_factuality_before_claims_and_events():
    order = list(DEFAULT_COMPONENTS)
    assert order.index("sitroom_factuality") < order.index("sitroom_claims") < order.index("sitroom_events")


def test_a_cue_listed_twice_for_one_role_is_a_clear_error(tmp_path):
    table = tmp_path / "cues.yaml"
    table.write_text(
        "classes: {negation: x, approximation: y}\n"
        "cues:\n"
        "  - {name: negate, class: negation, words: [never], roles: [modifier], effect: {polarity: NEG}}\n"
        "  - {name: near, class: approximation, words: [never], roles: [modifier], effect: {polarity: NEG}}\n"
    )
    with pytest.raises(FactualityTableError, match="'never' is a modifier of both"):
        load_cue_table(str(table))


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("{class: negation, words: [never], roles: [modifier]}", r"cues row 1: name: each row needs a name"),
        (
            "{name: negate, class: negation, words: [never], roles: [modifier], examples: []}",
            r"examples: unknown",
        ),
        ("{name: negate, class: negation, words: [no], roles: [modifier]}", r"\(negate\): words: words only"),
        (
            "{name: plan, class: negation, words: [plan], roles: [governor], preps: [for, on]}",
            r"\(plan\): preps: a list holds something not a word",
        ),
    ],
)
def test_a_cue_row_is_checked_as_every_rule_row_is(tmp_path, row: str, error: str):
    table = tmp_path / "cues.yaml"
    table.write_text(f"classes: {{negation: x}}\ncues:\n  - {row}\n")
    with pytest.raises(FactualityTableError, match=error):
        load_cue_table(str(table))


@pytest.fixture(scope="module")
def full_pipeline() -> Annotator:
    return Annotator()


@pytest.mark.parametrize(
    ("text", "predicate", "factual"),
    [
        ("Russian forces captured the airfield at Hostomel on Thursday.", "captured", True),
        ("Russian forces failed to take the airfield at Hostomel.", "take", False),
        ("The army gave up its attempt on Chernihiv and is bypassing the city.", "attempt", False),
        ("Russian troops were stopped from occupying the whole of Kyiv oblast.", "occupying", False),
        ("Russian forces are close to seizing Severodonetsk, the ISW said.", "seizing", False),
        ("Russia is expected to encircle Mariupol within a day.", "encircle", False),
        ("The ministry denied that its forces had captured Izium.", "captured", False),
        ("Ukrainian forces reportedly recaptured Kherson.", "recaptured", False),
    ],
)
def test_the_default_pipeline_tells_captures_from_what_did_not_happen(
    full_pipeline, text, predicate, factual
):
    doc = full_pipeline.nlp(full_pipeline.make_doc(make_document(text)))
    assert factuality_of(next(t for t in doc if t.text == predicate)).factual is factual
