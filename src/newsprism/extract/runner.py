"""The ingest runner: sources read, each raw input built into an article, articles written to the store.

It writes in transactions of ``[ingest] batch_size`` items, builds articles in a process pool
(``[ingest] workers``; 0 = every available core), and learns each outlet's recurring furniture
once the run's articles are in.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

from .. import __version__
from ..errors import InputError
from ..schema import Article, IngestReport, ItemResult, RawItem
from ..settings import CleanSettings, Settings, worker_count
from ..sources.fetch import Fetcher
from ..sources.reader import Item, SourceReader
from ..stage import batches
from ..store import Store
from ..workers import worker_pool
from .article import build_or_error, input_key, reclean
from .clean import OutletProfile, recurring_lines

ProgressCallback = Callable[[ItemResult], None]


def ingest(
    sources: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    allow_private: bool | None = None,
    fetch_feed_pages: bool | None = None,
    force: bool = False,
    follow_links: bool = False,
) -> IngestReport:
    """Read every source into the store; failures are reported, never fatal.

    ``workers``, ``allow_private`` and ``fetch_feed_pages`` override the settings for this run;
    ``follow_links`` reads symbolic links in a folder that lead out of it (refused otherwise).
    """
    with source_items(sources, settings, allow_private=allow_private, fetch_feed_pages=fetch_feed_pages,
                      follow_links=follow_links) as items:
        return ingest_items(items, store, settings, progress=progress, workers=workers, force=force)


@contextmanager
def source_items(sources: Iterable[str], settings: Settings, *, allow_private: bool | None = None,
                 fetch_feed_pages: bool | None = None, follow_links: bool = False) -> Iterator[Iterator[Item]]:
    """Every item of every source, in input order (raw inputs, or the failures met reading them), read
    lazily; the reader (and its fetcher's connections) is closed on leaving. The options override the
    settings for this run, as ``ingest`` documents them."""
    if fetch_feed_pages is not None:
        settings = replace(settings, ingest=replace(settings.ingest, fetch_feed_pages=fetch_feed_pages))
    reader = SourceReader(
        settings.ingest, lambda: Fetcher(settings.fetch, allow_private=allow_private, version=__version__),
        follow_links=follow_links,
    )
    try:
        yield reader.read_all(sources)
    finally:
        reader.close()


def ingest_items(
    stream: Iterable[Item],
    store: Store,
    settings: Settings,
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    force: bool = False,
) -> IngestReport:
    """Build and store every item of ``stream`` (raw inputs, or the failures met reading them).

    Written in transactions of at most ``[ingest] batch_size`` items and ``commit_seconds`` of work,
    so an interrupted run keeps every batch before the one it was in.
    """
    configured_workers = settings.ingest.workers if workers is None else workers
    report = IngestReport()
    run_id = uuid.uuid4().hex[:12]
    touched_outlets: set[str] = set()
    profiles: dict[str, OutletProfile | None] = {}

    def with_known_furniture(article: Article) -> Article:
        # Clean as the store already would, so re-ingesting an article whose
        # outlet furniture was learned earlier finds it unchanged.
        if not article.outlet:
            return article
        if article.outlet not in profiles:
            profiles[article.outlet] = outlet_profile(store, article.outlet, settings.clean)
        profile = profiles[article.outlet]
        return reclean(article, profile, settings.clean) if profile else article

    pool: ProcessPoolExecutor | None = None

    def record(result: ItemResult) -> None:
        report.results.append(result)
        store.log(run_id, result.origin, result.status, result.article_id, result.reason)
        if progress:
            progress(result)

    try:
        for batch in batches(stream, settings.ingest.batch_size, settings.ingest.commit_seconds):
            # An input read before, byte for byte and with the same metadata, gives
            # the same article: report it unchanged without extracting it again.
            keys = [input_key(item) if isinstance(item, RawItem) else None for item in batch]
            known = {} if force else store.articles_for_inputs([k for k in keys if k])
            raws = [item for item, key in zip(batch, keys) if isinstance(item, RawItem) and key not in known]
            jobs = [(raw, settings) for raw in raws]
            # A pool only once a batch has work for more than one process.
            if pool is None and worker_count(configured_workers, len(jobs)) > 1:
                pool = worker_pool(worker_count(configured_workers, settings.ingest.batch_size))
            # Built before the write transaction opens: the store's write lock (SQLite's, or the
            # PostgreSQL store's advisory lock) is held only while rows are written, so several
            # ingests into one store extract at the same time and queue only to write.
            built = list(pool.map(build_or_error, jobs, chunksize=4) if pool else map(build_or_error, jobs))
            outcomes = iter(zip(raws, built))
            with store.transaction():
                for item, key in zip(batch, keys):
                    if isinstance(item, InputError):
                        record(ItemResult(item.item, "failed", reason=item.reason))
                        continue
                    seen = known.get(key) if key else None
                    if seen is not None:
                        record(ItemResult(item.origin, "unchanged", seen[0], seen[1]))
                        continue
                    raw, article = next(outcomes)
                    if isinstance(article, InputError):
                        record(ItemResult(article.item, "failed", reason=article.reason))
                        continue
                    article = with_known_furniture(article)
                    store.put_raw(raw, article.raw_hash)
                    status = store.upsert_article(article)
                    if article.outlet and status != "unchanged":
                        touched_outlets.add(article.outlet)
                    record(ItemResult(article.origin, status, article.id, article.title))
    finally:
        if pool:
            pool.shutdown()
    learn_outlet_furniture(store, sorted(touched_outlets), settings.clean, known=profiles)
    return report


def outlet_profile(store: Store, outlet: str, clean_settings: CleanSettings) -> OutletProfile | None:
    """The lines that recur across the outlet's stored articles (None when there are none)."""
    lines, _ = recurring_lines(store.iter_bodies(outlet), clean_settings)
    return OutletProfile(outlet, lines) if lines else None


def learn_outlet_furniture(
    store: Store,
    outlets: Iterable[str],
    clean_settings: CleanSettings,
    known: dict[str, OutletProfile | None] | None = None,
) -> int:
    """Re-clean each outlet's articles with the lines that recur across them; returns how many changed.

    ``known`` holds the profiles the run already cleaned with; an outlet whose
    recurring lines have not changed needs no second pass over its articles.
    """
    changed = 0
    for outlet in outlets:
        profile = outlet_profile(store, outlet, clean_settings)
        before = (known or {}).get(outlet)
        if (profile.recurring if profile else {}).keys() == (before.recurring if before else {}).keys():
            continue
        with store.transaction():
            for article in list(store.iter_articles(outlet=outlet)):
                updated = reclean(article, profile, clean_settings)
                if updated.text != article.text or updated.removed != article.removed:
                    store.update_cleaning(article.id, updated.text, updated.removed)
                    changed += 1
    return changed
