"""Month and weekday names: English names and abbreviations, and every case form and the printed
abbreviations of the Russian, Ukrainian and Italian ones ("декабря", "грудні", "dicembre", "бер."),
each with its number."""

from __future__ import annotations

import re

FULL_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# "May" has no shorter form; "Sept" is as common as "Sep".
ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec")

# Lower-cased name or abbreviation -> month number (1-12).
MONTHS: dict[str, int] = {name.lower(): i + 1 for i, name in enumerate(FULL_NAMES)} | {
    abbr.lower(): FULL_NAMES.index(next(n for n in FULL_NAMES if n.startswith(abbr[:3]))) + 1 for abbr in ABBREVIATIONS
}

# Any month name or abbreviation as a whole word, in any case.
MONTH_NAME = re.compile(r"(?i)\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _forms(stems: str, endings: str) -> list[tuple[str, ...]]:
    """Each stem ("январ") with each ending ("ь я е ём ем"): one tuple of forms per month or day."""
    tails = endings.split()
    return [tuple(stem + tail for tail in tails) for stem in stems.split()]


# Case forms, month by month: the nominative, the genitive of dates ("19 декабря"), the locative of
# "в декабре", and the instrumental.
_RU_MONTHS = [
    *_forms("январ феврал", "ь я е ём ем"), ("март", "марта", "марте", "мартом"),
    *_forms("апрел", "ь я е ем"), ("май", "мая", "мае", "маем"), *_forms("июн июл", "ь я е ем"),
    ("август", "августа", "августе", "августом"), *_forms("сентябр октябр ноябр декабр", "ь я е ём ем"),
]
_UK_MONTHS = [
    ("січень", "січня", "січні", "січнем"), ("лютий", "лютого", "лютому", "лютим"),
    *_forms("берез квіт трав черв лип серп верес жовт", "ень ня ні нем"),
    ("листопад", "листопада", "листопаді", "листопадом"), ("грудень", "грудня", "грудні", "груднем"),
]
_IT_MONTHS = [
    (name,) for name in
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split()
]
# Abbreviations printed in date stamps ("16 мар. 2025", "16 бер. 2025", "16 mag 2025"), month by month
# (May has none in Russian). Kept apart from the case forms: in running text "mar", "set" and "dic"
# are ordinary Italian words, so only an explicit date shape may read them as months.
_RU_ABBREVIATIONS = [
    ("янв",), ("фев", "февр"), ("мар",), ("апр",), (), ("июн",), ("июл",), ("авг",), ("сен", "сент"),
    ("окт",), ("ноя", "нояб"), ("дек",),
]
_UK_ABBREVIATIONS = [
    ("січ",), ("лют",), ("бер", "берез"), ("кві", "квіт"), ("тра", "трав"), ("чер", "черв"), ("лип",),
    ("сер", "серп"), ("вер", "верес"), ("жов", "жовт"), ("лис", "лист"), ("гру", "груд"),
]
_IT_ABBREVIATIONS = [(name,) for name in "gen feb mar apr mag giu lug ago set ott nov dic".split()]
# Weekdays in the cases a date takes: "в понедельник", "в среду", "до пятницы", "у неділю", "lunedì".
_RU_WEEKDAYS = [
    ("понедельник", "понедельника", "понедельнику", "понедельником"),
    ("вторник", "вторника", "вторнику", "вторником"),
    ("среда", "среду", "среды", "среде", "средой"),
    ("четверг", "четверга", "четвергу", "четвергом"),
    ("пятница", "пятницу", "пятницы", "пятнице", "пятницей"),
    ("суббота", "субботу", "субботы", "субботе", "субботой"),
    ("воскресенье", "воскресенья", "воскресенью", "воскресеньем"),
]
_UK_WEEKDAYS = [
    ("понеділок", "понеділка", "понеділку", "понеділком"),
    ("вівторок", "вівторка", "вівторку", "вівторком"),
    ("середа", "середу", "середи", "середі", "середою"),
    ("четвер", "четверга", "четвергу", "четвергом"),
    ("п'ятниця", "п'ятницю", "п'ятниці", "п'ятницею", "п’ятниця", "п’ятницю", "п’ятниці", "п’ятницею"),
    ("субота", "суботу", "суботи", "суботі", "суботою"),
    ("неділя", "неділю", "неділі", "неділею"),
]
_IT_WEEKDAYS = [
    ("lunedì", "lunedi"), ("martedì", "martedi"), ("mercoledì", "mercoledi"), ("giovedì", "giovedi"),
    ("venerdì", "venerdi"), ("sabato",), ("domenica",),
]

# Language -> lower-cased form -> month number (1-12) / weekday number (0 = Monday).
MONTH_FORMS: dict[str, dict[str, int]] = {
    language: {form: i + 1 for i, forms in enumerate(table) for form in forms}
    for language, table in (("ru", _RU_MONTHS), ("uk", _UK_MONTHS), ("it", _IT_MONTHS))
}
MONTH_ABBREVIATIONS: dict[str, dict[str, int]] = {
    language: {abbr: i + 1 for i, abbrs in enumerate(table) for abbr in abbrs}
    for language, table in (("ru", _RU_ABBREVIATIONS), ("uk", _UK_ABBREVIATIONS), ("it", _IT_ABBREVIATIONS))
}
WEEKDAY_FORMS: dict[str, dict[str, int]] = {
    language: {form: i for i, forms in enumerate(table) for form in forms}
    for language, table in (("ru", _RU_WEEKDAYS), ("uk", _UK_WEEKDAYS), ("it", _IT_WEEKDAYS))
}
WEEKDAY_FORMS["en"] = {name.lower(): i for i, name in enumerate(WEEKDAYS)}


def month_number(name: str, language: str = "en") -> int | None:
    """The number of a month named in full or abbreviated (in English), or in any case form or
    abbreviation (Russian, Ukrainian, Italian), in any letter case, with or without a full stop."""
    key = name.strip().rstrip(".").lower()
    if language == "en":
        return MONTHS.get(key)
    return MONTH_FORMS.get(language, {}).get(key) or MONTH_ABBREVIATIONS.get(language, {}).get(key)


def weekday_number(name: str, language: str = "en") -> int | None:
    """0 for Monday to 6 for Sunday, from a weekday's name in any of its case forms."""
    return WEEKDAY_FORMS.get(language, {}).get(name.strip().lower().replace("’", "'"))
