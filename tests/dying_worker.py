"""A worker function for the local pool that kills its own process on a marked document, as the
kernel's out-of-memory killer or a crash in native code would. A module of its own, so that the pool's
spawned workers can import it by name."""

from __future__ import annotations

import os

from sitroom.engines import local
from sitroom.engines.processor import Result
from sitroom.records import Document

DEATH_MARK = "this document kills its worker"


def annotate_or_die(documents: list[Document]) -> list[Result]:
    if any(DEATH_MARK in document.text for document in documents):
        os._exit(9)
    return local._process_in_worker(documents)
