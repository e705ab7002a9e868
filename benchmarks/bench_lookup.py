"""Speed and memory of term lookup and TM search at scale, against translate-toolkit.

Generates glossaries of the requested sizes under benchmarks/data/ (git-ignored), builds the
index in a fresh process (wall time, peak RSS, size on disk), then times queries of each kind
in another. translate-toolkit's terminology matcher (`translate.search.match`, what Virtaal
and Pootle use) is timed on the same data as TBX 2, up to --tt-max concepts:

    python benchmarks/bench_lookup.py                        # 10k and 100k of each
    python benchmarks/bench_lookup.py --concepts 10000 100000 1000000 --units 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SRC = Path(__file__).resolve().parent.parent / "src"

# Real words, so that the analyzers do real work; a number keeps every term distinct.
GENERATE = """
import sys
from termbase.formats import tbx, tmx
from termbase.model import Concept, LanguageSection, Term, TranslationUnit, Variant
ru = [("коллективная безопасность", "collective security", "калектыўная бяспека"),
      ("союзная программа", "union programme", "саюзная праграма"),
      ("региональная группировка", "regional grouping", "рэгіянальная групоўка"),
      ("международная организация", "international organisation", "міжнародная арганізацыя"),
      ("гибридная угроза", "hybrid threat", "гібрыдная пагроза")]
def concepts(n):
    for i in range(n):
        r, e, b = ru[i % len(ru)]
        yield Concept(f"c{i:07d}", subject_fields=["security"], languages=[
            LanguageSection("ru", [Term(f"{r} {i}", status="preferred", type="fullForm")]),
            LanguageSection("be", [Term(f"{b} {i}", status="preferred", type="fullForm")]),
            LanguageSection("en", [Term(f"{e} {i}", status="preferred", type="fullForm"),
                                   Term(f"CS{i}", status="preferred", type="acronym")])])
def units(n):
    for i in range(n):
        r, e, b = ru[i % len(ru)]
        yield TranslationUnit(f"u{i}", [
            Variant("ru", [f"Страны обсудили вопрос {i}: {r} в Евразии"]),
            Variant("be", [f"Краіны абмеркавалі пытанне {i}: {b} у Еўразіі"]),
            Variant("en", [f"The countries discussed issue {i}: {e} in Eurasia"])])
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == "tbx3":
    tbx.write(concepts(n), path, sort=False)
elif kind == "tbx2":
    tbx.write_v2(concepts(n), path, sort=False)
else:
    tmx.write(units(n), path)
