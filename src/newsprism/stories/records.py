"""What the story clusterer takes and gives (its settings are the ``[stories]`` section)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..annotate.canonical import CanonicalAnnotations
from ..schema import Article, DateMention

# Bumped when the grouping itself changes, so stored stories are recomputed.
STORIES_VERSION = "2"



@dataclass(frozen=True)
class StoryInput:
    """One article as the clusterer sees it.

    ``entities``: canonical entity ids (people, organisations, places), most prominent first.
    ``dates``: ISO values of the dates the article mentions (day or month precision); a date without a
    year is ``--MM-DD``.
    ``published``: ISO date (a time or offset after it is ignored), None when unknown.
    ``copy_of``: the id of the article this one copies; a copy always joins its source's story.
    ``language``: the article's language code, None when unknown; articles in different languages are
    linked by their multilingual sentence vectors (see :mod:`.batch`).
    """

    id: str
    title: str
    text: str
    published: str | None = None
    entities: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    copy_of: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Story:
    """A group of articles about one real-world event.

    ``title`` is the title of its most central article. ``start``/``end`` span its articles'
    publication dates, or the event dates its articles share most when none is dated.
    ``entities`` are the canonical ids named by at least half of its articles, most named first.
    """

    id: str
    title: str
    articles: tuple[str, ...]
    start: str | None
    end: str | None
    entities: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": list(self.articles),
            "start": self.start,
            "end": self.end,
            "entities": list(self.entities),
        }


def event_dates(dates: Iterable[DateMention] | Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The values of an article's resolved dates that can name an event's day or month; ``dates`` are
    records or their JSON form (``{value, precision}``)."""
    pairs = ((d.value, d.precision) if isinstance(d, DateMention) else (d.get("value"), d.get("precision"))
             for d in dates)
    return tuple(value for value, precision in pairs if value and precision in ("day", "month"))


def story_input_of(article: Article, current: CanonicalAnnotations | None, copy_of: str | None) -> StoryInput:
    """What the story grouping sees of an article (see ``runner.story_input``), from its current
    annotations in export terms (read from anywhere)."""
    entities = sorted(current.entities if current else (), key=lambda e: -len(e.mentions))
    dates = event_dates(current.dates if current else ())
    inferred = current.published if current else None
    published = article.published or (inferred.value if inferred and inferred.precision == "day" else None)
    return StoryInput(article.id, article.title or "", article.text, published,
                      tuple(e.id for e in entities), dates, copy_of, article.language)
