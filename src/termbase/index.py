"""The lookup index: an SQLite cache of the glossary and TM, rebuilt when their files change.

The TBX and TMX files stay the source of truth. The index holds what lookups need at scale:
every term with its match keys (see `termbase.lang`), a trigram table for fuzzy matching, and
for the TM every segment's keys in an FTS5 table. It lives in a per-user cache directory
(`TERMBASE_CACHE_DIR`, else `$XDG_CACHE_HOME/termbase`, else `~/.cache/termbase`), one file per
set of source folders, and carries a signature of the files it was built from (path, size,
modification time): when any differs, the next lookup rebuilds it, streaming the files, into
a temporary file that replaces the old index only when complete.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from . import __version__, formats
from .errors import InputError, TermbaseError
from .lang import analyzer, tags, term_words, text
from .model import Term, checked_on, status_in

if TYPE_CHECKING:
    from .model import Concept, TranslationUnit

SCHEMA_VERSION = "13"
BATCH = 2000
NAME_CANDIDATES = 5_000  # names holding a run's keys that are read to find it in order
RARE_TRIGRAMS = 8  # fuzzy candidates: entries sharing the most of the rarest query trigrams/keys
MAX_POSTINGS = 5_000  # a trigram in more terms than this says too little to be read
MIN_RARE = 3  # rare tokens enough to find candidates by; fewer, and common ones are grouped
COMMON_GROUP = 2  # common tokens a group must hold together, at least
SQL_CHUNK = 900  # values bound in one statement (SQLite before 3.32 allows 999)
# FTS5 tokens are our keys: keep apostrophes and hyphens inside them, never fold й to и.
_KEY_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '’-'"

SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(slot INTEGER PRIMARY KEY, skipped TEXT);
CREATE TABLE forms(lang TEXT, word TEXT, keys TEXT, PRIMARY KEY (lang, word)) WITHOUT ROWID;
CREATE TABLE concepts(id INTEGER PRIMARY KEY, concept_id TEXT, file TEXT, data TEXT);
CREATE TABLE terms(id INTEGER PRIMARY KEY, concept INTEGER, lang TEXT, text TEXT, norm TEXT,
                   status TEXT, type TEXT, proper INTEGER, first_key TEXT, keys TEXT,
                   words INTEGER, usage TEXT);
CREATE VIRTUAL TABLE term_trigrams USING fts5(norm, tokenize='trigram', detail='none',
                                              content='terms', content_rowid='id',
                                              columnsize=0);
CREATE VIRTUAL TABLE term_trigram_counts USING fts5vocab(term_trigrams, row);
CREATE TABLE term_trigram_docs(term TEXT PRIMARY KEY, doc INTEGER) WITHOUT ROWID;
CREATE TABLE units(id INTEGER PRIMARY KEY, unit_id TEXT, file TEXT, data TEXT);
CREATE TABLE segment_rows(id INTEGER PRIMARY KEY, lang TEXT, unit INTEGER, variant INTEGER);
CREATE VIRTUAL TABLE segments USING fts5(keys, tokenize="{_KEY_TOKENIZER}", detail='none',
                                         content='', columnsize=0);
CREATE VIRTUAL TABLE segment_key_counts USING fts5vocab(segments, row);
CREATE TABLE segment_key_docs(term TEXT PRIMARY KEY, doc INTEGER) WITHOUT ROWID;
CREATE VIRTUAL TABLE name_words USING fts5(keys, tokenize="{_KEY_TOKENIZER}", detail='none',
                                           content='', columnsize=0);
"""
# The names a part of a name may belong to (`Index.terms_containing`): proper nouns of two
# words or more, not acronyms, by their words' keys.
_NAMES = ("SELECT id, keys FROM terms WHERE proper AND words > 1 "
          "AND coalesce(type, '') NOT IN ('acronym', 'abbreviation')")
NAME_WORDS = f"INSERT INTO name_words (rowid, keys) {_NAMES}"
# fts5vocab counts a token's documents by reading its whole posting list at every query (a
# common word of a million segments: tens of milliseconds); the counts are kept in plain
# tables once the index is built.
DOCUMENT_COUNTS = """
INSERT INTO term_trigram_docs SELECT term, doc FROM term_trigram_counts;
INSERT INTO segment_key_docs SELECT term, doc FROM segment_key_counts;
"""
INDEXES = """
CREATE INDEX terms_by_keys ON terms(keys);
CREATE INDEX terms_by_first_key ON terms(first_key, words);
CREATE INDEX terms_by_norm ON terms(norm);
CREATE INDEX concepts_by_id ON concepts(concept_id);
"""


