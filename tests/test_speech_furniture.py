"""Page furniture of Russian, Ukrainian and Italian news sites, removed with its reason.

Pages written for these tests: reporting paragraphs around the interface strings, prompts, credits,
date stamps and related-article blocks such sites carry. Every furniture line must go with the reason
given; every reporting paragraph must stay.
"""

from __future__ import annotations

import pytest

from newsprism.extract.clean import clean_body

REPORTING = {
    "ru": [
        "Правительство Норвассии в понедельник утвердило новый бюджет на следующий год, увеличив расходы на "
        "здравоохранение и образование почти на пятую часть.",
        "«Это самый социальный бюджет за последние десять лет», — заявил министр финансов Пётр Лаптев на "
        "пресс-конференции в столице.",
        "Оппозиция раскритиковала документ, назвав рост расходов необеспеченным и предупредив о риске инфляции "
        "в ближайшие месяцы.",
    ],
    "uk": [
        "Уряд Норвассії в понеділок затвердив новий бюджет на наступний рік, збільшивши видатки на охорону "
        "здоров'я та освіту майже на п'яту частину.",
        "«Це найсоціальніший бюджет за останні десять років», – заявив міністр фінансів Петро Лапко на "
        "пресконференції у столиці.",
        "Опозиція розкритикувала документ, назвавши зростання видатків незабезпеченим і попередивши про ризик "
        "інфляції найближчими місяцями.",
    ],
    "it": [
        "Il governo della Norvassia ha approvato lunedì il nuovo bilancio per il prossimo anno, aumentando la "
        "spesa per sanità e istruzione di quasi un quinto.",
        "«È il bilancio più sociale degli ultimi dieci anni», ha detto il ministro delle Finanze Pietro Lanza "
        "in una conferenza stampa nella capitale.",
        "L'opposizione ha criticato il documento, definendo l'aumento della spesa senza copertura e avvertendo "
        "del rischio di inflazione nei prossimi mesi.",
    ],
}

# (line, the start of the reason it must be removed for), in page order: head, body, tail.
HEAD = {
    "ru": [("Поделиться", "page furniture"), ("19 декабря 2022, 14:35", "article metadata line"),
           ("Фото: Иван Петров / Агентство", "photo credit"), ("Автор: Ирина Соколова", "byline")],
    "uk": [("Поділитися", "page furniture"), ("Понеділок, 19 грудня 2022, 14:35", "article metadata line"),
           ("Фото: Іван Петренко", "photo credit"), ("Авторка: Ірина Соколенко", "byline")],
    "it": [("Condividi", "page furniture"), ("19 dicembre 2022 - 14:35", "article metadata line"),
           ("Foto: Ivo Rossi / Agenzia", "photo credit"), ("di Redazione", None)],
}
INSIDE = {
    "ru": [("Читайте также: Парламент продлил сессию до конца января", "related-article link")],
    "uk": [("Читайте також: Парламент продовжив сесію до кінця січня", "related-article link")],
    "it": [("Leggi anche: Il parlamento prolunga la sessione fino a gennaio", "related-article link"),
           ("(Leggi anche su: Il parlamento prolunga la sessione – FOTO)", "related-article link")],
}
TAIL = {
    "ru": [("Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости", "subscribe"),
           ("Нашли ошибку? Выделите её и нажмите Ctrl+Enter", "subscribe"),
           ("Мы используем файлы cookie, чтобы сайт работал лучше", "cookie notice"),
           ("Все права защищены", "copyright"),
           ("Новости по теме", "related-article heading"), ("Парламент продлил весеннюю сессию до конца января", "related-article list"),
           ("Цены на бензин снова выросли", "related-article list")],
    "uk": [("Підписуйтесь на наш Telegram-канал", "subscribe"),
           ("Помітили помилку? Виділіть її та натисніть Ctrl+Enter", "subscribe"),
           ("Ми використовуємо файли cookie для зручності користувачів", "cookie notice"),
           ("Усі права захищені", "copyright"),
           ("Новини за темою", "related-article heading"), ("Парламент продовжив весняну сесію до кінця січня", "related-article list")],
    "it": [("Seguici su Facebook e Instagram per restare aggiornato", "subscribe"),
           ("Questo sito utilizza cookie tecnici e di profilazione", "cookie notice"),
           ("Riproduzione riservata", "copyright"),
           ("Notizie correlate", "related-article heading"), ("Il parlamento prolunga la sessione", "related-article list")],
}


@pytest.mark.parametrize("language", ["ru", "uk", "it"])
def test_furniture_goes_with_its_reason_and_reporting_stays(language: str) -> None:
    head, inside, tail, reporting = HEAD[language], INSIDE[language], TAIL[language], REPORTING[language]
    lines = [text for text, _ in head] + reporting[:2] + [text for text, _ in inside] + reporting[2:] \
        + [text for text, _ in tail]
    result = clean_body("\n\n".join(lines))
    kept = result.text.split("\n\n")
    removed = {seg.text: seg.reason for seg in result.removed}
    for text in reporting:
        assert text in kept, (text, removed.get(text))
    for text, reason in head + inside + tail:
        if reason is None:
            continue
        assert text not in kept, text
        assert reason in removed.get(text, ""), (text, removed.get(text))


def test_cleaning_a_cleaned_page_removes_nothing_more() -> None:
    lines = [t for t, _ in HEAD["ru"]] + REPORTING["ru"] + [t for t, _ in TAIL["ru"]]
    once = clean_body("\n\n".join(lines))
    assert clean_body(once.text).removed == ()


def test_a_date_in_the_reporting_is_not_a_date_stamp() -> None:
    text = "\n\n".join(REPORTING["ru"][:1] + ["19 декабря 2022 года стороны подписали договор о союзе."]
                       + REPORTING["ru"][1:])
    assert clean_body(text).removed == ()
