"""Date expressions in article text: find them, normalise them, date the article.

:func:`find_dates` reports every date expression with exact offsets and resolves
it against the publication date when one is known; :func:`infer_publication`
dates an article from its own words when the metadata has no date.

English is read by default; Russian, Ukrainian and Italian text (``language``) is scanned with its own
words (:mod:`.date_words`, month and weekday names in every case form from :mod:`newsprism.text.months`)
into the same expressions, resolved by the same rules. A date without a year takes the year that puts
it nearest the publication date, on the side the tense asks for: the parse's tense where a caller has
one (English), else the nearest cue word of tense in its sentence ("will", "будет", "відбудеться",
"sarà"; "last", "прошлого", "вже", "scorso"), else no side.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from ..schema import DateMention, DatePrecision
from ..text.months import ABBREVIATIONS, FULL_NAMES, MONTH_FORMS, MONTHS, WEEKDAY_FORMS, WEEKDAYS
from .date_words import DATE_WORDS, DateWords

_WEEKDAYS = WEEKDAYS
# Every language's month and weekday forms: no form names two different months or days.
_MONTH_NUMBERS = {form: n for forms in MONTH_FORMS.values() for form, n in forms.items()} | MONTHS
_WEEKDAY_NUMBERS = {form: n for forms in WEEKDAY_FORMS.values() for form, n in forms.items()}
_NUMBER_WORDS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()) if i
} | {"a": 1, "an": 1}

# Spaces inside one expression: never a line break, and bounded so no scan can run away.
_S = r"[^\S\n]{1,3}"
_MON = rf"(?P<mon>(?:{'|'.join(FULL_NAMES)})(?![A-Za-z])|(?:{'|'.join(ABBREVIATIONS)})(?![A-Za-z])\.?)"
_WD = rf"(?P<wd>{'|'.join(_WEEKDAYS)})(?!\w)"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?(?!\w|[.,][0-9])"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})(?![\w%]|[.,/:-][0-9])"
# A comma may stand apart from the day ("May 03 , 2013"), as in tokenised text.
_COMMA = r"(?:[^\S\n]{0,2},)?"
_OPT_YEAR = rf"(?:{_COMMA}{_S}(?:of{_S})?{_YEAR})?"

_MDY = re.compile(rf"(?<!\w)(?:{_WD}{_COMMA}{_S})?{_MON}{_S}{_DAY}{_OPT_YEAR}")
_DMY = re.compile(rf"(?<![\w.,$€£])(?:{_WD}{_COMMA}{_S})?(?:(?i:the){_S})?{_DAY}{_S}(?:of{_S})?{_MON}{_OPT_YEAR}")
_ISO = re.compile(r"(?<![0-9-])(?P<year>[0-9]{4})-(?P<m>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9])")
_NUMERIC = re.compile(r"(?<![0-9./])(?P<day>[0-9]{1,2})(?P<sep>[./])(?P<m>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})(?![0-9]|[./][0-9])")
_MONTH = re.compile(
    rf"(?<!\w)(?:(?P<mod>(?i:last|next|this|early|mid|late|(?:the{_S})?(?:beginning|start|end|middle){_S}of))"
    rf"(?:{_S}|-))?{_MON}{_OPT_YEAR}"
)
_WEEKDAY = re.compile(rf"(?<!\w)(?:(?P<mod>(?i:last|next|this|coming|past)){_S})?{_WD}")
_REL_DAY = re.compile(r"(?<!\w)(?P<word>(?i:today|tonight|yesterday|tomorrow))(?!\w)")
_REL_UNIT = re.compile(rf"(?<!\w)(?P<mod>(?i:(?:earlier|later){_S}this|last|this|next)){_S}(?P<unit>(?i:week|month|year))(?!\w)")
_AGO = re.compile(
    rf"(?<![\w.,])(?P<n>[0-9]{{1,3}}|(?i:{'|'.join(_NUMBER_WORDS)})){_S}(?P<unit>(?i:day|week|month|year))s?{_S}(?i:ago)(?!\w)"
)
_BARE_YEAR = re.compile(rf"(?<![\w$€£¥#.,/])(?<![0-9]-){_YEAR}")

# Context that makes a bare month or year a date rather than a name or a number.
_PREP = r"in|since|by|until|till|from|before|after|during|through|throughout|between|and|or|to|of|for"
_YEAR_BEFORE = re.compile(rf"(?i:(?<!\w)(?:{_PREP}|around|early|late|mid|spring|summer|autumn|fall|winter|year)[^\S\n]{{1,3}}|mid-)$")
_YEAR_AFTER = re.compile(
    r"(?i:'s|[^\S\n]{1,3}(?:(?:presidential|parliamentary|general|local|legislative|midterm|regional|municipal|federal|"
    r"world|winter|summer)[^\S\n]{1,3})?(?:elections?|summit|census|budget|season|referendum|war|crisis|campaign|vote|"
    r"polls?|games|olympics|agreement|accord|deal|protests?|uprising|invasion|attacks?|earthquake|floods?|revolution|"
    r"coup|constitution|treaty|talks|pandemic|ceasefire|conference|midterms|championships?|tournament|cup)(?!\w))"
)
_COUNT_AFTER = re.compile(
    r"(?i:[^\S\n]{1,3}(?:people|persons|residents|soldiers|troops|votes|voters|cases|deaths|members|workers|jobs|"
    r"homes|families|children|students|tonnes|tons|dollars|euros|pounds|miles|km|points|seats)(?!\w))"
)
_MONTH_BEFORE = re.compile(rf"(?i:(?<!\w)({_PREP})[^\S\n]{{1,3}})$")
_MAY_PREPS = frozenset({"in", "since", "until", "till", "during", "throughout"})  # "by May" may be Theresa May
_HOLIDAY_BEFORE = re.compile(r"(?:Black|Good|Super|Cyber|Ash|Bloody|Holy|Palm|Easter|Maundy)[^\S\n]$")
_THE_BEFORE = re.compile(r"(?i:(?<!\w)the[^\S\n]{1,3})$")
_FUTURE_YEAR_BEFORE = re.compile(r"(?i:(?<!\w)(?:by|until|till|in the next)[^\S\n]{1,3}(?:[a-z]+[^\S\n]{1,3})?)$")

# Cheap tense cues in the sentence around a mention; the nearest one decides.
_CUE = re.compile(
    r"(?<!\w)(?i:(?P<fut>will|shall|upcoming|next|coming|to be held|scheduled|due to|set to)|"
    r"(?P<past>last|earlier|ago|previously|previous|already|had|took place))(?!\w)"
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)]?\s|\n")
_WINDOW = 200


@dataclass(frozen=True)
class InferredDate:
    """A publication date read from the text, with the words that fixed it."""

    value: str
    precision: DatePrecision
    evidence: str


@dataclass(frozen=True)
class _Hit:
    """One expression before resolution. ``kind``: date, month, year, weekday, offset or invalid."""

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int = 0
    day: int = 0
    weekday: int | None = None
    mod: str = ""
    n: int = 0  # offset from publication in ``unit``s
    unit: str = ""
    year_offset: int | None = None  # "19 декабря прошлого года": the year, counted from publication
    side: int = 0  # "il 19 dicembre scorso": -1 the last such day, +1 the next one, 0 as the tense says
    cue: int = 0  # the tense the cue words around it give: +1 future, -1 past, 0 none


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _left(text: str, start: int, size: int = 30) -> str:
    return text[max(0, start - size) : start]


def _date_hit(m: re.Match[str], text: str) -> _Hit | None:
    g = m.groupdict()
    month = _MONTH_NUMBERS.get(g["mon"].lower().rstrip(".")) if g.get("mon") else int(g["m"])
    year = int(g["year"]) if g.get("year") else None
    if not month or _valid(year or 2000, month, int(g["day"])) is None:  # 2000 is a leap year: 29 February passes
        return _Hit(m.start(), m.end(), "invalid")  # still claims its span, so "31 April 2022" yields no "April 2022"
    weekday = _WEEKDAY_NUMBERS[_apostrophe(g["wd"])] if g.get("wd") else None
    return _Hit(m.start(), m.end(), "date", year, month, int(g["day"]), weekday,
                year_offset=_RELATIVE_YEAR.get(g["rel"].lower()) if g.get("rel") else None,
                side=_SIDES.get(g["side"].lower(), 0) if g.get("side") else 0)


def _apostrophe(word: str) -> str:
    return word.lower().replace("’", "'")


def _month_hit(m: re.Match[str], text: str) -> _Hit | None:
    name, mod = m["mon"], (m["mod"] or "").lower()
    if not m["year"] and not mod:
        if name not in FULL_NAMES:
            return None
        prep = _MONTH_BEFORE.search(_left(text, m.start()))
        if prep is None or (name == "May" and prep.group(1).lower() not in _MAY_PREPS):
            return None
    year = int(m["year"]) if m["year"] else None
    return _Hit(m.start(), m.end(), "month", year, MONTHS[name.lower().rstrip(".")], mod=mod.split()[0] if mod else "")


def _year_hit(m: re.Match[str], text: str) -> _Hit | None:
    after = text[m.end() : m.end() + 60]
    if _COUNT_AFTER.match(after):
        return None
    if not (_YEAR_BEFORE.search(_left(text, m.start())) or _YEAR_AFTER.match(after)):
        return None
    return _Hit(m.start(), m.end(), "year", int(m["year"]))


def _weekday_hit(m: re.Match[str], text: str) -> _Hit | None:
    if not m["mod"] and _HOLIDAY_BEFORE.search(_left(text, m.start(), 8)):
        return None
    return _Hit(m.start(), m.end(), "weekday", weekday=_WEEKDAYS.index(m["wd"]), mod=(m["mod"] or "").lower())


def _rel_day_hit(m: re.Match[str], text: str) -> _Hit | None:
    offset = {"yesterday": -1, "tomorrow": 1}.get(m["word"].lower(), 0)
    return _Hit(m.start(), m.end(), "offset", n=offset, unit="day")


def _rel_unit_hit(m: re.Match[str], text: str) -> _Hit | None:
    unit = m["unit"].lower()
    if unit == "week" or _THE_BEFORE.search(_left(text, m.start())):
        return None  # no week precision; "the last year" is a span of time, not a date
    offset = {"last": -1, "next": 1}.get(m["mod"].lower(), 0)
    return _Hit(m.start(), m.end(), "offset", n=offset, unit=unit)


def _ago_hit(m: re.Match[str], text: str) -> _Hit | None:
    word = m["n"].lower()
    count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
    return _Hit(m.start(), m.end(), "offset", n=-count, unit=m["unit"].lower())


_SCANNERS = (
    (_MDY, _date_hit), (_DMY, _date_hit), (_ISO, _date_hit), (_NUMERIC, _date_hit), (_MONTH, _month_hit),
    (_BARE_YEAR, _year_hit), (_WEEKDAY, _weekday_hit), (_REL_DAY, _rel_day_hit), (_REL_UNIT, _rel_unit_hit),
    (_AGO, _ago_hit),
)


# -- Russian, Ukrainian and Italian: the same expressions in their words ---------------------------
Builder = Callable[[re.Match[str], str], "_Hit | None"]
# Words after a year-less date or month that fix its year ("прошлого года") or its side ("scorso").
_RELATIVE_YEAR = {word: n for words in DATE_WORDS.values() for word, n in words.relative_year.items()}
_SIDES = {"scorso": -1, "scorsa": -1, "passato": -1, "passata": -1, "prossimo": 1, "prossima": 1}


def _alternatives(words: Iterable[str]) -> str:
    """Longest first, with either apostrophe and any run of spaces where a word list has a space."""
    found = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+").replace("'", "['’]").replace("’", "['’]") for w in found)


def _words_month_hit(words: DateWords) -> Builder:
    before = re.compile(rf"(?i:(?<!\w){words.month_context})[ \t]+$")

    def build(m: re.Match[str], text: str) -> _Hit | None:
        year = int(m["year"]) if m["year"] else None
        rel = words.relative_year.get(m["rel"].lower()) if m["rel"] else None
        mod = _MONTH_MODS.get((m.groupdict().get("mod") or m.groupdict().get("after") or "").lower(), "")
        # A bare month is a date after a preposition ("в декабре", "a dicembre"), and only in lower case
        # ("Марта" is a name).
        if year is None and rel is None and not mod and (
                not m["mon"].islower() or not before.search(_left(text, m.start()))):
            return None
        return _Hit(m.start(), m.end(), "month", year, _MONTH_NUMBERS[m["mon"].lower()], mod=mod, year_offset=rel)
    return build


def _words_weekday_hit(words: DateWords, bare: bool) -> Builder:
    def build(m: re.Match[str], text: str) -> _Hit | None:
        mod = _apostrophe(m["mod"] or m["after"] or "")
        # Russian and Ukrainian weekdays are also nouns ("окружающая среда"): only after a preposition or a
        # modifier; an Italian one stands alone ("lunedì il presidente ..."), capitalised only where no
        # name follows ("Domenica Rossi").
        if not (bare or mod or m["prep"]):
            return None
        if not m["wd"].islower() and not mod and (not bare or re.match(r"[ \t]+[A-ZÀ-Ý]", text[m.end() :])):
            return None
        return _Hit(m.start("mod") if m["mod"] else m.start("wd"), m.end(), "weekday",
                    weekday=_WEEKDAY_NUMBERS[_apostrophe(m["wd"])], mod=words.weekday_mods.get(mod, ""))
    return build


def _table_hit(table: dict[str, tuple[int, str]]) -> Builder:
    """An offset read from a table of phrases ("в прошлом году" -> a year back)."""
    keys = {_apostrophe(" ".join(k.split())): v for k, v in table.items()}

    def build(m: re.Match[str], text: str) -> _Hit | None:
        n, unit = keys[_apostrophe(" ".join(m.group().split()))]
        return _Hit(m.start(), m.end(), "offset", n=n, unit=unit)
    return build


def _words_ago_hit(words: DateWords) -> Builder:
    def build(m: re.Match[str], text: str) -> _Hit | None:
        count = m["n"]
        if not count and m["unit"].lower() not in words.single_units:
            return None  # "багато років тому": many, not one
        n = 1 if not count else int(count) if count.isdigit() else words.numbers[_apostrophe(count)]
        return _Hit(m.start(), m.end(), "offset", n=-n, unit=words.units[m["unit"].lower()])
    return build


def _words_year_hit(words: DateWords) -> Builder:
    before = re.compile(rf"(?i:(?<!\w){words.year_context})[ \t]+$")
    counted = re.compile(rf"[ \t]+(?i:{words.count_nouns})(?!\w)")

    def build(m: re.Match[str], text: str) -> _Hit | None:
        if not m["word"] and (not before.search(_left(text, m.start())) or counted.match(text, m.end())):
            return None
        return _Hit(m.start(), m.end(), "year", int(m["year"]))
    return build


_MONTH_MODS = {"scorso": "last", "passato": "last", "prossimo": "next", "questo": "this"}


def _language_scanners(language: str) -> tuple[tuple[re.Pattern[str], Builder], ...]:
    words = DATE_WORDS[language]
    months = _alternatives(MONTH_FORMS[language])
    mon = rf"(?P<mon>(?i:{months}))(?!\w)"
    wd = rf"(?P<wd>(?i:{_alternatives(WEEKDAY_FORMS[language])}))(?!\w)"
    day = r"(?P<day>[0-3]?[0-9])(?:-?го|-е|°|º)?(?!\w|[.,][0-9])"
    suffix = rf"(?:[ \t]*(?:{words.year_words}))?" if words.year_words else ""
    # "2012-го", "1991-му": a year read as an ordinal.
    ordinal = r"(?:[ \t]?-[ \t]?(?:го|му|м|й))?"
    year = rf"(?P<year>(?:19|20)[0-9]{{2}})(?![\w%]|[.,/:][0-9]|-[0-9]){ordinal}{suffix}"
    rel = rf"(?i:{words.relative_year_pattern})"
    italian = language == "it"

    def after(group: str) -> str:
        """Italian writes "the last" after the date too ("il 19 dicembre scorso")."""
        return rf"|[ \t]+(?P<{group}>(?i:scors[oa]|passat[oa]|prossim[oa]))(?!\w)" if italian else ""

    date_pattern = re.compile(
        rf"(?<![\w.,])(?:{wd}[ \t]*,?[ \t]+)?{day}[ \t]+{mon}(?:[ \t]+{year}|{rel}{after('side')})?"
    )
    month_mod = r"(?:(?:(?i:lo|il)[ \t]+)?(?P<mod>(?i:scorso|prossimo|passato|questo))[ \t]+)?" if italian else ""
    month_pattern = re.compile(rf"(?<!\w){month_mod}{mon}(?:[ \t]+{year}|{rel}{after('after')})?")
    weekday_pattern = re.compile(
        rf"(?<!\w)(?:(?P<prep>(?i:в|во|до|с|со|к|на|у|з|із|від|il|di|da|dal|entro))[ \t]+)?"
        rf"(?:(?i:lo|la|il)[ \t]+)?(?:(?P<mod>(?i:{_alternatives(words.weekday_mods)}))[ \t]+)?"
        rf"{wd}(?:[ \t]+(?P<after>(?i:scors[oa]|prossim[oa]|passat[oa]))(?!\w))?"
    )
    ago_pattern = re.compile(
        rf"(?<![\w.,])(?:(?P<n>[0-9]{{1,3}}|(?i:{_alternatives(words.numbers)}))[ \t]+)?"
        rf"(?P<unit>(?i:{_alternatives(words.units)}))[ \t]+(?i:{words.ago})(?!\w)"
    )
    year_word = rf"(?P<word>[ \t]*(?:{words.year_words}))?" if words.year_words else r"(?P<word>(?!))?"
    return (
        (date_pattern, _date_hit), (_ISO, _date_hit), (_NUMERIC, _date_hit),
        (month_pattern, _words_month_hit(words)),
        (re.compile(rf"(?<![\w$€£¥#.,/])(?<![0-9]-)(?P<year>(?:19|20)[0-9]{{2}})(?![\w%]|[.,/:][0-9]|-[0-9])"
                    rf"(?P<word>{ordinal}(?:[ \t]*(?:{words.year_words}))?)" if words.year_words
                    else rf"(?<![\w$€£¥#.,/])(?<![0-9]-)(?P<year>(?:19|20)[0-9]{{2}})(?![\w%]|[.,/:-][0-9]){year_word}"),
         _words_year_hit(words)),
        (weekday_pattern, _words_weekday_hit(words, bare=italian)),
        (re.compile(rf"(?<!\w)(?i:{_alternatives(words.days)})(?!\w)"),
         _table_hit({k: (v, "day") for k, v in words.days.items()})),
        (re.compile(rf"(?<!\w)(?i:{_alternatives(words.relative_units)})(?!\w)"), _table_hit(words.relative_units)),
        (ago_pattern, _words_ago_hit(words)),
    )


@cache
def _scanners(language: str) -> tuple[tuple[re.Pattern[str], Builder], ...]:
    """The scanners of ``language``; English for any language without its own words."""
    return _language_scanners(language) if language in DATE_WORDS else _SCANNERS


@cache
def _cue_pattern(language: str) -> re.Pattern[str]:
    words = DATE_WORDS.get(language)
    if words is None:
        return _CUE
    return re.compile(rf"(?<!\w)(?i:(?P<fut>{'|'.join(words.future)})|(?P<past>{'|'.join(words.past)}))(?!\w)")


def _stamp_words(language: str) -> frozenset[str]:
    words = DATE_WORDS.get(language)
    return _STAMP_WORDS | words.stamp_words if words else _STAMP_WORDS


def _scan(text: str, language: str = "en") -> list[_Hit]:
    """Every expression in text order; where candidates overlap the longest wins. Each carries the tense
    its sentence's cue words give."""
    hits = [h for pattern, build in _scanners(language) for m in pattern.finditer(text)
            if (h := build(m, text)) is not None]
    hits.sort(key=lambda h: (h.start - h.end, h.start))
    taken = bytearray(len(text))
    chosen = []
    for h in hits:
        if taken.find(1, h.start, h.end) == -1:
            taken[h.start : h.end] = b"\x01" * (h.end - h.start)
            chosen.append(h)
    return sorted((replace(h, cue=_tense(text, h.start, h.end, language)) for h in chosen if h.kind != "invalid"),
                  key=lambda h: h.start)


