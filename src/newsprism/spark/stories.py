"""Stories on Spark: the same stories as :func:`newsprism.stories.clusterer.cluster`, blocking over a broadcast index.

Where each part runs:

- executors, per article: the story input (:func:`~newsprism.stories.records.story_input_of`), its
  order key (:meth:`StoryClusterer.order`) and term counts (:meth:`Vocabulary.count`);
- Spark SQL: document frequencies of terms and entities (aggregations, collected and broadcast back);
- driver: each article's order key, date span and copy source (one small row per article) give the
  batch positions, the copy sources (:func:`~newsprism.stories.clusterer.copy_sources`) and the
  longest publication span, as :meth:`StoryClusterer.fit` computes them;
- executors, per article: its features (:meth:`Vocabulary.features`) with the frequencies broadcast;
- driver: the originals' index keys (a few tens per article), in batch order, make the posting lists
  (:func:`~newsprism.stories.batch.postings_of`), broadcast;
- executors, per article: its ``max_candidates`` top candidates over the broadcast posting lists
  (:func:`~newsprism.stories.batch.candidates_of`: the articles of its time window in each key's list,
  keys over ``max_postings`` dropped, the weights summed in its key order), as the local pass finds them;
- executors, per range of batch positions: the range's articles' candidate lists with the features of
  every article they name, each once per range, and each article's edges
  (:func:`~newsprism.stories.batch.edges_of`);
- driver, only for a corpus in more than one language: the story inputs collected, the articles with an
  article of another language near them in time profiled (multilingual sentence vectors), and the links
  across languages (:func:`~newsprism.stories.batch.cross_language_edges`);
- driver: the edges (a few per article) joined strongest first with the time check, copies joined to
  their sources (:func:`~newsprism.stories.batch.join_edges`);
- executors, per story (partitions sorted by label, cut into runs): the story made from its members
  (:func:`~newsprism.stories.clusterer.story_of`).
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..copies.relations import CopyLink
from ..errors import UsageError
from ..settings import StorySettings
from ..stories.batch import (
    Edge,
    LinkParams,
    _Postings,
    candidates_of,
    cross_language_edges,
    edges_of,
    join_edges,
    longest_span,
    postings_of,
)
from ..stories.clusterer import StoryClusterer, copy_sources, story_of, story_order
from ..stories.features import Features
from ..stories.records import Story, story_input_of
from ..stories.text import Interval, interval
from ..views import current_annotations
from .articles import annotations_of, article_of
from .runs import grouped, runs, tasks

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

EntityIndex = dict[str, tuple[str, str, str]]
COPY_KINDS = ("duplicate", "copy")  # the links that make an article a copy, as the stories runner reads them
INPUT_SCHEMA = ("id string, undated boolean, start long, tie string, first long, last long, copy_of string, "
                "item binary, counts binary, terms array<string>, entities array<string>, language string")
FEATURE_SCHEMA = "pos long, original boolean, first long, last long, features binary, keys array<string>, " \
                 "weights array<double>"
CANDIDATE_SCHEMA = "i long, candidates array<long>"
EDGE_INPUT_SCHEMA = "p long, kind int, key long, features binary, candidates array<long>"
# Articles per range of batch positions in the edge step: a range's articles are sent, with the features
# of their candidates once each, to one Python call (candidates lie mostly in the same time window, so
# near in the batch order); small enough that a range's features fit in a worker's memory.
RANGE_ARTICLES = 2000
EDGE_SCHEMA = "score double, a long, b long"
STORY_SCHEMA = "label long, story binary"


def input_batches(frames: Iterator[pd.DataFrame], settings: StorySettings, index: EntityIndex,
                  copy_of: dict[str, str]) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: each article's story input, order key and term counts (:data:`INPUT_SCHEMA`)."""
    import pandas as pd

    clusterer = StoryClusterer(settings)
    for frame in frames:
        rows = []
        for data, stored in zip(frame["article"], frame["annotations"]):
            article = article_of(data)
            current = current_annotations(article, annotations_of(stored), index)
            item = story_input_of(article, current, copy_of.get(article.id))
            undated, start, tie = clusterer.order(item)
            span = interval(item.published)
            counts = clusterer.vocabulary().count(item)
            rows.append((item.id, undated, start, tie, span[0] if span else None, span[1] if span else None,
                         item.copy_of, pickle.dumps(item), pickle.dumps(counts), list(counts),
                         sorted(set(item.entities)), item.language))
        yield pd.DataFrame(rows, columns=[c.split()[0] for c in INPUT_SCHEMA.split(", ")])


