"""Running the workspace under uvicorn, with a shutdown that does not wait for a long query.

uvicorn, on SIGTERM or Ctrl-C, stops accepting and waits for the requests under way. A request reading
the store runs its query in a worker thread that no signal reaches: a long SQLite query would hold the
shutdown off until it ended. The signal handler here interrupts the store's queries as well; each request
then answers with an error at once and the server exits.
"""

from __future__ import annotations

from types import FrameType

import uvicorn
from fastapi import FastAPI

from sitroom.store import Store

# Requests still running after the signal get this long before the server stops waiting for them.
GRACE_SECONDS = 5


class WorkspaceServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, store: Store):
        super().__init__(config)
        self.store = store

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        self.store.interrupt()


def run(app: FastAPI, store: Store, host: str, port: int) -> None:
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=GRACE_SECONDS
    )
    WorkspaceServer(config, store).run()
