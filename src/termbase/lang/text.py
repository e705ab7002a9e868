"""What every language shares: normalising text, splitting it into tokens, script detection.

Matching must not depend on how a text was typed: NFC, one apostrophe (U+2019) for the four in
use, one hyphen, no soft hyphens or zero-width characters, single spaces. Tokens keep their
inner apostrophes and hyphens («аб’ява», «ваенна-палітычны», «CSTO's»), which Python's `\\w`
alone would split, but not an edition's number («Запад-2025» is «Запад» and «2025»).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words whose keys each analyzer remembers: a few megabytes, and most words of a text repeat.
CACHE_SIZE = 32_768

APOSTROPHE = "\u2019"
# Typed for the apostrophe: ASCII, modifier letter, left quotation mark, grave and acute accents,
# prime. Validation flags them; matching folds them.
APOSTROPHE_LOOKALIKES = "'\u02bc\u2018`\u00b4\u2032\u02b9"
HYPHENS = "\u2010\u2011"  # hyphen, non-breaking hyphen
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters

_FOLD = str.maketrans({**{c: APOSTROPHE for c in APOSTROPHE_LOOKALIKES},
                       **{c: "-" for c in HYPHENS}, **{c: None for c in INVISIBLE}})
_SPACES = re.compile(r"\s+")
# What normalising changes in a text besides NFC: without any, offsets stay as they are.
_NEEDS_MAPPING = re.compile(f"[{re.escape(APOSTROPHE_LOOKALIKES + HYPHENS + INVISIBLE)}]"
                            r"|\s\s|[^\S ]")
# A word with its inner apostrophes and hyphens, but not a number that ends it after a hyphen:
# an edition («Щит Союза-2023», "Union Shield-2023») or a model («Ил-76») is the name and its
# number, so that the name is found in any edition (its own concept, where there is one, too),
# with a possessive too ("Zapad-2025's").
TOKEN = re.compile(r"\w+(?:[’\-](?!\d+(?:’s)?(?![\w’\-]))\w+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


# An en or em dash between two letters is a hyphen typed wrong («like–minded»); one between
# spaces or digits is a dash and stays.
_DASH_IN_WORD = re.compile(r"(?<=[^\W\d_])[\u2013\u2014](?=[^\W\d_])")


def normalise(text: str) -> str:
    """NFC, apostrophes and hyphens folded, invisible characters dropped, spaces collapsed."""
    if not _NEEDS_MAPPING.search(text) and unicodedata.is_normalized("NFC", text):
        folded = text.strip()  # (most text: a quarter of the time)
    else:
        folded = _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_FOLD)).strip()
    if "\u2013" in folded or "\u2014" in folded:
        return _DASH_IN_WORD.sub("-", folded)
    return folded


def normalise_mapped(text: str) -> tuple[str, list[int]]:
    """`normalise(text)`, and for each of its characters the offset it came from in `text`.

    What a report needs to point at a term found in normalised text: its line and column in
    the file as written. (Where NFC merges a letter and its combining accent, the offset is
    that of the letter.)
    """
    stripped = text.strip()
    if not _NEEDS_MAPPING.search(stripped) and unicodedata.is_normalized("NFC", stripped):
        lead = len(text) - len(text.lstrip())
        return _DASH_IN_WORD.sub("-", stripped), list(range(lead, lead + len(stripped)))
    out: list[str] = []
    origin: list[int] = []
    pending_space = False
    for offset, char in enumerate(text):
        if char in INVISIBLE:
            continue
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            origin.append(offset - 1)
            pending_space = False
        out.append(char.translate(_FOLD))
        origin.append(offset)
    folded = _DASH_IN_WORD.sub("-", "".join(out))  # one character for one: offsets hold
    if unicodedata.is_normalized("NFC", folded):
        return folded, origin
    return _compose_offsets(folded, origin)


def _compose_offsets(folded: str, origin: list[int]) -> tuple[str, list[int]]:
    """NFC of `folded`, and the offset in the original text of each of its characters.

    Composed cluster by cluster: a base character with the marks and characters NFC joins to
    it. A cluster NFC leaves as long as it was (a stress mark on «е», which has no
    precomposed form) keeps each character's offset; a merged one («и» + breve → «й») points
    at its base character.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    start = 0

    def close(end: int) -> None:
        cluster = unicodedata.normalize("NFC", folded[start:end])
        offsets.extend(origin[start:end] if len(cluster) == end - start
                       else [origin[start]] * len(cluster))
        pieces.append(cluster)

    for index in range(1, len(folded)):
        char = folded[index]
        if unicodedata.combining(char):
            continue
        last = unicodedata.normalize("NFC", folded[start:index])[-1:]
        if unicodedata.normalize("NFC", last + char) != last + char:
            continue  # a starter that composes with what precedes (Hangul jamo)
        close(index)
        start = index
    close(len(folded))
    return "".join(pieces), offsets


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


