"""The bundled fictional demo corpus and ``newsprism demo``."""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from .annotate.runner import annotate
from .errors import UsageError
from .extract.runner import ingest
from .pipeline import update
from .settings import Settings
from .store import open_store


def demo_corpus_dir() -> Path:
    """The demo corpus: packaged with the wheel, or ``examples/demo`` in a source checkout."""
    packaged = resources.files("newsprism").joinpath("demo_corpus")
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "examples" / "demo"
    if checkout.is_dir():
        return checkout
    raise UsageError("the demo corpus is missing from this installation; reinstall newsprism")


def run_demo(db_path: str | Path, settings: Settings) -> dict[str, Any]:
    """The whole pipeline over the demo corpus into ``db_path``, and a summary of what it found."""
    corpus = demo_corpus_dir()
    sources = [str(corpus)]
    with open_store(db_path) as store:
        # The demo's feed links point at invented sites, so use the feed's own text.
        report = ingest(sources, store, settings, fetch_feed_pages=False)
        annotate(store, settings)
        update(store, settings)
        articles = list(store.iter_articles())
        quotes = {a.id: found.quotes if (found := store.annotations(a.id)) else () for a in articles}
        stories = []
        for story in store.stories():
            comparison = store.comparison(story.id)
            stories.append({
                "id": story.id, "title": story.title, "articles": len(story.articles),
                "outlets": len(comparison.outlets) if comparison else 0,
                "shared_statements": sum(1 for st in comparison.statements if len(st.outlets) >= 2) if comparison else 0,
                "disagreements": len(comparison.disagreements) if comparison else 0,
            })
    reasons: Counter[str] = Counter(seg.reason for a in articles for seg in a.removed)
    return {
        "articles": len(articles),
        "failed": report.count("failed"),
        "outlets": sorted({a.outlet for a in articles if a.outlet}),
        "removed_by_reason": dict(reasons.most_common()),
        "quotes": sum(len(q) for q in quotes.values()),
        "attributed_quotes": sum(1 for qs in quotes.values() for q in qs if q.speaker),
        "stories": stories,
        "items": [
            {"id": a.id, "outlet": a.outlet, "published": a.published, "author": a.author, "title": a.title,
             "removed": len(a.removed), "quotes": len(quotes[a.id]), "origin": a.origin}
            for a in articles
        ],
    }
