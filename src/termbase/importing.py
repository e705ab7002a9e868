"""`termbase import`: concepts from CSV, TSV, XLSX or TBX (v2, v3, IATE exports) merged into
the glossary, with conflicts reported and never overwritten. A TBX file is known by its root
element, whatever its extension.

A text table's delimiter is sniffed (tab, «;» or «,»). Table columns are mapped by their
header (`tabular.column_of`): a language, by its tag or its name in English, Russian or
Belarusian («ru», «ru-RU», «Russian», «Русский», «Беларуская»), is that language's preferred
full form (a second column of one language, «en 2», an admitted variant); `<lang>_abbr` or
`<lang>_acronym` an acronym, `<lang>_variant` an admitted variant, `<lang>_deprecated` a
deprecated one, `<lang> status`, `<lang> type` the status and type of the terms of
`<lang>`, `<lang>_definition` a definition in that language; `definition`, `subject`,
`source`, `note`, `pos` and `id` (and their usual names: «Domain», «Примечание» …) the
concept's. `--map "Russisch=ru"` renames a column, `--map "Created="` leaves one out.
Several terms in one cell are separated by «;». An XLSX formula is refused, not taken for a
term (its cached value may be stale or missing); the «'» our CSV and TSV exports put before a
formula-like cell is taken off again.

Our own exports read back as they were written: the XLSX export (a row per concept, its
`concept` id and a group of columns per term, every cell one term), and, given the two
languages (`--source-lang`, `--target-lang`), the pair files (CSV `source,target,
translator_comments`, the OmegaT glossary without a header), whose comments name the
concept and the terms' statuses and types.

Each incoming concept is matched with the glossary by id, else by its terms (exact or
inflected, in the same language): one match → merge, none → add (to the file of its first
subject field), several → conflict. Within a merged concept a term is the glossary's term of
the same text as written, else as normalised (apostrophes, Unicode form), else case-folded:
«Совет Министров» and its variant «Совет министров» are two terms, each found as itself.
A merge adds missing terms, languages, definitions and subject fields; it never replaces a
preferred term, a status or a definition: such differences are reported as conflicts. Only
a file the import changes is written, and `dry_run` validates as the import does.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import formats
from .edit import Glossary, Transaction, add_term, file_for_subject, new_id
from .errors import InputError, TermbaseError
from .formats import tabular
from .formats.streaming import NCNAME, is_date
from .formats.tabular import Column
from .formats.tbx import verbatim_fields
from .inputs import excerpt
from .lang import tags
from .lang.text import fold, normalise
from .model import (
    SHORT_FORMS, TERM_TYPES, USAGE_STATUSES, Concept, LanguageSection, Sourced, Term, Verbatim,
)

TERM_COLUMNS = {"": ("fullForm", "preferred"), "abbr": ("abbreviation", "preferred"),
                "acronym": ("acronym", "preferred"), "variant": ("variant", "admitted"),
                "deprecated": ("variant", "deprecated")}
CONCEPT_COLUMNS = ("definition", "subject", "source", "note", "pos", "id")
PAIR_COLUMNS = ("source", "target", "translator_comments")  # and «comment», «comments»
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")

Row = list[tuple[Column, str]]  # a table row: each cell with what its column holds


@dataclass
class Action:
    kind: str  # "repair", "add", "merge", "conflict"
    concept: str
    file: str
    detail: str

    def as_text(self) -> str:
        return f"{self.kind:<8} {self.concept}  {self.file}  {self.detail}".rstrip()


def _header(path: Path, mapping: dict[str, str]):
    """The table's rows after the first, the first's line and its names, mapped."""
    def known(name: str) -> bool:
        name = mapping.get(name, name)
        return not name or name.casefold() in PAIR_COLUMNS \
            or tabular.column_of(name) is not None

    rows = tabular.read_table(path, known)
    first = next(rows, None)
    if first is None:
        raise InputError("empty table", path)
    return rows, first[0], [mapping.get(name.strip(), name.strip()) for name in first[1]]


def _columns(names: list[str], path: Path, line: int) -> list[Column | None]:
    columns = [tabular.column_of(name) if name else None for name in names]
    unknown = [name for name, column in zip(names, columns) if name and column is None]
    if not unknown:
        return columns
    pairs = 2 <= len(names) <= 3 and path.suffix.lower() != ".xlsx"
    raise InputError(f"column «{excerpt(unknown[0])}» is neither a language (ru, ru-RU, "
                     "Russian, Русский …) nor a field termbase knows (<lang>_abbr, "
                     "<lang>_variant, <lang> status, definition, subject, note …): use --map" + (
                         "; a pair file without a header (OmegaT) needs --source-lang and "
                         "--target-lang" if pairs else ""), path, line)


def _cells(rows, columns: list[Column | None], path: Path) -> Iterator[tuple[int, Row]]:
    """Each row's cells with their columns, empty rows left out; a cell beyond the header is
    refused, not dropped (a wrong delimiter, or a column without a name)."""
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        beyond = next((cell for cell in cells[len(columns):] if cell.strip()), None)
        if beyond is not None:
            raise InputError(f"{len(cells)} cells in a row under a header of {len(columns)} "
                             f"(«{excerpt(beyond)}» has no column)", path, number)
        yield number, [(column, cell.strip()) for column, cell in zip(columns, cells)
                       if column is not None]


def _is_ours(names: list[str], columns: list[Column | None]) -> bool:
    """The layout of our XLSX export (or the CSV Excel saves of it): its `concept` column and
    a status or type per term."""
    return "concept" in {name.casefold() for name in names} and any(
        column is not None and column.lang and column.field in ("status", "type")
        for column in columns)


def concept_of_row(row: Row, line: int, path: Path, taken: set[str],
                   ours: bool = False) -> Concept:
    """The concept of a table row. In a table of ours (the XLSX export) a cell is one term
    as written, and several notes, sources or subject fields are one a line; in another
    table «;» separates terms, which are normalised (NFC, apostrophes) as typed ones are."""
    fields: dict[str, list[str]] = {}
    details: dict[tuple[str, int], dict[str, str]] = {}
    cells: list[tuple[Column, str]] = []
    for column, value in row:
        if not value:
            continue
        if column.lang is None:
            fields.setdefault(column.field, []).append(value)
        elif column.field in ("status", "type", "pos", "note", "source"):
            details.setdefault((column.lang, column.number), {}).setdefault(column.field, value)
        else:
            cells.append((column, value))
    split = tabular.lines_of if ours else (lambda value: [value])
    source = fields["source"][0] if "source" in fields else None
    terms: list[tuple[str, str, str, str, str | None, list[str], list[str]]] = []
    definitions: list[tuple[str, str]] = []
    plain: set[tuple[str, int]] = set()
    for column, value in cells:
        if column.field == "definition":
            definitions.append((column.lang, value))
            continue
        term_type, status = TERM_COLUMNS[column.kind]
        detail: dict[str, str] = {}
        if column.kind == "":
            key = (column.lang, column.number)
            if key in plain or column.number > 1:  # memoQ's synonyms: «en 2», or «en» again
                term_type, status = "variant", "admitted"
            if key not in plain:
                detail = details.pop(key, {})
            plain.add(key)
        if "status" in detail:
            status = _status(detail["status"], path, line)
        if "type" in detail:
            term_type = _term_type(detail["type"], path, line)
        pos = detail.get("pos") or (fields["pos"][0] if "pos" in fields else None)
        notes = split(detail["note"]) if "note" in detail else []
        sources = split(detail["source"]) if "source" in detail else [source] if source else []
        texts = [value] if ours else [normalise(part) for part in value.split(";")]
        terms += [(column.lang, text, term_type, status, pos, notes, sources)
                  for text in texts if text]
    if not terms:
        raise InputError("row without terms", path, line)
    if details:
        lang, number = next(iter(details))
        name = lang if number == 1 else f"{lang} {number}"
        raise InputError(f"a status, type, part of speech, note or source of «{name}», a term "
                         "the row does not have", path, line)
    naming = next((t for t in terms if tags.primary(t[0]) == "en" and t[2] not in SHORT_FORMS),
                  next((t for t in terms if t[2] not in SHORT_FORMS), terms[0]))
    concept = Concept(fields["id"][0] if "id" in fields else new_id(naming[1], taken))
    taken.add(concept.id)
    concept.subject_fields += [s for value in fields.get("subject", []) for s in split(value)]
    if "definition" in fields:
        concept.definitions.append(Sourced(fields["definition"][0],
                                           fields.get("definition source", [source])[0]))
    concept.notes += [note for value in fields.get("note", []) for note in split(value)]
    if not ours:  # full forms first, so that an acronym points at its full form
        terms.sort(key=lambda t: t[2] in SHORT_FORMS)
    for lang, text, term_type, status, pos, notes, sources in terms:
        term = add_term(concept, lang, text, term_type, status, pos, sources)
        term.part_of_speech, term.notes = pos, notes  # as the row says, not inherited
    for lang, text in definitions:
        section = concept.language(lang)
        if section is None:
            section = LanguageSection(tags.normalise(lang))
            concept.languages.append(section)
        section.definitions.append(Sourced(text, source))
    return concept


def is_tbx(path: Path) -> bool:
    """Whether `path` is a TBX file: named .tbx, or, unless a table's extension names it, an
    XML file whose root is <tbx> or <martif> (`export --format tbx2 -o out.tbx2`, IATE's
    .xml); other XML is refused. A file that starts as XML but breaks is reported as such,
    with its line."""
    if formats.kind_by_extension(path) == formats.TBX:
        return True
    if path.suffix.lower() in TABLE_SUFFIXES:
        return False
    try:
        kind = formats.sniff(path)
    except InputError:
        if _starts_as_xml(path):
            raise  # its line and column say what is wrong
        return False
    if kind != formats.TBX:
        raise InputError("not a TBX file: its root element is neither <tbx> nor <martif> "
                         "(import reads .csv, .tsv, .txt, .xlsx and TBX)", path)
    return True


def _starts_as_xml(path: Path) -> bool:
    from .inputs import open_regular

    with open_regular(path) as stream:
        start = stream.read(512)
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                          (b"\xfe\xff", "utf-16-be")):
        if start.startswith(bom):
            start = start[len(bom):].decode(encoding, "ignore").encode("utf-8")
            break
    return start.lstrip().startswith(b"<")

def _status(value: str, path: Path, line: int) -> str:
    """A usage status as a table may write it: «preferred», «preferredTerm-admn-sts», or a
    word of another vocabulary with a TBX-Basic counterpart («forbidden», «approved»)."""
    from .export import NEAREST_STATUS

    key = value.replace("-admn-sts", "").replace("-", "").replace(" ", "").casefold()
    status = key if key in USAGE_STATUSES else NEAREST_STATUS.get(key)
    if status is None:
        raise InputError(f"status «{excerpt(value)}» is not one of "
                         f"{', '.join(USAGE_STATUSES)}", path, line)
    return status


def _term_type(value: str, path: Path, line: int) -> str:
    found = next((t for t in TERM_TYPES if t.casefold() == value.casefold()), None)
    if found is None:
        raise InputError(f"term type «{excerpt(value)}» is not one of {', '.join(TERM_TYPES)}",
                         path, line)
    return found


def _concepts_of_export(rows: list[tuple[int, Row]], path: Path,
                        taken: set[str]) -> Iterator[Concept]:
    """The layout `termbase export --format xlsx` writes: a row per concept. Consecutive
    rows of one concept id are one concept (the layout of earlier releases: a row per term
    position, the concept's fields on its first)."""
    concept: Concept | None = None
    for line, row in rows:
        current = next((value for column, value in row if column.field == "id"), "")
        if concept is not None and current == concept.id:
            more = concept_of_row([(c, v) for c, v in row if c.lang is not None or
                                   c.field == "id"], line, path, set(), ours=True)
            for lang, term in more.terms():
                added = add_term(concept, lang, term.text, term.type or "fullForm",
                                 term.status or "preferred", term.part_of_speech, term.sources)
                added.part_of_speech, added.notes = term.part_of_speech, term.notes
            continue
        if concept is not None:
            yield concept
        concept = concept_of_row(row, line, path, taken, ours=True)
    if concept is not None:
        yield concept


def _concepts_of_pairs(rows, names: list[str] | None, languages: tuple[str, str], path: Path,
                       taken: set[str]) -> list[Concept]:
    """The concepts of a pair file (CSV `source,target,translator_comments`, or an OmegaT
    glossary: source, target, comment, no header). Rows whose comment names a concept
    (`export.parse_comment`) are that concept's, with the statuses and types it says; the
    other rows make a concept of each source term, its first target preferred, the comment
    a note."""
    from .export import parse_comment

    source_lang, target_lang = languages
    lowered = [name.casefold() for name in names] if names else list(PAIR_COLUMNS)
    where = [lowered.index(name) if name in lowered else None
             for name in ("source", "target")]
    where.append(next((lowered.index(name) for name in ("translator_comments", "comment",
                                                        "comments") if name in lowered), None))
    groups: dict[str, dict] = {}
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(lowered):]):
            raise InputError(f"{len(cells)} cells in a row of a pair file (source, target, "
                             "comment)", path, line)
        source, target, comment = (cells[i].strip() if i is not None and i < len(cells)
                                   else "" for i in where)
        if not source or not target:
            raise InputError("a pair without its source or its target term", path, line)
        marks = parse_comment(comment)
        if marks is None:
            source, target = normalise(source), normalise(target)
        group = groups.setdefault(marks.concept if marks else "\0" + source,
                                  {"marks": marks, "terms": {}, "definition": None,
                                   "notes": []})
        group["terms"].setdefault((source_lang, source), (
            marks.source_status, marks.source_type) if marks else (None, None))
        group["terms"].setdefault((target_lang, target), (
            marks.target_status, marks.target_type) if marks else (None, None))
        if marks and marks.definition and group["definition"] is None:
            group["definition"] = marks.definition
        if not marks and comment and comment not in group["notes"]:
            group["notes"].append(comment)
    concepts = []
    for key, group in groups.items():
        terms: list[tuple[str, str, str, str]] = []
        first: set[str] = set()
        for (lang, text), (status, term_type) in group["terms"].items():
            if status is None:  # a row of another tool's: one preferred term a language
                status = "admitted" if lang in first else "preferred"
                first.add(lang)
            terms.append((lang, text, term_type or "fullForm", status))
        naming = next((t for t in terms if tags.primary(t[0]) == "en"), terms[0])[1]
        concept = Concept(key if group["marks"] else new_id(naming, taken))
        taken.add(concept.id)
        if group["definition"]:
            concept.definitions.append(Sourced(group["definition"]))
        concept.notes += group["notes"]
        for lang, text, term_type, status in sorted(terms, key=lambda t: t[2] in SHORT_FORMS):
            add_term(concept, lang, text, term_type, status)
        concepts.append(concept)
    return concepts


