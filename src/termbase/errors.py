"""Errors a user can cause, each able to say where in which file."""

from __future__ import annotations

import contextlib
import os
from typing import Iterator


class TermbaseError(Exception):
    """Bad input or usage: reported as one line, exit status 2, never a traceback."""

    def __init__(self, message: str, path: str | os.PathLike | None = None,
                 line: int | None = None, col: int | None = None, code: str | None = None):
        super().__init__(message)
        self.code = code  # the validation rule this error is a finding of, if any
        self.message = message
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.col = col

    def __str__(self) -> str:
        where = [self.path] if self.path else []
        if self.path and self.line:
            where.append(str(self.line))
            if self.col:
                where.append(str(self.col))
        return f"{':'.join(where)}: {self.message}" if where else self.message


class InputError(TermbaseError):
    """A file that cannot be read as what it claims to be."""


@contextlib.contextmanager
def reading(path: str | os.PathLike) -> Iterator[None]:
    """The operating system's refusals to open or read `path`, as one-line InputErrors."""
    try:
        yield
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as error:
        # lxml reports a path it cannot open as a plain OSError naming libxml2's message
        if not os.path.exists(path):
            raise InputError("no such file", path) from None
        raise InputError(f"cannot read: {error.strerror or error}", path) from None