"""

BUILD = """
import sys
from termbase.index import Index
index = Index.open([sys.argv[1]], kind=sys.argv[2])
print(index.counts())
"""

QUERIES = """
import statistics, sys, time
from termbase.index import Index
from termbase.lookup import lookup
index = Index.open([sys.argv[1]], kind="tbx")
n = int(sys.argv[2])
picks = [n // 7 * k + 1 for k in range(1, 6)]
names = ["коллективная безопасность", "союзная программа", "региональная группировка",
         "международная организация", "гибридная угроза"]
def ru_form(i):
    return {0: "коллективной безопасности", 1: "союзной программы", 2: "региональной группировки",
            3: "международной организации", 4: "гибридной угрозы"}[i % 5] + f" {i}"
def be_form(i):
    return {0: "калектыўнай бяспекі", 1: "саюзнай праграмы", 2: "рэгіянальнай групоўкі",
            3: "міжнароднай арганізацыі", 4: "гібрыднай пагрозы"}[i % 5] + f" {i}"
kinds = {
    "exact": lambda i: names[i % 5] + f" {i}",
    "inflected ru": ru_form,
    "inflected be": be_form,
    "abbreviation": lambda i: f"CS{i}",
    "fuzzy (typo)": lambda i: (names[i % 5] + f" {i}").replace("о", "а", 1),
}
lookup(index, "warm-up")
for name, make in kinds.items():
    times, found = [], 0
    for i in picks * 4:
        started = time.perf_counter()
        found += bool(lookup(index, make(i), fuzzy=name.startswith("fuzzy")))
        times.append(time.perf_counter() - started)
    print(f"lookup {name} (median)\\t{statistics.median(times) * 1000:.1f}\\t"
          f"{found}/{len(picks) * 4} found")
"""

TM_QUERIES = """
import random, statistics, sys, time
from rapidfuzz import fuzz, process
from termbase.index import Index
from termbase.lang.text import fold
from termbase.tm import search
index = Index.open([sys.argv[1]], kind="tmx")
n = int(sys.argv[2])
rows = index.db.execute("SELECT id FROM units").fetchall()
english = [next(v["text"] for v in index.unit(r[0])["variants"] if v["lang"] == "en") for r in rows]
folded = [fold(t) for t in english]
random.seed(7)
times, agree, concordance = [], 0, []
queries = []
for _ in range(20):
    words = random.choice(english).split()
    words[random.randrange(len(words))] = random.choice(["various", "several", "new", "key"])
    queries.append(" ".join(words))
search(index, "warm-up", languages=["en"])
for query in queries:
    started = time.perf_counter()
    hits = [h for h in search(index, query, languages=["en"], min_score=0, limit=5)]
    times.append(time.perf_counter() - started)
    best = process.extractOne(fold(query), folded, scorer=fuzz.ratio)
    top = max((fuzz.ratio(fold(query), fold(h.unit["variants"][2]["text"])) for h in hits), default=-1)
    agree += abs(top - best[1]) < 1e-9
for query in ["коллективной безопасности в Евразии", "гибридной угрозы"]:
    started = time.perf_counter()
    search(index, query, limit=10)
    concordance.append(time.perf_counter() - started)
print(f"tm fuzzy top-5 (median)\\t{statistics.median(times) * 1000:.1f}\\t"
      f"same top score as an exhaustive rapidfuzz scan in {agree}/20 queries")
print(f"tm concordance (median)\\t{statistics.median(concordance) * 1000:.1f}\\t2 queries")
"""

COLD = """
import statistics, subprocess, sys, time
times = []
for _ in range(5):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "termbase", "lookup", sys.argv[2], "-d", sys.argv[1]],
                          capture_output=True)
    times.append(time.perf_counter() - started)
print(f"{statistics.median(times) * 1000:.0f}\\t{done.returncode}")
"""

TT_TM = """
import sys, time
from translate.storage import tmx
from translate.search.match import matcher
started = time.perf_counter()
store = tmx.tmxfile.parsefile(sys.argv[1])
engine = matcher(store, max_candidates=5, min_similarity=50)
print(f"build\\t{time.perf_counter() - started:.1f}")
started = time.perf_counter()
try:
    for i in range(5):
        engine.matches("The countries discussed various issue 12: hybrid threat in Eurasia")
    print(f"tm fuzzy top-5\\t{(time.perf_counter() - started) / 5 * 1000:.1f}\\tok")
except Exception as error:  # translate-toolkit compares units on equal scores and fails
    print(f"tm fuzzy top-5\\t-\\t{type(error).__name__}: {error}")
