"""The bundled data files: rule and word tables (YAML), the actor knowledge base, gazetteer sources.

A table a component reads can be replaced by the user's own file in the same format; ``read_table`` reads
either, so that every loader says the same things about a file that is not a table.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml


class Table(NamedTuple):
    data: dict[str, Any]
    source: str  # where it came from, for the loader's own errors
    text: str  # as written, for the table's version


def read_table(name: str, path: str | None, error: type[Exception]) -> Table:
    """The YAML mapping in the user's file at ``path``, else in the bundled file ``name``. ``error`` is
    raised when the top level is not a mapping."""
    if path is None:
        text = resources.files("sitroom.data").joinpath(name).read_text(encoding="utf-8")
        source = f"sitroom/data/{name}"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), path
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise error(f"{source}: expected a mapping at the top level")
    return Table(data, source, text)
