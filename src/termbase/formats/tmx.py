"""TMX: read 1.1 to 1.4b and write canonical 1.4b, streaming, without losing inline markup.

The reader holds one `<tu>` in memory at a time, so a 1 GB memory streams in a few megabytes.
Segment content becomes a list of strings and `Inline` elements (`bpt`, `ept`, `it`, `ph`,
`hi`, `sub`, `ut`) with their attributes in file order; the writer puts them back exactly.
TMX 1.1 `lang` attributes are read as `xml:lang`; language tags are normalised in case.

The writer is canonical: 2-space indent for structure, segment content written as it was,
props before notes, variants in the order ru, be, en then the rest, UTF-8, LF. It writes
only what `tmx14.dtd` allows: what the reader kept that TMX 1.4b has no place for (an
unknown element or attribute, a second `<seg>`) stops the writer with a one-line error rather
than being dropped.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from lxml import etree

from .. import __version__
from ..errors import InputError, TermbaseError
from ..fileio import (
    Destination, check_xml_text, escape_text, start_tag, write_text_chunks,
)
from ..lang import tags
from ..model import Inline, Note, Prop, SegmentContent, TmxHeader, TranslationUnit, Ude, Variant
from ..diagnostics import Report
from ..xmlsafe import Source, local_name, release
from .streaming import Grammar, StreamingReader, spec
from .tbx import language_key

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NAMESPACE}}}lang"

REQUIRED_HEADER_ATTRIBUTES = ("creationtool", "creationtoolversion", "segtype", "o-tmf",
                              "adminlang", "srclang", "datatype")
SEGMENT_TYPES = ("block", "paragraph", "sentence", "phrase")
VERSIONS = ("1.1", "1.2", "1.3", "1.4", "1.4b")
EVENT_TAGS = [f"{{*}}{name}" for name in ("tmx", "header", "body", "tu")]

# The structure of TMX as tmx14.dtd has it, element by element. A unit needs at least one
# variant (M103 says so); the reader judges the version (1.1 to 1.4b, where the DTD fixes 1.4)
# and a variant's language (xml:lang, or TMX 1.1 lang) itself.
_COMMON = ("o-encoding datatype usagecount lastusagedate creationtool creationtoolversion "
           "creationdate creationid changedate o-tmf changeid")
_SEGMENT_TYPE = "=" + "|".join(SEGMENT_TYPES)
_INLINE = "#PCDATA | bpt | ept | it | ph | hi | ut"
GRAMMAR = Grammar("TMX", {name: spec(*rule) for name, rule in {
    "tmx": ("header, body", "version"),
    "header": ("(note | prop | ude)*",
               f"creationtool! creationtoolversion! segtype!{_SEGMENT_TYPE} o-tmf! adminlang! "
               "srclang! datatype! o-encoding creationdate creationid changedate changeid"),
    "body": ("tu*", ""),
    "note": ("#PCDATA", "o-encoding xml:lang lang"),
    "ude": ("map+", "name! base"),
    "map": ("EMPTY", "unicode! code ent subst"),
    "prop": ("#PCDATA", "type! xml:lang o-encoding lang"),
    "tu": ("(note | prop)*, tuv*", f"tuid {_COMMON} segtype{_SEGMENT_TYPE} srclang"),
    "tuv": ("(note | prop)*, seg", f"xml:lang lang {_COMMON}"),
    "seg": (_INLINE, ""),
    "bpt": ("#PCDATA | sub", "i! x type"),
    "ept": ("#PCDATA | sub", "i!"),
    "sub": (_INLINE, "datatype type"),
    "it": ("#PCDATA | sub", "pos!=begin|end x type"),
    "ph": ("#PCDATA | sub", "x assoc type"),
    "hi": (_INLINE, "x type"),
    "ut": ("#PCDATA | sub", "x"),
}.items()})
# The attributes each level may have, for the writer.
ATTRIBUTES = {name: tuple(GRAMMAR.elements[name].attributes) for name in ("header", "tu", "tuv")}

DEFAULT_HEADER = {
    "creationtool": "termbase", "creationtoolversion": __version__, "segtype": "sentence",
    "o-tmf": "termbase", "adminlang": "en", "srclang": "en", "datatype": "plaintext",
}


def _attribute_name(key: str) -> str:
    """lxml's `{xml-namespace}lang` → `xml:lang`; other names as they are."""
    if key.startswith("{"):
        uri, _, name = key[1:].partition("}")
        return f"xml:{name}" if uri == XML_NAMESPACE else name
    return key


