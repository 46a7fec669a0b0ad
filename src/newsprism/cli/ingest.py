"""``newsprism ingest``: articles read from sources into the store."""

from __future__ import annotations

import sys

import click

from ..schema import ItemResult
from ..settings import Settings
from ._util import db_option, err, json_option, main, open_existing, pass_settings, plain, print_json, progress_bar


@main.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--allow-private", is_flag=True, help="Allow fetching from private and loopback addresses.")
@click.option("--no-fetch-pages", is_flag=True, help="For feeds, use the text embedded in the feed instead of fetching each page.")
@click.option("--workers", default=None, type=click.IntRange(0, 64),
              help="Processes for extraction (default: [ingest] workers; 0 = every available core).")
@click.option("--follow-links", is_flag=True, help="Follow symbolic links in a folder that lead out of it.")
@click.option("--force", is_flag=True, help="Read inputs again even if stored before (e.g. after changing the config).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the failures and the final counts.")
@json_option
@pass_settings
def ingest_cli(settings: Settings, sources: tuple[str, ...], db_path: str, allow_private: bool,
               no_fetch_pages: bool, workers: int | None, follow_links: bool, force: bool, quiet: bool,
               as_json: bool) -> None:
    """Read articles from SOURCES into the store.

    Each SOURCE may be a folder, a file (.txt .md .html .htm, optionally .gz;
    .json .jsonl .csv records; .warc .warc.gz archives; RSS/Atom feeds; OPML
    lists of feeds) or an http(s) URL of a page or a feed.

    \b
    Example:
      newsprism ingest examples/demo --db demo.db
    """
    from ..extract.runner import ingest

    with open_existing(db_path, must_exist=False) as store:
        show_progress = not (quiet or as_json) and err.is_terminal
        with progress_bar("ingesting", "items", show_progress) as progress:
            task = progress.add_task("ingest", total=None)

            def on_item(result: ItemResult) -> None:
                progress.advance(task)
                if result.status == "failed" and not as_json:
                    err.print(plain(f"failed {result.origin}: {result.reason}"), markup=False, soft_wrap=True)
                elif not quiet and not as_json and not show_progress:
                    err.print(plain(f"{result.status:9} {result.article_id or '':16} {result.origin}"), markup=False)

            report = ingest(sources, store, settings, progress=on_item, workers=workers,
                            allow_private=allow_private or None,
                            fetch_feed_pages=False if no_fetch_pages else None, force=force,
                            follow_links=follow_links)
    if as_json:
        print_json(report.to_dict())
    else:
        counts = report.to_dict()
        line = (f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged, "
                f"{counts['failed']} failed -> {db_path}")
        err.print(plain(line), markup=False)
        if report.failures and not quiet:
            err.print("failed items (fix and re-run; stored articles are kept):", markup=False)
            for failure in report.failures:
                err.print(plain(f"  {failure.origin}: {failure.reason}"), markup=False, soft_wrap=True)
    sys.exit(report.exit_code)
