"""The bundled data files: rule and word tables (YAML), the actor knowledge base, gazetteer sources.

A table a component reads can be replaced by the user's own file in the same format; ``read_table`` reads
either, so that every loader says the same things about a file that is not a table. A component's rules
are rows of one shape, checked by ``rule_rows``: a name, words, and the fields the component reads; each
row's example sentences are in ``tests/cases/<component>.yaml`` under its name.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

# libyaml's parser where PyYAML was built with it (the wheels are): the same documents, about seven
# times faster than the pure-Python one, which cost a noticeable part of every run's start-up.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDatesLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe YAML without implicit dates: a date stays the string written, for its reader to check."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, *, dates: bool = True) -> Any:
    """``yaml.safe_load`` of ``text``; with ``dates=False``, dates are left as strings."""
    return yaml.load(text, Loader=_SafeLoader if dates else _NoDatesLoader)


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
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise error(f"{source}: expected a mapping at the top level")
    return Table(data, source, text)


def rule_rows(
    rows: object, where: str, fields: frozenset[str], error: type[Exception]
) -> list[dict[str, Any]]:
    """The rows of a component's rule table, each checked as every table's rows are: a mapping with a
    ``name`` of its own (its example sentences are filed under that name in
    ``tests/cases/<component>.yaml``), no field but ``fields`` (``name`` and ``words`` included), and
    ``words``: a non-empty list of lower-case words, each listed once. ``error`` names the row and the
    field."""
    if not isinstance(rows, list):
        raise error(f"{where}: a list of rows")
    names: set[str] = set()
    for number, row in enumerate(rows, 1):
        name = row.get("name") if isinstance(row, dict) else None
        at = f"{where} row {number}" + (f" ({name})" if isinstance(name, str) and name else "")
        if not isinstance(row, dict) or not isinstance(name, str) or not name:
            raise error(f"{at}: name: each row needs a name")
        if name in names:
            raise error(f"{at}: name: used by another row")
        names.add(name)
        unknown = set(row) - fields
        if unknown:
            raise error(f"{at}: {', '.join(sorted(unknown))}: unknown field")
        words = row.get("words")
        if not isinstance(words, list) or not words:
            raise error(f"{at}: words: a non-empty list")
        if not all(isinstance(word, str) and word for word in words):
            raise error(f"{at}: words: words only (quote on, no, yes, off)")
        if any(word != word.lower() for word in words) or len(set(words)) != len(words):
            raise error(f"{at}: words: lower case, each listed once")
        for field, value in row.items():
            if not _lists_hold_words(value):
                # YAML 1.1 reads an unquoted on, off, yes or no as a boolean, 1945 as a number: in a
                # row's list it was meant as a word, and would silently match nothing.
                raise error(f"{at}: {field}: a list holds something not a word (quote on, no, yes, off)")
    return rows


def _lists_hold_words(value: object) -> bool:
    """Whether every list in ``value`` (a row's field, or one nested in its mappings) holds only
    non-empty strings."""
    if isinstance(value, list):
        return all(isinstance(item, str) and item for item in value)
    if isinstance(value, dict):
        return all(_lists_hold_words(item) for item in value.values())
    return True
