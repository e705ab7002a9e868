"""A PO glossary (polib) for Weblate and Pootle: one message per source and target term.

`msgctxt` is the concept id, so that a term shared by two concepts stays two messages;
deprecated target terms carry Weblate's `forbidden` flag (and a context of their own), so
Weblate warns when a translation uses them. Output passes `msgfmt -c`.
"""

from __future__ import annotations

import datetime
from typing import Iterable

import polib

from .. import __version__
from ..fileio import Destination
from .tabular import _write_bytes


def write(pairs: Iterable, dest: Destination, source: str, target: str) -> None:
    catalog = polib.POFile(wrapwidth=0)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    catalog.metadata = {
        "Project-Id-Version": f"termbase glossary {source}-{target}",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "termbase <termbase@localhost>",
        "Language-Team": f"{target} <termbase@localhost>",
        "Language": target,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"termbase {__version__}",
    }
    seen: set[tuple[str, str]] = set()
    for pair in pairs:
        context = pair.concept if not pair.forbidden else f"{pair.concept} (forbidden)"
        if (context, pair.source.text) in seen:
            context = f"{context} → {pair.target.text}"
        seen.add((context, pair.source.text))
        catalog.append(polib.POEntry(
            msgctxt=context, msgid=pair.source.text, msgstr=pair.target.text,
            comment=pair.comment(), flags=["forbidden"] if pair.forbidden else []))
    _write_bytes(str(catalog).encode("utf-8"), dest)
