"""The README's examples run as written."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_api_example_runs(tmp_path, monkeypatch):
    [example] = re.findall(r"```python\n(.*?)```", README, re.S)
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    shutil.copytree(ROOT / "tm", tmp_path / "tm")
    shutil.copy(ROOT / "glossary" / "organisations.tbx", tmp_path / "big.tbx")
    for lang in ("en", "ru"):
        shutil.copy(ROOT / "tests" / "fixtures" / "check" / f"en-ru.{lang}.md",
                    tmp_path / f"article.{lang}.md")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TERMBASE_CACHE_DIR", str(tmp_path / "cache"))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})
    assert "Саюзная дзяржава" in printed.getvalue()
    assert "union-state inflected 90.0" in printed.getvalue()
    assert re.search(r"^[\w-]+ phrase 100\.0$", printed.getvalue(), re.M)
    assert "article.ru.md:5:66: T105 error «CSTO» is the en acronym of csto" in printed.getvalue()
    glossary = ROOT / "glossary" / "organisations.tbx"
    memory = ROOT / "tm" / "security-and-integration.tmx"
    assert (tmp_path / "out.tbx").read_bytes() == glossary.read_bytes()
    assert (tmp_path / "out.tmx").read_bytes() == memory.read_bytes()
    assert b"<martif" in (tmp_path / "omegat.tbx").read_bytes()


def test_quick_start_lines_are_the_ci_test_line():
    lines = re.findall(r"```sh\n(python3 -m pip install .*?)\n```", README)
    assert lines[:2] == ["python3 -m pip install . && termbase validate",
                         'python3 -m pip install -e ".[test]" && python3 -m pytest']
    assert lines[1] in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("line", re.findall(r"^(termbase (?:lookup|tm search) .*?)(?:\s+#.*)?$",
                                            README, re.M))
def test_lookup_examples_find_something_in_the_shipped_data(line):
    done = subprocess.run([sys.executable, "-m", "termbase", *shlex.split(line)[1:]],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0 and done.stdout, done.stderr