def cache_dir() -> Path:
    if os.environ.get("TERMBASE_CACHE_DIR"):
        return Path(os.environ["TERMBASE_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "termbase" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "termbase"


@dataclass
class TermRow:
    id: int
    concept: int
    lang: str
    text: str
    status: str | None
    type: str | None
    proper: bool
    keys: tuple[str, ...]


class Index:
    """An open index; build or refresh one with `Index.open`."""

    def __init__(self, path: Path, usage: str | None = None):
        self.path = path
        self.usage = usage  # the desk's region: a regional term's status is its status there
        self._scratch: sqlite3.Connection | None = None
        try:
            self.db = sqlite3.connect(path)
        except sqlite3.Error as error:
            raise TermbaseError(f"cannot open the index cache: {error}", path) from None
        self._rows("PRAGMA query_only = 1")

    def _rows(self, sql: str, args=()) -> list[tuple]:
        """The rows of a query; a damaged cache file (its signature read, a later page did
        not) is removed and reported, so that the next run builds it afresh."""
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as error:
            raise self._damaged(error) from None

    def _damaged(self, error: Exception) -> TermbaseError:
        self.db.close()
        with contextlib.suppress(OSError):
            self.path.unlink()
        return TermbaseError(f"the index cache was damaged ({error}) and is removed; run the "
                             "command again to rebuild it", self.path)

    def _row(self, table: str, rowid: int) -> tuple[str, str, dict]:
        """(id, file, data) of a concept or unit; a row missing or with garbage for data is
        a damaged cache too (a page that reads, with something else in it)."""
        rows = self._rows(f"SELECT {table[:-1]}_id, file, data FROM {table} WHERE id = ?",
                          (rowid,))
        try:
            (item_id, file, text), = rows
            data = _unpacked(table, json.loads(text))
        except (TypeError, ValueError) as error:
            raise self._damaged(error) from None
        return item_id, file, data

    @classmethod
    def open(cls, sources: Iterable[str | os.PathLike], directory: Path | None = None,
             progress: Callable[[int, int], None] | None = None,
             kind: str | None = None, usage: str | None = None) -> "Index":
        """The index of these files and folders, built first if missing or out of date.

        `kind` ('tbx' or 'tmx') keeps only files of that extension: a term lookup need not
        wait for a large TM to be indexed. `progress(done_bytes, total_bytes)` is called
        while building. `usage` is the desk's region («BY»): a term the glossary gives as
        used in other regions only (geographicalUsage) is deprecated here (`model.status_in`).
        """
        sources = list(sources)
        files = [f for f in formats.expand_paths(sources)
                 if kind is None or formats.kind_by_extension(f) in (kind, None)]
        signature = _signature(files)
        directory = directory or cache_dir()
        key = hashlib.sha256("\n".join(sorted(str(f.resolve()) for f in files))
                             .encode()).hexdigest()[:16]
        path = directory / f"index-{key}.sqlite"
        if _stored_signature(path) != signature:
            named = {Path(source) for source in sources if not Path(source).is_dir()}
            _refresh(files, path, signature, progress, named)
        return cls(path, usage)

    def close(self) -> None:
        self.db.close()
        if self._scratch is not None:
            self._scratch.close()

    # -- terms

    def skipped(self) -> list[str]:
        """The files left out of the index because they could not be read, each as its
        error's one line: one broken file does not take a folder's others with it."""
        found = self._rows("SELECT value FROM meta WHERE key = 'skipped'")
        return json.loads(found[0][0]) if found else []

    def longest_term(self) -> int:
        """The most words (keys) a term has: no longer part of a query can match one."""
        return int(self._rows("SELECT value FROM meta WHERE key = 'longest_term'")[0][0])

    def text_keys(self, lang: str, words: list[str]) -> list[frozenset[str]]:
        """`Analyzer.text_keys` of each word of a query in `lang`: from the forms of the
        glossary's words the index keeps (for FORMS_LANGUAGES), so that the analyzer is
        loaded only for a word the index has never seen. A form keeps its keys in lower case
        and, after `|`, those a capital first letter adds (a surname's stems); a single letter
        (pymorphy3 reads a capital as an initial) is never kept."""
        primary = tags.primary(lang)
        kept: dict[str, str] = {}
        if primary in FORMS_LANGUAGES:
            kept = dict(self._in_chunks("SELECT word, keys FROM forms WHERE word IN ({marks}) "
                                        "AND lang = ?",
                                        [w.casefold() for w in words if len(w) > 1],
                                        (primary,)))
        keys = []
        for word in words:
            found = kept.get(word.casefold()) if len(word) > 1 else None
            if found is None:
                keys.append(analyzer(lang).text_keys(word))
                continue
            lower, _, capitalised = found.partition("|")
            keys.append(frozenset(lower.split(" ") + capitalised.split(" "))
                        if capitalised and word[:1].isupper() else frozenset(lower.split(" ")))
        return keys

    def terms_by_norm(self, norm: str) -> list[TermRow]:
        return self._terms("norm = ?", (norm,))

    def terms_by_keys(self, key_strings: Iterable[str]) -> list[TermRow]:
        """Terms whose words' keys, joined by spaces, are one of `key_strings`."""
        return self._terms_in("keys IN ({marks})", key_strings)

    def terms_by_first_keys(self, first_keys: Iterable[str],
                            lang: str | None = None) -> list[TermRow]:
        """Terms whose first word has one of these keys, whatever their length; only of the
        language `lang` (a primary tag: «ru» takes «ru-RU» too) when given."""
        where, extra = _of_language(lang)
        return self._terms_in("first_key IN ({marks})" + where, first_keys, extra)

    def first_key_counts(self, first_keys: Iterable[str]) -> dict[str, int]:
        """How many terms (of any language) begin with each of these keys; keys with none
        are left out. Read from the index alone, without the rows."""
        return dict(self._in_chunks("SELECT first_key, count(*) FROM terms WHERE first_key IN "
                                    "({marks}) GROUP BY first_key", first_keys))

    def count_key_prefix(self, keys: tuple[str, ...]) -> int:
        """How many terms (of any language) of more words than `keys` begin with them."""
        joined = " ".join(keys)
        return self._rows("SELECT count(*) FROM terms WHERE keys >= ? AND keys < ?",
                          (joined + " ", joined + "!"))[0][0]

    def terms_longer_than(self, keys: tuple[str, ...], lang: str) -> list[TermRow]:
        """Terms of `lang` of more words than `keys` whose first words' keys are `keys`."""
        joined = " ".join(keys)
        where, extra = _of_language(lang)
        return self._terms(f"keys >= ? AND keys < ?{where}", (joined + " ", joined + "!", *extra))

    def terms_containing(self, runs: Iterable[str], lang: str, limit: int) -> list[TermRow]:
        """Names of `lang` (proper nouns, not acronyms), of more words than a run, whose
        words' keys hold one of `runs` (keys joined by spaces) as words of their own, at most
        `limit` a run: what a part of a name finds ("Security Council", a surname). The
        names holding a run's every key come from a full-text index (`name_words`)."""
        where, extra = _of_language(lang)
        found: list[TermRow] = []
        for run in dict.fromkeys(runs):
            words = run.split(" ")
            ids = [rowid for (rowid,) in self._rows(
                "SELECT rowid FROM name_words WHERE name_words MATCH ? LIMIT ?",
                (" AND ".join(_quoted(word) for word in words), NAME_CANDIDATES))]
            rows = [row for row in self._terms_in("id IN ({marks})" + where, ids, extra)
                    if len(row.keys) > len(words) and f" {run} " in f" {' '.join(row.keys)} "]
            found += sorted(rows, key=lambda row: row.id)[:limit]
        return found

    def terms_by_first_key(self, first_keys: Iterable[str], words: int) -> list[TermRow]:
        return self._terms_in("first_key IN ({marks}) AND words = ?", first_keys, (words,))

    def terms_like(self, norm: str, limit: int) -> list[TermRow]:
        """Candidates for fuzzy scoring: terms sharing one of the rarest trigrams of `norm`.

        Rare trigrams say the most and match few terms, so the candidates are found without
        reading every term that shares a common trigram; a typo breaks at most three of them,
        and the terms that share most of the rest come first.
        """
        grams = {norm[i:i + 3] for i in range(len(norm) - 2)}
        ids = self._sharing_rarest("term_trigrams", "term_trigram_docs", grams, limit)
        return self._terms_in("id IN ({marks})", ids)

    def _sharing_rarest(self, table: str, counts: str, tokens: set[str],
                        limit: int) -> list[int]:
        """Rows of an FTS5 `table` sharing most of the rarest `tokens` (by the document counts
        in the table `counts`); tokens in more than MAX_POSTINGS rows say too little and are
        skipped, unless there is nothing rarer."""
        counted = self._in_chunks(f"SELECT term, doc FROM {counts} WHERE term IN ({{marks}})",
                                  tokens)
        by_rarity = sorted(counted, key=lambda row: (row[1], row[0]))
        chosen = [token for token, docs in by_rarity if docs <= MAX_POSTINGS][:RARE_TRIGRAMS]
        # Too few rare ones (a query in the commonest words of a million terms): the rows
        # holding every token of a group, in groups of the next rarest; a typo breaks at most
        # three tokens, so one group of the four holds none of them.
        rest = [token for token, docs in by_rarity if docs > MAX_POSTINGS][:4 * COMMON_GROUP]
        queries = [_any_of({token}) for token in chosen]
        if len(chosen) < MIN_RARE and len(rest) >= COMMON_GROUP:
            queries += [" AND ".join(_quoted(token) for token in rest[n::4]) for n in range(4)]
        elif not chosen:
            queries = [_any_of({token}) for token, _ in by_rarity[:2]]
        shared: Counter[int] = Counter()
        for query in queries:
            shared.update(rowid for (rowid,) in self._rows(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?",
                (query, MAX_POSTINGS)))
        return [rowid for rowid, _ in shared.most_common(limit)]

    def _terms(self, where: str, args) -> list[TermRow]:
        return [_term_row(r, self.usage) for r in self._rows(_SELECT_TERMS + where, args)]

    def _terms_in(self, where: str, values: Iterable, extra: tuple = ()) -> list[TermRow]:
        return [_term_row(r, self.usage)
                for r in self._in_chunks(_SELECT_TERMS + where, values, extra)]

    def _in_chunks(self, sql: str, values: Iterable, extra: tuple = ()) -> Iterator[tuple]:
        """Rows of `sql` with its `{marks}` filled by `values`, SQL_CHUNK at a time (SQLite
        limits the parameters of one statement), then `extra`; values taken once each."""
        wanted = sorted(set(values))
        for start in range(0, len(wanted), SQL_CHUNK):
            chunk = wanted[start:start + SQL_CHUNK]
            yield from self._rows(sql.replace("{marks}", ",".join("?" * len(chunk))),
                                  (*chunk, *extra))

    def concept(self, rowid: int) -> dict:
        concept_id, file, data = self._row("concepts", rowid)
        for term in data["terms"]:
            if term.get("usage"):
                term["status"] = _regional_status(term["status"], term["usage"], self.usage)
        return {"id": concept_id, "file": file, **data}

    def concept_by_id(self, concept_id: str) -> dict | None:
        """The concept of this id (`concept`'s shape), None when the glossary has none."""
        found = self._rows("SELECT id FROM concepts WHERE concept_id = ? LIMIT 1", (concept_id,))
        return self.concept(found[0][0]) if found else None

    def counts(self) -> dict[str, int]:
        return {table: self._rows(f"SELECT count(*) FROM {table}")[0][0]
                for table in ("concepts", "terms", "units")}

    # -- translation memory

    def segments_with_all(self, words: list[frozenset[str]],
                          limit: int) -> list[tuple[int, str, int]]:
        """(unit row, lang, variant number) of segments holding, for every word, one of its
        keys (a unit may hold several segments of one language: each is its own).

        A key is looked for as the FTS5 tokens it was indexed as («foo_bar» is «foo» and
        «bar»), each quoted: nothing a user typed is read as query syntax.
        """
        tokens = self._tokens({key for options in words for key in options})
        groups = []
        for options in words:
            found = [" AND ".join(_quoted(t) for t in tokens[key])
                     for key in sorted(options) if tokens[key]]
            if found:
                groups.append("(" + " OR ".join(f"({f})" for f in found) + ")")
        if not groups:
            return []
        return self._rows("SELECT r.unit, r.lang, r.variant FROM segments JOIN segment_rows AS r "
                          "ON r.id = segments.rowid WHERE segments MATCH ? LIMIT ?",
                          (" AND ".join(groups), limit))

    def _tokens(self, keys: set[str]) -> dict[str, list[str]]:
        """The FTS5 tokens of each key, as the segments' tokenizer makes them (asked of
        SQLite itself: its Unicode tables are not Python's)."""
        if self._scratch is None:
            self._scratch = sqlite3.connect(":memory:")
            self._scratch.executescript(
                f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize=\"{_KEY_TOKENIZER}\");"
                "CREATE VIRTUAL TABLE v USING fts5vocab(t, instance);")
        ordered = sorted(keys)
        self._scratch.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)",
                                  enumerate(ordered, 1))
        tokens: dict[str, list[str]] = {key: [] for key in ordered}
        for doc, term in self._scratch.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
            tokens[ordered[doc - 1]].append(term)
        self._scratch.execute("DELETE FROM t")
        return tokens

    def segments_like(self, keys: set[str], limit: int) -> list[tuple[int, str, int]]:
        """(unit row, lang, variant number) of the segments sharing most of the rarest of
        `keys`: candidates for fuzzy scoring, found without reading every segment with a
        common word."""
        best = self._sharing_rarest("segments", "segment_key_docs", keys, limit)
        if not best:
            return []
        return self._rows(
            f"SELECT unit, lang, variant FROM segment_rows WHERE id IN "
            f"({','.join('?' * len(best))})",
            best)

    def unit(self, rowid: int) -> dict:
        unit_id, file, data = self._row("units", rowid)
        return {"id": unit_id, "file": file, **data}

    def units(self, rowids: Iterable[int]) -> dict[int, dict]:
        """`unit` of each of `rowids`, read together (a TM search's candidates)."""
        wanted, found = set(rowids), {}
        for rowid, unit_id, file, packed in self._in_chunks(
                "SELECT id, unit_id, file, data FROM units WHERE id IN ({marks})", wanted):
            try:
                found[rowid] = {"id": unit_id, "file": file,
                                **_unpacked("units", json.loads(packed))}
            except (TypeError, ValueError) as error:
                raise self._damaged(error) from None
        if len(found) != len(wanted):  # a segment of a unit the cache has lost
            raise self._damaged(ValueError("a unit is missing"))
        return found