def _attributes(el: etree._Element) -> dict[str, str]:
    return {_attribute_name(key): value for key, value in el.attrib.items()}


def _lang_of(attrs: dict[str, str]) -> str | None:
    """The language of a prop or note: `xml:lang`, or TMX 1.1 `lang`."""
    lang = attrs.get("xml:lang") or attrs.get("lang")
    return tags.normalise(lang) if lang else None


# --- reading ----------------------------------------------------------------------------------

class TmxReader(StreamingReader):
    """A TMX file being read: `.header` first, then iterate for translation units."""

    grammar = GRAMMAR

    def __init__(self, source: Source, report: Report | None = None):
        super().__init__(source, report, EVENT_TAGS)
        self.header = TmxHeader()
        self.is_tmx = False
        self._started = False
        self._read_preamble()

    def _read_preamble(self) -> None:
        """Consume events up to the end of `<header>` (or the first unit, if there is none)."""
        for event, el in self._events:
            name = local_name(el.tag)
            if not self._started:
                self._started = True
                if name != "tmx" or event != "start":
                    self._report("X003", "the root element is not <tmx>", el.sourceline, name)
                    return
                self.is_tmx = True
                self._check_root(el)
            elif event == "end" and name == "header":
                self.header = self._read_header(el)
                return
            elif event == "start" and name in ("body", "tu"):
                return  # no header: the check of <tmx> says so
        if not self._started:
            self._report("X003", "the root element is not <tmx>", 1)

    def _check_root(self, root: etree._Element) -> None:
        version = root.get("version")
        if version is None:
            self._report("S102", "<tmx> lacks the version attribute", root.sourceline, "tmx")
        elif version not in VERSIONS:
            self._report("S103", f"<tmx> version must be one of {', '.join(VERSIONS)}, "
                         f"not «{version}»", root.sourceline, "tmx")
        self.header.version = version or "1.4"

    def _read_header(self, el: etree._Element) -> TmxHeader:
        self._check(el)
        header = TmxHeader(attrs=_attributes(el), version=self.header.version)
        if "srclang" in header.attrs and header.attrs["srclang"] != "*all*":
            header.attrs["srclang"] = self._language_tag(header.attrs["srclang"], el)
        if "adminlang" in header.attrs:
            header.attrs["adminlang"] = self._language_tag(header.attrs["adminlang"], el)
        for child in el:
            name = local_name(child.tag)
            if name == "prop":
                header.props.append(self._prop(child))
            elif name == "note":
                header.notes.append(self._note(child))
            elif name == "ude":
                header.udes.append(Ude(_attributes(child),
                                       [_attributes(m) for m in child if local_name(m.tag)]))
            elif name:
                header.foreign.append(_xml_of(child))
        self._release(el, "header")
        return header

    def __iter__(self) -> Iterator[TranslationUnit]:
        if not self.is_tmx:
            return
        for event, el in self._events:
            if event != "end":
                continue
            name = local_name(el.tag)
            if name == "tu":
                self._check(el)
                yield self._unit(el)
                self._release(el, "tu")
            elif name == "header":  # after a unit: out of place, but read and checked
                self.header = self._read_header(el)
            elif name in ("body", "tmx"):
                self._check(el, deep=False)  # their units and header were checked as read

    def _release(self, el: etree._Element, name: str) -> None:
        """Drop a unit (or the header) just read, reporting first what stood between it and
        the one before (it goes with it). One out of place is only emptied, for its parent's
        check to report."""
        parent = el.getparent()
        home = "body" if name == "tu" else "tmx"
        if parent is None or local_name(parent.tag) != home:
            el.clear(keep_tail=True)
            return
        before = list(el.itersiblings(preceding=True))
        for sibling in before:
            if name == "header" or self._token(sibling) != "tu":
                self._unexpected(sibling, parent)
        # (its own tail, if the parser has read it yet: a later one is seen with the next)
        self._stray_text(parent, [sibling.tail for sibling in before] + [el.tail])
        release(el)

    def _unit(self, el: etree._Element) -> TranslationUnit:
        attrs = _attributes(el)
        unit = TranslationUnit(id=attrs.pop("tuid", None), attrs=attrs, line=el.sourceline)
        if "srclang" in attrs:
            attrs["srclang"] = self._language_tag(attrs["srclang"], el)
        for child in el:
            name = local_name(child.tag)
            if name == "tuv":
                unit.variants.append(self._variant(child))
            elif name in ("prop", "note"):
                self._prop_or_note(child, unit)
            elif name:
                unit.foreign.append(_xml_of(child))
        return unit

    def _variant(self, el: etree._Element) -> Variant:
        attrs = _attributes(el)
        lang = attrs.pop("xml:lang", None)
        if lang is None:
            lang = attrs.pop("lang", None)
        if lang is None:
            self._report("S102", "<tuv> lacks xml:lang", el.sourceline, "tuv")
        variant = Variant(lang=self._language_tag(lang, el) if lang is not None else "und",
                          attrs=attrs,
                          line=el.sourceline)
        segments = 0
        for child in el:
            name = local_name(child.tag)
            if name == "seg":
                segments += 1
                if segments == 1:
                    variant.content = self._content(child)
                else:
                    variant.foreign.append(_xml_of(child))
            elif name in ("prop", "note"):
                self._prop_or_note(child, variant)
            elif name:
                variant.foreign.append(_xml_of(child))
        return variant

    def _content(self, el: etree._Element) -> SegmentContent:
        """Text and inline elements of `el`, exactly (those the DTD forbids too: the structure
        check reports them, nothing is lost)."""
        content: SegmentContent = []
        if el.text:
            content.append(el.text)
        for child in el:
            name = local_name(child.tag)
            if name:
                content.append(Inline(name, _attributes(child), self._content(child)))
            if child.tail:
                if content and isinstance(content[-1], str):
                    content[-1] += child.tail
                else:
                    content.append(child.tail)
        return content

    def _prop_or_note(self, el: etree._Element, owner) -> None:
        """A prop or note into `owner`; one with attributes or markup TMX does not define is
        kept whole, for the writer to refuse rather than lose."""
        if len(el) or any(name not in ("type", "xml:lang", "lang", "o-encoding")
                          for name in _attributes(el)):
            owner.foreign.append(_xml_of(el))
        elif local_name(el.tag) == "prop":
            owner.props.append(self._prop(el))
        else:
            owner.notes.append(self._note(el))

    def _prop(self, el: etree._Element) -> Prop:
        attrs = _attributes(el)
        return Prop(type=attrs.get("type", ""), value=el.text or "", lang=_lang_of(attrs),
                    encoding=attrs.get("o-encoding"))

    def _note(self, el: etree._Element) -> Note:
        attrs = _attributes(el)
        return Note(text=el.text or "", lang=_lang_of(attrs), encoding=attrs.get("o-encoding"))



