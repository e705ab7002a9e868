"""What `termbase check` reads: a source and a target text paired segment by segment.

Two articles (plain text, Markdown, DOCX) are paired by paragraph when they have as many
paragraphs; else by sentence: one to one when they have as many, else by their lengths, the
way Gale and Church align a text with its translation, where a sentence may be split in two
or two joined; when that leaves too many sentences without a partner, the whole documents
form one segment and a warning says so (a term is then looked for anywhere in the target).
How far the pairing can be trusted is measured (`Confidence`): two unrelated articles pair up
too, and then each of their «findings» is noise. A bilingual file (TMX, PO, XLIFF 1.2 or 2.0)
is paired already: one segment per unit. A text checked alone is one segment per paragraph
with no target.

Every piece of text remembers where it came from (file, line, column), so that a finding
points into the file as written.
"""

from __future__ import annotations

import bisect
import functools
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import TermbaseError
from .formats import article
from .lang import tags
from .lang.text import guess_language
from .model import TranslationUnit

PARAGRAPH = "paragraph"
SENTENCE = "sentence"
DOCUMENT = "document"
UNIT = "unit"
ALONE = "alone"
BILINGUAL_EXTENSIONS = (".tmx", ".po", ".pot", ".xlf", ".xliff", ".sdlxliff", ".mxliff")


@dataclass
class Piece:
    """A text and where it came from: `anchors` are (offset in `text`, line, column) of the
    places it was joined from; a later offset is on a later line for each newline passed."""

    text: str
    path: str
    anchors: list[tuple[int, int | None, int | None]] = field(default_factory=list)

    def position(self, offset: int) -> tuple[int | None, int | None]:
        """Line and column of a character of `text` in its file (column None when unknown)."""
        index = bisect.bisect_right(self.anchors, offset, key=lambda a: a[0]) - 1
        start, line, col = self.anchors[max(index, 0)]
        if line is None:
            return None, None
        newlines = self._newlines
        first, last = (bisect.bisect_left(newlines, at) for at in (start, offset))
        if last > first:  # the newlines passed, counted by bisection: a text of many findings
            return line + last - first, offset - newlines[last - 1]
        return line, None if col is None else col + offset - start

    @functools.cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]


@dataclass
class Segment:
    id: str
    source: Piece
    target: Piece | None = None


# A text and its translation name the same glossary concepts and numbers in the segments
# paired; two unrelated texts share few. Measured on the test fixtures (tests/fixtures/check
# and check-real: each article with its translation, both ways, and with every other article's
# text in another language; tests/test_check_report.py keeps the figures): the 88 correct
# pairs of real articles score 0.73 or more, the 26 of short made-up texts 0.67 or more where
# they have MIN_ANCHORS; the 756 mismatched pairs of real articles score 0.30 at most. The
# threshold lies between. (40 of 302 mismatched pairs of the made-up texts, two to five
# sentences on the same five concepts, score 0.5 or more: no anchor tells those apart.)
LOW_CONFIDENCE = 0.5
# Fewer anchors than this tell nothing either way (a correct pair of two short paragraphs with
# one term rendered by a derived word scores 1 of 3).
MIN_ANCHORS = 6


@dataclass
class Confidence:
    """How far a pairing of two articles can be trusted: of the anchors of each segment pair
    (the glossary concepts its two sides name, and the numbers they hold), the share found on
    both sides, summed over all pairs. A sentence left without a partner counts its anchors
    as not found."""

    shared: int
    anchors: int

    @property
    def score(self) -> float:
        return self.shared / self.anchors if self.anchors else 1.0

    @property
    def low(self) -> bool:
        return self.anchors >= MIN_ANCHORS and self.score < LOW_CONFIDENCE

    def warning(self) -> str | None:
        """What to tell a user before any finding when the pairing is doubtful; else None."""
        if not self.low:
            return None
        shared = f"only {self.shared}" if self.shared else "none"
        verb = "are" if self.shared > 1 else "is"
        return (f"low alignment confidence {self.score:.2f}: {shared} of the {self.anchors} "
                f"glossary terms and numbers in the paired segments {verb} on both sides (a text "
                f"and its translation share {LOW_CONFIDENCE:.0%} or more); these may not be a "
                "text and its translation, so the findings may come from a wrong pairing, not "
                "from the translation")

    def as_dict(self) -> dict:
        return {"score": round(self.score, 3), "shared": self.shared, "anchors": self.anchors,
                "threshold": LOW_CONFIDENCE, "low": self.low}


