"""The read model: what the terminal, the static report, the web app (and its JSON API) and the exports
show, read from the store. Each function returns the same data to all of them.

Nothing here computes a stage: a view reads what the stages stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from .annotate.annotator import Annotations, is_current
from .annotate.canonical import (
    SHOWN_SPELLINGS,
    AnnotatedEntity,
    AnnotatedLabel,
    AnnotatedQuote,
    CanonicalAnnotations,
    canonical_annotations,
    labelled,
    spellings_to_show,
)
from .annotate.entities import fold
from .compare.records import StoryArticle, StoryComparison
from .copies.relations import CopyLink
from .errors import UsageError
from .schema import Article, DateMention, RemovedSegment, to_json
from .store import Store
from .store.records import ArticleSummary, SearchHit, StoryRow
from .stories.records import Story

# The store's entity index: entity key -> (canonical id, name, type).
EntityIndex = dict[str, tuple[str, str, str]]
# Each canonical entity's spellings: entity id -> every spelling the corpus uses, most used first.
EntitySpellings = dict[str, tuple[str, ...]]

# Stories per page of the story list, and entities offered to filter by.
PAGE_SIZE = 50
ENTITY_CHOICES = 60
COPY_KINDS = ("duplicate", "copy")
STORY_PREFIX = "story-"


# -- what the views return ------------------------------------------------------------------------------
# Each page is a record; ``to_dict`` gives its JSON (the API, ``--json`` and the exports print that).


@dataclass(frozen=True)
class ArticleRecord:
    """The export contract for one article: its fields plus the annotation fields (sentences, entities,
    labels, dates, quotes, notes), which are None until annotations describe its current text. A
    publication date read from the text fills ``published`` with ``published_inferred`` true and its
    evidence. Fields are in the export's order."""

    id: str
    origin: str
    url: str | None
    canonical_url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    text: str
    removed: tuple[RemovedSegment, ...]
    credits: tuple[str, ...]
    source_format: str
    evidence: dict[str, str]
    published_inferred: bool
    published_evidence: str | None
    sentences: tuple[tuple[int, int], ...] | None
    entities: tuple[AnnotatedEntity, ...] | None
    labels: tuple[AnnotatedLabel, ...] | None
    dates: tuple[DateMention, ...] | None
    quotes: tuple[AnnotatedQuote, ...] | None
    annotation_notes: tuple[str, ...] | None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


@dataclass(frozen=True)
class EntityChoice:
    id: str
    name: str
    spellings: tuple[str, ...] = ()  # a few other spellings to show (and to find it by), most used first


@dataclass(frozen=True)
class StoryFilters:
    outlet: str | None
    date_from: str | None
    date_to: str | None
    entity: str | None
    q: str | None
    since: str | None = None  # stories with an article added or changed since then are marked

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "from": self.date_from, "to": self.date_to, "entity": self.entity,
                "q": self.q, "since": self.since}


@dataclass(frozen=True)
class StoryList:
    """A page of the story list; ``outlets`` and ``entities`` are the choices for its filters."""

    total: int
    page: int
    page_size: int | None
    stories: tuple[StoryRow, ...]
    filters: StoryFilters
    outlets: tuple[str, ...]
    entities: tuple[EntityChoice, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "page": self.page, "page_size": self.page_size,
                "stories": to_json(self.stories), "filters": self.filters.to_dict(),
                "outlets": list(self.outlets), "entities": to_json(self.entities)}


@dataclass(frozen=True)
class StoryMember(ArticleSummary):
    """An article of a story, with its content-farm signals."""

    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryPage:
    """One story: its articles, its comparison (None until computed), the copies among its articles."""

    story: Story
    entity_names: tuple[str, ...]
    articles: tuple[StoryMember, ...]
    comparison: StoryComparison | None
    copies: tuple[CopyLink, ...]
    # A few other spellings of each of the story's entities (in the order of ``entity_names``).
    entity_spellings: tuple[tuple[str, ...], ...] = ()
    # A few other spellings of each actor in the comparison's label table, by entity id.
    actor_spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def entity_labels(self) -> tuple[str, ...]:
        """Each entity's name with its other spellings: "Dmitry Peskov (also Дмитрий Песков)"."""
        spellings = self.entity_spellings or tuple(() for _ in self.entity_names)
        return tuple(labelled(name, also) for name, also in zip(self.entity_names, spellings, strict=True))

    def to_dict(self) -> dict[str, Any]:
        return {"story": {**self.story.to_dict(), "entity_names": list(self.entity_names),
                          "entity_spellings": [list(s) for s in self.entity_spellings]},
                "articles": to_json(self.articles),
                "comparison": self.comparison.to_dict() if self.comparison else None,
                "copies": [link.export_dict() for link in self.copies]}


@dataclass(frozen=True)
class ArticlePage:
    """One article in the export's terms, its story, the copies touching it and its content-farm signals."""

    article: ArticleRecord
    story: str | None
    copies: tuple[CopyLink, ...]
    signals: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article.to_dict(), "story": self.story,
                "copies": [link.export_dict() for link in self.copies], "signals": list(self.signals)}


