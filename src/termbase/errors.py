"""Errors a user can cause, each able to say where in which file."""

from __future__ import annotations

import os


class TermbaseError(Exception):
    """Bad input or usage: reported as one line, exit status 2, never a traceback."""

    def __init__(self, message: str, path: str | os.PathLike | None = None,
                 line: int | None = None, col: int | None = None, code: str | None = None):
        message = " ".join(message.split())  # one line, whatever a library's message holds
        super().__init__(message)
        self.code = code  # the validation rule this error is a finding of, if any
        self.message = message
        self.path = os.fspath(path).replace("\n", "\\n") if path is not None else None
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

