"""`termbase validate`: run the registered rules over TBX and TMX files, streaming."""

from __future__ import annotations

import codecs
import io
import os
import re
from dataclasses import asdict, dataclass
from typing import Iterable, Iterator, Optional

from . import formats, rules
from .diagnostics import INFO, location
from .errors import InputError
from .formats import expand_paths
from .model import DEPRECATED, Concept
from .rules.registry import texts_of


@dataclass
class Finding:
    path: str
    line: Optional[int]
    col: Optional[int]
    code: str
    severity: str
    message: str

    def as_text(self) -> str:
        where = location(self.path, self.line, self.col)
        return f"{where}: {self.code} {self.severity} {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Tally:
    """What a validation run looked at, for the summary line."""

    files: int = 0
    concepts: int = 0
    units: int = 0

    def as_text(self) -> str:
        parts = [f"{self.files} file{'s' if self.files != 1 else ''}"]
        if self.concepts:
            parts.append(f"{self.concepts} concept{'s' if self.concepts != 1 else ''}")
        if self.units:
            parts.append(f"{self.units} unit{'s' if self.units != 1 else ''}")
        return ", ".join(parts)


def validate_paths(paths: Iterable[str | os.PathLike], select: Iterable[str] = (),
                   ignore: Iterable[str] = (), tally: Tally | None = None,
                   config: rules.Config | None = None) -> Iterator[Finding]:
    """Findings of every file under `paths`; `tally`, if given, counts what was read."""
    run = Validation(rules.select(select, ignore), config, tally)
    for path in expand_paths(paths):
        yield from run.file(path)


def validate_file(path: str | os.PathLike, active: list[rules.Rule] | None = None,
                  tally: Tally | None = None) -> list[Finding]:
    """Every finding for one file, in line order, with columns filled in."""
    return list(Validation(rules.select() if active is None else active, None,
                           tally).file(path))


class Validation:
    """One run of the rules over files: file rules start afresh with each file, run rules
    (duplicates across the glossary) keep their state from file to file."""

    def __init__(self, active: list[rules.Rule], config: rules.Config | None = None,
                 tally: Tally | None = None):
        self.active = active
        self.config = config or rules.Config()
        self.tally = tally if tally is not None else Tally()
        self.wanted = {r.code: r for r in active}
        self.run_states = {r.code: rules.State(self.config) for r in active
                           if r.scope == rules.RUN}

    def file(self, path: str | os.PathLike) -> Iterable[Finding]:
        self.tally.files += 1
        name = os.fspath(path)
        raw: list[tuple] = []

        def report(code: str, message: str, line: Optional[int] = None,
                   element: Optional[str] = None, col: Optional[int] = None,
                   severity: Optional[str] = None) -> None:
            if code in self.wanted:
                raw.append((code, message, line, col, element, severity))

        try:
            kind = formats.sniff(path)
            if kind is None:
                report("X003", "the root element is neither TBX (tbx, martif) nor TMX (tmx)", 1)
            else:
                read = self._run_checks(formats.open_reader(path, kind, report), kind, name,
                                        report)
                if kind == formats.TBX:
                    self.tally.concepts += read
                else:
                    self.tally.units += read
        except InputError as error:
            if error.code is None or error.path != name:
                raise
            report(error.code, error.message, error.line, None, error.col)

        columns = _columns(path, {(line, element) for _, _, line, col, element, _ in raw
                                  if line and not col})
        for index, (code, message, line, col, element, severity) in enumerate(raw):
            raw[index] = (line or 0, col or columns.get((line, element)) or 0, code, message,
                          severity)
        del columns
        raw.sort(key=lambda found: found[:2])  # in place: a file's findings held once
        # made into Findings as they are read, not all at once
        return (Finding(name, line or None, col or None, code,
                        severity or self.wanted[code].severity, message)
                for line, col, code, message, severity in raw)

    def _run_checks(self, reader, kind: str, name: str, report) -> int:
        """Run the checks on every item the reader yields; the number of items."""
        checks = list(rules.iter_checks(self.active, kind))
        states = {check.code: self.run_states[check.code] if check.code in self.run_states
                  else rules.State(self.config) for check in checks}
        for state in states.values():
            state.path = name
        count = 0
        prepared = [(check, check.code, check.text_check, check.terms_only, states[check.code])
                    for check in checks]
        for item in reader:
            count += 1
            waived = rules.waived_codes(item)
            texts = None
            for check, code, text_check, terms_only, state in prepared:
                if waived and code.startswith(waived):  # not run: a waived homonym is no «first»
                    continue
                if text_check is None:
                    for problem in check.check(item, state):
                        report(code, problem.message, problem.line, problem.element,
                               severity=problem.severity)
                    continue
                # a text rule (`rules.text_rule`), on the item's texts gathered once
                if texts is None:
                    texts = list(texts_of(item))
                if terms_only and not isinstance(item, Concept):
                    continue
                for lang, text, line, element, status, waived_here in texts:
                    if waived_here and code.startswith(waived_here):
                        continue
                    for message in text_check(lang, text):
                        report(code, message, line, element,
                               severity=INFO if status == DEPRECATED else None)
        return count


def _columns(path: str | os.PathLike, wanted: set[tuple[int, Optional[str]]]) -> dict:
    """Column of each (line, element): where `<element` starts on that line, else its first `<`;
    none where the line holds that element more than once (a file on one line), since a
    column that may point at another element's twin misleads more than a line alone.

    lxml gives lines only; one more pass over the file, reading just the lines asked for.
    """
    if not wanted:
        return {}
    elements: dict[int, list[Optional[str]]] = {}
    for line, element in wanted:
        elements.setdefault(line, []).append(element)
    last = max(elements)
    found: dict = {}
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=_encoding(path), errors="replace", newline=None)
        for number, content in enumerate(text, start=1):
            for element in elements.get(number, ()):
                found[(number, element)] = _column_in(content, element)
            if number >= last:
                break
    return found


def _column_in(content: str, element: Optional[str]) -> int | None:
    if element:
        starts = [m.start() for m in re.finditer(
            rf"<(?:[\w.-]+:)?{re.escape(element)}[\s/>]", content)]
        if len(starts) > 1:
            return None
        if starts:
            return starts[0] + 1
    elif len(re.findall(r"<[^/!?]", content)) > 1:  # start tags of several elements
        return None
    position = content.find("<")
    return position + 1 if position >= 0 else 1


def _encoding(path: str | os.PathLike) -> str:
    with open(path, "rb") as stream:
        head = stream.read(200)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", head)
    try:
        return codecs.lookup(declared.group(1).decode("ascii")).name if declared else "utf-8"
    except LookupError:
        return "utf-8"
