"""One speaker, however the articles write it: the claims ledger and the workspace group a speaker's name
variants under one name (data: ``speakers.yaml``, and the jurisdictions of the actor knowledge base)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitroom.data import load_yaml

_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class Speaker:
    key: str  # the same for every writing of one speaker
    name: str  # as the ledger names it


def _words(text: str) -> str:
    return " ".join(_POSSESSIVE.sub("", _THE.sub("", " ".join(text.split()))).casefold().split())


class Speakers:
    """The jurisdictions' names and adjectives, and the collective words for a state's officials."""

    def __init__(self, jurisdictions: dict[str, list[str]], collectives: list[str]):
        self._states: dict[str, str] = {}  # written words -> jurisdiction code
        self._names: dict[str, str] = {}  # code -> the state's name
        for code, words in jurisdictions.items():
            self._names[code] = _THE.sub("", words[0]) if words else code
            for word in words:
                self._states.setdefault(_words(word), code)
        self._collectives = frozenset(collectives)

    def of(self, written: str, known: tuple[str, str] | None = None) -> Speaker:
        """The speaker who said it: ``known`` is the (entity id, name) of an actor of the knowledge base;
        ``written`` is how the article names the speaker."""
        if known is not None:
            return Speaker(f"entity:{known[0]}", known[1])
        words = _words(written)
        code = self._state(words)
        if code is not None:
            return Speaker(f"state:{code}", self._names[code])
        name = " ".join(written.split())
        # "The General Staff" is the General Staff; "the commander" stays as written.
        rest = _THE.sub("", name)
        return Speaker(f"written:{words}", rest if rest[:1].isupper() else name)

    def _state(self, words: str) -> str | None:
        if words in self._states:
            return self._states[words]
        head, _, last = words.rpartition(" ")
        if last in self._collectives and head:
            return self._states.get(_words(head))
        first, _, rest = words.partition(" in ")
        if first in self._collectives and rest:
            return self._states.get(_words(rest))
        return None


@cache
def bundled_speakers() -> Speakers:
    """From the bundled actor knowledge base and speakers table."""
    data = resources.files("sitroom.data")
    actors = load_yaml(data.joinpath("actors.yaml").read_text("utf-8"))
    jurisdictions = {
        str(code): [*value.get("names", []), *value.get("adjectives", [])]
        for code, value in actors["jurisdictions"].items()
    }
    table = load_yaml(data.joinpath("speakers.yaml").read_text("utf-8"))
    return Speakers(jurisdictions, table["collectives"])
