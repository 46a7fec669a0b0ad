"""Parsing the explicit dates that metadata and datelines carry."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ..text.months import MONTHS

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
# A comma may stand apart ("May 16 , 2005"), as in tokenised text.
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2})(?: ?,)? (\d{4})\b")
_DMY = re.compile(r"\b(\d{1,2}) ([A-Za-z]{3,9})\.?(?: ?,)? (\d{4})\b")
_DOTTED = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """ISO 8601 from the common explicit forms; None when there is no full date.

    Times with an offset keep it (``2025-03-04T09:30:00+01:00``); bare dates
    stay dates. Dates without a year are not guessed here.
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
    try:  # RFC 822 / 2822, as in feeds and e-mail
        parsed = parsedate_to_datetime(value)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC)
            return parsed.isoformat()
        return parsed.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy")):
        m = pattern.search(value)
        if m:
            if order == "mdy":
                month, day, year = MONTHS.get(m.group(1).lower()), int(m.group(2)), int(m.group(3))
            else:
                day, month, year = int(m.group(1)), MONTHS.get(m.group(2).lower()), int(m.group(3))
            if month:
                return _valid(year, month, day)
    m = _DOTTED.search(value)
    if m:  # European order: 04.03.2025 is 4 March
        return _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None
