"""Charts for the web report: inline SVG (and one HTML table) built from a story's comparison and copy links.

Pure functions, no I/O. The report runs under ``style-src 'self'`` with no scripts, so every chart is
styled through CSS classes (see :data:`CHART_CSS`) and SVG presentation attributes, never ``style=``.
All markup is built with ``Markup.format``/``Markup.join``, which escape every argument that is not
already markup: outlet names, sentences, dates and ids are never pasted in raw.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..compare.records import Fact, OutletCoverage, TimelineEvent
from ..copies.relations import CopyLink

SVG_NS = "http://www.w3.org/2000/svg"
RELATIONS = ("story", "earlier", "later")
LINK_KINDS = ("duplicate", "copy", "partial", "shared-source", "rewrite")
# Schemes a link callback may produce; anything else (javascript:, data:) is dropped.
SAFE_SCHEMES = ("", "http", "https")

CHART_CSS = """\
.chart { max-width: 100%; height: auto; }
.chart text { font: 11px sans-serif; fill: #444; }
.chart .axis { stroke: #999; stroke-width: 1; }
.chart .empty { fill: #888; font-style: italic; }
.timeline circle { fill-opacity: 0.75; stroke: #fff; stroke-width: 1; }
.timeline circle.tl-month { stroke: #333; stroke-dasharray: 2 2; }
.tl-story { fill: #1f6fb4; }
.tl-earlier { fill: #8c8c8c; }
.tl-later { fill: #e07b17; }
.sparkline circle { fill: #1f6fb4; fill-opacity: 0.6; }
.copy-graph .edge { fill: none; stroke-width: 1.6; }
.copy-graph marker path { stroke: none; }
.link-duplicate { stroke: #b2182b; fill: #b2182b; }
.link-copy { stroke: #d6604d; fill: #d6604d; }
.link-partial { stroke: #f4a582; fill: #f4a582; }
.link-shared-source { stroke: #4393c3; fill: #4393c3; }
.link-rewrite { stroke: #762a83; fill: #762a83; }
.link-other { stroke: #999; fill: #999; }
.copy-graph .node circle { fill: #fff; stroke: #555; stroke-width: 1.5; }
.copy-graph .node.flagged circle { fill: #fde0dd; stroke: #c51b8a; stroke-width: 2.5; }
.copy-graph .column { fill: #888; }
table.coverage { border-collapse: collapse; font-size: 0.9em; }
table.coverage th, table.coverage td { border: 1px solid #ddd; padding: 2px 6px; }
table.coverage td.hit, table.coverage td.miss, table.coverage td.none { text-align: center; }
table.coverage td.hit { color: #1f6fb4; }
table.coverage td.miss { color: #c0392b; background: #fdecea; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
"""


def _get(item: Any, key: str) -> Any:
    """A field of a record, or a key of its JSON form: the charts draw either."""
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


def _day(value: Any) -> date | None:
    """The day an ISO date or timestamp names; a month ("2022-12") counts as its first day."""
    if not isinstance(value, str):
        return None
    for candidate in (value[:10], value[:7] + "-01"):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _svg(css_class: str, width: float, height: float, label: str, body: Markup) -> Markup:
    return Markup('<svg xmlns="{}" class="chart {}" width="{:.0f}" height="{:.0f}" viewBox="0 0 {:.0f} {:.0f}" '
                  'role="img" aria-label="{}"><title>{}</title>{}</svg>').format(
        SVG_NS, css_class, width, height, width, height, label, label, body)


def _empty(css_class: str, width: int, height: int, message: str) -> Markup:
    text = Markup('<text class="empty" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>').format(
        width / 2, height / 2 + 4, message)
    return _svg(css_class, width, height, message, text)


def _scale(days: Sequence[date], left: float, right: float) -> Callable[[date], float]:
    """Maps a day onto [left, right]; a single day sits in the middle."""
    first, last = min(days), max(days)
    span = (last - first).days
    if span == 0:
        return lambda _day: (left + right) / 2
    return lambda day: left + (right - left) * (day - first).days / span


# -- timeline ---------------------------------------------------------------------------------------------------------


def _year_ticks(first: date, last: date, x: Callable[[date], float], height: float, ends: tuple[float, float]
                ) -> list[Markup]:
    """A tick at each new year inside the span, so a timeline spanning years can be read; labels too close
    to the first and last dates' labels are left out."""
    years = list(range(first.year + 1, last.year + 1))
    step = max(1, math.ceil(len(years) / 8))  # at most ~8 ticks
    ticks = []
    for year in years[::step]:
        at = x(date(year, 1, 1))
        ticks.append(Markup('<line class="axis" x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}"/>').format(
            at, height / 2 - 6, height / 2 + 6))
        if ends[0] + 70 < at < ends[1] - 70:
            ticks.append(Markup('<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>').format(
                at, height - 8, year))
    return ticks


def timeline_svg(events: Sequence[TimelineEvent | Mapping[str, Any]], *, width: int = 720) -> Markup:
    """The story's timeline events on a horizontal time axis, one circle each.

    Colour (class ``tl-story``/``tl-earlier``/``tl-later``) shows the relation to the story's own days,
    the radius how many outlets name the date; month-precision dates sit at the month's first day.
    Events whose date cannot be read are left out.
    """
    height, margin = 80, 40
    dated = [(day, event) for event in events if (day := _day(_get(event, "date"))) is not None]
    if not dated:
        return _empty("timeline", width, height, "no dated events")
    x = _scale([day for day, _ in dated], margin, width - margin)
    axis_y = height / 2
    first, last = min(dated, key=lambda d: d[0]), max(dated, key=lambda d: d[0])
    parts = [Markup('<line class="axis" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>').format(
        margin, axis_y, width - margin, axis_y)]
    parts += _year_ticks(first[0], last[0], x, height, (margin, width - margin))
    labels = [(first, "start"), (last, "end")] if first[0] != last[0] else [(first, "middle")]
    parts += [Markup('<text x="{:.1f}" y="{:.1f}" text-anchor="{}">{}</text>').format(
        x(day), height - 8, anchor, _get(event, "date")) for (day, event), anchor in labels]
    circles = []
    for day, event in dated:
        outlets = [str(o) for o in _get(event, "outlets") or ()]
        relation = str(_get(event, "relation"))
        css = "tl-" + (relation if relation in RELATIONS else "story")
        if _get(event, "precision") == "month":
            css += " tl-month"
        radius = 4 + min(len(outlets), 10)
        hover = f"{_get(event, 'date')} — {relation} — {len(outlets)} outlet{'' if len(outlets) == 1 else 's'}"
        hover += f": {', '.join(outlets)}" if outlets else ""
        circles.append((-radius, day, hover, Markup(
            '<circle class="{}" cx="{:.1f}" cy="{:.1f}" r="{}"><title>{}</title></circle>').format(
            css, x(day), axis_y, radius, hover)))
    # Largest first, so smaller circles drawn on top stay hoverable; the full key keeps the output stable.
    parts += [c[-1] for c in sorted(circles, key=lambda c: c[:3])]
    label = f"Timeline of {len(dated)} dated event{'' if len(dated) == 1 else 's'}"
    return _svg("timeline", width, height, label, Markup("").join(parts))


def sparkline_svg(dates: Sequence[str], *, width: int = 120, height: int = 16) -> Markup:
    """A tiny timeline for the story list: one dot per publication date (unreadable dates left out)."""
    days = sorted(day for value in dates if (day := _day(value)) is not None)
    if not days:
        return _svg("sparkline", width, height, "no dates", Markup(""))
    x = _scale(days, 3, width - 3)
    y = height / 2
    parts = [Markup('<line class="axis" x1="3" y1="{0:.1f}" x2="{1:.1f}" y2="{0:.1f}"/>').format(y, width - 3)]
    parts += [Markup('<circle cx="{:.1f}" cy="{:.1f}" r="2.5"/>').format(x(day), y) for day in days]
    label = f"{len(days)} article{'' if len(days) == 1 else 's'}, {days[0].isoformat()}"
    label += f" to {days[-1].isoformat()}" if days[-1] != days[0] else ""
    return _svg("sparkline", width, height, label, Markup("").join(parts))


# -- coverage ---------------------------------------------------------------------------------------------------------


def _safe_href(url: str) -> str | None:
    """``url`` when it is relative or http(s); a callback handing back ``javascript:`` gets no link."""
    # Browsers drop leading/trailing controls and spaces (and tabs, newlines anywhere, as urlsplit does)
    # before reading the scheme, so "\x01javascript:" must be read the same way.
    try:
        scheme = urlsplit(url.strip("".join(map(chr, range(0x21))))).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SAFE_SCHEMES else None


def _fact_cell(fact: Fact | Mapping[str, Any], link: Callable[[str], str] | None) -> Markup:
    sentences = _get(fact, "sentences") or [{}]
    text = str(_get(sentences[0], "text") or _get(fact, "id") or "")
    short = _shorten(text, 140)
    article = _get(sentences[0], "article")
    href = _safe_href(link(str(article))) if link and article else None
    if href is not None:
        return Markup('<th scope="row" title="{}"><a href="{}">{}</a></th>').format(text, href, short)
    return Markup('<th scope="row" title="{}">{}</th>').format(text, short)


def _outlet_cell(outlet: str, reporters: set[str]) -> Markup:
    if outlet in reporters:
        css, mark, words = "hit", "●", "reports it"
    elif len(reporters) >= 2:  # an omission only means something when others agree it is news
        css, mark, words = "miss", "○", "omits it"
    else:
        css, mark, words = "none", "", "does not report it"
    return Markup('<td class="{}" title="{}"><span aria-hidden="true">{}</span><span class="vh">{} {}</span></td>'
                  ).format(css, outlet, mark, outlet, words)


def coverage_table(facts: Sequence[Fact | Mapping[str, Any]],
                   outlets: Sequence[str | OutletCoverage | Mapping[str, Any]], *,
                   limit: int = 40, link: Callable[[str], str] | None = None) -> Markup:
    """Facts × outlets: which outlet reports each fact (``hit``) or leaves out one others report (``miss``).

    ``outlets`` are names or the comparison's outlet records. The most widely reported facts come first,
    at most ``limit``; ``link(article_id)`` makes each fact's sentence a link to its article.
    """
    names = [str(o.get("outlet", "")) if isinstance(o, Mapping) else o.outlet if isinstance(o, OutletCoverage)
             else str(o) for o in outlets]
    ranked = sorted(facts, key=lambda f: (-len(set(_get(f, "outlets") or ())), -int(_get(f, "independent") or 0)))
    shown = ranked[: max(0, limit)]
    header = Markup('<tr><th scope="col">Fact</th>{}</tr>').format(
        Markup("").join(Markup('<th scope="col">{}</th>').format(name) for name in names))
    carried = [{str(o) for o in _get(fact, "outlets") or ()} for fact in shown]  # once per fact, not per cell
    rows = [Markup("<tr>{}{}</tr>").format(_fact_cell(fact, link), Markup("").join(
        _outlet_cell(name, here) for name in names)) for fact, here in zip(shown, carried)]
    if not rows:
        rows = [Markup('<tr><td colspan="{}">no facts</td></tr>').format(len(names) + 1)]
    caption = Markup("<caption>{} of {} facts, most widely reported first</caption>").format(
        len(shown), len(facts)) if len(shown) < len(facts) else Markup("")
    return Markup('<table class="coverage">{}<thead>{}</thead><tbody>{}</tbody></table>').format(
        caption, header, Markup("").join(rows))


# -- copy graph -------------------------------------------------------------------------------------------------------


def _columns(articles: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Articles grouped by publication day, earliest first, undated last; stable order within a day."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for article in articles:
        day = _day(article.get("published"))
        groups.setdefault(day.isoformat() if day else "undated", []).append(article)
    order = sorted(groups, key=lambda key: (key == "undated", key))
    return [(key, sorted(groups[key], key=lambda a: (str(a.get("published") or ""), str(a.get("outlet") or ""),
                                                      str(a.get("id"))))) for key in order]


def _ratio(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) else "?"


def _edge(link: CopyLink | Mapping[str, Any], where: Mapping[str, tuple[float, float, str]],
          radius: float) -> Markup | None:
    """A curved arrow from source to target (curved so same-day links do not run through other nodes)."""
    source, target = where.get(str(_get(link, "source"))), where.get(str(_get(link, "target")))
    if source is None or target is None or source == target:
        return None
    named = str(_get(link, "kind"))
    kind = named if named in LINK_KINDS else "other"  # only known kinds become class names
    (x1, y1, from_outlet), (x2, y2, to_outlet) = source, target
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bend = min(40.0, length / 4)
    cx, cy = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend  # to the left of the line's direction
    # Stop short of the target circle so the arrowhead stays visible.
    back = radius / math.hypot(x2 - cx, y2 - cy)
    ex, ey = x2 - (x2 - cx) * back, y2 - (y2 - cy) * back
    hover = (f"{named}: {from_outlet} → {to_outlet}; shared {_ratio(_get(link, 'shared_ratio_source'))} of the "
             f"source, {_ratio(_get(link, 'shared_ratio_target'))} of the target")
    if _get(link, "evidence"):
        hover += f" ({_get(link, 'evidence')})"
    return Markup('<path class="edge link-{0}" d="M{1:.1f},{2:.1f} Q{3:.1f},{4:.1f} {5:.1f},{6:.1f}" '
                  'marker-end="url(#arrow-{0})"><title>{7}</title></path>').format(
        kind, x1, y1, cx, cy, ex, ey, hover)


def _node(article: Mapping[str, Any], x: float, y: float, radius: float) -> Markup:
    outlet = str(article.get("outlet") or article.get("id") or "")
    hover = " — ".join(str(v) for v in (outlet, article.get("title"), article.get("published") or "undated") if v)
    css = "node flagged" if article.get("flagged") else "node"
    return Markup('<g class="{}"><title>{}</title><circle cx="{:.1f}" cy="{:.1f}" r="{:.0f}"/>'
                  '<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text></g>').format(
        css, hover, x, y, radius, x, y + radius + 12, _shorten(outlet, 18))


def copy_graph_svg(articles: Sequence[Mapping[str, Any]], links: Sequence[CopyLink | Mapping[str, Any]], *,
                   width: int = 720) -> Markup:
    """The copy links among a story's articles: one column per publication day (undated last), an arrow
    from each link's source to its target, coloured by kind; content-farm flagged articles stand out.

    Links naming an article not in ``articles`` are left out. The chart widens beyond ``width`` when
    there are more days than fit.
    """
    if not articles:
        return _empty("copy-graph", width, 80, "no articles")
    unique: dict[str, Mapping[str, Any]] = {}
    for article in articles:
        unique.setdefault(str(article.get("id")), article)  # an article listed twice is drawn once
    columns = _columns(list(unique.values()))
    radius, row, top = 9.0, 56.0, 40.0
    total = max(width, 110 * len(columns))
    col_w = total / len(columns)
    height = top + row * max(len(members) for _, members in columns) + 10
    where: dict[str, tuple[float, float, str]] = {}
    parts = []
    for i, (day, members) in enumerate(columns):
        x = col_w * (i + 0.5)
        parts.append(Markup('<text class="column" x="{:.1f}" y="16" text-anchor="middle">{}</text>').format(x, day))
        for j, article in enumerate(members):
            where[str(article.get("id"))] = (x, top + row * j, str(article.get("outlet") or ""))
            parts.append(_node(article, x, top + row * j, radius))
    edges = [edge for link in links if (edge := _edge(link, where, radius + 2)) is not None]
    kinds = sorted({kind for link in links if (kind := str(_get(link, "kind"))) in LINK_KINDS}
                   | ({"other"} if any(str(_get(link, "kind")) not in LINK_KINDS for link in links) else set()))
    # One marker per kind: a marker does not take its line's colour in every browser.
    defs = Markup("").join(Markup(
        '<marker id="arrow-{0}" class="link-{0}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>').format(k)
        for k in kinds)
    # Edges first, so nodes are drawn over their ends.
    body = Markup("<defs>{}</defs>{}{}").format(defs, Markup("").join(edges), Markup("").join(parts))
    label = f"Copy links among {len(unique)} articles: {len(edges)} links"
    return _svg("copy-graph", total, height, label, body)
