"""The web app: the report's pages over a live store, with search, filters, CSV/JSON downloads and a
JSON API described by OpenAPI. Read-only: it opens the store so that SQLite refuses every write, and
it has no route that changes anything (ingestion stays in the command line)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import views
from ..schema import to_json
from ..store import Store, is_postgres_url, open_store, safe_url
from . import render
from .openapi import openapi_document
from .tables import STORY_LIST_COLUMNS, TABLES, table_rows, to_csv

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
FILTERS = ("outlet", "from", "to", "entity", "q", "since")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class BadRequest(Exception):
    """A query parameter out of its range; answered with 400 and the reason."""


def _filters(request: Request) -> tuple[views.StoryFilters, int]:
    """The story list's filters and page from the query string."""
    params = request.query_params
    found = {k: (params.get(k) or "").strip() or None for k in FILTERS}
    for key in ("from", "to"):
        value = params.get(key) or ""  # as sent: the API describes a date or nothing, so " " is an error
        if value and not _DATE.match(value):
            raise BadRequest(f"{key} must be a date like 2024-03-05, not {value[:40]!r}")
    since = params.get("since") or ""
    if since and not _TIME.match(since):
        raise BadRequest(f"since must be a date or time like 2024-03-05 or 2024-03-05T14:30 (UTC), not {since[:40]!r}")
    page = params.get("page", "1")  # present but empty is an error, as the API describes an integer
    if not page.isdigit() or not 1 <= int(page) <= 100_000:
        raise BadRequest(f"page must be a whole number from 1, not {page[:20]!r}")
    filters = views.StoryFilters(outlet=found["outlet"], date_from=found["from"], date_to=found["to"],
                                 entity=found["entity"], q=found["q"], since=found["since"])
    return filters, int(page)


def create_app(db_path: str | Path, *, allowed_hosts: Iterable[str] | None = None,
               port: int | None = None) -> Starlette:
    """The web app over the store at ``db_path`` (opened read-only, once per request).

    ``allowed_hosts``: the host names and addresses it answers (with ``port``, or no port, in the Host
    header); any other Host gets 400. ``None`` answers every Host: only for an app driven in-process or
    behind a proxy that checks it, since a served app that does so can be read by any web page whose
    domain is pointed at this machine (DNS rebinding)."""
    # A PostgreSQL URL stays a string (a Path would fold its "//"); shown without its password.
    db: str | Path = db_path if is_postgres_url(db_path) else Path(db_path)
    shown = safe_url(db) if isinstance(db, str) else db.name
    open_store(db, read_only=True).close()  # fail now, with the reason, if it cannot be served

    # Handlers are plain functions: Starlette runs them in its thread pool, so one slow SQLite query
    # does not hold up the other requests.
    def store() -> Store:
        return open_store(db, read_only=True)

    def subtitle(s: Store) -> str:
        return f"{s.count()} articles in {shown}"

    def story_listing(request: Request, s: Store, page_size: int | None = views.PAGE_SIZE) -> views.StoryList:
        f, page = _filters(request)
        return views.story_list(s, outlet=f.outlet, date_from=f.date_from, date_to=f.date_to, entity=f.entity,
                                query=f.q, page=page, page_size=page_size, since=f.since)

    def index(request: Request) -> Response:
        with store() as s:
            data = story_listing(request, s)
            return HTMLResponse(render.index_page(data, render.LiveLinks(dict(request.query_params)), subtitle(s)))

    def story_html(request: Request) -> Response:
        with store() as s:
            data = views.story(s, request.path_params["story_id"])
            if data is None:
                return _not_found("story", request.path_params["story_id"])
            return HTMLResponse(render.story_page(data, render.LiveLinks(), subtitle(s)))

    def article_html(request: Request) -> Response:
        with store() as s:
            data = views.article(s, request.path_params["article_id"])
            if data is None:
                return _not_found("article", request.path_params["article_id"])
            names = s.entity_names(label.entity for label in data.article.labels or ())
            return HTMLResponse(render.article_page(data, render.LiveLinks(), names, subtitle(s)))

    def search_html(request: Request) -> Response:
        with store() as s:
            data = views.search(s, (request.query_params.get("q") or "")[:500])
            return HTMLResponse(render.search_page(data, render.LiveLinks(), subtitle(s)))

    def api_stories(request: Request) -> Response:
        with store() as s:
            return JSONResponse(story_listing(request, s).to_dict())

    def api_stories_csv(request: Request) -> Response:
        with store() as s:
            rows = story_listing(request, s, page_size=None).stories
        return _csv(to_csv((to_json(row) for row in rows), STORY_LIST_COLUMNS), "stories.csv")

    def api_story(request: Request) -> Response:
        with store() as s:
            data = views.story_json(s, request.path_params["story_id"])
        if data is None:
            return _not_found("story", request.path_params["story_id"], True)
        return JSONResponse(data)

    def api_story_table(request: Request) -> Response:
        table = request.path_params["table"]
        if table not in TABLES:
            return JSONResponse({"error": f"no table {table[:40]!r}; tables: {', '.join(TABLES)}"}, status_code=404)
        with store() as s:
            data = views.story(s, request.path_params["story_id"])
        if data is None:
            return _not_found("story", request.path_params["story_id"], True)
        if not data.comparison:
            return JSONResponse({"error": "this story has not been compared; run 'newsprism compare'"}, status_code=404)
        rows = table_rows(data.comparison, table, data.actor_spellings)
        return _csv(to_csv(rows, TABLES[table]), f"{table}.csv")

    def api_article(request: Request) -> Response:
        with store() as s:
            data = views.article(s, request.path_params["article_id"])
        if data is None:
            return _not_found("article", request.path_params["article_id"], True)
        return JSONResponse(data.to_dict())

    def api_search(request: Request) -> Response:
        with store() as s:
            return JSONResponse(views.search(s, (request.query_params.get("q") or "")[:500]).to_dict())

    def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document())

    routes = [
        Route("/", index), Route("/stories/{story_id}", story_html), Route("/articles/{article_id}", article_html),
        Route("/search", search_html), Route("/api/stories", api_stories), Route("/api/stories.csv", api_stories_csv),
        Route("/api/stories/{story_id}", api_story), Route("/api/stories/{story_id}/{table}.csv", api_story_table),
        Route("/api/articles/{article_id}", api_article), Route("/api/search", api_search),
        Route("/openapi.json", openapi),
    ]
    middleware = [Middleware(BaseHTTPMiddleware, dispatch=_secure)]  # outermost: the 400 below gets its headers
    if allowed_hosts is not None:
        middleware.append(Middleware(HostCheck, hosts=allowed_hosts, port=port))
    return Starlette(routes=routes, exception_handlers={BadRequest: _bad_request, 404: _unknown_path},
                     middleware=middleware)


