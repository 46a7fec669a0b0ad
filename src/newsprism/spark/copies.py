"""Copies on Spark: the same links as :func:`newsprism.copies.finder.find_copies`, found with joins.

Where each part runs:

- executors, one article at a time (``mapInPandas``): :meth:`CopyFinder.prepare` (shingles, MinHash
  signature, fingerprint, sentence and detail hashes), the signature's LSH band keys
  (:func:`~newsprism.copies.minhash.band_keys`) and the article's content-farm signals;
- Spark SQL: each article's position in the corpus order (publication date, then id, as the store
  lists articles) and its rank from earliest to latest, by window functions; the candidate pairs as
  self-joins: (band, key, article) rows joined within each bucket (a bucket larger than
  ``max_bucket`` pairs its members only with its ``bucket_anchors`` earliest, by a window over the
  rank), and (sentence hash, article) rows joined within each sentence found in 2 to
  ``max_sentence_articles`` articles, pairs sharing ``min_shared_sentences`` kept;
- executors, one candidate pair at a time: :meth:`CopyFinder.match` (alignment, duplicate or not);
- driver: the matched pairs (one row per link, the alignment pickled) and the articles they touch are
  collected, and :meth:`CopyFinder.assemble` gives kinds, direction, third sources and byline signals,
  as the local pass does. With vectors, the detail hashes of every article are collected too: the
  rewrite candidates are a global ranking with a per-article cap, and the sentence encoder runs on the
  driver over the few articles they name.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..copies.finder import CopyFinder, PreparedArticle
from ..copies.minhash import U64, band_keys
from ..copies.relations import CopyLink, content_farm_signals, parse_when
from ..copies.text import Sentence, analyse
from ..settings import CopySettings
from .articles import article_of

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

PREPARED_SCHEMA = ("id string, article string, published string, when double, fingerprint long, words long, "
                   "valid boolean, bands array<long>, sentences array<long>, details array<long>, "
                   "signals array<string>")
MATCH_SCHEMA = "i long, j long, duplicate boolean, alignment binary"


def _signed(values: U64) -> list[int]:
    """uint64 hashes as the int64 Spark keeps (the same bits, so equality is kept)."""
    return [int(v) for v in np.asarray(values, dtype=np.uint64).view(np.int64)]


def _unsigned(values: Any) -> U64:
    return np.unique(np.asarray(list(values), dtype=np.int64).view(np.uint64))


def prepare_batches(frames: Iterator[pd.DataFrame], settings: CopySettings, vectors: bool,
                    ) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: each article's features (:data:`PREPARED_SCHEMA`), as the local pass prepares them."""
    import pandas as pd

    finder = CopyFinder(settings, vectors=vectors)
    hasher, minhasher = finder.hashers()
    for frame in frames:
        rows = []
        for data in frame["article"]:
            article = article_of(data)
            doc, signature = finder.prepare(article, hasher, minhasher)
            keys = band_keys(signature[None, :], settings.bands)[0]
            when = CopyFinder.rank_key(doc)[0]
            rows.append((article.id, data, article.published or "", when, doc.fingerprint, doc.words,
                         doc.words >= settings.shingle_words, _signed(keys), _signed(doc.sentence_hashes),
                         _signed(doc.detail_hashes), content_farm_signals(article)))
        yield pd.DataFrame(rows, columns=[c.split()[0] for c in PREPARED_SCHEMA.split(", ")])


def _positions(prepared: DataFrame) -> DataFrame:
    """Each article's position in the corpus order (``pos``) and rank from earliest to latest (``rank``)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    slim = prepared.select("id", "published", "when")
    slim = slim.withColumn("pos", F.row_number().over(Window.orderBy("published", "id")) - 1)
    slim = slim.withColumn("rank", F.row_number().over(Window.orderBy("when", "id")) - 1)
    return prepared.join(slim.select("id", "pos", "rank"), "id")


def candidate_pairs(prepared: DataFrame, settings: CopySettings) -> DataFrame:
    """(i, j) with i < j: the pairs the local pass aligns (LSH buckets, shared sentences), as joins."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    bands = prepared.where("valid").select("pos", "rank", F.posexplode("bands").alias("band", "key"))
    bucket = Window.partitionBy("band", "key")
    bands = (bands.withColumn("size", F.count("*").over(bucket))
             .withColumn("order", F.row_number().over(bucket.orderBy("rank"))).where("size >= 2"))
    small = bands.where(F.col("size") <= settings.max_bucket)
    by_bucket = (small.alias("a").join(small.alias("b"), ["band", "key"]).where("a.pos < b.pos")
                 .select(F.col("a.pos").alias("i"), F.col("b.pos").alias("j")))
    large = bands.where(F.col("size") > settings.max_bucket)
    anchors = large.where(F.col("order") <= settings.bucket_anchors)
    by_anchor = (anchors.alias("a").join(large.alias("b"), ["band", "key"]).where("a.pos != b.pos")
                 .select(F.least("a.pos", "b.pos").alias("i"), F.greatest("a.pos", "b.pos").alias("j")))
    sentences = prepared.select("pos", F.explode("sentences").alias("hash"))
    sentences = sentences.withColumn("df", F.count("*").over(Window.partitionBy("hash")))
    sentences = sentences.where((F.col("df") >= 2) & (F.col("df") <= settings.max_sentence_articles))
    by_sentence = (sentences.alias("a").join(sentences.alias("b"), "hash").where("a.pos < b.pos")
                   .groupBy(F.col("a.pos").alias("i"), F.col("b.pos").alias("j")).count()
                   .where(F.col("count") >= settings.min_shared_sentences).select("i", "j"))
    return by_bucket.unionByName(by_anchor).unionByName(by_sentence).distinct()


