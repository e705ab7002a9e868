"""`termbase check`: is a translated article consistent with the glossary?

Each segment's source is searched for glossary terms in any inflected form (`matching`),
and its target for the approved equivalents (preferred or admitted terms of the same
concept, acronyms included, any inflected form). The rules, each with a stable code:

- T101 a source term whose approved equivalent the target lacks (key term mismatch);
- T102 a deprecated term, with the preferred one to use;
- T103 one source concept rendered by different target terms across the article;
- T104 one target term (a short name two concepts share) rendering different source concepts;
- T105 an acronym of another language (ОДКБ in Belarusian, where АДКБ belongs);
- T106 a text checked alone that mixes variants of one concept (Aleksandr and Alexander);
- T107 (info) a one-word term rendered by a word derived from its equivalent («integration
  projects» → «интеграционные проекты»), reported instead of T101;
- T108 (warning) words near a glossary name without being it («Коллективные силы быстрого
  реагирования»), reported instead of T101, and in a text checked alone;
- T109 a term written with look-alike letters of the other alphabet («дзяржaва»);
- T201, T202 how the two articles were paired, when not paragraph by paragraph.

Rules are small functions registered with `check_rule`; a segment rule sees one segment's
terms, an article rule all of them. A T101 is not reported where T102 or T105 already says
what the target has instead.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .diagnostics import ERROR, INFO, SEVERITIES, WARNING, location
from .align import ALONE, DOCUMENT, SENTENCE, Alignment, Piece, Segment
from .errors import TermbaseError
from .index import Index
from .lang import analyzer, tags, term_keys, text
from .matching import (NEAR_EXPECTED, NEAR_MISS, Found, NearMiss, TermFinders, covered_by,
                       has_name_adjective, inside_longer, longest, near_misses)
from .model import LANGUAGE_ORDER, SHORT_FORMS
from .rules.orthography import mend_lookalikes
from . import rules

# Terms that may stand beside the full form in one text without being a second rendering.
NOT_A_RENDERING = SHORT_FORMS + ("shortForm",)
# Letters cut from a term's key before a derived word must begin with the rest: two from a
# lemma (ru, en: «интеграция» → «интеграци»), none from a Belarusian key, which is a stem
# already («санкцыі» → «санкц»).
DERIVATION_CUT = {"be": 0}
# Letters the keys fold together that a word's stem never trades for each other in
# inflection: one for the other there is a misspelling (T108).
STEM_LETTERS = {"be": frozenset({frozenset("еэ")})}
SEGMENT = "segment"
ARTICLE = "article"
BILINGUAL = "bilingual"
ANY_MODE = "any"


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    segment: str
    path: str | None = None
    line: int | None = None
    col: int | None = None
    concept: str | None = None
    source_term: str | None = None
    source_line: int | None = None
    expected: list[str] = field(default_factory=list)
    found: str | None = None

    @property
    def name(self) -> str:
        return REGISTRY[self.code].name

    def as_text(self) -> str:
        where = location(self.path, self.line, self.col)
        return f"{where}: {self.code} {self.severity} {self.message}"

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "severity": self.severity,
                "segment": self.segment, "path": self.path, "line": self.line,
                "column": self.col, "concept": self.concept, "source_term": self.source_term,
                "source_line": self.source_line, "expected": self.expected,
                "found": self.found, "message": self.message}


@dataclass
class SegmentTerms:
    """The glossary terms of one segment.

    `source`: what the source says (longest terms, no overlaps); in a text checked alone,
    the text itself. `source_every`: those terms and the terms inside them («Russian
    Federation» inside a document's title). `target`: every term the target contains,
    overlaps kept. `foreign`: acronyms of other languages in the checked text (target, or
    the text alone).
    """

    segment: Segment
    source: list[Found]
    source_every: list[Found]
    target: list[Found]
    foreign: list[Found]
    mismatches: list | None = None  # `_mismatches`, once worked out

    @functools.cached_property
    def source_inside(self) -> set[int]:
        """The concepts the source names, even inside a longer term."""
        return {found.concept for found in self.source_every}

    def unexplained(self) -> list[Found]:
        """Target terms (outermost) of concepts the source does not name, even inside a
        longer term: what the translator wrote that the source does not account for."""
        named = self.source_inside
        alien = [f for f in self.target if f.concept not in named]
        return [f for f in alien if not any(
            o is not f and o.start <= f.start and f.end <= o.end
            and (o.end - o.start) > (f.end - f.start) for o in self.target)]

    @property
    def checked(self) -> list[Found]:
        """The terms of the text whose wording is checked: the target, or the text alone."""
        return self.target if self.segment.target is not None else self.source

    @property
    def checked_piece(self) -> Piece:
        return self.segment.target or self.segment.source


class Article:
    """What rules see: the alignment, the glossary, and the terms of every segment."""

    def __init__(self, index: Index, alignment: Alignment, finders: TermFinders | None = None):
        self.index = index
        self.alignment = alignment
        self.alone = alignment.method == ALONE
        self.checked_lang = alignment.source_lang if self.alone else alignment.target_lang
        self._concepts: dict[int, dict] = {}
        self._finders = finders or TermFinders(index)
        self.segments = [self._terms(segment) for segment in alignment.segments
                         if self.alone or segment.target is not None]

    def _find(self, lang: str, content: str, overlapping: bool = False,
              acronyms_only: bool = False) -> list[Found]:
        return self._finders(lang, acronyms_only).find(content, overlapping)

    def mended(self, piece: Piece, lang: str) -> str:
        """The piece's text with look-alike letters put right, letter for letter: terms are
        found in it, so that «дзяржaва» with a Latin a is found, and reported (T109)."""
        return mend_lookalikes(lang, piece.text)

    def _terms(self, segment: Segment) -> SegmentTerms:
        source_lang, target_lang = self.alignment.source_lang, self.alignment.target_lang
        every = self._find(source_lang, self.mended(segment.source, source_lang),
                           overlapping=True)
        source = longest(every)
        target: list[Found] = []
        if segment.target is not None:
            target = self._find(target_lang, self.mended(segment.target, target_lang),
                                overlapping=True)
        checked = target if segment.target is not None else source
        checked_text = self.mended(segment.target or segment.source, self.checked_lang)
        foreign = []
        own = covered_by(checked)
        for lang in self._other_languages():
            for found in self._find(lang, checked_text, acronyms_only=True):
                if not own(found):
                    foreign.append(found)
        return SegmentTerms(segment, source, every, target, foreign)

    def _other_languages(self) -> list[str]:
        checked = tags.primary(self.checked_lang)
        candidates = [tags.primary(self.alignment.source_lang), *LANGUAGE_ORDER]
        return [lang for lang in dict.fromkeys(candidates) if lang != checked]

    def concept(self, rowid: int) -> dict:
        if rowid not in self._concepts:
            self._concepts[rowid] = self.index.concept(rowid)
        return self._concepts[rowid]

    def near_misses(self, piece: Piece, found: list[Found],
                    candidates: list[tuple[int, str]] | None = None) -> list[NearMiss]:
        """Words of the checked text near a term without being it: one of `candidates` (the
        terms a source term expects), else any term of the glossary."""
        lang = self.checked_lang
        return near_misses(self._finders(lang), self.mended(piece, lang), found, candidates,
                           NEAR_EXPECTED if candidates is not None else NEAR_MISS)

    def derived_word(self, rowid: int, content: str) -> tuple[int, str] | None:
        """(offset, word) of a word of `content` derived from a one-word common-noun term of
        the concept in the checked language: its key begins with the term's key less its
        last letters (`DERIVATION_CUT`), five letters at least («интеграционные» for
        «интеграция», «санкционное» for «санкции»)."""
        lang = self.checked_lang
        chosen = analyzer(lang)
        prefixes = []
        for term in self.concept(rowid)["terms"]:
            if (tags.primary(term["lang"]) == tags.primary(lang) and term["status"] != "deprecated"
                    and term["part_of_speech"] != "properNoun"
                    and term["type"] not in SHORT_FORMS):
                keys = term_keys(lang, term["text"])
                cut = DERIVATION_CUT.get(tags.primary(lang), 2)
                if len(keys) == 1 and len(keys[0]) - cut >= 5:
                    prefixes.append((keys[0], keys[0][:len(keys[0]) - cut]))
        if not prefixes:
            return None
        normalised, origin = text.normalise_mapped(content)
        for token in text.tokens(normalised):
            for key in chosen.text_keys(token.text):
                if any(key.startswith(prefix) and key != whole for whole, prefix in prefixes):
                    return origin[token.start], token.text
        return None

    def has_name_adjective(self, rowid: int, content: str) -> bool:
        """Whether `content` holds an adjective of the concept's place name in the checked
        language (`matching.has_name_adjective`): "the Moscow Treaty", «Московский договор»."""
        return has_name_adjective(self.concept(rowid), self.checked_lang, content)

    def terms_of(self, rowid: int, lang: str, statuses: tuple[str, ...] = ("preferred",
                                                                            "admitted")) -> list[str]:
        """A concept's terms in a language with one of `statuses` (no status: admitted)."""
        wanted = tags.primary(lang)
        return [t["text"] for t in self.concept(rowid)["terms"]
                if tags.primary(t["lang"]) == wanted and (t["status"] or "admitted") in statuses]

    def finding(self, code: str, message: str, piece: Piece | None, offset: int = 0,
                segment: Segment | None = None, concept: int | None = None,
                source: Found | None = None, expected: Iterable[str] = (),
                found: str | None = None) -> Finding:
        line, col = piece.position(offset) if piece is not None else (None, None)
        source_line = None
        if source is not None and segment is not None:
            source_line = segment.source.position(source.start)[0]
        return Finding(code, REGISTRY[code].severity, message,
                       segment.id if segment else "article",
                       piece.path if piece is not None else self.alignment.source_path,
                       line, col, self.concept(concept)["id"] if concept is not None else None,
                       source.matched if source is not None else None, source_line,
                       list(expected), found)


# --- the registry ---------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRule:
    code: str
    name: str
    severity: str
    summary: str
    scope: str
    mode: str
    run: Callable = field(repr=False, compare=False)


REGISTRY: dict[str, CheckRule] = {}


def check_rule(code: str, name: str, severity: str, summary: str, scope: str = SEGMENT,
               mode: str = BILINGUAL):
    """Register a rule: a segment rule gets (SegmentTerms, Article), an article rule the
    Article; either yields Findings. `mode`: BILINGUAL rules need a target, ALONE rules a
    text checked alone, ANY_MODE rules run on both."""
    def decorate(function):
        if code in REGISTRY or severity not in SEVERITIES:
            raise ValueError(f"check rule {code}: registered twice or unknown severity")
        REGISTRY[code] = CheckRule(code, name, severity, summary, scope, mode, function)
        return function
    return decorate


def all_rules() -> list[CheckRule]:
    return sorted(REGISTRY.values(), key=lambda r: r.code)


# --- segment rules --------------------------------------------------------------------

def _quoted(terms: Iterable[str]) -> str:
    return " or ".join(f"«{t}»" for t in terms)


@dataclass
class _Mismatch:
    """A source term whose approved target equivalent the target segment lacks."""

    source: Found
    concept: int
    expected: list[str]
    derived: tuple[int, str] | None  # (offset, word) of a word derived from the term
    near: NearMiss | None  # words of the target near one of the expected terms


def _mismatches(terms: SegmentTerms, article: Article) -> list[_Mismatch]:
    """Source concepts without an approved equivalent in the target, leaving out those the
    target names with a deprecated term (T102) or another language's acronym (T105); worked
    out once a segment, for T101, T107 and T108 alike."""
    if terms.mismatches is None:
        terms.mismatches = list(_find_mismatches(terms, article))
    return terms.mismatches


def _find_mismatches(terms: SegmentTerms, article: Article) -> Iterator[_Mismatch]:
    target_lang = article.alignment.target_lang
    approved_here = {f.concept for f in terms.target if f.term.status != "deprecated"}
    explained = {f.concept for f in terms.target if f.term.status == "deprecated"} | {
        f.concept for f in terms.foreign}
    reported: set[int] = set()
    for source in terms.source:
        concept = source.concept
        if concept in reported or concept in approved_here or concept in explained:
            continue
        reported.add(concept)
        if article.has_name_adjective(concept, terms.segment.target.text):
            continue  # "the Moscow Treaty": «Московский договор»
        expected = article.terms_of(concept, target_lang)
        if expected:  # else the glossary has no target term to expect
            near = article.near_misses(terms.segment.target, terms.target,
                                       [(concept, term) for term in expected])
            if near and _completed_by_foreign(near[0], terms):
                continue  # «сессии Совета коллективной безопасности CSTO»: the T105 says it
            yield _Mismatch(source, concept, expected,
                            article.derived_word(concept, terms.segment.target.text),
                            near[0] if near else None)


def _completed_by_foreign(near: NearMiss, terms: SegmentTerms) -> bool:
    """Whether an acronym of another language follows the near miss straight away: the name
    is written whole, with its acronym in the wrong language, which T105 reports."""
    text = terms.segment.target.text
    return any(0 <= found.start - near.end <= 2 and not text[near.end:found.start].strip()
               for found in terms.foreign)


@check_rule("T101", "key-term-mismatch", ERROR,
            "A glossary term in the source whose approved equivalent (any form, or its "
            "acronym) the aligned target lacks.")
def key_term_mismatch(terms: SegmentTerms, article: Article) -> Iterator[Finding]:
    # what the target has instead, when the pairing says so: one term left over, and not
    # across whole documents
    instead = [f for f in terms.unexplained() if f.term.status != "deprecated"]
    other = instead[0] if len(instead) == 1 and article.alignment.method != DOCUMENT else None
    for mismatch in _mismatches(terms, article):
        if mismatch.derived is not None or mismatch.near is not None:
            continue  # T107, T108
        message = (f"«{mismatch.source.matched}» ({article.concept(mismatch.concept)['id']}) "
                   f"in the source, but the target lacks {_quoted(mismatch.expected)}")
        if other is not None:
            message += f"; it has «{other.matched}» ({article.concept(other.concept)['id']})"
        yield article.finding("T101", message, terms.segment.target,
                              other.start if other else 0, terms.segment, mismatch.concept,
                              mismatch.source, mismatch.expected,
                              other.matched if other else None)


@check_rule("T107", "derived-word-for-term", INFO,
            "The target renders a one-word term by a word derived from its equivalent "
            "(«integration projects» → «интеграционные проекты»): likely right, worth a look.")
def derived_word_for_term(terms: SegmentTerms, article: Article) -> Iterator[Finding]:
    for mismatch in _mismatches(terms, article):
        if mismatch.derived is None or mismatch.near is not None:
            continue
        offset, word = mismatch.derived
        yield article.finding(
            "T107", f"«{mismatch.source.matched}» ({article.concept(mismatch.concept)['id']}) "
            f"in the source is rendered «{word}», a word derived from "
            f"{_quoted(mismatch.expected)}", terms.segment.target, offset, terms.segment,
            mismatch.concept, mismatch.source, mismatch.expected, word)


@check_rule("T102", "deprecated-term", ERROR,
            "The text uses a deprecated term or spelling; the preferred one is named.",
            mode=ANY_MODE)
def deprecated_term(terms: SegmentTerms, article: Article) -> Iterator[Finding]:
    checked = terms.checked
    sources = {f.concept: f for f in terms.source} if terms.segment.target is not None else {}
    in_approved = covered_by([f for f in checked if f.term.status != "deprecated"])
    inner = inside_longer(checked)
    for found in checked:
        # inside or the same as an approved term, or reported with a longer one, or a word of
        # an English name the glossary does not have ("Peking University")
        if found.term.status != "deprecated" or in_approved(found) or id(found) in inner \
                or _in_english_name(found, terms.checked_piece.text, checked):
            continue
        approved = [*article.terms_of(found.concept, found.term.lang, ("preferred",)),
                    *article.terms_of(found.concept, found.term.lang, ("admitted",))]
        message = f"«{found.matched}» is deprecated"
        if approved:
            message += f"; use {_quoted(approved)}"
        message += f" ({article.concept(found.concept)['id']})"
        yield article.finding("T102", message, terms.checked_piece, found.start, terms.segment,
                              found.concept, sources.get(found.concept), approved,
                              found.matched)


# Heads of English names of events that keep an old place name: "the Treaty of Brest-Litovsk".
_NAMED_AFTER = re.compile(r"\b(?:Treaty|Peace|Battle|Siege|Congress|Conference|Declaration|"
                          r"Protocol|Accords?|Agreement|Convention|Uprising)\s+of\s+(?:the\s+)?$")
_NAME_GOES_ON = re.compile(r"\s[A-Z][a-z]")


def _in_english_name(found: Found, content: str, checked: list[Found]) -> bool:
    """Whether a deprecated English name is a word of a longer name the glossary does not
    have, which keeps it by right: "Peking University", "the Treaty of Brest-Litovsk"."""
    if tags.primary(found.term.lang) != "en":
        return False
    if _NAMED_AFTER.search(content[:found.start]):
        return True
    goes_on = _NAME_GOES_ON.match(content, found.end)
    return bool(goes_on) and not any(f.start == found.end + 1 for f in checked)


@check_rule("T105", "acronym-in-wrong-language", ERROR,
            "An acronym of another language (ОДКБ in a Belarusian text, CSTO in a Russian "
            "one) where the text's own belongs.", mode=ANY_MODE)
def acronym_in_wrong_language(terms: SegmentTerms, article: Article) -> Iterator[Finding]:
    lang = article.checked_lang
    sources = {f.concept: f for f in terms.source} if terms.segment.target is not None else {}
    for found in terms.foreign:
        own = [t for t in article.concept(found.concept)["terms"]
               if tags.primary(t["lang"]) == tags.primary(lang)
               and t["status"] != "deprecated"]
        expected = [t["text"] for t in own if t["type"] in SHORT_FORMS] or \
            [t["text"] for t in own]
        message = (f"«{found.matched}» is the {found.term.lang} {found.term.type} of "
                   f"{article.concept(found.concept)['id']}")
        if expected:
            message += f"; in {lang} write {_quoted(expected)}"
        yield article.finding("T105", message, terms.checked_piece, found.start,
                              terms.segment, found.concept, sources.get(found.concept),
                              expected, found.matched)


@check_rule("T108", "near-miss", WARNING,
            "Words close to a glossary term but not it, a word changed, dropped or moved "
            "(\"Shanghai Organisation of Cooperation\"): the term is named, never on a correctly "
            "inflected form.", mode=ANY_MODE)
def near_miss(terms: SegmentTerms, article: Article) -> Iterator[Finding]:
    if terms.segment.target is not None:
        misses = [(m.near, m.source) for m in _mismatches(terms, article)
                  if m.near is not None and m.derived is None]
    else:
        misses = [(near, None) for near in article.near_misses(terms.segment.source,
                                                               terms.source)]
    lang = article.checked_lang
    for near, source in misses:
        preferred = [t["text"] for t in article.concept(near.concept)["terms"]
                     if tags.primary(t["lang"]) == tags.primary(lang)
                     and t["status"] == "preferred" and t["type"] not in SHORT_FORMS] or [near.term]
        written = terms.checked_piece.text[near.start:near.end]
        yield article.finding(
            "T108", f"«{written}» is near {_quoted(preferred)} "
            f"({article.concept(near.concept)['id']}), not it: write the glossary's term",
            terms.checked_piece, near.start, terms.segment, near.concept, source, preferred,
            written)
    letters = STEM_LETTERS.get(tags.primary(lang))
    for found in longest(terms.checked) if letters else ():
        written = terms.checked_piece.text[found.start:found.end]
        if _stem_misspelt(found.term.text, written, letters):
            yield article.finding(
                "T108", f"«{written}» is near «{found.term.text}» "
                f"({article.concept(found.concept)['id']}), misspelt: write the glossary's "
                "term", terms.checked_piece, found.start, terms.segment, found.concept, None,
                [found.term.text], written)


def _stem_misspelt(term: str, written: str, letters: frozenset[frozenset[str]]) -> bool:
    """Whether a term found by its keys is written with a letter of `letters` for the other
    in a word's stem (before its last two letters), where inflection never changes it: the
    Belarusian keys fold е and э, so «Лукашенка» is found as «Лукашэнка»."""
    term_words, written_words = term.casefold().split(), written.casefold().split()
    if len(term_words) != len(written_words):
        return False
    for wanted, typed in zip(term_words, written_words):
        at = len(os.path.commonprefix([wanted, typed]))
        if at < min(len(wanted) - 2, len(typed)) and frozenset(
                (wanted[at], typed[at])) in letters:
            return True
    return False


@check_rule("T109", "look-alike-letters", ERROR,
            "A term written with letters of the other alphabet that look alike (a Latin «a» in "
            "«дзяржaва», «ХІХ» in Cyrillic letters): it reads right, but no search, CAT tool or "
            "spell checker finds it.", mode=ANY_MODE)
def lookalike_letters(terms: SegmentTerms, article: Article) -> Iterator[Finding]:
    piece = terms.checked_piece
    mended = article.mended(piece, article.checked_lang)
    for found in longest(terms.checked):
        written, right = piece.text[found.start:found.end], mended[found.start:found.end]
        if written == right:
            continue
        letters = ", ".join(dict.fromkeys(
            f"«{a}» {unicodedata.name(a, '?').split()[0].title()} U+{ord(a):04X}"
            for a, b in zip(written, right) if a != b))
        yield article.finding(
            "T109", f"«{written}» ({article.concept(found.concept)['id']}) has look-alike "
            f"letters of the other alphabet ({letters}); write «{right}»", piece, found.start,
            terms.segment, found.concept, None, [right], written)


# --- article rules --------------------------------------------------------------------

@dataclass
class _Use:
    """Where a term was used: the segment, the term found and whether it lies inside a
    longer term there."""

    terms: SegmentTerms
    found: Found
    inside: bool = False


def _renderings(article: Article
                ) -> dict[int, dict[frozenset[str], dict[tuple[str, str], list[_Use]]]]:
    """For each source concept and each way the source writes it (the source terms of the
    segment, also inside a longer name: the CSTO of 'Parliamentary Assembly of the CSTO'),
    the approved target terms that render it, by kind (`_kind`), with where: a target that
    follows the source's own change of term (the full name, then 'Minsk II') is no
    inconsistency."""
    result: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for terms in article.segments:
        written: dict[int, set[str]] = defaultdict(set)
        for found in _outermost_of_concept(terms.source_every):
            written[found.concept].add(found.term.text)
        inner = inside_longer(terms.target)
        for found in _outermost_of_concept(terms.target):
            # inside a longer name, only the preferred term vouches for a rendering: another
            # may be what that name's grammar asks («принцип неделимой безопасности»)
            if found.concept in written and found.term.status != "deprecated" and (
                    id(found) not in inner or found.term.status == "preferred"):
                result[found.concept][frozenset(written[found.concept])][
                    _kind(found), found.term.text].append(
                        _Use(terms, found, id(found) in inner))
    return result


def _kind(found: Found) -> str:
    """Acronym (so typed, or an abbreviation in capitals: US), short (a short form or
    another abbreviation: «Высший госсовет»), or full."""
    kind = found.term.type
    return ("acronym" if kind == "acronym" or kind in SHORT_FORMS
            and text.is_acronym(found.term.text) else
            "short" if kind in NOT_A_RENDERING else "full")


def _mix(uses: dict[tuple[str, str], list[_Use]]) -> dict[str, list[_Use]] | None:
    """The terms of one kind (full names; short names; acronyms) a concept is written in,
    when they are two or more: a full name beside its short name or acronym is no mix, two
    short names («Кыргызстан», «Киргизия») or two acronyms are."""
    for kind in ("full", "short", "acronym"):
        of_kind = {text: places for (each, text), places in uses.items() if each == kind}
        if len(of_kind) > 1:
            return of_kind
    return None


def _outermost_of_concept(found: list[Found]) -> list[Found]:
    """Terms not inside a longer term of the same concept («Еўразійская хартыя» inside
    «Еўразійская хартыя разнастайнасці і шматпалярнасці ў XXI стагоддзі»)."""
    by_concept: dict[int, list[Found]] = defaultdict(list)
    for item in found:
        by_concept[item.concept].append(item)
    inner = {i for spans in by_concept.values() for i in inside_longer(spans)}
    return [f for f in found if id(f) not in inner]


@check_rule("T103", "inconsistent-translation", WARNING,
            "One source concept rendered by different target terms across the article.",
            scope=ARTICLE)
def inconsistent_translation(article: Article) -> Iterator[Finding]:
    for concept, by_source in _renderings(article).items():
        mixed = next(filter(None, map(_mix, by_source.values())), None)
        # renderings only ever inside longer names («многополярный миропорядок» and «…
        # мировой порядок») are those names' mix, reported for them
        if mixed and not all(use.inside for uses in mixed.values() for use in uses):
            yield _mixed("T103", article, concept, mixed,
                         f"{article.concept(concept)['id']} is rendered")


@check_rule("T106", "mixed-variants", WARNING,
            "A text mixes variants of one concept (Aleksandr and Alexander; organisation and "
            "organization).", scope=ARTICLE, mode=ALONE)
def mixed_variants(article: Article) -> Iterator[Finding]:
    used: dict[int, dict[tuple[str, str], list[_Use]]] = defaultdict(lambda: defaultdict(list))
    for terms in article.segments:
        for found in terms.source:
            if found.term.status != "deprecated":
                used[found.concept][_kind(found), found.term.text].append(_Use(terms, found))
    for concept, variants in used.items():
        mixed = _mix(variants)
        if mixed:
            yield _mixed("T106", article, concept, mixed,
                         f"{article.concept(concept)['id']} is written")


def _mixed(code: str, article: Article, concept: int, uses: dict[str, list[_Use]],
           lead: str) -> Finding:
    """One finding for a concept written in several ways, at the first use of a term other
    than the one to keep (the preferred term, else the most used)."""
    preferred = article.terms_of(concept, article.checked_lang, ("preferred",))
    order = {id(terms): n for n, terms in enumerate(article.segments)}
    ranked = sorted(uses.items(), key=lambda item: (item[0] not in preferred, -len(item[1]),
                                                    order[id(item[1][0].terms)]))
    parts = []
    for written, places in ranked:
        where = ", ".join(dict.fromkeys(use.terms.segment.id for use in places))
        parts.append(f"«{written}» ({where})")
    other = ranked[1][1][0]
    message = f"{lead} " + " and ".join(parts)
    if preferred:
        message += f"; keep to {_quoted(preferred)}"
    return article.finding(code, message, other.terms.checked_piece, other.found.start,
                           other.terms.segment, concept, None, preferred, other.found.matched)


@check_rule("T104", "one-term-several-concepts", WARNING,
            "One target term that two concepts share (a short name) renders each of them "
            "across the article.", scope=ARTICLE)
def one_term_several_concepts(article: Article) -> Iterator[Finding]:
    """A term of two concepts (a short name both have) used for each of them. A term used
    for a concept not its own is the T101 of that segment, which names it ("it has …"), and
    is not reported again here."""
    stands_for: dict[str, dict[int, list[_Use]]] = defaultdict(lambda: defaultdict(list))
    order = {id(terms): n for n, terms in enumerate(article.segments)}
    for terms in article.segments:
        source_concepts = {f.concept for f in terms.source}
        for found in terms.target:
            if found.concept in source_concepts:
                stands_for[found.term.text][found.concept].append(_Use(terms, found))
    for written, concepts in stands_for.items():
        if len(concepts) < 2:
            continue
        parts = []
        for concept, uses in concepts.items():
            where = ", ".join(dict.fromkeys(use.terms.segment.id for use in uses))
            parts.append(f"{article.concept(concept)['id']} ({where})")
        place = max((group[-1] for group in concepts.values()),
                    key=lambda use: order[id(use.terms)])
        yield article.finding("T104", f"«{written}» renders " + " and ".join(parts),
                              place.terms.checked_piece, place.found.start, place.terms.segment,
                              None, None, (), place.found.matched)


@check_rule("T201", "checked-as-a-whole", WARNING,
            "Neither paragraphs nor sentences of the two articles pair up: the documents were "
            "checked as a whole.", scope=ARTICLE)
def checked_as_a_whole(article: Article) -> Iterator[Finding]:
    if article.alignment.method == DOCUMENT:
        yield article.finding("T201", "; ".join(article.alignment.warnings), None)


@check_rule("T202", "paired-by-sentence", INFO,
            "The articles have different paragraph counts and were paired by sentence.",
            scope=ARTICLE)
def paired_by_sentence(article: Article) -> Iterator[Finding]:
    if article.alignment.method == SENTENCE:
        yield article.finding("T202", "; ".join(article.alignment.warnings), None)


# --- running --------------------------------------------------------------------------


@dataclass
class CheckResult:
    article: Article
    findings: list[Finding]

    @property
    def alignment(self) -> Alignment:
        return self.article.alignment

    def counts(self) -> dict[str, int]:
        counted = Counter(f.severity for f in self.findings)
        return {severity: counted.get(severity, 0) for severity in SEVERITIES}

    @property
    def warnings(self) -> list[str]:
        """What the user is told before any finding: that the pairing itself is doubtful."""
        confidence = self.alignment.confidence
        warning = confidence.warning() if confidence is not None else None
        return [warning] if warning else []

    def as_dict(self) -> dict:
        alignment = self.alignment
        confidence = alignment.confidence
        return {
            "source": alignment.source_path, "target": alignment.target_path,
            "source_lang": alignment.source_lang, "target_lang": alignment.target_lang,
            "alignment": alignment.method,
            "alignment_confidence": confidence.as_dict() if confidence is not None else None,
            "warnings": self.warnings,
            "segments": len(self.article.segments),
            "terms": sum(len(s.source) for s in self.article.segments),
            "counts": self.counts(),
            "findings": [f.as_dict() for f in self.findings],
        }


def check_files(index: Index, source: str, target: str | None = None,
                source_lang: str | None = None, target_lang: str | None = None,
                alone_lang: str | None = None, select: Iterable[str] = (),
                ignore: Iterable[str] = ()) -> CheckResult:
    """`termbase check` of files: two articles paired here, one bilingual file (TMX, PO,
    XLIFF), or one text alone (in `alone_lang`, else detected)."""
    from . import align

    if alone_lang and (target is not None or align.is_bilingual(source)):
        raise TermbaseError("--lang checks one text, Markdown or DOCX file; give only that")
    finders = TermFinders(index)
    if alone_lang or (target is None and not align.is_bilingual(source)):
        alignment = align.read_alone(source, alone_lang)
    elif target is None:
        alignment = align.read_bilingual(source, source_lang, target_lang)
    else:
        alignment = align.align_articles(source, target, source_lang, target_lang,
                                         finders.concepts)
    return check(index, alignment, select, ignore, finders)


def check(index: Index, alignment: Alignment, select: Iterable[str] = (),
          ignore: Iterable[str] = (), finders: TermFinders | None = None) -> CheckResult:
    """Check an aligned article against the glossary in `index`; `finders`, when given, are
    the ones the alignment was anchored with (their terms are fetched already)."""
    article = Article(index, alignment, finders)
    active = [r for r in rules.select(select, ignore, among=all_rules())
              if r.mode == ANY_MODE or (r.mode == ALONE) == article.alone]
    findings: list[Finding] = []
    for terms in article.segments:
        for rule in active:
            if rule.scope == SEGMENT:
                findings.extend(rule.run(terms, article))
    for rule in active:
        if rule.scope == ARTICLE:
            findings.extend(rule.run(article))
    order = {s.id: n for n, s in enumerate(alignment.segments)}
    findings.sort(key=lambda f: (order.get(f.segment, -1), f.line or 0, f.col or 0, f.code))
    return CheckResult(article, findings)
