"""Hostile and broken input, through the real command: a corpus generated here (zip bombs,
huge dimensions and shared strings, path-traversal names, fake and truncated packages, FIFOs,
devices, a damaged index, a full disk), each refused with exit status 2 and one line, in
bounded time and memory (every run is capped, so a regression fails instead of eating the
machine)."""

from __future__ import annotations

import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "tests" / "fixtures" / "check" / "glossary.tbx"
MEMORY = 1536 * 2**20


def _capped(file_size: int | None = None):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    return limit


def termbase(*args: str, cwd: Path, cache: Path, file_size: int | None = None,
             timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "TERMBASE_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          cwd=cwd, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
                          preexec_fn=_capped(file_size))


def refused(done: subprocess.CompletedProcess, *words: str) -> str:
    """The one line of a user error (exit 2, no traceback, no flood of data)."""
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, (done.returncode, err[-2000:])
    assert "Traceback" not in err and err.count("\n") == 1, err[-2000:]
    assert err.startswith("termbase: error: ") and len(err) < 400, err[:500]
    for word in words:
        assert word in err, err
    return err


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


# --- the corpus ---------------------------------------------------------------------------

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                 'openxmlformats.org/package/2006/content-types"/>')
ROOT_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
             'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships/officeDocument" Target="{}"/></Relationships>')
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xlsx(path: Path, sheet: str, shared: list[str] | None = None,
         extra: dict[str, bytes | str] | None = None) -> Path:
    """A minimal XLSX: `sheet` is the content of <sheetData> (or a whole worksheet)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS.format("xl/workbook.xml"),
        "xl/workbook.xml": f'<workbook {MAIN} {REL}><sheets><sheet name="s" sheetId="1" '
                           'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet if sheet.startswith("<worksheet")
        else f"<worksheet {MAIN}><sheetData>{sheet}</sheetData></worksheet>",
        "xl/sharedStrings.xml": f"<sst {MAIN}>"
                                + "".join(f"<si><t>{s}</t></si>" for s in shared or []) + "</sst>",
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def docx(path: Path, body: str, extra: dict[str, bytes | str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS.format("word/document.xml"))
        archive.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body>"
                                              "</w:document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def header_and_rows(rows: list[tuple[str, str]]) -> str:
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>en</t></is></c>' \
            '<c r="B1" t="inlineStr"><is><t>ru</t></is></c></row>'
    for number, (en, ru) in enumerate(rows, 2):
        cells += (f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{en}</t></is></c>'
                  f'<c r="B{number}" t="inlineStr"><is><t>{ru}</t></is></c></row>')
    return cells


def zeros_member(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of `size` zero bytes, compressed to a few hundred KB."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        chunk = b"\0" * 2**20
        for _ in range(size // 2**20):
            member.write(chunk)


def imported(tmp_path: Path, table: Path, cache: Path) -> subprocess.CompletedProcess:
    glossary = tmp_path / "glossary"
    glossary.mkdir(exist_ok=True)
    return termbase("import", str(table), "--dry-run", "-d", str(glossary), cwd=tmp_path,
                    cache=cache)


# --- XLSX ---------------------------------------------------------------------------------

def test_a_claimed_dimension_of_16k_by_1m_cells_is_not_believed(tmp_path, cache):
    sheet = (f'<worksheet {MAIN}><dimension ref="A1:XFD1048576"/><sheetData>'
             + header_and_rows([("Union State", "Союзное государство")])
             + '<row r="1048576"><c r="A1048576" s="1"/></row></sheetData></worksheet>')
    done = imported(tmp_path, xlsx(tmp_path / "wide.xlsx", sheet), cache)
    assert done.returncode == 0, done.stderr.decode()
    assert b"1 concepts would be added" in done.stderr


def test_a_cell_far_out_is_refused(tmp_path, cache):
    sheet = header_and_rows([("Union State", "Союзное государство")]) \
        + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    refused(imported(tmp_path, xlsx(tmp_path / "far.xlsx", sheet), cache),
            "far.xlsx:1048576:", "beyond column 1000")


def test_too_many_cells_are_refused(tmp_path, cache):
    rows = "".join(f'<row r="{n}">' + "<c/>" * 1000 + "</row>" for n in range(1, 1_002))
    refused(imported(tmp_path, xlsx(tmp_path / "many.xlsx", rows), cache),
            "over 1000000 cells")


def test_a_huge_shared_string_is_refused_and_not_echoed(tmp_path, cache):
    table = xlsx(tmp_path / "shared.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                 shared=["Я" * 40_000])
    err = refused(imported(tmp_path, table, cache), "shared string 0 is over 32767")
    assert err.count("Я") <= 100


def test_a_huge_member_is_refused_before_it_is_unpacked(tmp_path, cache):
    table = xlsx(tmp_path / "bomb.xlsx", header_and_rows([]))
    with zipfile.ZipFile(table, "a") as archive:
        zeros_member(archive, "xl/media/bomb.bin", 80 * 2**20)
    assert table.stat().st_size < 2**20
    refused(imported(tmp_path, table, cache), "unpacks to over 64 MB")


def test_a_zip_bomb_of_many_members_is_refused(tmp_path, cache):
    table = xlsx(tmp_path / "bombs.xlsx", header_and_rows([]))
    with zipfile.ZipFile(table, "a") as archive:
        for n in range(5):
            zeros_member(archive, f"xl/media/bomb{n}.bin", 60 * 2**20)
    refused(imported(tmp_path, table, cache), "the archive unpacks to over 256 MB")


@pytest.mark.parametrize("name", ["../../evil.xml", "/etc/evil.xml", "xl\\..\\..\\evil.xml",
                                  "C:/evil.xml"])
def test_member_names_out_of_the_archive_are_refused(tmp_path, cache, name):
    table = xlsx(tmp_path / "traversal.xlsx", header_and_rows([]), extra={name: "x"})
    refused(imported(tmp_path, table, cache), "points outside the archive")
    document = docx(tmp_path / "traversal.docx", "<w:p/>", extra={name: "x"})
    refused(termbase("check", "--lang", "en", str(document), "-d", str(GLOSSARY),
                     cwd=tmp_path, cache=cache), "points outside the archive")


def _truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def _damaged(path: Path) -> Path:
    """A member's compressed data overwritten: the directory reads, the data does not."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = max(archive.infolist(), key=lambda i: i.compress_size)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(data))
    return path


