"""Cost of the corpus pass that gives entities their canonical names, as the corpus grows.

Generated articles each name ten entities drawn (Zipf-like) from a pool of
people, organisations and places, with spelling variants and bare surnames
mixed in, as in real coverage. For 10k, 30k and 100k articles it times
``canonicalise`` next to a baseline measured in the same run: one plain pass
that counts every entity key (the least any corpus pass must do). The ratio
should stay flat as the corpus grows: no step compares all keys with all keys.

    python benchmarks/bench_canonical.py [--sizes 10000 30000 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIRST = ["Anna", "Boris", "Carla", "Dmitry", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas", "Katya", "Lars"]
LAST = ["Volkov", "Marsh", "Okafor", "Lindqvist", "Petrenko", "Haddad", "Moreau", "Tanaka", "Novak", "Brennan"]
VARIANTS = {"Dmitry": "Dmitri", "Katya": "Katja", "Volkov": "Wolkow", "Petrenko": "Petrenco"}


def corpus(size: int, seed: int = 7) -> list[tuple[str, list[dict[str, Any]]]]:
    from newsprism.annotate.entities import fold

    rng = random.Random(seed)
    people = [f"{f} {last}" for f in FIRST for last in LAST]
    things = [(f"Place {i}", "place") for i in range(2000)] + [(f"Agency {i}", "organisation") for i in range(2000)]
    weights = [1 / (rank + 1) for rank in range(len(people))]
    articles = []
    for n in range(size):
        entities = []
        for name in rng.choices(people, weights, k=5):
            first, last = name.split()
            roll = rng.random()
            if roll < 0.2:
                name = f"{VARIANTS.get(first, first)} {VARIANTS.get(last, last)}"
            elif roll < 0.35:
                name = last
            entities.append({"key": fold(name), "name": name, "type": "person",
                             "mentions": [{"start": 0, "end": len(name), "text": name}]})
        for name, kind in rng.choices(things, k=5):
            entities.append({"key": fold(name), "name": name, "type": kind,
                             "mentions": [{"start": 0, "end": len(name), "text": name}]})
        articles.append((f"a{n}", entities))
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "canonical.json")
    args = parser.parse_args()

    from newsprism.annotate.canonical import canonicalise

    results = []
    for size in args.sizes:
        articles = corpus(size)
        start = time.perf_counter()
        counts: Counter[str] = Counter(e["key"] for _, entities in articles for e in entities)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        index = canonicalise(articles)
        ours = time.perf_counter() - start
        results.append({"articles": size, "keys": len(counts), "canonical_entities": len({c.id for c in index.values()}),
                        "baseline_seconds": baseline, "canonicalise_seconds": ours, "ratio": ours / baseline})
        print(f"{size:>7} articles  {len(counts):>6} keys -> {results[-1]['canonical_entities']:>5} entities  "
              f"canonicalise {ours:6.2f} s  = {ours / baseline:5.1f}x the counting pass")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
