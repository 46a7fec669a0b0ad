"""``newsprism watch``: keep a store current from feeds and raise alerts."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

import click

from ..settings import Settings
from ._util import db_option, err, main, open_existing, pass_settings, plain


@main.command("watch")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--interval", type=click.FloatRange(min=1.0), default=None,
              help="Seconds between polls of a source (default: [watch] interval_seconds, 900).")
@click.option("--alerts", "alerts_path", type=click.Path(dir_okay=False, writable=True),
              help="Append each alert to this file, one JSON object per line.")
@click.option("--webhook", help="Also POST each alert as JSON to this URL.")
@click.option("--cycles", type=click.IntRange(min=1), default=None, help="Stop after N polls (default: run until stopped).")
@click.option("--once", is_flag=True, help="Poll once and stop (the same as --cycles 1).")
@click.option("--quiet", "-q", is_flag=True, help="Do not print alerts on stdout (they still go to --alerts and --webhook).")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private and loopback addresses.")
@pass_settings
def watch_cli(settings: Settings, sources: tuple[str, ...], db_path: str, interval: float | None,
              alerts_path: str | None, webhook: str | None, cycles: int | None, once: bool, quiet: bool,
              allow_private: bool) -> None:
    """Poll SOURCES (feed URLs, OPML files, folders, pages) and keep the store current, raising alerts.

    Each poll reads what is new (conditional requests: an unchanged feed costs one small request),
    then brings annotations, copies, stories and comparisons up to date and raises an alert for each
    new story, story that gained an outlet, copy and disagreement, once. SIGTERM or Ctrl-C finish the
    current item and exit 0; poll state lives in the store, so a restart resumes where it stopped.

    \b
    Example:
      newsprism watch https://example.org/feed.xml feeds.opml --db news.db --alerts alerts.jsonl
    """
    from dataclasses import replace

    from ..watch.watcher import Watcher, WatchOptions

    if interval is not None:
        settings = replace(settings, watch=replace(settings.watch, interval_seconds=interval))
    options = WatchOptions(Path(alerts_path) if alerts_path else None, webhook, not quiet, allow_private or None)
    with open_existing(db_path, must_exist=False) as store:
        watcher = Watcher(list(sources), store, settings, options,
                          say=lambda line: err.print(plain(line), markup=False, soft_wrap=True),
                          emit=lambda line: click.echo(line))

        def finish(signum: int, _frame: FrameType | None) -> None:
            err.print(f"newsprism watch: {signal.Signals(signum).name}: finishing the current item", markup=False)
            watcher.stop()

        signal.signal(signal.SIGTERM, finish)
        signal.signal(signal.SIGINT, finish)
        try:
            code = watcher.run(1 if once else cycles)
        finally:
            watcher.close()
    sys.exit(code)
