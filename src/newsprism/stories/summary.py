"""A finished story: its title, dates and entities, all taken from its articles."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence

from .features import Features
from .records import Story
from .text import add_into, dot, iso

MAX_STORY_ENTITIES = 10


def story_id(article_id: str) -> str:
    """A story is named after the article that opened it, so re-running gives the same ids."""
    return "story-" + hashlib.blake2b(article_id.encode(), digest_size=6).hexdigest()


def central_title(members: Sequence[Features]) -> str:
    """The title of the article closest to the members' centroid (the earliest among equals)."""
    centroid: dict[str, float] = {}
    for member in members:
        add_into(centroid, member.text)
    best, best_score = "", -math.inf
    for member in members:
        title = member.title.strip()
        score = dot(member.text, centroid)
        if title and score > best_score + 1e-12:
            best, best_score = title, score
    return best


def _dates(members: Sequence[Features], copies: Sequence[Features]) -> tuple[str | None, str | None]:
    published = [m.published for m in (*members, *copies) if m.published is not None]
    if published:
        return iso(min(p[0] for p in published)), iso(max(p[1] for p in published))
    # No publication date: the event day most of its articles mention.
    days: Counter[str] = Counter(d for m in members for d in m.days.full)
    if not days:
        return None, None
    top = max(days.values())
    shared = sorted(d for d, c in days.items() if c == top)
    return shared[0], shared[-1]


def _entities(members: Sequence[Features]) -> tuple[str, ...]:
    named: Counter[str] = Counter(e for m in members for e in m.entities)
    needed = math.ceil(len(members) / 2)
    ranked = sorted(named.items(), key=lambda ec: (-ec[1], ec[0]))
    return tuple(e for e, c in ranked if c >= needed)[:MAX_STORY_ENTITIES]


def make_story(ident: str, members: Sequence[Features], copies: Sequence[Features] = ()) -> Story:
    """``members`` in story order; ``copies`` join them without pulling the centre. Articles are listed
    by publication date (undated ones last, in story order)."""
    title = central_title(members) or next((c.title.strip() for c in copies if c.title.strip()), "")
    start, end = _dates(members, copies)
    everyone = [*members, *copies]

    def when(i: int) -> tuple[bool, int, int]:
        published = everyone[i].published
        return published is None, published[0] if published else 0, i

    ranked = sorted(range(len(everyone)), key=when)
    articles = tuple(everyone[i].id for i in ranked)
    return Story(ident, title, articles, start, end, _entities(members or copies))
