#!/usr/bin/env python
"""Ingestion benchmark: newsprism against the least work any ingester must do.

The machine this runs on is shared and noisy, so absolute rates are only a
rough guide. Every newsprism measurement is therefore paired with a baseline
measured in the same run on the same inputs, and the figure to compare across
runs is the ratio (newsprism time / baseline time).

Parts:
  aeb        181 real pages (<aeb>/html/*.html.gz). Baseline: trafilatura.extract
             on the already decoded pages. newsprism: ingest() of the .html.gz
             files into a fresh SQLite store.
  generated  N synthetic plain-text articles. Baseline: read + decode + insert
             (id, text) into a bare SQLite table, 200 rows per transaction.
             newsprism: ingest() of the folder into a fresh store.
  reingest   ingest() of the same folder again into the store already holding it.

Each measured part runs in its own fresh child process (this script with the
hidden --part flag), so its peak memory is that child's own ru_maxrss and no
part inherits another's imports, caches or heap.

    /work/venv/bin/python benchmarks/bench_ingest.py            # full run
    /work/venv/bin/python benchmarks/bench_ingest.py --quick    # smoke run
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from isolated import emit, rss_mb, spawn

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_AEB = (REPO_ROOT / "../shared/data/aeb").resolve()
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "results" / "ingest.json"
BASELINE_BATCH = 200  # same rows-per-transaction as newsprism's default ingest.batch_size


# ---------------------------------------------------------------------------
# Synthetic corpus
# ---------------------------------------------------------------------------

_VOCAB = (
    "council budget river harbour school bridge election minister hospital police court report "
    "residents officials plan water energy price market farmers workers union strike vote city "
    "county village district road rail station airport port festival museum library park forest "
    "storm flood drought heat winter summer season harvest trade export import factory company "
    "board director spokesperson statement meeting hearing inquiry review audit contract tender "
    "project funding grant tax rate rent housing tenants landlord shortage waiting list patients "
    "doctors nurses teachers pupils parents students campus research study data survey figures "
    "percent million thousand increase decline rise fall record growth delay cost overrun "
    "proposal agreement deal talks negotiations dispute appeal ruling decision law rule policy "
    "reform change response concern criticism support opposition protest rally crowd visitors "
    "tourists traffic emergency services fire crews coastguard weather forecast warning alert "
    "local regional national new old first last early late major minor public private several "
    "many few most some said says told announced confirmed expected planned approved rejected "
    "delayed opened closed started finished reported warned argued claimed noted added "
    "the a an of to in on at for with from by about after before during over under between "
    "and but or while because although since when where which that this these those its their"
).split()

_FIRST = ("Anna", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
          "Kira", "Liam", "Maya", "Noah", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Viktor")
_LAST = ("Alder", "Brennan", "Castillo", "Dunmore", "Eriksen", "Fontaine", "Gallagher", "Hartley",
         "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov")
_OUTLETS = ("The Harbor Ledger", "Northfield Courier", "Valley Sentinel", "Coastline Daily",
            "The Ridge Observer", "Riverside Gazette", "Lakeshore Times", "Prairie Dispatch",
            "Summit Herald", "The Old Town Post", "Eastgate Chronicle", "Westmoor Record")
_WIRES = ("Wire Service One", "Continental Press", "Metro News Agency", "Reuters", "AP")
_SECTIONS = ("Local", "Politics", "Business", "Environment", "Health", "Education")


def _sentence(rng: random.Random, lo: int = 8, hi: int = 22) -> str:
    words = [rng.choice(_VOCAB) for _ in range(rng.randint(lo, hi))]
    if rng.random() < 0.3:  # numbers and names make sentences look like reporting
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 9000)))
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f"{rng.choice(_FIRST)} {rng.choice(_LAST)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _outlet_house_text(outlet: str) -> dict[str, str]:
    """Paragraphs one outlet repeats across its articles: furniture learning's work."""
    rng = random.Random(outlet)  # stable per outlet, independent of the corpus seed
    return {
        "background": _paragraph(rng) + " " + _paragraph(rng),  # long: kept unless at an edge
        "about": f"{outlet} is an independent newsroom covering the region since {rng.randint(1890, 1990)}. "
                 f"Corrections and tips can be sent through our website.",
        "prompt": f"Support {outlet} and become a member today.",
        "label": rng.choice(_SECTIONS) + " news",
    }


