"""Property-based fuzzing of every records format through the real ``newsprism ingest``.

For arbitrary text, bytes and structure in JSON, JSON Lines, CSV, HTML, plain text and
RSS/Atom files, ingest never crashes (exit 0 or 1, never a traceback), every failure is
one line naming its item, every stored article's removed spans point at their text,
and the store opens and lists afterwards. The example budget is fixed and derandomised
so the file runs the same way, in well under a minute, every time.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.cli import main
from newsprism.store import open_store

FUZZ = settings(
    max_examples=80, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = (
    "the council voted on Thursday to close old harbour bridge cars after engineers warned steel "
    "supports corroded said Ana Brix mayor police reported 2024 London Reuters By Share Subscribe"
).split()
FIELDS = ("text", "body", "html", "content", "title", "url", "link", "author", "authors", "published",
          "date", "outlet", "source", "language", "articles", "items")
NASTY = ("&#99999999;", "&#xD800;", "&#0;", "&#x10FFFF;", "&#" + "9" * 5000 + ";", "&amp;#xDFFF;",
         "&bogus;", "<![CDATA[", "]]>", "\x00", "\ufffd", "\u202e", "\ud800", "\udcff", "https://[bad/", "\r\n")

# Any text, lone surrogates included (they reach files through JSON escapes or as mis-encoded bytes).
any_text = st.text(st.characters(exclude_categories=()), max_size=200)
prose = st.lists(st.sampled_from(WORDS), min_size=0, max_size=80).map(" ".join)
fragment = st.one_of(prose, any_text, st.sampled_from(NASTY))
mixed = st.lists(fragment, max_size=6).map("".join)


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


any_bytes = st.one_of(st.binary(max_size=400), mixed.map(as_bytes))


def ingest_files(files: dict[str, bytes]) -> None:
    """Ingest a folder holding ``files`` and check the run and the store."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, content in files.items():
            (folder / name).write_bytes(content)
        db = Path(tmp) / "store.db"
        result = CliRunner().invoke(
            main, ["ingest", str(folder), "--db", str(db), "--json", "--workers", "1", "--no-fetch-pages"]
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code in (0, 1), result.output
        report = json.loads(result.stdout)
        stored_ids = set()
        for item in report["items"]:
            assert item["status"] in ("added", "updated", "unchanged", "failed"), item
            assert item["origin"], item
            if item["status"] == "failed":
                assert item["reason"] and "\n" not in item["reason"], item
            else:
                stored_ids.add(item["article_id"])
        assert result.exit_code == (1 if report["failed"] else 0)
        with open_store(db) as store:
            assert store.integrity_ok()
            articles = list(store.iter_articles())
            assert {a.id for a in articles} == stored_ids
            for article in articles:
                assert article.text.strip()
                for segment in article.removed:
                    assert 0 <= segment.start <= segment.end <= len(article.body)
                    assert article.body[segment.start:segment.end] == segment.text
        listed = CliRunner().invoke(main, ["list", "--db", str(db), "--json"])
        assert listed.exit_code == 0, listed.output
        assert len(json.loads(listed.stdout)) == len(stored_ids)


def several(content: st.SearchStrategy[bytes], extension: str) -> st.SearchStrategy[dict[str, bytes]]:
    return st.lists(content, min_size=1, max_size=3).map(
        lambda contents: {f"f{i}{extension}": data for i, data in enumerate(contents)}
    )


# -- JSON and JSON Lines ---------------------------------------------------------------------

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                        any_text, prose)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS) | any_text, inner, max_size=5),
    max_leaves=20,
)
article_record = st.fixed_dictionaries(
    {"text": mixed | prose},
    optional={"title": fragment, "url": fragment, "author": json_value, "published": json_value,
              "html": mixed, "outlet": fragment, "language": fragment},
)
record = st.one_of(article_record, json_value)


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")  # ASCII escapes carry lone surrogates as "\udxxx"


def nested(levels: int) -> bytes:
    return b'{"text": ' + b"[" * levels + b'"deep"' + b"]" * levels + b"}"


# Around Python's recursion limit (1,000), where the JSON reader gives up.
depth = st.sampled_from((1, 50, 990, 1001, 3000))


json_file = st.one_of(
    record.map(dumps),
    st.lists(record, max_size=4).map(dumps),
    st.dictionaries(st.sampled_from(("articles", "items", "data")), st.lists(record, max_size=3), max_size=1).map(dumps),
    depth.map(nested),
    any_bytes,
)
jsonl_line = st.one_of(record.map(dumps), depth.map(nested), any_bytes.map(lambda b: b.replace(b"\n", b" ")))
jsonl_file = st.lists(jsonl_line, max_size=5).map(lambda lines: b"\n".join(lines))


@FUZZ
@given(several(json_file, ".json"))
def test_fuzz_json(files: dict[str, bytes]) -> None:
    ingest_files(files)


@FUZZ
@given(several(jsonl_file, ".jsonl"))
def test_fuzz_jsonl(files: dict[str, bytes]) -> None:
    ingest_files(files)


# -- CSV -------------------------------------------------------------------------------------


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return as_bytes(out.getvalue())


