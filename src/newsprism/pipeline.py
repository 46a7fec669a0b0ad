"""From raw items to stored articles: the per-article stages and the ingest run.

:func:`build_article` is pure (bytes in, :class:`Article` out; no I/O, no
globals), so it runs the same in a process pool here and on a cluster later.
:func:`ingest` is the one stateful part: it reads sources, writes the store in
transactions of ``ingest.batch_size`` items, and learns each outlet's recurring
furniture once the run's articles are in.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from . import __version__
from .extract.clean import OutletProfile, Signals, clean_body, recurring_lines
from .config import Config, load_config
from .extract.dates import parse_date
from .errors import InputError
from .extract.page import LEDE_EVIDENCE, Extracted, extract_html, extract_text, hint
from .sources.decode import decode_bytes, gunzip, is_gzip
from .sources.fetch import Fetcher
from .sources.reader import SourceReader
from .extract.language import detect_language
from .schema import Article, IngestReport, ItemResult, RawItem
from .store import Store

ProgressCallback = Callable[[ItemResult], None]


def input_key(raw: RawItem) -> str:
    """Identity of one input as newsprism reads it: the bytes, what came with them, and
    the newsprism version (a new version may read the same bytes differently)."""
    extra = json.dumps(
        [__version__, raw.format, raw.url, raw.declared_encoding, raw.hints], sort_keys=True, default=str
    ).encode("utf-8")
    return hashlib.sha256(raw.content + b"\x00" + extra).hexdigest()[:16]


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def article_id(body: str, canonical_url: str | None, title: str | None = None, outlet: str | None = None) -> str:
    """Stable id from what the article says and where: text, headline, outlet, canonical URL.

    Whitespace and Unicode forms are normalised, so the same article read twice
    (or from a re-saved file) gets the same id, while the same wire text run by
    two outlets, or under two headlines, stays two articles.
    """
    key = "\x00".join((_norm(canonical_url), _norm(outlet), _norm(title), _norm(body)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _choose_outlet(hints: dict[str, Any], ex: Extracted, signals: Signals) -> tuple[str | None, str | None]:
    """The publisher, from the strongest evidence available, and that evidence."""
    if hint(hints, "outlet"):
        return hint(hints, "outlet"), "given with the input"
    site_named = ex.outlet and ex.evidence.get("outlet") != "page host name"
    if site_named:
        return ex.outlet, ex.evidence.get("outlet", "page metadata")
    if hint(hints, "feed_outlet"):
        return hint(hints, "feed_outlet"), "the feed's title"
    if ex.outlet:
        return ex.outlet, ex.evidence.get("outlet", "page host name")
    if signals.bio_outlet:
        return signals.bio_outlet, "the author's bio names it"
    if signals.self_named_outlets:
        return signals.self_named_outlets[0], "a subscribe/donate prompt names it"
    if signals.credits:
        return signals.credits[0], "the only outlet the text names (credit line)"
    return None, None


def build_article(raw: RawItem, settings: dict[str, Any], profile: OutletProfile | None = None) -> Article:
    """Decode, extract and clean one raw item. Raises :class:`InputError` on bad input."""
    max_bytes = int(settings["ingest"]["max_item_bytes"])
    data = raw.content
    if is_gzip(data):
        data = gunzip(data, raw.origin, max_bytes)
    if not data.strip():
        raise InputError(raw.origin, "is empty; nothing to ingest")
    text = decode_bytes(data, raw.origin, raw.declared_encoding)
    clean_settings = settings["clean"]
    max_title = int(clean_settings.get("title_max_words", 40))
    if raw.format == "html":
        ex = extract_html(text, raw.origin, raw.url)
        plain = False
    else:
        ex = extract_text(text, raw.origin, markdown=raw.format == "markdown", max_title_words=max_title)
        plain = True
    hints = raw.hints
    title = hint(hints, "title") or ex.title
    headline_in_body = None if (ex.title_is_lede and title == ex.title) else title
    result = clean_body(ex.body, title=headline_in_body, profile=profile, settings=clean_settings, plain=plain)
    if not result.text.strip():
        raise InputError(raw.origin, "holds no reporting once page furniture is removed (only menus, links or prompts)")
    signals = result.signals
    evidence = dict(ex.evidence)
    outlet, outlet_evidence = _choose_outlet(hints, ex, signals)
    if outlet_evidence:
        evidence["outlet"] = outlet_evidence
    author = hint(hints, "author") or ex.author
    if not author and signals.byline:
        author, evidence["author"] = signals.byline, "byline"
    if not author and signals.bio_author:
        author, evidence["author"] = signals.bio_author, "author bio"
    published = parse_date(hint(hints, "published")) or ex.published
    if not published and signals.dateline:
        published = parse_date(signals.dateline)
        if published:
            evidence["published"] = f"dateline '{signals.dateline}'"
    if hint(hints, "fallback"):
        evidence["text"] = str(hints["fallback"])
    language = detect_language(result.text) or hint(hints, "language")
    canonical = ex.canonical_url or (raw.url if raw.format != "html" else None)
    return Article(
        id=article_id(ex.body, canonical, title, outlet),
        origin=raw.origin,
        body=ex.body,
        text=result.text,
        url=raw.url or ex.canonical_url,
        canonical_url=canonical,
        outlet=outlet,
        title=title,
        author=author,
        published=published,
        language=language,
        removed=result.removed,
        credits=tuple(dict.fromkeys(ex.credits + signals.credits)),
        source_format="html" if raw.format == "html" else ("markdown" if raw.format == "markdown" else "text"),
        raw_hash=input_key(raw),
        evidence=evidence,
    )


def reclean(article: Article, profile: OutletProfile | None, clean_settings: dict[str, Any]) -> Article:
    """Clean an article's body again, e.g. with newly learned outlet furniture."""
    lede_title = article.evidence.get("title") == LEDE_EVIDENCE
    result = clean_body(
        article.body, title=None if lede_title else article.title, profile=profile, settings=clean_settings,
        plain=article.source_format != "html",
    )
    if not result.text.strip():
        return article  # never let corpus evidence empty an article
    return replace(article, text=result.text, removed=result.removed)


