"""Every command block of README.md and CONTRIBUTING.md runs as written, with the output shown.

Each document runs top to bottom in its own copy of the project (shipped glossary and TM, a
git repository so `git diff` works, and the example files the commands name, from
`tests/fixtures/docs/`). Blocks:

- `sh`: each command must exit 0, or the status its comment documents (`# exit 1: …`);
- `console`: `$ command` lines are run, and what they print (stdout and stderr, as a terminal
  shows them) must equal the lines below them, with only the workspace path and timings
  normalised;
- `python`: run as a script in the workspace;
- `toml`, `yaml`: configuration shown, not run.

The quick-start install lines are not run here: `.ci/run` runs them, exactly as written, in a
fresh virtual environment (`test_ci_runs_the_quick_start_lines`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "fixtures" / "docs"
DOCUMENTS = ("README.md", "CONTRIBUTING.md")
QUICK_START = ["python3 -m pip install . && termbase validate",
               'python3 -m pip install -e ".[test]" && python3 -m pytest']
FENCE = re.compile(r"^(?P<indent> *)```(?P<kind>\w*)\n(?P<body>.*?)^(?P=indent)```$", re.M | re.S)
DOCUMENTED_EXIT = re.compile(r"\s#[^\n]*?\bexit (\d+)\b")
TIMING = re.compile(r"\b\d+(?:\.\d+)? ?(?:ms|s)\b")


@dataclass
class Command:
    document: str
    line: int  # where the command starts in the document
    text: str
    expected_exit: int
    expected_output: str | None  # None: a `sh` block, output not shown


@dataclass
class Block:
    kind: str
    line: int
    body: str


def blocks(document: str) -> list[Block]:
    text = (ROOT / document).read_text(encoding="utf-8")
    found = []
    for fence in FENCE.finditer(text):
        body = textwrap.dedent(fence["body"]) if fence["indent"] else fence["body"]
        found.append(Block(fence["kind"], text.count("\n", 0, fence.start()) + 2, body))
    return found


def commands(document: str, block: Block) -> list[Command]:
    """The commands of a `sh` or `console` block, continuation lines joined."""
    found: list[Command] = []
    lines = block.body.splitlines()
    index = 0
    while index < len(lines):
        raw = lines[index]
        start = index
        index += 1
        if block.kind == "console":
            if not raw.startswith("$ "):
                found[-1].expected_output += raw + "\n"
                continue
            raw = raw[2:]
        elif not raw.strip() or raw.lstrip().startswith("#"):
            continue
        while raw.endswith("\\") and index < len(lines):
            raw += "\n" + lines[index]
            index += 1
        status = DOCUMENTED_EXIT.search(raw)
        found.append(Command(document, block.line + start, raw,
                             int(status[1]) if status else 0,
                             "" if block.kind == "console" else None))
    return found


def workspace(tmp_path: Path) -> Path:
    """A copy of the project as a user has it after cloning, plus the examples' own files."""
    work = tmp_path / "project"
    work.mkdir()
    for name in ("glossary", "tm"):
        shutil.copytree(ROOT / name, work / name)
    for name in ("pyproject.toml", "README.md", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, work / name)
    for example in EXAMPLES.iterdir():
        shutil.copy(example, work / example.name)
    git = ["git", "-c", "user.name=docs", "-c", "user.email=docs@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=work, check=True)
    subprocess.run([*git, "add", "."], cwd=work, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "as shipped"], cwd=work, check=True)
    return work


def run(command: Command, work: Path, env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run(["bash", "-c", command.text], cwd=work, env=env, timeout=600,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return done.returncode, done.stdout


def normalise(output: str, work: Path) -> str:
    output = output.replace(f"{work}/", "").replace(str(work), ".")
    return TIMING.sub("<time>", output).rstrip("\n")


def environment(tmp_path: Path) -> dict[str, str]:
    scripts = Path(sys.executable).parent
    if not (scripts / "termbase").exists():
        pytest.fail(f"no `termbase` script beside {sys.executable}: install the project "
                    "first (README: python3 -m pip install -e \".[test]\")")
    env = dict(os.environ)
    env.update(PATH=f"{scripts}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1",
               PYTHONUNBUFFERED="1", COLUMNS="100", TERMBASE_CACHE_DIR=str(tmp_path / "cache"),
               GIT_PAGER="cat", GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path),
               GIT_AUTHOR_NAME="docs", GIT_AUTHOR_EMAIL="docs@example.org",
               GIT_COMMITTER_NAME="docs", GIT_COMMITTER_EMAIL="docs@example.org")
    env.pop("TERMBASE_SHARED", None)
    return env


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_block_has_a_known_kind(document):
    kinds = {block.kind for block in blocks(document)}
    assert kinds <= {"sh", "console", "python", "toml", "yaml"}, (
        f"{document}: an untyped or unknown block would go unchecked: {kinds}")


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_documented_command_runs_as_shown(document, tmp_path):
    work = workspace(tmp_path)
    env = environment(tmp_path)
    failures = []
    ran = 0
    for block in blocks(document):
        if block.kind == "python":
            script = tmp_path / "example.py"
            script.write_text(block.body, encoding="utf-8")
            command = Command(document, block.line, f"{sys.executable} {script}", 0, None)
            runs = [command]
        elif block.kind in ("sh", "console"):
            runs = [c for c in commands(document, block) if c.text not in QUICK_START]
        else:
            continue
        for command in runs:
            status, output = run(command, work, env)
            ran += 1
            where = f"{document}:{command.line}: {command.text!r}"
            if status != command.expected_exit:
                failures.append(f"{where} exited {status}, documented {command.expected_exit}"
                                f"\n{output[-2000:]}")
            elif command.expected_output is not None:
                shown = normalise(command.expected_output, work)
                printed = normalise(output, work)
                if shown != printed:
                    failures.append(f"{where} printed\n{printed}\n--- the document shows\n"
                                    f"{shown}")
    assert ran, f"{document} has no command to run"
    assert not failures, "\n\n".join(failures)


def test_ci_runs_the_quick_start_lines():
    """The README's two lines are the first commands of the README, and .ci/run takes them
    from the README itself, so the line a newcomer types is the line CI runs."""
    readme = blocks("README.md")
    first = [c.text for block in readme if block.kind == "sh"
             for c in commands("README.md", block)][:2]
    assert first == QUICK_START
    contributing = [c.text for block in blocks("CONTRIBUTING.md") if block.kind == "sh"
                    for c in commands("CONTRIBUTING.md", block)]
    assert QUICK_START[1] in contributing
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "python3 -m venv" in ci
    done = subprocess.run(["bash", str(ROOT / ".ci" / "run"), "--print-quick-start"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == QUICK_START


def test_lowest_versions_are_the_lower_bounds_of_pyproject():
    """.ci/run tests the ranges we claim: its constraints pin each range's lower bound."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    bounds = {}
    for requirement in requirements:
        name, lowest = re.fullmatch(r"([\w.-]+)(?:\[[\w,]+\])?>=([\w.]+),<[\w.]+(?:;.*)?",
                                    requirement).groups()
        bounds[name.lower()] = lowest
    pins = {}
    for line in (ROOT / ".ci" / "lowest-versions.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower()] = version
    assert pins.keys() == bounds.keys()
    for name, lowest in bounds.items():
        assert pins[name].split(".")[:len(lowest.split("."))] == lowest.split("."), name
