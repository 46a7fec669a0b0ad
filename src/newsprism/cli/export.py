"""``newsprism export``: the store's contents as JSON Lines (see README, "Export contract")."""

from __future__ import annotations

import click

from ..settings import Settings
from ._util import db_option, main, open_existing, out_option, pass_settings, up_to_date, write_jsonl


@main.group("export")
def export() -> None:
    """Write the store's contents as JSON Lines (see README, "Export contract")."""


@export.command("articles")
@db_option
@out_option
def export_articles(db_path: str, out_path: str | None) -> None:
    """One JSON object per article: id, origin, url, outlet, title, author,
    published, language, text, removed, ...

    \b
    Example:
      newsprism export articles --db demo.db --out articles.jsonl
    """
    from .. import views

    with open_existing(db_path, reading=True) as store:
        index, spellings = store.entity_index(), store.entity_spellings()  # once, not once per article
        write_jsonl((views.article_record(store, a, index, spellings).to_dict() for a in store.iter_articles()),
                    out_path, "articles")


@export.command("copies")
@db_option
@click.option("--vectors/--no-vectors", default=None,
              help="Also look for rewrites and translations (slower; default: [copies] vectors).")
@out_option
@pass_settings
def export_copies(settings: Settings, db_path: str, vectors: bool | None, out_path: str | None) -> None:
    """One JSON object per copy link: source, target, kind, shared ratios, passages, evidence.

    Copies are looked for first if the store changed since they last were.

    \b
    Example:
      newsprism export copies --db demo.db --out copies.jsonl
    """
    with open_existing(db_path) as store:
        up_to_date(store, settings, "copies", vectors=vectors, quiet=True)
        links = store.copy_links()
    write_jsonl((link.export_dict() for link in links), out_path, "links")


@export.command("stories")
@db_option
@out_option
@pass_settings
def export_stories(settings: Settings, db_path: str, out_path: str | None) -> None:
    """One JSON object per story: id, title, articles, start, end, entities.

    \b
    Example:
      newsprism export stories --db demo.db --out stories.jsonl
    """
    with open_existing(db_path) as store:
        up_to_date(store, settings, "stories", quiet=True)
        found = store.stories()
    write_jsonl((story.to_dict() for story in found), out_path, "stories")


@export.command("comparisons")
@db_option
@out_option
@pass_settings
def export_comparisons(settings: Settings, db_path: str, out_path: str | None) -> None:
    """One JSON object per story: its comparison (see README, "Comparisons").

    Stories are compared first if the store changed since they last were.

    \b
    Example:
      newsprism export comparisons --db demo.db --out comparisons.jsonl
    """
    with open_existing(db_path) as store:
        up_to_date(store, settings, "compare", quiet=True)
        rows = [store.comparison_json(s.id) for s in store.stories()]  # as stored: no records built
    write_jsonl((r for r in rows if r is not None), out_path, "comparisons")
