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
import re
from dataclasses import dataclass, field

from .index import Index, TermRow
from .lang import analyzer, tags, text
from .model import SHORT_FORMS


# A possessive or plural ending after an acronym: «CSTO’s», «NGOs».
_ENDING = re.compile(r"(?:’s|s’|’|s)$")
_NONE: frozenset[str] = frozenset()


@dataclass
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

    def find(self, content: str, overlapping: bool = False) -> list[Found]:
        """Glossary terms in `content`, in text order.

        By default the longest win and none overlap: what a text says. With `overlapping`,
        every term found is kept, so «ООН» is also found inside «Совет Безопасности ООН»:
        what a text contains. Either way one span is one term of a concept, chosen by
        `_rank`.
        """
        normalised, origin = text.normalise_mapped(content)
        tokens = text.tokens(normalised)
        keys = [self.analyzer.text_keys(token.text) if not self.acronyms_only
                or text.is_acronym(_ENDING.sub("", token.text)) else _NONE for token in tokens]
        self._fetch(keys)
        candidates: list[Found] = []
        for start in range(len(tokens)):
            level = [self._trie[key] for key in keys[start] if key in self._trie]
            end = start
            while level:
                end += 1
                for node in level:
                    for row in node.rows:
                        if case_agrees(row, [t.text for t in tokens[start:end]], strict=True):
                            first, last = tokens[start].start, tokens[end - 1].end
                            candidates.append(Found(row, origin[first], origin[last - 1] + 1,
                                                    normalised[first:last]))
                if end == len(tokens):
                    break
                level = [node.children[key] for node in level for key in keys[end]
                         if key in node.children]
        best: dict[tuple[int, int, int], Found] = {}
        for found in sorted(candidates, key=_rank):
            best.setdefault((found.start, found.end, found.concept), found)
        every = sorted(best.values(), key=lambda f: (f.start, -f.end))
        return every if overlapping else longest(every)

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

    def _insert(self, rows: list[TermRow]) -> None:
        for row in rows:
            if tags.primary(row.lang) != self.primary or not row.keys or (
                    self.acronyms_only and row.type not in SHORT_FORMS):
                continue
            node = self._trie.setdefault(row.keys[0], _Node())
            for key in row.keys[1:]:
                node = node.children.setdefault(key, _Node())
            node.rows.append(row)


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


def _rank(found: Found) -> tuple[int, int]:
    """Of the terms one span may be, the one written exactly so (case and all) first, then
    the approved before the deprecated: «Аляксандр Лукашэнка» is the preferred term even if
    the analyzer also reads it as the deprecated «Аляксандар Лукашэнка»."""
    return (text.normalise(found.term.text) != found.matched,
            _STATUS_RANK.get(found.term.status, 1))


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


def case_agrees(row: TermRow, written: list[str], strict: bool) -> bool:
    """Whether words written as `written` may be the term `row`, judging by case.

    A capitalised word of a proper name must be capitalised. An acronym must be in capitals
    when `strict` (running text); a query typed in lower case («одкб») may find it.
    """
    for term_word, text_word in zip(text.words(row.text), written):
        if text.is_acronym(term_word):
            if strict and not text.is_acronym(_ENDING.sub("", text_word)):
                return False
        elif row.proper and text.is_capitalised(term_word) and not text.is_capitalised(text_word):
            return False
    return True
