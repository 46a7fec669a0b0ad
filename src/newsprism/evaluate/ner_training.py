"""Training and cross-validating the Ukrainian entity tagger (:mod:`newsprism.annotate.ukrainian`) on ner-uk.

Each of the tagger's two passes is an averaged structured perceptron: each training line is tagged with
the current weights (Viterbi over BILOU labels), and where the answer differs from the gold labels the
gold features gain a point and the predicted ones lose one; the weights kept are the average over every
step, which generalises much better than the last ones. The second pass learns from first-pass labels
made on documents the first pass did not see (jackknifed). The number of passes over the data is the one
hyperparameter, chosen on a fixed inner split of the training documents (a fifth of them held out),
never on the documents scored.

Cross-validation is by document: documents are shuffled with a fixed seed and dealt into folds, so no
document is ever both trained on and scored. Scores are :mod:`newsprism.evaluate.ner`'s: exact-match and
overlap precision, recall and F1 per type (PER, ORG, LOC), the same as ``newsprism eval ner`` reports.
"""

from __future__ import annotations

import random
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..annotate.spans import EntitySpan
from ..annotate.ukrainian import (
    HASH_BITS,
    LABELS,
    TaggerModel,
    TaggerWeights,
    Token,
    document_words,
    entity_ranges,
    hashed,
    opens_sentence,
    second_pass_features,
    segments,
    sequence_features,
    spans_of,
    tokenise,
    two_pass_labels,
    viterbi,
)
from ..annotate.ukrainian_lexicon import Lexicon
from ..errors import InputError, UsageError
from .ner import NerScores
from .ner import score as score_documents
from .ner_corpora import NerDocument, read_ner_corpus

I64 = npt.NDArray[np.int64]
MAX_EPOCHS = 12
SEED = 13
JACKKNIFE = 4  # parts the training documents are cut into for the first-pass labels the second pass learns from


@dataclass(frozen=True)
class Run:
    """A run of tokens tagged as one sequence: its hashed feature ids (tokens x features) and gold labels."""

    ids: I64
    gold: I64


@dataclass(frozen=True)
class EncodedDocument:
    name: str
    tokens: tuple[Token, ...]
    sequences: tuple[Run, ...]
    starts: tuple[int, ...]  # each sequence's first token position
    source: NerDocument


def gold_labels(tokens: Sequence[Token], document: NerDocument) -> list[int]:
    """BILOU label numbers of the tokens from the gold spans; a span overlapping one already placed is dropped
    (ner-uk nests a few names inside others)."""
    labels = [0] * len(tokens)
    starts = [t.start for t in tokens]
    index = {name: i for i, name in enumerate(LABELS)}
    for entity in sorted(document.entities, key=lambda e: (e.start, -(e.end - e.start))):
        inside = []
        for i in range(max(0, bisect_right(starts, entity.start) - 1), len(tokens)):
            if tokens[i].start >= entity.end:
                break
            if tokens[i].end > entity.start:
                inside.append(i)
        if not inside or any(labels[i] for i in inside):
            continue
        if len(inside) == 1:
            labels[inside[0]] = index[f"U-{entity.type}"]
            continue
        labels[inside[0]] = index[f"B-{entity.type}"]
        for i in inside[1:-1]:
            labels[i] = index[f"I-{entity.type}"]
        labels[inside[-1]] = index[f"L-{entity.type}"]
    return labels


def closed(labels: Sequence[int]) -> list[int]:
    """Labels of a run cut out of a document with entities cut at its edges closed there (a name broken
    across lines starts again on the next one), so every run is a sequence BILOU allows."""
    names = [LABELS[label] for label in labels]
    if names and names[0][0] in "IL":
        names[0] = ("B" if names[0][0] == "I" else "U") + names[0][1:]
    if names and names[-1][0] in "BI":
        names[-1] = ("L" if names[-1][0] == "I" else "U") + names[-1][1:]
    index = {name: i for i, name in enumerate(LABELS)}
    return [index[name] for name in names]


def encode(document: NerDocument, bits: int = HASH_BITS, lexicon: Lexicon | None = None) -> EncodedDocument:
    """A document tokenised, its features hashed and its gold spans turned into labels, once for all folds."""
    tokens = tokenise(document.text)
    labels = gold_labels(tokens, document)
    doc_words = document_words(tokens)
    sequences, starts = [], []
    for segment in segments(document.text, tokens):
        words = [tokens[i].text for i in segment]
        features = sequence_features(words, doc_words, opens_sentence(document.text, tokens, segment.start),
                                     lexicon)
        gold = closed(labels[segment.start:segment.stop])
        sequences.append(Run(hashed(features, bits), np.array(gold)))
        starts.append(segment.start)
    return EncodedDocument(document.name, tuple(tokens), tuple(sequences), tuple(starts), document)


