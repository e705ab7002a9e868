"""Validation rules: each has a stable code, a name, a severity and a one-line summary.

Two kinds share one registry:
- checks: small functions run on each model object a reader yields (`@rule`);
- reader rules (`reader_rule`): problems only the parser can see (well-formedness, unexpected
  elements, missing attributes, ids and references), reported through the `Report` callback
  the readers take.

`termbase validate --list-rules` prints the registry.
"""

from __future__ import annotations

from typing import Iterable

from ..diagnostics import ERROR, INFO, SEVERITIES, WARNING, Report  # noqa: F401  (the rules' API)
from .registry import (  # noqa: F401  (the rules' API)
    ANY, FILE, REGISTRY, RUN, TBX, TMX, WAIVER, Config, Problem, Rule, State, iter_checks,
    reader_rule, rule, text_rule, waived_codes,
)


def all_rules() -> list[Rule]:
    _load_builtin_rules()
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def get(code: str) -> Rule:
    _load_builtin_rules()
    return REGISTRY[code]


def select(codes_or_prefixes: Iterable[str] = (), ignore: Iterable[str] = (),
           among: Iterable | None = None) -> list:
    """Rules whose code starts with one of `codes_or_prefixes` (all if empty), minus `ignore`;
    of the validation rules, or of `among` (any objects with a `code`: the check rules)."""
    chosen = tuple(c.upper() for c in codes_or_prefixes)
    ignored = tuple(c.upper() for c in ignore)
    return [r for r in (all_rules() if among is None else among)
            if (not chosen or r.code.startswith(chosen)) and not r.code.startswith(ignored)]


def _load_builtin_rules() -> None:
    from . import (  # noqa: F401  (registration side effect)
        completeness, consistency, languages, orthography, structure, tbx_rules, tmx_rules,
    )
