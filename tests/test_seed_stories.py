"""Golden tests of stories and reuse on the five seed articles.

Four seeds report the December 2022 Putin-Lukashenko summit in Minsk (three of
them carry no publication date); the fifth reports the same actors in January
2025. No seed copies another: the content farm republishes an outlet that is
not among them, under an invented byline, and says so in a credit line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.pipeline import update
from newsprism.settings import default_settings
from newsprism.store import open_store

SUMMIT = {"000", "001", "002", "003"}
LATER = {"004"}


@pytest.fixture(scope="module")
def grouped(seed_db: Path) -> dict:
    with open_store(seed_db) as store:
        update(store, default_settings(), "stories")
        seed = {a.id: Path(a.origin).name[:3] for a in store.iter_articles()}
        return {"seed": seed, "stories": [s.to_dict() for s in store.stories()],
                "links": [link.to_dict() for link in store.copy_links()], "signals": store.signals()}


def test_the_two_events_with_the_same_actors_are_two_stories(grouped):
    stories = {frozenset(grouped["seed"][a] for a in s["articles"]): s for s in grouped["stories"]}
    assert set(stories) == {frozenset(SUMMIT), frozenset(LATER)}
    summit, later = stories[frozenset(SUMMIT)], stories[frozenset(LATER)]
    assert summit["start"] == "2022-12-19"
    assert later["start"] == "2025-01-16"
    # The same actors in both: they are not what tells the events apart.
    assert {"alexander-lukashenko", "dmitry-peskov"} <= set(summit["entities"]) & set(later["entities"])
    assert {"vladimir-putin", "minsk"} <= set(summit["entities"])


def test_no_seed_is_a_copy_of_another(grouped):
    assert grouped["links"] == []


def test_the_content_farm_is_flagged_with_its_evidence(grouped):
    flagged = {grouped["seed"][a]: signals for a, signals in grouped["signals"].items()}
    assert set(flagged) == {"000"}
    assert any("first-person author bio" in s for s in flagged["000"])
    assert any("credits another outlet" in s for s in flagged["000"])
