"""What a user hands us, opened within limits: a hostile or broken file is refused with one
line, never read until memory or patience runs out.

Only regular files are read (a FIFO would block forever, `/dev/zero` never ends); whole-file
reads stop at a size; a ZIP container (XLSX, DOCX) is checked from its directory before a
byte is unpacked: member names, count, and each member's and the total uncompressed size.
Python's zipfile never unpacks more than a member's declared size, so a zip bomb stops there.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from typing import IO

from .errors import InputError

MAX_TEXT_BYTES = 64 * 2**20  # a text article, a CSV table, a PO file
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_MEMBER_BYTES = 64 * 2**20  # uncompressed, each
MAX_ZIP_TOTAL_BYTES = 256 * 2**20  # uncompressed, all members together
EXCERPT = 100  # characters of a file's data an error message quotes at most


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """`text` for an error message: on one line, and cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def open_regular(path: str | os.PathLike) -> IO[bytes]:
    """A regular file opened for reading; anything else is refused before a byte is read.

    Opened without blocking and checked on the descriptor itself, so a FIFO put in place of
    the file between a check and the open cannot hang us.
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as error:  # ENXIO (a socket), ELOOP, ENAMETOOLONG ...
        try:
            mode = os.stat(name).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise InputError(f"is {_kind(mode)}, not a regular file", name) from None
        raise InputError(f"cannot read: {error.strerror}", name) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(f"is {_kind(mode)}, not a regular file", name)
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "something else"


def check_regular(path: str | os.PathLike, limit: int = MAX_TEXT_BYTES) -> str:
    """The path of a regular file of at most `limit` bytes, for a library that opens it."""
    with open_regular(path) as stream:
        if os.fstat(stream.fileno()).st_size > limit:
            raise InputError(f"refused: over {limit // 2**20} MB", path)
    return os.fspath(path)


def read_bytes(path: str | os.PathLike, limit: int = MAX_TEXT_BYTES) -> bytes:
    """A whole regular file, refused when over `limit` bytes."""
    with open_regular(path) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"refused: over {limit // 2**20} MB", path)
    return data


def open_zip(path: str | os.PathLike, what: str) -> zipfile.ZipFile:
    """A ZIP container (`what`: 'XLSX', 'DOCX') whose directory passed the checks."""
    name = os.fspath(path)
    stream = open_regular(name)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError):
        stream.close()
        raise InputError(f"not a readable {what} file (not a ZIP archive, or a damaged one)",
                         name) from None
    try:
        _check_members(archive.infolist(), name)
    except InputError:
        archive.close()
        stream.close()
        raise
    return archive


def _check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    if len(members) > MAX_ZIP_MEMBERS:
        raise InputError(f"refused: over {MAX_ZIP_MEMBERS} members in the archive", name)
    total = 0
    for member in members:
        parts = member.filename.replace("\\", "/").split("/")
        if (member.filename.startswith(("/", "\\")) or ".." in parts or "\0" in member.filename
                or ":" in parts[0]):
            raise InputError(f"refused: member name «{excerpt(member.filename)}» points outside "
                             "the archive", name)
        if member.file_size > MAX_ZIP_MEMBER_BYTES:
            raise InputError(f"refused: member «{excerpt(member.filename)}» unpacks to over "
                             f"{MAX_ZIP_MEMBER_BYTES // 2**20} MB", name)
        total += member.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            raise InputError(f"refused: the archive unpacks to over "
                             f"{MAX_ZIP_TOTAL_BYTES // 2**20} MB", name)


def zip_member(archive: zipfile.ZipFile, member: str, path: str | os.PathLike,
               what: str) -> IO[bytes]:
    """A member to stream; a missing one means the file is not the `what` it claims, and a
    damaged one (bad CRC, truncated data) is reported as the file's fault while it is read."""
    try:
        return _Member(archive.open(member), f"{os.fspath(path)}/{member}", what)
    except KeyError:
        raise InputError(f"not a {what} file: it has no {excerpt(member)}", path) from None
    except RuntimeError:  # zipfile's word for a member that is encrypted
        raise InputError(f"not a readable {what} file: {excerpt(member)} is encrypted",
                         path) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error):
        raise InputError(f"not a readable {what} file (a damaged ZIP archive)", path) from None


class _Member:
    def __init__(self, stream: IO[bytes], name: str, what: str):
        self._stream = stream
        self._what = what
        self.name = name

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error):
            raise InputError(f"not a readable {self._what} file (a damaged ZIP archive)",
                             self.name) from None

    def close(self) -> None:
        self._stream.close()