@dataclass(frozen=True)
class _Cues:
    """Tense cues and sentence breaks of one text, so each lookup is a bisection."""

    starts: list[int]
    ends: list[int]
    signs: list[int]
    breaks: list[int]


@lru_cache(maxsize=4)  # a text is resolved mention by mention: find its cues once
def _cues(text: str, language: str = "en") -> _Cues:
    found = list(_cue_pattern(language).finditer(text))
    signs = [1 if c["fut"] else -1 for c in found]
    breaks = [b.start() for b in _BOUNDARY.finditer(text)]
    return _Cues([c.start() for c in found], [c.end() for c in found], signs, breaks)


def _crosses(breaks: list[int], lo: int, hi: int) -> bool:
    k = bisect_left(breaks, lo)
    return k < len(breaks) and breaks[k] < hi


def _tense(text: str, start: int, end: int, language: str = "en") -> int:
    """+1 when the sentence around start:end reads as future, -1 as past, 0 when it does not say."""
    cues = _cues(text, language)
    best = (_WINDOW + 1, 0)
    i = bisect_right(cues.ends, start) - 1
    if i >= 0 and not _crosses(cues.breaks, cues.ends[i], start):
        best = min(best, (start - cues.ends[i], cues.signs[i]))
    j = bisect_left(cues.starts, end)
    if j < len(cues.starts) and not _crosses(cues.breaks, end, cues.starts[j]):
        best = min(best, (cues.starts[j] - end, cues.signs[j]))
    return best[1] if best[0] <= _WINDOW else 0