def confidence(pairs: list[tuple[set, set]]) -> Confidence:
    """The confidence of a pairing from the anchors (any hashable) of each pair's two sides."""
    shared = anchors = 0
    for source, target in pairs:
        shared += len(source & target)
        anchors += len(source | target)
    return Confidence(shared, anchors)


def numbers(content: str) -> set[str]:
    """The numbers of a text as anchors: each run of digits, leading zeros dropped («05.03»
    and «5 March» share «5»); a number grouped in another locale's way («2 024», «2,024»)
    gives the same runs."""
    found = set()
    for run in re.findall(r"\d+", content):
        digits = "".join(str(unicodedata.digit(char, 0)) for char in run).lstrip("0") or "0"
        found.add("#" + digits)
    return found


@dataclass
class Alignment:
    """The segments to check, their languages and how they were paired; `confidence`, for
    two articles paired here, how far that pairing can be trusted."""

    source_lang: str
    target_lang: str | None
    method: str
    segments: list[Segment]
    source_path: str
    target_path: str | None = None
    warnings: list[str] = field(default_factory=list)
    confidence: Confidence | None = None


# --- articles ---------------------------------------------------------------------------

def align_articles(source_path: str | os.PathLike, target_path: str | os.PathLike,
                   source_lang: str | None = None, target_lang: str | None = None,
                   concepts_of: Callable[[str, str], set] | None = None) -> Alignment:
    """Two articles paired (see the module's docstring). `concepts_of(lang, text)`, when
    given, names the glossary concepts of a sentence, so that sentences naming the same
    concepts are paired rather than sentences of matching length only."""
    source_name, target_name = os.fspath(source_path), os.fspath(target_path)
    source = article.read(source_path)
    target = article.read(target_path)
    for paragraphs, name in ((source, source_name), (target, target_name)):
        if not paragraphs and (source or target):
            raise TermbaseError("no text to check against the other article", name)
    source_lang = _language(source_lang, source, source_name, "--source-lang")
    target_lang = _language(target_lang, target, target_name, "--target-lang")
    _different(source_lang, target_lang)
    result = Alignment(source_lang, target_lang, PARAGRAPH, [], source_name, target_name)

    def anchors_of(lang: str, content: str) -> set:
        return numbers(content) | (concepts_of(lang, content) if concepts_of else set())

    if len(source) == len(target):
        result.segments = [Segment(f"paragraph {n}", _piece(s, source_name),
                                   _piece(t, target_name))
                           for n, (s, t) in enumerate(zip(source, target), 1)]
        result.confidence = confidence([(anchors_of(source_lang, s.text),
                                         anchors_of(target_lang, t.text))
                                        for s, t in zip(source, target)])
        return result
    source_sentences = [s for p in source for s in sentences(_piece(p, source_name))]
    target_sentences = [s for p in target for s in sentences(_piece(p, target_name))]
    counts = (f"{len(source)} source and {len(target)} target paragraphs, "
              f"{len(source_sentences)} and {len(target_sentences)} sentences")
    anchors = None
    if concepts_of is not None:
        anchors = ([concepts_of(source_lang, p.text) for p in source_sentences],
                   [concepts_of(target_lang, p.text) for p in target_sentences])
    beads = pair_by_length(source_sentences, target_sentences, anchors)
    # what each sentence names and holds, to measure the pairing by
    source_anchors = {id(p): numbers(p.text) | (anchors[0][n] if anchors else set())
                      for n, p in enumerate(source_sentences)}
    target_anchors = {id(p): numbers(p.text) | (anchors[1][n] if anchors else set())
                      for n, p in enumerate(target_sentences)}

    def joined(pieces: list[Piece], of: dict[int, set]) -> set:
        return set().union(*(of[id(p)] for p in pieces))

    if beads is not None:
        result.confidence = confidence([(joined(s, source_anchors), joined(t, target_anchors))
                                        for s, t in beads])
        result.method = SENTENCE
        result.segments = [Segment(f"sentence {n}", _together(s), _together(t))
                           for n, (s, t) in enumerate(beads, 1) if s]
        merged = sum(1 for s, t in beads if len(s) != 1 or len(t) != 1)
        result.warnings.append(f"{counts}: paired by sentence" + (
            f" ({merged} of {len(beads)} pairs join two sentences)" if merged else ""))
        return result
    result.method = DOCUMENT
    result.confidence = confidence([(joined(source_sentences, source_anchors),
                                     joined(target_sentences, target_anchors))])
    result.segments = [Segment("document", _together([_piece(p, source_name) for p in source],
                                                     "\n\n"),
                               _together([_piece(p, target_name) for p in target], "\n\n"))]
    result.warnings.append(
        f"{counts}: neither paragraphs nor sentences pair up, so the documents are checked "
        "as a whole and a term is looked for anywhere in the target")
    return result


