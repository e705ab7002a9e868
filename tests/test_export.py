"""`termbase export`: every format, read back by the program translators load it into."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import chromium, need_standards, run_client
from termbase.formats import tbx, tmx

FIXTURES = Path(__file__).parent / "fixtures"
GLOSSARY = FIXTURES / "lookup" / "glossary.tbx"
CONCEPTS = 13


def export(tmp_path: Path, fmt: str, name: str, *args: str) -> tuple[Path, str]:
    out = tmp_path / name
    done = subprocess.run([sys.executable, "-m", "termbase", "export", "--format", fmt, "-o",
                           str(out), "-d", str(GLOSSARY), *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out, done.stderr


def test_tbx_v3_export_is_valid_and_whole(tmp_path):
    out, message = export(tmp_path, "tbx", "glossary.tbx")
    assert message.strip() == f"{CONCEPTS} concepts written to {out}"
    assert tbx.read_all(out)[1] == tbx.read_all(GLOSSARY)[1]
    standards = need_standards()
    rng = etree.RelaxNG(etree.parse(str(standards / "tbx3" / "core" / "TBXcoreStructV03.rng")))
    assert rng.validate(etree.parse(str(out))), rng.error_log


def test_tbx2_export_loads_in_omegat_and_translate_toolkit_with_statuses(tmp_path):
    out, _ = export(tmp_path, "tbx2", "glossary-tbx2.tbx")
    omegat = run_client("omegat_read.py", out, "--source-lang", "ru", "--target-lang", "en")
    assert omegat["accepted"] and omegat["entry_count"] > 0
    tt = run_client("tt_read.py", out)
    assert tt["accepted"] and tt["entry_count"] == CONCEPTS
    seen = {(term["term"], term["administrative_status"], term["deprecated"])
            for entry in tt["entries"] for terms in entry["languages"].values() for term in terms}
    expected = {(term.text, f"{term.status}Term-admn-sts", term.status == "deprecated")
                for concept in tbx.read_all(GLOSSARY)[1] for _, term in concept.terms()}
    assert seen == expected


def test_omegat_glossary_txt(tmp_path):
    out, message = export(tmp_path, "tsv", "glossary.txt", "--source-lang", "ru",
                          "--target-lang", "be")
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert message.strip() == f"{len(rows)} pairs written to {out}"
    assert all(len(row) == 3 for row in rows)
    assert ["Союзное государство", "Саюзная дзяржава"] in [row[:2] for row in rows]
    deprecated = [row for row in rows if row[0] == "Белоруссия"]
    assert deprecated and deprecated[0][1] == "Беларусь"
    result = run_client("omegat_read.py", out, "--source-lang", "ru", "--target-lang", "be")
    assert result["accepted"] and result["entry_count"] == len(rows)


def test_deprecated_target_terms_are_left_out_or_marked(tmp_path):
    out, message = export(tmp_path, "tsv", "glossary.txt", "--source-lang", "be",
                          "--target-lang", "en")
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert "Byelorussia" not in {row[1] for row in rows}  # never an ordinary pair
    assert message.strip() == (f"{len(rows)} pairs written to {out}; 1 deprecated target "
                               "terms left out (--include-deprecated writes them, marked)")
    marked, _ = export(tmp_path, "tsv", "marked.txt", "--source-lang", "be",
                       "--target-lang", "en", "--include-deprecated")
    rows = [line.split("\t") for line in marked.read_text(encoding="utf-8").splitlines()]
    [byelorussia] = [row for row in rows if row[1] == "Byelorussia"]
    assert byelorussia[2].startswith("DEPRECATED, do not use; use «Belarus»")
    clean, _ = export(tmp_path, "tsv", "clean.txt", "--source-lang", "be", "--target-lang",
                      "en", "--status", "preferred,admitted")
    assert "Byelorussia" not in clean.read_text(encoding="utf-8")


def test_csv_has_a_header_translate_toolkit_reads(tmp_path):
    out, _ = export(tmp_path, "csv", "glossary.csv", "--source-lang", "en",
                    "--target-lang", "ru")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["source", "target", "translator_comments"]
    result = run_client("tt_read.py", out)
    assert result["accepted"] and result["entry_count"] == len(rows) - 1
    assert result["pairs_with_target"] == len(rows) - 1
    first = result["entries"][0]["languages"]
    assert first["source"][0]["term"] == rows[1][0] and first["target"][0]["term"] == rows[1][1]


def test_xlsx_has_a_row_per_concept_and_a_column_group_per_term(tmp_path):
    from openpyxl import load_workbook

    out, _ = export(tmp_path, "xlsx", "glossary.xlsx")
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("concept", "subject field", "definition", "definition source", "note",
                          "ru")
    assert {"ru", "be", "en", "en status", "be type", "en 2", "en 2 status"} <= set(header)
    assert len(rows) - 1 == len({row[0] for row in rows[1:]}) == CONCEPTS
    names = [name for name in header if name.split(" ")[0] in ("ru", "be", "en")
             and (len(name) == 2 or name[3:].isdigit())]
    terms = {(row[0], row[header.index(name)], row[header.index(f"{name} status")])
             for row in rows[1:] for name in names if row[header.index(name)]}
    expected = {(concept.id, term.text, term.status) for concept in tbx.read_all(GLOSSARY)[1]
                for _, term in concept.terms()}
    assert terms == expected
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(rows)}"
    assert sheet.column_dimensions["C"].width == 60  # the definition
    for row in sheet.iter_rows(min_row=2):
        for cell in row[5:]:
            name = header[cell.column - 1]
            if name in names and cell.value:
                status = row[cell.column].value
                assert bool(cell.font.strike) == (status == "deprecated"), cell.value


def test_po_glossary_for_weblate(tmp_path):
    out, message = export(tmp_path, "po", "glossary.po", "--source-lang", "en",
                          "--target-lang", "be")
    import polib
    catalog = polib.pofile(str(out))
    assert message.strip() == f"{len(catalog)} pairs written to {out}"
    forbidden = [e for e in catalog if "forbidden" in e.flags]
    assert [(e.msgid, e.msgstr) for e in forbidden] == []  # be has no deprecated term
    out_ru, _ = export(tmp_path, "po", "glossary-ru.po", "--source-lang", "en",
                       "--target-lang", "ru")
    forbidden = [e for e in polib.pofile(str(out_ru)) if "forbidden" in e.flags]
    assert {(e.msgid, e.msgstr) for e in forbidden} == {("Belarus", "Белоруссия"),
                                                        ("Byelorussia", "Белоруссия")}
    for harness in ("polib_read.py", "msgfmt_check.py"):
        result = run_client(harness, out_ru)
        assert result["accepted"] and not result.get("errors"), result
        assert result["message_count"] == len(polib.pofile(str(out_ru)))


def test_tmx_of_terms_loads_in_every_tm_client(tmp_path):
    out, _ = export(tmp_path, "tmx", "terms.tmx")
    units = tmx.read_all(out)[1]
    union = next(u for u in units if u.id == "union-state")
    assert {v.lang: v.text for v in union.variants} == {
        "ru": "Союзное государство", "be": "Саюзная дзяржава", "en": "Union State"}
    assert [u.id for u in units if u.id.endswith("-acronym")] == [
        "brics-acronym", "csto-acronym", "eu-acronym"]
    for harness in ("validate.py", "omegat_read.py", "tt_read.py", "xmltmx_read.pl"):
        result = run_client(harness, out)
        assert result["accepted"], (harness, result.get("error"))
        if "tu_count" in result:
            assert result["tu_count"] == len(units)


def test_subject_and_language_filters(tmp_path):
    out, message = export(tmp_path, "tbx", "orgs.tbx", "--subject", "organisations",
                          "--langs", "ru,en")
    concepts = tbx.read_all(out)[1]
    assert {c.id for c in concepts} == {"union-state", "csto", "brics", "eu", "sco"}
    assert {s.lang for c in concepts for s in c.languages} == {"ru", "en"}


def test_html_page_is_searchable_as_you_type_in_chromium(tmp_path):
    from selenium.webdriver.common.by import By

    out, _ = export(tmp_path, "html", "glossary.html")
    page = out.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page  # self-contained
    browser = chromium()
    try:
        browser.get(out.as_uri())
        box = browser.find_element(By.ID, "search")

        def shown() -> list[str]:
            return [a.get_attribute("id") for a in browser.find_elements(By.TAG_NAME, "article")
                    if a.is_displayed()]

        assert len(shown()) == CONCEPTS
        box.send_keys("саюз")
        assert shown() == ["eu", "union-state"]  # «Еўрапейскі саюз» too: any word's start
        box.send_keys("ная")
        assert shown() == ["union-state"]
        box.clear()
        box.send_keys("одкб")
        assert shown() == ["csto"]
        box.clear()
        box.send_keys("кіеў")
        assert shown() == ["kyiv"]
        assert browser.find_element(By.ID, "count").text == f"1 / {CONCEPTS}"
        deprecated = browser.find_element(By.CSS_SELECTOR, "#belarus .deprecated .text")
        assert deprecated.get_attribute("textContent") == "Белоруссия"
        assert deprecated.value_of_css_property("text-decoration-line") == "line-through"
    finally:
        browser.quit()


@pytest.mark.parametrize("args,message", [
    (["--format", "po", "--langs", "ru"], "bilingual format"),
    (["--format", "tbx", "--status", "recommended"], "unknown status recommended"),
    (["--format", "tsv", "--source-lang", "de"], "language 'de' is not among"),
    (["--format", "pdf"], "Invalid value for '--format'"),
])
def test_bad_export_requests_are_one_line_errors(tmp_path, args, message):
    done = subprocess.run([sys.executable, "-m", "termbase", "export", "-o",
                           str(tmp_path / "out"), "-d", str(GLOSSARY), *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


SHIPPED = Path(__file__).resolve().parent.parent / "glossary"


@pytest.mark.parametrize("fmt,name,client", [
    ("tbx2", "shipped.tbx", "tt_read.py"), ("tbx2", "shipped.tbx", "omegat_read.py"),
    ("tsv", "shipped.txt", "omegat_read.py"), ("csv", "shipped.csv", "tt_read.py"),
    ("po", "shipped.po", "msgfmt_check.py"), ("po", "shipped.po", "polib_read.py"),
    ("tmx", "shipped.tmx", "omegat_read.py"), ("tmx", "shipped.tmx", "tt_read.py"),
    ("tmx", "shipped.tmx", "xmltmx_read.pl"),
])
def test_the_shipped_glossary_arrives_whole(tmp_path, fmt, name, client):
    concepts = [c for path in sorted(SHIPPED.glob("*.tbx")) for c in tbx.read_all(path)[1]]
    out = tmp_path / name
    pair = ["--source-lang", "ru", "--target-lang", "be"] if fmt in ("tsv", "csv", "po") else []
    done = subprocess.run([sys.executable, "-m", "termbase", "export", "--format", fmt, "-o",
                           str(out), "-d", str(SHIPPED), *pair],
                          capture_output=True, text=True, timeout=300)
    written = int(done.stderr.split()[0])
    result = run_client(client, out, *(pair if client in ("omegat_read.py", "tt_read.py") else ()))
    assert result["accepted"], result.get("error")
    if fmt == "tbx2" and client == "tt_read.py":
        assert result["entry_count"] == written == len(concepts)
        terms = sum(len(t) for e in result["entries"] for t in e["languages"].values())
        assert terms == sum(1 for c in concepts for _ in c.terms())
    elif fmt == "tbx2":
        ru_be = sum(1 for c in concepts if c.language("ru") and c.language("be"))
        assert result["entry_count"] >= ru_be
    elif fmt in ("tsv", "csv"):
        assert result["entry_count"] == written
    elif fmt == "po":
        assert result["message_count"] == written and not result.get("errors")
    else:
        assert result["tu_count"] == len(tmx.read_all(out)[1])


# Each one escapes a different context: element content, a double- or single-quoted
# attribute, the <script> block, a comment.
XSS = ['"><img src=x onerror="window.pwned=1">', "</script><script>window.pwned=2</script>",
       "<!--<script>window.pwned=3</script>", "' onmouseover='window.pwned=4' x='",
       "<svg onload=window.pwned=5>", "</title></style></textarea><script>window.pwned=6</script>"]
XSS_LANG = 'x"><img src=x onerror="window.pwned=7">'  # no «-»: a tag's first subtag is shown


def _hostile_glossary(path: Path, odd_statuses: bool = True) -> None:
    """A TBX whose every text and attribute the reader keeps is an XSS payload (statuses too,
    unless not `odd_statuses`: an export stops on a status it cannot map)."""
    ns = "urn:iso:std:iso:30042:ed-2"
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    root = etree.Element(f"{{{ns}}}tbx", {"type": "TBX-Basic", "style": "dca", lang_attr: "en"},
                         nsmap={None: ns})
    header = etree.SubElement(etree.SubElement(root, f"{{{ns}}}tbxHeader"), f"{{{ns}}}fileDesc")
    etree.SubElement(etree.SubElement(header, f"{{{ns}}}sourceDesc"), f"{{{ns}}}p").text = XSS[0]
    body = etree.SubElement(etree.SubElement(root, f"{{{ns}}}text"), f"{{{ns}}}body")

    def sub(parent, name, text=None, **attrs):
        el = etree.SubElement(parent, f"{{{ns}}}{name}", attrs)
        el.text = text
        return el

    for number, payload in enumerate(XSS):
        entry = sub(body, "conceptEntry", id=f"{payload}{number}")
        sub(entry, "descrip", payload, type="subjectField")
        sub(entry, "descrip", payload, type="definition")
        sub(entry, "note", payload)
        for lang in ("ru", XSS_LANG):
            section = sub(entry, "langSec", **{lang_attr: lang})
            term = sub(section, "termSec")
            sub(term, "term", payload)
            sub(term, "termNote", payload, type="termType")
            sub(term, "termNote", payload, type="partOfSpeech")
            sub(term, "termNote", "preferred", type="usageStatus")
            sub(term, "admin", payload, type="source")
            sub(term, "note", payload)
            if odd_statuses:
                odd = sub(section, "termSec")
                sub(odd, "term", payload)
                sub(odd, "termNote", payload, type="usageStatus")
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8")


HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "input", "span",
             "main", "article", "h2", "div", "p", "script"}
HTML_ATTRIBUTES = {"charset", "name", "content", "lang", "id", "type", "placeholder", "autofocus",
                   "aria-label", "class", "data-search"}


def test_html_export_escapes_every_field_of_a_hostile_glossary(tmp_path):
    import lxml.html

    from termbase.export import languages_of
    from termbase.formats import html

    hostile = tmp_path / "hostile.tbx"
    _hostile_glossary(hostile)
    out = tmp_path / "hostile.html"
    command = [sys.executable, "-m", "termbase", "export", "--format", "html", "-o", str(out),
               "-d", str(hostile)]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "no TBX-Basic counterpart" in refused.stderr
    assert not out.exists()
    _hostile_glossary(hostile, odd_statuses=False)
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    _hostile_glossary(hostile)
    concepts = tbx.read_all(hostile)[1]
    unfiltered = tmp_path / "unfiltered.html"  # payload statuses too, through the Python API
    html.write(concepts, unfiltered, languages_of(concepts))
    for page in (out, unfiltered):
        document = lxml.html.document_fromstring(page.read_bytes())
        elements = list(document.iter(etree.Element))
        assert {el.tag for el in elements} <= HTML_TAGS
        assert {name for el in elements for name in el.attrib} <= HTML_ATTRIBUTES
        assert [el.text for el in document.iter("script")] == [html.SCRIPT]
        assert list(document.iter(etree.Comment)) == []
        articles = document.findall(".//article")
        assert [a.get("id") for a in articles] == [c.id for c in concepts]
        shown = {el.text_content() for el in document.iter("span", "p", "h2")}
        assert set(XSS) <= shown and XSS_LANG.lower() in shown
    browser = chromium()
    try:
        for page in (out, unfiltered):
            browser.get(page.as_uri())
            assert browser.execute_script("return typeof window.pwned") == "undefined"
            assert len(browser.find_elements("tag name", "article")) == len(XSS)
    finally:
        browser.quit()


# Terms a spreadsheet would run as formulas (OWASP, «CSV Injection»), in every column kind.
FORMULAS = [("=HYPERLINK(\"http://evil.example/\",\"Союзное государство\")", "=1+1", "=2+2"),
            ("+7 495 000-00-00", "+375 17 000-00-00", "+1 (555) 0100"),
            ("-ниже", "-ніжэй", "-ism"), ("@SUM(A1:A9)", "@Мінск", "@home"),
            ("'=цитата", "''+цытата", "'quoted")]


def _formula_glossary(folder: Path) -> Path:
    from termbase.model import Concept, LanguageSection, Sourced, Term

    folder.mkdir()
    concepts = []
    for number, texts in enumerate(FORMULAS):
        concepts.append(Concept(
            f"f{number}", subject_fields=["=cmd|' /C calc'!A0"],
            definitions=[Sourced("@definition")],
            languages=[LanguageSection(lang, [Term(text, status="preferred", type="fullForm",
                                                   sources=["-source"], notes=["+note"])])
                       for lang, text in zip(("ru", "be", "en"), texts)]))
    tbx.write(concepts, folder / "formulas.tbx")
    return folder


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "'=1", "''@x",
                                  "'", "'plain", "plain", "", "a=1"])
def test_formula_prefix_is_undone_exactly(cell):
    from termbase.formats.tabular import FORMULA_STARTS, guard_cell, unguard_cell

    assert not guard_cell(cell).startswith(FORMULA_STARTS)
    assert unguard_cell(guard_cell(cell)) == cell


def test_csv_and_tsv_exports_prefix_formula_cells(tmp_path):
    glossary = _formula_glossary(tmp_path / "glossary")
    for fmt, name in (("csv", "f.csv"), ("tsv", "f.txt")):
        out = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "termbase", "export", "--format", fmt, "-o",
                               str(out), "-d", str(glossary), "--source-lang", "en",
                               "--target-lang", "ru"], capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        text = out.read_text(encoding="utf-8")
        rows = (list(csv.reader(io.StringIO(text)))[1:] if fmt == "csv"
                else [line.split("\t") for line in text.splitlines()])
        assert [row[:2] for row in rows] == [
            ["'" + en if en.lstrip("'")[0] in "=+-@" else en,
             "'" + ru if ru.lstrip("'")[0] in "=+-@" else ru] for ru, _, en in FORMULAS]
        assert not [cell for row in rows for cell in row if cell[:1] in "=+-@\t\r"]


def test_xlsx_export_writes_formula_like_cells_as_text(tmp_path):
    import zipfile

    from openpyxl import load_workbook

    glossary = _formula_glossary(tmp_path / "glossary")
    out = tmp_path / "f.xlsx"
    done = subprocess.run([sys.executable, "-m", "termbase", "export", "--format", "xlsx",
                           "-o", str(out), "-d", str(glossary)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")  # not one formula
    sheet = load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert {cell.data_type for cell in cells if cell.value} == {"s"}
    risky = [cell for cell in cells if str(cell.value or "").startswith(tuple("=+-@"))]
    assert all(cell.quotePrefix for cell in risky)
    assert {header[cell.column - 1] for cell in risky} == {
        "subject field", "definition", "ru", "be", "en", "ru note", "be note", "en note",
        "ru source", "be source", "en source"}
    assert {cell.value for cell in cells} >= {text for texts in FORMULAS for text in texts}


@pytest.mark.parametrize("fmt,name,mapping", [
    ("xlsx", "f.xlsx", []),
    ("csv", "f.csv", ["--map", "source=en", "--map", "target=ru", "--map",
                      "translator_comments=note"]),
])
def test_formula_like_terms_survive_export_then_import(tmp_path, fmt, name, mapping):
    glossary = _formula_glossary(tmp_path / "glossary")
    out = tmp_path / name
    pair = ["--source-lang", "en", "--target-lang", "ru"] if fmt == "csv" else []
    subprocess.run([sys.executable, "-m", "termbase", "export", "--format", fmt, "-o", str(out),
                    "-d", str(glossary), *pair], check=True, capture_output=True, timeout=300)
    target = tmp_path / "imported"
    target.mkdir()
    # a pair file holds two languages: a project that requires no others takes it
    (tmp_path / "pyproject.toml").write_text("[tool.termbase]\nrequired-languages = []\n")
    done = subprocess.run([sys.executable, "-m", "termbase", "import", str(out), "-d",
                           str(target), *mapping], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    from termbase.lang.text import normalise

    wanted = {"ru", "en"} if fmt == "csv" else {"ru", "be", "en"}
    typed = normalise if fmt == "csv" else str  # a table's apostrophes become ’, as always
    imported = sorted((lang, t.text) for p in target.glob("*.tbx")
                      for c in tbx.read_all(p)[1] for lang, t in c.terms())
    assert imported == sorted((lang, typed(text)) for texts in FORMULAS
                              for lang, text in zip(("ru", "be", "en"), texts) if lang in wanted)


def test_import_refuses_an_xlsx_formula_cell(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Terms"
    sheet.append(["ru", "be", "en"])
    sheet.append(["Минск", "Мінск", "Minsk"])
    sheet.append(["Гомель", '=HYPERLINK("http://evil.example/","Гомель")', "Gomel"])
    table = tmp_path / "cities.xlsx"
    book.save(table)
    target = tmp_path / "glossary"
    target.mkdir()
    done = subprocess.run([sys.executable, "-m", "termbase", "import", str(table), "-d",
                           str(target), "--force"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr == (f"termbase: error: {table}: sheet «Terms», cell B3: a formula, not a "
                           "term (paste it as a value)\n")
    assert list(target.iterdir()) == []


OTHER_STATUSES = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="data-bus"><langSet xml:lang="en">
  <tig><term>data bus</term><termNote type="administrativeStatus">obsolete</termNote></tig>
  <tig><term>bus</term><termNote type="administrativeStatus">{second}</termNote></tig>
</langSet><langSet xml:lang="fr">
  <tig><term>bus de données</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
</langSet></termEntry></body></text></martif>
"""


