"""The report and the web app on the seed articles: pages, filters, downloads, the API, and safety."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web app needs the [web] extra")
from starlette.testclient import TestClient  # noqa: E402

from newsprism.pipeline import update  # noqa: E402
from newsprism.settings import default_settings  # noqa: E402
from newsprism.store import open_store  # noqa: E402
from newsprism.web.app import create_app  # noqa: E402
from newsprism.web.report import write_report  # noqa: E402


@pytest.fixture(scope="module")
def compared_seeds(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web") / "seeds.db"
    db.write_bytes(seed_db.read_bytes())
    with open_store(db) as store:
        update(store, default_settings())
    return db


@pytest.fixture(scope="module")
def client(compared_seeds: Path) -> TestClient:
    return TestClient(create_app(compared_seeds))


def _story_ids(db: Path) -> list[str]:
    with open_store(db) as store:
        return [s.id for s in store.stories()]


def test_story_list_page_and_filters(client, compared_seeds):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for story_id in _story_ids(compared_seeds):
        assert f"/stories/{story_id}" in page.text
    only_2025 = client.get("/api/stories", params={"from": "2024-01-01"}).json()
    assert only_2025["total"] == 1 and only_2025["stories"][0]["start"] == "2025-01-16"
    by_outlet = client.get("/api/stories", params={"outlet": "Ukrainska Pravda"}).json()
    assert by_outlet["total"] == 1 and by_outlet["stories"][0]["articles"] == 4
    by_entity = client.get("/api/stories", params={"entity": "alexander-volfovich"}).json()
    assert by_entity["total"] == 1
    by_words = client.get("/api/stories", params={"q": "coercion"}).json()
    assert by_words["total"] == 1 and by_words["stories"][0]["articles"] == 4


def test_story_page_shows_every_part(client, compared_seeds):
    summit = _story_ids(compared_seeds)[0]
    page = client.get(f"/stories/{summit}")
    assert page.status_code == 200
    for part in ("Outlets side by side", "Digest", "Coverage: facts", "Statements", "labels the actors",
                 "Disagreements", "Timeline", "Who copied whom", "Articles", "<svg"):
        assert part in page.text, part
    assert "the Russian dictator" in page.text and "no coercion" in page.text


def test_article_page_highlights_and_keeps_the_removed_furniture(client, compared_seeds):
    with open_store(compared_seeds) as store:
        article = next(a for a in store.iter_articles() if a.outlet == "Buna Times")
    page = client.get(f"/articles/{article.id}")
    assert page.status_code == 200
    assert 'class="e-person"' in page.text and 'class="q"' in page.text or 'class="e-person q"' in page.text
    assert "author bio" in page.text  # removed furniture, with its reason


def test_downloads_and_api(client, compared_seeds):
    summit = _story_ids(compared_seeds)[0]
    story = client.get(f"/api/stories/{summit}").json()
    assert story["comparison"]["story"] == summit and len(story["articles"]) == 4
    for table in ("facts", "statements", "disagreements", "labels", "timeline"):
        response = client.get(f"/api/stories/{summit}/{table}.csv")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert response.text.splitlines()[0].split(",")[0] in ("id", "kind", "entity", "date")
    listing = client.get("/api/stories.csv")
    assert listing.text.splitlines()[0] == "id,title,articles,outlets,start,end,changed,grew" and len(listing.text.splitlines()) == 3
    article_id = story["articles"][0]["id"]
    assert client.get(f"/api/articles/{article_id}").json()["article"]["id"] == article_id
    assert client.get("/api/search", params={"q": "Peskov"}).json()["results"]
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/stories/{story_id}" in spec["paths"]


def test_clear_errors(client):
    assert client.get("/stories/story-nope").status_code == 404
    assert client.get("/api/articles/nope").json()["error"].startswith("no article")
    bad = client.get("/api/stories", params={"from": "yesterday"})
    assert bad.status_code == 400 and "from must be a date" in bad.json()["error"]
    assert client.get("/api/stories", params={"page": "0"}).status_code == 400
    # A date is a date or nothing: blanks are not taken for "no date" (the API's schema says so).
    assert client.get("/api/stories.csv?to=+").status_code == 400
    assert client.get("/api/stories", params={"from": ""}).status_code == 200
    assert client.get("/nothing/here").status_code == 404


def test_the_app_only_reads(client, compared_seeds):
    before = compared_seeds.read_bytes()
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/api/stories").status_code == 405
    assert compared_seeds.read_bytes() == before


def test_security_headers(client):
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'none'" in policy and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_no_path_leaves_the_store(client):
    for path in ("/articles/..%2F..%2Fetc%2Fpasswd", "/stories/../../etc/passwd", "/static/../pyproject.toml",
                 "/articles/%2e%2e%2fsecret"):
        response = client.get(path)
        assert response.status_code == 404 and "root:" not in response.text and "[project]" not in response.text


def test_static_report(compared_seeds, tmp_path):
    with open_store(compared_seeds) as store:
        counts = write_report(store, tmp_path / "report")
    assert counts == {"stories": 2, "articles": 5}
    index = (tmp_path / "report" / "index.html").read_text("utf-8")
    assert 'href="stories/story-' in index
    assert not re.search(r'(src|href|action)="(https?:)?//', index)  # nothing loads from a network
    story = next((tmp_path / "report" / "stories").glob("*.html")).read_text("utf-8")
    assert 'href="../articles/' in story and 'href="../index.html"' in story
    assert "<script" not in index + story and "Content-Security-Policy" in story
    assert not list((tmp_path / "report").rglob("*.part"))


def test_report_command(tmp_path, compared_seeds):
    from click.testing import CliRunner

    from newsprism.cli import main

    result = CliRunner().invoke(main, ["report", "--db", str(compared_seeds), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0 and "2 story pages" in result.stdout
    assert json.loads(json.dumps(sorted(p.name for p in (tmp_path / "r").iterdir()))) == ["articles", "index.html",
                                                                                         "stories"]


def test_story_list_says_when_each_story_last_changed_and_marks_those_that_grew(client, compared_seeds):
    stories = client.get("/api/stories").json()["stories"]
    changed = sorted(s["changed"] for s in stories)
    assert all(changed) and not any(s["grew"] for s in stories)
    # Since a time after the last change nothing grew; since the first change, every story did.
    later = client.get("/api/stories", params={"since": "9999-01-01"}).json()["stories"]
    assert not any(s["grew"] for s in later)
    earlier = client.get("/api/stories", params={"since": changed[0][:19]}).json()["stories"]
    assert all(s["grew"] for s in earlier)
    page = client.get("/", params={"since": changed[0][:10]})
    assert page.status_code == 200 and 'class="grew"' in page.text and "last changed" in page.text
    assert client.get("/api/stories", params={"since": "yesterday"}).status_code == 400
