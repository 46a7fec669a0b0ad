"""Turn raw bytes into text a reader would see: encodings, mojibake, binary."""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
import zlib

import charset_normalizer
import ftfy

from ..errors import InputError

# Magic numbers of formats people drop into a folder of articles by mistake.
_BINARY_SIGNATURES: dict[bytes, str] = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\x7fELF": "an executable",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
    b"7z\xbc\xaf": "a 7z archive",
    b"Rar!": "a RAR archive",
    b"SQLite format 3": "an SQLite database",
    b"\xd0\xcf\x11\xe0": "an MS Office document",
}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.I)


def printable_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be printed and stored.

    Python keeps the bytes of a file name that are not UTF-8 as lone surrogates
    (surrogateescape), which no UTF-8 writer (the console, SQLite) accepts; they
    are shown as ``\\xNN`` escapes instead, so two such names stay distinct.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def scrub_text(text: str) -> str:
    """``text`` with lone surrogates (from JSON escapes like "\\ud800", or escaped bytes)
    replaced by U+FFFD, so it can be encoded as UTF-8; paired ones become their character."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def gunzip(data: bytes, item: str, max_bytes: int) -> bytes:
    """Decompress, refusing bombs and reporting truncation with the fix."""
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decomp.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise InputError(item, f"corrupt gzip data ({exc}); re-download or re-compress the file") from None
    if len(out) > max_bytes:
        raise InputError(
            item, f"decompresses to more than {max_bytes} bytes; raise ingest.max_item_bytes to read it"
        )
    if not decomp.eof:
        raise InputError(item, "gzip data is truncated; re-download or re-compress the file")
    return out


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data`` if it is clearly not text."""
    for magic, name in _BINARY_SIGNATURES.items():
        if data.startswith(magic):
            return name
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "binary data"
    # Many control bytes (not tab/newline/CR/FF) mean binary, not mis-encoded text.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        return "binary data"
    return None


def declared_encoding(data: bytes) -> str | None:
    head = data[:4096]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            return _codec(match.group(1).decode("ascii", "ignore"))
    return None


def _codec(name: str | None) -> str | None:
    """The codec's canonical name if ``name`` is a text encoding, else None.

    A page may declare any codec name; Python also knows bytes-to-bytes codecs
    (base64, zlib, rot13 ...) that cannot decode text at all.
    """
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        return None
    # The flag bytes.decode() itself checks before refusing a codec.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_bytes(data: bytes, item: str, declared: str | None = None) -> str:
    """Decode ``data`` the way a careful reader's browser would, then repair mojibake.

    Order: BOM, strict UTF-8, the declared charset (HTTP header or <meta>) if it
    decodes cleanly, then detection. A declared charset that does not decode is
    treated as mis-declared rather than trusted.
    """
    kind = binary_kind(data)
    if kind:
        raise InputError(item, f"is {kind}, not an article; remove it or convert it to text or HTML")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _repair(data.decode(name, errors="replace"))
    try:
        return _repair(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for candidate in (_codec(declared), declared_encoding(data)):
        if candidate and candidate not in ("utf-8",):
            try:
                return _repair(data.decode(candidate))
            except UnicodeError:  # not only UnicodeDecodeError: the idna codec raises its parent
                continue
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    return _repair(data.decode(encoding, errors="replace"))


# UTF-8 lead bytes read as Latin-1/cp1252 ("Ã", "â", "Ð" ...) followed by what a
# continuation byte becomes there. Text without such a pair has no mojibake to fix,
# so ftfy (the slowest step of reading a page) is skipped for it.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _repair(text: str) -> str:
    """Fix mojibake (UTF-8 read as Latin-1 and similar) without touching good text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _MOJIBAKE_HINT.search(text):
        return unicodedata.normalize("NFC", text)
    return ftfy.fix_text(
        text,
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        normalization="NFC",
    )
