"""Each outlet's recurring page furniture, learned across its stored articles."""

from __future__ import annotations

from collections.abc import Iterable

from ..settings import CleanSettings
from ..store import Store
from .article import reclean
from .clean import OutletProfile, recurring_lines


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