def _build_safe(args: tuple[RawItem, dict[str, Any]]) -> Article | InputError:
    raw, settings = args
    try:
        return build_article(raw, settings)
    except InputError as exc:
        return exc
    except RecursionError:
        return InputError(raw.origin, "markup is nested too deeply to parse; the page is malformed")
    except MemoryError:
        return InputError(raw.origin, "is too large to process in memory; lower its size or raise available memory")


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    sources: Iterable[str],
    store: Store,
    config: Config | None = None,
    *,
    progress: ProgressCallback | None = None,
    workers: int = 1,
    allow_private: bool | None = None,
    fetch_feed_pages: bool | None = None,
    force: bool = False,
) -> IngestReport:
    """Read every source into the store; failures are reported, never fatal."""
    config = config or load_config()
    settings = {name: config.section(name) for name in ("ingest", "clean", "fetch")}
    if fetch_feed_pages is not None:
        settings["ingest"]["fetch_feed_pages"] = fetch_feed_pages
    reader = SourceReader(
        settings["ingest"],
        lambda: Fetcher(settings["fetch"], allow_private=allow_private, version=__version__),
    )
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
            profiles[article.outlet] = outlet_profile(store, article.outlet, settings["clean"])
        profile = profiles[article.outlet]
        return reclean(article, profile, settings["clean"]) if profile else article

    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None

    def record(result: ItemResult) -> None:
        report.results.append(result)
        store.log(run_id, result.origin, result.status, result.article_id, result.reason)
        if progress:
            progress(result)

    try:
        stream = reader.read_all(sources)
        for batch in _batches(stream, int(settings["ingest"]["batch_size"])):
            # An input read before, byte for byte and with the same metadata, gives
            # the same article: report it unchanged without extracting it again.
            keys = [input_key(item) if isinstance(item, RawItem) else None for item in batch]
            known = {} if force else store.articles_for_inputs([k for k in keys if k])
            raws = [item for item, key in zip(batch, keys) if isinstance(item, RawItem) and key not in known]
            jobs = [(raw, settings) for raw in raws]
            # Lazy: each article is written (and reported) as soon as it is built.
            built = pool.map(_build_safe, jobs, chunksize=4) if pool else map(_build_safe, jobs)
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
        reader.close()
        if pool:
            pool.shutdown()
    learn_outlet_furniture(store, sorted(touched_outlets), settings["clean"], known=profiles)
    return report


def outlet_profile(store: Store, outlet: str, clean_settings: dict[str, Any]) -> OutletProfile | None:
    lines, _ = recurring_lines(store.iter_bodies(outlet), clean_settings)
    return OutletProfile(outlet, lines) if lines else None


