"""TBX: read v3 (ISO 30042:2019, DCA and DCT) and v2 (`martif`, `tig` and `ntig`); write both.

The reader is liberal and streams: one concept is held in memory at a time. It accepts
TBX-Basic v1 `administrativeStatus` values as well as V4 `usageStatus`, language tags in any
case, any encoding lxml detects (BOM, UTF-16). Nothing read is dropped: data categories the
model has no field for go to `extras`, unknown attributes to `attrs`, unknown elements to
`foreign`, an element that says more than its fields to `verbatim` (see `model`), the header's
other parts and the back matter to the header; the writers put each back.

The writers are strict and canonical: concepts sorted by id, languages ru, be, en then the
rest, a fixed element order, 2-space indent, UTF-8, LF. The same data always gives the same
bytes, and adding a concept changes one contiguous run of lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from lxml import etree

from .. import __version__
from ..errors import InputError, TermbaseError
from ..fileio import Destination, check_xml_text, element, escape_attr, start_tag, write_text_chunks
from ..lang import tags
from ..model import (
    GRAMMATICAL_GENDERS, LANGUAGE_ORDER, PARTS_OF_SPEECH, TERM_TYPES, TRANSACTION_TYPES,
    USAGE_STATUSES, Concept, CrossReference, DataCategory, ExternalReference, GlossaryHeader,
    LanguageSection, Sourced, Term, Transaction, Verbatim,
)
from ..diagnostics import Report
from ..xmlsafe import Source, local_name, namespace, release, text_of
from .streaming import NAME, Grammar, StreamingReader, quiet, spec

TBX3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NAMESPACE}}}lang"

# TBX-Basic v1 / TBX 2 administrativeStatus values and their TBX-Basic V4 usageStatus.
ADMINISTRATIVE_STATUS = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated",
    "supersededTerm-admn-sts": "deprecated",
    "preferredTerm": "preferred",
    "admittedTerm": "admitted",
    "deprecatedTerm": "deprecated",
    "supersededTerm": "deprecated",
}
STATUS_TO_ADMINISTRATIVE = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}

# Which TBX element carries each known data category (needed to write DCT input as DCA).
ELEMENT_OF = {
    "subjectField": "descrip", "definition": "descrip", "context": "descrip",
    "source": "admin", "customerSubset": "admin", "projectSubset": "admin",
    "usageStatus": "termNote", "administrativeStatus": "termNote",
    "normativeAuthorization": "termNote", "termType": "termNote", "partOfSpeech": "termNote",
    "grammaticalGender": "termNote", "geographicalUsage": "termNote",
    "termLocation": "termNote",
    "crossReference": "ref", "externalCrossReference": "xref", "xGraphic": "xref",
}
# Data categories TBX-Basic defines but the model keeps in `extras`, with their level.
EXTRA_CATEGORIES = {
    "customerSubset": ("concept", "term"), "projectSubset": ("concept", "term"),
    "termLocation": ("term",), "xGraphic": ("concept",),
}
# Picklists (D102) follow the file's dialect. TBX v3 TBX-Basic: TBX-Basic V4 (with the V1
# administrativeStatus termbase reads as well). TBX 2: the XCS of its dialect, TBX-Basic's
# (TBXBasicXCSV02.xcs) or the default (TBXXCSV02.xcs); a category the XCS leaves free is
# free. Other TBX v3 dialects: none, as termbase does not know their definitions.
BASIC_V4 = {
    "usageStatus": USAGE_STATUSES,
    "administrativeStatus": tuple(ADMINISTRATIVE_STATUS),
    "normativeAuthorization": tuple(ADMINISTRATIVE_STATUS),
    "termType": TERM_TYPES,
    "partOfSpeech": PARTS_OF_SPEECH,
    "grammaticalGender": GRAMMATICAL_GENDERS,
    "transactionType": TRANSACTION_TYPES,
}
TBX2_BASIC_XCS = {
    "administrativeStatus": ("preferredTerm-admn-sts", "admittedTerm-admn-sts",
                             "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"),
    "grammaticalGender": ("masculine", "feminine", "neuter", "other"),
    "partOfSpeech": ("noun", "verb", "adjective", "adverb", "properNoun", "other"),
    "termType": ("abbreviation", "acronym", "fullForm", "shortForm", "variant", "phrase"),
    "transactionType": ("origination", "modification"),
}
TBX2_DEFAULT_XCS = {
    "administrativeStatus": ("standardizedTerm-admn-sts", "preferredTerm-admn-sts",
                             "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
                             "supersededTerm-admn-sts", "legalTerm-admn-sts",
                             "regulatedTerm-admn-sts"),  # (the XCS breaks legalTerm's line)
    "normativeAuthorization": ("standardizedTerm", "preferredTerm", "admittedTerm",
                               "deprecatedTerm", "supersededTerm", "legalTerm", "regulatedTerm"),
    "grammaticalGender": ("masculine", "feminine", "neuter", "otherGender"),
    "termType": ("abbreviation", "acronym", "clippedTerm", "commonName", "entryTerm", "equation",
                 "formula", "fullForm", "initialism", "internationalScientificTerm",
                 "internationalism", "logicalExpression", "phraseologicalUnit", "partNumber",
                 "shortForm", "shortcut", "sku", "symbol", "synonym", "synonymousPhrase",
                 "standardText", "string", "transliteratedForm", "transcribedForm", "variant"),
    "transactionType": ("origination", "input", "modification", "check", "approval",
                        "withdrawal", "standardization", "exportation", "importation",
                        "proposal", "userAccess"),
}
# The model's TBX-Basic V4 values that a TBX 2 XCS spells otherwise: the TBX 2 writer writes
# them so (its file names TBXXCSV02.xcs, unless it keeps a TBX-Basic XCS of its input), the
# TBX 2 reader reads them back, so that a TBX 2 export passes its own picklists and imports
# back as it was. (usageStatus ↔ administrativeStatus goes the same way, in `_term_notes`.)
TBX2_DEFAULT_SPELLING = {"transactionType": {"creation": "origination"},
                         "grammaticalGender": {"other": "otherGender"},
                         "termType": {"phrase": "phraseologicalUnit"}}
TBX2_BASIC_SPELLING = {"transactionType": {"creation": "origination"}}
# Values of other vocabularies that mean a TBX-Basic value.
TERM_TYPE_SYNONYMS = {"abbreviatedForm": "abbreviation", "initialism": "acronym",
                      "shortcut": "shortForm", "fullFormFor": "fullForm"}
DATA_CATEGORY_ELEMENTS = {"admin", "descrip", "termNote", "ref", "xref"}
ROOTS = ("tbx", "martif")
ENTRIES = ("conceptEntry", "termEntry")
OUTER = ("text", "body", "back")
# The only elements whose events the reader needs; the rest are read from the entry's subtree.
EVENT_TAGS = [f"{{*}}{name}" for name in
              (*ROOTS, "tbxHeader", "martifHeader", *ENTRIES, *OUTER)]


# The structure of TBX v3 (the core RNG, TBXcoreStructV03.rng) and of TBX 2 (its DTD,
# TBXcoreStructV02.dtd), element by element. A concept or language section needs at least one
# language section or term; E103 and E102 say so, so the content models here do not.
_AUX = "(admin | adminGrp | descrip | descripGrp | note | ref | transacGrp | xref)*"
_LINK = "(admin | adminGrp | note | ref | transacGrp | xref)*"
_V3_TEXT = "#PCDATA | ec | foreign | hi | ph | sc"
_V3_DATA = "id=ID xml:lang=language target=IDREF datatype type!"
TBX3_GRAMMAR = Grammar("TBX v3", {name: spec(*rule) for name, rule in {
    "tbx": ("tbxHeader, text", "xml:lang!=language type!=/TBX-.+/ style!=dca|dct"),
    "tbxHeader": ("fileDesc, encodingDesc?, revisionDesc?", "id=ID"),
    "fileDesc": ("publicationStmt?, titleStmt?, sourceDesc", "id=ID"),
    "titleStmt": ("title, note*", "id=ID xml:lang=language"),
    "title": ("#PCDATA", "id=ID xml:lang=language"),
    "publicationStmt": ("p+", "id=ID"),
    "sourceDesc": ("p+", "id=ID xml:lang=language"),
    "encodingDesc": ("p+", "id=ID"),
    "revisionDesc": ("change+", "id=ID xml:lang=language"),
    "change": ("p+", "id=ID xml:lang=language"),
    "p": (_V3_TEXT, "id=ID xml:lang=language type"),
    "text": ("body?, back?", "id=ID"),
    "body": ("conceptEntry+", "id=ID"),
    "back": ("refObjectSec*", "id=ID"),
    "refObjectSec": ("refObject+", "id=ID type!"),
    "refObject": ("(itemSet | itemGrp | item)+", "id=ID"),
    "itemSet": ("(itemGrp | item)+", "id=ID type"),
    "itemGrp": (f"item, {_LINK}", "id=ID"),
    "item": (_V3_TEXT, "id=ID type"),
    "conceptEntry": (f"{_AUX}, langSec*", "id!=ID"),
    "langSec": (f"{_AUX}, termSec*", "xml:lang!=language"),
    "termSec": (f"term, (termNote | termNoteGrp)*, {_AUX}", "id=ID"),
    "term": ("#PCDATA | hi", "id=ID"),
    "termNote": (_V3_TEXT, _V3_DATA),
    "termNoteGrp": (f"termNote, {_LINK}", "id=ID"),
    "descrip": (_V3_TEXT, _V3_DATA),
    "descripGrp": ("descrip, (admin | adminGrp | descripNote | note | ref | transacGrp | xref)*",
                   "id=ID"),
    "descripNote": ("#PCDATA", _V3_DATA),
    "admin": (_V3_TEXT, _V3_DATA),
    "adminGrp": ("admin, (adminNote | note | ref | xref)*", "id=ID"),
    "adminNote": ("#PCDATA", _V3_DATA),
    "transacGrp": ("transac, (date | note | ref | transacNote | xref)*", "id=ID"),
    "transac": ("#PCDATA", _V3_DATA),
    "transacNote": ("#PCDATA", _V3_DATA),
    "date": ("#PCDATA=date", "id=ID"),
    "note": (_V3_TEXT, "id=ID xml:lang=language"),
    "ref": ("#PCDATA", _V3_DATA),
    "xref": ("#PCDATA", "id=ID target! type!"),
    "hi": ("#PCDATA", "target=IDREF "
                      "type=entailedTerm|hotkey|italics|bold|superscript|subscript|math"),
    "foreign": (_V3_TEXT, "id=ID xml:lang=language"),
    "ph": ("EMPTY", "type"),
    "ec": ("EMPTY", "startRef=IDREF isolated=yes|no disp equiv id=ID "
                    "type=fmt|ui|quote|link|image|other subtype target"),
    "sc": ("EMPTY", "id!=ID isolated=yes|no"),
}.items()}, roles=frozenset({"admin", "adminNote", "descrip", "descripNote", "ref", "termNote",
                             "transac", "transacNote", "xref"}),
    references=frozenset({"crossReference"}))

_V2_TEXT = "#PCDATA | hi | foreign | bpt | ept | ph"
_V2_DATA = "id=ID xml:lang type! target=IDREF datatype"
TBX2_GRAMMAR = Grammar("TBX 2", {name: spec(*rule) for name, rule in {
    "martif": ("martifHeader, text", "type! xml:lang!"),
    "martifHeader": ("fileDesc, encodingDesc?, revisionDesc?", "id=ID"),
    "fileDesc": ("titleStmt?, publicationStmt?, sourceDesc+", "id=ID"),
    "titleStmt": ("title, note*", "id=ID xml:lang"),
    "title": ("#PCDATA", "id=ID xml:lang"),
    "publicationStmt": ("p+", "id=ID"),
    "sourceDesc": ("p+", "id=ID xml:lang"),
    "encodingDesc": ("p+", "id=ID"),
    "revisionDesc": ("change+", "id=ID xml:lang"),
    "change": ("p+", "id=ID xml:lang"),
    "p": (_V2_TEXT, "id=ID type=DCSName|XCSURI|XCSContent xml:lang"),
    "text": ("body, back?", "id=ID"),
    "body": ("termEntry+", "id=ID"),
    "back": ("refObjectList*", "id=ID"),
    "refObjectList": ("refObject+", "id=ID type!"),
    "refObject": ("(itemSet | itemGrp | item)+", "id=ID"),
    "itemSet": ("(item | itemGrp)+", "id=ID type"),
    "itemGrp": (f"item, {_LINK}", "id=ID"),
    "item": (_V2_TEXT, "id=ID type"),
    "termEntry": (f"{_AUX}, langSet*", "id=ID"),
    "langSet": (f"{_AUX}, (tig | ntig)*", "id=ID xml:lang!"),
    "tig": (f"term, termNote*, {_AUX}", "id=ID"),
    "ntig": (f"termGrp, {_AUX}", "id=ID"),
    "termGrp": ("term, (termNote | termNoteGrp)*, termCompList*", "id=ID"),
    "term": ("#PCDATA | hi", "id=ID"),
    "termNote": (_V2_TEXT, _V2_DATA),
    "termNoteGrp": (f"termNote, {_LINK}", "id=ID"),
    "termCompList": (f"{_AUX}, (termComp | termCompGrp)+", "id=ID type!"),
    "termComp": ("#PCDATA", "id=ID xml:lang"),
    "termCompGrp": (f"termComp, (termNote | termNoteGrp)*, {_LINK}", "id=ID"),
    "descrip": (_V2_TEXT, _V2_DATA),
    "descripGrp": ("descrip, (descripNote | admin | adminGrp | transacGrp | note | ref | xref)*",
                   "id=ID"),
    "descripNote": ("#PCDATA", _V2_DATA),
    "admin": (_V2_TEXT, _V2_DATA),
    "adminGrp": ("admin, (adminNote | note | ref | xref)*", "id=ID"),
    "adminNote": ("#PCDATA", _V2_DATA),
    "transacGrp": ("transac, (transacNote | date | note | ref | xref)*", "id=ID"),
    "transac": ("#PCDATA", _V2_DATA),
    "transacNote": ("#PCDATA", _V2_DATA),
    "date": ("#PCDATA", "id=ID"),
    "note": (_V2_TEXT, "id=ID xml:lang"),
    "ref": ("#PCDATA", _V2_DATA),
    "xref": ("#PCDATA", "id=ID type target!"),
    "hi": ("#PCDATA", "type target=IDREF xml:lang"),
    "foreign": (_V2_TEXT, "id=ID xml:lang"),
    "bpt": ("#PCDATA", "i type"),
    "ept": ("#PCDATA", "i"),
    "ph": ("#PCDATA", "type"),
}.items()}, id_syntax=NAME)  # a DTD's ids are XML names, colons allowed


# --- reading ----------------------------------------------------------------------------------

@dataclass
class Dialect:
    version: int  # 2 or 3
    type: str  # "TBX-Basic", "TBX", ...
    style: str  # "dca", "dct" (v2: "dca")


class TbxReader(StreamingReader):
    """A TBX file being read: `.header` and `.dialect` first, then iterate for concepts."""

    def __init__(self, source: Source, report: Report | None = None):
        super().__init__(source, report, EVENT_TAGS)
        self.header = GlossaryHeader()
        self.dialect: Dialect | None = None
        self.picklists: dict[str, tuple[str, ...]] = {}
        self._pending: etree._Element | None = None
        self._plain_tags: dict[str, str] = {}
        self._read_preamble()

    def _read_preamble(self) -> None:
        """Consume events up to the first entry, filling `dialect` and `header`."""
        for event, el in self._events:
            name = local_name(el.tag)
            if event == "start" and self.dialect is None:
                self._check_root(el)
                if self.dialect is None:
                    return
            elif event == "start" and name in ENTRIES:
                self._pending = el
                return
            elif event == "end":
                self._outer_end(el)
        if self.dialect is None:
            self._report("X003", "the root element is not TBX (expected <tbx> or <martif>)", 1)

    def _check_root(self, root: etree._Element) -> None:
        """The dialect, from the root; its attributes are checked at its end, with the rest."""
        name = local_name(root.tag)
        ns = namespace(root.tag)
        if name == "tbx":
            self.grammar, self.typed_languages = TBX3_GRAMMAR, True
            if ns != TBX3_NAMESPACE:
                self._report("S103", f"<tbx> must be in the namespace {TBX3_NAMESPACE}, "
                             f"not «{ns}»", root.sourceline, "tbx")
            self.dialect = Dialect(3, root.get("type", ""), root.get("style") or "dca")
            self.picklists = BASIC_V4 if self.dialect.type == "TBX-Basic" else {}
        elif name == "martif":
            self.grammar = TBX2_GRAMMAR
            if ns:
                self._report("S103", f"<martif> is TBX 2, in no namespace, not in «{ns}»",
                             root.sourceline, "martif")
            self.dialect = Dialect(2, root.get("type", ""), "dca")
            self.picklists = TBX2_BASIC_XCS if self.dialect.type == "TBX-Basic" \
                else TBX2_DEFAULT_XCS
        else:
            self._report("X003", f"root element <{name}> is not TBX (expected <tbx> or "
                         "<martif>)", root.sourceline, name)
            return
        self.namespace = ns  # reported once if wrong; its elements are judged in it
        self.header.lang = self._language_tag(root.get(XML_LANG) or "en", root)

    def _read_header(self, el: etree._Element) -> GlossaryHeader:
        self._check(el)
        for xcs in el.iterfind(".//{*}encodingDesc/{*}p[@type='XCSURI']"):
            if self.dialect.version == 2 and "xcs" in text_of(xcs).lower():
                basic = "basic" in text_of(xcs).lower()  # the XCS it names sets the picklists
                self.picklists = TBX2_BASIC_XCS if basic else TBX2_DEFAULT_XCS
        title = el.find(".//{*}title")
        paragraphs = el.findall(".//{*}sourceDesc/{*}p")
        header = GlossaryHeader(
            title=text_of(title) if title is not None else None,
            source_desc=[text_of(p) for p in paragraphs],
            lang=self.header.lang,
        )
        for child in el:
            if local_name(child.tag) != "fileDesc":
                header.foreign.append(xml_of(child))
        return header

    def _read_back(self, el: etree._Element) -> None:
        self.header.back += [xml_of(child) for child in el]

    def __iter__(self) -> Iterator[Concept]:
        if self.dialect is None:
            return
        ordinal = 0
        entry = self._pending
        for event, el in self._events:
            name = local_name(el.tag)
            if event == "start" and name in ENTRIES and entry is None:
                entry = el  # (one inside another is part of it, and reported there)
            elif event == "end" and el is entry:
                ordinal += 1
                self._check(el)
                yield self._concept(el, ordinal)
                self._release_entry(el)
                entry = None
            elif event == "end" and entry is None:
                self._outer_end(el)
        self._dangling()

    def _outer_end(self, el: etree._Element) -> None:
        """The end of an element around the entries: the header and the back matter are read
        and checked whole; the root, text and body (whose entries were checked and let go)
        for what they hold."""
        name = local_name(el.tag)
        if name in ("tbxHeader", "martifHeader"):
            self.header = self._read_header(el)
            return
        self._check(el, deep=name == "back")
        if name == "back":
            self._read_back(el)

    def _release_entry(self, el: etree._Element) -> None:
        """Drop the entry just read, reporting what stood between it and the one before in
        <body> first (it goes with the entry)."""
        parent = el.getparent()
        if parent is None or local_name(parent.tag) != "body":
            el.clear(keep_tail=True)  # out of place: kept, for its parent's check to report
            return
        entry = _NAMES[self.dialect.version][0]
        before = list(el.itersiblings(preceding=True))
        for sibling in before:
            if self._token(sibling) != entry:
                self._unexpected(sibling, parent)
        # (its own tail, if the parser has read it yet: a later one is seen with the next)
        self._stray_text(parent, [sibling.tail for sibling in before] + [el.tail])
        release(el)

    # -- entries

    def _concept(self, el: etree._Element, ordinal: int) -> Concept:
        if self.fast and self.namespace in _PLAIN_NAMESPACES:
            concept = self._plain_or_none(el, ordinal)
            if concept is not None:
                return concept
        concept_id = el.get("id") or f"entry-{ordinal}"
        concept = Concept(id=concept_id, line=el.sourceline, attrs=_other_attrs(el, "id"))
        for child in el:
            name = local_name(child.tag)
            if name in ("langSec", "langSet"):
                concept.languages.append(self._language(child))
            elif not self._auxiliary(child, concept, "concept"):
                concept.foreign.append(xml_of(child))
        return concept

    def _language(self, el: etree._Element) -> LanguageSection:
        lang = el.get(XML_LANG)
        section = LanguageSection(lang=self._language_tag(lang, el) if lang is not None else "und",
                                  line=el.sourceline, attrs=_other_attrs(el, XML_LANG))
        for child in el:
            name = local_name(child.tag)
            if name in ("termSec", "tig"):
                section.terms.append(self._term(child, child))
            elif name == "ntig":
                group = child.find("{*}termGrp")
                if group is None:
                    section.foreign.append(xml_of(child))
                    continue
                section.terms.append(self._term(group, child))
            elif not self._auxiliary(child, section, "language"):
                section.foreign.append(xml_of(child))
        return section

    def _term(self, group: etree._Element, holder: etree._Element) -> Term:
        """A term from `termSec`/`tig`, or from `ntig` whose term and termNotes sit in `termGrp`."""
        term_el = group.find("{*}term")
        term = Term(text=text_of(term_el) if term_el is not None else "",
                    id=holder.get("id"), line=(term_el if term_el is not None else
                                               holder).sourceline,
                    attrs=_other_attrs(holder, "id"))
        if term_el is not None:
            term.term_attrs = _other_attrs(term_el)
            if len(term_el):  # inline markup (hi, foreign, …) the text alone would lose
                term.term_markup = Verbatim(xml_of(term_el), (term.text,))
        children = list(group) + [c for c in holder if c is not group and holder is not group]
        for child in children:
            name = local_name(child.tag)
            if child is term_el:
                continue
            if name == "termNoteGrp" and len(child) == 1 and not child.attrib:
                self._auxiliary(child[0], term, "term")  # a group of one is that termNote
            elif name in ("termNoteGrp", "termCompList"):
                if name == "termCompList":
                    self._report("D101", "<termCompList> is not part of TBX-Basic; kept as it is",
                                 child.sourceline, name)
                term.foreign.append(xml_of(child))
            elif not self._auxiliary(child, term, "term"):
                term.foreign.append(xml_of(child))
        return term

    # -- entries of the usual shape, read without the general dispatch

    fast = True  # (tests turn it off to compare the two ways of reading)

    def _plain_or_none(self, el: etree._Element, ordinal: int) -> Concept | None:
        """`_plain_concept`, its findings held back until it is known to be the answer."""
        report = self._report
        if report is quiet:
            return self._plain_concept(el, ordinal)
        held: list[tuple] = []
        self._report = lambda *found: held.append(found)
        try:
            concept = self._plain_concept(el, ordinal)
        finally:
            self._report = report
        if concept is not None:
            for found in held:
                report(*found)
        return concept

    def _plain_concept(self, el: etree._Element, ordinal: int) -> Concept | None:
        """The concept of an entry in the shape termbase writes and most tools do (subject
        fields, definitions with a source, notes; terms with termNotes, sources, notes and
        cross-references, each element plain), read in one pass over its elements; None for
        anything else, which the general path then reads. The result is the general path's,
        findings included (`tests/test_scale.py` compares the two on every fixture)."""
        attrib = el.attrib
        if len(attrib) > 1 or (attrib and "id" not in attrib):
            return None
        concept = Concept(id=el.get("id") or f"entry-{ordinal}", line=el.sourceline)
        for child in el:
            role = _ROLES.get(child.tag)
            if role == "lang":
                section = self._plain_language(child)
                if section is None:
                    return None
                concept.languages.append(section)
            elif role == "descrip":
                kind = _typed_text(child)
                if kind == "subjectField":
                    concept.subject_fields.append(child.text or "")
                elif kind == "definition":
                    concept.definitions.append(Sourced(child.text or "", line=child.sourceline))
                else:
                    return None
            elif role == "descripGrp":
                definition = _sourced_definition(child)
                if definition is None:
                    return None
                concept.definitions.append(definition)
            elif role == "note" and not len(child) and not child.attrib:
                concept.notes.append(child.text or "")
            else:
                return None
        return concept

    def _plain_language(self, el: etree._Element) -> LanguageSection | None:
        attrib = el.attrib
        lang = attrib.get(XML_LANG)
        if lang is None or len(attrib) != 1:
            return None
        known = self._plain_tags.get(lang)
        if known is None:
            known = self._language_tag(lang, el)
            if known == lang and tags.is_well_formed(lang.strip()):
                self._plain_tags[lang] = known  # reported nothing: the same next time
        section = LanguageSection(lang=known, line=el.sourceline)
        for child in el:
            role = _ROLES.get(child.tag)
            if role == "termSec":
                term = self._plain_term(child)
                if term is None:
                    return None
                section.terms.append(term)
            elif role == "note" and not len(child) and not child.attrib:
                section.notes.append(child.text or "")
            else:
                return None
        return section

    def _plain_term(self, holder: etree._Element) -> Term | None:
        attrib = holder.attrib
        if len(attrib) > 1 or (attrib and "id" not in attrib) or not len(holder):
            return None
        children = iter(holder)
        term_el = next(children)
        if _ROLES.get(term_el.tag) != "term" or len(term_el) or term_el.attrib:
            return None
        term = Term(text=term_el.text or "", id=holder.get("id"), line=term_el.sourceline)
        term_note = self._term_note
        for child in children:
            role = _ROLES.get(child.tag)
            if len(child):
                return None
            attributes = child.items()
            if role == "termNote":
                if len(attributes) != 1 or attributes[0][0] != "type" or \
                        attributes[0][1] not in _TERM_NOTES:
                    return None
                term_note(attributes[0][1], (child.text or "").strip(), child, term)
            elif role == "admin" and attributes == _SOURCE:
                term.sources.append(child.text or "")
            elif role == "note" and not attributes:
                term.notes.append(child.text or "")
            elif role == "ref" and child.get("type") == "crossReference" \
                    and all(name in ("type", "target") for name, _ in attributes):
                term.cross_references.append(CrossReference(child.get("target", ""),
                                                            child.text or "",
                                                            line=child.sourceline))
            else:
                return None
        return term

    # -- data categories

    def _category(self, el: etree._Element) -> tuple[str, str] | None:
        """(element kind, data category) of a DCA or DCT data-category element, else None."""
        name = local_name(el.tag)
        ns = namespace(el.tag)
        if ns in ("", TBX3_NAMESPACE):
            if name in DATA_CATEGORY_ELEMENTS:
                return name, el.get("type", "")
            return None
        # DCT style: the data category is the element name, in a module namespace.
        return ELEMENT_OF.get(name, "descrip"), name

    def _auxiliary(self, el: etree._Element, owner, level: str) -> bool:
        """Put one child element into `owner` (concept, section or term); False if not ours."""
        name = local_name(el.tag)
        if name == "note" and namespace(el.tag) in ("", TBX3_NAMESPACE):
            if _plain(el):
                owner.notes.append(text_of(el))
            else:  # a note with attributes or markup: a plain string would lose them
                owner.foreign.append(xml_of(el))
            return True
        if name == "transacGrp":
            owner.transactions.append(self._transaction(el))
            return True
        if name in ("descripGrp", "adminGrp"):
            self._group(el, owner, level)
            return True
        found = self._category(el)
        if found is None:
            return False
        kind, category = found
        value = text_of(el)
        line = el.sourceline
        unusual = namespace(el.tag) in ("", TBX3_NAMESPACE) and kind != ELEMENT_OF.get(category,
                                                                                         kind)
        if category in ("subjectField", "source") and (unusual or not _plain(el, "type")):
            owner.foreign.append(xml_of(el))  # kept whole: the model holds these as strings
        elif category in ("definition", "context", "subjectField", "source", "crossReference",
                          "externalCrossReference"):
            self._placed(category, value, el, owner, level, unusual)
        elif category in ("usageStatus", "administrativeStatus", "normativeAuthorization",
                          "termType", "partOfSpeech", "grammaticalGender", "geographicalUsage"):
            if level != "term":
                self._misplaced(category, el, owner, level, kind)
            elif unusual or not _plain(el, "type"):
                owner.foreign.append(xml_of(el))  # kept whole: a term's field holds a value
            else:
                self._term_note(category, value.strip(), el, owner)
        elif category in EXTRA_CATEGORIES:
            if level not in EXTRA_CATEGORIES[category]:
                self._report("D103", f"{category} is not allowed at {level} level", line,
                             local_name(el.tag))
            owner.extras.append(self._extra(kind, category, el))
        else:
            self._report("D101", f"unknown data category «{category}» on <{kind}>", line,
                         local_name(el.tag))
            owner.extras.append(self._extra(kind, category, el))
        return True

    def _extra(self, kind: str, category: str, el: etree._Element) -> DataCategory:
        extra = DataCategory(kind, category, text_of(el), el.get("target"), line=el.sourceline)
        untyped = el.get("type") is None and namespace(el.tag) in ("", TBX3_NAMESPACE)
        if untyped or not _plain(el, "type", "target"):
            extra.verbatim = _verbatim(el, extra)
        return extra

    def _placed(self, category: str, value: str, el: etree._Element, owner, level: str,
                unusual: bool) -> None:
        """Categories whose allowed level TBX-Basic fixes; elsewhere they are kept as extras.
        One `unusual`ly carried (a context in a termNote) is written back as it came."""
        allowed = {
            "definition": ("concept", "language"), "context": ("term",),
            "subjectField": ("concept",), "source": ("term",),
            "crossReference": ("concept", "term"), "externalCrossReference": ("concept", "term"),
        }[category]
        if level not in allowed:
            self._misplaced(category, el, owner, level, ELEMENT_OF[category])
        elif category in ("definition", "context"):
            item = Sourced(value, line=el.sourceline)
            (owner.definitions if category == "definition" else owner.contexts).append(item)
            if unusual or not _plain(el, "type"):
                item.verbatim = _verbatim(el, item)
        elif category == "subjectField":
            owner.subject_fields.append(value)
        elif category == "source":
            owner.sources.append(value)
        elif category == "crossReference":
            ref = CrossReference(el.get("target", ""), value, line=el.sourceline)
            owner.cross_references.append(ref)
            if unusual or not _plain(el, "type", "target"):
                ref.verbatim = _verbatim(el, ref)
        else:
            xref = ExternalReference(el.get("target", ""), value)
            owner.external_references.append(xref)
            if unusual or not _plain(el, "type", "target"):
                xref.verbatim = _verbatim(el, xref)

    def _misplaced(self, category: str, el: etree._Element, owner, level: str, kind: str) -> None:
        self._report("D103", f"{category} is not allowed at {level} level", el.sourceline,
                     local_name(el.tag))
        owner.extras.append(self._extra(kind, category, el))

    def _term_note(self, category: str, value: str, el: etree._Element, term: Term) -> None:
        read = TERM_TYPE_SYNONYMS.get(value, value) if category == "termType" else value
        picklist = self.picklists.get(category)
        if picklist and value not in picklist and read not in picklist:
            self._report("D102", f"{category} value «{value}» is not one of "
                         f"{', '.join(picklist)}", el.sourceline, "termNote")
        read = self._basic_v4(category, read)
        if category in ("administrativeStatus", "normativeAuthorization"):
            term.status = ADMINISTRATIVE_STATUS.get(value, value)
            return
        field = {"usageStatus": "status", "termType": "type", "partOfSpeech": "part_of_speech",
                 "grammaticalGender": "gender", "geographicalUsage": "geographical_usage"}
        setattr(term, field[category], read)

    def _basic_v4(self, category: str, value: str) -> str:
        """A TBX 2 XCS's spelling of a value as TBX-Basic V4 (the model's) spells it."""
        if self.dialect is None or self.dialect.version != 2:
            return value
        spelling = TBX2_BASIC_SPELLING if self.picklists is TBX2_BASIC_XCS \
            else TBX2_DEFAULT_SPELLING
        return {v2: v4 for v4, v2 in spelling.get(category, {}).items()}.get(value, value)

    def _group(self, el: etree._Element, owner, level: str) -> None:
        """`descripGrp`/`adminGrp`: a definition or context with its source, or a lone item."""
        first = el[0] if len(el) else None
        found = self._category(first) if first is not None else None
        if found is None:  # (the structure check reports it)
            owner.foreign.append(xml_of(el))
            return
        _, category = found
        sources = [c for c in el[1:] if self._category(c) == ("admin", "source")]
        if category in ("definition", "context") and level in (
                ("concept", "language") if category == "definition" else ("term",)):
            item = Sourced(text_of(first), text_of(sources[0]) if sources else None,
                           line=first.sourceline)
            (owner.definitions if category == "definition" else owner.contexts).append(item)
            canonical = (not el.attrib and _plain(first, "type") and len(el) == 1 + len(sources)
                         and len(sources) <= 1 and all(_plain(c, "type") for c in sources))
            if not canonical:
                item.verbatim = _verbatim(el, item)
        elif len(el) == 1 and not el.attrib:
            self._auxiliary(first, owner, level)  # a group of one is that item
        else:
            owner.foreign.append(xml_of(el))  # kept whole: its parts belong together

    def _transaction(self, el: etree._Element) -> Transaction:
        transaction = Transaction(type="")
        for child in el:
            name = local_name(child.tag)
            category = child.get("type") if namespace(child.tag) in ("", TBX3_NAMESPACE) else name
            if name in ("transac", "transactionType") or category == "transactionType":
                transaction.type = text_of(child).strip()
            elif name == "date":
                transaction.date = text_of(child).strip()
            elif category == "responsibility":
                transaction.responsibility = text_of(child)
            elif name == "note" and transaction.note is None:
                transaction.note = text_of(child)
        picklist = self.picklists.get("transactionType")
        if picklist:  # a dialect termbase knows: its transac and transacNote types are these
            if transaction.type not in picklist:
                self._report("D102", f"transactionType «{transaction.type}» is not one of "
                             f"{', '.join(picklist)}", el.sourceline, "transacGrp")
            for child in el:
                kind = {"transac": "transactionType", "transacNote": "responsibility"}.get(
                    local_name(child.tag) if namespace(child.tag) == self.namespace else "")
                if kind and child.get("type") not in (kind, None):
                    self._report("D101", f"unknown data category «{child.get('type')}» on "
                                 f"<{local_name(child.tag)}> (expected {kind})",
                                 child.sourceline, local_name(child.tag))
        canonical = [("transac", "transactionType"), ("date", None),
                     ("transacNote", "responsibility"), ("note", None)]
        names = [local_name(c.tag) for c in el]
        if el.attrib or any((local_name(c.tag), c.get("type")) not in canonical
                            or not _plain(c, "type") for c in el) or any(
                names.count(name) > 1 for name in ("date", "transacNote", "note")):
            transaction.verbatim = _verbatim(el, transaction)
        else:  # (one kept as read keeps its spelling: import's repair mends it, and says so)
            transaction.type = self._basic_v4("transactionType", transaction.type)
        return transaction


# The elements the plain path reads, in TBX v3's namespace or none (TBX 2), by role.
_PLAIN_NAMESPACES = ("", TBX3_NAMESPACE)
_ROLES = {
    f"{{{ns}}}{name}" if ns else name: role
    for ns in _PLAIN_NAMESPACES
    for name, role in (("langSec", "lang"), ("langSet", "lang"), ("termSec", "termSec"),
                       ("tig", "termSec"), ("term", "term"), ("termNote", "termNote"),
                       ("admin", "admin"), ("descrip", "descrip"), ("descripGrp", "descripGrp"),
                       ("note", "note"), ("ref", "ref"))
}
_SOURCE = [("type", "source")]
_TERM_NOTES = frozenset(("usageStatus", "administrativeStatus", "normativeAuthorization",
                         "termType", "partOfSpeech", "grammaticalGender", "geographicalUsage"))


def _typed_text(el: etree._Element) -> str | None:
    """The type of an element holding text only and no attribute but its type; else None."""
    if len(el):
        return None
    attrib = el.attrib
    if len(attrib) != 1:
        return None
    return attrib.get("type")


def _sourced_definition(el: etree._Element) -> Sourced | None:
    """A `descripGrp` of a definition and at most one source, all plain; else None."""
    if el.attrib or not 1 <= len(el) <= 2:
        return None
    first = el[0]
    if _ROLES.get(first.tag) != "descrip" or _typed_text(first) != "definition":
        return None
    source = None
    if len(el) == 2:
        second = el[1]
        if _ROLES.get(second.tag) != "admin" or _typed_text(second) != "source":
            return None
        source = second.text or ""
    return Sourced(first.text or "", source, line=first.sourceline)


def xml_of(el: etree._Element) -> str:
    """An element as XML text, without the text after it."""
    return etree.tostring(el, encoding="unicode", with_tail=False)


def _plain(el: etree._Element, *interpreted: str) -> bool:
    """Whether the model's fields hold all of `el`: text only, no attributes but these."""
    return not len(el) and all(name in interpreted for name in el.attrib)


