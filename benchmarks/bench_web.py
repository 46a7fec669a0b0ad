"""Server-side time of the web app's pages over a generated store, and a load test from a second process.

The store (built once, then reused from ``--work``) holds ``--articles`` generated
articles (100,000 by default) written with the Store API: short texts of 4-8
sentences naming entities from a pool of about 2,000 (Zipf-like), one of 48
outlets each, published over two years, each with small stored annotations
(sentences, entities) and the entity index; grouped into stories of 1-30
articles (heavy-tailed, about 5 on average); one story in ten with a copy link,
one article in a hundred with a content-farm signal. One more story holds 200
articles from ``bench_compare``'s generator (a fictional warehouse fire, with
full annotations: entities, labels, dates, quotes) and its comparison, computed
with the USE encoder and the loaded-wording scorer as ``newsprism compare``
does, plus copy links among its articles.

Parts, each in its own process:

- ``build``: the store, when ``--work`` does not hold one for these options;
- ``measure``: ``starlette.testclient.TestClient(create_app(db))``, in-process,
  no network: ``--requests`` GETs of each page after 5 warm-up rounds,
  round-robin with the baselines so a busy spell hits all of them. Pages: the
  story list (``/``, ``/api/stories``), the 200-article story (``/stories/ID``,
  ``/api/stories/ID``) and one of its articles (``/articles/ID``, the text
  highlighted with its annotations). Baselines, the store reads each page cannot do
  without, opening the store read-only as every request does:
  ``story_rows(limit=50)`` for the list, ``comparison(ID)`` (the JSON load) for
  the story, ``get(ID)`` + ``annotations(ID)`` for the article; the ratio shows
  what the rest of the page (other queries, rendering, the framework) adds.
  ``/openapi.json`` is timed as the framework's floor. A page whose p95 is over
  200 ms is then profiled (cProfile, the request run in this thread), and the
  functions that dominate are printed and saved;
- load test: ``uvicorn.run(create_app(db))`` on 127.0.0.1 (a free port) in a
  child process, as ``newsprism serve`` runs it, and from this process ``--load``
  requests (or ``--load-seconds``, whichever comes first) from ``--concurrency``
  threads with keep-alive httpx clients over a fixed mix of pages; requests/s,
  latency median/p95 and the error rate (a status other than 200, or an
  exception). The server is stopped afterwards, always.

    python benchmarks/bench_web.py [--articles 100000] [--requests 50] [--load 2000] [--out benchmarks/results/web.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from hashlib import sha256
from pathlib import Path
from typing import Any

from bench_compare import OUTLETS, build_story
from isolated import emit, rss_mb, spawn

REPO = Path(__file__).resolve().parents[1]
BUILD_VERSION = "1"  # bump when the generated store changes shape
SPAN_START, SPAN_DAYS = date(2023, 3, 15), 730
BIG_STORY = 200
AIM_MS = 200.0
FIRST = ["Anna", "Boris", "Chloe", "Daniel", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Luca",
         "Maya", "Nikolai", "Olga", "Pavel", "Rosa", "Stefan", "Tamara", "Umar", "Vera", "Walter", "Yusuf", "Zofia",
         "Adrian", "Bianca", "Carlos", "Dora", "Emil", "Frida"]
LAST = ["Adler", "Brandt", "Castell", "Dunmore", "Eklund", "Ferrer", "Galvan", "Horvat", "Ivanova", "Jansen",
        "Kovacs", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Sandoval", "Tanaka",
        "Ulrich", "Varga", "Weller", "Yilmaz", "Zeman", "Albers", "Bauer", "Costa", "Dimitrov", "Engel",
        "Fischer", "Gruber", "Hale", "Iqbal", "Jovanovic", "Keller", "Lorenz", "Marin", "Nyberg", "Orlov"]
SYLLABLES = ["ka", "lo", "ven", "dar", "mi", "sor", "tel", "bru", "an", "ost", "ril", "mer", "gan", "hol", "ves"]
ORG_SUFFIX = ["Holdings", "Council", "Ministry of Transport", "Energy", "Bank", "University", "Port Authority",
              "Party", "Union", "Health Service"]
NOUNS = ["officials", "residents", "investors", "workers", "the committee", "the police", "the ministry", "analysts",
         "the court", "regulators", "the board", "voters", "farmers", "doctors", "the army", "lawmakers"]
VERBS = ["announced", "rejected", "approved", "criticised", "delayed", "reviewed", "defended", "questioned",
         "welcomed", "postponed", "confirmed", "denied"]
OBJECTS = ["a new budget", "the proposed tax", "the harbour project", "an emergency plan", "the trade agreement",
           "a pay rise", "the election results", "a safety report", "the rail strike", "new housing rules",
           "the water supply contract", "a cut in interest rates", "the hospital merger", "the energy subsidy"]
TAILS = ["on Monday", "after a long debate", "late on Thursday", "despite protests", "for the second time this year",
         "in a statement", "without giving details", "according to people familiar with the matter", "", ""]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SEARCH_WORDS = ["budget", "harbour", "strike", "hospital", "subsidy", "election"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def short_id(*parts: object) -> str:
    """A 16-hex id like the store's content-hash ids."""
    return sha256("\0".join(map(str, parts)).encode()).hexdigest()[:16]


