"""The article store: an SQLite file (the embedded default) or a PostgreSQL database. All SQL lives in
this package."""

from __future__ import annotations

from pathlib import Path

from .base import Store
from .postgres import is_postgres_url, safe_url
from .sqlite import SQLiteStore

__all__ = ["Store", "is_postgres_url", "open_store", "safe_url"]


def open_store(location: str | Path, *, read_only: bool = False) -> Store:
    """The store at ``location``: a ``postgresql://`` (or ``postgres://``) URL opens a PostgreSQL
    database, anything else an SQLite file. ``read_only`` stores refuse every write."""
    if is_postgres_url(location):
        from .postgres import PostgresStore

        return PostgresStore(str(location), read_only=read_only)
    return SQLiteStore(location, read_only=read_only)