def test_a_status_of_another_vocabulary_is_exported_as_the_nearest_never_dropped(tmp_path):
    """«obsolete» (Weblate's test data) used to vanish from every export."""
    from termbase.export import read_concepts

    path = tmp_path / "other.tbx"
    path.write_text(OTHER_STATUSES.format(second="standardized"), encoding="utf-8")
    [concept] = read_concepts([path])
    terms = {t.text: (t.status, t.notes) for _, t in concept.terms()}
    assert terms["data bus"] == ("deprecated", ["status: obsolete"])
    assert terms["bus"] == ("preferred", ["status: standardized"])
    [kept] = read_concepts([path], statuses=["deprecated"])
    assert [t.text for _, t in kept.terms()] == ["data bus"]
    path.write_text(OTHER_STATUSES.format(second="maybe-later"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "termbase", "export", "-d", str(path),
                           "--format", "csv", "--source-lang", "en", "--target-lang", "fr",
                           "-o", str(tmp_path / "out.csv")], capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "«maybe-later», which has no TBX-Basic counterpart" in done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_an_unknown_subject_field_is_an_error_not_an_empty_export(tmp_path):
    out = tmp_path / "out.tbx"
    done = subprocess.run([sys.executable, "-m", "termbase", "export", "--format", "tbx", "-o",
                           str(out), "--subject", "security and defense"], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "no concept has the subject field «security and defense»" in done.stderr
    assert "security and defence" in done.stderr and not out.exists()


def test_export_usage_gives_a_desk_its_regional_statuses(tmp_path):
    """Without --usage an export keeps the recorded statuses (it must import back unchanged);
    a desk's export turns a term used only in other regions deprecated."""
    from termbase.model import Concept, LanguageSection, Term

    glossary = tmp_path / "g.tbx"
    tbx.write([Concept("belarus", languages=[
        LanguageSection("ru", [Term("Беларусь", "preferred"),
                               Term("Белоруссия", "admitted", geographical_usage="RU")]),
        LanguageSection("en", [Term("Belarus", "preferred")])])], glossary)

    def pairs(*usage):
        out = tmp_path / "p.csv"
        done = subprocess.run([sys.executable, "-m", "termbase", "export", "--format", "csv",
                               "-o", str(out), "--source-lang", "en", "--target-lang", "ru",
                               "-d", str(glossary), *usage], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return [line.split(",")[1] for line in out.read_text(encoding="utf-8").splitlines()[1:]]

    assert pairs() == ["Беларусь", "Белоруссия"] and pairs("--usage", "RU") == pairs()
    assert pairs("--usage", "BY") == ["Беларусь"]  # deprecated there: left out of a pair file
