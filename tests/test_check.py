"""`termbase check`: findings on bilingual fixtures in several directions, clean articles
with no finding at all, every input format, the reports, and bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import chromium
from termbase.align import (Piece, align_articles, pair_by_length, read_alone,
                            read_bilingual, sentences)
from termbase.check import all_rules, check
from termbase.errors import TermbaseError
from termbase.formats import article, tbx, xliff
from termbase.index import Index
from termbase.matching import TermFinders
from termbase.model import Concept, LanguageSection, Term

ROOT = Path(__file__).resolve().parent.parent
CHECK = Path(__file__).parent / "fixtures" / "check"
GLOSSARY = CHECK / "glossary.tbx"


def termbase(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          text=True, cwd=cwd)


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Index:
    return Index.open([GLOSSARY], directory=tmp_path_factory.mktemp("cache"), kind="tbx")


def expected_cases(folder: Path) -> dict[tuple[str, str], set[tuple[str, str, str]]]:
    """(source, target) → the findings expected, as (code, segment, concept)."""
    cases: dict[tuple[str, str], set[tuple[str, str, str]]] = {}
    with open(folder / "expected.tsv", encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table, delimiter="\t"):
            found = cases.setdefault((row["source"], row["target"]), set())
            if row["code"]:
                found.add((row["code"], row["segment"], row["concept"]))
    return cases


def alignment_of(index: Index, folder: Path, source: str, target: str):
    if not target:
        if source.endswith("-alone.txt"):
            return read_alone(folder / source)
        return read_bilingual(folder / source)
    return align_articles(folder / source, folder / target, concepts_of=TermFinders(index).concepts)


def test_the_aligner_and_the_check_share_one_finder_per_language(index):
    """The terms fetched to anchor sentence pairs serve the check too, with the same
    findings as a check that fetches its own."""
    finders = TermFinders(index)
    alignment = align_articles(CHECK / "split.en.txt", CHECK / "split.ru.txt",
                               concepts_of=finders.concepts)
    anchoring = {lang: finders(lang) for lang in ("en", "ru")}
    shared = check(index, alignment, finders=finders)
    assert {lang: finders(lang) for lang in ("en", "ru")} == anchoring
    assert [f.as_dict() for f in shared.findings] == [
        f.as_dict() for f in check(index, alignment).findings]


def reported(index: Index, folder: Path, source: str,
             target: str) -> set[tuple[str, str, str]]:
    result = check(index, alignment_of(index, folder, source, target))
    return {(f.code, f.segment, f.concept or "") for f in result.findings}


CASES = expected_cases(CHECK)
# Articles (from the shipped TM, and new ones) with terminology errors planted by editors
# who had not seen the checker's code.
REAL = Path(__file__).parent / "fixtures" / "check-real"
# The glossary they were labelled against, frozen: the shipped one grows (see its README).
FROZEN_GLOSSARY = Path(__file__).parent / "fixtures" / "frozen-glossary"
REAL_CASES = expected_cases(REAL)


@pytest.fixture(scope="module")
def labelled_index(tmp_path_factory) -> Index:
    return Index.open([FROZEN_GLOSSARY], directory=tmp_path_factory.mktemp("cache"),
                      kind="tbx")


@pytest.mark.parametrize("source,target", sorted(CASES), ids=lambda v: v or "-")
def test_each_fixture_gives_exactly_the_expected_findings(index, source, target):
    assert reported(index, CHECK, source, target) == CASES[(source, target)]


@pytest.mark.parametrize("source,target", sorted(REAL_CASES))
def test_real_articles_with_planted_errors(labelled_index, source, target):
    assert reported(labelled_index, REAL, source, target) == REAL_CASES[(source, target)]


def test_the_fixtures_cover_every_direction_every_rule_and_clean_articles():
    directions = set()
    for source, target in [*CASES, *REAL_CASES]:
        if target:
            directions.add((source.split(".")[-2][-2:], target.split(".")[-2][-2:]))
    assert {("en", "ru"), ("ru", "en"), ("be", "en"), ("ru", "be"), ("be", "ru"),
            ("en", "be")} <= directions
    codes = {code for findings in CASES.values() for code, _, _ in findings}
    assert codes == {r.code for r in all_rules()}
    clean = [case for cases in (CASES, REAL_CASES) for case, found in cases.items() if not found]
    assert len(clean) >= 7


@pytest.mark.parametrize("folder,cases,at_least", [(CHECK, CASES, 25), (REAL, REAL_CASES, 65)])
def test_precision_and_recall(request, folder, cases, at_least):
    index = request.getfixturevalue("index" if folder == CHECK else "labelled_index")
    true_positive = false_positive = false_negative = 0
    for (source, target), expected in cases.items():
        got = reported(index, folder, source, target)
        true_positive += len(got & expected)
        false_positive += len(got - expected)
        false_negative += len(expected - got)
    assert true_positive >= at_least
    assert (false_positive, false_negative) == (0, 0)


def test_a_finding_names_the_source_term_the_expected_terms_and_what_was_found(index):
    result = check(index, align_articles(CHECK / "en-ru.en.md", CHECK / "en-ru.ru.md"))
    mismatch = next(f for f in result.findings if f.code == "T101")
    assert (mismatch.source_term, mismatch.expected, mismatch.found) == (
        "treaty", ["договор"], "Соглашение")
    assert (mismatch.path, mismatch.line, mismatch.col) == (str(CHECK / "en-ru.ru.md"), 9, 1)
    assert mismatch.source_line == 9
    acronym = next(f for f in result.findings if f.code == "T105")
    assert (acronym.found, acronym.expected, acronym.line, acronym.col) == (
        "CSTO", ["ОДКБ"], 5, 66)
    deprecated = next(f for f in result.findings if f.code == "T102")
    assert deprecated.expected == ["Республика Беларусь", "Беларусь"]
    assert deprecated.found == "Белоруссия"


def test_inflected_belarusian_and_russian_targets_count_as_present(index):
    result = check(index, align_articles(CHECK / "clean-ru-be.ru.txt",
                                         CHECK / "clean-ru-be.be.txt"))
    assert result.findings == []
    found = {f.matched for s in result.article.segments for f in s.target}
    assert {"Саюзную дзяржаву", "Мінска", "гібрыдныя пагрозы", "АДКБ"} <= found


def test_an_acronym_inside_a_longer_term_is_present(index, tmp_path):
    (tmp_path / "s.txt").write_text("The UN Security Council and the UN.\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("Совет Безопасности ООН и ООН.\n", encoding="utf-8")
    assert check(index, align_articles(tmp_path / "s.txt", tmp_path / "t.txt")).findings == []


def test_check_one_text_alone_in_the_cli():
    done = termbase("check", "--lang", "en", str(CHECK / "en-alone.txt"), "-d", str(GLOSSARY))
    assert done.returncode == 1
    assert "T106 warning alexander-lukashenko is written «Alexander Lukashenko» (paragraph 2) " \
           "and «Aleksandr Lukashenko» (paragraph 1)" in done.stdout
    assert "en, 3 segments (alone), 6 glossary terms: 2 errors, 1 warning" in done.stderr


def test_text_report_is_grouped_by_segment_and_exit_status_follows_severity():
    done = termbase("check", str(CHECK / "ru-en.ru.txt"), str(CHECK / "ru-en.en.txt"),
                    "-d", str(GLOSSARY))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[2:4] == ["paragraph 3", f"  {CHECK / 'ru-en.en.txt'}:5:1: T101 error «санкции» "
                          "(sanctions) in the source, but the target lacks «sanctions»"]
    assert "\x1b[" not in done.stdout  # no colour when piped
    clean = termbase("check", str(CHECK / "be-en.be.txt"), str(CHECK / "be-en.en.txt"),
                     "-d", str(GLOSSARY))
    assert (clean.returncode, clean.stdout) == (0, "")
    assert "be → en, 4 segments (paragraph), 11 glossary terms: no findings" in clean.stderr
    warnings_only = termbase("check", str(CHECK / "ru-en.ru.txt"), str(CHECK / "ru-en.en.txt"),
                             "-d", str(GLOSSARY), "--select", "T103")
    assert warnings_only.returncode == 0 and "T103 warning" in warnings_only.stdout


def test_json_report():
    done = termbase("check", str(CHECK / "en-ru.xlf"), "--format", "json", "-d", str(GLOSSARY))
    report = json.loads(done.stdout)
    assert (report["source_lang"], report["target_lang"], report["alignment"]) == (
        "en", "ru", "unit")
    assert report["counts"] == {"error": 2, "warning": 0, "info": 0}
    first = report["findings"][0]
    assert first == {
        "code": "T102", "name": "deprecated-term", "severity": "error", "segment": "2",
        "path": str(CHECK / "en-ru.xlf"), "line": 11, "column": None, "concept": "belarus",
        "source_term": "Byelorussia", "source_line": 10,
        "expected": ["Республика Беларусь", "Беларусь"], "found": "Белоруссия",
        "message": "«Белоруссия» is deprecated; use «Республика Беларусь» or «Беларусь» "
                   "(belarus)"}


def test_html_report_side_by_side_in_chromium(tmp_path):
    from selenium.webdriver.common.by import By

    out = tmp_path / "report.html"
    done = termbase("check", str(CHECK / "en-ru.en.md"), str(CHECK / "en-ru.ru.md"),
                    "--format", "html", "-o", str(out), "-d", str(GLOSSARY))
    assert done.returncode == 1 and done.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    browser = chromium()
    try:
        browser.get(out.as_uri())
        rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert len(rows) == 8
        bad = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "td.target mark.problem")]
        assert bad == ["Белоруссия", "CSTO", "Соглашение", "многополюсный мир"]
        missing = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "td.source mark.missing")]
        assert missing == ["treaty"]
        assert browser.find_element(By.ID, "count").text == "showing 8 of 8 segments"
        browser.find_element(By.ID, "only").click()
        shown = [r for r in rows if r.is_displayed()]
        assert len(shown) == 4
        assert browser.find_element(By.ID, "count").text == "showing 4 of 8 segments"
        assert "T105" in shown[1].text
    finally:
        browser.quit()


def test_docx_articles(index, tmp_path):
    import docx

    for name, paragraphs in (("en.docx", ["The Union State.", "Sanctions and the CSTO."]),
                             ("ru.docx", ["Союзное государство.", "Санкции и ОДКБ."]),
                             ("bad.docx", ["Союзное государство.", "Ограничения и CSTO."])):
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        table = document.add_table(rows=1, cols=1)
        table.cell(0, 0).text = "Minsk" if name == "en.docx" else "Минск"
        document.save(tmp_path / name)
    assert [p.text for p in article.read(tmp_path / "en.docx")] == [
        "The Union State.", "Sanctions and the CSTO.", "Minsk"]
    assert check(index, align_articles(tmp_path / "en.docx", tmp_path / "ru.docx")).findings \
        == []
    findings = check(index, align_articles(tmp_path / "en.docx", tmp_path / "bad.docx")).findings
    assert [(f.code, f.line, f.col) for f in findings] == [("T101", 2, 1), ("T105", 2, 15)]


def test_markdown_markup_is_blanked_and_columns_kept():
    paragraphs = article.read(CHECK / "en-ru.en.md")
    assert paragraphs[0].text.split() == ["The", "Union", "State", "and", "the", "CSTO"]
    assert (paragraphs[0].line, paragraphs[0].col) == (1, 3)
    assert "**" not in paragraphs[1].text and paragraphs[1].text.index("Union") == 38


def test_sentences_split_or_joined_in_translation_are_paired_by_length_and_terms(index):
    alignment = align_articles(CHECK / "split.en.txt", CHECK / "split.ru.txt",
                               concepts_of=TermFinders(index).concepts)
    assert [(s.source.text[:20], s.target.text[:20]) for s in alignment.segments] == [
        ("The Union State face", "Союзное государство "), ("The United Nations w", "Организацию Объединё"),
        ("Belarus agreed.", "Беларусь согласилась")]
    assert alignment.segments[0].target.position(46) == (1, 47)  # the second sentence joined
    assert alignment.warnings == ["2 source and 1 target paragraphs, 3 and 5 sentences: "
                                  "paired by sentence (2 of 3 pairs join two sentences)"]


def test_pairing_by_length_follows_the_lengths_or_gives_up():
    def pieces(*lengths):
        return [Piece("x" * n, "f", [(0, 1, 1)]) for n in lengths]

    source = pieces(40, 80, 30, 60, 50, 70, 45, 90, 35, 55, 65)
    target = pieces(44, 88, 33, 30, 36, 55, 77, 50, 99, 38, 60, 72)  # the 4th split in two
    beads = pair_by_length(source, target)
    assert [(len(s), len(t)) for s, t in beads] == [(1, 1)] * 3 + [(1, 2)] + [(1, 1)] * 7
    assert [p for s, _ in beads for p in s] == source
    assert [p for _, t in beads for p in t] == target
    assert pair_by_length(pieces(50, 50), pieces(50, 10, 10, 10, 10, 10, 10, 50)) is None


def test_sentences_are_not_split_after_abbreviations_or_initials():
    piece = Piece("А. Лукашенко прибыл в г. Минск. Визит длился 2 дня! Mr. Smith left.\n"
                  "The U.S. said no.", "x", [(0, 1, 1)])
    assert [(s.text, s.position(0)) for s in sentences(piece)] == [
        ("А. Лукашенко прибыл в г. Минск.", (1, 1)), ("Визит длился 2 дня!", (1, 33)),
        ("Mr. Smith left.", (1, 53)), ("The U.S. said no.", (2, 1))]


def test_xliff_readers_agree_with_translate_toolkit():
    from translate.storage import xliff as tt_xliff, xliff2 as tt_xliff2

    for name, theirs_class in (("en-ru.xlf", tt_xliff.xlifffile),
                               ("ru-be.xlf", tt_xliff2.Xliff2File)):
        reader = xliff.read(CHECK / name)
        ours = [tuple(v.text for v in u.variants) for u in reader]
        store = theirs_class.parsefile(str(CHECK / name))
        assert ours == [(unit.source, unit.target) for unit in store.units], name
    assert (reader.source_lang, reader.target_lang, reader.version) == ("ru", "be", "2.0")


def test_po_file_languages_and_untranslated_messages(index):
    alignment = read_bilingual(CHECK / "en-be.po")
    assert (alignment.source_lang, alignment.target_lang) == ("en", "be")
    assert len(alignment.segments) == 4 and alignment.segments[3].target is None
    assert len(check(index, alignment).article.segments) == 3  # untranslated: nothing to check


@pytest.mark.parametrize("args,message", [
    (["missing.txt", "other.txt"], "missing.txt: no such file"),
    (["en-ru.en.md", "en-ru.en.md"], "source and target are both «en»"),
    (["broken.tmx"], "broken.tmx:3:"),
    (["en-ru.tmx", "--target-lang", "be"], None),
    (["en-ru.en.md", "en-ru.ru.md", "--format", "pdf"], "Invalid value for '--format'"),
    (["en-ru.en.md", "en-ru.ru.md", "--select", "Z9"], "no check rule code starts with Z9"),
    (["latin1.txt", "en-ru.ru.md"], "latin1.txt:2: not UTF-8 text"),
    (["three.tmx"], "the file holds be, ru besides en; give --target-lang"),
    ([], "give SOURCE and TARGET"),
    (["--lang", "ru", "en-ru.tmx"], "--lang checks one text, Markdown or DOCX file"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "broken.tmx").write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>'
                                         "<tu></body>\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("fine\nBr\xfcssel\n".encode("latin-1"))
    (tmp_path / "three.tmx").write_text(
        (CHECK / "en-ru.tmx").read_text(encoding="utf-8").replace(
            '<tuv xml:lang="ru"><seg>Совещание', '<tuv xml:lang="be"><seg>Нарада</seg></tuv>'
            '<tuv xml:lang="ru"><seg>Совещание'), encoding="utf-8")
    for name in ("en-ru.en.md", "en-ru.ru.md", "en-ru.tmx"):
        (tmp_path / name).write_bytes((CHECK / name).read_bytes())
    done = termbase("check", *args, "-d", str(GLOSSARY), cwd=tmp_path)
    if message is None:  # a TMX without that language: every unit lacks a target
        assert done.returncode == 0 and "0 segments" in done.stderr
        return
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert message in done.stderr.strip().splitlines()[-1]  # one line, after click's usage


def test_list_rules():
    done = termbase("check", "--list-rules")
    assert done.returncode == 0
    assert [line.split()[0] for line in done.stdout.splitlines()] == [
        r.code for r in all_rules()]


def tmx_of(tmp_path: Path, srclang: str, *units: dict[str, str]) -> Path:
    body = "".join("<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>'
                                    for lang, text in unit.items()) + "</tu>\n"
                   for unit in units)
    path = tmp_path / "memory.tmx"
    path.write_text(f'<tmx version="1.4"><header creationtool="x" creationtoolversion="1" '
                    f'segtype="sentence" o-tmf="x" adminlang="en" srclang="{srclang}" '
                    f'datatype="plaintext"/><body>\n{body}</body></tmx>\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("srclang", ["*all*", "all", "*ALL*"])
def test_a_tmx_of_any_source_language_asks_for_one_then_checks(index, tmp_path, srclang):
    path = tmx_of(tmp_path, srclang, {"en": "The CSTO met.", "ru": "CSTO собралась."})
    with pytest.raises(TermbaseError, match="does not say its source language"):
        read_bilingual(path)
    alignment = read_bilingual(path, source_lang="en")
    assert [f.code for f in check(index, alignment).findings] == ["T105"]


def test_a_check_that_would_check_nothing_says_so(tmp_path):
    path = tmx_of(tmp_path, "de", {"en": "The CSTO met.", "ru": "ОДКБ собралась."})
    with pytest.raises(TermbaseError, match="no unit has a de segment .the file holds en, ru."):
        read_bilingual(path)


def test_two_regions_of_one_language_are_a_pair(tmp_path):
    path = tmx_of(tmp_path, "en-US", {"en-US": "organization", "en-GB": "organisation"},
                  {"en-GB": "colour", "en-US": "color"})
    alignment = read_bilingual(path)
    assert (alignment.source_lang, alignment.target_lang) == ("en-US", "en-GB")
    assert [(s.source.text, s.target.text) for s in alignment.segments] == [
        ("organization", "organisation"), ("color", "colour")]
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("The organization met.\n", encoding="utf-8")
    paired = align_articles(tmp_path / "a.txt", tmp_path / "b.txt", "en-US", "en-GB")
    assert (paired.source_lang, paired.target_lang) == ("en-US", "en-GB")


def test_a_fuzzy_po_message_is_not_checked_as_a_translation(index, tmp_path):
    entry = 'msgid "The CSTO met."\nmsgstr "CSTO собралась."\n'
    po = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (tmp_path / "plain.po").write_text(po + entry, encoding="utf-8")
    (tmp_path / "fuzzy.po").write_text(po + "#, fuzzy\n" + entry, encoding="utf-8")
    assert [f.code for f in check(index, read_bilingual(tmp_path / "plain.po")).findings] == [
        "T105"]
    fuzzy = read_bilingual(tmp_path / "fuzzy.po")
    assert fuzzy.segments[0].target is None and check(index, fuzzy).findings == []


def test_a_regional_variant_is_judged_by_the_desk_s_region(tmp_path):
    """«Белоруссия» is standard in Russia and avoided in Belarus: recorded as admitted with
    geographicalUsage RU, it is an error for a Minsk desk and fine for a Moscow one."""
    from termbase.model import Concept, LanguageSection, Term
    from termbase.formats import tbx

    glossary = tmp_path / "g.tbx"
    tbx.write([Concept("belarus", languages=[LanguageSection("ru", [
        Term("Беларусь", "preferred", part_of_speech="properNoun"),
        Term("Белоруссия", "admitted", part_of_speech="properNoun",
             geographical_usage="RU")])])], glossary)
    article = tmp_path / "article.txt"
    article.write_text("Делегация Белоруссии прибыла в Москву.\n", encoding="utf-8")

    def codes(*usage: str) -> list[str]:
        done = termbase("check", "--lang", "ru", str(article), "-d", str(glossary),
                        "--format", "json", *usage, cwd=tmp_path)
        return [f["code"] for f in json.loads(done.stdout)["findings"]]

    assert codes("--usage", "BY") == ["T102"] and codes("--usage", "RU") == []
    assert codes() == ["T102"]  # no desk region: the strict reading
    (tmp_path / "pyproject.toml").write_text('[tool.termbase]\nusage = "RU"\n')
    (tmp_path / "glossary").mkdir()
    assert codes() == []  # the project's desk
    bad = termbase("check", "--lang", "ru", str(article), "--usage", "Russia", cwd=tmp_path)
    assert bad.returncode == 2 and "no region subtag" in bad.stderr


@pytest.fixture(scope="module")
def names_index(tmp_path_factory) -> Index:
    """A glossary of the cases below: a city, a treaty named after it, a name with a
    deprecated spelling the keys fold together with the preferred one, a name with a comma,
    a name with a short name, a body with a spelling variant and a body named after it,
    places whose adjectives make compounds, a body with an acronym."""
    def term(text, status="preferred", kind="fullForm", pos="properNoun"):
        return Term(text, status=status, type=kind, part_of_speech=pos)

    folder = tmp_path_factory.mktemp("names")
    tbx.write([
        Concept("moscow", languages=[LanguageSection("ru", [term("Москва")]),
                                     LanguageSection("be", [term("Масква")]),
                                     LanguageSection("en", [term("Moscow")])]),
        Concept("partial-test-ban-treaty", languages=[
            LanguageSection("ru", [term("Московский договор", "admitted", "variant")]),
            LanguageSection("en", [term("Partial Test Ban Treaty")])]),
        Concept("europe", languages=[
            LanguageSection("ru", [term("Европа")]),
            LanguageSection("be", [term("Еўропа"), term("Эўропа", "deprecated", "variant")]),
            LanguageSection("en", [term("Europe")])]),
        Concept("alexander-lukashenko", languages=[
            LanguageSection("be", [term("Аляксандр Лукашэнка")]),
            LanguageSection("en", [term("Alexander Lukashenko")])]),
        Concept("union-state", languages=[LanguageSection("ru", [term("Союзное государство")])]),
        Concept("minister-of-foreign-affairs-of-belarus", languages=[LanguageSection("en", [
            term("Minister of Foreign Affairs of the Republic of Belarus", pos="noun")])]),
        Concept("union-state-military-doctrine", languages=[
            LanguageSection("ru", [term("Военная доктрина Союзного государства")])]),
        Concept("eaeu", languages=[LanguageSection("ru", [
            term("Евразийский экономический союз"), term("ЕАЭС", kind="acronym")])]),
        Concept("shanghai-convention", languages=[LanguageSection("en", [
            term("Shanghai Convention on Combating Terrorism, Separatism and Extremism")])]),
        Concept("belarus", languages=[
            LanguageSection("ru", [term("Беларусь"), term("Белоруссия", "deprecated", "variant")]),
            LanguageSection("be", [term("Беларусь")]), LanguageSection("en", [term("Belarus")])]),
        Concept("russia", languages=[
            LanguageSection("ru", [term("Российская Федерация"),
                                   term("Россия", kind="shortForm")]),
            LanguageSection("be", [term("Расійская Федэрацыя"), term("Расія", kind="shortForm")]),
            LanguageSection("en", [term("Russian Federation"),
                                   term("Russia", kind="shortForm")])]),
        Concept("china", languages=[LanguageSection("ru", [term("Китай")]),
                                    LanguageSection("en", [term("China")])]),
        Concept("european-parliament", languages=[
            LanguageSection("be", [term("Еўрапейскі парламент"),
                                   term("Еўрапарламент", "admitted", "shortForm")]),
            LanguageSection("en", [term("European Parliament")])]),
        Concept("cis-interparliamentary-assembly", languages=[LanguageSection("en", [
            term("Interparliamentary Assembly of Member Nations of the Commonwealth of "
                 "Independent States"), term("IPA CIS", kind="acronym")])]),
        Concept("indivisible-security", languages=[
            LanguageSection("ru", [term("неделимость безопасности", pos="noun"),
                                   term("неделимая безопасность", "admitted", "variant", "noun")]),
            LanguageSection("en", [term("indivisible security", pos="noun")])]),
        Concept("principle-of-indivisible-security", languages=[
            LanguageSection("ru", [term("принцип неделимой безопасности", pos="noun")]),
            LanguageSection("en", [term("principle of indivisible security", pos="noun")])]),
        Concept("iskander-m", languages=[LanguageSection("ru", [term("Искандер-М")]),
                                         LanguageSection("en", [term("Iskander-M")])]),
        Concept("air-defence", languages=[LanguageSection("ru", [
            term("противовоздушная оборона", pos="noun"), term("ПВО", kind="acronym")])]),
        Concept("cis", languages=[LanguageSection("ru", [term("СНГ", kind="acronym")]),
                                  LanguageSection("en", [term("CIS", kind="acronym")])]),
        Concept("cis-anti-terrorism-centre", languages=[
            LanguageSection("ru", [term("Антитеррористический центр СНГ")]),
            LanguageSection("en", [term("CIS Anti-Terrorism Centre")])]),
        Concept("sco", languages=[LanguageSection("en", [
            term("Shanghai Cooperation Organisation")])]),
        Concept("sco-charter", languages=[LanguageSection("en", [
            term("Charter of the Shanghai Cooperation Organisation")])]),
        Concept("csto-parliamentary-assembly-be", languages=[LanguageSection("be", [
            term("Парламенцкая асамблея Арганізацыі Дагавора аб калектыўнай бяспецы")])]),
        Concept("imangali-tasmagambetov", languages=[LanguageSection("en", [
            term("Imangali Tasmagambetov")])]),
        Concept("euro-atlantic-security-model", languages=[LanguageSection("en", [
            term("Euro-Atlantic security model", pos="noun")])]),
        Concept("eurasian-charter", languages=[LanguageSection("en", [
            term("Eurasian Charter of Diversity and Multipolarity in the 21st Century"),
            term("Eurasian Charter", kind="shortForm")])]),
        Concept("csto", languages=[
            LanguageSection("ru", [term("Организация Договора о коллективной безопасности"),
                                   term("ОДКБ", kind="acronym")]),
            LanguageSection("en", [term("Collective Security Treaty Organization"),
                                   term("Collective Security Treaty Organisation", "admitted",
                                        "variant"), term("CSTO", kind="acronym")])]),
        Concept("csto-summit", languages=[
            LanguageSection("ru", [term("сессия Совета коллективной безопасности ОДКБ")]),
            LanguageSection("en", [term("CSTO Collective Security Council session")])]),
        Concept("brics", languages=[LanguageSection("ru", [term("БРИКС", kind="acronym")]),
                                    LanguageSection("en", [term("BRICS")])]),
        Concept("supreme-state-council", languages=[LanguageSection("ru", [
            term("Высший Государственный Совет Союзного государства"),
            term("Высший госсовет", "admitted", "abbreviation"),
            term("ВГС", kind="acronym")])]),
        Concept("minsk-be", languages=[LanguageSection("be", [term("Мінск")])]),
        Concept("minsk-conference", languages=[LanguageSection("be", [
            term("Мінская міжнародная канферэнцыя па еўразійскай бяспецы")])]),
        Concept("cis-heads-of-state", languages=[
            LanguageSection("ru", [term("Совет глав государств СНГ")]),
            LanguageSection("be", [term("Савет кіраўнікоў дзяржаў Садружнасці Незалежных "
                                        "Дзяржаў")])]),
        Concept("cis-heads-of-government", languages=[
            LanguageSection("ru", [term("Совет глав правительств СНГ")]),
            LanguageSection("be", [term("Савет кіраўнікоў урадаў Садружнасці Незалежных "
                                        "Дзяржаў")])]),
        Concept("csto-parliamentary-assembly", languages=[
            LanguageSection("ru", [term("Парламентская ассамблея Организации Договора о "
                                        "коллективной безопасности")]),
            LanguageSection("en", [term("Parliamentary Assembly of the Collective Security "
                                        "Treaty Organization")])]),
    ], folder / "names.tbx")
    return Index.open([folder / "names.tbx"], directory=folder, kind="tbx")


def _checked(index: Index, folder: Path, source: tuple[str, str],
             target: tuple[str, str] | None = None) -> set[tuple[str, str]]:
    paths = []
    for lang, content in filter(None, (source, target)):
        path = folder / f"{len(paths)}.{lang}.txt"
        path.write_text(content + "\n", encoding="utf-8")
        paths.append(path)
    alignment = (align_articles(*paths) if target else read_alone(paths[0], source[0]))
    return {(f.code, f.concept or "") for f in check(index, alignment).findings}


@pytest.mark.parametrize("source, target, expected", [
    # an English place name before a noun, rendered by its adjective: no term missing
    ("The Moscow Treaty, the Partial Test Ban Treaty, was signed in 1963.",
     ("ru", "Московский договор был подписан в 1963 году."), set()),
    ("The Moscow talks went on.", ("be", "Маскоўскія перамовы працягваліся."), set()),
    # the city itself missing, and no adjective of it either
    ("The delegation flew to Moscow.", ("ru", "Делегация прилетела в Минск."),
     {("T101", "moscow")}),
    # a word that begins as the name but is no adjective of it (Muscovites)
    ("Moscow voted.", ("ru", "Москвичи проголосовали."), {("T101", "moscow")}),
])
def test_a_place_name_rendered_by_its_adjective(names_index, tmp_path, source, target, expected):
    assert _checked(names_index, tmp_path, ("en", source), target) == expected


def test_a_deprecated_spelling_the_keys_fold_with_the_preferred_is_still_found(names_index,
                                                                               tmp_path):
    assert _checked(names_index, tmp_path, ("be", "Санкцыі Эўропы.")) == {("T102", "europe")}
    assert _checked(names_index, tmp_path, ("be", "Санкцыі Еўропы.")) == set()


@pytest.mark.parametrize("written, expected", [
    ("Аляксандр Лукашенка сустрэўся з дэлегацыяй.", {("T108", "alexander-lukashenko")}),
    ("Аляксандра Лукашэнкі чакалі ў Мінску.", set()),  # inflected: the stem is kept
    ("Санкцыі Эўропы.", {("T102", "europe")}),  # a listed spelling is that term, no T108
])
def test_a_belarusian_stem_with_e_for_e_is_a_near_miss(names_index, tmp_path, written,
                                                        expected):
    assert _checked(names_index, tmp_path, ("be", written)) == expected


@pytest.mark.parametrize("written, expected", [
    ("Армения, член Евроазиатского экономического союза, торгует.", {("T108", "eaeu")}),
    ("Армения, член Евразийского экономического союза, торгует.", set()),
    # another first word, not the name's spelt otherwise: a union of its own
    ("Армения, член Таможенного экономического союза, торгует.", set()),
])
def test_a_near_miss_whose_first_word_is_spelt_otherwise(names_index, tmp_path, written,
                                                         expected):
    assert _checked(names_index, tmp_path, ("ru", written)) == expected


@pytest.mark.parametrize("written, expected", [
    ("Приняты положения Оборонной доктрины Союзного государства.",
     {("T108", "union-state-military-doctrine")}),
    ("Приняты положения Военной доктрины Союзного государства.", set()),
    ("Приняты положения доктрины Союзного государства.", set()),  # a part, not a near miss
])
def test_a_near_miss_whose_first_word_changed_in_a_text_alone(names_index, tmp_path, written,
                                                              expected):
    assert _checked(names_index, tmp_path, ("ru", written)) == expected


def test_a_description_is_no_near_miss_of_a_long_title(names_index, tmp_path):
    """In a text alone, a near miss changes or drops one of the name's words, not two."""
    assert _checked(names_index, tmp_path, ("en", "Belarusian Foreign Minister Maxim "
                                            "Ryzhenkov began a tour.")) == set()
    assert _checked(names_index, tmp_path, ("en", "The Minister of Foreign Affairs of the "
                                            "Republic of Belarusia spoke.")) == {
        ("T108", "minister-of-foreign-affairs-of-belarus")}


