"""The story's timeline: the days and months its articles name, each with the sentences naming it.

A day named without a year takes the latest year that does not put it well after the story's start.
Each entry is the story's own time (within a day of its publication span, or
its month) or an earlier or later event the articles mention.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from .pieces import sentence_spans, span
from .records import Span, StoryArticle, TimelineEvent

# Days around the story's publication span that still count as the story's own time.
SLACK_DAYS = 1
# A yearless day or month is put at most this far after the story's start.
AHEAD_DAYS = 14


def _resolve(value: str, start: date | None) -> str | None:
    """``value`` with a missing year filled in: the latest year that does not put it more than
    ``AHEAD_DAYS`` after the story's start (reports look back more than they look ahead)."""
    if not value.startswith("--"):
        return value
    if start is None:
        return None
    for year in (start.year + 1, start.year, start.year - 1, start.year - 2):
        candidate = f"{year}{value[1:]}"
        try:
            day = date.fromisoformat(candidate if len(candidate) == 10 else candidate + "-01")
        except ValueError:
            continue  # 29 February in a common year
        if (day - start).days <= AHEAD_DAYS:
            return candidate
    return None


def _relation(value: str, precision: str, start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return "story"
    if precision == "month":
        month = value[:7]
        if start.isoformat()[:7] <= month <= end.isoformat()[:7]:
            return "story"
        return "earlier" if month < start.isoformat()[:7] else "later"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return "story"
    if start - timedelta(days=SLACK_DAYS) <= day <= end + timedelta(days=SLACK_DAYS):
        return "story"
    return "earlier" if day < start else "later"


def _sentence_of(article: StoryArticle, bounds: list[tuple[int, int]], start: int, end: int) -> Span:
    for a, b in bounds:
        if a <= start and end <= b:
            return span(article, a, b)
    return span(article, start, end)


def timeline(articles: Sequence[StoryArticle], story_start: str | None, story_end: str | None) -> list[TimelineEvent]:
    start = date.fromisoformat(story_start[:10]) if story_start else None
    end = date.fromisoformat(story_end[:10]) if story_end else start
    found: dict[tuple[str, str], list[tuple[StoryArticle, Span]]] = {}
    for article in articles:
        bounds = sentence_spans(article)
        for mention in article.dates:
            value, precision = mention.get("value"), mention.get("precision")
            if not value or precision not in ("day", "month"):
                continue
            resolved = _resolve(value, start)
            if resolved is None:
                continue
            found.setdefault((resolved, precision), []).append(
                (article, _sentence_of(article, bounds, mention["start"], mention["end"])))
    events = []
    for (value, precision), mentions in found.items():
        unique = list({(s.article, s.start): s for _, s in mentions}.values())
        events.append(TimelineEvent(value, precision, _relation(value, precision, start, end), tuple(unique),
                                    tuple(sorted({a.outlet for a, _ in mentions}))))
    return sorted(events, key=lambda e: (e.date, e.precision != "month"))
