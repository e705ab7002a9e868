"""Checks on glossary concepts that need the whole model, not just the parser's view."""

from __future__ import annotations

from typing import Iterator

from ..model import Concept
from . import ERROR, TBX, Problem, rule


@rule("R101", "duplicate-id", ERROR,
      "Two concepts or terms of one file share an id; references to it become ambiguous.", TBX)
def duplicate_id(concept: Concept, memo: dict) -> Iterator[Problem]:
    seen: dict[str, int | None] = memo.setdefault("ids", {})
    candidates = [(concept.id, concept.line, "conceptEntry")]
    candidates += [(term.id, term.line, "term") for _, term in concept.terms() if term.id]
    for identifier, line, element in candidates:
        if identifier in seen:
            first = seen[identifier]
            yield Problem(f"id «{identifier}» is already used"
                          + (f" on line {first}" if first else ""), line, element)
        else:
            seen[identifier] = line


@rule("R102", "dangling-cross-reference", ERROR,
      "A crossReference points at an id that no concept or term of the file has.", TBX)
def dangling_cross_reference(concept: Concept, memo: dict) -> Iterator[Problem]:
    ids: set[str] = memo.setdefault("ids", set())
    ids.add(concept.id)
    ids.update(term.id for _, term in concept.terms() if term.id)
    pending = memo.setdefault("references", [])
    owners = [concept] + [term for _, term in concept.terms()]
    for owner in owners:
        for reference in owner.cross_references:
            pending.append(reference)
    return ()


@dangling_cross_reference.finish
def _dangling_at_end(memo: dict) -> Iterator[Problem]:
    ids = memo.get("ids", set())
    for reference in memo.get("references", []):
        if reference.target not in ids:
            target = f"«{reference.target}»" if reference.target else "nothing (no target)"
            yield Problem(f"cross-reference points at {target}", reference.line, "ref")


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