def read_alone(path: str | os.PathLike, lang: str | None = None) -> Alignment:
    """A text checked in one language: one segment per paragraph."""
    name = os.fspath(path)
    paragraphs = article.read(path)
    lang = _language(lang, paragraphs, name, "--lang")
    return Alignment(lang, None, ALONE,
                     [Segment(f"paragraph {n}", _piece(p, name))
                      for n, p in enumerate(paragraphs, 1)], name)


def _piece(paragraph: article.Paragraph, path: str) -> Piece:
    return Piece(paragraph.text, path, [(0, paragraph.line, paragraph.col)])


def _language(given: str | None, paragraphs, path: str, option: str) -> str:
    if given:
        return tags.normalise(given)
    guessed = guess_language(" ".join(p.text for p in paragraphs))
    if guessed is None:
        raise TermbaseError(f"cannot tell the language (no letters); give {option}", path)
    return guessed


def _different(source_lang: str, target_lang: str) -> None:
    """Refuse a pair in one language; two regions of it (en-US → en-GB) are a pair."""
    if _same_language(source_lang, target_lang):
        raise TermbaseError(f"source and target are both «{source_lang}»; give --source-lang "
                            "and --target-lang, or check one text with --lang")


def _same_language(one: str, other: str) -> bool:
    """«ru» and «ru-RU» are one language to pair by; «en-US» and «en-GB» are two."""
    if one.casefold() == other.casefold():
        return True
    return tags.primary(one) == tags.primary(other) and (
        tags.primary(one) in (one.casefold(), other.casefold()))


# --- sentences --------------------------------------------------------------------------

