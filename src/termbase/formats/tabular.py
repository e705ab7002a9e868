"""Tables: the OmegaT tab-separated glossary, CSV with a header, and XLSX.

- OmegaT glossary (`tsv`): source, target, comment; UTF-8, no header, tab-separated. OmegaT
  3.6 reads `.txt` and `.utf8` glossaries and ignores `.tsv`, so name the file `.txt`.
- CSV: a header `source,target,translator_comments`, as translate-toolkit needs it; Xbench
  and Excel take it as it is.
- XLSX: one row per concept (memoQ's and Phrase's reading of a row: an entry): the concept's
  id, subject fields, definition with its source and notes, then for each language a group
  of columns per term, «ru», «ru status», «ru type», «ru part of speech», «ru note»,
  «ru source», the second term in «ru 2», «ru 2 status» … (the repeated term fields of
  memoQ's own table layout). A cell of several subject fields, notes or sources holds one a
  line. Deprecated terms are struck through in red as well as named in their status column.

A cell a spreadsheet would take for a formula (one starting with = + - @, a tab or a carriage
return) is written as text: in CSV and TSV with OWASP's prefix «'», which the importer strips
again; in XLSX as a string cell marked quote-prefixed, its text unchanged.

Reading, a text table's delimiter is sniffed (tab, «;» as Excel writes CSV in Russian and
Belarusian locales, or «,»), and `column_of` says what a header names: a language by its tag
or its name in English, Russian or Belarusian («ru», «ru-RU», «Russian», «Русский»,
«Беларуская», «English (United States)»), a concept's field or a term's.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from typing import IO, Callable, Iterable, Iterator

from lxml import etree

from ..errors import InputError, TermbaseError
from ..fileio import Destination, atomic_output
from ..inputs import excerpt, read_bytes
from ..lang import tags
from ..model import DEPRECATED, Concept
from ..xmlsafe import local_name, release
from . import opc

CSV_HEADER = ("source", "target", "translator_comments")
XLSX_CONCEPT_COLUMNS = ("concept", "subject field", "definition", "definition source", "note")
XLSX_TERM_COLUMNS = ("status", "type", "part of speech", "note", "source")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, «CSV Injection»


def guard_cell(text: str) -> str:
    """`'=1+1` for `=1+1`, so that Excel and LibreOffice show the text instead of running it.

    A cell that starts with a formula character once its leading apostrophes are dropped
    gets one more apostrophe, so that `unguard_cell` takes off exactly what was added.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unguard_cell(text: str) -> str:
    """The cell as it was before `guard_cell`."""
    return text[1:] if text[:1] == "'" and text.lstrip("'").startswith(FORMULA_STARTS) else text


def write_pairs(pairs: Iterable, dest: Destination, flavour: str) -> None:
    """`flavour` 'tsv' (OmegaT) or 'csv'."""
    text = io.StringIO(newline="")
    if flavour == "csv":
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for pair in pairs:
            writer.writerow([guard_cell(cell) for cell in
                             (pair.source.text, pair.target.text, pair.comment())])
    else:
        for pair in pairs:
            cells = (pair.source.text, pair.target.text, pair.comment())
            text.write("\t".join(guard_cell(" ".join(cell.split())) for cell in cells) + "\n")
    _write_bytes(text.getvalue().encode("utf-8"), dest)


