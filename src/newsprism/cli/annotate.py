"""``newsprism annotate``: entities, labels, dates and quotes for each stored article."""

from __future__ import annotations

import sys

import click

from ..settings import Settings
from ._util import db_option, err, json_option, main, open_existing, pass_settings, plain, print_json, progress_bar


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

    failures: list[dict[str, str]] = []
    with open_existing(db_path) as store:
        show_progress = not (quiet or as_json) and err.is_terminal
        with progress_bar("annotating", "articles", show_progress) as progress:
            task = progress.add_task("annotate", total=None)
            count = annotate(store, settings, progress=lambda _id: progress.advance(task), force=force,
                             workers=workers,
                             on_failure=lambda article, reason: failures.append({"id": article, "reason": reason}))
    if as_json:
        print_json({"annotated": count, "failed": failures})
    else:
        err.print(plain(f"{count} articles annotated, {len(failures)} could not be read -> {db_path}"
                        if failures else f"{count} articles annotated -> {db_path}"), markup=False)
        for failure in failures:
            # The article keeps its sentences and is read again by the next run.
            err.print(plain(f"  {failure['id']}: {failure['reason']}; please report it (it is read again next run)"),
                      markup=False, soft_wrap=True)
    sys.exit(1 if failures else 0)
