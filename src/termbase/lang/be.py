"""Belarusian keys: noun and adjective declension by rule (PyPI has no Belarusian morphology).

A glossary word, in its dictionary form, is keyed by its stem: the longest nominative ending
is cut («дзяржава» → «дзяржав», «Саюзная» → «саюзн»). A word of running text may be in any case
and number, so it stands for the word itself and for every stem left by cutting any noun or
adjective ending it has («дзяржавамі» → «дзяржавам», «дзяржав», …); it matches a term word
when one of these is that word's key. Stems are written in a form that hides what declension
changes in them:
- akanne and yakanne: unstressed о/ё/э/я are written а/я/е when the stress moves
  («горад» – «гарады», «сяло» – «сёлы»), so о→а and ё, э, я → е in the key;
- ў/в: ў is the в that ends a syllable, after a vowel at the end of a word or before a
  consonant («Кіеў» – «Кіева», «дзяржаў» – «дзяржава», «узровень» – «узроўню»), so every ў
  but an initial one is в in the key; a word-initial ў is у after a vowel («і Ўкраіна»);
- softening before -е/-і, in the text only: к/ц, г/з, х/с, т/ц, д/дз («бяспека» –
  «бяспецы», «Прага» – «Празе», «Савет» – «Савеце»), so a text word whose stem ends in ц, з,
  с or дз also stands for the hard-consonant stems;
- a consonant doubled in the instrumental singular, in the text only («Беларусь» –
  «Беларуссю», «моладзь» – «моладдзю»);
- fleeting vowels, in the text only: a stem ending in two consonants also stands for the stem
  with а or е between them («пасла» → «пасол», also in short words: «сну» → «сон»); before
  the е a д or т is written дз or ц (дзеканне, цеканне: «дня» → «дзень»);
- the soft sign: a term's final ь is kept in its key, since it tells a soft stem from a hard
  one («Беларусь» is not «беларус», «беларусы»). A text stem keeps it when the ending cut
  from it marks the consonant soft (і, е, ё, ю, я: «Беларусі», «абласцей», «Днём») and the
  consonant is one Belarusian writes ь after (з, с, ц, дз, л, н); a bare -е or -ё does not
  count, since a noun in -ь never takes one (its locative is -і: «у Беларусі», but «аб
  беларусе»);
- й before a vowel, in the text only: a stem in -й is written with the vowel letter that
  follows it (й + а, у, э, і → я, ю, е, і: «Кітай» – «Кітая», «Кітаем», «у Кітаі»), so a stem
  ending in a vowel, cut before one of those letters, also stands for the stem with й;
- prothetic в, in the text only: an initial stressed о takes a в that goes when the stress
  moves and о turns а («вобласць» – «абласцей», «возера» – «азёры»), so a text word
  beginning with а also stands for the stem with в before it.
Acronyms (АДКБ, ААН) are never cut. In a hyphenated word each part is keyed on its own, since
both parts of a compound noun decline («дзяржава-член» – «дзяржавы-члены», «дзяржаў-членаў»)
and the first part of a compound adjective keeps its form («ваенна-палітычнай»).
"""

from __future__ import annotations

import functools
import itertools
import math
import re

from .text import CACHE_SIZE, is_acronym

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
# A final ь is not among them: it belongs to the stem (see the module's docstring).
NOMINATIVE_ENDINGS = sorted(
    {"а", "я", "о", "е", "ё", "ы", "і", "ая", "яя", "ое", "ае", "ее", "яе", "ыя", "ія",
     "іі", "ыі"}, key=len, reverse=True)
MIN_STEM = 2
# Keys a hyphenated text word may have, one for each combination of its parts' keys.
MAX_COMPOUND_KEYS = 1024
VOWELS = set("аеёіоуыэюя")
# Letters that declension changes into one another: vowels (akanne, yakanne) and ў/в.
_KEY_LETTERS = str.maketrans({"о": "а", "ё": "е", "э": "е", "я": "е", "ў": "в"})
# Softened stem endings and the hard consonants they come from.
_SOFTENED = {"ц": ("к", "т"), "з": ("г",), "с": ("х",), "дз": ("д",)}
# Letters that mark the consonant before them soft, and the consonants ь is written after
# (дз ends in з). A noun in -ь has no ending that is a bare е or ё.
_SOFT_MARKS = frozenset("іеёюяь")
_NOT_AFTER_SOFT_SIGN = frozenset(("е", "ё"))
_TAKE_SOFT_SIGN = frozenset("зсцлн")
# Letters that stand for й and a vowel after a vowel.
_IOTATED = frozenset("яюеёі")


