from __future__ import annotations

from pathlib import Path

from sitroom.workflow import ingest

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
