"""The PostgreSQL store against the SQLite store, on the same generated corpus in the same run.

SQLite is the baseline: every figure is given for both and as a ratio (PostgreSQL / SQLite; for a
rate, higher is faster, for a time, higher is slower). Parts, each in its own process:

- ``write`` (once per backend): ``--articles`` generated articles (100,000 by default; the
  generator of ``bench_web.py``: 4-8 sentences, entities from a Zipf-like pool, 48 outlets, two
  years, stories of 1-30 articles) written with the Store API as ingest and annotate write them:
  ``upsert_article`` + ``put_annotations``, 2,000 to a transaction; then the corpus-wide
  replacements (``replace_stories``, ``replace_copy_links``, ``replace_entity_index``) in one
  transaction. Only the writes are timed, not the generation;
- ``read``: both stores open (one connection each, as a command holds it), round-robin so a busy
  spell hits both: ``search`` (single words, two words, a phrase), the story list page
  (``story_rows(limit=50)`` at several offsets), the article list page (``list_summaries(limit=50)``,
  what ``newsprism list`` shows), and ``get`` + ``annotations`` of one article; and the web app's
  story list and search pages (``TestClient(create_app(store))``, a read-only open per request);
  ``--requests`` of each after 3 warm-up rounds, median and p95. Then every query's hits (all of
  them) must be the same articles in both;
- ``writers`` (once per backend): ``--writers`` processes at once, each upserting ``--per-writer``
  articles in transactions of 200, each sharing half its articles with the next writer, in the
  opposite order; then the store must hold every article exactly once, and no writer may fail.

PostgreSQL: ``--pg-url`` names a server to use (a new database ``bench_store`` is made on it, and
dropped first if there); without it, a private server is started from Debian's postgresql-15 with
its default settings (``fsync`` and ``synchronous_commit`` on), as the tests start theirs (needs root).

    python benchmarks/bench_store.py [--articles 100000] [--requests 40] [--writers 4] [--out benchmarks/results/store.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench_web import NOUNS, OBJECTS, SEARCH_WORDS, SPAN_DAYS, SPAN_START, VERBS, Synthetic, percentile, short_id
from isolated import emit, rss_mb, spawn

REPO = Path(__file__).resolve().parents[1]
BATCH = 2000
WRITER_BATCH = 200
FULL_SEARCH = 1_000_000  # hits compared between the two stores, for each query: all of them


def summary(seconds: list[float]) -> dict[str, Any]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": percentile(ms, 95), "max_ms": max(ms)}


# -- write (its own process, once per backend) ------------------------------------------
def write(location: str, articles: int, seed: int) -> dict[str, Any]:
    from newsprism.annotate.annotator import Annotations
    from newsprism.copies import CopyLink
    from newsprism.schema import from_json
    from newsprism.store import open_store
    from newsprism.stories import Story

    gen = Synthetic(seed)
    rng = gen.rng
    stories: list[Story] = []
    links: list[CopyLink] = []
    writing = 0.0
    written = 0
    store = open_store(location)
    batch: list[tuple[Any, Any]] = []

    def flush() -> None:
        nonlocal writing
        started = time.perf_counter()
        with store.transaction():
            for article, annotated in batch:
                store.upsert_article(article)
                store.put_annotations(article.id, annotated)
        writing += time.perf_counter() - started
        batch.clear()

    while written < articles:
        size = min(30, int(rng.paretovariate(0.9)), articles - written)
        day = SPAN_START + timedelta(days=rng.randrange(SPAN_DAYS))
        cast = gen.entities(rng.randint(2, 5))
        members = []
        for n in range(size):
            article, annotated = gen.article(len(stories), n, day, cast)
            batch.append((article, from_json(Annotations, annotated)))
            members.append(article)
            if len(batch) >= BATCH:
                flush()
        written += size
        if size >= 2 and rng.random() < 0.1:
            a, b = members[0], members[1]
            links.append(from_json(CopyLink, {
                "source": a.id, "target": b.id, "kind": "copy", "shared_ratio_source": 0.8,
                "shared_ratio_target": 0.8, "evidence": "generated",
                "passages": [{"source_start": 0, "source_end": len(a.text), "target_start": 0,
                              "target_end": len(b.text)}]}))
        days = sorted(m.published[:10] for m in members)
        stories.append(Story(id="story-" + short_id("story", len(stories))[:12], title=members[0].title,
                             articles=tuple(m.id for m in members), start=days[0], end=days[-1],
                             entities=tuple(e[0] for e in cast)))
    if batch:
        flush()
    index_rows = [(e[0], e[0], e[1], e[2]) for e in gen.pool]
    started = time.perf_counter()
    with store.transaction():
        store.replace_stories(stories)
        store.replace_copy_links(links, {})
        store.replace_entity_index(index_rows)
    replace_seconds = time.perf_counter() - started
    total = store.count()
    store.close()
    return {"articles": total, "stories": len(stories), "copy_links": len(links), "write_seconds": writing,
            "articles_per_second": total / writing, "replace_seconds": replace_seconds,
            "peak_rss_mb": rss_mb("VmHWM")}


# -- read (its own process, both backends round-robin) ------------------------------------
def read(locations: dict[str, str], requests: int, warmup: int, seed: int) -> dict[str, Any]:
    from starlette.testclient import TestClient

    from newsprism.store import open_store
    from newsprism.web.app import create_app

    rng = random.Random(seed)
    stores = {name: open_store(location, read_only=True) for name, location in locations.items()}
    clients = {name: TestClient(create_app(location)) for name, location in locations.items()}
    some = stores["sqlite"].list_summaries(limit=500)
    shown = some[len(some) // 2].id
    total_stories = stores["sqlite"].count_stories()
    words = [*SEARCH_WORDS, *(f"{a} {b}" for a, b in zip(SEARCH_WORDS, SEARCH_WORDS[1:])),
             *(f'"{verb} {obj}"' for verb, obj in zip(VERBS[:4], OBJECTS[:4])), *NOUNS[:3]]
    queries = [rng.choice(words) for _ in range(warmup + requests)]
    offsets = [rng.randrange(0, max(1, total_stories - 50)) for _ in range(warmup + requests)]

    def jobs(name: str, n: int) -> dict[str, Callable[[], Any]]:
        store, client = stores[name], clients[name]

        def web(path: str) -> Callable[[], Any]:
            def get() -> Any:
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{name}: GET {path} answered {response.status_code}")
                return response
            return get

        return {
            "search(q)": lambda: store.search(queries[n]),
            "story list: story_rows(limit=50, offset)": lambda: store.story_rows(limit=50, offset=offsets[n]),
            "story list, first page: story_rows(limit=50)": lambda: store.story_rows(limit=50),
            "article list: list_summaries(limit=50)": lambda: store.list_summaries(limit=50),
            "article: get(ID) + annotations(ID)": lambda: (store.get(shown), store.annotations(shown)),
            "web: story list /": web("/"),
            "web: search /search?q=": web(f"/search?q={queries[n]}"),
        }

    times: dict[str, dict[str, list[float]]] = {name: {} for name in stores}
    for n in range(warmup + requests):
        for name in stores:
            for job, run in jobs(name, n).items():
                started = time.perf_counter()
                run()
                if n >= warmup:
                    times[name].setdefault(job, []).append(time.perf_counter() - started)
    # Both find the same articles (ranked differently): every hit of each query.
    found_all = {name: {q: sorted(h.id for h in store.search(q, limit=FULL_SEARCH)) for q in sorted(set(queries))}
                 for name, store in stores.items()}
    for store in stores.values():
        store.close()
    return {"times": {name: {job: summary(found) for job, found in by_job.items()} for name, by_job in times.items()},
            "search_hits": {q: len(ids) for q, ids in found_all["sqlite"].items()},
            "same_search_hits": found_all["sqlite"] == found_all["postgresql"],
            "queries_with_other_hits": [q for q in found_all["sqlite"]
                                        if found_all["sqlite"][q] != found_all["postgresql"][q]],
            "peak_rss_mb": rss_mb("VmHWM")}


# -- concurrent writers ----------------------------------------------------------------------
def plain_article(i: int) -> Any:
    from newsprism.extract.article import article_id
    from newsprism.schema import Article

    rng = random.Random(i)
    text = " ".join(f"{rng.choice(NOUNS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({i}.{k})."
                    for k in range(rng.randint(4, 8)))
    return Article(id=article_id(text, None), origin=f"bench-store/{i}.txt", body=text, text=text,
                   outlet=f"Outlet {i % 48}", title=f"Report {i}", language="en",
                   published=(SPAN_START + timedelta(days=i % SPAN_DAYS)).isoformat())


def writer(location: str, number: int, per_writer: int) -> None:
    """Writer ``number``: articles [number * per_writer / 2, that + per_writer), odd writers backwards."""
    from newsprism.store import open_store

    first = number * per_writer // 2
    indexes = list(range(first, first + per_writer))
    if number % 2:
        indexes.reverse()
    with open_store(location) as store:
        for start in range(0, len(indexes), WRITER_BATCH):
            with store.transaction():
                for i in indexes[start:start + WRITER_BATCH]:
                    store.upsert_article(plain_article(i))


def writers(location: str, count: int, per_writer: int) -> dict[str, Any]:
    from newsprism.store import open_store

    open_store(location).close()  # made (migrated) before the writers start
    started = time.perf_counter()
    runs = [subprocess.Popen([sys.executable, __file__, "--part", "writer", "--location", location,
                              "--writer", str(k), "--per-writer", str(per_writer)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO)
            for k in range(count)]
    failures = []
    for run in runs:
        _, stderr = run.communicate()
        if run.returncode != 0:
            failures.append(stderr[-1000:])
    seconds = time.perf_counter() - started
    expected = {plain_article(i).id for i in range((count + 1) * per_writer // 2)}
    with open_store(location, read_only=True) as store:
        stored = [a.id for a in store.iter_articles()]
    return {"writers": count, "per_writer": per_writer, "writes": count * per_writer, "unique": len(expected),
            "stored": len(stored), "stored_once": len(stored) == len(set(stored)),
            "all_present": set(stored) == expected, "failed_writers": len(failures), "failures": failures,
            "seconds": seconds, "writes_per_second": count * per_writer / seconds}


# -- the parent ----------------------------------------------------------------------------------
def postgres_database(pg_url: str | None) -> tuple[str, Callable[[], None]]:
    """A new empty database named bench_store, on ``pg_url``'s server or a private one; and how to stop."""
    import psycopg

    if pg_url is None:
        sys.path.insert(0, str(REPO / "tests"))
        from pgserver import start_server

        server = start_server(durable=True)
        base = server.url("postgres")

        def stop() -> None:
            server.stop()
            shutil.rmtree(server.folder, ignore_errors=True)

        print(f"started a private PostgreSQL 15 server on port {server.port} (default durability settings)",
              flush=True)
    else:
        base, stop = pg_url, (lambda: None)  # noqa: E731
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_store")
        conn.execute("CREATE DATABASE bench_store")
    head, _, _ = base.rpartition("/")
    return f"{head}/bench_store", stop


