"""The per-article stages on Spark: extract and clean (``build_or_error``), the outlet furniture pass
(``recurring_lines``/``reclean``), and annotation (``Annotator``), each the local pipeline's own function
called per partition through ``mapInPandas`` or, for the furniture, per outlet through ``applyInPandas``.

The articles travel as the shared articles frame (:data:`ARTICLE_COLUMNS`): ``id``, ``article`` (the
``Article`` as JSON), ``annotations`` (the ``Annotations`` as stored, or null), ``outlet``,
``published``, ``language``. The functions named ``*_batches``/``*_group`` run on the executors; the
others build the Spark plan on the driver.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import warnings
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from ..annotate.annotator import ANNOTATION_VERSION, Annotations, Annotator, is_current
from ..errors import InputError
from ..extract.article import build_or_error, reclean
from ..extract.clean import OutletProfile, recurring_lines
from ..schema import Article, RawItem, from_json, to_json
from ..settings import CleanSettings, Settings

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

# The raw inputs: their place in the run, the bytes, and the rest of the RawItem pickled.
RAW_SCHEMA = "idx long, origin string, content binary, meta binary"
# One row per input built: the article (or why it failed) and what the driver needs to store it.
BUILT_SCHEMA = ("idx long, origin string, id string, title string, outlet string, published string, "
                "language string, raw_hash string, compared string, article string, failure string")
# The fields whose change makes an article read again "updated" rather than "unchanged" (those
# ``Store.upsert_article`` compares: not the origin, which stays where the article was first found).
COMPARED_FIELDS = ("canonical_url", "outlet", "title", "author", "published", "language", "text", "removed",
                   "credits")
ARTICLE_COLUMNS = ("id", "article", "annotations", "outlet", "published", "language")
ARTICLE_SCHEMA = "id string, article string, annotations string, outlet string, published string, language string"
# The articles frame with what the furniture pass and annotation did to each row.
CLEANED_SCHEMA = ARTICLE_SCHEMA + ", recleaned boolean"
ANNOTATED_SCHEMA = ARTICLE_SCHEMA + ", annotated boolean, failure string"


# -- records in and out of a frame's cells ----------------------------------------------------------------
def raw_meta(raw: RawItem) -> bytes:
    """What a RawItem holds besides its origin and bytes (hints may hold any value a reader gave)."""
    return pickle.dumps((raw.format, raw.url, raw.hints, raw.declared_encoding))


def raw_item(origin: str, content: bytes, meta: bytes) -> RawItem:
    fmt, url, hints, encoding = pickle.loads(meta)  # noqa: S301 - written by raw_meta in this run
    return RawItem(origin=origin, content=content, format=fmt, url=url, hints=hints, declared_encoding=encoding)


def article_json(article: Article) -> str:
    return json.dumps(to_json(article), ensure_ascii=False)


def article_of(data: str) -> Article:
    return from_json(Article, json.loads(data))


def annotations_json(annotations: Annotations) -> str:
    return json.dumps(annotations.to_dict(), ensure_ascii=False)


def annotations_of(data: str | None) -> Annotations | None:
    """Stored annotations read back (None when absent or written by another version of the reader)."""
    if data is None:
        return None
    stored = json.loads(data)
    return from_json(Annotations, stored) if stored.get("version") == ANNOTATION_VERSION else None


def compared(article: Article) -> str:
    """A fingerprint of the fields of :data:`COMPARED_FIELDS`: two versions of one article with the same
    fingerprint store as "unchanged"."""
    data = json.dumps([to_json(getattr(article, name)) for name in COMPARED_FIELDS], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def stored_annotations(data: str) -> Annotations:
    """Annotations from their stored JSON, to be stored again."""
    return from_json(Annotations, json.loads(data))


def article_row(article: Article, annotations: str | None = None) -> dict[str, Any]:
    """One row of the articles frame."""
    return {"id": article.id, "article": article_json(article), "annotations": annotations,
            "outlet": article.outlet, "published": article.published, "language": article.language}


# -- extract and clean --------------------------------------------------------------------------------------
def build_row(idx: int, raw: RawItem, settings: Settings, profiles: Mapping[str, OutletProfile]) -> dict[str, Any]:
    """One input built as ``ingest`` builds it: the article, cleaned with its outlet's furniture already
    known to the store (``profiles``), or the reason it failed."""
    built = build_or_error((raw, settings))
    if isinstance(built, InputError):
        return {"idx": idx, "origin": built.item, "id": None, "title": None, "outlet": None, "published": None,
                "language": None, "raw_hash": None, "compared": None, "article": None, "failure": built.reason}
    profile = profiles.get(built.outlet) if built.outlet else None
    if profile is not None:
        built = reclean(built, profile, settings.clean)
    return {"idx": idx, "origin": built.origin, "id": built.id, "title": built.title, "outlet": built.outlet,
            "published": built.published, "language": built.language, "raw_hash": built.raw_hash,
            "compared": compared(built), "article": article_json(built), "failure": None}


def build_batches(frames: Iterable[pd.DataFrame], settings: Settings,
                  profiles: Mapping[str, OutletProfile]) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: raw inputs (:data:`RAW_SCHEMA`) to built rows (:data:`BUILT_SCHEMA`)."""
    import pandas as pd

    columns = [c.split()[0] for c in BUILT_SCHEMA.split(", ")]
    for frame in frames:
        rows = [build_row(int(r.idx), raw_item(r.origin, bytes(r.content), bytes(r.meta)), settings, profiles)
                for r in frame.itertuples(index=False)]
        yield pd.DataFrame(rows, columns=columns)


