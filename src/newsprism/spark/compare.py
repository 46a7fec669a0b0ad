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
import pickle
from typing import TYPE_CHECKING, Any

from ..copies.relations import CopyLink
from ..settings import CompareSettings
from ..stories.records import Story
from ..views import COPY_KINDS, current_annotations, story_member
from .articles import annotations_of, article_of

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

    from ..compare.records import StoryComparison

EntityIndex = dict[str, tuple[str, str, str]]
RESULT_SCHEMA = "story string, comparison binary"


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


def compare_group(frame: pd.DataFrame, stories: Any, copies: Any, signals: Any, index: Any,
                  settings: CompareSettings) -> pd.DataFrame:
    """``applyInPandas`` over one story's articles: the story compared."""
    import pandas as pd

    from ..compare.story import compare_story

    story: Story = stories.value[frame["story"].iloc[0]]
    copy_of: dict[str, str] = copies.value[story.id]
    by_id = {article_id: (data, stored) for article_id, data, stored in
             zip(frame["id"], frame["article"], frame["annotations"])}
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
    result = compare_story(story, members, encoder, scorer, settings)
    return pd.DataFrame([(story.id, pickle.dumps(result))], columns=["story", "comparison"])


def compare_stories_spark(articles: DataFrame, stories: list[Story], links: list[CopyLink],
                          signals: dict[str, list[str]], index: EntityIndex,
                          settings: CompareSettings) -> list[StoryComparison]:
    """What ``run_compare`` stores for each story, in the order of ``stories``."""
    if not stories:
        return []
    spark = articles.sparkSession
    context = spark.sparkContext
    by_story = context.broadcast({story.id: story for story in stories})
    copies = context.broadcast(copies_within(stories, links))
    shared_signals = context.broadcast(signals)
    shared_index = context.broadcast(index)
    membership = spark.createDataFrame([(article, story.id) for story in stories for article in story.articles],
                                       "id string, story string")
    compared = (articles.select("id", "article", "annotations").join(membership, "id")
                .groupBy("story").applyInPandas(
                    lambda f: compare_group(f, by_story, copies, shared_signals, shared_index, settings),
                    RESULT_SCHEMA).collect())
    found = {row.story: pickle.loads(row.comparison) for row in compared}
    return [found[story.id] for story in stories if story.id in found]
