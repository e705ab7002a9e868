"""Load on `termbase serve`: lookups for a minute from many concurrent clients, then 20
article checks at once, against a server started here with N workers.

Server time is what the server says it spent (its `Server-Timing` header), apart from the
client and the network; requests per second are counted at the client. The glossary's terms
are the queries, in turn (every term, or evenly spread ones up to --max-queries), so exact,
abbreviation and multi-word lookups all come up; a project made by `fielddata.py` adds its
inflected Russian and Belarusian queries (facts.json):

    python benchmarks/bench_serve.py                          # the shipped glossary, 4 workers
    python benchmarks/bench_serve.py --project benchmarks/data/field-1000000 --workers 4

The glossary and TM are indexed before the server starts (a 1M-concept project takes
minutes), into a cache of this run's own unless --cache names one to reuse.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "check"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def queries(project: Path, most: int) -> list[str]:
    """Up to `most` glossary terms spread evenly over the files (every k-th term, k from the
    files' sizes), then the inflected queries of a `fielddata.py` project."""
    from termbase.formats import tbx

    paths = sorted((project / "glossary").glob("*.tbx"))
    per_term = 600  # bytes of TBX a term takes, about, in the shipped and the field files
    step = max(1, sum(path.stat().st_size for path in paths) // per_term // most)
    found: list[str] = []
    seen = 0
    for path in paths:
        for concept in tbx.read(path):
            for _, term in concept.terms():
                if seen % step == 0:
                    found.append(term.text)
                seen += 1
    facts = project / "facts.json"
    if facts.exists():
        asked = json.loads(facts.read_text(encoding="utf-8"))["queries"]
        found += asked["inflected ru"] + asked["inflected be"]
    return found


def server_ms(response: httpx.Response) -> float:
    match = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(match[1]) if match else float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Connection:
    """One keep-alive HTTP/1.1 connection that sends GETs and reads the answers' status and
    Server-Timing: a far lighter client than httpx, which on 2 cores would take a good part
    of the CPU the server is measured on."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str):
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, url: str) -> "Connection":
        address = urlsplit(url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        return cls(reader, writer, address.netloc)

    async def get(self, target: str) -> tuple[int, float]:
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        length = re.search(r"(?im)^content-length:\s*(\d+)", head)
        await self.reader.readexactly(int(length[1]) if length else 0)
        timing = re.search(r"(?im)^server-timing:.*?dur=([\d.]+)", head)
        return int(head.split(" ", 2)[1]), float(timing[1]) if timing else float("nan")

    def close(self) -> None:
        self.writer.close()


async def lookups(url: str, terms: list[str], seconds: float, clients: int,
                  rate: float | None = None) -> dict:
    """Lookups from `clients` connections for `seconds`: each as fast as the answers come, or
    together at `rate` a second (each client on its own schedule, sent late when the server
    falls behind, so a server slower than the rate shows as fewer lookups a second)."""
    times: list[float] = []
    errors = 0
    begun = time.monotonic()
    stop = begun + seconds
    targets = ["/api/v1/lookup?" + urlencode({"q": term}) for term in terms]

    async def one(number: int) -> None:
        nonlocal errors
        connection = await Connection.open(url)
        position = number
        try:
            while time.monotonic() < stop:
                if rate:
                    await asyncio.sleep(max(0.0, begun + position / rate - time.monotonic()))
                status, ms = await connection.get(targets[position % len(targets)])
                position += clients
                if status == 200:
                    times.append(ms)
                else:
                    errors += 1
        finally:
            connection.close()

    started = time.monotonic()
    await asyncio.gather(*(one(n) for n in range(clients)))
    elapsed = time.monotonic() - started
    return {"requests": len(times) + errors, "errors": errors, "seconds": elapsed,
            "p50": percentile(times, 0.50), "p99": percentile(times, 0.99),
            "rps": (len(times) + errors) / elapsed}


async def checks(url: str, count: int) -> dict:
    pair = {side: (f"clean-ru-be.{lang}.txt",
                   (ARTICLES / f"clean-ru-be.{lang}.txt").read_bytes(), "text/plain")
            for side, lang in (("source", "ru"), ("target", "be"))}
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        async def one() -> tuple[int, float, float]:
            started = time.monotonic()
            response = await client.post("/api/v1/check", files=pair)
            return response.status_code, server_ms(response), time.monotonic() - started

        started = time.monotonic()
        done = await asyncio.gather(*(one() for _ in range(count)))
        elapsed = time.monotonic() - started
    return {"checks": count, "errors": sum(1 for status, _, _ in done if status != 200),
            "statuses": sorted({status for status, _, _ in done}),
            "p50": statistics.median(ms for _, ms, _ in done),
            "max": max(ms for _, ms, _ in done), "wall": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32, help="concurrent lookup clients")
    parser.add_argument("--checks", type=int, default=20)
    parser.add_argument("--rate", type=float, default=500,
                        help="lookups a second of the paced run (the server times at a load)")
    parser.add_argument("--max-queries", type=int, default=20_000)
    parser.add_argument("--cache", type=Path, help="index cache folder to use (and keep)")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cache = args.cache or tempfile.mkdtemp(prefix="termbase-bench-serve-")
    env = {**os.environ, "TERMBASE_CACHE_DIR": str(cache)}
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "termbase", "index", "-d",
                    str(args.project / "glossary"), "-d", str(args.project / "tm")],
                   env=env, check=True, capture_output=True)
    indexed = time.monotonic() - started
    server = subprocess.Popen(
        [sys.executable, "-m", "termbase", "serve", "-d", str(args.project), "--port", str(port),
         "--workers", str(args.workers), "--rate-limit", "100000"], env=env)
    try:
        started = time.monotonic()
        deadline = started + 600
        while True:
            try:
                if httpx.get(url + "/api/v1/lookup", params={"q": "ОДКБ"}).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("the server did not start")
            time.sleep(0.2)
        first_answer = time.monotonic() - started
        kept = Path(cache) / f"bench-serve-queries-{args.max_queries}.json"
        if args.cache and kept.exists():  # reading 2.4 GB of TBX again would take minutes
            terms = json.loads(kept.read_text(encoding="utf-8"))
        else:
            terms = queries(args.project, args.max_queries)
            kept.write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        asyncio.run(lookups(url, terms, 3, args.clients))  # every worker loads its analyzers
        looked = asyncio.run(lookups(url, terms, args.seconds, args.clients))
        paced = asyncio.run(lookups(url, terms, args.seconds, args.clients, args.rate))
        checked = asyncio.run(checks(url, args.checks))
    finally:
        server.terminate()
        server.wait(30)
    rows = [
        ("index built before the start", f"{indexed:.1f} s"),
        ("start to first answer", f"{first_answer:.1f} s"),
        ("distinct queries", f"{len(terms)}"),
        ("workers / lookup clients", f"{args.workers} / {args.clients}"),
        ("cores", f"{os.cpu_count()}"),
        (f"lookups in {looked['seconds']:.0f} s",
         f"{looked['requests']} ({looked['errors']} errors)"),
        ("lookups per second, as fast as answered", f"{looked['rps']:.0f}"),
        ("  server time p50 / p99", f"{looked['p50']:.2f} / {looked['p99']:.2f} ms"),
        (f"lookups in {paced['seconds']:.0f} s at {args.rate:.0f} a second",
         f"{paced['requests']} ({paced['errors']} errors)"),
        ("lookups per second, paced", f"{paced['rps']:.0f}"),
        ("  server time p50 / p99", f"{paced['p50']:.2f} / {paced['p99']:.2f} ms"),
        (f"{checked['checks']} concurrent checks",
         f"{checked['errors']} errors, statuses {checked['statuses']}"),
        ("check server time p50 / max", f"{checked['p50']:.0f} / {checked['max']:.0f} ms"),
        ("all checks done in", f"{checked['wall']:.1f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  value")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
