"""Belarusian keys: noun and adjective declension by rule (PyPI has no Belarusian morphology).

A glossary word, in its dictionary form, is keyed by its stem: the longest nominative ending
is cut («дзяржава» → «дзяржав», «Саюзная» → «саюзн»). A word of running text may be in any case
and number, so it stands for the word itself and for every stem left by cutting any noun or
adjective ending it has («дзяржавамі» → «дзяржавам», «дзяржав», …); it matches a term word
when one of these is that word's key. Stems are written in a form that hides what declension
changes in them:
- akanne and yakanne: unstressed о/ё/э/я are written а/я/е when the stress moves
  («горад» – «гарады», «сяло» – «сёлы»), so о→а and ё, э, я → е in the key;
- ў/в: a final ў is в before an ending («Кіеў» – «Кіева», «дзяржаў» – «дзяржава»), so a
  term's final ў is keyed as в and a text word ending in ў stands for both; a word-initial ў
  is у after a vowel («і Ўкраіна»);
- softening before -е/-і, in the text only: к/ц, г/з, х/с, т/ц, д/дз («бяспека» –
  «бяспецы», «Прага» – «Празе», «Савет» – «Савеце»), so a text word whose stem ends in ц, з,
  с or дз also stands for the hard-consonant stems;
- a consonant doubled in the instrumental singular, in the text only («Беларусь» –
  «Беларуссю»);
- fleeting vowels, in the text only: a stem ending in two consonants also stands for the stem
  with а or е between them («пасла» → «пасол»).
Acronyms (АДКБ, ААН) are never cut.
"""

from __future__ import annotations

import functools

from . import CACHE_SIZE
from .text import is_acronym

# Case and number endings of nouns and adjectives, hard and soft declension. Endings that
# begin with і/ы after a consonant keep it, so that «Расія», «Расіі», «Расію», «Расій» all
# meet at «рас» and «арганізацыя», «арганізацый» at «арганізац».
ENDINGS = frozenset({
    # adjectives
    "ы", "і", "ая", "яя", "ое", "ае", "ее", "яе", "ага", "яга", "аму", "яму", "ым", "ім",
    "ай", "яй", "ой", "ою", "аю", "яю", "ую", "юю", "ых", "іх", "ымі", "імі", "ыя", "ія",
    # nouns
    "а", "я", "у", "ю", "е", "э", "о", "ё", "ь", "ам", "ям", "амі", "ямі", "мі", "ьмі", "ах",
    "ях", "аў", "яў", "оў", "ёў", "ей", "ею", "ёй", "ёю", "ом", "ем", "ём",
    "іі", "ію", "ій", "іяй", "іяю", "іям", "іямі", "іях", "іе",
    "ыі", "ыю", "ый", "ыяй", "ыяю", "ыям", "ыямі", "ыях",
})
# The endings a word of a glossary term has in its dictionary form (nominative).
NOMINATIVE_ENDINGS = sorted(
    {"а", "я", "о", "е", "ё", "ь", "ы", "і", "ая", "яя", "ое", "ае", "ее", "яе", "ыя", "ія",
     "іі", "ыі"}, key=len, reverse=True)
MIN_STEM = 2
VOWELS = set("аеёіоуыэюя")
# Vowel letters that declension changes into one another (akanne, yakanne).
_VOWEL_CLASSES = str.maketrans({"о": "а", "ё": "е", "э": "е", "я": "е"})
# Softened stem endings and the hard consonants they come from.
_SOFTENED = {"ц": ("к", "т"), "з": ("г",), "с": ("х",), "дз": ("д",)}


class Belarusian:
    lang = "be"

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def term_key(self, word: str) -> str:
        if is_acronym(word):
            return word.casefold()
        prepared = _prepare(word)[-1]
        for ending in NOMINATIVE_ENDINGS:
            if _can_cut(prepared, ending):
                return _fold(prepared[: -len(ending)])
        return _fold(prepared)

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def text_keys(self, word: str) -> frozenset[str]:
        if is_acronym(word):
            return frozenset((word.casefold(),))
        stems = {stem for prepared in _prepare(word) for stem in _stems(prepared)}
        for stem in list(stems):
            for softened, hard_forms in _SOFTENED.items():
                if stem.endswith(softened):
                    stems.update(stem[: -len(softened)] + hard for hard in hard_forms)
        for stem in list(stems):
            if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
                stems.add(stem[:-1])  # doubled before -ю/-у: «Беларуссю», «ноччу»
        for stem in list(stems):
            if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-2] not in VOWELS:
                stems.update((stem[:-1] + "а" + stem[-1], stem[:-1] + "е" + stem[-1]))
        return frozenset(_fold(stem) for stem in stems)


def _prepare(word: str) -> tuple[str, ...]:
    """The word in lower case; if it ends in ў, also with в (last: the form terms use)."""
    lower = word.casefold()
    if lower.startswith("ў"):
        lower = "у" + lower[1:]
    if lower.endswith("ў") and len(lower) > 2:
        return lower, lower[:-1] + "в"
    return (lower,)


def _stems(lower: str) -> set[str]:
    """The word itself and every stem left by cutting one of the endings it has."""
    stems = {lower}
    for size in range(1, 5):
        if lower[-size:] in ENDINGS and _can_cut(lower, lower[-size:]):
            stems.add(lower[:-size])
    return stems


def _can_cut(word: str, ending: str) -> bool:
    return word.endswith(ending) and sum(1 for c in word if c.isalpha()) - len(ending) >= MIN_STEM


def _fold(stem: str) -> str:
    return stem.translate(_VOWEL_CLASSES)
