"""The registry every rule module registers into: `Rule`, the decorators, and the `State` and
`Problem` a check works with.

Rule modules import this, never the `rules` package, so the package can load them without a
circle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from ..diagnostics import INFO, SEVERITIES
from ..model import DEPRECATED, Concept

TBX = "tbx"
TMX = "tmx"
ANY = "any"


@dataclass(frozen=True)
class Problem:
    """What a check yields: the message and where.

    `path` is only for run-wide rules that point into another file than the current one;
    `severity`, for a finding weighed otherwise than its rule's (`text_rule` on a deprecated
    term).
    """

    message: str
    line: Optional[int] = None
    element: Optional[str] = None
    path: Optional[str] = None
    severity: Optional[str] = None


@dataclass(frozen=True)
class Config:
    """Project settings the rules read (`[tool.termbase]` in pyproject.toml)."""

    languages: tuple[str, ...] = ("ru", "be", "en")
    required_languages: tuple[str, ...] = ("ru", "be", "en")
    # The glossary TM segments are checked against (M109); none: that check is off.
    glossary: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    usage: str | None = None  # the desk's region («BY»): where regional terms are judged


class State(dict):
    """What a check may keep between calls: a dict, plus the settings and the current file.

    A file rule gets a fresh State per file; a run rule (`scope="run"`) one for the whole
    run, so it can compare entries across files.
    """

    def __init__(self, config: Config, path: str = ""):
        super().__init__()
        self.config = config
        self.path = path
        self._paths: list[str] = []

    def source_number(self) -> int:
        """A small number for the current file, to remember where something was seen."""
        if not self._paths or self._paths[-1] != self.path:
            self._paths.append(self.path)
        return len(self._paths) - 1

    def source_path(self, number: int) -> str:
        return self._paths[number]


Check = Callable[[object, State], Iterable[Problem]]
FILE = "file"
RUN = "run"


@dataclass
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    applies_to: str = ANY
    check: Optional[Check] = field(default=None, repr=False)
    scope: str = FILE
    fix: Optional[Callable[[str, str], str]] = field(default=None, repr=False)
    terms_only: bool = False  # a text rule that leaves TM segments alone
    # a text rule's own test of one text (`check` runs it on each text of an item): what a
    # validation of many items calls directly, on texts gathered once an item for every rule
    text_check: Optional[Callable[[str, str], Iterable[str]]] = field(default=None, repr=False)


REGISTRY: dict[str, Rule] = {}


def _register(new: Rule) -> Rule:
    if new.code in REGISTRY:
        raise ValueError(f"rule code {new.code} registered twice")
    if new.severity not in SEVERITIES:
        raise ValueError(f"rule {new.code}: unknown severity {new.severity}")
    REGISTRY[new.code] = new
    return new


def rule(code: str, name: str, severity: str, summary: str, applies_to: str = ANY,
         scope: str = FILE) -> Callable[[Check], Rule]:
    """Decorator: register a check run on every concept (TBX) or unit (TMX) read.

    The check gets the object and a `State` it may keep things in, for the current file or,
    with `scope=RUN`, for the whole run.
    """
    def decorate(check: Check) -> Rule:
        return _register(Rule(code, name, severity, summary, applies_to, check, scope=scope))
    return decorate


TextCheck = Callable[[str, str], Iterable[str]]


def text_rule(code: str, name: str, severity: str, summary: str, terms_only: bool = False,
              fix: Optional[Callable[[str, str], str]] = None) -> Callable[[TextCheck], Rule]:
    """Decorator: register a check of every term (TBX) and segment (TMX) text.

    The check gets the language and the text and yields messages. `fix(lang, text)`, when
    given, returns the text mended (what `validate --fix` writes). On a deprecated term the
    findings are info: a deprecated variant is often recorded because it is wrong (a Russian
    spelling met in Belarusian texts), and `--fix` leaves it as it is.
    """
    def decorate(check: TextCheck) -> Rule:
        def run(item, state: State) -> Iterator[Problem]:
            for lang, text, line, element, status, waived in texts_of(item, terms_only):
                if code.startswith(waived):
                    continue
                severity = INFO if status == DEPRECATED else None
                for message in check(lang, text):
                    yield Problem(message, line, element, severity=severity)
        return _register(Rule(code, name, severity, summary, ANY, run, fix=fix,
                              terms_only=terms_only, text_check=check))
    return decorate


def texts_of(item, terms_only: bool = False
             ) -> Iterator[tuple[str, str, Optional[int], str, Optional[str], tuple[str, ...]]]:
    """(language, text, line, element, usage status, codes waived) of each term of a concept
    or segment of a unit (a segment has no status, and no waiver of its own)."""
    if isinstance(item, Concept):
        for lang, term in item.terms():
            yield lang, term.text, term.line, "term", term.status, waived_codes(term)
    elif not terms_only:
        for variant in item.variants:
            yield variant.lang, variant.text, variant.line, "tuv", None, ()


WAIVER = "x-termbase-ignore"
_WAIVER_NOTE = re.compile(rf"{WAIVER}:\s*([A-Z0-9, ]+)")


def waived_codes(item) -> tuple[str, ...]:
    """Codes or prefixes an item waives, the way a linter's `noqa` does, for a finding that
    is right but must stay: a TM unit with `<prop type="x-termbase-ignore">M109</prop>` (a
    deprecated name in an original quoted as published), a concept or a term with the note
    «x-termbase-ignore: U101 …» (a real homonym added with --force; a rare word the
    dictionary lacks)."""
    props = getattr(item, "props", None) or ()
    values = [prop.value for prop in props if prop.type == WAIVER]
    values += [m.group(1) for note in getattr(item, "notes", None) or ()
               if isinstance(note, str) and (m := _WAIVER_NOTE.match(note))]
    return tuple(code.strip().upper() for value in values for code in value.split(",")
                 if code.strip())


def reader_rule(code: str, name: str, severity: str, summary: str,
                applies_to: str = ANY) -> Rule:
    """Register a code that readers report while parsing."""
    return _register(Rule(code, name, severity, summary, applies_to))


def iter_checks(rules: Iterable[Rule], kind: str) -> Iterator[Rule]:
    return (r for r in rules if r.check is not None and r.applies_to in (kind, ANY))
