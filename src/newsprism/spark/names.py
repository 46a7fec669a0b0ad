"""Canonical entity names on Spark: the entities read on the executors, counted and joined on the driver.

Each annotated article's stored annotations (the largest part of the articles frame after the text)
are parsed on the executors into one small (key, name, type, mentions, article) row per entity, as
:meth:`Store.iter_entity_lists` reads them. The driver collects those rows in one job (Arrow; a few
per article, no larger than the per key and article counts the joins need anyway), counts what
:func:`newsprism.annotate.canonical.canonicalise` counts for every key (how many articles spell it each
way, its mentions by type, the articles naming it) and joins keys into canonical entities with
:func:`~newsprism.annotate.canonical.canonicalise_stats`, the function the local pass runs.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
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
        .mapInPandas(entity_rows, ENTITY_SCHEMA).toArrow().to_pydict()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    named_in: dict[str, set[str]] = defaultdict(set)
    for key, name, kind, mentions, article in zip(entities["key"], entities["name"], entities["type"],
                                                  entities["mentions"], entities["article"]):
        names[key][name] += 1
        types[key][kind] += mentions
        named_in[key].add(article)
    stats = {key: key_counts(names[key], types[key], named_in[key]) for key in sorted(names)}
    return [(key, c.id, c.name, c.type) for key, c in sorted(canonicalise_stats(stats).items())]
