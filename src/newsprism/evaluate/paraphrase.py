"""The paraphrase judge on MRPC: pairs of sentences from different news outlets on one story, labelled
"same meaning" (1) or not (0). ``DIR/NAME.tsv`` in MRPC's format: Quality, #1 ID, #2 ID, #1 String,
#2 String."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..compare.logistic import F64, confusion
from ..compare.paraphrase import (
    HAND_FEATURES,
    Encoder,
    best_accuracy_cut,
    packaged_model,
    pair_features,
    predict_matrix,
    train_model,
)
from ..errors import UsageError
from ..text import metrics

L2_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)


def load_pairs(data_dir: Path, split: str) -> tuple[list[tuple[str, str]], F64]:
    """The sentence pairs of ``data_dir/split.tsv`` and their labels."""
    path = data_dir / f"{split}.tsv"
    if not path.is_file():
        raise UsageError(f"{path} not found; pass --data pointing at the MRPC folder and --split naming a file in it")
    pairs: list[tuple[str, str]] = []
    labels: list[float] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            try:
                labels.append(float(int(row["Quality"])))
                pairs.append((row["#1 String"], row["#2 String"]))
            except (KeyError, TypeError, ValueError):
                raise UsageError(f"{path}: a row lacks MRPC's columns (Quality, #1 String, #2 String)") from None
    if not pairs:
        raise UsageError(f"{path} holds no sentence pairs")
    return pairs, np.asarray(labels)


def scores(gold: F64, predicted: F64) -> dict[str, float]:
    tp, fp, fn, tn = confusion(gold, predicted)
    precision, recall, f1 = metrics.prf(tp, fp, fn)
    return {"accuracy": round((tp + tn) / len(gold), 4), "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass(frozen=True)
class Split:
    """One MRPC file's pairs, labels and pair features (the sentence encoder runs once per file)."""

    name: str
    pairs: list[tuple[str, str]]
    gold: F64
    features: F64


def featurise(data_dir: Path, split: str, encoder: Encoder) -> Split:
    pairs, gold = load_pairs(data_dir, split)
    return Split(split, pairs, gold, pair_features(pairs, encoder))


def evaluate_paraphrase(scored: Split, train: Split, model: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The judge (the shipped one, or ``model``) on one split, beside two baselines: always "same", and
    the USE cosine alone with the cut that is best on the training split."""
    chosen = dict(model) if model is not None else packaged_model()
    probability = predict_matrix(chosen, scored.features)
    result = scores(scored.gold, (probability >= float(chosen["threshold"])).astype(np.float64))
    cosine_column = -len(HAND_FEATURES) + HAND_FEATURES.index("cosine")
    cut = best_accuracy_cut(train.gold, train.features[:, cosine_column])
    cosine = scored.features[:, cosine_column]
    return {
        **result,
        "pairs": len(scored.pairs),
        "split": scored.name,
        "cv_accuracy_on_train": chosen.get("cv_accuracy"),
        "baselines": {
            "always_same": scores(scored.gold, np.ones_like(scored.gold)),
            "cosine_alone": {**scores(scored.gold, (cosine >= cut).astype(np.float64)), "cut": round(float(cut), 4)},
        },
    }


def train_judge(train: Split, val: Split, *, seed: int = 0) -> dict[str, Any]:
    """A judge trained on the training pairs (L2 by 5-fold cross-validation there), its cut chosen on ``val``."""
    return train_model(train.features, train.gold, val.features, val.gold, grid=L2_GRID, seed=seed)
