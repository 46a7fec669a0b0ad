"""Loaded words scored on the Propaganda Techniques Corpus (SemEval-2020 Task 11).

PTC's training articles carry character spans of 14 propaganda techniques;
two of them are about wording: *Loaded_Language* (words with strong
emotional implications) and *Name_Calling,Labeling*. newsprism's loaded-word
spans (the lexicon, intensifiers and scare quotes used in story framing) are
run over every line of every article and compared span by span:

- *recall*: the share of gold spans of each wording technique that some
  newsprism span overlaps;
- *precision*: the share of newsprism spans that overlap a gold span of a
  wording technique, and of any technique (annotators marked propaganda,
  not every loaded word, so these are lower bounds).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError

WORDING = ("Loaded_Language", "Name_Calling,Labeling")


def _gold(labels: Path) -> dict[str, list[tuple[str, int, int]]]:
    found: dict[str, list[tuple[str, int, int]]] = {}
    for number, line in enumerate(labels.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            article, technique, start, end = line.split("\t")
            found.setdefault(article, []).append((technique, int(start), int(end)))
        except ValueError:
            raise InputError(f"{labels}:{number}", "not a PTC label line (article, technique, start, end)") from None
    return found


def predicted_spans(text: str) -> list[tuple[int, int]]:
    """newsprism's loaded-word spans over a whole article, line by line (offsets into ``text``)."""
    from ..compare.lexicon import loaded_spans

    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        spans.extend((offset + s.start, offset + s.end) for s in loaded_spans(line))
        offset += len(line) + 1
    return spans


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def evaluate_ptc(data_dir: Path) -> dict[str, Any]:
    base = data_dir / "datasets" if (data_dir / "datasets").is_dir() else data_dir
    labels, articles = base / "train-task2-TC.labels", base / "train-articles"
    if not labels.is_file() or not articles.is_dir():
        raise UsageError(f"{labels} or {articles} not found; pass --data pointing at the PTC folder")
    gold = _gold(labels)
    recall: dict[str, list[int]] = {t: [0, 0] for t in WORDING}
    precise = Counter[str]()
    predicted = words = 0
    for article_id, spans in sorted(gold.items()):
        path = articles / f"article{article_id}.txt"
        if not path.is_file():
            raise InputError(str(path), "the labels name an article that is not in train-articles")
        text = path.read_text("utf-8")
        found = predicted_spans(text)
        words += len(text.split())
        predicted += len(found)
        for technique, start, end in spans:
            if technique in recall:
                recall[technique][0] += _overlaps(start, end, found)
                recall[technique][1] += 1
        wording = [(s, e) for t, s, e in spans if t in WORDING]
        every = [(s, e) for _, s, e in spans]
        for start, end in found:
            precise["wording"] += _overlaps(start, end, wording)
            precise["any"] += _overlaps(start, end, every)
    return {
        "articles": len(gold),
        "words": words,
        "predicted_spans": predicted,
        "recall": {t: {"rate": round(h / n, 3) if n else 0.0, "hit": h, "total": n} for t, (h, n) in recall.items()},
        "precision": {k: {"rate": round(precise[k] / predicted, 3) if predicted else 0.0, "hit": precise[k],
                          "total": predicted} for k in ("wording", "any")},
    }
