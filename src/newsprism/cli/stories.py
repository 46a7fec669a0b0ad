"""``newsprism stories`` and ``newsprism story``: articles grouped by the event they report."""

from __future__ import annotations

import click
from rich.table import Table

from ..settings import Settings
from ._util import db_option, json_option, main, open_existing, out, pass_settings, print_json, shown, up_to_date


@main.command("stories")
@db_option
@click.option("--refresh", is_flag=True, help="Group again even if the store has not changed.")
@json_option
@pass_settings
def stories_cli(settings: Settings, db_path: str, refresh: bool, as_json: bool) -> None:
    """The stories in the store: articles about one event, grouped by text, entities and dates.

    \b
    Example:
      newsprism stories --db demo.db
    """
    from .. import views
    from ..stories.runner import run_stories

    with open_existing(db_path) as store:
        up_to_date(store, settings, "copies", quiet=as_json)
        run_stories(store, settings, force=refresh)
        found = store.stories()
        if as_json:
            print_json([story.to_dict() for story in found])
            return
        # The outlets of each story, for the table only.
        listing = {row.id: row for row in views.story_list(store, page_size=None).stories}
    table = Table(title=f"{len(found)} stories", title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("outlets", ratio=1, overflow="fold")
    table.add_column("dates", no_wrap=True)
    for story in found:
        names = listing[story.id].outlets if story.id in listing else ()
        dates = f"{story.start or '?'} – {story.end or '?'}" if story.start != story.end else story.start
        table.add_row(shown(story.id[:12]), shown(story.title), str(len(story.articles)),
                      shown(", ".join(names) or "–"), shown(dates or "–"))
    out.print(table)


@main.command("story")
@click.argument("story_id")
@db_option
@json_option
@pass_settings
def story_cli(settings: Settings, story_id: str, db_path: str, as_json: bool) -> None:
    """One story: its articles side by side, and the copies among them.

    STORY_ID may be the first few characters of an id (see 'newsprism stories').

    \b
    Example:
      newsprism story 3f2a --db demo.db
    """
    from .. import views

    with open_existing(db_path) as store:
        up_to_date(store, settings, "stories", quiet=as_json)
        page = views.story(store, views.resolve_story(store, story_id))
    assert page is not None, "a resolved story id names a stored story"
    found, links = page.story, page.copies
    if as_json:
        print_json(found.to_dict() | {"copies": [link.export_dict() for link in links]})
        return
    out.print(shown(found.title, style="bold"))
    if page.entity_names:
        out.print(shown("about " + "; ".join(page.entity_labels()[:6]), style="dim"))
    table = Table(title=f"{len(found.articles)} articles", title_justify="left", expand=True)
    for name in ("id", "outlet", "published", "title"):
        table.add_column(name, overflow="fold", ratio=1 if name == "title" else None)
    for row in page.articles:
        table.add_row(shown(row.id[:12]), shown(row.outlet or "–"), shown((row.published or "–")[:10]),
                      shown(row.title or "–"))
    out.print(table)
    for link in links:
        out.print(shown(f"{link.target[:12]} {link.kind} of {link.source[:12]}: {link.evidence}"))
