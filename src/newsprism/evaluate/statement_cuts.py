"""The two cuts on the paraphrase judge's probability that statements use besides the judge's own, derived
from MRPC's validation pairs with the shipped judge (``[compare]`` in the settings):

- ``statement_confident``: the lowest probability from which the judge's precision stays at least
  ``precision`` (0.9) at every higher cut that keeps ``min_pairs`` pairs or more; two clauses given to
  different named speakers must reach it to be one statement;
- ``statement_loose``: the probability that keeps ``recall`` (98%) of the same-meaning pairs (the
  ``1 - recall`` quantile of their probabilities); below it the judge rules a pair out.

Run ``newsprism eval paraphrase-cuts --data ../shared/data/mrpc`` after the judge's model changes and
copy the two figures into ``default_config.toml``; a test checks that the configured ones still match.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..compare.logistic import F64
from ..compare.paraphrase import Encoder, ParaphraseJudge
from .paraphrase import load_pairs

PRECISION = 0.9
RECALL = 0.98
MIN_PAIRS = 20


@dataclass(frozen=True)
class StatementCuts:
    confident: float  # statement_confident
    loose: float  # statement_loose
    confident_precision: float  # the precision at the confident cut, and the share of same-meaning pairs kept
    confident_recall: float
    loose_precision: float
    loose_recall: float
    pairs: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement_confident": round(self.confident, 3),
            "statement_loose": round(self.loose, 3),
            "at_confident": {"precision": round(self.confident_precision, 3), "recall": round(self.confident_recall, 3)},
            "at_loose": {"precision": round(self.loose_precision, 3), "recall": round(self.loose_recall, 3)},
            "pairs": self.pairs,
            "rules": {"statement_confident": f"lowest cut from which precision stays >= {PRECISION} "
                                             f"(cuts keeping >= {MIN_PAIRS} pairs)",
                      "statement_loose": f"cut keeping {RECALL:.0%} of the same-meaning pairs"},
        }


def confident_cut(probability: F64, gold: F64, precision: float = PRECISION, min_pairs: int = MIN_PAIRS) -> float:
    """The lowest score ``c`` such that the pairs scored at least ``c``, and at least any higher score
    keeping ``min_pairs`` pairs or more, are at least ``precision`` same-meaning."""
    found = float("inf")
    for cut in np.unique(probability)[::-1]:
        kept = probability >= cut
        if kept.sum() < min_pairs:
            continue
        if float(np.mean(gold[kept])) < precision:
            break
        found = float(cut)
    if found == float("inf"):
        raise ValueError(f"the judge never reaches precision {precision} on {min_pairs} pairs or more")
    return found


def loose_cut(probability: F64, gold: F64, recall: float = RECALL) -> float:
    """The score that keeps ``recall`` of the same-meaning pairs."""
    return float(np.quantile(probability[gold == 1], 1 - recall))


def cuts_from(probability: F64, gold: F64, *, min_pairs: int = MIN_PAIRS) -> StatementCuts:
    confident, loose = confident_cut(probability, gold, min_pairs=min_pairs), loose_cut(probability, gold)

    def at(cut: float) -> tuple[float, float]:
        kept = probability >= cut
        return float(np.mean(gold[kept])), float(np.mean(kept[gold == 1]))

    return StatementCuts(confident, loose, *at(confident), *at(loose), len(gold))


def statement_cuts(data_dir: Path, encoder: Encoder, split: str = "val") -> StatementCuts:
    """Both cuts from ``data_dir/split.tsv`` (MRPC's format) with the shipped judge."""
    pairs, gold = load_pairs(data_dir, split)
    probability = np.asarray(ParaphraseJudge(encoder).probability(pairs), dtype=np.float64)
    return cuts_from(probability, gold)
