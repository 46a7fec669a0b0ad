"""Per-group work in ``mapInPandas``: a partition sorted by a column, cut into its runs of equal values.

``applyInPandas`` calls Python once per group, which costs more than the work when the groups are many
and small (one per article, per index key, per story). Repartitioning by the group column, sorting each
partition by it and cutting the partition's batches into runs gives the same groups with one Python call
per partition; a run that spans two Arrow batches is carried over and joined to the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession


def runs(frames: Iterator[pd.DataFrame], column: str) -> Iterator[pd.DataFrame]:
    """The groups of equal ``column`` in batches sorted by it (within one partition), in order."""
    import pandas as pd

    carry: pd.DataFrame | None = None
    for frame in frames:
        if carry is not None:
            frame = pd.concat([carry, frame], ignore_index=True)
            carry = None
        if frame.empty:
            continue
        values = frame[column].to_numpy()
        starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
        for start, end in zip(starts[:-1], starts[1:]):
            yield frame.iloc[start:end]
        carry = frame.iloc[starts[-1]:]
    if carry is not None and not carry.empty:
        yield carry


def tasks(spark: SparkSession) -> int:
    """How many partitions a stage's Python work is cut into: two per core, so a slow task is not
    waited for alone (on local[2]: 4)."""
    return max(2, 2 * spark.sparkContext.defaultParallelism)


def grouped(frame: DataFrame, column: str, order: str, partitions: int) -> DataFrame:
    """``frame`` hash-partitioned by ``column``, each partition sorted by ``column`` then ``order``: ready
    for :func:`runs`."""
    return frame.repartition(partitions, column).sortWithinPartitions(column, order)
