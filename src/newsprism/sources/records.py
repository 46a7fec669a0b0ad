"""Article records in JSON, JSON Lines and CSV files."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from ..errors import InputError
from ..schema import RawItem
from .decode import decode_bytes

TEXT_FIELDS = ("text", "body", "content", "article", "articleBody", "maintext", "full_text")
HTML_FIELDS = ("html", "raw_html", "content_html", "page")
URL_FIELDS = ("url", "link", "canonical_url", "source_url")

RecordResult = RawItem | InputError


def record_to_item(record: Any, origin: str, max_bytes: int) -> RawItem:
    """One article record (a dict) to a RawItem; field names are matched loosely."""
    if not isinstance(record, dict):
        raise InputError(origin, f"is a JSON {type(record).__name__}, not an object with article fields")
    fields = {str(k): v for k, v in record.items()}
    lowered = {k.lower(): v for k, v in fields.items()}

    def first(names: tuple[str, ...]) -> Any:
        for name in names:
            value = fields.get(name, lowered.get(name.lower()))
            if value not in (None, ""):
                return value
        return None

    html = first(HTML_FIELDS)
    text = first(TEXT_FIELDS)
    if html is None and text is None:
        raise InputError(
            origin,
            "record has no article body; add a 'text' or 'html' field "
            f"(accepted names: {', '.join(TEXT_FIELDS + HTML_FIELDS)})",
        )
    body = html if html is not None else text
    if isinstance(body, list):
        body = "\n\n".join(str(x) for x in body)
    if not isinstance(body, str):
        raise InputError(origin, f"article body must be a string, got {type(body).__name__}")
    content = body.encode("utf-8")
    if len(content) > max_bytes:
        raise InputError(origin, f"record body is {len(content):,} bytes, above ingest.max_item_bytes={max_bytes:,}; raise it in the config")
    url = first(URL_FIELDS)
    hints: dict[str, Any] = {}
    for key, names in {
        "title": ("title", "headline"),
        "published": ("published", "date", "published_at", "pubdate", "datePublished", "date_publish", "time"),
        "outlet": ("outlet", "source", "site", "site_name", "publisher", "domain", "source_domain"),
        "author": ("author", "authors", "byline", "creator"),
        "language": ("language", "lang"),
    }.items():
        value = first(names)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if isinstance(value, dict):
            value = value.get("name")
        if value not in (None, ""):
            hints[key] = str(value)
    return RawItem(
        origin=origin,
        content=content,
        format="html" if html is not None else "text",
        url=str(url) if url else None,
        hints=hints,
    )


def _open_binary(path: Path) -> IO[bytes]:
    """Records files may be gzipped (``articles.jsonl.gz``)."""
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def read_jsonl(path: Path, max_bytes: int) -> Iterator[RecordResult]:
    number = 0
    try:
        with _open_binary(path) as handle:
            for number, line in enumerate(handle, start=1):
                origin = f"{path}#L{number}"
                if not line.strip():
                    continue
                try:
                    yield record_to_item(json.loads(line), origin, max_bytes)
                except json.JSONDecodeError as exc:
                    yield InputError(origin, f"is not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line")
                except UnicodeDecodeError:
                    yield InputError(origin, "is not UTF-8 encoded JSON; re-save the file as UTF-8")
                except InputError as exc:
                    yield exc
    except (OSError, EOFError) as exc:
        yield InputError(
            str(path), f"could not be read past line {number} ({exc}); the lines before were read; re-download the file"
        )


def read_json(path: Path, max_bytes: int) -> Iterator[RecordResult]:
    try:
        with _open_binary(path) as handle:
            parsed = json.loads(handle.read())
    except (json.JSONDecodeError, UnicodeDecodeError, OSError, EOFError) as exc:
        yield InputError(str(path), f"is not valid JSON ({exc}); fix the file or convert it to JSON Lines")
        return
    records: Any = parsed
    if isinstance(parsed, dict):
        for key in ("articles", "items", "data", "results", "records"):
            if isinstance(parsed.get(key), list):
                records = parsed[key]
                break
        else:
            records = [parsed]
    if not isinstance(records, list):
        yield InputError(str(path), "must hold an article object or a list of them")
        return
    for index, record in enumerate(records):
        try:
            yield record_to_item(record, f"{path}#{index}", max_bytes)
        except InputError as exc:
            yield exc


def read_csv(path: Path, max_bytes: int) -> Iterator[RecordResult]:
    try:
        with _open_binary(path) as handle:
            text = decode_bytes(handle.read(), str(path))
    except (OSError, EOFError) as exc:
        yield InputError(str(path), f"cannot be read ({exc}); re-download or re-compress the file")
        return
    except InputError as exc:
        yield exc
        return
    csv.field_size_limit(min(sys.maxsize, max_bytes + 1))
    try:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames:
            yield InputError(str(path), "CSV file has no header row; add one naming the columns (url, title, text, ...)")
            return
        for number, row in enumerate(reader, start=2):
            try:
                yield record_to_item(row, f"{path}#row{number}", max_bytes)
            except InputError as exc:
                yield exc
    except csv.Error as exc:
        yield InputError(str(path), f"CSV could not be read ({exc}); check quoting in the file")
