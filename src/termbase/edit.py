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
    REVIEWED, SHORT_FORMS, Concept, CrossReference, GlossaryHeader, LanguageSection, Sourced,
    Term,
)
from .model import Transaction as ModelTransaction
from .validate import Finding, Validation

LOCK_NAME = ".termbase.lock"
REMOVED_IDS = "REMOVED-IDS"  # ids of removed concepts, one a line: never given out again
HOMONYM_CODES = ("U101",)  # what --force lets through: a term preferred in two concepts
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


def mark_reviewed(concept: Concept, reviewer: str, what: str | None = None,
                  date: str | None = None) -> Transaction:
    """Record a second review of the concept in its transaction history (TBX-Basic's
    transacGrp: a modification with the reviewer, the date and a note «reviewed: …»), which
    the HTML export shows as «checked on …». `date` is today (UTC) unless given."""
    import datetime

    if not reviewer.strip():
        raise TermbaseError("a review needs the reviewer's name")
    note = f"{REVIEWED}: {what}" if what else REVIEWED
    review = ModelTransaction("modification", date or datetime.datetime.now(
        datetime.timezone.utc).date().isoformat(), reviewer.strip(), note)
    concept.transactions.append(review)
    return review


STATUSES = ("preferred", "admitted", "deprecated")