def _other_attrs(el: etree._Element, *interpreted: str) -> dict[str, str]:
    """The attributes the model has no field for, named as a writer writes them (`xml:lang`;
    another namespace's with a prefix declared beside it)."""
    named: dict[str, str] = {}
    for name, value in el.attrib.items():
        if name in interpreted:
            continue
        if name.startswith("{"):
            uri, _, local = name[1:].partition("}")
            if uri == XML_NAMESPACE:
                name = f"xml:{local}"
            else:
                prefix = f"ns{sum(key.startswith('xmlns:') for key in named)}"
                named[f"xmlns:{prefix}"] = uri
                name = f"{prefix}:{local}"
        named[name] = value
    return named


def verbatim_fields(item) -> tuple:
    """What a model object read from one element holds, to tell whether it was changed."""
    if isinstance(item, Sourced):
        return item.text, item.source
    if isinstance(item, CrossReference):
        return item.target, item.text
    if isinstance(item, ExternalReference):
        return item.url, item.text, item.type
    if isinstance(item, Transaction):
        return item.type, item.date, item.responsibility, item.note
    return item.element, item.type, item.value, item.target


def _verbatim(el: etree._Element, item) -> Verbatim:
    return Verbatim(xml_of(el), verbatim_fields(item))


def read(source: Source, report: Report | None = None) -> TbxReader:
    """Open a TBX file (path or binary stream) for reading; see `TbxReader`."""
    return TbxReader(source, report)


