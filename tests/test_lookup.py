"""`termbase lookup`, `termbase tm search` and the index, on a small fixture glossary and TM."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from termbase.formats import tbx
from termbase.index import Index
from termbase.lookup import detect_languages, lookup
from termbase.tm import search

FIXTURES = Path(__file__).parent / "fixtures" / "lookup"


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Index:
    return Index.open([FIXTURES], directory=tmp_path_factory.mktemp("cache"))


def found(index, query, **options) -> list[tuple[str, str, float]]:
    return [(m.concept["id"], m.how, m.score) for m in lookup(index, query, **options)]


@pytest.mark.parametrize("query,concept,how", [
    ("Саюзная дзяржава", "union-state", "exact"),
    ("Саюзнай дзяржавы", "union-state", "inflected"),
    ("Союзного государства", "union-state", "inflected"),
    ("Union State's", "union-state", "inflected"),
    ("Договора о коллективной безопасности", "collective-security-treaty", "inflected"),
    ("Арганізацыі Дагавора аб калектыўнай бяспецы", "csto", "inflected"),
    ("ОДКБ", "csto", "abbreviation"), ("АДКБ", "csto", "abbreviation"),
    ("одкб", "csto", "abbreviation"), ("the CSTO's", "csto", "abbreviation"),
    ("Кіева", "kyiv", "inflected"), ("Беларуссю", "belarus", "inflected"),
    ("санкций", "sanctions", "inflected"), ("ЕС", "eu", "abbreviation"),
])
def test_finds_the_concept_of_any_form(index, query, concept, how):
    assert found(index, query)[0][:2] == (concept, how)


@pytest.mark.parametrize("query", [
    "союзные государства",  # allied states: not the Union State
    "securities", "BRIC", "информация", "Shanghai Cooperation Organisaton",
])
def test_does_not_match_what_is_not_there(index, query):
    assert found(index, query) == []


def test_multipolar_and_multipolarity_stay_apart(index):
    assert found(index, "multipolar") == [("multipolar", "exact", 100)]
    assert found(index, "многополярности") == [("multipolarity", "inflected", 90)]


def test_two_letter_terms_match_whole_words_only(index):
    assert found(index, "ЕС")[0][0] == "eu"
    assert all(concept != "eu" for concept, _, _ in found(index, "весь"))


def test_fuzzy_finds_typos_with_a_score(index):
    [(concept, how, score)] = found(index, "Shanghai Cooperation Organisaton", fuzzy=True)
    assert (concept, how) == ("sco", "fuzzy") and 90 < score < 100
    assert found(index, "Shanghai Cooperation Organisaton", fuzzy=True, min_score=99) == []


def test_deprecated_variant_points_to_the_preferred_term(index):
    [match] = lookup(index, "Белоруссии")
    assert (match.concept["id"], match.status, match.preferred) == (
        "belarus", "deprecated", ["Беларусь"])
    assert match.as_dict()["matched"]["use_instead"] == ["Беларусь"]


def test_phrase_finds_the_terms_inside_it_scored_by_share(index):
    results = found(index, "ОДКБ и Союзное государство")
    assert [(c, h) for c, h, _ in results] == [("union-state", "exact"), ("csto", "abbreviation")]
    assert [round(s) for _, _, s in results] == [50, 25]


@pytest.mark.parametrize("query", ["Belarus–Kyiv", "Belarus-Kyiv talks", "Беларусь-Киев"])
def test_names_joined_by_a_hyphen_find_each_name(index, query):
    assert {concept for concept, _, _ in found(index, query)} == {"belarus", "kyiv"}


def test_language_detection():
    assert detect_languages("Кіеў") == ["be"]
    assert detect_languages("аб’ява") == ["be"]
    assert detect_languages("Организация") == ["ru"]
    assert detect_languages("Саюзная дзяржава") == ["ru", "be"]  # no letter tells them apart
    assert detect_languages("Union State") == ["en"]


def test_lang_option_restricts_the_languages(index):
    assert found(index, "Беларусь", languages=["be"])[0][0] == "belarus"
    assert found(index, "Belarus", languages=["ru"]) == []


def test_tm_concordance_is_inflection_aware_and_shows_every_language(index):
    hits = search(index, "безопасность Союзного государства")
    assert [(h.unit["id"], h.how) for h in hits][:1] == [("u1", "phrase")]
    assert {v["lang"] for v in hits[0].unit["variants"]} == {"ru", "be", "en"}
    words = search(index, "ОДКБ государство")
    assert ("u3", "words") in [(h.unit["id"], h.how) for h in words]
    assert [h.unit["id"] for h in search(index, "бяспека Саюзнай дзяржавы")][:1] == ["u1"]


def test_tm_fuzzy_matches_with_a_percentage(index):
    hits = search(index, "Санкции против Беларуси не достигли цели.", min_score=70)
    assert [(h.unit["id"], h.how) for h in hits][:2] == [("u4", "phrase"), ("u5", "words")]
    fuzzy = search(index, "Санкции против Минска не достигли цели", min_score=80)
    assert [(h.unit["id"], h.how) for h in fuzzy] == [("u4", "fuzzy")]
    assert 80 <= fuzzy[0].score < 100
    assert search(index, "Санкции против Минска не достигли цели", min_score=95) == []


def test_index_is_rebuilt_when_a_file_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    cache = tmp_path / "cache"
    first = Index.open([data], directory=cache)
    assert found(first, "Минск") == []
    glossary = data / "glossary.tbx"
    glossary.write_text(glossary.read_text().replace(
        '<conceptEntry id="multipolar">',
        '<conceptEntry id="minsk"><langSec xml:lang="ru"><termSec><term>Минск</term>'
        '</termSec></langSec></conceptEntry><conceptEntry id="multipolar">'))
    second = Index.open([data], directory=cache)
    assert second.path == first.path and found(second, "Минске")[0][:2] == ("minsk", "inflected")
    assert [p.name for p in cache.iterdir()] == [first.path.name]  # no temporary left


def termbase(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TERMBASE_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_cli_lookup_text_json_tsv(tmp_path):
    cache = tmp_path / "cache"
    text_out = termbase("lookup", "Саюзнай дзяржавы", "-d", str(FIXTURES), cache=cache)
    assert text_out.returncode == 0 and text_out.stderr == ""  # piped: no progress bar
    assert text_out.stdout.splitlines()[:2] == [
        "union-state  inflected 90: be «Саюзная дзяржава»",
        "  ru    Союзное государство (preferred, fullForm)"]
    as_json = json.loads(termbase("lookup", "ОДКБ", "--langs", "be,en", "--format", "json",
                                  "-d", str(FIXTURES), cache=cache).stdout)
    assert as_json[0]["match"] == "abbreviation" and as_json[0]["score"] == 100
    assert as_json[0]["languages"]["be"] == [
        {"term": "Арганізацыя Дагавора аб калектыўнай бяспецы", "status": "preferred",
         "type": "fullForm"},
        {"term": "АДКБ", "status": "preferred", "type": "acronym"}]
    assert set(as_json[0]["languages"]) == {"be", "en"}
    tsv = termbase("lookup", "Byelorussia", "--format", "tsv", "-d", str(FIXTURES), cache=cache)
    assert tsv.stdout.splitlines()[0] == "concept\tmatch\tscore\tlang\tterm\tstatus\ttype"
    assert "belarus\texact\t100.0\tbe\tБеларусь\tpreferred\tfullForm" in tsv.stdout


def test_cli_lookup_no_match_exits_1_and_suggests_fuzzy(tmp_path):
    done = termbase("lookup", "союзные государства", "-d", str(FIXTURES), cache=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert "no match for «союзные государства»; try --fuzzy" in done.stderr


def test_cli_tm_search(tmp_path):
    done = termbase("tm", "search", "Саюзнай дзяржавы", "--format", "json", "-d",
                    str(FIXTURES), cache=tmp_path)
    hits = json.loads(done.stdout)
    assert [(h["unit"], h["match"]) for h in hits] == [("u2", "phrase"), ("u1", "phrase")] or \
        [(h["unit"], h["match"]) for h in hits] == [("u1", "phrase"), ("u2", "phrase")]
    assert [s["lang"] for s in hits[0]["segments"]] == ["ru", "be", "en"]


def test_tm_search_finds_and_shows_every_segment_of_one_language(tmp_path):
    """A unit with two English renderings lost all but the last in tm search."""
    memory = tmp_path / "two-en.tmx"
    memory.write_text(
        '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" '
        'segtype="sentence" o-tmf="x" adminlang="en" srclang="ru" datatype="plaintext"/><body>'
        '<tu tuid="t1"><prop type="x-note">one</prop><prop type="x-note">two</prop>'
        '<tuv xml:lang="ru"><seg>Союзное государство</seg></tuv>'
        '<tuv xml:lang="en"><seg>the Union State</seg></tuv>'
        '<tuv xml:lang="en"><seg>the State of the Union of Belarus and Russia</seg></tuv>'
        '</tu></body></tmx>', encoding="utf-8")
    for query, matched in (("the Union State", 1), ("State of the Union of Belarus", 2)):
        done = termbase("tm", "search", query, "--format", "json", "-d", str(memory),
                        cache=tmp_path)
        [hit] = json.loads(done.stdout)
        assert (hit["match"], hit["matched"]) == ("phrase", matched), query
        assert hit["segments"] == [
            {"lang": "ru", "text": "Союзное государство"},
            {"lang": "en", "text": "the Union State"},
            {"lang": "en", "text": "the State of the Union of Belarus and Russia"}]
        assert hit["props"] == [{"type": "x-note", "value": "one"},
                                {"type": "x-note", "value": "two"}]
    text = termbase("tm", "search", "the Union State", "-d", str(memory), cache=tmp_path)
    assert text.stdout.count("\n  en    ") == 2


def test_cli_bad_input_is_one_line_exit_2(tmp_path):
    missing = termbase("lookup", "x", "-d", str(tmp_path / "absent"), cache=tmp_path)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    broken = tmp_path / "broken.tbx"
    broken.write_text("<tbx><text>")
    done = termbase("lookup", "x", "-d", str(broken), cache=tmp_path / "c")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{broken}:1:" in done.stderr and "not well-formed" in done.stderr


def test_progress_bar_shows_on_a_terminal_only(tmp_path):
    import pty

    env = dict(os.environ, TERMBASE_CACHE_DIR=str(tmp_path / "tty"))
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "termbase", "index", "-d", str(FIXTURES)],
                               stdin=secondary, stdout=secondary, stderr=secondary, env=env)
    process.wait(timeout=300)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert b"indexing" in seen and process.returncode == 0
    piped = termbase("index", "-d", str(FIXTURES), cache=tmp_path / "piped")
    assert piped.stderr == "" and "13 concepts" in piped.stdout


def test_find_terms_in_running_text(index):
    from termbase.matching import find_terms

    def terms(lang, sentence):
        return [(f.matched, f.term.text) for f in find_terms(index, lang, sentence)]

    assert terms("ru", "Государства ОДКБ подписали Договор о коллективной безопасности, "
                       "а союзные государства промолчали.") == [
        ("ОДКБ", "ОДКБ"),
        ("Договор о коллективной безопасности", "Договор о коллективной безопасности")]
    assert terms("be", "У Саюзнай дзяржаве і ў Кіеве гавораць пра бяспеку.") == [
        ("Саюзнай дзяржаве", "Саюзная дзяржава"), ("Кіеве", "Кіеў"), ("бяспеку", "бяспека")]
    assert terms("en", "The CSTO’s members; sco in lower case is not the SCO; BRICS.") == [
        ("CSTO’s", "CSTO"), ("BRICS", "BRICS")]


def test_one_broken_file_in_a_folder_leaves_the_others_searchable(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    shutil.copy(FIXTURES / "glossary.tbx", folder / "good.tbx")
    (folder / "broken.tbx").write_text('<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
                                       '<conceptEntry id="a"><langSec xml:lang="en"><termSec>'
                                       "<term>Broken Term</term></termSec>", encoding="utf-8")
    for _ in range(2):  # built, then read from the cache: the warning stays
        done = termbase("lookup", "Union State", "-d", str(folder), cache=tmp_path)
        assert done.returncode == 0 and "union-state" in done.stdout, done.stderr
        [warning] = done.stderr.splitlines()
        assert warning.startswith(f"termbase: warning: {folder / 'broken.tbx'}:1:")
        assert warning.endswith("; left out of the index") and "not well-formed" in warning
    missing = termbase("lookup", "Broken Term", "-d", str(folder), cache=tmp_path)
    assert missing.returncode == 1


@pytest.mark.parametrize("query,found", [
    ("Union State", True), ("Union State's", True), ("Union States", False),
    ("Russian Federations", False), ("Russian Federation’s", True),
    ("the All-Belarusian People's Assembly", True), ("All-Belarusian People's Assembly's", True),
    ("All-Belarusian Peoples Assembly", False),
])
def test_an_english_name_takes_the_possessive_but_no_plural(tmp_path, query, found):
    """Names (typed properNoun, or written as names where the glossary gives no part of
    speech, as IATE does) do not inflect for number in English."""
    from termbase.model import Concept, LanguageSection, Term

    glossary = tmp_path / "g.tbx"
    tbx.write([Concept("union-state", languages=[LanguageSection("en", [
                   Term("Union State", "preferred", part_of_speech="properNoun")])]),
               Concept("russia", languages=[LanguageSection("en", [
                   Term("Russian Federation", "preferred")])]),
               Concept("all-belarusian-peoples-assembly", languages=[LanguageSection("en", [
                   Term("All-Belarusian People's Assembly", "preferred",
                        part_of_speech="properNoun")])])], glossary)
    index = Index.open([glossary], directory=tmp_path / "cache", kind="tbx")
    assert bool(lookup(index, query, ["en"])) is found


def test_a_name_is_found_in_any_edition(tmp_path):
    from termbase.model import Concept, LanguageSection, Term

    glossary = tmp_path / "g.tbx"
    tbx.write([Concept("union-shield", languages=[
        LanguageSection("ru", [Term("Щит Союза", "preferred", part_of_speech="properNoun")]),
        LanguageSection("en", [Term("Union Shield", "preferred", part_of_speech="properNoun")])]),
        Concept("union-shield-2023", languages=[LanguageSection("ru", [
            Term("Щит Союза-2023", "preferred", part_of_speech="properNoun")])])], glossary)
    index = Index.open([glossary], directory=tmp_path / "cache", kind="tbx")
    assert {m.concept["id"] for m in lookup(index, "Щитом Союза-2023", ["ru"])} == {
        "union-shield", "union-shield-2023"}
    assert [m.concept["id"] for m in lookup(index, "Union Shield-2023", ["en"])] == [
        "union-shield"]


def test_a_quoted_name_is_found_only_where_the_text_uses_it_as_the_name(tmp_path):
    """«Запад» the exercise is not the West: a glossary term in quotation marks is matched in
    quotation marks, with an edition, or beside a head noun (учения, вучэнні, exercise)."""
    from termbase.matching import find_terms
    from termbase.model import Concept, LanguageSection, Term

    glossary = tmp_path / "g.tbx"
    tbx.write([Concept("zapad-exercise", languages=[
        LanguageSection("ru", [Term("«Запад»", "preferred", part_of_speech="properNoun")]),
        LanguageSection("be", [Term("«Захад»", "preferred", part_of_speech="properNoun")]),
        LanguageSection("en", [Term("Zapad", "preferred", part_of_speech="properNoun"),
                               Term("“West”", "admitted", part_of_speech="properNoun")])])],
              glossary)
    index = Index.open([glossary], directory=tmp_path / "cache", kind="tbx")

    def found(lang: str, content: str) -> bool:
        return bool(find_terms(index, lang, content))

    assert found("ru", "начались учения «Запад»") and found("ru", "учений Запад-2025")
    assert found("ru", "стратегические учения Запад") and found("be", "вучэнні «Захад»")
    assert found("en", "the West exercise") and found("en", "Zapad was held")
    assert not found("ru", "отношения с Западом") and not found("ru", "Запад ввёл санкции")
    assert not found("be", "краіны Захаду") and not found("en", "the West imposed sanctions")
    assert not lookup(index, "Запад", ["ru"]) and lookup(index, "«Запад»", ["ru"])
    assert lookup(index, "учения Запад", ["ru"])


def test_a_surname_alone_finds_the_person_and_a_part_of_a_name_lists_the_bodies(tmp_path):
    from termbase.model import Concept, LanguageSection, Term

    def name(text):
        return Term(text, "preferred", part_of_speech="properNoun")

    glossary = tmp_path / "g.tbx"
    tbx.write([
        Concept("viktor-khrenin", languages=[LanguageSection("ru", [name("Виктор Хренин")]),
                                              LanguageSection("be", [name("Віктар Хрэнін")]),
                                              LanguageSection("en", [name("Viktor Khrenin")])]),
        Concept("stanislav-zas", languages=[LanguageSection("ru", [name("Станислав Зась")])]),
        Concept("security-council-of-belarus", languages=[
            LanguageSection("ru", [name("Совет Безопасности Республики Беларусь")]),
            LanguageSection("en", [name("Security Council of the Republic of Belarus")])]),
        Concept("un-security-council", languages=[
            LanguageSection("ru", [name("Совет Безопасности ООН")]),
            LanguageSection("en", [name("UN Security Council")])]),
        Concept("union-shield", languages=[LanguageSection("ru", [name("Щит Союза")])]),
    ], glossary)
    index = Index.open([glossary], directory=tmp_path / "cache", kind="tbx")

    def found(query, lang):
        return [(m.concept["id"], m.how) for m in lookup(index, query, [lang])]

    for query, lang in (("Хренину", "ru"), ("Хрэніна", "be"), ("Khrenin's", "en")):
        assert found(query, lang) == [("viktor-khrenin", "surname")], query
    for query in ("Зася", "Засю", "Засем"):  # a surname in -ь pymorphy3 does not know
        assert found(query, "ru") == [("stanislav-zas", "surname")], query
    assert found("Станиславом Засем", "ru") == [("stanislav-zas", "inflected")]
    assert found("хренину", "ru") == []  # a surname keeps its capital
    assert found("Союза", "ru") == []  # a word of a name is no surname
    assert found("Security Council", "en") == [("un-security-council", "part"),
                                               ("security-council-of-belarus", "part")]
    assert found("Security Councils", "en") == []  # an English name takes no plural
    assert {c for c, _ in found("Совета Безопасности", "ru")} == {
        "un-security-council", "security-council-of-belarus"}
