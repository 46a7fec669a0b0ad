"""The SQLite store: WAL, migrations, ids, search, and refusal of foreign files."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.errors import StoreError
from newsprism.extract.article import article_id
from newsprism.schema import Article, RemovedSegment
from newsprism.store import open_store
from newsprism.store.migrations import LATEST

sys.path.insert(0, str(Path(__file__).parent))
from pgserver import pg_server  # noqa: E402

# The store's behaviour is the same in both backends: the tests taking ``store`` run on each.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _open(backend: str, request: pytest.FixtureRequest, folder: Path):
    if backend == "sqlite":
        return open_store(folder / "test.db")
    return open_store(request.getfixturevalue("pg_server").database())


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with _open(request.param, request, tmp_path) as s:
        yield s


@pytest.fixture(scope="module", params=BACKENDS)
def search_store(request, tmp_path_factory):
    with _open(request.param, request, tmp_path_factory.mktemp("fts")) as s:
        s.upsert_article(make())
        yield s


def make(text: str = "A bridge closed today after engineers found corrosion.", **kw) -> Article:
    return Article(id=article_id(text, kw.get("canonical_url")), origin="test", body=text, text=text, **kw)


def test_wal_mode_and_schema_version(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.schema_version == LATEST
    with open_store(tmp_path / "s.db") as store:  # reopening applies nothing twice
        assert store.schema_version == LATEST


def test_upsert_statuses_and_round_trip(store):
    article = make(title="Bridge", outlet="Daily", removed=(RemovedSegment("Ad", "page furniture", 0, 2),),
                   credits=("Wire",), evidence={"outlet": "test"})
    assert store.upsert_article(article) == "added"
    assert store.upsert_article(article) == "unchanged"
    assert store.get(article.id) == article
    changed = Article(**{**article.__dict__, "title": "Bridge closes"})
    assert store.upsert_article(changed) == "updated"
    assert store.get(article.id).title == "Bridge closes"
    assert store.find_ids(article.id[:4]) == [article.id]


def test_ids_depend_on_text_headline_outlet_and_canonical_url():
    assert article_id("Same  text\n", None) == article_id("Same text", None)
    assert article_id("Same text", "https://a.example/1") != article_id("Same text", "https://a.example/2")
    assert article_id("Same text", None) != article_id("Other text", None)
    assert article_id("Same text", None, "Headline") != article_id("Same text", None, "Other headline")
    assert article_id("Same text", None, "H", "Wire One") != article_id("Same text", None, "H", "Daily Two")


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_search_never_breaks_on_user_input(search_store, query):
    # must not raise whatever FTS5 or tsquery syntax the query holds
    assert all(hit.id == make().id for hit in search_store.search(query))


def test_search_finds_words_and_phrases(store):
    store.upsert_article(make(title="Bridge"))
    store.upsert_article(make("Harbour festival returns with fireworks and music."))
    assert [r.title for r in store.search("corrosion")] == ["Bridge"]
    assert len(store.search('"festival returns"')) == 1
    assert store.search('"returns festival"') == []


def test_refuses_foreign_and_corrupt_files(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="not a newsprism store"):
        open_store(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable newsprism store"):
        open_store(junk)
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing-folder" / "s.db")


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(StoreError, match="newer newsprism"):
        open_store(path)


def test_raw_input_is_kept(store):
    from newsprism.schema import RawItem

    raw = RawItem(origin="x.txt", content=b"raw bytes \xff", format="text")
    with store.transaction():
        store.put_raw(raw, "abc")
    assert store.raw_content("abc") == b"raw bytes \xff"


def test_migrating_a_version_1_store(tmp_path):
    from newsprism.store.migrations import MIGRATIONS
    from newsprism.store.sqlite import _statements

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # a store as the first release wrote it
        for statement in _statements(MIGRATIONS[0].script("sqlite")):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
    with open_store(path) as store:
        assert store.schema_version == LATEST
        indexes = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "articles_raw_hash" in indexes