class Perceptron:
    """An averaged structured perceptron over hashed features (weights, their running sums, a step count)."""

    def __init__(self, bits: int) -> None:
        size = len(LABELS)
        self.emission = np.zeros((1 << bits, size), dtype=np.float32)
        self.transition = np.zeros((size + 1, size), dtype=np.float32)
        # Sums of step * update: the average is weights - sums / steps (no copy of the weights per step).
        self._emission_sums = np.zeros((1 << bits, size), dtype=np.float64)
        self._transition_sums = np.zeros((size + 1, size), dtype=np.float64)
        self.steps = 1

    def learn(self, run: Run) -> None:
        predicted = np.array(viterbi(self.emission[run.ids].sum(axis=1), self.transition))
        wrong = np.flatnonzero(predicted != run.gold)
        if len(wrong):
            ids = run.ids[wrong]
            for labels, sign in ((run.gold[wrong], 1.0), (predicted[wrong], -1.0)):
                at = (ids, np.broadcast_to(labels[:, None], ids.shape))
                np.add.at(self.emission, at, sign)
                np.add.at(self._emission_sums, at, sign * self.steps)
            self.emission[0] = 0.0  # the padding row stays empty
            self._emission_sums[0] = 0.0
            start = len(LABELS)
            for labels, sign in ((run.gold, 1.0), (predicted, -1.0)):
                before = np.concatenate([[start], labels[:-1]])
                np.add.at(self.transition, (before, labels), sign)
                np.add.at(self._transition_sums, (before, labels), sign * self.steps)
        self.steps += 1

    def averaged(self) -> TaggerWeights:
        return TaggerWeights((self.emission - self._emission_sums / self.steps).astype(np.float32),
                             (self.transition - self._transition_sums / self.steps).astype(np.float32))


def train(documents: Sequence[EncodedDocument], epochs: int, bits: int = HASH_BITS, seed: int = SEED,
          after_epoch: Callable[[int, TaggerWeights], None] | None = None) -> TaggerWeights:
    """Averaged perceptron weights after ``epochs`` shuffled passes over every line of ``documents``;
    ``after_epoch`` sees the averaged weights after each pass."""
    model = Perceptron(bits)
    lines = [run for d in documents for run in d.sequences]
    order = list(range(len(lines)))
    rng = random.Random(seed)
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        for i in order:
            model.learn(lines[i])
        if after_epoch is not None:
            after_epoch(epoch, model.averaged())
    return model.averaged()


def words_of(document: EncodedDocument) -> list[list[str]]:
    return [[t.text for t in document.tokens[start:start + len(run.gold)]]
            for start, run in zip(document.starts, document.sequences)]


def with_first_pass(document: EncodedDocument, first: TaggerWeights) -> EncodedDocument:
    """The document encoded for the second pass: each run's features with what ``first`` made of it added."""
    labels = [first.labels(run.ids) for run in document.sequences]
    extra = second_pass_features(words_of(document), labels)
    runs = tuple(Run(np.concatenate([run.ids, hashed(more, first.bits)], axis=1), run.gold)
                 for run, more in zip(document.sequences, extra))
    return EncodedDocument(document.name, document.tokens, runs, document.starts, document.source)


def spans_from(document: EncodedDocument, labels: Sequence[Sequence[int]]) -> list[EntitySpan]:
    """The spans a document's run labels mark, as :func:`ukrainian_entities` gives them (without the normal
    forms, which scoring does not read)."""
    found: list[EntitySpan] = []
    tokens = document.tokens
    for start, run_labels in zip(document.starts, labels):
        for a, b, tagged in spans_of(run_labels):
            for first, stop, kind in entity_ranges(tokens, start + a, start + b, tagged):
                found.append(EntitySpan(tokens[first].start, tokens[stop - 1].end, kind, ""))
    return found


def predict(model: TaggerModel | TaggerWeights, document: EncodedDocument) -> list[EntitySpan]:
    """The spans the two-pass model (or one pass's weights alone) tags in an encoded document."""
    if isinstance(model, TaggerWeights):
        return spans_from(document, [model.labels(run.ids) for run in document.sequences])
    return spans_from(document, two_pass_labels(model, words_of(document), [r.ids for r in document.sequences]))


def train_model(documents: Sequence[EncodedDocument], epochs: int, bits: int = HASH_BITS,
                seed: int = SEED, lexicon: Lexicon | None = None) -> TaggerModel:
    """Both passes. The second pass learns from first-pass labels the first pass made on documents it
    was not trained on (each of ``JACKKNIFE`` parts tagged by a first pass trained on the others), so it
    learns how far to trust them on unseen text."""
    parts = fold_of(documents, JACKKNIFE, seed=seed + 2)
    stacked: list[EncodedDocument] = []
    for part in range(JACKKNIFE):
        first = train([d for d, p in zip(documents, parts) if p != part], epochs, bits, seed)
        stacked.extend(with_first_pass(d, first) for d, p in zip(documents, parts) if p == part)
    return TaggerModel(train(documents, epochs, bits, seed), train(stacked, epochs, bits, seed), lexicon)


# -- scoring (evaluate.ner's scorer, the one `newsprism eval ner` reports) --------------------------
def macro_f1(scores: NerScores) -> float:
    """The mean of the types' exact F1: what the passes are chosen by (each type counts alike)."""
    return sum(s.f1 for s in scores.by_type.values()) / len(scores.by_type)


