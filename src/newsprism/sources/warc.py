"""HTML pages from web archives (WARC, optionally gzipped), via warcio."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..schema import RawItem

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
    """Yield one item per HTML response (or resource) record; report a damaged tail."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "resource"):
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID") or f"{path}#record{count}"
                uri = record.rec_headers.get_header("WARC-Target-URI")
                content_type = ""
                if record.rec_type == "response" and record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    if status != "200":
                        continue
                    content_type = record.http_headers.get_header("Content-Type") or ""
                else:
                    content_type = record.rec_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                count += 1
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield InputError(record_id, f"page is over {max_bytes:,} bytes; raise ingest.max_item_bytes to read it")
                    continue
                charset = None
                if "charset=" in content_type.lower():
                    charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
                yield RawItem(
                    origin=record_id, content=body, format="html", url=uri, declared_encoding=charset,
                    hints={"archive": str(path)},
                )
        except Exception as exc:  # warcio raises several types on damaged archives
            yield InputError(
                str(path),
                f"archive is damaged or truncated after {count} page(s) ({type(exc).__name__}: {exc}); "
                "the pages before the damage were read; re-download the archive for the rest",
            )
            return
    if path.name.lower().endswith(".gz") and not gzip_complete(path):
        yield InputError(
            str(path),
            f"archive is truncated after {count} page(s) (incomplete gzip data); "
            "the pages before the damage were read; re-download the archive for the rest",
        )
        return
    if count == 0:
        yield InputError(str(path), "archive holds no HTML page records (status 200, text/html); nothing to ingest")
