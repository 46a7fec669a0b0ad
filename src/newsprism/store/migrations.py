"""Versioned schema migrations, applied in order and recorded in PRAGMA user_version."""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE raw_inputs (
            hash TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            format TEXT NOT NULL,
            size INTEGER NOT NULL,
            content BLOB NOT NULL,          -- zlib-compressed original bytes
            first_seen TEXT NOT NULL
        );
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            raw_hash TEXT REFERENCES raw_inputs(hash),
            origin TEXT NOT NULL,
            url TEXT,
            canonical_url TEXT,
            outlet TEXT,
            title TEXT,
            author TEXT,
            published TEXT,
            language TEXT,
            source_format TEXT NOT NULL,
            body TEXT NOT NULL,             -- extracted text; removed offsets index into it
            text TEXT NOT NULL,             -- cleaned body; all analysis offsets index into it
            removed TEXT NOT NULL,          -- JSON list of {text, reason, start, end}
            credits TEXT NOT NULL,          -- JSON list of credited sources
            evidence TEXT NOT NULL,         -- JSON object: field -> how it was found
            ingested_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_published ON articles(published);
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TABLE ingest_log (
            run_id TEXT NOT NULL,
            at TEXT NOT NULL,
            origin TEXT NOT NULL,
            status TEXT NOT NULL,
            article_id TEXT,
            reason TEXT
        );
        CREATE INDEX ingest_log_run ON ingest_log(run_id);
        """,
    ),
    (
        2,
        """
        -- Re-ingesting looks up inputs it has already read by their key.
        CREATE INDEX articles_raw_hash ON articles(raw_hash);
        """,
    ),
    (
        3,
        """
        -- What newsprism read in each article (sentences, quotes ...), for the text it had then.
        CREATE TABLE annotations (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            text_hash TEXT NOT NULL,
            data TEXT NOT NULL,
            annotated_at TEXT NOT NULL
        );
        """,
    ),
    (
        4,
        """
        -- One canonical entity per referent across the corpus, keyed by each article's folded names.
        CREATE TABLE entity_index (
            key TEXT PRIMARY KEY,
            entity_id TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL
        );
        CREATE INDEX entity_index_id ON entity_index(entity_id);
        """,
    ),
    (
        5,
        """
        -- Text reuse between articles, recomputed as a whole for the corpus it was found in.
        CREATE TABLE copy_links (
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            kind TEXT NOT NULL,
            shared_ratio_source REAL NOT NULL,
            shared_ratio_target REAL NOT NULL,
            passages TEXT NOT NULL,
            evidence TEXT NOT NULL,
            PRIMARY KEY (source, target)
        );
        CREATE INDEX copy_links_target ON copy_links(target);
        CREATE TABLE article_signals (
            article_id TEXT PRIMARY KEY,
            signals TEXT NOT NULL
        );
        -- Which state of the corpus a corpus-wide result describes.
        CREATE TABLE corpus_state (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    ),
    (
        6,
        """
        -- Stories: groups of articles about one event, recomputed as a whole for the corpus.
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            start TEXT,
            "end" TEXT,
            entities TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        """,
    ),
    (
        7,
        """
        -- Each story's comparison (statements, facts, framing ...) as JSON, and the state it describes.
        CREATE TABLE story_comparisons (
            story_id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            data TEXT NOT NULL
        );
        """,
    ),
    (
        8,
        """
        -- newsprism watch: each polled source's state, what it has seen, and the alerts it raised.
        CREATE TABLE watch_sources (
            source TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            polled_at TEXT,
            next_poll REAL NOT NULL DEFAULT 0,  -- Unix time
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        -- Everything an alert could be about that the watcher has already considered (raised or not).
        CREATE TABLE watch_seen (
            key TEXT PRIMARY KEY
        );
        -- The watcher's own story identities, stable while the stories stage renames a story.
        CREATE TABLE watch_story_members (
            article_id TEXT PRIMARY KEY,
            story_key TEXT NOT NULL
        );
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            story TEXT,
            data TEXT NOT NULL,               -- the alert as JSON
            raised_at TEXT NOT NULL,
            delivered INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX alerts_story ON alerts(story);
        -- A watcher asks whether a feed entry's link was read before.
        CREATE INDEX articles_origin ON articles(origin);
        -- Each article's prepared reuse features (shingle MinHash, sentence hashes), kept so that the
        -- copies stage prepares only new and changed articles; ``key`` names what they were made from.
        CREATE TABLE copy_features (
            article_id TEXT PRIMARY KEY,
            key TEXT NOT NULL,
            data BLOB NOT NULL
        );
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]
