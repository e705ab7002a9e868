"""Russian keys: lemmas from pymorphy3 and its OpenCorpora dictionary, ё folded to е.

A glossary word is keyed by the lemma of its most likely nominative reading; a text word by
the lemmas of all its readings («стали» → стать, сталь), so that any case and number form
of a term matches and an ambiguous text word is not lost. A glossary word with no nominative
reading at all is a word the dictionary does not know in that form (a surname read as another
word's genitive plural: «Токаев» as «токай», «Пашинян» as «пашинянин»), so it is its own
lemma; a text word stands for itself too, so that such a term is still found as written.
"""

from __future__ import annotations

import functools

import pymorphy3
import pymorphy3_dicts_ru
from pymorphy3.units import DictionaryAnalyzer

from .text import CACHE_SIZE

# Prefixes Russian puts before any word, the field's neologisms among them («кибератака»,
# «многовекторность», «постсоветский»): a word the dictionary lacks is known when one of them
# stands before a word it has.
PREFIXES = ("анти", "взаимо", "гео", "гипер", "де", "евро", "квази", "кибер", "контр", "меж",
            "много", "мульти", "нарко", "не", "нео", "обще", "одно", "поли", "пост", "пред",
            "псевдо", "сверх", "суб", "транс", "ультра", "экс")
MIN_PREFIXED = 4  # letters left after a prefix, so that «не» + «т» proves nothing


class Russian:
    lang = "ru"

    def __init__(self) -> None:
        # The dictionary's folder given outright: pymorphy3 would otherwise look for it
        # through the installed packages' entry points, a third of a cold lookup's time.
        self._morph = pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def term_key(self, word: str) -> str:
        parses = self._parse(word)
        nominative = [p for p in parses if {"nomn"} in p.tag or "Fixd" in p.tag]
        return _fold(nominative[0].normal_form if nominative else word.casefold())

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def text_keys(self, word: str) -> frozenset[str]:
        return frozenset({_fold(p.normal_form) for p in self._parse(word)}
                         | {_fold(word.casefold())})

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def is_known(self, word: str) -> bool:
        """Whether the dictionary has the word, also after a prefix (pymorphy3's own and
        `PREFIXES`); a reading guessed from the ending alone does not count, so a Belarusian
        ending on a Russian stem («нераспространенне») is not known."""
        lower = word.casefold()
        if any(type(p.methods_stack[0][0]) is DictionaryAnalyzer for p in self._parse(lower)):
            return True
        return any(lower.startswith(prefix) and len(lower) - len(prefix) >= MIN_PREFIXED
                   and self.is_known(lower[len(prefix):]) for prefix in PREFIXES)

    def _parse(self, word: str) -> list:
        """pymorphy3's readings; none for a word it cannot take (it asks the Unicode name of
        every letter, and a letter newer than Python's Unicode tables has none)."""
        try:
            return self._morph.parse(word)
        except ValueError:
            return []


def _fold(lemma: str) -> str:
    return lemma.replace("ё", "е")