def entity_pool(rng: random.Random) -> list[tuple[str, str, str]]:
    """(id, name, type) of the generated entities, most mentioned first."""
    people = [(f"{f} {s}", "person") for f in FIRST for s in LAST]
    places = sorted({"".join(rng.sample(SYLLABLES, rng.randint(2, 3))).capitalize() for _ in range(600)})
    orgs = [(f"{p} {rng.choice(ORG_SUFFIX)}", "organisation") for p in places[:400]]
    pool = people + [(p, "place") for p in places] + orgs
    rng.shuffle(pool)
    return [(slug(name), name, kind) for name, kind in pool]


class Synthetic:
    """Short articles grouped into stories, with the annotations each would have been given."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pool = entity_pool(self.rng)
        self.cum = list(_cumulative(1 / (rank + 1) for rank in range(len(self.pool))))

    def entities(self, k: int) -> list[tuple[str, str, str]]:
        chosen: dict[str, tuple[str, str, str]] = {}
        while len(chosen) < k:
            e = self.rng.choices(self.pool, cum_weights=self.cum)[0]
            chosen[e[0]] = e
        return list(chosen.values())

    def article(self, story_no: int, n: int, day: date, cast: list[tuple[str, str, str]]) -> tuple[Any, dict[str, Any]]:
        from newsprism.annotate.annotator import ANNOTATION_VERSION, text_hash
        from newsprism.schema import Article

        rng = self.rng
        text, sentences, mentions = "", [], {}
        for i in range(rng.randint(4, 8)):
            start = len(text) + (1 if i else 0)
            text += " " if i else ""
            who = rng.choice(cast) if rng.random() < 0.6 else None
            if who:
                mentions.setdefault(who[0], []).append({"start": len(text), "end": len(text) + len(who[1]),
                                                        "text": who[1]})
                text += who[1]
            else:
                subject = rng.choice(NOUNS)
                text += subject[0].upper() + subject[1:]
            tail = rng.choice(TAILS)
            text += f" {rng.choice(VERBS)} {rng.choice(OBJECTS)}{' ' + tail if tail else ''}."
            sentences.append([start, len(text)])
        outlet = rng.choice(OUTLETS)
        published = f"{(day + timedelta(days=rng.choice((0, 0, 1, 2, 3)))).isoformat()}T{rng.randint(5, 23):02d}:" \
                    f"{rng.randrange(60):02d}:00"
        lead = cast[0][1]
        title = f"{lead} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        article_id = short_id("synthetic", story_no, n)
        article = Article(id=article_id, origin=f"bench-web/{article_id}.txt", body=text, text=text,
                          url=f"https://{slug(outlet)}.example/{article_id}", outlet=outlet, title=title,
                          author=None, published=published, language="en")
        by_key = {e[0]: e for e in cast}
        annotated = {"text_hash": text_hash(text, published), "version": ANNOTATION_VERSION, "sentences": sentences,
                   "entities": [{"key": key, "name": by_key[key][1], "type": by_key[key][2], "mentions": found}
                                for key, found in mentions.items()],
                   "labels": [], "dates": [], "quotes": [], "published": None, "notes": []}
        return article, annotated


def _cumulative(weights: Any) -> Any:
    total = 0.0
    for w in weights:
        total += w
        yield total


def _story_annotations(a: Any) -> dict[str, Any]:
    """A generated StoryArticle's annotations in their stored shape (entity keys, speaker keys)."""
    from newsprism.annotate.annotator import ANNOTATION_VERSION, text_hash

    return {"text_hash": text_hash(a.text, a.published), "version": ANNOTATION_VERSION,
            "sentences": [list(s) for s in a.sentences],
            "entities": [{"key": e["id"], "name": e["name"], "type": e["type"], "mentions": e["mentions"]}
                         for e in a.entities],
            "labels": [dict(lab) for lab in a.labels], "dates": [dict(d) for d in a.dates],
            "quotes": [{"text": q["text"], "start": q["start"], "end": q["end"], "kind": q["kind"],
                        "speaker": q["speaker_text"], "speaker_start": q["speaker_start"],
                        "speaker_end": q["speaker_end"], "cue": q["cue"], "speaker_key": q["speaker_entity"]}
                       for q in a.quotes],
            "published": None, "notes": []}


