"""``sitroom train events`` and ``sitroom train attribution``: train a model from labelled text; and the
``--model`` / ``--no-model`` / ``--attribution-model`` options of the commands that annotate."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from rich.text import Text

from sitroom.annotate import PipelineConfig
from sitroom.annotate.attribution.training import (
    AttributionDataError,
    TaggerReport,
    read_attribution_examples,
    train_attribution_tagger,
)
from sitroom.annotate.learned import (
    FineTuning,
    MissingTrainingExtra,
    Report,
    TrainingError,
    model_card,
    read_examples,
    shared_encoder,
    train_event_model,
)
from sitroom.annotate.learned.finetune import EPOCHS
from sitroom.annotate.model import ModelNotInstalled, default_model_name, load_model
from sitroom.cli.progress import RichReporter, err

_model = click.option(
    "--model",
    "event_model",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Event model folder (from `sitroom train events`) to type events with, instead of the shipped one.",
)
_no_model = click.option(
    "--no-model", is_flag=True, help="Type events by the rules alone, without the learned event model."
)

_attribution_model = click.option(
    "--attribution-model",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Attribution tagger folder (from `sitroom train attribution`) to find sources, cues and contents "
    "with, the rules' spans among its features (default: the rules alone).",
)


def model_option(command: Callable[..., None]) -> Callable[..., None]:
    return _model(_no_model(_attribution_model(command)))


def with_model_choice(
    config: PipelineConfig | None,
    event_model: str | None,
    no_model: bool,
    attribution_model: str | None = None,
) -> PipelineConfig | None:
    """The configuration with the models the command line chose: like --kb, a choice replaces the
    configuration stored with the store."""
    if event_model and no_model:
        raise click.UsageError("--model and --no-model exclude each other")
    if no_model:
        config = (config or PipelineConfig()).without_event_model()
    elif event_model:
        config = (config or PipelineConfig()).with_event_model(str(Path(event_model).resolve()))
    if attribution_model:
        config = (config or PipelineConfig()).with_attribution_model(str(Path(attribution_model).resolve()))
    return config


# What both train commands take: the data files, the share held out to score on, and quiet.
_training_data = click.argument(
    "data", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
_held_out = click.option(
    "--held-out",
    type=click.FloatRange(0.0, 0.5),
    default=0.2,
    show_default=True,
    help="Share of the data kept aside to score the model (0: none); it is then fitted on all of it.",
)
_quiet = click.option("--quiet", "-q", is_flag=True, help="No progress bars.")


@click.group("train")
def train_group() -> None:
    """Train a model from labelled data."""


@train_group.command("events")
@_training_data
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sitroom-event-model"),
    show_default=True,
    help="Folder to write the model to (use it with --model).",
)
@_held_out
@click.option(
    "--fine-tune",
    is_flag=True,
    help="Also fine-tune the sentence encoder on DATA (minutes on a CPU; needs `pip install "
    "'sitroom[train]'`, torch at training time only). The model folder then carries its own encoder.onnx.",
)
@click.option(
    "--epochs",
    type=click.IntRange(1, 50),
    default=EPOCHS,
    show_default=True,
    help="With --fine-tune.",
)
@click.option(
    "--float",
    "full_precision",
    is_flag=True,
    help="With --fine-tune: keep the encoder's float32 weights (90 MB) instead of int8 (58 MB).",
)
@_quiet
def train_events_command(
    data: tuple[Path, ...],
    out_dir: Path,
    held_out: float,
    fine_tune: bool,
    epochs: int,
    full_precision: bool,
    quiet: bool,
) -> None:
    """Train the event classifier on DATA: JSONL ({"text", "plover", "acled"}), CSV (ACLED's `notes` and
    `sub_event_type` columns), or the PLOVER gold-standard records; several files are joined."""
    tuning = FineTuning(epochs=epochs, quantize=not full_precision) if fine_tune else None
    try:
        examples = [example for path in data for example in read_examples(path)]
        with RichReporter(quiet) as reporter:
            model, report = train_event_model(
                examples,
                shared_encoder(),
                reporter,
                held_out,
                sources=[path.name for path in data],
                fine_tuning=tuning,
            )
        model.save(out_dir, model_card(model, report))
    except (TrainingError, MissingTrainingExtra, OSError) as error:
        err.print(Text(f"error: {error}", style="red"))
        sys.exit(1)
    _print_report(report)
    err.print(f"wrote {out_dir} (use it with --model {out_dir})")


def _print_report(report: Report) -> None:
    err.print(f"trained on {report.examples} texts; scored on {report.held_out} held out")
    for head, counts in report.label_counts.items():
        err.print(f"  {head}: {len(counts)} labels")
    for head, scores in report.scores.items():
        err.print(
            f"  {head} held out ({scores['texts']:.0f}): accuracy {scores['accuracy']:.3f}  "
            f"macro F1 {scores['macro_f1']:.3f}  weighted F1 {scores['weighted_f1']:.3f}  "
            f"calibration error {scores['calibration_error']:.3f}"
        )


@train_group.command("attribution")
@_training_data
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sitroom-attribution-model"),
    show_default=True,
    help="Folder to write the tagger to (use it with --attribution-model).",
)
@_held_out
@_quiet
def train_attribution_command(data: tuple[Path, ...], out_dir: Path, held_out: float, quiet: bool) -> None:
    """Train the attribution tagger on DATA: JSONL, one text a line with its attributions
    ({"text", "attributions": [{"source", "cue", "content"}]}; docs/learned.md); several files are joined."""
    try:
        examples = [example for path in data for example in read_attribution_examples(path)]
        nlp = load_model(default_model_name())
        with RichReporter(quiet) as reporter:
            report = train_attribution_tagger(
                examples, nlp, out_dir, reporter, held_out, sources=[path.name for path in data]
            )
    except (AttributionDataError, ModelNotInstalled, OSError) as error:
        err.print(Text(f"error: {error}", style="red"))
        sys.exit(1)
    _print_tagger_report(report)
    err.print(f"wrote {out_dir} (use it with --attribution-model {out_dir})")


def _print_tagger_report(report: TaggerReport) -> None:
    err.print(
        f"trained on {report.examples} texts ({report.attributions} attributions); "
        f"scored on {report.held_out} held out"
    )
    for role, s in report.scores.items():
        err.print(
            f"  {role} exact spans: precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
            f"F1 {s['f1']:.3f}"
        )
