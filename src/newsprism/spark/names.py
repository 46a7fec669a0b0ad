"""Canonical entity names on Spark: the corpus counts per entity key as an aggregation, the joins on the driver.

Each annotated article's entities are exploded on the executors into (key, name, type, mentions,
article) rows, as :meth:`Store.iter_entity_lists` reads them. Three aggregations give every key what
:func:`newsprism.annotate.canonical.canonicalise` counts: how many articles spell it each way, its
mentions by type, and the articles naming it. The driver collects those counts (one row per key and
spelling, per key and type, per key and article) and joins keys into canonical entities with
:func:`~newsprism.annotate.canonical.canonicalise_stats`, the function the local pass runs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..annotate.canonical import canonicalise_stats, key_counts

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

IndexRow = tuple[str, str, str, str]
ENTITY_SCHEMA = "key string, name string, type string, mentions long, article string"


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


def entity_index_rows(articles: DataFrame) -> list[IndexRow]:
    """The store's entity index rows (key, entity id, name, type) for ``articles``: what
    ``rebuild_index(store.iter_entity_lists())`` gives for the same annotated articles."""
    from pyspark.sql import functions as F

    entities = articles.where(F.col("annotations").isNotNull()).select("id", "annotations") \
        .mapInPandas(entity_rows, ENTITY_SCHEMA).persist()
    try:
        names: dict[str, dict[str, int]] = defaultdict(dict)
        for row in entities.groupBy("key", "name").count().toLocalIterator():
            names[row["key"]][row["name"]] = int(row["count"])
        types: dict[str, dict[str, int]] = defaultdict(dict)
        for row in entities.groupBy("key", "type").agg(F.sum("mentions").alias("mentions")).toLocalIterator():
            types[row["key"]][row["type"]] = int(row["mentions"])
        named_in: dict[str, list[str]] = defaultdict(list)
        for row in entities.select("key", "article").distinct().toLocalIterator():
            named_in[row["key"]].append(row["article"])
    finally:
        entities.unpersist()
    stats = {key: key_counts(names[key], types[key], named_in[key]) for key in sorted(names)}
    return [(key, c.id, c.name, c.type) for key, c in sorted(canonicalise_stats(stats).items())]