def marker(articles: int, seed: int) -> str:
    from newsprism.annotate.annotator import ANNOTATION_VERSION
    from newsprism.compare import COMPARE_VERSION
    from newsprism.store.migrations import LATEST

    return json.dumps({"build": BUILD_VERSION, "articles": articles, "seed": seed, "schema": LATEST,
                       "annotation": ANNOTATION_VERSION, "compare": COMPARE_VERSION}, sort_keys=True)


def cached_info(db: Path, articles: int, seed: int) -> dict[str, Any] | None:
    """What the store at ``db`` was built with (big story id, article to show ...), when it fits these options."""
    if not db.is_file():
        return None
    from newsprism.errors import StoreError
    from newsprism.store import open_store

    try:
        with open_store(db, read_only=True) as store:
            if store.state("bench_web_marker") != marker(articles, seed):
                return None
            info = store.state("bench_web")
    except StoreError:
        return None
    return json.loads(info) if info else None


# -- build (its own process) -------------------------------------------------------------
def build(db: Path, articles: int, seed: int) -> dict[str, Any]:
    from newsprism.annotate.annotator import Annotations
    from newsprism.compare.loaded import LoadedScorer
    from newsprism.compare.story import compare_story
    from newsprism.copies import CopyLink
    from newsprism.copies.vectors import UseEncoder
    from newsprism.schema import Article, from_json
    from newsprism.settings import default_settings
    from newsprism.store import open_store
    from newsprism.stories import Story

    building = db.with_name(db.name + ".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    gen = Synthetic(seed)
    rng = gen.rng
    stories: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    signals: dict[str, list[str]] = {}
    wall = time.perf_counter()
    written = 0
    store = open_store(building)
    batch: list[tuple[Any, dict[str, Any]]] = []

    def flush() -> None:
        with store.transaction():
            for article, annotated in batch:
                store.upsert_article(article)
                store.put_annotations(article.id, from_json(Annotations, annotated))
        batch.clear()

    target = articles - BIG_STORY
    while written < target:
        size = min(30, int(rng.paretovariate(0.9)), target - written)
        day = SPAN_START + timedelta(days=rng.randrange(SPAN_DAYS))
        cast = gen.entities(rng.randint(2, 5))
        members = []
        for n in range(size):
            article, annotated = gen.article(len(stories), n, day, cast)
            batch.append((article, annotated))
            members.append(article)
            if rng.random() < 0.01:
                signals[article.id] = ["credits another outlet: 'Wire Service'"]
            if len(batch) >= 2000:
                flush()
        written += size
        if size >= 2 and rng.random() < 0.1:
            a, b = members[0], members[1]
            links.append({"source": a.id, "target": b.id, "kind": "copy", "shared_ratio_source": 0.8,
                          "shared_ratio_target": 0.8, "evidence": "generated",
                          "passages": [{"source_start": 0, "source_end": len(a.text), "target_start": 0,
                                        "target_end": len(b.text)}]})
        days = sorted(m.published[:10] for m in members)
        stories.append({"id": "story-" + short_id("story", len(stories))[:12], "title": members[0].title,
                        "articles": [m.id for m in members], "start": days[0], "end": days[-1],
                        "entities": [e[0] for e in cast]})
    flush()
    insert_seconds = time.perf_counter() - wall

    # The 200-article story, with full readings and its comparison.
    story, generated = build_story(BIG_STORY, seed)
    generated = [replace(a, id=short_id("fire", a.id)) for a in generated]
    story_id = "story-" + short_id("fire-story")[:12]
    story = replace(story, id=story_id, articles=tuple(a.id for a in generated))
    with store.transaction():
        for a in generated:
            store.upsert_article(Article(id=a.id, origin=f"bench-web/{a.id}.txt", body=a.text, text=a.text,
                                         url=f"https://{slug(a.outlet)}.example/{a.id}", outlet=a.outlet,
                                         title=a.title, published=a.published, language="en"))
            annotated = _story_annotations(a)
            store.put_annotations(a.id, from_json(Annotations, annotated))
    ids = [a.id for a in generated]
    for _ in range(20):
        source, target_id = rng.sample(ids, 2)
        links.append({"source": source, "target": target_id, "kind": rng.choice(["copy", "rewrite", "shared-source"]),
                      "shared_ratio_source": 0.5, "shared_ratio_target": 0.6, "evidence": "generated",
                      "passages": [{"source_start": 0, "source_end": 80, "target_start": 0, "target_end": 80}]})
    for flagged in rng.sample(ids, 3):
        signals[flagged] = ["first-person author bio: 'I write about everything'"]
    entities = sorted({e["id"] for a in generated for e in a.entities})
    stories.append({"id": story_id, "title": "Fire at Keldmoor chemical warehouse", "articles": ids,
                    "start": story.start, "end": story.end, "entities": entities})
    compare_start = time.perf_counter()  # the encoder loads its model on first use: counted here
    encoder = UseEncoder()
    scorer = LoadedScorer(encoder)
    result = compare_story(story, generated, encoder, scorer, default_settings().compare)
    compare_seconds = time.perf_counter() - compare_start
    # The article page shows the member with the most quotes (the richest highlighting).
    shown = max(generated, key=lambda a: (len(a.quotes), len(a.text), a.id)).id
    index_rows = [(e[0], e[0], e[1], e[2]) for e in gen.pool]
    index_rows += [(e["id"], e["id"], e["name"], e["type"]) for e in {e["id"]: e for a in generated
                                                                      for e in a.entities}.values()]
    info = {"big_story": story_id, "article": shown, "stories": len(stories), "copy_links": len(links),
            "signals": len(signals)}
    with store.transaction():
        store.put_comparison("bench-web", result)
        store.replace_entity_index(index_rows)
        store.replace_stories([from_json(Story, story) for story in stories])
        store.replace_copy_links([from_json(CopyLink, link) for link in links], signals)
        store.set_state("bench_web", json.dumps(info))
        store.set_state("bench_web_marker", marker(articles, seed))
    total = store.count()
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    building.replace(db)
    return {"info": info, "articles": total, "insert_seconds": insert_seconds,
            "articles_per_second": target / insert_seconds,
            "compare_seconds": compare_seconds, "build_seconds": time.perf_counter() - wall,
            "db_mb": db.stat().st_size / 1e6, "peak_rss_mb": rss_mb("VmHWM")}


# -- in-process measurement (its own process) -------------------------------------------
def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def summary(seconds: list[float]) -> dict[str, Any]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": percentile(ms, 95), "min_ms": min(ms),
            "max_ms": max(ms), "mean_ms": statistics.fmean(ms)}


