"""PO: the glossary written for Weblate and Pootle, and translated PO files read for
`termbase check`.

The glossary has one message per source and target term; `msgctxt` is the concept id, so
that a term shared by two concepts stays two messages; deprecated target terms carry Weblate's `forbidden` flag (and a context of their own), so
Weblate warns when a translation uses them. Output passes `msgfmt -c`.
"""

from __future__ import annotations

import datetime
import os
from typing import Iterable

import polib

from .. import __version__
from ..errors import InputError
from ..fileio import Destination
from ..inputs import check_regular
from ..model import TranslationUnit, Variant
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


def read(path: str | os.PathLike) -> tuple[str | None, list[TranslationUnit]]:
    """A PO file's language (its `Language` header) and its messages as units of a source
    and, when translated, a target variant (languages left empty for the caller to fill).
    Obsolete messages and the header are left out; a fuzzy message counts as untranslated,
    as gettext and every PO tool take it (its msgstr is a guess awaiting review)."""
    name = check_regular(path)
    try:
        catalog = polib.pofile(name, wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise InputError(f"not a readable PO file: {str(error).strip()}", name) from None
    units = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        target = "" if "fuzzy" in entry.flags else (
            entry.msgstr or (entry.msgstr_plural or {}).get(0, ""))
        unit = TranslationUnit(id=entry.msgctxt or None, line=entry.linenum,
                               variants=[Variant("", [entry.msgid], line=entry.linenum)])
        if target:
            unit.variants.append(Variant("", [target], line=entry.linenum))
        units.append(unit)
    return catalog.metadata.get("Language") or None, units
