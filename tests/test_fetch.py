"""Fetcher against a real local HTTP server (tests/httpserver.py); no mocks."""

from __future__ import annotations

import gzip
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import fetch_settings
from newsprism.errors import ConfigError, FetchError
from newsprism.settings import FetchSettings, default_settings, with_values
from newsprism.sources.fetch import Fetcher, FetchResult

sys.path.insert(0, str(Path(__file__).parent))
from httpserver import (  # noqa: E402
    LocalServer,
    Reply,
    local_server,  # noqa: E402, F401  (pytest fixture)
    redirect,
    sequence,
)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(fetch_settings(), allow_private=True) as f:
        yield f


def gap(first: float, second: float) -> float:
    return second - first


# -- success ---------------------------------------------------------------------


def test_fetch_returns_content_type_and_charset(local_server: LocalServer, fetcher: Fetcher) -> None:
    local_server.route(
        "/page", Reply(200, b"caf\xe9", {"Content-Type": 'Text/HTML; Charset="ISO-8859-1"'})
    )
    result = fetcher.fetch(local_server.url("/page"))
    assert result == FetchResult(
        url=local_server.url("/page"),
        requested_url=local_server.url("/page"),
        status=200,
        content=b"caf\xe9",
        content_type="text/html",
        charset="iso-8859-1",
    )


def test_missing_content_type_gives_none(local_server: LocalServer, fetcher: Fetcher) -> None:
    local_server.route("/raw", Reply(200, b"x"))
    result = fetcher.fetch(local_server.url("/raw"))
    assert (result.content_type, result.charset) == (None, None)


def test_gzip_body_is_decoded(local_server: LocalServer, fetcher: Fetcher) -> None:
    local_server.route("/gz", Reply(200, gzip.compress(b"hello " * 100), {"Content-Encoding": "gzip"}))
    assert fetcher.fetch(local_server.url("/gz")).content == b"hello " * 100


def test_user_agent_is_honest_on_every_request(local_server: LocalServer) -> None:
    local_server.route("/a", Reply(200, b"a"))
    with Fetcher(fetch_settings(respect_robots=True), allow_private=True, version="9.9") as f:
        f.fetch(local_server.url("/a"))
    agents = [r.headers.get("user-agent", "") for r in local_server.requests]
    assert [r.path for r in local_server.requests] == ["/robots.txt", "/a"]
    assert all(agent.startswith("newsprism/9.9 (+https://") for agent in agents), agents


# -- refused URLs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/passwd", "refused scheme 'file'"),
        ("ftp://example.com/x", "refused scheme 'ftp'"),
        ("javascript:alert(1)", "refused scheme 'javascript'"),
        ("data:text/plain,hi", "refused scheme 'data'"),
        ("example.com/news", "no scheme"),
        ("http:///path", "no host"),
    ],
)
def test_non_http_urls_are_refused(fetcher: Fetcher, url: str, words: str) -> None:
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert words in info.value.reason
    assert info.value.item == url


def test_private_targets_are_refused_before_any_request(local_server: LocalServer) -> None:
    local_server.route("/secret", Reply(200, b"secret"))
    port = local_server.port
    urls = [
        local_server.url("/secret"),
        local_server.url("/secret", host="localhost"),
        f"http://[::ffff:127.0.0.1]:{port}/secret",
        f"http://2130706433:{port}/secret",  # 127.0.0.1 as one decimal number
        "http://10.1.2.3/secret",
        "http://169.254.169.254/latest/meta-data/",
    ]
    with Fetcher(fetch_settings(respect_robots=True)) as f:
        for url in urls:
            with pytest.raises(FetchError) as info:
                f.fetch(url)
            assert "--allow-private" in info.value.reason, url
    assert local_server.requests == []


