"""Story clustering scored on ECB+ and BASIL.

ECB+ (Cybulska and Vossen 2014): 35 topics, each holding two different real
events of the same kind (two earthquakes, two rehab check-ins ...); the gold
story of a document is its ``subtopic``. BASIL: 50 events, each covered by
three outlets; the gold story is the ``triplet-uuid``. Every document of a
dataset is clustered at once, with no gold field in the inputs: entities and
dates come from newsprism's own annotations of the text (cached by text hash,
since annotating is the slow part), titles are the first line (ECB+) or the
article's title (BASIL), and publication dates are the metadata's (BASIL) or
inferred from the text (ECB+ has none).

Scores: B-cubed precision, recall and F1 (Bagga and Baldwin 1998), and the
adjusted Rand index (Hubert and Arabie 1985), both written out here.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..settings import StorySettings, as_mapping, cache_folder, default_settings
from ..stories import Story, StoryClusterer, StoryInput, cluster, event_dates
from ..text import metrics

DATASETS = ("ecbplus", "basil")
_CACHE_FILE = "story-annotations.json"


# -- scores ------------------------------------------------------------------------------------
def _contingency(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[Counter[tuple[str, str]], int]:
    """Counts of (predicted, gold) label pairs over the gold items; an item missing from ``pred`` is alone."""
    pairs: Counter[tuple[str, str]] = Counter()
    for item, label in gold.items():
        pairs[pred.get(item, "\0" + item), label] += 1
    return pairs, len(gold)


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of the clustering ``pred`` (item -> cluster) against ``gold``."""
    pairs, n = _contingency(pred, gold)
    if not n:
        return 0.0, 0.0, 0.0
    pred_sizes: Counter[str] = Counter()
    gold_sizes: Counter[str] = Counter()
    for (p, g), count in pairs.items():
        pred_sizes[p] += count
        gold_sizes[g] += count
    # Each of the ``count`` items in cell (p, g) has precision count/|p| and recall count/|g|.
    precision = sum(c * c / pred_sizes[p] for (p, _), c in pairs.items()) / n
    recall = sum(c * c / gold_sizes[g] for (_, g), c in pairs.items()) / n
    return precision, recall, metrics.f1(precision, recall)


def _pairs(count: int) -> float:
    return count * (count - 1) / 2


def ari(pred: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """Adjusted Rand index of ``pred`` against ``gold`` (1 identical, about 0 for chance agreement)."""
    pairs, n = _contingency(pred, gold)
    pred_sizes: Counter[str] = Counter()
    gold_sizes: Counter[str] = Counter()
    for (p, g), count in pairs.items():
        pred_sizes[p] += count
        gold_sizes[g] += count
    together = sum(_pairs(c) for c in pairs.values())
    pred_pairs = sum(_pairs(c) for c in pred_sizes.values())
    gold_pairs = sum(_pairs(c) for c in gold_sizes.values())
    total = _pairs(n)
    if total == 0:
        return 1.0
    expected = pred_pairs * gold_pairs / total
    best = (pred_pairs + gold_pairs) / 2
    if best == expected:  # both all-singletons or both one cluster: the clusterings agree
        return 1.0
    return (together - expected) / (best - expected)


# -- the data ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EvalDoc:
    """A document to cluster; ``published`` is the metadata's date (None when the data gives none)."""

    id: str
    gold: str
    title: str
    text: str
    published: str | None = None
    topic: str = ""


def load_ecbplus(data_dir: Path) -> list[EvalDoc]:
    """``data_dir/docs.jsonl``: one document a line (doc, topic, subtopic, text ...)."""
    path = data_dir / "docs.jsonl" if data_dir.is_dir() else data_dir
    if not path.is_file():
        raise UsageError(f"{path} not found; pass --data pointing at the ECB+ folder holding docs.jsonl")
    docs = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = str(record["text"])
                docs.append(EvalDoc(str(record["doc"]), str(record["subtopic"]), text.split("\n", 1)[0].strip(),
                                    text, None, str(record["topic"])))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}", f"not an ECB+ document record ({exc})") from None
    return docs


def load_basil_docs(data_dir: Path) -> list[EvalDoc]:
    from .basil import load_basil

    return [EvalDoc(a.id, a.event, a.title, a.text, a.date or None, a.event) for a in load_basil(data_dir)]


def load_docs(data_dir: Path, dataset: str) -> list[EvalDoc]:
    if dataset == "ecbplus":
        return load_ecbplus(data_dir)
    if dataset == "basil":
        return load_basil_docs(data_dir)
    raise UsageError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")