def read_all(source: Source) -> tuple[GlossaryHeader, list[Concept]]:
    reader = read(source)
    concepts = list(reader)
    if reader.dialect is None:
        raise InputError("not a TBX file: the root element is neither <tbx> nor <martif>",
                         reader.name)
    return reader.header, concepts


# --- writing ----------------------------------------------------------------------------------

def language_key(lang: str) -> tuple[int, str]:
    primary = tags.primary(lang)
    rank = LANGUAGE_ORDER.index(primary) if primary in LANGUAGE_ORDER else len(LANGUAGE_ORDER)
    return rank, lang.casefold()


def canonical_order(concepts: Iterable[Concept]) -> list[Concept]:
    return sorted(concepts, key=lambda c: c.id)


class _Lines:
    """Collects indented lines; every text goes through the XML character check."""

    def __init__(self, where: str, version: int, spelling: dict | None = None):
        self.lines: list[str] = []
        self.where = where
        self.version = version
        self.spelling = spelling or {}  # TBX 2: the XCS's spelling of the model's values

    def spelled(self, category: str, value: str) -> str:
        return self.spelling.get(category, {}).get(value, value)

    def add(self, depth: int, markup: str) -> None:
        self.lines.append("  " * depth + markup + "\n")

    def text(self, depth: int, name: str, text: str, attrs=None) -> None:
        check_xml_text(text, self.where)
        for value in (attrs or {}).values():
            if value is not None:
                check_xml_text(value, self.where)
        self.add(depth, element(name, text, attrs))

    def kept(self, depth: int, xml: str) -> None:
        """XML kept from the input; in TBX v3 its namespace is the document's default."""
        if self.version == 3:
            xml = _DEFAULT_NAMESPACE.sub(r"\1", xml, count=1)
        self.add(depth, xml)

    def verbatim(self, depth: int, item) -> bool:
        """Write `item` as it was read, if it was read with more than its fields hold and
        they are unchanged; refuse to drop that more when they were changed."""
        if item.verbatim is None:
            return False
        fields = verbatim_fields(item)
        if item.verbatim.fields != fields:
            raise TermbaseError(f"{self.where}: cannot rewrite {fields[0]!r}: it was "
                                "changed, and its element holds attributes or markup termbase "
                                "does not model; edit the file by hand")
        self.kept(depth, item.verbatim.xml)
        return True