def feature_batches(frames: Iterator[pd.DataFrame], settings: StorySettings, frequencies: Any,
                    ) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: each article's features, with the batch's document frequencies (broadcast)."""
    import pandas as pd

    vocabulary = StoryClusterer(settings).vocabulary()
    vocabulary.n_docs, doc_freq, entity_freq = frequencies.value
    vocabulary.doc_freq.update(doc_freq)
    vocabulary.entity_freq.update(entity_freq)
    for frame in frames:
        rows = []
        for pos, original, first, last, item, counts in zip(frame["pos"], frame["original"], frame["first"],
                                                             frame["last"], frame["item"], frame["counts"]):
            features = vocabulary.features(pickle.loads(item), pickle.loads(counts))
            rows.append((pos, original, first, last, pickle.dumps(features), list(features.keys),
                         list(features.key_weights)))
        yield pd.DataFrame(rows, columns=[c.split()[0] for c in FEATURE_SCHEMA.split(", ")])


def _span(first: Any, last: Any) -> Interval | None:
    import pandas as pd

    return None if pd.isna(first) else (int(first), int(last))


def posting_index(rows: Iterable[tuple[int, Interval | None, Iterable[str]]]) -> dict[str, _Postings]:
    """The originals' posting lists (position, span and index keys of each, in position order), as the
    local pass indexes them; a key only one article holds is left out (it gives no candidate)."""
    held: dict[str, list[tuple[int, Interval | None]]] = defaultdict(list)
    for pos, span, keys in rows:
        for key in keys:
            held[key].append((pos, span))
    return {key: postings_of(found) for key, found in held.items() if len(found) > 1}


def candidate_batches(frames: Iterator[pd.DataFrame], params: LinkParams, longest: int, index: Any,
                      ) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over the originals: each one's top candidates, best first, the weights summed in
    its key order over the broadcast posting index."""
    import pandas as pd

    postings = index.value
    for frame in frames:
        rows = []
        for pos, first, last, keys, weights in zip(frame["pos"], frame["first"], frame["last"], frame["keys"],
                                                   frame["weights"]):
            i = int(pos)
            rows.append((i, candidates_of(i, [str(k) for k in keys], [float(w) for w in weights], _span(first, last),
                                          postings, params, longest)))
        yield pd.DataFrame(rows, columns=["i", "candidates"])


def edge_batches(frames: Iterator[pd.DataFrame], params: LinkParams) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over ranges of batch positions (:data:`EDGE_INPUT_SCHEMA`, sorted by range, then
    kind): each range's features (kind 0, each article once) then its articles' candidates (kind 1), the
    edges of each of those articles."""
    import pandas as pd

    for frame in runs(frames, "p"):
        found: dict[int, Features] = {}
        edges = []
        for kind, key, data, chosen in zip(frame["kind"], frame["key"], frame["features"], frame["candidates"]):
            if kind == 0:
                found[int(key)] = pickle.loads(data)
            else:
                edges.extend(edges_of(int(key), found, [int(j) for j in chosen], params))
        yield pd.DataFrame(edges, columns=["score", "a", "b"])


def story_batches(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over articles sorted by story label and batch position: the story each group makes."""
    import pandas as pd

    for frames_of in _chunks(runs(frames, "label")):
        made = []
        for frame in frames_of:
            label = int(frame["label"].iloc[0])
            features = [pickle.loads(data) for data in frame["features"]]
            root = next(f for f, pos in zip(features, frame["pos"]) if int(pos) == label)
            members = [f for f, copy in zip(features, frame["copy"]) if not copy]
            copies = [f for f, copy in zip(features, frame["copy"]) if copy]
            made.append((label, pickle.dumps(story_of(root.id, members, copies))))
        yield pd.DataFrame(made, columns=["label", "story"])


def _chunks(groups: Iterator[pd.DataFrame], size: int = 2000) -> Iterator[list[pd.DataFrame]]:
    """Groups handed on a few thousand at a time (one output batch each)."""
    chunk: list[pd.DataFrame] = []
    for group in groups:
        chunk.append(group)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def links_across_languages(inputs: DataFrame, ordered: list[Any], sources: list[int | None],
                           spans: list[Interval | None], settings: StorySettings, params: LinkParams) -> list[Edge]:
    """The links between articles in different languages, as the local batch makes them: for a corpus in
    more than one language, the story inputs are collected and profiled on the driver (``ordered``: the
    inputs' rows in batch order)."""
    if params.cross_language_threshold >= 1.0 or \
            inputs.select("language").where("language is not null").distinct().limit(2).count() < 2:
        return []
    from ..stories.similarity import batch_profiles

    items = {r.id: pickle.loads(r.item) for r in inputs.select("id", "item").toLocalIterator()}
    profiles = batch_profiles([items[r.id] for r in ordered], settings.idle_days)
    return cross_language_edges(spans, {i: p for i, p in profiles.items() if sources[i] is None}, params)


