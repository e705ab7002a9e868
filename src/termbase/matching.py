"""Finding glossary terms in running text, in any inflected form.

The engine under TM consistency checks and the article checker: the text is split into
words, every word gets the keys it may stand for (`termbase.lang`), and a glossary term is
found where its words' keys follow one another. Longer terms win over the shorter ones they
contain («Договор о коллективной безопасности» over «безопасность»). In running text case
is strict: a capitalised word of a proper name must be capitalised, and an acronym must be
written in capitals, so «союзные государства» is not «Союзное государство» and «sco» is no SCO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .index import Index, TermRow
from .lang import analyzer, tags, text


# A possessive or plural ending after an acronym: «CSTO’s», «NGOs».
_ENDING = re.compile(r"(?:’s|s’|’|s)$")


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


def find_terms(index: Index, lang: str, content: str, overlapping: bool = False) -> list[Found]:
    """Glossary terms of `lang` in `content`, in text order.

    By default the longest win and none overlap: what a text says. With `overlapping`, every
    term found is kept, so «ООН» is also found inside «Совет Безопасности ООН»: what a text
    contains.
    """
    normalised, origin = text.normalise_mapped(content)
    tokens = text.tokens(normalised)
    if not tokens:
        return []
    chosen = analyzer(lang)
    keys = [chosen.text_keys(token.text) for token in tokens]
    primary = tags.primary(lang)
    by_first: dict[str, list[TermRow]] = {}
    for row in index.terms_by_first_keys({key for options in keys for key in options}):
        if tags.primary(row.lang) == primary and row.keys:
            by_first.setdefault(row.keys[0], []).append(row)
    candidates: list[Found] = []
    for start, options in enumerate(keys):
        for key in options:
            for row in by_first.get(key, ()):
                end = start + len(row.keys)
                if end <= len(tokens) and all(
                        term_key in keys[start + i] for i, term_key in enumerate(row.keys)):
                    written = [t.text for t in tokens[start:end]]
                    if case_agrees(row, written, strict=True):
                        first, last = tokens[start].start, tokens[end - 1].end
                        candidates.append(Found(row, origin[first], origin[last - 1] + 1,
                                                normalised[first:last]))
    if overlapping:
        return sorted(candidates, key=lambda f: (f.start, -f.end))
    taken: list[Found] = []
    for found in sorted(candidates, key=lambda f: (-(f.end - f.start), f.start)):
        if all(found.end <= other.start or found.start >= other.end for other in taken):
            taken.append(found)
    return sorted(taken, key=lambda f: f.start)


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
