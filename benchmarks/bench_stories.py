"""Cost of story assignment as the corpus grows, against a TF-IDF baseline measured in the same run.

Generated corpora of 10k, 30k and 100k articles: each event takes its sentences
from one document of ../shared/data/ecbplus (read in place; made-up sentences
when it is absent) with its capitalised words and numbers made its own (so
look-alike events share wording, not names), a publication day within two
years, canonical entity ids drawn Zipf-like from a shared pool, and sometimes
its event day as a date mention. Articles of an event are subsets of its
sentences with sentences from other documents mixed in; one in ten is a
near-copy of an earlier article of its event (half of them marked ``copy_of``).
No spaCy: the benchmark builds ``StoryInput`` records directly.

Each part runs alone in a fresh child process (the script re-runs itself with a
hidden ``--part`` flag), so its peak memory is its own:

- ``baseline``: tokenise every article and build its TF-IDF vector (document
  frequencies, then one sparse unit vector per article), the least any text
  clustering of these inputs must do;
- ``batch``: ``cluster(items)`` (the nearest-neighbour graph);
- ``incremental``: ``StoryClusterer().add(item)`` for every article, in publication order.

Times are reported as ratios to the baseline of the same size; a ratio that stays
flat as the corpus grows means the cost grows like the baseline's, linearly.
Every size spans the same two years, so larger corpora are also denser (about
14 articles a day at 10k, 137 at 100k): more look-alike events share each week.
The B-cubed F1 against the generated events is printed as a sanity check.

    python benchmarks/bench_stories.py [--sizes 10000 30000 100000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from isolated import emit, rss_mb, spawn

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", REPO.parent / "shared"))
START = date(2012, 1, 1)
SPAN_DAYS = 730


def _source_documents(rng: random.Random) -> list[list[str]]:
    """Sentences of each ECB+ document, or made-up ones when the shared data is absent."""
    path = SHARED / "data" / "ecbplus" / "docs.jsonl"
    if path.is_file():
        with path.open(encoding="utf-8") as lines:
            docs = [json.loads(line)["text"].split("\n") for line in lines if line.strip()]
        return [[s for s in doc if len(s.split()) > 3] for doc in docs if len(doc) > 2]
    words = [f"w{i}" for i in range(20_000)]
    return [[" ".join(rng.choices(words, k=rng.randint(8, 25))) + " ." for _ in range(rng.randint(5, 15))]
            for _ in range(800)]


def _event_size(rng: random.Random) -> int:
    return min(40, int(rng.paretovariate(1.3)))


_NAME = re.compile(r"\b(?:[A-Z][a-z]+|[0-9]+)\b")


def _rename(sentences: list[str], event: int) -> list[str]:
    """The event's own names and numbers: look-alike events share their wording, not their actors."""
    return [_NAME.sub(lambda m: f"{m.group()[:3]}{event}", s) for s in sentences]


