"""Parsing the explicit dates that metadata and datelines carry."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ..text.months import MONTH_ABBREVIATIONS, MONTH_FORMS, MONTHS

# Every month word read here, whatever its language: English names and abbreviations, and the case
# forms and abbreviations of Russian, Ukrainian and Italian ("мая", "травня", "бер", "maggio", "mag").
# The tables never give one word two numbers, so no language needs to be known.
_MONTH_WORDS: dict[str, int] = MONTHS | {
    word: number for table in (*MONTH_FORMS.values(), *MONTH_ABBREVIATIONS.values()) for word, number in table.items()
}

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
# A comma may stand apart ("May 16 , 2005"), as in tokenised text.
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2})(?: ?,)? (\d{4})\b")
# Day, month word, year in any of the languages: "16 May 2005", "16 мая 2025", "16 бер. 2025", "16 maggio 2025".
_DMY = re.compile(r"\b(\d{1,2})\s+([^\W\d_]{3,10})\.?(?:\s*,)?\s+(\d{4})(?!\d)")
_DOTTED = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
# A time of day printed right after the date, past the words that close a Russian or Ukrainian date
# and the words that introduce a time: "16 мая 2025 года, 14:05", "16 травня 2025 р. о 14:05",
# "16/05/2025 ore 14:05", "May 16, 2005, 2:05 PM".
_TIME_AFTER = re.compile(
    r"\s*(?:г\.|года|р\.|року)?\s*[,|·—–-]?\s*(?:(?:в|о|alle ore|alle|ore|at)\s+)?"
    r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\b\.?)?(?!\d)"
)
# "2:05 PM": the RFC 822 reader would take it for 02:05.
_MERIDIEM = re.compile(r"\d\s*[AaPp]\.?[Mm]\b")


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """ISO 8601 from the common explicit forms; None when there is no full date.

    Times with an offset keep it (``2025-03-04T09:30:00+01:00``); a time printed
    beside a date without one stays local (``16 мая 2025, 14:05`` gives
    ``2025-05-16T14:05:00``); bare dates stay dates. Months may be written in
    English, Russian, Ukrainian or Italian, in full, in any case or abbreviated
    ("16 травня 2025 р.", "venerdì 16 maggio 2025", "16 мар. 2025"). Dates
    without a year are not guessed here.
    """
    if not value:
        return None
    value = value.strip()
    m = _ISO.search(value)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        date = _valid(y, mo, d)
        if date is None:
            return None
        if m.group(4):
            hh, mm, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
            tz = m.group(7)
            stamp = f"{date}T{hh:02d}:{mm:02d}:{ss:02d}"
            if tz:
                stamp += "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
            return stamp
        return date
    if not _MERIDIEM.search(value):
        try:  # RFC 822 / 2822, as in feeds and e-mail
            parsed = parsedate_to_datetime(value)
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(UTC)
            return parsed.isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy")):
        m = pattern.search(value)
        if m:
            if order == "mdy":
                month, day, year = MONTHS.get(m.group(1).lower()), int(m.group(2)), int(m.group(3))
            else:
                day, month, year = int(m.group(1)), _MONTH_WORDS.get(m.group(2).lower()), int(m.group(3))
            if month:
                return _with_time(_valid(year, month, day), value, m.end())
    m = _DOTTED.search(value)
    if m:  # European order: 04.03.2025 is 4 March
        return _with_time(_valid(int(m.group(3)), int(m.group(2)), int(m.group(1))), value, m.end())
    return None


def _with_time(date: str | None, value: str, end: int) -> str | None:
    """The date, with the time of day printed right after it when there is one (local time, no offset:
    none is printed), as the RFC 822 reader gives "16 May 2005 14:05"."""
    m = _TIME_AFTER.match(value, end)
    if date is None or m is None:
        return date
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if m.group(4):
        if not 1 <= hour <= 12:
            return date
        hour = hour % 12 + (12 if m.group(4).lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return date
    return f"{date}T{hour:02d}:{minute:02d}:{second:02d}"
