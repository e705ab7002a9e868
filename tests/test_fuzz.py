"""Property-based tests: whatever bytes a reader is given and whatever text a query holds,
the outcome is a result or our one-line error (TermbaseError), never another exception.

Inputs are real files broken at random (cut short, bytes overwritten, text spliced in) and
structures generated from scratch; queries are any Unicode text, FTS5 operators, quotes,
`_`, `*` and NUL among them. The Python API is called for speed, and the command a few
times for its exit status and its one line on stderr. `database=None`: nothing is written
to the checkout.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from termbase.align import align_articles, read_alone
from termbase.check import check
from termbase.matching import TermFinders
from termbase.errors import TermbaseError
from termbase.formats import article, po, tbx, tmx, xliff
from termbase.importing import read_concepts
from termbase.index import Index
from termbase.lookup import lookup
from termbase.tm import search
from termbase.validate import validate_paths

import test_hostile as corpus

FIXTURES = Path(__file__).parent / "fixtures"
GLOSSARY = FIXTURES / "check" / "glossary.tbx"
TMX = FIXTURES / "tmx" / "canonical.tmx"
FAST = settings(max_examples=1000, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(max_examples=10, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow])

QUERY_NOISE = st.sampled_from(['"', "'", "_", "*", "-", "+", "^", ":", "(", ")", "{", "}",
                               "NEAR", "NEAR/2", "AND", "OR", "NOT", "\0", "\u2019", " "])
QUERIES = st.one_of(
    st.text(),
    st.lists(st.one_of(QUERY_NOISE, st.text(max_size=5),
                       st.sampled_from(["Союзного", "государства", "ОДКБ", "CSTO", "Union",
                                        "State", "дзяржавы", "безопасность"])),
             max_size=12).map(" ".join),
    st.lists(QUERY_NOISE, max_size=20).map("".join),
)


@st.composite
def broken(draw, seed: bytes) -> bytes:
    """`seed` cut short, with bytes overwritten, or with text spliced in."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["cut", "overwrite", "splice", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "cut":
            del data[at:]
        elif how == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at:at + len(chunk)] = chunk
        elif how == "splice":
            data[at:at] = draw(st.one_of(
                st.text(max_size=20).map(lambda t: t.encode("utf-8")),
                st.sampled_from([b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"<", b"]]>",
                                 b"<tuv xml:lang=''>", b"<termSec>", b"\xef\xbb\xbf",
                                 b"\xff\xfe", b"<c r='ZZZZ1' t='s'><v>9</v></c>",
                                 b"<cp hex='FFFFFFFFFFFFFFFFFFFF'/>", b"<cp hex='D800'/>"])))
        else:
            del data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


def outcome(read, *args) -> None:
    """Run a reader to the end: a result or TermbaseError, nothing else."""
    try:
        result = read(*args)
        if hasattr(result, "__iter__") and not isinstance(result, (str, bytes, dict)):
            list(result)
    except TermbaseError as error:
        message = str(error)
        assert "\n" not in message.strip() and len(message) < 1000, message[:2000]


def in_file(data: bytes, suffix: str, read) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        outcome(read, path)


# --- readers ------------------------------------------------------------------------------

TBX_SEEDS = [p.read_bytes() for p in sorted((FIXTURES / "tbx").glob("*.tbx"))]
TMX_SEEDS = [p.read_bytes() for p in sorted((FIXTURES / "tmx").glob("*.tmx"))]


@FAST
@given(st.one_of(st.sampled_from(TBX_SEEDS).flatmap(broken), st.binary(max_size=200)))
def test_tbx_reader(data):
    outcome(lambda source: tbx.read_all(source), io.BytesIO(data))
    outcome(lambda source: tbx.read(source, lambda *a: None), io.BytesIO(data))


@FAST
@given(st.one_of(st.sampled_from(TMX_SEEDS).flatmap(broken), st.binary(max_size=200)))
def test_tmx_reader(data):
    outcome(lambda source: tmx.read_all(source), io.BytesIO(data))


@FAST
@given(st.one_of(st.sampled_from(TBX_SEEDS).flatmap(broken).map(lambda d: (d, ".tbx")),
                 st.sampled_from(TMX_SEEDS).flatmap(broken).map(lambda d: (d, ".tmx"))))
