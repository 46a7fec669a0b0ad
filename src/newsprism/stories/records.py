"""What the story clusterer takes and gives, and its default parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Bumped when the grouping itself changes, so stored stories are recomputed.
STORIES_VERSION = "2"

# The ``[stories]`` config section. Tuned on half the ECB+ topics (odd-numbered), checked on the other half
# and on BASIL; see newsprism.evaluate.stories.
DEFAULTS: dict[str, Any] = {
    # Incremental: an article joins the open story whose centroid it is most similar to, when that
    # similarity reaches this; otherwise it opens a new story.
    "threshold": 0.25,
    # Batch: an article links to its nearest article at this similarity, to its next nearest
    # (up to ``neighbours`` in all) at ``second_link_threshold``; stories are the linked groups.
    "link_threshold": 0.12,
    "second_link_threshold": 0.20,
    "neighbours": 2,
    # Near-copies always link, and do not count as neighbours.
    "duplicate_threshold": 0.9,
    # Similarity = (text cosine + entity_weight x entity cosine + date_weight if an event day is shared)
    # / (1 + entity_weight).
    "entity_weight": 0.7,
    "date_weight": 0.05,
    # An entity's weight in an article falls with its rank by mentions: 1 / (1 + rank / entity_rank_scale).
    "entity_rank_scale": 10.0,
    # A story that has had no article for this many days stops accepting articles; in a batch, two
    # articles published further apart than this are never neighbours.
    "idle_days": 7,
    # Terms kept per article vector; the heaviest ``index_terms`` of them (and all entities) find candidates.
    "max_terms": 100,
    "index_terms": 12,
    # The title's words count this many times more than the body's.
    "title_weight": 2,
    # Candidates scored per article (those sharing most index keys); keys shared by more than
    # ``max_postings`` articles or stories (in the time window) are too common to narrow the search.
    "max_candidates": 30,
    "max_postings": 400,
    # Breaks ties in the order of articles published on the same day.
    "seed": 0,
}


@dataclass(frozen=True)
class StoryInput:
    """One article as the clusterer sees it.

    ``entities``: canonical entity ids (people, organisations, places), most prominent first.
    ``dates``: ISO values of the dates the article mentions (day or month precision); a date without a
    year is ``--MM-DD``.
    ``published``: ISO date (a time or offset after it is ignored), None when unknown.
    ``copy_of``: the id of the article this one copies; a copy always joins its source's story.
    """

    id: str
    title: str
    text: str
    published: str | None = None
    entities: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    copy_of: str | None = None


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


def event_dates(dates: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The values of an article's resolved dates (``{value, precision}``) that can name an event's day or month."""
    return tuple(d["value"] for d in dates if d.get("value") and d.get("precision") in ("day", "month"))
