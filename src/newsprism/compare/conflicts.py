"""Disagreements: aligned sentences or renderings that conflict on a detail.

For each fact (and each statement) with two outlets or more, every member is
read for the details that can conflict: the figures it states, the days it
names, the people and places it names, who it says spoke, and whether it is
negated. Two members disagree when both state the detail and the values
differ; names and places count only when the other article never names the
first one's at all (else it is a different angle, not a contradiction).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz

from ..annotate.entities import fold
from .records import Disagreement, Fact, Side, Span, Statement, StoryArticle
from .text import CURRENCY, negation_changed, negations, quantities

Reader = Callable[[StoryArticle, Span], str | None]


def _inside(items: Sequence[dict[str, Any]], span: Span) -> list[dict[str, Any]]:
    return [i for i in items if span.start <= i["start"] and i["end"] <= span.end]


def _figures(article: StoryArticle, span: Span) -> str | None:
    """The figures with what they count ("$ 1,000,000; jobs 300"), dates left to the dates."""
    text = span.text
    for date in _inside(article.dates, span):
        a, b = date["start"] - span.start, date["end"] - span.start
        text = text[:a] + " " * (b - a) + text[b:]
    found = quantities(text)
    parts = [f"{unit} " + ", ".join(f"{v:,.0f}" if v.is_integer() else f"{v:,}" for v in sorted(values))
             for unit, values in sorted(found.items())]
    return "; ".join(parts) if parts else None


def _by_unit(value: str) -> dict[str, set[str]]:
    return {part.split(" ", 1)[0]: set(part.split(" ", 1)[1].split(", ")) for part in value.split("; ")}


def _days(article: StoryArticle, span: Span) -> str | None:
    """The days the words name outright ("March 3", "19 December"): a relative day ("today",
    "Monday") is resolved against each article's own date, so it would compare publication dates."""
    values = sorted({d["value"][-5:] for d in _inside(article.dates, span)
                     if d.get("value") and d.get("precision") == "day" and any(c.isdigit() for c in d["text"])})
    return ", ".join(values) if values else None


def _entities(kind: str) -> Reader:
    def read(article: StoryArticle, span: Span) -> str | None:
        names = sorted({e["name"] for e in article.entities if e["type"] == kind
                        and any(span.start <= m["start"] and m["end"] <= span.end for m in e["mentions"])})
        return ", ".join(names) if names else None
    return read


def _speakers(article: StoryArticle, span: Span) -> str | None:
    """The speakers the article names for the quotes in ``span``: named beside the quote, not found
    through a pronoun ("he said"), which is the annotations' inference rather than the outlet's claim."""
    names = sorted({q["speaker"] for q in article.quotes if q.get("speaker")
                    and q["start"] < span.end and span.start < q["end"]
                    and _surname(q["speaker"]) in (q.get("speaker_text") or "")})
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
# Two spellings at least this alike (rapidfuzz ratio) name one person or place.
SAME_NAME = 80
# Words around a rendering in which its article may name another speaker as the source.
NEARBY = 300


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def _spellings_of_one_name(a: str, b: str) -> bool:
    """Compared in their folded Latin form, so that a name and its Cyrillic spelling can be one."""
    folded_a, folded_b = fold(a), fold(b)
    return _surname(folded_a) == _surname(folded_b) or fuzz.ratio(folded_a, folded_b) >= SAME_NAME


def _names_anywhere(article: StoryArticle, kind: str) -> set[str]:
    return {e["name"] for e in article.entities if e["type"] == kind}


def _named_near(article: StoryArticle, span: Span, names: set[str]) -> bool:
    window = article.text[max(0, span.start - NEARBY):span.end + NEARBY]
    return any(re.search(rf"\b{re.escape(_surname(n))}\b", window) for n in names)


Member = tuple[StoryArticle, Span, str]


def _conflict(kind: str, a: Member, b: Member) -> bool:
    (article_a, span_a, value_a), (article_b, span_b, value_b) = a, b
    if value_a == value_b:
        return False
    set_a, set_b = set(value_a.split(", ")), set(value_b.split(", "))
    if kind in ("name", "place"):
        entity_kind = "person" if kind == "name" else "place"
        if any(_spellings_of_one_name(x, y) for x in set_a for y in set_b):
            return False  # one person named two ways (Charles / Chuck Grassley, Moammar / Muammar, Даце / Dace)
        # A contradiction only if neither article names the other's at all.
        return not (set_a & _names_anywhere(article_b, entity_kind)) and \
            not (set_b & _names_anywhere(article_a, entity_kind))
    if kind == "number":
        # For something both count (dollars, jobs, per cent), each states a figure the other does not,
        # and two of those are of one order of magnitude ($1.2 billion / $2 billion, not a $43,000 watch
        # beside $750,000 in all).
        units_a, units_b = _by_unit(value_a), _by_unit(value_b)
        return any(_comparable(units_a[u] - units_b[u], units_b[u] - units_a[u]) for u in units_a.keys() & units_b.keys())
    if kind == "attribution":
        people = {e["name"] for article in (article_a, article_b) for e in article.entities if e["type"] == "person"}
        if not (set_a <= people and set_b <= people):
            return False  # an organisation or an outlet read as the speaker is the annotations' doubt, not theirs
        # Different speakers, and neither article names the other's speaker next to the words (then the
        # annotations, not the outlet, gave them another source).
        return not (set_a & set_b) and not _named_near(article_b, span_b, set_a) \
            and not _named_near(article_a, span_a, set_b)
    if kind == "polarity":
        same_language = article_a.language == article_b.language
        return same_language and (negation_changed(span_a.text, span_b.text)
                                  or negation_changed(span_b.text, span_a.text))
    return True