# -- annotating, cached ---------------------------------------------------------------------------
def reader_version() -> str:
    """The annotation version and a digest of the annotating code: a cache from other code is not used."""
    from ..annotate import annotator as reader

    digest = hashlib.sha256()
    for source in sorted(Path(reader.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return f"{reader.ANNOTATION_VERSION}-{digest.hexdigest()[:16]}"


def _load_cache(path: Path, version: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version or not isinstance(data.get("annotations"), dict):
        return {}
    return dict(data["annotations"])


def _save_cache(path: Path, version: str, annotated: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"version": version, "annotations": annotated}), "utf-8")
        partial.replace(path)  # whole file or nothing, even with two runs at once
    except OSError:
        pass  # a cache that cannot be written only costs time


def read_docs(docs: Sequence[EvalDoc], cache_dir: Path | None = None, workers: int = 2) -> list[dict[str, Any]]:
    """Each document's entities, dates and inferred publication date, read by newsprism (or from the cache)."""
    from ..annotate.annotator import Annotator, text_hash

    path = (cache_dir or cache_folder()) / _CACHE_FILE
    version = reader_version()
    cached = _load_cache(path, version)
    keys = [text_hash(d.text, d.published) for d in docs]
    missing = [(d.text, "en", d.published) for d, k in zip(docs, keys) if k not in cached]
    if missing:
        todo = [k for k in keys if k not in cached]
        for key, annotations in zip(todo, Annotator(workers=workers).annotate(missing)):
            cached[key] = {
                "entities": [e.to_dict() for e in annotations.entities],
                "dates": [{"value": d.value, "precision": d.precision} for d in annotations.dates],
                "published": annotations.published.value if annotations.published else None,
            }
        _save_cache(path, version, cached)
    return [cached[k] for k in keys]


def story_inputs(docs: Sequence[EvalDoc], annotated: Sequence[Mapping[str, Any]]) -> list[StoryInput]:
    """Clusterer inputs: entities under their corpus-wide canonical ids (most mentioned first)."""
    from ..annotate.canonical import canonicalise

    index = canonicalise((d.id, list(r["entities"])) for d, r in zip(docs, annotated))
    inputs = []
    for doc, found in zip(docs, annotated):
        mentions: Counter[str] = Counter()
        for entity in found["entities"]:
            canonical = index.get(entity["key"])
            mentions[canonical.id if canonical else entity["key"]] += len(entity["mentions"])
        entities = tuple(e for e, _ in sorted(mentions.items(), key=lambda em: -em[1]))
        published = doc.published or found.get("published")
        inputs.append(StoryInput(doc.id, doc.title, doc.text, published, entities, event_dates(found["dates"])))
    return inputs


def _split(docs: list[EvalDoc], split: str | None) -> list[EvalDoc]:
    """Half the topics, to tune on one half and check on the other; topics only choose documents."""
    if split is None:
        return docs
    if split not in ("odd", "even"):
        raise UsageError(f"unknown split {split!r}; choose odd or even (ECB+ topic numbers)")
    remainder = 1 if split == "odd" else 0
    return [d for d in docs if d.topic.isdigit() and int(d.topic) % 2 == remainder]


def score(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    precision, recall, f1 = bcubed(pred, gold)
    return {"bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1, "ari": ari(pred, gold)}


def detect_dataset(data_dir: Path) -> str:
    """ECB+ when ``data_dir`` holds docs.jsonl (or is it), BASIL when it holds articles/."""
    if (data_dir / "docs.jsonl").is_file() or data_dir.suffix == ".jsonl":
        return "ecbplus"
    if (data_dir / "articles").is_dir():
        return "basil"
    raise UsageError(f"{data_dir} holds neither docs.jsonl (ECB+) nor articles/ (BASIL); pass --data pointing at one")


def _assign(inputs: list[StoryInput], mode: str, settings: StorySettings) -> list[Story]:
    if mode == "batch":
        return cluster(inputs, settings)
    if mode == "incremental":
        clusterer = StoryClusterer(settings)
        for item in sorted(inputs, key=lambda i: (i.published is None, i.published or "", i.id)):
            clusterer.add(item)
        return clusterer.stories()
    raise UsageError(f"unknown mode {mode!r}; choose batch or incremental")


def evaluate_stories(
    data_dir: Path,
    dataset: str | None = None,
    cache_dir: Path | None = None,
    workers: int = 2,
    settings: StorySettings | None = None,
    split: str | None = None,
    mode: str = "batch",
    dates: bool = True,
) -> dict[str, Any]:
    """Cluster every document of ``dataset`` (detected from ``data_dir`` when None) and score against the gold.

    ``settings`` is the ``[stories]`` section (the packaged defaults when None); ``split`` ("odd"/"even", ECB+ only) keeps half the topics;
    ``mode`` "incremental" adds the documents one by one in publication order instead of re-clustering;
    ``dates`` False withholds every publication date, so the grouping goes by content alone.
    """
    dataset = dataset or detect_dataset(data_dir)
    docs = _split(load_docs(data_dir, dataset), split)
    if not docs:
        raise UsageError(f"no documents to cluster in {data_dir} ({dataset}, split {split})")
    annotated = read_docs(docs, cache_dir, workers)
    inputs = story_inputs(docs, annotated)
    if not dates:
        inputs = [replace(item, published=None) for item in inputs]
    settings = settings or default_settings().stories
    started = time.perf_counter()
    stories = _assign(inputs, mode, settings)
    seconds = time.perf_counter() - started
    pred = {article: story.id for story in stories for article in story.articles}
    gold = {d.id: d.gold for d in docs}
    return {
        "dataset": dataset,
        "mode": mode,
        "split": split,
        "documents": len(docs),
        "gold_stories": len(set(gold.values())),
        "stories": len(stories),
        **score(pred, gold),
        "dated": sum(1 for i in inputs if i.published) / len(inputs),
        "dates_withheld": not dates,
        "cluster_seconds": seconds,
        "params": as_mapping(settings),
        "stories_found": [s.to_dict() for s in stories],
    }


def summary(result: Mapping[str, Any]) -> str:
    """One line of figures."""
    withheld = ", publication dates withheld" if result.get("dates_withheld") else f", {result['dated']:.1%} dated"
    return (
        f"{result['dataset']}{'/' + result['split'] if result.get('split') else ''} ({result['mode']}{withheld}): "
        f"{result['documents']} documents, "
        f"{result['stories']} stories (gold {result['gold_stories']}); B-cubed P {result['bcubed_precision']:.3f} "
        f"R {result['bcubed_recall']:.3f} F1 {result['bcubed_f1']:.3f}; ARI {result['ari']:.3f}"
    )

