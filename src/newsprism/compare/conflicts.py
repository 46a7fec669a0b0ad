"""Disagreements: aligned sentences or renderings that conflict on a detail.

For each fact (and each statement) with two outlets or more, every member is
read for the details that can conflict: the figures it states, the days it
names, the people and places it names, who it says spoke, and whether it is
negated. Two members disagree when both state the detail and the values
differ; names and places count only when the other article never names the
first one's at all (else it is a different angle, not a contradiction).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .records import Disagreement, Fact, Side, Span, Statement, StoryArticle
from .text import negations, numbers

Reader = Callable[[StoryArticle, Span], str | None]


def _inside(items: Sequence[dict[str, Any]], span: Span) -> list[dict[str, Any]]:
    return [i for i in items if span.start <= i["start"] and i["end"] <= span.end]


def _figures(article: StoryArticle, span: Span) -> str | None:
    # Figures inside date expressions are the dates' business.
    text = span.text
    for date in _inside(article.dates, span):
        a, b = date["start"] - span.start, date["end"] - span.start
        text = text[:a] + " " * (b - a) + text[b:]
    found = numbers(text)
    return ", ".join(f"{v:,.0f}" if v.is_integer() else f"{v:,}" for v in sorted(found)) if found else None


def _days(article: StoryArticle, span: Span) -> str | None:
    values = sorted({d["value"][-5:] if d.get("precision") == "day" else d["value"]
                     for d in _inside(article.dates, span) if d.get("value") and d.get("precision") == "day"})
    return ", ".join(values) if values else None


def _entities(kind: str) -> Reader:
    def read(article: StoryArticle, span: Span) -> str | None:
        names = sorted({e["name"] for e in article.entities if e["type"] == kind
                        and any(span.start <= m["start"] and m["end"] <= span.end for m in e["mentions"])})
        return ", ".join(names) if names else None
    return read


def _speakers(article: StoryArticle, span: Span) -> str | None:
    names = sorted({q["speaker"] for q in article.quotes if q.get("speaker")
                    and q["start"] < span.end and span.start < q["end"]})
    return ", ".join(names) if names else None


def _polarity(article: StoryArticle, span: Span) -> str:
    return "negated" if negations(span.text) % 2 else "affirmed"


READERS: dict[str, Reader] = {
    "number": _figures,
    "date": _days,
    "name": _entities("person"),
    "place": _entities("place"),
    "attribution": _speakers,
    "polarity": _polarity,
}


def _names_anywhere(article: StoryArticle, kind: str) -> set[str]:
    return {e["name"] for e in article.entities if e["type"] == kind}


def _conflict(kind: str, a: tuple[StoryArticle, str], b: tuple[StoryArticle, str]) -> bool:
    (article_a, value_a), (article_b, value_b) = a, b
    if value_a == value_b:
        return False
    if kind in ("name", "place"):
        entity_kind = "person" if kind == "name" else "place"
        names_a, names_b = set(value_a.split(", ")), set(value_b.split(", "))
        # A contradiction only if neither article names the other's at all.
        return not (names_a & _names_anywhere(article_b, entity_kind)) and \
            not (names_b & _names_anywhere(article_a, entity_kind))
    if kind == "number":
        # Each states a figure the other does not.
        set_a, set_b = set(value_a.split(", ")), set(value_b.split(", "))
        return bool(set_a - set_b) and bool(set_b - set_a)
    return True


def _disagreements(about: str, members: Sequence[tuple[StoryArticle, Span]]) -> list[Disagreement]:
    found = []
    for kind, read in READERS.items():
        values = [(article, span, read(article, span)) for article, span in members]
        known = [(a, s, v) for a, s, v in values if v is not None]
        if len({v for _, _, v in known}) < 2:
            continue
        if not any(_conflict(kind, (a1, v1), (a2, v2))
                   for n, (a1, _, v1) in enumerate(known) for a2, _, v2 in known[n + 1:] if a1.outlet != a2.outlet):
            continue
        sides: dict[str, list[tuple[StoryArticle, Span]]] = {}
        for article, span, value in known:
            sides.setdefault(value, []).append((article, span))
        found.append(Disagreement(kind, about, tuple(
            Side(value, tuple(s for _, s in group), tuple(sorted({a.outlet for a, _ in group})))
            for value, group in sorted(sides.items(), key=lambda kv: -len(kv[1]))
        )))
    return found


def find_disagreements(articles: Sequence[StoryArticle], facts: Sequence[Fact],
                       statements: Sequence[Statement]) -> list[Disagreement]:
    by_id = {a.id: a for a in articles}
    found: list[Disagreement] = []
    for fact in facts:
        if len(fact.outlets) >= 2:
            found.extend(_disagreements(fact.id, [(by_id[s.article], s) for s in fact.sentences]))
    for statement in statements:
        if len(statement.outlets) >= 2:
            members = [(by_id[r.span.article], r.span) for r in statement.renderings]
            found.extend(d for d in _disagreements(statement.id, members) if d.kind != "attribution")
            speakers = {r.speaker for r in statement.renderings if r.speaker}
            if len(speakers) >= 2:
                sides: dict[str, list[Span]] = {}
                outlets: dict[str, set[str]] = {}
                for r in statement.renderings:
                    if r.speaker:
                        sides.setdefault(r.speaker, []).append(r.span)
                        outlets.setdefault(r.speaker, set()).add(r.outlet)
                found.append(Disagreement("attribution", statement.id, tuple(
                    Side(name, tuple(spans), tuple(sorted(outlets[name]))) for name, spans in sides.items())))
    return found