def test_in_a_text_alone_only_names_have_near_misses(names_index, tmp_path):
    """A common-noun term has no one written form: a phrase near it is language. (A title
    written as a name, tagged a noun, has one: the test above.)"""
    assert _checked(names_index, tmp_path, ("en", "The Euro-Atlantic security region no "
                                            "longer exists.")) == set()


def test_a_near_miss_of_a_name_that_holds_a_comma(names_index, tmp_path):
    near = "The Shanghai Convention on Countering Terrorism, Separatism and Extremism holds."
    assert _checked(names_index, tmp_path, ("en", near)) == {("T108", "shanghai-convention")}
    two = "The Shanghai Convention on Combating Terrorism. Separatism and extremism grow."
    assert ("T108", "shanghai-convention") not in _checked(names_index, tmp_path, ("en", two))


@pytest.mark.parametrize("written, expected", [
    ("The Eurasian Charter on Diversity and Multipolarity in the 21st Century was adopted.",
     {("T108", "eurasian-charter")}),
    ("The Eurasian Charter of Diversity and Multipolarity in the 21st Century was adopted.",
     set()),
    # the short name, and words after it that are no words of the full name
    ("The Eurasian Charter will be discussed in Minsk.", set()),
    ("The Eurasian Charter on diversity was discussed.", set()),  # no full name is written
])
def test_a_near_miss_that_begins_with_its_own_short_name(names_index, tmp_path, written,
                                                          expected):
    assert _checked(names_index, tmp_path, ("en", written)) == expected


