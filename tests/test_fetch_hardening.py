"""Fetcher against hostile names, slow servers and malformed URLs, on real local servers.

The only substitution is newsprism's own resolver (``fetch._resolve``), so a
test decides what a name resolves to without touching DNS or sockets.
"""

from __future__ import annotations

import ipaddress
import shutil
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import fetch_settings
from newsprism.errors import FetchError
from newsprism.settings import FetchSettings, default_settings, with_values
from newsprism.sources import fetch as fetch_module
from newsprism.sources.fetch import Fetcher, FetchResult, IPAddress

sys.path.insert(0, str(Path(__file__).parent))
from httpserver import (  # noqa: E402
    LocalServer,
    Reply,
    Request,
    _Handler,
    _Server,
    local_server,  # noqa: F401  (pytest fixture)
    redirect,
    sequence,
)

# A second loopback address, treated as "public" by _StandInIsPublic.
STAND_IN = "127.0.0.2"




class _StandInIsPublic(Fetcher):
    """The address guard, except that STAND_IN counts as public: a local
    server there plays a public site while 127.0.0.1 stays private."""

    def _refusal(self, address: IPAddress) -> str | None:
        return None if str(address) == STAND_IN else super()._refusal(address)


class _Resolver:
    """Stands in for newsprism's resolver: scripted answers per name, every call logged."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self._answers = answers
        self.calls: list[str] = []

    def __call__(self, host: str) -> list[IPAddress]:
        self.calls.append(host)
        script = self._answers.get(host)
        if not script:
            raise FetchError(host, f"cannot resolve host {host!r} (no such name in this test); check the URL")
        # Each call takes the next answer; the last one repeats.
        answer = script.pop(0) if len(script) > 1 else script[0]
        return [ipaddress.ip_address(a) for a in answer]


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, list[list[str]]]], _Resolver]:
    def install(answers: dict[str, list[list[str]]]) -> _Resolver:
        fake = _Resolver(answers)
        monkeypatch.setattr(fetch_module, "_resolve", fake)
        return fake

    return install


class _ServerOn(LocalServer):
    """tests/httpserver.py's server on another address or port, optionally over TLS."""

    def __init__(self, host: str, port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        super().__init__()
        self._httpd.server_close()  # the base class's socket on 127.0.0.1
        self._httpd = _Server((host, port), _Handler, self)
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )


@pytest.fixture
def serve_on() -> Iterator[Callable[..., LocalServer]]:
    started: list[LocalServer] = []

    def start(host: str, port: int = 0, tls: ssl.SSLContext | None = None) -> LocalServer:
        try:
            server = _ServerOn(host, port, tls)
        except OSError as exc:
            pytest.skip(f"cannot listen on {host}:{port} here ({exc})")
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# -- DNS rebinding: connect to exactly the checked address -----------------------------


@pytest.fixture
def rebinding(
    local_server: LocalServer,
    serve_on: Callable[..., LocalServer],
    resolver: Callable[[dict[str, list[list[str]]]], _Resolver],
) -> tuple[LocalServer, _Resolver]:
    """127.0.0.1 plays the internal service and STAND_IN, on the same port, the public site; the name
    "localhost" is public at check time and loopback for anyone who asks again (and the system
    resolver, which httpx would use, says loopback too). Gives the public server and the resolver."""
    local_server.route("/page", Reply(200, b"internal"))
    public = serve_on(STAND_IN, local_server.port)
    public.route("/page", Reply(200, b"public"))
    return public, resolver({"localhost": [[STAND_IN], ["127.0.0.1"]]})


def test_rebinding_name_still_reaches_only_the_checked_address(
    local_server: LocalServer, rebinding: tuple[LocalServer, _Resolver]
) -> None:
    public, names = rebinding
    with _StandInIsPublic(fetch_settings()) as f:
        result = f.fetch(f"http://localhost:{local_server.port}/page")
    assert result.content == b"public"
    assert names.calls == ["localhost"]  # resolved once per fetch
    assert local_server.requests == []
    (request,) = public.hits("/page")
    assert request.headers["host"] == f"localhost:{local_server.port}"


