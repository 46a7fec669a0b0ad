"""Ukrainian names in their dictionary form: "Зеленського" -> "Зеленський", "Києві" -> "Київ",
"Міністерства закордонних справ" -> "Міністерство закордонних справ".

Ukrainian inflects names by case, so one person or place is written many ways. The rules here are
written from the grammar (the noun and adjective declensions), not learnt from any corpus:

- a person: known first names through their declension tables; patronymics (-ович, -івна); surnames by
  their endings (-енко, -ський/-цький/-зький, -ов/-єв/-ін/-їн, -ук/-юк/-чук, -ич), the gender taken
  from the first name or patronymic when the span has one;
- a place: known places (countries, regions, large cities) through their declension tables; adjectival
  names ("Київської області" -> "Київська область") by agreement with the head noun;
- an organisation: its head noun (міністерство, рада, суд, служба ...) and the adjectives before it put in
  the nominative; the words after the head are its complement and keep their case.

When the optional ``pymorphy3`` with its Ukrainian dictionary is installed (``pip install pymorphy3
pymorphy3-dicts-uk``; the dictionary is GPL-3, so newsprism does not depend on it), each word is put in
the nominative with it instead, keeping the rules for what it does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

# -- what the rules know by name (nominative forms, written from general knowledge) ----------------------
MALE_FIRST_NAMES = frozenset("""
Олександр Олексій Анатолій Андрій Антон Аркадій Арсен Арсеній Артем Артур Богдан Борис Вадим Валентин Валерій
Василь Віктор Віталій Владислав Володимир Всеволод В'ячеслав Гліб Георгій Геннадій Григорій Давид Данило Денис
Дмитро Едуард Євген Євгеній Захар Зеновій Зіновій Іван Ігор Ілля Йосип Кирило Костянтин Лев Леонід Любомир Макар
Максим Марко Матвій Микита Микола Мирон Мирослав Михайло Назар Нестор Олег Омелян Орест Остап Павло Петро Платон
Ростислав Роман Руслан Святослав Семен Сергій Станіслав Степан Тарас Тимофій Тимур Федір Філіп Юліан Юрій Яків
Ярема Ярослав
""".split())
FEMALE_FIRST_NAMES = frozenset("""
Аліна Алла Анастасія Ангеліна Анна Антоніна Валентина Валерія Віра Вікторія Галина Ганна Дарина Дарія Діана
Євгенія Єлизавета Зінаїда Зоя Інна Ірина Катерина Ксенія Лариса Леся Ліда Лідія Ліна Лілія Любов Людмила Марина
Марія Мар'яна Мирослава Надія Наталія Наталя Ніна Оксана Олександра Олена Ольга Раїса Світлана Соломія Софія
Тамара Тетяна Уляна Христина Юлія Яна Ярослава
""".split())
PLACES = frozenset("""
Україна Росія Білорусь Польща Молдова Румунія Угорщина Словаччина Чехія Німеччина Франція Італія Іспанія
Португалія Британія Англія Ірландія Австрія Швейцарія Бельгія Нідерланди Швеція Норвегія Фінляндія Данія Литва
Латвія Естонія Греція Болгарія Сербія Хорватія Туреччина Грузія Вірменія Азербайджан Казахстан Ізраїль Іран Ірак
Сирія Єгипет Китай Японія Індія Корея Канада Америка Мексика Бразилія Аргентина Австралія Європа Азія Африка
Крим Донбас Галичина Волинь Поділля Буковина Закарпаття Полісся Слобожанщина Прикарпаття Кубань Сибір Кавказ
Київ Харків Одеса Дніпро Львів Запоріжжя Донецьк Луганськ Миколаїв Маріуполь Вінниця Херсон Полтава Чернігів
Черкаси Суми Житомир Чернівці Рівне Тернопіль Луцьк Ужгород Кропивницький Хмельницький Севастополь Сімферополь
Ялта Керч Краматорськ Слов'янськ Бахмут Мелітополь Бердянськ Ізмаїл Умань Кременчук Бровари Ірпінь Буча Гостомель
Дрогобич Коломия Калуш Стрий Ковель Конотоп Ніжин Прилуки Шостка Павлоград Нікополь Енергодар Чорнобиль Москва
Варшава Мінськ Берлін Париж Лондон Вашингтон Брюссель Відень Прага Рим Будапешт Бухарест Кишинів Вільнюс Рига
Таллінн Тбілісі Анкара Стамбул Пекін Токіо Женева Мюнхен Краків Люблін Вроцлав Гданськ Дніпропетровськ
Словенія Боснія Чорногорія Македонія Албанія Кіпр Мальта Люксембург Ісландія Монголія В'єтнам Таїланд Індонезія
Пакистан Афганістан Ліван Йорданія Катар Ємен Лівія Туніс Алжир Марокко Ефіопія Кенія Нігерія Чилі Перу Колумбія
Венесуела Куба Узбекистан Таджикистан Киргизстан Туркменистан Придністров'я Абхазія Осетія Чечня Татарстан
Балкани Скандинавія Прибалтика Антарктида Арктика Євразія Дунай Дністер Десна Прип'ять Карпати Альпи Говерла
Хортиця Київщина Харківщина Львівщина Полтавщина Чернігівщина Сумщина Житомирщина Вінниччина Одещина
Миколаївщина Херсонщина Черкащина Тернопільщина Рівненщина Хмельниччина Кіровоградщина Луганщина Донеччина
Дніпропетровщина Прикарпаття Мукачево Нововолинськ Коростень Бердичів Звягель Шепетівка Жмеринка Олександрія
Світловодськ Знам'янка Лубни Миргород Охтирка Ромни Глухів Лебедин Ізюм Куп'янськ Лозова Чугуїв Балаклія
Первомайськ Вознесенськ Очаків Южноукраїнськ Каховка Скадовськ Генічеськ Олешки Токмак Пологи Вільнянськ
Покров Марганець Новомосковськ Синельникове Костянтинівка Дружківка Покровськ Мирноград Торецьк Авдіївка
Волноваха Вугледар Сєвєродонецьк Лисичанськ Рубіжне Кремінна Старобільськ Алчевськ Антрацит Ровеньки
Дебальцеве Горлівка Макіївка Єнакієве Шахтарськ Іловайськ Феодосія Євпаторія Бахчисарай Джанкой Алушта Судак
Армянськ Славутич Вишгород Обухів Фастів Васильків Бориспіль Переяслав Яготин Ворзель Бородянка Макарів
Вишневе Боярка Надвірна Яремче Болехів Самбір Борислав Червоноград Золочів Броди Жовква Яворів Мостиська
Сокаль Бучач Чортків Заліщики Почаїв Дубно Острог Здолбунів Костопіль Сарни Любомль Берегове Хуст Виноградів
Рахів Тячів Свалява Перечин Чоп Рені Болград Кілія Подільськ Балта Чорноморськ Южне Роздільна Сміла Золотоноша
Канів Звенигородка Шпола Тальне Чигирин Долинська Гайворон Новоукраїнка Бобринець Славута Нетішин
Старокостянтинів Волочиськ Красилів Полонне Ізяслав Малин Овруч Радомишль Коростишів Хмільник Гайсин Ладижин
Козятин Тульчин Бершадь Немирів Батурин Путивль Новгород-Сіверський Мелітополь Херсонес Ольвія
Мілан Барселона Мадрид Лісабон Амстердам Стокгольм Осло Гельсінкі Копенгаген Афіни Белград Загреб
Братислава Дублін Единбург Оттава Торонто Чикаго Лос-Анджелес Сеул Делі Тегеран Багдад Дамаск Бейрут
Каїр Єрусалим Тель-Авів Баку Єреван Астана Ташкент Душанбе Бішкек Ашгабат Санкт-Петербург Новосибірськ
Ростов Бєлгород Курськ Воронеж Брянськ Смоленськ Гомель Брест Гродно Вітебськ Могильов Львів Перемишль Ряшів
Люблін Жешув Кошице Ужгород Сучава Ясси Констанца Одеса Тирасполь Бендери Бельці
""".split())
PLACE_PHRASES = ("Кривий Ріг", "Біла Церква", "Кам'янець-Подільський", "Івано-Франківськ", "Нью-Йорк",
                 "Сполучені Штати", "Велика Британія", "Кам'янське", "Нова Каховка", "Санкт-Петербург",
                 "Чорне море", "Азовське море", "Сіверський Донець", "Горішні Плавні", "Могилів-Подільський",
                 "Білгород-Дністровський", "Володимир-Волинський", "Південний Буг", "Північна Америка",
                 "Південна Америка", "Латинська Америка", "Саудівська Аравія", "Південна Корея", "Північна Корея")

# Head nouns of organisations and of the common words inside place names, with their gender:
# m(asculine), f(eminine), n(euter), p(lural).
HEAD_NOUNS: dict[str, str] = {
    **dict.fromkeys("""міністерство управління агентство бюро відомство товариство об'єднання підприємство
                    представництво посольство консульство генконсульство казначейство видавництво
                    командування""".split(), "n"),
    **dict.fromkeys("""рада служба партія адміністрація прокуратура поліція академія комісія палата асоціація
                    організація корпорація група компанія фірма спілка інспекція федерація держдума школа
                    гімназія лікарня церква армія гвардія міліція колегія асамблея дирекція фракція
                    фундація бригада область столиця республіка держава агенція""".split(), "f"),
    **dict.fromkeys("""комітет суд уряд парламент банк фонд університет інститут департамент центр союз
                    конгрес сенат кабінет офіс завод комбінат театр музей холдинг концерн трест альянс
                    блок рух сейм район край округ штаб кабмін ліцей коледж клуб орган відділ
                    військкомат""".split(), "m"),
    **dict.fromkeys("місто село селище".split(), "n"),
}

_ADJECTIVE_ENDINGS = (  # oblique ending, masculine, feminine, neuter nominative endings
    ("ого", "ий", "а", "е"), ("ому", "ий", "а", "е"), ("ім", "ий", "а", "е"), ("им", "ий", "а", "е"),
    ("ої", "ий", "а", "е"), ("ій", "ий", "а", "е"), ("ою", "ий", "а", "е"), ("у", "ий", "а", "е"),
    ("ього", "ій", "я", "є"), ("ьому", "ій", "я", "є"), ("ьої", "ій", "я", "є"), ("ьою", "ій", "я", "є"),
    ("их", "ий", "а", "е"), ("ими", "ий", "а", "е"),
)


def _is_name(word: str) -> bool:
    return word[:1].isupper()


_VOWELS = "аеєиіїоуюя"
_SOFTENED = {"к": "ц", "г": "з", "х": "с"}  # before the dative and locative -і: Америка -> Америці


def _opened(stem: str) -> list[str]:
    """A stem whose last syllable is closed with і or ї, with that vowel opened as it is when an ending
    follows (Львів -> Львов-а, Київ -> Києв-а, Тернопіль -> Тернопол-я, Кишинів -> Кишинев-а)."""
    tail = len(stem)
    while tail and stem[tail - 1] not in _VOWELS:
        tail -= 1
    if tail < 2 or stem[tail - 1] not in "іЇї" or tail == len(stem):
        return [stem]
    head, after = stem[: tail - 1], stem[tail:]
    return [stem, head + "о" + after, head + "е" + after] if stem[tail - 1] == "і" else [stem, head + "є" + after]


@lru_cache(maxsize=4096)
def decline(name: str) -> dict[str, str]:
    """The case forms (lower-cased) of a first name, a one-word place or a head noun, with its nominative."""
    low = name.lower()
    stems: list[str]
    if low.endswith(("ій", "ий")) and low not in ("край",):  # Сергій; Кропивницький (adjectival)
        stems = [low[:-2]]
        endings: tuple[str, ...] = (("ія", "ію", "ієві", "ієм", "ії") if low.endswith("ій")
                                    else ("ого", "ому", "им", "ім"))
    elif low.endswith(("не", "ське", "цьке")):  # Рівне, Кам'янське (adjectival)
        stems, endings = [low[:-1]], ("ого", "ому", "им", "ім")
    elif low.endswith("ія"):
        stems, endings = [low[:-2]], ("ії", "ію", "ією", "ій")
    elif low.endswith("я"):
        stems, endings = [low[:-1]], ("і", "ї", "ю", "ею", "єю", "ям", "ями", "ях")
    elif low.endswith("а"):
        stems, endings = [low[:-1]], ("и", "і", "у", "ою", "ам", "ами", "ах")
        if low[-2] in _SOFTENED:
            stems.append(low[:-2] + _SOFTENED[low[-2]])
    elif low.endswith(("о", "е")):
        stems, endings = [low[:-1]], ("а", "у", "ові", "ом", "і", "я", "ю", "ем", "ам", "ами", "ах")
    elif low.endswith("ь"):
        stems, endings = _opened(low[:-1]), ("я", "ю", "еві", "ем", "ею", "і", "ів", "ям", "ях")
    elif low.endswith("и"):  # plural places: Суми, Черкаси, Бровари
        stems, endings = [low[:-1]], ("", "ів", "ам", "ами", "ах")
    elif low.endswith("і"):  # Чернівці
        stems, endings = [low[:-1]], ("ів", "ям", "ями", "ях")
    elif low.endswith("й"):  # музей, край
        stems, endings = [low[:-1]], ("ю", "я", "єві", "єм", "ї", "їв")
    else:
        stems = _opened(low)
        endings = ("а", "у", "ові", "еві", "ом", "і", "ів", "ам", "ами", "ах")
        if low == "ігор":  # the one common first name of the soft declension
            endings = ("я", "ю", "еві", "ем")
    forms = {low: name}
    for stem in stems:
        for ending in endings:
            forms.setdefault(stem + ending, name)
    return forms


@lru_cache(maxsize=1)
def known_forms() -> dict[str, tuple[str, str]]:
    """Every generated case form (lower-cased) of a known name: its nominative and what it is
    (``male``, ``female`` or ``place``)."""
    table: dict[str, tuple[str, str]] = {}
    for names, kind in ((PLACES, "place"), (FEMALE_FIRST_NAMES, "female"), (MALE_FIRST_NAMES, "male")):
        for name in sorted(names):
            for form, nominative in decline(name).items():
                table[form] = (nominative, kind)
    return table


def known_kind(word: str) -> str | None:
    """``male``, ``female`` or ``place`` when ``word`` is a case form of a name the rules know."""
    found = known_forms().get(word.lower())
    return found[1] if found else None


# -- people ---------------------------------------------------------------------------------------------
# Surname endings in oblique cases -> the nominative ending, for men and for women.
_SURNAME_MALE = (
    ("енкові", "енко"), ("енком", "енко"), ("енка", "енко"), ("енку", "енко"),
    ("ського", "ський"), ("ському", "ський"), ("ським", "ський"), ("ськім", "ський"),
    ("цького", "цький"), ("цькому", "цький"), ("цьким", "цький"), ("цькім", "цький"),
    ("зького", "зький"), ("зькому", "зький"), ("зьким", "зький"),
    ("ого", "ий"), ("ому", "ий"),
    ("ового", "ов"),
    ("овим", "ов"), ("овому", "ов"), ("ова", "ов"), ("ову", "ов"), ("ові", "ов"),
    ("евим", "ев"), ("ева", "ев"), ("еву", "ев"), ("еві", "ев"),
    ("євим", "єв"), ("єва", "єв"), ("єву", "єв"), ("єві", "єв"),
    ("іним", "ін"), ("іна", "ін"), ("іну", "ін"), ("іні", "ін"),
    ("їним", "їн"), ("їна", "їн"), ("їну", "їн"),
    ("укові", "ук"), ("уком", "ук"), ("ука", "ук"), ("уку", "ук"),
    ("юкові", "юк"), ("юком", "юк"), ("юка", "юк"), ("юку", "юк"),
    ("ичеві", "ич"), ("ичем", "ич"), ("ича", "ич"), ("ичу", "ич"),
    ("ака", "ак"), ("аку", "ак"), ("акові", "ак"), ("ика", "ик"), ("ику", "ик"), ("икові", "ик"),
    ("яка", "як"), ("яку", "як"), ("якові", "як"),
    ("леві", "ль"), ("лем", "ль"), ("ля", "ль"), ("лю", "ль"),
)
_SURNAME_FEMALE = (
    ("ської", "ська"), ("ській", "ська"), ("ською", "ська"), ("ську", "ська"),
    ("цької", "цька"), ("цькій", "цька"), ("цькою", "цька"), ("цьку", "цька"),
    ("зької", "зька"), ("зькій", "зька"), ("зькою", "зька"),
    ("ової", "ова"), ("овій", "ова"), ("овою", "ова"), ("ову", "ова"),
    ("евої", "ева"), ("евій", "ева"), ("евою", "ева"), ("еву", "ева"),
    ("євої", "єва"), ("євій", "єва"), ("євою", "єва"), ("єву", "єва"),
    ("іної", "іна"), ("іній", "іна"), ("іною", "іна"), ("іну", "іна"),
    ("ої", "а"), ("ій", "а"), ("ою", "а"),
)
# A surname that ends so in the nominative never changes for women (Шевченко, Гук, Кравчук).
_FEMALE_UNCHANGED = ("ко", "ук", "юк", "ак", "ик", "як", "ич", "ь")
_PATRONYMIC = (
    ("овича", "ович"), ("овичу", "ович"), ("овичем", "ович"), ("овичеві", "ович"),
    ("евича", "евич"), ("евичу", "евич"), ("евичем", "евич"),
    ("йовича", "йович"), ("ьовича", "ьович"),
    ("івни", "івна"), ("івні", "івна"), ("івну", "івна"), ("івною", "івна"),
    ("ївни", "ївна"), ("ївні", "ївна"), ("ївну", "ївна"), ("ївною", "ївна"),
)


def _swap_ending(word: str, table: Sequence[tuple[str, str]]) -> str | None:
    """``word`` with the first matching oblique ending of ``table`` made nominative, or None."""
    low = word.lower()
    for ending, nominative in table:
        if low.endswith(ending) and len(low) > len(ending) + 1:
            return _same_case(word, word[: len(word) - len(ending)] + nominative)
    return None


def _same_case(original: str, new: str) -> str:
    return new.upper() if original.isupper() and len(original) > 1 else new


def person_gender(words: Sequence[str]) -> str | None:
    """``male`` or ``female`` from a first name or patronymic among ``words``, else None."""
    for word in words:
        kind = known_kind(word)
        if kind in ("male", "female"):
            return kind
        low = word.lower()
        if any(low.endswith(e) for e, n in _PATRONYMIC if n.endswith("ич")):
            return "male"
        if any(low.endswith(e) for e, n in _PATRONYMIC if n.endswith("на")):
            return "female"
    return None


def person_name(words: Sequence[str]) -> list[str]:
    """Each word of a person's name in the nominative."""
    gender = person_gender(words)
    out = []
    for word in words:
        if not word[:1].isalpha():
            out.append(word)
            continue
        known = known_forms().get(word.lower())
        if known and known[1] in ("male", "female"):
            out.append(known[0])
            continue
        patronymic = _swap_ending(word, _PATRONYMIC)
        if patronymic:
            out.append(patronymic)
            continue
        out.append(_surname(word, gender) if _is_name(word) else word)
    return out


