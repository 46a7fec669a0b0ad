"""Dates in words in Russian, Ukrainian and Italian: found in every case form and resolved by the rules
English dates follow (the year nearest the publication date, on the side the tense cue words give).

Sentences written for these tests, then Ukrainian date detection against ner-uk's DATE spans
(``newsprism eval worded-dates``) with a floor just under the measured figures.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import shared_path
from newsprism.annotate.timex import find_dates, infer_publication
from newsprism.evaluate.unparsed import score_ner_uk_dates
from newsprism.text.months import month_number, weekday_number

PUB = "2022-12-20"  # a Tuesday


def dates(text: str, language: str, published: str | None = PUB) -> list[tuple[str, str | None]]:
    found = find_dates(text, published, language)
    for m in found:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.value) for m in found]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "Договор подписали 6 декабря 2021 года в Минске.", [("6 декабря 2021 года", "2021-12-06")]),
        ("uk", "Договір підписали 6 грудня 2021 року в Мінську.", [("6 грудня 2021 року", "2021-12-06")]),
        ("it", "Il trattato è stato firmato il 6 dicembre 2021 a Minsk.", [("6 dicembre 2021", "2021-12-06")]),
        ("ru", "Переговоры прошли в мае 2021 г. в Сочи.", [("мае 2021 г.", "2021-05")]),
        ("uk", "У 2021 році зростання склало 3%.", [("2021 році", "2021")]),
        ("it", "Nel 2021 la crescita è stata del 3%.", [("2021", "2021")]),
    ],
)
def test_dates_with_their_year(language: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("ru", "В понедельник, 19 декабря, стороны подписали договор.", "2022-12-19"),
        ("uk", "У понеділок, 19 грудня, сторони підписали договір.", "2022-12-19"),
        ("it", "Lunedì 19 dicembre le parti hanno firmato il trattato.", "2022-12-19"),
        ("ru", "Встреча состоится 19 января в Минске.", "2023-01-19"),
        ("uk", "Зустріч відбудеться 19 січня в Мінську.", "2023-01-19"),
        ("it", "L'incontro si terrà il 19 gennaio a Minsk.", "2023-01-19"),
        ("ru", "Встреча уже прошла 10 января в Минске.", "2022-01-10"),
        ("it", "Il 10 gennaio scorso le parti si sono incontrate.", "2022-01-10"),
        ("ru", "Стороны встретились 19 декабря прошлого года.", "2021-12-19"),
        ("uk", "Сторони зустрілися 19 грудня минулого року.", "2021-12-19"),
    ],
)
def test_yearless_dates_take_the_year_the_tense_and_the_words_give(language: str, text: str, value: str) -> None:
    ((_, found),) = dates(text, language)
    assert found == value


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "Вчера стороны договорились, завтра подпишут договор.", [("Вчера", "2022-12-19"), ("завтра", "2022-12-21")]),
        ("uk", "Вчора сторони домовилися, сьогодні підпишуть договір.",
         [("Вчора", "2022-12-19"), ("сьогодні", "2022-12-20")]),
        ("it", "Ieri le parti si sono accordate, domani firmeranno.", [("Ieri", "2022-12-19"), ("domani", "2022-12-21")]),
        ("ru", "Это случилось два дня назад.", [("два дня назад", "2022-12-18")]),
        ("uk", "Це сталося три роки тому.", [("три роки тому", "2019")]),
        ("it", "È successo due mesi fa.", [("due mesi fa", "2022-10")]),
        ("ru", "В прошлом году цены выросли.", [("В прошлом году", "2021")]),
        ("uk", "Торік ціни зросли.", [("Торік", "2021")]),
        ("it", "L'anno scorso i prezzi sono saliti.", [("L'anno scorso", "2021")]),
        ("ru", "Саммит пройдёт в следующий вторник.", [("следующий вторник", "2022-12-27")]),
        ("uk", "Минулого понеділка він прибув.", [("Минулого понеділка", "2022-12-19")]),
        ("it", "Lunedì scorso è arrivato.", [("Lunedì scorso", "2022-12-19")]),
        ("it", "Lo scorso dicembre i negoziati sono falliti.", [("Lo scorso dicembre", "2021-12")]),
    ],
)
def test_days_and_units_counted_from_publication(language: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Окружающая среда пострадала."),  # "среда" is also the environment
        ("ru", "Марта Иванова приехала."),  # a name, not March
        ("it", "Domenica Rossi ha parlato."),  # a name, not Sunday
        ("ru", "На площади собралось 2000 человек."),  # a count, not a year
        ("uk", "Багато років тому тут був ліс."),  # many years, not one
        ("ru", "Доля рынка составила 12%."),
    ],
)
def test_words_that_are_not_dates(language: str, text: str) -> None:
    assert dates(text, language) == []


def test_a_bare_month_needs_a_preposition_and_lower_case() -> None:
    assert dates("Выборы пройдут в марте.", "ru") == [("марте", "2023-03")]
    assert dates("Марта", "ru") == []
    assert dates("Si vota a marzo.", "it") == [("marzo", "2023-03")]


def test_without_a_cue_word_the_date_nearest_publication_wins() -> None:
    # No tense cue: the nearer of 2022-01-03 and 2023-01-03 to 20 December 2022.
    assert dates("Он прилетел в Москву 3 января.", "ru") == [("3 января", "2023-01-03")]


def test_a_weekday_with_its_date_dates_the_article() -> None:
    inferred = infer_publication("В понедельник, 19 декабря, стороны подписали договор.", date(2026, 1, 1), "ru")
    assert inferred is not None and inferred.value == "2022-12-19"


def test_english_text_is_read_as_before() -> None:
    text = "Prices rose in December and fell on 19 декабря."
    assert [m.text for m in find_dates(text, PUB)] == ["December"]


def test_month_and_weekday_names_in_every_case() -> None:
    assert [month_number(w, "ru") for w in ("декабрь", "декабря", "декабре", "Декабрём")] == [12] * 4
    assert [month_number(w, "uk") for w in ("грудень", "грудня", "грудні", "лютого")] == [12, 12, 12, 2]
    assert month_number("dicembre", "it") == 12 and month_number("Dec.") == 12
    assert weekday_number("п’ятницю", "uk") == 4 and weekday_number("пятницу", "ru") == 4
    assert weekday_number("lunedi", "it") == 0 and month_number("декабря") is None


@pytest.mark.slow
@pytest.mark.shared
def test_ukrainian_dates_against_ner_uk() -> None:
    scores = score_ner_uk_dates(shared_path("data", "ner-uk"))
    assert scores.recall >= 0.77
    assert scores.precision >= 0.85
    assert scores.precision_without_days >= 0.92
