"""Batch re-clustering: a sparse nearest-neighbour graph, cut into its connected parts.

Each article links to its nearest other article when their similarity reaches
``link_threshold``, and to its next ``neighbours - 1`` nearest when they reach
``second_link_threshold``; near-duplicates (``duplicate_threshold``) always
link and do not take a neighbour's place. Stories are the connected parts of
that graph. Linking only to the nearest few, rather than to everything above
one threshold, is what keeps two look-alike events apart: an article about one
earthquake has closer neighbours than the articles about another.

Neighbours are searched, not compared all with all: candidates share one of the
article's heaviest terms or entities (an inverted index), were published within
``idle_days`` of it (a binary search in each posting list, which is kept in
publication order), and only the ``max_candidates`` sharing most are scored.

Undated articles are linked among themselves first, not to dated ones: an
article with no date fits any time, so letting it link freely would bridge two
events with the same actors years apart. Each group of undated articles then
joins the dated story its centroid is most similar to (at ``link_threshold``),
if no other group is more similar to that story: groups the article graph kept
apart stay apart. All are compared with the dated stories as they were before
any joined, so the order of the groups does not matter. A group is judged as a
whole: together, its articles say more about which event they report than any
one of them.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

from .features import Days, Features, gap, similarity
from .text import add_into, dot


@dataclass(frozen=True)
class LinkParams:
    link_threshold: float
    second_link_threshold: float
    neighbours: int
    duplicate_threshold: float
    entity_weight: float
    date_weight: float
    idle_days: int
    max_candidates: int
    max_postings: int


@dataclass
class _Postings:
    """One key's articles: dated ones in publication order (with their first days), then undated ones."""

    starts: list[int] = field(default_factory=list)
    dated: list[int] = field(default_factory=list)
    undated: list[int] = field(default_factory=list)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The earlier article (lower position) stays the root: it names the story.
            self.parent[max(ra, rb)] = min(ra, rb)


def _index(articles: Sequence[Features], members: Sequence[int]) -> dict[str, _Postings]:
    """``members`` in publication order (undated anywhere): posting lists stay sorted."""
    index: dict[str, _Postings] = defaultdict(_Postings)
    for i in members:
        article = articles[i]
        for key in article.keys:
            postings = index[key]
            if article.published is None:
                postings.undated.append(i)
            else:
                postings.starts.append(article.published[0])
                postings.dated.append(i)
    return index


def _candidates(i: int, articles: Sequence[Features], index: dict[str, _Postings], params: LinkParams,
                longest: int) -> list[int]:
    """The articles sharing most (by the query's weight on the shared keys) of article ``i``'s index keys."""
    article = articles[i]
    when = article.published
    scores: dict[int, float] = defaultdict(float)
    for key, weight in zip(article.keys, article.key_weights):
        postings = index.get(key)
        if postings is None:
            continue
        lo, hi = 0, len(postings.dated)
        if when is not None:
            lo = bisect_left(postings.starts, when[0] - params.idle_days - longest)
            hi = bisect_right(postings.starts, when[1] + params.idle_days)
        if hi - lo + len(postings.undated) > params.max_postings:
            continue  # too common a key (in this time window) to narrow the search
        for j in chain(postings.dated[lo:hi], postings.undated):
            scores[j] += weight
    scores.pop(i, None)
    ranked = heapq.nsmallest(params.max_candidates, scores.items(), key=lambda js: (-js[1], js[0]))
    return [j for j, _ in ranked]


def _neighbours(i: int, articles: Sequence[Features], candidates: list[int],
                params: LinkParams) -> tuple[list[int], list[tuple[float, int]]]:
    """Article ``i``'s near-duplicates, and its ``neighbours`` nearest other articles (similarity, position)."""
    article = articles[i]
    duplicates = []
    scored = []
    for j in candidates:
        other = articles[j]
        if gap(article.published, other.published) > params.idle_days:
            continue
        score = similarity(article, other, params.entity_weight, params.date_weight)
        if score >= params.duplicate_threshold:
            duplicates.append(j)
        else:
            scored.append((-score, j))
    scored.sort()
    return duplicates, [(-negative, j) for negative, j in scored[: params.neighbours]]


