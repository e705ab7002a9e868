"""`termbase import`: what kind of file it reads, and `--dry-run` as strict as the import.

`--dry-run` runs the import's validation and refuses what the import refuses, with the same
lines and exit status, and writes nothing: not the glossary files, not REMOVED-IDS, not even
a glossary folder that is not there yet. A file is TBX by its root element, whatever its
extension (`export --format tbx2 -o out.tbx2`); bad input is one line naming file and line,
exit status 2, nothing written.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from termbase.edit import Glossary, Refused
from termbase.formats import tbx
from termbase.importing import import_file, plan, read_concepts
from termbase.model import Concept, LanguageSection, Sourced, Term

from test_fuzz import broken, in_file

FIXTURES = Path(__file__).parent / "fixtures"


def termbase(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300, stdin=subprocess.DEVNULL)


def city(cid: str, ru: str, be: str, en: str) -> Concept:
    def term(text: str) -> Term:
        return Term(text, status="preferred", type="fullForm", part_of_speech="properNoun",
                    sources=["https://example.org/"])
    return Concept(cid, subject_fields=["people and places"],
                   definitions=[Sourced(f"City {en}.", "x")],
                   languages=[LanguageSection("ru", [term(ru)]), LanguageSection("be", [term(be)]),
                              LanguageSection("en", [term(en)])])


@pytest.fixture
def project(tmp_path) -> Path:
    """A project with one glossary file and a REMOVED-IDS (vitebsk was removed)."""
    folder = tmp_path / "glossary"
    folder.mkdir()
    tbx.write([city("minsk", "Минск", "Мінск", "Minsk"),
               city("vitebsk", "Витебск", "Віцебск", "Vitebsk")],
              folder / "people-and-places.tbx")
    done = termbase("remove", "vitebsk", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (folder / "REMOVED-IDS").read_text() == "vitebsk\n"
    return tmp_path


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def refused_file(project: Path, kind: str) -> Path:
    """A file whose import the rules refuse: a Belarusian term with the Russian «и» (O105)."""
    if kind == "csv":
        path = project / "bad.csv"
        path.write_text("ru,be,en,subject,source\n"
                        "Гродно,Гродно,Grodno,people and places,x\n"
                        "Гомель,Гомиель,Gomel,people and places,x\n", encoding="utf-8")
        return path
    path = project / "bad.tbx2"
    tbx.write_v2([city("gomel", "Гомель", "Гомиель", "Gomel")], path)
    return path


@pytest.mark.parametrize("kind", ["csv", "tbx2"])
def test_dry_run_refuses_what_the_import_refuses(project, kind):
    path = refused_file(project, kind)
    before = contents(project / "glossary")
    dry = termbase("import", str(path), "--dry-run", cwd=project)
    assert contents(project / "glossary") == before  # REMOVED-IDS too, byte for byte
    real = termbase("import", str(path), cwd=project)
    assert contents(project / "glossary") == before
    assert (dry.returncode, dry.stdout, dry.stderr) == (real.returncode, real.stdout,
                                                         real.stderr)
    lines = dry.stderr.splitlines()
    assert dry.returncode == 1 and "Traceback" not in dry.stderr and dry.stdout == ""
    assert " O105 error Belarusian «Гомиель» contains «и»" in lines[0]
    assert lines[-1].startswith("termbase: refused: the change would leave errors in the "
                                "glossary (nothing written")


def test_plan_is_refused_as_the_import_is(project):
    glossary = Glossary(project / "glossary")
    with pytest.raises(Refused) as refused:
        plan(glossary, refused_file(project, "csv"))
    assert [f.code for f in refused.value.findings] == ["O105"]
    with pytest.raises(Refused):  # --force admits homonyms only
        plan(glossary, refused_file(project, "csv"), homonyms=True)


def test_dry_run_writes_nothing(project, tmp_path):
    table = project / "new.csv"
    table.write_text("id,ru,be,en,subject,source\n"
                     "vitebsk,Витебск,Віцебск,Vitebsk,people and places,x\n"
                     "brest,Брест,Брэст,Brest,transport,x\n", encoding="utf-8")
    before = contents(project / "glossary")
    done = termbase("import", str(table), "--dry-run", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("add      vitebsk-2  people-and-places.tbx  3 terms\n"
                           "add      brest  transport.tbx  3 terms\n")
    assert done.stderr == "2 concepts would be added, 0 changes merged, 0 conflicts\n"
    assert contents(project / "glossary") == before
    nowhere = tmp_path / "not-yet"
    done = termbase("import", str(table), "--dry-run", "-d", str(nowhere), cwd=project)
    assert done.returncode == 0, done.stderr
    assert not nowhere.exists()  # a dry run does not even make the folder


def test_a_tbx2_file_is_tbx_whatever_its_extension(project):
    exported = project / "v2.tbx2"
    tbx.write_v2([city("gomel", "Гомель", "Гомель", "Gomel")], exported)
    for name in ("v2.tbx2", "v2.xml", "v2"):
        path = project / name
        path.write_bytes(exported.read_bytes())
        done = termbase("import", str(path), "--dry-run", cwd=project)
        assert (done.returncode, done.stdout) == (
            0, "add      gomel  people-and-places.tbx  3 terms\n"), done.stderr


@pytest.mark.parametrize("name, data, message", [
    ("cut.tbx2", None, r":5:\d+: not well-formed XML: Premature end of data"),
    ("memory.xml", (FIXTURES / "tmx" / "canonical.tmx").read_bytes(),
     re.escape(": not a TBX file: its root element is neither <tbx> nor <martif> (import "
               "reads .csv, .tsv, .txt, .xlsx and TBX)")),
    ("terms.json", b'{"ru": "\\u041c\\u0438\\u043d\\u0441\\u043a"}\n',
     re.escape(": unknown kind of file: give .csv, .tsv, .txt, .xlsx, or TBX (v3 or TBX 2, "
               "any extension)")),
    ("binary.dat", bytes(range(256)), ": unknown kind of file: "),
])
def test_what_is_not_a_readable_glossary_is_one_line(project, name, data, message):
    path = project / name
    if data is None:  # a TBX 2 file cut inside its header
        tbx.write_v2([city("gomel", "Гомель", "Гомель", "Gomel")], path)
        data = b"\n".join(path.read_bytes().splitlines()[:5])
    path.write_bytes(data)
    before = contents(project / "glossary")
    for dry_run in ([], ["--dry-run"]):
        done = termbase("import", str(path), *dry_run, cwd=project)
        assert done.returncode == 2 and done.stdout == "", done.stderr
        assert re.match(f"termbase: error: {re.escape(str(path))}{message}", done.stderr), \
            done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert contents(project / "glossary") == before


def test_import_file_of_an_api_caller_refuses_with_nothing_written(project):
    glossary = Glossary(project / "glossary")
    before = contents(glossary.folder)
    with pytest.raises(Refused):
        import_file(glossary, refused_file(project, "tbx2"))
    assert contents(glossary.folder) == before


def _tbx2_seed() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed.tbx2"
        tbx.write_v2([city("gomel", "Гомель", "Гомель", "Gomel")], path)
        return path.read_bytes()


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(broken(_tbx2_seed()), st.binary(max_size=200)),
       st.sampled_from([".tbx2", ".xml", ""]))
def test_any_file_of_another_extension_is_read_or_refused_in_one_line(data, suffix):
    """What is sniffed for its root: a result, or our one-line error, never another."""
    in_file(data, suffix, lambda path: read_concepts(path, {}, set()))
