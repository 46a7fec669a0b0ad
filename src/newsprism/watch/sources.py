"""Watched sources: what one poll of a feed, page, OPML list, file or folder brings in.

A URL is asked for with the validators of its last answer (ETag, Last-Modified): an unchanged feed
costs one small request and brings nothing. An OPML list is read again at every poll and each feed it
names is polled as a source of its own. A file or folder is read again; inputs stored before are
recognised by the ingest step and cost no extraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from ..errors import FetchError, InputError
from ..sources.feeds import looks_like_opml, parse_opml
from ..sources.reader import Item, SourceReader, is_url
from ..store.watch import SourceState


@dataclass
class Poll:
    """One source's poll: its items (a lazy stream), and its state once the stream is consumed."""

    source: str
    items: Iterator[Item]
    state: SourceState
    error: str | None = None  # the source itself could not be read (its items are then none)


def expand(sources: list[str]) -> list[str]:
    """The sources to poll: each feed of an OPML file given as a source, the others as they are."""
    polled: list[str] = []
    for source in sources:
        path = Path(source)
        if not is_url(source) and path.is_file() and path.suffix.lower() == ".opml":
            try:
                data = path.read_bytes()
                feeds = parse_opml(data, source) if looks_like_opml(data) else []
            except (OSError, InputError):
                feeds = []
            polled.extend(f for f in feeds if is_url(f) and f not in polled)
            if feeds:
                continue
        if source not in polled:
            polled.append(source)
    return polled


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def poll(reader: SourceReader, state: SourceState) -> Poll:
    """Ask ``state.source`` for what is new; a failure of the source itself is in ``Poll.error``."""
    source = state.source
    polled = replace(state, polled_at=_now())
    if not is_url(source):
        if not Path(source).exists():
            return Poll(source, iter(()), polled, "no such file or folder; check the path")
        return Poll(source, reader.read(source), polled)
    try:
        result = reader.fetcher.fetch(source, etag=state.etag, last_modified=state.last_modified)
    except FetchError as exc:
        return Poll(source, iter(()), polled, exc.reason)
    polled = replace(polled, etag=result.etag, last_modified=result.last_modified)
    if result.not_modified:
        return Poll(source, iter(()), polled)
    return Poll(source, reader.from_response(source, result), polled)
