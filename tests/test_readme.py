"""The README's Python API example runs and does what it says (its shell blocks: test_docs)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_api_example_runs(tmp_path, monkeypatch):
    [example] = re.findall(r"```python\n(.*?)```", README, re.S)
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    shutil.copytree(ROOT / "tm", tmp_path / "tm")
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
