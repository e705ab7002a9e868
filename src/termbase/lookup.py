"""Term lookup in any direction: exact, inflected, abbreviation and fuzzy matches.

A query is matched in each language it could be written in (Latin → en; Cyrillic → ru and
be, narrowed by letters only one of them has). It matches a term
- `exact`: the same text after normalisation and case folding;
- `inflected`: the same words in another case, number or spelling the analyzers fold
  («Саюзнай дзяржавы» → «Саюзная дзяржава», «the CSTO's» → «CSTO»);
- `abbreviation`: either of the above on an acronym or abbreviation;
- `fuzzy` (on request): a similar spelling, scored 0–100 by rapidfuzz.
When the whole query matches nothing, the terms inside it are found, their score scaled by
the share of the query they cover; a leading English article is ignored.
Proper names keep their capitals: an inflected match needs every capitalised word of a
proper-noun term capitalised in the query, so «союзные государства» (allied states) does not
find «Союзное государство».
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from .errors import TermbaseError
from .inputs import excerpt
from .index import Index, TermRow
from .matching import case_agrees, named_there, words_agree
from .lang.text import fold
from .lang import ARTICLES, analyzer, tags, term_words, text
from .model import SHORT_FORMS

EXACT = "exact"
INFLECTED = "inflected"
ABBREVIATION = "abbreviation"
FUZZY = "fuzzy"
SURNAME = "surname"
PART = "part"
SCORES = {EXACT: 100.0, INFLECTED: 90.0, SURNAME: 85.0, PART: 80.0}
PART_CANDIDATES = 50  # names a part of a name may belong to, at most
FUZZY_CANDIDATES = 500
# Up to this many readings of a query's words are looked up directly by their joined keys;
# beyond, terms are fetched by their first word and checked one by one.
MAX_KEY_COMBINATIONS = 4096
# A query is a term or a phrase, not a text (`termbase check --lang` finds the terms of a
# text): bounded, so that any query string is answered in bounded time and memory.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 100


@dataclass
class Match:
    """A concept found by a query: how, how well, through which term."""

    concept: dict
    how: str
    score: float
    lang: str
    term: str
    status: str | None
    type: str | None
    preferred: list[str] = field(default_factory=list)  # when the matched term is deprecated

    def as_dict(self, languages: list[str] | None = None) -> dict:
        shown: dict[str, list[dict]] = {}
        for term in self.concept["terms"]:
            if languages and tags.primary(term["lang"]) not in languages:
                continue
            entry = {"term": term["text"], "status": term["status"], "type": term["type"]}
            if term.get("usage"):  # the regions where it holds its recorded status
                entry["usage"] = term["usage"]
            shown.setdefault(term["lang"], []).append(entry)
        result = {
            "concept": self.concept["id"], "file": self.concept["file"], "match": self.how,
            "score": round(self.score, 1),
            "matched": {"lang": self.lang, "term": self.term, "status": self.status,
                        "type": self.type},
            "subject_fields": self.concept["subject_fields"],
            "definition": next((d["text"] for d in self.concept["definitions"]), None),
            "languages": shown,
        }
        if self.preferred:
            result["matched"]["use_instead"] = self.preferred
        return result


def detect_languages(query: str) -> list[str]:
    """Languages the query may be written in, most likely first."""
    script = text.script(query)
    if script == "Latn":
        return ["en"]
    if script == "Cyrl":
        letters = set(query.casefold())
        belarusian = bool(letters & text.BELARUSIAN_ONLY)
        russian = bool(letters & text.RUSSIAN_ONLY)
        if belarusian and not russian:
            return ["be"]
        if russian and not belarusian:
            return ["ru"]
        return ["ru", "be"]
    return ["ru", "be", "en"]


def bounded_query(query: str) -> str:
    """The query normalised; TermbaseError when it is too long to be a term or a phrase."""
    query = text.normalise(query)
    words = len(text.words(query)) if len(query) <= MAX_QUERY_CHARS else 0
    if len(query) > MAX_QUERY_CHARS or words > MAX_QUERY_WORDS:
        size = f"{len(query)} characters" if len(query) > MAX_QUERY_CHARS else f"{words} words"
        raise TermbaseError(f"«{excerpt(query, 40)}» is too long to look up: {size}, at most "
                            f"{MAX_QUERY_CHARS} characters and {MAX_QUERY_WORDS} words (the "
                            "terms of a text: termbase check --lang LANG FILE)")
    return query


def lookup(index: Index, query: str, languages: list[str] | None = None, fuzzy: bool = False,
           min_score: float = 75.0, limit: int = 20) -> list[Match]:
    """Concepts matching `query`, best first, one match per concept."""
    query = bounded_query(query)
    if not query:
        return []
    languages = [tags.primary(lang) for lang in (languages or detect_languages(query))]
    best: dict[int, Match] = {}

    def offer(row: TermRow, how: str, score: float) -> None:
        if row.type in SHORT_FORMS and how in (EXACT, INFLECTED):
            how = ABBREVIATION
        current = best.get(row.concept)
        if current is None or score > current.score:
            best[row.concept] = Match(index.concept(row.concept), how, score, row.lang,
                                      row.text, row.status, row.type)

    for row in index.terms_by_norm(fold(query)):
        if tags.primary(row.lang) in languages and case_agrees(row, text.words(query),
                                                                strict=False):
            offer(row, EXACT, SCORES[EXACT])  # («орешник» is a hazel, not «Орешник»)
    normalised = text.normalise(query)
    tokens = text.tokens(normalised)
    if tokens and tokens[0].text.casefold() in ARTICLES and "en" in languages and len(tokens) > 1:
        tokens = tokens[1:]

    def by_words(tokens: list[text.Token]) -> tuple[list[str], dict]:
        """Offer the terms the query's words are forms of: all of them, else its parts."""
        words = [token.text for token in tokens]
        keys = {lang: index.text_keys(lang, words) for lang in languages}
        whole = {(0, len(words))}
        if len(words) > 1 and words[-1].isdigit():
            whole.add((0, len(words) - 1))  # an edition («Щит Союза-2023»): the series too
        parts = False
        for span in _spans(len(words), index.longest_term()):
            if span not in whole and not parts:
                if best:
                    break  # the whole query matched; its parts are not asked for
                parts = True
            for lang in languages:
                for row, how in _inflected(index, lang, normalised, tokens, keys[lang], *span):
                    if row.concept not in best:
                        offer(row, how, SCORES[how] * (span[1] - span[0]) / len(words))
        return words, keys

    words, keys = by_words(tokens)
    joined = text.joined_names(tokens)
    if not best and joined is not None:  # "Belarus–Russia": Belarus and Russia
        words, keys = by_words(joined[0])
    if not best and words:
        for lang in languages:
            for row, how, score in _parts_of_names(index, lang, words, keys[lang]):
                offer(row, how, score)
    if fuzzy:
        from rapidfuzz import fuzz  # only fuzzy lookups pay for loading it

        folded = fold(query)
        scripts = {text.script(query)}
        for row in index.terms_like(folded, FUZZY_CANDIDATES):
            if row.concept in best or text.script(row.text) not in scripts:
                continue
            score = fuzz.ratio(folded, fold(row.text))
            if score >= min_score:
                offer(row, FUZZY, score)
    matches = sorted(best.values(), key=lambda m: (-m.score, m.concept["id"]))[:limit]
    for match in matches:
        if match.status == "deprecated":
            match.preferred = [t["text"] for t in match.concept["terms"]
                               if t["lang"] == match.lang and t["status"] == "preferred"]
    return matches


