"""Speed and memory of reading, writing and validating TBX and TMX, against translate-toolkit.

Generates termbases and translation memories of the requested sizes under benchmarks/data/
(git-ignored), then runs each job in its own process and reports wall time and peak RSS:

    python benchmarks/bench_formats.py                      # 10k/100k concepts, 100 MB TMX
    python benchmarks/bench_formats.py --concepts 1000000 --tmx-mb 1024
    python benchmarks/bench_formats.py --concepts 0 --tmx-mb 200 1024   # TMX only

translate-toolkit holds a whole file in memory, so it is only run up to --tt-max-mb.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SRC = Path(__file__).resolve().parent.parent / "src"

GENERATE_TBX = """
import sys
from termbase.formats import tbx
from termbase.model import Concept, LanguageSection, Term
n = int(sys.argv[1])
def concepts():
    for i in range(n):
        yield Concept(f"c{i:07d}", subject_fields=["security"], languages=[
            LanguageSection("ru", [Term(f"коллективная безопасность {i}", status="preferred",
                                        type="fullForm", part_of_speech="noun", sources=["bench"])]),
            LanguageSection("be", [Term(f"калектыўная бяспека {i}", status="preferred",
                                        type="fullForm", part_of_speech="noun", sources=["bench"])]),
            LanguageSection("en", [Term(f"collective security {i}", status="preferred",
                                        type="fullForm", part_of_speech="noun", sources=["bench"]),
                                   Term(f"CS{i}", status="admitted", type="acronym")])])
writer = tbx.write_v2 if sys.argv[3] == "2" else tbx.write
writer(concepts(), sys.argv[2], sort=False)
"""

GENERATE_TMX = """
import io, sys
from termbase.formats import tmx
from termbase.model import Inline, Prop, TranslationUnit, Variant
def units(count):
    for i in range(count):
        yield TranslationUnit(f"tu{i:09d}", props=[Prop("x-source", "bench")], variants=[
            Variant("ru", ["Союзное государство укрепляет ", Inline("bpt", {"i": "1"}, ["<b>"]),
                           f"коллективную безопасность {i}", Inline("ept", {"i": "1"}, ["</b>"]),
                           " в Евразии."]),
            Variant("be", [f"Саюзная дзяржава ўмацоўвае калектыўную бяспеку {i} ў Еўразіі."]),
            Variant("en", [f"The Union State strengthens collective security {i} in Eurasia."])])
sample = io.BytesIO()
tmx.write(units(1000), sample)
per_unit = len(sample.getvalue()) / 1000
tmx.write(units(int((int(sys.argv[1]) << 20) / per_unit)), sys.argv[2])
"""

READ_TERMBASE = """
import sys
from termbase.formats import {module}
print(sum(1 for _ in {module}.read(sys.argv[1])))
"""

# The command a user runs; its summary line ("1 file, N units: no findings") is the result.
VALIDATE = """
import sys
from termbase.cli import run
sys.argv = ["termbase", "validate", sys.argv[1]]
run()
"""

READ_TT = """
import sys
from translate.storage import {module}
store = {module}.{klass}.parsefile(sys.argv[1])
print(len(store.units))
"""


def measure(script: str, *args: str) -> tuple[float, float, str]:
    """Run `script` in a fresh interpreter: (seconds, peak RSS in MB, what it printed)."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    errors = process.stderr.read().strip()
    output = process.stdout.read().strip() or "".join(errors.splitlines()[-1:])
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        return elapsed, usage.ru_maxrss / 1024, f"FAILED: {errors.splitlines()[-1:]}"
    return elapsed, usage.ru_maxrss / 1024, output


def row(table: list, job: str, size_mb: float, result: tuple[float, float, str]) -> None:
    seconds, rss, output = result
    table.append((job, f"{size_mb:,.0f}", f"{seconds:,.1f}", f"{rss:,.0f}", output))
    print(f"  {job}: {seconds:.1f}s, {rss:.0f} MB peak RSS -> {output}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--tmx-mb", type=int, nargs="+", default=[100])
    parser.add_argument("--tt-max-mb", type=int, default=200,
                        help="largest file translate-toolkit is asked to load")
    options = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    table: list = []

    for n in options.concepts if options.concepts != [0] else []:
        for version in (3, 2):
            path = DATA / f"concepts-{n}-v{version}.tbx"
            if not path.exists():
                row(table, f"write TBX v{version}, {n:,} concepts", 0,
                    measure(GENERATE_TBX, str(n), str(path), str(version)))
            size = path.stat().st_size / 2**20
            row(table, f"termbase read TBX v{version}, {n:,} concepts", size,
                measure(READ_TERMBASE.format(module="tbx"), str(path)))
        path3 = DATA / f"concepts-{n}-v3.tbx"
        row(table, f"termbase validate TBX v3, {n:,} concepts", path3.stat().st_size / 2**20,
            measure(VALIDATE, str(path3)))
        path2 = DATA / f"concepts-{n}-v2.tbx"
        size2 = path2.stat().st_size / 2**20
        if size2 <= options.tt_max_mb:
            row(table, f"translate-toolkit load TBX 2, {n:,} concepts", size2,
                measure(READ_TT.format(module="tbx", klass="tbxfile"), str(path2)))

    for megabytes in options.tmx_mb if options.tmx_mb != [0] else []:
        path = DATA / f"tm-{megabytes}mb.tmx"
        if not path.exists():
            row(table, f"write TMX ~{megabytes} MB", 0,
                measure(GENERATE_TMX, str(megabytes), str(path)))
        size = path.stat().st_size / 2**20
        row(table, "termbase read TMX", size, measure(READ_TERMBASE.format(module="tmx"),
                                                      str(path)))
        row(table, "termbase validate TMX", size, measure(VALIDATE, str(path)))
        if size <= options.tt_max_mb:
            row(table, "translate-toolkit load TMX", size,
                measure(READ_TT.format(module="tmx", klass="tmxfile"), str(path)))

    print("| job | file MB | wall s | peak RSS MB | result |\n|---|---:|---:|---:|---|")
    for line in table:
        print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    main()
