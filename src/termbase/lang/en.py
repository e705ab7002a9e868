"""English keys: possessives and plurals folded by rule, no stemmer.

A stemmer would make «security» match «securities» and «multipolar» match «multipolarity»;
here only inflection is folded: `'s`, `s'`, regular plurals (-s, -es, -ies) and irregular
ones: a list of the common ones, and -men for -man in compounds (servicemen, chairmen). A
plural that may come from more than one singular stands, in a text, for each: -ies for -y
and -ie (countries, sorties), -ses for -se and -sis (bases, hypotheses), -ves for -ve, -f and
-fe (halves, knives). Capitalised acronyms keep their last letter (BRICS is not BRIC),
though a lower-case plural `s` after one is folded (NGOs → NGO).

Not `inflect` or `lemminflect` (issue 15 weighed them): on the glossary's nouns they fold no
real plural these rules miss, and a cold lookup should not load a lexicon first.
"""

from __future__ import annotations

import functools
import re

from .text import CACHE_SIZE, is_acronym

IRREGULAR_PLURALS = {
    "crises": "crisis", "analyses": "analysis", "theses": "thesis", "bases": "base",
    "men": "man", "women": "woman", "children": "child", "people": "person",
    "criteria": "criterion", "phenomena": "phenomenon", "media": "medium",
}
# Words ending in s that are not plurals of the term they look like.
NOT_PLURALS = {
    "securities", "arms", "customs", "goods", "means", "news", "series", "species",
    "headquarters", "politics", "economics", "physics", "logistics", "tactics", "ethics",
    "statistics", "affairs", "relations", "talks",
}
_ACRONYM_PLURAL = re.compile(r"^[A-ZА-ЯЁ0-9]{2,}s$")
# Plural endings with a second singular beside the one `_singular` gives.
_OTHER_SINGULARS = (("ies", "ie"), ("ses", "sis"), ("ves", "f"))


class English:
    lang = "en"

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def term_key(self, word: str) -> str:
        return _key(word)

    @functools.lru_cache(maxsize=CACHE_SIZE)
    def text_keys(self, word: str) -> frozenset[str]:
        keys = {_key(word)}
        plain = _without_possessive(word)
        if not is_acronym(plain):
            lower = plain.casefold()
            for plural, singular in _OTHER_SINGULARS:
                if lower.endswith(plural) and len(lower) > len(plural) + 1:
                    keys.add(_key(lower[: -len(plural)] + singular))
        return frozenset(keys)


def _key(word: str) -> str:
    word = _without_possessive(word)
    if is_acronym(word):
        return word.casefold()
    if _ACRONYM_PLURAL.match(word):
        return word[:-1].casefold()
    lower = word.casefold()
    if "-" in lower:  # inflection is at the end of a compound: «member-states»
        head, _, last = lower.rpartition("-")
        return f"{head}-{_singular(last)}"
    return _singular(lower)


def _without_possessive(word: str) -> str:
    if word.endswith("’s") and len(word) > 2:
        return word[:-2]
    if word.endswith("s’"):
        return word[:-1]
    return word


def _singular(lower: str) -> str:
    if lower in IRREGULAR_PLURALS:
        stem = IRREGULAR_PLURALS[lower]
    elif lower in NOT_PLURALS or len(lower) <= 3:
        return lower
    elif lower.endswith("ies"):
        stem = lower[:-3] + "y"
    elif lower.endswith(("sses", "shes", "ches", "xes", "zes")) or (
            lower.endswith("ses") and not lower.endswith(("uses", "ises"))):
        stem = lower[:-2]
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ics")):
        stem = lower[:-1]
    else:
        stem = lower
    # -men is the plural of -man in compounds («servicemen», «chairmen»); a singular in -men
    # («specimen», «specimens») is keyed the same way, so that its forms still meet.
    if stem.endswith("men") and len(stem) > 4:
        stem = stem[:-3] + "man"
    # «niche»/«niches» and «church»/«churches» must meet: a final silent e is dropped.
    return stem[:-1] if stem.endswith("e") and len(stem) > 3 else stem
