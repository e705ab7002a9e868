"""`termbase serve`: the glossary, the TM, the article check and term proposals for a desk,
as web pages and a JSON API, over the same index and Python API as the command line.

Starlette (an ASGI toolkit, served by uvicorn) rather than FastAPI: the JSON shapes are the
CLI's, built by the functions the CLI calls, so there is no model for FastAPI to derive a
schema from; the OpenAPI document is written by hand (`openapi.py`) and tested against the
responses. Each worker keeps its open indexes and re-opens one when a file's signature
(path, size, modification time) changes, so a `git pull` shows on the next request; the
index itself is refreshed atomically, so no request reads half of one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..edit import Glossary
from ..errors import TermbaseError
from .core import (
    BURST,
    CSP,
    MAX_UPLOAD,
    RATE_PER_MINUTE,
    SECURITY_HEADERS,
    Indexes,
    Problem,
    RateLimit,
    Settings,
)

STATIC = Path(__file__).parent / "static"


def create_app(project: str | os.PathLike, token: str | None = None,
               max_upload: int = MAX_UPLOAD, usage: str | None = None,
               rate_per_minute: float = RATE_PER_MINUTE, burst: int = BURST):
    """The web pages and JSON API over the project folder holding `glossary/` (and `tm/`);
    `token` lets proposals in, none keeps the server read-only."""
    from . import api, pages

    project = Path(project).resolve()
    glossary = project / "glossary"
    if not glossary.is_dir():
        raise TermbaseError("no glossary/ folder in the project", project)
    tm = project / "tm"
    settings = Settings(project, Glossary(glossary),
                        Indexes({"tbx": [glossary], "tmx": [tm] if tm.is_dir() else []}, usage),
                        token, max_upload, RateLimit(rate_per_minute, burst))
    routes = [*api.routes(settings), *pages.routes(settings),
              Route("/favicon.ico", _favicon),
              Mount("/static", StaticFiles(directory=STATIC), name="static")]
    app = Starlette(routes=routes, exception_handlers={
        Problem: _problem, TermbaseError: _refusal, HTTPException: _http_error,
        _TooLarge: _too_large, Exception: _server_error})
    app.state.settings = settings
    return SecurityHeaders(ServerTiming(UploadLimit(app, max_upload)))


def app_from_environment():
    """The app `termbase serve` hands each uvicorn worker: its settings come through the
    environment, the one thing a worker process shares with the command that started it."""
    return create_app(os.environ["TERMBASE_SERVE_PROJECT"], os.environ.get("TERMBASE_SERVE_TOKEN"),
                      int(os.environ["TERMBASE_SERVE_MAX_UPLOAD"]),
                      os.environ.get("TERMBASE_SERVE_USAGE") or None,
                      *_rate(os.environ.get("TERMBASE_SERVE_RATE")))


def _rate(value: str | None) -> tuple[float, int]:
    """--rate-limit N: N checks and proposals a minute per client, in bursts of 10 or of
    ten seconds' worth, whichever is more."""
    if not value:
        return RATE_PER_MINUTE, BURST
    return float(value), max(BURST, int(value) // 6)


async def _favicon(request: Request) -> Response:
    """Browsers ask for it on every page, the check report's too."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_response(request: Request, status: int, message: str, headers=None,
                    details: dict | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, **(details or {})}, status, headers)
    from .pages import error_page

    return HTMLResponse(error_page(status, message, details or {}), status, headers)


async def _problem(request: Request, problem: Problem) -> Response:
    return _error_response(request, problem.status, problem.message, problem.headers,
                           problem.details)


async def _refusal(request: Request, error: TermbaseError) -> Response:
    """Bad input the API refuses: the one line the CLI prints, without server paths."""
    return _error_response(request, 400, error.message)


async def _http_error(request: Request, error: HTTPException) -> Response:
    return _error_response(request, error.status_code, str(error.detail), error.headers)


async def _too_large(request: Request, error: Exception) -> Response:
    limit = request.app.state.settings.max_upload
    return _error_response(request, 413, f"the upload is over the limit of {limit / 2**20:g} MB")


async def _server_error(request: Request, error: Exception) -> Response:
    return _error_response(request, 500, "internal error")


class UploadLimit:
    """Refuses a request body over `limit` bytes with 413, by its Content-Length or, without
    one, as it arrives: nothing over the limit is read into memory."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await self._refuse(scope, receive, send)
        seen = 0
        started = False

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        async def sending(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except _TooLarge:
            if not started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send):
        message = f"the upload is over the limit of {self.limit / 2**20:g} MB"
        request = Request(scope, receive)
        await _error_response(request, 413, message)(scope, receive, send)


class _TooLarge(Exception):
    pass


class ServerTiming:
    """`Server-Timing: app;dur=MS` on every response: the time spent here, which a load test
    (benchmarks/bench_serve.py) reads apart from the network's."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()

        async def timed(message):
            if message["type"] == "http.response.start":
                spent = (time.perf_counter() - started) * 1000
                message = {**message, "headers": [*message.get("headers", []), (
                    b"server-timing", f"app;dur={spent:.2f}".encode())]}
            await send(message)

        await self.app(scope, receive, timed)


class SecurityHeaders:
    """A strict Content-Security-Policy (no inline script or style: a page that needs its
    own, the check report, sets it with hashes) and the usual hardening headers."""

    def __init__(self, app):
        self.app = app
        self.state = getattr(app, "state", None)

    def __getattr__(self, name):
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
