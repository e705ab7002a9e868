"""Validation rules: each has a stable code, a name, a severity and a one-line summary.

Two kinds share one registry:
- checks: small functions run on each model object a reader yields (`@rule`), with an optional
  `finish` step for what can only be judged at the end of a file (dangling references);
- reader rules (`reader_rule`): problems only the parser can see (well-formedness, unexpected
  elements, missing attributes), reported through the `Report` callback the readers take.

`termbase validate --list-rules` prints the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Protocol

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

TBX = "tbx"
TMX = "tmx"
ANY = "any"


class Report(Protocol):
    """How a reader tells of a problem: a rule code, a message, the line, the element name."""

    def __call__(self, code: str, message: str, line: Optional[int] = None,
                 element: Optional[str] = None) -> None: ...


@dataclass(frozen=True)
class Problem:
    """What a check yields: the message and where, before a file path and severity are known."""

    message: str
    line: Optional[int] = None
    element: Optional[str] = None


Check = Callable[[object, dict], Iterable[Problem]]
Finish = Callable[[dict], Iterable[Problem]]


@dataclass
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    applies_to: str = ANY
    check: Optional[Check] = field(default=None, repr=False)
    finish_check: Optional[Finish] = field(default=None, repr=False)

    def finish(self, function: Finish) -> Finish:
        """Decorator: register what the rule reports once the whole file has been seen."""
        self.finish_check = function
        return function


REGISTRY: dict[str, Rule] = {}


def _register(new: Rule) -> Rule:
    if new.code in REGISTRY:
        raise ValueError(f"rule code {new.code} registered twice")
    if new.severity not in SEVERITIES:
        raise ValueError(f"rule {new.code}: unknown severity {new.severity}")
    REGISTRY[new.code] = new
    return new


def rule(code: str, name: str, severity: str, summary: str,
         applies_to: str = ANY) -> Callable[[Check], Rule]:
    """Decorator: register a check run on every concept (TBX) or unit (TMX) read.

    The check gets the object and a dict it may keep state in for the current file.
    """
    def decorate(check: Check) -> Rule:
        return _register(Rule(code, name, severity, summary, applies_to, check))
    return decorate


def reader_rule(code: str, name: str, severity: str, summary: str,
                applies_to: str = ANY) -> Rule:
    """Register a code that readers report while parsing."""
    return _register(Rule(code, name, severity, summary, applies_to))


def all_rules() -> list[Rule]:
    _load_builtin_rules()
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def get(code: str) -> Rule:
    _load_builtin_rules()
    return REGISTRY[code]


def select(codes_or_prefixes: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules whose code starts with one of `codes_or_prefixes` (all if empty), minus `ignore`."""
    chosen = tuple(c.upper() for c in codes_or_prefixes)
    ignored = tuple(c.upper() for c in ignore)
    return [r for r in all_rules()
            if (not chosen or r.code.startswith(chosen)) and not r.code.startswith(ignored)]


def _load_builtin_rules() -> None:
    from . import structure, tbx_rules, tmx_rules  # noqa: F401  (registration side effect)


def iter_checks(rules: Iterable[Rule], kind: str) -> Iterator[Rule]:
    return (r for r in rules if r.check is not None and r.applies_to in (kind, ANY))