# What Belarusian spelling never has and Russian has all the time: т, д, р, ч, ш, ж before
# е, ё, ю, я or ь (Belarusian р, ч, ш, ж are hard, т and д turn ц and дз: «стена» – «сцяна»,
# «дети» – «дзеці», «река» – «рака», «безопасность» – «бяспека»; loanwords take э: «тэрмін»),
# and the Russian adjective endings -ого and -ый (but the -ый of «арганізацый», «Дзмітрый»).
_RUSSIAN_SPELLING = re.compile(r"[тдрчшж][еёюяь]|ого$|(?<![црдтчшжЦРДТЧШЖ])ый$", re.IGNORECASE)


def russian_spelling(word: str) -> str | None:
    """The letters that give a Belarusian word away as spelt the Russian way, if any."""
    if is_acronym(word):
        return None
    found = _RUSSIAN_SPELLING.search(word)
    return found.group() if found else None


class Belarusian:
    lang = "be"

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def term_key(self, word: str) -> str:
        if is_acronym(word):
            return word.casefold()
        return "-".join(_term_key(part) for part in word.split("-"))

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def text_keys(self, word: str) -> frozenset[str]:
        if is_acronym(word):
            return frozenset((word.casefold(),))
        parts = [sorted(_text_keys(part)) for part in word.split("-")]
        if math.prod(len(keys) for keys in parts) > MAX_COMPOUND_KEYS:
            return frozenset(_text_keys(word))  # a long chain of parts: only its end declines
        return frozenset("-".join(keys) for keys in itertools.product(*parts))


def _term_key(word: str) -> str:
    prepared = _prepare(word)
    for ending in NOMINATIVE_ENDINGS:
        if _can_cut(prepared, ending):
            return _fold(prepared[: -len(ending)])
    return _fold(prepared)


def _text_keys(word: str) -> set[str]:
    # Each stem with whether the ending cut from it marks its last consonant soft.
    stems = _stems(_prepare(word))
    for stem, soft in list(stems):
        for softened, hard_forms in _SOFTENED.items():
            if stem.endswith(softened):
                stems.update((stem[: -len(softened)] + hard, soft) for hard in hard_forms)
    for stem, soft in list(stems):
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            stems.add((stem[:-1], soft))  # doubled before -ю/-у: «Беларуссю», «ноччу»
        elif stem.endswith("ддз"):
            stems.add((stem[:-3] + "дз", soft))  # дз doubled: «моладдзю»
    for stem, soft in list(stems):
        if len(stem) >= 2 and _is_consonant(stem[-1]) and _is_consonant(stem[-2]):
            head, last = stem[:-1], stem[-1]
            before_e = head[:-1] + {"д": "дз", "т": "ц"}.get(head[-1], head[-1])
            stems.update(((head + "а" + last, soft), (before_e + "е" + last, soft)))
    keys = set()
    for stem, soft in stems:
        keys.add(stem)
        if soft and stem[-1:] in _TAKE_SOFT_SIGN:
            keys.add(stem + "ь")
    keys.update(["в" + key for key in keys if key.startswith("а")])
    return {_fold(key) for key in keys}


def _prepare(word: str) -> str:
    """The word in lower case, an initial ў written у."""
    lower = word.casefold()
    return "у" + lower[1:] if lower.startswith("ў") else lower


def _stems(lower: str) -> set[tuple[str, bool]]:
    """The word itself and every stem left by cutting one of the endings it has, each with
    whether that ending marks the stem's last consonant soft. A stem ending in a vowel, cut
    before a letter that stands for й and a vowel, also comes with its й («Кітая» → «кітай»).
    """
    stems = {(lower, False)}
    for size in range(1, 5):
        ending = lower[-size:]
        if ending in ENDINGS and _can_cut(lower, ending):
            stem = lower[:-size]
            stems.add((stem, ending[0] in _SOFT_MARKS and ending not in _NOT_AFTER_SOFT_SIGN))
            if ending[0] in _IOTATED and stem[-1] in VOWELS:
                stems.add((stem + "й", False))
    return stems


def _is_consonant(letter: str) -> bool:
    return letter.isalpha() and letter not in VOWELS and letter != "ь"


def _can_cut(word: str, ending: str) -> bool:
    return word.endswith(ending) and sum(1 for c in word if c.isalpha()) - len(ending) >= MIN_STEM


def _fold(stem: str) -> str:
    return stem.translate(_KEY_LETTERS)
