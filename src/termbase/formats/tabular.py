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
from typing import IO, Iterable

from ..errors import TermbaseError
from ..fileio import Destination, atomic_output
from ..lang import tags
from ..model import Concept

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
    book.save(buffer)
    _write_bytes(buffer.getvalue(), dest)


def _write_bytes(data: bytes, dest: Destination) -> None:
    if isinstance(dest, (str, os.PathLike)):
        try:
            with atomic_output(dest) as stream:
                stream.write(data)
        except (FileNotFoundError, PermissionError) as error:
            raise TermbaseError(f"cannot write: {error.strerror}", dest) from None
    else:
        stream: IO[bytes] = dest
        stream.write(data)
