"""Polite, guarded HTTP fetching.

Every URL newsprism downloads goes through :class:`Fetcher`, which

* fetches only http and https URLs;
* refuses hosts that are, or resolve to, private, loopback, link-local and
  other non-public addresses (unless private fetching is allowed), checking
  again on every redirect hop, because a public page can redirect inward;
* resolves each host name once per request and connects to exactly the
  addresses it checked, so a name cannot answer differently at connect time;
* caps response size, and gives each attempt one time limit covering connect,
  headers and the whole body; retries only failures that may be transient;
* sends conditional requests (ETag, Last-Modified) for callers that poll;
* honours robots.txt (including Crawl-delay) and spaces out requests to the
  same host;
* announces itself with an honest User-Agent on every request.

Every failure is raised as :class:`~newsprism.errors.FetchError`, so one bad
URL or misbehaving server never ends a whole run.
"""

from __future__ import annotations

import contextvars
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
import urllib.robotparser
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from types import TracebackType

import httpcore
import httpx

from ..errors import ConfigError, FetchError, PrivateAddressError
from ..settings import FetchSettings, default_settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_ALLOWED_SCHEMES = frozenset({"http", "https"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Where _take_location keeps a redirect's Location header.
_LOCATION = "newsprism.location"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Failures that say nothing about the URL itself, so trying again may help.
_TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# Caps on waits a server asks for, so one host cannot stall a whole run.
_MAX_RETRY_AFTER_SECONDS = 30.0
_MAX_CRAWL_DELAY_SECONDS = 60.0
_DEFAULT_ROBOTS_TOKEN = "newsprism"
# Synthetic robots.txt bodies for "no rules" and "nothing allowed".
_ALLOW_ALL: tuple[str, ...] = ()
_DISALLOW_ALL = ("User-agent: *", "Disallow: /")
_PRIVATE_HINT = "pass --allow-private to fetch from private or loopback addresses"
_URL_HINT = "give a full http:// or https:// URL"
_HOST_HINT = "check the URL: a host is a name like example.com, or an address like 192.0.2.1 or [2001:db8::1]"
# What a DNS name may look like once httpx has applied IDNA (underscores occur in real names).
_HOST_NAME = re.compile(r"[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*\.?", re.IGNORECASE)
_MAX_HOST_NAME = 253
# robotparser int()s any rate value str.isdigit() accepts, which includes "²" and
# numbers past Python's digit limit; lines whose value is not this are dropped.
_ROBOTS_RATE_FIELDS = frozenset({"crawl-delay", "request-rate"})
_ROBOTS_RATE_VALUE = re.compile(r"[0-9./ \t]{0,32}")
# Address properties that make a host off-limits, in the order they are reported.
_NON_PUBLIC_KINDS = (
    ("a loopback", "is_loopback"),
    ("an unspecified", "is_unspecified"),
    ("a link-local", "is_link_local"),
    ("a private", "is_private"),
    ("a multicast", "is_multicast"),
    ("a reserved", "is_reserved"),
)


@dataclass(frozen=True)
class FetchResult:
    """One successfully downloaded resource."""

    url: str  # final URL after redirects
    requested_url: str
    status: int
    content: bytes
    content_type: str | None  # media type without parameters, lower-case
    charset: str | None  # charset parameter of Content-Type, lower-case
    # Validators to pass to the next fetch() of the same URL.
    etag: str | None = None
    last_modified: str | None = None
    # True when a conditional request got 304: content is empty, the caller's copy is current.
    not_modified: bool = False


@dataclass(frozen=True)
class _Settings:
    user_agent: str
    timeout: float
    connect_timeout: float
    max_bytes: int
    max_redirects: int
    retries: int
    backoff: float
    per_host_concurrency: int
    per_host_delay: float
    total_concurrency: int
    respect_robots: bool
    allow_private: bool

    @classmethod
    def from_settings(cls, chosen: FetchSettings, *, version: str, allow_private: bool | None) -> _Settings:
        """The run's ``[fetch]`` section (already validated), with the version in the user agent."""
        return cls(
            user_agent=_format_user_agent(chosen.user_agent, version),
            timeout=chosen.timeout_seconds,
            connect_timeout=chosen.connect_timeout_seconds,
            max_bytes=chosen.max_bytes,
            max_redirects=chosen.max_redirects,
            retries=chosen.retries,
            backoff=chosen.backoff_seconds,
            per_host_concurrency=chosen.per_host_concurrency,
            per_host_delay=chosen.per_host_delay_seconds,
            total_concurrency=chosen.total_concurrency,
            respect_robots=chosen.respect_robots,
            allow_private=chosen.allow_private if allow_private is None else allow_private,
        )


def _format_user_agent(template: str, version: str) -> str:
    try:
        return template.format(version=version)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"fetch.user_agent {template!r} is not a valid template ({exc}); "
            "the only placeholder is {version}"
        ) from None


@dataclass(frozen=True)
class _Reply:
    """What one request produced; the body is read only for 2xx answers."""

    url: httpx.URL
    status: int
    headers: httpx.Headers
    content: bytes
    location: str | None  # set for redirects only


# When the fetch attempt running in this thread must end (time.monotonic()).
_ATTEMPT_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "newsprism_fetch_deadline", default=None
)