def score(model: TaggerModel | TaggerWeights, documents: Sequence[EncodedDocument]) -> NerScores:
    return score_documents([d.source for d in documents], [predict(model, d) for d in documents])


# -- choosing the passes, cross-validation, the shipped model -------------------------------------------
def fold_of(documents: Sequence[EncodedDocument], folds: int, seed: int = SEED) -> list[int]:
    """Each document's fold: names shuffled with a fixed seed and dealt round."""
    names = sorted(d.name for d in documents)
    random.Random(seed).shuffle(names)
    position = {name: i % folds for i, name in enumerate(names)}
    return [position[d.name] for d in documents]


def choose_epochs(documents: Sequence[EncodedDocument], max_epochs: int = MAX_EPOCHS,
                  bits: int = HASH_BITS) -> tuple[int, dict[int, float]]:
    """The number of passes over the data with the best mean exact F1 of the types, for the first pass
    trained on four fifths of ``documents`` and scored on the other fifth; the second pass takes the same
    number (choosing it apart would cost the whole stacking again for each candidate)."""
    held = fold_of(documents, 5, seed=SEED + 1)
    inner_train = [d for d, f in zip(documents, held) if f != 0]
    inner_dev = [d for d, f in zip(documents, held) if f == 0]
    by_epoch: dict[int, float] = {}

    def record(epoch: int, weights: TaggerWeights) -> None:
        by_epoch[epoch] = round(macro_f1(score(weights, inner_dev)), 4)

    train(inner_train, max_epochs, bits, after_epoch=record)
    best = max(by_epoch, key=lambda e: (by_epoch[e], -e))
    return best, by_epoch


@dataclass(frozen=True)
class CrossValidation:
    folds: int
    scores: NerScores
    by_fold: list[dict[str, Any]]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"folds": self.folds, **self.scores.to_dict(),
                "by_fold": self.by_fold, "seconds": round(self.seconds, 1)}


def read_encoded(folder: Path, bits: int = HASH_BITS, lexicon: Lexicon | None = None) -> list[EncodedDocument]:
    """Every ner-uk document under ``folder``, encoded (with ``lexicon``'s features when given); a folder
    with no PER, ORG or LOC span is refused."""
    try:
        documents = [encode(d, bits, lexicon) for d in read_ner_corpus(folder)]
    except InputError as exc:
        raise UsageError(str(exc)) from None
    if not any(d.source.entities for d in documents):
        raise UsageError(f"{folder}: no PER, ORG or LOC spans in its annotations; pass --data with ner-uk's folder")
    return documents


def cross_validate(documents: Sequence[EncodedDocument], folds: int = 5, bits: int = HASH_BITS,
                   max_epochs: int = MAX_EPOCHS, progress: Callable[[str], None] | None = None,
                   lexicon: Lexicon | None = None) -> CrossValidation:
    """Each fold scored by a model trained on the others, its passes chosen inside those others; the
    scores are over every document, each predicted by the model that never saw it."""
    began = time.perf_counter()
    assigned = fold_of(documents, folds)
    scored: list[NerDocument] = []
    predictions: list[list[EntitySpan]] = []
    by_fold = []
    for fold in range(folds):
        train_docs = [d for d, f in zip(documents, assigned) if f != fold]
        test_docs = [d for d, f in zip(documents, assigned) if f == fold]
        epochs, by_epoch = choose_epochs(train_docs, max_epochs, bits)
        model = train_model(train_docs, epochs, bits, lexicon=lexicon)
        predicted = [predict(model, d) for d in test_docs]
        scored.extend(d.source for d in test_docs)
        predictions.extend(predicted)
        fold_scores = score_documents([d.source for d in test_docs], predicted)
        by_fold.append({"fold": fold + 1, "documents": len(test_docs), "epochs": epochs,
                        "inner_macro_f1_by_epoch": by_epoch,
                        "f1": {k: round(s.f1, 4) for k, s in fold_scores.by_type.items()},
                        "overlap_f1": {k: round(s.overlap_f1, 4) for k, s in fold_scores.by_type.items()}})
        if progress:
            progress(f"fold {fold + 1}/{folds}: {epochs} passes, exact F1 "
                     + ", ".join(f"{k} {s.f1:.3f}" for k, s in fold_scores.by_type.items()))
    return CrossValidation(folds, score_documents(scored, predictions), by_fold, time.perf_counter() - began)


def train_shipped(documents: Sequence[EncodedDocument], bits: int = HASH_BITS, max_epochs: int = MAX_EPOCHS,
                  lexicon: Lexicon | None = None) -> tuple[TaggerModel, int, NerScores]:
    """The model trained on every document (passes chosen on the inner split) and its score on those same
    documents (a training-set figure, not a measure of quality)."""
    epochs, _ = choose_epochs(documents, max_epochs, bits)
    model = train_model(documents, epochs, bits, lexicon=lexicon)
    return model, epochs, score(model, documents)
