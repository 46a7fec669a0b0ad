"""The words around dates in Russian, Ukrainian and Italian, for :mod:`newsprism.annotate.timex`.

Month and weekday names are in :mod:`newsprism.text.months`; here are the rest: what a year is
written with ("2022 года", "2022 року"), the prepositions that make a bare month a date ("в декабре",
"у грудні", "a dicembre"), the words that move a date ("прошлого года", "минулого понеділка",
"lunedì scorso"), the days and units counted from the publication ("вчера", "два дня назад",
"tre anni fa") and the cue words of tense ("будет", "відбудеться", "sarà").
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("ru", "uk", "it")


@dataclass(frozen=True)
class DateWords:
    """One language's date words; patterns are regular-expression fragments, word tables lower-cased."""

    year_words: str  # what may follow a year ("года", "р."): alternatives, or "" when nothing does
    month_context: str  # before a bare month name, what makes it a date ("в", "з початку")
    year_context: str  # before a bare year, what makes it a year ("в", "у", "nel")
    count_nouns: str  # after a number, what makes it a count rather than a year ("в 2000 человек")
    relative_year: dict[str, int]  # "прошлого" in "прошлого года" after a date or month -> years from publication
    relative_year_pattern: str  # how those words follow a date, their word in the group ``rel``
    weekday_mods: dict[str, str]  # "прошлый" -> "last", "наступного" -> "next", "цього" -> "this"
    days: dict[str, int]  # "вчера" -> -1
    units: dict[str, str]  # "дня" -> "day", "лет" -> "year"
    ago: str  # the word after a count of units ("назад", "тому", "fa")
    single_units: frozenset[str]  # units that count one without a number ("год назад"; "лет назад" counts none)
    numbers: dict[str, int]  # "два" -> 2
    relative_units: dict[str, tuple[int, str]]  # "в прошлом году" -> (-1, "year")
    future: tuple[str, ...]  # cue words of the future
    past: tuple[str, ...]  # cue words of the past
    stamp_words: frozenset[str]  # words a date stamp line carries ("опубликовано")


def _table(pairs: str) -> dict[str, str]:
    return {word: value for value, words in (p.split(":") for p in pairs.split(";")) for word in words.split()}


def _offsets(pairs: str) -> dict[str, int]:
    return {word: int(value) for value, words in (p.split(":") for p in pairs.split(";")) for word in words.split()}


RUSSIAN = DateWords(
    year_words=r"(?:года|году|год|годах|годы|годов)(?!\w)|гг?[ \t]?\.",
    month_context=r"(?:в|во|с|со|до|к|ко|по|после|перед|начала|начале|середины|середине|конца|конце|концу|началу|"
                  r"течение|месяц|месяца|месяце|середину)",
    year_context=r"(?:в|во|с|со|до|к|по|от|после|перед|начала|начале|конца|конце|середины|середине|весной|летом|"
                 r"осенью|зимой|году|год)",
    relative_year=_offsets("-1:прошлого;0:этого текущего нынешнего сего;1:следующего будущего"),
    count_nouns=r"человек|людей|рублей|долларов|евро|тонн|км|штук|раз|голосов|мест|метров|жителей",
    relative_year_pattern=r"[ \t]+(?P<rel>прошлого|этого|текущего|нынешнего|сего|следующего|будущего)[ \t]+года(?!\w)",
    weekday_mods=_table("last:прошлый прошлую прошлое прошлой прошлого;next:следующий следующую следующее следующей "
                        "следующего;this:этот эту это этой этого нынешний;coming:ближайший ближайшую ближайшей "
                        "ближайшего"),
    days=_offsets("-2:позавчера;-1:вчера;0:сегодня;1:завтра;2:послезавтра"),
    units=_table("day:день дня дней;week:неделю недели недель;month:месяц месяца месяцев;year:год года лет"),
    ago="назад",
    single_units=frozenset("день неделю месяц год".split()),
    numbers=_offsets("1:один одну одна;2:два две;3:три;4:четыре;5:пять;6:шесть;7:семь;8:восемь;9:девять;10:десять"),
    relative_units={
        **{f"в {mod} году": (n, "year") for mod, n in
           (("прошлом", -1), ("этом", 0), ("текущем", 0), ("нынешнем", 0), ("следующем", 1), ("будущем", 1))},
        **{f"в {mod} месяце": (n, "month") for mod, n in
           (("прошлом", -1), ("этом", 0), ("текущем", 0), ("следующем", 1))},
        **{f"{mod} года": (n, "year") for mod, n in (("прошлого", -1), ("текущего", 0), ("следующего", 1))},
    },
    future=("будет", "будут", "состоится", "состоятся", "пройдет", "пройдёт", "пройдут", "планирует", "планируют",
            "намерен", "намерена", "намерены", "предстоящ\\w*", "следующ\\w*", "ближайш\\w*", "собирается",
            "собираются", "проведет", "проведёт", "посетит", "встретится", "встретятся", "ожидается"),
    past=("прошл\\w*", "ранее", "назад", "уже", "состоялась", "состоялся", "состоялось", "состоялись", "прошла",
          "прошел", "прошёл", "прошли", "накануне", "был", "была", "было", "были", "заявил", "заявила", "заявили",
          "сказал", "сказала", "сообщил", "сообщила", "сообщили", "встретился", "встретились", "посетил", "прибыл",
          "подписал", "подписали", "провел", "провёл", "провели", "приехал\\w{0,2}", "прибыл\\w{0,2}",
          "начал\\w{0,3}", "завершил\\w{0,3}", "объявил\\w{0,2}", "произош\\w{1,3}", "случил\\w{1,3}",
          "погиб\\w{0,2}", "получил\\w{0,2}", "принял\\w{0,2}", "решил\\w{0,2}", "вернул\\w{1,3}"),
    stamp_words=frozenset("опубликовано обновлено дата публикации г года в".split()),
)

