"""Tables: the OmegaT tab-separated glossary, CSV with a header, and XLSX.

- OmegaT glossary (`tsv`): source, target, comment; UTF-8, no header, tab-separated. OmegaT
  3.6 reads `.txt` and `.utf8` glossaries and ignores `.tsv`, so name the file `.txt`.
- CSV: a header `source,target,translator_comments`, as translate-toolkit needs it; Xbench
  and Excel take it as it is.
- XLSX: one row per term position of a concept, a column per language with its status,
  type, part of speech, note and source beside it, and the concept's id, subject field and
  definition in front (the layout memoQ and Phrase import).

A cell a spreadsheet would take for a formula (one starting with = + - @, a tab or a carriage
return) is written as text: in CSV and TSV with OWASP's prefix «'», which the importer strips
again; in XLSX as a string cell marked quote-prefixed, its text unchanged.
"""

from __future__ import annotations

import csv
import io
import os
from typing import IO, Iterable, Iterator

from lxml import etree

from ..errors import InputError, TermbaseError
from ..fileio import Destination, atomic_output
from ..inputs import excerpt, read_bytes
from ..lang import tags
from ..model import Concept
from ..xmlsafe import local_name, release
from . import opc

CSV_HEADER = ("source", "target", "translator_comments")
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
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "termbase"
    header = ["concept", "subject field", "definition"]
    for lang in languages:
        header += [lang] + [f"{lang} {column}" for column in XLSX_TERM_COLUMNS]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for concept in concepts:
        by_lang = {lang: [t for s in concept.languages if tags.primary(s.lang) == lang
                          for t in s.terms] for lang in languages}
        for position in range(max((len(terms) for terms in by_lang.values()), default=0)):
            row = [concept.id, "; ".join(concept.subject_fields),
                   concept.definitions[0].text if concept.definitions else ""] if position == 0 \
                else [concept.id, "", ""]
            for lang in languages:
                terms = by_lang[lang]
                if position < len(terms):
                    term = terms[position]
                    row += [term.text, term.status or "", term.type or "",
                            term.part_of_speech or "", " ".join(term.notes),
                            "; ".join(term.sources)]
                else:
                    row += [""] * (1 + len(XLSX_TERM_COLUMNS))
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"  # openpyxl took «=…» for a formula
                    cell.quotePrefix = True  # and a spreadsheet must not, once edited
    buffer = io.BytesIO()
    try:
        book.save(buffer)
    except (OSError, etree.SerialisationError) as error:  # openpyxl's temporary files
        raise TermbaseError(f"cannot write: the temporary folder refused it ({error})",
                            dest if isinstance(dest, (str, os.PathLike)) else None) from None
    _write_bytes(buffer.getvalue(), dest)


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


def read_table(path: str | os.PathLike) -> Iterator[tuple[int, list[str]]]:
    """(line or row number, cells) of a CSV (`.csv`), tab-separated (`.tsv`, `.txt`) or XLSX
    table, rows without a cell left out; a table beyond the bounds above is refused."""
    rows = _xlsx_rows(path) if str(path).lower().endswith(".xlsx") else _csv_rows(path)
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


def _csv_rows(path: str | os.PathLike) -> Iterator[tuple[int, list[str]]]:
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (byte {error.start})", path,
                         data[:error.start].count(b"\n") + 1) from None
    dialect = csv.excel_tab if str(path).lower().endswith((".tsv", ".txt")) else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            yield reader.line_num, [unguard_cell(cell) for cell in row]
    except csv.Error as error:
        raise InputError(f"not a readable table: {excerpt(str(error))}", path,
                         reader.line_num) from None


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
