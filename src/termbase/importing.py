"""`termbase import`: concepts from CSV, TSV, XLSX or TBX (v2, v3, IATE exports) merged into
the glossary, with conflicts reported and never overwritten.

Table columns are mapped by their header: a language tag (`ru`, `be`, `en`, `en-GB`) is that
language's preferred full form; `<lang>_abbr` or `<lang>_acronym` an acronym, `<lang>_variant`
an admitted variant, `<lang>_deprecated` a deprecated one, `<lang>_definition` a definition
in that language; `definition`, `subject`, `source`, `note`, `pos` and `id` the concept's.
`--map "Russian=ru"` renames a column. Several terms in one cell are separated by «;».
An XLSX formula is refused, not taken for a term (its cached value may be stale or missing);
the «'» our CSV and TSV exports put before a formula-like cell is taken off again.

Each incoming concept is matched with the glossary by id, else by its terms (exact or
inflected, in the same language): one match → merge, none → add, several → conflict.
A merge adds missing terms, languages, definitions and subject fields; it never replaces a
preferred term, a status or a definition: such differences are reported as conflicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import formats
from .edit import Glossary, Transaction, add_term, file_for_subject, new_id
from .errors import InputError, TermbaseError
from .formats import tabular
from .formats.streaming import NCNAME, is_date
from .formats.tbx import verbatim_fields
from .inputs import excerpt
from .lang import tags
from .lang.text import fold, normalise
from .model import SHORT_FORMS, Concept, Sourced, Term, Verbatim

TERM_COLUMNS = {"": ("fullForm", "preferred"), "abbr": ("abbreviation", "preferred"),
                "acronym": ("acronym", "preferred"), "variant": ("variant", "admitted"),
                "deprecated": ("variant", "deprecated")}
CONCEPT_COLUMNS = ("definition", "subject", "source", "note", "pos", "id")
# A column named by a language tag: an ISO 639 code, then any subtags («ru», «en-GB»).
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Action:
    kind: str  # "repair", "add", "merge", "conflict"
    concept: str
    file: str
    detail: str

    def as_text(self) -> str:
        return f"{self.kind:<8} {self.concept}  {self.file}  {self.detail}".rstrip()


def read_rows(path: Path, mapping: dict[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV, TSV or XLSX table, header names mapped."""
    rows = tabular.read_table(path)
    first = next(rows, None)
    if first is None:
        raise InputError("empty table", path)
    header = [mapping.get(name.strip(), name.strip()) for name in first[1]]
    for number, row in rows:
        if any(cell.strip() for cell in row):
            yield number, {name: cell.strip() for name, cell in zip(header, row) if name}


def concept_of_row(row: dict[str, str], line: int, path: Path, taken: set[str]) -> Concept:
    terms: list[tuple[str, str, str, str]] = []
    definitions: list[tuple[str, str]] = []
    for column, value in row.items():
        if not value or column.casefold() in CONCEPT_COLUMNS:
            continue
        lang, _, kind = column.partition("_")
        if not _LANGUAGE.match(lang) or kind.casefold() not in (*TERM_COLUMNS, "definition"):
            raise InputError(f"column «{excerpt(column)}» is neither a language, <lang>_abbr, "
                             "<lang>_acronym, <lang>_variant, <lang>_deprecated, "
                             f"<lang>_definition nor one of {', '.join(CONCEPT_COLUMNS)} "
                             "(use --map)", path, 1)
        if kind.casefold() == "definition":
            definitions.append((lang, value))
            continue
        term_type, status = TERM_COLUMNS[kind.casefold()]
        for text in (normalise(part) for part in value.split(";")):
            if text:
                terms.append((lang, text, term_type, status))
    if not terms:
        raise InputError("row without terms", path, line)
    naming = next((t for t in terms if tags.primary(t[0]) == "en" and t[2] not in SHORT_FORMS),
                  next((t for t in terms if t[2] not in SHORT_FORMS), terms[0]))
    concept = Concept(row.get("id") or new_id(naming[1], taken))
    taken.add(concept.id)
    source = [row["source"]] if row.get("source") else []
    if row.get("subject"):
        concept.subject_fields.append(row["subject"])
    if row.get("definition"):
        concept.definitions.append(Sourced(row["definition"], row.get("source") or None))
    if row.get("note"):
        concept.notes.append(row["note"])
    for lang, text, term_type, status in sorted(terms, key=lambda t: t[2] in SHORT_FORMS):
        add_term(concept, lang, text, term_type, status, row.get("pos") or None, source)
    for lang, text in definitions:
        concept.language(lang).definitions.append(Sourced(text, row.get("source") or None))
    return concept