UKRAINIAN = DateWords(
    year_words=r"(?:року|році|рік|роках|роки|років)(?!\w)|рр?[ \t]?\.",
    month_context=r"(?:у|в|з|із|зі|до|після|перед|початку|середини|середині|кінця|кінці|наприкінці|протягом|"
                  r"упродовж|місяця|місяці|середину)",
    year_context=r"(?:у|в|з|із|зі|до|від|після|перед|на|початку|кінця|кінці|середини|середині|навесні|влітку|"
                 r"восени|взимку|станом\s+на|рік|року)",
    relative_year=_offsets("-1:минулого торішнього;0:цього поточного;1:наступного"),
    count_nouns=r"осіб|людей|гривень|гривні|доларів|євро|тонн|км|штук|разів|голосів|місць|метрів|жителів",
    relative_year_pattern=r"[ \t]+(?P<rel>минулого|торішнього|цього|поточного|наступного)[ \t]+року(?!\w)",
    weekday_mods=_table("last:минулий минулу минуле минулого минулої;next:наступний наступну наступного наступної;"
                        "this:цей цю цього цієї;coming:найближчий найближчу найближчого найближчої"),
    days=_offsets("-2:позавчора;-1:вчора учора;0:сьогодні;1:завтра;2:післязавтра"),
    units=_table("day:день дні днів;week:тиждень тижні тижнів;month:місяць місяці місяців;year:рік роки років"),
    ago="тому",
    single_units=frozenset("день тиждень місяць рік".split()),
    numbers=_offsets("1:один одну одна;2:два дві;3:три;4:чотири;5:п'ять п’ять;6:шість;7:сім;8:вісім;9:дев'ять "
                     "дев’ять;10:десять"),
    relative_units={
        **{f"{mod} року": (n, "year") for mod, n in (("минулого", -1), ("цього", 0), ("поточного", 0), ("наступного", 1))},
        **{f"{prep} {mod} році": (n, "year") for prep in ("у", "в") for mod, n in
           (("минулому", -1), ("цьому", 0), ("поточному", 0), ("наступному", 1))},
        **{f"{mod} місяця": (n, "month") for mod, n in (("минулого", -1), ("цього", 0), ("наступного", 1))},
        "торік": (-1, "year"), "минулоріч": (-1, "year"), "цьогоріч": (0, "year"),
    },
    future=("буде", "будуть", "відбудеться", "відбудуться", "планує", "планують", "має намір", "наступн\\w*",
            "найближч\\w*", "майбутн\\w*", "\\w+тиме", "\\w+тимуть", "\\w+тимемо", "очікується", "збирається"),
    past=("минул\\w*", "раніше", "тому", "вже", "відбулася", "відбувся", "відбулося", "відбулися", "був", "була",
          "було", "були", "напередодні", "заявив", "заявила", "заявили", "сказав", "сказала", "повідомив",
          "повідомила", "повідомили", "зустрівся", "зустрілися", "відвідав", "прибув", "підписав", "підписали",
          "провів", "провели", "приїхав", "приїхала", "приїхали", "прибув", "прибула", "прибули", "почав\\w{0,3}",
          "почал\\w{1,3}", "завершив\\w{0,3}", "завершил\\w{1,3}", "оголосив", "оголосила", "оголосили",
          "стався", "сталася", "сталося", "сталися", "загинув", "загинула", "загинули", "отримав\\w{0,2}",
          "ухвалив\\w{0,2}", "ухвалил\\w{1,2}", "вирішив\\w{0,2}", "повернув\\w{0,4}"),
    stamp_words=frozenset("опубліковано оновлено дата публікації р року".split()),
)

