"""How a run annotates: which pipeline, on which engine, with how many workers."""

from __future__ import annotations

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
    workers: int = 1  # processes (local) or actors (ray)
    engine: Engine = "local"
    address: str | None = None  # the Ray cluster to join; None starts a local Ray instance

    @property
    def pipeline(self) -> PipelineConfig:
        """The configuration to annotate with: the one given, else the default."""
        return self.config or PipelineConfig()