def measure(db: Path, requests: int, warmup: int) -> dict[str, Any]:
    from starlette.testclient import TestClient

    from newsprism.store import open_store
    from newsprism.web.app import create_app

    with open_store(db, read_only=True) as store:
        info = json.loads(store.state("bench_web") or "{}")
    big, shown = info["big_story"], info["article"]
    client = TestClient(create_app(db))
    sizes: dict[str, int] = {}

    def page(path: str) -> Callable[[], None]:
        def get() -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}: {response.text[:300]}")
            sizes[path] = len(response.content)
        return get

    def list_rows() -> None:
        with open_store(db, read_only=True) as s:
            s.story_rows(limit=50)

    def comparison() -> None:
        with open_store(db, read_only=True) as s:
            s.comparison(big)

    def article_row() -> None:
        with open_store(db, read_only=True) as s:
            s.get(shown)
            s.annotations(shown)

    pages = {  # name: (path, baseline)
        "story list /": ("/", "story_rows(limit=50)"),
        "story list /api/stories": ("/api/stories", "story_rows(limit=50)"),
        f"story page /stories/ID ({BIG_STORY} articles)": (f"/stories/{big}", "comparison(ID)"),
        f"story JSON /api/stories/ID ({BIG_STORY} articles)": (f"/api/stories/{big}", "comparison(ID)"),
        "article page /articles/ID": (f"/articles/{shown}", "get(ID) + annotations(ID)"),
        "floor /openapi.json": ("/openapi.json", None),
    }
    baselines = {"story_rows(limit=50)": list_rows, "comparison(ID)": comparison,
                 "get(ID) + annotations(ID)": article_row}
    jobs: dict[str, Callable[[], None]] = {name: page(path) for name, (path, _) in pages.items()}
    jobs.update({f"baseline {name}": fn for name, fn in baselines.items()})
    times: dict[str, list[float]] = {name: [] for name in jobs}
    cpu: dict[str, list[float]] = {name: [] for name in jobs}
    for round_no in range(warmup + requests):  # round-robin: a busy spell hits every page and baseline
        for name, job in jobs.items():
            wall, used = time.perf_counter(), time.process_time()
            job()
            if round_no >= warmup:
                times[name].append(time.perf_counter() - wall)
                cpu[name].append(time.process_time() - used)
    big_page = client.get(f"/stories/{big}").text
    checks = {"story page parts": all(part in big_page for part in ("Coverage: facts", "Statements", "Timeline",
                                                                       "Who copied whom")),
              "story page article links": big_page.count("/articles/"),
              "article page marks": client.get(f"/articles/{shown}").text.count('class="q')}
    results: dict[str, Any] = {}
    for name, (path, baseline) in pages.items():
        row = {"path": path, "bytes": sizes[path], **summary(times[name]),
               "cpu_median_ms": statistics.median(cpu[name]) * 1000}
        if baseline:
            base = summary(times[f"baseline {baseline}"])
            row.update(baseline=baseline, baseline_median_ms=base["median_ms"], baseline_p95_ms=base["p95_ms"],
                       ratio=row["median_ms"] / base["median_ms"])
        results[name] = row
    slow = [name for name, row in results.items() if row["p95_ms"] > AIM_MS]
    profiles = {name: profile(db, results[name]["path"]) for name in slow}
    return {"info": info, "pages": results, "checks": checks, "profiles": profiles, "peak_rss_mb": rss_mb("VmHWM")}


