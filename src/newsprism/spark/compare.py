"""Comparisons on Spark: each story compared by :func:`newsprism.compare.story.compare_story`, grouped by story.

The driver sends out which story each article belongs to and, per story, the copy pairs among its
members (as :func:`newsprism.views.story_members` reads them from the store). ``applyInPandas``
grouped by story id builds the members as the compare runner does (:func:`newsprism.views.story_member`
over each article's current annotations under the corpus entity index) and compares them; the sentence
encoder and the loaded-wording scorer are loaded once per Python worker. The comparisons come back to
the driver, one row per story.
"""

from __future__ import annotations

import functools
import heapq
import pickle
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, Any

from ..copies.relations import CopyLink
from ..settings import CompareSettings
from ..stories.records import Story
from ..views import COPY_KINDS, current_annotations, story_member
from .articles import annotations_of, article_of

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

    from ..compare.records import StoryComparison

EntityIndex = dict[str, tuple[str, str, str]]


@functools.cache
def models() -> tuple[Any, Any]:
    """The sentence encoder and the loaded-wording scorer the compare runner makes, once per process."""
    from ..compare.loaded import LoadedScorer
    from ..copies.vectors import UseEncoder

    encoder = UseEncoder()
    return encoder, LoadedScorer(encoder)


def copies_within(stories: list[Story], links: list[CopyLink]) -> dict[str, dict[str, str]]:
    """Per story, each member copying another member: target -> source (the last of the links in
    (source, target) order, as the store lists them)."""
    story_of = {article: story.id for story in stories for article in story.articles}
    found: dict[str, dict[str, str]] = {story.id: {} for story in stories}
    for link in sorted(links, key=lambda lk: (lk.source, lk.target)):
        home = story_of.get(link.source)
        if link.kind in COPY_KINDS and home is not None and story_of.get(link.target) == home:
            found[home][link.target] = link.source
    return found


def buckets(stories: list[Story], count: int) -> dict[str, int]:
    """Each story's bucket (0 to ``count`` - 1), the work balanced: stories from the largest down, each
    to the bucket with the least work so far, a story's work taken as its members squared (each member
    is compared with the others)."""
    loads = [(0, b) for b in range(count)]
    chosen: dict[str, int] = {}
    for story in sorted(stories, key=lambda s: (-len(s.articles), s.id)):
        load, bucket = heapq.heappop(loads)
        chosen[story.id] = bucket
        heapq.heappush(loads, (load + len(story.articles) ** 2, bucket))
    return chosen


def compare_partition(rows: Iterable[tuple[tuple[int, str], tuple[str, str, str | None]]], stories: Any,
                      copies: Any, signals: Any, index: Any, settings: CompareSettings,
                      ) -> Iterator[tuple[str, bytes]]:
    """One bucket's articles, sorted by story: each story compared."""
    from ..compare.story import compare_story

    for (_, story_id), grouped in groupby(rows, key=lambda row: row[0]):
        story: Story = stories.value[story_id]
        copy_of: dict[str, str] = copies.value[story.id]
        by_id = {article_id: (data, stored) for _, (article_id, data, stored) in grouped}
        members = []
        for article_id in story.articles:
            if article_id not in by_id:
                continue
            data, stored = by_id[article_id]
            article = article_of(data)
            current = current_annotations(article, annotations_of(stored), index.value)
            members.append(story_member(article, current, copy_of.get(article_id),
                                        tuple(signals.value.get(article_id, ()))))
        encoder, scorer = models()
        yield story.id, pickle.dumps(compare_story(story, members, encoder, scorer, settings))


def compare_stories_spark(articles: DataFrame, stories: list[Story], links: list[CopyLink],
                          signals: dict[str, list[str]], index: EntityIndex,
                          settings: CompareSettings) -> list[StoryComparison]:
    """What ``run_compare`` stores for each story, in the order of ``stories``."""
    from pyspark.sql import functions as F

    if not stories:
        return []
    spark = articles.sparkSession
    context = spark.sparkContext
    count = min(len(stories), max(1, context.defaultParallelism))
    bucket = buckets(stories, count)
    by_story = context.broadcast({story.id: story for story in stories})
    copies = context.broadcast(copies_within(stories, links))
    shared_signals = context.broadcast(signals)
    shared_index = context.broadcast(index)
    membership = spark.createDataFrame(
        [(article, story.id, bucket[story.id]) for story in stories for article in story.articles],
        "id string, story string, bucket int")
    members = articles.select("id", "article", "annotations").join(F.broadcast(membership), "id")
    compared = (members.rdd.map(lambda r: ((int(r.bucket), str(r.story)), (r.id, r.article, r.annotations)))
                .repartitionAndSortWithinPartitions(count, lambda key: key[0])
                .mapPartitions(lambda rows: compare_partition(rows, by_story, copies, shared_signals, shared_index,
                                                              settings))
                .collect())
    for shared in (by_story, copies, shared_signals, shared_index):
        shared.unpersist()
    found = {story_id: pickle.loads(data) for story_id, data in compared}
    return [found[story.id] for story in stories if story.id in found]
