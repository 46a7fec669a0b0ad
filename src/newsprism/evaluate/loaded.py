"""Loaded-wording detection scored on BABE SG1 (Spinde et al. 2021): biased vs non-biased sentences.

Two systems, both scored on the sentences with an agreed label ("Biased" or
"Non-biased"; "No agreement" rows are dropped):

- *lexicon*: the hand-written lexicon and scare-quote patterns alone, never
  trained: a sentence is biased when :func:`loaded_spans` finds anything in it;
- *model*: the logistic regression over USE vectors and hand features, scored
  out of sample by stratified k-fold cross-validation. Inside each training
  part the L2 strength is chosen from a fixed grid by an inner
  cross-validation, and the threshold is the best-F1 cut of inner out-of-fold
  probabilities; the scored fold is never seen before it is scored.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..compare.lexicon import loaded_spans
from ..compare.loaded import Encoder, choose_l2, features, predict_matrix, train_matrix
from ..compare.logistic import confusion, stratified_folds
from ..errors import UsageError
from ..text.metrics import prf

SG1_FILE = "final_labels_SG1.csv"
LABELS = {"Biased": 1, "Non-biased": 0}
L2_GRID = (0.3, 1.0, 3.0, 10.0)
TRAINED_ON = "BABE SG1 (Spinde et al. 2021), all labelled sentences"
LEXICON_RULE = "biased iff loaded_spans finds at least one span (any kind)"


def load_babe(path: Path) -> tuple[list[str], list[int]]:
    """Sentences and labels (1 biased, 0 non-biased) of BABE SG1, from the CSV or the folder holding it."""
    file = path / SG1_FILE if path.is_dir() else path
    if not file.is_file():
        raise UsageError(f"{file} not found; pass --data pointing at the BABE folder or its {SG1_FILE}")
    with file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    if rows and not {"text", "label_bias"} <= set(rows[0]):
        raise UsageError(f"{file} has no 'text' and 'label_bias' columns; is it BABE's {SG1_FILE}?")
    kept = [(row["text"].strip(), LABELS[row["label_bias"]]) for row in rows if row["label_bias"] in LABELS]
    if not kept:
        raise UsageError(f"{file} holds no sentence labelled Biased or Non-biased")
    return [text for text, _ in kept], [label for _, label in kept]


def _counts(gold: npt.NDArray[Any], predicted: npt.NDArray[Any]) -> dict[str, Any]:
    tp, fp, fn, tn = confusion(gold, predicted)
    precision, recall, f1 = prf(tp, fp, fn)
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": (tp + tn) / len(gold),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "sentences": int(len(gold))}


def lexicon_flags(sentences: Sequence[str]) -> npt.NDArray[np.int64]:
    """1 where the lexicon rule calls a sentence biased."""
    return np.array([int(bool(loaded_spans(text))) for text in sentences], dtype=np.int64)


def _default_encoder() -> Encoder:
    from ..copies.vectors import UseEncoder

    return UseEncoder()


def cross_validate(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], *, folds: int,
                   seed: int) -> dict[str, Any]:
    """Out-of-sample scores of the model: every sentence scored by a model trained without its fold."""
    fold = stratified_folds(y, folds, seed)
    predicted = np.zeros(len(y), dtype=np.int64)
    per_fold: list[dict[str, Any]] = []
    for k in range(folds):
        train_rows, test_rows = fold != k, fold == k
        l2 = choose_l2(x[train_rows], y[train_rows], L2_GRID, seed=seed)
        model = train_matrix(x[train_rows], y[train_rows], l2=l2, seed=seed)
        probability = predict_matrix(model, x[test_rows])
        predicted[test_rows] = probability >= model["threshold"]
        scores = _counts(y[test_rows], predicted[test_rows])
        per_fold.append({"fold": k, "l2": l2, "threshold": model["threshold"], "f1": scores["f1"]})
    result = _counts(y, predicted)
    result["folds"] = per_fold
    return result


def evaluate_babe(path: Path, *, folds: int = 5, seed: int = 0, encoder: Encoder | None = None) -> dict[str, Any]:
    """Lexicon-only and cross-validated model scores on BABE SG1, with counts and timings."""
    started = time.perf_counter()
    sentences, labels = load_babe(path)
    y = np.asarray(labels, dtype=np.float64)
    lexicon_scores = _counts(y, lexicon_flags(sentences))
    lexicon_scores["rule"] = LEXICON_RULE
    x = features(sentences, encoder or _default_encoder())
    model_scores = cross_validate(x, y, folds=folds, seed=seed)
    model_scores["protocol"] = (f"stratified {folds}-fold cross-validation (seed {seed}); L2 from {list(L2_GRID)} "
                                "and threshold chosen inside the training folds")
    return {"data": "BABE SG1", "sentences": len(sentences), "biased": int(y.sum()),
            "lexicon": lexicon_scores, "model": model_scores,
            "seconds": round(time.perf_counter() - started, 1)}


def train_babe(path: Path, *, seed: int = 0, encoder: Encoder | None = None) -> dict[str, Any]:
    """The model trained on all of BABE SG1 (what ships as loaded_model.json), with its provenance header."""
    sentences, labels = load_babe(path)
    y = np.asarray(labels, dtype=np.float64)
    x = features(sentences, encoder or _default_encoder())
    l2 = choose_l2(x, y, L2_GRID, seed=seed)
    model = train_matrix(x, y, l2=l2, seed=seed)
    header = {"trained_on": TRAINED_ON,
              "command": "newsprism eval loaded --data ../shared/data/babe --train-out "
                         "src/newsprism/compare/loaded_model.json",
              "l2_rule": f"lowest mean out-of-fold log loss over {list(L2_GRID)} (5 folds, seed {seed})"}
    return header | model
