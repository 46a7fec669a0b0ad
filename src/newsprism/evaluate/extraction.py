"""Article-body extraction scored as the Article Extraction Benchmark scores it.

Per page: 4-gram shingles of ``\\w+`` tokens, true/false positives and false
negatives counted with multiplicity and normalised by their sum; precision and
recall are averaged over pages and F1 is taken from the two averages.
"""

from __future__ import annotations

import gzip
import json
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..settings import Settings
from ..text.metrics import f1
from ..text.tokens import words


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = words(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    gold, got = shingles(true), shingles(pred)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "pages": self.pages}


def aggregate(counts: list[tuple[float, float, float]]) -> Scores:
    def ratio(a: float, b: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return a / (a + b) if a + b else 0.0

    precision = statistics.mean(ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0)
    recall = statistics.mean(ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0)
    return Scores(precision, recall, f1(precision, recall), len(counts))


def load_benchmark(data_dir: Path) -> tuple[dict[str, str], dict[str, Path]]:
    truth_file = data_dir / "ground-truth.json"
    if not truth_file.is_file():
        raise UsageError(f"{truth_file} not found; pass --data pointing at the article-extraction-benchmark folder")
    truth = json.loads(truth_file.read_text("utf-8"))
    pages = {key: data_dir / "html" / f"{key}.html.gz" for key in truth}
    missing = [str(p) for p in pages.values() if not p.is_file()]
    if missing:
        raise UsageError(f"{len(missing)} benchmark pages are missing, e.g. {missing[0]}; restore the html/ folder")
    return {k: v.get("articleBody", "") for k, v in truth.items()}, pages


def score_system(truth: dict[str, str], pages: dict[str, Path], system: Callable[[str, str], str]) -> Scores:
    counts = []
    for key, path in pages.items():
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            html = handle.read()
        counts.append(page_counts(truth[key], system(html, key)))
    return aggregate(counts)


def bare_trafilatura(html: str, key: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def newsprism_system(settings: Settings | None = None) -> Callable[[str, str], str]:
    """newsprism's cleaned text for a page (``settings``: the run's; the packaged defaults when None)."""
    from ..errors import InputError
    from ..extract.article import build_article
    from ..schema import RawItem
    from ..settings import default_settings

    settings = settings or default_settings()

    def newsprism_text(html: str, key: str) -> str:
        try:
            return build_article(RawItem(origin=key, content=html.encode("utf-8"), format="html"), settings).text
        except InputError:
            return ""

    return newsprism_text


def evaluate_extraction(data_dir: Path, settings: Settings | None = None) -> dict[str, Scores]:
    truth, pages = load_benchmark(data_dir)
    return {
        "newsprism": score_system(truth, pages, newsprism_system(settings)),
        "trafilatura": score_system(truth, pages, bare_trafilatura),
    }