def _pair_languages(source: str, target: str) -> tuple[str, str]:
    """A pair file's languages (`--source-lang`, `--target-lang`) as BCP 47 tags."""
    source, target = tags.normalise(source), tags.normalise(target)
    bad = next((lang for lang in (source, target) if not tags.is_well_formed(lang)), None)
    if bad is not None:
        raise TermbaseError(f"«{excerpt(bad)}» is not a BCP 47 language tag")
    if source == target:
        raise TermbaseError("a pair file's source and target language are the same")
    return source, target


def read_concepts(path: Path, mapping: dict[str, str], taken: set[str],
                  languages: dict[str, str] | None = None,
                  repairs: list[Action] | None = None,
                  pair: tuple[str, str] | None = None) -> list[Concept]:
    """The concepts of a table or TBX file; what the official schemas would reject in a TBX
    file is repaired and each repair appended to `repairs` (see `repair`). `pair` (source
    and target language) reads a pair file: our CSV or TSV export, or an OmegaT glossary."""
    if is_tbx(path):
        from .formats import tbx
        concepts = tbx.read_all(path)[1]
        done = repair(concepts, path, taken, languages or {})
        if repairs is not None:
            repairs += done
        return concepts
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError("unknown kind of file: give .csv, .tsv, .txt, .xlsx, or TBX (v3 or "
                         "TBX 2, any extension)", path)
    if pair is not None:
        pair = _pair_languages(*pair)
    rows, line, names = _header(path, mapping)
    lowered = {name.casefold() for name in names}
    pair_header = {"source", "target"} <= lowered <= {*PAIR_COLUMNS, "comment", "comments", ""}
    if pair is not None:
        if pair_header:
            return _concepts_of_pairs(rows, names, pair, path, taken)
        if all(tabular.column_of(name) for name in names if name):  # (a term «EU» may be)
            raise InputError("--source-lang and --target-lang are for a pair file (CSV source, "
                             "target, translator_comments, or an OmegaT glossary); this table "
                             "names its columns in its header", path, line)
        # no header: the first row is a pair, and «"» is text, as OmegaT reads its glossaries
        rows = tabular.read_table(path, lambda name: False, quoting=False)
        return _concepts_of_pairs(rows, None, pair, path, taken)
    if pair_header:
        raise InputError("a pair file (source, target): give its languages with --source-lang "
                         "and --target-lang", path, line)
    columns = _columns(names, path, line)
    table = list(_cells(rows, columns, path))
    if _is_ours(names, columns):
        return list(_concepts_of_export(table, path, taken))
    return [concept_of_row(row, number, path, taken) for number, row in table]


