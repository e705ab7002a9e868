"""Checks on translation units: ids, empty segments, paired inline codes."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from ..diagnostics import ERROR, WARNING
from ..lang import tags
from ..model import Inline, SegmentContent, TranslationUnit
from ..seen import SeenKeys, table
from .registry import TMX, Problem, State, rule


@rule("M101", "duplicate-tuid", ERROR,
      "Two units of one file share a tuid; edits and references to it become ambiguous.", TMX)
def duplicate_tuid(unit: TranslationUnit, memo: dict) -> Iterator[Problem]:
    if unit.id is None:
        return
    seen: SeenKeys = table(memo, "ids")
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


@rule("M106", "missing-language", WARNING,
      "A unit without a segment in one of the required languages (default ru, be, en).", TMX)
def missing_language(unit: TranslationUnit, state: State) -> Iterator[Problem]:
    present = {tags.primary(v.lang) for v in unit.variants}
    missing = [lang for lang in state.config.required_languages if lang not in present]
    if missing and unit.variants:
        yield Problem(f"unit «{unit.id or '?'}» has no {', '.join(missing)} segment",
                      unit.line, "tu")


@rule("M107", "codes-differ", WARNING,
      "The segments of a unit carry different inline codes (bpt, ept, ph, it, hi, ut).", TMX)
def codes_differ(unit: TranslationUnit, state: State) -> Iterator[Problem]:
    counted = [(v, _codes(v.content)) for v in unit.variants]
    for variant, codes in counted[1:]:
        if codes != counted[0][1]:
            yield Problem(f"unit «{unit.id or '?'}»: the {variant.lang} segment has codes "
                          f"{_describe(codes)}, the {counted[0][0].lang} segment "
                          f"{_describe(counted[0][1])}", variant.line, "tuv")


def _codes(content: SegmentContent) -> Counter:
    found: Counter = Counter()
    for part in content:
        if isinstance(part, Inline):
            found[part.tag] += 1
            if part.tag in ("hi", "sub"):
                found += _codes(part.content)
    return found


def _describe(codes: Counter) -> str:
    return ", ".join(f"{n}×{tag}" for tag, n in sorted(codes.items())) or "none"


# «1 000 000» (spaces between groups of three), or digits with . and , inside.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d)|\d+(?:[.,]\d+)*")
_GROUP_SPACE = re.compile(r"[ \u00a0\u202f]")


# Roman numerals of centuries and list items («XXI век» for "21st century"): I, V and X only,
# two letters or more, so that acronyms (CD, DC, MI) and the pronoun I are not read as numbers.
_ROMAN = re.compile(r"(?<![\w-])(X{0,3})(IX|IV|V?I{0,3})(?![\w-])")
_ROMAN_VALUES = {"IX": 9, "IV": 4}


def _roman(tens: str, units: str) -> int:
    return 10 * len(tens) + _ROMAN_VALUES.get(units, 5 * units.startswith("V") + units.count("I"))


def numbers_in(segment: str) -> Counter:
    """Numbers as values: «1 000», «1,000» and «1000» are one; «2,5» and «2.5» are one;
    «XXI» is 21."""
    found: Counter = Counter()
    for match in _ROMAN.finditer(segment):
        if len(match.group()) >= 2:
            found[str(_roman(*match.groups()))] += 1
    for match in _NUMBER.finditer(segment):
        value = match.group()
        if _GROUP_SPACE.search(value):
            found[_GROUP_SPACE.sub("", value)] += 1
            continue
        groups = re.split(r"[.,]", value)
        separators = set(re.findall(r"[.,]", value))
        thousands = (len(separators) == 1 and len(groups[0]) <= 3
                     and all(len(group) == 3 for group in groups[1:]))
        found["".join(groups) if thousands else value.replace(",", ".")] += 1
    return found


@rule("M108", "numbers-differ", WARNING,
      "The segments of a unit do not contain the same numbers.", TMX)
def numbers_differ(unit: TranslationUnit, state: State) -> Iterator[Problem]:
    counted = [(v, numbers_in(v.text)) for v in unit.variants]
    for variant, numbers in counted[1:]:
        reference, expected = counted[0]
        if numbers != expected:
            only_here = sorted((numbers - expected).elements())
            only_there = sorted((expected - numbers).elements())
            parts = []
            if only_there:
                parts.append(f"lacks {', '.join(only_there)}")
            if only_here:
                parts.append(f"has {', '.join(only_here)} not in {reference.lang}")
            yield Problem(f"unit «{unit.id or '?'}»: the {variant.lang} segment "
                          f"{' and '.join(parts)}", variant.line, "tuv")