# Tense from the parse, when the caller has one: +1 future, -1 past, 0 unknown.
GrammaticalTense = Callable[[int, int], int]


def _tense_of(text: str, h: _Hit, grammar: GrammaticalTense | None) -> int:
    """The verb's tense from the parse when it tells; otherwise the nearest cue word."""
    told = grammar(h.start, h.end) if grammar else 0
    return told or h.cue


def _pick(candidates: list[date], pub: date, tense: int) -> date:
    """The candidate nearest ``pub`` on the side the tense asks for; ties go to pub's year."""
    side = [c for c in candidates if (c >= pub if tense > 0 else c <= pub)] if tense else []
    return min(side or candidates, key=lambda c: (abs((c - pub).days), c.year != pub.year))


def _resolve_date(h: _Hit, text: str, pub: date | None, hint: int | None, grammar: GrammaticalTense | None) -> str:
    if h.year is not None:
        return date(h.year, h.month, h.day).isoformat()
    base = pub.year if pub is not None else hint
    if h.year_offset is not None and base is not None and _valid(base + h.year_offset, h.month, h.day):
        return date(base + h.year_offset, h.month, h.day).isoformat()
    fixed = _valid(hint, h.month, h.day) if hint else None
    if fixed is not None:
        return fixed.isoformat()
    if pub is None:
        return f"--{h.month:02d}-{h.day:02d}"
    candidates = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _valid(y, h.month, h.day))]
    if not candidates:  # 29 February with no leap year in reach
        return f"--{h.month:02d}-{h.day:02d}"
    same_weekday = [d for d in candidates if d.weekday() == h.weekday]
    return _pick(same_weekday or candidates, pub, h.side or _tense_of(text, h, grammar)).isoformat()


