"""Checks on translation units: ids, empty segments, paired inline codes."""

from __future__ import annotations

from typing import Iterator

from ..model import Inline, SegmentContent, TranslationUnit
from ..seen import SeenKeys
from . import ERROR, TMX, WARNING, Problem, rule


@rule("M101", "duplicate-tuid", ERROR,
      "Two units of one file share a tuid; edits and references to it become ambiguous.", TMX)
def duplicate_tuid(unit: TranslationUnit, memo: dict) -> Iterator[Problem]:
    if unit.id is None:
        return
    seen: SeenKeys = memo.setdefault("ids", SeenKeys())
    first = seen.add(unit.id, unit.line)
    if first is not None:
        where = f" on line {first[0]}" if first[0] else ""
        yield Problem(f"tuid «{unit.id}» is already used{where}", unit.line, "tu")


@rule("M102", "empty-segment", ERROR,
      "A segment with no text (only white space or only codes); it matches nothing.", TMX)
def empty_segment(unit: TranslationUnit, memo: dict) -> Iterator[Problem]:
    for variant in unit.variants:
        if not variant.text.strip():
            yield Problem(f"empty {variant.lang} segment in unit «{unit.id or '?'}»",
                          variant.line, "tuv")


@rule("M103", "unit-without-variants", ERROR,
      "A <tu> with no <tuv>; TMX requires at least one.", TMX)
def unit_without_variants(unit: TranslationUnit, memo: dict) -> Iterator[Problem]:
    if not unit.variants:
        yield Problem(f"unit «{unit.id or '?'}» has no <tuv>", unit.line, "tu")


@rule("M104", "unpaired-code", ERROR,
      "A <bpt> without its <ept> (same i) in the segment, or the reverse.", TMX)
def unpaired_code(unit: TranslationUnit, memo: dict) -> Iterator[Problem]:
    for variant in unit.variants:
        opened: list[str] = []
        closed: list[str] = []
        _collect_pairs(variant.content, opened, closed)
        for i in sorted(set(opened) ^ set(closed)):
            side = "<bpt>" if i in opened else "<ept>"
            other = "<ept>" if i in opened else "<bpt>"
            yield Problem(f"{variant.lang} segment of unit «{unit.id or '?'}»: {side} i=\"{i}\" "
                          f"has no {other}", variant.line, "tuv")
        for i in sorted({i for i in opened if opened.count(i) > 1}):
            yield Problem(f"{variant.lang} segment of unit «{unit.id or '?'}»: "
                          f"more than one <bpt> with i=\"{i}\"", variant.line, "tuv")


def _collect_pairs(content: SegmentContent, opened: list[str], closed: list[str]) -> None:
    for part in content:
        if isinstance(part, Inline):
            if part.tag == "bpt":
                opened.append(part.attrs.get("i", ""))
            elif part.tag == "ept":
                closed.append(part.attrs.get("i", ""))
            elif part.tag in ("hi", "sub"):
                _collect_pairs(part.content, opened, closed)


@rule("M105", "repeated-language", WARNING,
      "A unit with two variants in the same language; tools keep only one of them.", TMX)
def repeated_language(unit: TranslationUnit, memo: dict) -> Iterator[Problem]:
    seen: set[str] = set()
    for variant in unit.variants:
        key = variant.lang.casefold()
        if key in seen:
            yield Problem(f"unit «{unit.id or '?'}» has a second {variant.lang} variant",
                          variant.line, "tuv")
        seen.add(key)