@contextmanager
def _time_limit(seconds: float) -> Iterator[float]:
    """One deadline for a whole attempt: connect, TLS, headers and body."""
    deadline = time.monotonic() + seconds
    token = _ATTEMPT_DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _ATTEMPT_DEADLINE.reset(token)


def _within_deadline(timeout: float | None, expired: type[httpcore.TimeoutException]) -> float | None:
    """``timeout`` cut to what is left of this thread's attempt; ``expired`` once nothing is."""
    deadline = _ATTEMPT_DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the time limit for the whole response ran out")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the attempt's deadline.

    httpx's own timeouts apply per read, so a server trickling one byte at a
    time could hold an attempt for as long as it liked.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _within_deadline(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _within_deadline(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects to the addresses the Fetcher resolved (and checked), never resolving again.

    Letting the HTTP client resolve the name a second time would let DNS answer
    with a public address for the check and a private one for the connection
    (DNS rebinding). The URL keeps the name, so the Host header, TLS SNI and
    certificate verification still use it.
    """

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self._lock = threading.Lock()
        self._pins: dict[str, tuple[IPAddress, ...]] = {}

    def pin(self, host: str, addresses: Sequence[IPAddress]) -> None:
        with self._lock:
            self._pins[host] = tuple(addresses)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        failure: Exception = httpcore.ConnectError(f"{host} has no address to connect to")
        # In resolver order, like socket.create_connection.
        for address in self._addresses(host):
            limit = _within_deadline(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(str(address), port, limit, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        raise failure

    def _addresses(self, host: str) -> tuple[IPAddress, ...]:
        literal = _literal_ip(host)
        if literal is not None:
            return (literal,)
        with self._lock:
            pinned = self._pins.get(host)
        if pinned:
            return pinned
        # Every checked name is pinned, so only a subclass that skips the check gets here.
        try:
            return tuple(_resolve(host))
        except FetchError as exc:
            raise httpcore.ConnectError(exc.reason) from None


def _take_location(response: httpx.Response) -> None:
    """Move a redirect's Location out of httpx's sight, into the response's extensions.

    Even when not following redirects, httpx parses Location and turns a
    malformed one into a protocol error ("could not connect", retried);
    _validated reports it as the refused redirect it is.
    """
    if response.status_code in _REDIRECT_STATUSES and "location" in response.headers:
        response.extensions[_LOCATION] = response.headers["location"]
        del response.headers["location"]


def _proxied() -> bool:
    """Whether the environment names an HTTP(S) proxy, which httpx then uses."""
    return any(scheme in urllib.request.getproxies() for scheme in ("http", "https", "all"))


def _pinned_transport(backend: _PinnedBackend) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport()
    # httpx has no public setting for httpcore's network backend: swap in a pool
    # with httpx's default TLS context and limits that connects through ``backend``.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=backend,
    )
    return transport


class _HostGate:
    """Per-host politeness: bounded concurrency and a minimum gap between request starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._delay = delay
        self._next_start = 0.0

    def raise_delay(self, delay: float) -> None:
        with self._lock:
            self._delay = max(self._delay, delay)

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            # Reserve a start time under the lock, sleep outside it, so
            # concurrent callers queue up at delay-spaced start times.
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self._delay
            time.sleep(max(0.0, start - now))
            yield


@dataclass
class _RobotsEntry:
    """robots.txt rules of one origin; the lock makes concurrent callers fetch it once."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    parser: urllib.robotparser.RobotFileParser | None = None


class Fetcher:
    """Downloads URLs politely and safely; use as a context manager or call close()."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        allow_private: bool | None = None,
        transport: httpx.BaseTransport | None = None,
        version: str = "0.1.0",
    ) -> None:
        """``transport`` replaces the network layer (address pinning and the
        attempt deadline included); it is meant for tests."""
        self._settings = _Settings.from_settings(
            settings or default_settings().fetch, version=version, allow_private=allow_private
        )
        self._robots_token = _product_token(self._settings.user_agent)
        self._backend = _PinnedBackend()
        self._client = httpx.Client(
            headers={"User-Agent": self._settings.user_agent},
            timeout=httpx.Timeout(
                self._settings.timeout, connect=self._settings.connect_timeout
            ),
            # Redirects are followed by hand so every hop is re-validated.
            follow_redirects=False,
            # Behind a proxy (HTTP(S)_PROXY in the environment) the proxy resolves names and connects:
            # the address check still runs first, but the connection cannot be pinned to it.
            transport=transport or (None if _proxied() else _pinned_transport(self._backend)),
            event_hooks={"response": [_take_location]},
        )
        self._lock = threading.Lock()
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, _RobotsEntry] = {}

    # -- public API ---------------------------------------------------------

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Download ``url``, following redirects; raise FetchError on any failure.

        ``etag`` and ``last_modified`` (from an earlier FetchResult of this URL)
        make the request conditional: if the server answers 304, the result
        has ``not_modified=True`` and empty content.
        """
        # The URL as it appears in messages, which must stay on one line.
        item = _printable(url)
        try:
            return self._fetch(item, url, etag, last_modified)
        except FetchError:
            raise
        except Exception as exc:
            # A failure nobody foresaw must still cost one URL, not the run;
            # the chained exception keeps the traceback for debugging.
            raise FetchError(
                item,
                f"unexpected {type(exc).__name__} ({_one_line(exc)}); "
                "this is a bug in newsprism, please report it with this URL",
            ) from exc

    def _fetch(
        self, item: str, url: str, etag: str | None, last_modified: str | None
    ) -> FetchResult:
        validators = _conditional_headers(etag, last_modified)
        reply, requested = self._follow(
            item,
            url,
            obey_robots=self._settings.respect_robots,
            retries=self._settings.retries,
            headers=validators,
        )
        not_modified = reply.status == HTTPStatus.NOT_MODIFIED and bool(validators)
        if not (200 <= reply.status < 300 or not_modified):
            raise FetchError(item, self._status_reason(requested, reply))
        content_type, charset = _parse_content_type(reply.headers.get("content-type"))
        return FetchResult(
            url=str(reply.url),
            requested_url=url,
            status=reply.status,
            content=reply.content,
            content_type=content_type,
            charset=charset,
            # A 304 need not repeat the validators; the caller's ones still hold then.
            etag=reply.headers.get("etag") or (etag if not_modified else None),
            last_modified=reply.headers.get("last-modified")
            or (last_modified if not_modified else None),
            not_modified=not_modified,
        )

    def fetch_many(self, urls: Iterable[str]) -> Iterator[tuple[str, FetchResult | FetchError]]:
        """Fetch ``urls`` concurrently; yield ``(url, result or error)`` in input order.

        Input order (not completion order) lets callers pair results with
        their inputs; a slow URL delays only the yielding of later results,
        not their fetching.  fetch() raises only FetchError, so every URL
        yields a result or an error and none can end the loop.
        """
        items = list(urls)
        if not items:
            return
        workers = min(self._settings.total_concurrency, len(items))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsprism-fetch") as pool:
            futures = [pool.submit(self._fetch_or_error, url) for url in items]
            try:
                for url, future in zip(items, futures):
                    yield url, future.result()
            finally:
                # The caller may stop early: do not start fetches nobody will read.
                for future in futures:
                    future.cancel()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- redirects and retries ---------------------------------------------

    def _fetch_or_error(self, url: str) -> FetchResult | FetchError:
        try:
            return self.fetch(url)
        except FetchError as exc:
            return exc

    def _follow(
        self,
        item: str,
        url: str,
        *,
        obey_robots: bool,
        retries: int,
        headers: Mapping[bytes, bytes] | None = None,
    ) -> tuple[_Reply, httpx.URL]:
        """Request ``url`` and follow redirects, validating every hop.

        Returns the last reply and the parsed URL first requested.
        """
        requested = current = self._validated(item, url)
        redirects = 0
        while True:
            if obey_robots:
                self._check_robots(item, current)
            reply = self._send_with_retries(item, current, retries, headers)
            if reply.location is None:
                return reply, requested
            redirects += 1
            if redirects > self._settings.max_redirects:
                raise FetchError(
                    item,
                    f"more than {self._settings.max_redirects} redirects (last one from "
                    f"{current}); the URL redirects in a loop, or raise fetch.max_redirects",
                )
            current = self._validated(item, reply.location, base=current)

    def _send_with_retries(
        self, item: str, url: httpx.URL, retries: int, headers: Mapping[bytes, bytes] | None
    ) -> _Reply:
        attempts = retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                reply = self._attempt(item, url, headers)
            except _TRANSIENT_ERRORS as exc:
                if last:
                    reason = _transport_reason(url, exc, attempts, self._settings.timeout)
                    raise FetchError(item, reason) from exc
                time.sleep(self._backoff(attempt))
                continue
            except httpx.HTTPError as exc:
                reason = f"cannot fetch {url} ({_one_line(exc)}); check the URL, or try later"
                raise FetchError(item, reason) from exc
            if last or reply.status not in _RETRY_STATUSES:
                return reply
            wait = _retry_after(reply.headers)
            time.sleep(self._backoff(attempt) if wait is None else wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _backoff(self, attempt: int) -> float:
        return float(self._settings.backoff * 2**attempt)

    def _attempt(self, item: str, url: httpx.URL, headers: Mapping[bytes, bytes] | None) -> _Reply:
        """One GET, inside the host's politeness gate; the time limit starts once it is our turn."""
        with (
            self._gate(url).slot(),
            _time_limit(self._settings.timeout) as deadline,
            self._client.stream("GET", url, headers=headers) as response,
        ):
            status = response.status_code
            if status in _REDIRECT_STATUSES:
                location = response.extensions.get(_LOCATION)
                if not location:
                    raise FetchError(item, f"HTTP {status} redirect from {url} has no Location")
                return _Reply(url, status, response.headers, b"", location)
            # Error bodies are never used, so they are not downloaded.
            content = self._read_capped(item, url, response, deadline) if response.is_success else b""
            return _Reply(url, status, response.headers, content, None)

    def _read_capped(
        self, item: str, url: httpx.URL, response: httpx.Response, deadline: float
    ) -> bytes:
        """Stream the (decoded) body, stopping once it exceeds max_bytes or the deadline."""
        limit = self._settings.max_bytes
        declared = _content_length(response.headers)
        if declared is not None and declared > limit:
            raise FetchError(item, _too_large(url, limit))
        chunks: list[bytes] = []
        size = 0
        # iter_bytes decompresses, so the cap also stops gzip bombs.
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(item, _too_large(url, limit))
            chunks.append(chunk)
            # The network layer enforces the deadline too; this also covers a custom transport.
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the time limit for the whole response ran out")
        return b"".join(chunks)

    def _status_reason(self, requested: httpx.URL, reply: _Reply) -> str:
        reason = f"HTTP {reply.status} {_status_phrase(reply.status)}".rstrip()
        if reply.status in _RETRY_STATUSES:
            attempts = self._settings.retries + 1
            reason += f" after {attempts} attempt(s); the server is overloaded or failing, try later"
        if reply.url != requested:
            reason += f" (from {reply.url}, reached by redirect)"
        return reason

    # -- URL and address checks ---------------------------------------------

    def _validated(self, item: str, url: str, *, base: httpx.URL | None = None) -> httpx.URL:
        """Parse ``url`` (a redirect's Location if ``base`` is given) and refuse
        what must not be fetched (scheme, host, port, address)."""
        try:
            parsed = httpx.URL(url) if base is None else base.join(url)
        except (httpx.InvalidURL, UnicodeError) as exc:
            # UnicodeError: a lone surrogate, which no URL can carry.
            prefix = "" if base is None else f"redirect to {_printable(url)} refused: "
            raise FetchError(item, f"{prefix}not a valid URL ({_one_line(exc)}); {_URL_HINT}") from None
        prefix = "" if base is None else f"redirect to {parsed} refused: "
        if not parsed.scheme:
            raise FetchError(item, f"{prefix}no scheme; {_URL_HINT}")
        if parsed.scheme not in _ALLOWED_SCHEMES:
            raise FetchError(
                item,
                f"{prefix}refused scheme {parsed.scheme!r}; only http and https URLs are fetched",
            )
        if not parsed.host:
            raise FetchError(item, f"{prefix}no host; {_URL_HINT}")
        host = parsed.raw_host.decode("ascii")
        if _literal_ip(host) is None and not _is_host_name(host):
            # e.g. "https://[bad/", whose unclosed bracket httpx keeps as "%5Bbad".
            shown = urllib.parse.unquote(parsed.host)
            raise FetchError(item, f"{prefix}not a valid URL (invalid host {shown!r}); {_HOST_HINT}")
        if parsed.port is not None and not 0 < parsed.port < 65536:
            # The socket layer would wrap or reject it with an unrelated error.
            raise FetchError(
                item, f"{prefix}not a valid URL (invalid port {parsed.port}); ports run from 1 to 65535, fix the URL"
            )
        try:
            if self._settings.allow_private:
                self._pin(host)
            else:
                self._check_address(host)
        except FetchError as exc:
            raise type(exc)(item, prefix + exc.reason) from None
        return parsed

    def _pin(self, host: str) -> None:
        """Resolve ``host`` once; connections to it go to these addresses."""
        if _literal_ip(host) is None:
            self._backend.pin(host, _resolve(host))

    def _check_address(self, host: str) -> None:
        """Raise FetchError if ``host`` is, or resolves to, any non-public address.

        Every resolved address must be public: a name that resolves to both a
        public and a private address could be connected to the private one.
        The checked addresses are pinned: connections go to them and nowhere else.
        """
        literal = _literal_ip(host)
        addresses = [literal] if literal is not None else _resolve(host)
        for address in addresses:
            kind = self._refusal(address)
            if kind is None:
                continue
            if literal is not None:
                raise PrivateAddressError(host, f"{host} is {kind}; {_PRIVATE_HINT}")
            raise PrivateAddressError(host, f"{host} resolves to {address}, {kind}; {_PRIVATE_HINT}")
        if literal is None:
            self._backend.pin(host, addresses)

    def _refusal(self, address: IPAddress) -> str | None:
        """Why ``address`` is off-limits, or None (a method, so a test can treat a local server as public)."""
        return _non_public_kind(address)

    # -- robots.txt ---------------------------------------------------------

    def _check_robots(self, item: str, url: httpx.URL) -> None:
        parser = self._robots_for(item, url)
        if not parser.can_fetch(self._robots_token, str(url)):
            raise FetchError(
                item,
                f"disallowed by robots.txt at {_robots_url(url)}; the site asks crawlers "
                "not to fetch this page (fetch.respect_robots = false overrides this only "
                "for sites you may crawl)",
            )

    def _robots_for(self, item: str, url: httpx.URL) -> urllib.robotparser.RobotFileParser:
        origin = _origin(url)
        with self._lock:
            entry = self._robots.setdefault(origin, _RobotsEntry())
        with entry.lock:
            if entry.parser is None:
                parser, cacheable = self._load_robots(item, url)
                if not cacheable:
                    return parser
                entry.parser = parser
            return entry.parser

    def _load_robots(
        self, item: str, url: httpx.URL
    ) -> tuple[urllib.robotparser.RobotFileParser, bool]:
        """Fetch and parse robots.txt; the flag says whether the answer may be cached."""
        robots_url = _robots_url(url)
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            # One attempt only: if the host is unreachable, the page fetch
            # that follows retries and reports the real error.
            reply, _ = self._follow(robots_url, robots_url, obey_robots=False, retries=0)
        except FetchError:
            # No robots.txt could be retrieved at all (network error, refused
            # redirect, oversized file): act as if there were none, like most
            # crawlers. Denying instead would mask the page fetch's own, more
            # useful error. Not cached, so the next URL of the host tries again.
            parser.parse(_ALLOW_ALL)
            return parser, False
        if reply.status in _RETRY_STATUSES:
            # RFC 9309: an unreachable robots.txt means "assume disallowed for now".
            raise FetchError(
                item,
                f"robots.txt at {robots_url} answered HTTP {reply.status}; "
                "the site is unavailable, try later",
            )
        if 200 <= reply.status < 300:
            # parse() never fetches; feeding lines keeps robotparser off the network.
            parser.parse(_robots_lines(reply.content.decode("utf-8", errors="replace")))
            self._apply_crawl_delay(url, parser)
        elif reply.status in (401, 403):
            parser.parse(_DISALLOW_ALL)
        else:
            # 404, 410 and other answers: no rules, everything allowed.
            parser.parse(_ALLOW_ALL)
        return parser, True

    def _apply_crawl_delay(
        self, url: httpx.URL, parser: urllib.robotparser.RobotFileParser
    ) -> None:
        delay = parser.crawl_delay(self._robots_token)
        if delay:
            # Cap before float(): a huge integer does not fit in one.
            self._gate(url).raise_delay(float(min(int(delay), _MAX_CRAWL_DELAY_SECONDS)))

    def _gate(self, url: httpx.URL) -> _HostGate:
        host = url.host
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = _HostGate(
                    self._settings.per_host_concurrency, self._settings.per_host_delay
                )
                self._gates[host] = gate
            return gate


