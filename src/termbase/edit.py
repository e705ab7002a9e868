"""Adding, editing, removing and importing concepts without ever corrupting the glossary.

Every change to a glossary file goes the same way: take the folder's lock, read the file,
change the model, check the result with the validation rules, write it canonically to a
temporary file and rename it over the old one. Two contributors adding at once queue on the
lock; a crash or Ctrl-C leaves the old file or the new one, never half of one; canonical
order makes one added concept one contiguous hunk in `git diff`.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import rules
from .errors import TermbaseError
from .formats import tbx
from .lang import tags
from .lang.text import normalise
from .model import (
    SHORT_FORMS, Concept, CrossReference, GlossaryHeader, LanguageSection, Sourced, Term,
)
from .validate import Finding, Validation

LOCK_NAME = ".termbase.lock"
REMOVED_IDS = "REMOVED-IDS"  # ids of removed concepts, one a line: never given out again
# Romanisation for ids made from Cyrillic terms (BGN/PCGN-like, ASCII only).
_LATIN = dict(zip("абвгдеёжзийклмнопрстуўфхцчшщъыьэюяі",
                  ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
                   "p", "r", "s", "t", "u", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "",
                   "e", "yu", "ya", "i"]))


# --- locking ------------------------------------------------------------------------------

@contextlib.contextmanager
def locked(folder: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold the glossary folder's advisory lock, waiting for other termbase processes.

    On POSIX the folder itself is locked (flock), so no lock file appears in the repository;
    on Windows a `.termbase.lock` file beside the glossary files is. Gives up with an error
    after `timeout` seconds.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows
        fcntl = None
    path = folder if fcntl else folder / LOCK_NAME
    fd = os.open(path, os.O_RDONLY) if fcntl else os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd, fcntl):
            if time.monotonic() > deadline:
                raise TermbaseError("the glossary is locked by another process", folder)
            time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def _no_lock() -> Iterator[None]:
    """A dry run on a folder that does not exist yet: nothing to lock, nor to create."""
    yield


def _try_lock(fd: int, fcntl) -> bool:
    try:
        if fcntl:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            import msvcrt
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False


# --- building concepts ----------------------------------------------------------------------

@dataclass
class NewConcept:
    """What `termbase add` was given, before it becomes a `Concept`."""

    terms: list[tuple[str, str, str, str]] = field(default_factory=list)  # lang, text, type, status
    subject: str | None = None
    definition: str | None = None
    note: str | None = None
    source: str | None = None
    part_of_speech: str | None = None
    id: str | None = None

    def concept(self, taken: set[str]) -> Concept:
        """The concept, with the id asked for or a new one; `taken` holds the ids in use and
        those of removed concepts, which are never given out again."""
        if self.id in taken:
            raise TermbaseError(f"concept id «{self.id}» is taken: in use, or listed in "
                                f"{REMOVED_IDS} (ids are never given out again)")
        concept = Concept(self.id or new_id(self._naming_term(), taken))
        if self.subject:
            concept.subject_fields.append(self.subject)
        if self.definition:
            concept.definitions.append(Sourced(self.definition, self.source))
        if self.note:
            concept.notes.append(self.note)
        for lang, text, term_type, status in self.terms:
            add_term(concept, lang, text, term_type, status, self.part_of_speech,
                     [self.source] if self.source else [])
        return concept

    def _naming_term(self) -> str:
        full = [(lang, text) for lang, text, term_type, _ in self.terms
                if term_type not in SHORT_FORMS]
        for wanted in ("en", "ru", "be"):
            for lang, text in full:
                if tags.primary(lang) == wanted:
                    return text
        if full:
            return full[0][1]
        if self.terms:
            return self.terms[0][1]
        raise TermbaseError("no term given")


def add_term(concept: Concept, lang: str, text: str, term_type: str = "fullForm",
             status: str = "preferred", part_of_speech: str | None = None,
             sources: list[str] | None = None) -> Term:
    """Add a term to the concept's section of `lang`; an acronym or abbreviation gets a
    cross-reference to the language's full form. Without a part of speech, the term takes
    the one the concept's terms have (a variant of a proper name is a proper name)."""
    lang = tags.normalise(lang)
    if part_of_speech is None:
        part_of_speech = next((t.part_of_speech for _, t in concept.terms()
                               if t.part_of_speech), None)
    section = concept.language(lang)
    if section is None:
        section = LanguageSection(lang)
        concept.languages.append(section)
    suffix = {"acronym": "acronym", "abbreviation": "abbr"}.get(term_type, "full" if
                                                               term_type == "fullForm" else
                                                               term_type.lower())
    term_id = _unique(f"{concept.id}-{tags.primary(lang)}-{suffix}",
                      {t.id for _, t in concept.terms() if t.id})
    term = Term(text, status=status, type=term_type, part_of_speech=part_of_speech,
                id=term_id, sources=list(sources or []))
    if term_type in SHORT_FORMS:
        full = next((t for t in section.terms if t.type not in SHORT_FORMS), None)
        if full is not None:
            if not full.id:
                full.id = _unique(f"{concept.id}-{tags.primary(lang)}-full",
                                  {t.id for _, t in concept.terms() if t.id} | {term_id})
            term.cross_references.append(CrossReference(full.id, full.text))
    section.terms.append(term)
    return term