def split_status(text: str, default: str) -> tuple[str, str]:
    """«Белоруссия:deprecated» → ('Белоруссия', 'deprecated'). A word after the last colon
    that is no status is refused, not stored as part of the term («cyberdefence:forbidden»);
    a term with a colon of its own ends with its status («Article 5: defence:admitted»)."""
    head, sep, status = text.rpartition(":")
    if sep and status in STATUSES:
        return head, status
    if sep and status.isascii() and status.isalpha():
        raise TermbaseError(f"unknown status «{status}» in «{text}»: use preferred, "
                            "admitted or deprecated (a term with a colon of its own ends "
                            "with its status, «…:admitted»)")
    return text, default


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

    def subject_fields(self) -> set[str]:
        """The subject fields the glossary has: its concepts' and its files' (one a subject)."""
        return {subject for _, concept in self.concepts()
                for subject in concept.subject_fields} | {
            path.stem.replace("-", " ") for path in self.files()}

    def duplicates(self, terms) -> list[str]:
        """Lines naming the concepts that already have one of the new `terms` (lang, text, …),
        exact or inflected, or a term much like it: what `add` and a proposal show first."""
        if not self.files():
            return []
        from .index import Index
        from .lookup import ABBREVIATION, EXACT, INFLECTED, lookup

        index = Index.open([self.folder], kind="tbx")
        lines = []
        for lang, text, _, _ in terms:
            for match in lookup(index, text, [lang], fuzzy=True, min_score=90):
                whole = match.how in (EXACT, INFLECTED, ABBREVIATION) and match.score >= 90
                kind = "already in" if whole else "similar to"
                if whole or match.how == "fuzzy":
                    lines.append(f"{lang} «{text}» is {kind} «{match.concept['id']}» "
                                 f"({match.how} {match.score:g}: {match.lang} «{match.term}»)")
        return lines

    def removed_ids(self) -> set[str]:
        removed = self.folder / REMOVED_IDS
        if not removed.exists():
            return set()
        return {line.strip() for line in removed.read_text("utf-8").splitlines() if line.strip()}

    @contextlib.contextmanager
    def transaction(self, homonyms: bool = False, allowed: Iterable[str] = (),
                    dry_run: bool = False) -> Iterator["Transaction"]:
        """Change concepts of any files under the lock. When the block ends without an error,
        every changed file is checked (with the rest of the glossary) and, if the change
        brings no error (codes in `allowed` aside), all are written, each atomically. With
        `homonyms`, a changed concept that shares a preferred term with another (U101) is
        taken for a real homonym and says so in a waiver note (`Transaction.homonyms`). The
        warnings the change brings are left in `Transaction.findings`. `dry_run` does all of
        it, the check and its refusal too, but writes nothing."""
        with locked(self.folder) if self.folder.is_dir() or not dry_run else _no_lock():
            if not dry_run:
                _remove_leftovers(self.folder)
            change = Transaction(self)
            yield change
            changed = change.changed()
            before = self.check(change.original(), changed)
            brought = _new_findings(before, self.check(changed))
            if homonyms and _waive_homonyms(change, brought):
                brought = _new_findings(before, self.check(changed))
            problems = [f for f in brought if f.severity == rules.ERROR
                        and f.code not in set(allowed)]
            if problems:
                raise Refused(problems, {str(path): _lines(header, concepts)
                                         for path, (header, concepts) in changed.items()})
            change.findings = brought
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
            real = {str(Path(folder) / path.name): str(path) for path in changed}
            for path, (header, concepts) in changed.items():
                temporary = Path(folder) / path.name
                try:
                    tbx.write(concepts, temporary, header)
                except TermbaseError as error:  # a full disk, a file size limit
                    raise TermbaseError(f"cannot write the change to check it: the temporary "
                                        f"folder refused it ({error.message})", path) from None
                findings += run.file(temporary)
        for finding in findings:  # named by the files they are about, not the temporary ones
            finding.path = real.get(finding.path, finding.path)
            for temporary, path in real.items():
                finding.message = finding.message.replace(temporary, path)
        return findings


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a writer that was killed (SIGKILL leaves them): only lock holders
    write them, and we hold the lock, so none of them is in use."""
    for leftover in folder.glob(".*.tbx.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


_LINE_NUMBERS = re.compile(r":\d+|line \d+")


def _new_findings(before: list[Finding], after: list[Finding]) -> list[Finding]:
    """Findings the change brings: those after it that were not there before (a file's older
    problems are not the contributor's to fix). Line numbers do not count in the comparison."""
    def key(finding: Finding) -> tuple[str, str]:
        return finding.code, _LINE_NUMBERS.sub("", finding.message)

    old = Counter(key(f) for f in before)
    new = []
    for finding in after:
        if old[key(finding)]:
            old[key(finding)] -= 1
        else:
            new.append(finding)
    return new


def _waive_homonyms(change: "Transaction", findings: list[Finding]) -> bool:
    """When U101 finds a preferred term in two concepts, give each concept the change made
    or changed that shares one with another concept the waiver note
    (`rules.waived_codes`); whether any was given."""
    if not any(f.code in HOMONYM_CODES for f in findings):
        return False
    original = {c.id: c for _, concepts in change.original().values() for c in concepts}
    changed = [c for _, concepts in change.changed().values() for c in concepts
               if original.get(c.id) != c]
    ids = {c.id for c in changed}
    elsewhere = {key for path in change.glossary.files() for c in change.peek(path)
                 if c.id not in ids for key in _preferred_keys(c)}
    for concept in changed:
        if _preferred_keys(concept) & elsewhere:
            concept.notes.append(f"{rules.WAIVER}: {', '.join(HOMONYM_CODES)} (a homonym: a "
                                 "preferred term of another concept too; added with --force)")
            change.homonyms.append(concept.id)
    return bool(change.homonyms)


def _preferred(concept: Concept) -> Iterator[tuple[str, Term]]:
    return ((lang, term) for lang, term in concept.terms()
            if term.status == "preferred" and term.type not in SHORT_FORMS)


def _preferred_keys(concept: Concept) -> set[str]:
    """What U101 compares the concept's preferred full forms by."""
    from .rules.consistency import preferred_term_key

    return {preferred_term_key(lang, term.text) for lang, term in _preferred(concept)}


def _lines(header: GlossaryHeader, concepts: list[Concept]) -> list[str]:
    """The file as it would be written, by line: what a refusal's line numbers point into."""
    import io

    text = io.BytesIO()
    tbx.write(concepts, text, header)
    return text.getvalue().decode("utf-8").splitlines()


class Transaction:
    """The files a change touches, read once under the lock."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self._files: dict[Path, tuple[GlossaryHeader, list[Concept]]] = {}
        self._touched: set[Path] = set()
        self.removed: list[str] = []
        self.findings: list[Finding] = []  # what the change brings that did not refuse it
        self.homonyms: list[str] = []  # concepts given the homonym waiver (--force)

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

    def peek(self, path: Path) -> Iterable[Concept]:
        """The concepts of `path` as the change has them, without touching the file."""
        return self._files[path][1] if path in self._files else tbx.read(path)

    def find(self, concept_id: str, touch: bool = True) -> tuple[Path, Concept]:
        """The concept to change in place, and its file (the only file it touches; with
        `touch=False`, none: touch it with `concepts` once it is changed)."""
        for path in self.glossary.files():
            if any(concept.id == concept_id for concept in self.peek(path)):
                return path, next(c for c in self.concepts(path, touch) if c.id == concept_id)
        raise TermbaseError(f"no concept with id «{concept_id}» in {self.glossary.folder}")

    def original(self) -> dict[Path, tuple[GlossaryHeader, list[Concept]]]:
        """The touched files as they are on disk, read again (the in-memory copies change)."""
        return {path: (tbx.read(path).header, list(tbx.read(path)))
                for path in sorted(self._touched) if path.exists()}

    def changed(self) -> dict[Path, tuple[GlossaryHeader, list[Concept]]]:
        return {path: self._files[path] for path in sorted(self._touched)
                if path.exists() or self._files[path][1]}


class Refused(TermbaseError):
    """The change would leave errors in the glossary; nothing was written. The findings'
    line numbers point into the files as they would have been written (`proposed`)."""

    def __init__(self, findings: list[Finding], proposed: dict[str, list[str]]):
        homonyms_only = all(f.code in HOMONYM_CODES for f in findings)
        super().__init__("refused: the change would leave errors in the glossary (nothing "
                         "written; line numbers are those of the file as it would be written)"
                         + ("; --force if it really is another concept with the same term"
                            if homonyms_only else ""))
        self.findings = findings
        self.proposed = proposed

    def line_of(self, finding: Finding) -> str | None:
        """The proposed line a finding points to."""
        lines = self.proposed.get(finding.path or "", [])
        return lines[finding.line - 1] if finding.line and finding.line <= len(lines) else None
