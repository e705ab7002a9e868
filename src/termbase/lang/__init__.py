"""Per-language analyzers behind one small protocol, used by lookup, TM search and checks.

An analyzer turns a word into match keys. A word of a glossary term, written in its
dictionary form, gets one key (`term_key`); a word of running text or of a query may be any
inflected form and gets the set of keys it could belong to (`text_keys`). A text matches a
term when, word by word, the term's key is among the text word's keys. Russian keys are
pymorphy3 lemmas; Belarusian and English have rule-based analyzers of their own.
"""

from __future__ import annotations

import functools
from typing import Protocol

from . import tags, text


class Analyzer(Protocol):
    lang: str

    def term_key(self, word: str) -> str:
        """The key of a word of a glossary term (dictionary form)."""

    def text_keys(self, word: str) -> frozenset[str]:
        """Every key a word of running text may stand for."""


class Generic:
    """Any other language: case-folded words, no morphology."""

    def __init__(self, lang: str):
        self.lang = lang

    def term_key(self, word: str) -> str:
        return word.casefold()

    def text_keys(self, word: str) -> frozenset[str]:
        return frozenset((word.casefold(),))


@functools.cache
def analyzer(lang: str) -> Analyzer:
    """The analyzer for a language tag (`ru`, `be-BY`, `en-GB` …), built once."""
    from .tags import primary

    code = primary(lang)
    if code == "ru":
        from .ru import Russian
        return Russian()
    if code == "be":
        from .be import Belarusian
        return Belarusian()
    if code == "en":
        from .en import English
        return English()
    return Generic(code)


# An English term's leading article is no word of the name: "the West" is found in "East and
# West", as a query «the CSTO's» finds CSTO. A deprecated term keeps it: "the Ukraine" is
# deprecated for its article.
ARTICLES = ("the", "a", "an")


def term_words(lang: str, term: str, status: str | None = None) -> list[str]:
    """The words of a glossary term that a text must have: an English one's leading article
    left out, unless the term is deprecated."""
    found = text.words(term)
    if (len(found) > 1 and found[0].casefold() in ARTICLES and tags.primary(lang) == "en"
            and status != "deprecated"):
        return found[1:]
    return found


def term_keys(lang: str, term: str, status: str | None = None) -> tuple[str, ...]:
    """Keys of every word of a glossary term (`term_words`)."""
    chosen = analyzer(lang)
    return tuple(chosen.term_key(word) for word in term_words(lang, term, status))


def text_keys(lang: str, words: list[str]) -> list[frozenset[str]]:
    chosen = analyzer(lang)
    return [chosen.text_keys(word) for word in words]


def matches(lang: str, term: str, phrase: str) -> bool:
    """Whether `phrase`, as written in a text, is the glossary term `term` in some case and
    number: as many words, and each word's keys holding the key of the term's word in its
    place. It is the test lookup and the term finder make on the index; case (proper names,
    acronyms in capitals) is judged apart, by `termbase.matching.case_agrees`."""
    wanted = term_keys(lang, term)
    found = text_keys(lang, text.words(phrase))
    return len(wanted) == len(found) and all(key in keys for key, keys in zip(wanted, found))
