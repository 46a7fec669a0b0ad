"""Quality gates: scores on real labelled data must not fall below pinned floors.

Floors only ever go up. Each one sits just under the score measured when it
was pinned (see docs/benchmarks.md for the figures and the command).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, shared_path
from newsprism.evaluate.extraction import evaluate_extraction
from newsprism.evaluate.quotes import evaluate_quotes

# `newsprism eval extraction --data ../shared/data/aeb` measured 0.9666 (bare trafilatura 0.9598).
EXTRACTION_F1_FLOOR = 0.966
EXTRACTION_PRECISION_FLOOR = 0.955


@pytest.mark.slow
@pytest.mark.shared
def test_extraction_on_the_article_extraction_benchmark():
    scores = evaluate_extraction(shared_path("data", "aeb"))
    ours, bare = scores["newsprism"], scores["trafilatura"]
    assert ours.pages == 181
    assert ours.f1 >= EXTRACTION_F1_FLOOR, f"F1 {ours.f1:.4f} fell below the floor {EXTRACTION_F1_FLOOR}"
    assert ours.precision >= EXTRACTION_PRECISION_FLOOR
    assert ours.f1 > bare.f1, "cleaning must improve on bare trafilatura"


# `newsprism eval quotes --data ../shared/data/polnear --split dev` measured content overlap F1 0.744
# (P 0.923 / R 0.623) and source overlap F1 0.658 (P 0.838 / R 0.541); exact F1 0.335 / 0.611.
QUOTE_CONTENT_OVERLAP_F1_FLOOR = 0.74
QUOTE_SOURCE_OVERLAP_F1_FLOOR = 0.65
QUOTE_CONTENT_OVERLAP_PRECISION_FLOOR = 0.92


@pytest.mark.slow
@pytest.mark.shared
def test_quotes_on_polnear_dev():
    scores = evaluate_quotes(shared_path("data", "polnear"), "dev")
    assert scores["content_overlap"].gold > 2000
    assert scores["content_overlap"].f1 >= QUOTE_CONTENT_OVERLAP_F1_FLOOR
    assert scores["content_overlap"].precision >= QUOTE_CONTENT_OVERLAP_PRECISION_FLOOR
    assert scores["source_overlap"].f1 >= QUOTE_SOURCE_OVERLAP_F1_FLOOR


def test_sources_type_check():
    result = subprocess.run([sys.executable, "-m", "mypy", "src/newsprism"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sources_lint():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
