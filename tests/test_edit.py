"""Contributors' commands: add, show, edit, remove, import — and the glossary never damaged."""

from __future__ import annotations

import difflib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from termbase.formats import tbx
from termbase.model import Concept, LanguageSection, Sourced, Term

FIXTURES = Path(__file__).parent / "fixtures"


def termbase(*args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300, stdin=subprocess.DEVNULL)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def clean_concept(cid: str, ru: str, be: str, en: str, subject="people and places") -> Concept:
    def term(text):
        return Term(text, status="preferred", type="fullForm", part_of_speech="properNoun",
                    sources=["https://example.org/"])
    return Concept(cid, subject_fields=[subject], definitions=[Sourced(f"{en}.", "x")],
                   languages=[LanguageSection("ru", [term(ru)]), LanguageSection("be", [term(be)]),
                              LanguageSection("en", [term(en)])])


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "glossary"
    folder.mkdir()
    tbx.write([clean_concept("minsk", "Минск", "Мінск", "Minsk"),
               clean_concept("vitebsk", "Витебск", "Віцебск", "Vitebsk")],
              folder / "people-and-places.tbx")
    return tmp_path


ADD_BREST = ["add", "--ru", "Брест", "--be", "Брэст", "--en", "Brest", "--subject",
             "people and places", "--source", "https://brest.gov.by/", "--pos", "properNoun",
             "--definition", "City in western Belarus.", "--yes"]


def test_add_writes_one_contiguous_hunk(project):
    path = project / "glossary" / "people-and-places.tbx"
    before = path.read_text(encoding="utf-8").splitlines()
    done = termbase(*ADD_BREST, cwd=project)
    assert done.returncode == 0 and done.stderr.strip() == f"added concept «brest» to {path}"
    after = path.read_text(encoding="utf-8").splitlines()
    changes = [op for op in difflib.SequenceMatcher(None, before, after).get_opcodes()
               if op[0] != "equal"]
    assert [op[0] for op in changes] == ["insert"]  # one hunk, nothing else moved
    [brest] = [c for c in tbx.read_all(path)[1] if c.id == "brest"]
    assert [(lang, t.text, t.status) for lang, t in brest.terms()] == [
        ("ru", "Брест", "preferred"), ("be", "Брэст", "preferred"), ("en", "Brest", "preferred")]
    assert termbase("validate", cwd=project).returncode == 0


def test_abbreviations_and_variants(project):
    termbase("add", "--ru", "Организация Североатлантического договора", "--be",
             "Арганізацыя Паўночнаатлантычнага дагавора", "--en",
             "North Atlantic Treaty Organization", "--abbr", "ru=НАТО", "--abbr", "be=НАТА",
             "--abbr", "en=NATO", "--variant", "en=North Atlantic Alliance",
             "--variant", "ru=Североатлантический альянс:admitted", "--subject", "organisations",
             "--new-subject", "--source", "https://www.nato.int/", "--pos", "properNoun", "--yes",
             cwd=project, check=True)
    [nato] = tbx.read_all(project / "glossary" / "organisations.tbx")[1]
    assert nato.id == "north-atlantic-treaty-organization"
    acronym = next(t for lang, t in nato.terms() if t.text == "АДКБ" or t.text == "НАТА")
    assert acronym.type == "acronym" and acronym.cross_references[0].text == \
        "Арганізацыя Паўночнаатлантычнага дагавора"
    assert ("en", "North Atlantic Alliance", "admitted", "variant") in [
        (lang, t.text, t.status, t.type) for lang, t in nato.terms()]


def test_duplicates_are_shown_and_refused_unless_merged(project):
    path = project / "glossary" / "people-and-places.tbx"
    before = path.read_bytes()
    done = termbase("add", "--ru", "Минске", "--en", "Minsk", "--yes", cwd=project)
    assert done.returncode == 1 and path.read_bytes() == before
    assert "ru «Минске» is already in «minsk» (inflected 90: ru «Минск»)" in done.stderr
    merged = termbase("add", "--variant", "be=Менск:deprecated", "--source",
                      "https://be-tarask.wikipedia.org/", "--merge-into", "minsk", "--yes",
                      cwd=project)
    assert merged.returncode == 0, merged.stderr
    minsk = next(c for c in tbx.read_all(path)[1] if c.id == "minsk")
    assert ("Менск", "deprecated") in [(t.text, t.status) for t in minsk.language("be").terms]


