"""A psycopg connection that takes the store's SQLite-style queries: ``?`` and ``:name`` placeholders,
rows read by index and by name (like ``sqlite3.Row``). Imported only when a PostgreSQL store is opened."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import RowMaker

# A string literal or a quoted name (left as they are), else a placeholder or a percent sign.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(?<!:):([A-Za-z_]\w*)|\?|%")


def translate(sql: str) -> str:
    """``?`` -> ``%s``, ``:name`` -> ``%(name)s`` and ``%`` -> ``%%``, outside string literals and
    quoted names (``::type`` casts are left alone)."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if match.group(1):
            return f"%({match.group(1)})s"
        return token

    return _TOKENS.sub(replace, sql)


class Row(tuple[Any, ...]):
    """A result row: ``row[0]``, ``row["name"]``, ``dict(row)``, ``**row``, ``tuple(row)``."""

    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_maker(cursor: psycopg.Cursor[Any]) -> RowMaker[Row]:
    names = [column.name for column in cursor.description or ()]
    kind = type("Row", (Row,), {"_index": {name: i for i, name in enumerate(names)}})

    def make(values: Sequence[Any]) -> Row:
        return kind(values)  # type: ignore[no-any-return]

    return make


def _text(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; a lookup by such a value matches nothing in SQLite either.
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


def _params(parameters: Any) -> Any:
    if isinstance(parameters, dict):
        return {k: _text(v) for k, v in parameters.items()}
    return [_text(v) for v in parameters]


# Rows a server-side cursor brings per round trip: articles are a few kB each.
STREAM_ROWS = 500
_cursor_numbers = itertools.count()


class PgConnection:
    """The store's connection to PostgreSQL (autocommit outside ``transaction()``)."""

    def __init__(self, conn: psycopg.Connection[Row]) -> None:
        self.raw = conn
        self._translated: dict[str, str] = {}

    def _sql(self, sql: str) -> str:
        found = self._translated.get(sql)
        if found is None:
            found = self._translated[sql] = translate(sql)
        return found

    def execute(self, sql: str, parameters: Any = None, /) -> psycopg.Cursor[Row]:
        if parameters is None:
            return self.raw.execute(sql)  # no placeholders: sent as it is, several statements allowed
        return self.raw.execute(self._sql(sql), _params(parameters))

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> psycopg.Cursor[Row]:
        cursor = self.raw.cursor()
        cursor.executemany(self._sql(sql), (_params(p) for p in parameters))
        return cursor

    def stream(self, sql: str, parameters: Any, /) -> Iterator[Row]:
        """The rows of ``sql`` fetched ``STREAM_ROWS`` at a time through a server-side cursor, so a
        query over the whole corpus never holds it in memory. The cursor is held past commits, so
        other statements may run on this connection while it is read."""
        cursor = self.raw.cursor(name=f"newsprism_{next(_cursor_numbers)}", withhold=True)
        cursor.itersize = STREAM_ROWS
        try:
            cursor.execute(self._sql(sql), _params(parameters))
            yield from cursor
        finally:
            cursor.close()

    def close(self) -> None:
        self.raw.close()


# Seconds to wait for the server to answer before the store reports it unreachable.
CONNECT_TIMEOUT = 10


def connect(url: str, *, read_only: bool) -> PgConnection:
    """An autocommit connection with the store's rows; read-only when asked (every transaction is).
    The URL's own ``options`` (a ``search_path`` ...) are kept."""
    params: dict[str, Any] = conninfo_to_dict(url)
    if read_only:
        params["options"] = f"{params.get('options') or ''} -c default_transaction_read_only=on".strip()
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    params.setdefault("application_name", "newsprism")
    conn = psycopg.connect(autocommit=True, row_factory=_row_maker, **params)
    return PgConnection(conn)
