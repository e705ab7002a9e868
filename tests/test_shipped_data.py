"""The glossary and translation memory that ship with termbase: counts, completeness, sources.

(`termbase validate` being clean on them is tested in test_validate_cli and test_rules.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from termbase.formats import tbx, tmx
from termbase.lang.text import words

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "glossary").glob("*.tbx"))
CONCEPTS = [(path, concept) for path in FILES for concept in tbx.read_all(path)[1]]
UNITS = [unit for path in sorted((ROOT / "tm").glob("*.tmx")) for unit in tmx.read_all(path)[1]]
SUBJECTS = ("organisations", "treaties and documents", "security and defence",
            "events and bodies", "people and places", "political concepts")


def test_at_least_250_concepts_in_six_subject_fields():
    assert len(CONCEPTS) >= 250
    assert [p.name for p in FILES] == sorted(f"{s.replace(' ', '-')}.tbx" for s in SUBJECTS)
    for path, concept in CONCEPTS:
        assert concept.subject_fields == [path.stem.replace("-", " ")], concept.id
    per_file = {path.stem: sum(1 for p, _ in CONCEPTS if p == path) for path in FILES}
    assert min(per_file.values()) >= 40, per_file


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_every_concept_has_one_preferred_full_form_in_each_language(lang):
    for _, concept in CONCEPTS:
        section = concept.language(lang)
        assert section is not None, f"{concept.id} has no {lang}"
        preferred = [t for t in section.terms if t.status == "preferred"
                     and t.type not in ("acronym", "abbreviation")]
        assert len(preferred) == 1, f"{concept.id} {lang}: {[t.text for t in preferred]}"


def test_every_term_has_a_status_a_type_a_part_of_speech_and_a_source():
    for _, concept in CONCEPTS:
        assert concept.definitions and concept.definitions[0].text, concept.id
        for lang, term in concept.terms():
            where = f"{concept.id} {lang} «{term.text}»"
            assert term.status in ("preferred", "admitted", "deprecated"), where
            assert term.type and term.part_of_speech, where
            assert term.sources and all(s.strip() for s in term.sources), where


def test_acronyms_point_to_their_full_form():
    for _, concept in CONCEPTS:
        ids = {t.id: (lang, t) for lang, t in concept.terms() if t.id}
        for lang, term in concept.terms():
            if term.type in ("acronym", "abbreviation"):
                assert term.cross_references, f"{concept.id} {lang} «{term.text}»"
                target_lang, target = ids[term.cross_references[0].target]
                assert target_lang == lang and target.type not in ("acronym", "abbreviation")


def test_belarusian_and_russian_letters():
    for _, concept in CONCEPTS:
        for lang, term in concept.terms():
            if lang == "be":
                assert not set("ищъИЩЪ'") & set(term.text), f"{concept.id} «{term.text}»"
            if lang == "ru":
                assert not set("іўІЎ’'") & set(term.text), f"{concept.id} «{term.text}»"


def test_the_well_known_acronyms_in_each_language():
    acronyms = {concept.id: {lang: {t.text for t in concept.language(lang).terms
                                    if t.type == "acronym"} for lang in ("ru", "be", "en")}
                for _, concept in CONCEPTS}
    assert acronyms["csto"] == {"ru": {"ОДКБ"}, "be": {"АДКБ"}, "en": {"CSTO"}}
    assert acronyms["sco"] == {"ru": {"ШОС"}, "be": {"ШАС"}, "en": {"SCO"}}
    assert acronyms["cis"] == {"ru": {"СНГ"}, "be": {"СНД"}, "en": {"CIS"}}
    assert acronyms["un"]["be"] == {"ААН"} and acronyms["un"]["ru"] == {"ООН"}


def test_the_translation_memory_has_300_aligned_units_with_provenance():
    assert len(UNITS) >= 300
    assert len({u.id for u in UNITS}) == len(UNITS)
    for unit in UNITS:
        assert sorted(v.lang for v in unit.variants) == ["be", "en", "ru"], unit.id
        assert all(words(v.text) for v in unit.variants), unit.id
        props = {p.type: p.value for p in unit.props}
        assert {"x-source-document", "x-origin", "x-status"} <= set(props), unit.id
    corpus = ROOT.parent / "shared" / "corpus" / "en"
    from_corpus = {u.id.rsplit("-", 1)[0] for u in UNITS if not u.id.startswith("field-")}
    assert from_corpus == {"union-state-security-eurasia", "regional-security-growth-points",
                           "eurasian-approach-view-from-belarus"}
    if corpus.is_dir():  # the English of a corpus unit is the article's text
        articles = {p.stem: " ".join(p.read_text(encoding="utf-8").split())
                    for p in corpus.glob("*.txt")}
        for unit in UNITS:
            if not unit.id.startswith("field-"):
                english = " ".join(unit.variant("en").text.split())
                assert english in articles[unit.id.rsplit("-", 1)[0]], unit.id


def test_at_least_800_concepts_and_every_field_grown():
    """Issue 17: the whole vocabulary of the field, no subject field left thin."""
    assert len(CONCEPTS) >= 800
    per_file = {path.stem: sum(1 for p, _ in CONCEPTS if p == path) for path in FILES}
    assert min(per_file.values()) >= 90, per_file


# Terms with no source but the editors themselves, by language: the share with a real
# source may only grow (issue 17's target for Belarusian is 75 %; these are the floors
# reached on 2026-12-06 (from 0.758, 0.298, 0.664 that morning), raised as the passes go on).
ATTESTED_AT_LEAST = {"ru": 0.88, "be": 0.53, "en": 0.80}


def _editors_only(term) -> bool:
    return all(source.strip() == "termbase editors" for source in term.sources)


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_the_attested_share_does_not_fall_and_every_unattested_term_says_why(lang):
    terms = [term for _, concept in CONCEPTS for term_lang, term in concept.terms()
             if term_lang == lang]
    unattested = [term for term in terms if _editors_only(term)]
    assert 1 - len(unattested) / len(terms) >= ATTESTED_AT_LEAST[lang]
    for term in unattested:
        assert term.notes and term.notes[0].strip(), f"{lang} «{term.text}» says not why"


def test_every_tm_unit_is_reviewed():
    """A unit is marked reviewed only after a second review: TMX's changedate and changeid
    say when and by whom."""
    for unit in UNITS:
        assert {p.type: p.value for p in unit.props}["x-status"] == "reviewed", unit.id
        assert unit.attrs.get("changedate") and unit.attrs.get("changeid"), unit.id


def test_regional_usage_of_the_shipped_glossary_in_check(tmp_path):
    """«Белоруссия» is admitted where Russian is written in Russia (geographicalUsage RU):
    an error for a Minsk desk, fine for a Moscow one."""
    import json
    import os
    import subprocess
    import sys

    article = tmp_path / "article.txt"
    article.write_text("Делегация Белоруссии прибыла в Москву.\n", encoding="utf-8")

    def codes(region: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "termbase", "check", "--lang", "ru",
                               str(article), "-d", str(ROOT / "glossary"), "--format", "json",
                               "--usage", region], capture_output=True, text=True,
                              cwd=tmp_path, env={**os.environ, "TERMBASE_CACHE_DIR": str(tmp_path)})
        return [f["code"] for f in json.loads(done.stdout)["findings"]]

    assert codes("BY") == ["T102"] and codes("RU") == []


def test_reviews_are_recorded_in_the_transaction_history():
    """Issue 17: a second review of a concept is a dated modification transacGrp with the
    reviewer and what was checked (`termbase edit --reviewed-by`), as the export shows."""
    from termbase.model import checked_on, last_review

    reviewed = [concept for _, concept in CONCEPTS if last_review(concept)]
    assert len(reviewed) >= 0.75 * len(CONCEPTS)
    for concept in reviewed:
        review = last_review(concept)
        assert review.date and review.responsibility, concept.id
        assert checked_on(concept).startswith(review.date), concept.id
