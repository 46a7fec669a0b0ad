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

An article with no date fits any time, so it could bridge two events with the
same actors years apart. Three rules stop that: a dated article looks for its
neighbours among dated articles only (it has them to compare with); an undated
one looks among all; and links are applied strongest first, refusing any that
would put two groups whose publication dates lie more than ``idle_days`` apart
into one story. An undated article thus joins the event it resembles most, and
the weaker link to the other event is dropped.

Two reports of one event in different languages share no words and no entity keys (names in
different scripts), so the index never pairs them. When a batch holds more than one language, each
article with a :class:`~newsprism.stories.similarity.Profile` (multilingual sentence vectors) is also
compared with the articles of other languages published within ``idle_days`` of it, and links to the
nearest of them whose story similarity (:func:`~newsprism.stories.similarity.story_similarity`)
reaches ``cross_language_threshold``. Pairs within one language are linked as before.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from ..unionfind import UnionFind
from .features import Features, gap, similarity
from .text import Interval

if TYPE_CHECKING:
    from .similarity import Profile

# Features by position in the batch: a list, or a mapping holding only those a step reads.
ByPosition = Sequence[Features] | Mapping[int, Features]
Edge = tuple[float, int, int]  # (strength, lower position, higher position)


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
    cross_language_threshold: float = 1.0


@dataclass
class _Postings:
    """One key's articles: dated ones in publication order (with their first days), then undated ones."""

    starts: list[int] = field(default_factory=list)
    dated: list[int] = field(default_factory=list)
    undated: list[int] = field(default_factory=list)


class _Groups(UnionFind[int]):
    """Union-find over article positions that keeps each group's span of publication days."""

    def __init__(self, articles: Sequence[Features] | Sequence[Interval | None], max_gap: int) -> None:
        """``articles``: the batch's features, or their publication spans, by position."""
        super().__init__()
        self.span: list[Interval | None] = [a.published if isinstance(a, Features) else a for a in articles]
        self.max_gap = max_gap

    def link(self, a: int, b: int, *, check_time: bool = True) -> bool:
        """Put ``a`` and ``b`` in one group, unless their groups' dates lie more than ``max_gap`` days apart.

        The earlier article (lower position) stays the root: it names the story.
        """
        ra, rb = self.find(a), self.find(b)
        sa, sb = self.span[ra], self.span[rb]
        if ra != rb and check_time and gap(sa, sb) > self.max_gap:
            return False
        root = self.join(ra, rb)
        self.span[root] = (min(sa[0], sb[0]), max(sa[1], sb[1])) if sa and sb else sa or sb
        return True


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


def postings_of(articles: Iterable[tuple[int, Interval | None]]) -> _Postings:
    """One key's posting list from its articles (position, publication span), in position order."""
    postings = _Postings()
    for i, published in articles:
        if published is None:
            postings.undated.append(i)
        else:
            postings.starts.append(published[0])
            postings.dated.append(i)
    return postings


def window(postings: _Postings, when: Interval | None, params: LinkParams, longest: int) -> list[int] | None:
    """The articles of one key a query published ``when`` looks at: for a dated query the dated ones
    of its time window, for an undated one all; None when they are too many (too common a key, in
    this time window, to narrow the search). ``longest``: the longest publication span in the batch."""
    lo, hi, undated = 0, len(postings.dated), postings.undated
    if when is not None:
        lo = bisect_left(postings.starts, when[0] - params.idle_days - longest)
        hi = bisect_right(postings.starts, when[1] + params.idle_days)
        undated = []
    if hi - lo + len(undated) > params.max_postings:
        return None
    return list(chain(postings.dated[lo:hi], undated))


def top_candidates(i: int, scores: dict[int, float], params: LinkParams) -> list[int]:
    """The ``max_candidates`` articles with the highest summed key weight (``scores``), ``i`` left out."""
    scores.pop(i, None)
    ranked = heapq.nsmallest(params.max_candidates, scores.items(), key=lambda js: (-js[1], js[0]))
    return [j for j, _ in ranked]


def _candidates(i: int, articles: Sequence[Features], index: dict[str, _Postings], params: LinkParams,
                longest: int) -> list[int]:
    """The articles sharing most (by the query's weight on the shared keys) of article ``i``'s index keys.

    A dated article's candidates are the dated articles of its time window; an undated one's are all.
    """
    article = articles[i]
    return candidates_of(i, article.keys, article.key_weights, article.published, index, params, longest)


def candidates_of(i: int, keys: Iterable[str], weights: Iterable[float], published: Interval | None,
                  index: Mapping[str, _Postings], params: LinkParams, longest: int) -> list[int]:
    """Article ``i``'s top candidates from its index keys and their weights (in the article's key order,
    as the weights are summed in that order) and its publication span."""
    scores: dict[int, float] = defaultdict(float)
    for key, weight in zip(keys, weights):
        postings = index.get(key)
        if postings is None:
            continue
        for j in window(postings, published, params, longest) or ():
            scores[j] += weight
    return top_candidates(i, scores, params)


