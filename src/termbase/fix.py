"""`termbase validate --fix`: the safe, mechanical repairs, written atomically.

Only rules with a `fix` take part (NFC, invisible characters, apostrophe forms, unambiguous
homoglyphs, Roman numerals in Cyrillic, white space in terms). Term texts and the text of TM
segments are mended; inline codes are left as they are. A file that changes is written back
in canonical form, through a temporary file, so it is never left half-written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable

from . import formats, rules
from .errors import TermbaseError
from .formats import tbx, tmx
from .model import DEPRECATED, Inline, SegmentContent


@dataclass
class Change:
    path: str
    line: int | None
    code: str
    before: str
    after: str

    def as_text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.code} fixed «{self.before}» → «{self.after}»"


def fix_paths(paths: Iterable[str | os.PathLike], active: list[rules.Rule]) -> list[Change]:
    fixers = [r for r in active if r.fix]
    changes: list[Change] = []
    for path in formats.expand_paths(paths):
        changes += fix_file(path, fixers)
    return changes


def fix_file(path: str | os.PathLike, fixers: list[rules.Rule]) -> list[Change]:
    name = os.fspath(path)
    kind = formats.sniff(path)
    changes: list[Change] = []
    if kind == formats.TBX:
        reader = tbx.read(path)
        concepts = list(reader)
        for lang, term in (pair for concept in concepts for pair in concept.terms()):
            if term.status == DEPRECATED:
                continue  # a deprecated variant may be recorded because it is misspelt
            fixed = _apply(fixers, lang, term.text, term.line, name, changes, segment=False)
            term.text = fixed
        if changes:
            writer = tbx.write if reader.dialect.version == 3 else tbx.write_v2
            writer(concepts, path, reader.header)
    elif kind == formats.TMX:
        reader = tmx.read(path)
        units = list(reader)
        for variant in (v for unit in units for v in unit.variants):
            variant.content = _fix_content(fixers, variant.lang, variant.content, variant.line,
                                           name, changes)
        if changes:
            tmx.write(units, path, reader.header)
    else:
        raise TermbaseError("neither TBX nor TMX; nothing fixed", path)
    return changes


def _fix_content(fixers, lang: str, content: SegmentContent, line, name, changes) -> list:
    mended: list = []
    for part in content:
        if isinstance(part, str):
            mended.append(_apply(fixers, lang, part, line, name, changes, segment=True))
        elif part.tag in ("hi", "sub"):
            mended.append(Inline(part.tag, part.attrs,
                                 _fix_content(fixers, lang, part.content, line, name, changes)))
        else:
            mended.append(part)
    return mended


def _apply(fixers, lang: str, text: str, line, name: str, changes: list[Change],
           segment: bool) -> str:
    for fixer in fixers:
        if segment and fixer.terms_only:
            continue
        fixed = fixer.fix(lang, text)
        if fixed != text:
            changes.append(Change(name, line, fixer.code, text, fixed))
            text = fixed
    return text
