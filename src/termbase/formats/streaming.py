"""What the TBX and TMX readers share: the hardened event stream, how they report problems,
and the structure check that holds each element read to its format's schema.

Each format describes its elements the way its schema does (`Grammar`, content in DTD
syntax), and its reader checks every element against that description as it streams: the
readers' verdict on structure is the schema's, without shipping or running the schema
(`tests/test_schema_differential.py` compares the two on thousands of mutated files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from lxml import etree

from ..lang import tags
from ..diagnostics import Report
from ..seen import SeenKeys
from ..xmlsafe import Source, iterparse, local_name, namespace, source_name

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
# xsd:language, the type TBX v3 gives xml:lang: wider than BCP 47 (L103 judges that).
XSD_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*\Z")
# An XML name without a colon (NCName: ids of namespace-aware schemas), and with one (Name:
# ids of a DTD), in the letters Python's \w knows.
NCNAME = re.compile(r"[^\W\d][\w.\-\u00b7]*\Z")
NAME = re.compile(r"(?:[^\W\d]|:)[\w.\-\u00b7:]*\Z")
_UNBOUNDED = 1 << 30
_QUANTITIES = {"": (1, 1), "?": (0, 1), "*": (0, _UNBOUNDED), "+": (1, _UNBOUNDED)}
FOREIGN = "#foreign"
_UNKNOWN = object()
_MEMO_LIMIT = 4096  # shapes remembered: a hostile file's endless new ones must not grow it


def quiet(code: str, message: str, line: Optional[int] = None,
          element: Optional[str] = None) -> None:
    """The liberal default: a reader that is not validating keeps quiet."""


@dataclass(frozen=True)
class Spec:
    """What a schema allows in one element."""

    particles: tuple[tuple[frozenset[str], int, int], ...] | None  # children in order, or
    inline: frozenset[str]  # None there: text mixed with these elements, in any order
    text: bool  # text allowed (mixed content, or text only)
    attributes: dict[str, str]  # name → kind: "" any, ID, IDREF, language, date, a|b, /regex/
    required: frozenset[str]
    content_kind: str = ""  # a datatype the text must have (date)


def spec(content: str, attributes: str = "") -> Spec:
    """A `Spec` from DTD syntax: `"term, (termNote | termNoteGrp)*, note?"`, `"#PCDATA | hi"`,
    `"EMPTY"`, or `"#PCDATA=date"`; attributes as `"id=ID xml:lang!=language type!"` (`!`
    required)."""
    kinds: dict[str, str] = {}
    required = set()
    for token in attributes.split():
        name, _, kind = token.partition("=")
        if name.endswith("!"):
            name = name[:-1]
            required.add(name)
        kinds[name] = kind
    if content == "EMPTY" or content.startswith("#PCDATA"):
        first, *inline = [part.strip() for part in content.split("|")]
        return Spec(None, frozenset(inline), content != "EMPTY", kinds, frozenset(required),
                    first.partition("=")[2])
    particles = []
    for part in re.split(r",(?![^(]*\))", content):
        part = part.strip()
        quantity = part[-1] if part[-1] in _QUANTITIES else ""
        names = part[:len(part) - len(quantity)].strip("()")
        particles.append((frozenset(n.strip() for n in names.split("|")),
                          *_QUANTITIES[quantity]))
    return Spec(tuple(particles), frozenset(), False, kinds, frozenset(required))


@dataclass(frozen=True)
class Grammar:
    """A format's elements as its schema has them.

    `roles`: what an element of another namespace may stand for (TBX v3 DCT style puts data
    categories in module namespaces); `references`: such elements whose `target` points at an
    id all the same (a DCT crossReference).
    """

    name: str  # for messages: "TBX", "TMX"
    elements: dict[str, Spec]
    id_syntax: re.Pattern = NCNAME
    roles: frozenset[str] = frozenset()
    references: frozenset[str] = frozenset()


class StreamingReader:
    """A file read as a stream of start/end events for `event_tags` only, each element checked
    against `grammar` once its subtree is complete."""

    grammar: Grammar
    namespace = ""  # the namespace the grammar's elements are in, in this file
    typed_languages = False  # whether xml:lang is xsd:language (TBX v3), so S103 when not

    def __init__(self, source: Source, report: Report | None, event_tags: list[str]):
        self.name = source_name(source)
        self._report = report or quiet
        self._events = iterparse(source, events=("start", "end"), tags=event_tags)
        self._ids = SeenKeys()
        self._references: list[tuple[str, int | None, str]] = []  # targets not yet seen
        # shapes of elements checked without a finding (see `_check`)
        self._tag_tokens: dict = {}
        self._shapes: dict[tuple, tuple] = {}
        self._attribute_shapes: dict[tuple, tuple] = {}
        self._quiet: set[tuple] = set()  # (tag, attribute names) of leaves with nothing to judge

    def _language_tag(self, lang: str, el: etree._Element) -> str:
        """A language tag in canonical case; a malformed one is reported and kept as written."""
        canonical = tags.normalise(lang)
        if not tags.is_well_formed(lang.strip()):
            if not (self.typed_languages and not XSD_LANGUAGE.match(lang.strip())):
                self._report("L103", f"«{lang}» is not a BCP 47 language tag", el.sourceline,
                             local_name(el.tag))  # (else the structure check said S103)
        elif canonical != lang:
            self._report("L102", f"language tag «{lang}» is written «{canonical}» in BCP 47",
                         el.sourceline, local_name(el.tag))
        return canonical

    # -- structure

    def _token(self, el: etree._Element) -> str | None:
        """The grammar's name for `el`: its own, FOREIGN (another namespace's, where the
        grammar allows such), or None (an element the format does not have)."""
        if not isinstance(el.tag, str):
            return None
        name = local_name(el.tag)
        if namespace(el.tag) == self.namespace:
            return name if name in self.grammar.elements else None
        return FOREIGN if self.grammar.roles else None

    def _check(self, el: etree._Element, roles: frozenset[str] = frozenset(),
               deep: bool = True) -> None:
        """Report where `el` (and, `deep`, everything inside it) breaks the grammar; `roles`
        for an element of another namespace: what it stands for here.

        What depends only on names (which attributes an element has, where its children
        stand among the particles) is worked out once for each shape met without a finding
        and remembered (`_shapes`): a file of many entries of a few shapes is checked at the
        cost of its values (ids, references, languages, enumerations, text)."""
        if self._report is quiet:
            return  # a reader that is not validating need not look
        tag = el.tag
        token = self._tag_tokens.get(tag, _UNKNOWN) if isinstance(tag, str) else None
        if token is _UNKNOWN:
            token = self._token(el)
            if len(self._tag_tokens) < _MEMO_LIMIT:
                self._tag_tokens[tag] = token
        name = local_name(tag)
        if not roles and token in (None, FOREIGN):
            return  # not the format's: where it stands, the check of its parent says so
        if roles:
            specs = [self.grammar.elements[role] for role in roles]
            inline = frozenset().union(*(s.inline for s in specs))
            self._references_of(el, name)
            self._mixed(el, inline, deep)
            return
        found = self.grammar.elements[name]
        self._attributes(el, found)
        if found.particles is None:
            if not len(el) and found.text and not found.content_kind and \
                    self._attribute_shapes.get((id(found), tuple(el.keys()))) == ():
                # text alone where text may be, no attribute to judge: nothing to say of
                # this element, nor of another of its shape (see the loop below)
                if len(self._quiet) < _MEMO_LIMIT:
                    self._quiet.add((tag, tuple(el.keys())))
                return
            if found.text or len(el):
                self._mixed(el, found.inline, deep)
            if not found.text and (el.text or "").strip():
                self._report("S105", f"<{name}> must be empty", el.sourceline, name)
            if found.content_kind == "date" and not is_date((el.text or "").strip()):
                self._report("S103", f"<{name}> «{el.text}» is not a date (2024-05-31 or "
                             "2024-05-31T12:00:00)", el.sourceline, name)
            return
        # (the text around the children and their names, in one pass: `_stray_text`)
        text = el.text
        stray = text if text and not text.isspace() else None
        children = list(el)
        tags = []
        for child in children:
            tags.append(child.tag)
            if stray is None:
                text = child.tail
                if text and not text.isspace():
                    stray = text
        if stray is not None:
            self._stray_text(el, [stray])
        shape = (name, tuple(tags))
        placed = self._shapes.get(shape)
        if placed is not None:
            if deep:
                leaves = self._quiet
                for child, child_roles in zip(children, placed):
                    if child_roles or len(child) or \
                            (child.tag, tuple(child.keys())) not in leaves:
                        self._check(child, child_roles)
            return
        faults = [0]
        seen = []
        for child, child_roles in self._sequence(el, found.particles, children, faults):
            seen.append(child_roles)
            if deep:
                self._check(child, child_roles)
        if not faults[0] and len(self._shapes) < _MEMO_LIMIT:
            self._shapes[shape] = tuple(seen)

    def _mixed(self, el: etree._Element, inline: frozenset[str], deep: bool) -> None:
        for child in el:
            token = self._token(child)
            if token is None or token not in inline:
                self._unexpected(child, el)
            elif deep:
                self._check(child)

    def _stray_text(self, el: etree._Element, texts: list | None = None) -> None:
        """Text where only elements may be: `texts`, by default the text of `el` before its
        first child and after each."""
        if texts is None:
            text = el.text
            if not text or text.isspace():  # (mostly: the indentation of a pretty file)
                text = None
                for child in el:
                    tail = child.tail
                    if tail and not tail.isspace():
                        text = tail
                        break
        else:
            text = next((t for t in texts if t and not t.isspace()), None)
        if text is not None:
            name = local_name(el.tag)
            self._report("S105", f"text «{_clip(text.strip())}» directly in <{name}>, which "
                         "holds only elements", el.sourceline, name)

    def _sequence(self, el: etree._Element, particles, children: list[etree._Element],
                  faults: list[int] | None = None):
        """Match `children` to `particles` in order (the content models of TBX and TMX are
        deterministic, so first fit is the fit); report what is out of place or missing
        (counted in `faults`), and yield each child placed, with the roles it plays if it is
        of another namespace."""
        faults = faults if faults is not None else [0]
        position, count = 0, 0
        for child in children:
            token = self._token(child)
            fit = None
            for index in range(position, len(particles)):
                names, _, most = particles[index]
                if (count if index == position else 0) < most and (
                        token in names or token == FOREIGN and names & self.grammar.roles):
                    fit = index
                    break
            if fit is None:
                faults[0] += 1
                self._out_of_place(child, el, token, particles)
                continue
            for index in range(position, fit):
                if (count if index == position else 0) < particles[index][1]:
                    faults[0] += 1
                    self._missing(el, particles[index][0], child)
            count = count + 1 if fit == position else 1
            position = fit
            names = particles[fit][0]
            yield child, (names & self.grammar.roles if token == FOREIGN else frozenset())
        for index in range(position, len(particles)):
            if (count if index == position else 0) < particles[index][1]:
                faults[0] += 1
                self._missing(el, particles[index][0])

    def _out_of_place(self, child, parent, token, particles) -> None:
        if token is None or not any(token in names for names, _, _ in particles):
            self._unexpected(child, parent)
            return
        name, where = local_name(child.tag), local_name(parent.tag)
        self._report("S101", f"<{name}> is out of place in <{where}> (or one too many)",
                     child.sourceline, name)

    def _missing(self, el, names: frozenset[str], before=None) -> None:
        name = local_name(el.tag)
        wanted = " or ".join(f"<{n}>" for n in sorted(names))
        where = f" before <{local_name(before.tag)}>" if before is not None else ""
        self._report("S101", f"<{name}> lacks {wanted}{where}", el.sourceline, name)

    def _unexpected(self, el: etree._Element, parent: etree._Element) -> None:
        name = local_name(el.tag) if isinstance(el.tag, str) else str(el.tag)
        self._report("S101", f"<{name}> is not allowed in <{local_name(parent.tag)}>",
                     el.sourceline, name)

    def _attributes(self, el: etree._Element, found: Spec) -> None:
        shape = (id(found), tuple(el.keys()))
        typed = self._attribute_shapes.get(shape)
        if typed is not None:  # every attribute defined, none missing: only values to judge
            for key, attribute, kind in typed:
                self._value(el, attribute, kind, el.get(key))
            return
        name = local_name(el.tag)
        typed = []
        clean = True
        for attribute in sorted(found.required - {_attribute_name(k) for k in el.attrib}):
            clean = False
            self._report("S102", f"<{name}> lacks the attribute {attribute}", el.sourceline,
                         name)
        for key, value in el.attrib.items():
            attribute = _attribute_name(key)
            kind = found.attributes.get(attribute)
            if kind is None:
                clean = False
                self._report("S104", f"<{name}> attribute {attribute} is not defined by "
                             f"{self.grammar.name}", el.sourceline, name)
            elif kind:
                typed.append((key, attribute, kind))
                self._value(el, attribute, kind, value)
        if clean and len(self._attribute_shapes) < _MEMO_LIMIT:
            self._attribute_shapes[shape] = tuple(typed)

    def _value(self, el: etree._Element, attribute: str, kind: str, value: str) -> None:
        name = local_name(el.tag)
        if kind in ("ID", "IDREF"):
            if not self.grammar.id_syntax.match(value.strip()):
                self._report("R103", f"<{name}> {attribute} «{value}» is not an XML name "
                             "(a letter or _ first; letters, digits, . - _ after)",
                             el.sourceline, name)
            elif kind == "ID":
                self._id(value.strip(), el)
            else:
                self._reference(value.strip(), el)
        elif kind == "language":
            if not XSD_LANGUAGE.match(value.strip()):
                self._report("S103", f"«{value}» is not a BCP 47 language tag", el.sourceline,
                             name)
        elif kind.startswith("/"):
            if not re.fullmatch(kind.strip("/"), value):
                self._report("S103", f"<{name}> {attribute} «{value}» is not of the form "
                             f"{kind.strip('/')}", el.sourceline, name)
        elif value not in kind.split("|"):
            self._report("S103", f"<{name}> {attribute} must be one of "
                         f"{', '.join(kind.split('|'))}, not «{value}»", el.sourceline, name)

    # -- ids and references

    def _id(self, value: str, el: etree._Element) -> None:
        first = self._ids.add(value, el.sourceline)
        if first is not None:
            where = f" on line {first[0]}" if first[0] else ""
            self._report("R101", f"id «{value}» is already used{where}", el.sourceline,
                         local_name(el.tag))

    def _reference(self, value: str, el: etree._Element) -> None:
        if value not in self._ids:  # a forward reference: settled at the end of the file
            self._references.append((value, el.sourceline, local_name(el.tag)))

    def _references_of(self, el: etree._Element, name: str) -> None:
        if name in self.grammar.references and el.get("target") is not None:
            self._reference(el.get("target", "").strip(), el)

    def _dangling(self) -> None:
        """At the end of the file: the references to ids that never came."""
        for value, line, element in self._references:
            if value not in self._ids:
                target = f"«{value}»" if value else "nothing (an empty target)"
                self._report("R102", f"<{element}> target points at {target}: no element of "
                             "the file has that id", line, element)
        self._references = []


def _attribute_name(key: str) -> str:
    """lxml's `{xml-namespace}lang` → `xml:lang`; another namespace's as `{uri}name`."""
    if key.startswith(f"{{{XML_NAMESPACE}}}"):
        return "xml:" + key.split("}", 1)[1]
    return key


def is_date(text: str) -> bool:
    """xsd:date or xsd:dateTime (a time zone allowed)."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\d)(T\d\d:\d\d:\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?",
                         text)
    if not match:
        return False
    try:
        date.fromisoformat(match.group(1))
        if match.group(2):
            datetime.fromisoformat(match.group(1) + match.group(2).split(".")[0])
    except ValueError:
        return False
    return True


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
