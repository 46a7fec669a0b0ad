"""The PostgreSQL store on a real server: migrations, the version, search, concurrent writers, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.cli._util import NewsprismGroup
from newsprism.errors import MissingDependencyError, StoreError
from newsprism.extract.article import article_id
from newsprism.schema import Article
from newsprism.store import open_store
from newsprism.store.migrations import LATEST, MIGRATIONS, postgresql_types
from newsprism.store.pgconn import translate
from newsprism.store.postgres import safe_url
from newsprism.stories.records import Story

sys.path.insert(0, str(Path(__file__).parent))
from pgserver import pg_server, pg_url  # noqa: E402

pytestmark = pytest.mark.postgres


def make(text: str, **kw) -> Article:
    return Article(id=article_id(text, kw.get("canonical_url")), origin="test", body=text, text=text, **kw)


def _tables(url: str) -> set[str]:
    with open_store(url) as store:
        return {r[0] for r in store.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}


# -- the placeholders ------------------------------------------------------------------------------------
def test_placeholders_are_translated_outside_literals():
    assert translate("SELECT * FROM t WHERE a = ? AND b = :name") == "SELECT * FROM t WHERE a = %s AND b = %(name)s"
    assert translate("SELECT '?', ':x', \"a?\" FROM t WHERE c LIKE ? ESCAPE '\\'") == \
        "SELECT '?', ':x', \"a?\" FROM t WHERE c LIKE %s ESCAPE '\\'"
    assert translate("SELECT data::json ->> 'k', 5 % 2 FROM t") == "SELECT data::json ->> 'k', 5 %% 2 FROM t"
    assert translate("SELECT 'it''s ?' , ?") == "SELECT 'it''s ?' , %s"


def test_rows_read_like_sqlite_rows(pg_url):
    with open_store(pg_url) as store:
        row = store.conn.execute("SELECT 1 AS one, 'two' AS two, ? AS three", ("3",)).fetchone()
        assert row[0] == 1 and row["two"] == "two" and tuple(row) == (1, "two", "3")
        assert dict(row) == {"one": 1, "two": "two", "three": "3"}
        assert (lambda **kw: kw)(**row) == {"one": 1, "two": "two", "three": "3"}
        assert row.keys() == ["one", "two", "three"]


# -- migrations and the version --------------------------------------------------------------------------
def test_migrations_build_the_same_tables_as_sqlite(pg_url, tmp_path):
    with open_store(pg_url) as store:
        assert store.schema_version == LATEST and store.integrity_ok()
    with open_store(tmp_path / "s.db") as lite:
        sqlite_tables = {r[0] for r in lite.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%' "
            "AND name != 'sqlite_sequence'")}
        sqlite_columns = {t: [r[1] for r in lite.conn.execute(f"PRAGMA table_info({t})")] for t in sqlite_tables}
    assert _tables(pg_url) == sqlite_tables | {"newsprism_schema"}
    with open_store(pg_url) as store:
        for table, columns in sqlite_columns.items():
            found = [r[0] for r in store.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                (table,))]
            # the one addition: the words of an article for the full-text search
            assert [c for c in found if c != "search"] == columns, table


def test_reopening_applies_nothing_and_a_newer_schema_is_refused(pg_url):
    with open_store(pg_url) as store:
        store.upsert_article(make("The harbour bridge closed on Monday."))
    with open_store(pg_url) as store:  # a second open migrates nothing and keeps the data
        assert store.schema_version == LATEST and store.count() == 1
        store.conn.execute("UPDATE newsprism_schema SET version = ?", (LATEST + 1,))
    with pytest.raises(StoreError, match="newer newsprism"):
        open_store(pg_url)
    with pytest.raises(StoreError, match="newer newsprism"):
        open_store(pg_url, read_only=True)


def test_an_older_store_is_migrated(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:  # a store as version 4 of the schema left it
        conn.execute("CREATE TABLE newsprism_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO newsprism_schema VALUES (4)")
        for migration in MIGRATIONS[:4]:
            conn.execute(migration.script("postgresql"))  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="schema 4"):
        open_store(pg_url, read_only=True)
    with open_store(pg_url) as store:
        assert store.schema_version == LATEST and store.integrity_ok()


def test_a_database_of_other_tables_is_refused(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="not a newsprism store"):
        open_store(pg_url)
    assert _tables_raw(pg_url) == {"customers"}  # nothing was added to it


def _tables_raw(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}


def test_an_empty_database_read_only_says_to_ingest_first(pg_url):
    with pytest.raises(StoreError, match="is empty, not a newsprism store; run 'newsprism ingest"):
        open_store(pg_url, read_only=True)


def test_processes_opening_a_new_store_at_once_migrate_it_once(pg_url):
    code = ("import sys; from newsprism.store import open_store\n"
            "with open_store(sys.argv[1]) as s: print(s.schema_version)")
    runs = [subprocess.Popen([sys.executable, "-c", code, pg_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(4)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    assert [(rc, out.strip()) for rc, out, _ in results] == [(0, str(LATEST))] * 4, [e for _, _, e in results]
    with open_store(pg_url) as store:
        assert store.integrity_ok()


def test_postgresql_types_keep_names_and_sort_by_code_point():
    assert postgresql_types("a TEXT NOT NULL, b BLOB, c REAL, d INTEGER PRIMARY KEY AUTOINCREMENT") == (
        'a TEXT COLLATE "C" NOT NULL, b BYTEA, c DOUBLE PRECISION, d BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')


def test_ordering_is_by_code_point_as_in_sqlite(pg_url, tmp_path):
    outlets = ["zeta", "Zeta", "émile", "Émile", "apple", "Apple", "_under", "10 News", "2 News", "ärzte"]
    found = []
    for location in (tmp_path / "s.db", pg_url):
        with open_store(location) as store:
            for n, outlet in enumerate(outlets):
                store.upsert_article(make(f"Story number {n} about the harbour.", outlet=outlet))
            found.append((store.outlets(), [a.outlet for a in store.iter_articles()],
                          [r.outlet for r in store.list_summaries()]))
    assert found[0] == found[1]
    assert [o for o, _ in found[1][0]] == sorted(outlets)


def test_whole_corpus_reads_stream_while_the_connection_is_used(pg_url, tmp_path):
    # More rows than one round trip of the server-side cursor brings, and other statements (reads and
    # a write transaction) on the same connection between rows, as the stage runners do.
    from newsprism.store.pgconn import STREAM_ROWS

    texts = [f"Report {n} on the harbour works, part {n * 7}." for n in range(STREAM_ROWS + 37)]
    found = []
    for location in (tmp_path / "s.db", pg_url):
        with open_store(location) as store:
            with store.transaction():
                for text in texts:
                    store.upsert_article(make(text, outlet="Harbour Daily"))
            read = []
            for article in store.iter_articles():
                assert store.get(article.id) == article
                if len(read) == STREAM_ROWS - 1:
                    with store.transaction():
                        store.set_state("probe", "written mid-read")
                read.append(article.id)
            bodies = list(store.iter_bodies("Harbour Daily"))
            found.append((read, sorted(bodies), store.state("probe")))
    assert found[0] == found[1]
    assert len(found[1][0]) == len(texts) and found[1][2] == "written mid-read"


# -- search ----------------------------------------------------------------------------------------------
SEARCH_TEXTS = [
    ("Bridge", "A bridge closed today after engineers found corrosion in its steel supports."),
    ("Мост", "Мост закрыли сегодня после того, как инженеры нашли коррозию в опорах."),
    ("Міст", "Міст закрили сьогодні: інженери знайшли корозію в опорах."),
    ("Ponte", "Il ponte è stato chiuso oggi dopo che gli ingegneri hanno trovato corrosione."),
    ("Festival", "The harbour festival returns with fireworks and music on the well-known pier."),
]


@pytest.fixture(scope="module")
def search_stores(pg_server, tmp_path_factory):
    lite = open_store(tmp_path_factory.mktemp("search") / "s.db")
    pg = open_store(pg_server.database())
    for store in (lite, pg):
        for title, text in SEARCH_TEXTS:
            store.upsert_article(make(text, title=title))
    yield lite, pg
    lite.close()
    pg.close()


@pytest.mark.parametrize("query, titles", [
    ("corrosion", ["Bridge"]),
    ("коррозию", ["Мост"]),
    ("КОРРОЗИЮ опорах", ["Мост"]),
    ("корозію", ["Міст"]),
    ("ponte chiuso", ["Ponte"]),
    ('"festival returns"', ["Festival"]),
    ('"returns festival"', []),
    ("мост", ["Мост"]),  # the title is searched too
    ("well-known", ["Festival"]),
    ("bridge festival", []),  # every word must match
])
def test_search_finds_words_in_every_language_as_sqlite_does(search_stores, query, titles):
    lite, pg = search_stores
    assert [h.title for h in pg.search(query)] == titles
    assert sorted(h.title for h in lite.search(query)) == sorted(titles)


def test_search_marks_the_matched_words_and_ranks_the_title_first(search_stores):
    _, pg = search_stores
    [hit] = pg.search("fireworks")
    assert "[fireworks]" in (hit.snippet or "") and hit.score < 0
    pg.upsert_article(make("Reports say the bridge repairs will take two years.", title="Repairs"))
    assert [h.title for h in pg.search("bridge")] == ["Bridge", "Repairs"]


HOSTILE = ["", " ", '"', '""', "'", "a' OR '1'='1", "corrosion') OR 1=1 --", "&", "|", "!", "!!corrosion", "<->",
           "corrosion & | !", "corrosion:*", "(corrosion", "corrosion)", "\\", "%", "%%", "_", "?", ":name", "$1",
           "\x00", "corrosion\x00bridge", "NEAR(corrosion bridge)", "-corrosion", "corrosion OR bridge",
           "' ; DROP TABLE articles; --", "😀", "\u202e", "a" * 3000, "𝓬𝓸𝓻𝓻𝓸𝓼𝓲𝓸𝓷", "corrosion*", "^corrosion"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_input_is_taken_as_text(search_stores, query):
    lite, pg = search_stores
    found = pg.search(query)
    assert {h.id for h in found} <= {a.id for a in pg.iter_articles()}
    assert pg.count() >= len(SEARCH_TEXTS)  # nothing dropped
    lite.search(query)


@settings(max_examples=80, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_search_never_breaks_on_any_input(search_stores, query):
    _, pg = search_stores
    pg.search(query)


# -- concurrent writers ----------------------------------------------------------------------------------
_REPLACER = """
import sys
from newsprism.store import open_store
from newsprism.stories.records import Story
url, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open_store(url) as store:
    for n in range(rounds):
        grouping = [Story(id=f"{name}-{k}", title=name, articles=tuple(f"a{j}" for j in range(k * 10, k * 10 + 10)),
                          start=None, end=None, entities=())
                    for k in range(5)]
        store.replace_stories(grouping)
        store.replace_entity_index([(f"{name}-{k}", name, name, "PERSON", (name,)) for k in range(50)])
