"""The corpus stages as Spark jobs: the same answers as the local runners, from the articles frame.

The articles frame (``id``, ``article`` as JSON, ``annotations`` as stored, ``outlet``, ``published``,
``language``; see :mod:`newsprism.spark.articles`) goes in; plain records come out, for the driver to
write with the store's own methods. Every rule is the local stage's function, called per article, per
candidate pair, per key or per story on the executors; what is global and small runs on the driver
over collected rows:

============  =================================================  ==============================================
stage         executors and Spark SQL                            driver (collected)
============  =================================================  ==============================================
names         each article's stored entities parsed into one     the entity rows (Arrow), counted per key (at
              row per entity; above the limit (*), the counts    most the limit (*)) or the counts streamed
              per key as three aggregations                      back; the joins into canonical names
copies        features per article (shingles, MinHash, sentence  the compact features (date, word count,
              hashes); each candidate pair aligned, both         signature, sentence hashes: a few hundred
              articles joined in; above the limit (*), order     bytes each) with order, rank and candidate
              and rank by distributed sorts, the candidate       pairs (at most the limit (*)); the matched
              pairs by grouping band keys and sentence hashes,   pairs and their articles; kinds, direction,
              each batch of groups paired by the local           third sources; with vectors, the detail
              functions                                          hashes and the rewrites
stories       story inputs and term counts per article;          document frequencies (one row per term),
              features with the frequencies broadcast; each      each article's order key and date (one small
              original's top candidates over the broadcast       row each), the posting index (broadcast);
              posting index; nearest neighbours per range of     the edges (a few per article); the
              batch positions, each candidate's features sent   union-find over the edges
              once per range; each story assembled
comparisons   each story compared, stories dealt into one        stories' dates and sizes (the buckets), the
              bucket per core by size, largest first (the        copy pairs inside each story (sent out);
              encoder and scorer loaded once per worker)         results collected
============  =================================================  ==============================================

(*) ``[spark] driver_rows_limit`` articles: up to it the driver's way (faster on few cores), above it the
Spark way (the features and entity rows are not collected); both give the same answers.

Per-group work (per article, per story) runs in ``mapInPandas`` over partitions sorted by the group
(:mod:`newsprism.spark.runs`), one Python call per partition rather than one per group.

See docs/scale.md, "The corpus stages as Spark jobs", for the sizes these collections reach.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from ..annotate.annotator import Annotations
from ..annotate.canonical import IndexRow
from ..copies.relations import CopyLink
from ..schema import Article
from ..settings import Settings
from .articles import ARTICLE_SCHEMA, annotations_json, article_row
from .compare import compare_stories_spark as _compare
from .copies import find_copies_spark as _copies
from .names import entity_index_rows as _names
from .stories import group_stories_spark as _stories

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from ..compare.records import StoryComparison
    from ..stories.records import Story

EntityIndex = dict[str, tuple[str, str, str]]


class ArticleSource(Protocol):
    """What :func:`articles_frame` reads from a store."""

    def iter_articles(self) -> Iterable[Article]: ...

    def annotations(self, article_id: str) -> Annotations | None: ...


def articles_frame(spark: SparkSession, store: ArticleSource, partitions: int | None = None) -> DataFrame:
    """The articles frame of every article in ``store``, with its stored annotations."""
    rows = []
    for article in store.iter_articles():
        annotations = store.annotations(article.id)
        rows.append(article_row(article, annotations_json(annotations) if annotations is not None else None))
    frame = spark.createDataFrame(rows, ARTICLE_SCHEMA)
    return frame.repartition(partitions) if partitions else frame


def distributed(articles: DataFrame, settings: Settings) -> bool:
    """Whether ``articles`` are more than ``[spark] driver_rows_limit``: then the copies' candidate search and
    the name counts run as Spark joins and aggregations instead of on the driver."""
    limit = settings.spark.driver_rows_limit
    return articles.limit(limit + 1).count() > limit


def entity_index_rows(articles: DataFrame, settings: Settings) -> list[IndexRow]:
    """What ``annotate.canonical.rebuild_index(store.iter_entity_lists())`` gives for the same articles."""
    return _names(articles, distributed=distributed(articles, settings))


def find_copies_spark(articles: DataFrame, settings: Settings, *, vectors: bool | None = None,
                      kept: dict[str, tuple[str, bytes]] | None = None,
                      ) -> tuple[list[CopyLink], dict[str, list[str]]]:
    """What ``copies.finder.find_copies(articles in the store's order, settings.copies, vectors=vectors)``
    gives: the same links (kinds, directions, passages, evidence) and content-farm signals. ``kept``
    receives each article's prepared features, for the store to keep as the local copies stage does."""
    return _copies(articles, settings.copies, vectors=vectors, kept=kept, distributed=distributed(articles, settings))


def group_stories_spark(articles: DataFrame, links: list[CopyLink], index: EntityIndex,
                        settings: Settings) -> list[Story]:
    """What ``stories.runner.run_stories`` would store for these articles, copy links and entity index."""
    return _stories(articles, links, index, settings.stories)


def compare_stories_spark(articles: DataFrame, stories: list[Story], links: list[CopyLink],
                          signals: dict[str, list[str]], index: EntityIndex,
                          settings: Settings) -> list[StoryComparison]:
    """What ``compare.runner.run_compare`` would store for each story (in the order of ``stories``)."""
    return _compare(articles, stories, links, signals, index, settings.compare)
