"""``newsprism spark --out DIR`` writes Parquet datasets; ``newsprism load DIR`` brings them into a store.

The datasets hold the export contract's fields (README, "Export contract"): ``articles`` (one row per
article, as ``newsprism export articles``), ``copies``, ``stories`` and ``comparisons``. A field whose
value is a list or an object (removed furniture, entities, passages, a comparison's sections) is a
string of its JSON; the others are plain columns. Beside the contract, what a store needs to be
rebuilt exactly: each article's ``body``, ``raw_hash``, stored ``annotations_stored`` and content-farm
``signals``; ``inputs`` (the ingest log in input order, with each first raw input's bytes); ``run``
(the settings the corpus stages ran with).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..annotate.canonical import rebuild_index
from ..compare.records import StoryComparison
from ..copies.relations import CopyLink
from ..errors import MissingDependencyError, UsageError
from ..schema import Article, RawItem, from_json
from ..settings import Settings, as_mapping, with_values
from ..store import Store
from ..stories.records import Story
from ..views import ArticleRecord, current_annotations, record_of
from .articles import annotations_of, article_of, stored_annotations
from .driver import Ingested
from .driver_store import CorpusOutput, write_corpus
from .session import INSTALL_SPARK

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

    from ..sources.reader import Item

CONTRACT = ("articles", "copies", "stories", "comparisons")
DATASETS = (*CONTRACT, "inputs", "run")
# The sections whose values a corpus stage's state names: kept with the datasets, so that a store they
# are loaded into records the states of the run that computed them.
STATE_SECTIONS = ("copies", "stories", "compare")

_BOOLEAN = {"published_inferred"}
_DOUBLE = {"shared_ratio_source", "shared_ratio_target"}
ARTICLE_FIELDS = tuple(f.name for f in fields(ArticleRecord))
ARTICLE_EXTRAS = ("body", "raw_hash", "annotations_stored", "signals")
COPY_FIELDS = ("source", "target", "kind", "shared_ratio_source", "shared_ratio_target", "evidence", "passages")
STORY_FIELDS = ("id", "title", "articles", "start", "end", "entities")
COMPARISON_FIELDS = tuple(f.name for f in fields(StoryComparison))
# The fields written as JSON text (lists and objects).
ARTICLE_JSON = ("removed", "credits", "evidence", "sentences", "entities", "labels", "dates", "quotes",
                "annotation_notes")
COPY_JSON = ("passages",)
STORY_JSON = ("articles", "entities")
COMPARISON_JSON = COMPARISON_FIELDS[1:]
INPUT_SCHEMA = ("idx long, origin string, status string, article_id string, title string, reason string, "
                "raw_hash string, format string, content binary")
RUN_SCHEMA = "version string, settings string, vectors boolean"


def schema_of(names: Iterable[str]) -> str:
    """A Spark schema of contract fields: flags boolean, ratios double, the rest strings."""
    def kind(name: str) -> str:
        return "boolean" if name in _BOOLEAN else "double" if name in _DOUBLE else "string"

    return ", ".join(f"`{name}` {kind(name)}" for name in names)


def flat(record: Mapping[str, Any]) -> dict[str, Any]:
    """A contract record as one row: lists and objects as their JSON."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in record.items()}


def unflat(row: Mapping[str, Any], names: Iterable[str], json_fields: Iterable[str]) -> dict[str, Any]:
    """A row read back as its contract record (``json_fields`` parsed)."""
    parsed = set(json_fields)
    return {n: json.loads(row[n]) if n in parsed and row[n] is not None else row[n] for n in names}


