"""The web app as a person uses it, in Debian's chromium: the story list, a story, a statement's
renderings, an article; screenshots are saved (to $NEWSPRISM_SCREENSHOTS when set). Hostile input is
loaded in the browser too, and nothing in it may run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from browser import browser_page, need_browser, serving
from newsprism.annotate.runner import annotate
from newsprism.extract.runner import ingest
from newsprism.pipeline import update
from newsprism.settings import default_settings
from newsprism.store import open_store

pytestmark = pytest.mark.browser


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NEWSPRISM_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_demo_as_a_reader_goes_through_it(compared_demo_db, tmp_path):
    chromium = need_browser()
    shots = _shots(tmp_path)
    errors: list[str] = []
    with serving(compared_demo_db) as base, browser_page(chromium) as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base + "/")
        assert page.title().startswith("Stories")
        page.screenshot(path=str(shots / "1-stories.png"), full_page=True)

        page.click("table a[href^='/stories/']")  # the largest story
        page.wait_for_selector("h2#statements")
        assert page.locator("svg").count() >= 2  # timeline and copy graph, drawn in the page
        page.screenshot(path=str(shots / "2-story.png"), full_page=True)

        statements = page.locator("#statements ~ details")
        closed = statements.nth(1)
        closed.locator("summary").click()
        assert closed.get_attribute("open") is not None
        assert closed.locator("blockquote").count() >= 2  # each outlet's rendering
        closed.screenshot(path=str(shots / "3-statement.png"))

        closed.locator("blockquote a").first.click()
        page.wait_for_selector(".article-text")
        assert page.locator(".article-text .e-person").count() > 0
        page.screenshot(path=str(shots / "4-article.png"), full_page=True)

        page.goto(base + "/?outlet=" + "Rhenwald%20Post")
        assert page.locator("table tbody tr").count() == 1
    assert not errors, errors  # no console error: nothing blocked by the security policy, nothing broken
    assert sorted(p.name for p in shots.glob("*.png")) == ["1-stories.png", "2-story.png", "3-statement.png",
                                                          "4-article.png"]


def test_hostile_input_does_not_run_in_the_browser(tmp_path):
    chromium = need_browser()
    source = tmp_path / "hostile.jsonl"
    payload = "<img src=x onerror=\"document.title='PWNED'\"><script>document.title='PWNED'</script>"
    records = [{"url": f"https://o{k}.example/a", "outlet": f"Outlet {k} {payload}", "title": f"Quay {payload}",
                "published": "2025-02-04",
                "text": f"The quay reopened on Tuesday, the harbour board said. {payload} Boats returned."}
               for k in range(3)]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    db = tmp_path / "hostile.db"
    with open_store(db) as store:
        ingest([str(source)], store, default_settings())
        annotate(store, default_settings())
        update(store, default_settings())
        story = store.stories()[0].id
        article = next(store.iter_articles()).id
    dialogs: list[str] = []
    with serving(db) as base, browser_page(chromium) as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("/", f"/stories/{story}", f"/articles/{article}", "/search?q=quay"):
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.title() != "PWNED", path  # the payload's own words show in the title, as text
            assert page.locator("script").count() == 0 and page.locator("img").count() == 0, path
            assert "<script>" in page.inner_text("body") or path == "/search?q=quay"  # shown as text
    assert dialogs == []
