"""The whole pipeline on a PostgreSQL store, against the same run on SQLite: identical exports and
answers, the web app and the report reading it, concurrent ingests, and the watcher."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.store import Store, open_store

sys.path.insert(0, str(Path(__file__).parent))
from pgserver import pg_server, pg_url  # noqa: E402

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def demo_stores(pg_server, tmp_path_factory) -> tuple[str, str]:
    """The demo corpus run through every stage into a new SQLite file and a new PostgreSQL database."""
    lite = str(tmp_path_factory.mktemp("demo-pg") / "demo.db")
    pg = pg_server.database()
    summaries = [json.loads(_cli("demo", "--db", location, "--json")) for location in (lite, pg)]
    assert summaries[0] == summaries[1]
    return lite, pg


@pytest.mark.parametrize("what", ["articles", "copies", "stories", "comparisons"])
def test_exports_are_identical(demo_stores, what):
    lite, pg = (_cli("export", what, "--db", location) for location in demo_stores)
    assert lite.count("\n") > 0 and lite == pg


def _answers(store: Store) -> dict[str, Any]:
    """Every reading method of the store, on the demo corpus."""
    articles = list(store.iter_articles())
    ids = [a.id for a in articles]
    stories = store.stories()
    outlet = store.outlets()[0][0]
    index = store.entity_index()
    entity = stories[0].entities[0]
    return {
        "count": store.count(), "articles": articles, "outlet_articles": list(store.iter_articles(outlet=outlet)),
        "get": [store.get(i) for i in ids] + [store.get("nothing")], "find_ids": store.find_ids(ids[0][:2], 50),
        "find_ids_wild": store.find_ids("%"), "find_story_ids": store.find_story_ids(stories[0].id[:3]),
        "raw": [store.raw_content(a.raw_hash) for a in articles if a.raw_hash],
        "inputs": store.articles_for_inputs([a.raw_hash for a in articles if a.raw_hash] + ["none"]),
        "bodies": sorted(store.iter_bodies(outlet)), "list": store.list_summaries(),
        "list_outlet": store.list_summaries(limit=3, outlet=outlet), "outlets": store.outlets(),
        # the same articles found; ranked by bm25 in SQLite, by ts_rank in PostgreSQL
        "search": [sorted(h.id for h in store.search(q)) for q in ("harbour", "strait accord", '"the port"', "a")],
        "annotations": [store.annotations(i) for i in ids], "annotation_states": list(store.annotation_states()),
        "entity_lists": list(store.iter_entity_lists()), "index": index,
        "index_keys": store.entity_index(list(index)[:5] + ["none"]),
        "spellings": store.entity_spellings(), "index_rows": store.entity_index_rows(),
        "spellings_of": store.entity_spellings(list(stories[0].entities) + ["none"]),
        "spelt": [store.entities_spelt(s) for s in (*store.entity_spellings()[entity], entity.upper(), "none")],
        "spellings_missing": store.entity_spellings_missing(),
        "entity_names": store.entity_names(list(stories[0].entities) + ["none"]),
        "fingerprints": (store.corpus_fingerprint(), store.metadata_fingerprint(), store.annotations_fingerprint()),
        "states": [store.state(s) for s in ("copies", "stories", "compare", "none")],
        "copy_features": store.copy_features(), "count_links": store.count_copy_links(),
        "links": store.copy_links(), "links_of": store.copy_links(ids[:3]), "signals": store.signals(),
        "count_stories": store.count_stories(), "stories": stories, "story": store.stories(stories[0].id),
        "comparison_states": store.comparison_states(),
        "comparisons": [store.comparison(s.id) for s in stories] + [store.comparison_json(stories[0].id)],
        # ``changed`` is the time an article was written: the two runs wrote at other times
        "story_rows": [(total, [replace(r, changed=None) for r in rows]) for total, rows in (
            store.story_rows(), store.story_rows(limit=2, offset=1), store.story_rows(outlet=outlet),
            store.story_rows(date_from="2025-01-01"), store.story_rows(date_to="2024-12-31"),
            store.story_rows(entity=entity), store.story_rows(article_ids=ids[:2]), store.story_rows(article_ids=[]))],
        "story_of": [store.story_of(i) for i in ids], "summaries": sorted(store.summaries_of(ids), key=lambda s: s.id),
        "version": store.schema_version, "integrity": store.integrity_ok(),
    }


def test_every_reading_method_gives_the_same_answers(demo_stores):
    lite, pg = demo_stores
    with open_store(lite) as a, open_store(pg, read_only=True) as b:
        expected, found = _answers(a), _answers(b)
    assert expected["count"] > 10 and expected["stories"] and expected["links"]
    for key in expected:
        assert found[key] == expected[key], key


def test_the_web_app_serves_a_postgresql_store(demo_stores):
    from starlette.testclient import TestClient

    from newsprism.web.app import create_app

    lite, pg = (TestClient(create_app(location)) for location in demo_stores)

    def unstamped(listing: dict[str, Any]) -> dict[str, Any]:  # ``changed``: when the run wrote the articles
        return {**listing, "stories": [{**s, "changed": None} for s in listing["stories"]]}

    stories = lite.get("/api/stories").json()
    assert stories["total"] > 0 and unstamped(pg.get("/api/stories").json()) == unstamped(stories)
    first = stories["stories"][0]["id"]
    article = lite.get(f"/api/stories/{first}").json()["articles"][0]["id"]
    found = [sorted(hit["id"] for hit in app.get("/api/search?q=harbour").json()["results"]) for app in (lite, pg)]
    assert found[0] and found[0] == found[1]
    assert unstamped(pg.get("/api/stories?outlet=Harbour%20Ledger").json()) == \
        unstamped(lite.get("/api/stories?outlet=Harbour%20Ledger").json())
    for path in (f"/api/stories/{first}", f"/api/articles/{article}", f"/api/stories/{first}/statements.csv"):
        assert pg.get(path).text == lite.get(path).text, path
    for path in ("/", f"/stories/{first}", f"/articles/{article}", "/search?q=harbour"):
        page = pg.get(path)
        assert page.status_code == 200 and "<html" in page.text.lower(), path
    # The page names the database by its URL as given (a Path would have folded its "//").
    assert f"articles in {demo_stores[1]}" in pg.get("/").text
    assert pg.get("/api/articles/%00nothing").status_code == 404
    assert pg.get("/api/search?q=%27%29%20OR%201%3D1%20--%20%00").status_code == 200


def test_report_and_list_read_a_postgresql_store(demo_stores, tmp_path):
    lite, pg = demo_stores
    for name, location in (("lite", lite), ("pg", pg)):
        _cli("report", "--db", location, "--out", str(tmp_path / name))
    pages = sorted(p.relative_to(tmp_path / "lite").as_posix() for p in (tmp_path / "lite").rglob("*.html"))
    assert len(pages) > 10
    assert sorted(p.relative_to(tmp_path / "pg").as_posix() for p in (tmp_path / "pg").rglob("*.html")) == pages
    assert _cli("list", "--db", pg, "--json") == _cli("list", "--db", lite, "--json")
    found = [sorted(hit["id"] for hit in json.loads(_cli("search", "harbour", "--db", location, "--json")))
             for location in (lite, pg)]
    assert found[0] and found[0] == found[1]


def _inbox(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}.txt").write_text(
            f"Harbour report number {n}\n\nThe harbour master counted {n} boats on pier {n % 7} today. "
            f"Crews from village {n} unloaded their catch before noon, he said.\n", "utf-8")
    return folder


def test_concurrent_ingest_processes_lose_nothing(pg_url, tmp_path):
    inbox = _inbox(tmp_path / "inbox", 80)
    files = sorted(str(p) for p in inbox.iterdir())
    config = tmp_path / "small.toml"
    config.write_text("[ingest]\nbatch_size = 5\nworkers = 1\n", "utf-8")
    # Four processes on overlapping quarters, each in its own order: every file is read by two of them.
    shares = [files[k * 20:k * 20 + 40] + files[:max(0, k * 20 + 40 - 80)] for k in range(4)]
    shares = [share[::-1] if k % 2 else share for k, share in enumerate(shares)]
    runs = [subprocess.Popen([sys.executable, "-m", "newsprism", "--config", str(config), "ingest", *share,
                              "--db", pg_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for share in shares]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    assert [rc for rc, _ in results] == [0] * 4, results
    assert all("0 failed" in err for _, err in results), results
    _cli("ingest", str(inbox), "--db", str(tmp_path / "one.db"))
    with open_store(tmp_path / "one.db") as lite:
        expected = sorted(a.id for a in lite.iter_articles())
    with open_store(pg_url) as store:
        assert sorted(a.id for a in store.iter_articles()) == expected and len(expected) == 80
        assert store.conn.execute("SELECT count(*) FROM raw_inputs").fetchone()[0] == 80


def test_watch_once_on_postgresql(pg_url, tmp_path):
    inbox = _inbox(tmp_path / "inbox", 12)
    command = [sys.executable, "-m", "newsprism", "watch", str(inbox), "--db", pg_url, "--once", "--quiet",
               "--alerts", str(tmp_path / "alerts.jsonl")]
    first = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    with open_store(pg_url) as store:
        assert store.count() == 12
        assert store.conn.execute("SELECT count(*) FROM watch_sources").fetchone()[0] >= 1
    (inbox / "new.txt").write_text("Harbour report extra\n\nA ferry docked at the east pier with 40 passengers "
                                   "after the storm, the harbour master said.\n", "utf-8")
    second = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    with open_store(pg_url) as store:
        assert store.count() == 13


def test_every_reading_command_answers_alike(demo_stores):
    lite, pg = demo_stores
    with open_store(lite) as store:
        story = store.stories()[0].id
        article = store.stories()[0].articles[0]
    for command in (["stories", "--json"], ["story", story, "--json"], ["show", article, "--json"],
                    ["copies", "--json"], ["compare", story, "--json"], ["annotate"]):
        found = [_cli(*command, "--db", location) for location in (lite, pg)]
        if command != ["annotate"]:  # annotate prints nothing to stdout: nothing was left to read
            assert found[0].strip(), command
        assert found[0] == found[1], command
