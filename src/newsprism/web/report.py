"""The static report: an index of stories and one page per story and per article, opened from disk
with no server and no network (styles inlined, charts drawn as SVG, no script)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from .. import views
from ..errors import UsageError
from ..store import Store
from . import render


def write_report(store: Store, out_dir: str | Path, *, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Write the report for everything in ``store`` into ``out_dir``; returns how many pages of each kind."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; pass a folder for the report")
    for folder in (out, out / "stories", out / "articles"):
        folder.mkdir(parents=True, exist_ok=True)
    subtitle = f"report of {store.count()} articles"
    listing = views.story_list(store, page_size=None)
    _write(out / "index.html", render.index_page(listing, render.StaticLinks(""), subtitle))
    counts = {"stories": 0, "articles": 0}
    inside = render.StaticLinks("../")
    for row in listing.stories:
        story = views.story(store, row.id)
        if story is None:
            continue
        _write(out / "stories" / f"{quote(row.id, safe='')}.html", render.story_page(story, inside, subtitle))
        counts["stories"] += 1
        if progress:
            progress(row.id)
    for article in store.iter_articles():
        data = views.article(store, article.id)
        if data is None:
            continue
        entity_ids = [label.entity for label in data.article.labels or ()]
        page = render.article_page(data, inside, store.entity_names(entity_ids), subtitle)
        _write(out / "articles" / f"{quote(article.id, safe='')}.html", page)
        counts["articles"] += 1
    return counts


def _write(path: Path, html: str) -> None:
    # Write then rename, so an interrupted run never leaves a half-written page behind.
    partial = path.with_suffix(".part")
    partial.write_text(html, "utf-8")
    partial.replace(path)