# -- helpers ------------------------------------------------------------------


def _literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_host_name(host: str) -> bool:
    return len(host.rstrip(".")) <= _MAX_HOST_NAME and _HOST_NAME.fullmatch(host) is not None


def _resolve(host: str) -> list[IPAddress]:
    """The addresses DNS (or /etc/hosts) gives for ``host``."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise FetchError(host, f"cannot resolve host {host!r} ({detail}); check the URL") from None
    addresses: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0])
        try:
            addresses.append(ipaddress.ip_address(raw))
        except ValueError:
            raise FetchError(host, f"{host} resolves to {raw!r}, which is not an IP address") from None
    return addresses


def _non_public_kind(address: IPAddress) -> str | None:
    """Say why ``address`` is off-limits ("a loopback address"), or None if public."""
    if isinstance(address, ipaddress.IPv6Address):
        # IPv4 embedded in IPv6 (mapped, 6to4, Teredo) reaches the IPv4 host.
        embedded = [address.ipv4_mapped, address.sixtofour]
        if address.teredo is not None:
            embedded.append(address.teredo[1])
        for inner in embedded:
            if inner is not None:
                kind = _non_public_kind(inner)
                if kind is not None:
                    return f"{kind} (IPv4 {inner} inside IPv6)"
    for kind, attribute in _NON_PUBLIC_KINDS:
        if getattr(address, attribute):
            return f"{kind} address"
    # Shared (carrier-grade NAT) space and other special ranges.
    return None if address.is_global else "a non-public address"


def _transport_reason(url: httpx.URL, exc: Exception, attempts: int, limit: float) -> str:
    tries = f"{attempts} attempt(s)"
    if isinstance(exc, httpx.ConnectTimeout):
        return (
            f"timed out connecting to {url.host} after {tries}; "
            "check the URL or raise fetch.connect_timeout_seconds"
        )
    if isinstance(exc, httpx.TimeoutException):
        return (
            f"timed out waiting for {url}, which exceeded the {limit:g} s time limit "
            f"for the whole response, after {tries}; "
            "the server is too slow, raise fetch.timeout_seconds or try later"
        )
    detail = _one_line(exc) or type(exc).__name__
    return f"could not connect to {url.host} after {tries} ({detail}); check the URL and network"


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds a 429/503 asks us to wait (delta or HTTP date), capped; None if absent."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    # isascii: str.isdigit() also accepts digits like "²" that float() refuses.
    if value.isascii() and value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER_SECONDS)


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[bytes, bytes]:
    """If-None-Match / If-Modified-Since for the validators that can be sent.

    Values go back as UTF-8 bytes (httpx would refuse non-ASCII text); one
    with control characters (or lone surrogates) cannot be a header and is
    left out, which only makes the request unconditional.
    """
    headers: dict[bytes, bytes] = {}
    for name, value in ((b"If-None-Match", etag), (b"If-Modified-Since", last_modified)):
        if value and value.isprintable():
            headers[name] = value.encode("utf-8")
    return headers


def _content_length(headers: httpx.Headers) -> int | None:
    try:
        return int(headers.get("content-length", ""))
    except ValueError:
        return None


def _too_large(url: httpx.URL, limit: int) -> str:
    return f"response from {url} is larger than {limit} bytes; raise fetch.max_bytes in the config"


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """Split ``text/html; charset="UTF-8"`` into ``("text/html", "utf-8")``."""
    if not header:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media.strip().lower() or None, charset


def _robots_lines(text: str) -> list[str]:
    """The lines of a robots.txt, without rate lines robotparser would crash on."""
    kept = []
    for line in text.splitlines():
        field, _, value = line.split("#", 1)[0].partition(":")
        if field.strip().lower() in _ROBOTS_RATE_FIELDS and not _ROBOTS_RATE_VALUE.fullmatch(value.strip()):
            continue
        kept.append(line)
    return kept


def _printable(text: str) -> str:
    """``text`` with control and other unprintable characters escaped, for one-line messages."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _one_line(exc: BaseException) -> str:
    return " ".join(_printable(str(exc)).split())


def _product_token(user_agent: str) -> str:
    """The robots.txt product token: ``newsprism`` of ``newsprism/0.1.0 (...)``."""
    token = user_agent.strip().split("/", 1)[0].split(" ", 1)[0]
    return token or _DEFAULT_ROBOTS_TOKEN


def _origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def _robots_url(url: httpx.URL) -> str:
    return f"{_origin(url)}/robots.txt"