def read(source: Source, report: Report | None = None) -> TmxReader:
    """Open a TMX file (path or binary stream) for reading; see `TmxReader`."""
    return TmxReader(source, report)


def read_all(source: Source) -> tuple[TmxHeader, list[TranslationUnit]]:
    reader = read(source)
    units = list(reader)
    if not reader.is_tmx:
        raise InputError("not a TMX file: the root element is not <tmx>", reader.name)
    return reader.header, units


# --- writing ----------------------------------------------------------------------------------

def _text(text: str, where: str) -> str:
    return escape_text(check_xml_text(text, where))


def _tag(name: str, attrs: dict[str, str | None], where: str, empty: bool = False) -> str:
    for value in attrs.values():
        if value is not None:
            check_xml_text(value, where)
    return start_tag(name, attrs, empty)


def write_content(content: SegmentContent, where: str = "segment") -> str:
    """Segment content as TMX markup, exactly as it was read."""
    parts: list[str] = []
    for part in content:
        if isinstance(part, str):
            parts.append(_text(part, where))
        elif part.content:
            parts.append(_tag(part.tag, part.attrs, where) + write_content(part.content, where)
                         + f"</{part.tag}>")
        else:
            parts.append(_tag(part.tag, part.attrs, where, empty=True))
    return "".join(parts)


def _xml_of(el: etree._Element) -> str:
    return etree.tostring(el, encoding="unicode", with_tail=False)