# A sentence ends at . ! ? … (and closing quotes or brackets) before a space and a capital,
# a digit, an opening quote or a dash; not after an abbreviation or an initial.
_END = re.compile(r"[.!?…]+[»”\"’)\]]*(?=\s+[«“\"„(\[—–-]?\s*[\dA-ZА-ЯЁІЎ])")
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st gen col lt maj sgt capt gov sen rep no nos vs etc e.g i.e u.s u.k u.n
jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp art para fig
г гг т.е т.д т.п др им ул см стр проф ген тыс млн млрд трлн руб ст п пп рис табл
і г.д г.зн вул праф ген.-лейт ген.-маёр
""".split())


def sentences(piece: Piece) -> list[Piece]:
    """The sentences of a piece of text, each a piece of its own."""
    text = piece.text
    found: list[Piece] = []
    start = 0
    for match in _END.finditer(text):
        word = re.search(r"(\S+)$", text[start:match.start()])
        before = word.group(1).casefold().lstrip("«“\"(") if word else ""
        if match.group().startswith(".") and (before in ABBREVIATIONS or
                                              (len(before) == 1 and before.isalpha())):
            continue
        found.append(_part(piece, start, match.end()))
        start = match.end()
    if text[start:].strip():
        found.append(_part(piece, start, len(text)))
    return found


def _part(piece: Piece, start: int, end: int) -> Piece:
    while start < end and piece.text[start].isspace():
        start += 1
    line, col = piece.position(start)
    return Piece(piece.text[start:end].rstrip(), piece.path, [(0, line, col)])


# Gale and Church's length-based alignment (Computational Linguistics 19(1), 1993): the
# moves a pair of texts may make, with how often translators make them.
MOVES = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089,
         (2, 2): 0.011}
VARIANCE = 6.8  # of the target length per source character
# What a concept named on one side of a pair and not on the other adds to its cost: about
# what a length two standard deviations off costs.
ANCHOR_COST = 3.0
# Sentences left without a partner beyond this share mean the texts do not correspond.
MAX_UNPAIRED = 0.1
# Pairings weighed at most: beyond, only those near the diagonal (Gale and Church's band),
# so that two long texts are paired in bounded time and memory, not in rows × columns.
MAX_PAIRINGS = 250_000


def pair_by_length(source: list[Piece], target: list[Piece],
                   anchors: tuple[list[set], list[set]] | None = None
                   ) -> list[tuple[list[Piece], list[Piece]]] | None:
    """Source and target sentences paired one to one, two to one or two to two by their
    lengths (a sentence may also be left without a partner); None when too many would be.
    Equal counts pair one to one. `anchors`, the glossary concepts of each source and
    target sentence, make a pair whose two sides name different concepts dearer."""
    if len(source) == len(target):
        return [([s], [t]) for s, t in zip(source, target)]
    if not source or not target:
        return None
    source_lengths = [_letters(p.text) for p in source]
    target_lengths = [_letters(p.text) for p in target]
    ratio = sum(target_lengths) / max(1, sum(source_lengths))
    inf = float("inf")
    rows, cols = len(source), len(target)
    width = cols if (rows + 1) * (cols + 1) <= MAX_PAIRINGS \
        else max(2, MAX_PAIRINGS // (2 * (rows + 1)))

    def band(i: int) -> range:
        centre = i * cols // rows
        return range(max(0, centre - width), min(cols, centre + width) + 1)

    cost: list[dict[int, float]] = [{} for _ in range(rows + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(rows + 1)]
    cost[0][0] = 0.0
    for i in range(rows + 1):
        for j in band(i):
            if j not in cost[i]:
                continue
            for (di, dj), prior in MOVES.items():
                if i + di > rows or j + dj not in band(i + di):
                    continue
                step = cost[i][j] + _move_cost(sum(source_lengths[i:i + di]),
                                               sum(target_lengths[j:j + dj]), ratio, prior)
                if anchors is not None:
                    named = set().union(*anchors[0][i:i + di])
                    rendered = set().union(*anchors[1][j:j + dj])
                    step += ANCHOR_COST * len(named ^ rendered)
                if step < cost[i + di].get(j + dj, inf):
                    cost[i + di][j + dj] = step
                    back[i + di][j + dj] = (di, dj)
    if cols not in cost[rows]:
        return None
    beads: list[tuple[list[Piece], list[Piece]]] = []
    i, j = rows, cols
    while i or j:
        di, dj = back[i][j]
        beads.append((source[i - di:i], target[j - dj:j]))
        i, j = i - di, j - dj
    beads.reverse()
    if sum(1 for s, t in beads if not s or not t) > MAX_UNPAIRED * len(beads):
        return None
    return beads


def _move_cost(source_length: int, target_length: int, ratio: float, prior: float) -> float:
    """-log of the probability of a move: its prior times how likely the length difference."""
    mean = (source_length + target_length / ratio) / 2
    delta = (target_length - source_length * ratio) / math.sqrt(max(mean, 1) * VARIANCE)
    tail = math.erfc(abs(delta) / math.sqrt(2))  # 2 (1 - Φ(|δ|))
    return -math.log(prior) - math.log(max(tail, 1e-300))


def _letters(content: str) -> int:
    return sum(1 for char in content if not char.isspace())


def _together(pieces: list[Piece], separator: str = " ") -> Piece | None:
    """Consecutive pieces as one (two sentences paired with one, or a whole document);
    None for none."""
    if not pieces:
        return None
    if len(pieces) == 1:
        return pieces[0]
    joined = Piece(separator.join(p.text for p in pieces), pieces[0].path)
    offset = 0
    for piece in pieces:
        joined.anchors += [(offset + start, line, col) for start, line, col in piece.anchors]
        offset += len(piece.text) + len(separator)
    return joined


# --- bilingual files --------------------------------------------------------------------

def read_bilingual(path: str | os.PathLike, source_lang: str | None = None,
                   target_lang: str | None = None) -> Alignment:
    """A TMX, PO or XLIFF file as segments, one per unit that has a source."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix == ".tmx":
        units, declared_source, languages = _tmx(name)
    elif suffix in (".po", ".pot"):
        from .formats import po

        declared_target, units = po.read(name)
        source_lang = source_lang or guess_language(" ".join(
            u.variants[0].text for u in units)) or "en"
        target_lang = target_lang or declared_target
        if not target_lang:
            raise TermbaseError("the PO file has no Language header; give --target-lang", name)
        for unit in units:
            unit.variants[0].lang = source_lang
            for variant in unit.variants[1:]:
                variant.lang = target_lang
        declared_source, languages = source_lang, [source_lang, target_lang]
    else:
        from .formats import xliff

        reader = xliff.read(name)
        units = list(reader)
        declared_source = reader.source_lang
        languages = [lang for lang in (reader.source_lang, reader.target_lang) if lang]
        for unit in units:
            for number, variant in enumerate(unit.variants):
                if not variant.lang:
                    variant.lang = (source_lang if number == 0 else target_lang) or ""
    source_lang = tags.normalise(source_lang) if source_lang else declared_source
    if not source_lang:
        raise TermbaseError("the file does not say its source language; give --source-lang",
                            name)
    if units and not any(_same_language(lang, source_lang) for lang in languages):
        held = ", ".join(languages) or "no language"  # checking nothing must not pass as clean
        raise TermbaseError(f"no unit has a {source_lang} segment (the file holds {held}); "
                            "give --source-lang", name)
    if not target_lang:
        others = sorted({lang for lang in languages if not _same_language(lang, source_lang)})
        if len(others) != 1:
            held = ", ".join(others) or "no other language"
            raise TermbaseError(f"the file holds {held} besides {source_lang}; give "
                                "--target-lang", name)
        target_lang = others[0]
    target_lang = tags.normalise(target_lang)
    _different(source_lang, target_lang)
    segments = []
    for number, unit in enumerate(units, 1):
        source = _variant(unit, source_lang, name)
        if source is None:
            continue
        segments.append(Segment(unit.id or f"unit {number}", source,
                                _variant(unit, target_lang, name)))
    return Alignment(source_lang, target_lang, UNIT, segments, name, name)


def _tmx(name: str) -> tuple[list[TranslationUnit], str | None, list[str]]:
    from .formats import tmx

    header, units = tmx.read_all(name)
    declared = header.attrs.get("srclang")
    if declared and declared.strip("*").casefold() == "all":
        declared = None  # «*all*» (Olifant: «all»): any language may be a unit's source
    return units, declared, sorted({v.lang for u in units for v in u.variants})


def _variant(unit: TranslationUnit, lang: str, path: str) -> Piece | None:
    """The unit's segment in `lang`: of that very tag if it has one (en-GB, not en-US),
    else of the same language (ru-RU for ru)."""
    written = [v for v in unit.variants if v.text.strip()]
    chosen = next((v for v in written if v.lang.casefold() == lang.casefold()), None) or \
        next((v for v in written if _same_language(v.lang, lang)), None)
    return Piece(chosen.text, path, [(0, chosen.line, None)]) if chosen else None


def is_bilingual(path: str | os.PathLike) -> bool:
    return Path(os.fspath(path)).suffix.lower() in BILINGUAL_EXTENSIONS