class HostCheck:
    """Answers 400 to a request whose Host header names a host this server was not started for.

    Unlike Starlette's TrustedHostMiddleware it reads bracketed IPv6 hosts ("[::1]:8080") and checks
    the port. "*" among the hosts lets every host through."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str], port: int | None = None) -> None:
        self.app = app
        self.hosts = {_normal_host(h) for h in hosts}
        self.port = str(port) if port is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "*" not in self.hosts:  # the app has no websocket route
            sent = next((v for k, v in scope["headers"] if k == b"host"), b"").decode("latin-1")
            if not self.allows(sent):
                response = PlainTextResponse(
                    f"unknown host {sent[:80]!r}: this server answers only the host names it was started for "
                    "(newsprism serve --allow-host NAME adds one)", status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def allows(self, header: str) -> bool:
        host, port = _split_host(header)
        return host in self.hosts and (port is None or self.port is None or port == self.port)


def _split_host(header: str) -> tuple[str, str | None]:
    """A Host header's host (lower case, no brackets, no final dot; "" when malformed) and port."""
    header = header.strip()
    if header.startswith("["):  # an IPv6 address: "[::1]" or "[::1]:8080"
        host, _, rest = header[1:].partition("]")
        if rest and not rest.startswith(":"):
            return "", None
        return _normal_host(host), rest[1:] if rest else None
    if header.count(":") > 1:  # an IPv6 address must be bracketed
        return "", None
    host, colon, port = header.partition(":")
    return _normal_host(host), port if colon else None


def _normal_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


async def _secure(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = render.content_security_policy(header=True)
    response.headers.update(SECURITY_HEADERS)
    return response


async def _bad_request(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": str(exc)}, status_code=400)


async def _unknown_path(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("not found: see / for the stories and /openapi.json for the API", status_code=404)


def _not_found(kind: str, key: str, as_json: bool = False) -> Response:
    message = f"no {kind} {key[:80]!r} in this store"
    if as_json:
        return JSONResponse({"error": message}, status_code=404)
    return PlainTextResponse(message, status_code=404)


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