def test_rebinding_to_loopback_on_the_next_fetch_is_refused(
    local_server: LocalServer, rebinding: tuple[LocalServer, _Resolver]
) -> None:
    _, names = rebinding
    url = f"http://localhost:{local_server.port}/page"
    with _StandInIsPublic(fetch_settings()) as f:
        assert f.fetch(url).content == b"public"
        with pytest.raises(FetchError) as info:
            f.fetch(url)
    assert "localhost resolves to 127.0.0.1, a loopback address" in info.value.reason
    assert names.calls == ["localhost", "localhost"]
    assert local_server.requests == []


def test_allowed_private_fetch_also_connects_to_the_resolved_address(
    local_server: LocalServer, resolver: Callable[[dict[str, list[list[str]]]], _Resolver]
) -> None:
    local_server.route("/page", Reply(200, b"ok"))
    # .invalid never resolves in real DNS: only the pinned address can be reached.
    names = resolver({"news.invalid": [["127.0.0.1"]]})
    with Fetcher(fetch_settings(), allow_private=True) as f:
        result = f.fetch(f"http://news.invalid:{local_server.port}/page")
    assert result.content == b"ok"
    assert names.calls == ["news.invalid"]
    assert local_server.hits("/page")[0].headers["host"] == f"news.invalid:{local_server.port}"


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def _tls_server(
    serve_on: Callable[..., LocalServer], cert: Path, key: Path, names_seen: list[str | None]
) -> LocalServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda _sock, name, _context: names_seen.append(name)  # type: ignore[assignment,func-returns-value]
    server = serve_on(STAND_IN, 0, context)
    server.route("/news", Reply(200, b"over tls"))
    return server


def test_tls_uses_the_name_for_sni_and_certificate_while_connecting_to_the_pin(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    serve_on: Callable[..., LocalServer],
    resolver: Callable[[dict[str, list[list[str]]]], _Resolver],
) -> None:
    cert, key = _self_signed(tmp_path, "localhost")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate only
    names_seen: list[str | None] = []
    server = _tls_server(serve_on, cert, key, names_seen)
    resolver({"localhost": [[STAND_IN]]})
    with _StandInIsPublic(fetch_settings()) as f:
        result = f.fetch(f"https://localhost:{server.port}/news")
    # The certificate names localhost only, not 127.0.0.2: verification used the name.
    assert result.content == b"over tls"
    assert names_seen == ["localhost"]


def test_tls_certificate_for_another_name_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    serve_on: Callable[..., LocalServer],
    resolver: Callable[[dict[str, list[list[str]]]], _Resolver],
) -> None:
    cert, key = _self_signed(tmp_path, "other.test")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    names_seen: list[str | None] = []
    server = _tls_server(serve_on, cert, key, names_seen)
    resolver({"localhost": [[STAND_IN]]})
    with _StandInIsPublic(fetch_settings()) as f, pytest.raises(FetchError) as info:
        f.fetch(f"https://localhost:{server.port}/news")
    assert "certificate" in info.value.reason.lower()
    assert server.requests == []


# -- one time limit per attempt ------------------------------------------------------


def _trickle(sent: list[bytes], count: int = 40, pause: float = 0.5) -> Iterator[bytes]:
    """One byte at a time; without a whole-response limit this takes count * pause seconds."""
    for _ in range(count):
        sent.append(b"x")
        yield b"x"
        time.sleep(pause)