def test_refusal_names_the_address(local_server: LocalServer) -> None:
    with Fetcher(fetch_settings()) as f, pytest.raises(FetchError) as info:
        f.fetch(local_server.url("/", host="localhost"))
    assert "localhost resolves to 127.0.0.1, a loopback address" in info.value.reason
    with Fetcher(fetch_settings()) as f, pytest.raises(FetchError) as info:
        f.fetch("http://[::ffff:10.0.0.1]/")
    assert "::ffff:10.0.0.1 is a private address (IPv4 10.0.0.1 inside IPv6)" in info.value.reason


def test_allow_private_keyword_overrides_settings(local_server: LocalServer) -> None:
    local_server.route("/a", Reply(200, b"a"))
    with Fetcher(fetch_settings(allow_private=False), allow_private=True) as f:
        assert f.fetch(local_server.url("/a")).content == b"a"
    with Fetcher(fetch_settings(allow_private=True), allow_private=False) as f, pytest.raises(FetchError):
        f.fetch(local_server.url("/a"))
    with Fetcher(fetch_settings(allow_private=True)) as f:
        assert f.fetch(local_server.url("/a")).content == b"a"


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "100.64.0.1",  # carrier-grade NAT
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::1",  # 6to4 wrapping 127.0.0.1
        "localhost",
    ],
)
def test_check_address_refuses_non_public(host: str) -> None:
    with Fetcher(fetch_settings()) as f, pytest.raises(FetchError, match="--allow-private"):
        f._check_address(host)


