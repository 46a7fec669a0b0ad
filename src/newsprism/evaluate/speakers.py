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

from ..annotate.speakers import F64, FEATURES, Candidates, SpeakerRanker
from ..schema import Quote
from .quotes import PRF, GoldDoc, Span, load_polnear, score

# Chosen by 5-fold cross-validation on PolNeAR train (``choose_l2``).
L2_GRID = (1.0, 10.0, 100.0)


@dataclass
class ReadDoc:
    """One article as the trainer sees it: its rule quotes, their candidates and the gold answers."""

    gold: GoldDoc
    finder: Any
    quotes: list[Quote]
    candidates: list[Candidates]
    right: list[npt.NDArray[np.bool_] | None]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _right_answers(quote: Quote, candidates: Candidates, attributions: Sequence[tuple[Span, Span | None]]
                   ) -> npt.NDArray[np.bool_] | None:
    best = max(attributions, key=lambda r: _overlap((quote.start, quote.end), r[0]), default=None)
    if best is None or _overlap((quote.start, quote.end), best[0]) == 0:
        # No one is reported there (a scare quote, a title): the right answer is nobody.
        return np.array([m is None for m in candidates.mentions], dtype=np.bool_)
    source = best[1]
    right = np.array([source is None if m is None else source is not None and _overlap((m.start, m.end), source) > 0
                      for m in candidates.mentions], dtype=np.bool_)
    return right if right.any() else None


