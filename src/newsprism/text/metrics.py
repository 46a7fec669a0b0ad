"""Precision, recall and F1, with zero counts giving 0 rather than an error."""

from __future__ import annotations


def ratio(part: float, whole: float) -> float:
    """``part / whole``, or 0.0 when ``whole`` is zero."""
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall; 0.0 when both are zero."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives, false positives and false negatives."""
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return precision, recall, f1(precision, recall)
