"""The command line against hostile article data, unexpected errors and read-only stores."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.cli._util import NewsprismGroup, plain
from newsprism.errors import NewsprismError, UsageError
from newsprism.store.migrations import LATEST

BODY = ("Mayor Ilse Varga said on Tuesday that the harbour would reopen in May, after the storm damage. "
        "\"We will rebuild the quay,\" Varga said. ")
# Rich markup, a clickable link, a screen clear, an OSC 8 hyperlink, a bidi override and a C1 CSI.
OUTLET = "Outlet{k} [/] [link=https://evil.example]click[/link]"
TITLE = ("Harbour [/] reopens \x1b[2J\x1b]8;;https://evil.example\x07here\x1b]8;;\x07 "
         "\u202eevil\u202c [bold]b[/bold] \x9b31m {k}")
AUTHOR = "Ana [/] Brix\x1b[31m"
TEXT = BODY + "A reader wrote [/] and \x1b[2J [link=https://evil.example]x[/link] here.\n\n" + BODY
# What must not reach the terminal as it is.
RAW = ("\x1b", "\x9b", "\u202e", "\x07")


def run(*args: str) -> click.testing.Result:
    return CliRunner(env={"COLUMNS": "400"}).invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store holding three hostile articles of one story, ingested and annotated by the CLI."""
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    records = [{"url": f"https://outlet{k}.example/harbour", "outlet": OUTLET.format(k=k),
                "title": TITLE.format(k=k), "author": AUTHOR, "published": "2025-02-04", "text": TEXT}
               for k in range(3)]
    source.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    db = str(folder / "hostile.db")
    assert run("ingest", str(source), "--db", db, "--quiet").exit_code == 0
    assert run("annotate", "--db", db, "--quiet").exit_code == 0
    listed = json.loads(run("list", "--db", db, "--json").stdout)
    stories = json.loads(run("stories", "--db", db, "--json").stdout)
    assert len(listed) == 3 and stories
    return {"db": db, "article": listed[0]["id"], "story": stories[0]["id"]}


@pytest.mark.parametrize(("command", "shown"), [
    (("list",), ["Harbour [/] reopens", "␛[2J␛]8;;https://evil.example␇here", "[bold]b[/bold]", "Ana [/] Brix␛["]),
    (("show", "{article}"), ["[/] [link=https://evil.example]click[/link]", "Harbour [/] reopens ␛[2J",
                             "Ana [/] Brix␛[31m", "A reader wrote [/] and ␛[2J [link=https://evil.example]x[/link]"]),
    (("search", "harbour"), ["Harbour [/] reopens", "[bold]b[/bold]"]),
    (("stories",), ["Harbour [/] reopens ␛[2J"]),
    (("story", "{story}"), ["Harbour [/] reopens ␛[2J", "[link=https://evil.example]click[/link]"]),
    (("compare", "{story}"), ["Harbour [/] reopens ␛[2J", "Outlet1 [/] [link=https://evil.example]click[/link]",
                              "A reader wrote [/] and ␛[2J"]),
    (("copies",), ["Harbour [/] reopens ␛[2J", "[link=https://evil.example]"]),
])
def test_store_data_is_printed_as_plain_text(hostile, command, shown):
    args = [part.format(**hostile) for part in command]
    result = run(*args, "--db", hostile["db"])
    assert result.exit_code == 0, result.output
    for text in shown:
        assert text in result.stdout, (command, text)
    for raw in RAW:
        assert raw not in result.output, (command, repr(raw))


def test_json_keeps_the_data_and_escapes_what_acts_on_a_terminal(hostile):
    listing = run("list", "--db", hostile["db"], "--json").stdout
    exported = run("export", "articles", "--db", hostile["db"]).stdout
    for output in (listing, exported):
        for raw in RAW:
            assert raw not in output
    titles = {r["title"] for r in json.loads(listing)}
    assert titles == {TITLE.format(k=k) for k in range(3)}  # the data itself is unchanged
    assert {json.loads(line)["outlet"] for line in exported.splitlines()} == {OUTLET.format(k=k) for k in range(3)}


