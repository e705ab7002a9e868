"""Issue 16 at 10k, 100k and 1M: termbase beside translate-toolkit and the XML floor, one run.

The data is `fielddata.py`'s (a glossary of n concepts in five files by subject field, a TMX
of n units of sentence length, a 5,000-word article in en/ru/be), generated on first use
under benchmarks/data/field-N/ (git-ignored). Every job runs in a fresh process; wall time,
CPU time (user + system, from `wait4`) and peak RSS are taken for each, and each termbase
figure is given as a ratio to its floor measured in the same run, on the same files:

- index build and TM index build: lxml `iterparse` of the same files, reading every term's or
  segment's text (the parse floor);
- validate: `xmllint --noout --relaxng` with the TBX v3 core schema;
- cold lookup and check: `python -c pass`, and the goal (100 ms, 300 ms);
- translate-toolkit (parse + terminologymatcher, parse + TM matcher) where it can do the job.

On a shared machine the CPU ratio is the steadier one; both are printed. The sources are
compiled first and run with their .pyc files, as an installed package is (a sandbox that sets
PYTHONDONTWRITEBYTECODE would otherwise compile every module at every cold start).

    python benchmarks/bench_scale.py --sizes 10000 100000
    python benchmarks/bench_scale.py --sizes 1000000 --tt-max 100000
"""

from __future__ import annotations

import argparse
import json
import re
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SRC = HERE.parent / "src"
RNG = Path(os.environ.get("TERMBASE_SHARED", HERE.parent.parent / "shared")) / \
    "standards" / "tbx3" / "core" / "TBXcoreStructV03.rng"


FINDING = re.compile(r":\d+(?::\d+)?: ([A-Z]\d{3}) ")


@dataclass
class Run:
    wall: float
    cpu: float
    rss: float  # MB
    out: str
    status: int


def measure(argv: list[str], env: dict | None = None, stdin: str | None = None) -> Run:
    """Run a command in a fresh process: its wall and CPU seconds, peak RSS and output."""
    environment = dict(os.environ, PYTHONPATH=str(SRC), **(env or {}))
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=environment)
    out = ""
    for chunk in iter(lambda: process.stdout.read(1 << 16), ""):  # (read while it runs: a
        out = (out + chunk)[-(1 << 20):]  # full pipe would stop it) and keep the last MB
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out = out.strip()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out,
               os.waitstatus_to_exitcode(status))


def python(script: str, *args: str, env: dict | None = None) -> Run:
    return measure([sys.executable, "-c", script, *args], env)


def termbase(*args: str, env: dict | None = None) -> Run:
    return measure([sys.executable, "-m", "termbase", *args], env)


FLOOR = """
import sys
from lxml import etree
tag, inner = sys.argv[1], sys.argv[2]
count = chars = 0
for path in sys.argv[3:]:
    for _, el in etree.iterparse(path, events=("end",), tag="{*}" + tag):
        for found in el.iter("{*}" + inner):
            chars += len("".join(found.itertext()))
        count += 1
        el.clear(keep_tail=False)
        while el.getprevious() is not None:
            del el.getparent()[0]
print(count, "entries,", chars, "characters")
"""

BUILD = """
import sys
from termbase.index import Index
print(Index.open(sys.argv[2:], kind=sys.argv[1]).counts())
"""

EDIT = """
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
at = text.index("<term>") + len("<term>")
open(path, "w", encoding="utf-8").write(text[:at] + "Изменённый " + text[at:])
"""

WARM_LOOKUP = """
import json, statistics, sys, time
from termbase.index import Index
from termbase.lookup import lookup
facts = json.load(open(sys.argv[2], encoding="utf-8"))
index = Index.open([sys.argv[1]], kind="tbx")
lookup(index, "warm-up")
for kind in ("exact en", "inflected ru", "inflected be", "abbreviation", "fuzzy (typo)"):
    times, found = [], 0
    for query, concept in zip(facts["queries"][kind], facts["queries"]["concepts"] * 2):
        started = time.perf_counter()
        matches = lookup(index, query, fuzzy=kind.startswith("fuzzy"))
        times.append(time.perf_counter() - started)
        found += bool(matches) and (kind == "abbreviation" or
                                    any(m.concept["id"] == concept for m in matches))
    print(f"{kind}\\t{statistics.median(times) * 1000:.1f}\\t{found}/{len(times)}")
"""