def _resolve_month(h: _Hit, text: str, pub: date | None, hint: int | None, grammar: GrammaticalTense | None) -> str:
    base = pub.year if pub is not None else hint
    if h.year is None and h.year_offset is not None and base is not None:
        return f"{base + h.year_offset:04d}-{h.month:02d}"
    if h.year is not None or hint is not None:
        return f"{h.year or hint:04d}-{h.month:02d}"
    if pub is None:
        return f"--{h.month:02d}"
    if h.mod == "last":
        year = pub.year if h.month < pub.month else pub.year - 1
    elif h.mod == "next":
        year = pub.year if h.month > pub.month else pub.year + 1
    elif h.mod == "this":
        year = pub.year
    else:  # months from publication, counted on a continuous month index
        here, tense = pub.year * 12 + pub.month, _tense_of(text, h, grammar)
        years = [pub.year - 1, pub.year, pub.year + 1]
        side = [y for y in years if (y * 12 + h.month - here) * tense >= 0] if tense else []
        year = min(side or years, key=lambda y: (abs(y * 12 + h.month - here), y != pub.year))
    return f"{year:04d}-{h.month:02d}"


def _resolve_weekday(h: _Hit, text: str, pub: date, grammar: GrammaticalTense | None) -> str:
    assert h.weekday is not None
    marked = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(h.mod)
    tense = marked or _tense_of(text, h, grammar)
    back, ahead = (pub.weekday() - h.weekday) % 7, (h.weekday - pub.weekday()) % 7
    if tense < 0:
        # "said on Monday" in Monday's paper is that day; "last Monday" never is.
        return (pub - timedelta(days=back or (7 if marked else 0))).isoformat()
    if tense > 0:
        return (pub + timedelta(days=ahead or 7)).isoformat()
    return (pub - timedelta(days=back) if back <= ahead else pub + timedelta(days=ahead)).isoformat()


