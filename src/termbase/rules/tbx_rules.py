"""Checks on glossary concepts that need the whole model, not just the parser's view."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR
from ..model import Concept
from ..seen import SeenKeys, table
from .registry import TBX, Problem, State, rule


@rule("R101", "duplicate-id", ERROR,
      "Two concepts or terms of one file share an id; references to it become ambiguous.", TBX)
def duplicate_id(concept: Concept, memo: State) -> Iterator[Problem]:
    seen: SeenKeys = table(memo.shared, "ids")
    candidates = [(concept.id, concept.line, "conceptEntry")]
    candidates += [(term.id, term.line, "term") for _, term in concept.terms() if term.id]
    for identifier, line, element in candidates:
        first = seen.add(identifier, line)
        if first is not None:
            where = f" on line {first[0]}" if first[0] else ""
            yield Problem(f"id «{identifier}» is already used{where}", line, element)


@rule("R102", "dangling-cross-reference", ERROR,
      "A crossReference points at an id that no concept or term of the file has.", TBX)
def dangling_cross_reference(concept: Concept, memo: State) -> Iterator[Problem]:
    """References to ids already seen are settled at once; only forward ones wait for the end."""
    # The table R101 fills (rules run in code order, so R101 sees each id first).
    ids: SeenKeys = table(memo.shared, "ids")
    ids.add(concept.id, concept.line)
    for _, term in concept.terms():
        if term.id:
            ids.add(term.id, term.line)
    pending = memo.setdefault("references", [])
    owners = [concept] + [term for _, term in concept.terms()]
    for owner in owners:
        for reference in owner.cross_references:
            if not reference.target or reference.target not in ids:
                pending.append(reference)
    return ()


@dangling_cross_reference.finish
def _dangling_at_end(memo: State) -> Iterator[Problem]:
    ids = table(memo.shared, "ids")
    for reference in memo.get("references", []):
        if not reference.target or reference.target not in ids:
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