def test_a_body_spelt_two_ways_in_one_translation_counts_inside_a_longer_name(names_index,
                                                                              tmp_path):
    """The CSTO inside its Parliamentary Assembly's name, in the source and the target, is
    one of its renderings: 'Organisation' later is the second."""
    csto = "Организация Договора о коллективной безопасности"
    assembly = "Парламентская ассамблея Организации Договора о коллективной безопасности"
    source = f"{assembly} собралась.\n\n{csto} отвечает на вызовы."
    mixed = ("The Parliamentary Assembly of the Collective Security Treaty Organization met."
             "\n\nThe Collective Security Treaty Organisation responds to challenges.")
    assert _checked(names_index, tmp_path, ("ru", source), ("en", mixed)) == {("T103", "csto")}
    kept = mixed.replace("Organisation responds", "Organization responds")
    assert _checked(names_index, tmp_path, ("ru", source), ("en", kept)) == set()


@pytest.mark.parametrize("source, target, expected", [
    # names joined by a hyphen or a dash are each found ...
    (("ru", "Поезда Китай — Европа идут через Минск."),
     ("en", "China–Europe trains run via Minsk."), set()),
    (("ru", "Поезда Китай — Европа идут через Минск."),
     ("en", "Asian trains run via Minsk."), {("T101", "china"), ("T101", "europe")}),
    # ... and rendered by a compound adjective, first or second part
    (("en", "Belarus-Russia talks went on."), ("ru", "Белорусско-российские переговоры шли."),
     set()),
    (("en", "Russia–Belarus talks went on."), ("be", "Расійска-беларускія перамовы ішлі."),
     set()),
    (("en", "Belarus-Russia talks went on."), ("ru", "Переговоры шли."),
     {("T101", "belarus"), ("T101", "russia")}),
    # a body's adjective is no place's: the European Parliament is missing
    (("en", "The European Parliament voted."), ("be", "Еўрапейскі савет прагаласаваў."),
     {("T101", "european-parliament")}),
])
def test_names_joined_by_a_hyphen(names_index, tmp_path, source, target, expected):
    assert _checked(names_index, tmp_path, source, target) == expected


