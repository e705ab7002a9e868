"""Orthography of terms and segments: what pasting from Word and web pages brings in.

Each rule looks at one text with its language. Those with a `fix` are the mechanical repairs
`termbase validate --fix` makes: NFC, invisible characters, apostrophe forms, unambiguous
homoglyphs, Roman numerals typed in Cyrillic, white space. O111 and O112 catch a word of one
language spelt the way of the other where no letter gives it away; a rare word that is right
is waived on its term with the note «x-termbase-ignore: O111».
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from ..diagnostics import ERROR, WARNING
from ..lang import tags
from ..lang.text import APOSTROPHE, INVISIBLE
from .registry import text_rule

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")  # with the accented letters («Могилëв»)
_WORD = re.compile(r"\w+(?:['\u02bc\u2018\u2019`\u00b4\u2032\u02b9\-]\w+)*")
# Letters that look alike in the two alphabets.
LATIN_TO_CYRILLIC = dict(zip("aceopxyiABCEHKMOPTXIsëË", "асеорхуіАВСЕНКМОРТХІѕёЁ"))
CYRILLIC_TO_LATIN = {cyrillic: latin for latin, cyrillic in LATIN_TO_CYRILLIC.items()}
CYRILLIC_TO_LATIN.update({"Х": "X", "І": "I", "С": "C", "М": "M"})
# Roman numerals typed with Cyrillic Х, І, С, М, alone or among Latin ones (two letters or
# more, an X among them: «ХХІ», «ХІХ», «ХХI»; «СМІ» is an acronym).
_CYRILLIC_ROMAN = re.compile(r"(?<!\w)(?=[ХІСМXIVLCDM]*[ХІСМ])(?=[ХІСМXIVLCDM]*[XХ])"
                             r"[ХІСМXIVLCDM]{2,}(?!\w)")
_APOSTROPHE_LOOKALIKES = "\u2018`\u00b4\u2032\u02b9"
_BETWEEN_LETTERS = r"(?<=[^\W\d_]){}(?=[^\W\d_])"
_LOOKALIKE_APOSTROPHE = re.compile(_BETWEEN_LETTERS.format(f"[{_APOSTROPHE_LOOKALIKES}]"))
_PLAIN_APOSTROPHE = re.compile(_BETWEEN_LETTERS.format("['\u02bc]"))
_CYRILLIC_APOSTROPHE = re.compile(r"(?<=[\u0400-\u04ff])['\u02bc\u2019](?=[\u0400-\u04ff])")
_SPACES = re.compile(r"\s+")
_INVISIBLE = frozenset(INVISIBLE)


def _is(lang: str, code: str) -> bool:
    return tags.primary(lang) == code


def _show(characters: str) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in characters)


# --- O101 -------------------------------------------------------------------------------------

def _fix_nfc(lang: str, text: str) -> str:
    return unicodedata.normalize("NFC", text)


@text_rule("O101", "not-nfc", ERROR,
           "Text not in Unicode NFC (a letter and a combining mark instead of one letter).",
           fix=_fix_nfc)
def not_nfc(lang: str, text: str) -> Iterator[str]:
    if not unicodedata.is_normalized("NFC", text):
        yield f"«{text}» is not in NFC; composed it is «{_fix_nfc(lang, text)}»"


# --- O102 -------------------------------------------------------------------------------------

def _fix_invisible(lang: str, text: str) -> str:
    return text.translate({ord(c): None for c in INVISIBLE})


@text_rule("O102", "invisible-character", ERROR,
           "A soft hyphen or zero-width character: invisible, it stops matches.",
           fix=_fix_invisible)
def invisible_character(lang: str, text: str) -> Iterator[str]:
    found = sorted(_INVISIBLE.intersection(text))
    if found:
        yield f"«{_fix_invisible(lang, text)}» contains invisible {_show(''.join(found))}"


# --- O103 -------------------------------------------------------------------------------------
# A word is judged per hyphen-separated part: «S-протеин», «COVID-19-ассоциированной» and
# «ангиотензина-II» join a Latin part and a Cyrillic one, as Russian writes them.

def _homoglyph_fix(lang: str, part: str) -> str | None:
    """The part in one alphabet, when it unambiguously belongs to it; None when in doubt.

    Unambiguous: the stray letters are fewer, each has a look-alike, and the other letters
    include one that has none («дзяржaва»: д, з, я, ж). A Latin acronym glued to a Cyrillic
    word, or a part with digits (ACE2), is a name, not a slip: never rewritten.
    """
    if any(c.isdigit() for c in part):
        return None
    cyrillic, latin = _CYRILLIC.findall(part), _LATIN.findall(part)
    to_cyrillic = len(cyrillic) > len(latin)
    stray, strays, kept = (_LATIN, latin, cyrillic) if to_cyrillic else (_CYRILLIC, cyrillic,
                                                                         latin)
    table, twins = ((LATIN_TO_CYRILLIC, CYRILLIC_TO_LATIN) if to_cyrillic
                    else (CYRILLIC_TO_LATIN, LATIN_TO_CYRILLIC))
    if len(strays) >= len(kept) or any(c not in table for c in strays):
        return None
    if all(c in twins for c in kept):  # every letter has a twin: which alphabet is meant?
        return None
    if any(stray.match(a) and stray.match(b) and a.isupper() and b.isupper()
           for a, b in zip(part, part[1:])):
        return None  # two stray capitals in a row: an acronym
    if to_cyrillic and not _is(lang, "be") and ("i" in part or "I" in part):
        return None  # Latin i stands for і only in Belarusian
    return "".join(table.get(c, c) if stray.match(c) else c for c in part)


def _mixed_words(text: str) -> Iterator[str]:
    """The hyphen-separated parts of words that mix the two alphabets."""
    if not (_CYRILLIC.search(text) and _LATIN.search(text)):
        return  # (a text of one alphabet has no such part)
    for match in _WORD.finditer(text):
        for part in match.group().split("-"):
            if _CYRILLIC.search(part) and _LATIN.search(part):
                yield part


def _fix_mixed(lang: str, text: str) -> str:
    for word in set(_mixed_words(text)):
        fixed = _homoglyph_fix(lang, word)
        if fixed:
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", fixed, text)
    return text


@text_rule("O103", "mixed-script", ERROR,
           "A word, or a hyphen-joined part of one, mixing Latin and Cyrillic letters (a Latin "
           "«a» in «дзяржaва»; «SIM-карта» is right).",
           fix=_fix_mixed)
def mixed_script(lang: str, text: str) -> Iterator[str]:
    for word in _mixed_words(text):
        latin = "".join(sorted(set(_LATIN.findall(word))))
        fixed = _homoglyph_fix(lang, word)
        hint = f"; did you mean «{fixed}»?" if fixed else ""
        yield f"«{word}» mixes Latin ({latin}) and Cyrillic letters{hint}"


# --- O104 -------------------------------------------------------------------------------------

def _fix_roman(lang: str, text: str) -> str:
    return _CYRILLIC_ROMAN.sub(
        lambda m: "".join(CYRILLIC_TO_LATIN.get(c, c) for c in m.group()), text)


def mend_lookalikes(lang: str, text: str) -> str:
    """The text with the look-alike letters O103 and O104 would mend put right, letter for
    letter (offsets hold): what `check` matches terms in, so that «дзяржaва» with a Latin a
    is found, and reported as such (T109). Then, since the text's language is known, a word
    with letters of its alphabet has its other letters turned into it where each has a twin,
    the word taken whole, capitals in a row too: «Искандер-M», «ПBO» in Russian. (O103 is
    more careful, since it rewrites the glossary; here a mended word matters only where it
    is a glossary term.)"""
    return _toward_language(lang, _fix_roman(lang, _fix_mixed(lang, text)))


def _toward_language(lang: str, text: str) -> str:
    if _is(lang, "en"):
        own, other, table = _LATIN, _CYRILLIC, CYRILLIC_TO_LATIN
    elif _is(lang, "ru") or _is(lang, "be"):
        own, other, table = _CYRILLIC, _LATIN, LATIN_TO_CYRILLIC
    else:
        return text
    if not (own.search(text) and other.search(text)):
        return text

    def mended(match: re.Match) -> str:
        word = match.group()
        strays = other.findall(word)
        if not strays or not own.search(word) or any(c not in table for c in strays) or (
                _is(lang, "ru") and ("i" in strays or "I" in strays)):
            return word  # (Latin i stands for і only in Belarusian)
        return "".join(table[c] if other.match(c) else c for c in word)

    return _WORD.sub(mended, text)


@text_rule("O104", "cyrillic-roman-numeral", ERROR,
           "A Roman numeral typed with Cyrillic letters («ХХІ век»); Roman numerals are Latin.",
           fix=_fix_roman)
def cyrillic_roman_numeral(lang: str, text: str) -> Iterator[str]:
    for match in _CYRILLIC_ROMAN.finditer(text):
        latin = "".join(CYRILLIC_TO_LATIN.get(c, c) for c in match.group())
        yield f"«{match.group()}» is a Roman numeral in Cyrillic letters; write «{latin}»"


# --- O105, O106 -------------------------------------------------------------------------------

@text_rule("O105", "belarusian-letters", ERROR,
           "A Belarusian text with и, щ, ъ (Russian) or ї, є, ґ (Ukrainian).")
def belarusian_letters(lang: str, text: str) -> Iterator[str]:
    if _is(lang, "be"):
        found = sorted(set(re.findall(r"[иИщЩъЪїЇєЄґҐ]", text)))
        if found:
            yield f"Belarusian «{text}» contains {', '.join(f'«{c}»' for c in found)}"


@text_rule("O106", "russian-letters", ERROR,
           "A Russian text with і or ў, or an apostrophe inside a Cyrillic word (Russian uses ъ).")
def russian_letters(lang: str, text: str) -> Iterator[str]:
    if _is(lang, "ru"):
        found = sorted(set(re.findall(r"[іІўЎ]", text)))
        if found:
            yield f"Russian «{text}» contains {', '.join(f'«{c}»' for c in found)}"
        if _CYRILLIC_APOSTROPHE.search(text):
            yield f"Russian «{text}» has an apostrophe inside a word (Russian writes ъ)"


# --- O107, O108 -------------------------------------------------------------------------------

def _fix_lookalike_apostrophe(lang: str, text: str) -> str:
    return _LOOKALIKE_APOSTROPHE.sub(APOSTROPHE, text)


@text_rule("O107", "apostrophe-lookalike", ERROR,
           "A quotation mark, accent or prime used as an apostrophe (‘ ` ´ ′ ʹ).",
           fix=_fix_lookalike_apostrophe)
def apostrophe_lookalike(lang: str, text: str) -> Iterator[str]:
    if not _LOOKALIKE_APOSTROPHE.search(text):
        return
    found = sorted({m.group() for m in _LOOKALIKE_APOSTROPHE.finditer(text)})
    if found:
        yield (f"«{text}» uses {_show(''.join(found))} as an apostrophe; "
               f"write ’ (U+2019)")


def _fix_belarusian_apostrophe(lang: str, text: str) -> str:
    return _PLAIN_APOSTROPHE.sub(APOSTROPHE, text) if _is(lang, "be") else text


@text_rule("O108", "belarusian-apostrophe-form", WARNING,
           "A Belarusian apostrophe written as ' (U+0027) or ʼ (U+02BC), not ’ (U+2019).",
           fix=_fix_belarusian_apostrophe)
def belarusian_apostrophe_form(lang: str, text: str) -> Iterator[str]:
    if _is(lang, "be"):
        found = sorted({m.group() for m in _PLAIN_APOSTROPHE.finditer(text)})
        if found:
            yield f"«{text}» writes the apostrophe as {_show(''.join(found))}; the glossary " \
                  "keeps ’ (U+2019)"


# --- O109, O110 -------------------------------------------------------------------------------

def _fix_whitespace(lang: str, text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@text_rule("O109", "whitespace", WARNING,
           "A term with leading, trailing, doubled or non-space white space.", terms_only=True,
           fix=_fix_whitespace)
def whitespace(lang: str, text: str) -> Iterator[str]:
    if text != _fix_whitespace(lang, text) and text.strip():
        yield f"«{text}» has stray white space"


_PAIRS = (("(", ")"), ("[", "]"), ("«", "»"), ("“", "”"))
_PAIRED = re.compile(r'[()\[\]«»“”"]')
_FINAL_STOPS = (",", ";", ":", ".")
_LAST_WORD_WITH_STOP = re.compile(r"(\w+)\.$")


@text_rule("O110", "stray-punctuation", WARNING,
           "A term ending in , ; : or a full stop (not of an abbreviation such as «г.»), or with "
           "an unpaired bracket or quotation mark.", terms_only=True)
def stray_punctuation(lang: str, text: str) -> Iterator[str]:
    stripped = text.strip()
    if stripped[-1:] not in _FINAL_STOPS and not _PAIRED.search(stripped):
        return  # (no stop at the end, no bracket or quotation mark: nothing to say)
    last = _LAST_WORD_WITH_STOP.search(stripped)
    if stripped[-1:] in (",", ";", ":") or (last and len(last.group(1)) > 4):
        yield f"«{text}» ends in punctuation"
    unpaired = [a + b for a, b in _PAIRS if stripped.count(a) != stripped.count(b)]
    if stripped.count('"') % 2:
        unpaired.append('"')
    if unpaired:
        yield f"«{text}» has an unpaired {' '.join(unpaired)}"


# --- O111, O112 -------------------------------------------------------------------------------

_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+(?:['\u02bc\u2019][\u0400-\u04ff]+)*"
                            r"(?:-[\u0400-\u04ff]+(?:['\u02bc\u2019][\u0400-\u04ff]+)*)*")
MIN_CHECKED = 3  # shorter words are prepositions, particles and abbreviations


def _checked_parts(text: str) -> Iterator[str]:
    """The Cyrillic words of a text that a dictionary can judge: lower-case (a capital marks
    a proper name, an acronym or the start of a sentence), long enough, and of a hyphenated
    word the last part and any that is not a compound's first part in -о/-е
    («военно-политический», «российско-белорусский»)."""
    for word in _CYRILLIC_WORD.findall(_fix_invisible("", _fix_nfc("", text))):
        parts = word.split("-")
        for position, part in enumerate(parts):
            if (len(part) < MIN_CHECKED or not part.islower()
                    or (position < len(parts) - 1 and part.endswith(("о", "е")))):
                continue
            yield part


@text_rule("O111", "russian-unknown-word", WARNING,
           "A Russian word the dictionary does not know, even after a prefix: often a Belarusian "
           "ending on a Russian stem («нераспространенне»). Proper names and acronyms aside.")
def russian_unknown_word(lang: str, text: str) -> Iterator[str]:
    if _is(lang, "ru"):
        from ..lang import analyzer

        russian = analyzer("ru")
        unknown = [word for word in _checked_parts(text) if not russian.is_known(word)]
        if unknown:
            yield (f"Russian «{text}»: {', '.join(f'«{w}»' for w in unknown)} is in no Russian "
                   "dictionary; a misspelling, or a rare word to waive on the term")


@text_rule("O112", "belarusian-russian-spelling", WARNING,
           "A Belarusian word spelt the Russian way: т, д, р, ч, ш, ж before е, ё, ю, я, ь "
           "(«стена» for «сцяна») or an ending -ого, -ый.")
def belarusian_russian_spelling(lang: str, text: str) -> Iterator[str]:
    if _is(lang, "be"):
        from ..lang.be import russian_spelling

        found = [(word, part) for word in _CYRILLIC_WORD.findall(_fix_nfc("", text))
                 if (part := russian_spelling(word))]
        if found:
            yield (f"Belarusian «{text}»: " + ", ".join(f"«{w}» ({p})" for w, p in found)
                   + " is spelt the Russian way")
