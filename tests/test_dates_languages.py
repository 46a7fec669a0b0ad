"""Dates written in words in Russian, Ukrainian and Italian bylines and date stamps, read by parse_date,
and found on a page only where a date stamp stands, never in the reporting."""

from __future__ import annotations

import pytest

from newsprism.extract.dates import parse_date
from newsprism.text.months import MONTH_ABBREVIATIONS, MONTH_FORMS, MONTHS, month_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Russian
        ("16 мая 2025", "2025-05-16"),
        ("16 мая 2025 г.", "2025-05-16"),
        ("16 мая 2025 года, 14:05", "2025-05-16T14:05:00"),
        ("16 мая 2025 в 9:05", "2025-05-16T09:05:00"),
        ("Понедельник, 3 марта 2025", "2025-03-03"),
        ("16 мар. 2025", "2025-03-16"),
        ("1 Декабря 2024", "2024-12-01"),
        ("16\xa0сент.\xa02024", "2024-09-16"),  # no-break spaces, as pages print them
        ("Опубликовано: 16.05.2025 14:05", "2025-05-16T14:05:00"),
        # Ukrainian
        ("16 травня 2025 р.", "2025-05-16"),
        ("16 травня 2025 року", "2025-05-16"),
        ("16 травня 2025 р. о 14:05", "2025-05-16T14:05:00"),
        ("П'ятниця, 16 травня 2025, 14:05", "2025-05-16T14:05:00"),
        ("16 бер. 2025", "2025-03-16"),
        ("2 листопада 2024", "2024-11-02"),
        ("Опубліковано: 16.05.2025", "2025-05-16"),
        # Italian
        ("16 maggio 2025", "2025-05-16"),
        ("venerdì 16 maggio 2025", "2025-05-16"),
        ("16 maggio 2025 alle 14.05", "2025-05-16T14:05:00"),
        ("16 mag 2025", "2025-05-16"),
        ("3 set. 2024", "2024-09-03"),
        ("16/05/2025 ore 14:05", "2025-05-16T14:05:00"),
        # No full date: no year, no such day, no month, no such time
        ("16 мая", None),
        ("16 травня", None),
        ("venerdì 16 maggio", None),
        ("31 февраля 2025", None),
        ("30 лютого 2024", None),
        ("31 aprile 2025", None),
        ("16 человек 2025", None),
        ("16 мая 2025 в 25:70", "2025-05-16"),  # the date stands, the impossible time is dropped
    ],
)
def test_dates_in_words(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("16 May 2005 14:05", "2005-05-16T14:05:00"),  # as the RFC 822 reader has always given it
        ("Published: 16 May 2005 14:05", "2005-05-16T14:05:00"),
        ("May 16, 2005, 2:05 PM", "2005-05-16T14:05:00"),  # not 02:05
        ("May 16, 2005, 12:30 a.m.", "2005-05-16T00:30:00"),
        ("16.05.2025 14:05", "2025-05-16T14:05:00"),
    ],
)
def test_a_time_printed_beside_the_date_is_kept_in_every_language(value, expected):
    assert parse_date(value) == expected


def test_no_month_word_has_two_numbers_across_languages():
    """parse_date reads a month word without knowing the language: the tables must agree."""
    numbers: dict[str, set[int]] = {}
    for table in (MONTHS, *MONTH_FORMS.values(), *MONTH_ABBREVIATIONS.values()):
        for word, number in table.items():
            numbers.setdefault(word, set()).add(number)
    assert {word: n for word, n in numbers.items() if len(n) > 1} == {}


def test_month_abbreviations_are_read_but_not_taken_for_case_forms():
    assert [month_number(w, "ru") for w in ("мар.", "Сент", "нояб.")] == [3, 9, 11]
    assert [month_number(w, "uk") for w in ("бер.", "трав", "лист.")] == [3, 5, 11]
    assert [month_number(w, "it") for w in ("mag", "Set.", "dic")] == [5, 9, 12]
    # Running text reads only the case forms: "set" and "dic" are ordinary Italian words.
    assert "set" not in MONTH_FORMS["it"] and "dic" not in MONTH_FORMS["it"]


UK_REPORTING = (
    "Адміністрація порту в Древні заявила, що новий причал для поромів запрацює наприкінці літа, "
    "коли завершаться випробування обладнання.\n\n"
    "За словами директора порту, будівництво коштувало менше, ніж планували, а перші рейси "
    "прийматимуть уже в серпні."
)
RU_REPORTING = (
    "Администрация порта в Древне заявила, что новый причал для паромов заработает в конце лета, "
    "когда закончатся испытания оборудования.\n\n"
    "По словам директора порта, строительство обошлось дешевле, чем планировали, а первые рейсы "
    "примут уже в августе."
)


def _article(text: str, fmt: str = "text"):
    from newsprism.extract.article import build_article
    from newsprism.schema import RawItem
    from newsprism.settings import default_settings

    return build_article(RawItem(origin=f"page.{fmt}", content=text.encode(), format=fmt), default_settings())


def test_a_ukrainian_byline_dates_the_article():
    article = _article(f"Новий причал у Древні\n\n16 травня 2025, 14:05\n\n{UK_REPORTING}")
    assert article.published == "2025-05-16T14:05:00"
    assert article.evidence["published"] == "dateline '16 травня 2025, 14:05'"
    assert "16 травня" not in article.text


