"""``newsprism spark``: the whole pipeline on Spark, into a store or into Parquet datasets.

The per-article stages run on the executors (``spark.articles``), the corpus stages as Spark jobs
(``spark.corpus``); the driver reads the sources and writes the store. The store ends as ``ingest``,
``annotate``, ``copies``, ``stories`` and ``compare`` would have left it, states included, so those
commands then find everything current.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import NewsprismError
from ..extract.clean import OutletProfile
from ..extract.runner import ProgressCallback, outlet_profile
from ..schema import IngestReport
from ..settings import Settings
from ..stage import batches
from ..store import Store
from . import corpus
from .articles import (
    ARTICLE_COLUMNS,
    ARTICLE_SCHEMA,
    annotate_articles,
    annotations_json,
    article_of,
    article_row,
    build_articles,
    clean_outlets,
    stored_annotations,
)
from .driver import (
    Ingested,
    StoreSink,
    TallySink,
    partitions_for,
    pending,
    raw_frame,
    read_items,
    take_back,
)
from .driver_store import CorpusOutput, IndexRows, corpus_current, stored_corpus, write_corpus
from .session import start_session

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass
class SparkRun:
    """What one ``newsprism spark`` run did."""

    report: IngestReport
    annotated: int
    links: int
    stories: int
    compared: int  # stories compared now


def open_session(master: str) -> tuple[SparkSession, bool]:
    """The Spark session this process already runs (then ``master`` is not used), else a new one on
    ``master``; and whether it is new (its starter stops it)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return start_session(master), True  # which says how to install pyspark
    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    return start_session(master, config={"spark.ui.showConsoleProgress": "false"}), True


@contextmanager
def task_errors() -> Iterator[None]:
    """A Spark task's Python failure as one line naming it (e.g. an executor without the English model),
    instead of the JVM's traceback."""
    from pyspark.errors import PythonException

    try:
        yield
    except PythonException as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        last = next((line for line in reversed(lines) if re.match(r"^[\w.]+(Error|Exception): ", line)),
                    lines[-1] if lines else "no message")
        name, _, message = last.partition(": ")
        raise NewsprismError(f"a Spark task failed: {name.rsplit('.', 1)[-1]}: {message}; the executors need "
                             "newsprism and its models installed (docs/scale.md, 'On a cluster')") from None


def run_spark(
    sources: Iterable[str],
    settings: Settings,
    spark: SparkSession,
    *,
    store: Store | None = None,
    out: str | None = None,
    vectors: bool | None = None,
    force: bool = False,
    progress: ProgressCallback | None = None,
    on_stage: Callable[[str], None] | None = None,
    allow_private: bool | None = None,
    fetch_feed_pages: bool | None = None,
    follow_links: bool = False,
    on_failure: Callable[[str, str], None] | None = None,
) -> SparkRun:
    """Ingest ``sources``, annotate, then copies, stories and comparisons, on ``spark``: into ``store``,
    or (``out``) into Parquet datasets that ``newsprism load`` brings into a store."""
    from pyspark import StorageLevel

    if (store is None) == (out is None):
        raise ValueError("run_spark writes either into a store or into an --out folder")
    stage = on_stage or (lambda name: None)
    stage("reading sources")
    items = read_items(sources, settings, allow_private=allow_private, fetch_feed_pages=fetch_feed_pages,
                       follow_links=follow_links)
    sink = StoreSink(store, force) if store is not None else TallySink()
    raws, known = pending(items, sink)
    profiles = known_profiles(store, settings) if store is not None else {}
    stage("extracting and cleaning")
    built = build_articles(raw_frame(spark, raws, settings), settings, profiles).persist(StorageLevel.MEMORY_AND_DISK)
    built.count()  # every partition built at once; then read back one partition at a time, in input order
    wanted = built.columns if store is not None else [c for c in built.columns if c != "article"]
    rows = built.select(*wanted).toLocalIterator()
    ingested = take_back(items, rows, known, sink, store.transaction if store is not None else None,
                         settings.ingest.batch_size, progress)
    frame = articles_frame(spark, built, ingested, store)
    known_lines = {outlet: tuple(profile.recurring) for outlet, profile in profiles.items()}
    cleaned = clean_outlets(frame, ingested.outlets, settings.clean, known_lines)
    cleaned = cleaned.persist(StorageLevel.MEMORY_AND_DISK)
    count = cleaned.count()
    if store is not None:
        with store.transaction():
            for row in cleaned.where("recleaned").select("article").toLocalIterator():
                article = article_of(row.article)
                store.update_cleaning(article.id, article.text, article.removed)
    stage("annotating")
    # Spread again: the furniture pass grouped the articles by outlet, and Spark merges small groups.
    spread = cleaned.repartition(partitions_for(count, settings), "id")
    annotated_frame = annotate_articles(spread, settings.annotate.batch_size).persist(StorageLevel.MEMORY_AND_DISK)
    annotated = write_annotations(annotated_frame, store, settings, on_failure)
    articles = annotated_frame.select(*ARTICLE_COLUMNS).persist(StorageLevel.MEMORY_AND_DISK)
    built.unpersist()
    cleaned.unpersist()
    stage("copies, stories and comparisons")
    if store is not None:
        output = corpus_for_store(articles, store, settings, vectors, annotated > 0)
    else:
        output = corpus_with_spark(articles, settings, vectors, None, keep_features=False)
        stage("writing Parquet")
        from .parquet import write_datasets

        write_datasets(spark, str(out), articles, items, ingested, output, settings, vectors)
    annotated_frame.unpersist()
    articles.unpersist()
    compared = len(output.comparisons) if output.computed else 0
    return SparkRun(ingested.report, annotated, len(output.links), len(output.stories), compared)


