"""Score `termbase check` and `termbase lookup` on the labelled sets of issue 15.

    python benchmarks/eval_names.py check-names lookup-names          # the development sets
    python benchmarks/eval_names.py check-names-heldout lookup-names-heldout   # once, at the end

The sets were written by someone who had not seen the matcher, against the glossary as it
was then, kept in `tests/fixtures/frozen-glossary/` so that later glossary work does not
move the labels. Prints precision and recall per rule and per language, and every miss and
false alarm.

A finding of an article rule (T103, T104, T106: a concept written two ways across the text)
is matched by rule and concept, not by paragraph: the sets place it where the second term
appears, termbase where the term to change is first used, and the two differ when the term
to keep comes second. Until 2026-12-06 the paragraph counted too (the check-names-4 set was
scored once so: 0.925 / 0.912; three of its eight differences were this).
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
GLOSSARY = FIXTURES / "frozen-glossary"


def expected_findings(folder: Path) -> dict[tuple[str, str], set[tuple[str, str, str]]]:
    cases: dict[tuple[str, str], set[tuple[str, str, str]]] = {}
    with open(folder / "expected.tsv", encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table, delimiter="\t"):
            found = cases.setdefault((row["source"], row["target"]), set())
            if row["code"]:
                found.add((row["code"], row["segment"], row["concept"]))
    return cases


def reported_findings(index, folder: Path, source: str, target: str) -> set[tuple[str, str, str]]:
    from termbase.align import align_articles, read_alone
    from termbase.check import check
    from termbase.matching import TermFinders

    if target:
        alignment = align_articles(folder / source, folder / target,
                                   concepts_of=TermFinders(index).concepts)
    else:
        lang = source.rsplit(".", 1)[0].rsplit("-", 1)[-1]
        alignment = read_alone(folder / source, lang)
    return {(f.code, f.segment, f.concept or "") for f in check(index, alignment).findings}


def score_check(index, folder: Path) -> dict:
    cases = expected_findings(folder)
    per_rule: dict[str, Counter] = {}
    misses, alarms, errors_on_clean = [], [], []
    for (source, target), expected in sorted(cases.items()):
        got = _placed(reported_findings(index, folder, source, target))
        expected = _placed(expected)
        for code, segment, concept in got | expected:
            tally = per_rule.setdefault(code, Counter())
            key = (code, segment, concept)
            if key in got and key in expected:
                tally["tp"] += 1
            elif key in got:
                tally["fp"] += 1
                alarms.append((source, *key))
            else:
                tally["fn"] += 1
                misses.append((source, *key))
        if not expected and any(code in ERROR_CODES for code, _, _ in got):
            errors_on_clean.append(source)
    return {"per_rule": per_rule, "misses": misses, "alarms": alarms,
            "errors_on_clean": errors_on_clean}


ERROR_CODES = {"T101", "T102", "T105"}
ARTICLE_CODES = {"T103", "T104", "T106"}


def _placed(findings: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """The findings as they are compared: those of article rules with no paragraph."""
    return {(code, "article" if code in ARTICLE_CODES else segment, concept)
            for code, segment, concept in findings}


def score_lookup(index, path: Path) -> dict:
    from termbase.lookup import FUZZY, lookup

    per_lang: dict[str, Counter] = {}
    wrong = []
    with open(path, encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table, delimiter="\t"):
            found = {m.concept["id"] for m in lookup(index, row["query"], [row["lang"]])
                     if m.how != FUZZY}
            tally = per_lang.setdefault(row["lang"], Counter())
            hit = row["concept"] in found
            if row["label"] == "match":
                tally["tp" if hit else "fn"] += 1
            else:
                tally["fp" if hit else "tn"] += 1
            if hit != (row["label"] == "match"):
                wrong.append((row["lang"], row["query"], row["concept"], row["label"],
                              sorted(found)[:4]))
    return {"per_lang": per_lang, "wrong": wrong}


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "—"


def main(check_set: str, lookup_set: str | None) -> None:
    from termbase.index import Index

    with tempfile.TemporaryDirectory() as cache:
        index = Index.open([GLOSSARY], directory=Path(cache), kind="tbx")
        result = score_check(index, FIXTURES / check_set)
        total = Counter()
        print(f"## check, {check_set}\n")
        print("| rule | planted | found | false alarms | precision | recall |")
        print("|---|---:|---:|---:|---:|---:|")
        for code, tally in sorted(result["per_rule"].items()):
            total.update(tally)
            print(f"| {code} | {tally['tp'] + tally['fn']} | {tally['tp']} | {tally['fp']} | "
                  f"{ratio(tally['tp'], tally['tp'] + tally['fp'])} | "
                  f"{ratio(tally['tp'], tally['tp'] + tally['fn'])} |")
        print(f"| all | {total['tp'] + total['fn']} | {total['tp']} | {total['fp']} | "
              f"{ratio(total['tp'], total['tp'] + total['fp'])} | "
              f"{ratio(total['tp'], total['tp'] + total['fn'])} |\n")
        print(f"error-severity findings on clean articles: {result['errors_on_clean'] or 'none'}\n")
        for title, rows in (("misses", result["misses"]), ("false alarms", result["alarms"])):
            print(f"{title}:")
            for row in rows:
                print("  " + "  ".join(row))
        if lookup_set:
            looked = score_lookup(index, FIXTURES / lookup_set / "queries.tsv")
            print(f"\n## lookup, {lookup_set}\n")
            print("| language | match rows | found | none/other rows | wrongly found | "
                  "precision | recall |")
            print("|---|---:|---:|---:|---:|---:|---:|")
            for lang, t in sorted(looked["per_lang"].items()):
                print(f"| {lang} | {t['tp'] + t['fn']} | {t['tp']} | {t['fp'] + t['tn']} | "
                      f"{t['fp']} | {ratio(t['tp'], t['tp'] + t['fp'])} | "
                      f"{ratio(t['tp'], t['tp'] + t['fn'])} |")
            print("\nwrong:")
            for row in looked["wrong"]:
                print("  " + "  ".join(map(str, row)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