def _disagreements(about: str, members: Sequence[tuple[StoryArticle, Span]],
                   kinds: Sequence[str] = tuple(READERS)) -> list[Disagreement]:
    found = []
    for kind in kinds:
        read = READERS[kind]
        values = [(article, span, read(article, span)) for article, span in members]
        known = [(a, s, v) for a, s, v in values if v is not None]
        if len({v for _, _, v in known}) < 2:
            continue
        if not any(_conflict(kind, first, second)
                   for n, first in enumerate(known) for second in known[n + 1:] if first[0].outlet != second[0].outlet):
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
    # Who said it is compared inside a statement, one utterance: a fact may gather two people's
    # like-worded reactions ("X said the remarks were …", "Y said the remarks were …").
    fact_kinds = tuple(k for k in READERS if k != "attribution")
    for about, spans, kinds in [(f.id, f.sentences, fact_kinds) for f in facts if len(f.outlets) >= 2] + \
            [(s.id, tuple(r.span for r in s.renderings), tuple(READERS)) for s in statements if len(s.outlets) >= 2]:
        found.extend(_disagreements(about, [(by_id[span.article], span) for span in spans], kinds))
    return found


# Two counts of the same thing that differ by more than this factor are more likely two things.
MAX_FIGURE_RATIO = 10.0


def _comparable(values_a: set[str], values_b: set[str]) -> bool:
    """Some value of each side within ``MAX_FIGURE_RATIO`` of the other."""
    xs = [float(v.replace(",", "")) for v in values_a]
    ys = [float(v.replace(",", "")) for v in values_b]
    return any(min(x, y) > 0 and max(x, y) / min(x, y) <= MAX_FIGURE_RATIO for x in xs for y in ys)


def _units_counted_once(value_a: str, value_b: str) -> list[str]:
    """Things (not money, not shares) both count once, with different values of one order of
    magnitude ("15,000 people" / "40,000 people")."""
    units_a, units_b = _by_unit(value_a), _by_unit(value_b)
    found = []
    for unit in sorted(units_a.keys() & units_b.keys()):
        if unit in CURRENCY or unit == "%":
            continue  # a story names many sums and shares: only within one fact are two of them one quantity
        if len(units_a[unit]) == 1 and len(units_b[unit]) == 1 and units_a[unit] != units_b[unit] \
                and _comparable(units_a[unit], units_b[unit]):
            found.append(unit)
    return found


def figure_disagreements(articles: Sequence[StoryArticle], facts: Sequence[Fact],
                         neighbours: Sequence[tuple[float, Span, Span]]) -> list[Disagreement]:
    """Figures that conflict between two sentences of different outlets that are not one fact: two reports
    counting the same thing ("15,000 people" / "40,000 people") often word the rest too differently to be
    one fact. Each must count that thing once, within one order of magnitude of the other, and of the
    sentences in the other article that count it, each must be the other's closest."""
    by_id = {a.id: a for a in articles}
    fact_of = {(s.article, s.start): f.id for f in facts for s in f.sentences}
    pairs: list[tuple[float, Span, Span, str, str, str]] = []
    for score, a, b in neighbours:
        article_a, article_b = by_id[a.article], by_id[b.article]
        if article_a.outlet == article_b.outlet or fact_of.get((a.article, a.start)) == fact_of.get((b.article, b.start)):
            continue
        value_a, value_b = _figures(article_a, a), _figures(article_b, b)
        if value_a and value_b:
            pairs.extend((score, a, b, unit, value_a, value_b) for unit in _units_counted_once(value_a, value_b))
    closest: dict[tuple[str, int, str, str], tuple[float, int]] = {}
    for score, a, b, unit, _, _ in pairs:
        for this, other in ((a, b), (b, a)):
            key = (this.article, this.start, other.article, unit)
            if score > closest.get(key, (-1.0, -1))[0]:
                closest[key] = (score, other.start)
    found = []
    for _, a, b, unit, value_a, value_b in pairs:
        if closest[(a.article, a.start, b.article, unit)][1] == b.start and \
                closest[(b.article, b.start, a.article, unit)][1] == a.start:
            about = f"{fact_of.get((a.article, a.start))}, {fact_of.get((b.article, b.start))}"
            found.append(Disagreement("number", about, (
                Side(value_a, (a,), (by_id[a.article].outlet,)), Side(value_b, (b,), (by_id[b.article].outlet,)))))
    return found


def merge_by_values(found: Sequence[Disagreement]) -> list[Disagreement]:
    """One disagreement per kind and set of conflicting values, its sides holding every sentence that
    states each value (the same two figures are often found between several pairs of sentences)."""
    merged: dict[tuple[str, frozenset[str]], dict[str, tuple[list[Span], set[str]]]] = {}
    about: dict[tuple[str, frozenset[str]], list[str]] = {}
    for d in found:
        key = (d.kind, frozenset(side.value for side in d.sides))
        sides = merged.setdefault(key, {})
        for side in d.sides:
            spans, outlets = sides.setdefault(side.value, ([], set()))
            spans.extend(s for s in side.spans if s not in spans)
            outlets.update(side.outlets)
        about.setdefault(key, []).extend(a for a in d.about.split(", ") if a not in about.get(key, []))
    return [Disagreement(kind, ", ".join(about[(kind, values)]), tuple(
                Side(value, tuple(spans), tuple(sorted(outlets)))
                for value, (spans, outlets) in sorted(sides.items(), key=lambda kv: (-len(kv[1][1]), kv[0]))))
            for (kind, values), sides in merged.items()]