@pytest.mark.timeout(60)
def test_trickling_body_is_cut_off_at_the_time_limit(local_server: LocalServer) -> None:
    sent: list[bytes] = []
    local_server.route("/trickle", lambda _request: Reply(200, _trickle(sent)))
    url = local_server.url("/trickle")
    with Fetcher(fetch_settings(timeout_seconds=1.0), allow_private=True) as f:
        with pytest.raises(FetchError) as info:
            f.fetch(url)
    bytes_sent_when_client_gave_up = len(sent)
    assert info.value.item == url
    assert f"timed out waiting for {url}, which exceeded the 1 s time limit" in info.value.reason
    assert "raise fetch.timeout_seconds" in info.value.reason
    assert "\n" not in str(info.value)
    # A whole 40-byte trickle would have been read had each read had its own limit.
    assert bytes_sent_when_client_gave_up < 10


@pytest.mark.timeout(60)
def test_each_retry_gets_its_own_time_limit(local_server: LocalServer) -> None:
    sent: list[bytes] = []
    local_server.route("/trickle", lambda _request: Reply(200, _trickle(sent)))
    with Fetcher(fetch_settings(timeout_seconds=1.0, retries=1), allow_private=True) as f:
        with pytest.raises(FetchError, match=r"exceeded the 1 s time limit .* after 2 attempt\(s\)"):
            f.fetch(local_server.url("/trickle"))
    assert len(local_server.hits("/trickle")) == 2
    assert len(sent) < 20


# -- conditional requests ------------------------------------------------------------

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 01 May 2024 14:30:00 GMT"


def _conditional_feed(request: Request) -> Reply:
    """Honours If-None-Match, and If-Modified-Since when no ETag was sent (RFC 9110)."""
    validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
    match = request.headers.get("if-none-match")
    if match is not None:
        unchanged = match == ETAG
    else:
        unchanged = request.headers.get("if-modified-since") == LAST_MODIFIED
    if unchanged:
        return Reply(304, b"", validators)
    return Reply(200, b"<rss/>", {"Content-Type": "application/rss+xml", **validators})


def test_first_fetch_is_unconditional_and_returns_validators(local_server: LocalServer) -> None:
    local_server.route("/feed", _conditional_feed)
    with Fetcher(fetch_settings(), allow_private=True) as f:
        result = f.fetch(local_server.url("/feed"))
    assert (result.status, result.content, result.not_modified) == (200, b"<rss/>", False)
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    (request,) = local_server.hits("/feed")
    assert "if-none-match" not in request.headers
    assert "if-modified-since" not in request.headers


@pytest.mark.parametrize(
    "validators",
    [{"etag": ETAG}, {"last_modified": LAST_MODIFIED}, {"etag": ETAG, "last_modified": LAST_MODIFIED}],
)
def test_unchanged_resource_answers_not_modified(
    local_server: LocalServer, validators: dict[str, str]
) -> None:
    local_server.route("/feed", _conditional_feed)
    with Fetcher(fetch_settings(), allow_private=True) as f:
        result = f.fetch(local_server.url("/feed"), **validators)
    assert result.not_modified
    assert (result.status, result.content) == (304, b"")
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    (request,) = local_server.hits("/feed")
    assert request.headers.get("if-none-match") == validators.get("etag")
    assert request.headers.get("if-modified-since") == validators.get("last_modified")


def test_changed_resource_is_downloaded_again(local_server: LocalServer) -> None:
    local_server.route("/feed", _conditional_feed)
    with Fetcher(fetch_settings(), allow_private=True) as f:
        result = f.fetch(local_server.url("/feed"), etag='"v0"', last_modified=LAST_MODIFIED)
    assert not result.not_modified
    assert (result.content, result.etag) == (b"<rss/>", ETAG)


def test_not_modified_without_validators_keeps_the_callers(local_server: LocalServer) -> None:
    local_server.route("/bare", Reply(304))
    with Fetcher(fetch_settings(), allow_private=True) as f:
        result = f.fetch(local_server.url("/bare"), etag=ETAG, last_modified=LAST_MODIFIED)
    assert result.not_modified
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)


def test_not_modified_to_an_unconditional_request_is_an_error(local_server: LocalServer) -> None:
    local_server.route("/bare", Reply(304))
    with Fetcher(fetch_settings(), allow_private=True) as f, pytest.raises(FetchError, match="HTTP 304"):
        f.fetch(local_server.url("/bare"))


