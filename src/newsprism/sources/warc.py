"""HTML pages from web archives (WARC, optionally gzipped), via warcio."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..schema import RawItem
from .decode import printable_path

WarcResult = RawItem | InputError


def gzip_complete(path: Path, chunk: int = 1 << 20) -> bool:
    """True when every gzip member in the file decompresses to its end.

    warcio stops quietly at a truncated member, so a cut-off download would
    otherwise lose its last pages without a word.
    """
    decomp = zlib.decompressobj(31)
    with path.open("rb") as handle:
        while True:
            data = handle.read(chunk)
            if not data:
                return decomp.eof
            while data:
                try:
                    decomp.decompress(data, 1 << 16)
                except zlib.error:
                    return False
                data = decomp.unconsumed_tail or decomp.unused_data
                if decomp.eof and decomp.unused_data:
                    data = decomp.unused_data
                    decomp = zlib.decompressobj(31)
                elif decomp.eof:
                    data = b""


def read_warc(path: Path, max_bytes: int) -> Iterator[WarcResult]:
    """Yield one item per HTML response (or resource) record; report a damaged tail.

    A record cut short (the archive ends before its Content-Length) is reported,
    never stored: its page would be a truncated article, and the complete
    archive read later would add the whole one beside it.
    """
    from warcio.archiveiterator import ArchiveIterator

    name = printable_path(path)
    count = 0
    compressed = path.name.lower().endswith(".gz")
    end = 0  # where the last whole record ends
    with path.open("rb") as stream:
        try:
            records = ArchiveIterator(stream)
            for index, record in enumerate(records):
                page = _page(record, name, index, max_bytes)
                cut = _cut_short(record)
                if cut is not None:
                    record_id = record.rec_headers.get_header("WARC-Record-ID") or f"record {index + 1}"
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    yield InputError(
                        name,
                        f"archive is truncated: its last record {record_id}{f' ({uri})' if uri else ''} "
                        f"{cut} and was not stored; the {count} page(s) before it were read; "
                        "re-download the archive for the rest",
                    )
                    return
                if not compressed:
                    # _cut_short read the record to its end: the file position, less what
                    # warcio holds in its buffer, is where the record ends.
                    end = stream.tell() - records.reader.rem_length()
                if page is not None:
                    count += 1
                    yield page
        except Exception as exc:  # warcio raises several types on damaged archives
            yield InputError(
                name,
                f"archive is damaged or truncated after {count} page(s) ({type(exc).__name__}: {_one_line(exc)}); "
                "the pages before the damage were read; re-download the archive for the rest",
            )
            return
        if not compressed:
            # warcio ends quietly when the file stops inside the next record's header.
            stream.seek(end)
            if stream.read(1 << 16).strip():
                yield InputError(
                    name,
                    f"archive is truncated: it ends inside the header of the record at byte {end:,}; "
                    f"the {count} page(s) before it were read; re-download the archive for the rest",
                )
                return
    if compressed and not gzip_complete(path):
        yield InputError(
            name,
            f"archive is truncated after {count} page(s) (incomplete gzip data); "
            "the pages before the damage were read; re-download the archive for the rest",
        )
        return
    if count == 0:
        yield InputError(name, "archive holds no HTML page records (status 200, text/html); nothing to ingest")


def _one_line(exc: Exception, limit: int = 200) -> str:
    """warcio's messages quote the damaged line, line breaks and all."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _page(record: Any, archive: str, index: int, max_bytes: int) -> WarcResult | None:
    """The HTML page a record holds (None if it holds none); reads the record's payload."""
    if record.rec_type not in ("response", "resource"):
        return None
    # The WARC-Record-ID names the record whatever its content, so an archive read
    # twice gives its pages the same origins.
    record_id = record.rec_headers.get_header("WARC-Record-ID") or f"{archive}#record{index + 1}"
    uri = record.rec_headers.get_header("WARC-Target-URI")
    content_type = ""
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return InputError(record_id, f"page is over {max_bytes:,} bytes; raise ingest.max_item_bytes to read it")
    charset = None
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    return RawItem(
        origin=record_id, content=body, format="html", url=uri, declared_encoding=charset,
        hints={"archive": archive},
    )


def _cut_short(record: Any) -> str | None:
    """How ``record`` is cut off when the archive ends inside it, else None.

    warcio reads a record through a reader limited to its Content-Length and
    simply stops early at the end of the file; what is left of the limit tells.
    """
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    declared = record.length
    if declared is None and str(record.format).startswith("warc"):
        # Every WARC record declares its length; without one its header was cut.
        return "ends inside its header"
    missing = getattr(stream, "limit", 0)
    if isinstance(missing, int) and missing > 0 and isinstance(declared, int) and declared > 0:
        return f"ends after {declared - missing:,} of {declared:,} bytes"
    return None
