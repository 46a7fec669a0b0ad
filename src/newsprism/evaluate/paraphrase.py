"""The paraphrase judge on MRPC: pairs of sentences from different news outlets on one story, labelled
"same meaning" (1) or not (0). ``DIR/NAME.tsv`` in MRPC's format: Quality, #1 ID, #2 ID, #1 String,
#2 String."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..compare.logistic import F64, confusion
from ..compare.paraphrase import Encoder, ParaphraseJudge, best_accuracy_cut, pair_features, train_model
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


def evaluate_paraphrase(data_dir: Path, split: str, encoder: Encoder,
                        model: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The judge (the shipped one, or ``model``) on one split, beside two baselines: always "same", and
    the USE cosine alone with the cut that is best on the training split."""
    pairs, gold = load_pairs(data_dir, split)
    judge = ParaphraseJudge(encoder, model)
    probability = np.asarray(judge.probability(pairs))
    result = scores(gold, (probability >= judge.threshold).astype(np.float64))
    x = pair_features(pairs, encoder)
    cosine = x[:, -len(judge.model["hand_features"])]
    train_pairs, train_gold = load_pairs(data_dir, "train")
    train_cosine = pair_features(train_pairs, encoder)[:, -len(judge.model["hand_features"])]
    cut = best_accuracy_cut(train_gold, train_cosine)
    return {
        **result,
        "pairs": len(pairs),
        "split": split,
        "cv_accuracy_on_train": judge.model.get("cv_accuracy"),
        "baselines": {
            "always_same": scores(gold, np.ones_like(gold)),
            "cosine_alone": {**scores(gold, (cosine >= cut).astype(np.float64)), "cut": round(float(cut), 4)},
        },
    }


def train_judge(data_dir: Path, encoder: Encoder, *, seed: int = 0) -> dict[str, Any]:
    """A judge trained on ``train.tsv`` (L2 by 5-fold cross-validation there), its cut chosen on ``val.tsv``."""
    train_pairs, y_train = load_pairs(data_dir, "train")
    val_pairs, y_val = load_pairs(data_dir, "val")
    return train_model(pair_features(train_pairs, encoder), y_train, pair_features(val_pairs, encoder), y_val,
                       grid=L2_GRID, seed=seed)
