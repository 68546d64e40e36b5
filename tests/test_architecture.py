"""The shape of the code: imports run down the stages and never back up, no two stages import each other,
and no source file grows past what one reader can hold.

The order the imports need (docs/architecture.md): the ground floor (records, timeml) < ingest < resolve <
annotate < store < reconcile < report < running the stages (workflow) < serve < cli. Data flows
ingest -> annotate -> resolve -> reconcile -> store -> report, but annotate calls resolve (gazetteer, actor
knowledge base) while it reads a document, and reconcile reads and writes the store, so resolve sits below
annotate and store below reconcile. Beyond the order, the stages reach each other only through the
ground floor and the store: report does not import reconcile, store does not import reconcile.
"""

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"
GROUND = frozenset({"sitroom", "records", "timeml", "profiles", "schemas", "data", "demo"})
RUNNING = frozenset({"workflow", "engines", "watch", "pipeline_setup", "reporting"})
PIPELINE = frozenset({"ingest", "resolve", "annotate", "store", "reconcile", "report"})
# What each top-level module may import besides the ground floor and itself.
MAY_IMPORT: dict[str, frozenset[str]] = {
    **dict.fromkeys(GROUND, frozenset()),
    "ingest": frozenset(),
    "resolve": frozenset(),
    "annotate": frozenset({"resolve"}),
    "store": frozenset(),
    "reconcile": frozenset({"store"}),
    "report": frozenset({"store"}),
    **dict.fromkeys(RUNNING, PIPELINE | RUNNING),
    "serve": frozenset({"store", "report"}) | RUNNING,
    "cli": PIPELINE | RUNNING | {"serve"},
    "__main__": frozenset({"cli"}),
}
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports(path: Path) -> set[str]:
    """Every sitroom module a file imports, at module level or inside a function."""
    found: set[str] = set()
    package = (
        _module_name(path).split(".") if path.name == "__init__.py" else _module_name(path).split(".")[:-1]
    )
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found.add(".".join([*base, node.module or ""]).strip("."))
    return {name for name in found if name == "sitroom" or name.startswith("sitroom.")}


SOURCES = sorted((SOURCE / "sitroom").rglob("*.py"))
IMPORTS = {_module_name(path): _imports(path) for path in SOURCES}


def _stage_graph(imports: dict[str, set[str]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, imported in imports.items():
        graph.setdefault(_stage(module), set()).update(
            _stage(name) for name in imported if _stage(name) != _stage(module)
        )
    return graph


def _upward(imports: dict[str, set[str]]) -> list[str]:
    """Imports that run back up the flow or across it: neither the ground floor, nor the importer's own
    stage, nor one it may import."""
    return sorted(
        f"{module} imports {name}"
        for module, imported in imports.items()
        for name in imported
        if _stage(name) not in GROUND | {_stage(module)} | MAY_IMPORT.get(_stage(module), frozenset())
    )


def _in_cycle(graph: dict[str, set[str]], start: str) -> bool:
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        stage = todo.pop()
        if stage not in seen:
            seen.add(stage)
            todo.extend(graph.get(stage, ()))
    return start in seen


STAGE_GRAPH = _stage_graph(IMPORTS)


def test_every_stage_has_its_place_in_the_order():
    unplaced = sorted(set(STAGE_GRAPH) - set(MAY_IMPORT))
    assert not unplaced, f"say what these top-level modules may import in MAY_IMPORT: {unplaced}"


def test_no_import_runs_back_up_the_flow():
    assert _upward(IMPORTS) == []


def _behind_the_front(imports: dict[str, set[str]]) -> list[str]:
    """Imports by a pipeline stage of another stage's inner modules rather than a package's front module
    (``sitroom.resolve.gazetteer``, not ``sitroom.resolve.gazetteer.index``)."""
    return sorted(
        f"{module} imports {name}"
        for module, imported in imports.items()
        if _stage(module) in PIPELINE
        for name in imported
        if _stage(name) not in GROUND | {_stage(module)}
        and not (SOURCE / name.replace(".", "/") / "__init__.py").is_file()
    )


def test_stages_reach_each_other_through_front_modules_only():
    assert _behind_the_front(IMPORTS) == []


@pytest.mark.parametrize("stage", sorted(STAGE_GRAPH))
def test_no_stage_is_in_an_import_cycle(stage):
    assert not _in_cycle(STAGE_GRAPH, stage)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.relative_to(SOURCE).as_posix())
def test_no_source_file_is_over_600_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(SOURCE)} has {lines} lines: split it along its seams"


def test_the_checks_find_an_import_back_up_and_a_cycle():
    made_up = {
        "sitroom.store.doctor": {"sitroom.reconcile", "sitroom.records"},
        "sitroom.reconcile": {"sitroom.store"},
        "sitroom.annotate.places": {"sitroom.resolve.gazetteer"},
        "sitroom.report.situation": {"sitroom.reconcile.evidence", "sitroom.timeml"},
    }
    assert _upward(made_up) == [
        "sitroom.report.situation imports sitroom.reconcile.evidence",
        "sitroom.store.doctor imports sitroom.reconcile",
    ]
    graph = _stage_graph(made_up)
    assert _in_cycle(graph, "store") and _in_cycle(graph, "reconcile")
    assert not _in_cycle(graph, "annotate") and not _in_cycle(graph, "report")
    assert _behind_the_front(
        {"sitroom.annotate.places": {"sitroom.resolve.gazetteer", "sitroom.resolve.gazetteer.index"}}
    ) == ["sitroom.annotate.places imports sitroom.resolve.gazetteer.index"]
    assert "sitroom.timeml" in IMPORTS["sitroom.reconcile.evidence"]  # and the real tree is read