def profile(db: Path, path: str, repeats: int = 5) -> dict[str, Any]:
    """cProfile ``repeats`` requests of ``path``, run in this thread (TestClient would run the app in another)."""
    import asyncio
    import cProfile
    import io
    import pstats

    import httpx

    from newsprism.web.app import create_app

    app = create_app(db)

    async def fetch() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
            for _ in range(repeats):
                (await client.get(path)).raise_for_status()

    profiler = cProfile.Profile()
    profiler.runcall(asyncio.run, fetch())
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    rows = []
    for (file, line, func), (_, calls, own, cumulative, _) in stats.stats.items():
        name = file.removeprefix(str(REPO) + "/") if "newsprism" in file else Path(file).name
        where = f"{name}:{line}({func})" if line else func
        rows.append({"function": where, "calls": calls, "own_s": own / repeats, "cumulative_s": cumulative / repeats})
    ours = [r for r in rows if r["function"].startswith("src/newsprism")]
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
    return {"requests": repeats, "seconds_per_request": total / repeats,
            "by_own_time": sorted(rows, key=lambda r: -r["own_s"])[:15],
            "by_cumulative_time": sorted(rows, key=lambda r: -r["cumulative_s"])[:25],
            "newsprism_by_cumulative_time": sorted(ours, key=lambda r: -r["cumulative_s"])[:15],
            "pstats": text.getvalue()}


