"""PostgreSQL store (``--db postgresql://user@host:port/dbname``): the same tables, migrations and
answers as the SQLite store, for a store that several processes write at once.

Every write transaction takes one advisory lock of the database first, so writers queue instead of
racing (SQLite's ``BEGIN IMMEDIATE``, across machines): two runs of a corpus stage never interleave
their replacements, and two ingests of the same articles never deadlock. Writes outside a
transaction are single upserts (``ON CONFLICT``), safe on their own. Migrations run under a lock of
their own, so two processes opening a new store do not both build it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import MissingDependencyError, StoreError
from .base import Store
from .dialect import POSTGRESQL, search_terms
from .migrations import LATEST, MIGRATIONS
from .records import SearchHit

if TYPE_CHECKING:
    from .pgconn import PgConnection

URL_SCHEMES = ("postgresql://", "postgres://")
# Advisory lock keys (any 64-bit numbers no other program on the database uses): "newsprsm" and "newsmigr".
WRITE_LOCK = 0x6E65777370727363
MIGRATE_LOCK = 0x6E6577736D696772
# ts_headline's options for the snippet: matched words in [brackets], about twelve words around them.
HEADLINE = 'StartSel=[, StopSel=], MaxWords=12, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "'


class OutdatedStoreError(StoreError):
    """A store at an older schema, opened read-only: it needs a writable open to be migrated."""


def is_postgres_url(location: object) -> bool:
    """Whether ``--db`` names a PostgreSQL database rather than a file."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def safe_url(url: str) -> str:
    """``url`` as it may be shown: without a password (in the address or as a ``password=`` parameter)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = re.sub(r"(?i)(^|&)password=[^&]*", r"\1password=***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


class PostgresStore(Store):
    """A newsprism store in one PostgreSQL database."""

    conn: PgConnection
    dialect = POSTGRESQL

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.name = safe_url(url)
        try:
            import psycopg

            from . import pgconn
        except ImportError:
            raise MissingDependencyError(
                f"the PostgreSQL store {self.name} needs psycopg: pip install 'newsprism[postgres]'") from None
        try:
            self.conn = pgconn.connect(url, read_only=read_only)
        except psycopg.Error as exc:
            raise StoreError(_connect_message(self.name, exc)) from None
        try:
            if read_only:
                self._check_version()
            else:
                self._migrate()
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.name} is not a usable newsprism store ({_one_line(exc)}); "
                             "pass another --db database") from None
        except StoreError:
            self.conn.close()
            raise

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.conn.raw.info.transaction_status != TransactionStatus.IDLE

    def _stream(self, sql: str, parameters: Any = ()) -> Iterator[Any]:
        return self.conn.stream(sql, parameters)

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        with self.conn.raw.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield self.conn

    def _version(self) -> int | None:
        """The recorded schema version; None when the database has no newsprism schema table."""
        found = self.conn.execute("SELECT to_regclass('newsprism_schema')").fetchone()
        if found is None or found[0] is None:
            return None
        row = self.conn.execute("SELECT version FROM newsprism_schema").fetchone()
        return int(row[0]) if row else 0

    def _has_tables(self) -> bool:
        row = self.conn.execute("SELECT count(*) FROM information_schema.tables "
                                "WHERE table_schema = current_schema()").fetchone()
        return row is not None and bool(row[0])

    def _check_version(self) -> None:
        """A read-only store must already be at this newsprism's schema (it cannot be migrated)."""
        version = self._version()
        if version is None:
            what = "holds other tables" if self._has_tables() else "is empty"
            raise StoreError(f"{self.name} {what}, not a newsprism store; run 'newsprism ingest SOURCE --db URL' "
                             "on it first, or pass another --db database")
        if version > LATEST:
            raise StoreError(f"{self.name} was written by a newer newsprism (schema {version} > {LATEST}); "
                             "upgrade newsprism")
        if version != LATEST:
            raise OutdatedStoreError(f"{self.name} is at schema {version}, this newsprism reads {LATEST}; run any newsprism "
                             "command that writes (e.g. 'newsprism stories --db URL') to bring it up to date")

    def _migrate(self) -> None:
        with self.conn.raw.transaction():
            # One process builds or upgrades the store; another opening it meanwhile waits, then finds it done.
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATE_LOCK,))
            version = self._version()
            if version is None:
                if self._has_tables():
                    raise StoreError(f"{self.name} holds other tables, not a newsprism store; "
                                     "pass another --db database (create one with 'createdb NAME')")
                self.conn.execute("CREATE TABLE newsprism_schema (version INTEGER NOT NULL)")
                self.conn.execute("INSERT INTO newsprism_schema(version) VALUES (0)")
                version = 0
            if version > LATEST:
                raise StoreError(f"{self.name} was written by a newer newsprism (schema {version} > {LATEST}); "
                                 "upgrade newsprism")
            for migration in MIGRATIONS:
                if migration.number > version:
                    self.conn.execute(migration.script("postgresql"))
                    self.conn.execute("UPDATE newsprism_schema SET version = ?", (migration.number,))

    @property
    def schema_version(self) -> int:
        return self._version() or 0

    # -- dialect-specific reading ---------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over the title and text (``tsvector``, 'simple' configuration): every word
        and "quoted phrase" must match; best first (``score`` is minus ``ts_rank``, lower is better, as
        SQLite's bm25). Each term is read by ``phraseto_tsquery``, which takes any text as words."""
        terms = search_terms(query)
        if not terms:
            return []
        tsquery = " && ".join(["phraseto_tsquery('simple', ?)"] * len(terms))
        rows = self.conn.execute(
            f"WITH q AS (SELECT {tsquery} AS q), "
            "hits AS (SELECT a.id, ts_rank(a.search, q.q) AS rank FROM articles a, q WHERE a.search @@ q.q "
            "ORDER BY rank DESC, a.id LIMIT ?) "
            "SELECT a.id, a.outlet, a.published, a.title, ts_headline('simple', a.text, q.q, ?) AS snippet, "
            "-hits.rank AS score FROM hits JOIN articles a ON a.id = hits.id, q ORDER BY hits.rank DESC, a.id",
            (*terms, limit, HEADLINE),
        ).fetchall()
        return [SearchHit(**{**r, "score": float(r["score"])}) for r in rows]

    def integrity_ok(self) -> bool:
        """PostgreSQL keeps its own pages consistent; this checks that the schema is whole and current."""
        tables = {"raw_inputs", "articles", "ingest_log", "annotations", "entity_index", "copy_links",
                  "article_signals", "corpus_state", "stories", "story_articles", "story_comparisons",
                  "watch_sources", "watch_seen", "watch_story_members", "alerts", "copy_features",
                  "entity_spellings"}
        found = {r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
        return self._version() == LATEST and tables <= found


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _connect_message(name: str, exc: Any) -> str:
    """One line for a connection that failed: what the server said, and what to fix."""
    reason = _one_line(exc).removeprefix("connection failed: ")
    lowered = reason.lower()
    if "does not exist" in lowered and "database" in lowered:
        database = urlsplit(name).path.lstrip("/") or "NAME"
        return (f"cannot open the PostgreSQL store {name}: {reason}; create it ('createdb {database}' on the "
                "server) or fix the database name in --db")
    if "authentication" in lowered or "password" in lowered or "role" in lowered:
        return (f"the PostgreSQL server refused the login for {name}: {reason}; fix the user and password "
                "(in the URL, $PGPASSWORD or ~/.pgpass)")
    if "invalid" in lowered or "missing" in lowered:
        return (f"cannot use {name} as a PostgreSQL store: {reason}; "
                "write it as postgresql://user@host:port/dbname")
    return (f"cannot reach the PostgreSQL server of {name}: {reason}; start the server or fix the host and port "
            "in --db")
