"""What every command shares: the ``newsprism`` group, its error handling, the settings of the run,
the common options, the consoles and small output helpers. No command module is imported here."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from .. import __version__
from ..errors import NewsprismError, UsageError
from ..settings import ENV_VAR, Settings, config_path, load_settings
from ..store import Store, open_store

if TYPE_CHECKING:
    from ..pipeline import CorpusStage

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "newsprism.db"

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, highlight=False)

# Every command receives the run's settings as its ``settings`` argument.
pass_settings = click.make_pass_decorator(Settings)


class NewsprismGroup(click.Group):
    """Turns newsprism's errors into one clear line and the documented exit codes
    (2: the command cannot run as asked, e.g. a bad option or config file; 1: it ran and failed)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            err.print(f"newsprism: error: {exc}", markup=False, soft_wrap=True)
            sys.exit(2)
        except NewsprismError as exc:
            err.print(f"newsprism: error: {exc}", markup=False, soft_wrap=True)
            sys.exit(1)
        except KeyboardInterrupt:
            err.print("newsprism: interrupted; everything committed so far is kept, re-run the command to continue")
            sys.exit(130)


@click.group(cls=NewsprismGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsprism")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help=f"TOML file overriding the default settings (else ${ENV_VAR}, else the packaged defaults).")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """newsprism: see how different outlets covered the same story."""
    # Loaded and validated once, before any command runs; every command gets this object.
    ctx.obj = load_settings(config_path(config_file))


def db_option(func: F) -> F:
    return click.option(
        "--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="NEWSPRISM_DB",
        type=click.Path(dir_okay=False), help="SQLite store to use (env: NEWSPRISM_DB).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of tables.")(func)


def out_option(func: F) -> F:
    return click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True),
                        help="Write here instead of stdout.")(func)


def open_existing(db_path: str, must_exist: bool = True) -> Store:
    if must_exist and not Path(db_path).exists():
        raise UsageError(f"store {db_path} does not exist; run 'newsprism ingest SOURCE --db {db_path}' first")
    return open_store(db_path)


def up_to_date(store: Store, settings: Settings, through: CorpusStage, *, vectors: bool | None = None,
               quiet: bool = False) -> None:
    """The corpus stages up to ``through``, recomputed where the store or the settings changed."""
    from ..pipeline import update  # the stages load numpy and models: only for commands that run them

    if quiet or not err.is_terminal:
        update(store, settings, through, vectors=vectors)
        return
    with err.status(f"bringing {through} up to date…"):
        update(store, settings, through, vectors=vectors)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def write_jsonl(rows: Iterable[dict[str, Any]], out_path: str | None, what: str) -> int:
    """One JSON object per line, to ``out_path`` (saying how many ``what`` it wrote) or stdout."""
    handle = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    count = 0
    try:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if out_path:
            handle.close()
    if out_path:
        err.print(f"wrote {count} {what} to {out_path}", markup=False)
    return count


def quoted(text: str, limit: int = 220) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


class RateColumn(ProgressColumn):
    """Items per second over the whole run (steadier than rich's short window)."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time or task.elapsed
        if not elapsed or not task.completed:
            return Text("… items/s", style="cyan")
        return Text(f"{task.completed / elapsed:.1f} items/s", style="cyan")


def progress_bar(what: str, unit: str, shown: bool) -> Progress:
    """A spinner with a count and a rate on stderr (disabled when not ``shown``)."""
    return Progress(SpinnerColumn(), TextColumn(what), TextColumn("{task.completed} " + unit), RateColumn(),
                    TimeElapsedColumn(), console=err, disable=not shown, transient=True)