ITALIAN = DateWords(
    year_words="",
    month_context=r"(?:a|ad|in|di|da|dal|del|nel|entro|fino\s+a|inizio|fine|metà|mese\s+di|primi\s+di|"
                  r"fine\s+di|inizio\s+di|tra|fra)",
    year_context=r"(?:nel|dal|del|al|entro\s+il|fino\s+al|nell['’]anno|anno|tra\s+il|fra\s+il|estate|inverno|"
                 r"primavera|autunno)",
    relative_year=_offsets("-1:scorso passato;1:prossimo"),
    count_nouns=r"persone|euro|dollari|tonnellate|km|chilometri|metri|voti|abitanti|posti|volte",
    relative_year_pattern=r"[ \t]+dell['’]anno[ \t]+(?P<rel>scorso|passato|prossimo)(?!\w)",
    weekday_mods=_table("last:scorso scorsa passato passata;next:prossimo prossima;this:questo questa"),
    days={"l'altro ieri": -2, "l’altro ieri": -2, "altroieri": -2, "l'altroieri": -2, "l’altroieri": -2,
          "ieri": -1, "oggi": 0, "domani": 1, "dopodomani": 2},
    units=_table("day:giorno giorni;week:settimana settimane;month:mese mesi;year:anno anni"),
    ago="fa",
    single_units=frozenset(),
    numbers=_offsets("1:un uno una;2:due;3:tre;4:quattro;5:cinque;6:sei;7:sette;8:otto;9:nove;10:dieci"),
    relative_units={
        **{f"{unit} {mod}": (n, u) for unit, u in (("l'anno", "year"), ("l’anno", "year"), ("il mese", "month"))
           for mod, n in (("scorso", -1), ("passato", -1), ("prossimo", 1))},
        **{f"{art} {mod} {unit}": (n, u) for art, mod, n in (("lo", "scorso", -1), ("il", "prossimo", 1))
           for unit, u in (("anno", "year"), ("mese", "month"))},
        "quest'anno": (0, "year"), "quest’anno": (0, "year"), "questo mese": (0, "month"),
    },
    future=("sarà", "saranno", "si terrà", "si terranno", "prossim\\w*", "previst\\w*", "dovrà", "dovranno",
            "\\w+erà", "\\w+irà", "\\w+arà", "\\w+eranno", "\\w+iranno", "\\w+aranno", "in programma"),
    past=("scors\\w*", "già", "era", "erano", "è stato", "è stata", "sono stati", "sono state", "ha",
          "hanno", "aveva", "avevano", "precedente\\w*", "ieri", "(?:è|sono)[ \\t]+\\w+(?:at|it|ut)[oaie]"),
    stamp_words=frozenset("pubblicato aggiornato il alle ore data".split()),
)

DATE_WORDS: dict[str, DateWords] = {"ru": RUSSIAN, "uk": UKRAINIAN, "it": ITALIAN}