# A word of capitalised names joined by a hyphen (or a dash typed between letters): "China–Europe
# trains", "Belarus-Russia talks", «Мінск-Масква»; each part two letters at least.
_JOINED_NAMES = re.compile(r"[^\W\d_][^\W\d_’]+(?:-[^\W\d_][^\W\d_’]+)+")


def joined_names(found: list[Token]) -> tuple[list[Token], list[int]] | None:
    """`found` with each word of names joined by hyphens split into the names, and the
    positions of those names in it; None if there is no such word. A term is looked for both
    ways: as the word ("Brest-Litovsk", «Санкт-Петербург») and in its parts ("China", "Europe").
    """
    split: list[Token] = []
    parts: list[int] = []
    for token in found:
        if "-" in token.text and _JOINED_NAMES.fullmatch(token.text) and all(
                is_capitalised(part) for part in token.text.split("-")):
            offset = token.start
            for part in token.text.split("-"):
                parts.append(len(split))
                split.append(Token(part, offset, offset + len(part)))
                offset += len(part) + 1
        else:
            split.append(token)
    return (split, parts) if parts else None


def words(text: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(normalise(text))]


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


OPENING_QUOTES = "«\"“„’"  # after normalising: ' and ‘ are folded to ’
CLOSING_QUOTES = "»\"”“’"


def is_quoted(term: str) -> bool:
    """Whether a glossary term is written in quotation marks («Запад», “West”): a name that is
    also a common word, to be matched only where a text uses it as the name."""
    term = normalise(term)
    return len(term) > 2 and term[0] in OPENING_QUOTES and term[-1] in CLOSING_QUOTES


# Short words a name leaves in lower case: "Republic of Belarus", «Договор о Союзе».
MAX_LOWER_IN_NAME = 3


def looks_like_name(term: str) -> bool:
    """Whether a term is written as a name: every word capitalised but short connecting ones
    (of, the, and; о, и, аб). Glossaries write common nouns in lower case, so a term of a
    glossary with no part of speech (IATE, MultiTerm) that looks so is taken for a name."""
    found = words(term)
    return bool(found) and any(is_capitalised(w) for w in found) and all(
        is_capitalised(w) or w.isdigit() or len(w) <= MAX_LOWER_IN_NAME for w in found)


def is_acronym(word: str) -> bool:
    """All capitals, at least two letters (ОДКБ, BRICS, G20 counts too), or an acronym of
    syllables written in mixed case: three capitals or more, half the letters at least, the
    first and the last among them (ЕврАзЭС, ЕўрАзЭС, EurAsEC; not McDonald, nor NGOs)."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    return len(letters) >= 2 and capitals == len(letters) or (
        len(letters) == 1 and word[:1].isupper() and any(c.isdigit() for c in word)) or (
        capitals >= 3 and 2 * capitals >= len(letters) and letters[0].isupper()
        and letters[-1].isupper())


def script(text: str) -> str | None:
    """'Cyrl', 'Latn', or None when the text has letters of neither (or of both)."""
    cyrillic, latin = bool(_CYRILLIC.search(text)), bool(_LATIN.search(text))
    if cyrillic and not latin:
        return "Cyrl"
    if latin and not cyrillic:
        return "Latn"
    return None


# Letters only one of the two languages writes (Russian has no apostrophe inside words).
BELARUSIAN_ONLY = frozenset("іў’")
RUSSIAN_ONLY = frozenset("ищъ")


def guess_language(content: str) -> str | None:
    """'en', 'ru' or 'be' for a text of some length, by its letters; None with no letters.

    Latin against Cyrillic letters decides the script; in Cyrillic, the letters only one of
    the two languages has (і, ў, ’ against и, щ, ъ) decide between Belarusian and Russian.
    """
    latin = len(_LATIN.findall(content))
    cyrillic = len(_CYRILLIC.findall(content))
    if not latin and not cyrillic:
        return None
    if latin > cyrillic:
        return "en"
    letters = content.casefold()
    belarusian = sum(1 for c in letters if c in BELARUSIAN_ONLY)
    russian = sum(1 for c in letters if c in RUSSIAN_ONLY)
    return "be" if belarusian > russian else "ru"