def test_invalid_additions_are_refused_with_nothing_written(project):
    path = project / "glossary" / "people-and-places.tbx"
    before = path.read_bytes()
    done = termbase("add", "--ru", "Гродно", "--subject", "people and places", "--yes",
                    cwd=project)
    assert done.returncode == 1 and path.read_bytes() == before
    assert "C101 error concept «grodno» has no term in be" in done.stderr
    assert "nothing written" in done.stderr and "--force" not in done.stderr
    homoglyph = termbase("add", "--ru", "Гродно", "--be", "Гродна", "--en", "Grodnо",  # Cyrillic о
                         "--subject", "people and places", "--yes", cwd=project)
    assert homoglyph.returncode == 1 and "O103" in homoglyph.stderr
    assert path.read_bytes() == before
    forced = termbase("add", "--ru", "Гродно", "--subject", "people and places", "--yes",
                      "--force", cwd=project)  # --force admits homonyms, not errors
    assert forced.returncode == 1 and "C101 error" in forced.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("args,message", [
    (["add", "--term", "Минск", "--yes"], "--term wants LANG=TEXT"),
    (["add", "--yes"], "no term given"),
    (["edit", "nowhere", "--note", "x"], "no concept with id «nowhere»"),
    (["show", "nowhere"], "no concept with id «nowhere»"),
    (["import", "absent.csv"], "does not exist"),
])
def test_usage_errors_exit_2_and_write_nothing(project, args, message):
    before = {p: p.read_bytes() for p in (project / "glossary").iterdir()}
    done = termbase(*args, cwd=project)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in (project / "glossary").iterdir()} == before


def test_show_edit_remove(project):
    shown = json.loads(termbase("show", "minsk", "--format", "json", cwd=project).stdout)
    assert shown["id"] == "minsk" and shown["languages"][1]["terms"][0]["text"] == "Мінск"
    # (as a deprecated variant it would be taken: one is often recorded because it is wrong)
    termbase("edit", "minsk", "--add-variant", "ru=Мінск:admitted", "--note", "Capital.",
             "--source", "https://minsk.gov.by/", cwd=project)
    edited = termbase("edit", "minsk", "--add-variant", "ru=Менск:deprecated",
                      "--status", "ru=Менск:admitted", "--definition", "Capital of Belarus.",
                      "--source", "https://minsk.gov.by/", cwd=project)
    assert edited.returncode == 0, edited.stderr
    text = termbase("show", "minsk", cwd=project).stdout
    assert "definition: Capital of Belarus." in text
    assert "Менск (admitted, variant, properNoun)" in text  # the concept's part of speech
    assert "Мінск" not in text.split("ru    Минск")[1].split("be")[0]  # the ru і was refused
    termbase("edit", "minsk", "--remove-term", "ru=Менск", cwd=project, check=True)
    assert "Менск" not in termbase("show", "minsk", cwd=project).stdout
    termbase("remove", "vitebsk", cwd=project, check=True)
    assert (project / "glossary" / "REMOVED-IDS").read_text() == "vitebsk\n"
    termbase("add", "--ru", "Витебск", "--be", "Віцебск", "--en", "Vitebsk", "--subject",
             "people and places", "--source", "x", "--pos", "properNoun", "--yes",
             cwd=project, check=True)
    assert "vitebsk-2" in (project / "glossary" / "people-and-places.tbx").read_text()
    termbase("remove", "minsk", "--deprecate", cwd=project, check=True)
    minsk = termbase("show", "minsk", cwd=project).stdout
    assert "(preferred," not in minsk and minsk.count("(deprecated,") == 3
    assert "note: Deprecated concept: every term is deprecated." in minsk


