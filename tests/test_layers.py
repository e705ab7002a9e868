"""The package's architecture, read from its own imports: dependencies run one way.

The map, bottom to top (CONTRIBUTING.md shows the same). A module may import modules of its
own layer or of a layer below, at module level or inside a function alike, and no circle may
form inside a layer. A reader of a file format therefore never pulls in the validation rules,
the index or the analyzers, and nothing below the services knows they exist.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "termbase"

LAYERS = [
    ("foundation", {"termbase", "errors", "diagnostics", "model", "project", "seen"}),
    ("text and files", {"lang.text", "lang.tags", "xmlsafe", "fileio", "inputs"}),
    ("analyzers", {"lang", "lang.ru", "lang.be", "lang.en"}),
    ("formats", {"formats", "formats.*"}),
    ("rules, index, matching", {"rules", "rules.*", "index", "matching", "config"}),
    ("services", {"lookup", "tm", "align", "check", "check_report", "edit", "importing",
                  "export", "validate", "fix", "sarif", "proposals", "serve", "serve.*"}),
    ("command line", {"cli", "__main__"}),
]


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts) or "termbase"] = path
    return names


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The termbase modules a module imports anywhere in its code."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    if name == "termbase":
        package = []
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").startswith("termbase"):
                module = node.module.removeprefix("termbase").lstrip(".")
            else:
                continue
            for alias in node.names:
                child = f"{module}.{alias.name}" if module else alias.name
                found.add(child if child in known else module or "termbase")
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("termbase.") for a in node.names
                      if a.name.startswith("termbase.")}
    return found - {name}


def layer_of(name: str) -> int:
    for number, (_, members) in enumerate(LAYERS):
        if name in members or any(m.endswith(".*") and name.startswith(m[:-1])
                                  for m in members):
            return number
    raise AssertionError(f"termbase.{name} is on no layer of the map in {__file__}")


def graph() -> dict[str, set[str]]:
    names = module_names()
    return {name: imports(name, path, set(names)) for name, path in names.items()}


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    return [f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} "
            f"({LAYERS[layer_of(target)][0]})"
            for name, targets in sorted(edges.items()) for target in sorted(targets)
            if layer_of(target) > layer_of(name)]


def circles(edges: dict[str, set[str]]) -> list[str]:
    found = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(edges.get(name, ())):
            if state.get(target) == "open":
                found.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    return found


def test_every_import_runs_down_the_layers():
    assert not upward_imports(graph()), "\n".join(upward_imports(graph()))


def test_no_module_imports_itself_through_others():
    assert not circles(graph()), "\n".join(circles(graph()))


def test_the_checks_see_what_they_are_for():
    """Last release's two circles, as they were: both checks must flag them."""
    before = {"formats.tbx": {"rules"}, "rules": {"rules.consistency"},
              "rules.consistency": {"index"}, "index": {"formats"}, "formats": {"formats.tbx"},
              "lang": {"lang.be"}, "lang.be": {"lang"}}
    assert upward_imports(before) == ["formats.tbx (formats) imports rules (rules, index, "
                                      "matching)"]
    assert sorted(circles(before)) == [
        "formats -> formats.tbx -> rules -> rules.consistency -> index -> formats",
        "lang -> lang.be -> lang"]
    assert "diagnostics" in graph()["formats.tbx"]
