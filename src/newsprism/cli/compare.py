"""``newsprism compare``: one story's outlets side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from rich.table import Table

from ..settings import Settings
from ._util import (
    db_option,
    json_option,
    main,
    open_existing,
    out,
    pass_settings,
    plain,
    print_json,
    quoted,
    shown,
    up_to_date,
)

if TYPE_CHECKING:
    from ..compare.records import Span, StoryComparison, TermUse, WordChange
    from ..stories.records import Story

# Rows shown per section in the terminal (the JSON has everything).
SHOWN = 8


@main.command("compare")
@click.argument("story_id")
@db_option
@click.option("--refresh", is_flag=True, help="Compare again even if nothing changed.")
@json_option
@pass_settings
def compare_cli(settings: Settings, story_id: str, db_path: str, refresh: bool, as_json: bool) -> None:
    """One story's outlets side by side: digest, statements, facts and omissions,
    disagreements, framing (labels, event names, attribution verbs, loaded words) and timeline.

    STORY_ID may be the first few characters of an id (see 'newsprism stories').
    The comparison is stored; it is computed again only when the story changed.

    \b
    Example:
      newsprism compare 3f2a --db demo.db
    """
    from .. import views
    from ..compare.runner import run_compare

    with open_existing(db_path) as store:
        up_to_date(store, settings, "stories", quiet=as_json)
        chosen = views.resolve_story(store, story_id)
        run_compare(store, settings, story_ids=[chosen], force=refresh)
        story = store.stories(chosen)[0]
        result = store.comparison(chosen)
    assert result is not None, "a story just compared has a stored comparison"
    if as_json:
        print_json(result.to_dict())
        return
    show_comparison(story, result)


def quoted_span(span: Span, limit: int = 220) -> str:
    return quoted(span.text, limit)


def _more(total: int, listed: int, what: str) -> None:
    if total > listed:
        out.print(shown(f"… and {total - listed} more {what} (--json shows all)", style="dim"))


def show_comparison(story: Story, result: StoryComparison) -> None:
    dates = story.start if story.start == story.end else f"{story.start or '?'} – {story.end or '?'}"
    out.print(shown(f"{story.title}", style="bold"))
    out.print(shown(f"{story.id}   {dates or 'undated'}   {len(story.articles)} articles", style="dim"))
    for note in result.notes:
        out.print(shown(f"note: {note}", style="yellow"))
    _outlets(result)
    _digest(result)
    _statements(result)
    _labels(result)
    _terms(result.framing.event_terms, "how each outlet names the event")
    _terms(result.framing.attribution_verbs, "attribution verbs")
    _loaded(result)
    _disagreements(result)
    _omissions(result)
    _timeline(result)


def _outlets(result: StoryComparison) -> None:
    loaded = {w.outlet: w for w in result.framing.loaded}
    table = Table(title="outlets", title_justify="left")
    for name in ("outlet", "articles", "facts", "only here", "omits", "loaded sentences"):
        table.add_column(name, justify="left" if name == "outlet" else "right")
    for o in result.outlets:
        w = loaded.get(o.outlet)
        table.add_row(shown(o.outlet), str(len(o.articles)), str(o.facts), str(len(o.only_here)),
                      str(len(o.omitted)), f"{len(w.loaded)} of {w.sentences}" if w else "–")
    out.print(table)


def _digest(result: StoryComparison) -> None:
    if not result.digest:
        return
    out.print(shown("digest (extracted sentences, most supported first in story order)", style="bold"))
    for n, sentence in enumerate(result.digest, 1):
        out.print(shown(f"{n}. {quoted_span(sentence.span, 400)}"))
        out.print(shown(f"   [{', '.join(sentence.outlets)}]", style="dim"))


def _statements(result: StoryComparison) -> None:
    shared = [s for s in result.statements if len(s.outlets) >= 2]
    out.print(shown(f"statements carried by two outlets or more: {len(shared)} "
                    f"(of {len(result.statements)})", style="bold"))
    for statement in shared[:SHOWN]:
        out.print(shown(f"{statement.id} {statement.speaker or 'unknown speaker'}; "
                        f"not carried by: {', '.join(statement.missing) or 'none'}", style="cyan"))
        for n, r in enumerate(statement.renderings):
            line = shown(f"  {r.outlet} ({r.kind}{', reference' if n == statement.reference else ''}): ")
            line.append(plain(quoted_span(r.span)))
            if r.flags:
                line.append(plain(f"  ⚠ {', '.join(r.flags)}"), style="bold red")
            out.print(line)
            changes = "; ".join(_change(c) for c in r.changes[:6])
            if changes:
                out.print(shown(f"      differs: {changes}", style="dim"))
    _more(len(shared), SHOWN, "statements")


def _change(change: WordChange) -> str:
    if change.op == "insert":
        return f"+ {change.rendering!r}"
    if change.op == "delete":
        return f"- {change.reference!r}"
    return f"{change.reference!r} → {change.rendering!r}"


def _labels(result: StoryComparison) -> None:
    actors = result.framing.actors
    if not actors:
        return
    outlets = [o.outlet for o in result.outlets]
    table = Table(title="how each outlet labels the actors", title_justify="left", expand=True)
    table.add_column("actor", overflow="fold")
    for outlet in outlets:
        table.add_column(shown(outlet), overflow="fold", ratio=1)
    for actor in actors[:SHOWN * 2]:
        cells = []
        for outlet in outlets:
            labels = sorted({u.text for u in actor.labels if u.outlet == outlet})
            cells.append(shown("; ".join(labels) if labels else ("(names it)" if outlet in actor.outlets else "–")))
        table.add_row(shown(actor.name), *cells)
    out.print(table)


def _terms(uses: Sequence[TermUse], title: str) -> None:
    if not uses:
        return
    per_outlet: dict[str, list[str]] = {}
    for use in uses:
        per_outlet.setdefault(use.outlet, []).append(f"{use.term} ×{use.count}")
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("outlet")
    table.add_column("words (times used)", ratio=1, overflow="fold")
    for outlet, terms in per_outlet.items():
        table.add_row(shown(outlet), shown(", ".join(terms)))
    out.print(table)


def _loaded(result: StoryComparison) -> None:
    table = Table(title="loaded or evaluative wording", title_justify="left", expand=True)
    table.add_column("outlet")
    table.add_column("loaded words", ratio=1, overflow="fold")
    table.add_column("most loaded sentence", ratio=2, overflow="fold")
    for w in result.framing.loaded:
        words = sorted({s.text.lower() for s in w.words})
        example = quoted_span(w.loaded[0], 200) if w.loaded else "–"
        table.add_row(shown(w.outlet), shown(", ".join(words) or "–"), shown(example))
    out.print(table)


def _disagreements(result: StoryComparison) -> None:
    found = result.disagreements
    out.print(shown(f"disagreements: {len(found)}", style="bold"))
    for d in found[:SHOWN]:
        out.print(shown(f"  {d.kind} ({d.about}):", style="cyan"))
        for side in d.sides:
            out.print(shown(f"    {side.value!r} [{', '.join(side.outlets)}]: {quoted_span(side.spans[0], 160)}"))
    _more(len(found), SHOWN, "disagreements")


def _omissions(result: StoryComparison) -> None:
    facts = {f.id: f for f in result.facts}
    rows = [(o.outlet, facts[f]) for o in result.outlets for f in o.omitted]
    if not rows:
        return
    table = Table(title="omissions: facts most other outlets report", title_justify="left", expand=True)
    table.add_column("outlet")
    table.add_column("fact (as one outlet puts it)", ratio=1, overflow="fold")
    table.add_column("reported by", overflow="fold")
    for outlet, fact in rows[:SHOWN * 2]:
        table.add_row(shown(outlet), shown(quoted_span(fact.sentences[0], 200)), shown(", ".join(fact.outlets)))
    out.print(table)


def _timeline(result: StoryComparison) -> None:
    if not result.timeline:
        out.print(shown("timeline: no dated events (dates come from 'newsprism annotate')", style="dim"))
        return
    table = Table(title="timeline", title_justify="left", expand=True)
    for name in ("date", "when", "outlets", "as named"):
        table.add_column(name, overflow="fold", ratio=1 if name == "as named" else None)
    for event in result.timeline:
        table.add_row(shown(event.date), shown(event.relation), shown(", ".join(event.outlets)),
                      shown(quoted_span(event.mentions[0], 160) if event.mentions else "–"))
    out.print(table)