@dataclass(frozen=True)
class SearchPage:
    q: str
    results: tuple[SearchHit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"q": self.q, "results": to_json(self.results)}


@dataclass(frozen=True)
class CopiesView:
    """Copy links, the content-farm signals of the articles they touch, and those articles by id."""

    links: tuple[CopyLink, ...]
    signals: dict[str, list[str]]
    articles: dict[str, ArticleSummary]

    def to_dict(self) -> dict[str, Any]:
        return {"links": [link.export_dict() for link in self.links], "signals": self.signals,
                "articles": to_json(self.articles)}


# -- one article ------------------------------------------------------------------------------------
def annotations_of(store: Store, article: Article, index: EntityIndex | None = None,
                   spellings: EntitySpellings | None = None) -> CanonicalAnnotations | None:
    """The article's current annotations in export terms (canonical entities, ...), or None when it
    has not been annotated since its text or date last changed. ``index`` and ``spellings`` are the
    store's whole entity index and its entities' spellings, for callers that read many articles (one
    query, not one each); with ``index`` alone the entities come without their other spellings."""
    stored = store.annotations(article.id)
    if stored is None or not is_current(stored.text_hash, article.text, article.published):
        return None
    if index is None:
        index = store.entity_index([e.key for e in stored.entities])
        spellings = store.entity_spellings({entity_id for entity_id, _, _ in index.values()})
    return current_annotations(article, stored, index, spellings)


def current_annotations(article: Article, stored: Annotations | None, index: EntityIndex,
                        spellings: EntitySpellings | None = None) -> CanonicalAnnotations | None:
    """:func:`annotations_of` for annotations read from anywhere (the store, or a Spark partition)."""
    if stored is None or not is_current(stored.text_hash, article.text, article.published):
        return None
    return canonical_annotations(stored, index, spellings)


def article_record(store: Store, article: Article, index: EntityIndex | None = None,
                   spellings: EntitySpellings | None = None) -> ArticleRecord:
    """The export contract for one article (see :class:`ArticleRecord`); ``index`` and ``spellings`` as
    :func:`annotations_of` takes them."""
    return record_of(article, annotations_of(store, article, index, spellings))


def record_of(article: Article, current: CanonicalAnnotations | None) -> ArticleRecord:
    """The export contract for one article and its current annotations in export terms (None when it has
    none that describe its text), read from anywhere (the store, or a Spark partition)."""
    inferred = current.published if current and not article.published else None
    return ArticleRecord(
        id=article.id, origin=article.origin, url=article.url, canonical_url=article.canonical_url,
        outlet=article.outlet, title=article.title, author=article.author,
        published=inferred.value if inferred else article.published, language=article.language,
        text=article.text, removed=article.removed, credits=article.credits, source_format=article.source_format,
        evidence=dict(article.evidence), published_inferred=inferred is not None,
        published_evidence=inferred.evidence if inferred else None,
        sentences=current.sentences if current else None, entities=current.entities if current else None,
        labels=current.labels if current else None, dates=current.dates if current else None,
        quotes=current.quotes if current else None, annotation_notes=current.notes if current else None,
    )


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
def story_members(store: Store, story: Story, index: EntityIndex | None = None,
                  signals: dict[str, list[str]] | None = None) -> list[StoryArticle]:
    """A stored story's members as the comparison sees them: text, annotations, outlet, copies among
    them. ``index`` and ``signals`` are the store's entity index and content-farm signals, for callers
    that read many stories (one query each, not one per story)."""
    members = set(story.articles)
    copy_of = {link.target: link.source for link in store.copy_links(members)
               if link.kind in COPY_KINDS and link.source in members and link.target in members}
    signals = store.signals() if signals is None else signals
    result = []
    for article_id in story.articles:
        article = store.get(article_id)
        if article is None:
            continue
        result.append(story_member(article, annotations_of(store, article, index), copy_of.get(article.id),
                                   tuple(signals.get(article.id, ()))))
    return result


def story_member(article: Article, current: CanonicalAnnotations | None, copy_of: str | None,
                 signals: tuple[str, ...]) -> StoryArticle:
    """One member of a story as the comparison sees it, from the article and its current annotations
    in export terms (read from anywhere)."""
    annotated = record_of(article, current).to_dict()
    # The comparison reads an article's annotations in their export form, but not the entities' other
    # spellings: a new spelling elsewhere in the corpus leaves a comparison (and its state) as it was.
    annotated["entities"] = [{k: v for k, v in e.items() if k != "spellings"} for e in annotated["entities"] or ()]
    return StoryArticle.from_annotations(
        article.id, outlet_name(article), article.text, annotated, title=article.title or "",
        published=annotated["published"], language=article.language, copy_of=copy_of, signals=signals,
    )


