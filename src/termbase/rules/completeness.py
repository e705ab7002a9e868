"""Entry completeness and case: what each concept must have, and how its terms are written."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, WARNING
from ..lang import tags
from ..lang.text import is_acronym
from ..model import SHORT_FORMS, Concept
from .registry import TBX, Problem, State, rule


def _sections(concept: Concept) -> dict[str, list]:
    """Terms by primary language (ru-RU and ru are one language for these rules)."""
    grouped: dict[str, list] = {}
    for lang, term in concept.terms():
        grouped.setdefault(tags.primary(lang), []).append(term)
    return grouped


@rule("C101", "missing-preferred-term", ERROR,
      "A required language (default ru, be, en) without a preferred term.", TBX)
def missing_preferred_term(concept: Concept, state: State) -> Iterator[Problem]:
    sections = _sections(concept)
    for lang in state.config.required_languages:
        terms = sections.get(lang, [])
        if not any(t.status == "preferred" for t in terms):
            what = "no preferred term" if terms else "no term"
            yield Problem(f"concept «{concept.id}» has {what} in {lang}", concept.line,
                          "conceptEntry")


@rule("C102", "several-preferred-terms", ERROR,
      "More than one preferred full form (or more than one preferred acronym) in a language.",
      TBX)
def several_preferred_terms(concept: Concept, state: State) -> Iterator[Problem]:
    for lang, terms in _sections(concept).items():
        for short in (False, True):
            preferred = [t for t in terms
                         if t.status == "preferred" and (t.type in SHORT_FORMS) == short]
            if len(preferred) > 1:
                names = ", ".join(f"«{t.text}»" for t in preferred)
                kind = "short forms" if short else "terms"
                yield Problem(f"concept «{concept.id}» has {len(preferred)} preferred {lang} "
                              f"{kind}: {names}", preferred[1].line, "term")


@rule("C103", "acronym-without-full-form", ERROR,
      "An acronym or abbreviation whose language has no full form in the concept.", TBX)
def acronym_without_full_form(concept: Concept, state: State) -> Iterator[Problem]:
    for lang, terms in _sections(concept).items():
        if all(t.type in SHORT_FORMS for t in terms):
            for term in terms:
                yield Problem(f"{lang} {term.type} «{term.text}» has no full form in concept "
                              f"«{concept.id}»", term.line, "term")


@rule("C104", "only-deprecated", ERROR,
      "A language whose only terms are deprecated: there is nothing to use instead.", TBX)
def only_deprecated(concept: Concept, state: State) -> Iterator[Problem]:
    for lang, terms in _sections(concept).items():
        if terms and all(t.status == "deprecated" for t in terms):
            yield Problem(f"every {lang} term of concept «{concept.id}» is deprecated",
                          terms[0].line, "term")


@rule("C105", "term-without-source", WARNING, "A term with no source.", TBX)
def term_without_source(concept: Concept, state: State) -> Iterator[Problem]:
    for lang, term in concept.terms():
        if not term.sources:
            yield Problem(f"{lang} term «{term.text}» has no source", term.line, "term")


@rule("K101", "acronym-case", WARNING,
      "An acronym not in capitals («Nato»); mixed-case acronyms such as «ЕврАзЭС» pass.", TBX)
def acronym_case(concept: Concept, state: State) -> Iterator[Problem]:
    for lang, term in concept.terms():
        if term.type == "acronym" and not is_acronym(term.text):
            capitals = sum(1 for c in term.text if c.isupper())
            if capitals < 2:
                yield Problem(f"acronym «{term.text}» is not in capitals", term.line, "term")


@rule("K102", "proper-name-case", WARNING,
      "A proper noun that does not begin with a capital letter.", TBX)
def proper_name_case(concept: Concept, state: State) -> Iterator[Problem]:
    for lang, term in concept.terms():
        first = next((c for c in term.text if c.isalpha()), "")
        if term.part_of_speech == "properNoun" and first.islower():
            yield Problem(f"proper noun «{term.text}» begins with a small letter", term.line,
                          "term")
