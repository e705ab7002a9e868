"""What every language shares: normalising text, splitting it into tokens, script detection.

Matching must not depend on how a text was typed: NFC, one apostrophe (U+2019) for the four in
use, one hyphen, no soft hyphens or zero-width characters, single spaces. Tokens keep their
inner apostrophes and hyphens («аб’ява», «ваенна-палітычны», «CSTO's»), which Python's `\\w`
alone would split.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

APOSTROPHE = "\u2019"
# Typed for the apostrophe: ASCII, modifier letter, left quotation mark, grave and acute accents,
# prime. Validation flags them; matching folds them.
APOSTROPHE_LOOKALIKES = "'\u02bc\u2018`\u00b4\u2032\u02b9"
HYPHENS = "\u2010\u2011"  # hyphen, non-breaking hyphen
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters

_FOLD = str.maketrans({**{c: APOSTROPHE for c in APOSTROPHE_LOOKALIKES},
                       **{c: "-" for c in HYPHENS}, **{c: None for c in INVISIBLE}})
_SPACES = re.compile(r"\s+")
TOKEN = re.compile(r"\w+(?:[’\-]\w+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def normalise(text: str) -> str:
    """NFC, apostrophes and hyphens folded, invisible characters dropped, spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_FOLD)).strip()


def fold(text: str) -> str:
    """The form compared for exact matches: normalised and case-folded."""
    return normalise(text).casefold()


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Word tokens of an already normalised text, with their offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(normalise(text))]


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_acronym(word: str) -> bool:
    """All capitals, at least two letters (ОДКБ, BRICS, G20 counts too)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) or (
        len(letters) == 1 and word[:1].isupper() and any(c.isdigit() for c in word))


def script(text: str) -> str | None:
    """'Cyrl', 'Latn', or None when the text has letters of neither (or of both)."""
    cyrillic, latin = bool(_CYRILLIC.search(text)), bool(_LATIN.search(text))
    if cyrillic and not latin:
        return "Cyrl"
    if latin and not cyrillic:
        return "Latn"
    return None
