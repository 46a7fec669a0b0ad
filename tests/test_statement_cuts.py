"""The cuts statements use on the paraphrase judge's probability (``statement_confident``,
``statement_loose``) follow from MRPC's validation pairs with the shipped judge: when the judge's model
is replaced, this says to derive them again (``newsprism eval paraphrase-cuts``)."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import shared_path
from newsprism.evaluate.statement_cuts import confident_cut, cuts_from, loose_cut, statement_cuts
from newsprism.settings import default_settings

# How far a configured cut may sit from the derived one.
TOLERANCE = 0.02


def test_the_rules_on_scores_written_here():
    probability = np.array([0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    gold = np.array([1, 1, 1, 1, 0, 1, 1, 0, 1, 0], dtype=np.float64)
    # 0.8 and above: 4 of 4; 0.7: 4 of 5 (below 0.9); so the lowest cut where it stays is 0.8.
    assert confident_cut(probability, gold, precision=0.9, min_pairs=2) == pytest.approx(0.8)
    # At 0.75: 0.7 keeps 4 of 5, 0.3 keeps 7 of 9, 0.2 only 7 of 10.
    assert confident_cut(probability, gold, precision=0.75, min_pairs=2) == pytest.approx(0.3)
    assert loose_cut(probability, gold, recall=1.0) == pytest.approx(0.3)
    cuts = cuts_from(probability, gold, min_pairs=2)
    assert cuts.confident == pytest.approx(0.8) and cuts.confident_precision == 1.0 and cuts.pairs == 10


def test_the_configured_cuts_are_the_derived_ones(use_encoder):
    folder = shared_path("data", "mrpc")
    derived = statement_cuts(folder, use_encoder)
    configured = default_settings().compare
    assert abs(configured.statement_confident - derived.confident) <= TOLERANCE, (
        f"statement_confident is {configured.statement_confident}, MRPC val gives {derived.confident:.3f}: "
        "run newsprism eval paraphrase-cuts --data ../shared/data/mrpc and update default_config.toml")
    assert abs(configured.statement_loose - derived.loose) <= TOLERANCE, (
        f"statement_loose is {configured.statement_loose}, MRPC val gives {derived.loose:.3f}: "
        "run newsprism eval paraphrase-cuts --data ../shared/data/mrpc and update default_config.toml")
    assert derived.confident_precision >= 0.9 and round(derived.loose_recall, 2) >= 0.98