def test_a_near_miss_of_a_body_named_elsewhere_by_its_acronym(names_index, tmp_path):
    near = ("The Interparliamentary Assembly of Member States of the Commonwealth of "
            "Independent States met, the IPA CIS said.")
    assert _checked(names_index, tmp_path, ("en", near)) == {
        ("T108", "cis-interparliamentary-assembly")}
    right = near.replace("Member States", "Member Nations")
    assert _checked(names_index, tmp_path, ("en", right)) == set()


def test_a_term_inside_a_longer_name_renders_as_that_name_asks(names_index, tmp_path):
    """«неделимой безопасности» inside «принцип неделимой безопасности» is the principle's
    wording, not a second rendering beside «неделимость безопасности»."""
    source = "The principle of indivisible security holds.\n\nIndivisible security matters."
    target = "Принцип неделимой безопасности действует.\n\nНеделимость безопасности важна."
    assert _checked(names_index, tmp_path, ("en", source), ("ru", target)) == set()


@pytest.mark.parametrize("source, target, expected", [
    # look-alike letters in a word of the text's alphabet, capitals in a row and after a hyphen
    (("en", "The Iskander-M was deployed."), ("ru", "Комплекс Искандер-M развёрнут."),
     {("T109", "iskander-m")}),
    (("ru", "Развитие ПBO обсудили."), None, {("T109", "air-defence")}),
    (("ru", "Развитие ПВО обсудили."), None, set()),
    # a near miss of the expected name that begins with a name found inside it
    (("ru", "Антитеррористический центр СНГ провёл учения."),
     ("en", "The CIS Antiterrorist Centre held drills."), {("T108", "cis-anti-terrorism-centre")}),
    # a word changed and one added is a description, not a near miss
    (("en", "Security chiefs of the Shanghai Cooperation Organisation met."), None, set()),
    # a preposition changed, and the words after it declined as the new one asks
    (("be", "Ініцыятыву падтрымала Парламенцкая асамблея Арганізацыі Дагавора пра "
            "калектыўную бяспеку."), None, {("T108", "csto-parliamentary-assembly-be")}),
    # a first name spelt otherwise before the surname
    (("en", "Imangaly Tasmagambetov will attend."), None, {("T108", "imangali-tasmagambetov")}),
    (("en", "Imangali Tasmagambetov will attend."), None, set()),
])
def test_near_misses_and_look_alikes_the_seventh_set_showed(names_index, tmp_path, source,
                                                            target, expected):
    assert _checked(names_index, tmp_path, source, target) == expected


