"""Speed of `termbase check` on a 5,000-word article against a large termbase.

The termbase is the shipped glossary plus a generated one (bench_lookup's generator: every
term begins with one of five common words, «коллективная безопасность 17», which is the hard
case for finding terms in text); the article pair is the shipped TM's English and Russian
units, repeated until the English has the wanted number of words, one unit a paragraph.
Timed: the index build (once), then the whole `termbase check` command in a new process
(median of 3), and in the same run translate-toolkit's terminology matcher finding the
terms of the same source paragraphs in the same glossary (TBX 2), the nearest it has:

    python benchmarks/bench_check.py                     # 100k concepts, 5,000 words
    python benchmarks/bench_check.py --concepts 10000 100000 --words 5000
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_lookup import DATA, SRC, generated, run

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """
import sys
from termbase.formats import tmx
words, source, target = int(sys.argv[1]), sys.argv[2], sys.argv[3]
units = [u for u in tmx.read_all(sys.argv[4])[1] if u.variant("en") and u.variant("ru")]
en, ru, count = [], [], 0
while count < words:
    for unit in units:
        en.append(unit.variant("en").text); ru.append(unit.variant("ru").text)
        count += len(en[-1].split())
        if count >= words:
            break
open(source, "w", encoding="utf-8").write("\\n\\n".join(en) + "\\n")
open(target, "w", encoding="utf-8").write("\\n\\n".join(ru) + "\\n")
print(count, len(en))
"""

BUILD = """
import sys
from termbase.index import Index
print(Index.open([sys.argv[1]], kind="tbx").counts()["terms"])
"""

TT = """
import sys, time
from translate.storage import tbx
from translate.search.match import terminologymatcher
started = time.perf_counter()
matcher = terminologymatcher(tbx.tbxfile.parsefile(sys.argv[1]))
loaded = time.perf_counter() - started
paragraphs = open(sys.argv[2], encoding="utf-8").read().split("\\n\\n")
started = time.perf_counter()
found = sum(len(matcher.matches(p)) for p in paragraphs)
print(f"{loaded:.1f}\\t{time.perf_counter() - started:.2f}\\t{found}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, nargs="*", default=[100_000])
    parser.add_argument("--words", type=int, default=5_000)
    parser.add_argument("--tt-max", type=int, default=100_000,
                        help="largest glossary translate-toolkit is asked to load")
    options = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    source, target = DATA / "check-article.en.txt", DATA / "check-article.ru.txt"
    _, _, output = run(ARTICLE, str(options.words), str(source), str(target),
                       str(ROOT / "tm" / "security-and-integration.tmx"))
    words, paragraphs = output.split()
    rows = [("article", f"{int(words):,} words, {paragraphs} paragraphs (en → ru)", "", "")]
    for n in options.concepts:
        glossary = DATA / f"check-glossary-{n}"
        shutil.rmtree(glossary, ignore_errors=True)
        glossary.mkdir()
        for shipped in (ROOT / "glossary").glob("*.tbx"):
            shutil.copy(shipped, glossary)
        shutil.copy(generated("tbx3", n), glossary / "generated.tbx")
        cache = DATA / f"cache-check-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        env = {"TERMBASE_CACHE_DIR": str(cache)}
        seconds, rss, terms = run(BUILD, str(glossary), env=env)
        rows.append((f"termbase index build, {n:,} + shipped concepts", f"{seconds:.1f} s",
                     f"{rss:.0f} MB", f"{int(terms):,} terms"))
        times, report = [], {}
        for _ in range(3):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "termbase", "check", str(source), str(target),
                 "--format", "json", "-d", str(glossary)],
                capture_output=True, text=True, env={**env, "PYTHONPATH": str(SRC),
                                                     "PATH": "/usr/bin:/bin"})
            times.append(time.perf_counter() - started)
            report = json.loads(done.stdout)
        rows.append((f"termbase check, cold CLI (median of 3), {n:,} concepts",
                     f"{statistics.median(times):.2f} s", "",
                     f"{report['terms']} source terms, {len(report['findings'])} findings"))
        if n <= options.tt_max:
            _, rss, output = run(TT, str(generated("tbx2", n)), str(source))
            loaded, matched, found = output.split("\t")
            rows.append((f"translate-toolkit load + terminologymatcher, {n:,} concepts",
                         f"{loaded} s", f"{rss:.0f} MB", ""))
            rows.append((f"translate-toolkit terminologymatcher on the source paragraphs",
                         f"{matched} s", "", f"{found} matches (generated glossary only)"))
    print("| job | time | peak RSS | result |")
    print("|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
