"""BCP 47 language tags: compared case-insensitively, written in their canonical case."""

from __future__ import annotations

import re

# RFC 5646 langtag, private-use and the irregular grandfathered forms are not needed here.
_LANGTAG = re.compile(
    r"""^(?:
        (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})
        (?:-(?P<script>[a-z]{4}))?
        (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*
        (?:-x(?:-[a-z0-9]{1,8})+)?
      | x(?:-[a-z0-9]{1,8})+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_well_formed(tag: str) -> bool:
    return bool(_LANGTAG.match(tag))


def normalise(tag: str) -> str:
    """`RU` → `ru`, `en-gb` → `en-GB`, `BE-LATN` → `be-Latn`; a malformed tag is only trimmed.

    Subtags after an extension or private-use singleton keep lower case, as RFC 5646 advises.
    """
    tag = tag.strip().replace("_", "-")
    if not is_well_formed(tag):
        return tag
    parts = tag.lower().split("-")
    out = [parts[0]]
    singleton = parts[0] == "x"
    for part in parts[1:]:
        if len(part) == 1:
            singleton = True
        if not singleton and len(part) == 4 and part.isalpha():
            part = part.title()
        elif not singleton and (len(part) == 2 and part.isalpha()):
            part = part.upper()
        out.append(part)
    return "-".join(out)


def primary(tag: str) -> str:
    """The language subtag alone: `ru-RU` → `ru`."""
    return tag.split("-", 1)[0].lower()


def script(tag: str) -> str | None:
    """The script subtag, if the tag names one: `be-Latn` → `Latn`, `ru-RU` → None."""
    for part in tag.split("-")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
        if len(part) == 1:
            break
    return None