def story_list(store: Store, *, outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
               entity: str | None = None, query: str | None = None, page: int = 1,
               page_size: int | None = PAGE_SIZE, since: str | None = None) -> StoryList:
    """The stories, largest first, filtered by outlet, date range, entity or words in their articles;
    those that gained or changed an article at or after ``since`` (an ISO date or time, UTC) marked."""
    hits = store.search(query, limit=500) if query else None
    limit = page_size
    offset = (max(1, page) - 1) * page_size if page_size else 0
    total, rows = store.story_rows(outlet=outlet, date_from=date_from, date_to=date_to,
                                   entity=resolve_entity(store, entity) if entity else None,
                                   article_ids=[h.id for h in hits] if hits is not None else None,
                                   limit=limit, offset=offset)
    # The entities these stories are about, most shared first: choices for the entity filter.
    counts = Counter(e for row in rows for e in row.entities)
    chosen = [e for e, _ in counts.most_common(ENTITY_CHOICES)]
    names, also = _names_and_spellings(store, chosen)
    if since:
        rows = [replace(row, grew=row.changed is not None and row.changed >= since) for row in rows]
    return StoryList(total=total, page=page, page_size=page_size, stories=tuple(rows),
                     filters=StoryFilters(outlet, date_from, date_to, entity, query, since),
                     outlets=tuple(name for name, _ in store.outlets()),
                     entities=tuple(EntityChoice(e, names.get(e, e), also.get(e, ())) for e in chosen))


def _names_and_spellings(store: Store, entity_ids: list[str]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The canonical names of ``entity_ids`` and the few other spellings to show beside each."""
    names = store.entity_names(entity_ids)
    spellings = store.entity_spellings(entity_ids)
    return names, {e: spellings_to_show(name, spellings.get(e, ()))[:SHOWN_SPELLINGS] for e, name in names.items()}


def resolve_entity(store: Store, typed: str) -> str:
    """The canonical entity id a user typed: an id, else the entity whose name the corpus spells that
    way in any script (Песков, Пєсков or Peskov: the same folded key, or one of the kept spellings);
    else what was typed, which then matches nothing."""
    typed = typed.strip()
    if store.entity_names([typed]):
        return typed
    by_key = store.entity_index([fold(typed)])
    if by_key:
        return next(iter(by_key.values()))[0]
    spelt = store.entities_spelt(typed)
    return spelt[0] if spelt else typed


def story(store: Store, story_id: str, *, with_comparison: bool = True) -> StoryPage | None:
    """One story: its articles (read alone, not the whole store), its comparison (when computed and
    ``with_comparison``), the copies among its articles and their content-farm signals."""
    found = store.stories(story_id)
    if not found:
        return None
    record = found[0]
    signals = store.signals()
    articles = sorted(store.summaries_of(record.articles), key=lambda a: (a.published is None, a.published or "", a.id))
    comparison = store.comparison(story_id) if with_comparison else None
    actors = [a.entity for a in comparison.framing.actors] if comparison else []
    # The story's entities and the comparison's actors, named in one pass of the store
    entity_names, also = _names_and_spellings(store, list(dict.fromkeys([*record.entities, *actors])))
    return StoryPage(
        story=record,
        entity_names=tuple(entity_names.get(e, e) for e in record.entities),
        articles=tuple(StoryMember(**vars(a), signals=tuple(signals.get(a.id, []))) for a in articles),
        comparison=comparison,
        copies=tuple(store.copy_links(record.articles)),
        entity_spellings=tuple(also.get(e, ()) for e in record.entities),
        actor_spellings={e: also[e] for e in actors if also.get(e)},
    )


def story_json(store: Store, story_id: str) -> dict[str, Any] | None:
    """:func:`story` in its JSON form (``StoryPage.to_dict``), with the comparison written as stored."""
    page = story(store, story_id, with_comparison=False)
    if page is None:
        return None
    return {**page.to_dict(), "comparison": store.comparison_json(story_id)}


def article(store: Store, article_id: str) -> ArticlePage | None:
    """One article in the export's terms (text, annotations, removed furniture), its story and its copies."""
    found = store.get(article_id)
    if found is None:
        return None
    return ArticlePage(article=article_record(store, found), story=store.story_of(article_id),
                       copies=tuple(store.copy_links([article_id])),
                       signals=tuple(store.signals().get(article_id, [])))


def search(store: Store, query: str, limit: int = 50) -> SearchPage:
    return SearchPage(q=query, results=tuple(store.search(query, limit=limit)) if query.strip() else ())


def copies(store: Store, article_ids: list[str] | None = None) -> CopiesView:
    """Copy links (all, or those touching ``article_ids``), the content-farm signals of the articles
    they touch, and those articles' summaries (outlet, title) by id."""
    links = store.copy_links(article_ids)
    touched = {a for link in links for a in (link.source, link.target)} | set(article_ids or ())
    signals = {a: s for a, s in store.signals().items() if article_ids is None or a in touched}
    summaries = {row.id: row for row in store.summaries_of(sorted(touched | set(signals)))}
    return CopiesView(links=tuple(links), signals=signals, articles=summaries)