def write_xlsx(concepts: Iterable[Concept], dest: Destination, languages: list[str]) -> None:
    """One row per concept, a group of columns per term (see the module's notes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = [(concept, {lang: [t for s in concept.languages if tags.primary(s.lang) == lang
                              for t in s.terms] for lang in languages})
            for concept in concepts]
    counts = {lang: max([len(by_lang[lang]) for _, by_lang in rows] + [1])
              for lang in languages}
    header = list(XLSX_CONCEPT_COLUMNS)
    widths = [28, 22, 60, 30, 40]
    for lang in languages:
        if column_of(lang) != Column("term", lang):  # «id»: Indonesian, or a concept's id?
            raise TermbaseError(f"a column named «{lang}» would not be read back as that "
                                "language's terms; leave it out with --langs",
                                dest if isinstance(dest, (str, os.PathLike)) else None)
        for number in range(1, counts[lang] + 1):
            name = lang if number == 1 else f"{lang} {number}"
            header += [name] + [f"{name} {column}" for column in XLSX_TERM_COLUMNS]
            widths += [32, 11, 13, 14, 30, 30]
    book = Workbook()
    sheet = book.active
    sheet.title = "termbase"
    sheet.append(header)
    bold, struck = Font(bold=True), Font(color="C00000", strike=True)
    red, wrapped = Font(color="C00000"), Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = bold
    for number, (concept, by_lang) in enumerate(rows, 2):
        definition = concept.definitions[0] if concept.definitions else None
        row: list[str] = [concept.id, _lines(concept.subject_fields),
                          definition.text if definition else "",
                          definition.source or "" if definition else "", _lines(concept.notes)]
        deprecated: list[int] = []  # the term cells to strike through
        for lang in languages:
            terms = by_lang[lang]
            for position in range(counts[lang]):
                if position < len(terms):
                    term = terms[position]
                    if term.status == DEPRECATED:
                        deprecated.append(len(row))
                    row += [term.text, term.status or "", term.type or "",
                            term.part_of_speech or "", _lines(term.notes), _lines(term.sources)]
                else:
                    row += [""] * (1 + len(XLSX_TERM_COLUMNS))
        too_long = next((text for text in row if len(text) > MAX_CELL_CHARS), None)
        if too_long is not None:
            raise TermbaseError(f"concept «{concept.id}»: a cell of over {MAX_CELL_CHARS} "
                                f"characters, more than Excel holds («{excerpt(too_long)}»)",
                                dest if isinstance(dest, (str, os.PathLike)) else None)
        sheet.append(row)
        cells = sheet[number]
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # openpyxl took «=…» for a formula
                cell.quotePrefix = True  # and a spreadsheet must not, once edited
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = wrapped
        for index in deprecated:
            cells[index].font = struck
            cells[index + 1].font = red  # the status column says it in words
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 2)}"
    buffer = io.BytesIO()
    try:
        book.save(buffer)
    except (OSError, etree.SerialisationError) as error:  # openpyxl's temporary files
        raise TermbaseError(f"cannot write: the temporary folder refused it ({error})",
                            dest if isinstance(dest, (str, os.PathLike)) else None) from None
    _write_bytes(buffer.getvalue(), dest)


_LINE_BREAK = re.compile(r"\r\n?|\n")


def _lines(values: list[str]) -> str:
    """Several values in one cell, one a line (a line break inside one becomes a space, so
    that reading the cell back gives as many values as were written)."""
    return "\n".join(_LINE_BREAK.sub(" ", value) for value in values)


def lines_of(cell: str) -> list[str]:
    """The values `_lines` wrote into a cell."""
    return [line for line in cell.replace("\r\n", "\n").split("\n") if line.strip()]


def _write_bytes(data: bytes, dest: Destination) -> None:
    if isinstance(dest, (str, os.PathLike)):
        try:
            with atomic_output(dest) as stream:
                stream.write(data)
        except OSError as error:  # no such directory, permission, disk full
            raise TermbaseError(f"cannot write: {error.strerror}", dest) from None
    else:
        stream: IO[bytes] = dest
        stream.write(data)


# --- reading tables: CSV, TSV, XLSX --------------------------------------------------------

# A table is read within these bounds, whatever its dimension or row numbers claim: the cells
# are counted as read, empty columns and rows are never filled in.
MAX_CELLS = 1_000_000
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of a cell
MAX_TABLE_CHARS = 64 * 2**20


def read_table(path: str | os.PathLike, is_column: Callable[[str], bool] | None = None,
               quoting: bool = True) -> Iterator[tuple[int, list[str]]]:
    """(line or row number, cells) of a CSV, tab-separated (`.csv`, `.tsv`, `.txt`) or XLSX
    table, rows without a cell left out; a table beyond the bounds above is refused.

    A text table's delimiter is sniffed (see `sniff`; `is_column` says which header names
    the caller knows, `column_of`'s by default); `quoting=False` reads «"» as text, as
    OmegaT reads its glossaries.
    """
    rows = _xlsx_rows(path) if str(path).lower().endswith(".xlsx") \
        else _csv_rows(path, is_column or (lambda name: column_of(name) is not None), quoting)
    cells = chars = 0
    for number, row in rows:
        cells += len(row)
        chars += sum(len(cell) for cell in row)
        if len(row) > MAX_COLUMNS:
            raise InputError(f"refused: over {MAX_COLUMNS} columns", path, number)
        if cells > MAX_CELLS:
            raise InputError(f"refused: over {MAX_CELLS} cells", path, number)
        if chars > MAX_TABLE_CHARS:
            raise InputError(f"refused: over {MAX_TABLE_CHARS // 2**20} M characters", path,
                             number)
        long = next((cell for cell in row if len(cell) > MAX_CELL_CHARS), None)
        if long is not None:
            raise InputError(f"refused: a cell of over {MAX_CELL_CHARS} characters "
                             f"(«{excerpt(long)}»)", path, number)
        yield number, row


DELIMITERS = ("\t", ";", ",")  # in this order of preference when nothing else decides
_SNIFFED_ROWS = 50
_SNIFFED_CHARS = 256 * 1024  # enough for a header and its next rows; a bound for a hostile line


def sniff(text: str, is_column: Callable[[str], bool], quoting: bool = True) -> str | None:
    """The delimiter of a text table: of tab, «;» and «,», the one that splits the first row
    into most column names `is_column` knows, then the one that gives most of the next rows
    as many cells as the first, then the first of them in that order. None when none splits
    the first row: a table of one column, whose «,» and «;» are text. Deterministic: the
    same text, the same answer."""
    best, best_score = None, None
    text = text[:_SNIFFED_CHARS]
    for preference, delimiter in enumerate(DELIMITERS):
        records = _first_records(text, delimiter, quoting)
        if not records or len(records[0]) < 2:
            continue
        header = records[0]
        known = sum(1 for name in header if is_column(name.strip()))
        alike = sum(1 for record in records[1:] if len(record) == len(header))
        score = (known, alike, -preference)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def _first_records(text: str, delimiter: str, quoting: bool) -> list[list[str]]:
    reader = _reader(text, delimiter, quoting)
    records: list[list[str]] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append(record)
            if len(records) >= _SNIFFED_ROWS:
                break
    except csv.Error:  # the reader proper says where and why
        pass
    return records


def _reader(text: str, delimiter: str, quoting: bool):
    """Excel's reading of CSV with `delimiter`; without `quoting`, «"» is text."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                      quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE)


