"""Rows the store reads for the list, search and story pages (the stages' own records live with the stages).

Field order is the order of their JSON form (``schema.to_json``), which the JSON API and ``--json`` print.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleSummary:
    """An article as a list names it; ``published`` falls back on the date read from its text."""

    id: str
    outlet: str | None
    published: str | None
    title: str | None
    author: str | None
    language: str | None
    url: str | None


@dataclass(frozen=True)
class ListedArticle:
    """One row of ``newsprism list``: ``published_inferred`` when the date was read from the text."""

    id: str
    outlet: str | None
    published: str | None
    published_inferred: bool
    title: str | None
    author: str | None
    language: str | None
    chars: int


@dataclass(frozen=True)
class StoryRow:
    """A story on the story list: its fields, how many articles, their outlets and publication dates."""

    id: str
    title: str
    start: str | None
    end: str | None
    entities: tuple[str, ...]
    articles: int
    outlets: tuple[str, ...]
    dates: tuple[str, ...]
    # When an article of the story was last added or changed in the store (UTC, ISO 8601).
    changed: str | None = None
    # Whether that is at or after the time the list was asked about (``since``).
    grew: bool = False


@dataclass(frozen=True)
class SearchHit:
    """An article matching a search; ``snippet`` marks the matched words with [brackets]."""

    id: str
    outlet: str | None
    published: str | None
    title: str | None
    snippet: str | None
    score: float