def repair(concepts: list[Concept], path: Path, taken: set[str],
           languages: dict[str, str]) -> list[Action]:
    """Mend what the TBX schemas would reject, and say what was done.

    A concept id that is not ours («IATE-882145», IATE's «1875432», which is no XML name)
    becomes a readable one and the old id stays in a note; a term id that is no XML name is
    renumbered, cross-references following it; a date in another ISO 8601 form
    («20010507T10:57:25Z») is written in the one the schema takes, an ISO 12620 transaction
    type («origination») as TBX-Basic's nearest; a language tag is mapped
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
        actions += _repair_transactions(concept, path)
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


# ISO 12620's transaction types (TBX 2, MultiTerm) and the TBX-Basic one each is.
TRANSACTION_TYPES = {"origination": "creation", "input": "creation",
                     "importation": "creation", "proposal": "creation"}


def _repair_transactions(concept: Concept, path: Path) -> list[Action]:
    """Dates in the ISO 8601 form the schema takes, transaction types in TBX-Basic's two."""
    from datetime import datetime

    actions = []
    owners = [concept, *concept.languages, *(term for _, term in concept.terms())]
    for transaction in (t for owner in owners for t in owner.transactions):
        kept = transaction.verbatim.xml if transaction.verbatim is not None else None
        date = transaction.date
        if date is not None and not is_date(date):  # as the reader's structure check judges
            try:
                written = datetime.fromisoformat(date.strip())
            except ValueError:
                raise InputError(f"date «{date}» of concept «{concept.id}» is not an ISO 8601 "
                                 "date; mend it in the file to import it", path) from None
            transaction.date = written.isoformat().replace("+00:00", "Z")
            kept = kept and _retext(kept, "date", date, transaction.date)
            actions.append(Action("repair", concept.id, path.name,
                                  f"date «{date}» → «{transaction.date}»"))
        kind = transaction.type
        if kind not in ("creation", "modification"):
            transaction.type = TRANSACTION_TYPES.get(kind.strip().casefold(), "modification")
            kept = kept and _retext(kept, "transac", kind, transaction.type)
            actions.append(Action("repair", concept.id, path.name,
                                  f"transactionType «{kind}» → «{transaction.type}»"))
        if kept is not None and kept != transaction.verbatim.xml:
            # what else it holds (a transacNote's target) stays
            transaction.verbatim = Verbatim(kept, verbatim_fields(transaction))
    return actions