def read_split(data_dir: Path, split: str, limit: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[ReadDoc]:
    from .parsed import parsed_docs

    docs = load_polnear(data_dir, split)[:limit]
    return read_docs(docs, parsed_docs([d.text for d in docs]), progress)


def read_docs(golds: Sequence[GoldDoc], parsed: Sequence[Any],
              progress: Callable[[int, int], None] | None = None) -> list[ReadDoc]:
    """``golds`` with their parses, as the trainer sees them."""
    from ..annotate.quotes import QuoteFinder

    read = []
    for done, (gold, doc) in enumerate(zip(golds, parsed), start=1):
        finder = QuoteFinder(gold.text, doc)
        quotes = finder.find_by_rules()
        candidates = finder.candidates(quotes)
        right = [_right_answers(q, c, gold.attributions) for q, c in zip(quotes, candidates)]
        read.append(ReadDoc(gold, finder, quotes, candidates, right))
        if progress:
            progress(done, len(golds))
    return read


def fit(docs: Sequence[ReadDoc], l2: float) -> dict[str, Any]:
    groups = [(c.features, r) for d in docs for c, r in zip(d.candidates, d.right) if r is not None]
    weights = fit_conditional_logit(groups, l2)
    return {"l2": l2, "weights_by_feature": [[f, round(float(w), 6)] for f, w in zip(FEATURES, weights)]}


def _speaker_pairs(docs: Sequence[ReadDoc], model: dict[str, Any]) -> list[tuple[str, list[Span], list[Span]]]:
    """Per article: its text, the speaker spans ``model`` chooses and the gold sources."""
    ranker = SpeakerRanker(model)
    pairs = []
    for doc in docs:
        chosen = doc.finder.ranked(doc.quotes, doc.candidates, ranker)
        spans = [(q.speaker_start, q.speaker_end) for q in chosen
                 if q.speaker_start is not None and q.speaker_end is not None]
        pairs.append((doc.gold.text, spans, doc.gold.sources))
    return pairs


def speaker_scores(docs: Sequence[ReadDoc], model: dict[str, Any]) -> PRF:
    """Speaker overlap P/R/F1 of ``model``'s choices against every gold source of ``docs``."""
    return score(_speaker_pairs(docs, model), exact=False)


def cross_validate(docs: Sequence[ReadDoc], l2: float, k: int = 5) -> PRF:
    """Speaker overlap scores over all of ``docs``, each fold (every k-th article, as the cue words'
    cross-validation deals them) scored by a model trained on the others, pooled as one run would be."""
    pairs = []
    for fold in range(k):
        train = [d for i, d in enumerate(docs) if i % k != fold]
        held = [d for i, d in enumerate(docs) if i % k == fold]
        pairs += _speaker_pairs(held, fit(train, l2))
    return score(pairs, exact=False)


def choose_l2(docs: Sequence[ReadDoc], grid: Sequence[float] = L2_GRID, k: int = 5) -> tuple[float, dict[float, PRF]]:
    """The penalty with the best cross-validated speaker F1 on ``docs`` (the training split)."""
    scores = {l2: cross_validate(docs, l2, k) for l2 in grid}
    return max(grid, key=lambda l2: scores[l2].f1), scores


def model_json(model: dict[str, Any]) -> str:
    """The model file: one feature and its weight per line, so a retrained model diffs readably."""
    rows = ",\n".join(f"    [{json.dumps(f)}, {w}]" for f, w in model["weights_by_feature"])
    return f'{{\n  "l2": {model["l2"]},\n  "weights_by_feature": [\n{rows}\n  ]\n}}\n'


# -- the conditional logit fit ---------------------------------------------------------------------
class _Stacked:
    """Groups of candidates stacked into one matrix, so the fit runs in whole-array steps."""

    def __init__(self, groups: Sequence[tuple[F64, npt.NDArray[np.bool_]]]) -> None:
        self.x = np.vstack([x for x, _ in groups])
        self.right = np.concatenate([r for _, r in groups])
        sizes = np.array([len(r) for _, r in groups])
        self.starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        self.group = np.repeat(np.arange(len(groups)), sizes)

    def softmax(self, scores: F64, mask: npt.NDArray[np.bool_] | None = None) -> tuple[F64, F64]:
        """Within-group probabilities (over ``mask`` only, if given) and each group's log normaliser."""
        masked = scores if mask is None else np.where(mask, scores, -np.inf)
        top = np.maximum.reduceat(masked, self.starts)
        e = np.exp(masked - top[self.group])
        total = np.add.reduceat(e, self.starts)
        return e / total[self.group], top + np.log(total)

    def objective(self, w: F64, l2: float) -> float:
        """Negative log probability of the right candidates, plus the penalty."""
        scores = self.x @ w
        _, all_norm = self.softmax(scores)
        _, right_norm = self.softmax(scores, self.right)
        return float((all_norm - right_norm).sum()) + 0.5 * l2 * float(w @ w)


def fit_conditional_logit(groups: Sequence[tuple[F64, npt.NDArray[np.bool_]]], l2: float,
                          iterations: int = 50) -> F64:
    """Weights maximising the probability of each group's right candidates (softmax within a group),
    by damped Newton steps with an L2 penalty: deterministic, and a few dozen steps at this size."""
    data = _Stacked(groups)
    x = data.x
    d = x.shape[1]
    w = np.zeros(d)
    current = data.objective(w, l2)
    for _ in range(iterations):
        scores = x @ w
        p, _ = data.softmax(scores)
        q, _ = data.softmax(scores, data.right)
        gradient = x.T @ (p - q) + l2 * w
        # The covariance under p alone: exact with one right candidate, and positive definite
        # (a descent direction) when several are right.
        weighted = x * p[:, None]
        means = np.add.reduceat(weighted, data.starts)
        hessian = weighted.T @ x - means.T @ means + np.diag(np.full(d, l2 + 1e-9))
        step = np.linalg.solve(hessian, gradient)
        scale, trial = 1.0, data.objective(w - step, l2)
        while trial > current and scale > 1e-4:  # halve the step until the objective goes down
            scale /= 2
            trial = data.objective(w - scale * step, l2)
        w = w - scale * step
        improvement, current = current - trial, trial
        if improvement < 1e-6 * max(1.0, abs(current)):
            break
    return w
