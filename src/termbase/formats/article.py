"""Articles an editor checks: plain text, Markdown and DOCX, read as paragraphs.

A paragraph keeps the line (in a DOCX, the paragraph number) and column it starts at, so
that a finding can point into the file as written. Markdown markup is blanked out with
spaces rather than removed, so every column still points at the same character; fenced code
blocks, HTML comments, link targets and table rules are left out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, reading

MARKDOWN = (".md", ".markdown")
DOCX = (".docx",)


@dataclass
class Paragraph:
    text: str  # may hold newlines (a hard-wrapped paragraph); columns are kept
    line: int
    col: int = 1


def read(path: str | os.PathLike) -> list[Paragraph]:
    """The paragraphs of a text, Markdown or DOCX file, by its extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in DOCX:
        return _docx(path)
    content = _text(path).replace("\r\n", "\n").replace("\r", "\n")
    if suffix in MARKDOWN:
        return _blocks(*blank_markdown(content))
    return _blocks(content)


def _text(path: Path) -> str:
    with reading(path):
        data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {error.start})", path, line) from None


def _blocks(content: str, breaks: frozenset[int] = frozenset()) -> list[Paragraph]:
    """Paragraphs: runs of non-blank lines; a line in `breaks` starts a new one."""
    paragraphs: list[Paragraph] = []
    lines: list[str] = []
    first = 0
    for number, line in enumerate(content.split("\n"), 1):
        if lines and number in breaks:
            paragraphs.append(_paragraph(lines, first))
            lines = []
        if line.strip():
            if not lines:
                first = number
            lines.append(line)
        elif lines:
            paragraphs.append(_paragraph(lines, first))
            lines = []
    if lines:
        paragraphs.append(_paragraph(lines, first))
    return paragraphs


def _paragraph(lines: list[str], first: int) -> Paragraph:
    indent = len(lines[0]) - len(lines[0].lstrip())
    return Paragraph("\n".join([lines[0][indent:], *lines[1:]]), first, indent + 1)


# --- Markdown ---------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_LINE_MARKS = re.compile(r"^(\s*)((?:>\s?)*)(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")
_IMAGE_OR_LINK = re.compile(r"(!?\[)([^\]]*)(\]\([^)]*\))")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def blank_markdown(content: str) -> tuple[str, frozenset[int]]:
    """The text of a Markdown document with its markup turned into spaces, line for line,
    and the lines that start a paragraph without a blank line before them.

    A list item or a heading is a paragraph of its own, so that a translation with the same
    items aligns item by item.
    """
    content = _COMMENT.sub(lambda m: _spaces(m.group()), content)
    out: list[str] = []
    breaks: set[int] = set()
    fenced = after_heading = False
    for line in content.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append("")
            continue
        if fenced or _TABLE_RULE.match(line) or _SETEXT.match(line) and out and out[-1].strip() \
                or _REFERENCE.match(line):
            out.append("")
            continue
        marks = _LINE_MARKS.match(line)
        separate = (bool(marks.group(3)) or after_heading or line.lstrip().startswith("|")) \
            and out and out[-1].strip()
        after_heading = (marks.group(3) or "").startswith("#")
        line = " " * marks.end() + line[marks.end():]
        line = _IMAGE_OR_LINK.sub(lambda m: " " * len(m.group(1)) + m.group(2)
                                  + " " * len(m.group(3)), line)
        line = _TAG.sub(lambda m: " " * len(m.group()), line)
        for _ in range(3):  # nested emphasis: ***both***, **`code`**
            line = _EMPHASIS.sub(lambda m: " " * len(m.group(1)) + m.group(2)
                                 + " " * len(m.group(1)), line)
        line = line.replace("|", " ").replace("\\", " ")
        out.append(line.rstrip())
        if separate:
            breaks.add(len(out))
    return "\n".join(out), frozenset(breaks)


def _spaces(text: str) -> str:
    """Markup blanked: spaces, newlines kept so that lines still count."""
    return re.sub(r"[^\n]", " ", text)


# --- DOCX --------------------------------------------------------------------------------

def _docx(path: Path) -> list[Paragraph]:
    """Body paragraphs and table cells in document order; `line` is the paragraph number."""
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    if not path.exists():
        raise InputError("no such file", path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(f"not a readable DOCX file ({type(error).__name__})", path) from None
    paragraphs: list[Paragraph] = []
    number = 0

    def visit(block) -> None:
        nonlocal number
        if isinstance(block, DocxParagraph):
            number += 1
            content = block.text.replace("\n", " ").replace("\t", " ")
            if content.strip():
                paragraphs.append(Paragraph(content, number))
        elif isinstance(block, Table):
            seen: set[int] = set()
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell is listed once per column
                        seen.add(id(cell._tc))
                        for inner in cell.iter_inner_content():
                            visit(inner)

    for block in document.iter_inner_content():
        visit(block)
    return paragraphs