def _refuse_what_tmx_cannot_hold(owner, element: str, where: str) -> None:
    """A writer that would drop something stops instead and says what."""
    if owner.foreign:
        name = owner.foreign[0][1:].split(">")[0].split()[0].rstrip("/")
        raise TermbaseError(f"{where}: cannot write <{name}> inside <{element}> in TMX 1.4b, "
                            "and will not drop it; remove it by hand to rewrite this file")
    unknown = [name for name in owner.attrs if name not in ATTRIBUTES[element]]
    if unknown:
        raise TermbaseError(f"{where}: <{element}> attribute {unknown[0]} is not TMX 1.4b, "
                            "and will not be dropped; remove it by hand to rewrite this file")


def _props_and_notes(owner, depth: int, where: str) -> Iterator[str]:
    pad = "  " * depth
    for prop in owner.props:
        attrs = {"type": prop.type, "xml:lang": prop.lang, "o-encoding": prop.encoding}
        yield f"{pad}{_tag('prop', attrs, where)}{_text(prop.value, where)}</prop>\n"
    for note in owner.notes:
        attrs = {"xml:lang": note.lang, "o-encoding": note.encoding}
        yield f"{pad}{_tag('note', attrs, where)}{_text(note.text, where)}</note>\n"


def write_unit(unit: TranslationUnit) -> str:
    where = f"unit {unit.id}" if unit.id else f"unit on line {unit.line}"
    _refuse_what_tmx_cannot_hold(unit, "tu", where)
    for variant in unit.variants:
        _refuse_what_tmx_cannot_hold(variant, "tuv", where)
    lines = [f"    {_tag('tu', {'tuid': unit.id, **unit.attrs}, where)}\n"]
    lines += _props_and_notes(unit, 3, where)
    for variant in sorted(unit.variants, key=lambda v: language_key(v.lang)):
        lines.append(f"      {_tag('tuv', {'xml:lang': variant.lang, **variant.attrs}, where)}\n")
        lines += _props_and_notes(variant, 4, where)
        lines.append(f"        <seg>{write_content(variant.content, where)}</seg>\n")
        lines.append("      </tuv>\n")
    lines.append("    </tu>\n")
    return "".join(lines)


def _document(units: Iterable[TranslationUnit], header: TmxHeader | None) -> Iterator[str]:
    header = header or TmxHeader()
    _refuse_what_tmx_cannot_hold(header, "header", "header")
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    yield '<tmx version="1.4">\n'
    attrs = {**DEFAULT_HEADER, **header.attrs}
    ordered = {key: attrs.pop(key) for key in REQUIRED_HEADER_ATTRIBUTES} | attrs
    inner = list(_props_and_notes(header, 2, "header"))
    for ude in header.udes:
        inner.append(f"    {_tag('ude', ude.attrs, 'header')}\n")
        inner += [f"      {_tag('map', mapping, 'header', empty=True)}\n"
                  for mapping in ude.maps]
        inner.append("    </ude>\n")
    if inner:
        yield f"  {_tag('header', ordered, 'header')}\n"
        yield from inner
        yield "  </header>\n"
    else:
        yield f"  {_tag('header', ordered, 'header', empty=True)}\n"
    yield "  <body>\n"
    for unit in units:
        yield write_unit(unit)
    yield "  </body>\n"
    yield "</tmx>\n"


def write(units: Iterable[TranslationUnit], dest: Destination,
          header: TmxHeader | None = None) -> None:
    """Write canonical TMX 1.4b; `units` may be a generator (a reader), written as it streams.

    To a path the file is replaced atomically, so an error midway leaves the old file intact.
    """
    write_text_chunks(_document(units, header), dest)


def units_of_concepts(concepts: Iterable, languages: list[str]) -> Iterator[TranslationUnit]:
    """A glossary as a translation memory: per concept, one unit of its preferred full forms
    and one of its preferred acronyms, in every language that has one."""
    from ..lang import tags as language_tags

    for concept in concepts:
        for short in (False, True):
            variants = []
            for lang in languages:
                terms = [t for s in concept.languages if language_tags.primary(s.lang) == lang
                         for t in s.terms
                         if (t.type in ("acronym", "abbreviation")) == short]
                chosen = next((t for t in terms if t.status == "preferred"), None) or \
                    next((t for t in terms if t.status == "admitted"), None)
                if chosen:
                    variants.append(Variant(lang, [chosen.text]))
            if len(variants) > 1:
                props = [Prop("x-concept", concept.id)]
                props += [Prop("x-subject-field", s) for s in concept.subject_fields]
                yield TranslationUnit(concept.id + ("-acronym" if short else ""), variants,
                                      props=props)
