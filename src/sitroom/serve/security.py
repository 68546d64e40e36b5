"""Who may ask what: a token for writes (and for everything on a non-local bind), fixed hosts, strict
browser headers.

Article text is hostile input. The API returns it as JSON and the app only ever inserts it as text nodes;
the headers below forbid inline scripts, so even a slip in the app could not run a script from an article.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Awaitable, Callable

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

TOKEN_HEADER = "x-sitroom-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def presented_token(request: Request) -> str | None:
    header = request.headers.get(TOKEN_HEADER)
    if header:
        return header
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return credentials if scheme.lower() == "bearer" and credentials else None


class TokenGate(BaseHTTPMiddleware):
    """API writes always need the token; with ``guard_reads`` (a non-local bind) every API call does.

    The page and its static files are public: they hold no data, and the app reads the token from the
    address fragment (``#token=...``), which browsers never send to the server.
    """

    def __init__(self, app: ASGIApp, token: str, guard_reads: bool):
        super().__init__(app)
        self.token = token
        self.guard_reads = guard_reads

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        guarded = request.url.path.startswith("/api/") and (
            self.guard_reads or request.method not in SAFE_METHODS
        )
        if guarded:
            offered = presented_token(request)
            if offered is None or not secrets.compare_digest(offered.encode(), self.token.encode()):
                return JSONResponse(
                    {"detail": "a valid token is required (header X-Sitroom-Token or Authorization: Bearer)"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        return await call_next(request)


class BrowserHeaders(BaseHTTPMiddleware):
    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response