def learn_outlet_furniture(
    store: Store,
    outlets: Iterable[str],
    clean_settings: dict[str, Any],
    known: dict[str, OutletProfile | None] | None = None,
) -> int:
    """Re-clean each outlet's articles with the lines that recur across them.

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


def annotate(
    store: Store,
    *,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
    batch_size: int = 16,
    workers: int = 1,
) -> int:
    """Read every article whose annotations are missing or out of date, then give the
    corpus's entities their canonical names; returns how many articles were read."""
    from .annotate.canonical import rebuild_index
    from .annotate.annotator import Annotator, is_current

    todo = [
        (i, text, lang, published)
        for i, text, lang, published, data in store.annotation_states()
        if force or not is_current(data, text, published)
    ]
    annotator = Annotator(batch_size=batch_size, workers=workers)
    done = 0
    # One stream through the annotator (one process pool), written in batches.
    results = zip(todo, annotator.annotate((text, language, published) for _, text, language, published in todo))
    while batch := list(islice(results, batch_size * 4)):
        with store.transaction():
            for (article_id, *_), result in batch:
                store.put_annotations(article_id, result.text_hash, result.to_dict())
                done += 1
                if progress:
                    progress(article_id)
    if done:
        rows = rebuild_index(store.iter_entity_lists())
        with store.transaction():
            store.replace_entity_index(rows)
    return done


def reading(
    store: Store, article: Article, index: dict[str, tuple[str, str, str]] | None = None
) -> dict[str, Any] | None:
    """The article's current reading in export terms (canonical entities, ...), or None
    when it has not been read since its text or date last changed. ``index`` is the
    store's whole entity index, for callers that read many articles (one query, not one each)."""
    from .annotate.canonical import canonical_reading
    from .annotate.annotator import is_current

    data = store.annotations(article.id)
    if not is_current(data, article.text, article.published):
        return None
    assert data is not None
    if index is None:
        index = store.entity_index([e["key"] for e in data.get("entities", [])])
    result = canonical_reading(data, index)
    result["sentences"] = data["sentences"]
    result["notes"] = data["notes"]
    result["published"] = data.get("published")
    return result


def export_record(
    store: Store, article: Article, index: dict[str, tuple[str, str, str]] | None = None
) -> dict[str, Any]:
    """The export contract for one article: its fields plus the reading fields
    (sentences, entities, labels, dates, quotes, notes), which are null until
    annotations describe its current text. A publication date read from the text
    fills ``published`` with ``published_inferred`` true and its evidence."""
    record = article.export_dict()
    current = reading(store, article, index)
    inferred = current["published"] if current else None
    record["published_inferred"] = bool(inferred) and not article.published
    record["published_evidence"] = inferred["evidence"] if record["published_inferred"] and inferred else None
    if record["published_inferred"] and inferred:
        record["published"] = inferred["value"]
    for name in ("sentences", "entities", "labels", "dates", "quotes"):
        record[name] = current[name] if current else None
    record["annotation_notes"] = current["notes"] if current else None
    return record


def find_copies(
    store: Store, config: Config | None = None, *, vectors: bool | None = None, force: bool = False
) -> tuple[int, bool]:
    """Find text reuse across the whole store (copies, shared wire text, rewrites) and keep it.

    The result describes one state of the corpus and one setting of ``vectors``; it is
    computed again only when either changed (or ``force``). Returns (links, recomputed).
    """
    from .copies import find_copies as find_reuse_links

    settings = (config or load_config()).section("provenance")
    configured = bool(settings.pop("vectors"))
    use_vectors = configured if vectors is None else vectors
    state = f"{store.corpus_fingerprint()}|vectors={use_vectors}|{sorted(settings.items())}"
    if not force and store.state("copies") == state:
        return len(store.copy_links()), False
    links, signals = find_reuse_links(store.iter_articles(), vectors=use_vectors, **settings)
    with store.transaction():
        store.replace_copy_links([link.to_dict() for link in links], signals)
        store.set_state("copies", state)
    return len(links), True


def story_input(
    store: Store, article: Article, copy_of: str | None, index: dict[str, tuple[str, str, str]] | None = None
) -> Any:
    """What the story grouping sees of an article: its text, its entities (most mentioned
    first), the dates it names (day or month precision) and its publication date."""
    from .stories import StoryInput, event_dates

    current = reading(store, article, index) or {}
    entities = sorted(current.get("entities") or [], key=lambda e: -len(e["mentions"]))
    dates = event_dates(current.get("dates") or [])
    inferred = current.get("published")
    published = article.published or (inferred["value"] if inferred and inferred["precision"] == "day" else None)
    return StoryInput(article.id, article.title or "", article.text, published,
                      tuple(e["id"] for e in entities), dates, copy_of)


