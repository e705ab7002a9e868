"""The analyzers: what must match and what must not, per language."""

from __future__ import annotations

import pytest

from termbase.lang import analyzer, matches, term_keys, text


@pytest.mark.parametrize("term,typed", [
    ("Саюзная дзяржава", "Саюзнай дзяржавы"), ("Саюзная дзяржава", "Саюзнаю дзяржаваю"),
    ("Саюзная дзяржава", "Саюзных дзяржаў"), ("Саюзная дзяржава", "саюзнымі дзяржавамі"),
    ("Расія", "Расіі"), ("Расія", "Расіяй"), ("Беларусь", "Беларусі"), ("Беларусь", "Беларуссю"),
    ("бяспека", "бяспецы"),  # к/ц
    ("Прага", "Празе"),  # г/з
    ("Савет", "Савеце"),  # т/ц
    ("Кіеў", "Кіева"), ("Кіеў", "Кіеве"),  # ў/в
    ("Украіна", "Ўкраіне"),  # initial ў after a vowel
    ("горад", "гарады"), ("сяло", "сёлы"),  # akanne, yakanne
    ("пасол", "пасла"),  # fleeting vowel
    ("Арганізацыя Дагавора аб калектыўнай бяспецы", "Арганізацыі Дагавора аб калектыўнай бяспецы"),
    ("санкцыі", "санкцый"), ("санкцыі", "санкцыямі"), ("арганізацыя", "арганізацыю"),
    ("аб’яднанне", "аб’яднання"), ("аб’яднанне", "аб'яднаннем"),  # apostrophe typed as '
    ("перамога", "перамогі"), ("Садружнасць", "Садружнасцю"), ("беларускі", "беларускія"),
    ("АДКБ", "АДКБ"),
    ("Кітай", "Кітая"), ("Кітай", "Кітаі"), ("музей", "музеем"),  # й before a vowel
    ("вобласць", "абласцей"), ("возера", "азёры"),  # prothetic в
    ("Дзень", "Дня"), ("Дзень", "Днём"), ("агонь", "агню"),  # fleeting vowel, soft stem
    ("узровень", "узроўню"),  # ў/в inside the stem
    ("моладзь", "моладдзю"),  # дз doubled
    ("дзяржава-член", "дзяржавы-члены"), ("дзяржава-член", "дзяржаў-членаў"),  # both parts
])
def test_belarusian_inflected_forms_match(term, typed):
    assert matches("be", term, text.normalise(typed))


@pytest.mark.parametrize("term,typed", [
    ("Саюзная дзяржава", "саюзнікі дзяржавы"), ("бяспека", "бяспечны"),
    ("дзяржава", "дзяржаўны"), ("Расія", "расійскі"), ("санкцыі", "санкцыянаваны"),
    ("АДКБ", "АДК"),
    ("Беларусь", "беларусы"), ("Беларусь", "беларус"),  # soft stem is not the hard one
])
def test_belarusian_other_words_do_not_match(term, typed):
    assert not matches("be", term, typed)


@pytest.mark.parametrize("term,typed", [
    ("Союзное государство", "Союзного государства"), ("Союзное государство", "Союзным государством"),
    ("Организация Договора о коллективной безопасности",
     "Организации Договора о коллективной безопасности"),
    ("Александр Лукашенко", "Александра Лукашенко"), ("Владимир Путин", "Владимиром Путиным"),
    ("Касым-Жомарт Токаев", "Касым-Жомарта Токаева"), ("Никол Пашинян", "Николом Пашиняном"),
    ("Касым-Жомарт Токаев", "Касым-Жомарт Токаев"),  # no nominative reading in the dictionary
    ("Организация Объединённых Наций", "Организации Объединенных Наций"),  # ё folded
    ("санкции", "санкций"), ("многополярность", "многополярности"),
    ("военно-политическая обстановка", "военно-политической обстановки"),
])
def test_russian_inflected_forms_match(term, typed):
    assert matches("ru", term, typed)


@pytest.mark.parametrize("term,typed", [
    ("многополярность", "многополярный"), ("безопасность", "безопасный"),
    ("Союзное государство", "союзник государства"),
])
def test_russian_other_words_do_not_match(term, typed):
    assert not matches("ru", term, typed)


@pytest.mark.parametrize("term,typed", [
    ("CSTO", "CSTO's"), ("CSTO", "CSTO’s"), ("state", "states"), ("state", "States’"),
    ("country", "countries"), ("crisis", "crises"), ("exercise", "exercises"),
    ("approach", "approaches"), ("NGO", "NGOs"), ("member state", "member states"),
    ("Union State", "Union State's"),
    ("serviceman", "servicemen"), ("specimen", "specimens"),  # -man/-men
    ("sortie", "sorties"), ("hypothesis", "hypotheses"), ("base", "bases"), ("basis", "bases"),
    ("half", "halves"), ("knife", "knives"),  # plurals of two possible singulars
])
def test_english_plurals_and_possessives_fold(term, typed):
    assert matches("en", term, text.normalise(typed))


@pytest.mark.parametrize("term,typed", [
    ("security", "securities"), ("multipolar", "multipolarity"), ("BRICS", "BRIC"),
    ("BRIC", "BRICS"), ("arm", "arms"), ("sanction", "sanctioned"),
])
def test_english_without_a_stemmer_keeps_words_apart(term, typed):
    assert not matches("en", term, typed)


def test_normalise_folds_apostrophes_hyphens_and_invisible_characters():
    assert text.normalise("аб\u02bcява\u00ad  ваенна\u2011палітычны\u200b ") == \
        "аб’ява ваенна-палітычны"
    assert text.normalise("e\u0301") == "\u00e9"  # NFC


def test_tokens_keep_inner_apostrophes_and_hyphens():
    assert text.words("«аб’ява», ваенна-палітычны; the CSTO’s.") == [
        "аб’ява", "ваенна-палітычны", "the", "CSTO’s"]


def test_term_keys_of_a_whole_term():
    assert term_keys("be", "Саюзная дзяржава") == ("саюзн", "дзержав")
    assert term_keys("ru", "Союзное государство") == ("союзный", "государство")
    assert term_keys("en", "Union States") == ("union", "stat")


def test_other_languages_get_case_folded_words():
    assert analyzer("de").text_keys("Staaten") == frozenset({"staaten"})
