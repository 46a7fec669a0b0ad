"""Stories from articles: incremental assignment, and batch re-clustering.

:meth:`StoryClusterer.add` takes one article at a time, as a news system does:
the article is compared with the open stories that share one of its heaviest
terms or entities (an inverted index) and were active within ``idle_days`` of
its publication date, and joins the best one whose similarity to the story's
centroid reaches ``threshold``; failing that, an article in one language joins
the open story of its nearest article in another language when their story
similarity (:mod:`.similarity`) reaches ``cross_language_threshold``; else it
opens a new story. A story with no article
for ``idle_days`` (by the latest publication date seen) closes, so the same
people in a new event weeks later start a new story.

:meth:`StoryClusterer.fit` (and :func:`cluster`) re-clusters a whole batch
with the nearest-neighbour graph of :mod:`.batch`: document frequencies come
from the whole batch and articles are put in publication order (ties in a
seeded order of their ids) first, so the result does not depend on the input
order. Knowing every article, it keeps look-alike events apart better than a
single pass can; after it, :meth:`add` carries on from its open stories.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Self

from ..errors import UsageError
from ..settings import StorySettings, as_mapping, default_settings
from .batch import LinkParams, link
from .features import Features, Vocabulary, gap
from .records import Story, StoryInput
from .summary import make_story, story_id
from .text import Vector, add_into, dot, interval, iso

if TYPE_CHECKING:
    from ..copies.vectors import Encoder
    from .similarity import Profile


@dataclass
class _Story:
    """An open story: its articles' features and the running sums it is scored by."""

    id: str
    members: list[Features] = field(default_factory=list)
    copies: list[Features] = field(default_factory=list)
    text: Vector = field(default_factory=dict)
    text_norm2: float = 0.0
    entities: Vector = field(default_factory=dict)
    entities_norm2: float = 0.0
    full_days: Counter[str] = field(default_factory=Counter)
    yearless_days: Counter[str] = field(default_factory=Counter)
    first: int | None = None
    last: int | None = None
    active_until: int | None = None
    keys: set[str] = field(default_factory=set)


