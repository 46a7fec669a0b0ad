"""What ``newsprism watch`` keeps in the store: each source's poll state, the keys of everything it has
already considered for an alert, its own stable story identities, and the alerts it raised."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .base import Store


@dataclass(frozen=True)
class SourceState:
    """One watched source: the validators of its last answer, when to poll it next, how it fails."""

    source: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: str | None = None
    next_poll: float = 0.0  # Unix time
    failures: int = 0
    last_error: str | None = None


class WatchState:
    """The watcher's tables of one store; writes join the caller's transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def has_origin(self, origin: str) -> bool:
        """Whether an article was read from ``origin`` (a feed entry's link, a path)."""
        return self.conn.execute("SELECT 1 FROM articles WHERE origin = ? LIMIT 1", (origin,)).fetchone() is not None

    def is_fresh(self) -> bool:
        """True when no watcher has run on this store yet."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM watch_sources) + (SELECT count(*) FROM watch_seen)").fetchone()
        return int(row[0]) == 0

    def source(self, source: str) -> SourceState:
        row = self.conn.execute("SELECT * FROM watch_sources WHERE source = ?", (source,)).fetchone()
        if row is None:
            return SourceState(source)
        return SourceState(row["source"], row["etag"], row["last_modified"], row["polled_at"],
                           float(row["next_poll"]), int(row["failures"]), row["last_error"])

    def save_source(self, state: SourceState) -> None:
        self.conn.execute(
            "INSERT INTO watch_sources(source, etag, last_modified, polled_at, next_poll, failures, last_error) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(source) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, polled_at = excluded.polled_at, "
            "next_poll = excluded.next_poll, failures = excluded.failures, last_error = excluded.last_error",
            (state.source, state.etag, state.last_modified, state.polled_at, state.next_poll, state.failures,
             state.last_error),
        )

    def seen(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT key FROM watch_seen")}

    def mark_seen(self, keys: Iterable[str]) -> None:
        self.conn.executemany("INSERT INTO watch_seen(key) VALUES (?) ON CONFLICT(key) DO NOTHING", [(k,) for k in keys])

    def story_keys(self) -> dict[str, str]:
        """Article id -> the watcher's key of the story it was last seen in."""
        return {row[0]: row[1] for row in self.conn.execute("SELECT article_id, story_key FROM watch_story_members")}

    def set_story_keys(self, members: dict[str, str]) -> None:
        with self.store._atomic():
            self.conn.execute("DELETE FROM watch_story_members")
            self.conn.executemany("INSERT INTO watch_story_members(article_id, story_key) VALUES (?,?)",
                                  sorted(members.items()))

    def add_alert(self, alert: dict[str, Any]) -> dict[str, Any]:
        """Store ``alert`` as not yet delivered; returns it with its ``id`` (the row's)."""
        row = self.conn.execute(
            "INSERT INTO alerts(type, story, data, raised_at) VALUES (?,?,?,?) RETURNING id",
            (alert["type"], alert.get("story"), json.dumps(alert, ensure_ascii=False), alert["time"]),
        ).fetchone()
        return {"id": int(row[0]), **alert}

    def undelivered(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT id, data FROM alerts WHERE delivered = 0 ORDER BY id")
        return [{"id": row[0], **json.loads(row[1])} for row in rows]

    def mark_delivered(self, alert_id: int) -> None:
        self.conn.execute("UPDATE alerts SET delivered = 1 WHERE id = ?", (alert_id,))