KILLED_AT_THE_RENAME = """
import os, sys
from pathlib import Path
from termbase import cli

folder, rename = Path(sys.argv[1]), os.replace

def die_in_the_glossary(source, destination, *args, **kwargs):
    if Path(destination).parent == folder:
        os._exit(137)  # as kill -9 would, between REMOVED-IDS and the TBX
    return rename(source, destination, *args, **kwargs)

os.replace = die_in_the_glossary
sys.argv = ["termbase", "remove", "vitebsk", "-d", str(folder)]
cli.run()
"""


def test_a_removed_id_is_listed_before_its_concept_leaves_the_file(project):
    folder = project / "glossary"
    path = folder / "people-and-places.tbx"
    before = path.read_bytes()
    killed = subprocess.run([sys.executable, "-c", KILLED_AT_THE_RENAME, str(folder)],
                            capture_output=True, text=True, cwd=project)
    assert killed.returncode == 137, killed.stderr
    assert path.read_bytes() == before  # the concept is still there ...
    assert (folder / "REMOVED-IDS").read_text() == "vitebsk\n"  # ... and its id already retired
    termbase("remove", "vitebsk", cwd=project, check=True)  # done again: listed once
    assert (folder / "REMOVED-IDS").read_text() == "vitebsk\n"
    assert [c.id for c in tbx.read_all(path)[1]] == ["minsk"]