def _retext(xml: str, element: str, old: str, new: str) -> str:
    """`xml` with the text `old` of its first `element` made `new`."""
    return re.sub(r"(<(?:[\w.-]+:)?" + element + r"\b[^>]*>)\s*" + re.escape(old) + r"\s*<",
                  lambda m: f"{m.group(1)}{new}<", xml, count=1)


def import_file(glossary: Glossary, path: Path, mapping: dict[str, str] | None = None,
                dry_run: bool = False, homonyms: bool = False,
                languages: dict[str, str] | None = None,
                pair: tuple[str, str] | None = None) -> list[Action]:
    """Merge the file's concepts into the glossary; what was (or would be) done, repairs
    first. `languages` maps the file's language tags to ours (`--map-lang`); `homonyms`
    admits a term that another concept prefers too (see `Glossary.transaction`); `pair`
    gives a pair file's source and target language (`--source-lang`, `--target-lang`).
    `dry_run` runs everything, the validation that may refuse the result (`edit.Refused`)
    too, and writes nothing."""
    from .index import Index

    taken = glossary.taken_ids()
    actions: list[Action] = []
    incoming = read_concepts(path, mapping or {}, taken, languages, actions, pair)

    @functools.cache
    def index() -> Index | None:  # opened when a concept is not found by its id
        return Index.open([glossary.folder], kind="tbx") if glossary.files() else None

    with glossary.transaction(homonyms=homonyms, dry_run=dry_run) as change:
        for concept in incoming:
            actions += _merge_or_add(change, index, concept, taken)
    return actions


