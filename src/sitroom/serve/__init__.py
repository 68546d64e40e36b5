"""Serve: the analyst workspace, a single-page app and its JSON API in one local process.

``sitroom serve`` binds 127.0.0.1 by default. Writes need the printed token; binding any other address makes
every API call need it too.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.middleware.trustedhost import TrustedHostMiddleware

import sitroom
from sitroom.report import ExportError
from sitroom.serve.api import router
from sitroom.serve.jobs import ProcessJob
from sitroom.serve.security import LOOPBACK_NAMES, BrowserHeaders, TokenGate, is_loopback, new_token
from sitroom.store import Store

__all__ = ["StaticAssets", "create_app", "is_loopback", "new_token"]


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    media_type: str


class StaticAssets:
    """The app's files, read once from the package: a request path is only ever a key in this table."""

    def __init__(self, root: Traversable | None = None):
        self.files: dict[str, Asset] = {}
        self._collect(root or resources.files("sitroom.serve") / "static", "")

    def _collect(self, folder: Traversable, prefix: str) -> None:
        for item in folder.iterdir():
            name = f"{prefix}{item.name}"
            if item.is_dir():
                self._collect(item, f"{name}/")
            elif not item.name.startswith("."):
                media = mimetypes.guess_type(item.name)[0] or "application/octet-stream"
                if item.name.endswith((".js", ".mjs")):
                    media = "text/javascript"
                self.files[name] = Asset(item.read_bytes(), media)

    def response(self, name: str) -> Response:
        asset = self.files.get(name)
        if asset is None:
            raise HTTPException(404, "no such file")
        charset = "; charset=utf-8" if asset.media_type.startswith(("text/", "application/json")) else ""
        return Response(asset.body, media_type=asset.media_type + charset)


def create_app(
    store: Store,
    token: str,
    *,
    guard_reads: bool = False,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The workspace for ``store``. ``allowed_hosts`` (the bind's own names) defeats DNS rebinding."""
    app = FastAPI(
        title="sitroom workspace API",
        version=sitroom.__version__,
        description="Read the evidence-backed situation picture: documents, annotations, events, claims.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the stock documentation pages load scripts from a CDN; nothing here may
        redoc_url=None,
    )
    app.state.store = store
    app.state.process_job = ProcessJob(store)
    app.include_router(router)
    assets = StaticAssets()

    # A failure is still an answer the page can read: JSON with one sentence, never a plain-text 500.
    @app.exception_handler(ExportError)
    def export_failed(_request: Request, error: ExportError) -> JSONResponse:
        return JSONResponse({"error": str(error)}, status_code=500)

    @app.exception_handler(Exception)
    def failed(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"error": f"internal error ({type(error).__name__}); see the server's log"}, 500)

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return assets.response("index.html")

    @app.get("/static/{name:path}", include_in_schema=False)
    def static(name: str) -> Response:
        return assets.response(name)

    app.add_middleware(TokenGate, token=token, guard_reads=guard_reads)
    app.add_middleware(BrowserHeaders)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def hosts_for(bind: str) -> list[str] | None:
    """Host names a browser may use for this bind: the loopback names locally, any name elsewhere."""
    return [*LOOPBACK_NAMES, "[::1]"] if is_loopback(bind) else None
