"""Facts: what the judge reads of a sentence (figures masked, attribution set aside), the pair
decision, and the MRPC gate of the fact stage (`newsprism eval facts`)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import shared_path
from newsprism.cli import main
from newsprism.compare.facts import find_facts, readings, same_fact_pairs, stated
from newsprism.compare.pieces import encode, sentence_pieces
from newsprism.compare.text import without_figures
from newsprism.settings import default_settings
from story_builder import article

# `newsprism eval facts --data ../shared/data/mrpc --split val --cv 5` measured accuracy 0.778, F1 0.851 on val
# and 0.762 / 0.835 in 5-fold cross-validation on train (the judge retrained without each fold); the
# sentence-vector and word-overlap rule facts used before scored 0.718 / 0.796 on val, 0.725 / 0.792 on train.
FACTS_VAL_ACCURACY_FLOOR = 0.77
FACTS_VAL_F1_FLOOR = 0.84
FACTS_CV_ACCURACY_FLOOR = 0.75
FACTS_CV_F1_FLOOR = 0.83


def test_figures_are_masked_but_years_stay():
    assert without_figures("They lent $1.2 billion in 2024 to 15,000 people, 40% of them.") == \
        "They lent $# in 2024 to # people, # of them."


def test_a_sentence_states_the_report_it_is_made_of():
    lender = article("a", "Ledger", ["Ardelia will lend Norvassia 2 billion to dredge the channel, the minister said."],
                     quotes=(("Ardelia will lend Norvassia 2 billion to dredge the channel", "the minister"),))
    piece = sentence_pieces([lender])[0]
    assert stated(lender, piece) == "Ardelia will lend Norvassia 2 billion to dredge the channel"
    whole, said = readings([lender], [piece])
    assert whole == ["Ardelia will lend Norvassia # to dredge the channel, the minister said."]
    assert said == ["Ardelia will lend Norvassia # to dredge the channel"]
    plain = article("b", "Post", ["A short quote, “not this”, sits in a long sentence about the port and its ferries."],
                    quotes=(("not this", "the mayor"),))
    assert stated(plain, sentence_pieces([plain])[0]) == plain.text  # a quote filling little of it is not what it states


def test_pairs_keep_their_margin_over_their_own_bar():
    candidates = [(0.9, 0, 1), (0.8, 0, 2), (0.75, 1, 3)]
    languages = ["en", "en", "en", "ru"]
    judged = {(0, 1): 0.9, (0, 2): 0.4}
    kept = same_fact_pairs(candidates, lambda pairs: [judged[p] for p in pairs], 0.5, languages, 0.7)
    assert [(i, j) for _, i, j in kept] == [(0, 1), (1, 3)]  # the judge refuses (0, 2); (1, 3) by the cosine
    assert kept[0][0] == pytest.approx(0.4) and kept[1][0] == pytest.approx(0.05)


def test_one_fact_with_two_figures_and_two_sources(use_encoder):
    ledger = article("a", "Ledger", [
        "Ardelia has agreed to lend Norvassia $2 billion over ten years to rebuild the ferry terminal at Drevna, "
        "according to a summary released by the foreign ministry.",
        "Fishermen protested on the quay."])
    wire = article("b", "Wire", [
        "Ardelia will also lend Norvassia $1.2 billion to modernise the ferry port of Drevna, the foreign minister "
        "told reporters after the ceremony.",
        "The treaty was signed in the old customs house."],
        quotes=(("Ardelia will also lend Norvassia $1.2 billion to modernise the ferry port of Drevna", "minister"),))
    articles = [ledger, wire]
    pieces = sentence_pieces(articles)
    vectors = encode([p.text for p in pieces], use_encoder)
    facts, _, _ = find_facts(articles, pieces, vectors, use_encoder, default_settings().compare)
    shared = [f for f in facts if len(f.outlets) == 2]
    assert len(shared) == 1 and "lend" in shared[0].sentences[0].text


@pytest.mark.shared
@pytest.mark.slow
def test_facts_gate_on_mrpc():
    data = shared_path("data", "mrpc")
    result = CliRunner().invoke(main, ["eval", "facts", "--data", str(data), "--split", "val", "--cv", "5", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["accuracy"] >= FACTS_VAL_ACCURACY_FLOOR, found
    assert found["f1"] >= FACTS_VAL_F1_FLOOR, found
    assert found["accuracy"] > found["baselines"]["always_same"]["accuracy"] + 0.05, found
    assert found["cv_on_train"]["accuracy"] >= FACTS_CV_ACCURACY_FLOOR, found
    assert found["cv_on_train"]["f1"] >= FACTS_CV_F1_FLOOR, found