def _encrypted(path: Path) -> Path:
    """Every member flagged as encrypted in the archive's directory."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 8] |= 1
        at = data.find(b"PK\x01\x02", at + 1)
    path.write_bytes(bytes(data))
    return path


SPOILERS = {"truncated": _truncated, "damaged": _damaged, "encrypted": _encrypted}


@pytest.mark.parametrize("spoil", ["fake", "truncated", "damaged", "encrypted", "empty",
                                   "not-xlsx"])
def test_fake_truncated_and_damaged_xlsx(tmp_path, cache, spoil):
    table = xlsx(tmp_path / "t.xlsx", header_and_rows([("Union State " * 500,
                                                          "Союзное государство " * 500)]))
    if spoil == "fake":
        table.write_text("en,ru\nUnion State,Союзное государство\n")
    elif spoil in SPOILERS:
        SPOILERS[spoil](table)
    elif spoil == "empty":
        table.write_bytes(b"")
    else:
        with zipfile.ZipFile(table, "w") as archive:
            archive.writestr("hello.txt", "hello")
    refused(imported(tmp_path, table, cache), "t.xlsx")


def test_csv_with_an_endless_field_is_refused(tmp_path, cache):
    table = tmp_path / "t.csv"
    table.write_text('en,ru\n"' + "x" * 200_000 + "\n")
    refused(imported(tmp_path, table, cache), "t.csv:")


# --- DOCX ---------------------------------------------------------------------------------

def check_alone(tmp_path: Path, cache: Path, *paths: str, timeout: float = 60):
    return termbase("check", "--lang", "en", *paths, "-d", str(GLOSSARY), cwd=tmp_path,
                    cache=cache, timeout=timeout)


def test_a_long_table_is_read_in_linear_time(tmp_path, cache):
    """python-docx builds a table's whole cell grid for every row: 3,000 rows of 10 cells
    took minutes. Streamed, the cells are paragraphs in document order."""
    row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>Union State</w:t></w:r></w:p></w:tc>" * 10 \
        + "</w:tr>"
    document = docx(tmp_path / "table.docx", f"<w:tbl>{row * 3000}</w:tbl>")
    done = check_alone(tmp_path, cache, str(document), timeout=30)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert b"30000 segments" in done.stderr


def test_a_docx_bomb_is_refused(tmp_path, cache):
    document = docx(tmp_path / "bomb.docx", "<w:p/>")
    with zipfile.ZipFile(document, "a") as archive:
        zeros_member(archive, "word/media/image1.png", 100 * 2**20)
    refused(check_alone(tmp_path, cache, str(document)), "unpacks to over 64 MB")


def test_too_many_paragraphs_are_refused(tmp_path, cache):
    document = docx(tmp_path / "long.docx", "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 200_001)
    refused(check_alone(tmp_path, cache, str(document)), "over 200000 paragraphs")


def test_too_much_text_is_refused(tmp_path, cache):
    run = "<w:r><w:t>" + "word " * 200_000 + "</w:t></w:r>"
    document = docx(tmp_path / "text.docx", f"<w:p>{run * 20}</w:p>")
    refused(check_alone(tmp_path, cache, str(document)), "over 16 M characters")


def test_entities_in_a_docx_are_refused(tmp_path, cache):
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    document = tmp_path / "laughs.docx"
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("_rels/.rels", ROOT_RELS.format("word/document.xml"))
        archive.writestr("word/document.xml", laughs + f"<w:document {W}><w:body><w:p><w:r>"
                                                       "<w:t>&b;</w:t></w:r></w:p></w:body>"
                                                       "</w:document>")
    refused(check_alone(tmp_path, cache, str(document)), "declares an entity")


@pytest.mark.parametrize("spoil", ["fake", "truncated", "damaged", "encrypted", "no-document"])
def test_fake_truncated_and_damaged_docx(tmp_path, cache, spoil):
    document = docx(tmp_path / "a.docx", "<w:p><w:r><w:t>Union State</w:t></w:r></w:p>" * 2000)
    if spoil == "fake":
        document.write_text("The Union State.\n")
    elif spoil in SPOILERS:
        SPOILERS[spoil](document)
    else:
        with zipfile.ZipFile(document, "w") as archive:
            archive.writestr("_rels/.rels", ROOT_RELS.format("word/document.xml"))
    refused(check_alone(tmp_path, cache, str(document)), "a.docx")


@pytest.mark.parametrize("line", ["`a``", "**a ", "<!--", "![", "[a", " ", "\t"])
def test_markdown_is_read_in_linear_time(tmp_path, cache, line):
    """Each of these lines made a regular expression scan to the end of the line for every
    mark (200 KB: minutes); the check now reads them in a second or two."""
    article = tmp_path / "a.md"
    article.write_text("The Union State.\n\n" + line * (200_000 // len(line)) + "x\n")
    done = check_alone(tmp_path, cache, str(article), timeout=30)
    assert done.returncode in (0, 1), done.stderr.decode()[-2000:]


def test_two_long_texts_are_paired_in_bounded_time(tmp_path, cache):
    """Sentence pairing weighed every source sentence against every target one: two texts
    of 3,000 sentences whose paragraphs differ took minutes and gigabytes."""
    english = [f"The Union State met for the {n}th time on sanctions." for n in range(3000)]
    russian = [f"Союзное государство собралось в {n}-й раз по санкциям." for n in range(3000)
               if n != 1500]
    (tmp_path / "a.en.txt").write_text("\n\n".join(english) + "\n")
    (tmp_path / "a.ru.txt").write_text("\n".join(russian) + "\n")
    done = termbase("check", "a.en.txt", "a.ru.txt", "-d", str(GLOSSARY), cwd=tmp_path,
                    cache=cache, timeout=40)
    assert done.returncode in (0, 1), done.stderr.decode()[-2000:]
    assert b"paired by sentence" in done.stdout + done.stderr


def test_an_empty_article_against_a_full_one(tmp_path, cache):
    (tmp_path / "a.en.txt").write_text("\n \n")
    (tmp_path / "a.ru.txt").write_text("Союзное государство.\n")
    refused(termbase("check", "a.en.txt", "a.ru.txt", "--source-lang", "en", "-d",
                     str(GLOSSARY), cwd=tmp_path, cache=cache), "a.en.txt: no text")


def test_one_long_paragraph_of_many_terms(tmp_path, cache):
    """Terms inside longer ones, acronyms inside terms and deprecated terms inside approved
    ones were found by looking at every pair of terms of a paragraph: 10,000 sentences in
    one paragraph took many minutes."""
    (tmp_path / "a.en.txt").write_text(" ".join(["Belarus and the CSTO met the Union State."]
                                                * 10_000) + "\n")
    (tmp_path / "a.ru.txt").write_text(" ".join(["Белоруссия и CSTO встретились с союзом."]
                                                * 10_000) + "\n")
    done = termbase("check", "a.en.txt", "a.ru.txt", "-d", str(GLOSSARY), cwd=tmp_path,
                    cache=cache, timeout=40)
    assert done.returncode == 1, done.stderr.decode()[-2000:]
    assert b"20001 errors" in done.stderr


# --- what is not a regular file -----------------------------------------------------------

@pytest.fixture
def not_files(tmp_path):
    fifo = tmp_path / "pipe.tbx"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.txt"))
    yield {"FIFO": fifo, "character device": Path("/dev/zero"), "directory": folder,
           "socket": tmp_path / "sock.txt"}
    server.close()


def test_only_regular_files_are_read(tmp_path, cache, not_files):
    for kind, path in not_files.items():
        refused(check_alone(tmp_path, cache, str(path), timeout=20), str(path))
        if kind != "directory":  # validate reads the .tbx and .tmx files of a folder
            refused(termbase("validate", str(path), cwd=tmp_path, cache=cache, timeout=20),
                    f"is a {kind}")
    fifo = str(not_files["FIFO"])
    refused(termbase("lookup", "x", "-d", fifo, cwd=tmp_path, cache=cache, timeout=20),
            "is a FIFO, not a regular file")
    refused(termbase("check", fifo, "--lang", "en", "-d", str(GLOSSARY), cwd=tmp_path,
                     cache=cache, timeout=20), "is a FIFO")
    csv_fifo = tmp_path / "pipe.csv"
    os.mkfifo(csv_fifo)
    refused(imported(tmp_path, csv_fifo, cache), "is a FIFO")


def test_text_inputs_are_read_within_a_size(tmp_path, cache):
    for name in ("big.txt", "big.csv"):
        path = tmp_path / name
        with open(path, "wb") as stream:
            stream.truncate(65 * 2**20)  # sparse: no disk is used
        done = imported(tmp_path, path, cache) if name.endswith(".csv") \
            else check_alone(tmp_path, cache, str(path))
        refused(done, name, "over 64 MB")


def test_symlink_loops_in_a_data_folder_are_passed_over(tmp_path, cache):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(GLOSSARY, folder)
    (folder / "up").symlink_to("..")
    (folder / "self.tbx").symlink_to("self.tbx")
    (folder / "a.tbx").symlink_to("b.tbx")
    (folder / "b.tbx").symlink_to("a.tbx")
    done = termbase("lookup", "Union State", "-d", str(folder), cwd=tmp_path, cache=cache)
    assert done.returncode == 0, done.stderr.decode()


def test_the_root_folder_as_data_ends_with_one_line(tmp_path, cache):
    refused(termbase("lookup", "x", "-d", "/", cwd=tmp_path, cache=cache, timeout=120))


# --- the index ----------------------------------------------------------------------------

def test_a_damaged_index_is_reported_and_rebuilt(tmp_path, cache):
    done = termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path, cache=cache)
    assert done.returncode == 0
    (path,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(path) as db:  # the signature still reads
        assert db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(3 * page, len(data), page):  # every page after the first three
        data[start:start + page] = os.urandom(page)
    path.write_bytes(bytes(data))
    err = refused(termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path,
                           cache=cache), "index cache was damaged")
    assert not path.exists(), err
    again = termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path, cache=cache)
    assert again.returncode == 0 and b"union-state" in again.stdout


def test_an_index_with_garbage_in_readable_pages(tmp_path, cache):
    termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path, cache=cache)
    (path,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE concepts SET data = '{\"terms\": [' WHERE id % 2 = 1")
        db.execute("UPDATE concepts SET data = '[]' WHERE id % 2 = 0")
    refused(termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path, cache=cache),
            "index cache was damaged")
    assert not path.exists()


def test_an_index_path_that_is_a_folder(tmp_path, cache):
    termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path, cache=cache)
    (path,) = cache.glob("index-*.sqlite")
    path.unlink()
    path.mkdir()
    refused(termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path, cache=cache),
            "index cache")
    shutil.rmtree(cache)
    cache.write_text("not a folder")
    refused(termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path, cache=cache),
            "cannot write the index cache")


# --- queries and arguments ----------------------------------------------------------------

TMX = ROOT / "tests" / "fixtures" / "tmx" / "canonical.tmx"


@pytest.mark.parametrize("query", ["foo_bar", "_", 'a"b', '"', "NEAR", "NEAR(a b)", "a AND b",
                                   "OR", "x*", "*", "-x", "^a", "a:b", "(", "a\0b",
                                   "Союзного_государства", "{a b}: c"])
def test_tm_search_reads_any_query_as_text(tmp_path, cache, query):
    done = termbase("tm", "search", "-d", str(TMX), "--", query, cwd=tmp_path, cache=cache) \
        if "\0" not in query else None
    if done is not None:
        assert done.returncode in (0, 1), done.stderr.decode()[-2000:]
    from termbase.index import Index
    from termbase.tm import search

    search(Index.open([TMX], directory=cache, kind="tmx"), query)


def test_a_very_long_query_is_refused_at_once(tmp_path, cache):
    for command in (["lookup"], ["tm", "search"]):
        done = termbase(*command, "-d", str(TMX if command != ["lookup"] else GLOSSARY), "--",
                        "безопасность " * 4000, cwd=tmp_path, cache=cache, timeout=30)
        refused(done, "is too long to look up: 51999 characters")


def test_an_argument_that_is_not_utf8(tmp_path, cache):
    done = subprocess.run([sys.executable, "-m", "termbase", "lookup", b"\xff"],
                          capture_output=True, env={**os.environ, "TERMBASE_CACHE_DIR":
                                                    str(cache)}, timeout=60)
    refused(done, "argument 2 is not UTF-8")


# --- a full disk --------------------------------------------------------------------------

@pytest.fixture(params=["tmpfs", "file size limit"])
def full_disk(request, tmp_path):
    """(folder, file size limit): a folder on a 64 KB tmpfs, filled up (where we may mount
    one: as root), or any folder and a 1 KB file size limit (RLIMIT_FSIZE: the kernel
    refuses the write as on a full disk, EFBIG for ENOSPC)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if request.param == "file size limit":
        yield folder, 1024
        return
    if os.geteuid() != 0 or not shutil.which("mount") or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
            capture_output=True).returncode:
        pytest.skip("no tmpfs can be mounted here (not root)")
    yield folder, None
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_leaves_every_file_as_it_was(tmp_path, cache, full_disk):
    folder, limit = full_disk
    glossary = folder / "glossary"
    glossary.mkdir()
    shutil.copy(GLOSSARY, glossary / "terms.tbx")
    if limit is None:
        with open(folder / "filler", "wb", buffering=0) as stream:
            with pytest.raises(OSError):
                while True:
                    stream.write(b"\0" * 4096)
    before = {p.name: p.read_bytes() for p in glossary.iterdir()}
    for data in (glossary, GLOSSARY):  # the indexes, built before the disk is full
        termbase("lookup", "x", "-d", str(data), cwd=tmp_path, cache=cache)
    commands = [
        ["add", "--en", "Full Disk", "--ru", "Полный диск", "--be", "Поўны дыск", "--yes",
         "--note", "n" * 30_000, "--force", "-d", str(glossary)],
        ["edit", _first_id(glossary), "--note", "n" * 30_000, "--force", "-d", str(glossary)],
        ["remove", _first_id(glossary), "-d", str(glossary)],
        ["export", "--format", "tbx", "-o", str(folder / "out.tbx"), "-d", str(glossary)],
        ["export", "--format", "xlsx", "-o", str(folder / "out.xlsx"), "-d", str(glossary)],
        ["check", "--lang", "en", str(ROOT / "tests" / "fixtures" / "docs" / "draft.txt"),
         "-o", str(folder / "report.html"), "--format", "html", "-d", str(GLOSSARY)],
    ]
    for command in commands:
        if limit is not None and "xlsx" in command:
            continue  # openpyxl's own temporary files in /tmp meet the limit first
        done = termbase(*command, cwd=tmp_path, cache=cache, file_size=limit)
        refused(done, "cannot write", str(folder))
        assert {p.name: p.read_bytes() for p in glossary.iterdir()} == before, command
        assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
        assert not (folder / "out.tbx").exists() and not (folder / "report.html").exists()
    done = termbase("lookup", "Union State", "-d", str(GLOSSARY), cwd=tmp_path,
                    cache=folder / "cache", file_size=limit)
    refused(done, "cannot write the index cache")
    assert not list((folder / "cache").iterdir())


def _first_id(glossary: Path) -> str:
    from termbase.formats import tbx

    return tbx.read_all(glossary / "terms.tbx")[1][0].id
