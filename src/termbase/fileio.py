"""Writing files so that a crash, a Ctrl-C or a bad record never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from typing import IO, Iterable, Iterator, Union

from .errors import TermbaseError

Destination = Union[str, os.PathLike, IO[bytes]]
_NOT_REGULAR = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                (stat.S_ISFIFO, "a FIFO"), (stat.S_ISDIR, "a directory"),
                (stat.S_ISSOCK, "a socket"))


def refuse_unsafe_target(path: str | os.PathLike) -> None:
    """Refuse to replace anything but a regular file: renaming over `/dev/null`, a FIFO or a
    symbolic link would put a file in its place (and `-o /dev/full` as root did)."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there; creating the file says what is wrong with the folder
    if stat.S_ISLNK(mode):
        raise TermbaseError("is a symbolic link; refusing to write through it "
                            "(give the path of the file itself)", path)
    for test, kind in _NOT_REGULAR:
        if test(mode):
            raise TermbaseError(f"is {kind}, not a regular file; refusing to replace it", path)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[IO[bytes]]:
    """A binary file that replaces `path` only once everything was written and synced;
    `path` must be a regular file or nothing."""
    path = os.fspath(path)
    refuse_unsafe_target(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp",
                                     dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if os.path.exists(path):
            os.chmod(temporary, os.stat(path).st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_chunks(chunks: Iterable[str], dest: Destination) -> None:
    """Encode `chunks` as UTF-8 into a path (atomically) or an open binary stream."""
    if isinstance(dest, (str, os.PathLike)):
        try:
            with atomic_output(dest) as stream:
                _copy(chunks, stream)
        except FileNotFoundError:
            raise TermbaseError("directory does not exist", dest) from None
        except PermissionError:
            raise TermbaseError("permission denied", dest) from None
        except OSError as error:  # disk full, quota, read-only file system
            raise TermbaseError(f"cannot write: {error.strerror}", dest) from None
    else:
        _copy(chunks, dest)


def _copy(chunks: Iterable[str], stream: IO[bytes]) -> None:
    buffer: list[str] = []
    size = 0
    for chunk in chunks:
        buffer.append(chunk)
        size += len(chunk)
        if size > 1 << 16:
            stream.write("".join(buffer).encode("utf-8"))
            buffer.clear()
            size = 0
    stream.write("".join(buffer).encode("utf-8"))


# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def check_xml_text(text: str, where: str) -> str:
    match = _NOT_XML.search(text)
    if match:
        raise TermbaseError(
            f"{where}: character U+{ord(match.group()):04X} cannot be written to XML")
    return text


def escape_text(text: str) -> str:
    """Escape character data; a carriage return becomes `&#13;` so that parsers keep it."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def escape_attr(text: str) -> str:
    return (escape_text(text).replace('"', "&quot;").replace("\t", "&#9;")
            .replace("\n", "&#10;"))


def start_tag(name: str, attrs: dict[str, str | None] | None = None, empty: bool = False) -> str:
    rendered = "".join(f' {key}="{escape_attr(value)}"'
                       for key, value in (attrs or {}).items() if value is not None)
    return f"<{name}{rendered}{'/' if empty else ''}>"


def element(name: str, text: str, attrs: dict[str, str | None] | None = None) -> str:
    return f"{start_tag(name, attrs)}{escape_text(text)}</{name}>"
