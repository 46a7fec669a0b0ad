"""Canonical entity names on Spark: the entities read on the executors, counted on the driver or by Spark.

Each annotated article's stored annotations (the largest part of the articles frame after the text)
are parsed on the executors into one small (key, name, type, mentions, article) row per entity, as
:meth:`Store.iter_entity_lists` reads them. What :func:`newsprism.annotate.canonical.canonicalise` counts
for every key (how many articles spell it each way, its mentions by type, the articles naming it) comes
one of two ways:

- on the driver (corpora up to ``[spark] driver_rows_limit`` articles, the faster way): the entity rows
  collected in one job (Arrow) and counted there;
- by Spark (larger corpora): three aggregations, (key, name) counts, (key, type) mention sums and the
  distinct (key, article) pairs, each streamed to the driver a partition at a time, so the entity rows
  are never held there; the driver keeps only the counts.

Either way the keys are joined into canonical entities with
:func:`~newsprism.annotate.canonical.canonicalise_stats`, the function the local pass runs. Its bare-surname
rule reads the articles around a name, so the driver holds every key's articles in both.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..annotate.canonical import IndexRow, canonicalise_stats, index_rows, key_counts

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

ENTITY_SCHEMA = "key string, name string, type string, mentions long, article string"
KeyCounts = tuple[Mapping[str, Mapping[str, int]], Mapping[str, Mapping[str, int]], Mapping[str, set[str]]]


def entity_rows(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: one row per entity of each annotated article (its stored entities, whatever
    the version of the reader that wrote them, as the store's entity lists are read)."""
    import pandas as pd

    for frame in frames:
        rows = []
        for article_id, data in zip(frame["id"], frame["annotations"]):
            if data is None:
                continue
            for entity in json.loads(data).get("entities") or ():
                rows.append((entity["key"], entity["name"], entity["type"], len(entity["mentions"]), article_id))
        yield pd.DataFrame(rows, columns=["key", "name", "type", "mentions", "article"])


def counted_on_driver(entities: DataFrame) -> KeyCounts:
    """Each key's spellings, mentions by type and articles, from the entity rows collected in one job."""
    table = entities.toArrow().to_pydict()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    named_in: dict[str, set[str]] = defaultdict(set)
    for key, name, kind, mentions, article in zip(table["key"], table["name"], table["type"],
                                                  table["mentions"], table["article"]):
        names[key][name] += 1
        types[key][kind] += mentions
        named_in[key].add(article)
    return names, types, named_in


def counted_by_spark(entities: DataFrame) -> KeyCounts:
    """The same counts as three aggregations, streamed to the driver a partition at a time."""
    from pyspark.sql import functions as F

    entities = entities.persist()
    try:
        names: dict[str, dict[str, int]] = defaultdict(dict)
        for row in entities.groupBy("key", "name").count().toLocalIterator():
            names[row["key"]][row["name"]] = int(row["count"])
        types: dict[str, dict[str, int]] = defaultdict(dict)
        for row in entities.groupBy("key", "type").agg(F.sum("mentions").alias("mentions")).toLocalIterator():
            types[row["key"]][row["type"]] = int(row["mentions"])
        named_in: dict[str, set[str]] = defaultdict(set)
        same: dict[Any, str] = {}  # one string per article id, however many keys name it
        for row in entities.select("key", "article").distinct().toLocalIterator():
            named_in[row["key"]].add(same.setdefault(row["article"], row["article"]))
    finally:
        entities.unpersist()
    return names, types, named_in


def entity_index_rows(articles: DataFrame, *, distributed: bool = False) -> list[IndexRow]:
    """The store's entity index rows (key, entity id, name, type, spellings) for ``articles``: what
    ``rebuild_index(store.iter_entity_lists())`` gives for the same annotated articles. ``distributed``:
    counted by Spark aggregations instead of on the driver (the same counts)."""
    from pyspark.sql import functions as F

    entities = articles.where(F.col("annotations").isNotNull()).select("id", "annotations") \
        .mapInPandas(entity_rows, ENTITY_SCHEMA)
    names, types, named_in = counted_by_spark(entities) if distributed else counted_on_driver(entities)
    stats = {key: key_counts(names[key], types[key], named_in[key]) for key in sorted(names)}
    return index_rows(canonicalise_stats(stats))