def _csv_rows(path: str | os.PathLike, is_column: Callable[[str], bool],
              quoting: bool) -> Iterator[tuple[int, list[str]]]:
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (byte {error.start}; save it as «CSV UTF-8» or "
                         "«Unicode text»)", path, data[:error.start].count(b"\n") + 1) from None
    delimiter = sniff(text, is_column, quoting)
    if delimiter is None:  # one column: a delimiter the text does not hold splits nothing
        delimiter = next((c for c in "\x1f\x1e\x1d\x1c" if c not in text), "\x1f")
    reader = _reader(text, delimiter, quoting)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:  # before a copy of a row of millions of cells
                raise InputError(f"refused: over {MAX_COLUMNS} columns", path, reader.line_num)
            yield reader.line_num, [unguard_cell(cell) for cell in row]
    except csv.Error as error:
        raise InputError(f"not a readable table: {excerpt(str(error))}", path,
                         reader.line_num) from None


# --- what a column's header names ---------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """What a table column holds.

    `field` is a concept's («id», «subject», «definition», «definition source», «source»,
    «note», «pos») when `lang` is None; else «term» (a term of `lang`, `kind` "", «abbr»,
    «acronym», «variant» or «deprecated»), a detail of that term («status», «type», «pos»,
    «note», «source») or «definition» (the language's definition). `number` counts the
    terms of one language in a row, as memoQ lays synonyms out: «ru 2» is the second
    Russian term, «ru 2 status» its status.
    """

    field: str
    lang: str | None = None
    number: int = 1
    kind: str = ""


CONCEPT_HEADERS = {
    **dict.fromkeys(("id", "concept", "concept id"), "id"),
    **dict.fromkeys(("subject", "subjects", "subject field", "subject fields", "subjectfield",
                     "domain", "entry subject", "entry domain", "тема", "тематика",
                     "предметная область", "тэма", "тэматыка", "прадметная галіна"),
                    "subject"),
    **dict.fromkeys(("definition", "entry definition", "определение", "дефиниция",
                     "азначэнне", "дэфініцыя"), "definition"),
    **dict.fromkeys(("definition source", "source of definition", "источник определения",
                     "крыніца азначэння"), "definition source"),
    **dict.fromkeys(("source", "sources", "reference", "источник", "крыніца"), "source"),
    **dict.fromkeys(("note", "notes", "comment", "comments", "remark", "entry note",
                     "примечание", "комментарий", "заўвага", "нататка", "каментарый"),
                    "note"),
    **dict.fromkeys(("pos", "part of speech", "partofspeech", "часть речи", "часціна мовы"),
                    "pos"),
}
TERM_KINDS = {"": "", "term": "", "abbr": "abbr", "abbreviation": "abbr",
              "acronym": "acronym", "variant": "variant", "variants": "variant",
              "synonym": "variant", "synonyms": "variant", "deprecated": "deprecated",
              "forbidden": "deprecated"}
TERM_DETAILS = {"status": "status", "term status": "status", "usage status": "status",
                "type": "type", "term type": "type", "part of speech": "pos", "pos": "pos",
                "note": "note", "notes": "note", "source": "source"}
# Languages by name, in English, Russian and Belarusian (the project's three in all three).
LANGUAGE_NAMES = {
    **dict.fromkeys(("russian", "русский", "русский язык", "рускі", "руская", "руская мова"),
                    "ru"),
    **dict.fromkeys(("belarusian", "belarussian", "byelorussian", "белорусский",
                     "белорусский язык", "беларускі", "беларуская", "беларуская мова"), "be"),
    **dict.fromkeys(("english", "английский", "английский язык", "англійскі", "англійская",
                     "англійская мова"), "en"),
    **dict.fromkeys(("ukrainian", "украинский", "украінская"), "uk"),
    **dict.fromkeys(("polish", "польский", "польская"), "pl"),
    **dict.fromkeys(("german", "немецкий", "нямецкая"), "de"),
    **dict.fromkeys(("french", "французский", "французская"), "fr"),
    **dict.fromkeys(("kazakh", "казахский", "казахская"), "kk"),
    **dict.fromkeys(("chinese", "китайский", "кітайская"), "zh"),
    **dict.fromkeys(("spanish", "испанский", "іспанская"), "es"),
    **dict.fromkeys(("lithuanian", "литовский", "літоўская"), "lt"),
    **dict.fromkeys(("latvian", "латышский", "латышская"), "lv"),
}
# ISO 639-2 codes of those languages (BCP 47 takes the two-letter one).
LANGUAGE_CODES = {"rus": "ru", "bel": "be", "eng": "en", "ukr": "uk", "pol": "pl",
                  "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "kaz": "kk", "zho": "zh",
                  "chi": "zh", "spa": "es", "lit": "lt", "lav": "lv"}
# «Russian (Russia)», «English (United States)», «Belarusian (Latin)».
REGION_NAMES = {
    **dict.fromkeys(("russia", "russian federation", "россия", "российская федерация",
                     "расія"), "RU"),
    **dict.fromkeys(("belarus", "republic of belarus", "беларусь", "республика беларусь",
                     "рэспубліка беларусь"), "BY"),
    **dict.fromkeys(("united states", "united states of america", "usa", "сша", "зша"), "US"),
    **dict.fromkeys(("united kingdom", "great britain", "britain", "великобритания",
                     "вялікабрытанія"), "GB"),
    **dict.fromkeys(("ukraine", "украина", "украіна"), "UA"),
    **dict.fromkeys(("kazakhstan", "казахстан"), "KZ"),
    **dict.fromkeys(("poland", "польша", "польшча"), "PL"),
    **dict.fromkeys(("germany", "германия", "германія"), "DE"),
    **dict.fromkeys(("france", "франция", "францыя"), "FR"),
    **dict.fromkeys(("china", "китай", "кітай"), "CN"),
    **dict.fromkeys(("latin", "латиница", "лацінка", "łacinka"), "Latn"),
    **dict.fromkeys(("cyrillic", "кириллица", "кірыліца"), "Cyrl"),
}
_LONGEST_NAMES_FIRST = sorted(LANGUAGE_NAMES, key=len, reverse=True)
_TAG = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*")
_NUMBERED = re.compile(r"(\d{1,3})(?:[ _:]+(.+))?")
_SEPARATORS = " _:-"
_MAX_HEADER = 100  # longer is no column name (and would make the search below slow)


def column_of(header: str) -> Column | None:
    """What the header names, or None: «ru», «EN», «ru-RU», «Russian», «Русский язык»,
    «English (United States)» a language's term; «ru_abbr», «en 2», «ru status»,
    «English_Def» a term of another kind, a term's detail or the language's definition;
    «definition», «Domain», «Примечание» a concept's field."""
    key = " ".join(header.casefold().split())
    if not key or len(key) > _MAX_HEADER:
        return None
    concept = CONCEPT_HEADERS.get(key) or CONCEPT_HEADERS.get(key.replace("_", " "))
    if concept is not None:  # «Entry_Subject» as memoQ writes it
        return Column(concept)
    # a language and what of it, before a language alone: «ru_abbr» is no tag with a script
    for position in range(1, len(key)):
        if key[position] not in _SEPARATORS or key[position - 1] in _SEPARATORS:
            continue
        lang = language_of(key[:position])
        if lang is not None:
            column = _language_column(key[position:].strip(_SEPARATORS).replace("_", " "),
                                      lang)
            if column is not None:
                return column
    lang = language_of(key)
    return Column("term", lang) if lang is not None else None


def _language_column(rest: str, lang: str) -> Column | None:
    numbered = _NUMBERED.fullmatch(rest)
    number, rest = (int(numbered[1]), (numbered[2] or "").strip()) if numbered else (1, rest)
    if number < 1:
        return None
    if rest in TERM_KINDS:
        return Column("term", lang, number, TERM_KINDS[rest])
    if rest in TERM_DETAILS:
        return Column(TERM_DETAILS[rest], lang, number)
    if rest in ("definition", "def") and number == 1:
        return Column("definition", lang)
    return None


def language_of(name: str) -> str | None:
    """The BCP 47 tag a header's language part names: a tag in any case («EN», «en_US»,
    «rus»), or a language's name with a region or script («Russian (Russia)» → ru-RU,
    «English United States» as memoQ writes it → en-US); None for anything else."""
    name = name.casefold().strip()
    if _TAG.fullmatch(name):
        tag = tags.normalise(name)
        if not tags.is_well_formed(tag):
            return None
        primary, _, rest = tag.partition("-")
        return LANGUAGE_CODES.get(primary, primary) + (f"-{rest}" if rest else "")
    name, region = " ".join(name.replace("_", " ").split()), None
    bracketed = re.fullmatch(r"([^()]+?)\s*\(([^()]+)\)", name)
    if bracketed:
        name, region = bracketed[1].strip(), bracketed[2].strip()
    lang = LANGUAGE_NAMES.get(name)
    if lang is None and region is None:
        known = next((known for known in _LONGEST_NAMES_FIRST
                      if name.startswith(known + " ")), None)
        if known is None:
            return None
        lang, region = LANGUAGE_NAMES[known], name[len(known) + 1:]
    if lang is None:
        return None
    if region is None:
        return lang
    subtag = REGION_NAMES.get(region) or (region.upper() if re.fullmatch("[a-z]{2}", region)
                                          else None)
    return f"{lang}-{subtag}" if subtag else None


_CELL_PARTS = {"c", "is", "r", "si"}  # elements whose children make up a cell's text


def _xlsx_rows(path: str | os.PathLike) -> Iterator[tuple[int, list[str]]]:
    """The rows of the workbook's active sheet, streamed; cells hold their text (shared and
    inline strings), numbers as written, TRUE/FALSE."""
    with opc.Package(path, "XLSX") as package:
        workbook = package.main_part()
        relations = package.relations(workbook)
        targets = {rel_id: target for _, target, rel_id in relations}
        sheets, names, active = [], [], "0"
        for _, el in package.events(workbook, tags=["{*}sheet", "{*}workbookView"]):
            if local_name(el.tag) == "workbookView":
                active = el.get("activeTab") or "0"
            else:
                sheets.append(next((v for k, v in el.attrib.items() if k.endswith("}id")), ""))
                names.append(el.get("name") or "")
            release(el)
        if not sheets:
            raise InputError("not an XLSX file: the workbook has no sheet", path)
        chosen = _number(active)
        chosen = chosen if chosen is not None and chosen < len(sheets) else 0
        sheet = targets.get(sheets[chosen])
        if sheet is None:
            raise InputError("not an XLSX file: its sheet is missing", path)
        shared = next((_shared_strings(package, target) for kind, target, _ in relations
                       if kind.endswith("/sharedStrings")), [])
        yield from _sheet_rows(package, sheet, shared, names[chosen])


def _shared_strings(package: opc.Package, part: str) -> list[str]:
    strings: list[str] = []
    for _, el in package.events(part):
        name = local_name(el.tag)
        if name == "si":
            text = _text(el)
            if len(text) > MAX_CELL_CHARS:
                raise InputError(f"refused: shared string {len(strings)} is over "
                                 f"{MAX_CELL_CHARS} characters («{excerpt(text)}»)",
                                 package.path)
            strings.append(text)
            if len(strings) > MAX_CELLS:
                raise InputError(f"refused: over {MAX_CELLS} shared strings", package.path)
            release(el)
        elif not _in_cell(el):
            release(el)
    return strings


def _sheet_rows(package: opc.Package, part: str, shared: list[str],
                sheet: str) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows; a formula is refused, not taken for a term (its cached value may be
    stale or absent)."""
    number, cells, column, read = 0, {}, 0, 0
    for event, el in package.events(part, events=("start", "end")):
        name = local_name(el.tag)
        if event == "start":
            if name == "row":
                given = _number(el.get("r"))
                number = given if given is not None else number + 1
                cells, column = {}, 0
        elif name == "c":
            read += 1
            if read > MAX_CELLS:
                raise InputError(f"refused: over {MAX_CELLS} cells", package.path, number)
            column = _column(el.get("r"), column, package.path, number)
            if el.find("{*}f") is not None:
                raise InputError(f"sheet «{excerpt(sheet)}», cell {excerpt(el.get('r') or '?')}: "
                                 "a formula, not a term (paste it as a value)", package.path)
            value = _value(el, shared, package.path, number)
            if value:
                if column > MAX_COLUMNS:
                    raise InputError(f"refused: a cell beyond column {MAX_COLUMNS}",
                                     package.path, number)
                cells[column] = value
            release(el)
        elif name == "row":
            if cells:
                yield number, [cells.get(i, "") for i in range(1, max(cells) + 1)]
            release(el)
        elif not _in_cell(el):
            release(el)


def _number(text: str | None) -> int | None:
    """A row number, sheet or string index as written, if it is one (ASCII digits, not so
    many that Python refuses to convert them)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 12 else None


def _in_cell(el) -> bool:
    parent = el.getparent()
    return parent is not None and local_name(parent.tag) in _CELL_PARTS


def _column(reference: str | None, previous: int, path, row: int) -> int:
    """A cell's column (1 for A) from its reference, else the one after the previous."""
    if not reference:
        return previous + 1
    letters = reference.rstrip("0123456789")
    if not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        raise InputError(f"bad cell reference «{excerpt(reference)}»", path, row)
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _value(cell, shared: list[str], path, row: int) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return next((_text(child) for child in cell if local_name(child.tag) == "is"), "")
    value = next((child.text or "" for child in cell if local_name(child.tag) == "v"), "")
    if kind == "s":
        index = _number(value)
        if index is None or index >= len(shared):
            raise InputError(f"bad shared string index «{excerpt(value)}»", path, row)
        return shared[index]
    if kind == "b":
        return {"1": "TRUE", "0": "FALSE"}.get(value, value)
    return value


def _text(element) -> str:
    """Text of a string item: its `t`, or the `t` of its runs (phonetic runs left out)."""
    return "".join(t.text or "" for child in element
                   for t in ([child] if local_name(child.tag) == "t"
                             else [g for g in child if local_name(g.tag) == "t"]
                             if local_name(child.tag) == "r" else []))
