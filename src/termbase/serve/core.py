"""What the server's parts share: its settings, the per-thread indexes, the rate limit and
the one way a request is refused (`Problem`)."""

from __future__ import annotations

import hmac
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request

from ..edit import Glossary
from ..index import Index

MAX_UPLOAD = 10 * 2**20
# Per client and worker: a check or a proposal is heavy; a burst, then this many a minute.
RATE_PER_MINUTE = 30
BURST = 10
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class Problem(Exception):
    """A request refused: its HTTP status and a one-line message (no traceback, no path)."""

    def __init__(self, status: int, message: str, headers: dict | None = None, **details):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.details = details


class Indexes:
    """The open indexes of one worker, one per thread (an SQLite connection stays in its
    thread), re-opened when the files' signature changes; `Index.open` refreshes the cache
    atomically, so another thread or worker reads the old index or the new one."""

    def __init__(self, sources: dict[str, list[Path]], usage: str | None):
        self.sources = sources
        self.usage = usage
        self._local = threading.local()
        self._opening = threading.Lock()  # one refresh at a time in a worker

    def get(self, kind: str, usage: str | None = None) -> Index | None:
        """The index of `kind` ('tbx', 'tmx'), seen from region `usage`; None without data."""
        if not self.sources.get(kind):
            return None
        signature = self.signature(kind)
        held = getattr(self._local, kind, None)
        if held is None or held[0] != signature:
            with self._opening:
                index = Index.open(self.sources[kind], kind=kind)
            if held is not None:
                held[1].close()
            held = (signature, index)
            setattr(self._local, kind, held)
        held[1].usage = usage or self.usage  # this thread's object: no other request sees it
        return held[1]

    def signature(self, kind: str) -> tuple:
        from .. import formats

        files = [f for f in formats.expand_paths(self.sources[kind])
                 if formats.kind_by_extension(f) in (kind, None)]
        stats = [(f, f.stat()) for f in files]
        return tuple((str(f), s.st_size, s.st_mtime_ns) for f, s in stats)


class RateLimit:
    """A token bucket per client, in memory (per worker): `burst` at once, then `per_minute`."""

    def __init__(self, per_minute: float = RATE_PER_MINUTE, burst: int = BURST,
                 clients: int = 10_000):
        self.rate = per_minute / 60
        self.burst = burst
        self.clients = clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> None:
        """Spend one token of `client`; `Problem` 429 with Retry-After when none is left."""
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                wait = max(1, int((1 - tokens) / self.rate + 0.999)) if self.rate else 3600
                raise Problem(429, "too many requests; try again later",
                              {"Retry-After": str(wait)})
            self._buckets[client] = (tokens - 1, now)
            while len(self._buckets) > self.clients:  # the longest idle go first
                self._buckets.popitem(last=False)


@dataclass
class Settings:
    project: Path
    glossary: Glossary
    indexes: Indexes
    token: str | None
    max_upload: int
    limit: RateLimit

    def authorise(self, given: str | None) -> None:
        """A change needs the token the server was started with, compared in constant time."""
        if self.token is None:
            raise Problem(403, "this server is read-only (start it with --token-file to take "
                          "proposals)")
        if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
            raise Problem(401, "a valid token is needed (Authorization: Bearer TOKEN)",
                          {"WWW-Authenticate": "Bearer"})

    def client(self, request: Request) -> str:
        return request.client.host if request.client else "unknown"


