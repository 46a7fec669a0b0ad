"""Feed and OPML parsing and sniffing, on hand-written documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.errors import InputError
from newsprism.sources.feeds import (
    Feed,
    FeedEntry,
    looks_like_feed,
    looks_like_opml,
    parse_feed,
    parse_opml,
)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Daily News</title>
    <link>https://news.example.com/world/</link>
    <item>
      <title>Storm &amp; floods hit coast</title>
      <link>/2024/05/storm</link>
      <dc:creator>Ann Reporter</dc:creator>
      <pubDate>Wed, 01 May 2024 14:30:00 +0200</pubDate>
      <description>Short summary</description>
      <content:encoded><![CDATA[<p>The <b>full</b> story of the storm.</p>]]></content:encoded>
    </item>
    <item>
      <title>Second story</title>
      <link>local/2</link>
      <description>&lt;p&gt;Only a summary&lt;/p&gt;</description>
    </item>
  </channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Blog</title>
  <link href="https://blog.example.org/"/>
  <id>urn:example:blog</id>
  <updated>2024-05-02T10:00:00Z</updated>
  <entry>
    <title type="html">Tom &amp;amp; Jerry &lt;i&gt;return&lt;/i&gt;</title>
    <link rel="alternate" href="posts/1"/>
    <id>urn:example:1</id>
    <published>2024-05-01T08:00:00-05:00</published>
    <updated>2024-05-02T10:00:00Z</updated>
    <author><name>Bo Writer</name></author>
    <summary>Teaser</summary>
    <content type="html">&lt;p&gt;The much longer article body.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://elsewhere.example.net/x"/>
    <id>urn:example:2</id>
    <updated>2024-05-03T00:00:00Z</updated>
  </entry>
</feed>
"""

OPML = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="News">
      <outline text="Daily" type="rss" xmlUrl="https://news.example.com/rss.xml"/>
      <outline text="Regional">
        <outline text="North" type="rss" xmlUrl="https://north.example.com/feed"/>
        <outline text="Daily again" type="rss" xmlUrl="https://news.example.com/rss.xml"/>
      </outline>
    </outline>
    <outline text="Blog" type="rss" xmlurl="https://blog.example.org/atom.xml"/>
    <outline text="Just a link" type="link" url="https://example.com/"/>
    <outline text="Relative" type="rss" xmlUrl="/feeds/local.xml"/>
  </body>