def make_article(rng: random.Random) -> str:
    """One plain-text article: headline, byline, 6-12 paragraphs, sometimes credit and footer."""
    outlet = rng.choice(_OUTLETS)
    house = _outlet_house_text(outlet)
    headline = " ".join(rng.choice(_VOCAB) for _ in range(rng.randint(5, 10))).capitalize()
    blocks: list[str] = []
    if rng.random() < 0.4:
        blocks.append(house["label"])
    blocks += [headline, f"By {rng.choice(_FIRST)} {rng.choice(_LAST)}"]
    body = [_paragraph(rng) for _ in range(rng.randint(6, 12))]
    if rng.random() < 0.5:
        body.insert(rng.randrange(1, len(body)), house["background"])
    blocks += body
    if rng.random() < 0.3:
        blocks.append(f"Source: {rng.choice(_WIRES)}")
    if rng.random() < 0.7:
        blocks.append(house["about"])
    if rng.random() < 0.6:
        blocks.append(house["prompt"])
    return "\n\n".join(blocks) + "\n"


def write_corpus(folder: Path, n: int, seed: int) -> int:
    """Write ``n`` articles deterministically; returns the total bytes written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        data = make_article(rng).encode("utf-8")
        (folder / f"article-{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


# ---------------------------------------------------------------------------
# Child parts (each runs alone in a fresh process)
# ---------------------------------------------------------------------------

def _cpu_seconds() -> float:
    """CPU of this process plus reaped children (pool workers), so 2-worker runs count fully."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def part_aeb_baseline(spec: dict[str, Any]) -> dict[str, Any]:
    import trafilatura

    pages: list[str] = json.loads(Path(spec["pages"]).read_text("utf-8"))
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    extracted = sum(1 for html in pages if trafilatura.extract(html, include_comments=False))
    seconds = time.perf_counter() - t0
    return {"items": len(pages), "seconds": seconds, "cpu_seconds": _cpu_seconds() - cpu0,
            "statuses": {"extracted": extracted, "empty": len(pages) - extracted}}


def part_generated_baseline(spec: dict[str, Any]) -> dict[str, Any]:
    folder, db = Path(spec["folder"]), spec["db"]
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    # Same journal settings as newsprism's store, so the gap is newsprism's work, not SQLite's.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE docs(id TEXT PRIMARY KEY, text TEXT NOT NULL)")
    rows = 0
    names = sorted(os.listdir(folder))
    for start in range(0, len(names), BASELINE_BATCH):
        conn.execute("BEGIN")
        for name in names[start:start + BASELINE_BATCH]:
            text = (folder / name).read_bytes().decode("utf-8")
            conn.execute("INSERT INTO docs(id, text) VALUES (?, ?)", (name, text))
            rows += 1
        conn.execute("COMMIT")
    conn.close()
    seconds = time.perf_counter() - t0
    return {"items": rows, "seconds": seconds, "cpu_seconds": _cpu_seconds() - cpu0, "statuses": {"inserted": rows}}


def part_newsprism(spec: dict[str, Any]) -> dict[str, Any]:
    # Import everything first (trafilatura is imported lazily by newsprism) so the
    # timer sees ingestion, not interpreter start-up; the baselines do the same.
    import trafilatura  # noqa: F401

    from newsprism.extract.runner import ingest
    from newsprism.settings import default_settings
    from newsprism.store.sqlite import open_store

    config = default_settings()
    store = open_store(spec["store"])
    profiler = None
    if spec.get("profile"):
        import cProfile

        profiler = cProfile.Profile()
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    if profiler:
        profiler.enable()
    report = ingest(spec["sources"], store, config, workers=int(spec["workers"]))
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    store.close()
    if profiler:
        profiler.dump_stats(spec["profile"])
    statuses = Counter(r.status for r in report.results)
    return {"items": len(report.results), "seconds": seconds, "cpu_seconds": cpu, "statuses": dict(statuses)}


PARTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "aeb_baseline": part_aeb_baseline,
    "generated_baseline": part_generated_baseline,
    "newsprism": part_newsprism,
}


def run_child_part(name: str, spec: dict[str, Any]) -> None:
    result = PARTS[name](spec)
    # Largest reaped pool worker; it counts pages shared with this process since the fork.
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_rss_mb"] = rss_mb("VmHWM")
    result["peak_worker_rss_mb"] = kids / 1024 if kids else None
    emit(result)


# ---------------------------------------------------------------------------
# Parent: orchestration, summary, output
# ---------------------------------------------------------------------------

def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_one(label: str, part: str, spec: dict[str, Any]) -> dict[str, Any]:
    result = spawn(__file__, part, "--spec", json.dumps(spec))
    log(f"  {label:<28} {result['items']:>6} items  {result['seconds']:8.2f} s  "
        f"{result['peak_rss_mb']:7.1f} MB  {result['statuses']}")
    return result


