"""Speed and memory of term lookup and TM search at scale, against translate-toolkit.

Generates glossaries of the requested sizes under benchmarks/data/ (git-ignored), builds the
index in a fresh process (wall time, peak RSS, size on disk), then times queries of each kind
in another. translate-toolkit's terminology matcher (`translate.search.match`, what Virtaal
and Pootle use) is timed on the same data as TBX 2, up to --tt-max concepts:

    python benchmarks/bench_lookup.py                        # 100k concepts, 100k TM units
    python benchmarks/bench_lookup.py --concepts 1000000 --units 300000
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
import sys, time
from termbase.index import Index
from termbase.lookup import lookup
from termbase.tm import search
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
for name, make in kinds.items():
    started = time.perf_counter()
    found = 0
    for i in picks * 4:
        found += bool(lookup(index, make(i), fuzzy=name.startswith("fuzzy")))
    elapsed = (time.perf_counter() - started) / (len(picks) * 4)
    print(f"lookup {name}\\t{elapsed * 1000:.1f}\\t{found}/{len(picks) * 4}")
if len(sys.argv) > 3:
    tm = Index.open([sys.argv[3]], kind="tmx")
    for name, query in [("tm concordance ru", "коллективной безопасности в Евразии"),
                        ("tm fuzzy en", "The countries discussed issue 12: hybrid threats")]:
        started = time.perf_counter()
        hits = search(tm, query, limit=10)
        print(f"{name}\\t{(time.perf_counter() - started) * 1000:.1f}\\t{len(hits)} hits")
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
    parser.add_argument("--concepts", type=int, nargs="+", default=[100_000])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--tt-max", type=int, default=100_000,
                        help="largest glossary translate-toolkit is asked to load")
    options = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    rows = []
    tm_path = generated("tmx", options.units) if options.units else None
    for n in options.concepts:
        glossary = generated("tbx3", n)
        cache = DATA / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        env = {"TERMBASE_CACHE_DIR": str(cache)}
        seconds, rss, output = run(BUILD, str(glossary), "tbx", env=env)
        size = sum(f.stat().st_size for f in cache.iterdir()) / 2**20
        rows.append((f"termbase index build, {n:,} concepts", f"{seconds:.1f} s",
                     f"{rss:.0f} MB", f"{size:.0f} MB on disk; {output}"))
        if tm_path and n == options.concepts[0]:
            seconds, rss, output = run(BUILD, str(tm_path), "tmx", env=env)
            rows.append((f"termbase TM index build, {options.units:,} units", f"{seconds:.1f} s",
                         f"{rss:.0f} MB", output))
        args = [str(glossary), str(n)] + ([str(tm_path)] if tm_path else [])
        seconds, rss, output = run(QUERIES, *args, env=env)
        for line in output.splitlines():
            name, milliseconds, found = line.split("\t")
            rows.append((f"termbase {name}, {n:,} concepts", f"{milliseconds} ms/query",
                         f"{rss:.0f} MB", found))
        if n <= options.tt_max:
            seconds, rss, output = run(TT, str(generated("tbx2", n)), str(n))
            for line in output.splitlines():
                name, value, *found = line.split("\t")
                if name == "build":
                    rows.append((f"translate-toolkit load + terminologymatcher, {n:,} concepts",
                                 f"{value} s", f"{rss:.0f} MB", ""))
                else:
                    rows.append((f"translate-toolkit terminologymatcher {name}, {n:,} concepts",
                                 f"{value} ms/query", "", found[0]))
    print("| job | time | peak RSS | result |\n|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
