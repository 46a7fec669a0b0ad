"""Pages as HTML: one Jinja2 environment (autoescaping every value), one stylesheet inlined and
allowed by its hash, no script at all, so the same pages work from disk and from the web app."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..views import ArticlePage, ArticleRecord, SearchPage, StoryList, StoryPage
from . import charts


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return resources.files(__package__).joinpath("static", "style.css").read_text("utf-8") + "\n" + charts.CHART_CSS


@lru_cache(maxsize=2)
def content_security_policy(header: bool = False) -> str:
    """Nothing may load or run but the page's own stylesheet (by hash) and inline images as data.

    The page's own ``<meta>`` copy (which also guards the static report) leaves out ``frame-ancestors``:
    browsers honour it only in the HTTP header the web app sends."""
    digest = base64.b64encode(hashlib.sha256(stylesheet().encode("utf-8")).digest()).decode("ascii")
    policy = ("default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; "
              f"style-src 'sha256-{digest}'; img-src data:; form-action 'self'")
    return policy + "; frame-ancestors 'none'" if header else policy


class StaticLinks:
    """Links between the files of a static report; ``root`` leads from the page back to the report's folder."""

    live = False

    def __init__(self, root: str = "") -> None:
        self.root = root

    def index(self) -> str:
        return f"{self.root}index.html"

    def story(self, story_id: str) -> str:
        return f"{self.root}stories/{quote(story_id, safe='')}.html"

    def article(self, article_id: str) -> str:
        return f"{self.root}articles/{quote(article_id, safe='')}.html"

    def search(self) -> str:
        return self.index()

    def api(self, path: str) -> str:
        return self.index()

    def page(self, number: int) -> str:
        return self.index()


class LiveLinks:
    """Links of the web app; ``params`` are the list page's filters, kept when paging."""

    live = True

    def __init__(self, params: Mapping[str, str] | None = None) -> None:
        self.params = {k: v for k, v in (params or {}).items() if v and k != "page"}

    def index(self) -> str:
        return "/"

    def story(self, story_id: str) -> str:
        return f"/stories/{quote(story_id, safe='')}"

    def article(self, article_id: str) -> str:
        return f"/articles/{quote(article_id, safe='')}"

    def search(self) -> str:
        return "/search"

    def api(self, path: str) -> str:
        query = f"?{urlencode(self.params)}" if self.params and path.startswith("stories") else ""
        return f"/api/{path}{query}"

    def page(self, number: int) -> str:
        return "/?" + urlencode({**self.params, "page": number})


Links = StaticLinks | LiveLinks


def safe_url(url: str | None) -> str:
    """An article's own URL, only when it is http(s): a ``javascript:`` URL in a page's metadata stays text."""
    if not url or urlsplit(url).scheme.lower() not in ("http", "https"):
        return "#"
    return url


def _is_multiple(value: Sequence[Any]) -> bool:
    return len(value) >= 2


class RecordEnvironment(Environment):
    """Pages render records: a filter's attribute lookup (``selectattr("outlets")``) asks for the
    attribute first, where Jinja would first try ``record["outlets"]`` and pay for the exception."""

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and not isinstance(obj, Mapping):
            try:
                return getattr(obj, argument)
            except AttributeError:
                pass
        return super().getitem(obj, argument)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = RecordEnvironment(loader=PackageLoader("newsprism.web", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.tests["multiple"] = _is_multiple
    env.globals.update(safe_url=safe_url, sparkline=charts.sparkline_svg)
    return env


def _render(name: str, links: Links, **context: Any) -> str:
    return environment().get_template(name).render(links=links, css=Markup(stylesheet()),
                                                   csp=content_security_policy(), **context)


def index_page(data: StoryList, links: Links, subtitle: str = "") -> str:
    return _render("index.html", links, data=data, subtitle=subtitle, query=data.filters.q)


def story_page(data: StoryPage, links: Links, subtitle: str = "") -> str:
    comparison = data.comparison
    titles = {a.id: f"{a.outlet or 'unknown outlet'}: {a.title or a.id}" for a in data.articles}
    nodes = [{"id": a.id, "outlet": a.outlet or a.id[:8], "title": a.title or "",
              "published": a.published, "flagged": bool(a.signals)} for a in data.articles]
    return _render(
        "story.html", links, data=data, subtitle=subtitle, titles=titles,
        loaded_by_outlet={w.outlet: w for w in comparison.framing.loaded} if comparison else {},
        coverage=charts.coverage_table(comparison.facts, [o.outlet for o in comparison.outlets], link=links.article)
        if comparison else "",
        timeline=charts.timeline_svg(comparison.timeline) if comparison else "",
        copy_graph=charts.copy_graph_svg(nodes, data.copies),
    )


def article_page(data: ArticlePage, links: Links, entity_names: Mapping[str, str], subtitle: str = "") -> str:
    return _render("article.html", links, data=data, subtitle=subtitle, text=highlight(data.article),
                   entity_names=entity_names)


def search_page(data: SearchPage, links: Links, subtitle: str = "") -> str:
    return _render("search.html", links, data=data, subtitle=subtitle, query=data.q)


def highlight(record: ArticleRecord) -> Markup:
    """The article's text with its entities, labels, dates, quotes and speakers marked, every piece escaped.

    Marks may overlap (a label inside a quote), so the text is cut at every mark's edge and each piece
    carries the classes of all marks over it; each mark's start gets an anchor (``#at-OFFSET``).
    """
    text = record.text
    marks: list[tuple[int, int, str]] = []
    for entity in record.entities or ():
        marks.extend((m.start, m.end, f"e-{entity.type}") for m in entity.mentions)
    marks.extend((lab.start, lab.end, "lbl") for lab in record.labels or ())
    marks.extend((d.start, d.end, "dt") for d in record.dates or ())
    for q in record.quotes or ():
        marks.append((q.start, q.end, "q"))
        if q.speaker_start is not None and q.speaker_end is not None:
            marks.append((q.speaker_start, q.speaker_end, "sp"))
    marks = [(a, b, c) for a, b, c in marks if 0 <= a < b <= len(text)]
    cuts = sorted({0, len(text), *(a for a, _, _ in marks), *(b for _, b, _ in marks)})
    starts = {a for a, _, _ in marks}
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        anchor = f'<a id="at-{a}"></a>' if a in starts else ""
        classes = sorted({c for s, e, c in marks if s <= a and b <= e})
        piece = str(escape(text[a:b]))
        out.append(anchor + (f'<span class="{" ".join(classes)}">{piece}</span>' if classes else piece))
    return Markup("".join(out))
