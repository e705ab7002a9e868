"""The analyzers: what must match and what must not, per language."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

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
    # «Большая» is «больший» as likely as «большой» to pymorphy3; «Большой» only «большой»
    ("Большая двадцатка", "Большой двадцаткой"), ("Большая семёрка", "Большой семёрки"),
    ("Большая семёрка", "Большую семёрку"),
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


def test_names_joined_by_a_hyphen_are_split_into_the_names():
    normalised = text.normalise("China–Europe trains, Brest-Litovsk, Iskander-M, ваенна-палітычны")
    split, parts = text.joined_names(text.tokens(normalised))
    assert [split[n].text for n in parts] == ["China", "Europe", "Brest", "Litovsk"]
    assert text.joined_names(text.tokens("ваенна-палітычны, Iskander-M, Zapad-2025")) is None


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["China", "Europe", "Мінск", "Масква", "a", "b-c", "-", "–",
                                 " ", "Brest-Litovsk", "X", "2025", "’s"]), max_size=12))
def test_joined_names_keep_the_offsets_of_the_text(pieces):
    """Every token of the split list is the text at its offsets, in order, and the words
    not split are the tokens as they were."""
    normalised = text.normalise("".join(pieces))
    tokens = text.tokens(normalised)
    joined = text.joined_names(tokens)
    split = joined[0] if joined else tokens
    assert all(normalised[t.start:t.end] == t.text for t in split)
    assert [t.start for t in split] == sorted(t.start for t in split)
    assert {t.start for t in tokens} <= {t.start for t in split}


def test_term_keys_of_a_whole_term():
    assert term_keys("be", "Саюзная дзяржава") == ("саюзн", "дзержав")
    assert term_keys("ru", "Союзное государство") == ("союзный", "государство")
    assert term_keys("en", "Union States") == ("union", "stat")


def test_other_languages_get_case_folded_words():
    assert analyzer("de").text_keys("Staaten") == frozenset({"staaten"})


LETTERS_AND_MARKS = st.sampled_from(
    list("aeiouAEIOUдзяржваДЗЯРЖВАіўІЎ") + ["й", "ё", "é", "\u0301", "\u0306", "\u0308",
                                          "\u0327", "\u0323", "\u1100", "\u1161", "\u11a8",
                                          "\uac00", " ", "  ", "\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(LETTERS_AND_MARKS, max_size=40).map("".join))
def test_normalised_offsets_point_at_the_letter_each_character_came_from(content):
    """Offsets stay exact where NFC merges (и + breve → й), keeps (е + stress mark) or
    reorders marks, and across Hangul jamo that compose into a syllable."""
    normalised, origin = text.normalise_mapped(content)
    assert normalised == text.normalise(content)
    assert len(origin) == len(normalised) and origin == sorted(origin)
    for char, offset in zip(normalised, origin):
        if char == " ":
            assert content[offset].isspace()
        elif not unicodedata.combining(char):
            written = unicodedata.normalize("NFD", content[offset])[0]
            assert unicodedata.normalize("NFD", char)[0] == written or (
                "\u1100" <= written <= "\u11ff")  # a jamo's syllable points at its first jamo


def test_a_stress_mark_that_nfc_keeps_does_not_shift_later_offsets():
    content = "Бела\u0301русь и ОДКБ"
    normalised, origin = text.normalise_mapped(content)
    assert content[origin[normalised.index("ОДКБ")]:].startswith("ОДКБ")
    decomposed = "Саи\u0306т ОДКБ"  # «й» typed as «и» and a breve
    normalised, origin = text.normalise_mapped(decomposed)
    assert normalised.startswith("Сайт") and decomposed[origin[normalised.index("ОДКБ")]] == "О"


@pytest.mark.parametrize("written,words", [
    ("Щит Союза-2023", ["Щит", "Союза", "2023"]), ("Запад-2025", ["Запад", "2025"]),
    ("Union Shield-2023", ["Union", "Shield", "2023"]), ("Ил-76", ["Ил", "76"]),
    ("COVID-19-ассоциированной", ["COVID-19-ассоциированной"]),
    ("ваенна-палітычны", ["ваенна-палітычны"]), ("G20", ["G20"]),
])
def test_an_edition_number_is_a_word_of_its_own(written, words):
    from termbase.lang import text

    assert text.words(written) == words


@pytest.mark.parametrize("term,name", [
    ("Republic of Belarus", True), ("Treaty on the Non-Proliferation of Nuclear Weapons", True),
    ("Союзное государство", False), ("Высший Государственный Совет", True),
    ("collective security", False), ("Zapad-2021", True), ("the West", True),
    ("the west wind", False),
])
def test_a_term_written_as_a_name_is_taken_for_one(term, name):
    from termbase.lang import text

    assert text.looks_like_name(term) is name


def test_a_russian_words_keys_do_not_depend_on_the_words_keyed_before():
    """Index workers key words in other orders than one process does: the keys must agree
    (a superlative and its positive share a lemma, not a nominative)."""
    from termbase.lang.ru import Russian

    words = ["великого", "величайшего", "великое", "величайшее", "Большой", "Большая"]
    forwards, backwards = Russian(), Russian()
    ahead = {word: forwards.text_keys(word) for word in words}
    behind = {word: backwards.text_keys(word) for word in reversed(words)}
    assert ahead == behind
