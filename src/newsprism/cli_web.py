"""``newsprism report`` and ``newsprism serve``: the story pages as files, or as a local web app."""

from __future__ import annotations

import click

from .cli import _open, db_option, err, main, out
from .config import load_config
from .errors import MissingDependencyError


def _bring_up_to_date(db_path: str, config_path: str | None) -> None:
    """Stories and their comparisons, computed where the store changed (the pages only read them)."""
    from .pipeline import compare_stories

    with _open(db_path) as store, err.status("grouping stories and comparing their outlets…"):
        compare_stories(store, load_config(config_path))


@main.command()
@db_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, writable=True),
              help="Folder for the report (created if missing; pages in it are replaced).")
@click.pass_context
def report(ctx: click.Context, db_path: str, out_dir: str) -> None:
    """A static report: an index of stories, one page per story and per article,
    opened from disk with no server and no network.

    \b
    Example:
      newsprism report --db demo.db --out report/
    """
    from .web.report import write_report

    _bring_up_to_date(db_path, ctx.obj.get("config_path"))
    with _open(db_path) as store:
        counts = write_report(store, out_dir)
    out.print(f"{counts['stories']} story pages and {counts['articles']} article pages -> {out_dir}/index.html")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1 lets other machines read the store.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.pass_context
def serve(ctx: click.Context, db_path: str, host: str, port: int) -> None:
    """A local web app over the store: the report's pages, search, filters,
    CSV/JSON downloads and a JSON API (its OpenAPI description at /openapi.json).
    It only reads the store.

    \b
    Example:
      newsprism serve --db demo.db --port 8080
    """
    try:
        import uvicorn

        from .web.app import create_app
    except ImportError as exc:
        raise MissingDependencyError(
            f"the web app needs {exc.name}: pip install 'newsprism[web]'") from None
    _bring_up_to_date(db_path, ctx.obj.get("config_path"))
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"newsprism: serving on {host}: other machines can read this store", markup=False)
    out.print(f"newsprism: http://{host}:{port}/ (Ctrl+C stops it)")
    uvicorn.run(create_app(db_path), host=host, port=port, log_level="warning")