TM_QUERIES = """
import json, random, statistics, sys, time
from rapidfuzz import fuzz, process
from termbase.index import Index
from termbase.lang.text import fold
from termbase.tm import search
index = Index.open([sys.argv[1]], kind="tmx")
rng = random.Random(7)
total = index.counts()["units"]
picks = sorted(rng.sample(range(1, total + 1), 20))
english = []
for rowid in picks:
    unit = index.unit(rowid)
    english.append(next(v["text"] for v in unit["variants"] if v["lang"] == "en"))
queries = []
for sentence in english:
    words = sentence.split()
    words[rng.randrange(len(words))] = rng.choice(["various", "several", "new", "key"])
    queries.append(" ".join(words))
search(index, "warm-up", languages=["en"])
times, tops = [], []
for query in queries:
    started = time.perf_counter()
    hits = search(index, query, languages=["en"], min_score=0, limit=5)
    times.append(time.perf_counter() - started)
    tops.append(max((h.score for h in hits if h.lang == "en"), default=-1))
agree = "-"
if total <= int(sys.argv[3]):  # an exhaustive scan to hold the top score to
    rows = index.db.execute("SELECT id FROM units").fetchall()
    folded = [fold(v["text"]) for (rowid,) in rows for v in index.unit(rowid)["variants"]
              if v["lang"] == "en"]
    agree = sum(abs(process.extractOne(fold(q), folded, scorer=fuzz.ratio)[1] - top) < 1e-9
                for q, top in zip(queries, tops))
concordance = []
for query in [sys.argv[2], sys.argv[2].split()[-1]]:
    started = time.perf_counter()
    search(index, query, limit=10)
    concordance.append(time.perf_counter() - started)
print(f"fuzzy\\t{statistics.median(times) * 1000:.1f}\\t{agree}")
print(f"concordance\\t{statistics.median(concordance) * 1000:.1f}\\t2 queries")
"""

TT_TERMS = """
import sys, time
from translate.storage import tbx
from translate.search.match import terminologymatcher
started = time.perf_counter()
matcher = terminologymatcher(tbx.tbxfile.parsefile(sys.argv[1]))
loaded = time.perf_counter() - started
paragraphs = open(sys.argv[2], encoding="utf-8").read().split("\\n\\n")
started = time.perf_counter()
found = sum(len(matcher.matches(p)) for p in paragraphs)
print(f"{loaded:.2f}\\t{time.perf_counter() - started:.2f}\\t{found}")
"""