def test_validators_that_cannot_be_headers_are_left_out(local_server: LocalServer) -> None:
    local_server.route("/feed", _conditional_feed)
    with Fetcher(fetch_settings(), allow_private=True) as f:
        injected = f.fetch(local_server.url("/feed"), etag='"v1"\r\nX-Injected: 1')
        unicode = f.fetch(local_server.url("/feed"), etag='"caf\u00e9"')
    assert injected.status == 200 and unicode.status == 200
    first, second = local_server.hits("/feed")
    assert "if-none-match" not in first.headers and "x-injected" not in first.headers
    assert second.headers["if-none-match"] == '"caf\u00e9"'.encode().decode("latin-1")


# -- a bad URL or server costs one item, never the run ----------------------------------


@pytest.mark.parametrize(
    ("url", "item", "words"),
    [
        ("https://[bad/", "https://[bad/", "not a valid URL (invalid host '[bad'); check the URL"),
        ("http://[::1", "http://[::1", "not a valid URL (Invalid port: ':1')"),
        ("http://exa mple.com/", "http://exa mple.com/", "invalid host"),
        ("http://a..b/", "http://a..b/", "invalid host"),
        ("http://./", "http://./", "invalid host"),
        ("http://" + "a" * 64 + ".example/", "http://" + "a" * 64 + ".example/", "invalid host"),
        ("http://example.com/a\nb", "http://example.com/a\\nb", "not a valid URL"),
        ("http://exa\x00mple.com/", "http://exa\\x00mple.com/", "not a valid URL"),
        ("http://example.com/\ud800", "http://example.com/\\ud800", "not a valid URL"),
        ("http://127.0.0.1:99999/", "http://127.0.0.1:99999/", "not a valid URL (invalid port 99999); ports run from 1 to 65535"),
        ("http://127.0.0.1:0/", "http://127.0.0.1:0/", "not a valid URL (invalid port 0)"),
    ],
)
def test_malformed_url_is_one_line_fetch_error(url: str, item: str, words: str) -> None:
    # allow_private: nothing but the URL itself can refuse these.
    with Fetcher(fetch_settings(), allow_private=True) as f, pytest.raises(FetchError) as info:
        f.fetch(url)
    assert info.value.item == item
    assert words in info.value.reason
    message = str(info.value)
    assert message.isprintable(), message
    assert "; " in info.value.reason  # what happened; what to do


def test_port_past_65535_does_not_wrap_around(local_server: LocalServer) -> None:
    local_server.route("/secret", Reply(200, b"secret"))
    with Fetcher(fetch_settings(), allow_private=True) as f, pytest.raises(FetchError, match="invalid port"):
        f.fetch(f"http://127.0.0.1:{65536 + local_server.port}/secret")
    assert local_server.requests == []


@pytest.mark.parametrize(
    ("location", "words"),
    [
        ("http://[::1", "redirect to http://[::1 refused: not a valid URL"),
        ("https://[bad/", "refused: not a valid URL (invalid host"),
        ("http://exa mple.com/", "refused: not a valid URL (invalid host"),
        ("http://127.0.0.1:70000/", "refused: not a valid URL (invalid port 70000)"),
    ],
)
def test_malformed_redirect_is_fetch_error(local_server: LocalServer, location: str, words: str) -> None:
    local_server.route("/start", redirect(location))
    with Fetcher(fetch_settings(), allow_private=True) as f, pytest.raises(FetchError) as info:
        f.fetch(local_server.url("/start"))
    assert words in info.value.reason


def test_retry_after_with_unicode_digit_falls_back_to_backoff(local_server: LocalServer) -> None:
    # "²" is a digit to str.isdigit() but not to float(); the header arrives as latin-1.
    local_server.route("/busy", sequence(Reply(503, headers={"Retry-After": "\u00b2"}), Reply(200, b"ok")))
    with Fetcher(fetch_settings(retries=1), allow_private=True) as f:
        assert f.fetch(local_server.url("/busy")).content == b"ok"