def _doc(article: str, fingerprint: int, words: int) -> PreparedArticle:
    """What matching and linking read of a prepared article (its hashes are not needed there)."""
    found = article_of(article)
    empty = np.empty(0, dtype=np.uint64)
    return PreparedArticle(found, parse_when(found.published), int(fingerprint), int(words), empty, empty)


def match_batches(frames: Iterator[pd.DataFrame], settings: CopySettings, vectors: bool,
                  ) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: each candidate pair (both articles joined in) matched, the pairs kept as links."""
    import pandas as pd

    finder = CopyFinder(settings, vectors=vectors)
    for frame in frames:
        sentences: dict[int, list[Sentence]] = {}
        rows = []
        for pair in frame.itertuples(index=False):
            a = _doc(pair.a_article, pair.a_fingerprint, pair.a_words)
            b = _doc(pair.b_article, pair.b_fingerprint, pair.b_words)
            for pos, doc in ((pair.i, a), (pair.j, b)):
                if pos not in sentences:
                    sentences[pos] = analyse(doc.article.text)[0]
            matched = finder.match(a, b, sentences[pair.i], sentences[pair.j])
            if matched is not None:
                rows.append((pair.i, pair.j, matched[1], pickle.dumps(matched[0])))
        yield pd.DataFrame(rows, columns=["i", "j", "duplicate", "alignment"])


def find_copies_spark(articles: DataFrame, settings: CopySettings, *, vectors: bool | None = None,
                      ) -> tuple[list[CopyLink], dict[str, list[str]]]:
    """What ``find_copies(articles in the store's order, settings, vectors=vectors)`` gives."""
    from pyspark.sql import functions as F

    chosen = settings.vectors if vectors is None else vectors
    finder = CopyFinder(settings, vectors=chosen)
    features = articles.select("article").mapInPandas(
        lambda frames: prepare_batches(frames, settings, chosen), PREPARED_SCHEMA).persist()
    prepared = _positions(features).persist()
    try:
        pairs = candidate_pairs(prepared, settings)
        side = prepared.select("pos", "article", "fingerprint", "words")
        joined = (pairs.join(side.toDF("i", "a_article", "a_fingerprint", "a_words"), "i")
                  .join(side.toDF("j", "b_article", "b_fingerprint", "b_words"), "j")
                  .select("i", "j", "a_article", "a_fingerprint", "a_words", "b_article", "b_fingerprint", "b_words"))
        matched = joined.mapInPandas(lambda frames: match_batches(frames, settings, chosen), MATCH_SCHEMA).collect()
        found = {(int(r.i), int(r.j)): pickle.loads(r.alignment) for r in matched}
        duplicates = {(int(r.i), int(r.j)) for r in matched if r.duplicate}
        signals = {r.id: list(r.signals) for r in prepared.select("pos", "id", "signals").orderBy("pos").collect()}
        details: list[U64] = []
        wanted = {k for pair in found for k in pair}
        if chosen:
            details = [_unsigned(r.details) for r in prepared.select("pos", "details").orderBy("pos").collect()]
            wanted |= {k for i, j, _ in finder.rewrite_candidates(details, set(found)) for k in (i, j)}
        docs: dict[int, PreparedArticle] = {}
        rank: dict[int, int] = {}
        if wanted:
            chosen_rows = prepared.where(F.col("pos").isin(sorted(wanted))).select(
                "pos", "rank", "article", "fingerprint", "words").collect()
            for r in chosen_rows:
                docs[int(r.pos)] = _doc(r.article, r.fingerprint, r.words)
                rank[int(r.pos)] = int(r.rank)
    finally:
        prepared.unpersist()
        features.unpersist()
    cache: dict[int, list[Sentence]] = {}

    def sents(k: int) -> list[Sentence]:
        if k not in cache:
            cache[k] = analyse(docs[k].article.text)[0]
        return cache[k]

    finder.assemble(docs, rank, found, duplicates, sents, details, signals)
    return finder.links_, finder.signals_