def test_a_russian_wire_dateline_dates_the_article():
    article = _article(f"Новый причал в Древне\n\nДРЕВНА, 16 мая 2025 г. — {RU_REPORTING}")
    assert article.published == "2025-05-16"
    assert article.evidence["published"].startswith("dateline 'ДРЕВНА, 16 мая 2025 г.")


def test_a_date_in_the_reporting_is_not_the_publication_date():
    mentions = (
        "Новый причал в Древне\n\n"
        "Администрация порта заявила 16 мая 2025 года, что новый причал для паромов заработает в конце лета.\n\n"
        "Первый паром причалит 1 сентября 2025 года, сообщил директор порта журналистам в пятницу вечером."
    )
    assert _article(mentions).published is None


def test_a_date_without_a_year_dates_nothing():
    assert _article(f"Новый причал в Древне\n\n16 мая, 14:05\n\n{RU_REPORTING}").published is None


UK_PAGE = """<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><title>Новий причал у Древні</title></head>
<body>
<nav><a href="/">Головна</a> <a href="/svit">Світ</a></nav>
<article>
  <h1>Новий причал у Древні</h1>
  <div class="date">16 травня 2025, 14:05</div>
  <p>Адміністрація порту в Древні заявила, що новий причал для поромів запрацює наприкінці літа, коли
  завершаться випробування обладнання.</p>
  <p>За словами директора порту, будівництво коштувало менше, ніж планували, а перші рейси прийматимуть
  уже в серпні.</p>
  <p>Місцеві рибалки сподіваються, що нова черга причалу звільнить старі місця для їхніх човнів.</p>
</article>
</body></html>"""


def test_a_ukrainian_page_dated_only_by_its_byline():
    article = _article(UK_PAGE, "html")
    assert article.published is not None and article.published.startswith("2025-05-16")
    assert "16 травня 2025" not in article.text


@pytest.mark.parametrize("stamp, expected", [
    ("16 бер. 2025", "2025-03-16"),
    ("16 mag 2025", "2025-05-16"),
    ("16.05.2025 14:05", "2025-05-16T14:05:00"),
    ("16/05/2025 ore 14:05", "2025-05-16T14:05:00"),
    ("Опубликовано: 16.05.2025 14:05", "2025-05-16T14:05:00"),
    ("Опубліковано: 16 травня 2025", "2025-05-16"),
])
def test_short_and_numeric_date_lines_date_a_plain_text_article(stamp, expected):
    assert _article(f"Новий причал у Древні\n\n{stamp}\n\n{UK_REPORTING}").published == expected


def test_a_slashed_date_without_ore_is_not_read_as_either_order():
    # "03/04/2025" on its own may be 3 April or 4 March: no date is better than a wrong one
    assert _article(f"Новий причал у Древні\n\n03/04/2025\n\n{UK_REPORTING}").published is None


def test_a_bare_year_does_not_become_the_first_of_january():
    # trafilatura's extensive search answers 1 January of the year when it cannot read a byline's day
    page = UK_PAGE.replace('<div class="date">16 травня 2025, 14:05</div>',
                           '<p class="byline">Оксана Гайова · 2025</p>')
    assert "Оксана Гайова" in page
    assert _article(page, "html").published is None
    stated = page.replace("<head>", '<head><meta property="article:published_time" content="2025-01-01">')
    assert _article(stated, "html").published == "2025-01-01"


@pytest.mark.parametrize("byline, author, published", [
    ('<p class="byline">Оксана Гайова · 16 травня 2025, 14:05</p>', "Оксана Гайова", "2025-05-16T14:05:00"),
    ('<div class="meta"><span>Giulia Renzetti</span> | <span>16 maggio 2025</span></div>', "Giulia Renzetti",
     "2025-05-16"),
    ('<div class="info">Ирина Белова, 16 мая 2025 г.</div>', "Ирина Белова", "2025-05-16"),
])
def test_a_byline_classed_out_of_the_text_still_dates_the_page(byline, author, published):
    # trafilatura drops elements classed as bylines or metadata: the page's own printed line is read
    article = _article(UK_PAGE.replace('<div class="date">16 травня 2025, 14:05</div>', byline), "html")
    assert (article.published, article.author) == (published, author)


def test_a_printed_byline_is_looked_for_before_the_reporting_only():
    from newsprism.extract.page import printed_byline

    byline = '<div class="meta">Оксана Гайова · 16 травня 2025</div>'
    above = UK_PAGE.replace('<div class="date">16 травня 2025, 14:05</div>', byline)
    assert printed_byline(above) == ("Оксана Гайова", "16 травня 2025")
    below = UK_PAGE.replace('<div class="date">16 травня 2025, 14:05</div>', "").replace(
        "</article>", '<p>Місцеві рибалки сподіваються, що нова черга причалу звільнить старі місця для їхніх '
        f'човнів уже цього літа, коли закінчиться сезон.</p>{byline}</article>')
    assert printed_byline(below) == (None, None)
    assert printed_byline("<html><body><p>Оксана Гайова · 16 травня 2025</p></body></html>") == (None, None)


def test_a_name_and_date_line_in_plain_text_gives_the_author_and_the_date():
    article = _article(f"Новий причал у Древні\n\nОксана Гайова · 16 травня 2025, 14:05\n\n{UK_REPORTING}")
    assert (article.author, article.published) == ("Оксана Гайова", "2025-05-16T14:05:00")
    assert "Гайова" not in article.text
