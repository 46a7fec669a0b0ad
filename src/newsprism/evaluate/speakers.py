"""Training and cross-validating the speaker ranker on PolNeAR's attribution relations.

Each quote the rules find is matched to the gold relation whose content it overlaps most; the
candidates that overlap that relation's source are the right answers ("nobody named" when the
relation has no source, or when the quote overlaps no gold content at all: a scare quote reports no
one). Quotes whose gold source is none of the candidates teach nothing and are left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..annotate.speakers import FEATURES, Candidates, SpeakerRanker, fit_conditional_logit
from ..schema import Quote
from .quotes import PRF, GoldDoc, Span, load_polnear, score

# Chosen by 5-fold cross-validation on PolNeAR train (``choose_l2``).
L2_GRID = (1.0, 10.0, 100.0)


@dataclass(frozen=True)
class Relation:
    content: Span
    source: Span | None


@dataclass
class ReadDoc:
    """One article as the trainer sees it: its rule quotes, their candidates and the gold answers."""

    gold: GoldDoc
    finder: Any
    quotes: list[Quote]
    candidates: list[Candidates]
    right: list[npt.NDArray[np.bool_] | None]


def _span(field: str) -> Span:
    pieces = [tuple(int(x) for x in part.split()) for part in field.split(";")]
    return min(p[0] for p in pieces), max(p[1] for p in pieces)


def load_relations(data_dir: Path, split: str, name: str) -> list[Relation]:
    """The attribution relations of one article (its first annotator's), content with source."""
    annotations = sorted((data_dir / "data" / split / "attributions").glob(name + "_*.ann"))
    spans: dict[str, Span] = {}
    events: list[dict[str, str]] = []
    for line in annotations[0].read_text("utf-8").splitlines() if annotations else []:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T"):
            label, _, where = parts[1].partition(" ")
            if label in ("Content", "Source"):
                spans[parts[0]] = _span(where)
        elif len(parts) >= 2 and parts[0].startswith("E"):
            events.append(dict(role.split(":", 1) for role in parts[1].split() if ":" in role))
    relations = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is not None:
            relations.append(Relation(content, spans.get(event.get("Source", ""))))
    return relations


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _right_answers(quote: Quote, candidates: Candidates, relations: Sequence[Relation]
                   ) -> npt.NDArray[np.bool_] | None:
    best = max(relations, key=lambda r: _overlap((quote.start, quote.end), r.content), default=None)
    if best is None or _overlap((quote.start, quote.end), best.content) == 0:
        # No one is reported there (a scare quote, a title): the right answer is nobody.
        return np.array([m is None for m in candidates.mentions], dtype=np.bool_)
    source = best.source
    right = np.array([source is None if m is None else source is not None and _overlap((m.start, m.end), source) > 0
                      for m in candidates.mentions], dtype=np.bool_)
    return right if right.any() else None


def read_split(data_dir: Path, split: str, limit: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[ReadDoc]:
    from .parsed import parsed_docs

    docs = load_polnear(data_dir, split)[:limit]
    return read_docs(data_dir, split, docs, parsed_docs([d.text for d in docs]), progress)


def read_docs(data_dir: Path, split: str, golds: Sequence[GoldDoc], parsed: Sequence[Any],
              progress: Callable[[int, int], None] | None = None) -> list[ReadDoc]:
    """``golds`` (articles of ``split``) with their parses, as the trainer sees them."""
    from ..annotate.quotes import QuoteFinder

    read = []
    for done, (gold, doc) in enumerate(zip(golds, parsed), start=1):
        finder = QuoteFinder(gold.text, doc)
        quotes = finder.find_by_rules()
        candidates = finder.candidates(quotes)
        relations = load_relations(data_dir, split, gold.name)
        right = [_right_answers(q, c, relations) for q, c in zip(quotes, candidates)]
        read.append(ReadDoc(gold, finder, quotes, candidates, right))
        if progress:
            progress(done, len(golds))
    return read


def fit(docs: Sequence[ReadDoc], l2: float) -> dict[str, Any]:
    groups = [(c.features, r) for d in docs for c, r in zip(d.candidates, d.right) if r is not None]
    weights = fit_conditional_logit(groups, l2)
    return {"l2": l2, "weights_by_feature": [[f, round(float(w), 6)] for f, w in zip(FEATURES, weights)]}


def speaker_scores(docs: Sequence[ReadDoc], model: dict[str, Any]) -> PRF:
    """Speaker overlap P/R/F1 of ``model``'s choices against every gold source of ``docs``."""
    ranker = SpeakerRanker(model)
    pairs = []
    for doc in docs:
        chosen = doc.finder.ranked(doc.quotes, doc.candidates, ranker)
        spans = [(q.speaker_start, q.speaker_end) for q in chosen
                 if q.speaker_start is not None and q.speaker_end is not None]
        pairs.append((doc.gold.text, spans, doc.gold.sources))
    return score(pairs, exact=False)


def _folds(n: int, k: int, seed: int = 13) -> npt.NDArray[np.int64]:
    order = np.random.default_rng(seed).permutation(n)
    fold = np.empty(n, dtype=np.int64)
    fold[order] = np.arange(n) % k
    return fold


def cross_validate(docs: Sequence[ReadDoc], l2: float, k: int = 5) -> PRF:
    """Speaker overlap scores over all of ``docs``, each fold scored by a model trained on the others."""
    fold = _folds(len(docs), k)
    tp_pred = n_pred = tp_gold = n_gold = 0.0
    for f in range(k):
        train = [d for d, g in zip(docs, fold) if g != f]
        held = [d for d, g in zip(docs, fold) if g == f]
        part = speaker_scores(held, fit(train, l2))
        tp_pred += part.precision * part.predicted
        n_pred += part.predicted
        tp_gold += part.recall * part.gold
        n_gold += part.gold
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, int(n_pred), int(n_gold))


def choose_l2(docs: Sequence[ReadDoc], grid: Sequence[float] = L2_GRID, k: int = 5) -> tuple[float, dict[float, PRF]]:
    """The penalty with the best cross-validated speaker F1 on ``docs`` (the training split)."""
    scores = {l2: cross_validate(docs, l2, k) for l2 in grid}
    return max(grid, key=lambda l2: scores[l2].f1), scores


def model_json(model: dict[str, Any]) -> str:
    """The model file: one feature and its weight per line, so a retrained model diffs readably."""
    rows = ",\n".join(f"    [{json.dumps(f)}, {w}]" for f, w in model["weights_by_feature"])
    return f'{{\n  "l2": {model["l2"]},\n  "weights_by_feature": [\n{rows}\n  ]\n}}\n'
