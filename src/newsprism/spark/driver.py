"""The driver's side of ``ingest`` on Spark: the sources read in input order, the raw inputs handed to
Spark as a frame, and the built articles taken back in input order, each reported (and, with a store,
written) as ``extract.runner.ingest_items`` does.

Reading sources (listing folders, parsing feeds and archives, fetching URLs) stays here; extraction
and cleaning run on the executors (``spark.articles.build_articles``).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import InputError
from ..extract.article import input_key
from ..extract.runner import ProgressCallback, source_items
from ..schema import IngestReport, ItemResult, ItemStatus, RawItem
from ..settings import Settings
from ..sources.reader import Item
from .articles import RAW_SCHEMA, article_of, raw_meta

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from ..store import Store

def read_items(sources: Iterable[str], settings: Settings, *, allow_private: bool | None = None,
               fetch_feed_pages: bool | None = None, follow_links: bool = False) -> list[Item]:
    """Every item of every source in input order (raw inputs, or the failures met reading them)."""
    with source_items(sources, settings, allow_private=allow_private, fetch_feed_pages=fetch_feed_pages,
                      follow_links=follow_links) as items:
        return list(items)


def partitions_for(rows: int, settings: Settings) -> int:
    """How many partitions ``rows`` rows make at ``[spark] rows_per_partition``."""
    return max(1, math.ceil(rows / settings.spark.rows_per_partition))


def raw_frame(spark: SparkSession, raws: list[tuple[int, RawItem]], settings: Settings) -> DataFrame:
    """The raw inputs to build, with their place in the run, as a frame of :data:`RAW_SCHEMA`: partitions
    of consecutive inputs, in input order (so the built rows come back in that order, a partition at a
    time)."""
    rows = [(idx, raw.origin, raw.content, raw_meta(raw)) for idx, raw in raws]
    frame = spark.createDataFrame(rows, schema=RAW_SCHEMA)
    if not rows:
        return frame
    return frame.repartitionByRange(partitions_for(len(rows), settings), "idx").sortWithinPartitions("idx")


class Sink(Protocol):
    """Where the built articles go, one at a time in input order: a store, or a tally of what a store
    would have said (for a run that writes Parquet)."""

    def known(self, keys: list[str]) -> dict[str, tuple[str, str | None]]: ...

    def put(self, raw: RawItem | None, row: Any) -> ItemStatus: ...

    def log(self, result: ItemResult) -> None: ...


class StoreSink:
    """Writes each article, its raw input and its log line to the store, as ``ingest`` does."""

    def __init__(self, store: Store, force: bool) -> None:
        self.store, self.force, self.run_id = store, force, uuid.uuid4().hex[:12]

    def known(self, keys: list[str]) -> dict[str, tuple[str, str | None]]:
        return {} if self.force else self.store.articles_for_inputs(keys)

    def put(self, raw: RawItem | None, row: Any) -> ItemStatus:
        article = article_of(row.article)
        if raw is not None:
            self.store.put_raw(raw, article.raw_hash)
        return self.store.upsert_article(article)

    def log(self, result: ItemResult) -> None:
        self.store.log(self.run_id, result.origin, result.status, result.article_id, result.reason)


@dataclass
class TallySink:
    """What an empty store would answer: the first version of an article is added, a later one with
    other compared fields updates it, one with the same is unchanged."""

    kept: dict[str, str] = field(default_factory=dict)
    logged: list[ItemResult] = field(default_factory=list)

    def known(self, keys: list[str]) -> dict[str, tuple[str, str | None]]:
        return {}

    def put(self, raw: RawItem | None, row: Any) -> ItemStatus:
        before = self.kept.get(row.id)
        self.kept[row.id] = row.compared
        return "added" if before is None else ("unchanged" if before == row.compared else "updated")

    def log(self, result: ItemResult) -> None:
        self.logged.append(result)


@dataclass
class Ingested:
    """What the ingest step did: the report, and for each article stored now the input whose version is
    kept; the outlets whose articles were added or changed."""

    report: IngestReport
    kept: dict[str, int]
    outlets: set[str]
    updated: set[str]
    raw_hashes: dict[int, str]  # input -> the hash its raw bytes are stored under (inputs built now)
    added: dict[str, int]  # article id -> the input that added it (the store's row order)


def pending(items: list[Item], sink: Sink) -> tuple[list[tuple[int, RawItem]], dict[str, tuple[str, str | None]]]:
    """The raw inputs to build (their place in the run and the item), and the input keys stored before
    (read again without extracting: reported unchanged)."""
    keys = [input_key(item) for item in items if isinstance(item, RawItem)]
    known = sink.known(keys)
    raws = [(idx, item) for idx, item in enumerate(items)
            if isinstance(item, RawItem) and input_key(item) not in known]
    return raws, known


def take_back(items: list[Item], built: Iterator[Any], known: dict[str, tuple[str, str | None]], sink: Sink,
              transaction: Callable[[], Any] | None, batch_size: int,
              progress: ProgressCallback | None = None) -> Ingested:
    """Every input in order: failures reported, inputs stored before reported unchanged, built articles
    put into the sink (``built``: the built rows in input order; ``transaction``: the store's, one per
    ``batch_size`` inputs)."""
    report, kept, outlets, updated = IngestReport(), {}, set(), set()
    rows, raw_hashes, added = {}, {}, {}

    def record(result: ItemResult) -> None:
        report.results.append(result)
        sink.log(result)
        if progress:
            progress(result)

    def one(idx: int, item: Item) -> None:
        if isinstance(item, InputError):
            record(ItemResult(item.item, "failed", reason=item.reason))
            return
        seen = known.get(input_key(item))
        if seen is not None:
            record(ItemResult(item.origin, "unchanged", seen[0], seen[1]))
            return
        while idx not in rows:
            row = next(built)
            rows[row.idx] = row
        row = rows.pop(idx)
        if row.failure is not None:
            record(ItemResult(row.origin, "failed", reason=row.failure))
            return
        status = sink.put(item, row)
        raw_hashes[idx] = row.raw_hash
        if status == "added":
            added[row.id] = idx
        if status != "unchanged":
            kept[row.id] = idx
            if row.outlet:
                outlets.add(row.outlet)
            if status == "updated":
                updated.add(row.id)
        record(ItemResult(row.origin, status, row.id, row.title))

    for start in range(0, len(items), batch_size):
        if transaction is None:
            for idx in range(start, min(start + batch_size, len(items))):
                one(idx, items[idx])
            continue
        with transaction():
            for idx in range(start, min(start + batch_size, len(items))):
                one(idx, items[idx])
    return Ingested(report, kept, outlets, updated, raw_hashes, added)
