"""Text output is safe on a terminal: control characters, bidi overrides and isolates and
other invisible format characters from the data (terms, notes, segments, file names) are
shown escaped (`\\u202e`) by lookup, show, tm search, validate and check; JSON keeps them."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from termbase.edit import add_term
from termbase.formats import tbx, tmx
from termbase.model import Concept, Sourced, TranslationUnit, Variant

FIXTURES = Path(__file__).parent / "fixtures"
# Right-to-left override and isolate, pop, C1 CSI, next line, carriage return, soft hyphen,
# zero-width space, left-to-right mark, line separator: what XML can carry.
HIDDEN = "\u202e\u2066\u2069\u009b\u0085\r\u00ad\u200b\u200e\u2028"
# What only a file name can bring: bell, backspace, an OSC sequence (sets the window title).
NAME = "evil\x1b]0;pwned\x07\x08\u202e.tbx"
RAW = HIDDEN + "\x1b\x07\x08"
ESCAPED = "\\u202e\\u2066\\u2069\\x9b\\x85\\x0d\\xad\\u200b\\u200e\\u2028"


def termbase(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300, stdin=subprocess.DEVNULL,
                          errors="surrogateescape")


def visible(output: str) -> None:
    """No character a terminal would act on or hide, but newline and tab."""
    hidden = {c for c in output if c not in "\n\t"
              and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")}
    assert hidden == set(), output


@pytest.fixture
def project(tmp_path) -> Path:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    concept = Concept("hostile-union", subject_fields=[f"subject{HIDDEN}"],
                      definitions=[Sourced(f"Definition{HIDDEN}.", "x")], notes=[f"n{HIDDEN}"])
    for lang, text in (("ru", "Враждебный союз"), ("be", "Варожы саюз"), ("en", "Hostile Union")):
        add_term(concept, lang, text, sources=[f"source{HIDDEN}"]).notes.append(f"t{HIDDEN}")
    add_term(concept, "en", f"Hostile{HIDDEN}Alliance", "variant", "admitted")
    tbx.write([concept], glossary / "hostile.tbx")
    (glossary / NAME).write_bytes((glossary / "hostile.tbx").read_bytes())
    (tmp_path / "tm").mkdir()
    unit = TranslationUnit("u1", [Variant("en", [f"The Hostile Union{HIDDEN} met."]),
                                  Variant("ru", [f"Враждебный союз{HIDDEN} собрался."])])
    tmx.write([unit], tmp_path / "tm" / "hostile.tmx")
    return tmp_path


def test_lookup_escapes_what_the_terms_hold(project):
    data = ["-d", str(project / "glossary" / "hostile.tbx")]
    for output_format in ("text", "tsv"):
        done = termbase("lookup", "Hostile Union", "--format", output_format, *data, cwd=project)
        assert done.returncode == 0, done.stderr
        visible(done.stdout + done.stderr)
        assert f"Hostile{ESCAPED}Alliance" in done.stdout


def test_show_escapes_every_field(project):
    done = termbase("show", "hostile-union", cwd=project)
    assert done.returncode == 0, done.stderr
    visible(done.stdout)
    for label in ("subject: subject", "definition: Definition", "note: n", "source: source",
                  "note: t"):
        assert f"{label}{ESCAPED}" in done.stdout
    assert "evil\\x1b]0;pwned\\x07\\x08\\u202e.tbx" in done.stdout.splitlines()[0]


def test_json_output_keeps_the_data_exact(project):
    done = termbase("lookup", "Hostile Union", "--format", "json", "-d",
                    str(project / "glossary" / "hostile.tbx"), cwd=project)
    terms = [t["term"] for r in json.loads(done.stdout) for ts in r["languages"].values()
             for t in ts]
    assert f"Hostile{HIDDEN}Alliance" in terms


def test_tm_search_escapes_segments(project):
    done = termbase("tm", "search", "Hostile Union", "-d", str(project / "tm"), cwd=project)
    assert done.returncode == 0, done.stderr
    visible(done.stdout + done.stderr)
    assert "Hostile Union\\u202e" in done.stdout


def test_validate_escapes_terms_and_file_names(project):
    done = termbase("validate", "glossary", "tm", cwd=project)
    visible(done.stdout + done.stderr)
    assert "evil\\x1b]0;pwned\\x07\\x08\\u202e.tbx:" in done.stdout
    assert "\\u202e" in done.stdout.split(".tbx:", 1)[1]  # in a finding's text too


def test_check_escapes_file_names_in_findings(project):
    article = project / f"article{RAW}.txt"
    article.write_text("The CSTO and Byelorussia.\n", encoding="utf-8")
    done = termbase("check", "--lang", "en", article.name, "-d",
                    str(FIXTURES / "check" / "glossary.tbx"), cwd=project)
    assert done.returncode == 1, done.stderr
    visible(done.stdout + done.stderr)
    assert "article\\u202e\\u2066" in done.stdout