def group_stories(store: Store, config: Config | None = None, *, force: bool = False) -> tuple[int, bool]:
    """Group the whole store into stories (copies always join their source's story) and keep
    them. Computed again only when the corpus or the settings changed; returns (stories, recomputed)."""
    from .stories import STORIES_VERSION, cluster

    config = config or load_config()
    find_copies(store, config)
    settings = config.section("stories")
    # The copies' state already names the corpus; the readings (entities, dates) count too.
    state = f"{STORIES_VERSION}|{store.state('copies')}|{store.annotations_fingerprint()}|{sorted(settings.items())}"
    if not force and store.state("stories") == state:
        return len(store.stories()), False
    copy_of = {
        link["target"]: link["source"] for link in store.copy_links() if link["kind"] in ("duplicate", "copy")
    }
    index = store.entity_index()
    items = [story_input(store, article, copy_of.get(article.id), index) for article in store.iter_articles()]
    stories = cluster(items, **settings)
    with store.transaction():
        store.replace_stories([story.to_dict() for story in stories])
        store.set_state("stories", state)
    return len(stories), True


def outlet_name(article: Article) -> str:
    """The outlet, else the site the URL names, else a stand-in that names the article (never merged with another)."""
    if article.outlet:
        return article.outlet
    host = urlsplit(article.url or article.canonical_url or "").hostname
    if host:
        return host.removeprefix("www.")
    return f"unknown outlet ({article.id[:8]})"


def story_articles(store: Store, story: dict[str, Any], index: dict[str, tuple[str, str, str]] | None = None,
                   signals: dict[str, list[str]] | None = None) -> list[Any]:
    """A stored story's members as the comparison sees them: text, reading, outlet, copies among them.
    ``index`` and ``signals`` are the store's entity index and content-farm signals, for callers that
    read many stories (one query each, not one per story)."""
    from .compare import StoryArticle

    members = set(story["articles"])
    copy_of = {link["target"]: link["source"] for link in store.copy_links(members)
               if link["kind"] in ("duplicate", "copy") and link["source"] in members and link["target"] in members}
    signals = store.signals() if signals is None else signals
    result = []
    for article_id in story["articles"]:
        article = store.get(article_id)
        if article is None:
            continue
        record = export_record(store, article, index)
        result.append(StoryArticle.from_reading(
            article.id, outlet_name(article), article.text, record, title=article.title or "",
            published=record["published"], language=article.language,
            copy_of=copy_of.get(article.id), signals=tuple(signals.get(article.id, ())),
        ))
    return result


def compare_stories(
    store: Store,
    config: Config | None = None,
    *,
    story_ids: Iterable[str] | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[int, int]:
    """Compare the articles of every story (or of ``story_ids``) and keep the result per story.

    Nothing is read when the store and the settings are as they were at the last full comparison;
    otherwise a story is compared again only when its articles, their readings, the copies among them
    or the settings changed. Returns (stories compared now, stories considered).
    """
    from dataclasses import asdict

    from .compare import COMPARE_VERSION, compare_story
    from .compare.loaded import LoadedScorer, model_digest
    from .copies.vectors import UseEncoder

    config = config or load_config()
    group_stories(store, config)
    settings = config.section("compare")
    stories = store.stories()
    method = json.dumps([COMPARE_VERSION, model_digest(), sorted(settings.items())])
    # The whole store compared as it is now: nothing to read again (the stories' state names the
    # corpus and its readings; the metadata fingerprint the outlets, titles and dates shown).
    corpus = f"{method}|{store.state('stories')}|{store.metadata_fingerprint()}"
    if story_ids is None and not force and store.state("comparisons") == corpus:
        return 0, len(stories)
    if story_ids is not None:
        wanted = set(story_ids)
        stories = [s for s in stories if s["id"] in wanted]
    index, signals = store.entity_index(), store.signals()
    known = store.comparison_states()
    encoder: Any = None
    scorer: Any = None
    done = 0
    for story in stories:
        articles = story_articles(store, story, index, signals)
        payload = json.dumps([method, story["start"], story["end"], [asdict(a) for a in articles]],
                             sort_keys=True, ensure_ascii=False)
        state = hashlib.sha256(payload.encode()).hexdigest()[:16]
        if not force and known.get(story["id"]) == state:
            continue
        if encoder is None:
            encoder = UseEncoder()
            scorer = LoadedScorer(encoder)
        result = compare_story(story, articles, encoder, scorer, **settings)
        with store.transaction():
            store.put_comparison(story["id"], state, result.to_dict())
        done += 1
        if progress:
            progress(story["id"])
    if story_ids is None:
        with store.transaction():
            store.drop_comparisons(s["id"] for s in stories)
            store.set_state("comparisons", corpus)
    return done, len(stories)