TT_TM = """
import sys, time
from translate.storage import tmx
from translate.search.match import matcher
started = time.perf_counter()
engine = matcher(tmx.tmxfile.parsefile(sys.argv[1]), max_candidates=5, min_similarity=50)
loaded = time.perf_counter() - started
started = time.perf_counter()
try:
    engine.matches(sys.argv[2])
    result = f"{(time.perf_counter() - started) * 1000:.0f} ms a query"
except Exception as error:  # it compares units on equal scores
    result = f"matches() raises {type(error).__name__}"
print(f"{loaded:.2f}\\t{result}")
"""


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, work: str, size: str, ours: str, floor: str, ratio: str, target: str,
            note: str = "") -> None:
        self.rows.append((work, size, ours, floor, ratio, target, note))
        print("  " + " | ".join(self.rows[-1]), file=sys.stderr, flush=True)

    def markdown(self) -> str:
        lines = ["| work | n | termbase | floor / peer, same run | ratio (wall; CPU) | target "
                 "| note |", "|---|---:|---|---|---|---|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def seconds(run: Run) -> str:
    return f"{run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.rss:.0f} MB"


def ratio(ours: Run, floor: Run) -> str:
    return f"{ours.wall / floor.wall:.1f}×; {ours.cpu / max(floor.cpu, 1e-3):.1f}×"


def median_runs(argv: list[str], times: int, env: dict) -> tuple[Run, Run]:
    """(median by wall, median by CPU) of `times` runs after one warm-up."""
    measure(argv, env)
    runs = [measure(argv, env) for _ in range(times)]
    by_wall = sorted(runs, key=lambda r: r.wall)[len(runs) // 2]
    by_cpu = sorted(runs, key=lambda r: r.cpu)[len(runs) // 2]
    return by_wall, by_cpu


def data_for(n: int, tt_max: int) -> Path:
    folder = DATA / f"field-{n}"
    if not (folder / "facts.json").exists():
        print(f"generating {folder} …", file=sys.stderr, flush=True)
        done = measure([sys.executable, str(HERE / "fielddata.py"), "--concepts", str(n),
                        "--units", str(n), "--out", str(folder)]
                       + ([] if n <= tt_max else ["--no-tbx2"]))
        if done.status:
            raise SystemExit(done.out)
    return folder


def bench(n: int, table: Table, options) -> None:
    folder = data_for(n, options.tt_max)
    glossary = folder / "glossary"
    files = sorted(str(p) for p in glossary.glob("*.tbx"))
    tmx_file = folder / "tm" / "field.tmx"
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    size = f"{n:,}"
    megabytes = sum(Path(f).stat().st_size for f in files) / 2**20
    cache = DATA / f"cache-scale-{n}"
    env = {"TERMBASE_CACHE_DIR": str(cache)}
    wanted = set(options.only or ["index", "validate", "lookup", "check", "tm"])

    if "index" in wanted:
        floor = python(FLOOR, "conceptEntry", "term", *files)
        shutil.rmtree(cache, ignore_errors=True)
        built = python(BUILD, "tbx", str(glossary), env=env)
        disk = sum(p.stat().st_size for p in cache.iterdir()) / 2**20
        table.add("index build (glossary, {:.0f} MB TBX)".format(megabytes), size,
                  seconds(built), f"lxml iterparse {seconds(floor)}", ratio(built, floor),
                  "≤ 3× floor, ≤ 300 MB", f"{disk:.0f} MB on disk; {built.out}")
        # (the file is edited by another process: a parent that held it would pass its peak
        # RSS on to every child it forks after, as Linux counts it)
        changed = Path(files[-1])
        backup = DATA / f"backup-{n}.tbx"
        shutil.copy2(changed, backup)
        try:
            python(EDIT, str(changed))
            again = python(BUILD, "tbx", str(glossary), env=env)
        finally:
            shutil.copy(backup, changed)
            backup.unlink()
        share = changed.stat().st_size / 2**20
        table.add(f"re-index after one file changed ({share:.0f} of {megabytes:.0f} MB)", size,
                  seconds(again), f"full build {built.wall:.2f} s wall",
                  f"{again.wall / built.wall:.2f} of a build", "that file only")
        python(BUILD, "tbx", str(glossary), env=env)  # back to the data as generated
        if n <= options.tt_max:
            tt = python(TT_TERMS, str(folder / "glossary-v2.tbx"), str(folder / "article.ru.txt"))
            loaded, matched, found = tt.out.split("\t") if tt.status == 0 else ("?", "?", "?")
            table.add("translate-toolkit parse + terminologymatcher (TBX 2)", size,
                      f"{tt.wall:.2f} s wall, {tt.cpu:.2f} s CPU, {tt.rss:.0f} MB", "", "", "",
                      f"load {loaded} s; its ru paragraphs (the TBX 2's source language) "
                      f"{matched} s, {found} matches")

    if "validate" in wanted:
        xmllint = measure(["xmllint", "--noout", "--relaxng", str(RNG), *files])
        checked = termbase("validate", *files)
        lines = checked.out.splitlines()
        codes = sorted({m.group(1) for m in map(FINDING.search, lines) if m})
        table.add("validate (every rule)", size, seconds(checked),
                  f"xmllint --relaxng {seconds(xmllint)}", ratio(checked, xmllint),
                  "≤ 2× xmllint", f"{lines[-1] if lines else ''} ({', '.join(codes)})")

    if "lookup" in wanted:
        ready = python(BUILD, "tbx", str(glossary), env=env)
        if ready.status:
            raise SystemExit(ready.out)
        empty = median_runs([sys.executable, "-c", "pass"], 10, env)
        helped = median_runs([sys.executable, "-m", "termbase", "--help"], 10, env)
        table.add("`python -c pass` / `termbase --help`", size,
                  f"--help {helped[0].wall * 1000:.0f} ms wall, {helped[1].cpu * 1000:.0f} ms CPU",
                  f"python -c pass {empty[0].wall * 1000:.0f} ms wall, "
                  f"{empty[1].cpu * 1000:.0f} ms CPU", "", "--help ≤ 60 ms CPU")
        for kind in ("inflected ru", "inflected be", "exact en"):
            query = facts["queries"][kind][0]
            wall, cpu = median_runs([sys.executable, "-m", "termbase", "lookup", query,
                                     "-d", str(glossary)], 10, env)
            table.add(f"cold `termbase lookup` ({kind}: «{query}»), median of 10", size,
                      f"{wall.wall * 1000:.0f} ms wall, {cpu.cpu * 1000:.0f} ms CPU, "
                      f"{wall.rss:.0f} MB", f"python -c pass {empty[0].wall * 1000:.0f} ms",
                      f"{wall.wall / empty[0].wall:.1f}×", "≤ 100 ms",
                      f"exit {wall.status}")
        warm = python(WARM_LOOKUP, str(glossary), str(folder / "facts.json"), env=env)
        for line in warm.out.splitlines():
            if line.count("\t") == 2:
                kind, milliseconds, found = line.split("\t")
                table.add(f"warm lookup, {kind} (median of 20)", size, f"{milliseconds} ms",
                          "", "", "", f"{found} found")
            else:
                table.add("warm lookup", size, "FAILED", "", "", "", line)

    if "check" in wanted:
        python(BUILD, "tbx", str(glossary), env=env)
        argv = [sys.executable, "-m", "termbase", "check", str(folder / "article.en.txt"),
                str(folder / "article.ru.txt"), "--format", "json", "-d", str(glossary)]
        wall, cpu = median_runs(argv, 3, env)
        try:
            report = json.loads(wall.out[: wall.out.rindex("}") + 1])
            result = f"{report['terms']} source terms, {len(report['findings'])} findings"
        except (ValueError, KeyError):
            result = wall.out[-200:]
        words = facts["article"]["words"]
        table.add(f"check en → ru, {words:,}-word article (median of 3)", size,
                  f"{wall.wall:.2f} s wall, {cpu.cpu:.2f} s CPU, {wall.rss:.0f} MB", "goal",
                  "", "≤ 0.3 s at 100k, ≤ 1 s at 1M", result)

    if "tm" in wanted:
        floor = python(FLOOR, "tu", "seg", str(tmx_file))
        tm_cache = DATA / f"cache-scale-tm-{n}"
        shutil.rmtree(tm_cache, ignore_errors=True)
        tm_env = {"TERMBASE_CACHE_DIR": str(tm_cache)}
        built = python(BUILD, "tmx", str(tmx_file), env=tm_env)
        disk = sum(p.stat().st_size for p in tm_cache.iterdir()) / 2**20
        table.add(f"TM index build ({tmx_file.stat().st_size / 2**20:.0f} MB TMX)", size,
                  seconds(built), f"lxml iterparse {seconds(floor)}", ratio(built, floor),
                  "≤ 60 s at 1M", f"{disk:.0f} MB on disk")
        concordance = facts["queries"]["inflected ru"][0]
        queried = python(TM_QUERIES, str(tmx_file), concordance, str(options.scan_max),
                         env=tm_env)
        for line in queried.out.splitlines():
            if line.count("\t") != 2:
                table.add("TM search", size, "FAILED", "", "", "", line)
                continue
            kind, milliseconds, agree = line.split("\t")
            if kind == "fuzzy":
                table.add("TM fuzzy top-5 (median of 20)", size, f"{milliseconds} ms", "", "",
                          "≤ 1.5 ms at 1M",
                          f"same top score as an exhaustive scan in {agree}/20")
            else:
                table.add("TM concordance (median of 2)", size, f"{milliseconds} ms", "", "",
                          "≤ 196 ms at 1M", f"«{concordance}» and its last word")
        if n <= options.tt_max:
            tt = python(TT_TM, str(tmx_file), "The parties discussed various security in Minsk.")
            loaded, result = tt.out.split("\t") if tt.status == 0 else ("?", tt.out[-100:])
            table.add("translate-toolkit TMX parse + matcher", size,
                      f"{tt.wall:.2f} s wall, {tt.cpu:.2f} s CPU, {tt.rss:.0f} MB", "", "", "",
                      f"load {loaded} s; {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--tt-max", type=int, default=100_000,
                        help="largest data translate-toolkit is asked to load")
    parser.add_argument("--scan-max", type=int, default=100_000,
                        help="largest TM whose fuzzy answers are held to an exhaustive scan")
    parser.add_argument("--src", type=Path, default=HERE.parent / "src",
                        help="the termbase sources to time (another checkout's, for a before)")
    parser.add_argument("--only", nargs="*", choices=["index", "validate", "lookup", "check",
                                                       "tm"])
    options = parser.parse_args()
    global SRC
    SRC = options.src.resolve()
    DATA.mkdir(exist_ok=True)
    measure([sys.executable, "-m", "compileall", "-q", str(SRC)])  # as pip install does
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{os.cpu_count()} CPUs", file=sys.stderr)
    table = Table()
    for n in options.sizes:
        bench(n, table, options)
    load = os.getloadavg()
    print(table.markdown())
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