@pytest.mark.parametrize(
    "rules",
    [
        "User-agent: *\nCrawl-delay: \u00b2\nDisallow: /private\n",
        "User-agent: *\nRequest-rate: \u00b2/5\nDisallow: /private\n",
        "User-agent: *\nCrawl-delay: " + "9" * 5000 + "\nDisallow: /private\n",
        "User-agent: *\nCrawl-delay: " + "9" * 400 + "\nDisallow: /private\n",
    ],
)
def test_robots_with_unusable_rates_still_applies_its_rules(local_server: LocalServer, rules: str) -> None:
    local_server.route("/robots.txt", Reply(200, rules.encode()))
    local_server.route("/public", Reply(200, b"yes"))
    with Fetcher(fetch_settings(respect_robots=True), allow_private=True) as f:
        assert f.fetch(local_server.url("/public")).content == b"yes"
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            f.fetch(local_server.url("/private/x"))


def test_fetch_many_yields_errors_for_bad_urls_and_keeps_going(local_server: LocalServer) -> None:
    local_server.route("/good", Reply(200, b"good"))
    local_server.route("/bad-redirect", redirect("http://[::1"))
    urls = [
        "https://[bad/",
        local_server.url("/good"),
        "http://example.com/\ud800",
        local_server.url("/bad-redirect"),
        "http://exa\x00mple.com/",
        "http://127.0.0.1:99999/",
        local_server.url("/good"),
    ]
    with Fetcher(fetch_settings(), allow_private=True) as f:
        results = list(f.fetch_many(urls))
    assert [url for url, _ in results] == urls
    outcomes = [type(outcome) for _, outcome in results]
    assert outcomes == [FetchError, FetchResult, FetchError, FetchError, FetchError, FetchError, FetchResult]


def _no_dns(host: str) -> list[IPAddress]:
    raise FetchError(host, f"cannot resolve host {host!r} (no DNS in this test); check the URL")


def _reaches_the_network(url: str) -> bool:
    """Whether ``url`` names a public IP literal, which the guard would let through."""
    try:
        host = httpx.URL(url).raw_host.decode("ascii")
        address = ipaddress.ip_address(host)
    except Exception:
        return False
    return address.is_global


_HOST_CHARS = st.sampled_from(list("ab1.-_:[]%@ \t\n\x00\u00e9\u2488\ud800/?#"))
_URLS = st.one_of(
    st.text(max_size=40),
    st.builds(
        "{}://{}{}{}".format,
        st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
        st.text(_HOST_CHARS, max_size=16),
        st.one_of(st.just(""), st.integers(-10, 200_000).map(":{}".format), st.text(max_size=4).map(":{}".format)),
        st.text(max_size=12),
    ),
)


def test_arbitrary_urls_only_ever_raise_one_line_fetch_errors() -> None:
    with pytest.MonkeyPatch.context() as patch, Fetcher(fetch_settings()) as f:
        patch.setattr(fetch_module, "_resolve", _no_dns)

        @hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(url=_URLS)
        def check(url: str) -> None:
            assume(not _reaches_the_network(url))
            with pytest.raises(FetchError) as info:
                f.fetch(url)
            assert str(info.value).isprintable(), repr(str(info.value))
            assert "unexpected" not in info.value.reason, info.value.reason

        check()


def test_a_proxy_named_in_the_environment_is_used(local_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The local server stands in for the proxy: it is asked for the absolute URL.
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, local_server.url(""))
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    target = "http://localhost:9/page"
    local_server.route(target, Reply(200, b"through the proxy", {"Content-Type": "text/plain"}))
    with Fetcher(allow_private=True) as fetcher:
        assert fetcher.fetch(target).content == b"through the proxy"
    assert local_server.hits(target)
