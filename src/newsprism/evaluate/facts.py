"""Facts scored on MRPC: does the comparison put two outlets' sentences in one fact when they say the same thing?

Each MRPC pair (two sentences from different outlets' reports of one story, labelled "same meaning" or
not) becomes a story of two one-sentence articles from two outlets. Each sentence is read as
``annotate`` reads an article (its quotes tell what it states apart from who says so), and the
comparison's own fact finder (:func:`newsprism.compare.facts.find_facts`, with the shipped paraphrase
judge and the ``[compare]`` settings) decides: a fact carried by both articles means "same". The
score is therefore the fact stage's, from candidate cut to judge; the judge's own figure is
``newsprism eval paraphrase``. Two differences from MRPC's task are by design: figures are masked
(the same fact with two figures is one fact and a disagreement) and attributions are set aside.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..compare.logistic import F64
from ..settings import CompareSettings
from .paraphrase import Split, featurise, load_pairs, scores, train_judge


@dataclass(frozen=True)
class FactPairScores:
    split: str
    pairs: int
    result: dict[str, float]
    always_same: dict[str, float]
    cross_validated: dict[str, float] | None = None  # on train, the judge retrained without each fold

    def to_dict(self) -> dict[str, Any]:
        found = {**self.result, "split": self.split, "pairs": self.pairs, "baselines": {"always_same": self.always_same}}
        if self.cross_validated is not None:
            found["cv_on_train"] = self.cross_validated
        return found


def _articles(pair: tuple[str, str], docs: tuple[Any, Any]) -> list[Any]:
    from ..annotate.annotator import annotate_text
    from ..compare.records import StoryArticle

    return [StoryArticle.from_annotations(f"{side}", f"outlet {side}", text,
                                          annotate_text(text, "en", doc).to_dict(), language="en")
            for side, text, doc in zip("ab", pair, docs, strict=True)]


def fact_decisions(pairs: Sequence[tuple[str, str]], encoder: Any, settings: CompareSettings,
                   judge_model: Mapping[str, Any] | None = None) -> F64:
    """1 for each pair the fact finder puts in one fact (judged by ``judge_model``, the shipped
    judge when None), else 0."""
    from ..compare.facts import find_facts
    from ..compare.pieces import encode, sentence_pieces
    from .parsed import parsed_docs

    docs = parsed_docs([text for pair in pairs for text in pair])
    stories = [_articles(pair, (docs[2 * k], docs[2 * k + 1])) for k, pair in enumerate(pairs)]
    pieces = [sentence_pieces(articles) for articles in stories]
    vectors = encode([p.text for story in pieces for p in story], encoder)
    predicted = np.zeros(len(pairs))
    at = 0
    for k, (articles, story_pieces) in enumerate(zip(stories, pieces, strict=True)):
        story_vectors = vectors[at : at + len(story_pieces)]
        at += len(story_pieces)
        facts, _, _ = find_facts(articles, story_pieces, story_vectors, encoder, settings, judge_model)
        predicted[k] = float(any(len(f.outlets) == 2 for f in facts))
    return predicted


def cross_validate_fact_pairs(data_dir: Path, encoder: Any, settings: CompareSettings, folds: int,
                              seed: int = 0) -> dict[str, float]:
    """The fact finder on each fold of the training pairs, judged by a judge trained as the shipped one
    is (L2 by cross-validation, cut on val.tsv) on the other folds only."""
    from ..compare.logistic import stratified_folds

    train, val = featurise(data_dir, "train", encoder), featurise(data_dir, "val", encoder)
    fold = stratified_folds(train.gold, folds, seed)
    predicted = np.zeros(len(train.pairs))
    for k in range(folds):
        rest, held = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        rest_split = Split(train.name, [train.pairs[i] for i in rest], train.gold[rest], train.features[rest])
        model = train_judge(rest_split, val, seed=seed)
        predicted[held] = fact_decisions([train.pairs[i] for i in held], encoder, settings, model)
    return scores(train.gold, predicted)


def evaluate_fact_pairs(data_dir: Path, split: str, encoder: Any, settings: CompareSettings,
                        folds: int | None = None) -> FactPairScores:
    """The fact finder's decisions on every pair of ``DIR/SPLIT.tsv``; with ``folds``, also cross-validated
    on train.tsv."""
    pairs, gold = load_pairs(data_dir, split)
    predicted = fact_decisions(pairs, encoder, settings)
    cross_validated = cross_validate_fact_pairs(data_dir, encoder, settings, folds) if folds else None
    return FactPairScores(split, len(pairs), scores(gold, predicted), scores(gold, np.ones_like(gold)),
                          cross_validated)
