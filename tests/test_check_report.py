"""What `termbase check` shows: the HTML report says which term is wrong and what to write
instead, explains its highlights in a legend, gives severity in words and symbols as well as
colour, and counts the segments with findings; a pairing of two texts that are not a text
and its translation is warned about before any finding, in every output format."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import lxml.html
import pytest
from lxml import etree

from conftest import chromium
from termbase.align import LOW_CONFIDENCE, MIN_ANCHORS, align_articles, numbers, read_alone, \
    read_bilingual
from termbase.check import check
from termbase.check_report import SCRIPT, SYMBOLS, html_page
from termbase.diagnostics import SEVERITIES
from termbase.index import Index
from termbase.matching import TermFinders

ROOT = Path(__file__).resolve().parent.parent
CHECK = Path(__file__).parent / "fixtures" / "check"
REAL = Path(__file__).parent / "fixtures" / "check-real"
FROZEN_GLOSSARY = Path(__file__).parent / "fixtures" / "frozen-glossary"
GLOSSARY = CHECK / "glossary.tbx"


def termbase(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def report(tmp_path: Path, *args: str, glossary: Path = GLOSSARY):
    """The HTML report of `termbase check ARGS`, parsed, and the finished process."""
    out = tmp_path / "report.html"
    done = termbase("check", *args, "--format", "html", "-o", str(out), "-d", str(glossary))
    assert done.returncode in (0, 1), done.stderr
    return lxml.html.document_fromstring(out.read_bytes()), done


def row_of(document, segment: str):
    [row] = [tr for tr in document.iter("tr") if tr.find_class("id")
             and tr.find_class("id")[0].text_content() == segment]
    return row


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Index:
    return Index.open([GLOSSARY], directory=tmp_path_factory.mktemp("cache"), kind="tbx")


@pytest.fixture(scope="module")
def labelled_index(tmp_path_factory) -> Index:
    return Index.open([FROZEN_GLOSSARY], directory=tmp_path_factory.mktemp("cache"),
                      kind="tbx")


# --- which term is wrong, and what to write ------------------------------------------------

@pytest.mark.parametrize("source,target,segment,source_term,wrong,fix", [
    ("en-ru.en.md", "en-ru.ru.md", "paragraph 5", "treaty", "Соглашение", "договор"),
    ("be-ru.be.txt", "be-ru.ru.txt", "paragraph 3", "Дагавор", "Соглашение", "договор"),
])
def test_the_term_a_t101_names_instead_is_marked_as_the_problem_with_the_fix_beside_it(
        tmp_path, source, target, segment, source_term, wrong, fix):
    """It was marked «ok», in green, like a right term."""
    document, _ = report(tmp_path, str(CHECK / source), str(CHECK / target))
    row = row_of(document, segment)
    [cell] = row.find_class("target")
    [mark] = [m for m in cell.iter("mark") if m.text_content() == wrong]
    assert {"problem", "error"} <= set(mark.classes) and "ok" not in mark.classes
    assert mark.get("title").startswith("T101 error: ")
    beside = mark.getnext()
    assert (beside.tag, beside.get("class"), beside.text_content()) == ("ins", "fix", fix)
    [missing] = [m for m in row.find_class("source")[0].iter("mark")
                 if m.text_content() == source_term]
    assert "missing" in missing.classes
    [item] = [li for li in row.find_class("finding") if "T101" in li.text_content()]
    assert f"it has «{wrong}»" in item.text_content()
    assert [ins.text_content() for ins in item.find_class("fix")[0].iter("ins")] == [fix]


def checked_pairs() -> list:
    """Every fixture of test_check with its folder: article pairs, bilingual files, texts alone."""
    import csv

    found = []
    for folder in (CHECK, REAL):
        with open(folder / "expected.tsv", encoding="utf-8", newline="") as table:
            pairs = {(row["source"], row["target"]) for row in csv.DictReader(table,
                                                                               delimiter="\t")}
        found += [(folder, source, target) for source, target in sorted(pairs)]
    return found


@pytest.mark.parametrize("folder,source,target", checked_pairs(),
                         ids=lambda v: v.name if isinstance(v, Path) else v or "-")
def test_every_term_a_finding_names_as_found_is_marked_as_a_problem_never_as_ok(
        request, folder, source, target):
    index = request.getfixturevalue("index" if folder == CHECK else "labelled_index")
    if not target:
        alignment = (read_alone(folder / source) if source.endswith("-alone.txt")
                     else read_bilingual(folder / source))
    else:
        alignment = align_articles(folder / source, folder / target,
                                   concepts_of=TermFinders(index).concepts)
    result = check(index, alignment)
    document = lxml.html.document_fromstring(html_page(result))
    checked = "source" if alignment.target_lang is None else "target"
    for finding in result.findings:
        if not finding.found or finding.segment == "article":
            continue
        cell = row_of(document, finding.segment).find_class(checked)[0]
        marks = [m for m in cell.iter("mark") if m.text_content() == finding.found]
        assert marks, (finding.code, finding.found)
        assert any({"problem", finding.severity} <= set(m.classes)
                   or "problem" in m.classes and finding.code in m.get("title") for m in marks)
        assert not any("ok" in m.classes for m in marks)
        fix = [t for t in finding.expected if finding.code != "T107"]
        if fix:
            shown = [m.getnext().text_content() for m in marks if m.getnext() is not None
                     and m.getnext().tag == "ins"]
            assert any(all(t in text for t in fix) for text in shown), (finding.code, shown)


# --- legend, severity without colour, the count ---------------------------------------------

def test_the_legend_explains_each_highlight_and_each_severity_has_a_word_and_a_symbol(tmp_path):
    document, _ = report(tmp_path, str(CHECK / "en-ru.en.md"), str(CHECK / "en-ru.ru.md"))
    legend = document.get_element_by_id("legend")
    assert legend.get("aria-labelledby") == "legend-heading"
    assert document.get_element_by_id("legend-heading").text_content() == "Legend"
    symbols = set()
    for severity in SEVERITIES:
        [label] = [s for s in legend.find_class("severity") if severity in s.classes]
        [icon] = label.find_class("icon")
        assert icon.get("aria-hidden") == "true"
        symbol = icon.text_content()
        assert symbol.strip() and not symbol.isascii()
        assert label.text_content() == f"{symbol} {severity}"
        symbols.add(symbol)
        assert len(label.getparent().text_content()) > len(label.text_content()) + 10  # meaning
    assert len(symbols) == len(SEVERITIES)
    # every kind of highlight the table uses is in the legend, with what it means
    explained = {m.get("class").split()[0] for m in legend.iter("mark")}
    table = document.find(".//tbody")
    used = {m.get("class").split()[0] for m in table.iter("mark")}
    assert used == {"term", "missing", "ok", "problem"} and used <= explained
    assert table.find_class("fix") and legend.find_class("fix")
    for li in legend.iter("li"):
        assert re.search(r": \w", li.text_content())
    # every finding shows its severity as a symbol and a word, not by colour alone
    items = document.find_class("finding")
    assert len(items) == 4
    for item in items:
        [severity] = set(item.classes) & set(SEVERITIES)
        assert item.find_class("severity")[0].text_content() == f"{SYMBOLS[severity]} {severity}"


@pytest.mark.parametrize("args,expected", [
    (["en-ru.en.md", "en-ru.ru.md"], "4 of 8 segments have findings"),
    (["be-en.be.txt", "be-en.en.txt"], "0 of 4 segments have findings"),
    (["en-ru.xlf"], "2 of 3 segments have findings"),
    (["--lang", "en", "en-alone.txt"], "3 of 3 segments have findings"),
    (["whole.en.txt", "whole.ru.txt"], "1 of 1 segment has findings"),
])
def test_the_report_counts_the_segments_with_findings(tmp_path, args, expected):
    args = [a if a.startswith("-") or a == "en" else str(CHECK / a) for a in args]
    document, _ = report(tmp_path, *args)
    assert document.get_element_by_id("segments-with-findings").text_content() == expected
    rows = document.findall(".//tbody/tr")
    total, with_findings = len(rows), sum("has-findings" in r.classes for r in rows)
    assert expected.startswith(f"{with_findings} of {total} ")


def test_in_a_browser_the_symbols_show_without_colour_and_the_warning_comes_first(tmp_path):
    from selenium.webdriver.common.by import By

    english = REAL / "04-union-state-en-ru.en.txt"
    out = tmp_path / "report.html"
    termbase("check", str(english), str(REAL / "b08-lavrov-visit-en-ru.ru.txt"), "--format",
             "html", "-o", str(out), "-d", str(FROZEN_GLOSSARY))
    clean = tmp_path / "clean.html"
    termbase("check", str(CHECK / "en-ru.en.md"), str(CHECK / "en-ru.ru.md"), "--format", "html",
             "-o", str(clean), "-d", str(GLOSSARY))
    browser = chromium()
    try:
        browser.get(clean.as_uri())
        before = {severity: browser.execute_script(
            "return getComputedStyle(document.querySelector(arguments[0]), '::before').content",
            f"#legend mark.problem.{severity}" if severity == "error" else
            f"td.target mark.problem.{severity}") for severity in ("error", "warning")}
        assert before == {"error": '"✖\u00a0"', "warning": '"⚠\u00a0"'}
        wrong = browser.find_element(By.CSS_SELECTOR, "td.target mark.problem.error")
        assert "line-through" in wrong.value_of_css_property("text-decoration")
        assert browser.find_element(By.ID, "legend").is_displayed()
        assert browser.find_elements(By.ID, "alignment-warning") == []
        browser.get(out.as_uri())
        warning = browser.find_element(By.ID, "alignment-warning")
        assert warning.is_displayed() and warning.get_attribute("role") == "alert"
        assert warning.text.startswith("⚠ warning The pairing is doubtful. Low alignment "
                                       "confidence")
        first = browser.find_elements(By.CSS_SELECTOR, "li.finding")[0]
        assert warning.location["y"] < first.location["y"]
    finally:
        browser.quit()


# --- a pairing of unrelated texts ------------------------------------------------------------

def same_article(folder: Path, one: str, other: str) -> bool | None:
    """Whether two fixture files are a text and its translation: True for the files of one
    case (X.en.txt, X.ru.txt) and for cases made from one article (01–03 regional security,
    04–06 and 10 the Union State); None for overlapping excerpts of one article (07–09) or
    rewritings of one text (by-sentence, whole, split): neither pairs nor strangers."""
    def case(name: str) -> str:
        return name.split(".")[0]

    if case(one) == case(other):
        return True
    articles = [re.match(r"\d\d-([a-z]+(?:-state)?)", case(name)) for name in (one, other)]
    if all(articles) and articles[0][1] == articles[1][1]:
        return True if articles[0][1] in ("regional", "union-state") else None
    rewritten = {"by-sentence", "whole", "split"}
    if folder == CHECK and {case(one), case(other)} <= rewritten:
        return None
    return False


def test_the_confidence_separates_texts_and_translations_from_unrelated_pairs(index,
                                                                            labelled_index):
    """Every fixture article paired with its translation, both ways, and with every other
    article's text in another language: the figures that LOW_CONFIDENCE is chosen by."""
    scores: dict[tuple[str, bool], list] = {}
    for folder, glossary in ((CHECK, index), (REAL, labelled_index)):
        concepts_of = TermFinders(glossary).concepts
        texts = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md")
                       and "alone" not in p.name)
        for source, target in itertools.permutations(texts, 2):
            if source.name.split(".")[-2] == target.name.split(".")[-2]:
                continue
            related = same_article(folder, source.name, target.name)
            if related is None:
                continue
            confidence = align_articles(source, target, concepts_of=concepts_of).confidence
            scores.setdefault((folder.name, related), []).append(confidence)
    correct = scores[("check", True)] + scores[("check-real", True)]
    real_mismatched = scores[("check-real", False)]
    made_up_mismatched = scores[("check", False)]
    assert (len(correct), len(real_mismatched), len(made_up_mismatched)) == (116, 756, 358)
    # never a warning on a text and its translation
    assert not any(c.low for c in correct)
    assert min(c.score for c in scores[("check-real", True)]) >= 0.73
    assert min(c.score for c in correct if c.anchors >= MIN_ANCHORS) >= 0.66
    # always one on two real articles that are not
    assert all(c.low for c in real_mismatched)
    assert max(c.score for c in real_mismatched) <= 0.31 < LOW_CONFIDENCE
    # the made-up texts are two to five sentences on the same five concepts: most told apart
    assert sum(c.low for c in made_up_mismatched) >= 0.85 * len(made_up_mismatched)


