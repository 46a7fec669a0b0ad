"""Hostile or damaged inputs: each fails (or is recovered) alone while the rest of the run is stored.

Every test runs the real ``newsprism ingest`` command on several sources at once.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import PARA_1, PARA_2, PARA_3
from newsprism.cli import main
from newsprism.settings import default_settings
from newsprism.sources.feeds import parse_opml
from newsprism.sources.reader import SourceReader
from newsprism.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from httpserver import Reply, local_server  # noqa: E402,F401


def page(title: str, inner: str | None = None) -> str:
    body = inner if inner is not None else f"<article><h1>{title}</h1><p>{PARA_1}</p><p>{PARA_2}</p></article>"
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"


def text_article(title: str, para: str = PARA_3) -> str:
    return f"{title}\n\n{para}\n\n{PARA_2}\n"


def ingest(tmp_path: Path, *sources: Path | str, options: tuple[str, ...] = ()) -> tuple[int, dict[str, Any], Path]:
    """Run ``newsprism ingest`` in-process; never a traceback, exit 0 or 1, JSON report parsed."""
    db = tmp_path / "store.db"
    args = ["ingest", *(os.fsdecode(s) for s in sources), "--db", str(db), "--json", "--workers", "1", *options]
    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"ingest crashed: {result.exception!r}\n{result.output}") from result.exception
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    for item in report["items"]:
        if item["status"] == "failed":
            assert item["reason"] and "\n" not in item["reason"], item
    return result.exit_code, report, db


def items(report: dict[str, Any], status: str) -> list[dict[str, Any]]:
    return [item for item in report["items"] if item["status"] == status]


def stored_texts(db: Path) -> dict[str, str]:
    with open_store(db) as store:
        return {article.origin: article.text for article in store.iter_articles()}


def write_good_sources(tmp_path: Path) -> list[Path]:
    (tmp_path / "good.html").write_text(page("Harbour bridge to close to cars"), "utf-8")
    (tmp_path / "good.txt").write_text(text_article("Shopkeepers fear the bridge closure"), "utf-8")
    return [tmp_path / "good.html", tmp_path / "good.txt"]


def assert_good_stored(db: Path, good: list[Path]) -> None:
    texts = stored_texts(db)
    for path in good:
        assert str(path) in texts, f"{path} was not stored: {sorted(texts)}"


# -- 1. feeds with bad character references and bad links -----------------------------------


def rss(*entries: str, title: str = "Harbour Daily") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://harbour-daily.example/</link>{''.join(entries)}</channel></rss>"
    )


def entry(title: str, link: str, description: str) -> str:
    return f"<item><title>{title}</title><link>{link}</link><description>{description}</description></item>"


def test_feed_with_out_of_range_references_and_a_bad_link_fails_only_that_entry(tmp_path: Path) -> None:
    good = write_good_sources(tmp_path)
    out_of_range = tmp_path / "range.rss"
    out_of_range.write_text(rss(
        entry("Bridge vote &#99999999;", "https://harbour-daily.example/a", f"{PARA_1} &#99999999; {PARA_2}"),
        entry("Second story", "https://harbour-daily.example/b", f"&lt;p&gt;{PARA_3} &amp;#x110000;&lt;/p&gt;"),
    ), "utf-8")
    surrogate = tmp_path / "surrogate.rss"
    surrogate.write_text(rss(
        entry("Surrogate &#xD800; title", "https://harbour-daily.example/c", f"{PARA_2} &#xD800; &#55296; {PARA_1}"),
        title="Coast &#" + "9" * 5000 + "; Weekly",
    ), "utf-8")
    bad_link = tmp_path / "badlink.rss"
    bad_link.write_text(rss(
        entry("Broken link", "https://[bad/", f"{PARA_1} {PARA_3}"),
        entry("Fine link", "https://harbour-daily.example/d", f"{PARA_3} {PARA_2}"),
    ), "utf-8")

    code, report, db = ingest(tmp_path, good[0], out_of_range, surrogate, bad_link, good[1],
                              options=("--no-fetch-pages",))

    assert code == 1
    failed = items(report, "failed")
    assert [f["origin"] for f in failed] == [f"{bad_link}#entry1"]
    assert "https://[bad/" in failed[0]["reason"] and "not a valid URL" in failed[0]["reason"]
    texts = stored_texts(db)
    assert_good_stored(db, good)
    for link in "abcd":
        assert f"https://harbour-daily.example/{link}" in texts
    # The bad reference costs one character (U+FFFD), not the entry.
    assert "\ufffd" in texts["https://harbour-daily.example/a"] and PARA_2 in texts["https://harbour-daily.example/a"]


def test_feed_fetched_by_url_with_bad_references_is_read(tmp_path: Path, local_server: Any) -> None:
    good = write_good_sources(tmp_path)
    feed = rss(entry("Bridge vote", "https://harbour-daily.example/a", f"{PARA_1} &#99999999; &#xDFFF; {PARA_2}"),
               entry("Broken", "https://[bad/", PARA_3))
    local_server.route("/feed.xml", Reply(200, feed.encode(), {"Content-Type": "application/rss+xml"}))

    code, report, db = ingest(tmp_path, good[0], local_server.url("/feed.xml"), good[1],
                              options=("--no-fetch-pages", "--allow-private"))

    assert code == 1
    assert [f["origin"] for f in items(report, "failed")] == [f"{local_server.url('/feed.xml')}#entry2"]
    assert "https://harbour-daily.example/a" in stored_texts(db)
    assert_good_stored(db, good)


def test_opml_with_an_unparseable_feed_address_lists_the_others() -> None:
    opml = b'<opml version="2.0"><body><outline xmlUrl="http://[bad/"/><outline xmlUrl="/rss"/></body></opml>'
    assert parse_opml(opml, "https://lists.example/feeds.opml") == ["http://[bad/", "https://lists.example/rss"]


# -- 2. deeply nested JSON ---------------------------------------------------------------------


def test_json_nested_a_thousand_deep_is_one_failure(tmp_path: Path) -> None:
    good = write_good_sources(tmp_path)
    deep = "[" * 1000 + "]" * 1000
    (tmp_path / "deep.json").write_text(deep, "utf-8")
    (tmp_path / "deep_field.json").write_text(
        json.dumps([{"title": "Kept story", "text": PARA_1}])[:-1] + ", {\"text\": " + deep + "}]", "utf-8")
    lines = [json.dumps({"title": "Line story", "text": PARA_3}), '{"text": ' + deep + "}"]
    (tmp_path / "deep.jsonl").write_text("\n".join(lines) + "\n", "utf-8")

    code, report, db = ingest(tmp_path, tmp_path / "deep.json", tmp_path / "deep_field.json",
                              tmp_path / "deep.jsonl", *good)

    assert code == 1
    failed = {f["origin"]: f["reason"] for f in items(report, "failed")}
    assert set(failed) == {str(tmp_path / "deep.json"), str(tmp_path / "deep_field.json"),
                           f"{tmp_path / 'deep.jsonl'}#L2"}
    assert all("nests deeper" in reason for reason in failed.values())
    assert f"{tmp_path / 'deep.jsonl'}#L1" in stored_texts(db)
    assert_good_stored(db, good)


# -- 3. file names that are not UTF-8 -----------------------------------------------------------


def test_file_names_that_are_not_utf8_are_read_and_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    def name(raw: bytes) -> Path:
        return folder / os.fsdecode(raw)  # the bytes survive as surrogate escapes

    try:
        name(b"bad\xff.txt").write_bytes(text_article("Bridge plan in a badly named file").encode())
        name(b"empty\xfe.txt").write_bytes(b"")
        name(b"sub\xfd").mkdir()
        (name(b"sub\xfd") / "deeper.txt").write_text(text_article("Nested folder story"), "utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    good = write_good_sources(tmp_path)

    code, report, db = ingest(tmp_path, good[0], folder, good[1])

    assert code == 1
    assert [f["origin"] for f in items(report, "failed")] == [f"{folder}/empty\\xfe.txt"]
    texts = stored_texts(db)
    assert f"{folder}/bad\\xff.txt" in texts and f"{folder}/sub\\xfd/deeper.txt" in texts
    assert_good_stored(db, good)


# -- 4. truncated WARC archives -----------------------------------------------------------------


def warc_archive(pages: int = 3) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for number in range(pages):
        body = page(f"Archived story {number}").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://harbour-daily.example/{number}", "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


@pytest.mark.parametrize("where", ["in the page", "in the next header"])
def test_truncated_warc_record_is_reported_and_the_whole_archive_later_adds_one_article_each(
        tmp_path: Path, where: str) -> None:
    good = write_good_sources(tmp_path)
    data = warc_archive()
    last = data.rfind(b"WARC/1.0\r\n")
    cut = data.rfind(b"Archived story 2") + 40 if where == "in the page" else last + 30
    archive = tmp_path / "pages.warc"
    archive.write_bytes(data[:cut])

    code, report, db = ingest(tmp_path, good[0], archive, good[1])

    assert code == 1
    failed = items(report, "failed")
    assert [f["origin"] for f in failed] == [str(archive)]
    assert "truncated" in failed[0]["reason"] and "re-download" in failed[0]["reason"]
    texts = stored_texts(db)
    assert_good_stored(db, good)
    assert len(texts) == 4  # two whole pages of the archive and the two good files

    archive.write_bytes(data)
    code, report, db = ingest(tmp_path, archive)

    assert code == 0
    assert [i["status"] for i in report["items"]] == ["unchanged", "unchanged", "added"]
    with open_store(db) as store:
        archived = [a for a in store.iter_articles() if a.origin.startswith("<urn:uuid:")]
    assert len(archived) == 3 and len({a.origin for a in archived}) == 3


# -- 5. symbolic links out of a folder ---------------------------------------------------------


def test_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(text_article("A private note, not for the store"), "utf-8")
    (outside / "more.txt").write_text(text_article("Another file out of the folder"), "utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "inside.txt").write_text(text_article("Bridge story inside the folder"), "utf-8")
    try:
        (folder / "leak.txt").symlink_to(outside / "secret.txt")
        (folder / "leakdir").symlink_to(outside, target_is_directory=True)
        (folder / "alias.txt").symlink_to(folder / "inside.txt")
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    good = write_good_sources(tmp_path)

    code, report, db = ingest(tmp_path, good[0], folder, good[1])

    assert code == 1
    failed = {f["origin"]: f["reason"] for f in items(report, "failed")}
    assert set(failed) == {str(folder / "leak.txt"), str(folder / "leakdir")}
    assert all("symbolic link" in r and "outside the folder" in r for r in failed.values())
    texts = stored_texts(db)
    assert not any("private note" in t or "out of the folder" in t for t in texts.values())
    # A link within the folder is read; it is the same article as its target.
    statuses = {i["origin"]: i["status"] for i in report["items"]}
    assert statuses[str(folder / "alias.txt")] == "added" and statuses[str(folder / "inside.txt")] == "unchanged"
    assert len(texts) == 3
    assert_good_stored(db, good)
    # Asked to, the command follows them.
    code, report, db = ingest(tmp_path, folder, options=("--follow-links",))
    assert code == 0
    with open_store(db) as store:
        assert "A private note, not for the store" in {a.title for a in store.iter_articles()}


def test_reader_follows_links_out_of_the_folder_when_asked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(text_article("Followed on purpose"), "utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    try:
        (folder / "leak.txt").symlink_to(outside / "secret.txt")
        (folder / "loop").symlink_to(folder, target_is_directory=True)
        (folder / "leakdir").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    settings = default_settings().ingest

    def no_fetcher() -> Any:
        raise AssertionError("nothing here is fetched")

    refused = list(SourceReader(settings, no_fetcher).read(str(folder)))
    followed = list(SourceReader(settings, no_fetcher, follow_links=True).read(str(folder)))

    assert sorted(type(item).__name__ for item in refused) == ["InputError", "InputError"]
    assert sorted(getattr(item, "origin", "") for item in followed) == [
        str(folder / "leak.txt"), str(folder / "leakdir" / "secret.txt")]


# -- 6. HTML nested deeper than the parser's default limit ---------------------------------------


def test_article_nested_hundreds_and_thousands_of_elements_deep_is_read(tmp_path: Path) -> None:
    good = write_good_sources(tmp_path)
    for depth in (300, 2000, 5000):
        article = f"<article><h1>Deep story</h1><p>{PARA_1}</p><p>{PARA_3} ({depth} deep)</p></article>"
        (tmp_path / f"deep{depth}.html").write_text(
            page(f"Deep story {depth}", "<div>" * depth + article + "</div>" * depth), "utf-8")
    (tmp_path / "tables.html").write_text(
        page("Tables", "<table><tr><td>" * 1000 + f"<p>{PARA_1}</p>"), "utf-8")
    sources = [tmp_path / f"deep{depth}.html" for depth in (300, 2000, 5000)]

    code, report, db = ingest(tmp_path, good[0], *sources, tmp_path / "tables.html", good[1])

    assert code == 1
    failed = items(report, "failed")
    assert [f["origin"] for f in failed] == [str(tmp_path / "tables.html")]
    assert "deeper than 2,047" in failed[0]["reason"]
    texts = stored_texts(db)
    for source in sources:
        assert PARA_1 in texts[str(source)] and PARA_3 in texts[str(source)]
    assert_good_stored(db, good)


# -- 7. private addresses in a feed ---------------------------------------------------------------


def test_feed_entries_pointing_at_private_addresses_are_each_reported(tmp_path: Path, local_server: Any) -> None:
    good = write_good_sources(tmp_path)
    local_server.route("/a", Reply(200, page("Private page").encode(), {"Content-Type": "text/html"}))
    private = [local_server.url("/a"), local_server.url("/b", host="localhost")]
    feed = tmp_path / "private.rss"
    feed.write_text(rss(*(entry(f"Entry {n}", url, f"{PARA_1} {PARA_2}") for n, url in enumerate(private))), "utf-8")

    code, report, db = ingest(tmp_path, good[0], feed, good[1])

    assert code == 1
    failed = {f["origin"]: f["reason"] for f in items(report, "failed")}
    assert set(failed) == set(private)
    for reason in failed.values():
        assert "--allow-private" in reason and f"a feed entry in {feed}" in reason and "--no-fetch-pages" in reason
    assert not local_server.requests
    assert_good_stored(db, good)
    assert len(stored_texts(db)) == 2


# -- 8. records files with no records ------------------------------------------------------------


def test_records_files_without_records_are_reported(tmp_path: Path) -> None:
    good = write_good_sources(tmp_path)
    empties = {
        "empty.jsonl": "", "blank.jsonl": "\n\n  \n", "empty.json": "", "list.json": "[]",
        "wrapped.json": '{"articles": []}', "empty.csv": "", "header.csv": "title,text\n",
    }
    for name, content in empties.items():
        (tmp_path / name).write_text(content, "utf-8")
    (tmp_path / "good.jsonl").write_text(json.dumps({"title": "Record story", "text": PARA_1}) + "\n", "utf-8")

    code, report, db = ingest(tmp_path, good[0], *(tmp_path / n for n in empties), tmp_path / "good.jsonl", good[1])

    assert code == 1
    failed = {f["origin"]: f["reason"] for f in items(report, "failed")}
    assert set(failed) == {str(tmp_path / name) for name in empties}
    for origin, reason in failed.items():
        assert reason.startswith(f"no records found in {origin}")
    assert f"{tmp_path / 'good.jsonl'}#L1" in stored_texts(db)
    assert_good_stored(db, good)


# -- declared charsets that name no text encoding -------------------------------------------------


def test_page_declaring_a_codec_that_is_not_a_text_encoding_is_read(tmp_path: Path) -> None:
    good = write_good_sources(tmp_path)
    pages = []
    for codec in ("rot13", "base64", "idna"):
        source = tmp_path / f"{codec}.html"
        html = page(f"Caf\u00e9 story in {codec}").replace("charset='utf-8'", f"charset='{codec}'")
        source.write_bytes(html.replace("</h1>", f"</h1><p>{codec} edition.</p>").encode("cp1252"))
        pages.append(source)

    code, report, db = ingest(tmp_path, good[0], *pages, good[1])

    assert code == 0, report
    texts = stored_texts(db)
    for source in pages:
        assert PARA_1 in texts[str(source)]
    assert_good_stored(db, good)
