"""How any layer tells of a problem: severities, the `Report` callback readers take, and the
`path:line:col` a finding is printed at.

It sits below `formats/`, so a reader reports what it sees without importing the validation
rules (which build on it, and pull in the index and the matcher).
"""

from __future__ import annotations

from typing import Optional, Protocol

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
# One palette for the findings of every command, as click.style colours.
SEVERITY_COLOURS = {ERROR: "red", WARNING: "yellow", INFO: "blue"}


class Report(Protocol):
    """How a reader tells of a problem: a rule code, a message, the line, the element name."""

    def __call__(self, code: str, message: str, line: Optional[int] = None,
                 element: Optional[str] = None) -> None: ...


def location(path: Optional[str], line: Optional[int], col: Optional[int]) -> str:
    """`path:line:col`, leaving out what is not known, the way compilers print it."""
    return ":".join(str(part) for part in (path, line, col) if part)