def test_too_few_anchors_tell_nothing(index):
    """Two paragraphs of three anchors, one term rendered by a derived word: 1 of 3 shared."""
    alignment = align_articles(CHECK / "derived.en.txt", CHECK / "derived.ru.txt",
                               concepts_of=TermFinders(index).concepts)
    assert (alignment.confidence.shared, alignment.confidence.anchors) == (1, 3)
    assert not alignment.confidence.low and alignment.confidence.warning() is None


def test_numbers_are_anchors_whatever_the_locale_writes_between():
    assert numbers("В 2024 году, 05.03, 1 500 человек") == {"#2024", "#5", "#3", "#1", "#500"}
    assert numbers("In 2024, on 5.3, 1,500 people") == {"#2024", "#5", "#3", "#1", "#500"}
    assert numbers("٢٠٢٤ and 0007") == {"#2024", "#7"}
    assert numbers("9" * 10_000) == {"#" + "9" * 10_000}  # no int() of 10,000 digits
    assert numbers("no numbers") == set()


UNRELATED = (str(REAL / "04-union-state-en-ru.en.txt"),
             str(REAL / "b08-lavrov-visit-en-ru.ru.txt"))


def test_two_unrelated_articles_are_warned_about_before_any_finding_in_every_format(tmp_path):
    shipped = ("-d", str(ROOT / "glossary"))
    text = termbase("check", *UNRELATED, *shipped)
    assert text.returncode == 1  # the findings still count
    first, *rest = text.stdout.splitlines()
    assert re.fullmatch(r"warning: low alignment confidence 0\.\d\d: only \d+ of the \d+ "
                        r"glossary terms and numbers in the paired segments are on both sides "
                        r"\(a text and its translation share 50% or more\); these may not be a "
                        r"text and its translation, so the findings may come from a wrong "
                        r"pairing, not from the translation", first)
    assert any("T101 error" in line for line in rest)
    assert re.search(r"; low alignment confidence 0\.\d\d, see the warning$", text.stderr.strip())
    as_json = json.loads(termbase("check", *UNRELATED, *shipped, "--format", "json").stdout)
    assert list(as_json).index("warnings") < list(as_json).index("findings")
    assert as_json["warnings"] == [first.removeprefix("warning: ")]
    confidence = as_json["alignment_confidence"]
    assert confidence["low"] and confidence["score"] < confidence["threshold"] == LOW_CONFIDENCE
    assert confidence["shared"] / confidence["anchors"] == pytest.approx(confidence["score"],
                                                                         abs=0.001)
    document, _ = report(tmp_path, *UNRELATED, glossary=ROOT / "glossary")
    warning = document.get_element_by_id("alignment-warning")
    order = list(document.iter())
    findings = document.find_class("finding")
    assert findings and all(order.index(warning) < order.index(f) for f in findings)
    assert order.index(warning) < order.index(document.find(".//table"))
    assert first.removeprefix("warning: low") in warning.text_content()