def plan(glossary: Glossary, path: Path, mapping: dict[str, str] | None = None,
         languages: dict[str, str] | None = None, homonyms: bool = False,
         pair: tuple[str, str] | None = None) -> list[Action]:
    """What `import_file` would do, writing nothing; refused (`edit.Refused`) as it would be."""
    return import_file(glossary, path, mapping, dry_run=True, homonyms=homonyms,
                       languages=languages, pair=pair)


def _merge_or_add(change: Transaction, open_index, concept: Concept,
                  taken: set[str]) -> list[Action]:
    existing = _matches(change, open_index, concept)
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
    path, current = change.find(existing.pop(), touch=False)
    actions = _merge(path, current, concept)
    if any(action.kind == "merge" for action in actions):
        change.concepts(path)  # written: a file the import leaves as it was is not rewritten
    return actions


def _all(change: Transaction):
    for path in change.glossary.files():
        for concept in change.concepts(path, touch=False):
            yield path, concept


def _matches(change: Transaction, open_index, concept: Concept) -> set[str]:
    """Ids of glossary concepts the incoming concept is: same id, else a shared term (looked
    up in the index `open_index()` gives, None for an empty glossary)."""
    ids = {c.id for _, c in _all(change)}
    if concept.id in ids:
        return {concept.id}
    index = open_index()
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
    for definition in _new_definitions(current.definitions, incoming.definitions, note):
        current.definitions.append(definition)
        note("merge", "+ definition")
    for incoming_section in incoming.languages:
        lang = incoming_section.lang
        section = current.language(lang)
        existing = section.terms if section else []
        for term, same in zip(incoming_section.terms, _pair(existing, incoming_section.terms)):
            if same is not None:
                if term.status and same.status and term.status != same.status:
                    note("conflict", f"{lang} «{term.text}» is {same.status} in the glossary, "
                                     f"{term.status} in the import; kept {same.status}")
                continue
            if section and any(normalise(t.text) == normalise(term.text) for t in section.terms):
                continue  # the import holds it twice; it was added above
            preferred = _preferred(section, term) if section else None
            if term.status == "preferred" and preferred is not None:
                note("conflict", f"{lang} preferred term is «{preferred.text}» in the glossary, "
                                 f"«{term.text}» in the import; kept «{preferred.text}»")
                continue
            add_term(current, lang, term.text, term.type or "fullForm", term.status or "admitted",
                     term.part_of_speech, term.sources)
            note("merge", f"+ {lang} «{term.text}» ({term.status})")
            section = current.language(lang)
        if section is not None:
            for definition in _new_definitions(section.definitions, incoming_section.definitions,
                                               note, lang):
                section.definitions.append(definition)
                note("merge", f"+ {lang} definition")
    return actions


