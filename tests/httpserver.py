"""A small real HTTP server for tests: a route table and a request log, no mocks.

Usage::

    sys.path.insert(0, str(Path(__file__).parent))
    from httpserver import Reply, local_server

    def test_x(local_server):
        local_server.route("/a", Reply(200, b"hi", {"Content-Type": "text/plain"}))
        url = local_server.url("/a")

A route is a :class:`Reply` or a callable taking the :class:`Request` and
returning one (for "fail twice, then succeed", counters, ...). A Reply whose
body is an iterable of bytes is sent chunked, without Content-Length, and
can be endless. Unknown paths answer 404.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes | Iterable[bytes] = b""  # bytes: Content-Length; iterable: chunked
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering


@dataclass(frozen=True)
class Request:
    path: str  # with query string
    headers: dict[str, str]  # names lower-case
    time: float  # time.monotonic() when the request arrived


Route = Reply | Callable[[Request], Reply]


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", {"Location": location})


def sequence(*replies: Reply) -> Callable[[Request], Reply]:
    """A route answering with each reply in turn, then repeating the last."""
    remaining = list(replies)
    lock = threading.Lock()

    def answer(_request: Request) -> Reply:
        with lock:
            return remaining.pop(0) if len(remaining) > 1 else remaining[0]

    return answer


class LocalServer:
    """ThreadingHTTPServer on 127.0.0.1 with an ephemeral port, serving from a daemon thread."""

    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self._requests: list[Request] = []
        self._httpd = _Server(("127.0.0.1", 0), _Handler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, answer: Route) -> None:
        with self._lock:
            self._routes[path] = answer

    def hits(self, path: str) -> list[Request]:
        """Requests whose path (without query) is ``path``."""
        return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self._requests.append(request)
            route = self._routes.get(request.path.split("?", 1)[0])
        if route is None:
            return Reply(404, b"not found")
        return route if isinstance(route, Reply) else route(request)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler], owner: LocalServer) -> None:
        super().__init__(address, handler)
        self.owner = owner


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, like real servers
    server: _Server

    def do_GET(self) -> None:
        request = Request(
            self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
        )
        reply = self.server.owner._answer(request)
        try:
            if reply.delay:
                time.sleep(reply.delay)
            self._send(reply)
        except ConnectionError:
            # The client gave up (timeout, size cap): expected in these tests.
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        names = {name.lower() for name in reply.headers}
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if isinstance(reply.body, bytes):
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for chunk in reply.body:
            if chunk:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet; the request log is self.server.owner.requests


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
