"""Copies on Spark: the same links as :func:`newsprism.copies.finder.find_copies`.

Where each part runs:

- executors, one article at a time (``mapInPandas``): :meth:`CopyFinder.prepare` (shingles, MinHash
  signature, fingerprint, sentence and detail hashes) and the article's content-farm signals, the
  most of the local pass's cost;
- the candidate pairs (LSH buckets and shared sentences, with their caps), one of two ways:

  - on the driver (corpora up to ``[spark] driver_rows_limit`` articles, the faster way): the compact
    features (a few hundred bytes per article: date, word count, signature, sentence hashes; with vectors
    the detail hashes) are collected, and each article's position in the corpus order (publication date,
    then id, as the store lists articles), its rank from earliest to latest and the candidate pairs come
    from :meth:`CopyFinder.pair_candidates`, the local pass's function;
  - as Spark joins (larger corpora; the features stay on the executors): positions and ranks from
    distributed sorts (:func:`places`); each valid article's LSH band keys
    (:func:`~newsprism.copies.minhash.band_keys`) grouped into buckets, each batch of buckets paired by
    :func:`~newsprism.copies.candidates.group_pairs` with the bucket cap; each sentence hash grouped with
    its articles, each batch of sentences counted by :func:`~newsprism.copies.candidates.co_occurrence`
    with the boilerplate cap, and the shared counts summed per pair (a sentence's articles are all in one
    row, so its count is whole); the same pairs as the local functions make, by their own code;

- executors, one candidate pair at a time (the pairs sent out, both articles joined in):
  :meth:`CopyFinder.match` (alignment, duplicate or not);
- driver: the matched pairs (one row per link, the alignment pickled) and the articles they touch are
  collected, and :meth:`CopyFinder.assemble` gives kinds, direction, third sources and byline signals,
  as the local pass does. With vectors, the rewrite candidates are a global ranking with a per-article
  cap (over the collected detail hashes), and the sentence encoder runs on the driver over the few
  articles they name.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..copies.align import Alignment
from ..copies.candidates import co_occurrence, decode_pairs, group_pairs
from ..copies.finder import CopyFinder, PreparedArticle, feature_key, pack_features
from ..copies.minhash import I64, U64, band_keys
from ..copies.relations import CopyLink, content_farm_signals, parse_when
from ..copies.text import Sentence, analyse
from ..settings import CopySettings
from .articles import article_of
from .runs import tasks

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

PREPARED_SCHEMA = ("id string, article string, published string, when double, fingerprint long, words long, "
                   "signature binary, sentences binary, details binary, signals array<string>, "
                   "key string, packed binary")
MATCH_SCHEMA = "i long, j long, duplicate boolean, alignment binary"
SLOT_SCHEMA = "id string, pos long, rank long"
BAND_SCHEMA = "band int, key long, member long"
HASH_SCHEMA = "hash long, pos long"
PAIR_SCHEMA = "i long, j long"
SHARED_SCHEMA = "i long, j long, shared long"
_LOW32 = np.int64(0xFFFFFFFF)


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
            when = CopyFinder.rank_key(doc)[0]
            rows.append((article.id, data, article.published or "", when, doc.fingerprint, doc.words,
                         np.ascontiguousarray(signature, dtype=np.uint32).tobytes(), doc.sentence_hashes.tobytes(),
                         doc.detail_hashes.tobytes(), content_farm_signals(article),
                         feature_key(article, settings, vectors), pack_features(doc, signature)))
        yield pd.DataFrame(rows, columns=[c.split()[0] for c in PREPARED_SCHEMA.split(", ")])


def _rows(table: dict[str, list[Any]], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """A collected table's rows, as tuples of ``columns``."""
    return list(zip(*(table[c] for c in columns)))


def _hashes(data: bytes) -> U64:
    return np.frombuffer(data, dtype=np.uint64)


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


def _pairs_frame(codes: I64, n: int, positions: I64) -> pd.DataFrame:
    """Pairs coded over ``n`` batch-local indices, as (i, j) corpus positions with i < j."""
    import pandas as pd

    local = np.array(decode_pairs(codes, n), dtype=np.int64).reshape(-1, 2)
    a, b = positions[local[:, 0]], positions[local[:, 1]]
    return pd.DataFrame({"i": np.minimum(a, b), "j": np.maximum(a, b)})


