"""The read model: what the terminal, the static report, the web app (and its JSON API) and the exports
show, read from the store. Each function returns the same data to all of them.

Nothing here computes a stage: a view reads what the stages stored.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from .annotate.annotator import is_current
from .annotate.canonical import canonical_annotations
from .compare.records import StoryArticle
from .errors import UsageError
from .schema import Article
from .store import Store

# The store's entity index: entity key -> (canonical id, name, type).
EntityIndex = dict[str, tuple[str, str, str]]

# Stories per page of the story list, and entities offered to filter by.
PAGE_SIZE = 50
ENTITY_CHOICES = 60
COPY_KINDS = ("duplicate", "copy")
STORY_PREFIX = "story-"


# -- one article ------------------------------------------------------------------------------------
def annotations_of(store: Store, article: Article, index: EntityIndex | None = None) -> dict[str, Any] | None:
    """The article's current annotations in export terms (canonical entities, ...), or None when it
    has not been annotated since its text or date last changed. ``index`` is the store's whole entity
    index, for callers that read many articles (one query, not one each)."""
    data = store.annotations(article.id)
    if not is_current(data, article.text, article.published):
        return None
    assert data is not None
    if index is None:
        index = store.entity_index([e["key"] for e in data.get("entities", [])])
    result = canonical_annotations(data, index)
    result["sentences"] = data["sentences"]
    result["notes"] = data["notes"]
    result["published"] = data.get("published")
    return result


def article_record(store: Store, article: Article, index: EntityIndex | None = None) -> dict[str, Any]:
    """The export contract for one article: its fields plus the annotation fields (sentences,
    entities, labels, dates, quotes, notes), which are null until annotations describe its current
    text. A publication date read from the text fills ``published`` with ``published_inferred``
    true and its evidence."""
    record = article.export_dict()
    current = annotations_of(store, article, index)
    inferred = current["published"] if current else None
    record["published_inferred"] = bool(inferred) and not article.published
    record["published_evidence"] = inferred["evidence"] if record["published_inferred"] and inferred else None
    if record["published_inferred"] and inferred:
        record["published"] = inferred["value"]
    for name in ("sentences", "entities", "labels", "dates", "quotes"):
        record[name] = current[name] if current else None
    record["annotation_notes"] = current["notes"] if current else None
    return record


def outlet_name(article: Article) -> str:
    """The outlet, else the site the URL names, else a stand-in that names the article (never merged with another)."""
    if article.outlet:
        return article.outlet
    host = urlsplit(article.url or article.canonical_url or "").hostname
    if host:
        return host.removeprefix("www.")
    return f"unknown outlet ({article.id[:8]})"


# -- ids typed by a user ----------------------------------------------------------------------------
def _one(kind: str, typed: str, matches: list[str], listing: str, full: str | None = None) -> str:
    """The id a user meant: an exact id (``full``, else what they typed), else the only id starting with it."""
    if (full or typed) in matches:
        return full or typed
    if not matches:
        raise UsageError(f"no {kind} with id {typed!r}; see '{listing}' for ids")
    if len(matches) > 1:
        raise UsageError(f"{kind} id prefix {typed!r} is ambiguous ({', '.join(matches)}); type more characters")
    return matches[0]


def resolve_article(store: Store, typed: str) -> str:
    """The article id a user typed (an id or a unique prefix of one)."""
    return _one("article", typed, store.find_ids(typed), "newsprism list")


def resolve_story(store: Store, typed: str) -> str:
    """The story id a user typed (an id or a unique prefix of one), by the same rule as articles;
    the leading "story-" may be left out."""
    full = typed if typed.startswith(STORY_PREFIX) else STORY_PREFIX + typed
    return _one("story", typed, store.find_story_ids(full), "newsprism stories", full)


# -- a story ---------------------------------------------------------------------------------------
def story_members(store: Store, story: dict[str, Any], index: EntityIndex | None = None,
                  signals: dict[str, list[str]] | None = None) -> list[StoryArticle]:
    """A stored story's members as the comparison sees them: text, annotations, outlet, copies among
    them. ``index`` and ``signals`` are the store's entity index and content-farm signals, for callers
    that read many stories (one query each, not one per story)."""
    members = set(story["articles"])
    copy_of = {link["target"]: link["source"] for link in store.copy_links(members)
               if link["kind"] in COPY_KINDS and link["source"] in members and link["target"] in members}
    signals = store.signals() if signals is None else signals
    result = []
    for article_id in story["articles"]:
        article = store.get(article_id)
        if article is None:
            continue
        record = article_record(store, article, index)
        result.append(StoryArticle.from_annotations(
            article.id, outlet_name(article), article.text, record, title=article.title or "",
            published=record["published"], language=article.language,
            copy_of=copy_of.get(article.id), signals=tuple(signals.get(article.id, ())),
        ))
    return result


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
    """One story: its articles (read alone, not the whole store), its comparison (when computed), the
    copies among its articles and their content-farm signals."""
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
    """One article in the export's terms (text, annotations, removed furniture), its story and its copies."""
    found = store.get(article_id)
    if found is None:
        return None
    record = article_record(store, found)
    return {"article": record, "story": store.story_of(article_id), "copies": store.copy_links([article_id]),
            "signals": store.signals().get(article_id, [])}


def search(store: Store, query: str, limit: int = 50) -> dict[str, Any]:
    return {"q": query, "results": store.search(query, limit=limit) if query.strip() else []}


def copies(store: Store, article_ids: list[str] | None = None) -> dict[str, Any]:
    """Copy links (all, or those touching ``article_ids``), the content-farm signals of the articles
    they touch, and those articles' summaries (outlet, title) by id."""
    links = store.copy_links(article_ids)
    touched = {a for link in links for a in (link["source"], link["target"])} | set(article_ids or ())
    signals = {a: s for a, s in store.signals().items() if article_ids is None or a in touched}
    summaries = {row["id"]: row for row in store.summaries_of(sorted(touched | set(signals)))}
    return {"links": links, "signals": signals, "articles": summaries}