def test_a_colour_terminal_gets_no_link_and_no_screen_clear(hostile):
    """In a terminal rich writes its own styles; the article's escapes and links must still not get through."""
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    for args in (["show", hostile["article"]], ["list"], ["compare", hostile["story"]]):
        done = subprocess.run([sys.executable, "-m", "newsprism", *args, "--db", hostile["db"]],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "\x1b[" in done.stdout  # styled: the console took it for a terminal
        assert "\x1b]8;" not in done.stdout and "\x1b[2J" not in done.stdout and "\x1b[31m" not in done.stdout
        assert "[bold]b[/bold]" in done.stdout


def test_plain_keeps_offsets_and_text():
    hostile = "a\x1b[2Jb\x00c\x7fd\x85e\u202ef\u2066g\th\ni"
    shown = plain(hostile)
    assert len(shown) == len(hostile)  # annotation spans still fit
    assert shown == "a␛[2Jb␀c␡d\ufffde\ufffdf\ufffdg\th\ni"
    assert plain("Zürich – «quoted» [/] \u200f") == "Zürich – «quoted» [/] \u200f"  # text and marks untouched


# -- unexpected errors ---------------------------------------------------------------------------------


def _group() -> click.Group:
    """A fresh group of newsprism's class, with one command per way of ending."""

    @click.group(cls=NewsprismGroup)
    def cli() -> None:
        pass

    @cli.command()
    def boom() -> None:
        raise ValueError("bad value\n\x1b[2J on two lines")

    @cli.command()
    def failed() -> None:
        raise NewsprismError("item x: failed; re-run it")

    @cli.command()
    def misuse() -> None:
        raise UsageError("give --a or --b")

    @cli.command()
    def interrupted() -> None:
        raise KeyboardInterrupt

    @cli.command()
    def done() -> None:
        click.echo("ok")

    return cli


def test_each_way_of_ending_has_its_exit_code(tmp_path):
    runner = CliRunner(env={"XDG_CACHE_HOME": str(tmp_path)})
    cli = _group()
    codes = {name: runner.invoke(cli, [name], catch_exceptions=False).exit_code
             for name in ("done", "failed", "misuse", "interrupted", "boom")}
    assert codes == {"done": 0, "failed": 1, "misuse": 2, "interrupted": 130, "boom": 3}
    assert runner.invoke(cli, ["done", "--nope"]).exit_code == 2  # click's own usage errors stay 2


def test_an_unexpected_error_leaves_a_crash_log_and_one_line(tmp_path):
    result = CliRunner(env={"XDG_CACHE_HOME": str(tmp_path / "logs")}).invoke(
        _group(), ["boom"], catch_exceptions=False)
    assert result.exit_code == 3
    line = result.stderr.strip()
    assert "\n" not in line and "\x1b" not in line
    found = re.fullmatch(r"newsprism: internal error: ValueError: bad value ␛\[2J on two lines; "
                         r"details in (.+); please report it", line)
    assert found, line
    log = Path(found.group(1))
    assert log.parent == tmp_path / "logs" / "newsprism" and re.fullmatch(r"crash-\d{8}-\d{6}(-\d+)?\.log", log.name)
    text = log.read_text("utf-8")
    assert "Traceback (most recent call last)" in text and 'raise ValueError("bad value' in text


def test_without_a_writable_log_folder_the_traceback_goes_to_stderr(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    result = CliRunner(env={"XDG_CACHE_HOME": str(blocker / "logs")}).invoke(
        _group(), ["boom"], catch_exceptions=False)
    assert result.exit_code == 3
    assert "internal error: ValueError" in result.stderr and "could not be written" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr


def test_a_damaged_store_crashes_with_exit_3_in_a_real_process(tmp_path):
    """A store with the right schema number but no tables: the query fails deep in the store."""
    db = tmp_path / "damaged.db"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST}")
        conn.execute("CREATE TABLE unrelated (x)")
    logs = tmp_path / "logs"
    done = subprocess.run([sys.executable, "-m", "newsprism", "list", "--db", str(db)], capture_output=True,
                          text=True, env={**os.environ, "XDG_CACHE_HOME": str(logs)}, timeout=120)
    assert done.returncode == 3, done.stderr
    assert re.fullmatch(r"newsprism: internal error: OperationalError: no such table: \w+; details in .+; "
                        r"please report it\n", done.stderr), done.stderr
    [log] = (logs / "newsprism").glob("crash-*.log")
    assert "Traceback" in log.read_text("utf-8") and "list" in log.read_text("utf-8")


def test_help_documents_the_exit_codes():
    text = run("--help").stdout
    for code in ("0 ", "1 ", "2 ", "3 ", "130"):
        assert re.search(rf"^\s+{code}", text, re.M), code
    assert "XDG_CACHE_HOME" in text


# -- read-only stores ----------------------------------------------------------------------------------

NOBODY = 65534


def _as_reader() -> list[str]:
    """The command prefix that runs a child without write access to what root owns, or skip."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, for whom chmod does not block writes, and setpriv is not there to drop root")
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import newsprism"], capture_output=True, timeout=60)
    if probe.returncode != 0:
        pytest.skip(f"running as root, and newsprism cannot run as an unprivileged user here: {probe.stderr[-200:]!r}")
    return prefix


@pytest.fixture(params=["file and folder", "file"])
def read_only_store(request: pytest.FixtureRequest) -> Iterator[tuple[Path, Path]]:
    """A read-only store (mode 444), in a read-only folder or in one anyone may write, and a scratch folder."""
    base = Path(tempfile.mkdtemp(prefix="newsprism-ro-"))  # not under root's private pytest folder
    base.chmod(0o755)
    folder = base / "archive"
    folder.mkdir()
    source = base / "quay.txt"
    source.write_text("Harbour board reopens the quay\n\nBy Ana Brix\n\nThe harbour board said on Tuesday that "
                      "the quay would reopen in May.\n", "utf-8")
    db = folder / "store.db"
    assert run("ingest", str(source), "--db", str(db), "--quiet").exit_code == 0
    scratch = base / "scratch"
    scratch.mkdir()
    scratch.chmod(0o777)
    db.chmod(0o444)
    folder.chmod(0o555 if request.param == "file and folder" else 0o777)
    try:
        yield db, scratch
    finally:
        folder.chmod(0o755)
        shutil.rmtree(base)


def _newsprism(prefix: list[str], *args: str, scratch: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(scratch), "XDG_CACHE_HOME": str(scratch / "crashes"), "COLUMNS": "300"}
    return subprocess.run([*prefix, sys.executable, "-m", "newsprism", *args], capture_output=True, text=True,
                          env=env, timeout=300, cwd=scratch)


def test_a_read_only_store_can_be_read(read_only_store):
    prefix = _as_reader()
    db, scratch = read_only_store
    listed = _newsprism(prefix, "list", "--db", str(db), "--json", scratch=scratch)
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    for args in (["list"], ["show", row["id"][:8]], ["search", "quay"], ["export", "articles"]):
        done = _newsprism(prefix, *args, "--db", str(db), scratch=scratch)
        assert done.returncode == 0, (args, done.stderr)
        assert "Harbour board reopens the quay" in done.stdout, args
        # SQLite cannot make a WAL store's -shm file in a read-only folder: the command may say it reads a copy
        assert done.stderr in ("", f"newsprism: {db} is read-only and SQLite cannot read it in place: "
                                   "reading a temporary copy\n")


def test_a_command_that_must_write_says_the_store_is_read_only(read_only_store):
    prefix = _as_reader()
    db, scratch = read_only_store
    done = _newsprism(prefix, "stories", "--db", str(db), scratch=scratch)
    assert done.returncode == 2
    assert done.stderr.startswith(f"newsprism: error: store {db} cannot be written")
    assert "copy it to a writable folder" in done.stderr and "Traceback" not in done.stderr
    report = _newsprism(prefix, "report", "--db", str(db), "--out", str(scratch / "report"), scratch=scratch)
    assert report.returncode == 0, report.stderr
    assert "read-only" in report.stderr and (scratch / "report" / "index.html").exists()
