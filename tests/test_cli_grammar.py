"""One grammar for every command: `-d/--data` for the data, `--source-lang`/`--target-lang`
for a direction and `--langs` for a set, `--format` and `-o/--output` for what is written;
old spellings warn for one release; colour on a terminal only, one palette."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GLOSSARY = str(FIXTURES / "lookup" / "glossary.tbx")
MEMORY = str(FIXTURES / "lookup" / "memory.tmx")
CHECK = FIXTURES / "check"
DRAFT = str(FIXTURES / "docs" / "draft.tbx")
RED, YELLOW, BLUE, DIM_RED = "\x1b[31m", "\x1b[33m", "\x1b[34m", "\x1b[31m\x1b[2m"


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "NO_COLOR"}
    env.update(TERMBASE_CACHE_DIR=str(tmp_path / "cache"), **extra)
    return env


def termbase(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300, stdin=subprocess.DEVNULL,
                          env=environment(cwd, **env))


def on_a_terminal(*args: str, cwd: Path, **env: str) -> tuple[int, str]:
    """Run with stdout and stderr on a pseudo-terminal; what it showed, with LF line ends."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "termbase", *args], cwd=cwd,
                               stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                               env=environment(cwd, **env))
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=300), shown.decode().replace("\r\n", "\n")


@pytest.fixture
def project(tmp_path) -> Path:
    """A glossary folder away from any project, and a working directory that is no project."""
    (tmp_path / "terms").mkdir()
    shutil.copy(GLOSSARY, tmp_path / "terms" / "glossary.tbx")
    (tmp_path / "elsewhere").mkdir()
    return tmp_path


# --- the same names everywhere --------------------------------------------------------------