_SELECT_TERMS = ("SELECT id, concept, lang, text, status, type, proper, keys, usage FROM terms "
                 "WHERE ")
# What a lookup shows of a concept, or of a unit, is kept as JSON lists (not objects: a third
# smaller, and quicker to write) and given out as the objects below.
_TERM_FIELDS = ("lang", "text", "status", "type", "part_of_speech", "id", "notes", "sources",
                "usage")
# A definition of the concept (lang None) or of one language section, with its source.
_DEFINITION_FIELDS = ("lang", "text", "source")


def _unpacked(table: str, data) -> dict:
    """The object a concept's or unit's JSON lists stand for; ValueError for anything else
    (a damaged cache)."""
    if table == "concepts":
        subject_fields, definitions, notes, checked, terms = data
        return {"subject_fields": _strings(subject_fields),
                "definitions": [_record(_DEFINITION_FIELDS, d) for d in _strings(definitions)],
                "notes": _strings(notes), "checked": checked,
                "terms": [_record(_TERM_FIELDS, term) for term in terms]}
    variants, props = data
    return {"variants": [_record(("lang", "text"), v) for v in variants],
            "props": [_record(("type", "value"), p) for p in props]}


def _record(fields: tuple[str, ...], values) -> dict:
    if not isinstance(values, list) or len(values) != len(fields):
        raise ValueError("not a record")
    return dict(zip(fields, values))


