"""Russian keys: lemmas from pymorphy3 and its OpenCorpora dictionary, ё folded to е.

A glossary word is keyed by the lemma of its most likely nominative reading; a text word by
the lemmas of all its readings («стали» → стать, сталь), and an adjective also by the key of
its nominative, so that any case and number form of a term matches and an ambiguous text
word is not lost. A glossary word with no nominative reading at all is a word the dictionary
does not know in that form (a surname read as another word's genitive plural: «Токаев» as
«токай», «Пашинян» as «пашинянин»), so it is its own lemma; a text word stands for itself
too, so that such a term is still found as written.
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
# Words of the field pymorphy3's dictionary lacks, in their dictionary form: known in every
# form its readings give them.
FIELD_WORDS = frozenset({"цифровизация", "транзитность"})
# Words whose readings are remembered (a reading is a list of parses: a few kilobytes).
PARSES_KEPT = 4096


class Russian:
    lang = "ru"

    def __init__(self) -> None:
        # The dictionary's folder given outright: pymorphy3 would otherwise look for it
        # through the installed packages' entry points, a third of a cold lookup's time.
        self._morph = pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")
        self._parses: dict[str, list] = {}
        self._nominative_keys: dict[tuple, str] = {}

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def term_key(self, word: str) -> str:
        parses = self._parse(word)
        nominative = [p for p in parses if {"nomn"} in p.tag or "Fixd" in p.tag]
        return _fold(nominative[0].normal_form if nominative else word.casefold())

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def text_keys(self, word: str) -> frozenset[str]:
        parses = self._parse(word)
        keys = {_fold(p.normal_form) for p in parses} | {_fold(word.casefold())}
        # an adjective also by the key its nominative would have as a glossary word, which
        # may be another lemma: «Большая двадцатка» is keyed «больший» (as likely as «большой»
        # to pymorphy3), «Большой двадцаткой» in a text is only «большой»
        for parse in parses:
            if "ADJF" in parse.tag and "nomn" not in parse.tag:
                keys.add(self._nominative_key(parse))
        if word[:1].isupper():  # a surname the dictionary lacks, declined: «Хренину» → хренин
            lower = _fold(word.casefold())
            keys |= {lower[:-len(ending)] + stem for ending, stem in _SURNAME_ENDINGS
                     if lower.endswith(ending) and len(lower) > len(ending) + 2}
        return frozenset(keys)

    def _nominative_key(self, parse) -> str:
        """The glossary key of an adjective's nominative in the parse's gender, number and
        degree, worked out once per paradigm and grammemes (an inflection takes a while)."""
        tag = parse.tag
        if tag.number == "sing" and tag.gender == "masc":  # the lemma is that nominative
            return _fold(self.term_key(parse.normal_form))
        method = parse.methods_stack[0]
        paradigm = method[2] if type(method[0]) is DictionaryAnalyzer else parse.word
        wanted = (paradigm, parse.normal_form, tag.grammemes - {tag.case})
        key = self._nominative_keys.get(wanted)
        if key is None:
            inflected = parse.inflect({"nomn"})
            key = self._nominative_keys[wanted] = _fold(
                self.term_key(inflected.word if inflected else parse.normal_form))
        return key

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def is_known(self, word: str) -> bool:
        """Whether the dictionary has the word, also after a prefix (pymorphy3's own and
        `PREFIXES`); a reading guessed from the ending alone does not count, so a Belarusian
        ending on a Russian stem («нераспространенне») is not known."""
        lower = word.casefold()
        parses = self._parse(lower)
        if any(type(p.methods_stack[0][0]) is DictionaryAnalyzer or p.normal_form in FIELD_WORDS
               for p in parses):
            return True
        return any(lower.startswith(prefix) and len(lower) - len(prefix) >= MIN_PREFIXED
                   and self.is_known(lower[len(prefix):]) for prefix in PREFIXES)

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def is_given_name(self, word: str) -> bool:
        """Whether the dictionary knows the word as a given name («Александр», «Имангали»)."""
        return any("Name" in p.tag for p in self._parse(word))

    def forms(self, word: str) -> set[str]:
        """The forms of the words a glossary word may be in its dictionary form (the lexemes
        of its nominative readings): what a query is likely to hold, so that the index keeps
        their keys (see `termbase.index`)."""
        found: set[str] = set()
        for parse in self._parse(word):
            if ({"nomn"} in parse.tag or "Fixd" in parse.tag) and isinstance(
                    parse.methods_stack[0][0], DictionaryAnalyzer):  # (a guess: not its forms)
                found.update(form.word for form in parse.lexeme)
        return found

    def _parse(self, word: str) -> list:
        """pymorphy3's readings; none for a word it cannot take (it asks the Unicode name of
        every letter, and a letter newer than Python's Unicode tables has none).

        Remembered by the word in lower case, which is all pymorphy3 reads but in a single
        letter (a capital may be an initial): a term's word, its key and its forms in the
        index are one reading."""
        key = word.lower() if len(word) > 1 else word
        found = self._parses.get(key)
        if found is None:
            try:
                found = self._morph.parse(word)
            except ValueError:
                found = []
            if len(self._parses) >= PARSES_KEPT:
                self._parses.clear()
            self._parses[key] = found
        return found


# Case endings of surnames in -ин, -ын, -ов, -ев (masculine, and the feminine -а), and of
# masculine ones in -ь: a surname pymorphy3 does not know («Хренин», «Рыженков», «Зась»)
# still meets its declined forms («Хренину», «Зася», «Засем»).
_SURNAME_ENDINGS = tuple((suffix + ending, suffix) for suffix in ("ин", "ын", "ов", "ев")
                         for ending in ("а", "у", "ым", "е", "ой", "ы", "ых", "ыми")) + tuple(
    (ending, "ь") for ending in ("я", "ю", "ем", "е"))


def _fold(lemma: str) -> str:
    return lemma.replace("ё", "е")
