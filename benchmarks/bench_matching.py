"""Precision and recall of inflected term matching, per language, on a labelled set of pairs.

Each pair is a glossary term in its dictionary form and a form of running text, labelled
`match` or `no-match` (tests/fixtures/inflection/pairs.tsv: columns lang, term, text, label,
note). The pairs are matched with `termbase.lang.matches`, the test lookup and the term finder
make; a table of counts, precision and recall per language is printed (Markdown), then the
pairs matched wrongly:

    python benchmarks/bench_matching.py
    python benchmarks/bench_matching.py --pairs held-out.tsv
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from termbase.lang import matches  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "inflection" / "pairs.tsv"
LABELS = {"match": True, "no-match": False}
LANGUAGES = ["ru", "be", "en"]


def read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        sys.exit(f"{path}: no such file")
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    for number, row in enumerate(rows, start=2):
        if row.get("label") not in LABELS:
            sys.exit(f"{path}:{number}: label must be match or no-match, not {row.get('label')!r}")
    return rows


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="TSV of labelled pairs")
    args = parser.parse_args()
    rows = read(args.pairs)
    counts: dict[str, Counter] = {}
    wrong: list[str] = []
    started = time.perf_counter()
    for row in rows:
        lang, expected = row["lang"], LABELS[row["label"]]
        found = matches(lang, row["term"], row["text"])
        tally = counts.setdefault(lang, Counter())
        tally["pairs"] += 1
        tally["positives" if expected else "negatives"] += 1
        tally[("T" if found == expected else "F") + ("P" if found else "N")] += 1
        if found != expected:
            wrong.append(f"- {lang} {'FN' if expected else 'FP'}: «{row['term']}» / "
                         f"«{row['text']}» ({row.get('note') or 'no note'})")
    elapsed = time.perf_counter() - started
    order = [lang for lang in LANGUAGES if lang in counts] + sorted(set(counts) - set(LANGUAGES))
    columns = ["pairs", "positives", "negatives", "TP", "FP", "FN"]
    print("| lang | " + " | ".join(columns) + " | precision | recall |")
    print("|---|" + "---:|" * (len(columns) + 2))
    total = Counter()
    for lang in [*order, "all"]:
        tally = total if lang == "all" else counts[lang]
        if lang != "all":
            total.update(tally)
        cells = [f"{tally[column]}" for column in columns]
        cells += [ratio(tally["TP"], tally["TP"] + tally["FP"]),
                  ratio(tally["TP"], tally["TP"] + tally["FN"])]
        print(f"| {lang} | " + " | ".join(cells) + " |")
    shown = args.pairs.relative_to(ROOT) if args.pairs.is_relative_to(ROOT) else args.pairs
    print(f"\n{len(rows)} pairs from {shown}, matched in {elapsed:.2f} s "
          "(loading the analyzers included).")
    print("\nMisclassified: " + ("none." if not wrong else f"{len(wrong)}\n" + "\n".join(wrong)))


if __name__ == "__main__":
    main()