def _resolve_offset(h: _Hit, pub: date) -> tuple[str, DatePrecision]:
    if h.unit in ("day", "week"):
        return (pub + timedelta(days=h.n * (7 if h.unit == "week" else 1))).isoformat(), "day"
    if h.unit == "month":
        index = pub.year * 12 + pub.month - 1 + h.n
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{pub.year + h.n:04d}", "year"


def _mention(
    text: str, h: _Hit, pub: date | None, hint: int | None = None, grammar: GrammaticalTense | None = None
) -> DateMention:
    try:
        value, precision = _resolved(text, h, pub, hint, grammar)
    except (OverflowError, ValueError):
        # "yesterday" in a paper dated 0001-01-01 or "next Monday" in one dated 9999-12-31 falls off
        # the calendar: the mention is kept, unresolved.
        value, precision = None, None
    if value is not None and not _within_calendar(value):
        value, precision = None, None
    return DateMention(text[h.start : h.end], h.start, h.end, value, precision)


def _within_calendar(value: str) -> bool:
    """An ISO value whose year is 1–9999 (a month or year counted past either end is not a date)."""
    if value.startswith("--"):  # month and day with no year
        return True
    year = value.split("-")[0]
    return len(year) == 4 and year.isdigit() and year != "0000"


def _resolved(
    text: str, h: _Hit, pub: date | None, hint: int | None, grammar: GrammaticalTense | None
) -> tuple[str | None, DatePrecision | None]:
    value: str | None = None
    precision: DatePrecision | None = None
    if h.kind == "date":
        value, precision = _resolve_date(h, text, pub, hint, grammar), "day"
    elif h.kind == "month":
        value, precision = _resolve_month(h, text, pub, hint, grammar), "month"
    elif h.kind == "year":
        value, precision = f"{h.year:04d}", "year"
    elif pub is not None and h.kind == "weekday":
        value, precision = _resolve_weekday(h, text, pub, grammar), "day"
    elif pub is not None:
        value, precision = _resolve_offset(h, pub)
    elif hint is not None and h.unit == "year":  # only the year is known: "last year" still resolves
        value, precision = f"{hint + h.n:04d}", "year"
    return value, precision


