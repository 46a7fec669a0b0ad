"""The copies runner: text reuse across the whole store, kept until the corpus or the settings change."""

from __future__ import annotations

from dataclasses import replace

from ..settings import Settings
from ..stage import StageResult, is_current, replace_output
from ..store import Store
from .finder import FeatureCache, find_copies

STAGE = "copies"


def copies_state(store: Store, settings: Settings, vectors: bool | None = None) -> str:
    """The state the stored copy links describe: the corpus and the ``[copies]`` settings."""
    chosen = settings.copies if vectors is None else replace(settings.copies, vectors=vectors)
    return f"{store.corpus_fingerprint()}|{settings.state_of(chosen)}"


def run_copies(store: Store, settings: Settings, *, vectors: bool | None = None, force: bool = False) -> StageResult:
    """Find copies, shared wire text and rewrites across the store and keep them (``vectors`` overrides
    the setting for this run). Computed again only when the articles or the settings changed."""
    state = copies_state(store, settings, vectors)
    if is_current(store, STAGE, state, force=force):
        return StageResult(store.count_copy_links(), False)
    cache = FeatureCache(store.copy_features())
    links, signals = find_copies(store.iter_articles(), settings.copies, vectors=vectors, cache=cache)

    def write() -> None:
        store.replace_copy_links(links, signals)
        store.put_copy_features(cache.made)

    replace_output(store, STAGE, state, write)
    return StageResult(len(links), True)