def group_stories_spark(articles: DataFrame, links: list[CopyLink], index: EntityIndex,
                        settings: StorySettings) -> list[Story]:
    """What ``cluster([story_input(...) for every article], settings)`` gives, as ``run_stories`` calls it."""
    from pyspark.sql import functions as F

    spark = articles.sparkSession
    copy_of = {link.target: link.source for link in sorted(links, key=lambda lk: (lk.source, lk.target))
               if link.kind in COPY_KINDS}
    params = StoryClusterer(settings).link_params()
    inputs = articles.select("article", "annotations").mapInPandas(
        lambda frames: input_batches(frames, settings, index, copy_of), INPUT_SCHEMA).persist()
    cached = [inputs]
    try:
        slim = inputs.select("id", "undated", "start", "tie", "first", "last", "copy_of").collect()
        if not slim:
            return []
        ordered = sorted(slim, key=lambda r: (r.undated, r.start, r.tie))
        seen: set[str] = set()
        for row in ordered:
            if row.id in seen:
                raise UsageError(f"article id {row.id!r} appears more than once; story inputs need unique ids")
            seen.add(row.id)
        sources = copy_sources([(r.id, r.copy_of) for r in ordered])
        spans = [_span(r.first, r.last) for r in ordered]
        longest = longest_span(spans)
        doc_freq = {r.term: int(r["count"]) for r in
                    inputs.select(F.explode("terms").alias("term")).groupBy("term").count().collect()}
        entity_freq = {r.entity: int(r["count"]) for r in
                       inputs.select(F.explode("entities").alias("entity")).groupBy("entity").count().collect()}
        frequencies = spark.sparkContext.broadcast((len(ordered), doc_freq, entity_freq))
        positions = spark.createDataFrame([(r.id, pos, sources[pos] is None) for pos, r in enumerate(ordered)],
                                          "id string, pos long, original boolean")
        features = inputs.join(F.broadcast(positions), "id").select("pos", "original", "first", "last", "item", "counts") \
            .mapInPandas(lambda frames: feature_batches(frames, settings, frequencies), FEATURE_SCHEMA).persist()
        cached.append(features)
        originals = features.where("original").select("pos", "first", "last", "keys", "weights")
        postings = spark.sparkContext.broadcast(posting_index(
            (int(r.pos), _span(r.first, r.last), r.keys) for r in originals.select("pos", "first", "last", "keys")
            .orderBy("pos").toLocalIterator()))
        partitions = tasks(spark)
        # four ranges per partition at least, so the ranges hashed to partitions even out
        chunk = max(1, min(RANGE_ARTICLES, -(-len(ordered) // (4 * partitions))))
        candidates = originals.repartition(partitions).mapInPandas(
            lambda frames: candidate_batches(frames, params, longest, postings), CANDIDATE_SCHEMA) \
            .withColumn("p", F.floor(F.col("i") / chunk)).persist()
        cached.append(candidates)
        needed = (features.select("pos", "features")
                  .join(F.broadcast(candidates.select("p", F.explode(F.array_union(F.array("i"), "candidates"))
                                                      .alias("pos")).distinct()), "pos")
                  .select("p", F.lit(0).alias("kind"), F.col("pos").alias("key"), "features",
                          F.lit(None).cast("array<long>").alias("candidates")))
        lists = candidates.select("p", F.lit(1).alias("kind"), F.col("i").alias("key"),
                                  F.lit(None).cast("binary").alias("features"), "candidates")
        edges = (needed.unionByName(lists).repartition(partitions, "p").sortWithinPartitions("p", "kind", "key")
                 .mapInPandas(lambda frames: edge_batches(frames, params), EDGE_SCHEMA).collect())
        postings.unpersist()
        found = [(float(e.score), int(e.a), int(e.b)) for e in edges]
        found += links_across_languages(inputs, ordered, sources, spans, settings, params)
        labels = join_edges(spans, found, params, sources)
        groups = spark.createDataFrame([(pos, label, sources[pos] is not None) for pos, label in enumerate(labels)],
                                       "pos long, label long, copy boolean")
        made = grouped(features.select("pos", "features").join(F.broadcast(groups), "pos"), "label", "pos", partitions) \
            .mapInPandas(story_batches, STORY_SCHEMA).collect()
    finally:
        for frame in cached:
            frame.unpersist()
    return sorted((pickle.loads(r.story) for r in made), key=story_order)
