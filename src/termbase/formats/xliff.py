"""XLIFF 1.2 and 2.0, read as translation units for `termbase check` (no writer: termbase
makes no XLIFF of its own).

Each `trans-unit` (1.2) or `segment` of a `unit` (2.0) becomes a `TranslationUnit` with a
source and, when translated, a target variant, the text of each with its inline codes left
out: the content of `g`, `mrk` and `pc` is text; `x`, `bx`, `ex`, `ph`, `sc`, `ec` are codes,
and so is the native code inside 1.2's `ph`, `bpt`, `ept` and `it`. Read through the one
hardened parser, streaming.
"""

from __future__ import annotations

from typing import Iterator

from lxml import etree

from ..errors import InputError
from ..lang import tags
from ..model import TranslationUnit, Variant
from ..xmlsafe import Source, iterparse, local_name, release, source_name

EVENT_TAGS = [f"{{*}}{name}" for name in ("xliff", "file", "trans-unit", "unit")]
TEXT_ELEMENTS = {"g", "mrk", "pc"}  # inline elements whose content is translatable text


class XliffReader:
    """Iterate for units; `source_lang` and `target_lang` are known once the first `file`
    (1.2) or the root (2.0) has been read, and `version` once the root has."""

    def __init__(self, source: Source):
        self.name = source_name(source)
        self.version: str | None = None
        self.source_lang: str | None = None
        self.target_lang: str | None = None
        self._events = iterparse(source, events=("start", "end"), tags=EVENT_TAGS)

    def __iter__(self) -> Iterator[TranslationUnit]:
        for event, el in self._events:
            name = local_name(el.tag)
            if event == "start":
                if self.version is None:
                    if name != "xliff":
                        raise InputError(f"not an XLIFF file: the root element is <{name}>",
                                         self.name, el.sourceline)
                    self.version = el.get("version", "")
                    self._languages(el.get("srcLang"), el.get("trgLang"))
                elif name == "file":
                    self._languages(el.get("source-language"), el.get("target-language"))
                continue
            if name == "trans-unit":
                yield self._unit(el.get("id"), el)
                release(el)
            elif name == "unit":
                segments = [child for child in el if local_name(child.tag) == "segment"]
                for number, segment in enumerate(segments, 1):
                    unit_id = el.get("id")
                    if len(segments) > 1:
                        unit_id = f"{unit_id}/{segment.get('id') or number}"
                    yield self._unit(unit_id, segment)
                release(el)
        if self.version is None:
            raise InputError("not an XLIFF file: no <xliff> element", self.name)

    def _languages(self, source: str | None, target: str | None) -> None:
        if source and self.source_lang is None:
            self.source_lang = tags.normalise(source)
        if target and self.target_lang is None:
            self.target_lang = tags.normalise(target)

    def _unit(self, unit_id: str | None, el: etree._Element) -> TranslationUnit:
        unit = TranslationUnit(id=unit_id, line=el.sourceline)
        for child in el:
            name = local_name(child.tag)
            if name == "source":
                unit.variants.insert(0, Variant(self.source_lang or "", [_text(child)],
                                                line=child.sourceline))
            elif name == "target":
                unit.variants.append(Variant(self.target_lang or "", [_text(child)],
                                             line=child.sourceline))
        return unit


def _text(el: etree._Element) -> str:
    """The translatable text of a `source` or `target`: codes left out, `cp` characters in."""
    parts = [el.text or ""]
    for child in el:
        name = local_name(child.tag)
        if name in TEXT_ELEMENTS:
            parts.append(_text(child))
        elif name == "cp" and child.get("hex"):
            try:
                char = chr(int(child.get("hex"), 16))
                char.encode("utf-8")  # a lone surrogate is no character
                parts.append(char)
            except (ValueError, OverflowError):
                pass  # a malformed code point is a code, not text
        parts.append(child.tail or "")
    return "".join(parts)


def read(source: Source) -> XliffReader:
    return XliffReader(source)
