"""``newsprism copies``: who copied, rewrote or shared wire text with whom, and who was first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..settings import Settings
from ._util import db_option, json_option, main, open_existing, out, pass_settings, print_json, shown, up_to_date

if TYPE_CHECKING:
    from ..views import CopiesView


@main.command("copies")
@db_option
@click.option("--article", "article_id", help="Only links touching this article (an id or its prefix).")
@click.option("--story", "story_id", help="Only links touching this story's articles (an id or its prefix).")
@click.option("--vectors/--no-vectors", default=None,
              help="Also look for rewrites and translations (slower; default: [copies] vectors).")
@click.option("--refresh", is_flag=True, help="Look for copies again even if the store has not changed.")
@json_option
@pass_settings
def copies_cli(settings: Settings, db_path: str, article_id: str | None, story_id: str | None,
               vectors: bool | None, refresh: bool, as_json: bool) -> None:
    """Which articles copy, rewrite or share wire text with which, and who was first.

    \b
    Examples:
      newsprism copies --db demo.db --vectors
      newsprism copies --db demo.db --story 3f2a
    """
    from .. import views
    from ..copies.runner import run_copies

    if article_id and story_id:
        raise UsageError("give --article or --story, not both")
    with open_existing(db_path) as store:
        run_copies(store, settings, vectors=vectors, force=refresh)
        wanted: list[str] | None = None
        if article_id:
            wanted = [views.resolve_article(store, article_id)]
        elif story_id:
            up_to_date(store, settings, "stories", vectors=vectors, quiet=as_json)
            wanted = list(store.stories(views.resolve_story(store, story_id))[0].articles)
        found = views.copies(store, wanted)
    if as_json:
        print_json({"links": [link.export_dict() for link in found.links], "signals": found.signals})
        return
    show_copies(found, wanted)


def show_copies(found: CopiesView, wanted: list[str] | None) -> None:
    names = found.articles

    def label(article: str) -> Text:
        row = names.get(article)
        outlet, title = (row.outlet, row.title) if row else (None, None)
        return shown(f"{article[:8]} {outlet or '–'}\n{(title or '')[:60]}")

    links = found.links
    table = Table(title=f"copy links ({len(links)})", title_justify="left", expand=True)
    table.add_column("source (earlier)", ratio=1, overflow="fold")
    table.add_column("target", ratio=1, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("shared", no_wrap=True, justify="right")
    table.add_column("evidence", ratio=1, overflow="fold")
    for link in links:
        shared = f"{link.shared_ratio_source:.0%} / {link.shared_ratio_target:.0%}"
        table.add_row(label(link.source), label(link.target), shown(link.kind), shared, shown(link.evidence))
    out.print(table)
    flagged = {a: s for a, s in found.signals.items() if wanted is None or a in wanted}
    if flagged:
        farm = Table(title="content-farm signals", title_justify="left", expand=True)
        farm.add_column("article", ratio=1, overflow="fold")
        farm.add_column("signals", ratio=2, overflow="fold")
        for article, signals in sorted(flagged.items()):
            farm.add_row(label(article), shown("; ".join(signals)))
        out.print(farm)