def summarise(runs: list[dict[str, Any]], baseline: dict[str, Any] | None, unit: str) -> dict[str, Any]:
    """Median over repeats; the ratio is against the median baseline of the same run."""
    seconds = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu_seconds"] for r in runs)
    items = runs[-1]["items"]
    workers_rss = [r["peak_worker_rss_mb"] for r in runs if r.get("peak_worker_rss_mb")]
    out: dict[str, Any] = {
        "items": items,
        "unit": unit,
        "seconds": seconds,
        "seconds_all": [r["seconds"] for r in runs],
        "rate_per_s": items / seconds if seconds else None,
        "cpu_seconds": cpu,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "peak_worker_rss_mb": max(workers_rss) if workers_rss else None,
        "statuses": runs[-1]["statuses"],
    }
    if baseline is not None:
        out["ratio_time_vs_baseline"] = seconds / baseline["seconds"]
        out["ratio_cpu_vs_baseline"] = cpu / baseline["cpu_seconds"] if baseline["cpu_seconds"] else None
    return out


def decode_aeb_pages(paths: list[Path], out: Path) -> None:
    """Decode pages once with newsprism's own decoder, so the baseline sees the same text."""
    from newsprism.sources.decode import decode_bytes

    pages = [decode_bytes(gzip.decompress(p.read_bytes()), str(p)) for p in paths]
    out.write_text(json.dumps(pages), "utf-8")


def bench_aeb(aeb: Path, workers: list[int], repeats: int, tmp: Path) -> dict[str, Any]:
    html_dir = aeb / "html"
    paths = sorted(html_dir.glob("*.html.gz")) if html_dir.is_dir() else []
    if not paths:
        reason = f"no {html_dir}/*.html.gz found; pass --aeb PATH to the AEB dataset folder"
        log(f"AEB: skipped ({reason})")
        return {"skipped": reason}
    log(f"AEB: {len(paths)} pages from {html_dir}")
    pages_file = tmp / "aeb-pages.json"
    decode_aeb_pages(paths, pages_file)
    base_runs: list[dict[str, Any]] = []
    np_runs: dict[int, list[dict[str, Any]]] = {w: [] for w in workers}
    for r in range(repeats):
        # Interleave baseline and newsprism so slow phases of the shared machine hit both.
        base_runs.append(run_one("baseline trafilatura", "aeb_baseline", {"pages": str(pages_file)}))
        for w in workers:
            store = tmp / f"aeb-w{w}-r{r}.db"
            spec = {"sources": [str(p) for p in paths], "store": str(store), "workers": w}
            np_runs[w].append(run_one(f"newsprism ingest workers={w}", "newsprism", spec))
    baseline = summarise(base_runs, None, "pages")
    return {
        "pages": len(paths),
        "baseline": baseline,
        "newsprism": {str(w): summarise(runs, baseline, "pages") for w, runs in np_runs.items()},
    }


def bench_generated(n: int, seed: int, workers: list[int], repeats: int, tmp: Path) -> dict[str, Any]:
    folder = tmp / "generated"
    t0 = time.perf_counter()
    size = write_corpus(folder, n, seed)
    log(f"Generated: {n} articles, {size / 1e6:.1f} MB, written in {time.perf_counter() - t0:.1f} s")
    base_runs: list[dict[str, Any]] = []
    np_runs: dict[int, list[dict[str, Any]]] = {w: [] for w in workers}
    re_runs: list[dict[str, Any]] = []
    for r in range(repeats):
        base_runs.append(run_one("baseline read+insert", "generated_baseline",
                                 {"folder": str(folder), "db": str(tmp / f"baseline-r{r}.db")}))
        first_store: Path | None = None
        for w in workers:
            store = tmp / f"gen-w{w}-r{r}.db"
            first_store = first_store or store
            spec = {"sources": [str(folder)], "store": str(store), "workers": w}
            np_runs[w].append(run_one(f"newsprism ingest workers={w}", "newsprism", spec))
        # Same folder into the store that already holds it: every article should be unchanged.
        assert first_store is not None
        spec = {"sources": [str(folder)], "store": str(first_store), "workers": workers[0]}
        re_runs.append(run_one(f"re-ingest workers={workers[0]}", "newsprism", spec))
    baseline = summarise(base_runs, None, "articles")
    return {
        "articles": n,
        "bytes": size,
        "seed": seed,
        "baseline": baseline,
        "newsprism": {str(w): summarise(runs, baseline, "articles") for w, runs in np_runs.items()},
        "reingest": {"workers": workers[0], **summarise(re_runs, baseline, "articles")},
    }


