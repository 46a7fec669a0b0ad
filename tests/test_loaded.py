"""Loaded wording: lexicon spans with offsets, the USE + hand-feature scorer, and its gate on BABE SG1."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import shared_path
from newsprism.cli import main
from newsprism.compare.lexicon import LoadedSpan, lexicon, loaded_spans, parse_lexicon, word_forms
from newsprism.compare.loaded import (
    HAND_FEATURES,
    LoadedScorer,
    hand_features,
    packaged_model,
    predict_matrix,
    train,
)
from newsprism.compare.logistic import best_threshold, fit_logistic, model_json, stratified_folds
from newsprism.errors import UsageError

NEUTRAL = [
    "The city council will meet on Tuesday to vote on the annual budget, officials said.",
    "The company reported revenue of 4.2 billion dollars for the third quarter, according to a statement.",
    "The bridge will be closed to traffic from 10 p.m. on Friday until 6 a.m. on Monday for repairs.",
    "The committee met on Tuesday to discuss the budget.",
]
LOADED = [
    "The senator's disastrous scheme is a shameless power grab by a corrupt and brutal regime.",
    "Critics slammed the so-called reform as an outrageous attack by radical extremists who despise families.",
    "This is a reckless, dangerous and frankly idiotic plan that will devastate the economy!",
]


def texts(sentence: str) -> list[tuple[str, str]]:
    return [(s.text, s.kind) for s in loaded_spans(sentence)]


def test_spans_point_at_the_words():
    sentence = "Senator Vale slammed the so-called reform as a disastrous scheme."
    spans = loaded_spans(sentence)
    assert [s.text for s in spans] == ["slammed", "so-called", "disastrous", "scheme"]
    for span in spans:
        assert sentence[span.start:span.end] == span.text
        assert span.kind == "lexicon"
    assert spans[0] == LoadedSpan(13, 20, "slammed", "lexicon")


@pytest.mark.parametrize("sentence", NEUTRAL)
def test_neutral_sentences_have_no_spans(sentence):
    assert loaded_spans(sentence) == []


def test_matching_ignores_case_and_reaches_inflected_forms():
    assert texts("CRITICS SLAMMED A Brutal plan.") == [("SLAMMED", "lexicon"), ("Brutal", "lexicon")]
    assert [t for t, _ in texts("He lashes out, slamming a brutally harsher and angrily hypocritical rant.")] == [
        "lashes out", "slamming", "brutally", "harsher", "angrily", "hypocritical", "rant"]
    assert word_forms("slammed") >= {"slam"} and "brutal" in word_forms("brutally") and "angry" in word_forms("angrily")
    assert "trump" in word_forms("Trump’s")


def test_multiword_entries_allow_a_hyphen_or_a_space_but_not_punctuation():
    assert texts("The so called experts and the far-left group.") == [("so called", "lexicon"),
                                                                      ("far-left", "lexicon")]
    assert texts("He went so far, left the room.") == []


def test_kinds_other_than_loaded_words():
    assert texts("The plan is utterly unworkable, she claimed; obviously it is.") == [
        ("utterly", "intensifier"), ("claimed", "attribution"), ("obviously", "stance")]


def test_scare_quotes_but_not_speech():
    sentence = "Officials called the closures a \u201ctemporary adjustment\u201d on Monday."
    [span] = loaded_spans(sentence)
    assert span.kind == "scare-quote" and span.text == "\u201ctemporary adjustment\u201d"
    assert sentence[span.start:span.end] == span.text
    assert texts("The 'reforms' were approved.") == [("'reforms'", "scare-quote")]
    assert texts('"We will appeal," she said.') == []  # a quotation that opens the sentence is speech
    assert texts('The mayor said "the new timetable starts on the first of June" at the meeting.') == []
    assert texts("The players' union and the owners met.") == []  # an apostrophe is not a quote mark


def test_parse_lexicon_sections_comments_and_errors():
    lex = parse_lexicon("# a comment\nslam\n[intensifier]\nutterly  # trailing comment\nlash out\n")
    assert lex.size == 3
    assert lex.entries["lash"] == ((("lash", "out"), "intensifier"),)
    assert lex.entries["slam"] == ((("slam",), "loaded"),)
    with pytest.raises(UsageError, match="unknown lexicon section"):
        parse_lexicon("[opinion]\nslam\n")


def test_packaged_lexicon_is_a_few_hundred_entries_of_every_kind():
    lex = lexicon()
    assert lex.size > 300
    kinds = {kind for items in lex.entries.values() for _, kind in items}
    assert kinds == {"loaded", "intensifier", "attribution", "stance"}


def test_hand_features_separate_quoted_speech_from_the_writers_words():
    outside = dict(zip(HAND_FEATURES, hand_features("Critics slammed the disastrous plan!")))
    inside = dict(zip(HAND_FEATURES, hand_features('The mayor said "this disastrous plan must go" on Monday.')))
    assert len(hand_features("x")) == len(HAND_FEATURES)
    assert outside["lexicon_outside_quotes"] > 0 and outside["lexicon_inside_quotes"] == 0
    assert outside["exclamation"] == 1.0
    assert inside["lexicon_inside_quotes"] > 0 and inside["lexicon_outside_quotes"] == 0
    assert inside["quotation"] == 1.0 and inside["reporting_verbs"] > 0
    us = dict(zip(HAND_FEATURES, hand_features("US officials met us.")))
    assert us["first_person"] == pytest.approx(np.log1p(1))  # "US" is the country


def test_logistic_regression_threshold_and_folds():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = (x[:, 0] + 0.1 * rng.normal(size=200) > 0).astype(float)
    w = fit_logistic(x, y, 1.0)
    assert w[0] > 3 * max(abs(w[1]), abs(w[2]))
    assert np.array_equal(fit_logistic(x, y, 1.0), w)  # deterministic
    fold = stratified_folds(y, 5, seed=3)
    assert sorted(np.bincount(fold)) == [40] * 5
    for k in range(5):
        assert abs(y[fold == k].mean() - y.mean()) < 0.03
    assert np.array_equal(fold, stratified_folds(y, 5, seed=3))
    gold = np.array([1, 1, 0, 1, 0, 0])
    cut = best_threshold(gold, np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.1]))
    assert 0.2 < cut < 0.6  # taking the first four (recall 1, precision 3/4) is the best F1


class FakeEncoder:
    """A deterministic stand-in for USE: hashed word counts (tests the mechanics without the model)."""

    def __call__(self, sentences: list[str]) -> np.ndarray:
        out = np.zeros((len(sentences), 8), dtype=np.float32)
        for i, sentence in enumerate(sentences):
            for word in sentence.lower().split():
                out[i, sum(map(ord, word)) % 8] += 1.0
        return out + 1e-3


def test_train_returns_a_json_model_that_scores_the_same_after_a_round_trip():
    sentences = LOADED * 4 + NEUTRAL * 3
    labels = [1] * 12 + [0] * 12
    model = train(sentences, labels, FakeEncoder(), l2=1.0, seed=0)
    reread = json.loads(model_json(model))
    assert reread["threshold"] == model["threshold"] and 0 < model["threshold"] < 1
    assert len(reread["weights"]) == 8 + len(HAND_FEATURES)
    scorer = LoadedScorer(FakeEncoder(), reread)
    scores = scorer.score(LOADED + NEUTRAL)
    assert all(0 <= p <= 1 for p in scores)
    assert min(scores[:3]) > max(scores[3:])
    assert scorer.score([]) == []
    assert scorer.is_loaded(LOADED) == [True, True, True]


def test_scorer_refuses_a_model_from_another_lexicon():
    model = packaged_model()
    model["lexicon_sha256"] = "0" * 64
    with pytest.raises(UsageError, match="retrain"):
        LoadedScorer(FakeEncoder(), model)


def test_packaged_model_header_and_size():
    model = packaged_model()
    assert model["trained_on"] == "BABE SG1 (Spinde et al. 2021), all labelled sentences"
    assert model["hand_features"] == list(HAND_FEATURES)
    assert model["lexicon_sha256"] == lexicon().digest, "loaded_words.txt changed: retrain loaded_model.json"
    assert len(model["weights"]) == 512 + len(HAND_FEATURES)
    assert 0.05 < model["threshold"] < 0.95
    assert "--train-out" in model["command"]


@pytest.fixture(scope="module")
def scorer() -> LoadedScorer:
    return LoadedScorer()  # the real multilingual USE, loaded once for this module


def test_scorer_tells_loaded_from_neutral_sentences(scorer):
    scores = scorer.score(LOADED + NEUTRAL)
    loaded, neutral = scores[:len(LOADED)], scores[len(LOADED):]
    assert all(p >= scorer.threshold for p in loaded), loaded
    assert all(p < scorer.threshold for p in neutral), neutral
    assert min(loaded) > max(neutral) + 0.3


def test_scorer_matches_the_feature_path(scorer):
    from newsprism.compare.loaded import features

    x = features(LOADED, scorer.encoder)
    assert np.allclose(predict_matrix(scorer.model, x), scorer.score(LOADED))


def test_cli_help_and_missing_data(tmp_path):
    runner = CliRunner()
    text = runner.invoke(main, ["eval", "loaded", "--help"]).stdout
    assert "Example" in text and "newsprism eval loaded" in text
    result = runner.invoke(main, ["eval", "loaded", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "does not exist" in result.output
    result = runner.invoke(main, ["eval", "loaded", "--data", str(tmp_path)])
    assert result.exit_code != 0 and "final_labels_SG1.csv not found" in result.output


# `newsprism eval loaded --data ../shared/data/babe` measured, out of sample (stratified 5-fold CV, seed 0):
# model P 0.694 / R 0.849 / F1 0.764 (accuracy 0.746); the lexicon alone (not trained) P 0.658 / R 0.745 /
# F1 0.699. The published state of the art, DA-RoBERTa (a transformer), reaches F1 0.81.
LOADED_MODEL_F1_FLOOR = 0.755
LOADED_MODEL_PRECISION_FLOOR = 0.68
LOADED_LEXICON_F1_FLOOR = 0.69


@pytest.mark.slow
@pytest.mark.shared
def test_loaded_wording_on_babe_sg1():
    from newsprism.evaluate.loaded import evaluate_babe

    result = evaluate_babe(shared_path("data", "babe", "final_labels_SG1.csv"), folds=5, seed=0)
    assert result["sentences"] == 1546 and result["biased"] == 746
    model, lexicon_only = result["model"], result["lexicon"]
    assert model["f1"] >= LOADED_MODEL_F1_FLOOR, f"model F1 {model['f1']:.3f} fell below {LOADED_MODEL_F1_FLOOR}"
    assert model["precision"] >= LOADED_MODEL_PRECISION_FLOOR
    assert lexicon_only["f1"] >= LOADED_LEXICON_F1_FLOOR, f"lexicon F1 {lexicon_only['f1']:.3f}"
    assert model["f1"] > lexicon_only["f1"]
