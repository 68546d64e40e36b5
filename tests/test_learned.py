"""The learned event model: the encoder, training, the ``sitroom train events`` command, the pipeline
component and its guards (no capture the rules did not find), and the rules-alone fallback."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import make_document
from sitroom.annotate import EVENT_MODEL, Annotator, PipelineConfig, pipeline_version
from sitroom.annotate.learned import (
    EventModel,
    Example,
    bundled_model_path,
    model_card,
    read_examples,
    shared_encoder,
    train_event_model,
)
from sitroom.annotate.learned.model import NONE_LABEL
from sitroom.cli import main

# Own words, written for these tests: three kinds of event, several ways each.
SENTENCES = {
    ("ASSAULT", "Shelling/artillery/missile attack"): [
        "Artillery pounded the outskirts of the town through the night.",
        "Howitzers shelled residential blocks on the eastern bank.",
        "The army fired mortar rounds at the village on Sunday.",
        "Rocket launchers hit the district centre twice in an hour.",
        "Heavy shelling struck the market square in the morning.",
        "Guns on the ridge bombarded the rail junction.",
    ],
    ("PROTEST", "Peaceful protest"): [
        "Hundreds of teachers marched to the ministry demanding higher pay.",
        "Students held a sit-in outside the parliament building.",
        "Farmers rallied peacefully in the main square over fuel prices.",
        "A crowd gathered at the town hall to demand the mayor resign.",
        "Nurses staged a quiet demonstration in front of the hospital.",
        "Residents protested outside the council against the new road.",
    ],
    ("AGREE", "Agreement"): [
        "The two governments signed a deal on grain exports.",
        "Negotiators reached an agreement on a prisoner exchange.",
        "The rival parties agreed to share power in the region.",
        "Both sides signed an accord to reopen the border crossing.",
        "The ministers concluded a treaty on water rights.",
        "Delegations agreed on a timetable for the talks.",
    ],
}
NEW_SENTENCES = {
    "Shelling/artillery/missile attack": "Mortars and artillery hit the suburbs again overnight.",
    "Peaceful protest": "Thousands of workers marched peacefully through the capital demanding better wages.",
    "Agreement": "The neighbours signed an agreement on fishing rights.",
}


def _examples() -> list[Example]:
    return [
        Example(text, {"plover": plover, "acled": acled})
        for (plover, acled), texts in SENTENCES.items()
        for text in texts
    ]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("model")
    model, report = train_event_model(_examples(), shared_encoder(), held_out_share=0.0)
    model.save(folder, model_card(model, report))
    return folder


def test_the_encoder_gives_unit_vectors_that_do_not_depend_on_the_batch():
    encoder = shared_encoder()
    texts = [
        "Russian forces shelled the city of Kharkiv overnight.",
        "The Russian army bombarded Kharkiv with artillery during the night.",
        "The central bank raised interest rates by half a point.",
        "",
    ]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([text]) for text in texts])
    assert together.shape == (4, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-4)
    paraphrase, unrelated = together[0] @ together[1], together[0] @ together[2]
    assert paraphrase > 0.6 and unrelated < 0.2


def test_each_text_keeps_its_own_vector_when_the_texts_are_run_by_token_count():
    # More texts than a session run takes, given longest first, one of them twice: the runs go by token
    # count, and each row must still be its own text's vector.
    encoder = shared_encoder()
    texts = [" ".join(["Artillery struck the depot near the river crossing"] * n) for n in range(11, 0, -1)]
    texts += [texts[3], "Talks resumed."]
    assert len(texts) > encoder.batch_size
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([text]) for text in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.array_equal(together[3], together[11])
    assert together[0] @ together[-1] < 0.5  # rows not swapped: a long text and a short unrelated one


@pytest.mark.parametrize("analyzer", ["words", "chars"])
def test_the_run_time_ngram_features_are_those_training_computed(analyzer: str):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from sitroom.annotate.learned.model import ANALYZERS, NgramBlock

    texts = [text for texts in SENTENCES.values() for text in texts]
    fitted = TfidfVectorizer(analyzer=ANALYZERS[analyzer], sublinear_tf=True, min_df=2).fit(texts)
    block = NgramBlock(analyzer, dict(fitted.vocabulary_), fitted.idf_, weight=0.5)
    probe = ["Artillery shelled the town square, and the town square burned.", "Nothing in common here."]
    expected = 0.5 * fitted.transform(probe).toarray()
    assert np.allclose(block.tfidf(probe).toarray(), expected, atol=1e-6)


def test_character_ngrams_are_those_of_scikit_learns_char_wb():
    from sklearn.feature_extraction.text import CountVectorizer

    from sitroom.annotate.learned.model import char_ngrams

    text = "Two IEDs were defused near Kyiv, a 5 km stretch."
    reference = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True).build_analyzer()
    assert sorted(char_ngrams(text)) == sorted(reference(text))


def test_training_on_a_few_own_words_sentences_learns_to_tell_them_apart(tiny_model: Path):
    model = EventModel.load(tiny_model)
    predicted = model.predict(list(NEW_SENTENCES.values()))
    assert [p["acled"].label for p in predicted] == list(NEW_SENTENCES)
    assert [p["plover"].label for p in predicted] == ["ASSAULT", "PROTEST", "AGREE"]
    assert all(0.0 < p["acled"].probability <= 1.0 for p in predicted)


def test_a_held_out_share_is_scored_and_calibrated():
    model, report = train_event_model(_examples(), shared_encoder(), held_out_share=0.34)
    assert report.held_out >= 6
    assert set(report.scores) == {"plover", "acled"}
    assert 0.0 <= report.scores["acled"]["accuracy"] <= 1.0
    assert model.meta["held_out_scores"] == report.scores


def test_sitroom_train_events_end_to_end_on_jsonl_and_on_an_acled_csv(tmp_path: Path):
    rows = [{"text": e.text, **e.labels} for e in _examples()]
    rows.append({"text": "The striker scored twice in the cup final.", "plover": None, "acled": None})
    data = _write_jsonl(tmp_path / "events.jsonl", rows)
    result = CliRunner().invoke(main, ["train", "events", str(data), "--out", str(tmp_path / "m1"), "-q"])
    assert result.exit_code == 0, result.output
    assert "held out" in result.output
    card = (tmp_path / "m1" / "MODEL.md").read_text(encoding="utf-8")
    assert "trained on 19 texts" in card and "events.jsonl" in card
    assert EventModel.load(tmp_path / "m1").heads["acled"].labels[-1] == "none"

    acled_csv = tmp_path / "acled.csv"
    with acled_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["event_date", "sub_event_type", "notes"])
        writer.writeheader()
        for (_, acled), texts in SENTENCES.items():
            writer.writerows({"event_date": "2024-01-01", "sub_event_type": acled, "notes": t} for t in texts)
    first = read_examples(acled_csv)[0]
    assert first.labels == {"acled": "Shelling/artillery/missile attack"}
    result = CliRunner().invoke(
        main, ["train", "events", str(acled_csv), "--out", str(tmp_path / "m2"), "-q"]
    )
    assert result.exit_code == 0, result.output
    model = EventModel.load(tmp_path / "m2")
    assert set(model.heads) == {"acled"}
    assert model.predict([NEW_SENTENCES["Agreement"]])[0]["acled"].label == "Agreement"


def test_training_data_without_two_labels_is_refused(tmp_path: Path):
    data = _write_jsonl(tmp_path / "one.jsonl", [{"text": "Guns fired.", "acled": "Armed clash"}] * 3)
    result = CliRunner().invoke(main, ["train", "events", str(data), "--out", str(tmp_path / "m"), "-q"])
    assert result.exit_code == 1
    assert "two labels" in result.output


def test_the_model_is_part_of_the_pipeline_version(tiny_model: Path):
    shipped = PipelineConfig()
    assert EVENT_MODEL in shipped.components
    versions = {
        pipeline_version(shipped),
        pipeline_version(shipped.with_event_model(str(tiny_model))),
        pipeline_version(shipped.without_event_model()),
    }
    assert len(versions) == 3
    assert (bundled_model_path() / "MODEL.md").is_file()


def test_without_the_model_the_rules_type_the_events():
    rules = Annotator(PipelineConfig().without_event_model())
    assert EVENT_MODEL not in rules.nlp.pipe_names
    (annotations,) = rules.annotate([make_document("Russian forces shelled Kharkiv on Monday.")])
    (event,) = annotations.events
    assert (event.type, event.acled) == ("ASSAULT", "Shelling/artillery/missile attack")


def test_the_model_never_makes_a_capture(tmp_path: Path):
    """A model that calls every attack a territorial takeover still cannot make one: the rules alone
    say when territory changed hands."""
    examples = [
        Example(text, {"plover": "CONTROL", "acled": "Non-state actor overtakes territory"})
        for text in SENTENCES[("ASSAULT", "Shelling/artillery/missile attack")]
    ] + [
        Example(text, {"plover": plover, "acled": acled})
        for (plover, acled), texts in SENTENCES.items()
        if plover != "ASSAULT"
        for text in texts
    ]
    model, report = train_event_model(examples, shared_encoder(), held_out_share=0.0)
    model.save(tmp_path / "grabby", model_card(model, report))
    annotator = Annotator(PipelineConfig().with_event_model(str(tmp_path / "grabby"), plover=True))
    (annotations,) = annotator.annotate(
        [make_document("Russian artillery shelled the town of Izium overnight.")]
    )
    assert annotations.events
    for event in annotations.events:
        assert event.type != "CONTROL" and event.control_side is None
        assert event.acled not in {"Non-state actor overtakes territory", "Government regains territory"}


def test_the_command_line_chooses_the_model_like_it_chooses_knowledge_bases(tiny_model: Path):
    import click

    from sitroom.cli.train import with_model_choice

    assert with_model_choice(None, None, False) is None  # nothing said: the stored configuration
    chosen = with_model_choice(None, str(tiny_model), False)
    assert chosen is not None and chosen.component_config[EVENT_MODEL]["model"] == str(tiny_model.resolve())
    off = with_model_choice(PipelineConfig.with_knowledge_bases(["kb.yaml"]), None, True)
    assert off is not None and EVENT_MODEL not in off.components
    assert off.component_config["sitroom_entities"] == {"knowledge_bases": ["kb.yaml"]}
    with pytest.raises(click.UsageError):
        with_model_choice(None, str(tiny_model), True)


def test_an_event_the_model_codes_carries_its_calibrated_probability(tiny_model: Path):
    annotator = Annotator(PipelineConfig().with_event_model(str(tiny_model)))
    (annotations,) = annotator.annotate([make_document("Demonstrators rallied outside the town hall.")])
    (event,) = annotations.events
    answer = EventModel.load(tiny_model).predict([event.text])[0]["acled"]
    assert answer.probability >= 0.5
    assert (event.acled, event.confidence) == (answer.label, round(answer.probability, 3))


def test_the_model_keeps_the_rules_ranking_of_a_sentences_events(tiny_model: Path):
    """One probability for the whole sentence: the main event (the rules' most confident) takes it, the
    others never exceed it, so the sentence's main event stays the one the rules ranked first."""
    text = "After howitzers shelled the school, hundreds of teachers marched to the ministry."
    (by_rules,) = Annotator(PipelineConfig().without_event_model()).annotate([make_document(text)])
    assert len(by_rules.events) == 2
    main = max(by_rules.events, key=lambda e: (e.confidence, -e.trigger_start))
    (annotations,) = Annotator(PipelineConfig().with_event_model(str(tiny_model))).annotate(
        [make_document(text)]
    )
    answer = EventModel.load(tiny_model).predict([text])[0]["acled"]
    assert answer.probability >= 0.5
    rules = {e.trigger: e.confidence for e in by_rules.events}
    for event in annotations.events:
        expected = (
            answer.probability
            if event.trigger == main.trigger
            else min(rules[event.trigger], answer.probability)
        )
        assert event.confidence == round(expected, 3)
    assert max(annotations.events, key=lambda e: (e.confidence, -e.trigger_start)).trigger == main.trigger


def test_a_sentence_the_rules_find_no_event_in_is_typed_at_its_main_predicate(tiny_model: Path):
    """No trigger word of the rules, but the model knows a rally when it reads one; factuality stays an
    input: the same sentence negated gives a negated event."""
    text = "Thousands of nurses filled the avenue outside the ministry, chanting for higher pay."
    (by_rules,) = Annotator(PipelineConfig().without_event_model()).annotate([make_document(text)])
    assert not by_rules.events
    (by_default,) = Annotator(PipelineConfig().with_event_model(str(tiny_model))).annotate(
        [make_document(text)]
    )
    assert not by_default.events
    annotator = Annotator(PipelineConfig().with_event_model(str(tiny_model), untriggered=True))
    (annotations,) = annotator.annotate([make_document(text)])
    (event,) = annotations.events
    answer = EventModel.load(tiny_model).predict([text])[0]
    assert (event.trigger, event.modality, event.actors) == ("filled", "asserted", [])
    assert (
        (event.type, event.acled)
        == ("PROTEST", "Peaceful protest")
        == (answer["plover"].label, answer["acled"].label)
    )
    assert event.confidence == round(answer["acled"].probability, 3)
    (negated,) = annotator.annotate([make_document(text.replace("filled", "did not fill"))])
    (denied,) = negated.events
    assert (denied.trigger, denied.modality) == ("fill", "negated")


def test_an_untyped_sentence_of_a_kind_acled_does_not_code_takes_the_plover_heads_type(tmp_path: Path):
    """Agreements between states are no ACLED event: where only the PLOVER head finds an event, the
    sentence gets that type, no ACLED type, and the PLOVER head's probability."""
    examples = [
        Example(text, {"plover": plover, "acled": NONE_LABEL if plover == "AGREE" else acled})
        for (plover, acled), texts in SENTENCES.items()
        for text in texts
    ]
    model, report = train_event_model(examples, shared_encoder(), held_out_share=0.0)
    model.save(tmp_path, model_card(model, report))
    text = "The two neighbours concluded a pact on fishing rights."
    (by_rules,) = Annotator(PipelineConfig().without_event_model()).annotate([make_document(text)])
    assert not by_rules.events
    answer = EventModel.load(tmp_path).predict([text])[0]
    assert (answer["plover"].label, answer["acled"].label) == ("AGREE", NONE_LABEL)
    annotator = Annotator(PipelineConfig().with_event_model(str(tmp_path), untriggered=True))
    (annotations,) = annotator.annotate([make_document(text)])
    (event,) = annotations.events
    assert (event.type, event.acled, event.trigger) == ("AGREE", None, "concluded")
    assert event.confidence == round(answer["plover"].probability, 3)


def test_a_model_folder_saved_before_the_feature_blocks_still_loads(tiny_model: Path, tmp_path: Path):
    # Such a folder held one word block as `vocabulary` and `idf`, and no character n-grams.
    meta = json.loads((tiny_model / "model.json").read_text(encoding="utf-8"))
    words = next(b for b in meta.pop("ngrams") if b["analyzer"] == "words")
    meta.update(vocabulary=words["vocabulary"], word_weight=words["weight"])
    with np.load(tiny_model / "model.npz") as weights:
        arrays = dict(weights)
    kept = EventModel.load(tiny_model).features(["x"]).shape[1] - len(arrays.pop("idf_chars"))
    arrays["idf"] = arrays.pop("idf_words")
    for name in meta["labels"]:
        arrays[f"{name}_coef"] = arrays[f"{name}_coef"][:, :kept]
    np.savez(tmp_path / "model.npz", **arrays)
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")

    legacy = EventModel.load(tmp_path)
    assert [b.analyzer for b in legacy.blocks] == ["words"]
    predicted = legacy.predict(list(NEW_SENTENCES.values()))
    assert all(0.0 < p["acled"].probability <= 1.0 for p in predicted)