# -- load test: a uvicorn child, driven from this process ---------------------------------
def serve(db: Path, port: int) -> None:
    import uvicorn

    from newsprism.web.app import create_app

    uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="warning")  # as `newsprism serve` does


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far, from /proc (0 when unavailable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def request_mix(db: Path, info: dict[str, Any], count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, path) of every request of the load test, in order."""
    from newsprism.store import open_store

    rng = random.Random(seed)
    with open_store(db, read_only=True) as store:
        story_ids = [r[0] for r in store.conn.execute("SELECT id FROM stories ORDER BY id")]
        article_ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        total = int(store.conn.execute("SELECT count(*) FROM stories").fetchone()[0])
    stories, articles = rng.sample(story_ids, 200), rng.sample(article_ids, 200)
    last_page = max(1, (total + 49) // 50)
    kinds: list[tuple[str, float, Callable[[], str]]] = [
        ("list /", 0.20, lambda: "/"),
        ("list /?page=N", 0.10, lambda: f"/?page={rng.randint(2, last_page)}"),
        ("list /api/stories", 0.10, lambda: "/api/stories"),
        ("story (any)", 0.20, lambda: f"/stories/{rng.choice(stories)}"),
        (f"story ({BIG_STORY} articles)", 0.05, lambda: f"/stories/{info['big_story']}"),
        ("article", 0.25, lambda: f"/articles/{rng.choice(articles)}"),
        ("search", 0.10, lambda: f"/search?q={rng.choice(SEARCH_WORDS)}"),
    ]
    weights = list(_cumulative(w for _, w, _ in kinds))
    mix = []
    for _ in range(count):
        kind, _, make = rng.choices(kinds, cum_weights=weights)[0]
        mix.append((kind, make()))
    return mix


def load_test(db: Path, info: dict[str, Any], count: int, max_seconds: float, concurrency: int, seed: int,
              log: Path) -> dict[str, Any]:
    import httpx

    mix = request_mix(db, info, count, seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "NEWSPRISM_CONFIG"}
    with log.open("w") as log_file:
        server = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--part", "serve", "--db", str(db),
                                   "--port", str(port)], stdout=log_file, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:  # wait for the server to answer
            if server.poll() is not None:
                raise SystemExit(f"the server exited ({server.returncode}):\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(base + "/openapi.json", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not answer within 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        done: list[tuple[str, float, int | str]] = []  # (kind, seconds, status or exception name)
        lock = threading.Lock()
        cursor = iter(range(len(mix)))
        stop_at = time.monotonic() + max_seconds

        def worker() -> None:
            with httpx.Client(base_url=base, timeout=60) as client:
                while time.monotonic() < stop_at:
                    with lock:
                        i = next(cursor, None)
                    if i is None:
                        return
                    kind, path = mix[i]
                    start = time.perf_counter()
                    try:
                        response = client.get(path)
                        response.read()
                        outcome: int | str = response.status_code
                    except httpx.HTTPError as exc:
                        outcome = type(exc).__name__
                    with lock:
                        done.append((kind, time.perf_counter() - start, outcome))

        server_cpu = cpu_seconds(server.pid)
        started = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        server_cpu = cpu_seconds(server.pid) - server_cpu
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    errors = [d for d in done if d[2] != 200]
    by_kind = {}
    for kind in dict.fromkeys(k for k, _ in mix):
        mine = [d for d in done if d[0] == kind]
        if mine:
            by_kind[kind] = {**summary([d[1] for d in mine]), "errors": sum(d[2] != 200 for d in mine)}
    return {"planned": count, "max_seconds": max_seconds, "concurrency": concurrency, "completed": len(done),
            "seconds": elapsed, "requests_per_second": len(done) / elapsed, **summary([d[1] for d in done]),
            "errors": len(errors), "error_rate": len(errors) / max(1, len(done)),
            "error_kinds": sorted({str(d[2]) for d in errors}), "server_cpu_seconds": server_cpu,
            "server_cpu_ms_per_request": server_cpu / max(1, len(done)) * 1000, "by_kind": by_kind,
            "time_limited": len(done) < count}


# -- the report ---------------------------------------------------------------------------
def source_digest() -> str:
    digest = sha256()
    for path in sorted((REPO / "src" / "newsprism").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".toml", ".html", ".css"):
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version
    from sqlite3 import sqlite_version

    found = {"python": sys.version.split()[0], "sqlite": sqlite_version}
    for name in ("starlette", "uvicorn", "jinja2", "httpx"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the generated store")
    parser.add_argument("--requests", type=int, default=50, help="timed GETs of each page (after 5 warm-up rounds)")
    parser.add_argument("--load", type=int, default=2000, help="requests of the load test")
    parser.add_argument("--load-seconds", type=float, default=60.0, help="the load test stops after this long")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads of the load test")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newsprism-bench-web",
                        help="where the generated store is kept between runs")
    parser.add_argument("--rebuild", action="store_true", help="build the store again even if --work holds one")
    parser.add_argument("--blas-threads", type=int, default=1, help="numpy BLAS threads while building")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "web.json")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    if args.part == "build":
        emit(build(args.db, args.articles, args.seed))
        return 0
    if args.part == "measure":
        emit(measure(args.db, args.requests, warmup=5))
        return 0
    if args.part == "serve":
        serve(args.db, args.port)
        return 0

    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(args.blas_threads)  # the children inherit it
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"web-{args.articles}-seed{args.seed}.db"
    common = ("--db", str(db), "--articles", str(args.articles), "--seed", str(args.seed))
    build_log = db.with_name(db.name + ".build.json")  # how the kept store was built
    if args.rebuild or cached_info(db, args.articles, args.seed) is None:
        print(f"building a store of {args.articles:,} articles in {db} (a few minutes; kept for later runs)",
              flush=True)
        built = spawn(__file__, "build", *common)
        print(f"  {built['articles']:,} articles in {built['info']['stories']:,} stories: written at "
              f"{built['articles_per_second']:,.0f} articles/s ({built['insert_seconds']:.0f} s), the "
              f"{BIG_STORY}-article story compared in {built['compare_seconds']:.1f} s; {built['db_mb']:.0f} MB",
              flush=True)
        build_log.write_text(json.dumps(built, indent=2))
    else:
        print(f"reusing the store in {db}", flush=True)
        built = json.loads(build_log.read_text()) if build_log.is_file() else None
    info = cached_info(db, args.articles, args.seed)
    assert info is not None

    print(f"in-process: {args.requests} GETs of each page after 5 warm-up rounds (TestClient, no network)", flush=True)
    measured = spawn(__file__, "measure", *common, "--requests", str(args.requests))
    print(f"{'page':<46} {'median ms':>9} {'p95 ms':>8} {'KB':>6}  {'baseline':<26} {'median ms':>9} {'ratio':>6}")
    for name, row in measured["pages"].items():
        base = (f"{row['baseline']:<26} {row['baseline_median_ms']:>9.1f} {row['ratio']:>5.1f}x"
                if "baseline" in row else "")
        flag = "  over 200 ms" if row["p95_ms"] > AIM_MS else ""
        print(f"{name:<46} {row['median_ms']:>9.1f} {row['p95_ms']:>8.1f} {row['bytes'] / 1024:>6.0f}  {base}{flag}")
    print(f"checks: {measured['checks']}")
    for name, found in measured["profiles"].items():
        print(f"\nprofile of {name} ({found['seconds_per_request'] * 1000:.0f} ms a request under cProfile), "
              f"by own time:")
        for r in found["by_own_time"][:8]:
            print(f"  {r['own_s'] * 1000:8.1f} ms own {r['cumulative_s'] * 1000:8.1f} ms cum  {r['function']}")
        print("  newsprism's own functions, by cumulative time:")
        for r in found["newsprism_by_cumulative_time"][:10]:
            print(f"  {r['own_s'] * 1000:8.1f} ms own {r['cumulative_s'] * 1000:8.1f} ms cum  {r['function']}")

    print(f"\nload test: {args.load} requests or {args.load_seconds:.0f} s, {args.concurrency} client threads, "
          "uvicorn on 127.0.0.1 in a child process", flush=True)
    load = load_test(db, info, args.load, args.load_seconds, args.concurrency, args.seed, args.work / "server.log")
    print(f"  {load['completed']} requests in {load['seconds']:.1f} s: {load['requests_per_second']:.1f} requests/s, "
          f"median {load['median_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, errors {load['errors']} "
          f"({load['error_rate']:.1%}); server CPU {load['server_cpu_ms_per_request']:.0f} ms a request, "
          f"{load['server_cpu_seconds'] / load['seconds']:.0%} of one core")
    for kind, row in load["by_kind"].items():
        print(f"  {kind:<24} n={row['n']:>5}  median {row['median_ms']:>7.0f} ms  p95 {row['p95_ms']:>7.0f} ms  "
              f"errors {row['errors']}")

    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(), "seed": args.seed,
            "articles": args.articles, "requests": args.requests, "source": source_digest(), **versions()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, "store": info, "build": built, "in_process": measured,
                                    "load": load, "aim_ms": AIM_MS}, indent=2))
    print(f"\nwritten {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