def _surname(word: str, gender: str | None) -> str:
    low = word.lower()
    if gender == "female":
        if low.endswith(_FEMALE_UNCHANGED):
            return word
        return _swap_ending(word, _SURNAME_FEMALE) or word
    # Men's (and unknown gender: news names more men) surnames; -ська and -ова as written are women's
    # nominatives and stay.
    if gender is None and low.endswith(("ська", "цька", "зька")):
        return word
    return _swap_ending(word, _SURNAME_MALE) or word


# -- places and organisations ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _head_forms() -> dict[str, tuple[str, str]]:
    """Every case form of the head nouns: (nominative, gender)."""
    table: dict[str, tuple[str, str]] = {}
    for head, gender in HEAD_NOUNS.items():
        for form in decline(head):
            table.setdefault(form, (head, gender))
    return table


def _noun_nominative(word: str) -> tuple[str, str] | None:
    """A head noun in any case as (nominative, gender), when it is one of the known heads."""
    found = _head_forms().get(word.lower().replace("’", "'"))
    if found is None:
        return None
    return _same_case(word, _cased_like(word, found[0])), found[1]


def is_head_noun(word: str) -> bool:
    """Whether ``word`` is a case form of a noun that heads organisation and place names."""
    return word.lower().replace("’", "'") in _head_forms()