def read_concepts(path: Path, mapping: dict[str, str], taken: set[str],
                  languages: dict[str, str] | None = None,
                  repairs: list[Action] | None = None) -> list[Concept]:
    """The concepts of a table or TBX file; what the official schemas would reject in a TBX
    file is repaired and each repair appended to `repairs` (see `repair`)."""
    if path.suffix.lower() == ".tbx" or formats.kind_by_extension(path) == formats.TBX:
        from .formats import tbx
        concepts = tbx.read_all(path)[1]
        done = repair(concepts, path, taken, languages or {})
        if repairs is not None:
            repairs += done
        return concepts
    if path.suffix.lower() not in (".csv", ".tsv", ".txt", ".xlsx"):
        raise InputError("unknown kind of file: give .csv, .tsv, .txt, .xlsx or .tbx", path)
    rows = list(read_rows(path, mapping))
    if rows and "concept" in rows[0][1] and any(name.endswith(" status") for name in rows[0][1]):
        return list(_concepts_of_export(rows))
    return [concept_of_row(row, line, path, taken) for line, row in rows]


def repair(concepts: list[Concept], path: Path, taken: set[str],
           languages: dict[str, str]) -> list[Action]:
    """Mend what the TBX schemas would reject, and say what was done.

    A concept id that is not ours («IATE-882145», IATE's «1875432», which is no XML name)
    becomes a readable one and the old id stays in a note; a term id that is no XML name is
    renumbered, cross-references following it; a date in another ISO 8601 form
    («20010507T10:57:25Z») is written in the one the schema takes; a language tag is mapped
    through `languages` (`--map-lang`), and one that is not BCP 47 refuses the import.
    """
    actions: list[Action] = []
    languages = {given.casefold(): ours for given, ours in languages.items()}
    for concept in concepts:
        if not _SLUG.match(concept.id) or not NCNAME.match(concept.id):
            old, concept.id = concept.id, new_id(concept.id, taken)
            taken.add(concept.id)
            concept.notes.append(f"id in {path.name}: {old}")
            actions.append(Action("repair", concept.id, path.name,
                                  f"id «{old}» → «{concept.id}» (the old one kept in a note)"))
        for section in concept.languages:
            section.lang = _language(section.lang, languages, concept, path)
        actions += _repair_term_ids(concept, path)
        actions += _repair_dates(concept, path)
    return actions


def _language(lang: str, languages: dict[str, str], concept: Concept, path: Path) -> str:
    mapped = languages.get(lang.casefold(), lang)
    if not tags.is_well_formed(mapped):
        raise InputError(f"language tag «{lang}» of concept «{concept.id}» is not BCP 47; map "
                         f"it to one with --map-lang «{lang}=TAG»", path)
    return tags.normalise(mapped)


def _repair_term_ids(concept: Concept, path: Path) -> list[Action]:
    renamed = {}
    for number, (lang, term) in enumerate(concept.terms(), 1):
        if term.id and not NCNAME.match(term.id):
            renamed[term.id] = term.id = f"{concept.id}-{tags.primary(lang)}-{number}"
    owners = [concept, *(term for _, term in concept.terms())]
    for reference in (r for owner in owners for r in owner.cross_references):
        reference.target = renamed.get(reference.target, reference.target)
    return [Action("repair", concept.id, path.name, f"term id «{old}» → «{new}»")
            for old, new in renamed.items()]


def _repair_dates(concept: Concept, path: Path) -> list[Action]:
    from datetime import datetime

    actions = []
    owners = [concept, *concept.languages, *(term for _, term in concept.terms())]
    for transaction in (t for owner in owners for t in owner.transactions):
        date = transaction.date
        if date is None or is_date(date):  # as the reader's structure check judges it
            continue
        try:
            written = datetime.fromisoformat(date.strip())
        except ValueError:
            raise InputError(f"date «{date}» of concept «{concept.id}» is not an ISO 8601 "
                             "date; mend it in the file to import it", path) from None
        transaction.date = written.isoformat().replace("+00:00", "Z")
        kept = transaction.verbatim
        if kept is not None:  # what else it holds (a transacNote's target) stays; its date not
            xml = re.sub(r"(<(?:[\w.-]+:)?date\b[^>]*>)\s*" + re.escape(date) + r"\s*<",
                         lambda m: f"{m.group(1)}{transaction.date}<", kept.xml, count=1)
            transaction.verbatim = Verbatim(xml, verbatim_fields(transaction))
        actions.append(Action("repair", concept.id, path.name,
                              f"date «{date}» → «{transaction.date}»"))
    return actions


def _concepts_of_export(rows: list[tuple[int, dict[str, str]]]) -> Iterator[Concept]:
    """The layout `termbase export --format xlsx` writes: a row per term position, a column per
    language with its status, type, part of speech, note and source beside it."""
    languages = [name for name in rows[0][1] if f"{name} status" in rows[0][1]]
    concept: Concept | None = None
    for _, row in rows:
        if concept is None or row["concept"] != concept.id:
            if concept is not None:
                yield concept
            concept = Concept(row["concept"])
            if row.get("subject field"):
                concept.subject_fields = [s.strip() for s in row["subject field"].split(";")]
            if row.get("definition"):
                concept.definitions.append(Sourced(row["definition"]))
        for lang in languages:
            if row.get(lang):
                term = add_term(concept, lang, row[lang], row.get(f"{lang} type") or "fullForm",
                                row.get(f"{lang} status") or "preferred",
                                row.get(f"{lang} part of speech") or None,
                                [s for s in row.get(f"{lang} source", "").split("; ") if s])
                if row.get(f"{lang} note"):
                    term.notes.append(row[f"{lang} note"])
    if concept is not None:
        yield concept


