"""The bundled demo corpus against its expected answers (examples/demo/expected.json)."""

from __future__ import annotations

import json

import pytest

from conftest import DEMO, REPO
from newsprism.demo import run_demo
from newsprism.store import open_store

EXPECTED = json.loads((REPO / "examples" / "demo-expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def demo_articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = run_demo(db)
    assert summary["failed"] == 0
    with open_store(db) as store:
        return {a.origin: a for a in store.iter_articles()}


def find(articles: dict[str, object], origin: str):
    matches = [a for o, a in articles.items() if o == origin or o.endswith("/" + origin)]
    assert len(matches) == 1, f"expected one article from {origin}, found {len(matches)}"
    return matches[0]


def test_demo_corpus_size(demo_articles):
    assert len(demo_articles) == len(EXPECTED["articles"]) >= 10
    assert len({a.outlet for a in demo_articles.values()}) >= 6


@pytest.mark.parametrize("expected", EXPECTED["articles"], ids=lambda e: e["origin"].rsplit("/", 1)[-1])
def test_demo_article(demo_articles, expected):
    article = find(demo_articles, expected["origin"])
    assert article.outlet == expected["outlet"]
    assert article.title == expected["title"]
    assert article.author == expected["author"]
    assert (article.published or "")[:10] == (expected["published"] or "")
    assert article.language == expected["language"]
    for sentence in expected["must_contain"]:
        assert sentence in article.text, f"reporting lost: {sentence[:60]}"
    for furniture in expected["must_not_contain"]:
        assert furniture not in article.text, f"furniture kept: {furniture[:60]}"
    assert set(expected["credits"]) <= set(article.credits)
