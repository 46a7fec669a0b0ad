"""What every command shares: the ``newsprism`` group, its error handling, the settings of the run,
the common options, the consoles and small output helpers. No command module is imported here."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from .. import __version__
from ..errors import NewsprismError, ReadOnlyStoreError, StoreError, UsageError
from ..settings import ENV_VAR, Settings, cache_folder, config_path, load_settings
from ..store import Store, is_postgres_url, open_store, safe_url
from ..store.postgres import OutdatedStoreError

if TYPE_CHECKING:
    from ..pipeline import CorpusStage

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "newsprism.db"
EXIT_INTERNAL = 3
# The --db of the running command, in click's shared ``meta``, for the error messages.
DB_META = "newsprism.db"

# No emoji codes: ":flag:" in a title stays those characters.
out = Console(soft_wrap=True, highlight=False, emoji=False)
err = Console(stderr=True, highlight=False, emoji=False)

# Every command receives the run's settings as its ``settings`` argument.
pass_settings = click.make_pass_decorator(Settings)


class NewsprismGroup(click.Group):
    """Turns newsprism's errors into one clear line and the documented exit codes (see ``main``)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            err.print(f"newsprism: error: {plain(exc)}", markup=False, soft_wrap=True)
            sys.exit(2)
        except NewsprismError as exc:
            err.print(f"newsprism: error: {plain(exc)}", markup=False, soft_wrap=True)
            sys.exit(1)
        except KeyboardInterrupt:
            err.print("newsprism: interrupted; everything committed so far is kept, re-run the command to continue")
            sys.exit(130)
        except sqlite3.OperationalError as exc:
            if "readonly database" not in str(exc):
                _crash(exc)
            # The file opened, but read-only: the first write fails.
            err.print(f"newsprism: error: {plain(read_only_message(ctx.meta.get(DB_META, 'the --db file')))}",
                      markup=False, soft_wrap=True)
            sys.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own (a bad option, --help, an aborted prompt): click prints and exits
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # the reader went away (``newsprism list | head``): click exits quietly
            _crash(exc)
        except Exception as exc:
            _database_error(exc, ctx)
            _crash(exc)


def _database_error(exc: Exception, ctx: click.Context) -> None:
    """A PostgreSQL store's failure that is no bug (the server went away, a read-only database) as one
    line and its exit code; returns for anything else. psycopg is loaded only when such a store was opened."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None or not isinstance(exc, psycopg.Error):
        return
    where = ctx.meta.get(DB_META, "the --db database")
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        err.print(f"newsprism: error: {plain(where)} is read-only for this user: 'newsprism list', 'show', 'search', "
                  "'export articles', 'report' and 'serve' read it; for this command use a user that may write it",
                  markup=False, soft_wrap=True)
        sys.exit(2)
    if isinstance(exc, psycopg.OperationalError):
        reason = " ".join(str(exc).split())[:300]
        err.print(f"newsprism: error: lost the connection to the PostgreSQL store {plain(where)} ({plain(reason)}); "
                  "everything committed is kept: check that the server is up and re-run the command",
                  markup=False, soft_wrap=True)
        sys.exit(1)


def _crash(exc: BaseException) -> NoReturn:
    """A bug: the traceback to a log file, one line to stderr, exit 3."""
    message = " ".join(str(exc).split())  # one line
    what = f"{type(exc).__name__}: {message}"[:300] if message else type(exc).__name__
    try:
        log = _write_crash_log(exc)
    except OSError as failed:  # no writable folder: the traceback goes to stderr instead
        err.print(f"newsprism: internal error: {plain(what)}; the crash log could not be written ({failed}), "
                  "the traceback follows; please report it", markup=False, soft_wrap=True)
        traceback.print_exception(exc, file=sys.stderr)
    else:
        err.print(f"newsprism: internal error: {plain(what)}; details in {log}; please report it",
                  markup=False, soft_wrap=True)
    sys.exit(EXIT_INTERNAL)


def _write_crash_log(exc: BaseException) -> Path:
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):  # two crashes in the same second keep both logs
        path = folder / (f"crash-{stamp}.log" if n == 1 else f"crash-{stamp}-{n}.log")
        try:
            with path.open("x", encoding="utf-8") as log:
                log.write(f"newsprism {__version__}, Python {sys.version.split()[0]} on {sys.platform}\n")
                log.write(f"command: {' '.join(sys.argv)}\n\n")
                log.write("".join(traceback.format_exception(exc)))
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder} already holds 99 crash logs from {stamp}")


@click.group(cls=NewsprismGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsprism")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help=f"TOML file overriding the default settings (else ${ENV_VAR}, else the packaged defaults).")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """newsprism: see how different outlets covered the same story.

    \b
    Exit codes:
      0    done
      1    it ran, but some items failed or a newsprism error stopped it
      2    it cannot run as asked: a bad option, config file or --db path
      3    internal error (a bug): the traceback is saved in a crash log in
           newsprism's folder in the user cache ($XDG_CACHE_HOME/newsprism)
      130  interrupted (Ctrl+C); what was committed is kept
    """
    # Loaded and validated once, before any command runs; every command gets this object.
    ctx.obj = load_settings(config_path(config_file))


def db_option(func: F) -> F:
    return click.option(
        "--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="NEWSPRISM_DB",
        type=click.Path(dir_okay=False),
        help="Store to use: an SQLite file, or a PostgreSQL database as postgresql://user@host:port/dbname "
             "(env: NEWSPRISM_DB).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of tables.")(func)


def out_option(func: F) -> F:
    return click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True),
                        help="Write here instead of stdout.")(func)


def open_existing(db_path: str, must_exist: bool = True, *, reading: bool = False) -> Store:
    """The store at ``db_path`` (a file, or a ``postgresql://`` URL). A command that only reads passes
    ``reading``: the store then opens even when the file or its folder cannot be written (a shared,
    archived or mounted copy), and a PostgreSQL store opens in read-only transactions."""
    postgres = is_postgres_url(db_path)
    if must_exist and not postgres and not Path(db_path).exists():
        raise UsageError(f"store {db_path} does not exist; run 'newsprism ingest SOURCE --db {db_path}' first")
    if ctx := click.get_current_context(silent=True):
        ctx.meta[DB_META] = safe_url(db_path) if postgres else db_path
    if postgres:
        if not reading:
            return open_store(db_path)
        try:
            return open_store(db_path, read_only=True)
        except OutdatedStoreError:
            return open_store(db_path)  # an older schema: migrated, then read
    if reading:
        try:
            return open_store(db_path, read_only=True)
        except StoreError:
            pass  # an older schema, migrated below, or a store SQLite cannot read where it is, copied below
    try:
        return open_store(db_path)
    except StoreError:
        if not read_only(db_path):
            raise
        if reading:
            return open_store(temporary_copy(db_path))
        raise ReadOnlyStoreError(read_only_message(db_path)) from None


def read_only_message(db_path: str) -> str:
    return (f"store {db_path} cannot be written (the file or its folder is read-only): 'newsprism list', 'show', "
            "'search', 'export articles', 'report' and 'serve' read it as it is; for this command copy it to a "
            "writable folder")


def read_only(db_path: str | Path) -> bool:
    """Whether the store's file or its folder exists but cannot be written (SQLite writes beside the file
    too: its -wal and -shm files). A PostgreSQL URL is not a file: its permissions are the server's."""
    if is_postgres_url(db_path):
        return False
    path = Path(db_path)
    if not path.parent.is_dir():
        return False  # missing: another error, which the store gives
    return not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))


