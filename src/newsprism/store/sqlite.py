"""SQLite store: WAL mode, versioned migrations, FTS5 search, content-hash ids.

One writer at a time (SQLite's rule); every batch of writes is one transaction,
so a run killed half-way leaves the store as it was after the last committed
batch, and re-running the same ingest simply skips what is already there.
The queries it shares with PostgreSQL live in ``store/base.py``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from .base import Store
from .dialect import SQLITE, search_terms
from .migrations import LATEST, MIGRATIONS
from .records import SearchHit


class SQLiteStore(Store):
    """A newsprism store in one SQLite file."""

    conn: sqlite3.Connection
    dialect = SQLITE

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.name = str(self.path)
        if self.path.is_dir():
            raise StoreError(f"store path {self.path} is a directory; pass a file path such as {self.path / 'newsprism.db'}")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"folder {self.path.parent} for the store does not exist; create it or choose another --db")
        if read_only and not self.path.is_file():
            raise StoreError(f"store {self.path} does not exist; run 'newsprism ingest SOURCE --db {self.path}' first")
        try:
            if read_only:
                # SQLite refuses every write on this connection: nothing served can change the store.
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                if not os.access(self.path.parent, os.W_OK) and not Path(f"{self.path}-wal").exists():
                    # SQLite cannot make its -shm index in a read-only folder, and with no -wal file no
                    # writer is at work: the file cannot change while it is read.
                    uri += "&immutable=1"
                self.conn = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None,
                                            check_same_thread=False)
                self.conn.row_factory = sqlite3.Row
                self._check_version()
                return
            self.conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a usable newsprism store ({exc}); pass another --db path"
            ) from None

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def _check_version(self) -> None:
        """A read-only store must already be at this newsprism's schema (it cannot be migrated)."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version != LATEST:
            raise StoreError(f"{self.path} is at schema {version}, this newsprism reads {LATEST}; run any newsprism "
                             f"command on it (e.g. 'newsprism stories --db {self.path}') to bring it up to date")

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise StoreError(
                f"{self.path} was written by a newer newsprism (schema {version} > {LATEST}); upgrade newsprism"
            )
        if version == 0:
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if tables:
                raise StoreError(f"{self.path} is an SQLite file but not a newsprism store; pass another --db path")
        for migration in MIGRATIONS:
            if migration.number <= version:
                continue
            with self.transaction():
                for statement in _statements(migration.script("sqlite")):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {migration.number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search; plain words are matched as words, so user input cannot break the query."""
        fts_query = " ".join('"' + term + '"' for term in search_terms(query))
        if not fts_query:
            return []
        rows = self.conn.execute(
            "SELECT a.id, a.outlet, a.published, a.title, "
            "snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(articles_fts) AS score "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY score, a.id LIMIT ?",
            (fts_query, limit),
        ).fetchall()
        return [SearchHit(**r) for r in rows]

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def _statements(sql: str) -> list[str]:
    """Split a migration script on statement boundaries, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def open_store(path: str | Path, *, read_only: bool = False) -> SQLiteStore:
    """The SQLite store at ``path`` (``newsprism.store.open_store`` also opens PostgreSQL URLs)."""
    return SQLiteStore(path, read_only=read_only)