def test_a_text_and_its_translation_get_no_warning(tmp_path):
    pair = (str(CHECK / "en-ru.en.md"), str(CHECK / "en-ru.ru.md"))
    text = termbase("check", *pair, "-d", str(GLOSSARY))
    assert not text.stdout.startswith("warning") and "confidence" not in text.stderr
    as_json = json.loads(termbase("check", *pair, "-d", str(GLOSSARY), "--format",
                                  "json").stdout)
    assert as_json["warnings"] == []
    assert as_json["alignment_confidence"] == {"score": 0.9, "shared": 18, "anchors": 20,
                                               "threshold": LOW_CONFIDENCE, "low": False}
    document, _ = report(tmp_path, *pair)
    assert document.find('.//*[@id="alignment-warning"]') is None
    bilingual = json.loads(termbase("check", str(CHECK / "en-ru.xlf"), "-d", str(GLOSSARY),
                                    "--format", "json").stdout)
    assert (bilingual["alignment_confidence"], bilingual["warnings"]) == (None, [])


# --- safe and well-formed --------------------------------------------------------------------

XSS = ['"><img src=x onerror="window.pwned=1">', "</script><script>window.pwned=2</script>",
       "<!--<script>window.pwned=3</script>", "' onmouseover='window.pwned=4' x='",
       "<svg onload=window.pwned=5>", "</title></style></textarea><script>window.pwned=6</script>"]
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "label",
        "input", "span", "main", "div", "strong", "section", "ul", "li", "table", "thead",
        "tbody", "tr", "th", "td", "mark", "ins", "br", "script"}
