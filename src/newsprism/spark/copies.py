"""Copies on Spark: the same links as :func:`newsprism.copies.finder.find_copies`.

Where each part runs:

- executors, one article at a time (``mapInPandas``): :meth:`CopyFinder.prepare` (shingles, MinHash
  signature, fingerprint, sentence and detail hashes) and the article's content-farm signals, the
  most of the local pass's cost;
- driver: the compact features (a few hundred bytes per article: date, word count, signature,
  sentence hashes; with vectors the detail hashes) are collected, and each article's position in the
  corpus order (publication date, then id, as the store lists articles), its rank from earliest to
  latest and the candidate pairs (LSH buckets and shared sentences, with their caps) come from
  :meth:`CopyFinder.pair_candidates`, the local pass's function;
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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..copies.align import Alignment
from ..copies.finder import CopyFinder, PreparedArticle, feature_key, pack_features
from ..copies.minhash import U64
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


def find_copies_spark(articles: DataFrame, settings: CopySettings, *, vectors: bool | None = None,
                      kept: dict[str, tuple[str, bytes]] | None = None,
                      ) -> tuple[list[CopyLink], dict[str, list[str]]]:
    """What ``find_copies(articles in the store's order, settings, vectors=vectors)`` gives. ``kept``, when
    given, receives every article's (feature key, packed features), as a local pass's ``FeatureCache``
    makes them, for a store to keep."""
    from pyspark.sql import functions as F

    spark = articles.sparkSession
    chosen = settings.vectors if vectors is None else vectors
    finder = CopyFinder(settings, vectors=chosen)
    features = articles.select("article").mapInPandas(
        lambda frames: prepare_batches(frames, settings, chosen), PREPARED_SCHEMA).persist()
    try:
        columns = ("id", "published", "when", "words", "signature", "sentences", "signals") + \
            (("details",) if chosen else ())
        rows = _rows(features.select(*columns).toArrow().to_pydict(), columns)
        if kept is not None:
            for r in features.select("id", "key", "packed").toLocalIterator():
                kept[r.id] = (r.key, bytes(r.packed))
        rows.sort(key=lambda r: (r[1], r[0]))  # the store's order: publication date, then id
        ids = [str(r[0]) for r in rows]
        n = len(rows)
        rank = np.empty(n, dtype=np.int64)
        when = [float(r[2]) for r in rows]
        rank[np.array(sorted(range(n), key=lambda k: (when[k], ids[k])), dtype=np.int64)] = np.arange(n)
        signatures = np.vstack([np.frombuffer(r[4], dtype=np.uint32) for r in rows]) if n else \
            np.empty((0, settings.num_perm), dtype=np.uint32)
        pairs = finder.pair_candidates([int(r[3]) for r in rows], [_hashes(r[5]) for r in rows], signatures, rank)
        signals = {article_id: [str(x) for x in r[6]] for article_id, r in zip(ids, rows)}
        details: list[U64] = [_hashes(r[7]) for r in rows] if chosen else []
        del rows, signatures
        found: dict[tuple[int, int], Alignment] = {}
        duplicates: set[tuple[int, int]] = set()
        if pairs:
            side = features.select("id", "article", "fingerprint", "words")
            sent = spark.createDataFrame([(i, j, ids[i], ids[j]) for i, j in pairs], "i long, j long, a string, b string")
            joined = (sent.join(side.toDF("a", "a_article", "a_fingerprint", "a_words"), "a")
                      .join(side.toDF("b", "b_article", "b_fingerprint", "b_words"), "b")
                      .select("i", "j", "a_article", "a_fingerprint", "a_words", "b_article", "b_fingerprint", "b_words"))
            matched = joined.repartition(tasks(spark)).mapInPandas(
                lambda frames: match_batches(frames, settings, chosen), MATCH_SCHEMA).collect()
            found = {(int(r.i), int(r.j)): pickle.loads(r.alignment) for r in matched}
            duplicates = {(int(r.i), int(r.j)) for r in matched if r.duplicate}
        wanted = {k for pair in found for k in pair}
        if chosen:
            wanted |= {k for i, j, _ in finder.rewrite_candidates(details, set(found)) for k in (i, j)}
        docs: dict[int, PreparedArticle] = {}
        ranks: dict[int, int] = {}
        if wanted:
            position = {ids[k]: k for k in wanted}
            named = spark.createDataFrame([(article_id,) for article_id in position], "id string")
            for r in features.join(F.broadcast(named), "id").select("id", "article", "fingerprint", "words") \
                    .toLocalIterator():
                k = position[r.id]
                docs[k] = _doc(r.article, r.fingerprint, r.words)
                ranks[k] = int(rank[k])
    finally:
        features.unpersist()
    cache: dict[int, list[Sentence]] = {}

    def sents(k: int) -> list[Sentence]:
        if k not in cache:
            cache[k] = analyse(docs[k].article.text)[0]
        return cache[k]

    finder.assemble(docs, ranks, found, duplicates, sents, details, signals)
    return finder.links_, finder.signals_
