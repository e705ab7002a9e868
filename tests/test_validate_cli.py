"""`termbase validate` as a user runs it: output lines, formats, selection, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from termbase import rules
from termbase.formats.tbx import TBX3_NAMESPACE
from termbase.validate import validate_paths

TBX_FIXTURES = Path(__file__).parent / "fixtures" / "tbx"
PLANTED = TBX_FIXTURES / "planted-errors.tbx"
ROOT = Path(__file__).resolve().parent.parent

# The structural families of the foundation; the language rules have fixtures of their own.
STRUCTURE = ["X", "S", "D", "R", "E", "L103", "M101", "M102", "M103", "M104", "M105"]
EXPECTED_PLANTED = [
    (17, 13, "D102"), (18, 13, "D101"), (19, 13, "D103"), (20, 13, "S101"), (23, 13, "E101"),
    (27, 7, "R101"), (28, 9, "R102"), (32, 13, "D102"), (36, 7, "S102"), (37, 9, "S102"),
    (43, 7, "R103"), (44, 9, "S105"), (45, 11, "S101"), (47, 13, "S101"),
]


TMX_FIXTURES = Path(__file__).parent / "fixtures" / "tmx"
EXPECTED_PLANTED_TMX = [
    (2, 1, "S103"), (3, 3, "S102"), (3, 3, "S103"), (7, 7, "M102"), (9, 5, "M101"),
    (10, 7, "M104"), (11, 7, "M104"), (11, 7, "M105"), (12, 7, "S102"), (15, 26, "S101"),
    (15, 45, "S101"), (17, 5, "M103"), (18, 5, "S101"), (19, 5, "S104"), (20, 7, "S102"),
    (21, 7, "L103"),
    (22, 7, "S101"), (22, 7, "M102"),
]


def termbase(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_planted_errors_give_exactly_the_expected_findings():
    findings = list(validate_paths([PLANTED], STRUCTURE))
    assert [(f.line, f.col, f.code) for f in findings] == EXPECTED_PLANTED


def test_planted_tmx_errors_give_exactly_the_expected_findings():
    findings = list(validate_paths([TMX_FIXTURES / "planted-errors.tmx"], STRUCTURE))
    assert [(f.line, f.col, f.code) for f in findings] == EXPECTED_PLANTED_TMX
    assert findings[6].message == 'en segment of unit «a»: <ept> i="2" has no <bpt>'


def test_clean_tmx_files_exit_0():
    done = termbase("validate", "--select", ",".join(STRUCTURE),
                    str(TMX_FIXTURES / "canonical.tmx"), str(TMX_FIXTURES / "tmx11-odd-case.tmx"))
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "2 files, 6 units: no findings\n"


def test_text_output_is_one_line_per_finding_and_exit_1():
    done = termbase("validate", "--select", ",".join(STRUCTURE), str(PLANTED))
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert lines[0] == (f"{PLANTED}:17:13: D102 error usageStatus value «recommended» is not "
                        "one of preferred, admitted, deprecated")
    assert len(lines) == len(EXPECTED_PLANTED)
    assert "12 errors, 2 warnings" in done.stderr and "Traceback" not in done.stderr


def test_json_output():
    done = termbase("validate", "--format", "json", "--select", ",".join(STRUCTURE),
                    str(PLANTED))
    findings = json.loads(done.stdout)
    assert done.returncode == 1
    assert findings[5] == {"path": str(PLANTED), "line": 27, "col": 7, "code": "R101",
                           "severity": "error",
                           "message": "id «nato» is already used on line 12"}


def test_select_and_ignore_by_code_or_prefix():
    done = termbase("validate", "--select", "D", "--ignore", "D101,D103", str(PLANTED))
    assert [line.split()[1] for line in done.stdout.splitlines()] == ["D102", "D102"]
    only_warnings = termbase("validate", "--select", "D101", "--select", "D103", str(PLANTED))
    assert only_warnings.returncode == 0  # warnings alone do not fail


def test_clean_files_exit_0():
    done = termbase("validate", "--select", ",".join(STRUCTURE),
                    str(TBX_FIXTURES / "canonical.tbx"), str(TBX_FIXTURES / "dct.tbx"))
    assert (done.returncode, done.stdout) == (0, "")
    assert "no findings" in done.stderr


def test_malformed_file_is_a_finding_with_line_and_column(tmp_path):
    broken = tmp_path / "broken.tbx"
    broken.write_text('<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" '
                      'xml:lang="en">\n  <text>\n</tbx>\n')
    done = termbase("validate", str(broken))
    assert done.returncode == 1
    assert done.stdout == (f"{broken}:3:7: X001 error not well-formed XML: Opening and ending "
                           "tag mismatch: text line 2 and tbx\n")


def test_hostile_file_is_refused_as_a_finding():
    done = termbase("validate", str(TBX_FIXTURES / "billion-laughs.tbx"))
    assert done.returncode == 1 and " X002 error refused" in done.stdout


def test_folder_argument_validates_every_tbx_and_tmx_inside(tmp_path):
    shutil.copy(PLANTED, tmp_path / "a.tbx")
    shutil.copy(TBX_FIXTURES / "canonical.tbx", tmp_path / "b.tbx")
    (tmp_path / "notes.txt").write_text("not a glossary")
    done = termbase("validate", "--select", ",".join(STRUCTURE), str(tmp_path))
    assert {line.split(":")[0] for line in done.stdout.splitlines()} == {str(tmp_path / "a.tbx")}


def test_unknown_root_element(tmp_path):
    other = tmp_path / "page.tbx"
    other.write_text("<html/>")
    done = termbase("validate", str(other))
    assert done.returncode == 1 and " X003 error " in done.stdout


@pytest.mark.parametrize("args,message", [
    (["validate", "missing.tbx"], "missing.tbx: no such file or directory"),
    (["validate", "--select", "Q9"], "no rule code starts with Q9"),
    (["validate", "--bogus"], "No such option"),
    (["validate", "--format", "xml"], "Invalid value for '--format'"),
])
def test_usage_and_input_errors_exit_2_without_traceback(args, message, tmp_path):
    done = termbase(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_list_rules_shows_every_registered_code():
    done = termbase("validate", "--list-rules")
    listed = [line.split()[0] for line in done.stdout.splitlines()]
    assert listed == [r.code for r in rules.all_rules()]
    assert {"X001", "X002", "S101", "D102", "R101", "R102", "E101", "M101", "M104"} <= set(listed)
    as_json = json.loads(termbase("validate", "--list-rules", "--format", "json").stdout)
    assert all(set(r) == {"code", "name", "severity", "applies_to", "summary"} for r in as_json)


def test_every_rule_has_a_stable_code_name_severity_and_summary():
    for r in rules.all_rules():
        assert len(r.code) == 4 and r.code[0].isupper() and r.code[1:].isdigit()
        assert r.severity in rules.SEVERITIES and r.summary.endswith(".") and r.name


def test_default_paths_are_the_projects_glossary_and_tm(tmp_path):
    (tmp_path / "glossary").mkdir()
    shutil.copy(PLANTED, tmp_path / "glossary" / "mine.tbx")
    nested = tmp_path / "deep" / "er"
    nested.mkdir(parents=True)
    done = termbase("validate", cwd=nested)
    assert done.returncode == 1
    assert all("glossary/mine.tbx" in line for line in done.stdout.splitlines())


def test_shipped_glossary_and_tm_are_clean():
    done = termbase("validate", str(ROOT / "glossary"), str(ROOT / "tm"))
    assert (done.returncode, done.stdout) == (0, ""), done.stdout


def test_version():
    done = termbase("--version")
    assert done.returncode == 0 and done.stdout.startswith("termbase, version ")


def test_malformed_language_tag_is_reported_in_tbx(tmp_path):
    path = tmp_path / "lang.tbx"
    path.write_text((TBX_FIXTURES / "canonical.tbx").read_text()
                    .replace('<langSec xml:lang="be">', '<langSec xml:lang="be_BY!">', 1))
    findings = list(validate_paths([path], STRUCTURE))
    assert [(f.code, f.message) for f in findings] == [
        ("S103", "«be_BY!» is not a BCP 47 language tag")]


def test_a_file_on_one_line_gets_no_column_that_could_point_at_a_twin(tmp_path):
    """Two bad termNotes on one line: lxml gives the line only, so no column is better than
    the first one's column for both."""
    one_line = PLANTED.read_text(encoding="utf-8").replace("\n", " ")
    path = tmp_path / "one-line.tbx"
    path.write_text(one_line, encoding="utf-8")
    found = [f for f in validate_paths([path], STRUCTURE) if f.code == "D102"]
    assert len(found) == 2 and {(f.line, f.col) for f in found} == {(1, None)}
    lines = termbase("validate", "--select", "D102", str(path)).stdout.splitlines()
    assert lines and all(line.startswith(f"{path}:1: D102 error") for line in lines)


