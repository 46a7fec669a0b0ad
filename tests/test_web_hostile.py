"""Article text and metadata are untrusted: hostile HTML and script in titles, bodies, outlet names and
URLs must come out of every page as text, never as markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web app needs the [web] extra")
from starlette.testclient import TestClient  # noqa: E402

from newsprism.annotate.runner import annotate
from newsprism.extract.runner import ingest  # noqa: E402
from newsprism.pipeline import update  # noqa: E402
from newsprism.settings import default_settings  # noqa: E402
from newsprism.store import open_store  # noqa: E402
from newsprism.web.app import create_app  # noqa: E402
from newsprism.web.report import write_report  # noqa: E402

PAYLOADS = [
    "<script>document.title='PWNED'</script>",
    '"><img src=x onerror="document.title=1">',
    "<svg onload=alert(1)>",
    "</style><script>alert(2)</script>",
    "{{ 7*7 }}{% raw %}",
    "javascript:alert(3)",
]
BODY = ("Mayor Ilse Varga said on Tuesday that the harbour would reopen in May, after the storm damage. "
        "\"We will rebuild the quay,\" Varga said. ")


def _records() -> list[dict]:
    records = []
    for k, payload in enumerate(PAYLOADS):
        records.append({
            "url": f"https://outlet{k}.example/harbour" if k % 2 else "javascript:alert(4)",
            "outlet": f"Outlet {k} {payload}",
            "title": f"Harbour to reopen {payload}",
            "author": payload,
            "published": "2025-02-04",
            "text": BODY + f"A reader wrote {payload} in the comments.\n\n" + BODY.replace("May", "June"),
        })
    return records


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in _records()), "utf-8")
    db = folder / "hostile.db"
    with open_store(db) as store:
        ingest([str(source)], store, default_settings())
        annotate(store, default_settings())
        update(store, default_settings())
    return db


def _assert_inert(html: str) -> None:
    assert "<script" not in html.lower(), "a script element came through"
    assert not re.search(r"<(img|svg)[^>]*\son\w+=", html, re.I), "an event handler came through"
    assert 'href="javascript:' not in html.lower()
    assert "Harbour to reopen 49" not in html  # the title's "{{ 7*7 }}" was not run as a template


def test_every_page_of_the_app_keeps_hostile_input_as_text(hostile_db):
    client = TestClient(create_app(hostile_db))
    pages = ["/", "/search?q=harbour", "/?q=%3Cscript%3E"]
    with open_store(hostile_db) as store:
        pages += [f"/stories/{s.id}" for s in store.stories()]
        pages += [f"/articles/{a.id}" for a in store.iter_articles()]
    assert len(pages) > 6
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_inert(response.text)
    story = client.get(pages[3]).text
    assert "&lt;script&gt;" in story or "&lt;svg" in story  # shown, as text


def test_the_static_report_keeps_hostile_input_as_text(hostile_db, tmp_path):
    with open_store(hostile_db) as store:
        write_report(store, tmp_path)
    files = list(tmp_path.rglob("*.html"))
    assert len(files) >= 7
    for file in files:
        _assert_inert(file.read_text("utf-8"))


def test_api_returns_hostile_input_as_json_strings(hostile_db):
    client = TestClient(create_app(hostile_db))
    listing = client.get("/api/stories")
    assert listing.headers["content-type"].startswith("application/json")
    assert any("<script>" in o for s in listing.json()["stories"] for o in s["outlets"])  # data, untouched
    csv_text = client.get("/api/stories.csv").text
    assert "\n=" not in csv_text and ",=" not in csv_text  # no spreadsheet formula starts a cell


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝HYPERLINK(\"x\")", "＋1",
                                  "－1", "＠x", "  =1+1", "\u3000＝1", "\u00a0=1"])
def test_a_cell_a_spreadsheet_would_run_is_quoted(cell):
    from newsprism.web.tables import to_csv

    line = to_csv([{"text": cell}], ["text"]).splitlines()[1]
    assert line.lstrip('"').startswith("'"), line


@pytest.mark.parametrize("cell", ["plain", "1 = 1", "", "e-mail", "a=b"])
def test_an_ordinary_cell_is_left_as_it_is(cell):
    from newsprism.web.tables import to_csv

    assert "'" not in to_csv([{"text": cell}], ["text"]).splitlines()[-1]