def build_articles(raw: DataFrame, settings: Settings, profiles: Mapping[str, OutletProfile]) -> DataFrame:
    """Every raw input built on the executors (one row each, failures included)."""
    return raw.mapInPandas(partial(build_batches, settings=settings, profiles=dict(profiles)), schema=BUILT_SCHEMA)


# -- the outlet furniture pass ------------------------------------------------------------------------------
def furniture_group(frame: pd.DataFrame, clean_settings: CleanSettings,
                    known: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """``applyInPandas`` over one outlet's articles: the lines recurring across their bodies, and every
    article cleaned again with them when they differ from the lines it was cleaned with (``known``),
    as ``extract.runner.learn_outlet_furniture`` does."""
    out = frame.copy()
    out["recleaned"] = False
    if out.empty:
        return out
    outlet = str(out["outlet"].iloc[0])
    articles = [article_of(a) for a in out["article"]]
    lines, _ = recurring_lines((a.body for a in articles), clean_settings)
    profile = OutletProfile(outlet, lines) if lines else None
    if set(lines) == set(known.get(outlet, ())):
        return out
    for position, article in enumerate(articles):
        updated = reclean(article, profile, clean_settings)
        if updated.text != article.text or updated.removed != article.removed:
            out.iloc[position, out.columns.get_loc("article")] = article_json(updated)
            out.iloc[position, out.columns.get_loc("recleaned")] = True
    return out


def clean_outlets(articles: DataFrame, outlets: Iterable[str], clean_settings: CleanSettings,
                  known: Mapping[str, tuple[str, ...]]) -> DataFrame:
    """The articles frame after the furniture pass over ``outlets`` (the outlets the run added or changed
    articles of); ``known``: per outlet, the recurring lines its articles were built with."""
    from pyspark.sql import functions as F

    touched = sorted(set(outlets))
    # One task per outlet at most (the frame's partitions at most), not one per shuffle partition.
    partitions = max(1, min(len(touched), articles.rdd.getNumPartitions()))
    inside = (articles.where(F.col("outlet").isin(touched)).repartition(partitions, "outlet") if touched
              else articles.limit(0))
    outside = articles.where(~F.col("outlet").isin(touched) | F.col("outlet").isNull()) if touched else articles
    with warnings.catch_warnings():  # Spark cannot read type hints off a partial; the schema says it all
        warnings.simplefilter("ignore", UserWarning)
        grouped = inside.groupBy("outlet").applyInPandas(
            partial(furniture_group, clean_settings=clean_settings, known=dict(known)), schema=CLEANED_SCHEMA)
    return grouped.unionByName(outside.withColumn("recleaned", F.lit(False)))


# -- annotation -----------------------------------------------------------------------------------------------
def annotate_batches(frames: Iterable[pd.DataFrame], batch_size: int) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: each article whose stored annotations do not describe its text read again, in one
    process (the English model is loaded once per Python worker and kept for its next tasks)."""
    annotator = Annotator(batch_size=batch_size, workers=1)
    for frame in frames:
        out = frame.copy()
        out["annotated"] = False
        out["failure"] = None
        todo: list[tuple[int, Article]] = []
        for position, (data, stored) in enumerate(zip(out["article"], out["annotations"], strict=True)):
            article = article_of(data)
            current = annotations_of(stored if isinstance(stored, str) else None)
            if current is None or not is_current(current.text_hash, article.text, article.published):
                todo.append((position, article))
        results = annotator.annotate((a.text, a.language, a.published) for _, a in todo)
        for (position, _), result in zip(todo, results, strict=True):
            out.iloc[position, out.columns.get_loc("annotations")] = annotations_json(result)
            out.iloc[position, out.columns.get_loc("annotated")] = True
            out.iloc[position, out.columns.get_loc("failure")] = result.failure
        yield out


def annotate_articles(articles: DataFrame, batch_size: int) -> DataFrame:
    """The articles frame with every article's current annotations (``annotated``: read now)."""
    columns = list(ARTICLE_COLUMNS)
    return articles.select(*columns).mapInPandas(partial(annotate_batches, batch_size=batch_size),
                                                  schema=ANNOTATED_SCHEMA)