def _parse_published(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published.strip()[:10]) if published else None
    except ValueError:
        return None


def find_dates(text: str, published: str | None = None, language: str = "en") -> list[DateMention]:
    """Date expressions in ``text``, in order, resolved against ``published`` (ISO date or datetime) if given."""
    pub = _parse_published(published)
    return [_mention(text, h, pub) for h in _scan(text, language)]


def _latest_past_year(text: str, hits: list[_Hit], today: date) -> int | None:
    """The largest explicit year the text states as past or present fact."""
    years = [
        h.year
        for h in hits
        if h.year is not None
        and h.year <= today.year
        and not _FUTURE_YEAR_BEFORE.search(_left(text, h.start))
        and h.cue <= 0
    ]
    return max(years, default=None)


# A weekday date is placed after the latest past year the text names only if it falls within this many
# years of it; further on, several cycles of the calendar fit equally well.
_WEEKDAY_FLOOR_REACH = 2


def _from_weekday(text: str, hits: list[_Hit], today: date) -> InferredDate | None:
    """Rule 1: "Monday, December 19" holds only in some years; the earliest such mention decides."""
    floor = _latest_past_year(text, hits, today)
    horizon = today + timedelta(days=7)
    for h in hits:
        if h.kind != "date" or h.year is not None or h.weekday is None:
            continue
        days = [d for y in range(1990, today.year + 2) if (d := _valid(y, h.month, h.day)) and d.weekday() == h.weekday]
        later = [d for d in days if floor is not None and d.year >= floor]
        if later and later[0].year - (floor or 0) > _WEEKDAY_FLOOR_REACH:
            continue  # the latest year named is long past: it does not say which of the cycles this is
        if later:
            found, reason = later[0], f"earliest such year not before {floor}, the latest past year mentioned"
        else:
            recent = [d for d in days if d <= horizon]
            if not recent:
                continue
            found, reason = recent[-1], f"latest such year not after {today.year}"
        span, name = text[h.start : h.end], _WEEKDAYS[h.weekday]
        return InferredDate(found.isoformat(), "day", f'weekday "{span}" falls on a {name} in {found.year} ({reason})')
    return None