class StoryClusterer:
    """Groups articles into stories; parameters are the ``[stories]`` settings."""

    # Learned state, set by fit() or the first add().
    vocabulary_: Vocabulary
    labels_: dict[str, str]
    clock_: int | None
    open_: dict[str, _Story]
    closed_: dict[str, Story]
    _unprofiled: dict[str, StoryInput]
    _profiles: dict[str, Profile]

    def __init__(self, settings: StorySettings | None = None, encoder: Encoder | None = None) -> None:
        """``encoder``: the sentence encoder for linking across languages (when None, the multilingual USE,
        whose weights load at the first batch in more than one language and serve every later one)."""
        self.settings = settings or default_settings().stories
        self.encoder = encoder

    def get_params(self) -> dict[str, Any]:
        return as_mapping(self.settings)

    # -- public API ---------------------------------------------------------------------------
    def fit(self, items: Iterable[StoryInput]) -> Self:
        """Cluster a whole batch from scratch (see :mod:`.batch`)."""
        self._start()
        batch = sorted(items, key=self.order)
        ids = Counter(item.id for item in batch)
        duplicate = next((i for i, c in ids.items() if c > 1), None)
        if duplicate is not None:
            raise UsageError(f"article id {duplicate!r} appears more than once; story inputs need unique ids")
        counts: list[Counter[str] | None] = [self.vocabulary_.count(item) for item in batch]
        articles = []
        for position, item in enumerate(batch):
            articles.append(self.vocabulary_.features(item, counts[position]))
            counts[position] = None  # raw counts are the bulkiest state: free each once used
        sources = copy_sources([(a.id, a.copy_of) for a in articles])
        profiles = {}
        if self.settings.cross_language_threshold < 1.0:
            # numpy and the encoder: loaded only when links across languages may be made
            from .similarity import batch_profiles

            # One encoder for every batch of the run: it loads its weights on first use, once.
            profiles = batch_profiles(batch, self.settings.idle_days, self._encoder())
            # add() carries on from here: the open stories' articles may be linked across languages
            self._profiles = {batch[k].id: found for k, found in profiles.items()}
            self._unprofiled = {item.id: item for item in batch if item.language and item.id not in self._profiles}
        labels = link(articles, self.link_params(), sources, profiles)
        groups: dict[int, list[int]] = {}
        for position, label in enumerate(labels):
            groups.setdefault(label, []).append(position)
        self.clock_ = max((a.published[0] for a in articles if a.published), default=None)
        for root, positions in groups.items():
            story = _Story(story_id(articles[root].id))
            for position in positions:
                self._join(story, articles[position], copy=sources[position] is not None)
            self.open_[story.id] = story
        if self.clock_ is not None:
            self._close_idle()
        return self

    def add(self, item: StoryInput) -> str:
        """Assign one more article (incrementally); returns the id of its story.

        Articles are expected roughly in publication order: one published more than ``idle_days`` before the
        latest seen finds only the stories still open, and a story it opens closes at the next article.
        """
        if not hasattr(self, "labels_"):
            self._start()
        if item.id in self.labels_:
            return self.labels_[item.id]
        article = self.vocabulary_.features(item, self.vocabulary_.count(item))
        if article.published is not None:
            self.clock_ = max(self.clock_ or article.published[0], article.published[0])
            self._close_idle()
        closed = self._closed_source(article)
        if closed is not None:
            return closed
        story = self._copy_target(article) or self._best(article) or self._across_languages(item, article)
        if story is None:
            story = _Story(story_id(item.id))
            self.open_[story.id] = story
        if article.copy_of and article.copy_of not in self.labels_:
            self._waiting_copies[article.copy_of] = story.id  # its source, when it comes, joins this story
        self._join(story, article, copy=article.copy_of is not None and article.copy_of in self.labels_)
        if item.language and self.settings.cross_language_threshold < 1.0 and item.id not in self._profiles:
            self._unprofiled[item.id] = item
        return story.id

    def stories(self) -> list[Story]:
        """Every story so far, closed and open, in order of start date (undated ones last)."""
        if not hasattr(self, "labels_"):
            return []
        found = list(self.closed_.values()) + [self._finish(s) for s in self.open_.values()]
        return sorted(found, key=story_order)

    # -- state --------------------------------------------------------------------------------
    def _start(self) -> None:
        self.vocabulary_ = self.vocabulary()
        self.labels_ = {}
        self.clock_ = None
        self.open_ = {}
        self.closed_ = {}
        self._index: dict[str, set[str]] = {}
        self._waiting_copies: dict[str, str] = {}
        self._closing: list[tuple[int, str]] = []
        # Open stories' articles for linking across languages: profiled (vectors encoded) only once an
        # article in another language needs them, so a stream in one language never loads the encoder.
        self._unprofiled = {}
        self._profiles = {}

    def vocabulary(self) -> Vocabulary:
        """An empty vocabulary with these settings (a batch counts its articles into it)."""
        return Vocabulary(self.settings.max_terms, self.settings.index_terms, self.settings.title_weight,
                          self.settings.entity_rank_scale)

    def link_params(self) -> LinkParams:
        """The ``[stories]`` settings the batch linking reads."""
        return LinkParams(self.settings.link_threshold, self.settings.second_link_threshold, self.settings.neighbours, self.settings.duplicate_threshold,
                          self.settings.entity_weight, self.settings.date_weight, self.settings.idle_days, self.settings.max_candidates,
                          self.settings.max_postings, self.settings.cross_language_threshold)

    def order(self, item: StoryInput) -> tuple[bool, int, str]:
        """Publication order, undated articles last; a seeded hash of the id breaks ties."""
        span = interval(item.published)
        tie = hashlib.blake2b(f"{self.settings.seed}\0{item.id}".encode(), digest_size=8).hexdigest()
        return span is None, span[0] if span else 0, tie

    # -- incremental steps --------------------------------------------------------------------
    def _closed_source(self, article: Features) -> str | None:
        """A copy whose source's story has closed still lands in that story."""
        story_id_ = self.labels_.get(article.copy_of or "")
        if story_id_ is None or story_id_ not in self.closed_:
            return None
        story = self.closed_[story_id_]
        end = max(filter(None, (story.end, iso(article.published[1]) if article.published else None)), default=None)
        self.closed_[story_id_] = replace(story, articles=story.articles + (article.id,), end=end)
        self.labels_[article.id] = story_id_
        return story_id_

    def _copy_target(self, article: Features) -> _Story | None:
        """The open story a copy's source (or an earlier copy's source) is in."""
        wanted = self.labels_.get(article.copy_of or "") or self._waiting_copies.pop(article.id, None)
        return self.open_.get(wanted) if wanted else None

    def _best(self, article: Features) -> _Story | None:
        best, best_score = None, self.settings.threshold
        for story in self._candidates(article):
            span = (story.first, story.last) if story.first is not None and story.last is not None else None
            if gap(article.published, span) > self.settings.idle_days:
                continue  # the story had gone quiet before this article, or starts long after it
            score = self._score(article, story)
            if score >= best_score:
                best, best_score = story, score
        return best

    def _across_languages(self, item: StoryInput, article: Features) -> _Story | None:
        """The open story of the nearest article in another language published within ``idle_days``, when
        their story similarity reaches ``cross_language_threshold`` (as :func:`.batch.cross_language_edges`
        links a batch; the ``max_candidates`` nearest by quick cosine are scored in full)."""
        if not item.language or self.settings.cross_language_threshold >= 1.0:
            return None
        published = {m.id: m.published for story in self.open_.values() for m in story.members}

        def comparable(article_id: str, language: str | None) -> bool:
            return (language != item.language and article_id in published
                    and gap(article.published, published[article_id]) <= self.settings.idle_days)

        self._profile([self._unprofiled.pop(i) for i, other in list(self._unprofiled.items())
                       if comparable(i, other.language)])
        others = [i for i, p in self._profiles.items() if comparable(i, p.language)]
        if not others:
            return None
        import numpy as np

        from .similarity import best_match, load_model, quick_vector

        own = self._profile([item])[0]  # kept: a later article in another language compares with it
        closeness = np.stack([quick_vector(self._profiles[i]) for i in others]) @ quick_vector(own)
        nearest = [others[k] for k in np.argsort(-closeness, kind="stable")[:self.settings.max_candidates]]
        best, score = best_match(own, [self._profiles[i] for i in nearest], load_model())
        if score < self.settings.cross_language_threshold:
            return None
        return self.open_.get(self.labels_[nearest[best]])

    def _encoder(self) -> Encoder:
        from ..copies.vectors import UseEncoder

        self.encoder = self.encoder or UseEncoder()
        return self.encoder

    def _profile(self, items: Sequence[StoryInput]) -> list[Profile]:
        """The items' profiles, encoded in one pass and kept for later comparisons."""
        if not items:
            return []
        from .similarity import profiles

        found = profiles([(i.title, i.text, i.language) for i in items], self._encoder())
        self._profiles.update((i.id, p) for i, p in zip(items, found, strict=True))
        return found

    def _candidates(self, article: Features) -> list[_Story]:
        hits: Counter[str] = Counter()
        for key in article.keys:
            posting = self._index.get(key)
            if posting and len(posting) <= self.settings.max_postings:
                hits.update(posting)
        chosen = heapq.nsmallest(self.settings.max_candidates, hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [self.open_[story_id_] for story_id_, _ in chosen]

    def _score(self, article: Features, story: _Story) -> float:
        """Similarity of the article to the story's centroid (the same formula as between two articles)."""
        text = dot(article.text, story.text) / math.sqrt(story.text_norm2) if story.text_norm2 > 0 else 0.0
        entities = 0.0
        if article.entities and story.entities_norm2 > 0:
            entities = dot(article.entities, story.entities) / math.sqrt(story.entities_norm2)
        shared = article.days and article.days.shares(story.full_days, story.yearless_days)
        day = self.settings.date_weight if shared else 0.0
        return (text + self.settings.entity_weight * entities + day) / (1.0 + self.settings.entity_weight)

    def _join(self, story: _Story, article: Features, copy: bool) -> None:
        self.labels_[article.id] = story.id
        if copy:
            story.copies.append(article)  # a copy repeats its source: it would only pull the centroid to one text
        else:
            story.members.append(article)
            story.text_norm2 += add_into(story.text, article.text)
            story.entities_norm2 += add_into(story.entities, article.entities)
            story.full_days.update(article.days.full)
            story.yearless_days.update(article.days.yearless)
            for key in article.keys:
                if key not in story.keys:
                    story.keys.add(key)
                    self._index.setdefault(key, set()).add(story.id)
        self._extend(story, article)

    def _extend(self, story: _Story, article: Features) -> None:
        if article.published is not None:
            first, last = article.published
            story.first = first if story.first is None else min(story.first, first)
            story.last = last if story.last is None else max(story.last, last)
        until = story.last if story.last is not None else self.clock_
        if until is not None and (story.active_until is None or until > story.active_until):
            story.active_until = until
            heapq.heappush(self._closing, (until, story.id))

    def _close_idle(self) -> None:
        assert self.clock_ is not None
        while self._closing and self._closing[0][0] < self.clock_ - self.settings.idle_days:
            until, story_id_ = heapq.heappop(self._closing)
            story = self.open_.get(story_id_)
            if story is None or story.active_until != until:
                continue  # a later entry for the same story is still queued
            del self.open_[story_id_]
            for member in story.members:
                self._unprofiled.pop(member.id, None)
                self._profiles.pop(member.id, None)
            for key in story.keys:
                posting = self._index.get(key)
                if posting is not None:
                    posting.discard(story_id_)
                    if not posting:
                        del self._index[key]
            self.closed_[story_id_] = self._finish(story)

    @staticmethod
    def _finish(story: _Story) -> Story:
        return make_story(story.id, story.members, story.copies)


def copy_sources(articles: Sequence[tuple[str, str | None]]) -> list[int | None]:
    """For each article (id, the id it copies) in batch order, the position of the original it copies
    (following copies of copies), if in the batch."""
    position = {a: i for i, (a, _) in enumerate(articles)}
    sources: list[int | None] = []
    for i, (_, copy_of) in enumerate(articles):
        seen = {i}
        source = position.get(copy_of) if copy_of else None
        while source is not None and articles[source][1] in position and source not in seen:
            seen.add(source)
            source = position[articles[source][1] or ""]
        sources.append(None if source is None or source == i else source)
    return sources


def story_of(root: str, members: Sequence[Features], copies: Sequence[Features]) -> Story:
    """The story a batch group gives, named after its root article's id (``members`` and ``copies`` in
    batch order), as :meth:`StoryClusterer.fit` finishes it."""
    return make_story(story_id(root), members, copies)


def story_order(story: Story) -> tuple[bool, str, str]:
    """How :meth:`StoryClusterer.stories` lists stories: by start date, undated ones last."""
    return story.start is None, story.start or "", story.id


def cluster(items: Iterable[StoryInput], settings: StorySettings | None = None,
            encoder: Encoder | None = None) -> list[Story]:
    """Re-cluster a whole corpus (``settings``: the ``[stories]`` section; the packaged defaults when None;
    ``encoder``: see :class:`StoryClusterer`)."""
    return StoryClusterer(settings, encoder).fit(items).stories()
