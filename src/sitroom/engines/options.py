"""How a run annotates: which pipeline, on which engine, with how many workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sitroom.annotate import PipelineConfig

# Where annotation runs: this machine's processes, or the actors of a Ray cluster (the ``ray`` extra).
Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (its optional dependency is not installed)."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    config: PipelineConfig = field(default_factory=PipelineConfig)
    workers: int = 1  # processes (local) or actors (ray)
    engine: Engine = "local"
    address: str | None = None  # the Ray cluster to join; None starts a local Ray instance