</opml>
"""


# -- RSS and Atom ----------------------------------------------------------------------


def test_rss_entries() -> None:
    feed = parse_feed(RSS, "https://feeds.example.com/rss.xml")
    assert feed.title == "Daily News"
    assert feed.link == "https://news.example.com/world/"
    assert feed.entries == (
        FeedEntry(
            link="https://news.example.com/2024/05/storm",
            title="Storm & floods hit coast",
            author="Ann Reporter",
            published="2024-05-01T12:30:00+00:00",
            content_html="<p>The <b>full</b> story of the storm.</p>",
        ),
        FeedEntry(
            link="https://news.example.com/world/local/2",
            title="Second story",
            author=None,
            published=None,
            content_html="<p>Only a summary</p>",
        ),
    )


def test_atom_entries() -> None:
    feed = parse_feed(ATOM, "blog.xml")
    assert (feed.title, feed.link) == ("Example Blog", "https://blog.example.org/")
    first, second = feed.entries
    assert first.link == "https://blog.example.org/posts/1"
    assert first.title == "Tom & Jerry return"
    assert first.author == "Bo Writer"
    assert first.published == "2024-05-01T13:00:00+00:00"  # published wins over updated
    assert first.content_html == "<p>The much longer article body.</p>"
    assert second.link == "https://elsewhere.example.net/x"
    assert second.published == "2024-05-03T00:00:00+00:00"  # falls back to updated
    assert second.content_html is None


def test_relative_links_fall_back_to_origin_url() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><title>A</title><link>a/1</link></item></channel></rss>"
    )
    assert parse_feed(rss, "https://x.example.com/feeds/main.xml").entries[0].link == (
        "https://x.example.com/feeds/a/1"
    )
    # A file path is no base: the link stays as written.
    assert parse_feed(rss, "feeds/main.xml").entries[0].link == "a/1"


def test_relative_feed_link_is_resolved_against_origin() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>T</title><link>/news/</link>'
        b"<item><title>A</title><link>story</link></item></channel></rss>"
    )
    feed = parse_feed(rss, "https://x.example.com/rss")
    assert feed.link == "https://x.example.com/news/"
    assert feed.entries[0].link == "https://x.example.com/news/story"


def test_summary_chosen_when_longer_than_content() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>E</title>'
        b"<summary>a rather long summary text</summary><content>short</content></entry></feed>"
    )
    assert parse_feed(atom, "t").entries[0].content_html == "a rather long summary text"


def test_empty_but_valid_feed_has_no_entries() -> None:
    rss = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parse_feed(rss, "quiet.xml") == Feed(title="Quiet", link=None, entries=())


def test_truncated_feed_without_entries_is_an_input_error() -> None:
    broken = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Cut of'
    with pytest.raises(InputError) as info:
        parse_feed(broken, "https://cut.example.com/rss")
    assert info.value.item == "https://cut.example.com/rss"
    assert "broken feed with no entries" in info.value.reason
    assert "RSS or Atom" in info.value.reason


@pytest.mark.parametrize("content", [b"", b"<html><body><p>Hello</p></body></html>", b"just text"])
def test_non_feed_is_an_input_error(content: bytes) -> None:
    with pytest.raises(InputError, match="RSS or Atom feed, not an HTML page"):
        parse_feed(content, "page.html")


def test_bozo_feed_with_entries_is_returned() -> None:
    # Unescaped "&", an undefined entity and a missing end: not well-formed XML.
    sloppy = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Fish & Chips</title>'
        b"<item><title>One&nbsp;fish</title><link>https://f.example.com/1</link></item>"
        b"<item><title>Two</title><link>https://f.example.com/2</link></item>"
    )
    feed = parse_feed(sloppy, "sloppy.xml")
    assert [entry.link for entry in feed.entries] == [
        "https://f.example.com/1",
        "https://f.example.com/2",
    ]


def test_content_that_names_a_file_is_not_opened(tmp_path: Path) -> None:
    # Given raw bytes, feedparser would open them as a file name; parse_feed
    # must treat them as the document, which here is no feed at all.
    on_disk = tmp_path / "feed.xml"
    on_disk.write_bytes(RSS)
    with pytest.raises(InputError):
        parse_feed(str(on_disk).encode(), "odd")


# -- OPML --------------------------------------------------------------------------------


def test_opml_nested_outlines_deduplicated_in_order() -> None:
    assert parse_opml(OPML, "https://me.example.com/subs.opml") == [
        "https://news.example.com/rss.xml",
        "https://north.example.com/feed",
        "https://blog.example.org/atom.xml",
        "https://me.example.com/feeds/local.xml",
    ]


def test_opml_from_file_keeps_relative_urls() -> None:
    assert parse_opml(OPML, "subs.opml")[-1] == "/feeds/local.xml"


def test_opml_without_feeds_is_empty() -> None:
    assert parse_opml(b'<opml version="2.0"><body/></opml>', "empty.opml") == []


def test_opml_with_entity_bomb_is_refused() -> None:
    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<opml version="2.0"><body><outline text="&lol3;" xmlUrl="https://x.example.com/"/></body></opml>
"""
    with pytest.raises(InputError, match="DOCTYPE"):
        parse_opml(laughs, "bomb.opml")


def test_opml_with_external_entity_is_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<opml><body><outline xmlUrl="&x;"/></body></opml>'
    )
    with pytest.raises(InputError, match="refused"):
        parse_opml(xxe, "xxe.opml")


def test_opml_with_plain_doctype_is_refused() -> None:
    with pytest.raises(InputError, match="DOCTYPE"):
        parse_opml(b"<!DOCTYPE opml><opml><body/></opml>", "d.opml")


def test_malformed_opml_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not well-formed OPML XML"):
        parse_opml(b'<opml><body><outline xmlUrl="https://a/"></body>', "bad.opml")


def test_non_opml_xml_is_an_input_error() -> None:
    with pytest.raises(InputError, match="root element is <rss>"):
        parse_opml(RSS, "feed.xml")


# -- sniffing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        RSS,
        ATOM,
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>',
        b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"></atom:feed>',
        b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- generated -->\n<rss version='2.0'/>",
        b'<!DOCTYPE rss [<!ENTITY a "b">]><rss version="0.91"/>',
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"/>'.encode("utf-16"),
    ],
)
def test_looks_like_feed(content: bytes) -> None:
    assert looks_like_feed(content)
    assert not looks_like_opml(content)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"plain text about <rss feeds>",
        b"<!doctype html><html><head><title>RSS</title></head><body>&lt;rss&gt;</body></html>",
        b"<html><body><pre><rss version='2.0'></pre></body></html>",
        b"<feed><entry/></feed>",  # no Atom namespace
        b"<!-- <rss> --><html/>",
        OPML,
    ],
)
def test_does_not_look_like_feed(content: bytes) -> None:
    assert not looks_like_feed(content)


def test_looks_like_opml() -> None:
    assert looks_like_opml(OPML)
    assert looks_like_opml(b"<?xml version='1.0'?>\n<!-- export -->\n<OPML version='1.0'/>")
    assert not looks_like_opml(b"<html><body>opml</body></html>")
    assert not looks_like_opml(b"")
