"""Resolve each SOURCE argument (path, directory, feed, URL) into raw items.

Everything is yielded lazily so a huge directory or archive streams through
without being held in memory. Failures are yielded too, as :class:`InputError`,
so the caller reports them and carries on with the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from stat import S_ISREG
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError, InputError, PrivateAddressError
from ..schema import RawItem
from ..settings import IngestSettings
from .decode import gunzip, is_gzip, printable_path, scrub_text
from .feeds import Feed, looks_like_feed, looks_like_opml, parse_feed, parse_opml
from .fetch import Fetcher, FetchResult
from .records import read_csv, read_json, read_jsonl
from .warc import read_warc

Item = RawItem | InputError
FetcherFactory = Callable[[], Fetcher]

_RECORD_EXT = {".jsonl": read_jsonl, ".ndjson": read_jsonl, ".json": read_json, ".csv": read_csv}
_FEED_EXT = {".rss", ".atom", ".xml", ".rdf"}
_OPML_EXT = {".opml"}
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")


def is_url(source: str) -> bool:
    return "://" in source[:16] or source.lower().startswith(("http:", "https:"))


class SourceReader:
    """Turns SOURCE arguments into a stream of :class:`RawItem` or :class:`InputError`."""

    def __init__(
        self, settings: IngestSettings, fetcher_factory: FetcherFactory, *, follow_links: bool = False,
        skip_link: Callable[[str], bool] | None = None,
    ) -> None:
        """``follow_links``: read symbolic links in a folder that lead out of it (refused by default,
        so a folder of articles cannot pull in files from elsewhere on the machine). ``skip_link``:
        feed entries whose link it says yes to are passed over (a watcher's stored articles)."""
        self.settings = settings
        self.follow_links = follow_links
        self.skip_link = skip_link
        self.max_bytes = settings.max_item_bytes
        self.text_ext = {e.lower() for e in settings.text_extensions}
        self.html_ext = {e.lower() for e in settings.html_extensions}
        self.fetch_feed_pages = settings.fetch_feed_pages
        self._fetcher_factory = fetcher_factory
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = self._fetcher_factory()
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    # -- dispatch --------------------------------------------------------------
    def read_all(self, sources: Iterable[str]) -> Iterator[Item]:
        """Every item of every source, in order; runs of URLs are fetched concurrently."""
        pending_urls: list[str] = []
        for source in sources:
            if is_url(source) and scrub_text(source) == source:
                pending_urls.append(source)
                continue
            yield from self._read_urls(pending_urls)
            pending_urls = []
            yield from self.read(source)
        yield from self._read_urls(pending_urls)

    def _read_urls(self, urls: list[str]) -> Iterator[Item]:
        if not urls:
            return
        for url, outcome in self.fetcher.fetch_many(urls):
            yield from self.from_response(url, outcome)

    def read(self, source: str) -> Iterator[Item]:
        shown = printable_path(source)
        if is_url(source):
            if scrub_text(source) != source:
                yield InputError(shown, "URL holds bytes that are not UTF-8 text; percent-encode them (%XX)")
                return
            yield from self._read_url(source)
            return
        path = Path(source)
        if not path.exists():
            yield InputError(shown, "no such file or directory; check the path (URLs must start with http:// or https://)")
        elif path.is_dir():
            yield from self._read_dir(path)
        elif not path.is_file():
            yield InputError(shown, "is not a regular file (a device or pipe?); pass files, folders or URLs")
        else:
            yield from self._read_file(path, explicit=True)

    def _read_dir(self, root: Path) -> Iterator[Item]:
        """Every file under ``root``, folders depth first, names sorted, hidden ones skipped.

        A symbolic link that leads out of ``root`` is refused unless ``follow_links``;
        a linked folder inside ``root`` is skipped (it is read where it really is).
        """
        real_root = os.path.realpath(root)
        seen = {real_root}
        pending = [root]
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                yield InputError(printable_path(folder), f"folder cannot be listed ({exc.strerror or exc}); check permissions")
                continue
            subfolders: list[Path] = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if entry.is_symlink():
                    target = os.path.realpath(path)
                    if not _within(target, real_root):
                        if not self.follow_links:
                            if is_dir or self._kind(path) is not None:
                                yield InputError(printable_path(path), _outside_link_reason(target, root))
                            continue
                    elif is_dir:
                        continue
                if is_dir:
                    real = os.path.realpath(path)
                    if real not in seen:  # a followed link back to a folder already read would loop
                        seen.add(real)
                        subfolders.append(path)
                    continue
                yield from self._read_file(path, explicit=False)
            pending.extend(reversed(subfolders))

    def _kind(self, path: Path) -> str | None:
        name = path.name.lower()
        if name.endswith(_WARC_SUFFIXES):
            return "warc"
        stem_ext = Path(name[:-3]).suffix if name.endswith(".gz") else path.suffix.lower()
        if stem_ext in self.html_ext:
            return "html"
        if stem_ext in self.text_ext:
            return "markdown" if stem_ext in (".md", ".markdown") else "text"
        if stem_ext in _RECORD_EXT:
            return "records"
        if stem_ext in _FEED_EXT:
            return "feed"
        if stem_ext in _OPML_EXT:
            return "opml"
        return None

    def _read_file(self, path: Path, explicit: bool) -> Iterator[Item]:
        kind = self._kind(path)
        if kind is None and not explicit:
            return  # other files in a folder (images, scripts) are not articles
        origin = printable_path(path)
        try:
            stat = path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                yield InputError(
                    origin, f"is a broken symbolic link (to {printable_path(os.readlink(path))}); fix or remove it"
                )
            else:
                yield InputError(origin, "disappeared while the folder was being read; run again")
            return
        except OSError as exc:
            yield InputError(origin, f"cannot be read ({exc.strerror or exc}); check permissions")
            return
        if not explicit and not S_ISREG(stat.st_mode):
            # Reading a named pipe would wait forever.
            yield InputError(origin, "is not a regular file (a device or pipe?); move it out of the folder")
            return
        size = stat.st_size
        if kind == "warc":
            yield from read_warc(path, self.max_bytes)
            return
        if kind == "records":
            yield from _RECORD_EXT[Path(path.name.removesuffix(".gz")).suffix.lower()](path, self.max_bytes)
            return
        limit = self.max_bytes * (4 if kind in ("feed", "opml") else 1)
        if size > limit and not path.name.lower().endswith(".gz"):
            yield InputError(
                origin, f"is {size:,} bytes, above the {limit:,}-byte limit for one item; raise ingest.max_item_bytes"
            )
            return
        if size == 0:
            yield InputError(origin, "is empty (0 bytes); nothing to ingest")
            return
        try:
            data = path.read_bytes()
            if is_gzip(data):
                data = gunzip(data, origin, limit)
        except OSError as exc:
            yield InputError(origin, f"cannot be read ({exc.strerror or exc}); check permissions")
            return
        except InputError as exc:
            yield exc
            return
        if kind is None:
            kind = _sniff(data)
        if kind == "feed" or (kind != "opml" and looks_like_feed(data) and kind not in ("html", "text", "markdown")):
            yield from self._read_feed(data, origin, base_url=None)
        elif kind == "opml" or looks_like_opml(data):
            yield from self._read_opml(data, origin)
        elif kind == "html":
            yield RawItem(origin=origin, content=data, format="html")
        else:
            yield RawItem(origin=origin, content=data, format="markdown" if kind == "markdown" else "text")

    # -- the web ---------------------------------------------------------------
    def _fetch(self, url: str) -> FetchResult | InputError:
        try:
            return self.fetcher.fetch(url)
        except FetchError as exc:
            return exc

    def _read_url(self, url: str) -> Iterator[Item]:
        yield from self.from_response(url, self._fetch(url))

    def from_response(self, url: str, result: FetchResult | InputError) -> Iterator[Item]:
        if isinstance(result, InputError):
            yield result
            return
        data = result.content
        ctype = (result.content_type or "").lower()
        if "opml" in ctype or looks_like_opml(data):
            yield from self._read_opml(data, url)
        elif any(t in ctype for t in ("rss", "atom", "rdf")) or (
            ("xml" in ctype or not ctype) and looks_like_feed(data)
        ):
            yield from self._read_feed(data, url, base_url=result.url)
        elif ctype.startswith("text/plain"):
            yield RawItem(origin=url, content=data, format="text", url=result.url, declared_encoding=result.charset)
        elif ctype and "html" not in ctype and "xml" not in ctype:
            yield InputError(url, f"is {ctype}, not a web page or feed; pass the article's HTML page")
        else:
            yield RawItem(origin=url, content=data, format="html", url=result.url, declared_encoding=result.charset)

    def _read_opml(self, data: bytes, origin: str) -> Iterator[Item]:
        try:
            feed_urls = parse_opml(data, origin)
        except InputError as exc:
            yield exc
            return
        if not feed_urls:
            yield InputError(origin, "OPML list names no feeds (no outline with xmlUrl)")
        for feed_url in feed_urls:
            if not is_url(feed_url):
                yield InputError(feed_url, f"feed address in {origin} is not an http(s) URL")
                continue
            result = self._fetch(feed_url)
            if isinstance(result, InputError):
                yield result
                continue
            yield from self._read_feed(result.content, feed_url, base_url=result.url)

    def _read_feed(self, data: bytes, origin: str, base_url: str | None) -> Iterator[Item]:
        try:
            feed = parse_feed(data, origin)
        except InputError as exc:
            yield exc
            return
        entries = list(feed.entries)
        links = [self._entry_link(e.link, base_url) for e in entries]
        if self.skip_link is not None:  # entries read before are not fetched again
            kept = [(e, link) for e, link in zip(entries, links) if not (link and self.skip_link(link))]
            entries, links = [e for e, _ in kept], [link for _, link in kept]
        problems = [e.problem or (_bad_link_problem(e.link) if e.link and not link else None)
                    for e, link in zip(entries, links)]
        fetched: dict[str, FetchResult | InputError] = {}
        wanted = [link for link in links if link and self.fetch_feed_pages]
        if wanted:
            for url, outcome in self.fetcher.fetch_many(dict.fromkeys(wanted)):
                fetched[url] = outcome
        for index, (entry, link, problem) in enumerate(zip(entries, links, problems)):
            entry_origin = link or f"{origin}#entry{index + 1}"
            if problem:
                yield InputError(entry_origin, f"feed entry in {origin}: {problem}")
                continue
            hints = _entry_hints(feed, entry)
            page = fetched.get(link) if link else None
            if isinstance(page, PrivateAddressError):
                # A refused address is a decision, not an outage: say so rather than
                # quietly storing the feed's own text in place of the page.
                yield InputError(
                    entry_origin,
                    f"{page.reason} (link of a feed entry in {origin}; not stored: "
                    "or pass --no-fetch-pages to use the feed's own text)",
                )
                continue
            if isinstance(page, FetchResult):
                yield RawItem(
                    origin=entry_origin, content=page.content, format="html", url=page.url,
                    declared_encoding=page.charset, hints=hints,
                )
                continue
            if entry.content_html and entry.content_html.strip():
                if isinstance(page, InputError):
                    hints["fallback"] = f"page fetch failed ({page.reason}); used the feed's own content"
                yield RawItem(
                    origin=entry_origin,
                    content=_entry_page(entry.title, entry.content_html).encode("utf-8", "replace"),
                    format="html", url=link, hints=hints,
                )
            elif isinstance(page, InputError):
                yield InputError(entry_origin, f"{page.reason} (feed entry in {origin}, which carries no full text)")
            else:
                yield InputError(entry_origin, f"feed entry in {origin} has neither a link nor content; nothing to ingest")

    @staticmethod
    def _entry_link(link: str | None, base_url: str | None) -> str | None:
        if not link:
            return None
        try:
            if base_url and not urlsplit(link).scheme:
                return urljoin(base_url, link)
        except ValueError:
            return None  # reported as the entry's problem
        return link


def _within(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:  # different drives
        return False


def _outside_link_reason(target: str, root: Path) -> str:
    return (
        f"is a symbolic link to {printable_path(target)}, outside the folder {printable_path(root)}; "
        "not followed (pass the target itself as a SOURCE to read it)"
    )


def _bad_link_problem(link: str) -> str:
    return f"its link {link!r} is not a valid URL; fix the link in the feed"


def _entry_hints(feed: Feed, entry: Any) -> dict[str, Any]:
    hints: dict[str, Any] = {"feed": feed.title or feed.link or ""}
    if entry.title:
        hints["title"] = entry.title
    if entry.author:
        hints["author"] = entry.author
    if entry.published:
        hints["published"] = entry.published
    if feed.title:
        # Weaker than the page's own site name: a feed title may name a section.
        hints["feed_outlet"] = feed.title
    return hints


def _entry_page(title: str | None, content_html: str) -> str:
    """Wrap a feed entry's HTML content as a page, so it goes through the same extractor."""
    from html import escape

    head = f"<title>{escape(title)}</title>" if title else ""
    return f"<html><head>{head}</head><body><article>{content_html}</article></body></html>"


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if looks_like_opml(data):
        return "opml"
    if looks_like_feed(data):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<div" in head or b"<p>" in head:
        return "html"
    return "text"
