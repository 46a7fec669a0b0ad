#!/usr/bin/env python
"""Reuse detection (provenance) as the corpus grows: time, peak memory, and what it finds.

Generated corpora of N articles (default 10k, 30k, 100k) are built from one
synthetic vocabulary, with reuse injected at known places:

  duplicate  2%  an earlier article republished unchanged
  copy       5%  an earlier article with a new intro, a footer and a few words changed
  partial    4%  a new article that carries a run of 3-5 sentences of an earlier one
  wire       3%  clusters of 3-15 outlets running the same agency text under their own intros
  rewrite    2%  an earlier article with half of every sentence's words replaced (lexically
                 invisible: the 100k runs are vector-free, so these are reported, not expected)
  mass       1%  near-identical copies of one single text (a degenerate bucket)

and every outlet appends its own footer line to half of its articles (boilerplate).

Baseline, measured in the same run on the same texts: plain normalisation
(newsprism's word normaliser) and the set of 5-word shingle hashes per
article: the least any near-duplicate detector must do. newsprism:
``find_copies(articles)`` without vectors. Each part runs in its own child
process, so peak memory (VmHWM) is that part's own; the corpus itself is
built in the child before the clock starts and its memory is reported apart.

    /work/venv/bin/python benchmarks/bench_copies.py                    # 10k, 30k, 100k (about 10 minutes)
    /work/venv/bin/python benchmarks/bench_copies.py --sizes 2000       # smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from isolated import emit, rss_mb, spawn

REPO = Path(__file__).resolve().parents[1]
SHARES = {"duplicate": 0.02, "copy": 0.05, "partial": 0.04, "wire": 0.03, "rewrite": 0.02, "mass": 0.01}
START = datetime(2024, 1, 1, tzinfo=UTC)


class Corpus:
    """Deterministic synthetic articles and the reuse injected into them."""

    def __init__(self, size: int, seed: int = 11) -> None:
        self.rng = np.random.default_rng(seed)
        syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
        picks = self.rng.integers(0, len(syllables), size=(30_000, 3))
        lengths = self.rng.integers(1, 4, size=30_000)
        self.vocab = sorted({"".join(syllables[x] for x in row[:n]) for row, n in zip(picks, lengths)})
        weights = 1.0 / (np.arange(len(self.vocab)) + 10.0)
        self.cdf = np.cumsum(weights / weights.sum())
        self.outlets = [f"Outlet {k}" for k in range(500)]
        self.texts: list[str] = []
        self.meta: list[tuple[str, str]] = []  # (outlet, published)
        self.truth: list[tuple[int, int, str]] = []  # (source, target, kind)
        self.groups: list[list[int]] = []  # wire clusters
        self._build(size)

    def sentence(self, n_words: int | None = None) -> str:
        n = n_words or int(self.rng.integers(10, 28))
        picks = np.minimum(np.searchsorted(self.cdf, self.rng.random(n)), len(self.vocab) - 1)
        words = [self.vocab[k] for k in picks]
        words[0] = words[0].capitalize()
        if self.rng.random() < 0.5:
            words.insert(int(self.rng.integers(1, n)), f"{self.vocab[int(self.rng.integers(0, 5000))].capitalize()}")
        if self.rng.random() < 0.3:
            words.insert(int(self.rng.integers(1, n)), str(int(self.rng.integers(2, 5000))))
        return " ".join(words) + "."

    def body(self, sentences: list[str]) -> str:
        paragraphs, k = [], 0
        while k < len(sentences):
            step = int(self.rng.integers(1, 4))
            paragraphs.append(" ".join(sentences[k:k + step]))
            k += step
        return "\n\n".join(paragraphs)

    def fresh(self) -> list[str]:
        return [self.sentence() for _ in range(int(self.rng.integers(8, 22)))]

    def add(self, sentences: list[str], outlet: int, when: datetime, footer: bool = True) -> int:
        text = self.body(sentences)
        if footer and self.rng.random() < 0.5:
            text += f"\n\nFollow {self.outlets[outlet]} for more news from the region every single day."
        self.texts.append(text)
        self.meta.append((self.outlets[outlet], when.isoformat()))
        return len(self.texts) - 1

    def later(self, source: int) -> datetime:
        return datetime.fromisoformat(self.meta[source][1]) + timedelta(hours=float(self.rng.uniform(1, 72)))

    def _build(self, size: int) -> None:
        rng = self.rng
        counts = {kind: int(size * share) for kind, share in SHARES.items()}
        originals = size - sum(counts.values())
        kept: list[list[str]] = []
        for _ in range(originals):
            kept.append(self.fresh())
            self.add(kept[-1], int(rng.integers(0, 500)), START + timedelta(hours=float(rng.uniform(0, 8000))))

        def pick() -> int:
            return int(rng.integers(0, originals))

        for _ in range(counts["duplicate"]):
            s = pick()
            self.texts.append(self.texts[s])
            self.meta.append((self.outlets[int(rng.integers(0, 500))], self.later(s).isoformat()))
            self.truth.append((s, len(self.texts) - 1, "duplicate"))
        for _ in range(counts["copy"]):
            s = pick()
            edited = [self.sentence()] + [self._touch(x) if rng.random() < 0.2 else x for x in kept[s]]
            self.truth.append((s, self.add(edited, int(rng.integers(0, 500)), self.later(s)), "copy"))
        for _ in range(counts["partial"]):
            s = pick()
            start = int(rng.integers(0, max(1, len(kept[s]) - 5)))
            own = self.fresh()
            cut = int(rng.integers(1, len(own)))
            run = kept[s][start:start + int(rng.integers(3, 6))]
            self.truth.append((s, self.add(own[:cut] + run + own[cut:], int(rng.integers(0, 500)), self.later(s)),
                               "partial"))
        made = 0
        while made < counts["wire"]:
            wire, when, members = self.fresh(), START + timedelta(hours=float(rng.uniform(0, 8000))), []
            for _ in range(min(int(rng.integers(3, 16)), counts["wire"] - made) or 1):
                members.append(self.add([self.sentence()] + wire, int(rng.integers(0, 500)),
                                        when + timedelta(minutes=float(rng.uniform(0, 600)))))
                made += 1
            if len(members) > 1:
                self.groups.append(members)
        for _ in range(counts["rewrite"]):
            s = pick()
            reworded = [self._reword(x) for x in kept[s]]
            self.truth.append((s, self.add(reworded, int(rng.integers(0, 500)), self.later(s)), "rewrite"))
        mass = self.fresh()
        first = None
        for k in range(counts["mass"]):
            edited = [self._touch(x) if rng.random() < 0.1 else x for x in mass]
            index = self.add(edited, k % 500, START + timedelta(hours=9000 + k))
            first = index if first is None else first
        if first is not None:
            self.groups.append(list(range(first, len(self.texts))))

    def _touch(self, sentence: str) -> str:
        words = sentence.split()
        words[int(self.rng.integers(1, len(words)))] = self.vocab[int(self.rng.integers(0, len(self.vocab)))]
        return " ".join(words)

    def _reword(self, sentence: str) -> str:
        words = sentence.rstrip(".").split()
        for k in range(len(words)):
            if self.rng.random() < 0.5:
                words[k] = self.vocab[int(self.rng.integers(0, len(self.vocab)))]
        return " ".join(words).capitalize() + "."

    def articles(self) -> list[Any]:
        from newsprism.schema import Article

        return [Article(id=f"g{k:06d}", origin=f"g{k}", body=text, text=text, outlet=outlet, published=when)
                for k, (text, (outlet, when)) in enumerate(zip(self.texts, self.meta))]


def part(name: str, size: int) -> dict[str, Any]:
    corpus = Corpus(size)
    articles = corpus.articles()
    before = rss_mb("VmRSS")
    cpu, start = time.process_time(), time.perf_counter()
    if name == "kept":
        # A watcher's poll: the features of all but the newest 1% were kept by the previous run.
        from newsprism.copies.finder import FeatureCache, find_copies

        older = articles[: len(articles) * 99 // 100]
        cache = FeatureCache()
        find_copies(older, cache=cache)
        cache = FeatureCache(cache.made)
        before = rss_mb("VmRSS")
        cpu, start = time.process_time(), time.perf_counter()
    if name == "baseline":
        from newsprism.text.tokens import folded_words as words

        shingles = 0
        for article in articles:
            tokens = words(article.text)
            shingles += len({hash(tuple(tokens[i:i + 5])) for i in range(len(tokens) - 4)})
        extra: dict[str, Any] = {"shingles": shingles}
    else:
        from newsprism.copies.finder import find_copies

        links, _ = find_copies(articles, cache=cache) if name == "kept" else find_copies(articles)
        extra = {"links": len(links)}
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if name != "baseline":
        extra.update(score(corpus, articles, links))
    return {"part": name, "articles": len(articles), "seconds": seconds, "cpu_seconds": cpu,
            "corpus_rss_mb": before, "peak_rss_mb": rss_mb("VmHWM"), **extra}


def score(corpus: Corpus, articles: list[Any], links: list[Any]) -> dict[str, Any]:
    """Recall of the injected reuse (with the right direction) and links the construction does not explain."""
    index = {a.id: k for k, a in enumerate(articles)}
    found = {(index[link.source], index[link.target]) for link in links}
    related = {frozenset((s, t)) for s, t, _ in corpus.truth}
    for group in corpus.groups:
        related.update(frozenset((x, y)) for x in group for y in group if x < y)
    recall: dict[str, list[int]] = {}
    for s, t, kind in corpus.truth:
        hit = recall.setdefault(kind, [0, 0])
        hit[0] += (s, t) in found
        hit[1] += 1
    groups_found = sum(1 for g in corpus.groups if any((x, y) in found or (y, x) in found
                                                      for x in g[:1] for y in g[1:]))
    sources = {t: s for s, t, _ in corpus.truth}
    unexplained = sum(1 for pair in found if frozenset(pair) not in related and not _same_source(pair, sources))
    return {"recall": {k: f"{v[0]}/{v[1]}" for k, v in sorted(recall.items())},
            "wire_groups_linked": f"{groups_found}/{len(corpus.groups)}", "unexplained_links": unexplained}


def _same_source(pair: tuple[int, int], sources: dict[int, int]) -> bool:
    # Two reuses of one original are linked through it (shared-source): explained, not an error.
    x, y = pair
    return sources.get(x, -1) == sources.get(y, -2) or sources.get(x) == y or sources.get(y) == x


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "copies.json")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        emit(part(args.part, args.size))
        return 0
    rows = []
    for size in args.sizes:
        base, ours = spawn(__file__, "baseline", "--size", str(size)), spawn(__file__, "newsprism", "--size", str(size))
        kept = spawn(__file__, "kept", "--size", str(size))
        row = {"articles": size, "baseline": base, "newsprism": ours, "kept": kept,
               "ratio": ours["seconds"] / base["seconds"], "cpu_ratio": ours["cpu_seconds"] / base["cpu_seconds"],
               "kept_ratio": kept["seconds"] / base["seconds"],
               "us_per_article": 1e6 * ours["seconds"] / size}
        rows.append(row)
        print(f"{size:>7} articles  baseline {base['seconds']:6.1f} s {base['peak_rss_mb']:6.0f} MB  "
              f"newsprism {ours['seconds']:6.1f} s {ours['peak_rss_mb']:6.0f} MB (corpus {ours['corpus_rss_mb']:.0f} MB)  "
              f"ratio {row['ratio']:4.1f}x  {row['us_per_article']:5.0f} us/article  links {ours['links']}  "
              f"recall {ours['recall']}  wire {ours['wire_groups_linked']}  unexplained {ours['unexplained_links']}  "
              f"| 1% new, features kept: {kept['seconds']:6.1f} s ratio {row['kept_ratio']:4.1f}x "
              f"same links {kept['links'] == ours['links']}", flush=True)
    first = rows[0]
    for row in rows[1:]:
        row["time_growth_per_article"] = row["us_per_article"] / first["us_per_article"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"date": datetime.now(UTC).isoformat(timespec="seconds"),
                                    "machine": platform.platform(), "cpus": os.cpu_count(),
                                    "vectors": False, "results": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