def _strings(values) -> list:
    if not isinstance(values, list):
        raise ValueError("not a list")
    return values


def _form_keys(chosen, form: str) -> str:
    """A lower-case form's keys as the forms table holds them (see `Index.text_keys`)."""
    lower = chosen.text_keys(form)
    capitalised = chosen.text_keys(form[:1].upper() + form[1:]) - lower
    joined = " ".join(sorted(lower))
    return f"{joined}|{' '.join(sorted(capitalised))}" if capitalised else joined


def _is_name(term: Term) -> bool:
    """A proper noun: so typed, or with no part of speech and written as a name."""
    if term.part_of_speech is not None:
        return term.part_of_speech == "properNoun"
    return text.looks_like_name(term.text)


def _term_row(row: tuple, region: str | None) -> TermRow:
    status = _regional_status(row[4], row[8], region) if row[8] else row[4]
    return TermRow(row[0], row[1], row[2], row[3], status, row[5], bool(row[6]),
                   tuple(row[7].split(" ")) if row[7] else ())


def _regional_status(status: str | None, usage: str, region: str | None) -> str | None:
    return status_in(Term("", status, geographical_usage=usage), region)


def _of_language(lang: str | None) -> tuple[str, tuple[str, ...]]:
    """An SQL condition (to append) and its arguments for terms of a primary language."""
    if lang is None:
        return "", ()
    return " AND (lang = ? OR lang LIKE ?)", (lang, f"{lang}-%")


