"""L2-regularised logistic regression in numpy (Newton's method: deterministic, a few iterations at the
sizes newsprism trains on), with stratified folds and the precision/recall/F1 tools to score it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..text import metrics

F64 = npt.NDArray[np.float64]


def sigmoid(z: F64) -> F64:
    out: F64 = 1.0 / (1.0 + np.exp(-np.clip(z, -35.0, 35.0)))
    return out


def fit_logistic(x: F64, y: F64, l2: float, *, iterations: int = 50) -> F64:
    """L2-regularised logistic regression weights, the intercept last (not penalised)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    w = np.zeros(d + 1)
    for _ in range(iterations):
        p = sigmoid(xb @ w)
        gradient = xb.T @ (p - y) + penalty * w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w


def stratified_folds(labels: Sequence[int] | npt.NDArray[Any], k: int, seed: int) -> npt.NDArray[np.int64]:
    """A fold number (0..k-1) per item, each class dealt evenly over the folds after a seeded shuffle.

    Dealing continues from class to class, so fold sizes differ by one at most.
    """
    y = np.asarray(labels)
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), dtype=np.int64)
    dealt = 0
    for value in np.unique(y):
        members = np.flatnonzero(y == value)
        rng.shuffle(members)
        fold[members] = (dealt + np.arange(len(members))) % k
        dealt += len(members)
    return fold


def prf(gold: npt.NDArray[Any], predicted: npt.NDArray[Any]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp, fp, fn, _ = confusion(gold, predicted)
    return metrics.prf(tp, fp, fn)


def confusion(gold: npt.NDArray[Any], predicted: npt.NDArray[Any]) -> tuple[int, int, int, int]:
    """True positives, false positives, false negatives and true negatives of the positive class."""
    tp = int(np.sum((predicted == 1) & (gold == 1)))
    fp = int(np.sum((predicted == 1) & (gold == 0)))
    fn = int(np.sum((predicted == 0) & (gold == 1)))
    tn = int(np.sum((predicted == 0) & (gold == 0)))
    return tp, fp, fn, tn


def best_threshold(gold: npt.NDArray[Any], probability: F64) -> float:
    """The cut on ``probability`` with the highest F1 (the midpoint between neighbouring scores)."""
    order = np.argsort(-probability, kind="stable")
    ranked, hits = probability[order], gold[order].astype(np.float64)
    tp = np.cumsum(hits)
    positives = float(hits.sum())
    f1 = 2 * tp / (np.arange(1, len(ranked) + 1) + positives)
    # only cut between distinct scores
    distinct = np.append(ranked[:-1] > ranked[1:], True)
    best = int(np.argmax(np.where(distinct, f1, -1.0)))
    below = ranked[best + 1] if best + 1 < len(ranked) else ranked[best] - 1e-6
    return float((ranked[best] + below) / 2)


class TailStandardiser:
    """The last ``hand`` columns (hand-made features) centred and scaled on the training rows; the
    columns before them (sentence-vector parts, already on one scale) are left as they are."""

    def __init__(self, x: F64, hand: int) -> None:
        block = x[:, -hand:]
        self.mean = block.mean(axis=0)
        self.scale = block.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        self.hand = hand

    def __call__(self, x: F64) -> F64:
        out = x.copy()
        out[:, -self.hand:] = (x[:, -self.hand:] - self.mean) / self.scale
        return out


def predict_standardised(model: Mapping[str, Any], x: F64) -> F64:
    """A shipped model's probabilities: its hand features standardised as in training, then the weights."""
    hand = len(model["hand_features"])
    z = x.copy()
    z[:, -hand:] = (x[:, -hand:] - np.asarray(model["hand_mean"])) / np.asarray(model["hand_scale"])
    return sigmoid(z @ np.asarray(model["weights"], dtype=np.float64) + float(model["intercept"]))


def short(value: float) -> float:
    """Six significant digits: a model file stays small and readable, its scores change by < 1e-5."""
    return float(f"{value:.6g}")


def model_json(model: Mapping[str, Any]) -> str:
    """A model as the text of its shipped file: one top-level key a line, header keys first."""
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in model.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"
