"""One module per format, each with `read` and `write`; this module tells them apart."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import InputError, TermbaseError

if TYPE_CHECKING:
    from ..xmlsafe import Source

TBX = "tbx"
TMX = "tmx"
ROOTS = {"tbx": TBX, "martif": TBX, "tmx": TMX}
EXTENSIONS = {".tbx": TBX, ".tmx": TMX}


def sniff(path: str | os.PathLike) -> str | None:
    """'tbx' or 'tmx' from the root element (the extension only decides which files to look at).

    None when the root is neither; InputError when the file is not XML at all.
    """
    from ..xmlsafe import iterparse, local_name  # lxml only for a file read, not a path listed

    for _, element in iterparse(path, events=("start",)):
        return ROOTS.get(local_name(element.tag))
    return None


def kind_by_extension(path: str | os.PathLike) -> str | None:
    return EXTENSIONS.get(os.path.splitext(os.fspath(path))[1].lower())


def open_reader(source: Source, kind: str, report=None):
    """A streaming reader of the given kind: iterate it for concepts or units."""
    if kind == TBX:
        from . import tbx
        return tbx.read(source, report)
    if kind == TMX:
        from . import tmx
        return tmx.read(source, report)
    raise InputError(f"unknown format {kind!r}")


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named, and the .tbx/.tmx files under folders named, in a stable order."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*")
                            if p.is_file() and kind_by_extension(p))
        elif path.exists():
            files.append(path)
        else:
            raise TermbaseError("no such file or directory", path)
    return files
