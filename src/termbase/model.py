"""The one data model every format reads into and writes from.

Plain dataclasses, no I/O. Glossary side: `Concept` → `LanguageSection` → `Term`, covering the
TBX-Basic data categories. Translation-memory side: `TranslationUnit` → `Variant` → segment
content (text and `Inline` codes, kept exactly so that a round trip loses nothing).

`line` fields record where an object started in its file, so that findings can point at it;
they never take part in equality.

Nothing read is dropped. What the model does not interpret is carried to the writers: the
attributes of an entry, language section or term it has no field for (`attrs`), child
elements it does not know (`foreign`, as XML text in file order), and an element that says
more than its fields hold (attributes, inline markup, other children) as it was read
(`Verbatim`), written back unchanged while its fields are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

PREFERRED = "preferred"
ADMITTED = "admitted"
DEPRECATED = "deprecated"
USAGE_STATUSES = (PREFERRED, ADMITTED, DEPRECATED)

TERM_TYPES = ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase")
# The term types that stand for a full form letter by letter (ОДКБ, CSTO): linked to it,
# looked up and checked as acronyms.
SHORT_FORMS = ("acronym", "abbreviation")


def usage_regions(term: "Term") -> list[str]:
    """The regions a term's geographicalUsage names («RU», «RU KZ», «ru-RU, ru-KZ»), as
    written: where it holds its status."""
    return [part for part in (term.geographical_usage or "").replace(",", " ").split()]


def status_in(term: "Term", region: str | None) -> str | None:
    """The term's status for a desk in `region` (a region subtag, «BY»): a term used only
    in other regions («Белоруссия», in Russia) is deprecated there; one with no
    geographicalUsage has its status everywhere. With no region, a regional term counts as
    deprecated: the strict reading, until a desk says where it is."""
    regions = usage_regions(term)
    if not regions or (region and region.upper() in {r.split("-")[-1].upper() for r in regions}):
        return term.status
    return DEPRECATED
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "properNoun", "other")
GRAMMATICAL_GENDERS = ("masculine", "feminine", "neuter", "other")
TRANSACTION_TYPES = ("creation", "modification")

# Canonical order of language sections: the project's three languages first.
LANGUAGE_ORDER = ("ru", "be", "en")


def _location():
    """A source line: kept for findings, ignored by equality and repr."""
    return field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Verbatim:
    """An element as read (`xml`) and the model's fields it was read into (`fields`): while
    those are unchanged, the writer writes `xml` and nothing the model lacks is lost."""

    xml: str
    fields: tuple


def _verbatim():
    return field(default=None, compare=False, repr=False)


@dataclass
class Sourced:
    """A text with the source it was taken from (a definition or a context sentence)."""

    text: str
    source: str | None = None
    verbatim: Verbatim | None = _verbatim()
    line: int | None = _location()


@dataclass
class CrossReference:
    """A pointer to another concept or term by its id (`ref type="crossReference"`)."""

    target: str
    text: str = ""
    verbatim: Verbatim | None = _verbatim()
    line: int | None = _location()


@dataclass
class ExternalReference:
    """A link out of the termbase (`xref`): an external cross-reference or a graphic."""

    url: str
    text: str = ""
    type: str = "externalCrossReference"
    verbatim: Verbatim | None = _verbatim()


@dataclass
class Transaction:
    """Who created or modified an entry, and when (`transacGrp`)."""

    type: str
    date: str | None = None
    responsibility: str | None = None
    note: str | None = None
    verbatim: Verbatim | None = _verbatim()

    @property
    def is_review(self) -> bool:
        """A second reviewer's check of the entry (`termbase edit --reviewed-by`): a
        modification whose note begins with REVIEWED, so that other modifications (an
        import's, a tool's) are not taken for one."""
        return (self.type == "modification" and self.note is not None
                and self.note.startswith(REVIEWED))


REVIEWED = "reviewed"


def last_review(concept: "Concept") -> Transaction | None:
    """The latest review of a concept (by date; an undated one counts as oldest)."""
    reviews = [t for t in concept.transactions if t.is_review]
    return max(reviews, key=lambda t: t.date or "", default=None)


def checked_on(concept: "Concept") -> str | None:
    """«2026-12-06 by NAME (what was checked)» of the concept's latest review, if any."""
    review = last_review(concept)
    if review is None:
        return None
    what = review.note[len(REVIEWED):].lstrip(":").strip()
    return " ".join(filter(None, (review.date or "an unknown date",
                                  review.responsibility and f"by {review.responsibility}",
                                  what and f"({what})")))


