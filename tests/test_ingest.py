"""Ingestion of every supported format, and bad input that must fail cleanly."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PARA_1, PARA_2, PARA_3
from newsprism.extract.runner import ingest
from newsprism.settings import default_settings
from newsprism.settings import load_settings as load_config
from newsprism.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from httpserver import Reply, local_server  # noqa: E402,F401


def page(title: str = "Harbour bridge to close to cars", extra: str = "", charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title}</title>
<meta property="og:site_name" content="Harbour Daily"><meta name="author" content="Tess Marlow">
<meta property="article:published_time" content="2024-04-11T09:00:00Z">
<link rel="canonical" href="https://harbour-daily.example/bridge"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><div class="share">Share on X</div>
<article><h1>{title}</h1><p>{PARA_1}</p><p>{PARA_2}</p><p>{PARA_3}</p>{extra}</article>
<footer>© Harbour Daily. All rights reserved.</footer></body></html>"""


def run(store, *sources, config=None, **kw):
    return ingest([str(s) for s in sources], store, config or load_config(), **kw)


def statuses(report) -> list[str]:
    return [r.status for r in report.results]


def test_html_page_metadata_and_text(tmp_path, store):
    (tmp_path / "a.html").write_text(page(), "utf-8")
    report = run(store, tmp_path / "a.html")
    assert statuses(report) == ["added"]
    article = store.get(report.results[0].article_id)
    assert article.title == "Harbour bridge to close to cars"
    assert article.outlet == "Harbour Daily" and article.author == "Tess Marlow"
    assert article.published.startswith("2024-04-11")
    assert article.canonical_url == "https://harbour-daily.example/bridge"
    assert article.language == "en"
    assert PARA_1 in article.text and PARA_3 in article.text
    assert "Share on X" not in article.text


def test_reingest_reports_unchanged(tmp_path, store):
    (tmp_path / "a.html").write_text(page(), "utf-8")
    run(store, tmp_path)
    again = run(store, tmp_path)
    assert statuses(again) == ["unchanged"]
    assert store.count() == 1


def test_gzipped_html_text_markdown_and_hidden_files(tmp_path, store):
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(page().encode()))
    (tmp_path / "b.txt").write_text(f"Bridge closure angers shopkeepers\nBy Ola Fenn\n\n{PARA_3}\n\n{PARA_2}\n", "utf-8")
    (tmp_path / "c.md").write_text(f"# Council votes on bridge\n\n**{PARA_1}**\n\nSee [the plan](http://x.example).\n", "utf-8")
    (tmp_path / ".hidden.txt").write_text("secret notes that are not an article at all, really", "utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not read")
    report = run(store, tmp_path)
    assert sorted(statuses(report)) == ["added", "added", "added"]
    by_title = {a.title: a for a in store.iter_articles()}
    txt = by_title["Bridge closure angers shopkeepers"]
    assert txt.author == "Ola Fenn" and txt.text == f"{PARA_3}\n\n{PARA_2}"
    md = by_title["Council votes on bridge"]
    assert md.text.startswith(PARA_1) and "See the plan." in md.text and "http" not in md.text


def test_records_json_jsonl_csv(tmp_path, store):
    rec = {"url": "https://x.example/1", "title": "Bridge vote", "text": f"{PARA_1}\n\n{PARA_2}",
           "published": "2024-04-11", "outlet": "Wire One", "author": "A. Writer"}
    (tmp_path / "r.jsonl").write_text(
        json.dumps(rec) + "\n{not json\n" + json.dumps({**rec, "url": "https://x.example/2", "text": PARA_3}) + "\n",
        "utf-8",
    )
    (tmp_path / "r.json").write_text(json.dumps({"articles": [{**rec, "url": "https://x.example/3",
                                                               "html": page(), "text": None}]}), "utf-8")
    buf = io.StringIO()
    buf.write("url,headline,body,date,source\n")
    buf.write(f'https://x.example/4,Shops fear,"{PARA_3} {PARA_2}",11.04.2024,Csv Times\n')
    buf.write("https://x.example/5,No body,,2024-04-11,Csv Times\n")
    (tmp_path / "r.csv").write_text(buf.getvalue(), "utf-8")
    report = run(store, tmp_path)
    assert sorted(statuses(report)) == ["added"] * 4 + ["failed"] * 2
    failures = {r.origin: r.reason for r in report.failures}
    assert any(o.endswith("r.jsonl#L2") and "not valid JSON" in why for o, why in failures.items())
    assert any(o.endswith("r.csv#row3") and "'text' or 'html'" in why for o, why in failures.items())
    csv_article = next(a for a in store.iter_articles() if a.outlet == "Csv Times")
    assert csv_article.published == "2024-04-11" and csv_article.title == "Shops fear"
    exported = next(a for a in store.iter_articles() if a.url == "https://x.example/1")
    assert exported.origin.endswith("r.jsonl#L1") and exported.author == "A. Writer"