def band_rows(frames: Iterator[pd.DataFrame], settings: CopySettings) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: one (band, key, member) row per LSH band of each article long enough to be bucketed
    (as :meth:`CopyFinder.pair_candidates` marks them); ``member`` packs the article's position and rank into
    one long (each below 2^31), so a bucket's members come back as one array."""
    import pandas as pd

    for frame in frames:
        valid = frame["words"].to_numpy() >= settings.shingle_words
        if not valid.any():
            continue
        signatures = np.vstack([np.frombuffer(data, dtype=np.uint32) for data in frame["signature"][valid]])
        keys = band_keys(signatures, settings.bands)
        members = (frame["pos"].to_numpy()[valid].astype(np.int64) << 32) | frame["rank"].to_numpy()[valid]
        count, bands = keys.shape
        yield pd.DataFrame({"band": np.tile(np.arange(bands, dtype=np.int32), count),
                            "key": keys.reshape(-1).view(np.int64), "member": np.repeat(members, bands)})


def bucket_pairs(frames: Iterator[pd.DataFrame], settings: CopySettings) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over (members) rows, one per LSH bucket of two or more: each batch of buckets paired
    by :func:`group_pairs`, the local pass's function (a bucket over ``max_bucket`` paired with its
    ``bucket_anchors`` earliest members only)."""
    for frame in frames:
        lists = [np.asarray(members, dtype=np.int64) for members in frame["members"]]
        if not lists:
            continue
        packed = np.concatenate(lists)
        ends = np.cumsum([len(members) for members in lists])
        groups = [np.arange(end - len(members), end, dtype=np.int64) for members, end in zip(lists, ends)]
        codes = group_pairs(groups, packed & _LOW32, len(packed), settings.max_bucket, settings.bucket_anchors)
        yield _pairs_frame(codes, len(packed), packed >> 32)


def sentence_rows(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: one (hash, pos) row per eligible sentence hash of each article."""
    import pandas as pd

    for frame in frames:
        hashes = [np.frombuffer(data, dtype=np.uint64).view(np.int64) for data in frame["sentences"]]
        if not hashes:
            continue
        counts = [len(h) for h in hashes]
        yield pd.DataFrame({"hash": np.concatenate(hashes),
                            "pos": np.repeat(frame["pos"].to_numpy().astype(np.int64), counts)})


def sentence_counts(frames: Iterator[pd.DataFrame], settings: CopySettings) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over (docs) rows, one per sentence found in two or more articles: the pairs each batch
    of sentences makes and how many of them each pair shares, by :func:`co_occurrence`, the local pass's
    function (a sentence in over ``max_sentence_articles`` articles pairs nobody). Every article of a
    sentence is in its row, so the caps hold; a pair's counts from all batches are summed after."""
    import pandas as pd

    for frame in frames:
        lists = [np.asarray(docs, dtype=np.int64) for docs in frame["docs"]]
        if not lists:
            continue
        items = np.repeat(np.arange(len(lists), dtype=np.uint64), [len(docs) for docs in lists])
        articles, local = np.unique(np.concatenate(lists), return_inverse=True)
        order = np.argsort(local, kind="stable")
        # each article's sentences among this batch's, as the local pass gives each article's hashes
        per_article = np.split(items[order], np.cumsum(np.bincount(local, minlength=len(articles)))[:-1])
        codes, shared, _ = co_occurrence(per_article, len(articles), settings.max_sentence_articles)
        pairs = _pairs_frame(codes, len(articles), articles)
        yield pd.DataFrame({"i": pairs["i"], "j": pairs["j"], "shared": shared.astype(np.int64)})


def places(frame: DataFrame, order: tuple[str, ...], name: str, cached: list[DataFrame]) -> DataFrame:
    """(id, ``name``): each row's place from 0 in the order of ``order`` (ending with a unique column), by a
    distributed sort: each sorted partition's rows numbered after the partitions before it (a window over
    the whole frame would put every row in one task). The numbered frame is cached (added to ``cached``)."""
    from pyspark.sql import functions as F

    tagged = frame.select(*dict.fromkeys(("id", *order))).orderBy(*order).select(
        "id", F.spark_partition_id().alias("part"), F.monotonically_increasing_id().alias("tag")).persist()
    cached.append(tagged)
    starts, at = [], 0
    for part, size in sorted((int(r.part), int(r["count"])) for r in tagged.groupBy("part").count().collect()):
        starts.append((part, at))
        at += size
    offsets = frame.sparkSession.createDataFrame(starts, "part int, start long")
    # monotonically_increasing_id: the partition in the upper 31 bits, the row within it in the lower 33
    return tagged.join(F.broadcast(offsets), "part").select(
        "id", (F.col("start") + F.col("tag") - F.shiftleft(F.col("part").cast("long"), 33)).alias(name))