# What the official schemas refuse and termbase once let pass (tests/test_schema_differential.py
# finds such cases by the thousand): each a small change to a valid file, and its finding.
CANONICAL = TBX_FIXTURES / "canonical.tbx"
TBX2 = TBX_FIXTURES / "tbx2-ntig.tbx"


@pytest.mark.parametrize("fixture,old,new,expected", [
    (CANONICAL, "<sourceDesc>", "<sourceDesc>written by hand", ("S105", 8)),
    (CANONICAL, "<term>ОДКБ</term>\n            <termNote type=\"partOfSpeech\">properNoun</termNote>",
     "<termNote type=\"partOfSpeech\">properNoun</termNote>\n            <term>ОДКБ</term>",
     ("S101", 30)),
    (CANONICAL, '<termSec id="csto-ru-full">', '<termSec id="1875432">', ("R103", 21)),
    (CANONICAL, '<termSec id="csto-ru-acronym">', '<termSec id="csto">', ("R101", 28)),
    (CANONICAL, '<note>British spelling</note>', '<note id="csto-ru-full">British</note>',
     ("R101", 54)),
    (CANONICAL, '<tbx type="TBX-Basic"', '<martif type="TBX-Basic"', ("S103", 2)),
    (CANONICAL, '<xref type="externalCrossReference"', '<xref', ("S102", 18)),
    (CANONICAL, '<descrip type="subjectField">security</descrip>',
     '<descrip type="subjectField">security<note>nested</note></descrip>', ("S101", 16)),
    (TBX2, '<martif type="TBX"', f'<martif xmlns="{TBX3_NAMESPACE}" type="TBX"', ("S103", 2)),
    (TBX2, "<ntig>\n            <termGrp>\n              <term>СНГ",
     "<ntig>x\n            <termGrp>\n              <term>СНГ", ("S105", 24)),
    (TBX2, '<descrip type="subjectField">integration</descrip>',
     '<descrip type="subjectField" style="x">integration</descrip>', ("S104", 13)),
])
def test_what_the_schemas_refuse_is_an_error(tmp_path, fixture, old, new, expected):
    text = fixture.read_text(encoding="utf-8")
    assert old in text
    if new.startswith("<martif") and "tbx" in old:
        text = text.replace("</tbx>", "</martif>")
    path = tmp_path / "changed.tbx"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = [(f.code, f.line) for f in validate_paths([path], ["X", "S", "R"])
             if f.severity == "error"]
    assert expected in found, found


