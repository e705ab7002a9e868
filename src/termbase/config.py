"""Project settings: `[tool.termbase]` in the project's pyproject.toml.

    [tool.termbase]
    languages = ["ru", "be", "en"]           # languages a glossary or TM may hold (L101)
    required-languages = ["ru", "be", "en"]  # each concept and unit must have them (C101, M106)
    glossary = ["glossary"]                  # what TM segments are checked against (M109)
    select = []                              # default rule codes or prefixes for validate
    ignore = ["C105"]                        # default codes or prefixes to leave out
    usage = "BY"                             # the desk's region: regional terms (--usage)
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .errors import TermbaseError
from .lang import tags
from .project import project_root, shipped_root
from .rules import Config

KNOWN = {"languages", "required-languages", "glossary", "select", "ignore", "usage"}


def load(start: Path | None = None) -> Config:
    root = project_root(start)
    table: dict = {}
    pyproject = root / "pyproject.toml" if root else None
    if pyproject and pyproject.is_file():
        try:
            with open(pyproject, "rb") as stream:
                table = tomllib.load(stream).get("tool", {}).get("termbase", {})
        except tomllib.TOMLDecodeError as error:
            raise TermbaseError(f"not valid TOML: {error}", pyproject) from None
    unknown = sorted(set(table) - KNOWN)
    if unknown:
        raise TermbaseError(f"[tool.termbase] has unknown settings: {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(KNOWN))})", pyproject)
    for key, value in table.items():
        if key == "usage":
            if not isinstance(value, str) or tags.region(value) is None:
                raise TermbaseError("[tool.termbase] usage must be a region subtag («BY», «RU»)",
                                    pyproject)
        elif not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise TermbaseError(f"[tool.termbase] {key} must be a list of strings", pyproject)
    languages = tuple(table.get("languages", Config.languages))
    base = root or shipped_root()
    glossary = [base / path for path in table.get("glossary", ["glossary"])]
    return Config(
        languages=languages,
        required_languages=tuple(table.get("required-languages", Config.required_languages)),
        glossary=tuple(str(path) for path in glossary if path.exists()),
        select=tuple(table.get("select", ())),
        ignore=tuple(table.get("ignore", ())),
        usage=tags.region(table["usage"]) if "usage" in table else None,
    )