def _near_copy(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        words[rng.randrange(len(words))] = rng.choice(("reportedly", "officials", "Tuesday", "local"))
    return " ".join(words)


def corpus(size: int, seed: int) -> tuple[list[Any], dict[str, str]]:
    """``size`` StoryInput records and the generated event of each."""
    from newsprism.stories import StoryInput

    rng = random.Random(seed)
    sources = _source_documents(rng)
    pool = [f"entity-{i}" for i in range(5000)]
    weights = [1 / (rank + 1) for rank in range(len(pool))]
    items: list[StoryInput] = []
    gold: dict[str, str] = {}
    event = 0
    while len(items) < size:
        event += 1
        sentences = _rename(rng.choice(sources), event)
        day = START + timedelta(days=rng.randrange(SPAN_DAYS))
        actors = rng.choices(pool, weights, k=rng.randint(1, 3)) + [f"event-{event}-{i}" for i in range(2)]
        written: list[StoryInput] = []
        for _ in range(min(_event_size(rng), size - len(items))):
            article_id = f"a{len(items)}"
            published = (day + timedelta(days=rng.randint(0, 3))).isoformat()
            if written and rng.random() < 0.1:
                source = rng.choice(written)
                item = StoryInput(article_id, source.title, _near_copy(rng, source.text), published, source.entities,
                                  source.dates, source.id if rng.random() < 0.5 else None)
            else:
                chosen = rng.sample(sentences, max(2, int(len(sentences) * rng.uniform(0.5, 1.0))))
                noise = [rng.choice(rng.choice(sources)) for _ in range(rng.randint(1, 3))]
                body = chosen + noise
                title = " ".join(chosen[0].split()[:12])
                entities = tuple(dict.fromkeys(actors + rng.choices(pool, weights, k=rng.randint(0, 3))))
                dates = (day.isoformat(),) if rng.random() < 0.5 else ()
                item = StoryInput(article_id, title, "\n".join(body), published, entities, dates)
            written.append(item)
            items.append(item)
            gold[article_id] = f"e{event}"
    return items, gold


# -- parts (each in its own process) ----------------------------------------------------------
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")


def part_baseline(items: list[Any]) -> dict[str, Any]:
    start = time.perf_counter()
    counts = [Counter(_TOKEN.findall(f"{item.title}\n{item.text}".lower())) for item in items]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(items)
    vectors = []
    for c in counts:
        weights = {t: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, k in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({t: w / norm for t, w in weights.items()})
    return {"seconds": time.perf_counter() - start, "vectors": len(vectors)}


def part_batch(items: list[Any]) -> dict[str, Any]:
    from newsprism.stories import cluster

    start = time.perf_counter()
    stories = cluster(items)
    return {"seconds": time.perf_counter() - start, "stories": len(stories),
            "labels": {a: s.id for s in stories for a in s.articles}}


def part_incremental(items: list[Any]) -> dict[str, Any]:
    from newsprism.stories import StoryClusterer

    clusterer = StoryClusterer()
    ordered = sorted(items, key=lambda item: (item.published or "", item.id))
    start = time.perf_counter()
    for item in ordered:
        clusterer.add(item)
    seconds = time.perf_counter() - start
    stories = clusterer.stories()
    return {"seconds": seconds, "stories": len(stories), "open_at_end": len(clusterer.open_),
            "labels": {a: s.id for s in stories for a in s.articles}}


PARTS = {"baseline": part_baseline, "batch": part_batch, "incremental": part_incremental}


def run_part(name: str, size: int, seed: int) -> None:
    sys.path.insert(0, str(REPO / "src"))
    items, gold = corpus(size, seed)
    before = rss_mb("VmRSS")
    result = PARTS[name](items)
    result["inputs_rss_mb"] = before
    result["peak_rss_mb"] = rss_mb("VmHWM")
    labels = result.pop("labels", None)
    if labels is not None:
        from newsprism.evaluate.stories import bcubed

        result["bcubed_f1_vs_generated_events"] = bcubed(labels, gold)[2]
    emit(result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "stories.json")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        run_part(args.part, args.size, args.seed)
        return 0
    if not (SHARED / "data" / "ecbplus" / "docs.jsonl").is_file():
        print(f"{SHARED}/data/ecbplus not found: sentences are made up", file=sys.stderr)
    results = []
    for size in args.sizes:
        row: dict[str, Any] = {"articles": size}
        for name in PARTS:
            row[name] = spawn(__file__, name, "--size", str(size), "--seed", str(args.seed))
        base = row["baseline"]["seconds"]
        for name in ("batch", "incremental"):
            row[name]["ratio"] = row[name]["seconds"] / base
            row[name]["per_1000_articles_seconds"] = row[name]["seconds"] / size * 1000
        results.append(row)
        print(f"{size:>7} articles  baseline {base:6.2f} s ({row['baseline']['peak_rss_mb']:.0f} MB peak)  "
              f"batch {row['batch']['seconds']:6.2f} s = {row['batch']['ratio']:4.1f}x "
              f"({row['batch']['peak_rss_mb']:.0f} MB, F1 {row['batch']['bcubed_f1_vs_generated_events']:.3f})  "
              f"incremental {row['incremental']['seconds']:6.2f} s = {row['incremental']['ratio']:4.1f}x "
              f"({row['incremental']['peak_rss_mb']:.0f} MB, F1 "
              f"{row['incremental']['bcubed_f1_vs_generated_events']:.3f})", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "python": sys.version.split()[0], "cpus": os.cpu_count(),
            "seed": args.seed}
    args.out.write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
