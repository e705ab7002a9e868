"""Proposed terms: a concept someone without git asked for, waiting for a contributor.

`termbase serve` stores each valid proposal as a one-concept TBX file in the project's
`proposals/` folder, never in `glossary/`: a proposal is checked like `termbase add` (the
same duplicate lookup, the same validation rules, run as a dry run of the same transaction),
and `termbase review` shows it as a diff against the glossary, accepts it (the usual atomic,
validated write) or rejects it. The file name is the concept id, so a proposal id can name
no file outside the folder.
"""

from __future__ import annotations

import difflib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .edit import STATUSES, Glossary, NewConcept, file_for_subject, locked
from .errors import TermbaseError
from .formats import tbx
from .inputs import excerpt
from .lang import tags
from .model import Concept
from .validate import Finding

FOLDER = "proposals"
# What a concept id made by `edit.new_id` looks like; nothing else names a proposal.
PROPOSAL_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
TERM_TYPES = ("fullForm", "acronym", "abbreviation", "variant")
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "properNoun", "other")
MAX_FIELD = 2000  # characters of one field of a proposal
MAX_TERMS = 50


@dataclass
class Proposal:
    id: str
    path: Path
    concept: Concept


class NotValid(TermbaseError):
    """A proposal refused: its findings (as `termbase add` prints them) and the concepts that
    already have one of its terms."""

    def __init__(self, message: str, findings: list[Finding] = (),
                 duplicates: list[str] = ()):
        super().__init__(message)
        self.findings = list(findings)
        self.duplicates = list(duplicates)


@dataclass
class Request:
    """What a proposal form or the API hands in, before it becomes a `NewConcept`."""

    terms: list[tuple[str, str, str, str]] = field(default_factory=list)  # lang, text, type, status
    subject: str | None = None
    new_subject: bool = False
    definition: str | None = None
    note: str | None = None
    source: str | None = None
    part_of_speech: str | None = None

    def new_concept(self) -> NewConcept:
        """The concept `termbase add` would build, each field checked first."""
        if not self.terms:
            raise NotValid("no term given")
        if len(self.terms) > MAX_TERMS:
            raise NotValid(f"over {MAX_TERMS} terms")
        for value in (self.subject, self.definition, self.note, self.source):
            if value is not None and len(value) > MAX_FIELD:
                raise NotValid(f"a field over {MAX_FIELD} characters: «{excerpt(value)}»")
        for lang, text, term_type, status in self.terms:
            if not tags.is_well_formed(lang.strip()):
                raise NotValid(f"«{excerpt(lang)}» is no language tag")
            if not text.strip() or len(text) > MAX_FIELD:
                raise NotValid(f"an empty or over-long {excerpt(lang)} term")
            if term_type not in TERM_TYPES or status not in STATUSES:
                raise NotValid(f"term type must be one of {', '.join(TERM_TYPES)} and status "
                               f"one of {', '.join(STATUSES)}")
        if self.part_of_speech not in (None, *PARTS_OF_SPEECH):
            raise NotValid(f"part of speech must be one of {', '.join(PARTS_OF_SPEECH)}")
        new = NewConcept(subject=self.subject, definition=self.definition, note=self.note,
                         source=self.source, part_of_speech=self.part_of_speech)
        new.terms = [(lang.strip(), " ".join(text.split()), kind, status)
                     for lang, text, kind, status in self.terms]
        return new


def folder_of(glossary: Glossary) -> Path:
    """The proposals folder beside a glossary folder."""
    return glossary.folder.parent / FOLDER