def import_file(glossary: Glossary, path: Path, mapping: dict[str, str] | None = None,
                dry_run: bool = False, force: bool = False,
                languages: dict[str, str] | None = None) -> list[Action]:
    """Merge the file's concepts into the glossary; what was (or would be) done, repairs
    first. `languages` maps the file's language tags to ours (`--map-lang`)."""
    from .index import Index

    taken = glossary.taken_ids()
    actions: list[Action] = []
    incoming = read_concepts(path, mapping or {}, taken, languages, actions)
    index = Index.open([glossary.folder], kind="tbx") if glossary.files() else None
    with glossary.transaction(force=force) as change:
        for concept in incoming:
            actions += _merge_or_add(change, index, concept, taken)
        if dry_run:
            raise _DryRun(actions)
    return actions


class _DryRun(Exception):
    def __init__(self, actions: list[Action]):
        super().__init__("dry run")
        self.actions = actions


def plan(glossary: Glossary, path: Path, mapping: dict[str, str] | None = None,
         languages: dict[str, str] | None = None) -> list[Action]:
    """What `import_file` would do, writing nothing."""
    try:
        import_file(glossary, path, mapping, dry_run=True, languages=languages)
    except _DryRun as done:
        return done.actions
    raise TermbaseError("dry run ended without a plan")  # pragma: no cover


def _merge_or_add(change: Transaction, index, concept: Concept, taken: set[str]) -> list[Action]:
    existing = _matches(change, index, concept)
    if len(existing) > 1:
        names = ", ".join(sorted(existing))
        return [Action("conflict", concept.id, "", f"its terms match several concepts: {names}")]
    if not existing:
        target = file_for_subject(change.glossary.folder, next(iter(concept.subject_fields), None))
        if concept.id in {c.id for _, c in _all(change)} | change.glossary.removed_ids():
            concept.id = new_id(concept.id, taken)  # an id is never given out twice
        change.concepts(target).append(concept)
        terms = sum(1 for _ in concept.terms())
        return [Action("add", concept.id, target.name, f"{terms} terms")]
    path, current = change.find(existing.pop())
    return _merge(path, current, concept)


def _all(change: Transaction):
    for path in change.glossary.files():
        for concept in change.concepts(path):
            yield path, concept


def _matches(change: Transaction, index, concept: Concept) -> set[str]:
    """Ids of glossary concepts the incoming concept is: same id, else a shared term."""
    ids = {c.id for _, c in _all(change)}
    if concept.id in ids:
        return {concept.id}
    if index is None:
        return set()
    from .lookup import INFLECTED, EXACT, lookup

    found = set()
    for lang, term in concept.terms():
        if term.type in SHORT_FORMS or term.status == "deprecated":
            continue
        try:
            matches = lookup(index, term.text, [tags.primary(lang)])
        except TermbaseError:  # a term too long to look up is none of the glossary's
            continue
        for match in matches:
            if match.how in (EXACT, INFLECTED) and match.score >= 90 and match.concept["id"] in ids:
                found.add(match.concept["id"])
    return found


def _merge(path: Path, current: Concept, incoming: Concept) -> list[Action]:
    actions: list[Action] = []

    def note(kind: str, detail: str) -> None:
        actions.append(Action(kind, current.id, path.name, detail))

    for subject in incoming.subject_fields:
        if subject.casefold() not in {s.casefold() for s in current.subject_fields}:
            current.subject_fields.append(subject)
            note("merge", f"+ subject field «{subject}»")
    for definition in incoming.definitions:
        if not current.definitions:
            current.definitions.append(definition)
            note("merge", "+ definition")
        elif fold(definition.text) != fold(current.definitions[0].text):
            note("conflict", f"definition differs; kept «{current.definitions[0].text[:60]}»")
    for lang, term in incoming.terms():
        section = current.language(lang)
        # the same text, else the same but for case («Совет Министров» is one term and
        # «Совет министров», beside it, another)
        same = (next((t for t in section.terms if normalise(t.text) == normalise(term.text)),
                     None) or next((t for t in section.terms if fold(t.text) == fold(term.text)),
                                   None)) if section else None
        if same is not None:
            if term.status and same.status and term.status != same.status:
                note("conflict", f"{lang} «{term.text}» is {same.status} in the glossary, "
                                 f"{term.status} in the import; kept {same.status}")
            continue
        preferred = _preferred(section, term) if section else None
        if term.status == "preferred" and preferred is not None:
            note("conflict", f"{lang} preferred term is «{preferred.text}» in the glossary, "
                             f"«{term.text}» in the import; kept «{preferred.text}»")
            continue
        add_term(current, lang, term.text, term.type or "fullForm", term.status or "admitted",
                 term.part_of_speech, term.sources)
        note("merge", f"+ {lang} «{term.text}» ({term.status})")
    return actions


def _preferred(section, term: Term) -> Term | None:
    short = term.type in SHORT_FORMS
    return next((t for t in section.terms
                 if t.status == "preferred" and (t.type in SHORT_FORMS) == short), None)