# "born on April 22, 1923": a life's dates say nothing about when the report was written.
_BIRTH_BEFORE = re.compile(r"(?i:(?<!\w)(?:born|birth|b\.)(?:[^\S\n]{1,3}(?:on|in))?[^\S\n]{1,3})$")


def _from_anchor(text: str, hits: list[_Hit], today: date) -> InferredDate | None:
    """Rule 2: the latest full date reported as past anchors the year of a dated lede."""
    horizon = today + timedelta(days=7)
    full = [
        (d, h)
        for h in hits
        if h.kind == "date" and h.year is not None and (d := date(h.year, h.month, h.day)) <= horizon
        and h.cue <= 0 and not _BIRTH_BEFORE.search(_left(text, h.start))
    ]
    if not full:
        return None
    anchor, anchor_hit = max(full, key=lambda pair: pair[0])
    anchor_text = text[anchor_hit.start : anchor_hit.end]
    lede_start = len(text) - len(text.lstrip())
    lede_end = text.find("\n", lede_start)
    lede_end = len(text) if lede_end < 0 else lede_end
    for h in hits:
        if h.start >= lede_end:
            break
        if h.kind != "date" or h.year is not None:
            continue
        for year in (anchor.year, anchor.year + 1):
            found = _valid(year, h.month, h.day)
            if found is not None and found >= anchor:
                span = text[h.start : h.end]
                evidence = f'lede date "{span}" taken as its first occurrence on or after "{anchor_text}", the latest full date mentioned'
                return InferredDate(found.isoformat(), "day", evidence)
    # A full date is a reference to another year (news gives the year only then): it bounds
    # the publication date from below but does not fix it.
    return None