# The TBX v3 namespace declared on the first tag of a kept element (lxml declares it there).
_DEFAULT_NAMESPACE = re.compile(f'^(<[^>]*?) xmlns="{re.escape(TBX3_NAMESPACE)}"')


# Element names of the two TBX generations, by level.
_NAMES = {3: ("conceptEntry", "langSec", "termSec"), 2: ("termEntry", "langSet", "tig")}


def _write_concept(concept: Concept, version: int, spelling: dict | None = None) -> str:
    entry, language, term_group = _NAMES[version]
    out = _Lines(f"concept {concept.id}", version, spelling)
    out.add(3, start_tag(entry, {"id": concept.id, **concept.attrs}))
    for subject in concept.subject_fields:
        out.text(4, "descrip", subject, {"type": "subjectField"})
    _write_sourced(out, 4, "definition", concept.definitions)
    _write_auxiliary(out, 4, concept)
    for section in sorted(concept.languages, key=lambda s: language_key(s.lang)):
        out.add(4, start_tag(language, {"xml:lang": section.lang, **section.attrs}))
        _write_sourced(out, 5, "definition", section.definitions)
        _write_auxiliary(out, 5, section)
        for term in section.terms:
            out.add(5, start_tag(term_group, {"id": term.id, **term.attrs}))
            if term.term_markup is not None and term.term_markup.fields == (term.text,):
                out.kept(6, term.term_markup.xml)
            elif term.term_markup is not None:
                raise TermbaseError(f"{out.where}: cannot rewrite the term «{term.text}»: it "
                                    "was changed, and it holds inline markup termbase does "
                                    "not model; edit the file by hand")
            else:
                out.text(6, "term", term.text, term.term_attrs)
            for category, value in _term_notes(term, version):
                out.text(6, "termNote", out.spelled(category, value), {"type": category})
            _write_extras(out, 6, term.extras, termnotes=True)
            _write_sourced(out, 6, "context", term.contexts)
            for source in term.sources:
                out.text(6, "admin", source, {"type": "source"})
            _write_auxiliary(out, 6, term)
            out.add(5, f"</{term_group}>")
        out.add(4, f"</{language}>")
    out.add(3, f"</{entry}>")
    return "".join(out.lines)