@pytest.mark.parametrize("source, target, expected", [
    # a full name beside its abbreviation and its acronym is no mix
    (("ru", "Высший Государственный Совет Союзного государства собрался.\n\n"
            "Высший госсовет принял решение.\n\nРешение ВГС вступило в силу."), None, set()),
    # a near miss may begin at a name found inside it («Мінскую», the city's adjective)
    (("be", "Экспертаў запрасілі на Мінскую міжнародную канферэнцыю аб еўразійскай "
            "бяспецы."), None, {("T108", "minsk-conference")}),
    # another body's name written whole is that body (T101), though one word from the right
    (("ru", "Следующее заседание Совета глав государств СНГ пройдёт в Минске."),
     ("be", "Наступнае пасяджэнне Савета кіраўнікоў урадаў Садружнасці Незалежных Дзяржаў "
            "пройдзе ў Мінску."), {("T101", "cis-heads-of-state")}),
    # the name whole with its acronym in the wrong language: the T105 only
    (("en", "The CSTO Collective Security Council session opened."),
     ("ru", "Открылась сессия Совета коллективной безопасности CSTO."), {("T105", "csto")}),
    # an acronym that is the name itself (BRICS, typed a full form) in another language
    (("ru", "Саммит BRICS прошёл в Казани."), None, {("T105", "brics")}),
])
def test_what_the_eighth_set_showed(names_index, tmp_path, source, target, expected):
    assert _checked(names_index, tmp_path, source, target) == expected