def test_a_remove_that_fails_to_write_leaves_the_id_free(project, monkeypatch):
    """A refusal the process survives (permission, full disk) changes nothing at all."""
    import errno

    from click.testing import CliRunner

    from termbase import cli
    from termbase.errors import TermbaseError

    folder = project / "glossary"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    rename = os.replace

    def fail_in_the_glossary(source, destination, *args, **kwargs):
        if Path(destination).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(destination))
        return rename(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", fail_in_the_glossary)
    result = CliRunner().invoke(cli.main, ["remove", "vitebsk", "-d", str(folder)])
    monkeypatch.undo()
    assert isinstance(result.exception, TermbaseError), result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("concept_id", ["vitebsk", "minsk"])
def test_add_refuses_an_id_removed_or_in_use(project, concept_id):
    termbase("remove", "vitebsk", cwd=project, check=True)
    files = {p: p.read_bytes() for p in (project / "glossary").iterdir()}
    done = termbase("add", "--ru", "Витебск", "--be", "Віцебск", "--en", "Vitebsk", "--subject",
                    "people and places", "--source", "x", "--pos", "properNoun", "--id",
                    concept_id, "--force", "--yes", cwd=project)
    assert done.returncode == 2 and done.stderr == (
        f"termbase: error: concept id «{concept_id}» is taken: in use, or listed in REMOVED-IDS "
        "(ids are never given out again)\n")
    assert {p: p.read_bytes() for p in (project / "glossary").iterdir()} == files


def test_import_gives_a_removed_id_a_new_one(project):
    termbase("remove", "vitebsk", cwd=project, check=True)
    table = project / "vitebsk.csv"
    table.write_text("id,ru,be,en,subject,source\n"
                     "vitebsk,Витебск,Віцебск,Vitebsk,people and places,x\n", encoding="utf-8")
    done = termbase("import", str(table), "--force", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "add      vitebsk-2  people-and-places.tbx  3 terms\n"


def test_import_csv_with_header_mapping_dry_run_and_conflicts(project):
    table = project / "cities.csv"
    table.write_text("Russisch,be,en,subject,source\n"
                     "Гомель,Гомель,Gomel,people and places,https://gomel.gov.by/\n"
                     "Минск,Мінск,Minsk City,people and places,https://minsk.gov.by/\n"
                     "Витебск,Віцебск,Vitebsk,people and places,https://vitebsk.gov.by/\n",
                     encoding="utf-8")
    path = project / "glossary" / "people-and-places.tbx"
    before = path.read_bytes()
    dry = termbase("import", str(table), "--map", "Russisch=ru", "--dry-run", cwd=project)
    assert dry.stdout.splitlines() == [
        "add      gomel  people-and-places.tbx  3 terms",
        "conflict minsk  people-and-places.tbx  en preferred term is «Minsk» in the glossary, "
        "«Minsk City» in the import; kept «Minsk»"]
    assert dry.returncode == 1 and path.read_bytes() == before
    done = termbase("import", str(table), "--map", "Russisch=ru", cwd=project)
    assert done.returncode == 1  # the conflict is reported, the rest is merged
    ids = [c.id for c in tbx.read_all(path)[1]]
    assert ids == ["gomel", "minsk", "vitebsk"]
    unknown = termbase("import", str(table), cwd=project)
    assert unknown.returncode == 2 and "column «Russisch» is neither a language" in unknown.stderr


def test_import_round_trips_through_tbx_and_xlsx(tmp_path, project):
    for fmt, name in (("tbx", "all.tbx"), ("xlsx", "all.xlsx"), ("tbx2", "all-v2.tbx")):
        exported = tmp_path / name
        termbase("export", "--format", fmt, "-o", str(exported), cwd=project, check=True)
        target = tmp_path / f"empty-{fmt}"
        (target / "glossary").mkdir(parents=True)
        termbase("import", str(exported), "-d", str(target / "glossary"), cwd=project,
                 check=True)
        original = sorted((c.id, lang, t.text, t.status, t.type)
                          for p in (project / "glossary").glob("*.tbx")
                          for c in tbx.read_all(p)[1] for lang, t in c.terms())
        imported = sorted((c.id, lang, t.text, t.status, t.type)
                          for p in (target / "glossary").glob("*.tbx")
                          for c in tbx.read_all(p)[1] for lang, t in c.terms())
        assert imported == original, fmt


def accepting_incomplete_concepts(project: Path) -> None:
    """A project whose concepts need not have every language (C101): IATE and old TBX 2
    exports seldom have Belarusian, and --force no longer lets an error in."""
    (project / "pyproject.toml").write_text('[tool.termbase]\nrequired-languages = []\n',
                                            encoding="utf-8")


def test_import_an_iate_style_tbx(project):
    iate = str(FIXTURES / "edit" / "iate-export.tbx")
    refused = termbase("import", iate, "--force", cwd=project)
    assert refused.returncode == 1 and "C101 error concept «iate-882145» has no term in be" \
        in refused.stderr
    accepting_incomplete_concepts(project)
    done = termbase("import", iate, cwd=project)
    assert done.returncode == 0, done.stderr
    assert "add      iate-882145" in done.stdout
    merged = [line for line in done.stdout.splitlines() if line.startswith("merge")]
    assert merged == ["merge    minsk  people-and-places.tbx  + be «Менск» (deprecated)"]


def test_twenty_concurrent_additions_all_land(project):
    folder = project / "glossary"
    processes = [subprocess.Popen(
        [sys.executable, "-m", "termbase", "add", "--ru", f"Город {n}", "--be", f"Горад {n}",
         "--en", f"City {n}", "--subject", "people and places", "--source", "test",
         "--pos", "properNoun", "--id", f"city-{n}", "--force", "--yes"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        for n in range(20)]
    assert [p.wait(timeout=300) for p in processes] == [0] * 20
    ids = [c.id for c in tbx.read_all(folder / "people-and-places.tbx")[1]]
    assert sorted(ids) == sorted([f"city-{n}" for n in range(20)] + ["minsk", "vitebsk"])


def test_a_process_killed_while_writing_leaves_the_old_or_the_new_file(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    big = [clean_concept(f"c{n:05d}", f"Город {n}", f"Горад {n}", f"City {n}")
           for n in range(6000)]
    path = folder / "people-and-places.tbx"
    tbx.write(big, path)
    random.seed(3)
    outcomes = set()
    for attempt in range(6):
        count = len(tbx.read_all(path)[1])
        process = subprocess.Popen(
            [sys.executable, "-m", "termbase", "add", "--ru", f"Новый {attempt}",
             "--be", f"Новы {attempt}", "--en", f"New {attempt}", "--subject",
             "people and places", "--source", "x", "--force", "--yes"],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL)
        time.sleep(random.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = len(tbx.read_all(path)[1])  # parses: never half a file
        assert after in (count, count + 1)
        outcomes.add(after - count)
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    termbase("add", "--ru", "Последний", "--be", "Апошні", "--en", "Last", "--subject",
             "people and places", "--source", "x", "--force", "--yes", cwd=tmp_path,
             check=True)
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]  # cleaned next time
    assert outcomes, leftovers


IMPORT_NEEDING_REPAIRS = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>an old export</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="1875432">
      <transacGrp><transac type="transactionType">origination</transac>
        <date>20010507T10:57:25Z</date><transacNote type="responsibility"
        target="t-en">Anna</transacNote></transacGrp>
      <langSet xml:lang="{lang}"><tig id="1875432 ru"><term>Гомель</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
      <langSet xml:lang="en"><tig id="t-en"><term>Gomel</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>Homel</term><ref type="crossReference" target="1875432 ru">Гомель</ref>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_import_repairs_what_the_schemas_reject_and_says_so(project):
    """IATE's numeric ids, ids with spaces and TBX 2 basic-format dates once went into the
    glossary as they were, and the written file failed the TBX core schema."""
    path = project / "old.tbx"
    path.write_text(IMPORT_NEEDING_REPAIRS.format(lang="---"), encoding="utf-8")
    refused = termbase("import", str(path), "--force", cwd=project)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "language tag «---» of concept «concept-1875432» is not BCP 47" in refused.stderr
    assert "--map-lang" in refused.stderr
    accepting_incomplete_concepts(project)
    done = termbase("import", str(path), "--map-lang", "---=ru", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:4] == [
        "repair   concept-1875432  old.tbx  id «1875432» → «concept-1875432» (the old one kept "
        "in a note)",
        "repair   concept-1875432  old.tbx  term id «1875432 ru» → «concept-1875432-ru-1»",
        "repair   concept-1875432  old.tbx  date «20010507T10:57:25Z» → «2001-05-07T10:57:25Z»",
        "repair   concept-1875432  old.tbx  transactionType «origination» → «creation»"]
    assert "4 repairs" in done.stderr
    [written] = [p for p in (project / "glossary").glob("*.tbx")
                 if "concept-1875432" in p.read_text(encoding="utf-8")]
    [concept] = [c for c in tbx.read_all(written)[1] if c.id == "concept-1875432"]
    assert concept.notes == ["id in old.tbx: 1875432"]
    kept = written.read_text(encoding="utf-8")  # the repaired date, and what else it held
    assert "<date>2001-05-07T10:57:25Z</date>" in kept and 'target="t-en">Anna' in kept
    assert '<transac type="transactionType">creation</transac>' in kept
    [homel] = [t for lang, t in concept.terms() if t.text == "Homel"]
    assert homel.cross_references[0].target == "concept-1875432-ru-1"
    standards = Path(__file__).resolve().parent.parent.parent / "shared" / "standards"
    if standards.is_dir():
        from lxml import etree
        rng = etree.RelaxNG(etree.parse(str(standards / "tbx3" / "core" /
                                            "TBXcoreStructV03.rng")))
        assert rng.validate(etree.parse(str(written))), rng.error_log.last_error


@pytest.mark.parametrize("command", [
    [*ADD_BREST, "--variant", "en=Brest-Litovsk:forbidden"],
    ["edit", "minsk", "--add-variant", "en=Minsk City:forbidden"],
])
def test_an_unknown_status_is_refused_not_stored_as_term_text(project, command):
    """«cyberdefence:forbidden» used to become the admitted term «cyberdefence:forbidden»."""
    path = project / "glossary" / "people-and-places.tbx"
    before = path.read_bytes()
    done = termbase(*command, cwd=project)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "unknown status «forbidden»" in done.stderr and "preferred, admitted or deprecated" \
        in done.stderr
    assert path.read_bytes() == before
    colon = termbase("edit", "minsk", "--add-variant", "en=Minsk: the capital:admitted",
                     cwd=project)
    assert colon.returncode == 0, colon.stderr
    assert "Minsk: the capital" in path.read_text(encoding="utf-8")


def test_merge_into_skips_the_terms_the_concept_has(project):
    """It used to copy them and then refuse the duplicate it had made («Минск», «Минск»)."""
    done = termbase("add", "--ru", "Минск", "--variant", "en=Minsk City", "--merge-into",
                    "minsk", "--yes", "--source", "https://minsk.gov.by/", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "kept: «Минск» (ru) is a term of «minsk» already" in done.stderr
    assert "added 1 terms to «minsk»" in done.stderr
    [minsk] = [c for c in tbx.read_all(project / "glossary" / "people-and-places.tbx")[1]
               if c.id == "minsk"]
    assert [t.text for lang, t in minsk.terms() if lang == "ru"] == ["Минск"]
    assert "Minsk City" in [t.text for _, t in minsk.terms()]


def test_a_subject_field_must_exist_unless_it_is_new(project):
    folder = project / "glossary"
    args = ["add", "--ru", "Гродно", "--be", "Гродна", "--en", "Grodno", "--pos", "properNoun",
            "--source", "https://grodno.gov.by/", "--yes"]
    refused = termbase(*args, "--subject", "people and place", cwd=project)  # a typo
    assert refused.returncode == 2
    assert "no subject field «people and place» (it has: people and places)" in refused.stderr
    assert sorted(p.name for p in folder.glob("*.tbx")) == ["people-and-places.tbx"]
    started = termbase(*args, "--subject", "regions", "--new-subject", cwd=project)
    assert started.returncode == 0, started.stderr
    assert (folder / "regions.tbx").exists()


def test_force_admits_a_homonym_and_nothing_else(project):
    """--force once skipped every check; now it only lets a term another concept prefers in,
    marks the concept so that validate accepts it, and still prints the other findings."""
    folder = project / "glossary"
    brest = ["--be", "Брэст", "--en", "Brest", "--subject", "people and places", "--yes"]
    refused = termbase("add", "--ru", "Минск", *brest, cwd=project)
    assert refused.returncode == 1 and "already in «minsk»" in refused.stderr
    forced = termbase("add", "--ru", "Минск", *brest, "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert "ru «Минск» is already in «minsk»" in forced.stderr  # still said
    assert "C105 warning ru term «Минск» has no source" in forced.stderr  # other findings too
    assert "kept «brest» as a homonym (--force): a note in it waives U101" in forced.stderr
    [brest_concept] = [c for c in tbx.read_all(folder / "people-and-places.tbx")[1]
                       if c.id == "brest"]
    assert brest_concept.notes[0].startswith("x-termbase-ignore: U101 (a homonym")
    validated = termbase("validate", "-d", str(folder), cwd=project)
    assert "U101" not in validated.stdout, validated.stdout
    before = {p: p.read_bytes() for p in folder.iterdir()}
    latin = termbase("add", "--ru", "Минск", "--be", "Мінск", "--en", "Minsк", "--subject",
                     "people and places", "--yes", "--force", cwd=project)  # Cyrillic к
    assert latin.returncode == 1 and "O103" in latin.stderr
    assert {p: p.read_bytes() for p in folder.iterdir()} == before


def test_a_refusal_shows_the_proposed_lines_its_numbers_point_to(project):
    done = termbase("add", "--ru", "Гомeль", "--be", "Гомель", "--en", "Gomel", "--subject",
                    "people and places", "--yes", cwd=project)  # Latin e; Russian е in be
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    finding = next(n for n, line in enumerate(lines) if "O103 error «Гомeль»" in line)
    number = int(lines[finding].split(":")[1])
    assert lines[finding + 1] == f"  {number:>6} | <term>Гомeль</term>"
    assert "line numbers are those of the file as it would be written" in lines[-1]


def test_edit_definition_keeps_or_replaces_its_source_never_drops_it(project):
    def definition() -> tuple[str, str | None]:
        [minsk] = [c for c in tbx.read_all(project / "glossary" / "people-and-places.tbx")[1]
                   if c.id == "minsk"]
        return minsk.definitions[0].text, minsk.definitions[0].source

    silent = termbase("edit", "minsk", "--definition", "Capital of Belarus.", cwd=project)
    assert silent.returncode == 2 and "has the source «x»" in silent.stderr
    assert definition() == ("Minsk.", "x")
    both = termbase("edit", "minsk", "--definition", "Capital.", "--keep-source", "--source",
                    "y", cwd=project)
    assert both.returncode == 2 and definition() == ("Minsk.", "x")
    termbase("edit", "minsk", "--definition", "Capital of Belarus.", "--keep-source",
             cwd=project, check=True)
    assert definition() == ("Capital of Belarus.", "x")
    termbase("edit", "minsk", "--definition", "The capital of Belarus.", "--source",
             "https://minsk.gov.by/", cwd=project, check=True)
    assert definition() == ("The capital of Belarus.", "https://minsk.gov.by/")


def test_remove_says_where_the_id_went_and_to_commit_it(project):
    done = termbase("remove", "vitebsk", cwd=project, check=True)
    removed = project / "glossary" / "REMOVED-IDS"
    assert f"its id is in {removed}, never to be given out again" in done.stderr
    assert "commit both files" in done.stderr
    assert removed.read_text(encoding="utf-8") == "vitebsk\n"
    forced = termbase("remove", "minsk", "--force", cwd=project)
    assert forced.returncode == 0 and "--force does nothing in remove" in forced.stderr


def test_used_in_records_where_a_term_holds_its_status(project):
    done = termbase("edit", "minsk", "--used-in", "ru=Минск:RU BY", cwd=project)
    assert done.returncode == 0, done.stderr
    [minsk] = [c for c in tbx.read_all(project / "glossary" / "people-and-places.tbx")[1]
               if c.id == "minsk"]
    assert minsk.language("ru").terms[0].geographical_usage == "RU BY"
    assert "used in RU BY" in termbase("show", "minsk", cwd=project).stdout
    bad = termbase("edit", "minsk", "--used-in", "ru=Минск:Russia", cwd=project)
    assert bad.returncode == 2 and "region subtags" in bad.stderr


def test_reviewed_by_records_the_review_and_the_export_shows_it(project):
    import datetime

    done = termbase("edit", "minsk", "--reviewed-by", "Second Reviewer", "--review-note",
                    "terms checked against minsk.gov.by", cwd=project)
    assert done.returncode == 0, done.stderr
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    [minsk] = [c for c in tbx.read_all(project / "glossary" / "people-and-places.tbx")[1]
               if c.id == "minsk"]
    [review] = minsk.transactions
    assert (review.type, review.date, review.responsibility, review.note) == (
        "modification", today, "Second Reviewer", "reviewed: terms checked against minsk.gov.by")
    checked = f"checked: on {today} by Second Reviewer (terms checked against minsk.gov.by)"
    assert checked in termbase("show", "minsk", cwd=project).stdout
    assert "checked" not in termbase("show", "vitebsk", cwd=project).stdout
    page = project / "glossary.html"
    termbase("export", "--format", "html", "-o", str(page), cwd=project, check=True)
    html = page.read_text(encoding="utf-8")
    assert f"<p class=\"checked\">checked on {today} by Second Reviewer (terms checked " in html
    assert html.count("class=\"checked\"") == 1
    assert termbase("validate", cwd=project).returncode == 0
    alone = termbase("edit", "minsk", "--review-note", "x", cwd=project)
    assert alone.returncode == 2 and "--review-note goes with --reviewed-by" in alone.stderr