def _term_notes(term: Term, version: int) -> list[tuple[str, str]]:
    notes = [("partOfSpeech", term.part_of_speech), ("termType", term.type)]
    if version == 3:
        notes.append(("usageStatus", term.status))
    else:
        notes.append(("administrativeStatus",
                      STATUS_TO_ADMINISTRATIVE.get(term.status, term.status)
                      if term.status else None))
    notes += [("grammaticalGender", term.gender), ("geographicalUsage", term.geographical_usage)]
    return [(category, value) for category, value in notes if value]


def _write_sourced(out: _Lines, depth: int, category: str, items: list[Sourced]) -> None:
    for item in items:
        if out.verbatim(depth, item):
            continue
        if item.source:
            out.add(depth, "<descripGrp>")
            out.text(depth + 1, "descrip", item.text, {"type": category})
            out.text(depth + 1, "admin", item.source, {"type": "source"})
            out.add(depth, "</descripGrp>")
        else:
            out.text(depth, "descrip", item.text, {"type": category})


def _write_auxiliary(out: _Lines, depth: int, owner) -> None:
    """Notes, cross-references, transactions, kept extras and foreign elements, in this
    fixed order (foreign last: TBX lets a module's elements close a level)."""
    for note in owner.notes:
        out.text(depth, "note", note)
    for ref in getattr(owner, "cross_references", ()):
        if not out.verbatim(depth, ref):
            out.text(depth, "ref", ref.text, {"type": "crossReference", "target": ref.target})
    for xref in getattr(owner, "external_references", ()):
        if not out.verbatim(depth, xref):
            out.text(depth, "xref", xref.text, {"type": xref.type, "target": xref.url})
    for transaction in owner.transactions:
        if out.verbatim(depth, transaction):
            continue
        out.add(depth, "<transacGrp>")
        out.text(depth + 1, "transac", out.spelled("transactionType", transaction.type),
                 {"type": "transactionType"})
        if transaction.date:
            out.text(depth + 1, "date", transaction.date)
        if transaction.responsibility:
            out.text(depth + 1, "transacNote", transaction.responsibility,
                     {"type": "responsibility"})
        if transaction.note:
            out.text(depth + 1, "note", transaction.note)
        out.add(depth, "</transacGrp>")
    # a term's termNotes were written after its term; elsewhere a kept termNote goes here
    _write_extras(out, depth, owner.extras, termnotes=False if isinstance(owner, Term) else None)
    for xml in owner.foreign:
        out.kept(depth, xml)