"""


def test_corpus_wide_replacements_never_interleave(pg_url):
    open_store(pg_url).close()
    runs = [subprocess.Popen([sys.executable, "-c", _REPLACER, pg_url, name, "25"], stderr=subprocess.PIPE, text=True)
            for name in ("one", "two", "three")]
    errors = [(p.wait(timeout=300), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    assert [rc for rc, _ in errors] == [0, 0, 0], errors
    with open_store(pg_url) as store:
        stories = store.stories()
        owners = {s.title for s in stories}
        assert len(owners) == 1 and len(stories) == 5  # one run's grouping, whole, never a mix
        assert sorted(a for s in stories for a in s.articles) == sorted(f"a{j}" for j in range(50))
        assert len({v[1] for v in store.entity_index().values()}) == 1 and len(store.entity_index()) == 50


def test_concurrent_upserts_of_the_same_articles_lose_nothing(pg_url):
    code = """
import sys
from newsprism.extract.article import article_id
from newsprism.schema import Article
from newsprism.store import open_store
url, offset = sys.argv[1], int(sys.argv[2])
texts = [f"Report {n}: the harbour counted {n} boats today." for n in range(120)]
texts = texts[offset:] + texts[:offset]
with open_store(url) as store:
    for start in range(0, len(texts), 7):
        with store.transaction():
            for text in texts[start:start + 7]:
                store.upsert_article(Article(id=article_id(text, None), origin="p", body=text, text=text))
