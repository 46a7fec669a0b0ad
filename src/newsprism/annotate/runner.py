"""The annotate runner: every article whose annotations are missing or out of date is read again,
then the corpus's entities get their canonical names.

Articles are read in batches of ``[annotate] batch_size`` by ``[annotate] workers`` processes
(0 = every available core, never more than there are batches).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import islice

from ..settings import Settings, worker_count
from ..store import Store
from .annotator import Annotator, is_current
from .canonical import rebuild_index


def annotate(
    store: Store,
    settings: Settings,
    *,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
    workers: int | None = None,
    on_failure: Callable[[str, str], None] | None = None,
) -> int:
    """Annotate what needs it and rebuild the entity index; returns how many articles were read.
    ``workers`` overrides the setting for this run; ``on_failure(article id, reason)`` hears of each
    article that could not be read (it keeps its sentences and is read again next run)."""
    todo = [
        (i, text, lang, published)
        for i, text, lang, published, stored in store.annotation_states()
        if force or not is_current(stored, text, published)
    ]
    batch_size = settings.annotate.batch_size
    configured = settings.annotate.workers if workers is None else workers
    processes = worker_count(configured, math.ceil(len(todo) / batch_size))
    annotator = Annotator(batch_size=batch_size, workers=processes)
    done = 0
    # One stream through the annotator (one process pool), written in batches.
    results = zip(todo, annotator.annotate((text, language, published) for _, text, language, published in todo))
    while batch := list(islice(results, batch_size * 4)):
        with store.transaction():
            for (article_id, *_), result in batch:
                store.put_annotations(article_id, result)
                done += 1
                if result.failure is not None and on_failure:
                    on_failure(article_id, result.failure)
                if progress:
                    progress(article_id)
    # Also when a store migrated from before spellings were kept has an index without them.
    if done or store.entity_spellings_missing():
        rows = rebuild_index(store.iter_entity_lists())
        with store.transaction():
            store.replace_entity_index(rows)
    return done