def _write_extras(out: _Lines, depth: int, extras: list[DataCategory],
                  termnotes: bool | None) -> None:
    """Extras kept from the input: only termNotes, none, or (None) all of them; a term's
    termNotes must precede its other information."""
    for extra in extras:
        if termnotes is not None and (extra.element == "termNote") != termnotes:
            continue
        if out.verbatim(depth, extra):
            continue
        name = extra.element if extra.element in DATA_CATEGORY_ELEMENTS else "descrip"
        out.text(depth, name, extra.value, {"type": extra.type, "target": extra.target})


def _header_lines(root: str, header: GlossaryHeader, version: int) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    lang = escape_attr(header.lang or "en")
    if version == 3:
        yield (f'<tbx type="TBX-Basic" style="dca" xml:lang="{lang}" '
               f'xmlns="{TBX3_NAMESPACE}">\n')
        yield "  <tbxHeader>\n"
    else:
        yield '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
        yield f'<martif type="TBX" xml:lang="{lang}">\n'
        yield "  <martifHeader>\n"
    out = _Lines("header", version)
    out.add(2, "<fileDesc>")
    if header.title:
        out.add(3, "<titleStmt>")
        out.text(4, "title", header.title)
        out.add(3, "</titleStmt>")
    out.add(3, "<sourceDesc>")
    for paragraph in header.source_desc or [f"Written by termbase {__version__}"]:
        out.text(4, "p", paragraph)
    out.add(3, "</sourceDesc>")
    out.add(2, "</fileDesc>")
    if version == 2 and not any(xml.startswith("<encodingDesc") for xml in header.foreign):
        out.add(2, "<encodingDesc>")
        out.text(3, "p", "TBXXCSV02.xcs", {"type": "XCSURI"})
        out.add(2, "</encodingDesc>")
    for xml in header.foreign:
        out.kept(2, xml)
    yield from out.lines
    yield f"  </{root}Header>\n"