def candidate_pairs(compact: DataFrame, settings: CopySettings) -> DataFrame:
    """(i, j), i < j: the pairs :meth:`CopyFinder.pair_candidates` gives, from each article's (pos, rank,
    words, signature, sentences) row, as Spark joins and aggregations."""
    from pyspark.sql import functions as F

    buckets = (compact.select("pos", "rank", "words", "signature")
               .mapInPandas(lambda frames: band_rows(frames, settings), BAND_SCHEMA)
               .groupBy("band", "key").agg(F.count("*").alias("size"), F.collect_list("member").alias("members"))
               .where(F.col("size") >= 2))  # a bucket of one pairs nobody
    by_bucket = buckets.select("members").mapInPandas(lambda frames: bucket_pairs(frames, settings), PAIR_SCHEMA)
    sentences = (compact.select("pos", "sentences").mapInPandas(sentence_rows, HASH_SCHEMA)
                 .groupBy("hash").agg(F.count("*").alias("size"), F.collect_list("pos").alias("docs"))
                 .where(F.col("size") >= 2))  # nor does a sentence in one article
    by_sentence = (sentences.select("docs").mapInPandas(lambda frames: sentence_counts(frames, settings), SHARED_SCHEMA)
                   .groupBy("i", "j").agg(F.sum("shared").alias("shared"))
                   .where(F.col("shared") >= settings.min_shared_sentences)  # sentence_pairs's test, on the sums
                   .select("i", "j"))
    return by_bucket.unionByName(by_sentence).distinct()


def joined_candidates(features: DataFrame, settings: CopySettings, cached: list[DataFrame],
                      ) -> tuple[DataFrame, DataFrame]:
    """Each prepared article's compact row placed (id, pos, rank: its place in the corpus order and from
    earliest to latest; words, signature, sentences, signals, details), cached, and the candidate pairs
    (i, j) by position; what is cached on the way is added to ``cached``."""
    slots = places(features, ("published", "id"), "pos", cached).join(
        places(features, ("when", "id"), "rank", cached), "id")
    placed = features.select("id", "words", "signature", "sentences", "signals", "details").join(slots, "id")
    placed = placed.persist()
    cached.append(placed)
    return placed, candidate_pairs(placed, settings)


@dataclass
class _Search:
    """What a candidate search leaves for the links: the matched pairs by position, every article's
    content-farm signals (corpus order) and, with vectors, detail hashes (by position), and a way to name
    given positions (id, pos, rank) for the articles the links need."""

    found: dict[tuple[int, int], Alignment]
    duplicates: set[tuple[int, int]]
    signals: dict[str, list[str]]
    details: list[U64]
    slots: Callable[[set[int]], DataFrame]


def _matched(features: DataFrame, sent: DataFrame, settings: CopySettings, vectors: bool,
             ) -> tuple[dict[tuple[int, int], Alignment], set[tuple[int, int]]]:
    """The candidate pairs ``sent`` (i, j, a, b: positions and ids) matched on the executors, both articles
    joined in."""
    side = features.select("id", "article", "fingerprint", "words")
    joined = (sent.join(side.toDF("a", "a_article", "a_fingerprint", "a_words"), "a")
              .join(side.toDF("b", "b_article", "b_fingerprint", "b_words"), "b")
              .select("i", "j", "a_article", "a_fingerprint", "a_words", "b_article", "b_fingerprint", "b_words"))
    matched = sorted(joined.repartition(tasks(features.sparkSession)).mapInPandas(
        lambda frames: match_batches(frames, settings, vectors), MATCH_SCHEMA).collect(), key=lambda r: (r.i, r.j))
    found = {(int(r.i), int(r.j)): pickle.loads(r.alignment) for r in matched}
    return found, {(int(r.i), int(r.j)) for r in matched if r.duplicate}


def search_on_driver(features: DataFrame, finder: CopyFinder) -> _Search:
    """Candidate pairs from the collected compact features, by :meth:`CopyFinder.pair_candidates`."""
    spark = features.sparkSession
    columns = ("id", "published", "when", "words", "signature", "sentences", "signals") + \
        (("details",) if finder.vectors else ())
    rows = _rows(features.select(*columns).toArrow().to_pydict(), columns)
    rows.sort(key=lambda r: (r[1], r[0]))  # the store's order: publication date, then id
    ids = [str(r[0]) for r in rows]
    n = len(rows)
    rank = np.empty(n, dtype=np.int64)
    when = [float(r[2]) for r in rows]
    rank[np.array(sorted(range(n), key=lambda k: (when[k], ids[k])), dtype=np.int64)] = np.arange(n)
    signatures = np.vstack([np.frombuffer(r[4], dtype=np.uint32) for r in rows]) if n else \
        np.empty((0, finder.settings.num_perm), dtype=np.uint32)
    pairs = finder.pair_candidates([int(r[3]) for r in rows], [_hashes(r[5]) for r in rows], signatures, rank)
    signals = {article_id: [str(x) for x in r[6]] for article_id, r in zip(ids, rows)}
    details: list[U64] = [_hashes(r[7]) for r in rows] if finder.vectors else []
    del rows, signatures
    found: dict[tuple[int, int], Alignment] = {}
    duplicates: set[tuple[int, int]] = set()
    if pairs:
        sent = spark.createDataFrame([(i, j, ids[i], ids[j]) for i, j in pairs], "i long, j long, a string, b string")
        found, duplicates = _matched(features, sent, finder.settings, finder.vectors)

    def slots(wanted: set[int]) -> DataFrame:
        return spark.createDataFrame([(ids[k], k, int(rank[k])) for k in sorted(wanted)], SLOT_SCHEMA)

    return _Search(found, duplicates, signals, details, slots)


