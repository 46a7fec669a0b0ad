"""A private PostgreSQL server for tests: started once per test run, a fresh database per test, no mocks.

Usage::

    sys.path.insert(0, str(Path(__file__).parent))
    from pgserver import pg_server, pg_url

    def test_x(pg_url):          # postgresql://postgres@127.0.0.1:PORT/test_N, an empty database
        with open_store(pg_url) as store: ...

The server is Debian's postgresql-15, run as the ``postgres`` user (``initdb`` refuses root) with its
data folder and socket in a temporary folder, trust authentication, listening on 127.0.0.1 only.
Tests skip with the reason when no server can be started, unless ``CI`` is set: there they fail.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")
USER = "postgres"


@dataclass
class PgServer:
    """A running server: its port and data folder; ``database()`` makes an empty database."""

    port: int
    folder: Path
    _numbers: itertools.count[int]

    @property
    def base_url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}"

    def url(self, database: str) -> str:
        return f"{self.base_url}/{database}"

    def admin(self, sql: str) -> None:
        """Run ``sql`` on the maintenance database (CREATE/DROP DATABASE ...)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def database(self) -> str:
        """A new empty database; returns its URL."""
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(["runuser", "-u", USER, "--", str(BIN / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "stop"], capture_output=True, check=False)

    def start(self) -> None:
        _run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-w", "start")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(tool: str, *args: str) -> None:
    done = subprocess.run(["runuser", "-u", USER, "--", str(BIN / tool), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{tool} failed: {(done.stderr or done.stdout).strip()[:500]}")


def _why_not() -> str | None:
    """Why no server can be started here, or None."""
    if not (BIN / "initdb").exists():
        return f"{BIN / 'initdb'} not found: install Debian's postgresql-15"
    if os.geteuid() != 0:
        return "the test server is started as the postgres user, which needs root"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return f"no {USER} system user (Debian's postgresql-15 package creates it)"
    if shutil.which("runuser") is None:
        return "runuser not found"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install 'newsprism[postgres]'"
    return None


def start_server(*, durable: bool = False) -> PgServer:
    """initdb and start a server in a new temporary folder (the caller stops it). Tests run it without
    flushing to disk; ``durable`` keeps PostgreSQL's own defaults (what a benchmark should measure)."""
    folder = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
    entry = pwd.getpwnam(USER)
    os.chown(folder, entry.pw_uid, entry.pw_gid)
    _run("initdb", "-D", str(folder / "data"), "--auth=trust", "--username", USER, "--encoding=UTF8",
         "--locale=C.UTF-8")
    port = _free_port()
    with open(folder / "data" / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{folder}'\n"
                   "max_connections = 60\n")
        if not durable:
            conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
    server = PgServer(port, folder, itertools.count(1))
    server.start()
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    reason = _why_not()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"no PostgreSQL server for the tests: {reason}")
        pytest.skip(f"no PostgreSQL server for the tests: {reason}")
    try:
        server = start_server()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server for the tests: {exc}")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a new, empty database on the test run's server."""
    return pg_server.database()
