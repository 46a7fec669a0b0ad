"""Annotation throughput: newsprism's annotation next to the bare spaCy pipeline.

Both run in this process on the same texts (PolNeAR's articles by default, real
US political news), the baseline first and then newsprism, repeated and
interleaved so machine noise hits both alike. Reports articles/s and the
overhead of newsprism's own annotation (quotes, speakers, sentences) as a share
of the model's time: (newsprism - spaCy) / spaCy, then newsprism on all cores
(``--workers``, default 2) as a speed-up over its own one-process time.

    python benchmarks/bench_annotate.py [--data ../shared/data/polnear] [--split dev] [--repeats 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "polnear")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel run (0 to skip it)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "annotate.json")
    args = parser.parse_args()
    texts_dir = args.data / "data" / args.split / "text"
    if not texts_dir.is_dir():
        print(f"skipped: {texts_dir} not found (pass --data)", file=sys.stderr)
        return 0

    from newsprism.annotate.annotator import Annotator
    from newsprism.annotate.nlp import english

    texts = [p.read_text("utf-8") for p in sorted(texts_dir.glob("*.txt"))]
    nlp = english()
    list(nlp.pipe(texts[:2]))  # warm up
    annotator = Annotator(nlp=nlp)
    bare, ours = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _ann in annotator.annotate((t, "en", None) for t in texts):
            pass
        ours.append(time.perf_counter() - start)
    bare_s, ours_s = statistics.median(bare), statistics.median(ours)
    parallel_s = None
    if args.workers > 1:  # the same annotation over all cores, pool start-up and model loads included
        start = time.perf_counter()
        for _ann in Annotator(workers=args.workers).annotate((t, "en", None) for t in texts):
            pass
        parallel_s = time.perf_counter() - start
    result = {
        "articles": len(texts),
        "characters": sum(len(t) for t in texts),
        "repeats": args.repeats,
        "spacy_seconds": bare_s,
        "newsprism_seconds": ours_s,
        "spacy_articles_per_s": len(texts) / bare_s,
        "newsprism_articles_per_s": len(texts) / ours_s,
        "overhead_share_of_model_time": (ours_s - bare_s) / bare_s,
        "workers": args.workers,
        "parallel_articles_per_s": len(texts) / parallel_s if parallel_s else None,
        "parallel_speedup": ours_s / parallel_s if parallel_s else None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"{len(texts)} articles, median of {args.repeats}:")
    print(f"  bare spaCy pipeline   {bare_s:7.2f} s  {result['spacy_articles_per_s']:6.1f} articles/s")
    print(f"  newsprism annotation  {ours_s:7.2f} s  {result['newsprism_articles_per_s']:6.1f} articles/s")
    print(f"  overhead of newsprism's own annotation: {100 * result['overhead_share_of_model_time']:.1f}% of the model's time")
    if parallel_s:
        print(f"  newsprism, {args.workers} processes {parallel_s:7.2f} s  {len(texts) / parallel_s:6.1f} articles/s "
              f"({ours_s / parallel_s:.2f}x one process, one run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
