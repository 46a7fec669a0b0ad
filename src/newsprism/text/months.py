"""Month names: full English names and their common abbreviations, with the month's number."""

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


def month_number(name: str) -> int | None:
    """The number of a month named in full or abbreviated, in any case, with or without a full stop."""
    return MONTHS.get(name.strip().rstrip(".").lower())
