"""The report's charts: structure, determinism, empty inputs, and hostile text that must stay inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from newsprism.web.charts import CHART_CSS, copy_graph_svg, coverage_table, sparkline_svg, timeline_svg

NS = "{http://www.w3.org/2000/svg}"
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"


def parse(svg: Markup) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == f"{NS}svg"
    return root


def assert_inert(markup: Markup) -> None:
    """No raw tag, handler, breakout quote, script URL or inline style survives.

    The hostile words themselves may remain as escaped text ("&lt;img src=x onerror=..."): that is
    how the chart shows them; what must not exist is an element or attribute made from them.
    """
    text = str(markup)
    assert isinstance(markup, Markup)
    assert "<script" not in text and "<img" not in text
    assert " onerror=" not in text.replace("&lt;img src=x onerror=", "")
    assert '"><' + "img" not in text
    assert 'href="javascript:' not in text
    assert "style=" not in text
    root = ET.fromstring(text)
    for element in root.iter():
        assert element.tag.rsplit("}", 1)[-1] not in ("script", "img", "foreignObject", "iframe")
        assert not [name for name in element.attrib if name.lower().startswith("on") or name == "style"]


def event(day: str, relation: str = "story", outlets: tuple[str, ...] = ("A",), precision: str = "day") -> dict[str, Any]:
    return {"date": day, "precision": precision, "relation": relation, "mentions": [], "outlets": list(outlets)}


def fact(fid: str, outlets: list[str], text: str = "Something happened.", article: str = "a1") -> dict[str, Any]:
    return {"id": fid, "sentences": [{"article": article, "start": 0, "end": len(text), "text": text}],
            "outlets": outlets, "independent": len(outlets), "missing": []}


ARTICLES: list[dict[str, Any]] = [
    {"id": "a1", "outlet": "Wire", "title": "Original", "published": "2022-12-19T08:00:00Z", "flagged": False},
    {"id": "a2", "outlet": "Copier", "title": "Copy", "published": "2022-12-19T12:00:00Z", "flagged": True},
    {"id": "a3", "outlet": "Later Daily", "title": "Rewrite", "published": "2022-12-21", "flagged": False},
    {"id": "a4", "outlet": "Undated Times", "title": "Undated", "published": None, "flagged": False},
]
LINKS: list[dict[str, Any]] = [
    {"source": "a1", "target": "a2", "kind": "copy", "shared_ratio_source": 0.9, "shared_ratio_target": 0.95,
     "evidence": "published 4 hours earlier"},
    {"source": "a1", "target": "a3", "kind": "rewrite", "shared_ratio_source": 0.4, "shared_ratio_target": 0.5,
     "evidence": ""},
    {"source": "a1", "target": "a4", "kind": "shared-source", "shared_ratio_source": 0.3, "shared_ratio_target": 0.3,
     "evidence": "both credit the wire"},
]


# -- timeline ------------------------------------------------------------------------------------------------------


def test_timeline_has_one_circle_per_dated_event_coloured_by_relation():
    events = [event("2022-12-19", outlets=("A", "B", "C")), event("2022-11", "earlier", precision="month"),
              event("2023-01-05", "later"), event("not a date")]
    root = parse(timeline_svg(events))
    circles = root.findall(f".//{NS}circle")
    assert len(circles) == 3  # the unreadable date is left out
    assert sorted(c.get("class", "") for c in circles) == ["tl-earlier tl-month", "tl-later", "tl-story"]
    titles = [c.findtext(f"{NS}title") for c in circles]
    assert "2022-12-19 — story — 3 outlets: A, B, C" in titles
    story = next(c for c in circles if c.get("class") == "tl-story")
    later = next(c for c in circles if c.get("class") == "tl-later")
    assert float(story.get("r", 0)) > float(later.get("r", 0))  # more outlets, bigger circle
    xs = {c.get("class"): float(c.get("cx", 0)) for c in circles}
    assert xs["tl-earlier tl-month"] < xs["tl-story"] < xs["tl-later"]
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "2022-11" in texts and "2023-01-05" in texts  # first and last dates label the axis


def test_timeline_empty_single_and_across_years():
    empty = parse(timeline_svg([]))
    assert not empty.findall(f".//{NS}circle")
    assert "no dated events" in [t.text for t in empty.iter(f"{NS}text")]
    single = parse(timeline_svg([event("2022-12-19")], width=400))
    (circle,) = single.findall(f".//{NS}circle")
    assert float(circle.get("cx", 0)) == 200.0  # centred
    years = parse(timeline_svg([event("2019-03-01", "earlier"), event("2023-06-01")]))
    assert len(years.findall(f".//{NS}circle")) == 2
    assert "2021" in [t.text for t in years.iter(f"{NS}text")]  # a tick at each new year


def test_timeline_is_deterministic_and_escapes_hostile_text():
    events = [event("2022-12-19", outlets=(SCRIPT, BREAKOUT)), event(SCRIPT), event("2022-12-20", relation=BREAKOUT)]
    first, second = timeline_svg(events), timeline_svg(list(events))
    assert first == second
    assert_inert(first)
    root = parse(first)
    assert len(root.findall(f".//{NS}circle")) == 2
    titles = [c.findtext(f"{NS}title") or "" for c in root.iter(f"{NS}circle")]
    assert any(SCRIPT in t and BREAKOUT in t for t in titles)  # shown as text, intact
    assert {c.get("class") for c in root.iter(f"{NS}circle")} <= {"tl-story", "tl-earlier", "tl-later"}


def test_sparkline():
    root = parse(sparkline_svg(["2022-12-19T10:00:00Z", "2022-12-21", "2022-12-19", "", SCRIPT]))
    assert len(root.findall(f".//{NS}circle")) == 3
    assert root.get("aria-label") == "3 articles, 2022-12-19 to 2022-12-21"
    assert not parse(sparkline_svg([])).findall(f".//{NS}circle")
    assert sparkline_svg(["2022-12-19"]) == sparkline_svg(["2022-12-19"])


# -- coverage ------------------------------------------------------------------------------------------------------


def test_coverage_table_rows_cells_and_order():
    facts = [fact("f1", ["A"], "Only A says this."), fact("f2", ["A", "B"], "A and B agree.", "a2"),
             fact("f3", ["A", "B", "C"], "Everyone reports it.")]
    html = str(coverage_table(facts, [{"outlet": "A"}, "B", "C"]))
    table = ET.fromstring(html)
    assert table.get("class") == "coverage"
    assert [th.text for th in table.iter("th") if th.get("scope") == "col"] == ["Fact", "A", "B", "C"]
    rows = table.findall("./tbody/tr")
    assert [r.find("th").get("title") for r in rows] == ["Everyone reports it.", "A and B agree.",  # type: ignore[union-attr]
                                                        "Only A says this."]
    assert [td.get("class") for td in rows[1].findall("td")] == ["hit", "hit", "miss"]
    assert [td.get("class") for td in rows[2].findall("td")] == ["hit", "none", "none"]  # one reporter: no omission
    assert "C omits it" in [s.text for s in rows[1].iter("span")]
    assert "●" in html and "○" in html


def test_coverage_table_limit_shortening_links_and_empty():
    long_text = "word " * 100
    facts = [fact(f"f{i}", ["A", "B"], long_text, f"art {i}") for i in range(5)]
    table = ET.fromstring(str(coverage_table(facts, ["A", "B"], limit=2, link=lambda a: f"/articles/{quote(a)}")))
    rows = table.findall("./tbody/tr")
    assert len(rows) == 2
    assert table.findtext("caption") == "2 of 5 facts, most widely reported first"
    head = rows[0].find("th")
    assert head is not None and head.get("title") == long_text
    anchor = head.find("a")
    assert anchor is not None and anchor.get("href") == "/articles/art%200"
    assert anchor.text is not None and len(anchor.text) <= 140 and anchor.text.endswith("…")
    empty = ET.fromstring(str(coverage_table([], ["A"])))
    assert empty.findtext(".//td") == "no facts"


def test_coverage_table_escapes_hostile_text_and_refuses_script_links():
    facts = [fact("f1", [SCRIPT, BREAKOUT], SCRIPT + BREAKOUT, JS_URL), fact("f2", [SCRIPT, BREAKOUT], "x", BREAKOUT)]
    raw = coverage_table(facts, [SCRIPT, BREAKOUT], link=lambda article: article)
    assert_inert(raw)
    table = ET.fromstring(str(raw))  # the escaped table is still well-formed
    hrefs = [a.get("href") for a in table.iter("a")]
    assert hrefs == [BREAKOUT]  # a relative href, escaped inside the attribute; the javascript: one is dropped
    assert [th.text for th in table.iter("th") if th.get("scope") == "col"] == ["Fact", SCRIPT, BREAKOUT]


def test_coverage_table_drops_disguised_script_links():
    for url in (" JavaScript:alert(1)", "\x01javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
                "vbscript:x"):
        table = ET.fromstring(str(coverage_table([fact("f1", ["A"])], ["A"], link=lambda _a, u=url: u)))
        assert not list(table.iter("a")), url
    kept = ET.fromstring(str(coverage_table([fact("f1", ["A"])], ["A"], link=lambda a: f"https://x.test/{a}")))
    assert [a.get("href") for a in kept.iter("a")] == ["https://x.test/a1"]


# -- copy graph ----------------------------------------------------------------------------------------------------


def test_copy_graph_nodes_edges_and_markers():
    root = parse(copy_graph_svg(ARTICLES, LINKS))
    nodes = [g for g in root.iter(f"{NS}g") if "node" in g.get("class", "").split()]
    assert len(nodes) == len(root.findall(f".//{NS}circle")) == 4
    assert [g.get("class") for g in nodes if "flagged" in g.get("class", "")] == ["node flagged"]
    edges = [p for p in root.iter(f"{NS}path") if "edge" in p.get("class", "").split()]
    assert len(edges) == 3
    assert sorted(p.get("class", "") for p in edges) == ["edge link-copy", "edge link-rewrite",
                                                         "edge link-shared-source"]
    marker_ids = {m.get("id") for m in root.iter(f"{NS}marker")}
    assert {p.get("marker-end") for p in edges} == {f"url(#{i})" for i in marker_ids}
    copy_title = next(p for p in edges if "link-copy" in p.get("class", "")).findtext(f"{NS}title") or ""
    assert "copy" in copy_title and "90%" in copy_title and "95%" in copy_title
    columns = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "column"]
    assert columns == ["2022-12-19", "2022-12-21", "undated"]  # by day, undated last


def test_copy_graph_is_deterministic_and_handles_missing_pieces():
    assert copy_graph_svg(ARTICLES, LINKS) == copy_graph_svg([dict(a) for a in ARTICLES], [dict(k) for k in LINKS])
    no_links = parse(copy_graph_svg(ARTICLES, []))
    assert len(no_links.findall(f".//{NS}circle")) == 4
    assert not [p for p in no_links.iter(f"{NS}path") if "edge" in p.get("class", "")]
    dangling = [{"source": "a1", "target": "gone", "kind": "copy"}, {"source": "a1", "target": "a1", "kind": "copy"}]
    assert not [p for p in parse(copy_graph_svg(ARTICLES, dangling)).iter(f"{NS}path")
                if "edge" in p.get("class", "")]
    empty = parse(copy_graph_svg([], LINKS))
    assert "no articles" in [t.text for t in empty.iter(f"{NS}text")]


def test_copy_graph_escapes_hostile_text():
    articles = [{"id": SCRIPT, "outlet": BREAKOUT, "title": SCRIPT, "published": SCRIPT, "flagged": True},
                {"id": JS_URL, "outlet": SCRIPT, "title": BREAKOUT, "published": "2022-12-19", "flagged": False}]
    links = [{"source": SCRIPT, "target": JS_URL, "kind": BREAKOUT, "shared_ratio_source": SCRIPT,
              "shared_ratio_target": 0.5, "evidence": BREAKOUT}]
    svg = copy_graph_svg(articles, links)
    assert_inert(svg)
    root = parse(svg)
    (edge,) = [p for p in root.iter(f"{NS}path") if "edge" in p.get("class", "")]
    assert edge.get("class") == "edge link-other"  # an unknown kind never becomes a class name
    assert BREAKOUT in (edge.findtext(f"{NS}title") or "")


def test_css_covers_the_classes_and_has_no_imports():
    for name in ("tl-story", "tl-earlier", "tl-later", "link-copy", "link-duplicate", "link-partial",
                 "link-shared-source", "link-rewrite", "hit", "miss", "flagged", "vh"):
        assert f".{name}" in CHART_CSS
    assert "@import" not in CHART_CSS and "url(" not in CHART_CSS
