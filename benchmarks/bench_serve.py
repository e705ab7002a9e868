"""Load on `termbase serve`: lookups for a minute from many concurrent clients, then 20
article checks at once, against a server started here with N workers.

Server time is what the server says it spent (its `Server-Timing` header), apart from the
client and the network; requests per second are counted at the client. Every term of the
glossary is a query, in turn, so exact, abbreviation and multi-word lookups all come up:

    python benchmarks/bench_serve.py                          # the shipped glossary, 4 workers
    python benchmarks/bench_serve.py --project PATH --workers 4 --seconds 60 --clients 32
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "check"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def queries(project: Path) -> list[str]:
    from termbase.formats import tbx

    found = []
    for path in sorted((project / "glossary").glob("*.tbx")):
        for concept in tbx.read(path):
            found += [term.text for _, term in concept.terms()]
    return found


def server_ms(response: httpx.Response) -> float:
    match = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(match[1]) if match else float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def lookups(url: str, terms: list[str], seconds: float, clients: int) -> dict:
    times: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=url, timeout=30,
                                 limits=httpx.Limits(max_connections=clients)) as client:
        async def one(number: int) -> None:
            nonlocal errors
            position = number
            while time.monotonic() < stop:
                response = await client.get("/api/v1/lookup",
                                            params={"q": terms[position % len(terms)]})
                position += clients
                if response.status_code == 200:
                    times.append(server_ms(response))
                else:
                    errors += 1

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
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cache = tempfile.mkdtemp(prefix="termbase-bench-serve-")
    env = {**os.environ, "TERMBASE_CACHE_DIR": cache}
    subprocess.run([sys.executable, "-m", "termbase", "index", "-d",
                    str(args.project / "glossary")], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "termbase", "serve", "-d", str(args.project), "--port", str(port),
         "--workers", str(args.workers), "--rate-limit", "100000"], env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/api/v1/lookup", params={"q": "ОДКБ"}).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("the server did not start")
            time.sleep(0.2)
        terms = queries(args.project)
        asyncio.run(lookups(url, terms, 3, args.clients))  # every worker loads its analyzers
        looked = asyncio.run(lookups(url, terms, args.seconds, args.clients))
        checked = asyncio.run(checks(url, args.checks))
    finally:
        server.terminate()
        server.wait(30)
    rows = [
        ("glossary terms queried", f"{len(terms)}"),
        ("workers / lookup clients", f"{args.workers} / {args.clients}"),
        ("cores", f"{os.cpu_count()}"),
        (f"lookups in {looked['seconds']:.0f} s",
         f"{looked['requests']} ({looked['errors']} errors)"),
        ("lookups per second", f"{looked['rps']:.0f}"),
        ("lookup server time p50", f"{looked['p50']:.2f} ms"),
        ("lookup server time p99", f"{looked['p99']:.2f} ms"),
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