def _cased_like(word: str, nominative: str) -> str:
    return nominative[:1].upper() + nominative[1:] if word[:1].isupper() else nominative


def _adjective_nominative(word: str, gender: str) -> str | None:
    low = word.lower()
    for ending, masculine, feminine, neuter in _ADJECTIVE_ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            target = {"m": masculine, "f": feminine, "n": neuter, "p": "і"}[gender]
            return _same_case(word, word[: len(word) - len(ending)] + target)
    return None


def phrase_name(words: Sequence[str]) -> list[str] | None:
    """An organisation's or place's words with its head noun and the adjectives before it made nominative,
    or None when no known head noun opens the name (within its first four words)."""
    for i, word in enumerate(words[:4]):
        head = _noun_nominative(word)
        if head is None:
            continue
        adjectives = []
        for before in words[:i]:
            adjective = _adjective_nominative(before, head[1])
            if adjective is None:
                return None  # something other than agreeing adjectives before the head: leave it
            adjectives.append(adjective)
        return [*adjectives, head[0], *words[i + 1:]]
    return None


def place_name(words: Sequence[str]) -> list[str]:
    """A place's words in the nominative: known places, "X-ської області", adjectival one-word names."""
    joined = " ".join(words).lower()
    for phrase in PLACE_PHRASES:
        if _phrase_matches(joined, phrase):
            return phrase.split()
    if len(words) == 1:
        known = known_forms().get(words[0].lower())
        if known and known[1] == "place":
            return [known[0]]
        if words[0].lower().endswith(("ського", "цького", "ському", "ським")):
            return [_swap_ending(words[0], _SURNAME_MALE) or words[0]]
        if words[0].lower().endswith(("ії", "ією", "ію")) and len(words[0]) > 5:  # Арделії -> Арделія
            return [_swap_ending(words[0], (("ією", "ія"), ("ії", "ія"), ("ію", "ія"))) or words[0]]
        return list(words)
    found = phrase_name(words)
    if found:
        return found
    # Adjective + place noun not among the heads ("Київщини" is one word; "Чорного моря" stays).
    return [known_forms().get(w.lower(), (w, ""))[0] if _is_name(w) else w for w in words]


