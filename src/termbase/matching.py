"""Finding glossary terms in running text, in any inflected form.

The engine under TM consistency checks and the article checker: the text is split into
words, every word gets the keys it may stand for (`termbase.lang`), and a glossary term is
found where its words' keys follow one another. Longer terms win over the shorter ones they
contain («Договор о коллективной безопасности» over «безопасность»). In running text case
is strict: a capitalised word of a proper name must be capitalised, and an acronym must be
written in capitals, so «союзные государства» is not «Союзное государство» and «sco» is no SCO.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import os
import re
from dataclasses import dataclass, field
from typing import Iterable

from .index import Index, TermRow
from .lang import ARTICLES, analyzer, tags, term_keys, term_words, text
from .model import SHORT_FORMS


# A possessive or plural ending after an acronym: «CSTO’s», «NGOs».
_ENDING = re.compile(r"(?:’s|s’|’|s)$")
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Found:
    """A glossary term found in a text: the term, where (character offsets in the text as
    given) and the words as written there (normalised)."""

    term: TermRow
    start: int
    end: int
    matched: str

    @property
    def concept(self) -> int:
        return self.term.concept


# A first word that begins more terms than this («international …») is not fetched whole:
# its terms are fetched by their first two words as the text has them, and so on while
# those are as common.
COMMON_FIRST_KEY = 100
FOUND_KEPT = 4096  # texts whose terms a finder remembers


class TermFinder:
    """Finds the glossary terms of one language in texts, for as many texts as needed.

    The terms a text may hold are fetched from the index by the keys of its words, once per
    key (after a common first word, per longer run of keys) for the finder's life, and kept
    in a trie keyed word by word; a text is then matched by walking the trie from each word. An
    article or a TM checked with one finder reads each term from the index once, however
    many segments use it. With `acronyms_only`, only words in capitals are looked at and
    only acronyms and abbreviations found: what a text in another language may borrow.
    """

    def __init__(self, index: Index, lang: str, acronyms_only: bool = False):
        self.index = index
        self.lang = lang
        self.acronyms_only = acronyms_only
        self.primary = tags.primary(lang)
        self.analyzer = analyzer(lang)
        self._fetched: set[str] = set()
        self._common: set[tuple[str, ...]] = set()  # prefixes of over COMMON_FIRST_KEY terms
        self._prefixes: set[tuple[str, ...]] = set()  # longer prefixes fetched or common
        self._trie: dict[str, _Node] = {}
        self._found: dict[str, list[Found]] = {}  # the last texts' terms (FOUND_KEPT)
        self._holding: dict[str, list[tuple[int, str, tuple]]] = {}  # (`names_holding`)
        self._name_like: dict[int, bool] = {}  # (`_written_as_name`)

    def find(self, content: str, overlapping: bool = False) -> list[Found]:
        """Glossary terms in `content`, in text order.

        By default the longest win and none overlap: what a text says. With `overlapping`,
        every term found is kept, so «ООН» is also found inside «Совет Безопасности ООН»:
        what a text contains. Either way one span is one term of a concept, chosen by
        `_rank`. A text asked again (the aligner's anchors, then the check) is answered from
        memory.
        """
        every = self._found.get(content)
        if every is None:
            every = self._every(content)
            if len(self._found) >= FOUND_KEPT:
                self._found.clear()
            self._found[content] = every
        return list(every) if overlapping else longest(every)

    def _every(self, content: str) -> list[Found]:
        normalised, origin = text.normalise_mapped(content)
        tokens = text.tokens(normalised)
        candidates = self._walk(normalised, origin, tokens, range(len(tokens)))
        joined = text.joined_names(tokens)
        if joined is not None:  # "China–Europe": China and Europe too
            candidates += self._walk(normalised, origin, *joined)
        best: dict[tuple[int, int, int], Found] = {}
        for found in sorted(candidates, key=_rank):
            best.setdefault((found.start, found.end, found.concept), found)
        return sorted(best.values(), key=lambda f: (f.start, -f.end))

    def _walk(self, normalised: str, origin: list[int], tokens: list[text.Token],
              starts: Iterable[int]) -> list[Found]:
        """The terms beginning at `starts` of the `tokens` of `normalised`, walking the trie
        word by word."""
        keys = [self.analyzer.text_keys(token.text) if not self.acronyms_only
                or text.is_acronym(_ENDING.sub("", token.text)) else _NONE for token in tokens]
        self._fetch(keys)
        candidates: list[Found] = []
        for start in starts:
            level = [self._trie[key] for key in keys[start] if key in self._trie]
            end = start
            while level:
                end += 1
                for node in level:
                    for row in node.rows:
                        if case_agrees(row, [t.text for t in tokens[start:end]], strict=True) \
                                and named_there(row, normalised, tokens, keys, start, end):
                            first, last = tokens[start].start, tokens[end - 1].end
                            candidates.append(Found(row, origin[first], origin[last - 1] + 1,
                                                    normalised[first:last]))
                if end == len(tokens):
                    break
                level = [node.children[key] for node in level for key in keys[end]
                         if key in node.children]
        return candidates

    def _fetch(self, keys: list[frozenset[str]]) -> None:
        """Bring the terms `keys` (a text's words' keys) may begin into the trie."""
        new = {key for options in keys for key in options} - self._fetched
        if new:
            self._fetched |= new
            counts = self.index.first_key_counts(new)
            common = {key for key in new if counts.get(key, 0) > COMMON_FIRST_KEY}
            self._common |= {(key,) for key in common}
            self._insert(self.index.terms_by_first_keys(
                [key for key in new if key in counts and key not in common], self.primary))
            self._insert(self.index.terms_by_keys(common))  # their one-word terms
        for position, options in enumerate(keys):
            for key in options:
                if (key,) in self._common:
                    self._extend(keys, position, (key,))

    def _extend(self, keys: list[frozenset[str]], start: int, prefix: tuple[str, ...]) -> None:
        """After a common prefix of words at `start`, fetch the terms going on as the text
        goes on, a word at a time while the longer prefix is common too."""
        position = start + len(prefix)
        if position >= len(keys):
            return
        for key in keys[position]:
            longer = prefix + (key,)
            if longer in self._prefixes:
                if longer in self._common:
                    self._extend(keys, start, longer)
                continue
            self._prefixes.add(longer)
            self._insert(self.index.terms_by_keys([" ".join(longer)]))
            if self.index.count_key_prefix(longer) > COMMON_FIRST_KEY:
                self._common.add(longer)
                self._extend(keys, start, longer)
            else:
                self._insert(self.index.terms_longer_than(longer, self.primary))

    def names_beginning(self, keys: list[frozenset[str]]) -> list[tuple[int, str, tuple]]:
        """(concept, text, keys) of the names fetched that begin with one of `keys` (a text's
        words' keys, once `find` has fetched them): proper nouns and terms written as names
        (titles: 'Minister of Foreign Affairs of …'), not acronyms."""
        result, stack = [], [self._trie[key] for options in keys for key in options
                             if key in self._trie]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            result += [(row.concept, row.text, row.keys) for row in node.rows
                       if self._written_as_name(row) and row.type not in SHORT_FORMS
                       and row.status != "deprecated"]
            stack += node.children.values()
        return result

    def _written_as_name(self, row: TermRow) -> bool:
        """A proper noun, or capitalised as one: every word in English, the first in Russian
        and Belarusian, which capitalise a name's first word only («Министр иностранных
        дел …»; «неделимость безопасности» and 'Euro-Atlantic security model' are no names).
        Worked out once a term."""
        if row.id not in self._name_like:
            self._name_like[row.id] = row.proper or (
                text.looks_like_name(row.text) if self.primary == "en"
                else text.is_capitalised(row.text))
        return self._name_like[row.id]

    def names_holding(self, runs: set[str]) -> list[tuple[int, str, tuple]]:
        """(concept, text, keys) of the names holding one of `runs` of keys (see
        `Index.terms_containing`), each run asked of the index once in the finder's life."""
        result = []
        for run in runs:
            if run not in self._holding:
                self._holding[run] = [
                    (row.concept, row.text, row.keys)
                    for row in self.index.terms_containing([run], self.lang, NAMES_HOLDING)
                    if row.type not in SHORT_FORMS and row.status != "deprecated"]
            result += self._holding[run]
        return result

    def _insert(self, rows: list[TermRow]) -> None:
        for row in rows:
            if tags.primary(row.lang) != self.primary or not row.keys or (
                    self.acronyms_only and row.type not in SHORT_FORMS
                    and not text.is_acronym(row.text)):
                continue  # (an acronym that is the name itself, BRICS, may be typed fullForm)
            node = self._trie.setdefault(row.keys[0], _Node())
            for key in row.keys[1:]:
                node = node.children.setdefault(key, _Node())
            node.rows.append(row)


@dataclass
class NearMiss:
    """Words of a text that come close to a glossary term without being it (a word changed,
    dropped or moved: "Shanghai Organisation of Cooperation"), and how close (0–100)."""

    concept: int
    term: str
    start: int
    end: int
    written: str
    score: float


# How alike a text's words and a term must be to be a near miss of it (`near_misses`), chosen
# on the development set of issue 15 (benchmarks/eval_names.py): against any term of the
# glossary, and against the terms a source term expects in its segment of the target.
NEAR_MISS = 85.0
NEAR_EXPECTED = 75.0
MIN_NEAR_WORDS = 2  # a one-word term is found or not; a near miss of it is another word
# A word misspelt by a letter or two inside it («парлямент» for «парламент») counts as one of
# the term's words shared, when the run has one fewer than MIN_NEAR_WORDS without it; a word
# with another ending is another word ("Ministry", "Minister").
NEAR_WORD = 85.0
MIN_NEAR_WORD_LETTERS = 6
NAMES_HOLDING = 20  # names read for a near miss around a name found (`_around`)
MAX_RUNS_AROUND = 16  # runs of readings asked for around one name found
MAX_CHANGED_LEAD = 2  # words a near miss may begin with before one of the term's
RESPELT_FIRST = 80.0  # how alike a name's first word and one spelt otherwise («Евроазиатский»)


def near_misses(finder: TermFinder, content: str, found: list[Found],
                candidates: list[tuple[int, str]] | None = None,
                threshold: float = NEAR_MISS) -> list[NearMiss]:
    """Where `content` comes near a term of two words or more without containing it: for
    each concept, the closest run of words, if it scores `threshold` or more.

    `candidates` (concept, term text) are the terms to look for, the target terms a source term
    expects; by default, every name of the glossary that begins with a word of the text (a near
    miss seldom changes the first word). Only names: a text alone that comes near a common-noun
    term ('the Euro-Atlantic security region' beside 'Euro-Atlantic security model') is just
    using the language, where a name has one written form. A run is compared with a term by
    their words' keys, so inflection costs nothing, and by the best of the Levenshtein ratio
    and its word-order-blind variant. A run is a name's: it shares two words with the term,
    begins with a capital where the term does («союзные государства» are allied states, no
    misspelt Union State), holds no punctuation, begins outside any term found (but in a term
    whose words are the expected term's) and neither begins nor ends with a short lower-case
    word (of, the, и, о).
    """
    from rapidfuzz import fuzz

    normalised, origin = text.normalise_mapped(content)
    tokens = text.tokens(normalised)
    keys = [finder.analyzer.text_keys(token.text) for token in tokens]
    free = [True] * len(tokens)  # not inside a term found
    inside: list[list[Found]] = [[] for _ in tokens]  # the terms found each word is in
    starts = [origin[t.start] for t in tokens]
    # where a name found begins, by concept: a longer name of its concept may go on from
    # there ('Eurasian Charter on Diversity …' for '… of Diversity …')
    extended: dict[int, dict[int, int]] = {}
    spans: list[tuple[Found, int, int]] = []  # each term found, with its words
    for item in found:
        first, last = (bisect.bisect_left(starts, item.start),
                       bisect.bisect_left(starts, item.end))
        spans.append((item, first, last))
        free[first:last] = [False] * (last - first)
        for n in range(first, last):
            inside[n].append(item)
        if item.term.proper:
            extended.setdefault(item.concept, {})[first] = last
    # words a name may hold together: a space, a hyphen, a spaced dash («дзяржаў — удзельніц»),
    # and a comma in a name that has one ("… on Combating Terrorism, Separatism and …")
    between = [normalised[a.end:b.start] for a, b in zip(tokens, tokens[1:])]
    reach = _reach(between, (" ", "-", " — ", " – "))
    reach_past_commas = _reach(between, (" ", "-", " — ", " – ", ", "))
    short = [len(t.text) <= text.MAX_LOWER_IN_NAME and t.text.islower() for t in tokens]
    respelt: set[tuple[int, str]] = set()  # terms whose first word may be written otherwise
    if candidates is not None:
        terms = [(concept, term, term_keys(finder.lang, term)) for concept, term in candidates]
    else:
        terms = finder.names_beginning(keys) + finder.names_holding(_around(found, starts, keys))
        known = {(concept, term) for concept, term, _ in terms}
        for concept, term, wanted in finder.names_holding(
                _after_capitals(tokens, keys, free, reach)):
            if (concept, term) not in known:
                respelt.add((concept, term))
                terms.append((concept, term, wanted))
    # a concept written in full is not near-missed; one written by its acronym may be
    named = {f.concept for f in found if f.term.type not in SHORT_FORMS}
    best: dict[int, NearMiss] = {}
    for concept, term, wanted in terms:
        if len(wanted) < MIN_NEAR_WORDS or concept in named and concept not in extended:
            continue
        # a longer name of a concept found goes on from a shorter one of its names
        going_on = [first for first, last in extended.get(concept, {}).items()
                    if last - first < len(wanted)] if concept in named else []
        wanted_set, goal = set(wanted), " ".join(wanted)
        ends = reach_past_commas if "," in term else reach

        def parts_of_wanted(start: int) -> bool:
            """Whether the terms found at `start` are words of the term ('CIS' of 'CIS
            Antiterrorist Centre' for 'CIS Anti-Terrorism Centre'; «Мінскую» of «Мінская
            міжнародная канферэнцыя …»), not another concept's name written instead. In
            a text alone, names only: 'Collective Security Council' is no near miss that
            begins at 'collective security'."""
            return all(set(item.term.keys) <= wanted_set
                       and (candidates is not None or item.term.proper)
                       for item in inside[start])

        def past_parts(start: int) -> int:
            """The first word after the terms found at `start`: a run from inside them
            must go on past them with words of the term ('Union State' alone is no near miss
            of 'Union State Parliamentary Assembly', nor 'Demographic Infrastructure System
            will' of 'Russian Demographic Infrastructure System')."""
            return max((bisect.bisect_left(starts, item.end) for item in inside[start]),
                       default=start)
        named_words = term_words(finder.lang, term)
        capital = text.is_capitalised(named_words[0])
        # an English name's capitalised words, which a near miss of it keeps («security
        # councils» in running text are no misspelt Security Council)
        capitals = ({key for key, word in zip(wanted, named_words) if text.is_capitalised(word)}
                    if tags.primary(finder.lang) == "en" else set())
        # each word as the term would have it, where one of its readings is a word of the term,
        # in any form: a word the term keeps as written after a preposition may be declined
        # otherwise after another («пра калектыўную бяспеку» for «аб калектыўнай бяспецы»)
        forms = {key: key for key in wanted}
        for key, word in zip(wanted, named_words):
            for reading in finder.analyzer.text_keys(word):
                forms.setdefault(reading, key)
        readings = set(forms)
        as_term = [forms[min(k & readings)] if not k.isdisjoint(readings) else t.text.casefold()
                   for k, t in zip(keys, tokens)]
        for start in (sorted(going_on) if concept in named else range(len(tokens))):
            # a run may begin with a changed word or two («ўмяшальніцтва ва ўнутраныя справы»
            # for «умяшанне ва ўнутраныя справы»)
            if short[start] or not any(
                    k & wanted_set for k in keys[start:start + MAX_CHANGED_LEAD + 1]) or (
                    capital and not text.is_capitalised(tokens[start].text)) \
                    or tokens[start].text.casefold() in ARTICLES \
                    or not (free[start] or parts_of_wanted(start)):
                continue
            if (concept, term) in respelt and not any(
                    key[:3] == wanted[0][:3] and fuzz.ratio(key, wanted[0]) >= RESPELT_FIRST
                    for key in keys[start]):
                continue  # 'Euroasian Economic Union': the first word spelt otherwise only
            for size in range(max(MIN_NEAR_WORDS, len(wanted) - 2), len(wanted) + 3):
                end = start + size
                if end > len(tokens) or end - 1 > ends[start]:
                    break
                if not free[start] and not _goes_on(as_term, start, past_parts(start), end,
                                                    wanted_set):
                    continue
                if candidates is not None and any(
                        start <= first and last <= end
                        and len(item.term.keys) >= max(MIN_NEAR_WORDS, len(wanted) - 1)
                        and not set(item.term.keys) <= wanted_set
                        for item, first, last in spans):
                    continue  # another body's name, nearly as long, written whole: a T101
                if short[end - 1] or any(
                        as_term[n] in capitals and not text.is_capitalised(tokens[n].text)
                        for n in range(start + 1, end)):
                    continue
                run = set(as_term[start:end])
                shared = len(wanted_set & run)
                # the first word spelt otherwise counts as near ('Imangaly' for 'Imangali')
                respelt_first = (concept, term) in respelt
                if shared < MIN_NEAR_WORDS - 1 or shared < MIN_NEAR_WORDS and not (
                        respelt_first or any(_near_word(word, wanted_set) for word in run)):
                    continue
                # in a text that no source names the concept for, one of the term's words
                # changed, dropped or added, not two: 'Belarusian Foreign Minister' is a
                # description, no misspelt «Minister of Foreign Affairs of the Republic of
                # Belarus»; 'Security chiefs of the SCO' no misspelt 'Charter of the SCO'
                if candidates is None:
                    near_words = sum(_near_word(word, wanted_set) for word in run) or int(
                        respelt_first)
                    dropped, added = len(wanted_set - run), len(run - wanted_set)
                    if dropped > 1 + near_words or added > 1 + near_words:
                        continue
                written = " ".join(as_term[start:end])
                score = max(fuzz.ratio(written, goal), fuzz.token_sort_ratio(written, goal))
                current = best.get(concept)
                if score >= threshold and (current is None or score > current.score):
                    first, last = tokens[start].start, tokens[end - 1].end
                    best[concept] = NearMiss(concept, term, origin[first], origin[last - 1] + 1,
                                             normalised[first:last], score)
    kept: list[NearMiss] = []  # of near misses that overlap, the nearest
    for miss in sorted(best.values(), key=lambda m: -m.score):
        if not any(miss.start < k.end and k.start < miss.end for k in kept):
            kept.append(miss)
    return sorted(kept, key=lambda miss: miss.start)


def _around(found: list[Found], starts: list[int], keys: list[frozenset[str]]) -> set[str]:
    """Runs of keys a longer name may hold around a name found: the word before it and the
    name's own words («доктрины Союзного государства»), so that a near miss whose first word
    changed («Оборонная доктрина …» for «Военная доктрина Союзного государства») has its
    candidate, though no word of the text begins it."""
    runs = set()
    for item in found:
        first = bisect.bisect_left(starts, item.start)
        if not item.term.proper or first == 0:
            continue
        last = bisect.bisect_left(starts, item.end)
        # by the words' readings, not the name's own keys: inside a longer name its words may
        # be keyed otherwise («Союзного» of «Военная доктрина Союзного государства»)
        words = keys[first - 1:last]
        if math.prod(map(len, words)) <= MAX_RUNS_AROUND:
            runs |= {" ".join(run) for run in itertools.product(*map(sorted, words))}
    return runs


def _goes_on(as_term: list[str], start: int, found_end: int, end: int,
             wanted: set[str]) -> bool:
    """Whether a run from a name found (token `start` to `found_end`) to `end` goes on with
    words of the longer name `wanted` that the name found lacks, not just with the words
    after it ('Eurasian Charter on Diversity …', not 'Eurasian Charter will')."""
    lacking = wanted - set(as_term[start:found_end])
    return end > found_end and as_term[end - 1] in lacking and bool(
        lacking & set(as_term[found_end:end]))


def _after_capitals(tokens: list[text.Token], keys: list[frozenset[str]], free: list[bool],
                    reach: list[int]) -> set[str]:
    """Runs of keys of the two words after each capitalised word outside the terms found
    («экономического союза» after «Евроазиатского»), or of the one after it when that is
    capitalised too (a surname: 'Tasmagambetov' after 'Imangaly'), for the names that hold
    them: a near miss whose first word is spelt otherwise has its candidate, though no word
    of the text begins it."""
    runs = set()
    for n, token in enumerate(tokens[:-1]):
        if not (free[n] and free[n + 1]) or not text.is_capitalised(token.text) \
                or text.is_acronym(token.text):
            continue  # (words in a term found have their names from `_around`)
        following = [tokens[n + 1:n + size + 1] for size in (1, 2) if reach[n] >= n + size]
        for words in following:
            if len(words) == 1 and (not text.is_capitalised(words[0].text)
                                    or text.is_acronym(words[0].text)):
                continue
            readings = keys[n + 1:n + 1 + len(words)]
            if math.prod(map(len, readings)) <= MAX_RUNS_AROUND:
                runs |= {" ".join(run) for run in itertools.product(*map(sorted, readings))}
    return runs


def _reach(between: list[str], joins: tuple[str, ...]) -> list[int]:
    """For each token, the last one a run beginning there reaches when only `joins` stand
    between its words (`between`: the text between each token and the next)."""
    reach = list(range(len(between) + 1))
    for n in range(len(between) - 1, -1, -1):
        if between[n] in joins:
            reach[n] = reach[n + 1]
    return reach


# The adjective of a place name, in any case: an English name used before a noun ("the Moscow
# Treaty", "the Kazan summit") is rendered by one («Московский договор», «Казанскі саміт»).
# Or the first part of a compound one ("Belarus-Russia talks": «белорусско-российские»).
NAME_ADJECTIVE = {
    "ru": re.compile(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|о-)$"),
    "be": re.compile(r"(?:ск|цк)(?:і|ага|аму|ім|ая|ай|ую|ае|ія|іх|імі|а-)$"),
}


def has_name_adjective(concept: dict, lang: str, content: str) -> bool:
    """Whether `content` holds the adjective of a one-word place name of `concept` (as
    `Index.concept` gives it) in `lang`: a word beginning with the name less its last vowels
    (or one more letter, «Москва» → «моск»), four letters at least, and ending as an
    adjective in -ский/-цкий, -скі/-цкі after them («Московский», «Маскоўскага», «Брэсцкі»),
    or as the first part of a compound one («белорусско-»). A deprecated name counts:
    «белорусский» is the adjective of «Беларусь» too. A longer name of the place that begins
    with its adjective gives it as a part of compounds only («беларуска-расійскія» for
    «Расійская Федэрацыя» beside «Расія»; «Еўрапейскі парламент» beside «Еўрапарламент» is
    no place)."""
    lang = tags.primary(lang)
    ending = NAME_ADJECTIVE.get(lang)
    if ending is None:
        return False
    names = [term["text"].casefold() for term in concept["terms"]
             if tags.primary(term["lang"]) == lang and term["part_of_speech"] == "properNoun"
             and term["type"] not in SHORT_FORMS]
    folded = content.casefold()
    words = re.findall(r"\w+-?", folded)
    in_compounds = [part for compound in re.findall(r"\w+(?:-\w+)+", folded)
                    for part in compound.split("-")]
    stems, compound_stems = set(), set()
    for name in names:
        first = name.split(" ")[0]
        if first == name:
            stem = name.rstrip("аеёиоуыэюяіьй")
            stems |= {s for s in (stem, stem[:-1]) if len(s) >= 4}
        elif ending.search(first):
            compound_stems.add(re.sub(r"[сц]к\w*$", "", first))
    return any(word.startswith(stem) and ending.search(word, len(stem) - 2)
               for word in words for stem in stems) or any(
        part.startswith(stem) and part[len(stem):len(stem) + 2] in ("ск", "цк")
        for part in in_compounds for stem in compound_stems)


def longest(found: list[Found]) -> list[Found]:
    """Of terms found with overlaps (spans of one character or more), what a text says: the
    longest, none overlapping.

    The spans taken so far do not overlap, so ordered by start their ends are ordered too:
    a new span overlaps one of them if and only if it overlaps the last to start before it
    ends (found by bisection, not by a look at every span taken: a text of 10,000 terms)."""
    taken: list[Found] = []
    starts: list[int] = []
    ends: list[int] = []
    for item in sorted(found, key=lambda f: (-(f.end - f.start), f.start, _rank(f))):
        before = bisect.bisect_left(starts, item.end) - 1
        if before < 0 or ends[before] <= item.start:
            at = bisect.bisect_left(starts, item.start)
            starts.insert(at, item.start)
            ends.insert(at, item.end)
            taken.insert(at, item)
    return taken


def inside_longer(spans: list[Found]) -> set[int]:
    """The ids of the spans that lie inside a longer one of `spans`.

    Swept by start (the longer first): a span is inside a longer one when a span before it,
    other than its equals, reaches as far; not a look at every pair (a text of 10,000
    terms)."""
    inner: set[int] = set()
    reach = run_reach = -1
    run = None
    for item in sorted(spans, key=lambda f: (f.start, -f.end)):
        if (item.start, item.end) != run:
            run, run_reach = (item.start, item.end), reach
        if run_reach >= item.end:
            inner.add(id(item))
        reach = max(reach, item.end)
    return inner


def covered_by(spans: list[Found]):
    """A test of whether a span lies within one of `spans` (by bisection over their starts,
    with the furthest end reached so far)."""
    ordered = sorted(spans, key=lambda f: f.start)
    starts = [f.start for f in ordered]
    reach: list[int] = []
    for item in ordered:
        reach.append(max(reach[-1], item.end) if reach else item.end)

    def covered(span: Found) -> bool:
        before = bisect.bisect_right(starts, span.start) - 1
        return before >= 0 and reach[before] >= span.end

    return covered


_STATUS_RANK = {"preferred": 0, "admitted": 1, None: 1, "deprecated": 2}


def _rank(found: Found) -> tuple[int, int, int, int]:
    """Of the terms one span may be: a name in quotation marks first (it is found only where
    the text uses it as the name: «учения „Запад“» is the exercise, not the West), then the
    one written exactly so (case and all), then the one whose words begin with more of the
    written letters (the keys fold spellings together: «Эўропы» is the deprecated «Эўропа»,
    not «Еўропа»), then the approved before the deprecated: «Аляксандр Лукашэнка» is the
    preferred term even if the analyzer also reads it as the deprecated «Аляксандар
    Лукашэнка»."""
    term = text.normalise(found.term.text)
    return (not text.is_quoted(found.term.text), term != found.matched,
            -_letters_agreeing(term, found.matched), _STATUS_RANK.get(found.term.status, 1))


def _letters_agreeing(term: str, written: str) -> int:
    """Letters at the start of each word that a term and the text agree on, word by word
    (case aside); none when they have not as many words."""
    term_words, written_words = term.casefold().split(), written.casefold().split()
    if len(term_words) != len(written_words):
        return 0
    return sum(len(os.path.commonprefix([a, b])) for a, b in zip(term_words, written_words))


@dataclass
class _Node:
    rows: list[TermRow] = field(default_factory=list)  # terms whose last word is here
    children: dict[str, "_Node"] = field(default_factory=dict)


class TermFinders:
    """One `TermFinder` per language and mode over one index, shared by everything that
    reads the same texts (the aligner's anchors and the check of one article; every unit of
    a TM), so each term is fetched from the index once."""

    def __init__(self, index: Index):
        self.index = index
        self._finders: dict[tuple[str, bool], TermFinder] = {}

    def __call__(self, lang: str, acronyms_only: bool = False) -> TermFinder:
        if (lang, acronyms_only) not in self._finders:
            self._finders[lang, acronyms_only] = TermFinder(self.index, lang, acronyms_only)
        return self._finders[lang, acronyms_only]

    def concepts(self, lang: str, content: str) -> set[int]:
        """The glossary concepts a text names (what `align_articles` anchors pairs by)."""
        return {found.concept for found in self(lang).find(content)}


def find_terms(index: Index, lang: str, content: str, overlapping: bool = False) -> list[Found]:
    """Glossary terms of `lang` in one text (see `TermFinder.find`)."""
    return TermFinder(index, lang).find(content, overlapping)


# Nouns a name of an exercise stands beside: «учения „Запад“», "the Zapad exercise".
HEAD_NOUNS = {"ru": ("учения", "учение", "маневры"), "be": ("вучэнні", "вучэнне", "манеўры"),
              "en": ("exercise", "exercises", "drills", "manoeuvres", "maneuvers")}


MAX_LIST = 6  # words of a list of names between a name and its head noun
LIST_WORDS = {"and", "or", "и", "или", "і", "ці", "та"}


def named_there(row: TermRow, normalised: str, tokens: list[text.Token],
                keys: list[frozenset[str]], start: int, end: int) -> bool:
    """Whether the words tokens[start:end] are used as the name `row` is, where the glossary
    writes it in quotation marks because it is a common word too («Запад» the exercise, not
    the West): in quotation marks, followed by an edition («Запад-2025»), or beside a head
    noun («учения», "exercise"). Any other term: always."""
    if not text.is_quoted(row.text):
        return True
    before = normalised[:tokens[start].start].rstrip(" ")
    if before[-1:] and before[-1] in text.OPENING_QUOTES:
        return True
    after = end
    if after < len(tokens) and tokens[after].text.isdigit() \
            and normalised[tokens[after - 1].end:tokens[after].start] in ("-", " "):
        return True  # an edition
    heads = _head_keys(row.lang)
    # the head noun may stand beyond a list of names: "Interaction, Search and Echelon
    # exercises", «учения „Взаимодействие“, „Поиск“ и „Эшелон“»
    for step, position in ((-1, start - 1), (1, after)):
        for _ in range(MAX_LIST):
            if not 0 <= position < len(tokens):
                break
            if keys[position] & heads:
                return True
            word = tokens[position].text
            if not (text.is_capitalised(word) or word.casefold() in LIST_WORDS):
                break
            position += step
    return False


@functools.cache
def _head_keys(lang: str) -> frozenset[str]:
    primary = tags.primary(lang)
    chosen = analyzer(primary)
    return frozenset(chosen.term_key(noun) for noun in HEAD_NOUNS.get(primary, ()))


def case_agrees(row: TermRow, written: list[str], strict: bool) -> bool:
    """Whether words written as `written` may be the term `row`, judging by case and, for an
    English name, number.

    A capitalised word of a proper name must be capitalised. An acronym must be in capitals
    and spelt letter for letter when `strict` (running text); a query typed in lower case
    («одкб») may find it. An English name takes the possessive but not a plural: "Russian
    Federations" is not the Russian Federation. In running text, the words after a ru/be
    term's preposition are as the term has them (`_fixed_words_kept`).
    """
    named = term_words(row.lang, row.text, row.status)
    return words_agree(row, named, written, strict) and (
        not strict or _fixed_words_kept(row.lang, named, written))


def words_agree(row: TermRow, named: list[str], written: list[str], strict: bool) -> bool:
    """`case_agrees` for a run of the term's words, `named`: a query that is part of a name
    («Security Council» of a longer one) is held to the same case and number."""
    english_name = row.proper and tags.primary(row.lang) == "en"
    for term_word, text_word in zip(named, written):
        if text.is_acronym(term_word):
            bare = _ENDING.sub("", text_word)
            if strict and (not text.is_acronym(bare) or bare.casefold() != term_word.casefold()):
                return False  # an acronym is written as it is: «ЕврАзЭС» is not «ЕўрАзЭС»
        elif row.proper and text.is_capitalised(term_word) and not text.is_capitalised(text_word):
            return False
        elif english_name and (_POSSESSIVE.sub("", text_word).casefold()
                               != _POSSESSIVE.sub("", term_word).casefold()):
            return False
    return True


def _near_word(word: str, wanted: set[str]) -> bool:
    """A word of the text a letter or two from one of the term's (`NEAR_WORD`), with the same
    beginning and ending."""
    from rapidfuzz import fuzz

    return word not in wanted and len(word) >= MIN_NEAR_WORD_LETTERS and any(
        len(key) >= MIN_NEAR_WORD_LETTERS and key[:3] == word[:3] and key[-2:] == word[-2:]
        and fuzz.ratio(word, key) >= NEAR_WORD for key in wanted)


# In a Russian or Belarusian term, what follows a preposition does not decline with the
# term: «Организации по безопасности и сотрудничеству в Европе» is no case of the OSCE's name
# but a wrong one (a near miss, T108).
PREPOSITIONS = {
    "ru": frozenset("в во на о об обо по при с со к ко для за из от до без над под между у "
                    "через против среди".split()),
    "be": frozenset("у ў ва на аб па пры з са к да для за ад без над пад паміж праз супраць "
                    "сярод".split()),
}


def _fixed_words_kept(lang: str, named: list[str], written: list[str]) -> bool:
    """Whether the words after the term's first preposition are written as in the term."""
    prepositions = PREPOSITIONS.get(tags.primary(lang))
    if not prepositions:
        return True
    at = next((i for i, word in enumerate(named) if i and word.casefold() in prepositions),
              None)
    return at is None or all(_unaccented(a) == _unaccented(b)
                             for a, b in zip(named[at + 1:], written[at + 1:]))


def _unaccented(word: str) -> str:
    return word.casefold().replace("ё", "е").replace("ў", "у")


_POSSESSIVE = re.compile(r"(?:’s|(?<=s)’)$")
