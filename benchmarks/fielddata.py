"""Benchmark data that looks like the field: a seeded generator of ru/be/en glossaries, TMs and
articles built from a lexicon of real words.

Terms are noun phrases of the field: an adjective and a noun («коллективная безопасность»,
«калектыўная бяспека», «collective security»), two adjectives and a noun, a process noun with
a genitive phrase («укрепление региональной безопасности»), and names of bodies and documents
(«Евразийский совет экономического сотрудничества», «Eurasian Economic Cooperation
Council») with acronyms, short forms, ё-less and American-spelling variants, statuses,
definitions and sources. Russian and Belarusian words are declined by rule from a lexicon
whose classes were chosen so that the rules hold (stems, endings, Belarusian softening
before -е, the doubled consonant of the instrumental of -асць nouns, ў after a vowel); the
Belarusian has і, ў and the apostrophe and never и, щ, ъ; the Russian never і or ў.

The same lexicon writes TMX units of sentence length (twenty sentence frames, each term in
the case its frame governs, numbers and years agreeing across languages) and parallel
en/ru/be articles of a chosen length that name glossary concepts in inflected forms.

    python benchmarks/fielddata.py --concepts 10000 --units 10000 --out benchmarks/data/field-10000

Deterministic for a seed: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

CASES = ("nom", "gen", "dat", "acc", "ins", "loc")  # loc is the Russian prepositional too
VOWELS_RU = set("аеёиоуыэюя")
VOWELS_BE = set("аеёіоуыэюя")

# --- lexicon ------------------------------------------------------------------------------
# Adjectives: Russian and Belarusian masculine nominative, English.
ADJECTIVES = [
    ("коллективный", "калектыўны", "collective"),
    ("региональный", "рэгіянальны", "regional"),
    ("международный", "міжнародны", "international"),
    ("экономический", "эканамічны", "economic"),
    ("политический", "палітычны", "political"),
    ("военный", "ваенны", "military"),
    ("стратегический", "стратэгічны", "strategic"),
    ("информационный", "інфармацыйны", "information"),
    ("энергетический", "энергетычны", "energy"),
    ("таможенный", "мытны", "customs"),
    ("пограничный", "памежны", "border"),
    ("ядерный", "ядзерны", "nuclear"),
    ("национальный", "нацыянальны", "national"),
    ("государственный", "дзяржаўны", "state"),
    ("евразийский", "еўразійскі", "Eurasian"),
    ("европейский", "еўрапейскі", "European"),
    ("азиатский", "азіяцкі", "Asian"),
    ("белорусский", "беларускі", "Belarusian"),
    ("российский", "расійскі", "Russian"),
    ("общий", "агульны", "common"),
    ("внешний", "знешні", "external"),
    ("внутренний", "унутраны", "internal"),
    ("гражданский", "грамадзянскі", "civil"),
    ("антитеррористический", "антытэрарыстычны", "counter-terrorism"),
    ("миротворческий", "міратворчы", "peacekeeping"),
    ("оборонный", "абаронны", "defence"),
    ("промышленный", "прамысловы", "industrial"),
    ("финансовый", "фінансавы", "financial"),
    ("научный", "навуковы", "scientific"),
    ("технический", "тэхнічны", "technical"),
    ("технологический", "тэхналагічны", "technological"),
    ("цифровой", "лічбавы", "digital"),
    ("транспортный", "транспартны", "transport"),
    ("продовольственный", "харчовы", "food"),
    ("экологический", "экалагічны", "environmental"),
    ("социальный", "сацыяльны", "social"),
    ("гуманитарный", "гуманітарны", "humanitarian"),
    ("юридический", "юрыдычны", "legal"),
    ("миграционный", "міграцыйны", "migration"),
    ("санитарный", "санітарны", "sanitary"),
    ("военно-политический", "ваенна-палітычны", "military-political"),
    ("торгово-экономический", "гандлёва-эканамічны", "trade and economic"),
    ("межгосударственный", "міждзяржаўны", "interstate"),
    ("союзный", "саюзны", "union"),
    ("космический", "касмічны", "space"),
    ("воздушный", "паветраны", "air"),
    ("кибернетический", "кібернетычны", "cyber"),
    ("биологический", "біялагічны", "biological"),
    ("химический", "хімічны", "chemical"),
    ("инвестиционный", "інвестыцыйны", "investment"),
    ("инновационный", "інавацыйны", "innovation"),
    ("образовательный", "адукацыйны", "educational"),
    ("культурный", "культурны", "cultural"),
    ("молодёжный", "моладзевы", "youth"),
    ("трансграничный", "трансгранічны", "cross-border"),
    ("демографический", "дэмаграфічны", "demographic"),
    ("аграрный", "аграрны", "agrarian"),
    ("валютный", "валютны", "currency"),
    ("налоговый", "падатковы", "tax"),
    ("бюджетный", "бюджэтны", "budgetary"),
    ("инфраструктурный", "інфраструктурны", "infrastructure"),
    ("медицинский", "медыцынскі", "medical"),
    ("спортивный", "спартыўны", "sports"),
    ("туристический", "турыстычны", "tourism"),
    ("территориальный", "тэрытарыяльны", "territorial"),
    ("парламентский", "парламенцкі", "parliamentary"),
    ("дипломатический", "дыпламатычны", "diplomatic"),
    ("консульский", "консульскі", "consular"),
    ("специальный", "спецыяльны", "special"),
    ("постоянный", "пастаянны", "permanent"),
    ("совместный", "сумесны", "joint"),
    ("единый", "адзіны", "single"),
    ("исполнительный", "выканаўчы", "executive"),
    ("координационный", "каардынацыйны", "coordinating"),
    ("консультативный", "кансультатыўны", "advisory"),
    ("высший", "вышэйшы", "supreme"),
    ("арктический", "арктычны", "Arctic"),
    ("балтийский", "балтыйскі", "Baltic"),
    ("каспийский", "каспійскі", "Caspian"),
    ("центральноазиатский", "цэнтральнаазіяцкі", "Central Asian"),
    ("мирный", "мірны", "peaceful"),
    ("устойчивый", "устойлівы", "sustainable"),
    ("комплексный", "комплексны", "comprehensive"),
    ("двусторонний", "двухбаковы", "bilateral"),
    ("многосторонний", "шматбаковы", "multilateral"),
    ("глобальный", "глабальны", "global"),
    ("информационно-аналитический", "інфармацыйна-аналітычны", "information and analytical"),
    ("научно-технический", "навукова-тэхнічны", "scientific and technical"),
    ("экспортный", "экспартны", "export"),
    ("железнодорожный", "чыгуначны", "railway"),
    ("автомобильный", "аўтамабільны", "road"),
    ("кадровый", "кадравы", "personnel"),
    ("статистический", "статыстычны", "statistical"),
    ("метрологический", "метралагічны", "metrological"),
    ("антимонопольный", "антыманапольны", "antimonopoly"),
    ("лицензионный", "ліцэнзійны", "licensing"),
    ("ветеринарный", "ветэрынарны", "veterinary"),
    ("фитосанитарный", "фітасанітарны", "phytosanitary"),
    ("объединённый", "аб’яднаны", "united"),
]


@dataclass(frozen=True)
class Noun:
    ru: str
    ru_gender: str
    be: str
    be_gender: str
    en: str
    ru_forms: tuple[str, ...] | None = None  # six forms (CASES) where the rules do not hold
    be_forms: tuple[str, ...] | None = None
    be_genitive: str = "а"  # a Belarusian masculine's genitive ending (а or у)


def _noun(ru, rg, be, bg, en, be_gen="а", ru_forms=None, be_forms=None) -> Noun:
    return Noun(ru, rg, be, bg, en, tuple(ru_forms.split()) if ru_forms else None,
                tuple(be_forms.split()) if be_forms else None, be_gen)


# Bodies and documents: the heads of names.
HEADS = [
    _noun("совет", "m", "савет", "m", "council"),
    _noun("комитет", "m", "камітэт", "m", "committee"),
    _noun("центр", "m", "цэнтр", "m", "centre"),
    _noun("фонд", "m", "фонд", "m", "fund", "у"),
    _noun("банк", "m", "банк", "m", "bank"),
    _noun("форум", "m", "форум", "m", "forum"),
    _noun("союз", "m", "саюз", "m", "union"),
    _noun("договор", "m", "дагавор", "m", "treaty"),
    _noun("механизм", "m", "механізм", "m", "mechanism"),
    _noun("институт", "m", "інстытут", "m", "institute"),
    _noun("комиссия", "f", "камісія", "f", "commission"),
    _noun("программа", "f", "праграма", "f", "programme"),
    _noun("стратегия", "f", "стратэгія", "f", "strategy"),
    _noun("концепция", "f", "канцэпцыя", "f", "concept"),
    _noun("доктрина", "f", "дактрына", "f", "doctrine"),
    _noun("организация", "f", "арганізацыя", "f", "organisation"),
    _noun("ассамблея", "f", "асамблея", "f", "assembly"),
    _noun("служба", "f", "служба", "f", "service"),
    _noun("агентство", "n", "агенцтва", "n", "agency"),
    _noun("соглашение", "n", "пагадненне", "n", "agreement"),
    _noun("управление", "n", "упраўленне", "n", "directorate"),
    _noun("сообщество", "n", "супольнасць", "f", "community"),
    _noun("партнёрство", "n", "партнёрства", "n", "partnership"),
    _noun("объединение", "n", "аб’яднанне", "n", "association"),
    _noun("бюро", "n", "бюро", "n", "bureau", ru_forms="бюро " * 6, be_forms="бюро " * 6),
    _noun("секретариат", "m", "сакратарыят", "m", "secretariat"),
    _noun("реестр", "m", "рэестр", "m", "register"),
    _noun("кодекс", "m", "кодэкс", "m", "code"),
    _noun("протокол", "m", "пратакол", "m", "protocol"),
    _noun("меморандум", "m", "меморандум", "m", "memorandum"),
    _noun("план", "m", "план", "m", "plan"),
    _noun("консорциум", "m", "кансорцыум", "m", "consortium"),
    _noun("альянс", "m", "альянс", "m", "alliance", "у"),
    _noun("трибунал", "m", "трыбунал", "m", "tribunal"),
    _noun("суд", "m", "суд", "m", "court",
          be_forms="суд суда суду суд судом судзе"),
    _noun("совещание", "n", "нарада", "f", "meeting"),
    _noun("палата", "f", "палата", "f", "chamber"),
    _noun("академия", "f", "акадэмія", "f", "academy"),
    _noun("инициатива", "f", "ініцыятыва", "f", "initiative"),
    _noun("хартия", "f", "хартыя", "f", "charter"),
    _noun("декларация", "f", "дэкларацыя", "f", "declaration"),
    _noun("система", "f", "сістэма", "f", "system"),
    _noun("сеть", "f", "сетка", "f", "network"),
    _noun("платформа", "f", "платформа", "f", "platform"),
    _noun("конвенция", "f", "канвенцыя", "f", "convention"),
]

# Fields of work: common-noun terms and the genitive phrases of names.
DOMAINS = [
    _noun("безопасность", "f", "бяспека", "f", "security"),
    _noun("сотрудничество", "n", "супрацоўніцтва", "n", "cooperation"),
    _noun("развитие", "n", "развіццё", "n", "development"),
    _noun("интеграция", "f", "інтэграцыя", "f", "integration"),
    _noun("торговля", "f", "гандаль", "m", "trade",
          be_forms="гандаль гандлю гандлю гандаль гандлем гандлі"),
    _noun("оборона", "f", "абарона", "f", "defence"),
    _noun("энергетика", "f", "энергетыка", "f", "energy"),
    _noun("политика", "f", "палітыка", "f", "policy"),
    _noun("экономика", "f", "эканоміка", "f", "economy"),
    _noun("контроль", "m", "кантроль", "m", "control"),
    _noun("миграция", "f", "міграцыя", "f", "migration"),
    _noun("транспорт", "m", "транспарт", "m", "transport", "у"),
    _noun("связь", "f", "сувязь", "f", "communications"),
    _noun("образование", "n", "адукацыя", "f", "education"),
    _noun("наука", "f", "навука", "f", "science"),
    _noun("культура", "f", "культура", "f", "culture"),
    _noun("медицина", "f", "медыцына", "f", "medicine"),
    _noun("право", "n", "права", "n", "law"),
    _noun("стабильность", "f", "стабільнасць", "f", "stability"),
    _noun("устойчивость", "f", "устойлівасць", "f", "resilience"),
    _noun("инфраструктура", "f", "інфраструктура", "f", "infrastructure"),
    _noun("промышленность", "f", "прамысловасць", "f", "industry"),
    _noun("информатизация", "f", "інфарматызацыя", "f", "informatisation"),
    _noun("цифровизация", "f", "лічбавізацыя", "f", "digitalisation"),
    _noun("модернизация", "f", "мадэрнізацыя", "f", "modernisation"),
    _noun("стандартизация", "f", "стандартызацыя", "f", "standardisation"),
    _noun("сертификация", "f", "сертыфікацыя", "f", "certification"),
    _noun("терроризм", "m", "тэрарызм", "m", "terrorism", "у"),
    _noun("экстремизм", "m", "экстрэмізм", "m", "extremism", "у"),
    _noun("разоружение", "n", "раззбраенне", "n", "disarmament"),
    _noun("нераспространение", "n", "нераспаўсюджванне", "n", "non-proliferation"),
    _noun("суверенитет", "m", "суверэнітэт", "m", "sovereignty", "у"),
    _noun("статистика", "f", "статыстыка", "f", "statistics"),
    _noun("занятость", "f", "занятасць", "f", "employment"),
    _noun("туризм", "m", "турызм", "m", "tourism", "у"),
    _noun("спорт", "m", "спорт", "m", "sport", "у"),
    _noun("мониторинг", "m", "маніторынг", "m", "monitoring", "у"),
    _noun("планирование", "n", "планаванне", "n", "planning"),
    _noun("регулирование", "n", "рэгуляванне", "n", "regulation"),
    _noun("финансирование", "n", "фінансаванне", "n", "financing"),
    _noun("страхование", "n", "страхаванне", "n", "insurance"),
    _noun("налогообложение", "n", "падаткаабкладанне", "n", "taxation"),
    _noun("логистика", "f", "лагістыка", "f", "logistics"),
    _noun("мобилизация", "f", "мабілізацыя", "f", "mobilisation"),
    _noun("разведка", "f", "выведка", "f", "intelligence"),
    _noun("охрана", "f", "ахова", "f", "protection"),
    _noun("поддержка", "f", "падтрымка", "f", "support"),
    _noun("ответственность", "f", "адказнасць", "f", "responsibility"),
    _noun("независимость", "f", "незалежнасць", "f", "independence"),
    _noun("солидарность", "f", "салідарнасць", "f", "solidarity"),
    _noun("идентичность", "f", "ідэнтычнасць", "f", "identity"),
    _noun("координация", "f", "каардынацыя", "f", "coordination"),
    _noun("конкуренция", "f", "канкурэнцыя", "f", "competition"),
]

# Process nouns: «укрепление региональной безопасности», «strengthening of regional security».
PROCESSES = [
    _noun("укрепление", "n", "умацаванне", "n", "strengthening"),
    _noun("обеспечение", "n", "забеспячэнне", "n", "ensuring"),
    _noun("поддержание", "n", "падтрыманне", "n", "maintenance"),
    _noun("предотвращение", "n", "прадухіленне", "n", "prevention"),
    _noun("урегулирование", "n", "урэгуляванне", "n", "settlement"),
    _noun("противодействие", "n", "процідзеянне", "n", "countering"),
    _noun("совершенствование", "n", "удасканаленне", "n", "improvement"),
    _noun("оценка", "f", "ацэнка", "f", "assessment"),
    _noun("расширение", "n", "пашырэнне", "n", "expansion"),
    _noun("либерализация", "f", "лібералізацыя", "f", "liberalisation"),
    _noun("гармонизация", "f", "гарманізацыя", "f", "harmonisation"),
    _noun("укрупнение", "n", "узбуйненне", "n", "consolidation"),
]

CITIES = [  # ru nominative, prepositional; be nominative, locative; en
    ("Минск", "Минске", "Мінск", "Мінску", "Minsk"),
    ("Москва", "Москве", "Масква", "Маскве", "Moscow"),
    ("Астана", "Астане", "Астана", "Астане", "Astana"),
    ("Пекин", "Пекине", "Пекін", "Пекіне", "Beijing"),
    ("Ереван", "Ереване", "Ерэван", "Ерэване", "Yerevan"),
    ("Бишкек", "Бишкеке", "Бішкек", "Бішкеку", "Bishkek"),
    ("Душанбе", "Душанбе", "Душанбэ", "Душанбэ", "Dushanbe"),
    ("Ташкент", "Ташкенте", "Ташкент", "Ташкенце", "Tashkent"),
    ("Санкт-Петербург", "Санкт-Петербурге", "Санкт-Пецярбург", "Санкт-Пецярбургу",
     "Saint Petersburg"),
    ("Казань", "Казани", "Казань", "Казані", "Kazan"),
    ("Гродно", "Гродно", "Гродна", "Гродне", "Grodno"),
    ("Брест", "Бресте", "Брэст", "Брэсце", "Brest"),
    ("Гомель", "Гомеле", "Гомель", "Гомелі", "Gomel"),
    ("Баку", "Баку", "Баку", "Баку", "Baku"),
]

SUBJECTS = ("events and bodies", "organisations", "political concepts",
            "security and defence", "treaties and documents")
DOCUMENT_HEADS = {"договор", "программа", "стратегия", "концепция", "доктрина", "соглашение",
                  "кодекс", "протокол", "меморандум", "план", "хартия", "декларация",
                  "конвенция", "реестр"}
EVENT_HEADS = {"форум", "совещание", "ассамблея", "инициатива", "платформа", "трибунал",
               "суд", "палата"}
SECURITY_DOMAINS = {"безопасность", "оборона", "терроризм", "экстремизм", "разоружение",
                    "нераспространение", "суверенитет", "разведка", "мобилизация", "охрана",
                    "контроль", "стабильность", "устойчивость"}
US_SPELLING = {"organisation": "organization", "programme": "program", "centre": "center",
               "defence": "defense", "informatisation": "informatization",
               "digitalisation": "digitalization", "modernisation": "modernization",
               "standardisation": "standardization", "mobilisation": "mobilization",
               "liberalisation": "liberalization", "harmonisation": "harmonization"}
SITES = {"ru": "https://www.mid.ru/ru/glossary/", "be": "https://mfa.gov.by/glossary/",
         "en": "https://eec.eaeunion.org/en/glossary/"}

# --- Russian declension -------------------------------------------------------------------

_RU_ADJ = {  # class: masculine, feminine, neuter endings by CASES (inanimate accusative)
    "hard": ("ый ого ому ый ым ом", "ая ой ой ую ой ой", "ое ого ому ое ым ом"),
    "stressed": ("ой ого ому ой ым ом", "ая ой ой ую ой ой", "ое ого ому ое ым ом"),
    "velar": ("ий ого ому ий им ом", "ая ой ой ую ой ой", "ое ого ому ое им ом"),
    "sibilant": ("ий его ему ий им ем", "ая ей ей ую ей ей", "ее его ему ее им ем"),
    "soft": ("ий его ему ий им ем", "яя ей ей юю ей ей", "ее его ему ее им ем"),
}
_GENDER = {"m": 0, "f": 1, "n": 2}


def ru_adjective(word: str, gender: str, case: str) -> str:
    head, hyphen, last = word.rpartition("-")
    stem, ending = last[:-2], last[-2:]
    if ending == "ый":
        kind = "hard"
    elif ending == "ой":
        kind = "stressed"
    elif stem[-1] in "кгх":
        kind = "velar"
    elif stem[-1] in "жшчщ":
        kind = "sibilant"
    else:
        kind = "soft"
    endings = _RU_ADJ[kind][_GENDER[gender]].split()
    return head + hyphen + stem + endings[CASES.index(case)]


def ru_noun(noun: Noun, case: str) -> str:
    if noun.ru_forms:
        return noun.ru_forms[CASES.index(case)]
    word, at = noun.ru, CASES.index(case)
    if word.endswith("ия"):
        return word[:-2] + "ия ии ии ию ией ии".split()[at]
    if word.endswith("ие"):
        return word[:-2] + "ие ия ию ие ием ии".split()[at]
    if word.endswith("я"):
        return word[:-1] + "я и е ю ей е".split()[at]
    if word.endswith("а"):
        gen = "и" if word[-2] in "кгхжшчщ" else "ы"
        return word[:-1] + f"а {gen} е у ой е".split()[at]
    if word.endswith("о"):
        return word[:-1] + "о а у о ом е".split()[at]
    if word.endswith("ь"):
        if noun.ru_gender == "f":
            return word[:-1] + "ь и и ь ью и".split()[at]
        return word[:-1] + "ь я ю ь ем е".split()[at]
    return word + ["", "а", "у", "", "ом", "е"][at]


# --- Belarusian declension ----------------------------------------------------------------

_BE_ADJ = {
    "hard": ("ы ага аму ы ым ым", "ая ай ай ую ай ай", "ае ага аму ае ым ым"),
    "velar": ("і ага аму і ім ім", "ая ай ай ую ай ай", "ае ага аму ае ім ім"),
    "soft": ("і яга яму і ім ім", "яя яй яй юю яй яй", "яе яга яму яе ім ім"),
}
_BE_SOFTENED = {"к": "цы", "г": "зе", "х": "се", "д": "дзе", "т": "це"}
_BE_HARD = ("р", "ж", "ш", "ч", "ц")


def be_adjective(word: str, gender: str, case: str) -> str:
    head, hyphen, last = word.rpartition("-")
    stem, ending = last[:-1], last[-1]
    kind = "hard" if ending == "ы" else "velar" if stem[-1] in "кгх" else "soft"
    endings = _BE_ADJ[kind][_GENDER[gender]].split()
    return head + hyphen + stem + endings[CASES.index(case)]


def _be_e(stem: str) -> str:
    """The stem with the ending -е of the dative and locative (softened, or -ы after a hard
    consonant)."""
    if stem.endswith("дз"):
        return stem + "е"
    last = stem[-1]
    if last in _BE_SOFTENED:
        return stem[:-1] + _BE_SOFTENED[last]
    if last in _BE_HARD:
        return stem + "ы"
    return stem + "е"


def be_noun(noun: Noun, case: str) -> str:
    if noun.be_forms:
        return noun.be_forms[CASES.index(case)]
    word, at = noun.be, CASES.index(case)
    if word.endswith(("ія", "ыя", "ея")):
        return word[:-1] + "я і і ю яй і".split()[at]
    if word.endswith("а") and noun.be_gender == "f":
        stem = word[:-1]
        gen = "і" if stem[-1] in "кгх" else "ы"
        return [word, stem + gen, _be_e(stem), stem + "у", stem + "ай", _be_e(stem)][at]
    if word.endswith("а"):  # neuter: супрацоўніцтва, права
        stem = word[:-1]
        return [word, word, stem + "у", word, stem + "ам", _be_e(stem)][at]
    if word.endswith("ё"):  # развіццё
        stem = word[:-1]
        return [word, stem + "я", stem + "ю", word, stem + "ём", stem + "і"][at]
    if word.endswith("е"):  # пагадненне
        stem = word[:-1]
        return [word, stem + "я", stem + "ю", word, stem + "ем", stem + "і"][at]
    if word.endswith("ь") and noun.be_gender == "f":
        stem = word[:-1]
        if stem[-2] in VOWELS_BE:  # a consonant after a vowel doubles: сувяззю
            doubled = stem[:-1] + stem[-1] + stem[-1]
        else:
            doubled = stem
        return [word, stem + "і", stem + "і", word, doubled + "ю", stem + "і"][at]
    if word.endswith("ь"):
        stem = word[:-1]
        return [word, stem + "ю", stem + "ю", word, stem + "ем", stem + "і"][at]
    last = word[-1]
    loc = word + "у" if last in "кгх" else _be_e(word)
    return [word, word + noun.be_genitive, word + "у", word, word + "ам", loc][at]


# --- terms --------------------------------------------------------------------------------
# A term is a list of parts, each (kind, lexeme index, agreement or None, fixed case or None):
# kind "a" adjective, "h" head noun, "d" domain noun, "p" process noun. Patterns:
#   1 A D            коллективная безопасность        collective security
#   2 A A D          региональная экономическая интеграция
#   3 P (A D)gen     укрепление коллективной безопасности   strengthening of collective security
#   4 H (A D)gen     Совет коллективной безопасности   Collective Security Council
#   5 A H (A D)gen   Евразийский совет экономического сотрудничества
#   6 A A H          Региональный антитеррористический центр
#   7 H Dgen         Программа сотрудничества          Cooperation Programme
PATTERNS = {1: 0.14, 2: 0.16, 3: 0.08, 4: 0.10, 5: 0.40, 6: 0.10, 7: 0.02}
NAME_PATTERNS = {4, 5, 6, 7}
_POOLS = {"a": ADJECTIVES, "h": HEADS, "d": DOMAINS, "p": PROCESSES}


def _parts(pattern: int, picks: tuple[int, ...]) -> list[tuple[str, int, int | None, bool]]:
    """(kind, index, index of the part it agrees with or None, genitive) of each word."""
    if pattern == 1:
        return [("a", picks[0], 1, False), ("d", picks[1], None, False)]
    if pattern == 2:
        return [("a", picks[0], 2, False), ("a", picks[1], 2, False), ("d", picks[2], None, False)]
    if pattern == 3:
        return [("p", picks[0], None, False), ("a", picks[1], 2, True), ("d", picks[2], None, True)]
    if pattern == 4:
        return [("h", picks[0], None, False), ("a", picks[1], 2, True), ("d", picks[2], None, True)]
    if pattern == 5:
        return [("a", picks[0], 1, False), ("h", picks[1], None, False),
                ("a", picks[2], 3, True), ("d", picks[3], None, True)]
    if pattern == 6:
        return [("a", picks[0], 2, False), ("a", picks[1], 2, False), ("h", picks[2], None, False)]
    return [("h", picks[0], None, False), ("d", picks[1], None, True)]


_SHAPES = {1: "ad", 2: "aad", 3: "pad", 4: "had", 5: "ahad", 6: "aah", 7: "hd"}


def _word(lang: str, part, parts, case: str) -> str:
    kind, index, agrees, genitive = part
    case = "gen" if genitive else case
    if kind == "a":
        adjective = ADJECTIVES[index][0 if lang == "ru" else 1]
        noun_kind, noun_index = parts[agrees][0], parts[agrees][1]
        noun = _POOLS[noun_kind][noun_index]
        gender = noun.ru_gender if lang == "ru" else noun.be_gender
        return (ru_adjective if lang == "ru" else be_adjective)(adjective, gender, case)
    noun = _POOLS[kind][index]
    return (ru_noun if lang == "ru" else be_noun)(noun, case)


def phrase(lang: str, pattern: int, picks: tuple[int, ...], case: str = "nom",
           proper: bool = False) -> str:
    """The term of `pattern` with `picks` in `lang`, its head in `case`."""
    parts = _parts(pattern, picks)
    if lang == "en":
        return _english(pattern, parts, proper)
    words = [_word(lang, part, parts, case) for part in parts]
    if proper:
        words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words)


def _en(part) -> str:
    kind, index = part[0], part[1]
    return ADJECTIVES[index][2] if kind == "a" else _POOLS[kind][index].en


def _english(pattern: int, parts, proper: bool) -> str:
    if pattern == 3:
        words = [_en(parts[0]), "of", _en(parts[1]), _en(parts[2])]
    elif pattern == 4:
        words = [_en(parts[1]), _en(parts[2]), _en(parts[0])]
    elif pattern == 5:
        words = [_en(parts[0]), _en(parts[2]), _en(parts[3]), _en(parts[1])]
    elif pattern == 7:
        words = [_en(parts[1]), _en(parts[0])]
    else:
        words = [_en(part) for part in parts]
    text = " ".join(words)
    if proper:
        return " ".join(_title(word) for word in text.split(" "))
    return text


def _title(word: str) -> str:
    if word in ("of", "and"):
        return word
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def acronym(text: str) -> str:
    letters = [part[0] for word in text.split(" ") for part in word.split("-")
               if word not in ("of", "and") and part]
    return "".join(letters).upper()


# --- concepts -----------------------------------------------------------------------------

@dataclass
class Recipe:
    pattern: int
    picks: tuple[int, ...]
    subject: int
    acronyms: bool
    short_form: bool
    note: bool
    year: int
    city: int


def _pick(rng: random.Random, pattern: int) -> tuple[int, ...]:
    return tuple(rng.randrange(len(_POOLS[kind])) for kind in _SHAPES[pattern])


def _valid(pattern: int, picks: tuple[int, ...]) -> bool:
    shape = _SHAPES[pattern]
    adjectives = [p for k, p in zip(shape, picks) if k == "a"]
    if len(set(adjectives)) != len(adjectives):
        return False
    if pattern == 5 and picks[0] == picks[2]:
        return False
    return True


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def recipes(count: int, seed: int = 16) -> list[Recipe]:
    """`count` concepts, their ru and en preferred terms and acronyms all distinct."""
    rng = random.Random(seed)
    seen: set[int] = set()
    acronyms: set[int] = set()
    found: list[Recipe] = []
    patterns, weights = zip(*PATTERNS.items())
    while len(found) < count:
        pattern = rng.choices(patterns, weights)[0]
        for _ in range(50):
            picks = _pick(rng, pattern)
            if not _valid(pattern, picks):
                continue
            proper = pattern in NAME_PATTERNS
            ru = phrase("ru", pattern, picks, proper=proper).casefold()
            en = slug(phrase("en", pattern, picks, proper=proper))  # the concept id
            keys = (_digest("ru " + ru), _digest("en " + en))
            if keys[0] not in seen and keys[1] not in seen:
                break
        else:
            continue
        seen.update(keys)
        subject = _subject(pattern, picks)
        with_acronyms = False
        if proper and rng.random() < 0.6:
            shorts = [acronym(phrase(lang, pattern, picks, proper=True))
                      for lang in ("ru", "be", "en")]
            marks = [_digest(f"{lang} {subject} {short}")
                     for lang, short in zip(("ru", "be", "en"), shorts)]
            if all(len(s) >= 3 for s in shorts) and not any(m in acronyms for m in marks):
                acronyms.update(marks)
                with_acronyms = True
        found.append(Recipe(pattern, picks, subject, with_acronyms,
                            short_form=pattern == 5 and rng.random() < 0.15,
                            note=rng.random() < 0.12, year=rng.randrange(1992, 2026),
                            city=rng.randrange(len(CITIES))))
    return found


def _subject(pattern: int, picks: tuple[int, ...]) -> int:
    if pattern in NAME_PATTERNS:
        head = HEADS[picks[1] if pattern == 5 else picks[2] if pattern == 6 else picks[0]].ru
        if head in DOCUMENT_HEADS:
            return SUBJECTS.index("treaties and documents")
        if head in EVENT_HEADS:
            return SUBJECTS.index("events and bodies")
        return SUBJECTS.index("organisations")
    domain = DOMAINS[picks[-1]].ru
    if domain in SECURITY_DOMAINS:
        return SUBJECTS.index("security and defence")
    return SUBJECTS.index("political concepts")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def concept(recipe: Recipe):
    """The termbase `Concept` of a recipe."""
    from termbase.model import Concept, CrossReference, LanguageSection, Sourced, Term

    pattern, picks = recipe.pattern, recipe.picks
    proper = pattern in NAME_PATTERNS
    pos = "properNoun" if proper else "noun"
    names = {lang: phrase(lang, pattern, picks, proper=proper) for lang in ("ru", "be", "en")}
    cid = slug(names["en"])
    sections = []
    for lang in ("ru", "be", "en"):
        source = SITES[lang] + cid
        full = Term(names[lang], status="preferred", type="fullForm", part_of_speech=pos,
                    id=f"{cid}-{lang}-full", sources=[source])
        terms = [full]
        if lang == "be" and recipe.note:
            full.notes.append("Belarusian form composed by the editors after the Russian "
                              "official name; not yet found in a Belarusian-language source.")
        if recipe.acronyms:
            terms.append(Term(acronym(names[lang]), status="preferred", type="acronym",
                              part_of_speech=pos, id=f"{cid}-{lang}-acronym", sources=[source],
                              cross_references=[CrossReference(full.id, names[lang])]))
        if recipe.short_form:
            short = phrase(lang, 4, (picks[1], picks[2], picks[3]), proper=True)
            terms.append(Term(short, status="admitted", type="shortForm", part_of_speech=pos,
                              id=f"{cid}-{lang}-short", sources=[source]))
        if lang == "ru" and "ё" in names["ru"]:
            terms.append(Term(names["ru"].replace("ё", "е"), status="admitted", type="variant",
                              part_of_speech=pos, id=f"{cid}-ru-yo", sources=[source],
                              notes=["Written without ё in most published sources."]))
        if lang == "en":
            american = " ".join(_american(word) for word in names["en"].split(" "))
            if american != names["en"]:
                terms.append(Term(american, status="deprecated", type="variant",
                                  part_of_speech=pos, id=f"{cid}-en-us", sources=[source],
                                  notes=["American spelling; the glossary follows British "
                                         "usage."]))
        sections.append(LanguageSection(lang, terms))
    return Concept(cid, subject_fields=[SUBJECTS[recipe.subject]],
                   definitions=[Sourced(_definition(recipe, names["en"]),
                                        source=SITES["en"] + cid)],
                   languages=sections)


def _american(word: str) -> str:
    lower = word.casefold()
    if lower in US_SPELLING:
        american = US_SPELLING[lower]
        return american[0].upper() + american[1:] if word[:1].isupper() else american
    return word


def _definition(recipe: Recipe, name: str) -> str:
    city = CITIES[recipe.city][4]
    pattern, picks = recipe.pattern, recipe.picks
    domain = DOMAINS[picks[-1]].en
    if pattern in (4, 5, 6, 7):
        head = HEADS[picks[1] if pattern == 5 else picks[2] if pattern == 6 else picks[0]].en
        return (f"{head[0].upper()}{head[1:]} of the member states established in {city} in "
                f"{recipe.year} under the name «{name}», responsible for {domain} matters "
                f"and for coordinating the work of national authorities in that field.")
    return (f"{name[0].upper()}{name[1:]}: the {domain} of states and their unions as it is "
            f"understood in documents adopted since {recipe.year}, including measures agreed "
            f"in {city}.")


# --- sentences ----------------------------------------------------------------------------
# Frames: en, ru, be. {X:case} a term (any), {O:case} a name; {C} a city (ru prepositional,
# be locative), {Y} a year, {N} a number from 5 to 20 (so that ru and be take the genitive
# plural after it).
FRAMES = [
    ("The parties discussed {X} in {C}.",
     "Стороны обсудили {X:acc} в {C}.",
     "Бакі абмеркавалі {X:acc} у {C}."),
    ("Particular attention was paid to {X} and {X}.",
     "Особое внимание было уделено {X:dat} и {X:dat}.",
     "Асаблівая ўвага была нададзена {X:dat} і {X:dat}."),
    ("Experts noted the growing role of {X} in the region.",
     "Эксперты отметили растущую роль {X:gen} в регионе.",
     "Эксперты адзначылі ўзрастаючую ролю {X:gen} у рэгіёне."),
    ("The agreement on {X} was signed in {C} in {Y}.",
     "Соглашение о {X:loc} было подписано в {C} в {Y} году.",
     "Пагадненне аб {X:loc} было падпісана ў {C} у {Y} годзе."),
    ("Cooperation between {O} and {O} remains a priority for {N} member states.",
     "Сотрудничество между {O:ins} и {O:ins} остаётся приоритетом для {N} государств-членов.",
     "Супрацоўніцтва паміж {O:ins} і {O:ins} застаецца прыярытэтам для {N} дзяржаў-членаў."),
    ("The meeting in {C} was devoted to {X}.",
     "Встреча в {C} была посвящена {X:dat}.",
     "Сустрэча ў {C} была прысвечана {X:dat}."),
    ("According to the report, spending on {X} rose by {N} per cent in {Y}.",
     "Согласно докладу, расходы на {X:acc} выросли на {N} процентов в {Y} году.",
     "Паводле даклада, выдаткі на {X:acc} выраслі на {N} працэнтаў у {Y} годзе."),
    ("The delegations exchanged views on {X} and agreed to continue the dialogue.",
     "Делегации обменялись мнениями по {X:dat} и договорились продолжить диалог.",
     "Дэлегацыі абмяняліся думкамі па {X:loc} і дамовіліся працягнуць дыялог."),
    ("{O} will hold its next session in {C} in {Y}.",
     "{O:nom} проведёт очередное заседание в {C} в {Y} году.",
     "{O:nom} правядзе чарговае пасяджэнне ў {C} у {Y} годзе."),
    ("Without {X}, the strategy adopted in {Y} cannot succeed.",
     "Без {X:gen} стратегия, принятая в {Y} году, не может быть успешной.",
     "Без {X:gen} стратэгія, прынятая ў {Y} годзе, не можа быць паспяховай."),
    ("The ministers called for closer coordination of {X} and {X} across the region.",
     "Министры призвали к более тесной координации {X:gen} и {X:gen} в регионе.",
     "Міністры заклікалі да больш цеснай каардынацыі {X:gen} і {X:gen} у рэгіёне."),
    ("In {Y}, {N} projects in the field of {X} were completed.",
     "В {Y} году в области {X:gen} было завершено {N} проектов.",
     "У {Y} годзе ў галіне {X:gen} было завершана {N} праектаў."),
    ("Representatives of {O} took part in the conference in {C}.",
     "В конференции в {C} приняли участие представители {O:gen}.",
     "У канферэнцыі ў {C} узялі ўдзел прадстаўнікі {O:gen}."),
    ("The declaration stresses the importance of {X} for the stability of the region.",
     "В декларации подчёркивается значение {X:gen} для стабильности региона.",
     "У дэкларацыі падкрэсліваецца значэнне {X:gen} для стабільнасці рэгіёна."),
    ("The heads of state instructed {O} to prepare proposals on {X} by {Y}.",
     "Главы государств поручили {O:dat} подготовить предложения по {X:dat} к {Y} году.",
     "Кіраўнікі дзяржаў даручылі {O:dat} падрыхтаваць прапановы па {X:loc} да {Y} года."),
    ("Funding for {X} is provided by {O}.",
     "Финансирование {X:gen} обеспечивается {O:ins}.",
     "Фінансаванне {X:gen} забяспечваецца {O:ins}."),
    ("The session of {O} in {C} focused on {X}.",
     "Заседание {O:gen} в {C} было сосредоточено на {X:loc}.",
     "Пасяджэнне {O:gen} у {C} было засяроджана на {X:loc}."),
    ("Observers believe that {X} will remain on the agenda for years to come.",
     "Наблюдатели считают, что {X:nom} останется в повестке дня на долгие годы.",
     "Назіральнікі лічаць, што {X:nom} застанецца ў парадку дня на доўгія гады."),
    ("The parliament ratified the protocol on {X} by {N} votes to one.",
     "Парламент ратифицировал протокол о {X:loc} {N} голосами против одного.",
     "Парламент ратыфікаваў пратакол аб {X:loc} {N} галасамі супраць аднаго."),
    ("Since {Y}, {O} has published annual reviews of {X}.",
     "С {Y} года {O:nom} публикует ежегодные обзоры {X:gen}.",
     "З {Y} года {O:nom} публікуе штогадовыя агляды {X:gen}."),
]
_SLOT = re.compile(r"\{([XOCYN])(?::(\w+))?\}")


class Writer:
    """Sentences in three languages naming the concepts of `pool` (recipes), seeded."""

    def __init__(self, pool: list[Recipe], seed: int):
        self.rng = random.Random(seed)
        self.pool = pool
        self.names = [r for r in pool if r.pattern in NAME_PATTERNS] or pool

    def sentence(self) -> tuple[dict[str, str], list[Recipe]]:
        rng = self.rng
        frame = rng.choice(FRAMES)
        fills = []
        for kind, _ in _SLOT.findall(frame[0]):
            if kind == "X":
                fills.append(rng.choice(self.pool))
            elif kind == "O":
                fills.append(rng.choice(self.names))
        values = {"C": rng.randrange(len(CITIES)), "Y": rng.randrange(1992, 2026),
                  "N": rng.randrange(5, 21)}
        short = [r.acronyms and rng.random() < 0.3 for r in fills]
        out = {}
        for lang, template in zip(("en", "ru", "be"), frame):
            out[lang] = self._fill(lang, template, fills, short, values)
        return out, fills

    def _fill(self, lang, template, fills, short, values) -> str:
        slots = iter(range(len(fills)))

        def replace(match: re.Match) -> str:
            kind, case = match.group(1), match.group(2) or "nom"
            if kind == "C":
                city = CITIES[values["C"]]
                return {"en": city[4], "ru": city[1], "be": city[3]}[lang]
            if kind in "YN":
                return str(values[kind])
            at = next(slots)
            recipe = fills[at]
            proper = recipe.pattern in NAME_PATTERNS
            if short[at]:
                return acronym(phrase(lang, recipe.pattern, recipe.picks, proper=True))
            if lang == "en":
                text = phrase("en", recipe.pattern, recipe.picks, proper=proper)
                return f"the {text}" if proper else text
            return phrase(lang, recipe.pattern, recipe.picks, case, proper)

        text = _SLOT.sub(replace, template)
        text = text[0].upper() + text[1:]
        if lang == "ru":
            text = re.sub(r"(?<!\w)([оО]) (?=[аоуэиАОУЭИ])", r"\1б ", text)
        elif lang == "be":
            text = _be_u_after_vowel(text)
        return text


def _be_u_after_vowel(text: str) -> str:
    """Belarusian у after a word ending in a vowel is ў (the preposition, a word's first у)."""
    return re.sub(r"(?<=[аеёіоуыэюяАЕЁІОУЫЭЮЯ]) ([уУ])",
                  lambda m: " ў" if m.group(1) == "у" else " Ў", text)


# --- files --------------------------------------------------------------------------------

def write_glossary(found: list[Recipe], folder: Path) -> list[Path]:
    """One TBX v3 file per subject field, as the project keeps its glossary."""
    from termbase.formats import tbx
    from termbase.model import GlossaryHeader

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, subject in enumerate(SUBJECTS):
        path = folder / f"{slug(subject)}.tbx"
        header = GlossaryHeader(title=f"generated glossary: {subject}",
                                source_desc=["Generated by benchmarks/fielddata.py."])
        tbx.write((concept(r) for r in found if r.subject == number), path, header, sort=False)
        paths.append(path)
    return paths


def write_glossary_v2(found: list[Recipe], path: Path) -> None:
    from termbase.formats import tbx

    tbx.write_v2((concept(r) for r in found), path, sort=False)


def write_tm(found: list[Recipe], count: int, path: Path, seed: int = 17) -> None:
    from termbase.formats import tmx
    from termbase.model import Prop, TranslationUnit, Variant

    writer = Writer(found, seed)

    def units():
        for number in range(count):
            text, _ = writer.sentence()
            if writer.rng.random() < 0.35:  # some units are two sentences
                more, _ = writer.sentence()
                text = {lang: f"{text[lang]} {more[lang]}" for lang in text}
            document = f"report-{number // 40:06d}"
            yield TranslationUnit(f"{document}-{number % 40:02d}", [
                Variant(lang, [text[lang]]) for lang in ("ru", "be", "en")],
                props=[Prop("x-source-document", f"corpus/en/{document}.txt"),
                       Prop("x-origin", "en original; ru and be translated")])

    tmx.write(units(), path)


def write_articles(found: list[Recipe], words: int, folder: Path, seed: int = 18) -> dict:
    """Parallel en, ru and be articles of about `words` English words, paragraphs of three to
    six sentences, naming concepts drawn from a few hundred of the glossary's."""
    rng = random.Random(seed)
    pool = rng.sample(found, min(len(found), 400))
    writer = Writer(pool, seed)
    paragraphs: dict[str, list[str]] = {"en": [], "ru": [], "be": []}
    count = 0
    while count < words:
        sentences = [writer.sentence()[0] for _ in range(rng.randrange(3, 7))]
        for lang in paragraphs:
            paragraphs[lang].append(" ".join(s[lang] for s in sentences))
        count += len(paragraphs["en"][-1].split())
    for lang, texts in paragraphs.items():
        (folder / f"article.{lang}.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    return {"words": count, "paragraphs": len(paragraphs["en"])}


def queries(found: list[Recipe], seed: int = 19, count: int = 20) -> dict[str, list[str]]:
    """Lookup queries of each kind, for concepts spread over the glossary."""
    rng = random.Random(seed)
    chosen = [found[rng.randrange(len(found))] for _ in range(count)]
    named = [r for r in found[: 50 * count] if r.acronyms][:count]

    def typo(text: str) -> str:
        at = rng.randrange(1, len(text) - 1)
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]

    return {
        "exact en": [phrase("en", r.pattern, r.picks, proper=r.pattern in NAME_PATTERNS)
                     for r in chosen],
        "inflected ru": [phrase("ru", r.pattern, r.picks, "gen", r.pattern in NAME_PATTERNS)
                         for r in chosen],
        "inflected be": [phrase("be", r.pattern, r.picks, "loc", r.pattern in NAME_PATTERNS)
                         for r in chosen],
        "abbreviation": [acronym(phrase("ru", r.pattern, r.picks, proper=True)) for r in named],
        "fuzzy (typo)": [typo(phrase("ru", r.pattern, r.picks, proper=r.pattern
                                     in NAME_PATTERNS)) for r in chosen],
        "concepts": [slug(phrase("en", r.pattern, r.picks, proper=r.pattern in NAME_PATTERNS))
                     for r in chosen],
    }


def generate(out: Path, concepts: int, units: int, words: int = 5000, seed: int = 16,
             tbx2: bool = True) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    found = recipes(concepts, seed)
    write_glossary(found, out / "glossary")
    if tbx2:
        write_glossary_v2(found, out / "glossary-v2.tbx")
    if units:
        (out / "tm").mkdir(exist_ok=True)
        write_tm(found, units, out / "tm" / "field.tmx", seed + 1)
    facts = {"concepts": concepts, "units": units,
             "article": write_articles(found, words, out, seed + 2),
             "queries": queries(found, seed + 3)}
    (out / "facts.json").write_text(json.dumps(facts, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-tbx2", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    facts = generate(options.out, options.concepts, options.units, options.words,
                     options.seed, not options.no_tbx2)
    print(json.dumps({k: v for k, v in facts.items() if k != "queries"}))


if __name__ == "__main__":
    main()


def check_lexicon() -> list[str]:
    """Every word of the lexicon in every case, held to the analyzers (`termbase.lang.matches`)
    and to the orthography rules: what a benchmark would otherwise measure as a miss."""
    from termbase.lang import matches

    problems = []
    forms = []
    for ru, be, _ in ADJECTIVES:
        for gender in "mfn":
            for case in CASES:
                forms.append(("ru", ru_adjective(ru, gender, "nom"),
                              ru_adjective(ru, gender, case)))
                forms.append(("be", be_adjective(be, gender, "nom"),
                              be_adjective(be, gender, case)))
    for pool in (HEADS, DOMAINS, PROCESSES):
        for noun in pool:
            for case in CASES:
                forms.append(("ru", noun.ru, ru_noun(noun, case)))
                forms.append(("be", noun.be, be_noun(noun, case)))
    for lang, term, form in forms:
        if lang == "be" and re.search("[иИщЩъЪ]", form):
            problems.append(f"be «{form}» has a Russian letter")
        if lang == "ru" and re.search("[іІўЎ’]", form):
            problems.append(f"ru «{form}» has a Belarusian letter")
        if not matches(lang, term, form):
            problems.append(f"{lang} «{form}» does not match «{term}»")
    return problems