def _new_definitions(current: list[Sourced], incoming: list[Sourced], note,
                     lang: str = "") -> list[Sourced]:
    """The incoming definitions to add: all of them where there are none; else none, and one
    that is none of the glossary's is a conflict (a concept may have several definitions:
    each is compared with every one)."""
    if not current:
        return list(incoming)
    known = {fold(d.text) for d in current}
    for definition in incoming:
        if fold(definition.text) not in known:
            note("conflict", f"{lang + ' ' if lang else ''}definition differs; kept "
                             f"«{current[0].text[:60]}»")
    return []


# How an incoming term finds the glossary's: as written, then with apostrophes, Unicode form
# and spaces normalised, then also case-folded. A glossary may hold terms that differ only in
# capitals («Совет Министров» preferred, «Совет министров» a variant) or in the apostrophe, so
# the first pass that finds one decides, and a glossary term is paired with one term only.
_SAME_TEXT = (lambda text: text, normalise, fold)


def _pair(existing: list[Term], incoming: list[Term]) -> list[Term | None]:
    """For each incoming term, the glossary term of the section it is (None: a new one).

    Among several of the same text, one of the same status and type is taken first. A term
    left over that is still one of the glossary's as `normalise` sees it (typed with another
    apostrophe) is that term: `has_term` would refuse it as a duplicate.
    """
    paired: list[Term | None] = [None] * len(incoming)
    free = list(existing)
    for key in _SAME_TEXT:
        for number, term in enumerate(incoming):
            if paired[number] is not None:
                continue
            wanted = key(term.text)
            candidates = [t for t in free if key(t.text) == wanted]
            if not candidates:
                continue
            same_kind = (t for t in candidates if (t.status, t.type) == (term.status, term.type))
            chosen = next(same_kind, candidates[0])
            paired[number] = chosen
            free = [t for t in free if t is not chosen]
    for number, term in enumerate(incoming):
        if paired[number] is None:
            wanted = normalise(term.text)
            paired[number] = next((t for t in existing if normalise(t.text) == wanted), None)
    return paired


def _preferred(section, term: Term) -> Term | None:
    short = term.type in SHORT_FORMS
    return next((t for t in section.terms
                 if t.status == "preferred" and (t.type in SHORT_FORMS) == short), None)
