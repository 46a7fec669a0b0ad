"""``newsprism annotate``: entities, labels, dates and quotes for each stored article."""

from __future__ import annotations

import click

from ..settings import Settings
from ._util import db_option, err, json_option, main, open_existing, pass_settings, print_json, progress_bar


@main.command("annotate")
@db_option
@click.option("--force", is_flag=True, help="Annotate every article again, not only new or changed ones.")
@click.option("--workers", default=None, type=click.IntRange(0, 64),
              help="Processes reading articles, each loading the English model "
                   "(default: [annotate] workers; 0 = every available core).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the final count.")
@json_option
@pass_settings
def annotate_cli(settings: Settings, db_path: str, force: bool, workers: int | None, quiet: bool,
                 as_json: bool) -> None:
    """Read each stored article: entities, labels, dates and quotes (who said what).

    Only articles that are new or whose text (or date) changed are read again;
    then every entity in the store gets its canonical name.

    \b
    Example:
      newsprism annotate --db demo.db
    """
    from ..annotate.runner import annotate

    with open_existing(db_path) as store:
        show_progress = not (quiet or as_json) and err.is_terminal
        with progress_bar("annotating", "articles", show_progress) as progress:
            task = progress.add_task("annotate", total=None)
            count = annotate(store, settings, progress=lambda _id: progress.advance(task), force=force,
                             workers=workers)
    if as_json:
        print_json({"annotated": count})
    else:
        err.print(f"{count} articles annotated -> {db_path}", markup=False)
