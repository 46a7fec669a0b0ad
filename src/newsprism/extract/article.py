"""One raw input to one :class:`Article`: decode, extract, clean, and choose the metadata.

:func:`build_article` is pure (bytes and settings in, an article out; no I/O, no globals), so it
runs the same in a process pool here and on a cluster's workers.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import replace
from typing import Any

from .. import __version__
from ..errors import InputError
from ..schema import Article, RawItem
from ..settings import CleanSettings, Settings
from ..sources.decode import decode_bytes, gunzip, is_gzip
from .clean import OutletProfile, Signals, clean_body
from .dates import parse_date
from .language import detect_language
from .page import LEDE_EVIDENCE, Extracted, extract_html, extract_text, hint


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


def choose_outlet(hints: dict[str, Any], ex: Extracted, signals: Signals) -> tuple[str | None, str | None]:
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


def build_article(raw: RawItem, settings: Settings, profile: OutletProfile | None = None) -> Article:
    """Decode, extract and clean one raw item. Raises :class:`InputError` on bad input."""
    max_bytes = settings.ingest.max_item_bytes
    data = raw.content
    if is_gzip(data):
        data = gunzip(data, raw.origin, max_bytes)
    if not data.strip():
        raise InputError(raw.origin, "is empty; nothing to ingest")
    text = decode_bytes(data, raw.origin, raw.declared_encoding)
    clean_settings = settings.clean
    max_title = clean_settings.title_max_words
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
    outlet, outlet_evidence = choose_outlet(hints, ex, signals)
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


def reclean(article: Article, profile: OutletProfile | None, clean_settings: CleanSettings) -> Article:
    """Clean an article's body again, e.g. with newly learned outlet furniture."""
    lede_title = article.evidence.get("title") == LEDE_EVIDENCE
    result = clean_body(
        article.body, title=None if lede_title else article.title, profile=profile, settings=clean_settings,
        plain=article.source_format != "html",
    )
    if not result.text.strip():
        return article  # never let corpus evidence empty an article
    return replace(article, text=result.text, removed=result.removed)



def build_or_error(args: tuple[RawItem, Settings]) -> Article | InputError:
    """:func:`build_article`, with a failure returned rather than raised (for a process pool)."""
    raw, settings = args
    try:
        return build_article(raw, settings)
    except InputError as exc:
        return exc
    except RecursionError:
        return InputError(raw.origin, "markup is nested too deeply to parse; the page is malformed")
    except MemoryError:
        return InputError(raw.origin, "is too large to process in memory; lower its size or raise available memory")
