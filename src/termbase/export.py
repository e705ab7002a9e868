"""`termbase export`: the glossary in the flavour each CAT tool reads.

Concepts are read from the glossary (streaming), narrowed to the languages, subject fields and
usage statuses asked for, and handed to one writer per format. Pair formats (OmegaT glossary,
CSV, PO) pair each source term with the target terms of the same concept. A deprecated target
term is never an ordinary pair: PO gives it Weblate's `forbidden` flag; CSV and TSV leave it
out unless asked to include it, and then mark it «DEPRECATED, do not use». Each pair's comment
names the concept and the terms' statuses and types, so that `termbase import` reads the file
back; the definition comes once per concept, on its first pair.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from . import formats
from .errors import TermbaseError
from .lang import tags
from .model import SHORT_FORMS, TERM_TYPES, Concept, Term, status_in

FORMATS = ("tbx", "tbx2", "tsv", "csv", "xlsx", "po", "tmx", "html")
PAIR_FORMATS = ("tsv", "csv", "po")
STATUSES = ("preferred", "admitted", "deprecated")
# Statuses of other vocabularies (TBX 2's normativeAuthorization, MultiTerm, IATE's
# reliability wording) and the TBX-Basic value nearest each; a term keeps its own in a note.
NEAREST_STATUS = {
    "standardized": "preferred", "recommended": "preferred", "approved": "preferred",
    "preferredterm": "preferred", "proposed": "admitted", "tentative": "admitted",
    "legal": "admitted", "regulated": "admitted", "admittedterm": "admitted",
    "obsolete": "deprecated", "superseded": "deprecated", "supersededterm": "deprecated",
    "forbidden": "deprecated", "rejected": "deprecated", "notrecommended": "deprecated",
    "deprecatedterm": "deprecated",
}


@dataclass
class Pair:
    """One row of a bilingual glossary: a source term and a target term of one concept."""

    concept: str
    source: Term
    target: Term
    preferred: list[str]  # the target's preferred terms, to name when `target` is deprecated
    definition: str | None  # the concept's, on its first pair only

    @property
    def forbidden(self) -> bool:
        return self.target.status == "deprecated"

    def comment(self) -> str:
        """What OmegaT, Xbench and translate-toolkit show beside the pair: the target's
        status (when not preferred) and type (when not a full form), the source term's
        likewise, the concept's id and, on its first pair, its definition. `parse_comment`
        reads it back."""
        parts = []
        if self.forbidden:
            instead = "»/«".join(self.preferred)
            parts.append("DEPRECATED, do not use" + (f"; use «{instead}»" if instead else ""))
        elif self.target.status == "admitted":
            parts.append("admitted")
        if self.target.type and self.target.type != "fullForm":
            parts.append(self.target.type)
        source = [self.source.status] if self.source.status in ("admitted", "deprecated") \
            else []
        if self.source.type and self.source.type != "fullForm":
            source.append(self.source.type)
        if source:
            parts.append("source term " + ", ".join(source))
        parts.append(f"concept {self.concept}")
        if self.definition:
            parts.append(self.definition)
        return "; ".join(parts)


_TYPES = "|".join(t for t in TERM_TYPES if t != "fullForm")
_COMMENT = re.compile(
    r"(?:(?P<deprecated>DEPRECATED, do not use)(?:; use «.*?»)?; )?"
    r"(?:(?P<admitted>admitted); )?"
    rf"(?:(?P<type>{_TYPES}); )?"
    rf"(?:source term (?:(?P<source_status>admitted|deprecated)(?:, |(?=; )))?"
    rf"(?P<source_type>{_TYPES})?; )?"
    r"concept (?P<concept>[^\s;]+)"
    r"(?:; (?P<definition>.*))?", re.DOTALL)


@dataclass
class Marks:
    """What a pair's comment says (see `Pair.comment`)."""

    concept: str
    target_status: str
    target_type: str
    source_status: str
    source_type: str
    definition: str | None


def parse_comment(comment: str) -> Marks | None:
    """The marks `Pair.comment` wrote, or None for a comment it did not write."""
    found = _COMMENT.fullmatch(comment.strip())
    if found is None:
        return None
    return Marks(found["concept"],
                 "deprecated" if found["deprecated"] else "admitted" if found["admitted"]
                 else "preferred", found["type"] or "fullForm",
                 found["source_status"] or "preferred", found["source_type"] or "fullForm",
                 found["definition"] or None)


def read_concepts(paths: Iterable[str | os.PathLike], languages: list[str] | None = None,
                  subjects: list[str] | None = None,
                  statuses: Iterable[str] = STATUSES,
                  usage: str | None = None) -> Iterator[Concept]:
    """Concepts of the glossary files, with only the languages and statuses asked for.

    A concept outside the subject fields, or left with no terms, is skipped. With `usage` (a
    desk's region), a term the glossary gives as used only in other regions is deprecated
    (`model.status_in`); without, every term keeps the status recorded, which is what an
    import of the export takes back unchanged.
    """
    wanted_subjects = {s.casefold() for s in subjects or ()}
    wanted_statuses = set(statuses)
    unknown = wanted_statuses - set(STATUSES)
    if unknown:
        raise TermbaseError(f"unknown status {', '.join(sorted(unknown))} "
                            f"(choose from {', '.join(STATUSES)})")
    seen_subjects: set[str] = set()
    for path in formats.expand_paths(paths):
        if formats.kind_by_extension(path) != formats.TBX:
            continue
        for concept in formats.open_reader(path, formats.TBX):
            subjects = {s.casefold() for s in concept.subject_fields}
            seen_subjects |= subjects
            if wanted_subjects and not wanted_subjects & subjects:
                continue
            sections = []
            for section in concept.languages:
                if languages and tags.primary(section.lang) not in languages:
                    continue
                terms = [_with_known_status(t, path, concept) for t in section.terms]
                if usage is not None:
                    terms = [replace(t, status=status_in(t, usage)) if t.geographical_usage
                             else t for t in terms]
                terms = [t for t in terms if (t.status or "preferred") in wanted_statuses]
                if terms:
                    sections.append(replace(section, terms=terms))
            if sections:
                yield replace(concept, languages=sections)
    unknown = sorted(wanted_subjects - seen_subjects)
    if unknown:  # an empty file with exit 0 would look like an export of nothing to export
        raise TermbaseError(f"no concept has the subject field «{unknown[0]}» (the glossary "
                            f"has: {', '.join(sorted(seen_subjects))})")