def versions() -> dict[str, Any]:
    import sqlite3

    import psycopg

    return {"python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version, "psycopg": psycopg.__version__}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the generated stores")
    parser.add_argument("--requests", type=int, default=40, help="timed calls of each read (after 3 warm-up rounds)")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writer processes")
    parser.add_argument("--per-writer", type=int, default=10_000, help="articles each writer upserts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg-url", help="a PostgreSQL server to use (postgresql://user@host:port/db)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newsprism-bench-store")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "store.json")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--location", help=argparse.SUPPRESS)
    parser.add_argument("--locations", help=argparse.SUPPRESS)
    parser.add_argument("--writer", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    if args.part == "write":
        emit(write(args.location, args.articles, args.seed))
        return 0
    if args.part == "read":
        emit(read(json.loads(args.locations), args.requests, 3, args.seed))
        return 0
    if args.part == "writers":
        emit(writers(args.location, args.writers, args.per_writer))
        return 0
    if args.part == "writer":
        writer(args.location, args.writer, args.per_writer)
        return 0

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    pg, stop = postgres_database(args.pg_url)
    try:
        locations = {"sqlite": str(args.work / "store.db"), "postgresql": pg}
        written = {}
        for name, location in locations.items():
            print(f"{name}: writing {args.articles:,} generated articles", flush=True)
            written[name] = spawn(__file__, "write", "--location", location, "--articles", str(args.articles),
                                  "--seed", str(args.seed))
            row = written[name]
            print(f"  {row['articles']:,} articles at {row['articles_per_second']:,.0f} articles/s "
                  f"({row['write_seconds']:.1f} s); {row['stories']:,} stories, links and the entity index "
                  f"replaced in {row['replace_seconds']:.1f} s", flush=True)
        print(f"reading both: {args.requests} calls of each after 3 warm-up rounds, round-robin", flush=True)
        read_result = spawn(__file__, "read", "--locations", json.dumps(locations), "--requests", str(args.requests),
                            "--seed", str(args.seed))
        lite, post = read_result["times"]["sqlite"], read_result["times"]["postgresql"]
        print(f"{'read':<46} {'SQLite p95':>10} {'PG p95':>8} {'ratio':>6}   {'SQLite med':>10} {'PG med':>8}")
        for job in lite:
            print(f"{job:<46} {lite[job]['p95_ms']:>10.1f} {post[job]['p95_ms']:>8.1f} "
                  f"{post[job]['p95_ms'] / lite[job]['p95_ms']:>5.1f}x   {lite[job]['median_ms']:>10.1f} "
                  f"{post[job]['median_ms']:>8.1f}")
        print(f"the same articles found for every query (hits: {sorted(read_result['search_hits'].values())}): "
              f"{read_result['same_search_hits']} {read_result['queries_with_other_hits'] or ''}", flush=True)
        concurrent = {}
        for name in locations:
            location = str(args.work / "writers.db") if name == "sqlite" else pg.replace("/bench_store",
                                                                                         "/bench_store_writers")
            if name == "postgresql":
                import psycopg

                with psycopg.connect(pg, autocommit=True) as conn:
                    conn.execute("DROP DATABASE IF EXISTS bench_store_writers")
                    conn.execute("CREATE DATABASE bench_store_writers")
            concurrent[name] = spawn(__file__, "writers", "--location", location, "--writers", str(args.writers),
                                     "--per-writer", str(args.per_writer))
            row = concurrent[name]
            print(f"{name}: {row['writers']} writers x {row['per_writer']:,} upserts ({row['unique']:,} distinct "
                  f"articles): {row['stored']:,} stored, each once: {row['stored_once']}, all present: "
                  f"{row['all_present']}, failed writers: {row['failed_writers']}; {row['writes_per_second']:,.0f} "
                  f"upserts/s ({row['seconds']:.1f} s)", flush=True)
    finally:
        stop()
    ratios = {
        "write_rate_pg_over_sqlite": written["postgresql"]["articles_per_second"]
        / written["sqlite"]["articles_per_second"],
        "replace_time_pg_over_sqlite": written["postgresql"]["replace_seconds"] / written["sqlite"]["replace_seconds"],
        "read_p95_pg_over_sqlite": {job: post[job]["p95_ms"] / lite[job]["p95_ms"] for job in lite},
        "concurrent_rate_pg_over_sqlite": concurrent["postgresql"]["writes_per_second"]
        / concurrent["sqlite"]["writes_per_second"],
    }
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(), "seed": args.seed,
            "articles": args.articles, "requests": args.requests, "private_server": args.pg_url is None,
            **versions()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, "write": written, "read": read_result, "writers": concurrent,
                                    "ratios": ratios}, indent=2) + "\n")
    print(f"results -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
