"""The learned attribution tagger: reading its training data, training it (``sitroom train attribution``),
putting labelled tokens back together into attributions, and the pipeline option that applies it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_document
from sitroom.annotate import Annotator, PipelineConfig, pipeline_version
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.quotes import find_quotes
from sitroom.annotate.attribution.tagger import assemble, spans_of
from sitroom.annotate.attribution.training import (
    AttributionDataError,
    read_attribution_examples,
)
from sitroom.annotate.model import default_model_name, load_model
from sitroom.cli import main
from sitroom.cli.train import with_model_choice

# Own words, written for these tests. "Per X, ..." is an attribution the rules do not know: the
# tagger has to learn it from these lines. "per day", "per capita" are hard negatives.
PER = [
    ("Per the port authority, the convoy reached the harbour on Monday.", "the port authority"),
    ("Per two local officials, the dam was struck twice overnight.", "two local officials"),
    ("Per the regional governor, power was restored to most villages.", "the regional governor"),
    ("Per a ministry statement, the talks will resume next week.", "a ministry statement"),
    ("Per the border guard, nine boats crossed the river before dawn.", "the border guard"),
    ("Per hospital staff, forty people were treated for burns.", "hospital staff"),
    ("Per the relief agency, food stocks will last until March.", "the relief agency"),
    ("Per witnesses at the scene, the market burned for hours.", "witnesses at the scene"),
    ("Per the army spokesman, the bridge was blown up by retreating units.", "the army spokesman"),
    ("Per residents of the district, the shelling stopped at noon.", "residents of the district"),
]
SAID = [
    ("The mayor said the water supply would be back by Friday.", "The mayor", "said"),
    (
        "A senior diplomat told reporters that the ceasefire was holding.",
        "A senior diplomat",
        "told reporters",
    ),
    ("The defence ministry claimed its forces had taken the hill.", "The defence ministry", "claimed"),
    ("Local media reported that two schools were closed.", "Local media", "reported"),
    ("The governor warned that the roads were still mined.", "The governor", "warned"),
]
NEGATIVES = [
    "Fuel use rose to forty litres per day in the camp.",
    "Income per capita fell sharply after the blockade.",
    "The convoy reached the harbour on Monday.",
    "Nine boats crossed the river before dawn.",
]


def _records() -> list[dict]:
    records: list[dict] = []
    for text, source in PER:
        content = text[text.index(",") + 2 : -1]
        records.append({"text": text, "attributions": [{"source": source, "cue": "Per", "content": content}]})
    for text, source, cue in SAID:
        content = text[text.index(cue) + len(cue) + 1 : -1].removeprefix("that ")
        records.append({"text": text, "attributions": [{"source": source, "cue": cue, "content": content}]})
    records += [{"text": text, "attributions": []} for text in NEGATIVES]
    return records


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tagger_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tagger")
    data = _write(folder / "own.jsonl", _records())
    out = folder / "model"
    result = CliRunner().invoke(main, ["train", "attribution", str(data), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "trained on 19 texts (15 attributions)" in result.output
    return out


def test_spans_in_the_data_are_found_near_their_cue(tmp_path: Path):
    text = "The mayor said the mayor's office would stay open, a spokesman said."
    data = _write(
        tmp_path / "a.jsonl",
        [
            {
                "text": text,
                "attributions": [{"source": "a spokesman", "cue": [[53, 57]], "content": "the mayor"}],
            }
        ],
    )
    (example,) = read_attribution_examples(data)
    assert example.attributions[0]["CUE"] == [(53, 57)]
    # "the mayor" occurs twice; the one nearer the cue is taken
    assert example.attributions[0]["CONTENT"] == [(15, 24)]
    missing = _write(tmp_path / "b.jsonl", [{"text": text, "attributions": [{"cue": "denied"}]}])
    with pytest.raises(AttributionDataError, match="'denied' is not in the text"):
        read_attribution_examples(missing)


def test_no_attribution_to_learn_from_is_refused(tmp_path: Path):
    data = _write(tmp_path / "none.jsonl", [{"text": text} for text in NEGATIVES])
    result = CliRunner().invoke(main, ["train", "attribution", str(data), "--out", str(tmp_path / "m"), "-q"])
    assert result.exit_code == 1
    assert "no text has an attribution" in result.output


def test_labelled_tokens_are_put_back_together_by_cue():
    nlp = load_model(default_model_name())
    doc = nlp("The mayor said the bridge was shut, and police said the road was open.")
    words = [t.text for t in doc]
    labels = ["O"] * len(doc)
    for first, last, role in ((0, 1, "SOURCE"), (2, 2, "CUE"), (3, 6, "CONTENT")):
        for i in range(first, last + 1):
            labels[i] = ("B-" if i == first else "I-") + role
    police = words.index("police")
    for i, role in ((police, "SOURCE"), (police + 1, "CUE")):
        labels[i] = "B-" + role
    for i in range(police + 2, police + 6):
        labels[i] = ("B-" if i == police + 2 else "I-") + "CONTENT"
    assert spans_of(labels)[:2] == [("SOURCE", 0, 2), ("CUE", 2, 3)]
    found = assemble(doc, QuoteIndex(doc, find_quotes(doc.text)), labels)
    assert [(a.source.text if a.source else None, a.cue.text) for a in found] == [
        ("The mayor", "said"),
        ("police", "said"),
    ]
    assert [doc.text[s:e] for s, e in found[1].contents] == ["the road was open"]


def test_the_trained_tagger_finds_an_attribution_the_rules_miss(tagger_folder: Path):
    text = "Per the fire service, the blaze at the depot was put out by evening."
    document = make_document(text)
    (rules,) = Annotator().annotate([document])
    assert rules.claims == []
    (tagged,) = Annotator(PipelineConfig().with_attribution_model(str(tagger_folder))).annotate([document])
    (claim,) = tagged.claims
    assert (claim.source_text, claim.cue) == ("the fire service", "Per")
    assert claim.text.startswith("the blaze at the depot")
    assert "tagger" in claim.flags
    # where the rules find an attribution, theirs stays, unflagged
    said = make_document("The mayor said the water supply would be back by Friday.")
    (kept,) = Annotator(PipelineConfig().with_attribution_model(str(tagger_folder))).annotate([said])
    assert [(c.source_text, c.cue, "tagger" in c.flags) for c in kept.claims] == [
        ("The mayor", "said", False)
    ]
    (negative,) = Annotator(PipelineConfig().with_attribution_model(str(tagger_folder))).annotate(
        [make_document("Water use rose to ten litres per day in the shelter.")]
    )
    assert negative.claims == []


def test_the_tagger_is_part_of_the_pipeline_version(tagger_folder: Path):
    rules = pipeline_version(PipelineConfig())
    tagged = pipeline_version(PipelineConfig().with_attribution_model(str(tagger_folder)))
    assert tagged != rules
    assert "trained on 19 texts" in (tagger_folder / "MODEL.md").read_text(encoding="utf-8")


def test_the_command_line_choice_sets_the_tagger_beside_the_event_model(tagger_folder: Path):
    config = with_model_choice(None, None, True, str(tagger_folder))
    assert config is not None
    assert config.component_config["sitroom_claims"] == {"attribution_model": str(tagger_folder.resolve())}
    assert "sitroom_event_model" not in config.components
