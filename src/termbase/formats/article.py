"""Articles an editor checks: plain text, Markdown and DOCX, read as paragraphs.

A paragraph keeps the line (in a DOCX, the paragraph number) and column it starts at, so
that a finding can point into the file as written. Markdown markup is blanked out with
spaces rather than removed, so every column still points at the same character; fenced code
blocks, HTML comments, link targets and table rules are left out.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..inputs import read_bytes
from ..xmlsafe import release
from . import opc

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
    data = read_bytes(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"not UTF-16 text (byte {error.start})", path) from None
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
# Every pattern below runs in time linear in the line, however hostile: no two adjacent
# parts can match the same characters («\s*\|?\s*» on a line of spaces is quadratic), and
# no part scans past the character that would start the next try («[^\]]*» after «[» is,
# on «[a[a[a…»).
_TABLE_RULE = re.compile(r"^\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*(?:\|\s*)?$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_LINE_MARKS = re.compile(r"^(\s*)((?:>\s?)*)(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")
_IMAGE_OR_LINK = re.compile(r"(!?\[)([^\[\]]*)(\]\([^()]*\))")
_EMPHASIS = ("**", "__", "*", "_", "~~", "`")  # in the order they are tried at a position
_EMPHASIS_START = re.compile(r"[*_~`]")
_EMPHASIS_END = {mark: re.compile(rf"(?<=\S)(?={re.escape(mark)})") for mark in _EMPHASIS}
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def blank_markdown(content: str) -> tuple[str, frozenset[int]]:
    """The text of a Markdown document with its markup turned into spaces, line for line,
    and the lines that start a paragraph without a blank line before them.

    A list item or a heading is a paragraph of its own, so that a translation with the same
    items aligns item by item.
    """
    content = _blank_comments(content)
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
            line = _blank_emphasis(line)
        line = line.replace("|", " ").replace("\\", " ")
        out.append(line.rstrip())
        if separate:
            breaks.add(len(out))
    return "\n".join(out), frozenset(breaks)


def _blank_emphasis(line: str) -> str:
    """Emphasis and code marks blanked, their text kept: a mark (`**`, `__`, `*`, `_`, `~~`,
    a backtick) followed by a non-space, up to the nearest same mark after a non-space. The
    closing marks are looked up by bisection: a regular expression scanned to the end of the
    line for every mark without one, quadratic on a line of «``a``a``a…»."""
    found = _EMPHASIS_START.search(line)
    if not found:
        return line
    closings = {mark: [m.start() for m in end.finditer(line)]
                for mark, end in _EMPHASIS_END.items()}
    parts = []
    done = 0
    while found:
        start = found.start()
        resume = start + 1
        for mark in _EMPHASIS:
            after = start + len(mark)
            if line.startswith(mark, start) and after < len(line) and not line[after].isspace():
                ends = closings[mark]
                index = bisect.bisect_left(ends, after + 1)
                if index < len(ends):
                    end = ends[index]
                    parts += [line[done:start], " " * len(mark), line[after:end],
                              " " * len(mark)]
                    done = resume = end + len(mark)
                    break
        found = _EMPHASIS_START.search(line, resume)
    return "".join(parts) + line[done:]


def _blank_comments(content: str) -> str:
    """HTML comments blanked, found with str.find: a regular expression would look for the
    end of every «<!--» of a file that has none, each time to the end of the file."""
    parts = []
    done = 0
    while (start := content.find("<!--", done)) >= 0:
        end = content.find("-->", start + 4)
        if end < 0:
            break
        parts += [content[done:start], _spaces(content[start:end + 3])]
        done = end + 3
    return "".join(parts) + content[done:]


def _spaces(text: str) -> str:
    """Markup blanked: spaces, newlines kept so that lines still count."""
    return re.sub(r"[^\n]", " ", text)


# --- DOCX --------------------------------------------------------------------------------

# A document is read within these bounds (its size unpacked is bounded by `inputs`).
MAX_PARAGRAPHS = 200_000
MAX_DOCUMENT_CHARS = 16 * 2**20
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _R, _TC = f"{_W}body", f"{_W}p", f"{_W}r", f"{_W}tc"
_CONTAINERS = {f"{_W}tbl", f"{_W}tr", _TC}
_RUN_TEXT = {f"{_W}tab": " ", f"{_W}ptab": " ", f"{_W}cr": " ", f"{_W}noBreakHyphen": "-"}


def _docx(path: Path) -> list[Paragraph]:
    """Body paragraphs and table cells in document order; `line` is the paragraph number.

    Streamed run by run, so memory holds one run, not the document. Paragraphs are those
    Word's object model lists (python-docx's): of the body and of table cells, nested tables
    too, a vertically merged cell once; not those of text boxes or content controls.
    """
    paragraphs: list[Paragraph] = []
    number = chars = 0
    text: list[str] = []
    open_tags: list[str] = []
    merged: list[bool] = []  # for each open cell: a continuation of a vertically merged one
    with opc.Package(path, "DOCX") as package:
        for event, element in package.events(package.main_part(), events=("start", "end")):
            tag = element.tag
            if event == "start":
                open_tags.append(tag)
                if tag == _TC:
                    merged.append(False)
                continue
            open_tags.pop()
            if tag == _R:
                inside = open_tags[:-1] if open_tags[-1:] == [_P] else \
                    open_tags[:-2] if open_tags[-2:] == [_P, f"{_W}hyperlink"] else []
                listed = not any(merged) and _listed(inside)
            else:
                listed = not any(merged) and _listed(open_tags)
            if tag == _R and listed:
                run = _run_text(element)
                chars += len(run)
                if chars > MAX_DOCUMENT_CHARS:
                    raise InputError(f"refused: over {MAX_DOCUMENT_CHARS // 2**20} M "
                                     "characters of text", path, number + 1)
                text.append(run)
            elif tag == f"{_W}vMerge" and open_tags[-1:] == [f"{_W}tcPr"] and merged \
                    and element.get(f"{_W}val") != "restart":
                merged[-1] = True
            elif tag == _P and listed:
                number += 1
                if number > MAX_PARAGRAPHS:
                    raise InputError(f"refused: over {MAX_PARAGRAPHS} paragraphs", path)
                content = "".join(text)
                if content.strip():
                    paragraphs.append(Paragraph(content, number))
                text = []
            elif tag == _TC:
                merged.pop()
            if _R not in open_tags:
                release(element)
    return paragraphs


def _listed(ancestors: list[str]) -> bool:
    """Whether a paragraph with these open ancestors is one of the body or of a table cell
    (tables nested in cells too)."""
    return ancestors[1:2] == [_BODY] and all(tag in _CONTAINERS for tag in ancestors[2:])


def _run_text(run) -> str:
    """A run's text, tabs and line breaks as spaces (page and column breaks as nothing)."""
    parts = []
    for item in run:
        if item.tag == f"{_W}t":
            parts.append(item.text or "")
        elif item.tag == f"{_W}br":
            parts.append(" " if item.get(f"{_W}type") in (None, "textWrapping") else "")
        elif item.tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[item.tag])
    return "".join(parts)