def temporary_copy(db_path: str) -> str:
    """A copy of the store, removed when the command ends. SQLite reads a WAL store read-only only beside
    its -shm index file, which it cannot create in a read-only folder."""
    folder = Path(tempfile.mkdtemp(prefix="newsprism-"))
    click.get_current_context().call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
    err.print(f"newsprism: {db_path} is read-only and SQLite cannot read it in place: reading a temporary copy",
              markup=False, soft_wrap=True)
    copy = folder / Path(db_path).name
    shutil.copyfile(db_path, copy)
    if Path(f"{db_path}-wal").exists():  # the commits not yet folded into the file
        shutil.copyfile(f"{db_path}-wal", f"{copy}-wal")
    open_store(copy).close()  # brought to this newsprism's schema, and its -shm made: it now opens read-only
    return str(copy)


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
    click.echo(inert_json(json.dumps(data, ensure_ascii=False, indent=2)))


def write_jsonl(rows: Iterable[dict[str, Any]], out_path: str | None, what: str) -> int:
    """One JSON object per line, to ``out_path`` (saying how many ``what`` it wrote) or stdout."""
    handle = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    count = 0
    try:
        for row in rows:
            handle.write(inert_json(json.dumps(row, ensure_ascii=False)) + "\n")
            count += 1
    finally:
        if out_path:
            handle.close()
    if out_path:
        err.print(f"wrote {count} {what} to {plain(out_path)}", markup=False)
    return count


# Characters that act on a terminal instead of showing: C0 controls but tab and newline, DEL, C1 controls,
# and the bidi embeddings, overrides and isolates that reorder the text around them. Each is replaced by
# one visible character, so offsets into the text (the annotations' spans) still hold.
_BIDI = "\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INERT = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\t\n"}  # ␀ … ␟ (ESC shows as ␛)
_INERT |= {0x7F: 0x2421} | {c: 0xFFFD for c in range(0x80, 0xA0)} | {ord(c): 0xFFFD for c in _BIDI}
# In JSON the same characters are written as \u escapes: the data is unchanged, the terminal untouched
# (json.dumps already escapes C0).
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), *map(ord, _BIDI)]}


def plain(value: object) -> str:
    """``value`` as text that cannot act on a terminal: control and bidi characters made visible.
    Print it with ``markup=False`` or inside a ``Text`` (see ``shown``)."""
    return str(value).translate(_INERT)


def shown(value: object, style: str = "") -> Text:
    """Store data (an outlet, a title, article text ...) for rich: printed as it is, never read as markup."""
    return Text(plain(value), style=style)


def inert_json(encoded: str) -> str:
    return encoded.translate(_JSON_ESCAPES)


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
