"""``newsprism run``: every stage in order, from sources to compared stories."""

from __future__ import annotations

import sys

import click

from ..settings import Settings
from ._util import db_option, err, json_option, main, open_existing, pass_settings, plain, print_json


@main.command("run")
@click.argument("sources", nargs=-1, required=True)
@db_option
@json_option
@pass_settings
def run_cli(settings: Settings, sources: tuple[str, ...], db_path: str, as_json: bool) -> None:
    """Ingest SOURCES, annotate the new articles, then find copies, group stories and compare them:
    what 'ingest', 'annotate', 'copies', 'stories' and 'compare' do one after another.

    \b
    Example:
      newsprism run examples/demo --db demo.db
    """
    from ..pipeline import run

    def stage(name: str) -> None:
        if not as_json:
            err.print(f"newsprism: {name}…", markup=False)

    with open_existing(db_path, must_exist=False) as store:
        report, annotated, stages = run(sources, store, settings, on_stage=stage)
        stories = store.count_stories()
    counts = report.to_dict()
    links, compared = stages["copies"].items, stages["compare"].items
    if as_json:
        print_json({"ingest": counts, "annotated": annotated, "copy_links": links, "stories": stories,
                    "compared": compared})
    else:
        err.print(f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged, "
                  f"{counts['failed']} failed; {annotated} annotated; {links} copy links; "
                  f"{stories} stories ({compared} compared now) -> {db_path}", markup=False)
        for failure in report.failures:
            err.print(plain(f"  failed {failure.origin}: {failure.reason}"), markup=False, soft_wrap=True)
    sys.exit(report.exit_code)