def test_lookup_takes_source_lang_and_langs(tmp_path):
    done = termbase("lookup", "ОДКБ", "--source-lang", "ru", "--langs", "be,en", "--format",
                    "json", "-d", GLOSSARY, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert set(json.loads(done.stdout)[0]["languages"]) == {"be", "en"}


def test_tm_search_takes_source_lang_and_langs(tmp_path):
    done = termbase("tm", "search", "Союзного государства", "--source-lang", "ru", "--langs",
                    "be,EN", "--format", "json", "-d", MEMORY, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    hits = json.loads(done.stdout)
    assert hits[0]["unit"] == "u1" and all(
        {s["lang"] for s in h["segments"]} == {"be", "en"} for h in hits)


@pytest.mark.parametrize("old, new, warning", [
    (["lookup", "ОДКБ", "--to", "be,en"], ["lookup", "ОДКБ", "--langs", "be,en"],
     "termbase: --to is deprecated; use --langs"),
    (["lookup", "Беларусь", "--lang", "be"], ["lookup", "Беларусь", "--source-lang", "be"],
     "termbase: --lang is deprecated; use --source-lang"),
    (["tm", "search", "Саюзнай дзяржавы", "--lang", "be"],
     ["tm", "search", "Саюзнай дзяржавы", "--source-lang", "be"],
     "termbase: --lang is deprecated; use --source-lang"),
])
def test_an_old_spelling_works_with_one_line_of_warning(tmp_path, old, new, warning):
    data = ["-d", MEMORY if old[0] == "tm" else GLOSSARY]
    before, after = termbase(*old, *data, cwd=tmp_path), termbase(*new, *data, cwd=tmp_path)
    assert (after.returncode, after.stderr) == (0, "")
    assert (before.returncode, before.stdout) == (0, after.stdout)
    assert before.stderr == warning + "\n"


def test_old_and_new_spelling_together_is_a_usage_error(tmp_path):
    done = termbase("lookup", "ОДКБ", "--to", "be", "--langs", "en", "-d", GLOSSARY,
                    cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert "--to and --langs are one option; give --langs" in done.stderr


def test_old_spellings_are_not_offered_in_help(tmp_path):
    for command in (["lookup"], ["tm", "search"], ["show"]):
        shown = termbase(*command, "--help", cwd=tmp_path).stdout
        assert "--to " not in shown and "--lang " not in shown and "--glossary" not in shown
        assert "-d, --data" in shown


def test_contributors_commands_name_the_glossary_with_d(project):
    terms, here = str(project / "terms"), project / "elsewhere"
    table = project / "new.csv"
    table.write_text("ru,be,en,subject,source\nГродно,Гродна,Grodno,people and places,"
                     "https://example.org/\n", encoding="utf-8")
    steps = [
        ["add", "--ru", "Брест", "--be", "Брэст", "--en", "Brest", "--subject",
         "people and places", "--source", "https://example.org/", "--yes", "--force"],
        ["edit", "brest", "--note", "On the Bug.", "--force"],
        ["show", "brest"],
        ["import", str(table), "--force"],
        ["remove", "brest", "--force"],
    ]
    for step in steps:
        done = termbase(*step, "-d", terms, cwd=here)
        assert done.returncode == 0, (step, done.stderr)
        assert "deprecated" not in done.stderr
    assert "On the Bug." not in (project / "terms" / "glossary.tbx").read_text()
    assert "Гродна" in "".join(p.read_text() for p in (project / "terms").glob("*.tbx"))


def test_the_old_glossary_option_warns_and_still_works(project):
    for spelling in ("-g", "--glossary"):
        done = termbase("show", "belarus", spelling, str(project / "terms"),
                        cwd=project / "elsewhere")
        assert done.returncode == 0 and done.stdout.startswith("belarus  ")
        assert done.stderr == "termbase: -g/--glossary is deprecated; use -d/--data\n"


def test_a_change_names_one_glossary_folder(project):
    done = termbase("show", "belarus", "-d", str(project / "terms"), "-d", str(project),
                    cwd=project / "elsewhere")
    assert done.returncode == 2 and done.stdout == ""
    assert "one glossary folder" in done.stderr


def test_validate_takes_d_as_well_as_paths(tmp_path):
    positional = termbase("validate", DRAFT, cwd=tmp_path)
    named = termbase("validate", "-d", DRAFT, cwd=tmp_path)
    assert positional.returncode == named.returncode == 1
    assert named.stdout == positional.stdout and named.stdout.count(" error ") == 2
    both = termbase("validate", DRAFT, "-d", MEMORY, cwd=tmp_path)
    assert both.stderr.startswith("2 files, 1 concept, ")


def test_validate_writes_its_report_with_o(tmp_path):
    plain = termbase("validate", DRAFT, cwd=tmp_path)
    report = tmp_path / "findings.txt"
    done = termbase("--color", "always", "validate", DRAFT, "-o", str(report), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert report.read_text(encoding="utf-8") == plain.stdout  # uncoloured, like check -o
    sarif = termbase("validate", DRAFT, "--format", "sarif", "-o", "-", cwd=tmp_path)
    assert json.loads(sarif.stdout)["version"] == "2.1.0"


def test_show_writes_the_concept_with_o(project):
    terms, here = str(project / "terms"), project / "elsewhere"
    for output_format in ("text", "json", "tbx"):
        shown = termbase("show", "belarus", "--format", output_format, "-d", terms, cwd=here)
        written = here / f"belarus.{output_format}"
        done = termbase("--color", "always", "show", "belarus", "--format", output_format,
                        "-o", str(written), "-d", terms, cwd=here)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
        assert written.read_text(encoding="utf-8") == shown.stdout != ""


def test_lookup_help_explains_the_scores(tmp_path):
    shown = " ".join(termbase("lookup", "--help", cwd=tmp_path).stdout.split())
    for words in ("exact 100", "inflected 90", "abbreviation 100 or 90", "fuzzy 0-100",
                  "--min-score applies only to fuzzy matches", "share of the query"):
        assert words in shown, words


# --- colour ---------------------------------------------------------------------------------

def test_colour_always_gives_severities_one_palette_and_the_same_text(tmp_path):
    plain = termbase("validate", DRAFT, cwd=tmp_path)
    coloured = termbase("--color", "always", "validate", DRAFT, cwd=tmp_path)
    assert f"C101 {RED}error\x1b[0m concept" in coloured.stdout
    assert click.unstyle(coloured.stdout) == plain.stdout
    assert click.unstyle(coloured.stderr) == plain.stderr
    args = ["check", str(CHECK / "derived.en.txt"), str(CHECK / "derived.ru.txt"), "-d",
            str(CHECK / "glossary.tbx")]
    checked = termbase("--color", "always", *args, cwd=tmp_path)
    assert f"T107 {BLUE}info\x1b[0m" in checked.stdout
    assert f"T101 {RED}error\x1b[0m" in checked.stdout
    assert click.unstyle(checked.stdout) == termbase(*args, cwd=tmp_path).stdout
    alone = termbase("--color", "always", "check", "--lang", "en", str(CHECK / "en-alone.txt"),
                     "-d", str(CHECK / "glossary.tbx"), cwd=tmp_path)
    assert f"T106 {YELLOW}warning\x1b[0m" in alone.stdout


def test_deprecated_terms_are_marked_in_lookup_and_show(project):
    plain = termbase("lookup", "Belarus", "-d", GLOSSARY, cwd=project)
    coloured = termbase("--color", "always", "lookup", "Belarus", "-d", GLOSSARY, cwd=project)
    assert f"{DIM_RED}Byelorussia (deprecated, variant)\x1b[0m" in coloured.stdout
    assert click.unstyle(coloured.stdout) == plain.stdout
    shown = termbase("--color", "always", "show", "belarus", "-d", str(project / "terms"),
                     cwd=project)
    assert f"{DIM_RED}Белоруссия (deprecated, variant, properNoun)\x1b[0m" in shown.stdout
    assert "Беларусь (preferred" in shown.stdout and f"{DIM_RED}Беларусь" not in shown.stdout


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path):
    args = ["validate", DRAFT]
    status, shown = on_a_terminal(*args, cwd=tmp_path)
    assert status == 1 and f"{RED}error" in shown
    piped = termbase(*args, cwd=tmp_path)
    assert "\x1b" not in piped.stdout + piped.stderr
    for spelling, env in ((["--color", "never"], {}), ([], {"NO_COLOR": "1"}),
                          (["--color", "auto"], {"NO_COLOR": "yes"})):
        status, shown = on_a_terminal(*spelling, *args, cwd=tmp_path, **env)
        assert status == 1 and "\x1b" not in shown and " error " in shown, (spelling, env)
    status, shown = on_a_terminal(*args, cwd=tmp_path, NO_COLOR="")  # empty: not set
    assert f"{RED}error" in shown
    forced = termbase("--color", "always", *args, cwd=tmp_path, NO_COLOR="1")
    assert f"{RED}error" in forced.stdout  # the command line overrides the environment


@pytest.mark.parametrize("args", [
    ["validate", DRAFT, "--color", "always"],
    ["--color", "never", "validate", DRAFT, "--color", "always"],  # the later one wins
    ["lookup", "Belarus", "-d", GLOSSARY, "--color", "always"],
])
def test_color_after_the_command_name_as_git_and_ruff_take_it(tmp_path, args):
    done = termbase(*args, cwd=tmp_path, NO_COLOR="1")
    assert "\x1b[" in done.stdout, done.stderr
    status, shown = on_a_terminal(*[a if a != "always" else "never" for a in args],
                                  cwd=tmp_path)
    assert "\x1b[" not in shown
