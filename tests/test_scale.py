"""What was done for speed at scale keeps every answer the same.

- The TBX reader's plain path (entries of the usual shape read without the general dispatch)
  gives the general path's concepts, every field, line and finding included: on every TBX
  fixture and on a thousand seeded mutations of them.
- The index keeps the forms of the glossary's Russian words with the analyzer's own keys, so
  a lookup in them imports no pymorphy3; a changed file (TBX or TMX) is re-indexed alone and
  leaves the index as a build would.
- validate's remembered shapes find what the full structure check finds, fixture by fixture
  and on 600 mutations; text.normalise's short way changes nothing.
"""

from __future__ import annotations

import dataclasses
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from lxml import etree

from termbase.formats import streaming, tbx
from termbase.index import SLOT_BITS, Index
from termbase.lang import analyzer, text
from termbase.lookup import lookup
from termbase.tm import search
from termbase.validate import validate_file
from test_schema_differential import SEEDS, _seed, mutate

ROOT = Path(__file__).resolve().parent.parent
TBX_FILES = sorted(str(p.relative_to(ROOT)) for p in
                   [*ROOT.glob("tests/fixtures/**/*.tbx"), *ROOT.glob("glossary/*.tbx")])


def _deep(value):
    """A value with every dataclass field spelled out, those left out of equality too."""
    if dataclasses.is_dataclass(value):
        return (type(value).__name__,
                {f.name: _deep(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, (list, tuple)):
        return [_deep(v) for v in value]
    if isinstance(value, dict):
        return {k: _deep(v) for k, v in value.items()}
    return value


def _read(source, fast: bool):
    """(header, concepts, findings) of a TBX file read one way or the other; an error as
    its message."""
    findings = []
    tbx.TbxReader.fast = fast
    try:
        reader = tbx.read(source, lambda *found: findings.append(found))
        concepts = [_deep(c) for c in reader]
        return _deep(reader.header), concepts, findings
    except Exception as error:  # (the same error both ways is the same answer)
        return type(error).__name__, str(error)
    finally:
        tbx.TbxReader.fast = True


@pytest.mark.parametrize("path", TBX_FILES)
def test_plain_path_reads_every_fixture_as_the_general_path(path):
    assert _read(ROOT / path, True) == _read(ROOT / path, False)


def test_plain_path_reads_mutated_files_as_the_general_path(tmp_path):
    rng = random.Random(16)
    plain = 0
    for number in range(1000):
        fmt = rng.choice(["TBX v3", "TBX 2"])
        tree = _seed(rng.choice(SEEDS[fmt]))
        for _ in range(rng.randrange(1, 4)):
            mutate(fmt, tree, rng)
        path = tmp_path / f"m{number}.tbx"
        path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
        fast = _read(path, True)
        assert fast == _read(path, False), f"mutation {number}"
        plain += isinstance(fast, tuple) and len(fast) == 3
    assert plain > 500  # most mutated files are read, not refused


# --- the index: forms kept for queries, files re-indexed alone ------------------------------

GLOSSARY = ROOT / "glossary"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Index:
    return Index.open([GLOSSARY], directory=tmp_path_factory.mktemp("cache"), kind="tbx")


def _glossary_words(index: Index, lang: str) -> set[str]:
    rows = index.db.execute("SELECT text FROM terms WHERE lang = ?", (lang,)).fetchall()
    return {word for (term,) in rows for word in text.words(term)}


def test_kept_forms_have_the_analyzers_keys(shipped):
    russian = analyzer("ru")
    kept = dict(shipped.db.execute("SELECT word, keys FROM forms WHERE lang = 'ru'"))
    words = _glossary_words(shipped, "ru")
    assert {w.casefold() for w in words if len(w) > 1} <= set(kept)
    assert len(kept) > 3 * len(words)  # the other forms of the words that decline
    for form, keys in kept.items():
        lower, _, capitalised = keys.partition("|")
        assert set(lower.split(" ")) == russian.text_keys(form), form
        assert set(lower.split(" ")) | set(capitalised.split(" ")) - {""} \
            == russian.text_keys(form.capitalize()), form
    queries = [*words, *(w.upper() for w in words), *(w.capitalize() for w in words), "стали",
               "Т", "т", "несуществующего", "Союзного", "государств", "безопасности",
               "Лукашенко", "Хренину", "Шойгу"]
    assert shipped.text_keys("ru", queries) == [russian.text_keys(w) for w in queries]


LOOKUP_IMPORTS = """
import sys
from termbase.index import Index
from termbase.lookup import lookup
from pathlib import Path
index = Index.open([sys.argv[1]], directory=Path(sys.argv[2]), kind="tbx")
found = [m.concept["id"] for m in lookup(index, sys.argv[3])]
print(found[:1], "pymorphy3" in sys.modules)
"""


@pytest.mark.parametrize("query,concept,analyzer_loaded", [
    ("Союзного государства", "union-state", False),  # every word a form of a glossary word
    ("ОДКБ", "csto", False),
    ("Беларусі", "belarus", False),  # Belarusian only (і): no pymorphy3 at all
    ("Саюзнай дзяржавы", "union-state", True),  # Russian too, as far as its letters tell
    ("Союзного государства Евразии и прочего", "union-state", True),  # «прочего»: not kept
])
def test_a_lookup_the_index_can_answer_does_not_load_pymorphy3(tmp_path, query, concept,
                                                                 analyzer_loaded):
    Index.open([GLOSSARY], directory=tmp_path, kind="tbx")  # built (which loads it) apart
    done = subprocess.run([sys.executable, "-c", LOOKUP_IMPORTS, str(GLOSSARY), str(tmp_path),
                           query], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [f"['{concept}']", str(analyzer_loaded)], done.stderr


def _rows(db: sqlite3.Connection, table: str) -> list:
    return db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()


def test_a_changed_file_is_reindexed_alone_and_as_a_build_would(tmp_path):
    folder = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, folder)
    cache = tmp_path / "cache"
    first = Index.open([folder], directory=cache, kind="tbx")
    before = {table: _rows(first.db, table) for table in ("concepts", "terms")}
    first.close()
    files = sorted(folder.glob("*.tbx"))
    changed = files[2]
    content = changed.read_text(encoding="utf-8")
    at = content.index("<conceptEntry ")
    changed.write_text(content[:at] + (
        '<conceptEntry id="zz-new"><langSec xml:lang="ru"><termSec><term>Новый долгосрочный '
        'союзный договор о партнёрстве и взаимопомощи</term></termSec></langSec>'
        '</conceptEntry>\n      ') + content[at:].replace("<term>", "<term>Бывший ", 1),
        encoding="utf-8")
    seen = []
    second = Index.open([folder], directory=cache, kind="tbx",
                        progress=lambda done, total: seen.append(total))
    assert seen and set(seen) == {changed.stat().st_size}  # that file read, no other
    assert [p.name for p in cache.iterdir()] == [first.path.name]  # in place
    fresh = Index.open([folder], directory=tmp_path / "fresh", kind="tbx")
    slot = files.index(changed)
    low, high = slot << SLOT_BITS, ((slot + 1) << SLOT_BITS) - 1
    for table in ("concepts", "terms"):
        after = _rows(second.db, table)
        assert after == _rows(fresh.db, table)  # the rows a build gives, in its order
        assert [r for r in after if not low <= r[0] <= high] == \
            [r for r in before[table] if not low <= r[0] <= high]  # the other files' stand
    for table in ("term_trigram_docs", "meta"):
        assert _rows(second.db, table) == _rows(fresh.db, table)
    assert set(_rows(second.db, "forms")) >= set(_rows(fresh.db, "forms"))
    for query in ("Новому долгосрочному союзному договору о партнёрстве и взаимопомощи",
                  "Бывшей", "ОДКБ", "Союзного гасударства", "dogovor", "Советом Безопасности",
                  "Лукашенко"):
        assert [(m.concept["id"], m.how, m.score) for m in lookup(second, query, fuzzy=True)] \
            == [(m.concept["id"], m.how, m.score) for m in lookup(fresh, query, fuzzy=True)]
    assert lookup(second, "Новому долгосрочному союзному договору о партнёрстве и "
                          "взаимопомощи")[0].concept["id"] == "zz-new"
    changed.write_text(content, encoding="utf-8")  # and back: as the first build was
    third = Index.open([folder], directory=cache, kind="tbx")
    again = Index.open([folder], directory=tmp_path / "again", kind="tbx")
    for table in ("concepts", "terms"):
        assert _rows(third.db, table) == before[table]
    for table in ("term_trigram_docs", "meta"):
        assert _rows(third.db, table) == _rows(again.db, table)


_SLOW = re.compile(r"\s+")


@given(st.text(alphabet=st.sampled_from("ab й и\u0306’'\u02bc\u2010\u00ad\u200b\t\n\r  é"
                                         "e\u0301СC"), max_size=30))
def test_normalise_takes_its_short_way_only_where_nothing_changes(value):
    slow = _SLOW.sub(" ", unicodedata.normalize("NFC", value).translate(text._FOLD)).strip()
    assert text.normalise(value) == slow


# --- validate: the shapes remembered and the plain path change no finding -----------------

TMX_FILES = sorted(str(p.relative_to(ROOT)) for p in
                   [*ROOT.glob("tests/fixtures/**/*.tmx"), *ROOT.glob("tm/*.tmx")])


def _findings(path, quick: bool, monkeypatch) -> list:
    monkeypatch.setattr(streaming, "_MEMO_LIMIT", 4096 if quick else 0)
    monkeypatch.setattr(tbx.TbxReader, "fast", quick)
    try:
        return [f.as_text() for f in validate_file(path)]
    except Exception as error:
        return [type(error).__name__, str(error)]


@pytest.mark.parametrize("path", TBX_FILES + TMX_FILES)
def test_validate_finds_the_same_either_way_in_every_fixture(path, monkeypatch):
    assert _findings(ROOT / path, True, monkeypatch) == _findings(ROOT / path, False,
                                                                    monkeypatch)


def test_validate_finds_the_same_either_way_in_mutated_files(tmp_path, monkeypatch):
    rng = random.Random(61)
    for number in range(600):
        fmt = rng.choice(["TBX v3", "TBX 2", "TMX"])
        tree = _seed(rng.choice(SEEDS[fmt]))
        for _ in range(rng.randrange(1, 4)):
            mutate(fmt, tree, rng)
        path = tmp_path / f"m{number}.{'tmx' if fmt == 'TMX' else 'tbx'}"
        path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
        assert _findings(path, True, monkeypatch) == _findings(path, False, monkeypatch), \
            f"mutation {number} ({fmt})"


def test_a_changed_tm_file_is_reindexed_alone_and_as_a_build_would(tmp_path):
    folder = tmp_path / "tm"
    folder.mkdir()
    shutil.copy(ROOT / "tm" / "security-and-integration.tmx", folder / "a.tmx")
    shutil.copy(ROOT / "tests" / "fixtures" / "lookup" / "memory.tmx", folder / "b.tmx")
    cache = tmp_path / "cache"
    Index.open([folder], directory=cache, kind="tmx").close()
    changed = folder / "a.tmx"
    content = changed.read_text(encoding="utf-8")
    changed.write_text(content.replace("Международная безопасность", "Региональная стабильность")
                       .replace("<seg>The situation", "<seg>Today the situation", 1),
                       encoding="utf-8")
    seen = []
    second = Index.open([folder], directory=cache, kind="tmx",
                        progress=lambda done, total: seen.append(total))
    assert set(seen) == {changed.stat().st_size}
    fresh = Index.open([folder], directory=tmp_path / "fresh", kind="tmx")
    for table in ("units", "segment_rows", "segment_key_docs", "meta"):
        assert _rows(second.db, table) == _rows(fresh.db, table), table
    for query in ("региональной стабильности", "международной безопасности",
                  "Today the situation in Eurasia depends on security", "Евразии"):
        assert [h.as_dict() for h in search(second, query, min_score=0)] == \
            [h.as_dict() for h in search(fresh, query, min_score=0)], query
    assert search(second, "региональной стабильности")


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_a_build_in_worker_processes_is_the_build_in_one(tmp_path, monkeypatch, start):
    """Large data is read by worker processes, each file into a staging database that the
    build copies in: every table, the full-text indexes and what lookups and TM searches
    answer are those of a build in one process; a file changed after it is re-indexed in
    place as after any build; an unreadable file in a folder is skipped either way."""
    import termbase.index as index_module

    folder = tmp_path / "data"
    shutil.copytree(GLOSSARY, folder / "glossary")
    shutil.copy(ROOT / "tm" / "security-and-integration.tmx", folder / "a.tmx")
    shutil.copy(ROOT / "tests" / "fixtures" / "lookup" / "memory.tmx", folder / "b.tmx")
    (folder / "glossary" / "broken.tbx").write_text("<tbx><text><body>", encoding="utf-8")
    monkeypatch.setattr(index_module, "_start_method", lambda: start)
    built = {}
    for way, threshold in (("one", 1 << 60), ("workers", 0)):
        monkeypatch.setattr(index_module, "PARALLEL_BYTES", threshold)
        built[way] = Index.open([folder], directory=tmp_path / way)
    assert index_module._workers(sorted(folder.rglob("*.t?x")), set()) > 1 or \
        (os.cpu_count() or 1) == 1
    one, workers = built["one"], built["workers"]
    for table in ("concepts", "terms", "units", "segment_rows", "forms", "files",
                  "term_trigram_docs", "segment_key_docs"):
        assert _rows(workers.db, table) == _rows(one.db, table), table
    assert workers.skipped() == one.skipped() and len(one.skipped()) == 1
    assert workers.longest_term() == one.longest_term()
    for query in ("Союзного гасударства", "ОДКБ", "Советом министров обороны", "dogovor"):
        assert [(m.concept["id"], m.how, m.score) for m in lookup(workers, query, fuzzy=True)] \
            == [(m.concept["id"], m.how, m.score) for m in lookup(one, query, fuzzy=True)]
    for query in ("международной безопасности", "The situation in Eurasia depends"):
        assert [h.as_dict() for h in search(workers, query, min_score=0)] == \
            [h.as_dict() for h in search(one, query, min_score=0)], query
    workers.close()
    changed = folder / "a.tmx"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "Международная безопасность", "Региональная стабильность"), encoding="utf-8")
    again = Index.open([folder], directory=tmp_path / "workers")
    fresh = Index.open([folder], directory=tmp_path / "fresh")
    for table in ("units", "segment_rows", "segment_key_docs", "terms"):
        assert _rows(again.db, table) == _rows(fresh.db, table), table
    assert search(again, "региональной стабильности")


def test_workers_are_forked_only_from_a_process_of_one_thread():
    """A server refreshes its index from a request thread: a child forked there could find a
    lock another thread held, forever; it gets a fresh interpreter instead."""
    import threading

    import termbase.index as index_module

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert index_module._start_method() == "spawn"
    finally:
        release.set()
        other.join()