def _warc(path: Path, pages: list[tuple[str, str]], gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
            writer.write_record(record)
        css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://x.example/s.css", "response",
                                                      payload=io.BytesIO(b"body{}"), http_headers=css))


def test_warc_records(tmp_path, store):
    _warc(tmp_path / "crawl.warc.gz", [("https://x.example/a", page()), ("https://x.example/b", page("Second story"))], True)
    report = run(store, tmp_path / "crawl.warc.gz")
    assert statuses(report) == ["added", "added"]
    article = store.get(report.results[0].article_id)
    assert article.origin.startswith("<urn:uuid:") and article.url == "https://x.example/a"


def test_truncated_warc_keeps_pages_before_the_damage(tmp_path, store):
    _warc(tmp_path / "full.warc.gz", [(f"https://x.example/{i}", page(f"Story number {i}")) for i in range(3)], True)
    data = (tmp_path / "full.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.7)])
    report = run(store, tmp_path / "cut.warc.gz")
    assert report.count("added") >= 1
    assert report.failures and "truncated" in report.failures[-1].reason
    assert store.integrity_ok()


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"   \n\n \t\n", "empty"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "PNG image"),
        ("nul.txt", b"abc\x00\x01\x02\x03" * 100, "binary data"),
        ("cut.html.gz", gzip.compress(page().encode())[:60], "truncated"),
        ("script.html", b"<html><body><script>alert(1)</script></body></html>", "no article text"),
        ("menu.txt", b"Skip to main content\nAdvertisement\nShare\nComments\n", "no reporting"),
    ],
)
def test_bad_files_fail_with_a_reason_and_others_still_load(tmp_path, store, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.html").write_text(page(), "utf-8")
    report = run(store, tmp_path)
    assert report.count("added") == 1
    assert len(report.failures) == 1
    failure = report.failures[0]
    assert failure.origin.endswith(name) and reason in failure.reason
    assert report.exit_code == 1


def test_missing_path_and_oversized_file(tmp_path, store):
    (tmp_path / "big.txt").write_text("Big story\n\n" + (PARA_1 + "\n\n") * 500, "utf-8")
    config = load_config(ingest={"max_item_bytes": 10_000})
    report = run(store, tmp_path / "nope.txt", tmp_path / "big.txt", config=config)
    reasons = [r.reason for r in report.failures]
    assert "no such file or directory" in reasons[0]
    assert "raise ingest.max_item_bytes" in reasons[1]


def test_encodings_are_repaired(tmp_path, store):
    # Declared UTF-8 but written as cp1252; and UTF-8 that was once decoded as Latin-1 (mojibake).
    (tmp_path / "misdeclared.html").write_bytes(page("Café owners protest", charset="utf-8").encode("cp1252"))
    (tmp_path / "mojibake.txt").write_text(
        "Crème brûlée festival returns\n\n" + PARA_1.replace("city", "café").encode("utf-8").decode("latin-1"),
        "utf-8",
    )
    (tmp_path / "cyrillic.txt").write_bytes(
        ("Совет закрыл мост\n\nГородской совет в четверг проголосовал за закрытие старого моста для машин "
         "с весны, после предупреждения инженеров о коррозии опор.").encode("cp1251")
    )
    run(store, tmp_path)
    titles = {a.title: a for a in store.iter_articles()}
    assert "Café owners protest" in titles
    assert "café" in titles["Crème brûlée festival returns"].text
    assert titles["Совет закрыл мост"].language == "ru"


def test_hostile_html_does_not_break_extraction(tmp_path, store):
    nested = "<div>" * 5000 + f"<p>{PARA_1}</p>" + "</div>" * 5000
    (tmp_path / "nested.html").write_text(f"<html><body>{nested}</body></html>", "utf-8")
    (tmp_path / "broken.html").write_text(f"<html><body><p>{PARA_1}<p>{PARA_2}<div><span></b></i>{PARA_3}", "utf-8")
    long_line = "word " * 200_000
    (tmp_path / "long.txt").write_text(f"A very long line\n\n{long_line}\n", "utf-8")
    report = run(store, tmp_path)
    for result in report.results:
        assert result.status == "added" or result.reason, result
    assert store.integrity_ok()
    broken = [a for a in store.iter_articles() if a.origin.endswith("broken.html")]
    assert broken and PARA_1 in broken[0].text


def test_interrupted_run_leaves_a_consistent_store_and_can_be_rerun(tmp_path):
    for i in range(7):
        (tmp_path / f"{i}.txt").write_text(f"Story {i} about the bridge\n\n{PARA_1} Item {i}.\n\n{PARA_2}", "utf-8")
    config = load_config(ingest={"batch_size": 2})
    db = tmp_path / "s.db"
    seen = []

    def stop_after_three(result):
        seen.append(result)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest([str(tmp_path)], store, config, progress=stop_after_three)
    with open_store(db) as store:
        assert store.integrity_ok()
        kept = store.count()
        assert kept == 2  # the first full batch was committed; the interrupted one rolled back
        report = ingest([str(tmp_path)], store, config)
        assert report.count("unchanged") == 2 and report.count("added") == 5
        assert store.count() == 7


def test_feed_entries_fetch_their_pages_from_a_local_server(tmp_path, store, local_server):
    story = page("Bridge vote in feed").encode()
    local_server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    local_server.route("/news/1", Reply(200, story, {"Content-Type": "text/html; charset=utf-8"}))
    local_server.route("/private/2", Reply(200, story, {"Content-Type": "text/html"}))
    rss = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Daily</title><link>{local_server.url('/')}</link>
<item><title>Bridge vote in feed</title><link>{local_server.url('/news/1')}</link>
<pubDate>Thu, 11 Apr 2024 09:00:00 GMT</pubDate></item>
<item><title>Robots say no</title><link>{local_server.url('/private/2')}</link>
<content:encoded><![CDATA[<p>{PARA_3}</p><p>{PARA_2}</p>]]></content:encoded></item>
<item><title>Nothing here</title><link>{local_server.url('/missing')}</link></item>
</channel></rss>"""
    local_server.route("/feed.xml", Reply(200, rss.encode(), {"Content-Type": "application/rss+xml"}))
    config = load_config(fetch={"per_host_delay_seconds": 0.0, "retries": 0})
    report = run(store, local_server.url("/feed.xml"), config=config, allow_private=True)
    by_origin = {r.origin: r for r in report.results}
    assert by_origin[local_server.url("/news/1")].status == "added"
    fallback = by_origin[local_server.url("/private/2")]
    assert fallback.status == "added"  # robots.txt refused the page; the feed's own text was used
    assert "robots.txt" in store.get(fallback.article_id).evidence["text"]
    assert by_origin[local_server.url("/missing")].status == "failed"
    assert "404" in by_origin[local_server.url("/missing")].reason
    assert not local_server.hits("/private/2")
    fetched = store.get(by_origin[local_server.url("/news/1")].article_id)
    assert fetched.outlet == "Harbour Daily" and PARA_1 in fetched.text


def test_urls_refused_without_allow_private(store, local_server):
    local_server.route("/a", Reply(200, page().encode(), {"Content-Type": "text/html"}))
    report = run(store, local_server.url("/a"), "ftp://x.example/a", "file:///etc/passwd")
    assert [r.status for r in report.results] == ["failed"] * 3
    assert "--allow-private" in report.results[0].reason
    assert "scheme" in report.results[1].reason and "scheme" in report.results[2].reason
    assert not local_server.requests


def test_opml_lists_feeds(tmp_path, store, local_server):
    rss = f"""<rss version="2.0"><channel><title>Two Rivers</title>
<item><title>Story</title><link>{local_server.url('/s')}</link></item></channel></rss>"""
    local_server.route("/robots.txt", Reply(404, b""))
    local_server.route("/rss", Reply(200, rss.encode(), {"Content-Type": "application/rss+xml"}))
    local_server.route("/s", Reply(200, page().encode(), {"Content-Type": "text/html"}))
    (tmp_path / "feeds.opml").write_text(
        f'<opml version="2.0"><body><outline text="News"><outline xmlUrl="{local_server.url("/rss")}"/>'
        f"</outline></body></opml>", "utf-8")
    config = load_config(fetch={"per_host_delay_seconds": 0.0, "retries": 0})
    report = run(store, tmp_path / "feeds.opml", config=config, allow_private=True)
    assert statuses(report) == ["added"]
    # The page names its site; that beats the feed title, which may be a section name.
    assert store.get(report.results[0].article_id).outlet == "Harbour Daily"


def test_gzipped_jsonl_and_a_truncated_one(tmp_path, store):
    lines = "".join(
        json.dumps({"title": f"Story {i}", "text": f"{PARA_1} Number {i}.", "outlet": "Gz News"}) + "\n"
        for i in range(40)
    ).encode()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(lines.replace(b"Story", b"Tale"))[:400])
    report = run(store, tmp_path)
    assert report.count("added") >= 40
    assert report.failures and report.failures[-1].origin.endswith("b.jsonl.gz")
    assert "re-download" in report.failures[-1].reason


def test_lines_recurring_across_an_outlets_articles_are_learned_as_furniture(tmp_path, store):
    teaser = "Our morning edition lands before seven, with every story from the coast"
    for i, para in enumerate((PARA_1, PARA_2, PARA_3, PARA_1 + " Again.")):
        record = {"title": f"Coast story {i}", "outlet": "Coast Weekly", "text": f"{para}\n\n{teaser}\n\n{PARA_2} ({i})"}
        (tmp_path / f"{i}.json").write_text(json.dumps(record), "utf-8")
    other = {"title": "Elsewhere", "outlet": "Inland Post", "text": f"{PARA_1}\n\n{teaser}"}
    (tmp_path / "other.json").write_text(json.dumps(other), "utf-8")
    run(store, tmp_path)
    coast = list(store.iter_articles(outlet="Coast Weekly"))
    assert len(coast) == 4
    for article in coast:
        assert teaser not in article.text
        reason = next(seg.reason for seg in article.removed if seg.text == teaser)
        assert reason == "recurs across articles from Coast Weekly (outlet furniture)"
    inland = next(store.iter_articles(outlet="Inland Post"))
    assert teaser in inland.text  # one article is no evidence
    again = run(store, tmp_path)
    assert again.count("unchanged") == 5


_words = st.text(alphabet="abcdefghij klmnop.,“”!?\n", min_size=0, max_size=300)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_words, min_size=1, max_size=6), outlet=st.sampled_from(["Coast Weekly", None]))
def test_reingesting_anything_changes_nothing(tmp_path_factory, texts, outlet):
    folder = tmp_path_factory.mktemp("prop")
    for i, text in enumerate(texts):
        record = {"title": f"T{i}", "text": text + f"\n\n{PARA_2}", "outlet": outlet}
        (folder / f"{i}.json").write_text(json.dumps(record), "utf-8")
    with open_store(folder / "s.db") as store:
        first = run(store, folder)
        count = store.count()
        rows = [a.export_dict() for a in store.iter_articles()]
        second = run(store, folder)
        assert second.count("added") == 0 and second.count("updated") == 0
        assert second.count("unchanged") == first.count("added") + first.count("updated") + first.count("unchanged")
        assert store.count() == count
        assert [a.export_dict() for a in store.iter_articles()] == rows


def test_the_same_article_in_two_places_is_stored_once(tmp_path, store):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.html").write_text(page(), "utf-8")
    first = run(store, tmp_path)
    assert statuses(first) == ["added", "unchanged"]
    assert statuses(run(store, tmp_path)) == ["unchanged", "unchanged"]
    assert store.count() == 1 and next(store.iter_articles()).origin.endswith("a/story.html")


def test_several_urls_in_one_run(store, local_server):
    local_server.route("/robots.txt", Reply(404, b""))
    for i in range(3):
        local_server.route(f"/p{i}", Reply(200, page(f"Page number {i} of the run").encode(), {"Content-Type": "text/html"}))
    local_server.route("/gone", Reply(410, b"gone"))
    config = load_config(fetch={"per_host_delay_seconds": 0.0, "retries": 0})
    urls = [local_server.url(f"/p{i}") for i in range(3)] + [local_server.url("/gone")]
    report = run(store, *urls, config=config, allow_private=True)
    assert [r.origin for r in report.results] == urls  # input order is kept
    assert statuses(report) == ["added", "added", "added", "failed"]
    assert "410" in report.results[3].reason


def test_two_worker_processes_give_the_same_articles(tmp_path):
    for i in range(6):
        (tmp_path / f"{i}.html").write_text(page(f"Parallel story {i}"), "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    results = []
    for workers in (1, 2):
        with open_store(tmp_path / f"w{workers}.db") as store:
            report = run(store, tmp_path, workers=workers)
            results.append(([r.status for r in report.results], [a.export_dict() for a in store.iter_articles()]))
    assert results[0] == results[1]
    assert results[0][0].count("added") == 6


def test_known_inputs_are_skipped_unless_forced(tmp_path, store):
    (tmp_path / "a.html").write_text(page(), "utf-8")
    article_id = run(store, tmp_path).results[0].article_id
    # Pretend an older release cleaned this article differently.
    with store.transaction():
        store.update_cleaning(article_id, "stale text", ())
    assert statuses(run(store, tmp_path)) == ["unchanged"]  # same input: not read again
    assert store.get(article_id).text == "stale text"
    assert statuses(run(store, tmp_path, force=True)) == ["updated"]
    assert PARA_1 in store.get(article_id).text