def new_id(term: str, taken: set[str]) -> str:
    """A readable, stable slug for a new concept: «Collective Security Treaty» →
    collective-security-treaty; Cyrillic is romanised; never one already taken."""
    ascii_text = "".join(_LATIN.get(c, c) if c.lower() in _LATIN else c
                         for c in term.lower())
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or "concept"
    if slug[0].isdigit():  # an id must be an XML name (IATE's ids are numbers)
        slug = f"concept-{slug}"
    return _unique(slug, taken)


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def has_term(concept: Concept, lang: str, text: str) -> bool:
    """Whether the concept has this term in this language already, as written (Unicode form
    and apostrophes aside; «Совет министров» beside «Совет Министров» is a variant)."""
    wanted = normalise(text)
    return any(normalise(term.text) == wanted for section_lang, term in concept.terms()
               if tags.primary(section_lang) == tags.primary(lang))


def file_for_subject(folder: Path, subject: str | None) -> Path:
    """The glossary file of a subject field: «security and defence» → security-and-defence.tbx."""
    name = re.sub(r"[^a-z0-9]+", "-", (subject or "general").casefold()).strip("-")
    return folder / f"{name or 'general'}.tbx"


# --- the glossary as a whole ----------------------------------------------------------------

class Glossary:
    """A glossary folder: its TBX files, the ids in use, and safe changes to them."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.tbx") if not p.name.startswith("."))

    def concepts(self) -> Iterator[tuple[Path, Concept]]:
        for path in self.files():
            for concept in tbx.read(path):
                yield path, concept

    def find(self, concept_id: str) -> tuple[Path, Concept]:
        for path, concept in self.concepts():
            if concept.id == concept_id:
                return path, concept
        raise TermbaseError(f"no concept with id «{concept_id}» in {self.folder}")

    def taken_ids(self) -> set[str]:
        return {concept.id for _, concept in self.concepts()} | self.removed_ids()

    def removed_ids(self) -> set[str]:
        removed = self.folder / REMOVED_IDS
        if not removed.exists():
            return set()
        return {line.strip() for line in removed.read_text("utf-8").splitlines() if line.strip()}

    @contextlib.contextmanager
    def transaction(self, force: bool = False, allowed: Iterable[str] = (),
                    dry_run: bool = False) -> Iterator["Transaction"]:
        """Change concepts of any files under the lock. When the block ends without an error,
        every changed file is checked (with the rest of the glossary) and, if no rule finds an
        error (codes in `allowed` aside) or `force`, all are written, each atomically.
        `dry_run` does all of it, the check and its refusal too, but writes nothing."""
        with locked(self.folder) if self.folder.is_dir() or not dry_run else _no_lock():
            if not dry_run:
                _remove_leftovers(self.folder)
            change = Transaction(self)
            yield change
            changed = change.changed()
            before = self.check(change.original(), changed) if not force else []
            after = self.check(changed) if not force else []
            problems = _new_errors(before, after, set(allowed))
            if problems and not force:
                raise Refused(problems)
            if dry_run:
                return
            # first: a crash after it leaves an id unused, not free; a write that fails (a
            # full disk) takes it back, since the concept is still there
            size = self._retire(change.removed)
            try:
                for path, (header, concepts) in changed.items():
                    tbx.write(concepts, path, header)
            except TermbaseError:
                self._unretire(size)
                raise

    def _retire(self, ids: list[str]) -> int | None:
        """Add `ids` to REMOVED-IDS, on disk before the concepts leave their files; the
        file's size before (None: there was none), for `_unretire`."""
        path = self.folder / REMOVED_IDS
        size = path.stat().st_size if path.exists() else None
        new = [concept_id for concept_id in ids if concept_id not in self.removed_ids()]
        if new:
            try:
                with open(path, "a", encoding="utf-8") as stream:
                    stream.writelines(f"{concept_id}\n" for concept_id in new)
                    stream.flush()
                    os.fsync(stream.fileno())
            except OSError as error:
                self._unretire(size)
                raise TermbaseError(f"cannot write: {error.strerror}", path) from None
        return size

    def _unretire(self, size: int | None) -> None:
        path = self.folder / REMOVED_IDS
        if size is None:
            path.unlink(missing_ok=True)
        else:
            os.truncate(path, size)

    def check(self, changed: dict[Path, tuple[GlossaryHeader, list[Concept]]],
              beside: Iterable[Path] = ()) -> list[Finding]:
        """What the rules report for the changed files' content, read together with the
        unchanged files of the glossary (for duplicates across files)."""
        from .config import load

        run = Validation(rules.select(ignore=["X", "S"]), load(self.folder))
        for other in self.files():
            if other not in changed and other not in beside:
                run.file(other)  # for the run-wide state; their findings are not ours
        findings: list[Finding] = []
        with tempfile.TemporaryDirectory(prefix="termbase-check-") as folder:
            for path, (header, concepts) in changed.items():
                temporary = Path(folder) / path.name
                tbx.write(concepts, temporary, header)
                for finding in run.file(temporary):
                    finding.path = str(path)
                    findings.append(finding)
        return findings


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a writer that was killed (SIGKILL leaves them): only lock holders
    write them, and we hold the lock, so none of them is in use."""
    for leftover in folder.glob(".*.tbx.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


_LINE_NUMBERS = re.compile(r":\d+|line \d+")


def _new_errors(before: list[Finding], after: list[Finding], allowed: set[str]) -> list[Finding]:
    """Errors the change brings: those after it that were not there before (a file's older
    problems are not the contributor's to fix). Line numbers do not count in the comparison."""
    def key(finding: Finding) -> tuple[str, str]:
        return finding.code, _LINE_NUMBERS.sub("", finding.message)

    old = Counter(key(f) for f in before if f.severity == rules.ERROR)
    new = []
    for finding in after:
        if finding.severity != rules.ERROR or finding.code in allowed:
            continue
        if old[key(finding)]:
            old[key(finding)] -= 1
        else:
            new.append(finding)
    return new


class Transaction:
    """The files a change touches, read once under the lock."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self._files: dict[Path, tuple[GlossaryHeader, list[Concept]]] = {}
        self._touched: set[Path] = set()
        self.removed: list[str] = []

    def concepts(self, path: Path, touch: bool = True) -> list[Concept]:
        """The concepts of `path` (empty for a new file), to change in place. Only a file
        touched is checked and written: `touch=False` reads it, for a look."""
        if path not in self._files:
            header = GlossaryHeader(title=f"termbase glossary: {path.stem.replace('-', ' ')}")
            concepts: list[Concept] = []
            if path.exists():
                reader = tbx.read(path)
                concepts = list(reader)
                header = reader.header
            self._files[path] = (header, concepts)
        if touch:
            self._touched.add(path)
        return self._files[path][1]

    def find(self, concept_id: str, touch: bool = True) -> tuple[Path, Concept]:
        """The concept and its file, which is touched (`concepts`); the others are not."""
        for path in self.glossary.files():
            for concept in self.concepts(path, touch=False):
                if concept.id == concept_id:
                    self.concepts(path, touch)
                    return path, concept
        raise TermbaseError(f"no concept with id «{concept_id}» in {self.glossary.folder}")

    def original(self) -> dict[Path, tuple[GlossaryHeader, list[Concept]]]:
        """The touched files as they are on disk, read again (the in-memory copies change)."""
        return {path: (tbx.read(path).header, list(tbx.read(path)))
                for path in sorted(self._touched) if path.exists()}

    def changed(self) -> dict[Path, tuple[GlossaryHeader, list[Concept]]]:
        return {path: self._files[path] for path in sorted(self._touched)
                if path.exists() or self._files[path][1]}


class Refused(TermbaseError):
    """The change would leave errors in the glossary; nothing was written."""

    def __init__(self, findings: list[Finding]):
        super().__init__("refused: the change would leave errors in the glossary "
                         "(nothing written; --force to write anyway)")
        self.findings = findings