def search_with_joins(features: DataFrame, finder: CopyFinder, cached: list[DataFrame]) -> _Search:
    """Candidate pairs as Spark joins and aggregations (:func:`candidate_pairs`): nothing per article on the
    driver but the output (each article's content-farm signals) and, with vectors, the detail hashes."""
    from pyspark.sql import functions as F

    spark = features.sparkSession
    placed, pairs = joined_candidates(features, finder.settings, cached)
    sent = (pairs.join(placed.select(F.col("pos").alias("i"), F.col("id").alias("a")), "i")
            .join(placed.select(F.col("pos").alias("j"), F.col("id").alias("b")), "j"))
    found, duplicates = _matched(features, sent, finder.settings, finder.vectors)
    # the output's signals (and with vectors the detail hashes) of every article, put in corpus order; a
    # partition at a time, as one collection could pass spark.driver.maxResultSize
    count = placed.count()
    ids: list[str] = [""] * count
    found_signals: list[list[str]] = [[] for _ in ids]
    details: list[U64] = [np.empty(0, dtype=np.uint64)] * (count if finder.vectors else 0)
    columns = ("pos", "id", "signals") + (("details",) if finder.vectors else ())
    for r in placed.select(*columns).toLocalIterator(prefetchPartitions=True):
        ids[r.pos] = r.id
        found_signals[r.pos] = [str(x) for x in r.signals]
        if finder.vectors:
            details[r.pos] = _hashes(r.details)
    signals = dict(zip(ids, found_signals))

    def named(wanted: set[int]) -> DataFrame:
        chosen = spark.createDataFrame([(k,) for k in sorted(wanted)], "pos long")
        return placed.join(F.broadcast(chosen), "pos").select("id", "pos", "rank")

    return _Search(found, duplicates, signals, details, named)


def find_copies_spark(articles: DataFrame, settings: CopySettings, *, vectors: bool | None = None,
                      kept: dict[str, tuple[str, bytes]] | None = None, distributed: bool = False,
                      ) -> tuple[list[CopyLink], dict[str, list[str]]]:
    """What ``find_copies(articles in the store's order, settings, vectors=vectors)`` gives. ``kept``, when
    given, receives every article's (feature key, packed features), as a local pass's ``FeatureCache``
    makes them, for a store to keep. ``distributed``: the candidate pairs found by Spark joins, not on the driver
    (the same pairs; for corpora whose features would not fit the driver)."""
    from pyspark.sql import functions as F

    chosen = settings.vectors if vectors is None else vectors
    finder = CopyFinder(settings, vectors=chosen)
    features = articles.select("article").mapInPandas(
        lambda frames: prepare_batches(frames, settings, chosen), PREPARED_SCHEMA).persist()
    cached = [features]
    try:
        if kept is not None:
            for r in features.select("id", "key", "packed").toLocalIterator():
                kept[r.id] = (r.key, bytes(r.packed))
        search = search_with_joins(features, finder, cached) if distributed else search_on_driver(features, finder)
        wanted = {k for pair in search.found for k in pair}
        if chosen:
            wanted |= {k for i, j, _ in finder.rewrite_candidates(search.details, set(search.found)) for k in (i, j)}
        docs: dict[int, PreparedArticle] = {}
        ranks: dict[int, int] = {}
        if wanted:
            for r in features.join(F.broadcast(search.slots(wanted)), "id") \
                    .select("pos", "rank", "article", "fingerprint", "words").toLocalIterator():
                docs[int(r.pos)] = _doc(r.article, r.fingerprint, r.words)
                ranks[int(r.pos)] = int(r.rank)
    finally:
        for frame in cached:
            frame.unpersist()
    cache: dict[int, list[Sentence]] = {}

    def sents(k: int) -> list[Sentence]:
        if k not in cache:
            cache[k] = analyse(docs[k].article.text)[0]
        return cache[k]

    finder.assemble(docs, ranks, search.found, search.duplicates, sents, search.details, search.signals)
    return finder.links_, finder.signals_