def known_profiles(store: Store, settings: Settings) -> dict[str, OutletProfile]:
    """The furniture each outlet already in the store has (what ``ingest`` cleans a new article with)."""
    found = {outlet: outlet_profile(store, outlet, settings.clean) for outlet, _ in store.outlets()}
    return {outlet: profile for outlet, profile in found.items() if profile is not None}


def articles_frame(spark: SparkSession, built: DataFrame, ingested: Ingested, store: Store | None) -> DataFrame:
    """The articles of the corpus: each one stored now in the version kept, with the annotations the store
    holds for it (an article updated may keep them), and the store's other articles."""
    from pyspark.sql import functions as F

    kept = spark.createDataFrame([(idx,) for idx in ingested.kept.values()], "idx long")
    new = built.join(F.broadcast(kept), "idx").select(
        "id", "article", F.lit(None).cast("string").alias("annotations"), "outlet", "published", "language")
    if store is None:
        return new
    stored = {}
    for article_id in ingested.updated:
        annotations = store.annotations(article_id)
        if annotations is not None:
            stored[article_id] = annotations_json(annotations)
    if stored:
        held = spark.createDataFrame(list(stored.items()), "id string, held string")
        new = (new.join(F.broadcast(held), "id", "left")
               .select("id", "article", F.col("held").alias("annotations"), "outlet", "published", "language"))
    others = []
    for article in store.iter_articles():
        if article.id not in ingested.kept:
            annotations = store.annotations(article.id)
            others.append(article_row(article, annotations_json(annotations) if annotations else None))
    if not others:
        return new
    return new.unionByName(spark.createDataFrame(others, ARTICLE_SCHEMA).repartition(
        max(1, new.rdd.getNumPartitions())))


def write_annotations(frame: DataFrame, store: Store | None, settings: Settings,
                      on_failure: Callable[[str, str], None] | None) -> int:
    """The annotations read now, written to the store (in transactions of ``[annotate] batch_size`` x 4,
    as ``annotate`` does); returns how many articles were read."""
    done = frame.where("annotated").select("id", "annotations", "failure")
    count = 0
    rows = done.orderBy("id").toLocalIterator()
    for batch in batches(rows, settings.annotate.batch_size * 4):
        if store is not None:
            with store.transaction():
                for row in batch:
                    store.put_annotations(row.id, stored_annotations(row.annotations))
        for row in batch:
            if row.failure is not None and on_failure:
                on_failure(row.id, row.failure)
        count += len(batch)
    return count


def corpus_with_spark(articles: DataFrame, settings: Settings, vectors: bool | None,
                      index_rows: IndexRows | None, *, keep_features: bool = True) -> CorpusOutput:
    """The corpus stages as Spark jobs (``spark.corpus``, on the driver or as joins by ``[spark]
    driver_rows_limit``); ``index_rows``: the entity index to use (None: built from ``articles``);
    ``keep_features``: each article's prepared copy features collected for a store to keep (the Parquet
    datasets do not hold them, so an ``--out`` run leaves them on the executors)."""
    rows = corpus.entity_index_rows(articles, settings) if index_rows is None else index_rows
    index = {key: (entity, name, kind) for key, entity, name, kind, _ in rows}
    features: dict[str, tuple[str, bytes]] = {}
    links, signals = corpus.find_copies_spark(articles, settings, vectors=vectors,
                                              kept=features if keep_features else None)
    stories = corpus.group_stories_spark(articles, links, index, settings)
    comparisons = corpus.compare_stories_spark(articles, stories, links, signals, index, settings)
    return CorpusOutput(rows if index_rows is None else None, links, signals, stories, comparisons,
                        features=features)


def corpus_for_store(articles: DataFrame, store: Store, settings: Settings, vectors: bool | None,
                     annotated: bool) -> CorpusOutput:
    """The corpus stages for a store, written there with each stage's state; nothing is computed when the
    store's stages are all current (as the local runners would find them)."""
    if corpus_current(store, settings, vectors):
        return stored_corpus(store)
    # The index is rebuilt when articles were read, or it lacks the spellings, as ``annotate`` does;
    # else the store's stays.
    stored = None if annotated or store.entity_spellings_missing() else store.entity_index_rows()
    output = corpus_with_spark(articles, settings, vectors, stored)
    write_corpus(store, output, settings, vectors)
    return output