def test_two_descrips_in_one_descrip_group(tmp_path):
    text = CANONICAL.read_text(encoding="utf-8").replace(
        '<descrip type="subjectField">security</descrip>',
        '<descripGrp>\n<descrip type="subjectField">security</descrip>\n'
        '<descrip type="definition">twice</descrip>\n</descripGrp>', 1)
    path = tmp_path / "group.tbx"
    path.write_text(text, encoding="utf-8")
    assert [(f.code, f.line, f.message) for f in validate_paths([path], ["S"])] == [
        ("S101", 18, "<descrip> is out of place in <descripGrp> (or one too many)")]


@pytest.mark.parametrize("old,new,expected", [
    ('<tuv xml:lang="en">', '<tuv xml:lang="en">stray', [("S105", "error")]),
    ('<seg>', '<seg><it>x</it>', [("S102", "error")]),
    ('<tu tuid="', '<tu srclang="*all*" tuid="', [("L103", "error")]),
    ('<tuv xml:lang="en">', '<tuv xml:lang="en_US">', [("L103", "error")]),
])
def test_tmx_structure_against_the_dtd(tmp_path, old, new, expected):
    text = (TMX_FIXTURES / "canonical.tmx").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "changed.tmx"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = [(f.code, f.severity) for f in validate_paths([path], ["X", "S", "R", "L103"])]
    assert found == expected


