"""Hypothesis strategies that generate whole glossaries, for property tests of writers,
readers, export and import.

    from hypothesis import given
    from strategies import ROUND_TRIP, glossaries

    @ROUND_TRIP
    @given(glossaries())
    def test_something(generated):
        folder = generated.write(tmp / "project")  # pyproject.toml + glossary/*.tbx

`glossaries()` draws a `GeneratedGlossary`: a project's settings (`languages`,
`required_languages`, as in `[tool.termbase]`) and concepts in random languages (ru, be, en,
de, fr, pl, and tags with a region or script such as en-GB and be-Latn), each with a preferred
full form per language and any of: variants that differ from it only in capitals or only in the
apostrophe (’ or '), other variants, acronyms and abbreviations, every usage status and term
type (fullForm, acronym, abbreviation, variant, shortForm, phrase), parts of speech, genders,
term sources, notes and contexts, concept and language definitions with and without a source,
concept notes, subject fields, and transactions with dates and times. `concepts()` draws the
concepts alone, `free_text()` the text of notes, definitions and sources.

Valid by construction: what is drawn is what the project's validation rules accept with no
error (an import of it is never refused), so a property failing is a bug of the code under
test, not of the data:

- every language of a concept is one of the project's `languages` (L101), its tag in BCP 47
  case (L102); the `required_languages` are among the concept's (C101);
- per language (ru and ru-BY count as one, as the C rules group them): exactly one preferred
  full form (C101, C102), at most one preferred acronym or abbreviation (C102), so never only
  deprecated terms (C104) nor only short forms (C103); every language section has a term (E102);
- a preferred full form holds the concept's number, so no two concepts share one in any
  inflected form (U101); concept ids are slugs (`union-3`) and unique, term ids those
  `edit.add_term` gives, unique in the glossary (R101, U104); cross-references only from a
  short form to its full form in the same concept (R102);
- term text: words of the language's own alphabet in NFC, no invisible characters, Latin and
  Cyrillic never in one word, no Cyrillic Roman numerals, Belarusian without и щ ъ, Russian
  without і ў and without apostrophes (O101-O106); apostrophes only ’ and ' (O107), no term
  twice in one language section as written (a term that differs in capitals or apostrophe
  only is another term);
- picklist values only (D102): usageStatus, termType, partOfSpeech, grammaticalGender and
  transactionType of TBX-Basic V4; dates in the form the schema takes (`2024-05-31`,
  `2024-05-31T10:20:30Z`, `…+03:00`);
- a concept lives in the file its first subject field names (`edit.file_for_subject`:
  security-and-defence.tbx, general.tbx without one), under the header a new file of
  `termbase import` gets, so that importing into an empty folder can give the same bytes.

Free text (notes, definitions, sources, responsibilities) is any text XML can hold: spaces
at either end, line breaks (CR too), markup characters, any script, nothing at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st

from termbase.edit import add_term, file_for_subject
from termbase.formats import tbx
from termbase.lang import tags
from termbase.model import (
    GRAMMATICAL_GENDERS, PARTS_OF_SPEECH, TRANSACTION_TYPES, Concept, GlossaryHeader, Sourced,
    Transaction,
)

# ~1,000 generated glossaries across the round-trip tests (TERMBASE_EXAMPLES scales it).
EXAMPLES = int(os.environ.get("TERMBASE_EXAMPLES", "500"))
ROUND_TRIP = settings(max_examples=EXAMPLES, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PRIMARY_LANGUAGES = ("ru", "be", "en", "de", "fr", "pl")
# Tags a concept may have, regional ones among them (grouped with their language by the rules).
TAGS = ("ru", "be", "en", "de", "fr", "pl", "en-GB", "en-US", "de-AT", "ru-BY", "be-Latn")
WORDS = {
    "ru": ["совет", "министров", "союзного", "государства", "безопасности", "договор",
           "коллективной", "организация", "сотрудничества", "пространство", "экономическое",
           "ёлка", "объединённый", "российской", "федерации", "штаб"],
    "be": ["савет", "міністраў", "саюзнай", "дзяржавы", "бяспекі", "дагавор", "калектыўнай",
           "арганізацыя", "супрацоўніцтва", "сям’і", "аб’яднанне", "прастора", "пад’ём",
           "эканамічная", "рэспублікі", "штаб"],
    "en": ["council", "ministers", "union", "state", "security", "treaty", "collective",
           "organisation", "people’s", "people's", "cooperation", "space", "economic",
           "nation’s", "o’clock", "staff"],
    "de": ["Rat", "Minister", "Sicherheit", "Vertrag", "Gemeinschaft", "Zusammenarbeit",
           "Straße", "Behörde", "Ärzte", "Staat", "kollektive", "Union"],
    "fr": ["conseil", "ministres", "sécurité", "traité", "l’union", "d'État", "coopération",
           "espace", "économique", "collective", "organisation", "aujourd’hui"],
    "be-Latn": ["savet", "ministraŭ", "sajuznaj", "dziaržavy", "biaspieki", "dahavor",
                "supracoŭnictva", "respubliki", "prastora", "štab", "Biełaruś"],
    "pl": ["rada", "ministrów", "bezpieczeństwa", "traktat", "współpraca", "państwa",
           "związek", "przestrzeń", "gospodarcza", "zbiorowego", "organizacja", "sztab"],
}
SUBJECTS = ("security and defence", "organisations", "people and places", "Law & Order",
            "право", "général")
ID_WORDS = ("union", "council", "treaty", "csto", "state", "zapad", "minsk")
SHORT = ("acronym", "abbreviation")

# What XML 1.0 can hold, control characters aside (tab, LF and CR are kept: CR is written
# as &#13; so that a parser keeps it), and what tests a writer's escaping.
_CHARACTERS = st.one_of(
    st.sampled_from(["&", "<", ">", '"', "'", "’", " ", "\t", "\n", "\r", "Ё", "і", "\u00a0"]),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                  exclude_characters="\ufffe\uffff"))
_PIECES = st.one_of(st.sampled_from(["]]>", "\r\n", "&amp;", "<note>", "  ", "&#13;"]),
                    st.text(_CHARACTERS, max_size=6))
# (strategies are built once: building one per draw costs more than drawing from it)
_FREE = {size: st.one_of(st.text(_CHARACTERS, max_size=size),
                         st.lists(_PIECES, max_size=4).map("".join))
         for size in (12, 24, 40)}


def free_text(max_size: int = 24) -> st.SearchStrategy[str]:
    """Text of a note, definition, source or responsibility: any characters XML can hold,
    markup characters and spaces at either end included, or nothing."""
    return _FREE[max_size] if max_size in _FREE else st.text(_CHARACTERS, max_size=max_size)


_DAY = st.dates(min_value=date(1000, 1, 1)).map(lambda d: d.isoformat())
_TIME = st.times().map(lambda t: t.replace(microsecond=0).isoformat())
DATES = st.one_of(_DAY, st.tuples(_DAY, _TIME, st.sampled_from(["", "Z", "+03:00", "-05:30"]))
                  .map(lambda p: f"{p[0]}T{p[1]}{p[2]}"))
TRANSACTIONS = st.builds(Transaction, type=st.sampled_from(TRANSACTION_TYPES),
                         date=st.one_of(st.none(), DATES),
                         responsibility=st.one_of(st.none(), free_text(12)))
SOURCED = st.builds(Sourced, text=free_text(40), source=st.one_of(st.none(), free_text(12)))
_NOTES = {size: st.lists(free_text(), max_size=size) for size in (1, 2)}
_SOURCES = st.lists(free_text(12), max_size=2)
_PART_OF_SPEECH = st.one_of(st.none(), st.sampled_from(PARTS_OF_SPEECH))
_GENDER = st.one_of(st.none(), st.sampled_from(GRAMMATICAL_GENDERS))
_OTHER_STATUS = st.sampled_from(["admitted", "deprecated"])
_LONG_FORM = st.sampled_from(["variant", "fullForm", "shortForm", "phrase"])
_SHORT = st.sampled_from(SHORT)
_HOW = st.lists(st.sampled_from(["capitals", "apostrophe", "words", "short"]), max_size=4)
_ONE_SOURCED = st.lists(SOURCED, max_size=1)
_TWO_SOURCED = st.lists(SOURCED, max_size=2)
_ONE_TRANSACTION = st.lists(TRANSACTIONS, max_size=1)
_TWO_TRANSACTIONS = st.lists(TRANSACTIONS, max_size=2)
_SUBJECTS = st.lists(st.sampled_from(SUBJECTS), max_size=2, unique=True)
_ID_WORD = st.sampled_from(ID_WORDS)
_WORDS = {lang: st.lists(st.sampled_from(words), min_size=1, max_size=4)
          for lang, words in WORDS.items()}  # by tag (be-Latn), else by language


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]  # (str.title would write «People’S»)


def _cased(words: list[str], style: str) -> str:
    if style == "title":
        return " ".join(_capitalised(w) for w in words)
    if style == "sentence":
        return " ".join([_capitalised(words[0]), *words[1:]])
    if style == "upper":
        return " ".join(w.upper() for w in words)
    return " ".join(w.lower() for w in words)


_STYLES = st.sampled_from(["title", "sentence", "lower", "upper"])


@st.composite
def _phrase(draw, lang: str, number: int | None = None) -> tuple[list[str], str]:
    """(words, text) of a term: 1-4 words of the language, cased one way, and the concept's
    number when given (what keeps preferred terms apart, U101)."""
    words = draw(_WORDS[lang] if lang in _WORDS else _WORDS[tags.primary(lang)])
    if number is not None:
        words = [*words, str(number)]
    return words, _cased(words, draw(_STYLES))


def _other_apostrophe(text: str) -> str | None:
    if "’" in text:
        return text.replace("’", "'", 1)
    if "'" in text:
        return text.replace("'", "’", 1)
    return None


def _acronym(words: list[str]) -> str:
    letters = "".join(w[0] for w in words if w[:1].isalpha())
    return (letters or words[0][:2]).upper()


def _abbreviation(words: list[str]) -> str:
    """«Сов. министров», «Gen. Staff»: the first word cut, with a full stop."""
    first = words[0]
    return " ".join([first[:max(1, min(3, len(first) - 1))] + ".", *words[1:]])


@st.composite
def _language_terms(draw, concept: Concept, group: list[str], number: int) -> None:
    """The terms of one language (`group`: its tags in the concept, «en» and «en-GB»)."""
    home = draw(st.sampled_from(group))  # the section of the preferred full form
    words, preferred = draw(_phrase(home, number))
    planned: list[tuple[str, str, str, str]] = [(home, preferred, "fullForm", "preferred")]
    if draw(st.booleans()):
        kind = draw(_SHORT)
        text = _acronym(words) if kind == "acronym" else _abbreviation(words)
        planned.append((draw(st.sampled_from(group)), text, kind, "preferred"))
    for how in draw(_HOW):
        lang = draw(st.sampled_from(group))
        status = draw(_OTHER_STATUS)
        kind = draw(_LONG_FORM)
        if how == "capitals":
            text = _cased(words, draw(_STYLES))
        elif how == "apostrophe":
            text = _other_apostrophe(preferred) or _cased(words, draw(_STYLES))
        elif how == "words":
            text = draw(_phrase(lang))[1]
        else:
            kind = draw(_SHORT)
            text = _acronym(words) if kind == "acronym" else _abbreviation(words)
        planned.append((lang, text, kind, status))
    for lang in group:  # every section holds a term (E102)
        if not any(p[0] == lang for p in planned):
            planned.append((lang, draw(_phrase(lang))[1], "variant", draw(_OTHER_STATUS)))
    seen: set[tuple[str, str]] = set()
    for lang, text, kind, status in planned:
        if (lang, text) in seen:  # the same term twice in a section, as written: not drawn
            continue
        seen.add((lang, text))
        term = add_term(concept, lang, text, kind, status, "noun", draw(_SOURCES))
        term.part_of_speech = draw(_PART_OF_SPEECH)  # (add_term gives the concept's)
        term.gender = draw(_GENDER)
        term.notes = draw(_NOTES[2])
        term.contexts = draw(_ONE_SOURCED)
        term.transactions = draw(_ONE_TRANSACTION)


@st.composite
def a_concept(draw, number: int, languages: tuple[str, ...],
            required: tuple[str, ...]) -> Concept:
    """Concept number `number` (its id `<word>-<number>`), in some of `languages` (tags), the
    primary languages `required` among them."""
    wanted = set(required)
    wanted |= set(draw(st.lists(st.sampled_from(languages), min_size=0 if wanted else 1,
                                max_size=4)))
    result = Concept(f"{draw(_ID_WORD)}-{number}")
    result.subject_fields = draw(_SUBJECTS)
    result.definitions = draw(_TWO_SOURCED)
    result.notes = draw(_NOTES[2])
    result.transactions = draw(_TWO_TRANSACTIONS)
    groups: dict[str, list[str]] = {}
    for tag in sorted(wanted):
        groups.setdefault(tags.primary(tag), []).append(tag)
    for group in groups.values():
        draw(_language_terms(result, group, number))
    for section in result.languages:
        section.definitions = draw(_ONE_SOURCED)
        section.notes = draw(_NOTES[1])
        section.transactions = draw(_ONE_TRANSACTION)
    return result


@dataclass
class GeneratedGlossary:
    """A drawn glossary: its project settings and concepts (see the module's docstring)."""

    concepts: list[Concept]
    languages: tuple[str, ...] = ("ru", "be", "en")  # [tool.termbase] languages
    required_languages: tuple[str, ...] = ("ru", "be", "en")

    def files(self) -> dict[str, list[Concept]]:
        """File name → its concepts: each in the file of its first subject field."""
        files: dict[str, list[Concept]] = {}
        for item in self.concepts:
            name = file_for_subject(Path("."), next(iter(item.subject_fields), None)).name
            files.setdefault(name, []).append(item)
        return files

    def write(self, root: Path) -> Path:
        """Write the project: `root/pyproject.toml` with the settings, `root/glossary/*.tbx`
        canonical; the glossary folder."""
        folder = root / "glossary"
        folder.mkdir(parents=True, exist_ok=True)
        listed = ", ".join(f'"{lang}"' for lang in self.languages)
        required = ", ".join(f'"{lang}"' for lang in self.required_languages)
        (root / "pyproject.toml").write_text(
            f"[tool.termbase]\nlanguages = [{listed}]\nrequired-languages = [{required}]\n",
            encoding="utf-8")
        for name, concepts in self.files().items():
            tbx.write(concepts, folder / name, new_file_header(folder / name))
        return folder


def new_file_header(path: Path) -> GlossaryHeader:
    """The header `edit.Transaction` gives a file it creates."""
    return GlossaryHeader(title=f"termbase glossary: {path.stem.replace('-', ' ')}")


def concepts(languages: tuple[str, ...] = TAGS, required: tuple[str, ...] = ("ru", "be", "en"),
             min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[list[Concept]]:
    """Concepts numbered 1, 2, … with unique ids, valid in a project that lists the primary
    languages of `languages` and requires `required`."""
    def build(count: int) -> st.SearchStrategy[list[Concept]]:
        return st.tuples(*(a_concept(n, languages, required) for n in range(1, count + 1))) \
            .map(list)

    return st.integers(min_size, max_size).flatmap(build)


@st.composite
def glossaries(draw, max_concepts: int = 6) -> GeneratedGlossary:
    """A project: the languages it lists (ru, be, en and any of de, fr, pl), the ones it
    requires (any of ru, be, en, or none), and 1 to `max_concepts` concepts in them."""
    extra = draw(st.lists(st.sampled_from(PRIMARY_LANGUAGES[3:]), unique=True))
    listed = ("ru", "be", "en", *sorted(extra))
    required = tuple(draw(st.lists(st.sampled_from(("ru", "be", "en")), unique=True)))
    usable = tuple(tag for tag in TAGS if tags.primary(tag) in listed)
    drawn = draw(concepts(usable, required, 1, max_concepts))
    return GeneratedGlossary(drawn, listed, required)
