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


# A folder search stops here: `-d /` must not walk the whole file system.
MAX_FOLDER_ENTRIES = 100_000


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named, and the .tbx/.tmx files under folders named, in a stable order.

    Symbolic links to folders are not followed (a link loop ends nowhere); a folder that
    cannot be read, or of more than MAX_FOLDER_ENTRIES entries, is an error.
    """
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += _walk(path)
        elif os.path.lexists(path):
            files.append(path)
        else:
            raise TermbaseError("no such file or directory", path)
    return files


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    seen = 0

    def refuse(error: OSError) -> None:
        raise InputError(f"cannot read folder: {error.strerror}", error.filename)

    for root, folders, names in os.walk(folder, onerror=refuse):
        seen += len(folders) + len(names)
        if seen > MAX_FOLDER_ENTRIES:
            raise InputError(f"refused: over {MAX_FOLDER_ENTRIES} files and folders; name the "
                             "glossary or TM folder itself", folder)
        found += [Path(root, name) for name in names
                  if kind_by_extension(name) and os.path.isfile(os.path.join(root, name))]
    return sorted(found)