# -- writing ----------------------------------------------------------------------------------------------
def article_batches(frames: Iterable[pd.DataFrame], index: dict[str, tuple[str, str, str]],
                    spellings: dict[str, tuple[str, ...]], signals: dict[str, list[str]]) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: the articles frame to the ``articles`` dataset (the export record, canonical names
    from ``index`` and their ``spellings`` by entity id, and what a store needs besides)."""
    import pandas as pd

    for frame in frames:
        rows = []
        for data, stored in zip(frame["article"], frame["annotations"], strict=True):
            article = article_of(data)
            current = current_annotations(article, annotations_of(stored if isinstance(stored, str) else None), index,
                                          spellings)
            rows.append({**flat(record_of(article, current).to_dict()), "body": article.body,
                         "raw_hash": article.raw_hash,
                         "annotations_stored": stored if isinstance(stored, str) else None,
                         "signals": json.dumps(signals[article.id]) if article.id in signals else None})
        yield pd.DataFrame(rows, columns=[*ARTICLE_FIELDS, *ARTICLE_EXTRAS])


def write_datasets(spark: SparkSession, out: str, articles: DataFrame, items: list[Item], ingested: Ingested,
                   output: CorpusOutput, settings: Settings, vectors: bool | None) -> None:
    """The run's datasets under ``out`` (each replaced when there)."""
    from pyspark.sql import functions as F

    indexed = output.index or []
    index = {key: (entity, name, kind) for key, entity, name, kind, _ in indexed}
    spellings = {entity: spelt for _, entity, _, _, spelt in indexed}
    first = spark.createDataFrame(sorted(ingested.added.items()), "id string, _first long")
    records = articles.join(F.broadcast(first), "id", "left").orderBy("_first", "id").drop("_first")
    schema = schema_of([*ARTICLE_FIELDS, *ARTICLE_EXTRAS])
    (records.mapInPandas(partial(article_batches, index=index, spellings=spellings, signals=output.signals),
                          schema=schema)
     .write.mode("overwrite").parquet(f"{out}/articles"))
    small = {
        "copies": ([flat(link.export_dict()) for link in output.links], COPY_FIELDS),
        "stories": ([flat(story.to_dict()) for story in output.stories], STORY_FIELDS),
        "comparisons": ([flat(c.to_dict()) for c in output.comparisons], COMPARISON_FIELDS),
    }
    for name, (rows, names) in small.items():
        frame = spark.createDataFrame([tuple(r[n] for n in names) for r in rows], schema_of(names))
        frame.coalesce(1).write.mode("overwrite").parquet(f"{out}/{name}")
    spark.createDataFrame(input_rows(items, ingested), INPUT_SCHEMA).coalesce(1).write.mode("overwrite") \
        .parquet(f"{out}/inputs")
    kept = json.dumps({name: as_mapping(settings.section(name)) for name in STATE_SECTIONS})
    spark.createDataFrame([(__version__, kept, vectors)], RUN_SCHEMA).coalesce(1).write.mode("overwrite") \
        .parquet(f"{out}/run")


def input_rows(items: list[Item], ingested: Ingested) -> list[tuple[Any, ...]]:
    """The ingest log in input order, with the bytes of each raw input stored (the first of its hash)."""
    rows: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for idx, result in enumerate(ingested.report.results):
        item = items[idx]
        raw_hash = ingested.raw_hashes.get(idx)
        content = None
        if isinstance(item, RawItem) and raw_hash is not None and raw_hash not in seen:
            seen.add(raw_hash)
            content = item.content
        rows.append((idx, result.origin, result.status, result.article_id, result.title, result.reason, raw_hash,
                     item.format if isinstance(item, RawItem) else None, content))
    return rows


# -- loading ----------------------------------------------------------------------------------------------
@dataclass
class Loaded:
    """What ``load`` brought into the store."""

    articles: int
    inputs: int
    links: int
    stories: int
    comparisons: int
    corpus: bool  # the corpus stages' output was kept (it describes the store's whole corpus)