"""
    open_store(pg_url).close()
    runs = [subprocess.Popen([sys.executable, "-c", code, pg_url, str(offset)], stderr=subprocess.PIPE, text=True)
            for offset in (0, 30, 60, 90)]
    errors = [(p.wait(timeout=300), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    assert [rc for rc, _ in errors] == [0, 0, 0, 0], errors
    with open_store(pg_url) as store:
        assert store.count() == 120
        assert store.conn.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == 120


# -- clear errors ----------------------------------------------------------------------------------------
def test_urls_are_shown_without_their_password():
    assert safe_url("postgresql://ana:s3cret@db.example:5433/news") == "postgresql://ana@db.example:5433/news"
    assert safe_url("postgres://db.example/news?password=s3cret&sslmode=require") == \
        "postgres://db.example/news?password=***&sslmode=require"


def test_server_down_wrong_database_and_bad_url_are_one_clear_line(pg_server, tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free = sock.getsockname()[1]
    down = f"postgresql://postgres:s3cret@127.0.0.1:{free}/news"
    with pytest.raises(StoreError, match="cannot reach the PostgreSQL server") as caught:
        open_store(down)
    assert "s3cret" not in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(StoreError, match="createdb nosuchdb"):
        open_store(pg_server.url("nosuchdb"))
    with pytest.raises(StoreError, match="postgresql://user@host:port/dbname"):
        open_store("postgresql://127.0.0.1:notaport/news")
    with pytest.raises(StoreError, match="refused the login"):
        open_store(f"postgresql://nobody@127.0.0.1:{pg_server.port}/postgres")
    runner = CliRunner()
    from newsprism.cli import main

    result = runner.invoke(main, ["list", "--db", down])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot reach" in result.stderr and "s3cret" not in result.stderr


def test_a_lost_connection_is_one_line_and_exit_1(pg_url):
    import click

    group = NewsprismGroup()

    @group.command()
    def cut() -> None:
        click.get_current_context().meta["newsprism.db"] = pg_url
        with open_store(pg_url) as store:
            store.conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")
            store.count()

    result = CliRunner().invoke(group, ["cut"])
    assert result.exit_code == 1
    assert result.stderr.startswith("newsprism: error: lost the connection to the PostgreSQL store")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_missing_psycopg_names_the_extra(pg_url):
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from newsprism.store import open_store\n"
            "open_store(sys.argv[1])")
    done = subprocess.run([sys.executable, "-c", code, pg_url], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert MissingDependencyError.__name__ in done.stderr and "pip install 'newsprism[postgres]'" in done.stderr


def test_read_only_store_refuses_writes(pg_url):
    import psycopg

    open_store(pg_url).close()
    with open_store(pg_url, read_only=True) as store:
        assert store.count() == 0
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            with store.transaction():
                store.upsert_article(make("A write that must not happen."))
    with open_store(pg_url) as store:
        assert store.count() == 0


def test_help_does_not_load_psycopg():
    done = subprocess.run([sys.executable, "-c", "import sys\nfrom newsprism.cli import main\n"
                           "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
                           "print('psycopg' in sys.modules)"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "80"})
    assert done.stdout.strip().endswith("False")


def test_watch_state_on_postgresql(pg_url):
    from newsprism.store.watch import SourceState, WatchState

    with open_store(pg_url) as store:
        watch = WatchState(store)
        assert watch.is_fresh()
        with store.transaction():
            watch.save_source(SourceState("feed", etag='"x"', next_poll=12.5, failures=2))
            watch.mark_seen(["a", "b"])
            watch.mark_seen(["b", "c"])
            first = watch.add_alert({"type": "new_story", "story": "s1", "time": "2026-01-01T00:00:00+00:00"})
            second = watch.add_alert({"type": "grew", "story": "s1", "time": "2026-01-01T00:00:01+00:00"})
            watch.set_story_keys({"a1": "k1", "a2": "k1"})
        assert second["id"] > first["id"] >= 1
        assert watch.source("feed") == SourceState("feed", etag='"x"', next_poll=12.5, failures=2)
        assert watch.seen() == {"a", "b", "c"} and watch.story_keys() == {"a1": "k1", "a2": "k1"}
        watch.mark_delivered(first["id"])
        assert [a["id"] for a in watch.undelivered()] == [second["id"]]
        assert not watch.is_fresh()


def test_json_of_a_story_survives_both_backends(pg_url, tmp_path):
    story = Story(id="s1", title="Bridge “closed”", articles=("a", "b"), start="2026-01-01", end="2026-01-02",
                  entities=("ana-brix", "city-council"))
    found = []
    for location in (tmp_path / "s.db", pg_url):
        with open_store(location) as store:
            store.replace_stories([story])
            found.append((store.stories(), store.story_rows(entity="ana-brix"), store.story_of("b")))
    assert found[0] == found[1] and found[1][0] == [story] and found[1][1][0] == 1 and found[1][2] == "s1"


def test_url_forms_socket_path_and_search_path(pg_server, pg_url):
    from urllib.parse import quote

    name = pg_url.rsplit("/", 1)[1]
    socket_url = f"postgresql:///{name}?host={pg_server.folder}&port={pg_server.port}&user=postgres"
    for location in (socket_url, pg_url.replace("postgresql://", "postgres://")):
        with open_store(location) as store:
            assert store.schema_version == LATEST
    with pytest.raises(StoreError, match="does not exist"):  # a URL folded by Path() is a file path, refused
        open_store(Path(pg_url))
    with open_store(pg_url) as store:
        store.conn.execute("CREATE SCHEMA news")
    in_schema = f"{pg_url}?options={quote('-csearch_path=news')}"
    with open_store(in_schema) as store:
        store.upsert_article(make("A store in a schema of its own."))
    with open_store(in_schema, read_only=True) as store:  # the URL's options are kept beside read-only's
        assert store.count() == 1
        assert store.conn.execute("SHOW search_path").fetchone()[0] == "news"
        assert store.conn.execute("SHOW default_transaction_read_only").fetchone()[0] == "on"
    with open_store(pg_url) as store:
        assert store.count() == 0  # the public schema's store is another one