def propose(glossary: Glossary, request: Request) -> tuple[Proposal, list[Finding]]:
    """Check a proposal as `termbase add` checks a new concept and store it; the warnings the
    glossary would get with it. `NotValid` when it would be refused."""
    new = request.new_concept()
    if request.subject and not request.new_subject and glossary.files():
        known = glossary.subject_fields()
        if request.subject.casefold() not in {k.casefold() for k in known}:
            raise NotValid(f"the glossary has no subject field «{excerpt(request.subject)}» "
                           f"(it has: {', '.join(sorted(known))})")
    duplicates = glossary.duplicates(new.terms)
    if duplicates:
        raise NotValid("these terms are in the glossary already", duplicates=duplicates)
    folder = folder_of(glossary)
    with locked(folder):
        taken = glossary.taken_ids() | {p.id for p in list_proposals(glossary)}
        concept = new.concept(taken)
        findings = _validated(glossary, concept)
        path = folder / f"{concept.id}.tbx"
        tbx.write([concept], path)
    return Proposal(concept.id, path, concept), findings


def _validated(glossary: Glossary, concept: Concept) -> list[Finding]:
    """The warnings `concept` brings the glossary; `NotValid` with the errors it would."""
    from .edit import Refused

    try:
        with glossary.transaction(dry_run=True) as change:
            change.concepts(target_file(glossary, concept)).append(concept)
    except Refused as refused:
        raise NotValid(refused.message, findings=refused.findings) from None
    return change.findings


def target_file(glossary: Glossary, concept: Concept) -> Path:
    """The glossary file a proposed concept goes to: its subject field's, as with `add`."""
    return file_for_subject(glossary.folder, next(iter(concept.subject_fields), None))


def list_proposals(glossary: Glossary) -> list[Proposal]:
    folder = folder_of(glossary)
    if not folder.is_dir():
        return []
    return [_read(path) for path in sorted(folder.glob("*.tbx"))
            if PROPOSAL_ID.fullmatch(path.stem)]


def find(glossary: Glossary, proposal_id: str) -> Proposal:
    """The proposal of this id; an id that is no concept id names no file at all."""
    if not PROPOSAL_ID.fullmatch(proposal_id):
        raise TermbaseError(f"no proposal «{excerpt(proposal_id)}»")
    path = folder_of(glossary) / f"{proposal_id}.tbx"
    if not path.is_file():
        raise TermbaseError(f"no proposal «{proposal_id}»", folder_of(glossary))
    return _read(path)


def _read(path: Path) -> Proposal:
    _, concepts = tbx.read_all(path)
    if len(concepts) != 1:
        raise TermbaseError(f"a proposal holds one concept, not {len(concepts)}", path)
    return Proposal(path.stem, path, concepts[0])


def diff(glossary: Glossary, proposal: Proposal) -> str:
    """The change accepting `proposal` makes, as `git diff` would show it."""
    path = target_file(glossary, proposal.concept)
    header, concepts = tbx.read_all(path) if path.exists() else (None, [])
    old = path.read_text("utf-8") if path.exists() else ""
    written = io.BytesIO()
    tbx.write([*concepts, proposal.concept], written, header)
    name = os.path.relpath(path, glossary.folder.parent)
    return "".join(difflib.unified_diff(old.splitlines(True),
                                        written.getvalue().decode("utf-8").splitlines(True),
                                        f"a/{name}", f"b/{name}"))


def accept(glossary: Glossary, proposal_id: str) -> tuple[Path, list[Finding]]:
    """Write the proposed concept into the glossary (validated, atomic) and remove the
    proposal; the file written and the warnings. `Refused` leaves both as they were."""
    proposal = find(glossary, proposal_id)
    with glossary.transaction() as change:
        if proposal.concept.id in glossary.taken_ids():
            raise TermbaseError(f"concept id «{proposal.concept.id}» is taken in the glossary "
                                "now; reject the proposal and propose it again",
                                proposal.path)
        path = target_file(glossary, proposal.concept)
        change.concepts(path).append(proposal.concept)
    proposal.path.unlink()
    return path, change.findings


def reject(glossary: Glossary, proposal_id: str) -> Proposal:
    proposal = find(glossary, proposal_id)
    proposal.path.unlink()
    return proposal
