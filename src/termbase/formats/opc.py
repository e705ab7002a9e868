"""Office Open XML packages (XLSX, DOCX): a ZIP whose directory `inputs` checked first, parts
found through their relationships and streamed through the one hardened XML parser.
"""

from __future__ import annotations

import os
import posixpath
import zipfile
from typing import Iterator

from lxml import etree

from ..errors import InputError
from ..inputs import open_zip, zip_member
from ..xmlsafe import iterparse, release

OFFICE_DOCUMENT = "/officeDocument"


class Package:
    """An open package; `what` ('XLSX', 'DOCX') names it in errors."""

    def __init__(self, path: str | os.PathLike, what: str):
        self.path = os.fspath(path)
        self.what = what
        self.zip: zipfile.ZipFile = open_zip(path, what)

    def close(self) -> None:
        fp = self.zip.fp
        self.zip.close()
        if fp is not None:
            fp.close()

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def events(self, part: str, events=("end",),
               tags: list[str] | None = None) -> Iterator[tuple[str, etree._Element]]:
        """The part's parse events, through xmlsafe (entities refused, depth bounded)."""
        stream = zip_member(self.zip, part, self.path, self.what)
        try:
            yield from iterparse(stream, events=events, tags=tags)
        finally:
            stream.close()

    def main_part(self) -> str:
        """The workbook or document: the target of the package's officeDocument relation."""
        for kind, target, _ in self.relations(""):
            if kind.endswith(OFFICE_DOCUMENT):
                return target
        raise InputError(f"not a {self.what} file: it names no main part", self.path)

    def relations(self, part: str) -> list[tuple[str, str, str]]:
        """(type, target part, id) of the internal relationships of `part` ('' for the
        package itself)."""
        folder, name = posixpath.split(part)
        found = []
        for _, el in self.events(posixpath.join(folder, "_rels", f"{name}.rels"),
                                 tags=["{*}Relationship"]):
            target = el.get("Target") or ""
            if el.get("TargetMode") != "External":
                target = posixpath.normpath(target[1:] if target.startswith("/")
                                            else posixpath.join(folder, target))
                found.append((el.get("Type") or "", target, el.get("Id") or ""))
            release(el)
        return found