def link(articles: Sequence[Features], params: LinkParams, copy_source: Sequence[int | None]) -> list[int]:
    """Story label (the position of its earliest article) of every article.

    ``articles`` in publication order, undated ones after; ``copy_source[i]`` is the position of the article
    ``i`` copies, if it is in the batch: a copy joins its source and takes no part in the neighbour search.
    """
    originals = [i for i, source in enumerate(copy_source) if source is None]
    dated = [i for i in originals if articles[i].published is not None]
    undated = [i for i in originals if articles[i].published is None]
    longest = max((a.published[1] - a.published[0] for a in articles if a.published), default=0)
    groups = _UnionFind(len(articles))
    for members in (dated, undated):
        index = _index(articles, members)
        for i in members:
            duplicates, nearest = _neighbours(i, articles, _candidates(i, articles, index, params, longest), params)
            for j in duplicates:
                groups.join(i, j)
            for rank, (score, j) in enumerate(nearest):
                if score >= (params.link_threshold if rank == 0 else params.second_link_threshold):
                    groups.join(i, j)
    _attach_undated(articles, params, groups, dated, undated)
    for i, source in enumerate(copy_source):
        if source is not None:
            groups.join(i, source)
    return [groups.find(i) for i in range(len(articles))]


@dataclass
class _Centroid:
    """The summed vectors and event days of one group's articles."""

    text: dict[str, float] = field(default_factory=dict)
    text_norm2: float = 0.0
    entities: dict[str, float] = field(default_factory=dict)
    entities_norm2: float = 0.0
    days: Days = Days()
    keys: dict[str, float] = field(default_factory=dict)

    def add(self, article: Features) -> None:
        self.text_norm2 += add_into(self.text, article.text)
        self.entities_norm2 += add_into(self.entities, article.entities)
        self.days = Days(self.days.full | article.days.full, self.days.yearless | article.days.yearless)
        for key, weight in zip(article.keys, article.key_weights):
            self.keys[key] = self.keys.get(key, 0.0) + weight

    def similarity(self, other: _Centroid, params: LinkParams) -> float:
        text = _cosine(self.text, self.text_norm2, other.text, other.text_norm2)
        entities = _cosine(self.entities, self.entities_norm2, other.entities, other.entities_norm2)
        shared = self.days and other.days and self.days.shares(other.days.full, other.days.yearless)
        day = params.date_weight if shared else 0.0
        return (text + params.entity_weight * entities + day) / (1.0 + params.entity_weight)


def _cosine(a: dict[str, float], a_norm2: float, b: dict[str, float], b_norm2: float) -> float:
    if a_norm2 <= 0 or b_norm2 <= 0:
        return 0.0
    return dot(a, b) / math.sqrt(a_norm2 * b_norm2)


def _centroids(articles: Sequence[Features], groups: _UnionFind, members: Sequence[int]) -> dict[int, _Centroid]:
    found: dict[int, _Centroid] = {}
    for i in members:
        found.setdefault(groups.find(i), _Centroid()).add(articles[i])
    return found


def _attach_undated(articles: Sequence[Features], params: LinkParams, groups: _UnionFind,
                    dated: Sequence[int], undated: Sequence[int]) -> None:
    """Join each group of undated articles to the dated story most like it, if one is like enough."""
    if not dated or not undated:
        return
    stories = _centroids(articles, groups, dated)
    by_key: dict[str, list[int]] = defaultdict(list)
    for root, story in stories.items():
        for key in story.keys:
            by_key[key].append(root)
    chosen: list[tuple[float, int, int]] = []
    for root, loose in _centroids(articles, groups, undated).items():
        shared: dict[int, float] = defaultdict(float)
        for key, weight in loose.keys.items():
            posting = by_key.get(key, ())
            if len(posting) <= params.max_postings:
                for story_root in posting:
                    shared[story_root] += weight
        ranked = heapq.nsmallest(params.max_candidates, shared.items(), key=lambda rs: (-rs[1], rs[0]))
        best, best_score = None, params.link_threshold
        for story_root, _ in ranked:
            score = loose.similarity(stories[story_root], params)
            if score >= best_score:
                best, best_score = story_root, score
        if best is not None:
            chosen.append((best_score, root, best))
    # A story takes only the best of the groups that chose it: two groups the article graph kept apart are
    # two events, and would otherwise merge through a story that merely resembles both.
    taken: set[int] = set()
    for _, root, story_root in sorted(chosen, key=lambda c: (-c[0], c[1])):
        if story_root not in taken:
            taken.add(story_root)
            groups.join(root, story_root)