csv_rows = st.tuples(
    st.lists(st.sampled_from(FIELDS) | fragment, min_size=1, max_size=5),
    st.lists(st.lists(mixed | prose, max_size=6), max_size=4),
).map(lambda t: [t[0], *t[1]])
csv_file = st.one_of(csv_rows.map(csv_bytes), any_bytes)


@FUZZ
@given(several(csv_file, ".csv"))
def test_fuzz_csv(files: dict[str, bytes]) -> None:
    ingest_files(files)


# -- HTML and plain text --------------------------------------------------------------------

TAGS = ("div", "p", "span", "article", "main", "table", "tr", "td", "h1", "a", "script", "style", "b", "font",
        "ul", "li", "section", "nav", "footer", "title", "meta", "br", "pre", "template", "svg", "math")


def element(tag: str, children: list[str]) -> str:
    return f"<{tag}>{''.join(children)}</{tag}>"


html_leaf = st.one_of(prose.map(escape), mixed, st.sampled_from(NASTY))
html_tree = st.recursive(html_leaf, lambda inner: st.builds(element, st.sampled_from(TAGS), st.lists(inner, max_size=4)),
                         max_leaves=25)


def wrap_deep(depth: int, tag: str, inner: str) -> str:
    return f"<{tag}>" * depth + inner + f"</{tag}>" * depth


# Declared charsets, including codecs Python knows that cannot decode text.
CHARSETS = ("utf-8", "windows-1252", "utf-16", "shift_jis", "rot13", "base64", "zlib", "idna", "punycode", "utf-7",
            "x-unknown", "")
html_doc = st.builds(
    lambda charset, head, body, depth, tag, tail, encode: encode(
        f"<!DOCTYPE html><html><head><meta charset='{charset}'>{head}</head>"
        f"<body>{wrap_deep(depth, tag, body)}{tail}</body></html>"
    ),
    st.sampled_from(CHARSETS),
    st.lists(html_tree, max_size=2).map("".join),
    st.lists(st.one_of(html_tree, prose.map(lambda p: f"<p>{p}</p>")), max_size=5).map("".join),
    st.sampled_from((0, 0, 3, 260, 2100)),
    st.sampled_from(("div", "span", "td", "font", "p")),
    mixed,
    st.sampled_from((as_bytes, lambda text: text.encode("cp1252", "replace"))),
)
html_file = st.one_of(html_doc, any_bytes)


@FUZZ
@given(several(html_file, ".html"))
def test_fuzz_html(files: dict[str, bytes]) -> None:
    ingest_files(files)


encodings: tuple[Callable[[str], bytes], ...] = (
    as_bytes,
    lambda text: text.encode("utf-16", "surrogatepass"),
    lambda text: text.encode("cp1252", "replace"),
    lambda text: text.encode("utf-8", "replace")[:-1],  # cut inside a character
)
text_doc = st.builds(lambda title, body, encode: encode(f"{title}\n\n{body}"),
                     fragment, st.lists(mixed | prose, max_size=5).map("\n\n".join), st.sampled_from(encodings))
text_file = st.one_of(text_doc, any_bytes)


@FUZZ
@given(st.tuples(several(text_file, ".txt"), several(text_file, ".md")).map(lambda t: {**t[0], **t[1]}))
def test_fuzz_text_and_markdown(files: dict[str, bytes]) -> None:
    ingest_files(files)


# -- RSS and Atom feeds ----------------------------------------------------------------------

link = st.one_of(st.sampled_from(("https://news.example/a", "https://[bad/", "http://", "javascript:alert(1)", "//x",
                                  "relative/path", "http://127.0.0.1/x", "http://[::1]/", "")), fragment)
xml_text = st.one_of(mixed.map(escape), mixed, st.sampled_from(NASTY))  # escaped or raw (may break the XML)


def rss_entry(title: str, url: str, description: str, cdata: bool) -> str:
    body = f"<![CDATA[{description}]]>" if cdata else description
    return f"<item><title>{title}</title><link>{url}</link><description>{body}</description></item>"


def atom_entry(title: str, url: str, description: str, cdata: bool) -> str:
    return (f'<entry><title type="html">{title}</title><link href="{escape(url)}"/>'
            f'<content type="html">{description}</content></entry>')


def feed_doc(kind: str, title: str, entries: list[tuple[str, str, str, bool]]) -> str:
    if kind == "rss":
        items = "".join(rss_entry(*e) for e in entries)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'
    items = "".join(atom_entry(*e) for e in entries)
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>{items}</feed>'


feed_file = st.one_of(
    st.builds(feed_doc, st.sampled_from(("rss", "atom")), xml_text,
              st.lists(st.tuples(xml_text, link, xml_text | prose, st.booleans()), max_size=4)).map(as_bytes),
    any_bytes.map(lambda b: b'<?xml version="1.0"?><rss version="2.0"><channel>' + b),
)


@FUZZ
@given(st.lists(feed_file, min_size=1, max_size=3).map(
    lambda contents: {f"f{i}{'.rss' if i % 2 == 0 else '.atom'}": data for i, data in enumerate(contents)}))
def test_fuzz_feeds(files: dict[str, bytes]) -> None:
    ingest_files(files)

