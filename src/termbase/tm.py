"""Translation-memory search: inflection-aware concordance and fuzzy matches.

A query finds units whose segment, in one of the languages the query may be written in,
- holds the query's words as a `phrase` (consecutive, in order) or as `words` (anywhere), in
  any inflected form the analyzers fold; these concordance hits are always shown;
- or is a `fuzzy` match: similar as a whole, scored 0–100 (rapidfuzz ratio on normalised,
  case-folded text), shown from `min_score` up.
Each hit carries every language of its unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .index import Index
from .lang.text import fold
from .lang import analyzer, tags, text
from .lookup import bounded_query, detect_languages

PHRASE = "phrase"
WORDS = "words"
FUZZY = "fuzzy"
CANDIDATES = 500  # concordance hits examined
FUZZY_CANDIDATES = 200  # segments sharing the rarest words, scored for fuzzy matches


@dataclass
class Hit:
    """A unit found, and which of its segments (`variant`, a number) matched: a unit may
    hold several of one language (two English renderings), each searched and shown."""

    unit: dict
    how: str
    score: float
    lang: str
    variant: int = 0

    def as_dict(self) -> dict:
        return {"unit": self.unit["id"], "file": self.unit["file"], "match": self.how,
                "score": round(self.score, 1), "lang": self.lang, "matched": self.variant,
                "segments": [{"lang": v["lang"], "text": v["text"]}
                             for v in self.unit["variants"]],
                "props": [{"type": p["type"], "value": p["value"]} for p in self.unit["props"]]}


def search(index: Index, query: str, languages: list[str] | None = None,
           min_score: float = 60.0, limit: int = 20) -> list[Hit]:
    query = bounded_query(query)
    words = text.words(query)
    if not words:
        return []
    languages = [tags.primary(lang) for lang in (languages or detect_languages(query))]
    folded = fold(query)
    hits: dict[int, Hit] = {}

    def offer(hit: Hit, unit_row: int) -> None:
        current = hits.get(unit_row)
        if current is None or _rank(hit) > _rank(current):
            hits[unit_row] = hit

    for lang in languages:
        chosen = analyzer(lang)
        keys = [chosen.text_keys(word) for word in words]
        candidates = [row for row in index.segments_with_all(keys, CANDIDATES)
                      if tags.primary(row[1]) == lang]
        units = index.units(row for row, _, _ in candidates)
        for unit_row, segment_lang, number in candidates:
            unit = units[unit_row]
            segment = unit["variants"][number]["text"]
            segment_keys = [chosen.text_keys(word) for word in text.words(segment)]
            how = _concordance(keys, segment_keys) or WORDS
            score = 100.0 if how == PHRASE else fuzz.ratio(folded, fold(segment))
            offer(Hit(unit, how, score, segment_lang, number), unit_row)
        every_key = {key for options in keys for key in options}
        candidates = [row for row in index.segments_like(every_key, FUZZY_CANDIDATES)
                      if tags.primary(row[1]) == lang and row[0] not in hits]
        units = index.units(row for row, _, _ in candidates)
        for unit_row, segment_lang, number in candidates:
            unit = units[unit_row]
            score = fuzz.ratio(folded, fold(unit["variants"][number]["text"]))
            if score >= min_score:
                offer(Hit(unit, FUZZY, score, segment_lang, number), unit_row)
    ranked = sorted(hits.values(), key=lambda h: (-_rank(h)[0], -h.score, h.unit["id"] or ""))
    return ranked[:limit]


def search_results(index: Index, query: str, languages: list[str] | None = None,
                   shown: list[str] | None = None, min_score: float = 60.0,
                   limit: int = 20) -> list[dict]:
    """`search` as `tm search --format json` gives it: each hit with the segments of the
    languages `shown` (all without)."""
    hits = [hit.as_dict() for hit in search(index, query, languages, min_score, limit)]
    wanted = {tags.primary(lang) for lang in shown or ()}
    for hit in hits if wanted else ():
        hit["segments"] = [s for s in hit["segments"] if tags.primary(s["lang"]) in wanted]
    return hits


def _concordance(query: list[frozenset[str]], segment: list[frozenset[str]]) -> str | None:
    """PHRASE when the query's words stand consecutively, WORDS when all stand somewhere."""
    def same(a: frozenset[str], b: frozenset[str]) -> bool:
        return not a.isdisjoint(b)

    for start in range(len(segment) - len(query) + 1):
        if all(same(q, segment[start + i]) for i, q in enumerate(query)):
            return PHRASE
    if all(any(same(q, s) for s in segment) for q in query):
        return WORDS
    return None


def _rank(hit: Hit) -> tuple[int, float]:
    return ({PHRASE: 2, WORDS: 1, FUZZY: 0}[hit.how], hit.score)