def profile_generated(n: int, seed: int, tmp: Path, out: Path, top: int) -> None:
    """cProfile one 1-worker ingest of the generated corpus and print the top costs."""
    import pstats

    folder = tmp / "generated"
    if not folder.is_dir():
        write_corpus(folder, n, seed)
    prof = out.with_suffix(".prof")
    spec = {"sources": [str(folder)], "store": str(tmp / "profile.db"), "workers": 1, "profile": str(prof)}
    run_one("profiled ingest workers=1", "newsprism", spec)
    stats = pstats.Stats(str(prof), stream=sys.stdout)
    print(f"\ncProfile of the generated ingest ({prof}), top {top} by own time:")
    stats.sort_stats("tottime").print_stats(top)
    print(f"top {top} by cumulative time:")
    stats.sort_stats("cumulative").print_stats(top)


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(results: dict[str, Any]) -> None:
    header = f"{'part':<34}{'items':>7}{'wall s':>9}{'items/s':>10}{'x base':>8}{'cpu s':>9}{'x cpu':>7}{'RSS MB':>9}{'wkr MB':>8}"
    rows: list[str] = []

    def row(label: str, m: dict[str, Any]) -> None:
        rows.append(
            f"{label:<34}{m['items']:>7}{m['seconds']:>9.2f}{_fmt(m['rate_per_s'], '.1f'):>10}"
            f"{_fmt(m.get('ratio_time_vs_baseline'), '.2f'):>8}{m['cpu_seconds']:>9.2f}"
            f"{_fmt(m.get('ratio_cpu_vs_baseline'), '.2f'):>7}{m['peak_rss_mb']:>9.1f}"
            f"{_fmt(m.get('peak_worker_rss_mb'), '.1f'):>8}"
        )

    aeb = results["aeb"]
    if "skipped" in aeb:
        rows.append(f"AEB skipped: {aeb['skipped']}")
    else:
        row("AEB baseline (trafilatura.extract)", aeb["baseline"])
        for w, m in aeb["newsprism"].items():
            row(f"AEB newsprism ingest, {w} worker(s)", m)
    gen = results["generated"]
    row("gen baseline (read+decode+insert)", gen["baseline"])
    for w, m in gen["newsprism"].items():
        row(f"gen newsprism ingest, {w} worker(s)", m)
    row(f"gen re-ingest, {gen['reingest']['workers']} worker(s)", gen["reingest"])
    print()
    print(header)
    print("-" * len(header))
    print("\n".join(rows))
    print("x base / x cpu: newsprism time / baseline time in this run (higher = slower).")
    print("RSS MB: peak of the measured process; wkr MB: largest pool worker (2-worker runs).")
    print(f"re-ingest statuses: {gen['reingest']['statuses']}")


def source_digest() -> str:
    """Hash of newsprism's source, so a result can be tied to the code it measured."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((REPO_ROOT / "src" / "newsprism").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".toml"):
            digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB,
                        help="AEB dataset folder holding html/*.html.gz (default: ../shared/data/aeb from the repo root)")
    parser.add_argument("--generated", type=int, default=10_000, metavar="N", help="synthetic articles (default 10000)")
    parser.add_argument("--workers", type=int, default=1, help="ingest workers; 2 is always measured as well (default 1)")
    parser.add_argument("--repeats", type=int, default=1, help="measure each part this many times, interleaved; medians are reported")
    parser.add_argument("--seed", type=int, default=1234, help="seed of the synthetic corpus")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results path (default benchmarks/results/ingest.json)")
    parser.add_argument("--quick", action="store_true", help="smoke run: N=1000")
    parser.add_argument("--skip-aeb", action="store_true", help="only the generated parts")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile a 1-worker ingest of the generated corpus (not part of the timings)")
    parser.add_argument("--tmp", type=Path, default=None, help="folder for temporary corpora and stores")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.part:
        run_child_part(args.part, json.loads(args.spec))
        return 0

    n = 1000 if args.quick else args.generated
    # The requested worker count first: re-ingest uses it.
    workers = list(dict.fromkeys([max(1, args.workers), 2]))
    import trafilatura

    from newsprism import __version__

    results: dict[str, Any] = {
        "benchmark": "ingest",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "versions": {"newsprism": __version__, "trafilatura": trafilatura.__version__,
                     "newsprism_source_sha256": source_digest()},
        "args": {"generated": n, "workers": workers, "repeats": args.repeats, "quick": args.quick,
                 "aeb": str(args.aeb), "seed": args.seed},
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsprism-bench-", dir=args.tmp) as tmp_name:
        tmp = Path(tmp_name)
        results["aeb"] = (
            {"skipped": "--skip-aeb given"} if args.skip_aeb
            else bench_aeb(args.aeb.resolve(), workers, args.repeats, tmp)
        )
        results["generated"] = bench_generated(n, args.seed, workers, args.repeats, tmp)
        results["total_seconds"] = time.perf_counter() - started
        print_table(results)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
        print(f"results written to {args.out}")
        if args.profile:
            profile_generated(n, args.seed, tmp, args.out, top=25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