# Words a date stamp carries besides its date ("Updated: Tue May 5, 2010, 7:12pm BST").
_STAMP_WORDS = frozenset(
    "published posted updated first last modified date on at am pm a.m p.m m gmt utc et pt ct".split()
)
_STAMP_WEEKDAYS = frozenset({w.lower() for w in _WEEKDAYS} | {w[:3].lower() for w in _WEEKDAYS})
_STAMP_TOKEN = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")
_DATELINE_LINES = 3
_DATELINE_OTHER_WORDS = 2


def _from_dateline(text: str, hits: list[_Hit], today: date, language: str = "en") -> InferredDate | None:
    """Rule 0: a full date standing alone on one of the first lines is the article's date stamp.

    Besides its date the line may hold only times, time zones, weekdays, words such as "Updated" or
    "Posted", and up to two other words (a place: "WASHINGTON, DC"); the first such date counts.
    """
    horizon = today + timedelta(days=7)
    line_start, seen = 0, 0
    while seen < _DATELINE_LINES and line_start < len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start:line_end].strip():
            seen += 1
            for h in hits:
                if not (line_start <= h.start and h.end <= line_end) or h.kind != "date" or h.year is None:
                    continue
                found = _valid(h.year, h.month, h.day)
                if found is None or found > horizon:
                    continue
                rest = text[line_start : h.start] + " " + text[h.end : line_end]
                other = [
                    w for w in _STAMP_TOKEN.findall(rest)
                    if w.lower().rstrip(".") not in _stamp_words(language) and w.lower() not in _STAMP_WEEKDAYS
                    and w.lower() not in WEEKDAY_FORMS.get(language, {})
                    and not (w.isupper() and len(w) <= 4)  # a time zone: EST, BST, AEST
                ]
                if len(other) <= _DATELINE_OTHER_WORDS:
                    span = text[h.start : h.end]
                    return InferredDate(found.isoformat(), "day", f'date stamp "{span}" on line {seen} of the text')
        line_start = line_end + 1
    return None


def _infer(text: str, hits: list[_Hit], today: date | None, language: str = "en") -> InferredDate | None:
    today = today or date.today()
    return _from_dateline(text, hits, today, language) or _from_weekday(text, hits, today) \
        or _from_anchor(text, hits, today)


def infer_publication(text: str, today: date | None = None, language: str = "en") -> InferredDate | None:
    """The publication date the text itself implies, or None; ``today`` bounds how recent it can be."""
    return _infer(text, _scan(text, language), today, language)


def resolve_against(
    text: str, published: str | None = None, today: date | None = None, grammar: GrammaticalTense | None = None,
    language: str = "en",
) -> tuple[list[DateMention], InferredDate | None]:
    """Mentions resolved against ``published``, or against a date inferred from the text when it is missing.

    The inferred date is returned too (None when ``published`` was usable or nothing could be inferred).
    ``language`` chooses the words read (English for any language without its own: then only numeric
    dates are of use).
    """
    hits = _scan(text, language)
    pub = _parse_published(published)
    if pub is not None:
        return [_mention(text, h, pub, grammar=grammar) for h in hits], None
    inferred = _infer(text, hits, today, language)
    if inferred is None:
        return [_mention(text, h, None, grammar=grammar) for h in hits], None
    if inferred.precision == "day":
        return [_mention(text, h, date.fromisoformat(inferred.value), grammar=grammar) for h in hits], inferred
    return [_mention(text, h, None, int(inferred.value[:4]), grammar) for h in hits], inferred