def _any_of(tokens) -> str:
    """An FTS5 query for any of these tokens (as the index holds them), quoted."""
    return "(" + " OR ".join(_quoted(token) for token in sorted(tokens)) + ")"


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


# --- building -----------------------------------------------------------------------------
# Each file indexed holds a slot (its place in the list of files), and its rows of every table
# have ids `slot << SLOT_BITS | n`: a file's rows are one id range, so a changed file is
# re-indexed alone (its range deleted and written again), and the rows come in the same order
# as from a build of every file.

SLOT_BITS = 32


def _slot_range(slot: int) -> tuple[int, int]:
    """The first and last row id a file of `slot` may hold, in every table."""
    return slot << SLOT_BITS, ((slot + 1) << SLOT_BITS) - 1

FORMS_LANGUAGES = ("ru",)
MAX_WORDS_KEPT = 200_000  # distinct words whose keys a build remembers (then forgets)
FORMS_BATCH = 20_000  # analyzers too heavy to load for a query the index can answer


def _header() -> str:
    """What every file's rows depend on: a change here rebuilds the whole index."""
    return f"schema {SCHEMA_VERSION} termbase {__version__} analyzers {_analyzers_hash()}"


def _file_signatures(files: list[Path]) -> list[str]:
    signatures = []
    for file in files:
        stat = file.stat()
        signatures.append(f"{file.resolve()}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return signatures


def _signature(files: list[Path]) -> str:
    return "\n".join([_header(), *_file_signatures(files)])


@functools.cache
def _analyzers_hash() -> str:
    """What the match keys depend on: the analyzers' code and the Russian dictionary. A
    changed analyzer (a development checkout, a patched install) rebuilds the index."""
    import pymorphy3_dicts_ru  # light: it only names the dictionary's folder

    digest = hashlib.sha256(pymorphy3_dicts_ru.__version__.encode())
    for source in sorted((Path(__file__).parent / "lang").glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _stored_signature(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
    except sqlite3.DatabaseError:
        return None  # a damaged cache is rebuilt, never trusted
    return row[0] if row else None


def _refresh(files: list[Path], path: Path, signature: str,
             progress: Callable[[int, int], None] | None, named: set[Path]) -> None:
    """Bring the index at `path` up to date with `files`: only the files whose signature
    changed when the rest of it stands (same header, same files in the same places), else
    a new build. Either way a reader sees the old index or the new one, never half of one."""
    header, *signatures = signature.split("\n")
    stored = _stored_signature(path)
    if stored is not None:
        old_header, *old = stored.split("\n")
        if old_header == header and len(old) == len(signatures) and all(
                a.split("\t")[0] == b.split("\t")[0] for a, b in zip(old, signatures)):
            changed = [slot for slot, (a, b) in enumerate(zip(old, signatures)) if a != b]
            try:
                _update(files, path, signature, changed, progress, named)
                return
            except sqlite3.DatabaseError:
                pass  # a damaged cache: built afresh below
    _build(files, path, signature, progress, named)


def _build(files: list[Path], path: Path, signature: str,
           progress: Callable[[int, int], None] | None, named: set[Path]) -> None:
    """Index `files` into a new cache file at `path`; a file found in a folder that cannot be
    read is left out (see `Index.skipped`), one `named` on its own is an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise TermbaseError(f"cannot write the index cache: {error.strerror}",
                            path.parent) from None
    os.close(fd)
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as db:
            db.executescript(_FAST_WRITES + SCHEMA)
            builder = _Builder(db, files, progress, named)
            workers = _workers(files, named)
            if workers > 1:
                builder.longest = _read_in_parallel(db, files, workers, path.parent, progress)
            else:
                builder.run(range(len(files)))
            db.executescript(DOCUMENT_COUNTS + NAME_WORDS + ";" + INDEXES)
            builder.finish(signature)
            db.commit()
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if _is_write_error(error):
            raise _cache_error(error, path) from None
        raise


_FAST_WRITES = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384;"
# A build of this much data or more reads its files in worker processes, one file each at a
# time; below it, starting them costs more than they save.
PARALLEL_BYTES = 32 << 20
# What a worker writes besides the index's own tables: a segment's keys, for the parent to
# give its full-text index (which keeps no copy to be read back).
_STAGED_SEGMENTS = "CREATE TABLE segment_keys(id INTEGER PRIMARY KEY, keys TEXT);"


def _workers(files: list[Path], named: set[Path]) -> int:
    """How many processes read the files of a build: one when the data is small, when a
    file is named on its own (its error must stop the build, as it does read in-process), or
    when there is one core or one file."""
    if named or len(files) < 2 or sum(f.stat().st_size for f in files) < PARALLEL_BYTES:
        return 1
    return min(len(files), os.cpu_count() or 1)


def _read_in_parallel(db: sqlite3.Connection, files: list[Path], workers: int,
                      folder: Path, progress: Callable[[int, int], None] | None) -> int:
    """Read the files in `workers` processes, each file into a staging database of its own
    (rows, forms, segment keys), and copy each into `db` as it comes, in SQLite; then build
    the trigram index from the terms in one pass. The longest term's word count."""
    import concurrent.futures
    import multiprocessing

    total, done = sum(f.stat().st_size for f in files), 0
    by_size = sorted(range(len(files)), key=lambda slot: -files[slot].stat().st_size)
    staging = tempfile.mkdtemp(prefix=".staging-", dir=folder)
    longest = 0
    try:
        with concurrent.futures.ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context(_start_method())) as pool:
            pending = {pool.submit(_stage, files, slot, os.path.join(staging, f"{slot}.sqlite")):
                       slot for slot in by_size}
            for future in concurrent.futures.as_completed(pending):
                staged, file_longest = future.result()
                longest = max(longest, file_longest)
                _copy_staged(db, staged)
                os.unlink(staged)
                done += files[pending[future]].stat().st_size
                if progress:
                    progress(done, total)
    finally:
        with contextlib.suppress(OSError):
            for name in os.listdir(staging):
                os.unlink(os.path.join(staging, name))
            os.rmdir(staging)
    db.execute("INSERT INTO term_trigrams (term_trigrams) VALUES ('rebuild')")
    return longest


def _start_method() -> str:
    """fork where it is safe and quick (Linux, one thread: not a server's request thread,
    whose siblings may hold locks a forked child would never see released); else a fresh
    interpreter."""
    import threading

    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 \
        else "spawn"


def _stage(files: list[Path], slot: int, staged: str) -> tuple[str, int]:
    """In a worker: index the file of `slot` into a new staging database at `staged`."""
    with contextlib.closing(sqlite3.connect(staged)) as db:
        db.executescript(_FAST_WRITES + SCHEMA + _STAGED_SEGMENTS)
        builder = _Builder(db, files, None, set())
        builder.staging = True
        builder.run([slot])
        db.commit()
        return staged, builder.longest


def _copy_staged(db: sqlite3.Connection, staged: str) -> None:
    db.execute("ATTACH DATABASE ? AS staged", (staged,))
    try:
        for table in ("concepts", "terms", "units", "segment_rows", "files"):
            db.execute(f"INSERT INTO {table} SELECT * FROM staged.{table}")
        db.execute("INSERT OR IGNORE INTO forms SELECT * FROM staged.forms")
        db.execute("INSERT INTO segments (rowid, keys) SELECT id, keys FROM staged.segment_keys")
        db.commit()
    finally:
        db.execute("DETACH DATABASE staged")


def _update(files: list[Path], path: Path, signature: str, changed: list[int],
            progress: Callable[[int, int], None] | None, named: set[Path]) -> None:
    """Re-index the files of the slots `changed` in place, in one transaction."""
    with contextlib.closing(sqlite3.connect(path, timeout=60, isolation_level=None)) as db:
        db.execute("PRAGMA cache_size = -16384")
        db.execute("BEGIN IMMEDIATE")
        try:
            builder = _Builder(db, files, progress, named)
            builder.total = sum(files[slot].stat().st_size for slot in changed)
            builder.recounting = True
            old_longest = builder.drop(changed)
            builder.run(changed)
            builder.add_names(changed)
            builder.recount()
            builder.finish(signature, old_longest)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _is_write_error(error: BaseException) -> bool:
    return isinstance(error, (sqlite3.Error, OSError)) and not isinstance(error, TermbaseError)


def _cache_error(error: BaseException, path: Path) -> TermbaseError:
    reason = error.strerror if isinstance(error, OSError) else str(error)
    return TermbaseError(f"cannot write the index cache: {reason}", path)


class _Builder:
    def __init__(self, db: sqlite3.Connection, files: list[Path],
                 progress: Callable[[int, int], None] | None, named: set[Path]):
        self.db = db
        self.files = files
        self.named = named
        self.progress = progress
        self.total = sum(f.stat().st_size for f in files)
        self.done = 0
        self.terms: list[tuple] = []
        self.trigrams: list[tuple] = []
        self.concepts: list[tuple] = []
        self.units: list[tuple] = []
        self.segments: list[tuple] = []
        self.segment_rows: list[tuple] = []
        self.recounting = False  # an update: the tokens it touches are counted again
        self.staging = False  # a worker's: the parent builds the full-text indexes
        self.trigram_tokens: set[str] = set()
        self.touched_keys: set[str] = set()
        self.longest = 0
        self.words: dict[tuple[str, str], str] = {}  # (lang, word) → its term key
        self.text_words: dict[str, dict[str, str]] = {}  # lang → word → its keys, joined
        self.analyzers: dict[str, object] = {}
        # FORMS_LANGUAGES: each word's keys as a query word, and the words whose other
        # forms are to be kept too
        self.forms: dict[str, dict[str, str]] = {lang: {} for lang in FORMS_LANGUAGES}
        self.lexemes: dict[str, set[str]] = {lang: set() for lang in FORMS_LANGUAGES}

    def run(self, slots: Iterable[int]) -> None:
        self.slots = list(slots)
        for slot in self.slots:
            file = self.files[slot]
            self.slot = slot
            self.concept_id = self.term_id = self.unit_id = self.segment_id = slot << SLOT_BITS
            self.db.execute("SAVEPOINT file")
            skipped = ""
            try:
                self._read(file)
            except InputError as error:  # the file adds nothing; the others are indexed
                if file in self.named:
                    raise
                for batch in self._batches():
                    batch.clear()
                self.db.execute("ROLLBACK TO file")
                skipped = str(error)
            self.db.execute("RELEASE file")
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (slot, skipped))
            self.done += file.stat().st_size
            self._report(0)
        self._add_forms()

    def _read(self, file: Path) -> None:
        kind = formats.sniff(file)
        if kind is None:
            raise InputError("neither TBX nor TMX", file)
        with open(file, "rb") as stream:
            reader = formats.open_reader(stream, kind)
            add = self._add_concept if kind == formats.TBX else self._add_unit
            name = str(file)
            for count, item in enumerate(reader, 1):
                add(item, name)
                if count % BATCH == 0:
                    self._flush()
                    self._report(stream.tell())
        self._flush()

    def _report(self, position: int) -> None:
        if self.progress:
            self.progress(self.done + position, self.total)

    def _keys(self, lang: str, words: list[str]) -> list[str]:
        """The term key of each word, each distinct word analysed once a build."""
        cache = self.words
        if len(cache) > MAX_WORDS_KEPT:
            cache.clear()
        keys = []
        for word in words:
            key = cache.get((lang, word))
            if key is None:
                chosen = self.analyzers.get(lang)
                if chosen is None:
                    chosen = self.analyzers[lang] = analyzer(lang)
                key = cache[lang, word] = chosen.term_key(word)
                forms = self.forms.get(tags.primary(lang))
                if forms is not None and len(word) > 1:  # (see `Index.text_keys`)
                    forms[word.casefold()] = _form_keys(chosen, word.casefold())
                    if len(forms) >= FORMS_BATCH:
                        self._write_forms(tags.primary(lang), forms)
                    if not text.is_acronym(word):  # (an acronym is written as it is)
                        self.lexemes[tags.primary(lang)].add(word)
            keys.append(key)
        return keys

    def _add_concept(self, concept: Concept, file: str) -> None:
        self.concept_id += 1
        concept_id = self.concept_id
        terms = []
        for section in concept.languages:
            lang = section.lang
            for term in section.terms:
                norm = text.normalise(term.text)
                keys = self._keys(lang, term_words(lang, norm, term.status))
                folded = norm.casefold()
                self.term_id += 1
                self.terms.append((
                    self.term_id, concept_id, lang, term.text, folded, term.status, term.type,
                    int(_is_name(term)), keys[0] if keys else "", " ".join(keys), len(keys),
                    term.geographical_usage))
                self.trigrams.append((self.term_id, folded))
                if len(keys) > self.longest:
                    self.longest = len(keys)
                terms.append((lang, term.text, term.status, term.type, term.part_of_speech,
                              term.id, term.notes, term.sources,
                              term.geographical_usage))  # (_TERM_FIELDS)
        definitions = [(None, d.text, d.source) for d in concept.definitions] + [
            (section.lang, d.text, d.source) for section in concept.languages
            for d in section.definitions]
        data = (concept.subject_fields, definitions, concept.notes, checked_on(concept), terms)
        self.concepts.append((concept_id, concept.id, file, _json(data)))

    def _add_unit(self, unit: TranslationUnit, file: str) -> None:
        self.unit_id += 1
        variants = [(v.lang, v.text) for v in unit.variants]
        props = [(p.type, p.value) for p in unit.props]
        self.units.append((self.unit_id, unit.id, file, _json((variants, props))))
        for number, (lang, content) in enumerate(variants):
            self.segment_id += 1
            keys = self._segment_keys(lang, content)
            self.segments.append((self.segment_id, keys))
            self.segment_rows.append((self.segment_id, lang, self.unit_id, number))
            if self.recounting:
                self.touched_keys.update(keys.split(" "))

    def _segment_keys(self, lang: str, content: str) -> str:
        """The keys of a segment's words (`Analyzer.text_keys`), each distinct word analysed
        once a build: what the full-text index is given of a segment (it keeps no text, and
        a key given twice is one token of the segment)."""
        known = self.text_words.get(lang)
        if known is None or len(known) > MAX_WORDS_KEPT:
            known = self.text_words[lang] = {}
        parts = []
        for word in text.TOKEN.findall(text.normalise(content)):
            found = known.get(word)
            if found is None:
                found = known[word] = " ".join(analyzer(lang).text_keys(word))
            parts.append(found)
        return " ".join(parts)

    def _flush(self) -> None:
        db = self.db
        if self.concepts:
            db.executemany("INSERT INTO concepts VALUES (?, ?, ?, ?)", self.concepts)
            db.executemany("INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           self.terms)
            if not self.staging:
                db.executemany("INSERT INTO term_trigrams (rowid, norm) VALUES (?, ?)",
                               self.trigrams)
        if self.units:
            db.executemany("INSERT INTO units VALUES (?, ?, ?, ?)", self.units)
            db.executemany("INSERT INTO segment_rows VALUES (?, ?, ?, ?)", self.segment_rows)
            db.executemany("INSERT INTO segments (rowid, keys) VALUES (?, ?)" if not self.staging
                           else "INSERT INTO segment_keys VALUES (?, ?)", self.segments)
        for batch in self._batches():
            batch.clear()

    def _batches(self) -> tuple[list, ...]:
        return (self.concepts, self.terms, self.trigrams, self.units, self.segments,
                self.segment_rows)

    def _add_forms(self) -> None:
        """Every form of the glossary's words in FORMS_LANGUAGES (the words as written, and
        the other forms of those that decline) with its keys as a word of a query or text
        (`Analyzer.text_keys`): a query in these words is answered without the analyzer."""
        for lang, forms in self.forms.items():
            if not forms and not self.lexemes[lang]:
                continue
            chosen = analyzer(lang)
            for word in self.lexemes[lang]:
                for form in chosen.forms(word):
                    for spelling in {form, form.replace("ё", "е")}:
                        if spelling not in forms and len(spelling) > 1:
                            forms[spelling] = _form_keys(chosen, spelling)
            self._write_forms(lang, forms)
            self.lexemes[lang].clear()

    def _write_forms(self, lang: str, forms: dict[str, str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO forms VALUES (?, ?, ?)",
                            ((lang, form, keys) for form, keys in sorted(forms.items())))
        forms.clear()

    def drop(self, slots: list[int]) -> int:
        """Delete the rows of the files of `slots`, noting the tokens they held (for the
        document counts); the longest term there was."""
        db = self.db
        longest = int(db.execute("SELECT value FROM meta WHERE key = 'longest_term'")
                      .fetchone()[0])
        for slot in slots:
            low, high = _slot_range(slot)
            # The full-text indexes keep no copy of what they were given: each is told
            # again what it held, as it deletes (norms from terms; keys made from the units).
            norms = "SELECT id, norm FROM terms WHERE id BETWEEN ? AND ?"
            db.executemany("INSERT INTO term_trigrams (term_trigrams, rowid, norm) "
                           "VALUES ('delete', ?, ?)", db.execute(norms, (low, high)))
            self.trigram_tokens |= _tokenize((norm for _, norm in db.execute(norms, (low, high))),
                                             "trigram")
            db.executemany("INSERT INTO segments (segments, rowid, keys) VALUES ('delete', ?, ?)",
                           self._old_segments(low, high))
            db.execute("INSERT INTO name_words (name_words, rowid, keys) SELECT 'delete', id, "
                       f"keys FROM ({_NAMES}) WHERE id BETWEEN ? AND ?", (low, high))
            for table in ("concepts", "terms", "units", "segment_rows"):
                db.execute(f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", (low, high))
            db.execute("DELETE FROM files WHERE slot = ?", (slot,))
        return longest

    def add_names(self, slots: list[int]) -> None:
        """Give `name_words` the names of the files of `slots` (re-indexed in place)."""
        for slot in slots:
            low, high = _slot_range(slot)
            self.db.execute(f"INSERT INTO name_words (rowid, keys) SELECT id, keys FROM "
                            f"({_NAMES}) WHERE id BETWEEN ? AND ?", (low, high))

    def _old_segments(self, low: int, high: int) -> Iterator[tuple[int, str]]:
        for segment, number, data in self.db.execute(
                "SELECT s.id, s.variant, u.data FROM segment_rows AS s JOIN units AS u "
                "ON u.id = s.unit WHERE s.id BETWEEN ? AND ?", (low, high)):
            variant = _unpacked("units", json.loads(data))["variants"][number]
            keys = self._segment_keys(variant["lang"], variant["text"])
            self.touched_keys.update(keys.split(" "))
            yield segment, keys

    def recount(self) -> None:
        """The document counts of every token the dropped and the new rows hold, read again
        from the full-text indexes (tokenized by SQLite itself, as they were indexed)."""
        db = self.db
        for slot in self.slots:
            low, high = _slot_range(slot)
            self.trigram_tokens |= _tokenize(
                (norm for (norm,) in db.execute("SELECT norm FROM terms WHERE id BETWEEN ? AND ?",
                                                (low, high))), "trigram")
        for counts, vocabulary, tokens in (
                ("term_trigram_docs", "term_trigram_counts", self.trigram_tokens),
                ("segment_key_docs", "segment_key_counts",
                 _tokenize(self.touched_keys, _KEY_TOKENIZER))):
            ordered = sorted(tokens)
            for start in range(0, len(ordered), SQL_CHUNK):
                chunk = ordered[start:start + SQL_CHUNK]
                marks = ",".join("?" * len(chunk))
                db.execute(f"DELETE FROM {counts} WHERE term IN ({marks})", chunk)
                db.execute(f"INSERT INTO {counts} SELECT term, doc FROM {vocabulary} "
                           f"WHERE term IN ({marks})", chunk)

    def finish(self, signature: str, old_longest: int | None = None) -> None:
        db = self.db
        longest = self.longest
        if old_longest is not None:
            longest = max(longest, old_longest)
            if old_longest > self.longest:  # the longest may have gone with its file
                longest = db.execute("SELECT coalesce(max(words), 0) FROM terms").fetchone()[0]
        skipped = [reason for (reason,) in db.execute(
            "SELECT skipped FROM files WHERE skipped != '' ORDER BY slot")]
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                       [("skipped", json.dumps(skipped)), ("longest_term", str(longest)),
                        ("signature", signature)])


def _tokenize(texts: Iterable[str], tokenizer: str) -> set[str]:
    """The distinct tokens SQLite's FTS5 `tokenizer` makes of `texts`."""
    scratch = sqlite3.connect(":memory:")
    try:
        scratch.executescript(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize=\"{tokenizer}\", "
                              "detail='none'); CREATE VIRTUAL TABLE v USING fts5vocab(t, row);")
        scratch.executemany("INSERT INTO t (x) VALUES (?)", ((t,) for t in texts))
        return {term for (term,) in scratch.execute("SELECT term FROM v")}
    finally:
        scratch.close()


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, check_circular=False)
