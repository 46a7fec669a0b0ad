"""The tables of a story's comparison as flat rows, for CSV downloads (one row per item, spans as text)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..compare.records import Span, StoryComparison

STORY_LIST_COLUMNS = ("id", "title", "articles", "outlets", "start", "end", "changed", "grew")
TABLES: dict[str, tuple[str, ...]] = {
    "facts": ("id", "outlets", "independent", "missing", "article", "start", "end", "text"),
    "statements": ("id", "speaker", "outlet", "kind", "flags", "article", "start", "end", "text"),
    "disagreements": ("kind", "about", "value", "outlets", "article", "start", "end", "text"),
    "labels": ("entity", "name", "spellings", "outlet", "label", "kind", "article", "start", "end"),
    "timeline": ("date", "precision", "relation", "outlets", "article", "start", "end", "text"),
}


def _span(span: Span) -> dict[str, Any]:
    return {"article": span.article, "start": span.start, "end": span.end, "text": span.text}


def table_rows(comparison: StoryComparison, table: str,
               spellings: Mapping[str, Sequence[str]] | None = None) -> list[dict[str, Any]]:
    """One of :data:`TABLES` of a stored comparison, as CSV rows. ``spellings`` gives each actor's other
    spellings in the corpus (entity id -> spellings), shown in the labels table beside the name."""
    also = spellings or {}
    rows: list[dict[str, Any]] = []
    if table == "facts":
        for f in comparison.facts:
            rows.extend({"id": f.id, "outlets": "; ".join(f.outlets), "independent": f.independent,
                         "missing": "; ".join(f.missing), **_span(s)} for s in f.sentences)
    elif table == "statements":
        for st in comparison.statements:
            rows.extend({"id": st.id, "speaker": st.speaker or "", "outlet": r.outlet, "kind": r.kind,
                         "flags": "; ".join(r.flags), **_span(r.span)} for r in st.renderings)
    elif table == "disagreements":
        for d in comparison.disagreements:
            rows.extend({"kind": d.kind, "about": d.about, "value": side.value,
                         "outlets": "; ".join(side.outlets), **_span(s)} for side in d.sides for s in side.spans)
    elif table == "labels":
        for actor in comparison.framing.actors:
            rows.extend({"entity": actor.entity, "name": actor.name, "spellings": "; ".join(also.get(actor.entity, ())),
                         "outlet": u.outlet, "label": u.text,
                         "kind": u.kind, "article": s.article, "start": s.start, "end": s.end}
                        for u in actor.labels for s in u.spans)
    elif table == "timeline":
        for e in comparison.timeline:
            rows.extend({"date": e.date, "precision": e.precision, "relation": e.relation,
                         "outlets": "; ".join(e.outlets), **_span(s)} for s in e.mentions)
    return rows


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV text; a cell that a spreadsheet would run as a formula ("=…", "+…", "-…", "@…") is quoted with a
    leading apostrophe, since article text is untrusted."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and _runs_as_formula(value):
        return "'" + value
    return value


_FORMULA_STARTS = frozenset("=+-@\t\r\n")


def _runs_as_formula(value: str) -> bool:
    """Whether a spreadsheet may read the cell as a formula: its first character, or the first after
    leading spaces, is a formula sign, in any width (some spreadsheets read the full-width "＝" as "=")."""
    if value[:1] in _FORMULA_STARTS:
        return True
    first = value.lstrip(" \u00a0\u3000")[:1]
    return bool(first) and unicodedata.normalize("NFKC", first) in _FORMULA_STARTS
