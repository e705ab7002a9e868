"""Language tags: in the project's list, and written in BCP 47's own case."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, WARNING
from ..lang import tags
from ..model import Concept, usage_regions
from .registry import TBX, Problem, State, reader_rule, rule

MALFORMED_TAG = reader_rule(
    "L103", "malformed-language-tag", ERROR,
    "A language tag that is not BCP 47 («en_US», «english»); where a schema types it (TBX v3 "
    "xml:lang is xsd:language) and it fails that too, S103 says so instead.")
NON_CANONICAL_CASE = reader_rule(
    "L102", "language-tag-case", WARNING,
    "A language tag not in BCP 47 case («EN-gb» for «en-GB»); tools compare tags differently.")


@rule("L101", "unlisted-language", ERROR,
      "A language outside the project's list (`languages` in [tool.termbase]; default ru, be, "
      "en).")
def unlisted_language(item, state: State) -> Iterator[Problem]:
    listed = state.config.languages
    if isinstance(item, Concept):
        sections = [(s.lang, s.line, "langSec") for s in item.languages]
    else:
        sections = [(v.lang, v.line, "tuv") for v in item.variants]
    for lang, line, element in sections:
        if tags.primary(lang) not in listed:
            yield Problem(f"language «{lang}» is not one of the project's languages "
                          f"({', '.join(listed)})", line, element)


@rule("L104", "usage-region", ERROR,
      "A geographicalUsage that names no region: it must be region subtags (ISO 3166-1 «BY», UN "
      "M.49 «151») or language tags with one («ru-BY»), separated by spaces or commas.", TBX)
def usage_region(concept: Concept, state: State) -> Iterator[Problem]:
    for lang, term in concept.terms():
        wrong = [value for value in usage_regions(term) if tags.region(value) is None]
        if wrong:
            yield Problem(f"{lang} «{term.text}»: geographicalUsage «{' '.join(wrong)}» names no "
                          "region (give region subtags: «RU», «BY», «ru-RU»)", term.line, "term")
