"""What a run settles before it annotates: the pipeline configuration, and the one-time gazetteer build.

The configuration (model, components, the ``--kb`` files by path and content hash) is kept with the store,
so that a later ``process``, ``watch`` or the workspace's process button annotates the same way: a run given
no configuration uses the stored one; a run given one (``--kb``, or ``--no-kb`` for the bundled knowledge
base alone) uses it, says so when it differs from the stored one, and stores it in its place.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitroom.annotate import PipelineConfig
from sitroom.annotate.model import default_model_name
from sitroom.reporting import Reporter
from sitroom.resolve.gazetteer import Gazetteer, default_index_path, index_is_current
from sitroom.store import Store, fulltext_terms

PLACES_COMPONENT = "sitroom_places"


class StoredConfigError(RuntimeError):
    """The stored configuration cannot be used as it is (a ``--kb`` file of it has vanished)."""


def settle_config(store: Store, given: PipelineConfig | None, reporter: Reporter) -> PipelineConfig:
    """The configuration to annotate ``store`` with: ``given``, else the stored one, else the default.
    What is used is stored for the next run."""
    stored = store.pipeline_config()
    if given is not None:
        config = given
        if stored is not None and _without_hashes(stored) != _without_hashes(describe(given)):
            reporter.note(
                f"using the given configuration ({summary(describe(given))}) instead of the one stored with "
                f"the store ({summary(stored)}); documents are annotated again and it is stored from now on"
            )
    elif stored is not None:
        config = _from_stored(stored, reporter)
    else:
        config = PipelineConfig()
    current = describe(config)
    if current != stored:
        store.save_pipeline_config(current)
    return config


def describe(config: PipelineConfig) -> dict[str, Any]:
    """A JSON description of ``config``: what the store keeps, and what runs compare."""
    return {
        "model": config.model or default_model_name(),
        "components": list(config.components),
        "component_config": config.component_config,
        "knowledge_bases": [
            {"path": path, "sha256": _sha256(Path(path))} for path in _knowledge_bases(config)
        ],
    }


def summary(description: dict[str, Any]) -> str:
    files = [Path(kb["path"]).name for kb in description["knowledge_bases"]]
    knowledge = f"--kb {', '.join(files)}" if files else "the bundled knowledge base only"
    return f"model {description['model']}, {len(description['components'])} components, {knowledge}"


def _from_stored(stored: dict[str, Any], reporter: Reporter) -> PipelineConfig:
    for kb in stored["knowledge_bases"]:
        path = Path(kb["path"])
        if not path.is_file():
            raise StoredConfigError(
                f"the store is processed with --kb {path}, which no longer exists: give --kb again "
                f"(its new place) or --no-kb for the bundled knowledge base alone"
            )
        if _sha256(path) != kb["sha256"]:
            reporter.note(
                f"--kb {path} has changed since the store was processed with it; documents are annotated "
                f"again with its new content"
            )
    return PipelineConfig(
        model=stored["model"],
        components=tuple(stored["components"]),
        component_config=stored["component_config"],
    )


def _knowledge_bases(config: PipelineConfig) -> list[str]:
    """Every ``knowledge_bases`` file the components are configured with, once each, in order."""
    files: list[str] = []
    for options in config.component_config.values():
        found = options.get("knowledge_bases", [])
        files += [str(path) for path in found] if isinstance(found, list | tuple) else []
    return list(dict.fromkeys(files))


def _without_hashes(description: dict[str, Any]) -> dict[str, Any]:
    # A changed file under the same path is the same configuration (the change is reported on its own).
    return {key: value for key, value in description.items() if key != "knowledge_bases"}


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def build_gazetteer_once(config: PipelineConfig, reporter: Reporter) -> None:
    """The first run, and the first after an upgrade changed the data of an index kept at a path of the
    user's choosing, compiles the offline gazetteer (about a minute, some 90 MB): announced, with its own
    progress bar, before any document is annotated."""
    if PLACES_COMPONENT not in config.components:
        return
    index = config.component_config.get(PLACES_COMPONENT, {}).get("index")
    path = Path(str(index)) if index else default_index_path()
    if index_is_current(path):
        return
    why = " (the index there was built from other data)" if path.exists() else ""
    reporter.note(f"compiling the offline gazetteer into {path}{why}: once, a minute or two")
    reporter.stage("gazetteer", 100)
    shown = 0

    def progress(share: float) -> None:
        nonlocal shown
        step = round(share * 100) - shown
        reporter.advance(step)
        shown += step

    Gazetteer.open(path, progress).close()


def place_spellings(query: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The words of a search query (and the whole query) that name places, each with the gazetteer ids
    of the places it names in any of their spellings: "Izium", "Izyum" and "Izjum" all name Izium.
    Nothing when the gazetteer has not been built: a search never builds it."""
    gazetteer = _built_gazetteer()
    if gazetteer is None:
        return ()
    terms = fulltext_terms(query)
    phrases = dict.fromkeys([*terms, " ".join(terms)] if len(terms) > 1 else terms)
    found = []
    for phrase in phrases:
        ids = tuple(sorted({m.entry.gid for m in gazetteer.lookup(phrase) if m.exact}))
        if ids:
            found.append((phrase, ids))
    return tuple(found)


@lru_cache(maxsize=1)
def _built_gazetteer() -> Gazetteer | None:
    path = default_index_path()
    return Gazetteer(path) if path.exists() else None