def _spelling(header: GlossaryHeader | None, version: int) -> dict:
    """How the file's XCS spells the model's values: TBX 2 names TBXXCSV02.xcs unless the
    header kept from its input names a TBX-Basic XCS."""
    if version != 2:
        return {}
    named = [xml for xml in (header.foreign if header else []) if xml.startswith("<encodingDesc")]
    return TBX2_BASIC_SPELLING if any("basic" in xml.lower() for xml in named) \
        else TBX2_DEFAULT_SPELLING


def _document(concepts: Iterable[Concept], header: GlossaryHeader | None, version: int,
              sort: bool) -> Iterator[str]:
    root = "tbx" if version == 3 else "martif"
    yield from _header_lines(root, header or GlossaryHeader(), version)
    ordered = iter(canonical_order(concepts) if sort else concepts)
    first = next(ordered, None)
    if first is None:
        if version == 2:
            raise InputError("TBX 2 cannot represent an empty glossary (body needs a termEntry)")
        yield "  <text/>\n</tbx>\n"
        return
    yield "  <text>\n    <body>\n"
    spelling = _spelling(header, version)
    yield _write_concept(first, version, spelling)
    for concept in ordered:
        yield _write_concept(concept, version, spelling)
    yield "    </body>\n"
    if header is not None and header.back:
        back = _Lines("back matter", version)
        for xml in header.back:
            back.kept(3, xml)
        yield "    <back>\n" + "".join(back.lines) + "    </back>\n"
    yield f"  </text>\n</{root}>\n"


def write(concepts: Iterable[Concept], dest: Destination, header: GlossaryHeader | None = None,
          sort: bool = True) -> None:
    """Write canonical TBX v3 TBX-Basic (DCA). `sort=False` keeps the given order and streams."""
    write_text_chunks(_document(concepts, header, 3, sort), dest)


def write_v2(concepts: Iterable[Concept], dest: Destination, header: GlossaryHeader | None = None,
             sort: bool = True) -> None:
    """Write TBX 2 (`martif`, `termEntry/langSet/tig`) for OmegaT, translate-toolkit and the
    CAT tools that read only that; statuses go out as `administrativeStatus`."""
    write_text_chunks(_document(concepts, header, 2, sort), dest)