@dataclass
class DataCategory:
    """A data category the model has no field for, kept so that nothing read is lost.

    `element` is the TBX element it came in (`admin`, `descrip`, `termNote`, `xref`, ...);
    `type` its data-category name.
    """

    element: str
    type: str
    value: str
    target: str | None = None
    verbatim: Verbatim | None = _verbatim()
    line: int | None = _location()


@dataclass
class Term:
    text: str
    status: str | None = None
    type: str | None = None
    part_of_speech: str | None = None
    gender: str | None = None
    geographical_usage: str | None = None
    id: str | None = None
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contexts: list[Sourced] = field(default_factory=list)
    cross_references: list[CrossReference] = field(default_factory=list)
    external_references: list[ExternalReference] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    extras: list[DataCategory] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # of termSec / tig, besides id
    term_attrs: dict[str, str] = field(default_factory=dict)  # of the <term> element
    term_markup: Verbatim | None = _verbatim()  # <term> holding inline markup (hi, …)
    foreign: list[str] = field(default_factory=list)
    line: int | None = _location()


@dataclass
class LanguageSection:
    lang: str
    terms: list[Term] = field(default_factory=list)
    definitions: list[Sourced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    extras: list[DataCategory] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # besides xml:lang
    foreign: list[str] = field(default_factory=list)
    line: int | None = _location()


@dataclass
class Concept:
    id: str
    subject_fields: list[str] = field(default_factory=list)
    definitions: list[Sourced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cross_references: list[CrossReference] = field(default_factory=list)
    external_references: list[ExternalReference] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    extras: list[DataCategory] = field(default_factory=list)
    languages: list[LanguageSection] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # besides id
    foreign: list[str] = field(default_factory=list)
    line: int | None = _location()

    def language(self, lang: str) -> LanguageSection | None:
        """The section for `lang`, compared case-insensitively as BCP 47 requires."""
        wanted = lang.casefold()
        return next((s for s in self.languages if s.lang.casefold() == wanted), None)

    def terms(self) -> Iterator[tuple[str, Term]]:
        for section in self.languages:
            for term in section.terms:
                yield section.lang, term


@dataclass
class GlossaryHeader:
    """What a TBX file says about itself (`tbxHeader` / `martifHeader`)."""

    title: str | None = None
    source_desc: list[str] = field(default_factory=list)
    lang: str = "en"
    # Header parts besides the title and the sourceDesc paragraphs (publicationStmt,
    # encodingDesc, revisionDesc, …), and the back matter (refObjectSec: people, sources),
    # kept as XML text.
    foreign: list[str] = field(default_factory=list)
    back: list[str] = field(default_factory=list)


# --- translation memory -------------------------------------------------------------------

INLINE_TAGS = ("bpt", "ept", "it", "ph", "hi", "sub", "ut")


@dataclass
class Inline:
    """An inline element of a TMX segment, with its attributes in file order."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    content: list[Union[str, "Inline"]] = field(default_factory=list)


SegmentContent = list[Union[str, Inline]]


def plain_text(content: SegmentContent) -> str:
    """The translatable text of a segment: codes (`bpt`, `ept`, `it`, `ph`, `ut`) left out."""
    parts: list[str] = []
    for part in content:
        if isinstance(part, str):
            parts.append(part)
        elif part.tag == "hi":
            parts.append(plain_text(part.content))
    return "".join(parts)


@dataclass
class Prop:
    type: str
    value: str
    lang: str | None = None
    encoding: str | None = None


@dataclass
class Note:
    text: str
    lang: str | None = None
    encoding: str | None = None


@dataclass
class Variant:
    """One language of a unit (`tuv`)."""

    lang: str
    content: SegmentContent = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    props: list[Prop] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # a second <seg>, unknown elements
    line: int | None = _location()

    @property
    def text(self) -> str:
        return plain_text(self.content)


@dataclass
class TranslationUnit:
    id: str | None = None
    variants: list[Variant] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    props: list[Prop] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    line: int | None = _location()

    def variant(self, lang: str) -> Variant | None:
        wanted = lang.casefold()
        return next((v for v in self.variants if v.lang.casefold() == wanted), None)


@dataclass
class Ude:
    """A user-defined encoding (`<ude>`) of a TMX header, its `<map>`s as attribute dicts."""

    attrs: dict[str, str] = field(default_factory=dict)
    maps: list[dict[str, str]] = field(default_factory=list)


@dataclass
class TmxHeader:
    """`<header>`: its attributes in file order, and its props and notes."""

    attrs: dict[str, str] = field(default_factory=dict)
    props: list[Prop] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    udes: list[Ude] = field(default_factory=list)
    version: str = "1.4"
    foreign: list[str] = field(default_factory=list)
