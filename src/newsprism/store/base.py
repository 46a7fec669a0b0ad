"""The store's interface and every query that is the same in SQLite and PostgreSQL.

``Store`` holds the shared SQL; ``SQLiteStore`` (``store/sqlite.py``) and ``PostgresStore``
(``store/postgres.py``) open their database, migrate it, search it, and give the few fragments that
differ through their ``dialect``. Callers only ever see ``Store``, opened by ``open_store``.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol

from ..annotate.annotator import ANNOTATION_VERSION, Annotations
from ..annotate.canonical import IndexRow
from ..compare.records import StoryComparison
from ..copies.relations import CopyLink
from ..schema import Article, Entity, ItemStatus, RawItem, RemovedSegment, from_json
from ..stories.records import Story
from .dialect import Dialect
from .records import ArticleSummary, ListedArticle, SearchHit, StoryRow


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the store asks of a connection: ``sqlite3.Connection``, or ``pgconn.PgConnection``. Rows
    are read by index and by name, and turn into dicts."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...


_COLUMNS = (
    "id, raw_hash, origin, url, canonical_url, outlet, title, author, published, language, "
    "source_format, body, text, removed, credits, evidence"
)
# Fields whose change makes a re-ingested article "updated" rather than "unchanged".
# Not the origin: the same article found again elsewhere (a copied file, a feed
# and a saved page) is the same article, and stays where it was first found.
_COMPARED = ("canonical_url", "outlet", "title", "author", "published", "language",
             "text", "removed", "credits")


def _row_values(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "raw_hash": article.raw_hash or None,
        "origin": article.origin,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "language": article.language,
        "source_format": article.source_format,
        "body": article.body,
        "text": article.text,
        "removed": json.dumps([s.to_dict() for s in article.removed], ensure_ascii=False),
        "credits": json.dumps(list(article.credits), ensure_ascii=False),
        "evidence": json.dumps(article.evidence, ensure_ascii=False, sort_keys=True),
    }


def _article_from_row(row: Any) -> Article:
    return Article(
        id=row["id"],
        origin=row["origin"],
        body=row["body"],
        text=row["text"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        outlet=row["outlet"],
        title=row["title"],
        author=row["author"],
        published=row["published"],
        language=row["language"],
        removed=tuple(RemovedSegment(**seg) for seg in json.loads(row["removed"])),
        credits=tuple(json.loads(row["credits"])),
        source_format=row["source_format"],
        raw_hash=row["raw_hash"] or "",
        evidence=json.loads(row["evidence"]),
    )


class Store:
    """A newsprism store. Open one with ``open_store``; a store is a context manager that closes it."""

    conn: Connection
    dialect: Dialect
    # What the store is called in messages: a file path, or a URL without its password.
    name: str

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[Any]:
        """A write transaction: everything in it is committed together, or not at all."""
        raise NotImplementedError

    def in_transaction(self) -> bool:
        raise NotImplementedError

    def _stream(self, sql: str, parameters: Any = ()) -> Iterable[Any]:
        """The rows of a query that may cover the whole corpus, read a part at a time (a plain cursor
        already streams in SQLite; PostgreSQL overrides this with a server-side cursor)."""
        return self.conn.execute(sql, parameters)

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        """The caller's transaction, or one of its own: a corpus-wide replacement is never seen half-done."""
        if self.in_transaction():
            yield
            return
        with self.transaction():
            yield

    @property
    def schema_version(self) -> int:
        raise NotImplementedError

    # -- writing ---------------------------------------------------------------
    def put_raw(self, raw: RawItem, raw_hash: str) -> None:
        self.conn.execute(
            "INSERT INTO raw_inputs(hash, origin, format, size, content, first_seen) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(hash) DO NOTHING",
            (raw_hash, raw.origin, raw.format, len(raw.content), zlib.compress(raw.content, 6), _now()),
        )

    def upsert_article(self, article: Article) -> ItemStatus:
        """Insert or update; 'unchanged' when the stored row already says the same. Safe when another
        process writes the same article at the same time: the insert that loses the race becomes a compare."""
        values = _row_values(article)
        now = _now()
        added = self.conn.execute(
            f"INSERT INTO articles({_COLUMNS}, ingested_at, updated_at) "
            f"VALUES ({', '.join(':' + c.strip() for c in _COLUMNS.split(','))}, :now, :now) "
            "ON CONFLICT(id) DO NOTHING RETURNING id",
            {**values, "now": now},
        ).fetchone()
        if added is not None:
            return "added"
        existing = self.conn.execute(
            f"SELECT {', '.join(_COMPARED)} FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if all(existing[c] == values[c] for c in _COMPARED):
            return "unchanged"
        sets = ", ".join(f"{c} = :{c}" for c in values if c != "id")
        self.conn.execute(f"UPDATE articles SET {sets}, updated_at = :now WHERE id = :id", {**values, "now": now})
        return "updated"

    def update_cleaning(self, article_id: str, text: str, removed: Iterable[RemovedSegment]) -> None:
        self.conn.execute(
            "UPDATE articles SET text = ?, removed = ?, updated_at = ? WHERE id = ?",
            (text, json.dumps([s.to_dict() for s in removed], ensure_ascii=False), _now(), article_id),
        )

    def put_annotations(self, article_id: str, annotations: Annotations) -> None:
        self.conn.execute(
            "INSERT INTO annotations(article_id, text_hash, data, annotated_at) VALUES (?,?,?,?) "
            "ON CONFLICT(article_id) DO UPDATE SET text_hash = excluded.text_hash, data = excluded.data, "
            "annotated_at = excluded.annotated_at",
            (article_id, annotations.text_hash, json.dumps(annotations.to_dict(), ensure_ascii=False), _now()),
        )

    def annotations(self, article_id: str) -> Annotations | None:
        """The article's stored annotations; None when there are none, or when another version of the
        reader wrote them (their shape may differ, and they are read again anyway)."""
        row = self.conn.execute("SELECT data FROM annotations WHERE article_id = ?", (article_id,)).fetchone()
        return _annotations(row["data"]) if row else None

    def annotation_states(self) -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
        """(id, text, language, published, the text hash its current annotations describe, or None when
        it has none from this version of the reader) for every article."""
        rows = self._stream(
            f"SELECT a.id, a.text, a.language, a.published, {self.dialect.json_text('n.data', 'text_hash')} AS h, "
            f"{self.dialect.json_text('n.data', 'version')} AS v FROM articles a "
            "LEFT JOIN annotations n ON n.article_id = a.id ORDER BY a.id"
        )
        for row in rows:
            current = row["h"] if row["v"] == ANNOTATION_VERSION else None
            yield row["id"], row["text"], row["language"], row["published"], current

    def iter_entity_lists(self) -> Iterator[tuple[str, tuple[Entity, ...]]]:
        """(article id, its stored entities) for every annotated article."""
        rows = self._stream(
            f"SELECT article_id, {self.dialect.json_text('data', 'entities')} AS e FROM annotations ORDER BY article_id")
        for row in rows:
            yield row["article_id"], tuple(from_json(Entity, e) for e in json.loads(row["e"] or "[]"))

    def replace_entity_index(self, rows: Iterable[IndexRow]) -> None:
        """The corpus's canonical entities: (key, entity id, name, type, spellings) for every key, and
        each entity's spellings once."""
        spellings: dict[str, str] = {}
        index = []
        for key, entity_id, name, kind, spelt in rows:
            index.append((key, entity_id, name, kind))
            spellings.setdefault(entity_id, json.dumps(list(spelt), ensure_ascii=False))
        with self._atomic():
            self.conn.execute("DELETE FROM entity_index")
            self.conn.execute("DELETE FROM entity_spellings")
            self.conn.executemany("INSERT INTO entity_index(key, entity_id, name, type) VALUES (?,?,?,?)", index)
            self.conn.executemany("INSERT INTO entity_spellings(entity_id, spellings) VALUES (?,?)",
                                  sorted(spellings.items()))

    def entity_index(self, keys: Iterable[str] | None = None) -> dict[str, tuple[str, str, str]]:
        """key -> (entity id, canonical name, type); only ``keys`` when given."""
        columns = "key, entity_id, name, type"
        rows = self._all_or_some(f"SELECT {columns} FROM entity_index", "key", keys)
        return {r["key"]: (r["entity_id"], r["name"], r["type"]) for r in rows}

    def entity_spellings(self, entity_ids: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
        """entity id -> every spelling of the entity, most used first; only ``entity_ids`` when given."""
        rows = self._all_or_some("SELECT entity_id, spellings FROM entity_spellings", "entity_id", entity_ids)
        return {r["entity_id"]: tuple(json.loads(r["spellings"])) for r in rows}

    def entities_spelt(self, spelling: str) -> list[str]:
        """The ids of the entities the corpus spells exactly ``spelling`` (among others), by id."""
        # LIKE narrows to the lists holding it as a JSON string (SQLite's LIKE also ignores ASCII case,
        # PostgreSQL's does not); the lists themselves decide, so both give the same answer.
        token = json.dumps(spelling, ensure_ascii=False)
        pattern = "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute("SELECT entity_id, spellings FROM entity_spellings WHERE spellings LIKE ? "
                                 "ESCAPE '\\' ORDER BY entity_id", (pattern,))
        return [r["entity_id"] for r in rows if spelling in json.loads(r["spellings"])]

    def entity_index_rows(self) -> list[IndexRow]:
        """The whole entity index as :meth:`replace_entity_index` takes it, by key."""
        spellings = self.entity_spellings()
        return [(key, entity_id, name, kind, spellings.get(entity_id, ()))
                for key, (entity_id, name, kind) in sorted(self.entity_index().items())]

    def entity_spellings_missing(self) -> bool:
        """Whether an indexed entity has no spellings stored (a store migrated from before they were kept)."""
        return self.conn.execute(
            "SELECT 1 FROM entity_index i WHERE NOT EXISTS "
            "(SELECT 1 FROM entity_spellings s WHERE s.entity_id = i.entity_id) LIMIT 1").fetchone() is not None

    def _all_or_some(self, select: str, column: str, values: Iterable[str] | None) -> list[Any]:
        """The rows of ``select``, or only those whose ``column`` is one of ``values`` (asked in chunks)."""
        if values is None:
            return self.conn.execute(select).fetchall()
        wanted = sorted(set(values))
        rows: list[Any] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows += self.conn.execute(f"{select} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return rows

    def corpus_fingerprint(self) -> str:
        """Changes whenever an article is added, removed or re-cleaned."""
        digest = hashlib.sha256()
        for row in self.conn.execute("SELECT id, length(text) AS n FROM articles ORDER BY id"):
            digest.update(f"{row['id']}:{row['n']};".encode())
        return digest.hexdigest()[:16]

    def metadata_fingerprint(self) -> str:
        """Changes whenever an article's text length or the metadata a comparison shows (outlet, title,
        date, language, URL) changes."""
        digest = hashlib.sha256()
        rows = self.conn.execute(
            "SELECT id, length(text) AS n, outlet, title, published, language, url FROM articles ORDER BY id")
        for row in rows:
            digest.update(json.dumps(tuple(row), ensure_ascii=False).encode())
        return digest.hexdigest()[:16]

    def annotations_fingerprint(self) -> str:
        """Changes whenever an article's reading describes another text or date, or comes
        from another version of the reader."""
        digest = hashlib.sha256()
        rows = self.conn.execute(
            f"SELECT article_id, text_hash, {self.dialect.json_text('data', 'version')} AS v FROM annotations "
            "ORDER BY article_id"
        )
        for row in rows:
            digest.update(f"{row['article_id']}:{row['text_hash']}:{row['v']};".encode())
        return digest.hexdigest()[:16]

    def state(self, name: str) -> str | None:
        row = self.conn.execute("SELECT value FROM corpus_state WHERE name = ?", (name,)).fetchone()
        return row["value"] if row else None

    def set_state(self, name: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO corpus_state(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (name, value),
        )

    def replace_copy_links(self, links: Iterable[CopyLink], signals: dict[str, list[str]]) -> None:
        """The corpus's reuse links and content-farm signals, replacing the previous ones."""
        # Stored in their JSON form (ratios rounded as the export gives them).
        rows = [link.to_dict() for link in links]
        with self._atomic():
            self.conn.execute("DELETE FROM copy_links")
            self.conn.execute("DELETE FROM article_signals")
            self.conn.executemany(
                "INSERT INTO copy_links VALUES (?,?,?,?,?,?,?)",
                [(lk["source"], lk["target"], lk["kind"], lk["shared_ratio_source"], lk["shared_ratio_target"],
                  json.dumps(lk["passages"]), lk["evidence"]) for lk in rows],
            )
            self.conn.executemany(
                "INSERT INTO article_signals VALUES (?,?)",
                [(article_id, json.dumps(found)) for article_id, found in sorted(signals.items()) if found],
            )

    def copy_features(self) -> dict[str, tuple[str, bytes]]:
        """Article id -> (key, packed features) kept by the copies stage."""
        return {r[0]: (r[1], bytes(r[2])) for r in self.conn.execute("SELECT article_id, key, data FROM copy_features")}

    def put_copy_features(self, made: dict[str, tuple[str, bytes]]) -> None:
        """Keep newly prepared features, and drop those of articles no longer in the store."""
        with self._atomic():
            self.conn.executemany(
                "INSERT INTO copy_features(article_id, key, data) VALUES (?,?,?) ON CONFLICT(article_id) DO UPDATE "
                "SET key = excluded.key, data = excluded.data",
                [(k, key, data) for k, (key, data) in sorted(made.items())])
            self.conn.execute("DELETE FROM copy_features WHERE article_id NOT IN (SELECT id FROM articles)")

    def count_copy_links(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM copy_links").fetchone()[0])

    def copy_links(self, article_ids: Iterable[str] | None = None) -> list[CopyLink]:
        """Stored links, all or those touching ``article_ids``, by source then target."""
        if article_ids is None:
            rows = self.conn.execute("SELECT * FROM copy_links ORDER BY source, target").fetchall()
        else:
            ids, rows = list(dict.fromkeys(article_ids)), []
            for start in range(0, len(ids), 400):
                chunk = ids[start:start + 400]
                marks = ",".join("?" * len(chunk))
                rows.extend(self.conn.execute(
                    f"SELECT * FROM copy_links WHERE source IN ({marks}) OR target IN ({marks})", chunk + chunk))
            rows = sorted({(r["source"], r["target"]): r for r in rows}.values(), key=lambda r: (r["source"], r["target"]))
        return [from_json(CopyLink, {**dict(row), "passages": json.loads(row["passages"])}) for row in rows]

    def count_stories(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0])

    def replace_stories(self, stories: Iterable[Story]) -> None:
        """The corpus's stories, replacing the previous grouping."""
        with self._atomic():
            self.conn.execute("DELETE FROM stories")
            self.conn.execute("DELETE FROM story_articles")
            stories = list(stories)
            self.conn.executemany(
                'INSERT INTO stories(id, title, start, "end", entities) VALUES (?,?,?,?,?)',
                [(story.id, story.title, story.start, story.end, json.dumps(list(story.entities)))
                 for story in stories],
            )
            self.conn.executemany(
                "INSERT INTO story_articles(article_id, story_id) VALUES (?,?)",
                [(article_id, story.id) for story in stories for article_id in story.articles],
            )

    def stories(self, story_id: str | None = None) -> list[Story]:
        """Stored stories (all, or the one with ``story_id``), largest first."""
        rows = self.conn.execute(
            'SELECT id, title, start, "end", entities FROM stories' + (" WHERE id = ?" if story_id else ""),
            (story_id,) if story_id else (),
        ).fetchall()
        members: dict[str, list[str]] = {}
        listed = self.conn.execute(
            "SELECT story_id, article_id FROM story_articles"
            + (" WHERE story_id = ?" if story_id else "") + " ORDER BY article_id", (story_id,) if story_id else ())
        for row in listed:
            members.setdefault(row["story_id"], []).append(row["article_id"])
        result = [
            Story(id=r["id"], title=r["title"], articles=tuple(members.get(r["id"], [])), start=r["start"],
                  end=r["end"], entities=tuple(json.loads(r["entities"])))
            for r in rows
        ]
        return sorted(result, key=lambda s: (-len(s.articles), s.start or "", s.id))

    def comparison_states(self) -> dict[str, str]:
        return {r["story_id"]: r["state"] for r in self.conn.execute("SELECT story_id, state FROM story_comparisons")}

    def put_comparison(self, state: str, comparison: StoryComparison) -> None:
        """Keep a story's comparison (``comparison.story`` names the story) and the state it describes."""
        with self._atomic():
            self.conn.execute(
                "INSERT INTO story_comparisons(story_id, state, data) VALUES (?,?,?) "
                "ON CONFLICT(story_id) DO UPDATE SET state = excluded.state, data = excluded.data",
                (comparison.story, state, json.dumps(comparison.to_dict(), ensure_ascii=False)),
            )

    def drop_comparisons(self, keep: Iterable[str]) -> None:
        """Forget the comparisons of stories that no longer exist."""
        kept = set(keep)
        with self._atomic():
            gone = [s for s in self.comparison_states() if s not in kept]
            self.conn.executemany("DELETE FROM story_comparisons WHERE story_id = ?", [(s,) for s in gone])

    def comparison(self, story_id: str) -> StoryComparison | None:
        found = self.comparison_json(story_id)
        return from_json(StoryComparison, found) if found is not None else None

    def comparison_json(self, story_id: str) -> dict[str, Any] | None:
        """A story's comparison in its JSON form, for the JSON edges (the API, the exports): a large
        comparison is written out as stored instead of being built into records and back."""
        row = self.conn.execute("SELECT data FROM story_comparisons WHERE story_id = ?", (story_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def story_rows(self, *, outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
                   entity: str | None = None, article_ids: Iterable[str] | None = None, limit: int | None = None,
                   offset: int = 0) -> tuple[int, list[StoryRow]]:
        """Stories for a list page, largest first: (how many match, the page of them). Each row has the
        story's fields, its article count, outlets and the publication dates of its articles.
        ``entity`` is a canonical entity id; ``article_ids`` keeps the stories holding one of them."""
        where: list[str] = []
        params: list[Any] = []
        if outlet:
            where.append("EXISTS (SELECT 1 FROM story_articles x JOIN articles y ON y.id = x.article_id "
                         "WHERE x.story_id = s.id AND y.outlet = ?)")
            params.append(outlet)
        if date_from:
            where.append('coalesce(s."end", s.start) >= ?')
            params.append(date_from)
        if date_to:
            where.append("s.start <= ?")
            params.append(date_to + "\uffff")
        if entity:
            where.append(self.dialect.json_array_holds("s.entities"))
            params.append(entity)
        if article_ids is not None:
            ids = list(article_ids)[:500]
            where.append(f"s.id IN (SELECT story_id FROM story_articles WHERE article_id IN ({','.join('?' * len(ids))}))"
                         if ids else "1 = 0")
            params.extend(ids)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        total = int(self.conn.execute(f"SELECT count(*) FROM stories s{clause}", params).fetchone()[0])
        # The page is chosen on counts alone; only its stories are then joined to their articles.
        page = (f"SELECT s.id, count(*) AS n FROM stories s JOIN story_articles sa ON sa.story_id = s.id{clause} "
                "GROUP BY s.id ORDER BY n DESC, coalesce(s.start, '') DESC, s.id")
        if limit is not None:
            page += " LIMIT ? OFFSET ?"
            params.extend([limit, offset])
        dialect = self.dialect
        published = f"coalesce(a.published, {dialect.json_text('n.data', 'published', 'value')})"
        sql = (
            f"WITH page AS ({page}) "
            'SELECT s.id, s.title, s.start, s."end", s.entities, page.n AS articles, '
            f"{dialect.concat('a.outlet', distinct=True)} AS outlets, {dialect.concat(published, '|')} AS dates, "
            "max(a.updated_at) AS changed "
            "FROM page JOIN stories s ON s.id = page.id JOIN story_articles sa ON sa.story_id = s.id "
            "JOIN articles a ON a.id = sa.article_id LEFT JOIN annotations n ON n.article_id = a.id "
            "GROUP BY s.id, page.n ORDER BY page.n DESC, coalesce(s.start, '') DESC, s.id"
        )
        rows = [
            StoryRow(id=row["id"], title=row["title"], start=row["start"], end=row["end"],
                     entities=tuple(json.loads(row["entities"])), articles=row["articles"],
                     outlets=tuple(sorted(row["outlets"].split(","))) if row["outlets"] else (),
                     dates=tuple(sorted(d for d in (row["dates"] or "").split("|") if d)), changed=row["changed"])
            for row in self.conn.execute(sql, params)
        ]
        return total, rows

    def entity_names(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """Canonical names of the given entity ids."""
        ids = list(entity_ids)
        if not ids:
            return {}
        rows = self.conn.execute(
            f"SELECT DISTINCT entity_id, name FROM entity_index WHERE entity_id IN ({','.join('?' * len(ids))})", ids)
        return {r["entity_id"]: r["name"] for r in rows}

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row["story_id"] if row else None

    def summaries_of(self, article_ids: Iterable[str]) -> list[ArticleSummary]:
        """List-page fields (id, outlet, published, title, author, language, url) of the given articles;
        a publication date read from the text stands in for missing metadata."""
        ids = list(article_ids)
        found: list[ArticleSummary] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.extend(ArticleSummary(**r) for r in self.conn.execute(
                f"SELECT a.id, a.outlet, coalesce(a.published, {self.dialect.json_text('n.data', 'published', 'value')}) "
                "AS published, "
                "a.title, a.author, a.language, a.url FROM articles a LEFT JOIN annotations n ON n.article_id = a.id "
                f"WHERE a.id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def signals(self) -> dict[str, list[str]]:
        return {r["article_id"]: json.loads(r["signals"])
                for r in self.conn.execute("SELECT * FROM article_signals ORDER BY article_id")}

    def log(self, run_id: str, origin: str, status: str, article_id: str | None, reason: str | None) -> None:
        self.conn.execute(
            "INSERT INTO ingest_log(run_id, at, origin, status, article_id, reason) VALUES (?,?,?,?,?,?)",
            (run_id, _now(), origin, status, article_id, reason),
        )

    # -- reading ---------------------------------------------------------------
    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def get(self, article_id: str) -> Article | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    def find_ids(self, prefix: str, limit: int = 5) -> list[str]:
        """Article ids starting with ``prefix`` (so users can type the first few characters)."""
        return self._ids_starting("articles", prefix, limit)

    def find_story_ids(self, prefix: str, limit: int = 5) -> list[str]:
        """Story ids starting with ``prefix``."""
        return self._ids_starting("stories", prefix, limit)

    def _ids_starting(self, table: str, prefix: str, limit: int) -> list[str]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(
            f"SELECT id FROM {table} WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?", (escaped + "%", limit)
        ).fetchall()
        return [r["id"] for r in rows]

    def articles_for_inputs(self, keys: list[str]) -> dict[str, tuple[str, str | None]]:
        """For input keys already stored: key -> (article id, title)."""
        found: dict[str, tuple[str, str | None]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT raw_hash, id, title FROM articles WHERE raw_hash IN ({marks})", chunk
            ):
                found[row["raw_hash"]] = (row["id"], row["title"])
        return found

    def raw_content(self, raw_hash: str) -> bytes | None:
        row = self.conn.execute("SELECT content FROM raw_inputs WHERE hash = ?", (raw_hash,)).fetchone()
        return zlib.decompress(row["content"]) if row else None

    def iter_articles(self, outlet: str | None = None) -> Iterator[Article]:
        sql = f"SELECT {_COLUMNS} FROM articles"
        params: tuple[Any, ...] = ()
        if outlet is not None:
            sql += " WHERE outlet = ?"
            params = (outlet,)
        sql += " ORDER BY coalesce(published, ''), id"
        for row in self._stream(sql, params):
            yield _article_from_row(row)

    def iter_bodies(self, outlet: str) -> Iterator[str]:
        for row in self._stream("SELECT body FROM articles WHERE outlet = ?", (outlet,)):
            yield row["body"]

    def list_summaries(self, limit: int | None = None, outlet: str | None = None) -> list[ListedArticle]:
        # A date read from the text stands in for missing metadata (flagged as inferred).
        inferred = self.dialect.json_text("n.data", "published", "value")
        sql = (
            f"SELECT a.id, a.outlet, coalesce(a.published, {inferred}) AS published, "
            f"a.published IS NULL AND {inferred} IS NOT NULL AS published_inferred, "
            "a.title, a.author, a.language, length(a.text) AS chars "
            "FROM articles a LEFT JOIN annotations n ON n.article_id = a.id"
        )
        params: list[Any] = []
        if outlet:
            sql += " WHERE a.outlet = ?"
            params.append(outlet)
        sql += f" ORDER BY coalesce(a.published, {inferred}, '') DESC, a.id"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [ListedArticle(**{**r, "published_inferred": bool(r["published_inferred"])})
                for r in self.conn.execute(sql, params)]

    def outlets(self) -> list[tuple[str, int]]:
        rows = self.conn.execute(
            "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC, outlet"
        )
        return [(r["outlet"], r["n"]) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search for articles holding every word and "quoted phrase" of ``query``, best first;
        user input is taken as text, so it cannot break the query."""
        raise NotImplementedError

    def integrity_ok(self) -> bool:
        raise NotImplementedError


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _annotations(data: str) -> Annotations | None:
    stored = json.loads(data)
    return from_json(Annotations, stored) if stored.get("version") == ANNOTATION_VERSION else None