def read_rows(folder: Path, name: str) -> Iterator[dict[str, Any]]:
    """The rows of one dataset, in the order they were written."""
    try:
        import pyarrow.dataset as ds
    except ImportError:
        raise MissingDependencyError(f"reading Parquet needs pyarrow: {INSTALL_SPARK}") from None
    path = folder / name
    if not path.is_dir():
        raise UsageError(f"{folder} holds no '{name}' dataset; pass a folder written by 'newsprism spark --out'")
    for batch in ds.dataset(str(path), format="parquet").to_batches():
        yield from batch.to_pylist()


def run_settings(folder: Path, settings: Settings) -> tuple[Settings, bool | None]:
    """The settings the datasets' corpus stages ran with (the state sections; the rest as given), and
    whether they looked for rewrites."""
    rows = list(read_rows(folder, "run"))
    if len(rows) != 1:
        raise UsageError(f"{folder}/run should hold one row; write the folder again with 'newsprism spark --out'")
    kept = json.loads(rows[0]["settings"])
    for name in STATE_SECTIONS:
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in kept[name].items()}
        settings = replace(settings, **{name: with_values(settings.section(name), **values)})
    return settings, rows[0]["vectors"]


def article_of_record(row: Mapping[str, Any]) -> Article:
    """The stored article an ``articles`` row describes (a date the metadata did not give is left out)."""
    record = unflat(row, ARTICLE_FIELDS, ARTICLE_JSON)
    names = {f.name for f in fields(Article)}
    data = {k: v for k, v in record.items() if k in names}
    if record["published_inferred"]:
        data["published"] = None
    return from_json(Article, {**data, "body": row["body"], "raw_hash": row["raw_hash"] or ""})


def check_datasets(folder: Path) -> None:
    """Stop with the datasets ``folder`` lacks (before any store is opened)."""
    missing = [name for name in DATASETS if not (folder / name).is_dir()]
    if missing:
        raise UsageError(f"{folder} holds no {', '.join(missing)} dataset; pass a folder written by "
                         "'newsprism spark --out'")


def load_datasets(folder: str | Path, store: Store, settings: Settings) -> Loaded:
    """Bring the datasets under ``folder`` into ``store``: raw inputs and the ingest log, articles and their
    annotations, the entity index, then copies, stories and comparisons with their states (these only
    when the store then holds exactly the datasets' articles; otherwise the corpus stages run again)."""
    folder = Path(folder)
    check_datasets(folder)
    stage_settings, vectors = run_settings(folder, settings)
    run_id = uuid.uuid4().hex[:12]
    inputs = 0
    with store.transaction():
        for row in read_rows(folder, "inputs"):
            if row["content"] is not None:
                raw = RawItem(origin=row["origin"], content=row["content"], format=row["format"])
                store.put_raw(raw, row["raw_hash"])
            store.log(run_id, row["origin"], row["status"], row["article_id"], row["reason"])
            inputs += 1
    ids: set[str] = set()
    signals: dict[str, list[str]] = {}
    with store.transaction():
        for row in read_rows(folder, "articles"):
            article = article_of_record(row)
            store.upsert_article(article)
            if row["annotations_stored"] is not None:
                store.put_annotations(article.id, stored_annotations(row["annotations_stored"]))
            if row["signals"] is not None:
                signals[article.id] = json.loads(row["signals"])
            ids.add(article.id)
    with store.transaction():
        store.replace_entity_index(rebuild_index(store.iter_entity_lists()))
    links = [from_json(CopyLink, unflat(r, COPY_FIELDS, COPY_JSON)) for r in read_rows(folder, "copies")]
    stories = [from_json(Story, unflat(r, STORY_FIELDS, STORY_JSON)) for r in read_rows(folder, "stories")]
    comparisons = [from_json(StoryComparison, unflat(r, COMPARISON_FIELDS, COMPARISON_JSON)) for r in read_rows(folder, "comparisons")]
    whole = store.count() == len(ids)  # every article the store holds came from the datasets
    if whole:
        write_corpus(store, CorpusOutput(None, links, signals, stories, comparisons), stage_settings, vectors)
    return Loaded(len(ids), inputs, len(links), len(stories), len(comparisons), whole)
