"""What each page shows, read from the store: plain dicts, the same for the static report,
the web app and its JSON API (the API returns exactly these)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..store import Store

# Stories per page of the story list, and entities offered to filter by.
PAGE_SIZE = 50
ENTITY_CHOICES = 60


def story_list(store: Store, *, outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
               entity: str | None = None, query: str | None = None, page: int = 1,
               page_size: int | None = PAGE_SIZE) -> dict[str, Any]:
    """The stories, largest first, filtered by outlet, date range, entity or words in their articles."""
    hits = store.search(query, limit=500) if query else None
    limit = page_size
    offset = (max(1, page) - 1) * page_size if page_size else 0
    total, rows = store.story_rows(outlet=outlet, date_from=date_from, date_to=date_to, entity=entity,
                                   article_ids=[h["id"] for h in hits] if hits is not None else None,
                                   limit=limit, offset=offset)
    # The entities these stories are about, most shared first: choices for the entity filter.
    counts = Counter(e for row in rows for e in row["entities"])
    names = store.entity_names([e for e, _ in counts.most_common(ENTITY_CHOICES)])
    return {"total": total, "page": page, "page_size": page_size, "stories": rows,
            "filters": {"outlet": outlet, "from": date_from, "to": date_to, "entity": entity, "q": query},
            "outlets": [name for name, _ in store.outlets()],
            "entities": [{"id": e, "name": names.get(e, e)} for e, _ in counts.most_common(ENTITY_CHOICES)]}


def story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story: its articles, its comparison (when computed), the copies among its articles and
    their content-farm signals."""
    found = store.stories(story_id)
    if not found:
        return None
    record = found[0]
    articles = sorted(store.summaries_of(record["articles"]), key=lambda a: (a["published"] is None,
                                                                           a["published"] or "", a["id"]))
    signals = store.signals()
    for article in articles:
        article["signals"] = signals.get(article["id"], [])
    entity_names = store.entity_names(record["entities"])
    return {
        "story": {**record, "entity_names": [entity_names.get(e, e) for e in record["entities"]]},
        "articles": articles,
        "comparison": store.comparison(story_id),
        "copies": store.copy_links(record["articles"]),
    }


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article in the export's terms (text, reading, removed furniture), its story and its copies."""
    from ..pipeline import export_record

    found = store.get(article_id)
    if found is None:
        return None
    record = export_record(store, found)
    return {"article": record, "story": store.story_of(article_id), "copies": store.copy_links([article_id]),
            "signals": store.signals().get(article_id, [])}


def search(store: Store, query: str, limit: int = 50) -> dict[str, Any]:
    return {"q": query, "results": store.search(query, limit=limit) if query.strip() else []}