def _inflected(index: Index, lang: str, normalised: str, tokens: list[text.Token],
               keys: list[frozenset[str]], start: int, end: int):
    """Terms of `lang` whose words are, one by one, forms of the query's words[start:end]
    (and used as the name, where the term is a quoted one: `matching.named_there`)."""
    typed = [token.text for token in tokens[start:end]]
    options = [sorted(k) for k in keys[start:end]]
    if math.prod(len(o) for o in options) <= MAX_KEY_COMBINATIONS:
        rows = index.terms_by_keys(" ".join(c) for c in itertools.product(*options))
    else:
        rows = index.terms_by_first_key(keys[start], end - start)
    for row in rows:
        if (tags.primary(row.lang) == lang
                and all(key in options for key, options in zip(row.keys, keys[start:end]))
                and case_agrees(row, typed, strict=False)
                and named_there(row, normalised, tokens, keys, start, end)):
            yield row, EXACT if fold(" ".join(typed)) == fold(row.text) else INFLECTED


def _parts_of_names(index: Index, lang: str, words: list[str], keys: list[frozenset[str]]):
    """(row, how, score) of the names the query is a part of, when nothing else matched: a
    person by the surname alone («Лукашэнкі», "Lavrov"), a body by a run of its words
    ("Security Council", «Парламентского Собрания»), each scored by the share of the name it
    covers, so that the candidates come best first."""
    options = [sorted(k) for k in keys]
    if math.prod(len(o) for o in options) > MAX_KEY_COMBINATIONS:
        return
    runs = [" ".join(c) for c in itertools.product(*options)]
    for row in index.terms_containing(runs, lang, PART_CANDIDATES):
        if not row.proper or row.type in SHORT_FORMS:
            continue
        at = next((i for i in range(len(row.keys) - len(keys) + 1)
                   if all(k in o for k, o in zip(row.keys[i:], keys))), None)
        if at is None:
            continue
        named = term_words(row.lang, row.text, row.status)[at:at + len(words)]
        if not words_agree(row, named, words, strict=False):
            continue  # «путина» is a fishing season; "National Assemblies" no name
        if len(words) == 1:
            if at != len(row.keys) - 1 or not _is_person(index.concept(row.concept)):
                continue
            yield row, SURNAME, SCORES[SURNAME]
        else:
            yield row, PART, SCORES[PART] * len(words) / len(row.keys)


def _is_person(concept: dict) -> bool:
    """A person: the Russian name begins with a given name (pymorphy3's Name)."""
    names = [t["text"] for t in concept["terms"] if tags.primary(t["lang"]) == "ru"
             and t["type"] not in SHORT_FORMS and t["status"] != "deprecated"]
    first = text.words(names[0]) if names else []
    return len(first) in (2, 3) and analyzer("ru").is_given_name(first[0])


def _spans(count: int, longest: int) -> list[tuple[int, int]]:
    """The whole query first, then its parts, longest first: a pasted phrase finds the terms
    inside it («the CSTO's summit in Minsk» → CSTO, Minsk), scored by the share they cover.
    No part longer than the `longest` term is asked for: none could match."""
    return [(start, start + size) for size in range(min(count, longest), 0, -1)
            for start in range(count - size + 1)]