def _phrase_matches(joined: str, phrase: str) -> bool:
    """Whether ``joined`` is a case form of the multi-word place ``phrase``, word by word."""
    parts, target = joined.split(), phrase.split()
    return len(parts) == len(target) and all(_word_matches(a, b) for a, b in zip(parts, target))


def _word_matches(form: str, nominative: str) -> bool:
    return form in decline(nominative) or any(
        (_adjective_nominative(form, gender) or "").lower() == nominative.lower() for gender in "mfn")


# -- the optional dictionary ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def dictionary() -> Any:
    """pymorphy3's Ukrainian analyser when it and its dictionary are installed, else None."""
    try:
        import pymorphy3  # type: ignore[import-not-found,unused-ignore]

        return pymorphy3.MorphAnalyzer(lang="uk")
    except Exception:  # not installed, or installed without the Ukrainian dictionary
        return None


def dictionary_person(words: Sequence[str], analyser: Any) -> list[str]:
    """A person's words made nominative by the dictionary's name readings; a word it has no name reading
    for goes by the rules."""
    by_rules = person_name(words)
    out = []
    for word, fallback in zip(words, by_rules):
        parses = [p for p in analyser.parse(word) if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
        inflected = parses[0].inflect({"nomn"}) if parses else None
        out.append(_cased_like(word, inflected.word) if inflected else fallback)
    return out


def normal_form(name: str, words: Sequence[str], kind: str, analyser: Any | None = None) -> str:
    """``name`` (its tokens ``words``) in its dictionary form, for an entity of ``kind`` (PER, ORG, LOC).

    ``analyser`` stands in for the optional dictionary (tests pass one); by default the dictionary is used
    for people when it is installed, and the rules otherwise."""
    analyser = analyser if analyser is not None else dictionary()
    if kind == "PER" and analyser is not None:
        return _joined(name, words, dictionary_person(words, analyser))
    return rule_form(name, words, kind)


def rule_form(name: str, words: Sequence[str], kind: str) -> str:
    """``name`` in its dictionary form by the rules alone."""
    rules: Callable[[Sequence[str]], list[str] | None]
    rules = person_name if kind == "PER" else place_name if kind == "LOC" else phrase_name
    normal = rules(words)
    return _joined(name, words, normal) if normal else name


def _joined(name: str, words: Sequence[str], normal: Sequence[str]) -> str:
    """The normal words written with the name's own spacing: a space wherever the name has one."""
    if list(normal) == list(words):
        return name
    out, position = "", 0
    for word, written in zip(normal, words):
        at = name.find(written, position)
        if out and at > position:
            out += " "
        out += word
        position = at + len(written) if at >= 0 else position
    return out
