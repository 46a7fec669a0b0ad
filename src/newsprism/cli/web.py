"""``newsprism report`` and ``newsprism serve``: the story pages as files, or as a local web app."""

from __future__ import annotations

import signal
import sys
import threading

import click

from ..errors import MissingDependencyError, StoreError
from ..settings import Settings
from ._util import db_option, err, main, open_existing, out, pass_settings, read_only, temporary_copy, up_to_date

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _bring_up_to_date(db_path: str, settings: Settings) -> None:
    """Stories and their comparisons, computed where the store changed (the pages only read them).
    A store that cannot be written is shown as it was last computed."""
    if read_only(db_path):
        err.print(f"newsprism: {db_path} is read-only: showing its stories as last computed "
                  f"(run 'newsprism compare' on a writable copy to update them)", markup=False, soft_wrap=True)
        return
    with open_existing(db_path) as store, err.status("grouping stories and comparing their outlets…"):
        up_to_date(store, settings, "compare", quiet=True)


@main.command("report")
@db_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, writable=True),
              help="Folder for the report (created if missing; pages in it are replaced).")
@pass_settings
def report_cli(settings: Settings, db_path: str, out_dir: str) -> None:
    """A static report: an index of stories, one page per story and per article,
    opened from disk with no server and no network.

    \b
    Example:
      newsprism report --db demo.db --out report/
    """
    from ..web.report import write_report

    _bring_up_to_date(db_path, settings)
    with open_existing(db_path, reading=True) as store:
        counts = write_report(store, out_dir)
    out.print(f"{counts['stories']} story pages and {counts['articles']} article pages -> {out_dir}/index.html",
              markup=False)


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1 lets other machines read the store.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests addressed to this host name (repeatable), e.g. the machine's name "
                   "when serving with --host 0.0.0.0.")
@pass_settings
def serve_cli(settings: Settings, db_path: str, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """A local web app over the store: the report's pages, search, filters,
    CSV/JSON downloads and a JSON API (its OpenAPI description at /openapi.json).
    It only reads the store.

    It answers only requests addressed to 127.0.0.1, localhost, ::1, the --host
    address and the --allow-host names (others get 400), so that a web page
    cannot reach it by pointing its own domain at this machine (DNS rebinding).

    \b
    Example:
      newsprism serve --db demo.db --port 8080
    """
    try:
        import uvicorn

        from ..web.app import create_app
    except ImportError as exc:
        raise MissingDependencyError(
            f"the web app needs {exc.name}: pip install 'newsprism[web]'") from None
    _bring_up_to_date(db_path, settings)
    if host not in LOCAL_HOSTS:
        err.print(f"newsprism: serving on {host}: other machines can read this store", markup=False)
    hosts = (*LOCAL_HOSTS, host, *allow_hosts)
    try:
        app = create_app(db_path, allowed_hosts=hosts, port=port)
    except StoreError:
        if not read_only(db_path):
            raise
        app = create_app(temporary_copy(db_path), allowed_hosts=hosts, port=port)
    shown_host = f"[{host}]" if ":" in host else host
    out.print(f"newsprism: http://{shown_host}:{port}/ (Ctrl+C stops it)", markup=False)
    if threading.current_thread() is threading.main_thread():
        # uvicorn stops on SIGTERM, then raises it again: as SystemExit it unwinds the command, so a
        # temporary copy of the store is removed too
        signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    uvicorn.run(app, host=host, port=port, log_level="warning")