def test_validate_any_file(data):
    """Every rule, on whatever a broken file still holds."""
    in_file(data[0], data[1], lambda path: list(validate_paths([path])))


XLIFF_SEEDS = [p.read_bytes() for p in sorted((FIXTURES / "check").glob("*.xlf"))] or [
    (FIXTURES / "docs" / "project.xlf").read_bytes()]


@FAST
@given(st.sampled_from(XLIFF_SEEDS).flatmap(broken))
def test_xliff_reader(data):
    in_file(data, ".xlf", lambda path: list(xliff.read(path)))


PO_SEED = (b'msgid ""\nmsgstr ""\n"Language: be\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"'
           b'\n\nmsgctxt "union-state"\nmsgid "Union State"\nmsgstr "\xd0\xa1\xd0\xb0"\n\n'
           b'#~ msgid "old"\n#~ msgstr "x"\n')


@FAST
@given(st.one_of(broken(PO_SEED), st.text().map(lambda t: t.encode("utf-8"))))
def test_po_reader(data):
    in_file(data, ".po", po.read)


CSV_SEED = "en,ru,be,en_abbr,definition\nUnion State,Союзное государство,Саюзная дзяржава,,d\n" \
           'CSTO,"ОДКБ; x",АДКБ,CSTO,"a, b"\n'.encode("utf-8")


@FAST
@given(st.one_of(broken(CSV_SEED), st.text().map(lambda t: t.encode("utf-8"))),
       st.sampled_from([".csv", ".tsv", ".txt"]))
def test_table_reader(data, suffix):
    in_file(data, suffix, lambda path: read_concepts(path, {}, set()))


def _xlsx_seed() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = corpus.xlsx(Path(folder) / "seed.xlsx", corpus.header_and_rows(
            [("Union State", "Союзное государство"), ("CSTO", "ОДКБ")])
            + '<row r="4"><c r="A4" t="s"><v>0</v></c><c r="B4" t="s"><v>1</v></c></row>',
            shared=["Eurasian Economic Union", "Евразийский экономический союз"])
        return path.read_bytes()


CELL = st.builds(
    lambda r, t, v: f"<c{r}{t}>{v}</c>",
    st.one_of(st.just(""), st.from_regex(r"[A-Z]{1,4}[0-9]{0,8}", fullmatch=True)
              .map(lambda r: f' r="{r}"'), st.text(max_size=6).map(
                  lambda r: f' r="{_attr(r)}"')),
    st.sampled_from(["", ' t="s"', ' t="inlineStr"', ' t="b"', ' t="str"', ' t="e"',
                     ' t="n"', ' t="d"', ' t="zz"']),
    st.one_of(st.text(max_size=8).map(lambda v: f"<v>{_attr(v)}</v>"),
              st.integers(-3, 5).map(lambda v: f"<v>{v}</v>"),
              st.text(max_size=8).map(lambda v: f"<is><t>{_attr(v)}</t></is>"),
              st.text(max_size=8).map(lambda v: f"<is><r><t>{_attr(v)}</t></r>"
                                                f"<rPh><t>x</t></rPh></is>"),
              st.just("")))
ROW = st.builds(lambda r, cells: f"<row{r}>{''.join(cells)}</row>",
                st.one_of(st.just(""), st.integers(-1, 2**40).map(lambda r: f' r="{r}"')),
                st.lists(CELL, max_size=5))


def _attr(text: str) -> str:
    """Text made safe inside XML (characters XML cannot hold dropped)."""
    text = "".join(c for c in text if c in "\t\n\r" or " " <= c <= "\ud7ff"
                   or "\ue000" <= c <= "\ufffd" or c > "\uffff")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@FAST
@given(st.one_of(broken(_xlsx_seed()),
                 st.lists(ROW, max_size=6).map("".join).map(
                     lambda rows: ("generated", rows))))
def test_xlsx_reader(data):
    if isinstance(data, tuple):
        with tempfile.TemporaryDirectory() as folder:
            path = corpus.xlsx(Path(folder) / "t.xlsx", data[1], shared=["a", "b"])
            outcome(lambda p: read_concepts(p, {}, set()), path)
        return
    in_file(data, ".xlsx", lambda path: read_concepts(path, {}, set()))


