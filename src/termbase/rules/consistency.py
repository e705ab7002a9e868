"""Duplicates and conflicts across the whole glossary, every file of the run together.

These rules remember what they have seen in compact hash tables (`termbase.seen`), so a
glossary of a million concepts is checked in bounded memory.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, WARNING
from ..lang import tags, term_keys, text
from ..lang.text import fold
from ..matching import TermFinders, has_name_adjective, longest
from ..model import SHORT_FORMS, Concept, TranslationUnit
from ..seen import SeenKeys, table
from .registry import RUN, TBX, TMX, Problem, State, rule


def _where(state: State, first: tuple[int | None, int]) -> str:
    line, source = first
    path = state.source_path(source)
    return f"{path}:{line}" if line else path


def preferred_term_key(lang: str, term: str) -> str:
    """What U101 compares two preferred terms by: language and words' keys; a name in
    quotation marks («Запад» the exercise) is not the common word (Запад, the West)."""
    quoted = "«»" if text.is_quoted(term) else ""
    return f"{tags.primary(lang)}\t{quoted}{' '.join(term_keys(lang, term))}"


@rule("U101", "same-preferred-term", ERROR,
      "One term (in any inflected form) is preferred in two concepts, so a match is ambiguous.",
      TBX, scope=RUN)
def same_preferred_term(concept: Concept, state: State) -> Iterator[Problem]:
    seen: SeenKeys = table(state, "terms")
    source = state.source_number()
    keys_here = set()
    for lang, term in concept.terms():
        if term.status != "preferred" or term.type in SHORT_FORMS:
            continue
        key = preferred_term_key(lang, term.text)
        if key in keys_here:
            continue
        keys_here.add(key)
        first = seen.add(key, term.line, source)
        if first is not None:
            yield Problem(f"{lang} «{term.text}» of concept «{concept.id}» is also a preferred "
                          f"term at {_where(state, first)}", term.line, "term")


@rule("U102", "same-definition", WARNING,
      "Two concepts with the same definition: perhaps one concept entered twice.", TBX, scope=RUN)
def same_definition(concept: Concept, state: State) -> Iterator[Problem]:
    seen: SeenKeys = table(state, "definitions")
    source = state.source_number()
    for definition in concept.definitions:
        first = seen.add(fold(definition.text), definition.line or concept.line, source)
        if first is not None:
            yield Problem(f"concept «{concept.id}» has the definition of the concept at "
                          f"{_where(state, first)}", definition.line or concept.line, "descrip")


@rule("U103", "same-acronym", WARNING,
      "One acronym for two concepts of the same subject field.", TBX, scope=RUN)
def same_acronym(concept: Concept, state: State) -> Iterator[Problem]:
    seen: SeenKeys = table(state, "acronyms")
    source = state.source_number()
    subjects = concept.subject_fields or [""]
    keys_here = set()
    for lang, term in concept.terms():
        if term.type not in SHORT_FORMS:
            continue
        for subject in subjects:
            key = f"{tags.primary(lang)}\t{subject.casefold()}\t{term.text.casefold()}"
            if key in keys_here:
                continue
            keys_here.add(key)
            first = seen.add(key, term.line, source)
            if first is not None:
                field = f" in subject field «{subject}»" if subject else ""
                yield Problem(f"{lang} {term.type} «{term.text}» of concept «{concept.id}» also "
                              f"names the concept at {_where(state, first)}{field}",
                              term.line, "term")


@rule("U104", "concept-id-in-two-files", ERROR,
      "Two files of the glossary use one concept id.", TBX, scope=RUN)
def concept_id_in_two_files(concept: Concept, state: State) -> Iterator[Problem]:
    seen: SeenKeys = table(state, "ids")
    source = state.source_number()
    first = seen.add(concept.id, concept.line, source)
    if first is not None and first[1] != source:
        yield Problem(f"concept id «{concept.id}» is also used at {_where(state, first)}",
                      concept.line, "conceptEntry")


@rule("M109", "glossary-consistency", WARNING,
      "A unit whose segment has a glossary term while another segment lacks its approved "
      "equivalent, or uses a deprecated variant.", TMX, scope=RUN)
def glossary_consistency(unit: TranslationUnit, state: State) -> Iterator[Problem]:
    """Against the glossary of [tool.termbase] (default: the project's glossary/). A segment
    in a language written in a script of its own (be-Latn) is not expected to hold terms."""
    index = _glossary_index(state)
    if index is None:
        return
    if "finders" not in state:  # one per run: every unit's terms read from the index once
        state["finders"] = TermFinders(index)
    every = {variant.lang: state["finders"](variant.lang).find(variant.text, overlapping=True)
             for variant in unit.variants}
    found = {lang: longest(terms) for lang, terms in every.items()}
    # a concept named inside a longer term counts as there («терроризму» inside
    # «противодействию терроризму» answers "terrorism")
    has = {lang: {f.concept for f in terms} for lang, terms in every.items()}
    line_of = {v.lang: v.line for v in unit.variants}
    text_of = {v.lang: v.text for v in unit.variants}
    reported: set[tuple[int, str]] = set()
    for lang, terms in found.items():
        for term in terms:
            concept = index.concept(term.concept)
            if term.term.status == "deprecated":
                preferred = _approved(concept, lang, preferred_only=True)
                yield Problem(f"unit «{unit.id or '?'}»: the {lang} segment uses deprecated "
                              f"«{term.matched}»" + (f"; use «{preferred}»" if preferred else ""),
                              line_of[lang], "tuv")
            for other in found:
                if tags.primary(other) == tags.primary(lang) or term.concept in has[other] \
                        or (term.concept, other) in reported or tags.script(other):
                    continue
                reported.add((term.concept, other))
                expected = _approved(concept, other)
                # "Belarus-Russia cooperation": «Белорусско-российское сотрудничество»
                if expected and not has_name_adjective(concept, other, text_of[other]):
                    yield Problem(f"unit «{unit.id or '?'}»: the {lang} segment has "
                                  f"«{term.matched}» ({concept['id']}) but the {other} segment "
                                  f"lacks «{expected}»", line_of[other], "tuv")


def _glossary_index(state: State):
    if "index" not in state:
        from ..index import Index

        state["index"] = Index.open(state.config.glossary, kind=TBX) \
            if state.config.glossary else None
    return state["index"]


def _approved(concept: dict, lang: str, preferred_only: bool = False) -> str:
    """The approved terms of a concept in a language, for a message: «A» or «B»."""
    wanted = ("preferred",) if preferred_only else ("preferred", "admitted")
    terms = [t["text"] for t in concept["terms"]
             if tags.primary(t["lang"]) == tags.primary(lang) and t["status"] in wanted]
    return "» or «".join(terms)
