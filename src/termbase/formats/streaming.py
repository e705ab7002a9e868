"""What the TBX and TMX readers share: the hardened event stream and how they report problems."""

from __future__ import annotations

from typing import Optional

from lxml import etree

from ..lang import tags
from ..diagnostics import Report
from ..xmlsafe import Source, iterparse, local_name, source_name


def quiet(code: str, message: str, line: Optional[int] = None,
          element: Optional[str] = None) -> None:
    """The liberal default: a reader that is not validating keeps quiet."""


class StreamingReader:
    """A file read as a stream of start/end events for `event_tags` only."""

    def __init__(self, source: Source, report: Report | None, event_tags: list[str]):
        self.name = source_name(source)
        self._report = report or quiet
        self._events = iterparse(source, events=("start", "end"), tags=event_tags)

    def _language_tag(self, lang: str, el: etree._Element) -> str:
        """A language tag in canonical case; a malformed one is reported and kept as written."""
        canonical = tags.normalise(lang)
        if not tags.is_well_formed(lang.strip()):
            self._report("S103", f"«{lang}» is not a BCP 47 language tag", el.sourceline,
                         local_name(el.tag))
        elif canonical != lang:
            self._report("L102", f"language tag «{lang}» is written «{canonical}» in BCP 47",
                         el.sourceline, local_name(el.tag))
        return canonical

    def _unexpected(self, el: etree._Element, parent: etree._Element) -> None:
        name = local_name(el.tag)
        self._report("S101", f"<{name}> is not allowed in <{local_name(parent.tag)}>",
                     el.sourceline, name)