@pytest.mark.parametrize("root,notes,expected", [
    # TBX 2 default XCS (TBXXCSV02.xcs): synonym, origination, standardizedTerm-admn-sts are in
    ('<martif type="TBX" xml:lang="en">',
     ["termType:synonym", "administrativeStatus:standardizedTerm-admn-sts"], []),
    # TBX 2 TBX-Basic (TBXBasicXCSV02.xcs): synonym is not
    ('<martif type="TBX-Basic" xml:lang="en">', ["termType:synonym"], ["D102"]),
    ('<martif type="TBX-Basic" xml:lang="en">', ["termType:phrase"], []),
])
def test_tbx2_picklists_follow_the_declared_dialect(tmp_path, root, notes, expected):
    text = TBX2.read_text(encoding="utf-8").replace('<martif type="TBX" xml:lang="en">', root)
    extra = "".join(f'<termNote type="{n.split(":")[0]}">{n.split(":")[1]}</termNote>'
                    for n in notes)
    text = text.replace('<termNote type="partOfSpeech">properNoun</termNote>',
                        f'<termNote type="partOfSpeech">properNoun</termNote>{extra}')
    text = text.replace("<note>Official name.</note>",
                        "<note>Official name.</note><transacGrp><transac type=\"transactionType\">"
                        "origination</transac></transacGrp>")
    path = tmp_path / "dialect.tbx"
    path.write_text(text, encoding="utf-8")
    assert [f.code for f in validate_paths([path], ["S", "D"])] == expected


def test_tbx3_picklists_are_tbx_basic_v4_for_tbx_basic_and_free_for_other_dialects(tmp_path):
    text = CANONICAL.read_text(encoding="utf-8").replace(
        '<termNote type="termType">variant</termNote>',
        '<termNote type="termType">synonym</termNote>', 1)
    basic, other = tmp_path / "basic.tbx", tmp_path / "other.tbx"
    basic.write_text(text, encoding="utf-8")
    other.write_text(text.replace('type="TBX-Basic"', 'type="TBX-Glossary"'), encoding="utf-8")
    assert [f.code for f in validate_paths([basic], ["D"])] == ["D102"]
    assert [f.code for f in validate_paths([other], ["D"])] == []


def test_tbx_basic_transac_and_transac_note_types(tmp_path):
    text = CANONICAL.read_text(encoding="utf-8").replace(
        '<admin type="projectSubset">seed</admin>',
        '<admin type="projectSubset">seed</admin><transacGrp><transac type="bogus">creation'
        '</transac><transacNote type="author">me</transacNote></transacGrp>')
    path = tmp_path / "transac.tbx"
    path.write_text(text, encoding="utf-8")
    assert [(f.code, f.message) for f in validate_paths([path], ["D"])] == [
        ("D101", "unknown data category «bogus» on <transac> (expected transactionType)"),
        ("D101", "unknown data category «author» on <transacNote> (expected responsibility)")]