@pytest.mark.parametrize("host", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_check_address_accepts_public_literals(host: str) -> None:
    with Fetcher(fetch_settings()) as f:
        f._check_address(host)  # literal IPs: no DNS needed


class _TrustsLocalhostName(Fetcher):
    """Treats the *name* localhost as public, so the test server stands in for a
    public site while every other host (e.g. literal 127.0.0.1) is really checked."""

    def _check_address(self, host: str) -> None:
        if host != "localhost":
            super()._check_address(host)


def test_redirect_to_private_address_is_refused(local_server: LocalServer) -> None:
    local_server.route("/start", redirect(local_server.url("/secret")))
    local_server.route("/secret", Reply(200, b"secret"))
    with _TrustsLocalhostName(fetch_settings()) as f, pytest.raises(FetchError) as info:
        f.fetch(local_server.url("/start", host="localhost"))
    assert "redirect to http://127.0.0.1" in info.value.reason
    assert "--allow-private" in info.value.reason
    assert local_server.hits("/secret") == []
    assert len(local_server.hits("/start")) == 1


def test_redirect_to_other_scheme_is_refused(local_server: LocalServer, fetcher: Fetcher) -> None:
    local_server.route("/start", redirect("file:///etc/passwd"))
    with pytest.raises(FetchError, match="refused scheme 'file'"):
        fetcher.fetch(local_server.url("/start"))


# -- redirects ----------------------------------------------------------------------


def test_redirect_chain_within_cap(local_server: LocalServer) -> None:
    local_server.route("/r1", redirect("/r2", 301))
    local_server.route("/r2", redirect("r3", 307))  # relative to /r2
    local_server.route("/r3", redirect(local_server.url("/final"), 303))
    local_server.route("/final", Reply(200, b"done"))
    with Fetcher(fetch_settings(max_redirects=3), allow_private=True) as f:
        result = f.fetch(local_server.url("/r1"))
    assert result.url == local_server.url("/final")
    assert result.requested_url == local_server.url("/r1")
    assert result.content == b"done"


def test_redirect_loop_is_an_error(local_server: LocalServer) -> None:
    local_server.route("/loop", redirect("/loop"))
    with Fetcher(fetch_settings(max_redirects=3), allow_private=True) as f:
        with pytest.raises(FetchError, match="more than 3 redirects"):
            f.fetch(local_server.url("/loop"))
    assert len(local_server.hits("/loop")) == 4


def test_one_redirect_too_many(local_server: LocalServer) -> None:
    local_server.route("/r1", redirect("/r2"))
    local_server.route("/r2", redirect("/final"))
    local_server.route("/final", Reply(200, b"done"))
    with Fetcher(fetch_settings(max_redirects=1), allow_private=True) as f:
        with pytest.raises(FetchError, match="more than 1 redirects"):
            f.fetch(local_server.url("/r1"))
    assert local_server.hits("/final") == []


# -- size cap ------------------------------------------------------------------------


def test_declared_length_over_cap_is_refused(local_server: LocalServer) -> None:
    local_server.route("/big", Reply(200, b"x" * 5000))
    with Fetcher(fetch_settings(max_bytes=1000), allow_private=True) as f:
        with pytest.raises(FetchError, match="larger than 1000 bytes; raise fetch.max_bytes"):
            f.fetch(local_server.url("/big"))


@pytest.mark.timeout(30)  # without the cap this would read forever
def test_endless_chunked_body_is_cut_off(local_server: LocalServer) -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"x" * 65536

    local_server.route("/stream", lambda request: Reply(200, endless()))
    started = time.monotonic()
    with Fetcher(fetch_settings(max_bytes=200_000), allow_private=True) as f:
        with pytest.raises(FetchError, match="larger than 200000 bytes"):
            f.fetch(local_server.url("/stream"))
    assert time.monotonic() - started < 5


def test_gzip_bomb_is_cut_off(local_server: LocalServer) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    local_server.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with Fetcher(fetch_settings(max_bytes=100_000), allow_private=True) as f:
        with pytest.raises(FetchError, match="larger than 100000 bytes"):
            f.fetch(local_server.url("/bomb"))


def test_body_at_cap_is_accepted(local_server: LocalServer) -> None:
    local_server.route("/exact", Reply(200, [b"x" * 500, b"y" * 500]))
    with Fetcher(fetch_settings(max_bytes=1000), allow_private=True) as f:
        assert len(f.fetch(local_server.url("/exact")).content) == 1000


# -- retries and errors --------------------------------------------------------------


def test_retries_503_until_success(local_server: LocalServer) -> None:
    local_server.route("/flaky", sequence(Reply(503), Reply(503), Reply(200, b"ok")))
    with Fetcher(fetch_settings(retries=3), allow_private=True) as f:
        assert f.fetch(local_server.url("/flaky")).content == b"ok"
    assert len(local_server.hits("/flaky")) == 3


def test_gives_up_after_retries(local_server: LocalServer) -> None:
    local_server.route("/down", Reply(502))
    with Fetcher(fetch_settings(retries=2), allow_private=True) as f:
        with pytest.raises(FetchError, match=r"HTTP 502 Bad Gateway after 3 attempt"):
            f.fetch(local_server.url("/down"))
    assert len(local_server.hits("/down")) == 3


def test_backoff_is_exponential(local_server: LocalServer) -> None:
    local_server.route("/flaky", sequence(Reply(500), Reply(500), Reply(200, b"ok")))
    with Fetcher(fetch_settings(retries=2, backoff_seconds=0.2), allow_private=True) as f:
        f.fetch(local_server.url("/flaky"))
    first, second, third = (r.time for r in local_server.hits("/flaky"))
    assert gap(first, second) >= 0.18
    assert gap(second, third) >= 0.38


def test_retry_after_is_honoured(local_server: LocalServer) -> None:
    local_server.route(
        "/busy", sequence(Reply(429, headers={"Retry-After": "1"}), Reply(200, b"ok"))
    )
    with Fetcher(fetch_settings(retries=1), allow_private=True) as f:
        assert f.fetch(local_server.url("/busy")).content == b"ok"
    first, second = (r.time for r in local_server.hits("/busy"))
    assert gap(first, second) >= 0.9


def test_404_fails_at_once(local_server: LocalServer) -> None:
    with Fetcher(fetch_settings(retries=3), allow_private=True) as f:
        with pytest.raises(FetchError) as info:
            f.fetch(local_server.url("/missing"))
    assert info.value.reason == "HTTP 404 Not Found"
    assert len(local_server.hits("/missing")) == 1


def test_error_after_redirect_names_final_url(local_server: LocalServer, fetcher: Fetcher) -> None:
    local_server.route("/moved", redirect("/gone"))
    local_server.route("/gone", Reply(410))
    with pytest.raises(FetchError, match=r"HTTP 410 Gone \(from http://127.0.0.1:\d+/gone"):
        fetcher.fetch(local_server.url("/moved"))


def test_timeout_is_retried_then_reported(local_server: LocalServer) -> None:
    local_server.route("/slow", Reply(200, b"late", delay=1.0))
    with Fetcher(fetch_settings(timeout_seconds=0.2, retries=1), allow_private=True) as f:
        with pytest.raises(FetchError, match="timed out waiting for .* after 2 attempt"):
            f.fetch(local_server.url("/slow"))
    assert len(local_server.hits("/slow")) == 2


def test_connection_refused_is_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on ``port`` any more.
    with Fetcher(fetch_settings(retries=1), allow_private=True) as f:
        with pytest.raises(FetchError, match="could not connect to 127.0.0.1 after 2 attempt"):
            f.fetch(f"http://127.0.0.1:{port}/")


def test_bad_settings_raise_config_error() -> None:
    with pytest.raises(ConfigError, match="max_bytes"):
        fetch_settings(max_bytes=0)
    with pytest.raises(ConfigError, match="per_host_concurrency"):
        fetch_settings(per_host_concurrency=0)
    with pytest.raises(ConfigError, match="placeholder"):
        Fetcher(fetch_settings(user_agent="newsprism/{release}"))


# -- robots.txt ----------------------------------------------------------------------


def robots_settings(**overrides: Any) -> dict[str, Any]:
    return fetch_settings(respect_robots=True, **overrides)


def test_robots_disallow_refuses_without_fetching(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private\n"))
    local_server.route("/private/story", Reply(200, b"no"))
    local_server.route("/public", Reply(200, b"yes"))
    with Fetcher(robots_settings(), allow_private=True) as f:
        with pytest.raises(FetchError, match="disallowed by robots.txt at http://127.0.0.1:"):
            f.fetch(local_server.url("/private/story"))
        assert f.fetch(local_server.url("/public")).content == b"yes"
    assert local_server.hits("/private/story") == []


def test_robots_rules_for_newsprism_apply(local_server: LocalServer) -> None:
    robots = b"User-agent: newsprism\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    local_server.route("/robots.txt", Reply(200, robots))
    local_server.route("/a", Reply(200, b"a"))
    with Fetcher(robots_settings(), allow_private=True) as f, pytest.raises(FetchError):
        f.fetch(local_server.url("/a"))
    assert local_server.hits("/a") == []


def test_robots_404_allows_everything(local_server: LocalServer) -> None:
    local_server.route("/a", Reply(200, b"a"))
    with Fetcher(robots_settings(), allow_private=True) as f:
        assert f.fetch(local_server.url("/a")).content == b"a"
    assert len(local_server.hits("/robots.txt")) == 1


def test_robots_403_disallows_everything(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", Reply(403))
    local_server.route("/a", Reply(200, b"a"))
    with Fetcher(robots_settings(), allow_private=True) as f:
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            f.fetch(local_server.url("/a"))
    assert local_server.hits("/a") == []


def test_robots_503_refuses_for_now_and_is_not_cached(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", sequence(Reply(503), Reply(404)))
    local_server.route("/a", Reply(200, b"a"))
    with Fetcher(robots_settings(), allow_private=True) as f:
        with pytest.raises(FetchError, match="robots.txt at .* answered HTTP 503"):
            f.fetch(local_server.url("/a"))
        assert f.fetch(local_server.url("/a")).content == b"a"
    assert len(local_server.hits("/robots.txt")) == 2


def test_unreachable_robots_allows(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n", delay=1.0))
    local_server.route("/a", Reply(200, b"a"))
    with Fetcher(robots_settings(timeout_seconds=0.3), allow_private=True) as f:
        assert f.fetch(local_server.url("/a")).content == b"a"


def test_robots_fetched_once_per_host(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /no\n"))
    for name in ("a", "b", "c", "d"):
        local_server.route(f"/{name}", Reply(200, name.encode()))
    urls = [local_server.url(f"/{name}") for name in ("a", "b", "c", "d")]
    with Fetcher(robots_settings(per_host_concurrency=4), allow_private=True) as f:
        results = list(f.fetch_many(urls))
        f.fetch(local_server.url("/a"))
    assert all(isinstance(result, FetchResult) for _, result in results)
    assert len(local_server.hits("/robots.txt")) == 1
    # "localhost" is another host (origin), with its own robots.txt.
    with Fetcher(robots_settings(), allow_private=True) as f:
        f.fetch(local_server.url("/a", host="localhost"))
    assert len(local_server.hits("/robots.txt")) == 2


def test_crawl_delay_spaces_requests(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", Reply(200, b"User-agent: *\nCrawl-delay: 1\n"))
    local_server.route("/a", Reply(200, b"a"))
    local_server.route("/b", Reply(200, b"b"))
    with Fetcher(robots_settings(), allow_private=True) as f:
        f.fetch(local_server.url("/a"))
        f.fetch(local_server.url("/b"))
    (a,), (b,) = local_server.hits("/a"), local_server.hits("/b")
    assert gap(a.time, b.time) >= 0.9


# -- politeness and fetch_many -------------------------------------------------------


def test_per_host_delay_between_sequential_fetches(local_server: LocalServer) -> None:
    local_server.route("/a", Reply(200, b"a"))
    local_server.route("/b", Reply(200, b"b"))
    with Fetcher(fetch_settings(per_host_delay_seconds=0.3), allow_private=True) as f:
        f.fetch(local_server.url("/a"))
        f.fetch(local_server.url("/b"))
    (a,), (b,) = local_server.hits("/a"), local_server.hits("/b")
    assert gap(a.time, b.time) >= 0.25


def test_per_host_delay_holds_under_concurrency(local_server: LocalServer) -> None:
    paths = [f"/p{i}" for i in range(4)]
    for path in paths:
        local_server.route(path, Reply(200, path.encode()))
    config = fetch_settings(per_host_delay_seconds=0.2, per_host_concurrency=4, total_concurrency=4)
    with Fetcher(config, allow_private=True) as f:
        list(f.fetch_many(local_server.url(path) for path in paths))
    times = sorted(r.time for r in local_server.requests)
    assert len(times) == 4
    assert all(gap(x, y) >= 0.15 for x, y in zip(times, times[1:])), times


def test_fetch_many_yields_one_result_per_url_in_input_order(local_server: LocalServer) -> None:
    local_server.route("/slow", Reply(200, b"slow", delay=0.3))
    local_server.route("/fast", Reply(200, b"fast"))
    urls = [
        local_server.url("/slow"),
        local_server.url("/missing"),
        "file:///etc/passwd",
        local_server.url("/fast"),
    ]
    with Fetcher(fetch_settings(), allow_private=True) as f:
        results = list(f.fetch_many(urls))
    assert [url for url, _ in results] == urls
    slow, missing, refused, fast = (result for _, result in results)
    assert isinstance(slow, FetchResult) and slow.content == b"slow"
    assert isinstance(missing, FetchError) and "404" in missing.reason
    assert isinstance(refused, FetchError) and "scheme" in refused.reason
    assert isinstance(fast, FetchResult) and fast.content == b"fast"


def test_fetch_many_of_nothing(fetcher: Fetcher) -> None:
    assert list(fetcher.fetch_many([])) == []