def _docx_seed() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = corpus.docx(Path(folder) / "seed.docx", (
            "<w:p><w:r><w:t>The Union State</w:t><w:tab/><w:br/></w:r>"
            "<w:hyperlink><w:r><w:t>CSTO</w:t></w:r></w:hyperlink></w:p>"
            "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>"
            "Minsk</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>"
            "<w:p/></w:tc></w:tr></w:tbl>"))
        return path.read_bytes()


BODY_PART = st.sampled_from([
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tbl><w:tr><w:tc>",
    "</w:tc></w:tr></w:tbl>", "<w:tcPr><w:vMerge/></w:tcPr>", "<w:br w:type='page'/>",
    "<w:hyperlink>", "</w:hyperlink>", "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>",
    "<w:tab/>", "<w:noBreakHyphen/>", "<w:txbxContent>", "</w:txbxContent>"])


@FAST
@given(st.one_of(broken(_docx_seed()),
                 st.lists(st.one_of(BODY_PART, st.text(max_size=6).map(_attr)), max_size=25)
                 .map("".join).map(lambda body: ("generated", body))))
def test_docx_reader(data):
    if isinstance(data, tuple):
        with tempfile.TemporaryDirectory() as folder:
            outcome(article.read, corpus.docx(Path(folder) / "a.docx", data[1]))
        return
    in_file(data, ".docx", article.read)


@FAST
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
       st.sampled_from([".md", ".txt", ".markdown"]))
def test_text_and_markdown_reader(data, suffix):
    in_file(data, suffix, article.read)


WORDS = st.sampled_from(["Union", "State", "CSTO", "ОДКБ", "АДКБ", "Белоруссия", "Беларусь",
                         "Союзное", "государство", "Саюзная", "дзяржава", "Минск", "the", "и",
                         "«", "»", ".", "!", "?", "-", "—", "\n", "\n\n", "# ", "* ", "`",
                         "**", "[", "](x)", "<!--", "-->", "|", "1.", "Ё", "’", "'", "\t"])
ARTICLE = st.lists(st.one_of(WORDS, st.text(max_size=4)), max_size=40).map(" ".join)


@settings(FAST, max_examples=300)
@given(source=ARTICLE, target=ARTICLE, suffix=st.sampled_from([".txt", ".md"]))
def test_check_any_pair_of_articles(indexes, source, target, suffix):
    """Reading, pairing (paragraphs, sentences, whole documents) and every check rule."""
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"{name}{suffix}" for name in ("a", "b")]
        for path, content in zip(paths, (source, target)):
            path.write_text(content, encoding="utf-8")
        outcome(lambda: check(indexes[0], align_articles(
            *paths, "en", "ru", TermFinders(indexes[0]).concepts)).findings)
        outcome(lambda: check(indexes[0], read_alone(paths[1], "ru")).findings)


# --- queries ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    cache = tmp_path_factory.mktemp("fuzz-cache")
    return (Index.open([GLOSSARY], directory=cache, kind="tbx"),
            Index.open([TMX], directory=cache, kind="tmx"))


@settings(FAST, suppress_health_check=list(HealthCheck))
@given(query=QUERIES, fuzzy=st.booleans(), lang=st.sampled_from([None, ["ru"], ["be", "en"]]))
def test_lookup_any_query(indexes, query, fuzzy, lang):
    outcome(lookup, indexes[0], query, lang, fuzzy)


@settings(FAST, suppress_health_check=list(HealthCheck))
@given(query=QUERIES, lang=st.sampled_from([None, ["ru"], ["en"]]))
def test_tm_search_any_query(indexes, query, lang):
    outcome(search, indexes[1], query, lang)


@settings(FEW, suppress_health_check=list(HealthCheck))
@given(query=QUERIES.filter(lambda q: "\0" not in q))
def test_the_command_on_any_query(tmp_path_factory, query):
    cache = tmp_path_factory.getbasetemp() / "fuzz-cli-cache"
    for command in (["lookup", "-d", str(GLOSSARY)], ["tm", "search", "-d", str(TMX)]):
        done = subprocess.run([sys.executable, "-m", "termbase", *command, "--", query],
                              capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
                              env={**os.environ, "TERMBASE_CACHE_DIR": str(cache)})
        err = done.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err, err[-2000:]
        assert done.returncode in (0, 1, 2), err[-2000:]
        if done.returncode == 2:
            assert err.startswith("termbase: error:") and err.count("\n") == 1, err
