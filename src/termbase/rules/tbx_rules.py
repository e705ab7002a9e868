"""Glossary ids and references (judged by the readers), and entries with nothing in them."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR
from ..model import Concept
from .registry import TBX, Problem, reader_rule, rule


# Ids are judged as the parser reads them, on every element (TBX ids are xsd:ID / DTD ID, one
# namespace for the whole file), not only on concepts and terms.
DUPLICATE_ID = reader_rule(
    "R101", "duplicate-id", ERROR,
    "Two elements of one file share an id; references to it become ambiguous.", TBX)
DANGLING_REFERENCE = reader_rule(
    "R102", "dangling-cross-reference", ERROR,
    "A target (a crossReference, any IDREF) points at an id that no element of the file has.",
    TBX)
ID_NOT_A_NAME = reader_rule(
    "R103", "id-not-xml-name", ERROR,
    "An id or a reference to one that is not an XML name («1875432», «a b»): XML ids start with "
    "a letter or _ and hold no spaces.", TBX)


@rule("E101", "empty-term", ERROR, "A term whose text is empty or only white space.", TBX)
def empty_term(concept: Concept, memo: dict) -> Iterator[Problem]:
    for lang, term in concept.terms():
        if not term.text.strip():
            yield Problem(f"empty {lang} term in concept «{concept.id}»", term.line, "term")


@rule("E102", "language-without-terms", ERROR,
      "A language section with no term; TBX requires at least one.", TBX)
def language_without_terms(concept: Concept, memo: dict) -> Iterator[Problem]:
    for section in concept.languages:
        if not section.terms:
            yield Problem(f"{section.lang} section of concept «{concept.id}» has no term",
                          section.line, None)


@rule("E103", "concept-without-languages", ERROR,
      "A concept with no language section; TBX requires at least one.", TBX)
def concept_without_languages(concept: Concept, memo: dict) -> Iterator[Problem]:
    if not concept.languages:
        yield Problem(f"concept «{concept.id}» has no language section", concept.line, None)
