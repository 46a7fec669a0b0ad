"""Article records in JSON, JSON Lines and CSV files."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from ..errors import InputError
from ..schema import RawItem
from .decode import decode_bytes, printable_path, scrub_text

TEXT_FIELDS = ("text", "body", "content", "article", "articleBody", "maintext", "full_text")
HTML_FIELDS = ("html", "raw_html", "content_html", "page")
URL_FIELDS = ("url", "link", "canonical_url", "source_url")

RecordResult = RawItem | InputError
# What a damaged gzip stream or file raises while it is read.
_READ_ERRORS = (OSError, EOFError, zlib.error)
_DEEP_JSON = (
    "nests deeper than the JSON reader can follow (about {limit} levels); flatten the nested values, "
    "or write one record per line as JSON Lines so that only the deep record fails"
)


def _no_records(name: str, detail: str, fix: str) -> InputError:
    return InputError(name, f"no records found in {name} ({detail}); {fix}")


def _whole_file(path: Path, name: str, empty_fix: str) -> bytes | InputError:
    """The file's bytes (gunzipped), or why there are none to read."""
    try:
        with _open_binary(path) as handle:
            data = handle.read()
    except _READ_ERRORS as exc:
        return InputError(name, f"cannot be read ({exc}); re-download or re-compress the file")
    if not data.strip():
        return _no_records(name, "the file is empty", empty_fix)
    return data


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
    # JSON may escape lone surrogates ("\ud800"), which UTF-8 cannot hold.
    content = scrub_text(body).encode("utf-8")
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
        if value not in (None, "") and isinstance(value, str | int | float):
            hints[key] = scrub_text(str(value))
    return RawItem(
        origin=origin,
        content=content,
        format="html" if html is not None else "text",
        url=scrub_text(url) if isinstance(url, str) else None,
        hints=hints,
    )


def _open_binary(path: Path) -> IO[bytes]:
    """Records files may be gzipped (``articles.jsonl.gz``)."""
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def read_jsonl(path: Path, max_bytes: int) -> Iterator[RecordResult]:
    name = printable_path(path)
    number = 0
    records = 0
    try:
        with _open_binary(path) as handle:
            for number, line in enumerate(handle, start=1):
                origin = f"{name}#L{number}"
                if not line.strip():
                    continue
                records += 1
                yield _jsonl_record(line, origin, max_bytes)
    except _READ_ERRORS as exc:
        yield InputError(
            name, f"could not be read past line {number} ({exc}); the lines before were read; re-download the file"
        )
        return
    if records == 0:
        detail = "the file is empty" if number == 0 else "only blank lines"
        yield _no_records(name, detail, "write one JSON object per line, or remove the file")


def _jsonl_record(line: bytes, origin: str, max_bytes: int) -> RecordResult:
    try:
        return record_to_item(json.loads(line), origin, max_bytes)
    except json.JSONDecodeError as exc:
        return InputError(origin, f"is not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line")
    except UnicodeDecodeError:
        return InputError(origin, "is not UTF-8 encoded JSON; re-save the file as UTF-8")
    except InputError as exc:
        return exc
    except RecursionError:
        return InputError(origin, _DEEP_JSON.format(limit=sys.getrecursionlimit()))
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return InputError(origin, f"holds a value that cannot be read ({exc}); fix or remove the line")


def read_json(path: Path, max_bytes: int) -> Iterator[RecordResult]:
    name = printable_path(path)
    data = _whole_file(path, name, "write an article object or a list of them, or remove the file")
    if isinstance(data, InputError):
        yield data
        return
    try:
        parsed = json.loads(data)
    except RecursionError:
        yield InputError(name, _DEEP_JSON.format(limit=sys.getrecursionlimit()))
        return
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        yield InputError(name, f"is not valid JSON ({exc}); fix the file or convert it to JSON Lines")
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
        yield InputError(name, "must hold an article object or a list of them")
        return
    if not records:
        yield _no_records(name, "an empty list", "add article objects, or remove the file")
        return
    for index, record in enumerate(records):
        origin = f"{name}#{index}"
        try:
            yield record_to_item(record, origin, max_bytes)
        except InputError as exc:
            yield exc
        except RecursionError:
            yield InputError(origin, _DEEP_JSON.format(limit=sys.getrecursionlimit()))


def read_csv(path: Path, max_bytes: int) -> Iterator[RecordResult]:
    name = printable_path(path)
    data = _whole_file(path, name, "add a header row and one row per article, or remove the file")
    if isinstance(data, InputError):
        yield data
        return
    try:
        text = decode_bytes(data, name)
    except InputError as exc:
        yield exc
        return
    csv.field_size_limit(min(sys.maxsize, max_bytes + 1))
    rows = 0
    try:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames:
            yield InputError(name, "CSV file has no header row; add one naming the columns (url, title, text, ...)")
            return
        for number, row in enumerate(reader, start=2):
            rows += 1
            try:
                yield record_to_item(row, f"{name}#row{number}", max_bytes)
            except InputError as exc:
                yield exc
    except csv.Error as exc:
        yield InputError(name, f"CSV could not be read ({exc}); check quoting in the file")
        return
    if rows == 0:
        yield _no_records(name, "only a header row", "add one row per article, or remove the file")
