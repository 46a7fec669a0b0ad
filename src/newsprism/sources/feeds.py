"""RSS/Atom feeds and OPML subscription lists.

Nothing here touches the network or the file system: callers pass the bytes
they already fetched (through :class:`~newsprism.sources.fetch.Fetcher`) or read.
"""

from __future__ import annotations

import calendar
import codecs
import html
import io
import re
import xml.parsers.expat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ..errors import InputError
from .decode import scrub_text

_SNIFF_BYTES = 2048
_ATOM_NAMESPACES = ("http://www.w3.org/2005/atom", "http://purl.org/atom/ns#")
# XML declaration, processing instructions, comments and DOCTYPE (with an
# internal subset) may precede the root element; matched on lower-case text.
_PROLOG_NOISE = re.compile(r"<\?.*?\?>|<!--.*?-->|<!doctype(?:[^\[>]|\[.*?\])*>", re.DOTALL)
_FIRST_TAG = re.compile(r"<([a-z_][\w.\-]*(?::[\w.\-]+)?)")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TAG = re.compile(r"<[^>]*>")
_DATE_KEYS = ("published_parsed", "updated_parsed", "created_parsed")
_FEED_HINT = "check that the URL or file is an RSS or Atom feed, not an HTML page or a cut-off download"
# A numeric character reference, also escaped once or more (``&amp;#...;``, as in
# HTML carried inside the XML). feedparser turns each into a character with chr()
# and crashes on one past U+10FFFF, on a surrogate, and on more than 4,300 digits.
_CHARREF = r"&((?:amp;)*)#(?:[xX]0*([0-9a-fA-F]+)|0*([0-9]+));?"
_CHARREF_BYTES = re.compile(_CHARREF.encode("ascii"))
_CHARREF_TEXT = re.compile(_CHARREF)
_REPLACEMENT_REF = "#xFFFD;"
# Encodings in which "&#" is not the ASCII bytes, by their first bytes (XML 1.0, appendix F).
_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"),
)


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, with links made absolute where a base is known."""

    link: str | None
    title: str | None
    author: str | None
    published: str | None  # ISO 8601 in UTC, e.g. 2024-05-01T12:00:00+00:00
    content_html: str | None  # the longest of the entry's content and summary
    # Why the entry cannot be used (e.g. its link is not a valid URL); None when it can.
    problem: str | None = None


@dataclass(frozen=True)
class Feed:
    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]


# -- sniffing -------------------------------------------------------------------


def looks_like_feed(content: bytes) -> bool:
    """True if the root element is RSS (<rss>, <rdf:RDF>) or Atom (<feed> in the Atom namespace)."""
    head = _head_text(content)
    name = _root_name(head)
    if name is None:
        return False
    if name in ("rss", "rdf:rdf"):
        return True
    return name.rpartition(":")[2] == "feed" and any(ns in head for ns in _ATOM_NAMESPACES)


def looks_like_opml(content: bytes) -> bool:
    """True if the root element is <opml>."""
    return _root_name(_head_text(content)) == "opml"


def _head_text(content: bytes) -> str:
    head = content[:_SNIFF_BYTES]
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"
    return head.decode(encoding, errors="ignore").lower()


def _root_name(head: str) -> str | None:
    # The root must open the document: "<rss" later in some text does not count.
    body = _PROLOG_NOISE.sub("", head).lstrip("\ufeff \t\r\n")
    match = _FIRST_TAG.match(body)
    return match.group(1) if match else None


# -- feeds ----------------------------------------------------------------------


def parse_feed(content: bytes, origin: str) -> Feed:
    """Parse RSS or Atom bytes; ``origin`` (URL or path) names the input in errors.

    Lenient: a feed with parse problems is returned if it still yielded
    entries. One without entries that is broken, or is no feed at all, raises
    InputError. Relative links are resolved against the feed's own link, or
    against ``origin`` when that is an http(s) URL. An entry that cannot be
    used (an invalid link) comes back with ``problem`` set, so the caller can
    report it alone and keep the others.
    """
    try:
        # A BytesIO, not bytes: feedparser treats a bytes argument as a file name
        # to open, and a str as a URL to fetch.
        parsed = feedparser.parse(io.BytesIO(_safe_charrefs(content)))
    except Exception as exc:  # feedparser's loose parser raises assorted errors on hostile input
        raise InputError(
            origin, f"feed could not be parsed ({type(exc).__name__}: {_short(exc)}); {_FEED_HINT}"
        ) from None
    entries = parsed.get("entries") or []
    if not entries:
        _reject_if_unusable(parsed, origin)
    info: Mapping[str, Any] = parsed.get("feed") or {}
    origin_base = origin if _scheme(origin) in ("http", "https") else None
    try:
        link = _absolute(origin_base, _text(info.get("link")))
    except ValueError:
        link = None  # a broken feed link only loses the base for relative entry links
    base = link or origin_base
    return Feed(
        title=_title(info),
        link=link,
        entries=tuple(_entry(entry, base) for entry in entries),
    )


def _safe_charrefs(content: bytes) -> bytes:
    """``content`` with every numeric character reference one that names a real character.

    An out-of-range or surrogate reference becomes U+FFFD, as an HTML parser
    reads it, so one bad reference costs one character, not the whole feed.
    """
    for bom, encoding in _WIDE_ENCODINGS:
        if content.startswith(bom):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                return content  # left to feedparser, whose failure is reported for the whole feed
            fixed = _CHARREF_TEXT.sub(_fix_charref_text, text)
            return content if fixed == text else fixed.encode(encoding)
    return _CHARREF_BYTES.sub(_fix_charref_bytes, content)


def _fix_charref_bytes(match: re.Match[bytes]) -> bytes:
    groups = [g.decode("ascii") if g is not None else None for g in match.groups()]
    return _canonical_charref(*groups).encode("ascii")


def _fix_charref_text(match: re.Match[str]) -> str:
    return _canonical_charref(*match.groups())


def _canonical_charref(escapes: str | None, hex_digits: str | None, digits: str | None) -> str:
    prefix = "&" + (escapes or "")
    number = hex_digits if hex_digits is not None else digits or "0"
    # Seven hex or eight decimal digits are past U+10FFFF whatever they say; longer
    # strings are not converted at all (int() refuses over 4,300 digits).
    if len(number) > (6 if hex_digits is not None else 7):
        return prefix + _REPLACEMENT_REF
    value = int(number, 16 if hex_digits is not None else 10)
    if value == 0 or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return prefix + _REPLACEMENT_REF
    return f"{prefix}#x{value:X};" if hex_digits is not None else f"{prefix}#{value};"


def _short(exc: BaseException, limit: int = 160) -> str:
    text = str(exc).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme
    except ValueError:
        return ""


def _reject_if_unusable(parsed: Mapping[str, Any], origin: str) -> None:
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception") or "unknown parse error"
        raise InputError(origin, f"broken feed with no entries ({problem}); {_FEED_HINT}")
    if not parsed.get("version"):
        # feedparser does not flag HTML or empty input as broken; it just finds nothing.
        raise InputError(origin, f"not an RSS or Atom feed; {_FEED_HINT}")


def _entry(entry: Mapping[str, Any], base: str | None) -> FeedEntry:
    raw_link = _text(entry.get("link"))
    problem = None
    try:
        link = _absolute(base, raw_link)
    except ValueError as exc:  # urljoin refuses e.g. "https://[bad/" (an unclosed IPv6 address)
        link = None
        problem = f"its link {raw_link!r} is not a valid URL ({exc}); fix the link in the feed"
    return FeedEntry(
        link=link,
        title=_title(entry),
        author=_text(entry.get("author")),
        published=_iso_date(entry),
        content_html=_longest_html(entry),
        problem=problem,
    )


def _title(item: Mapping[str, Any]) -> str | None:
    """A plain-text title; Atom allows HTML titles, which feedparser keeps as HTML."""
    title = _text(item.get("title"))
    detail = item.get("title_detail") or {}
    if title is None or detail.get("type") not in _HTML_TYPES:
        return title
    return _text(html.unescape(_TAG.sub("", title)))


def _iso_date(entry: Mapping[str, Any]) -> str | None:
    # feedparser's *_parsed values are UTC struct_times.
    for key in _DATE_KEYS:
        value = entry.get(key)
        if not value:
            continue
        try:
            return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
        except (TypeError, ValueError, OverflowError):
            continue
    return None


def _longest_html(entry: Mapping[str, Any]) -> str | None:
    candidates = [part.get("value") for part in entry.get("content") or []]
    candidates.append(entry.get("summary"))
    texts = [scrub_text(text) for text in candidates if isinstance(text, str) and text.strip()]
    # max() keeps the first of equal lengths, and content comes before summary.
    return max(texts, key=len) if texts else None


def _absolute(base: str | None, link: str | None) -> str | None:
    if link is None or base is None:
        return link
    return urljoin(base, link)


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return scrub_text(value).strip() or None


# -- OPML -----------------------------------------------------------------------


class _Refused(Exception):
    """Raised from an expat callback to stop parsing a dangerous document."""


@dataclass
class _OpmlCollector:
    base: str | None
    root: str | None = None
    urls: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.root is None:
            self.root = name
        if name.lower() != "outline":
            return
        # Producers disagree on case: xmlUrl, xmlurl, XMLURL.
        for key, value in attributes.items():
            if key.lower() == "xmlurl" and value.strip():
                try:
                    url = _absolute(self.base, value.strip()) or value.strip()
                except ValueError:
                    url = value.strip()  # kept as written: fetching it reports it as not a valid URL
                self._add(url)

    def _add(self, url: str) -> None:
        if url not in self.seen:
            self.seen.add(url)
            self.urls.append(url)


def parse_opml(content: bytes, origin: str) -> list[str]:
    """The xmlUrl of every <outline>, nested ones included, de-duplicated in document order.

    Uses expat directly (what xml.etree runs on) so a DOCTYPE stops parsing
    at once: documents with DOCTYPE or ENTITY declarations are refused, which
    rules out entity-expansion bombs and external entities. An OPML file
    without feed outlines gives an empty list.
    """
    collector = _OpmlCollector(base=origin if urlsplit(origin).scheme in ("http", "https") else None)
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.StartElementHandler = collector.start
    try:
        parser.Parse(content, True)
    except _Refused as exc:
        raise InputError(origin, str(exc)) from None
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(
            origin, f"not well-formed OPML XML ({exc}); export the subscription list again"
        ) from None
    if collector.root is None or collector.root.lower() != "opml":
        raise InputError(
            origin, f"not an OPML file: the root element is <{collector.root}>, expected <opml>"
        )
    return collector.urls


def _refuse_doctype(name: str, system_id: str | None, public_id: str | None, has_subset: bool) -> None:
    raise _Refused(
        "OPML with a DOCTYPE declaration refused (it can define entity bombs or "
        "external entities); remove the <!DOCTYPE ...> line"
    )


def _refuse_entity(*args: object) -> None:
    raise _Refused("OPML with an ENTITY declaration refused; remove the <!ENTITY ...> lines")