ATTRIBUTES = {"charset", "name", "content", "lang", "id", "type", "class", "title", "role",
              "aria-labelledby", "aria-hidden"}


def hostile(tmp_path: Path) -> list[Path]:
    """Reports of hostile texts, file names, unit ids and glossary terms."""
    glossary = GLOSSARY.read_text(encoding="utf-8").replace(
        "<term>договор</term>", f"<term>договор {escape(XSS[0])}</term>")
    (tmp_path / "glossary.tbx").write_text(glossary, encoding="utf-8")
    name = tmp_path / "a<b>'\"&.en.txt"
    name.write_text(f"The treaty {XSS[1]} was signed in Minsk.\n\n{XSS[2]} Byelorussia {XSS[3]}."
                    "\n", encoding="utf-8")
    (tmp_path / "a.ru.txt").write_text(f"Соглашение {XSS[4]} было подписано в Минске.\n\n"
                                       f"{XSS[5]} CSTO {XSS[0]}.\n", encoding="utf-8")
    units = "".join(
        f"<tu tuid={quoteattr(payload)}><tuv xml:lang=\"en\"><seg>The treaty {escape(payload)} "
        f"and the CSTO.</seg></tuv><tuv xml:lang=\"ru\"><seg>Соглашение и CSTO "
        f"{escape(payload)}.</seg></tuv></tu>" for payload in XSS)
    (tmp_path / "units.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
        f'creationtoolversion="1" o-tmf="t"/><body>{units}</body></tmx>\n', encoding="utf-8")
    pages = []
    for number, args in enumerate(([str(name), "a.ru.txt", "--source-lang", "en",
                                    "--target-lang", "ru"], ["units.tmx"],
                                   ["--lang", "en", str(name)])):
        out = tmp_path / f"report{number}.html"
        done = termbase("check", *args, "--format", "html", "-o", str(out), "-d",
                        "glossary.tbx", cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        pages.append(out)
    return pages


def test_every_text_of_a_hostile_check_is_escaped(tmp_path):
    pages = hostile(tmp_path)
    for page in pages:
        document = lxml.html.document_fromstring(page.read_bytes())
        elements = list(document.iter(etree.Element))
        assert {el.tag for el in elements} <= TAGS
        assert {name for el in elements for name in el.attrib} <= ATTRIBUTES
        assert [el.text for el in document.iter("script")] == [SCRIPT]
        assert list(document.iter(etree.Comment)) == []
        ids = [el.get("id") for el in elements if el.get("id")]
        assert len(ids) == len(set(ids))
        for mark in document.iter("mark"):
            assert len(mark) == 0  # text only
    units = lxml.html.document_fromstring(pages[1].read_bytes())
    assert all(payload in units.text_content() for payload in XSS)
    assert [td.text_content() for td in units.find_class("id")] == XSS
    table = lxml.html.document_fromstring(pages[0].read_bytes()).find(".//tbody")
    fix = [ins for ins in table.find_class("fix") if ins.tag == "ins"]
    assert fix[0].text_content() == f"договор {XSS[0]}"  # the glossary's term, escaped
    browser = chromium()
    try:
        for page in pages:
            browser.get(page.as_uri())
            assert browser.execute_script("return typeof window.pwned") == "undefined"
            assert browser.find_elements("tag name", "tr")
    finally:
        browser.quit()
