"""How a run annotates: which pipeline, on which engine, with how many workers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from sitroom.annotate import PipelineConfig

# Where annotation runs: this machine's processes, or the actors of a Ray cluster (the ``ray`` extra).
Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (its optional dependency is not installed)."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    # None: the configuration stored with the store, else the default (``workflow.process`` settles it).
    config: PipelineConfig | None = None
    # Processes (local) or actors (ray); None: as many as ``auto_workers`` gives for the run (local), 1 (ray).
    workers: int | None = None
    engine: Engine = "local"
    address: str | None = None  # the Ray cluster to join; None starts a local Ray instance

    @property
    def pipeline(self) -> PipelineConfig:
        """The configuration to annotate with: the one given, else the default."""
        return self.config or PipelineConfig()

    def workers_for(self, documents: int) -> int:
        """The processes or actors to annotate ``documents`` pending documents with."""
        if self.workers is not None:
            return self.workers
        if self.engine == "ray":
            return 1
        return auto_workers(documents, usable_cores(), os.getloadavg()[0])


# A worker process starts from a forkserver that has the pipeline loaded (about 0.5 CPU s), and workers
# start while ingest runs; a second worker already pays for itself at 12 news pages (2.8 s against 3.2 s
# in one process, event model on; 30 pages: 5.8 s against 8.0 s). benchmarks/pipeline_speed.py
# --workers 2 times both.
DOCUMENTS_PER_WORKER = 12


def auto_workers(documents: int, cores: int, load: float) -> int:
    """One process per idle core, at most one per ``DOCUMENTS_PER_WORKER`` documents, at least one.

    ``load`` is the machine's one-minute load average, this run's own process included (up to 1): cores
    that other jobs keep busy would only be shared, and a worker on a shared core costs its start-up
    without annotating any faster.
    """
    idle = cores - round(max(0.0, load - 1.0))
    return max(1, min(idle, documents // DOCUMENTS_PER_WORKER))


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