"""

TT = """
import sys, time
from translate.storage import tbx
from translate.search.match import terminologymatcher
started = time.perf_counter()
store = tbx.tbxfile.parsefile(sys.argv[1])
matcher = terminologymatcher(store)
print(f"build\\t{time.perf_counter() - started:.1f}")
n = int(sys.argv[2])
picks = [n // 7 * k + 1 for k in range(1, 6)]
names = ["коллективная безопасность", "союзная программа", "региональная группировка",
         "международная организация", "гибридная угроза"]
forms = ["коллективной безопасности", "союзной программы", "региональной группировки",
         "международной организации", "гибридной угрозы"]
for name, words in (("exact ru", names), ("inflected ru", forms)):
    started = time.perf_counter()
    found = sum(any(u.source == f"{names[i % 5]} {i}" for u in matcher.matches(f"{words[i % 5]} {i}"))
                for i in picks * 4)
    print(f"{name}\\t{(time.perf_counter() - started) / 20 * 1000:.1f}\\t{found}/20")
"""


def run(script: str, *args: str, env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of `script` in a fresh interpreter."""
    environment = dict(os.environ, PYTHONPATH=str(SRC), **(env or {}))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output, errors = process.stdout.read().strip(), process.stderr.read().strip()
    if os.waitstatus_to_exitcode(status):
        output = f"FAILED: {errors.splitlines()[-1:]}"
    return elapsed, usage.ru_maxrss / 1024, output


def generated(kind: str, n: int) -> Path:
    suffix = "tmx" if kind == "tmx" else "tbx"
    path = DATA / f"lookup-{kind}-{n}.{suffix}"
    if not path.exists():
        run(GENERATE, kind, str(n), str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--units", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--tt-max", type=int, default=100_000,
                        help="largest glossary or TM translate-toolkit is asked to load")
    options = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    rows: list[tuple[str, str, str, str]] = []

    def timed_lines(script: str, *args: str, env: dict, label: str, unit: str) -> None:
        _, rss, output = run(script, *args, env=env)
        if output.startswith("FAILED"):
            rows.append((f"{label}", output, "", ""))
            return
        for line in output.splitlines():
            name, value, result = line.split("\t")
            rows.append((f"{name}, {label}", f"{value} {unit}", f"{rss:.0f} MB", result))

    for n in options.concepts:
        glossary = generated("tbx3", n)
        cache = DATA / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        env = {"TERMBASE_CACHE_DIR": str(cache)}
        seconds, rss, output = run(BUILD, str(glossary), "tbx", env=env)
        size = sum(f.stat().st_size for f in cache.iterdir()) / 2**20
        rows.append((f"termbase index build, {n:,} concepts", f"{seconds:.1f} s",
                     f"{rss:.0f} MB", f"{size:.0f} MB on disk"))
        timed_lines(QUERIES, str(glossary), str(n), env=env, label=f"{n:,} concepts",
                    unit="ms")
        _, _, output = run(COLD, str(glossary), f"гибридной угрозы {5 * (n // 35) + 4}", env=env)
        milliseconds, status = output.split("\t")
        rows.append((f"termbase lookup, cold CLI (median of 5), {n:,} concepts",
                     f"{milliseconds} ms", "", f"exit {status}"))
        if n <= options.tt_max:
            _, rss, output = run(TT, str(generated("tbx2", n)), str(n))
            for line in output.splitlines():
                name, value, *found = line.split("\t")
                if name == "build":
                    rows.append((f"translate-toolkit load + terminologymatcher, {n:,} concepts",
                                 f"{value} s", f"{rss:.0f} MB", ""))
                else:
                    rows.append((f"translate-toolkit terminologymatcher {name}, {n:,} concepts",
                                 f"{value} ms", "", found[0]))
    for n in options.units:
        memory = generated("tmx", n)
        cache = DATA / f"cache-tm-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        env = {"TERMBASE_CACHE_DIR": str(cache)}
        seconds, rss, output = run(BUILD, str(memory), "tmx", env=env)
        size = sum(f.stat().st_size for f in cache.iterdir()) / 2**20
        rows.append((f"termbase TM index build, {n:,} units", f"{seconds:.1f} s",
                     f"{rss:.0f} MB", f"{size:.0f} MB on disk"))
        timed_lines(TM_QUERIES, str(memory), str(n), env=env, label=f"{n:,} units", unit="ms")
        if n <= options.tt_max:
            _, rss, output = run(TT_TM, str(memory))
            for line in output.splitlines():
                name, value, *result = line.split("\t")
                label = "load + matcher" if name == "build" else name
                rows.append((f"translate-toolkit {label}, {n:,} units",
                             f"{value} {'s' if name == 'build' else 'ms'}",
                             f"{rss:.0f} MB" if name == "build" else "", "".join(result)))
    print("| job | time | peak RSS | result |\n|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