def _with_known_status(term: Term, path, concept: Concept) -> Term:
    """The term with a TBX-Basic status: one of another vocabulary («obsolete») becomes the
    nearest, noted on the term; one with no near value stops the export rather than the
    term being dropped."""
    if term.status is None or term.status in STATUSES:
        return term
    key = term.status.replace("-admn-sts", "").replace("-", "").replace(" ", "").casefold()
    nearest = NEAREST_STATUS.get(key)
    if nearest is None:
        raise TermbaseError(f"term «{term.text}» of concept «{concept.id}» has the status "
                            f"«{term.status}», which has no TBX-Basic counterpart; set one of "
                            f"{', '.join(STATUSES)} with termbase edit --status", path)
    return replace(term, status=nearest, notes=[*term.notes, f"status: {term.status}"])


def pairs(concepts: Iterable[Concept], source: str, target: str,
          deprecated_targets: bool = True) -> Iterator[Pair]:
    """Source term × target term of each concept: full forms with full forms, acronyms with
    acronyms, a term with no partner of its kind with every term of the other language, so
    that each term of both languages is in some pair. Deprecated target terms only with
    `deprecated_targets`; the definition on each concept's first pair."""
    for concept in concepts:
        source_terms = _terms(concept, source)
        all_targets = _terms(concept, target)
        target_terms = [t for t in all_targets if deprecated_targets or t.status != "deprecated"]
        if not source_terms or not target_terms:
            continue
        preferred = [t.text for t in all_targets if t.status == "preferred"]
        found: list[tuple[Term, Term]] = []
        for term in source_terms:
            short = term.type in SHORT_FORMS
            matching = [t for t in target_terms if (t.type in SHORT_FORMS) == short]
            found += [(term, target_term) for target_term in matching or target_terms]
        paired = {id(target_term) for _, target_term in found}
        found += [(term, target_term) for target_term in target_terms
                  if id(target_term) not in paired for term in source_terms]
        definition = concept.definitions[0].text if concept.definitions else None
        for number, (term, target_term) in enumerate(found):
            yield Pair(concept.id, term, target_term, preferred,
                       definition if number == 0 else None)


def _terms(concept: Concept, lang: str) -> list[Term]:
    return [term for section in concept.languages if tags.primary(section.lang) == lang
            for term in section.terms]


def export(concepts: Iterable[Concept], output_format: str, dest, languages: list[str],
           source: str | None = None, target: str | None = None,
           include_deprecated: bool = False) -> int:
    """Write `concepts` in `output_format` to `dest` (a path, or a binary stream); the number
    of entries written (concepts, or pairs for pair formats). CSV and TSV leave deprecated
    target terms out unless `include_deprecated`; PO flags them `forbidden`."""
    concepts = list(concepts)
    if output_format in PAIR_FORMATS:
        source, target = direction(languages, source, target, output_format)
        rows = list(pairs(concepts, source, target,
                          deprecated_targets=include_deprecated or output_format == "po"))
        if output_format == "po":
            from .formats import po
            po.write(rows, dest, source, target)
        else:
            from .formats import tabular
            tabular.write_pairs(rows, dest, output_format)
        return len(rows)
    if output_format == "tbx":
        from .formats import tbx
        tbx.write(concepts, dest)
    elif output_format == "tbx2":
        from .formats import tbx
        tbx.write_v2(concepts, dest)
    elif output_format == "xlsx":
        from .formats import tabular
        tabular.write_xlsx(concepts, dest, languages)
    elif output_format == "tmx":
        from .formats import tmx
        tmx.write(tmx.units_of_concepts(concepts, languages), dest)
    elif output_format == "html":
        from .formats import html
        html.write(concepts, dest, languages)
    else:
        raise TermbaseError(f"unknown format {output_format!r}")
    return len(concepts)


def direction(languages: list[str], source: str | None, target: str | None,
              output_format: str) -> tuple[str, str]:
    """The source and target language of a pair format (by default the first two)."""
    source = source or languages[0]
    target = target or next((lang for lang in languages if lang != source), None)
    if not target or source == target:
        raise TermbaseError(f"{output_format} is a bilingual format: give --source-lang and "
                            "--target-lang (two different languages)")
    return source, target


def deprecated_targets(concepts: Iterable[Concept], source: str, target: str) -> int:
    """How many deprecated target terms a CSV or TSV export leaves out (those of concepts
    with terms in both languages)."""
    return sum(1 for concept in concepts if _terms(concept, source)
               for term in _terms(concept, target) if term.status == "deprecated")


def languages_of(concepts: Iterable[Concept]) -> list[str]:
    found = {tags.primary(s.lang) for c in concepts for s in c.languages}
    from .formats.tbx import language_key
    return sorted(found, key=language_key)

