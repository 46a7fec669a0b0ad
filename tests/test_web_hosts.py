"""The web app answers only the host names it serves: a page on another site whose domain is pointed at
127.0.0.1 (DNS rebinding) must not read the store through it."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web app needs the [web] extra")
from starlette.testclient import TestClient  # noqa: E402

from newsprism.store import open_store  # noqa: E402
from newsprism.web.app import HostCheck, _split_host, create_app  # noqa: E402

LOCAL = ("127.0.0.1", "localhost", "::1")


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hosts") / "hosts.db"
    open_store(db).close()
    return db


@pytest.mark.parametrize(("header", "expected"), [
    ("127.0.0.1:8080", ("127.0.0.1", "8080")),
    ("LocalHost", ("localhost", None)),
    ("localhost.:8080", ("localhost", "8080")),
    ("[::1]:8080", ("::1", "8080")),
    ("[::1]", ("::1", None)),
    ("127.0.0.1:", ("127.0.0.1", "")),
    ("[::1]x", ("", None)),
    ("::1", ("", None)),  # an IPv6 address must be bracketed in a Host header
    ("", ("", None)),
])
def test_host_header_parsing(header, expected):
    assert _split_host(header) == expected


def test_only_the_served_names_and_port_are_answered(empty_db):
    client = TestClient(create_app(empty_db, allowed_hosts=(*LOCAL, "news.lan"), port=8080))
    for host in ("127.0.0.1:8080", "127.0.0.1", "localhost:8080", "LOCALHOST", "[::1]:8080", "news.lan:8080"):
        assert client.get("/api/stories", headers={"host": host}).status_code == 200, host
    for host in ("evil.example:8080", "evil.example", "127.0.0.1:9999", "127.0.0.1.evil.example:8080",
                 "localhost@evil.example", "[::2]:8080", "::1", "127.0.0.1:", ""):
        refused = client.get("/api/stories", headers={"host": host})
        assert refused.status_code == 400, host
        assert refused.headers["content-type"].startswith("text/plain")
        assert "--allow-host" in refused.text and "stories" not in refused.text
        assert refused.headers["X-Content-Type-Options"] == "nosniff"  # the usual headers on the refusal too


def test_a_star_answers_every_host_and_none_means_no_check(empty_db):
    star = TestClient(create_app(empty_db, allowed_hosts=["*"]))
    assert star.get("/", headers={"host": "anything.example"}).status_code == 200
    assert HostCheck(star.app, ["LocalHost."], 80).allows("localhost:80")
    unchecked = TestClient(create_app(empty_db))  # in-process use, as the other web tests drive it
    assert unchecked.get("/").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(empty_db: Path) -> Iterator[int]:
    """``newsprism serve`` in a child process, as a user starts it."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsprism", "serve", "--db", str(empty_db), "--port", str(port),
         "--allow-host", "news.lan", "--allow-host", "Reader.Example"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out, err = proc.communicate(timeout=5) if proc.poll() is not None else (b"", b"")
                    pytest.fail(f"newsprism serve did not start: {err.decode(errors='replace')}")
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _status(port: int, host: str, path: str = "/api/stories") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_the_served_app_refuses_a_rebound_domain(served):
    port = served
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}", f"news.lan:{port}",
                 f"reader.example:{port}"):
        assert _status(port, host)[0] == 200, host
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{port + 1}", f"lan.news:{port}"):
        status, body = _status(port, host)
        assert status == 400, host
        assert body.startswith("unknown host"), body
    assert _status(port, f"attacker.example:{port}", "/openapi.json")[0] == 400