def longest_span(spans: Iterable[Interval | None]) -> int:
    """Days covered by the longest publication span (a month-precision date covers a month)."""
    return max((s[1] - s[0] for s in spans if s), default=0)


def edges_of(i: int, articles: ByPosition, candidates: list[int], params: LinkParams) -> list[Edge]:
    """Article ``i``'s links: to its near-duplicates, and to its nearest neighbours above the thresholds."""
    duplicates, nearest = _neighbours(i, articles, candidates, params)
    edges = [(2.0, min(i, j), max(i, j)) for j in duplicates]  # above any similarity: joined first
    for rank, (score, j) in enumerate(nearest):
        if score >= (params.link_threshold if rank == 0 else params.second_link_threshold):
            edges.append((score, min(i, j), max(i, j)))
    return edges


def join_edges(spans: Sequence[Interval | None], edges: Iterable[Edge], params: LinkParams,
               copy_source: Sequence[int | None]) -> list[int]:
    """Story label of every position: the edges applied strongest first with the time check, then each
    copy joined to its source."""
    groups = _Groups(spans, params.idle_days)
    for _, i, j in sorted(set(edges), key=lambda e: (-e[0], e[1], e[2])):
        groups.link(i, j)
    for i, source in enumerate(copy_source):
        if source is not None:
            groups.link(i, source, check_time=False)  # a copy always lands in its source's story
    return [groups.find(i) for i in range(len(spans))]


def _neighbours(i: int, articles: ByPosition, candidates: list[int],
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


def link(articles: Sequence[Features], params: LinkParams, copy_source: Sequence[int | None],
         profiles: Mapping[int, Profile] | None = None) -> list[int]:
    """Story label (the position of its earliest article) of every article.

    ``articles`` in publication order, undated ones after; ``copy_source[i]`` is the position of the article
    ``i`` copies, if it is in the batch: a copy joins its source and takes no part in the neighbour search.
    ``profiles``: by position, the articles' profiles for linking across languages (none: no such links).
    """
    originals = [i for i, source in enumerate(copy_source) if source is None]
    spans = [a.published for a in articles]
    longest = longest_span(spans)
    index = _index(articles, originals)
    edges: list[Edge] = []
    for i in originals:
        edges.extend(edges_of(i, articles, _candidates(i, articles, index, params, longest), params))
    if profiles:
        edges.extend(cross_language_edges(spans, {i: profiles[i] for i in originals if i in profiles}, params))
    return join_edges(spans, edges, params, copy_source)


def cross_language_edges(spans: Sequence[Interval | None], profiles: Mapping[int, Profile],
                         params: LinkParams) -> list[Edge]:
    """Each profiled article's link to its nearest article in another language, when their story
    similarity reaches ``cross_language_threshold``. Only articles published within ``idle_days`` of each
    other are compared, and a dated article looks among dated ones only (as within a language).

    The ``max_candidates`` nearest by lead and whole-text cosine are scored in full; ``spans`` are the
    batch's publication spans by position.
    """
    if params.cross_language_threshold >= 1.0 or len({p.language for p in profiles.values()}) < 2:
        return []
    import numpy as np  # only a batch in more than one language needs it: `newsprism list` stays light

    from .similarity import best_match, load_model, quick_vector

    model = load_model()
    positions = sorted(profiles)
    codes = {language: n for n, language in enumerate(sorted({str(p.language) for p in profiles.values()}))}
    language = np.array([codes[str(profiles[i].language)] for i in positions])
    known = [spans[i] for i in positions]
    dated = np.array([span is not None for span in known])
    first = np.array([span[0] if span else 0 for span in known])
    last = np.array([span[1] if span else 0 for span in known])
    quick = np.stack([quick_vector(profiles[i]) for i in positions])
    n_dated = int(dated.sum())  # positions are in publication order, undated ones last
    longest = int((last - first)[:n_dated].max(initial=0))
    edges: list[Edge] = []
    for row, i in enumerate(positions):
        lo, hi = 0, len(positions)
        if dated[row]:  # the dated articles of its time window
            lo = int(np.searchsorted(first[:n_dated], first[row] - params.idle_days - longest, "left"))
            hi = int(np.searchsorted(first[:n_dated], last[row] + params.idle_days, "right"))
        window = slice(lo, hi)
        allowed = language[window] != language[row]
        if dated[row]:
            apart = np.maximum(0, np.maximum(first[window] - last[row], first[row] - last[window]))
            allowed &= apart <= params.idle_days
        count = int(allowed.sum())
        if not count:
            continue
        closeness = np.where(allowed, quick[window] @ quick[row], -np.inf)
        nearest = lo + np.argsort(-closeness, kind="stable")[:min(params.max_candidates, count)]
        others = [positions[col] for col in nearest]
        best, score = best_match(profiles[i], [profiles[j] for j in others], model)
        if score >= params.cross_language_threshold:
            j = others[best]
            edges.append((score, min(i, j), max(i, j)))
    return edges
