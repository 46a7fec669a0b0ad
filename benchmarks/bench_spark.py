#!/usr/bin/env python
"""The whole pipeline on Spark (``local[2]``) against the local pipeline on all cores, same articles.

N generated articles (``bench_stories.corpus``: events of real ECB+ news sentences with their names
made their own, Pareto-sized up to 40 articles, one in ten a near-copy; written as one JSON Lines file
with an outlet of five each) go through ``newsprism.pipeline.run`` (ingest, annotate, copies,
stories, compare; ``workers = 0``: every core) and through ``newsprism.spark.pipeline.run_spark`` into
a fresh store, each in its own child process. Reported per run: wall time, seconds per article, CPU,
and the peak resident memory of the whole process tree (driver, JVM, Python workers; sampled every
0.2 s), split by kind; the Spark/local ratio. For the Spark run, each stage's tasks as Spark's own
task metrics give them (executor run time per partition, from the status API), so a cost model can be
written as partitions x seconds per partition.

    python benchmarks/bench_spark.py [--sizes 10000] [--master local[2]] [--seed 11]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from isolated import emit, spawn

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "results" / "spark.json"
PAGE = os.sysconf("SC_PAGE_SIZE")


# -- memory of a process tree, from /proc ----------------------------------------------------------------
def _tree(root: int) -> dict[int, tuple[str, float]]:
    """Every process under ``root`` (itself included): pid -> (kind, resident MB)."""
    parents: dict[int, int] = {}
    info: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        kind = "jvm" if cmd.endswith("java") else "python"
        info[pid] = (kind, int(fields[21]) * PAGE / 2**20)
    inside = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in inside and pid not in inside:
                inside.add(pid)
                changed = True
    return {pid: info[pid] for pid in inside if pid in info}


class Sampler:
    """Peak resident memory of this process's tree, total and by kind (driver, JVM, workers)."""

    def __init__(self, every: float = 0.2) -> None:
        self.every, self.peak, self.parts = every, 0.0, {"driver": 0.0, "jvm": 0.0, "workers": 0.0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            tree = _tree(me)
            now = {"driver": tree.get(me, ("", 0.0))[1],
                   "jvm": sum(mb for pid, (kind, mb) in tree.items() if kind == "jvm"),
                   "workers": sum(mb for pid, (kind, mb) in tree.items() if kind == "python" and pid != me)}
            self.peak = max(self.peak, sum(now.values()))
            for key, value in now.items():
                self.parts[key] = max(self.parts[key], value)
            self._stop.wait(self.every)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cpu() -> float:
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def write_corpus(path: Path, size: int, seed: int) -> int:
    """``size`` generated articles as JSON Lines records; returns the bytes written."""
    import random

    from bench_stories import corpus

    items, _ = corpus(size, seed)
    rng = random.Random(seed)
    outlets = ("Harbour Ledger", "Velgrad Courier", "Strait Observer", "Northgate Bulletin", "Rhenwald Post")
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            outlet = rng.choice(outlets)
            out.write(json.dumps({"title": item.title, "text": item.text, "outlet": outlet, "published": item.published,
                                  "url": f"https://{outlet.lower().replace(' ', '-')}.example/{item.id}"}) + "\n")
    return path.stat().st_size


def _tree_cpu(root: int) -> float:
    """CPU seconds of the live processes under ``root`` (and the children they reaped)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in _tree(root):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        total += sum(int(v) for v in fields[11:15]) / ticks
    return total


# -- the two runs (each in its own child process) ------------------------------------------------------------
def part_local(spec: dict[str, Any]) -> dict[str, Any]:
    from newsprism.pipeline import run
    from newsprism.settings import default_settings
    from newsprism.store import open_store

    stages: dict[str, float] = {}
    marks = [time.perf_counter()]

    def on_stage(name: str) -> None:
        marks.append(time.perf_counter())
        stages[name] = marks[-1]

    with Sampler() as memory, open_store(spec["db"]) as store:
        cpu0, start = _cpu(), time.perf_counter()
        report, annotated, results = run([spec["folder"]], store, default_settings(), on_stage=on_stage)
        seconds = time.perf_counter() - start
        cpu = _cpu() - cpu0
    names = list(stages)
    times = [stages[n] for n in names] + [start + seconds]
    return {"seconds": seconds, "cpu_seconds": cpu, "added": report.count("added"), "annotated": annotated,
            "links": results["copies"].items, "stories": store_count(spec["db"]),
            "stage_seconds": {n: times[i + 1] - times[i] for i, n in enumerate(names)},
            "peak_rss_mb": memory.peak, "peak_rss_by_kind_mb": memory.parts}


def store_count(db: str) -> int:
    from newsprism.store import open_store

    with open_store(db) as store:
        return store.count_stories()


def part_spark(spec: dict[str, Any]) -> dict[str, Any]:
    from newsprism.settings import default_settings
    from newsprism.spark.pipeline import run_spark
    from newsprism.spark.session import start_session
    from newsprism.store import open_store

    with Sampler() as memory:
        t0 = time.perf_counter()
        spark = start_session(spec["master"], app_name="newsprism-bench",
                              config={"spark.ui.enabled": "true", "spark.ui.port": str(spec["ui_port"]),
                                      "spark.ui.showConsoleProgress": "false", "spark.driver.memory": "2g"})
        started = time.perf_counter() - t0
        sc = spark.sparkContext
        stages: dict[str, float] = {}

        def on_stage(name: str) -> None:
            stages[name] = time.perf_counter()
            sc.setJobGroup(name, name)

        with open_store(spec["db"]) as store:
            cpu0, start = _tree_cpu(os.getpid()), time.perf_counter()
            result = run_spark([spec["folder"]], default_settings(), spark, store=store, on_stage=on_stage)
            seconds = time.perf_counter() - start
            cpu = _tree_cpu(os.getpid()) - cpu0
        tasks = task_costs(spark, sc.applicationId, spec["ui_port"])
        spark.stop()
    names = list(stages)
    times = [stages[n] for n in names] + [start + seconds]
    return {"seconds": seconds, "session_start_seconds": started, "cpu_seconds": cpu,
            "added": result.report.count("added"), "annotated": result.annotated, "links": result.links,
            "stories": result.stories, "stage_seconds": {n: times[i + 1] - times[i] for i, n in enumerate(names)},
            "tasks": tasks, "steps": steps_of(tasks), "peak_rss_mb": memory.peak, "peak_rss_by_kind_mb": memory.parts}


def task_costs(spark: Any, app: str, port: int) -> list[dict[str, Any]]:
    """Per stage of the run (named by the pipeline step its job belongs to): partitions, executor run time
    per partition (median and max over its tasks), rows in and out."""
    base = f"http://127.0.0.1:{port}/api/v1/applications/{app}"

    def get(path: str) -> Any:
        with urllib.request.urlopen(base + path, timeout=30) as answer:
            return json.loads(answer.read())

    groups = {job["jobId"]: job.get("jobGroup", "") for job in get("/jobs")}
    step_of = {}
    for job in get("/jobs"):
        for stage_id in job.get("stageIds", []):
            step_of[stage_id] = groups.get(job["jobId"], "")
    found = []
    for stage in get("/stages?status=complete"):
        if stage["numCompleteTasks"] == 0:
            continue
        details = get(f"/stages/{stage['stageId']}/{stage['attemptId']}/taskList?length=100000")
        runs = sorted(t["taskMetrics"]["executorRunTime"] / 1000 for t in details if t.get("taskMetrics"))
        if not runs:
            continue
        found.append({"step": step_of.get(stage["stageId"], ""), "stage": stage["name"][:80],
                      "partitions": len(runs), "run_seconds": sum(runs),
                      "median_partition_seconds": runs[len(runs) // 2], "max_partition_seconds": runs[-1],
                      "input_rows": stage.get("inputRecords", 0), "output_rows": stage.get("outputRecords", 0)})
    return found


def steps_of(tasks: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per pipeline step: partitions run (tasks) and executor seconds, in all and per partition."""
    steps: dict[str, dict[str, float]] = {}
    for task in tasks:
        step = steps.setdefault(task["step"], {"tasks": 0, "run_seconds": 0.0})
        step["tasks"] += task["partitions"]
        step["run_seconds"] += task["run_seconds"]
    for step in steps.values():
        step["seconds_per_task"] = step["run_seconds"] / step["tasks"]
    return steps


# -- the parent ------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--ui-port", type=int, default=4471)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--part")
    parser.add_argument("--spec")
    args = parser.parse_args()
    if args.part:
        emit({"local": part_local, "spark": part_spark}[args.part](json.loads(args.spec)))
        return 0
    sys.path.insert(0, str(Path(__file__).parent))

    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-spark-") as folder:
            articles = Path(folder) / "articles.jsonl"
            size_bytes = write_corpus(articles, size, args.seed)
            local = spawn(__file__, "local", "--spec", json.dumps({"folder": str(articles),
                                                                   "db": f"{folder}/local.db"}))
            print(f"{size} local: {local['seconds']:.0f} s", flush=True)
            remote = spawn(__file__, "spark", "--spec", json.dumps({
                "folder": str(articles), "db": f"{folder}/spark.db", "master": args.master,
                "ui_port": args.ui_port}))
            print(f"{size} spark: {remote['seconds']:.0f} s", flush=True)
        results.append({"articles": size, "bytes": size_bytes, "master": args.master, "cores": os.cpu_count(),
                        "local": local, "spark": remote,
                        "local_seconds_per_article": local["seconds"] / size,
                        "spark_seconds_per_article": remote["seconds"] / size,
                        "spark_over_local": remote["seconds"] / local["seconds"]})
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2))
    for r in results:
        print(f"{r['articles']} articles: local {r['local']['seconds']:.0f} s "
              f"({1000 * r['local_seconds_per_article']:.1f} ms/article, peak {r['local']['peak_rss_mb']:.0f} MB); "
              f"spark {r['spark']['seconds']:.0f} s ({1000 * r['spark_seconds_per_article']:.1f} ms/article, "
              f"peak {r['spark']['peak_rss_mb']:.0f} MB); ratio {r['spark_over_local']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
