"""The comparison on the bundled demo corpus against its expected answers (examples/demo-expected.json):
the contradictions between outlets, the statements rendered several ways, and the loaded labels."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from newsprism.store import open_store

EXPECTED = json.loads((REPO / "examples" / "demo-expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def demo(compared_demo_db: Path) -> dict:
    with open_store(compared_demo_db) as store:
        origins = {a.id: a.origin for a in store.iter_articles()}
        comparisons = [c.to_dict() if (c := store.comparison(s.id)) else None for s in store.stories()]
    return {"origins": origins, "comparisons": comparisons}


def _from(demo: dict, article_id: str, origin: str) -> bool:
    found = demo["origins"][article_id]
    return found == origin or found.endswith("/" + origin)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _renders(demo: dict, span: dict, expected: dict) -> bool:
    """The span is in the expected article and holds most of the expected words."""
    wanted = _words(expected["text"])
    return _from(demo, span["article"], expected["origin"]) and len(wanted & _words(span["text"])) >= len(wanted) / 2


@pytest.mark.parametrize("contradiction", EXPECTED["contradictions"], ids=lambda c: c["fact"][:40])
def test_every_expected_contradiction_is_a_disagreement(demo, contradiction):
    found = [d for c in demo["comparisons"] for d in c["disagreements"] if d["kind"] == "number"]
    matching = [d for d in found if all(
        any(_renders(demo, span, side) for mine in d["sides"] for span in mine["spans"])
        for side in contradiction["sides"])]
    assert matching, [d["sides"] for d in found]
    # The two expected sides are on different sides of the disagreement.
    sides = [next(i for i, mine in enumerate(matching[0]["sides"])
                  if any(_renders(demo, span, side) for span in mine["spans"])) for side in contradiction["sides"]]
    assert len(set(sides)) == len(sides)


def test_no_disagreement_beyond_the_expected_ones(demo):
    found = [d for c in demo["comparisons"] for d in c["disagreements"]]
    assert len(found) == len(EXPECTED["contradictions"]), [(d["kind"], [s["value"] for s in d["sides"]]) for d in found]


# Renderings of each expected statement found together in one statement, at least (measured: 4 of 5 for
# Vasko's signing remark, whose renderings are a quote, two partial quotes of it word for word, a
# translation and a paraphrase, the paraphrase not yet joined; 2 of 2 and 3 of 3 for the others).
STATEMENT_FLOORS = {0: 4, 1: 2, 2: 3}


@pytest.mark.parametrize("index", sorted(STATEMENT_FLOORS))
def test_expected_statements_are_grouped_across_outlets(demo, index):
    expected = ([EXPECTED["statement"]] + EXPECTED["more_statements"])[index]
    best = max(
        ((sum(1 for r in expected["renderings"] if any(_renders(demo, mine["span"], r) for mine in s["renderings"])),
          s["id"], s) for c in demo["comparisons"] for s in c["statements"]),
        key=lambda found: found[0],
    )
    count, _, statement = best
    assert count >= STATEMENT_FLOORS[index], statement["renderings"]
    assert statement["speaker"] == expected["speaker"]


def test_the_loaded_labels_for_the_president(demo):
    treaty = next(c for c in demo["comparisons"] if len(c["outlets"]) >= 8)
    vasko = next(a for a in treaty["framing"]["actors"] if a["name"] == "Ilmar Vasko")
    rhenwald = {u["text"].lower() for u in vasko["labels"] if u["outlet"] == "Rhenwald Post"}
    assert {"the norvassian strongman", "the long-serving autocrat"} <= rhenwald
    loaded = next(w for w in treaty["framing"]["loaded"] if w["outlet"] == "Rhenwald Post")
    assert {"strongman", "autocrat"} <= {s["text"].lower() for s in loaded["words"]}
    calm = next(w for w in treaty["framing"]["loaded"] if w["outlet"] == "Lantern Bay Gazette")
    assert len(calm["loaded"]) < len(loaded["loaded"])


def test_the_content_farm_copy_adds_no_independent_support(demo):
    treaty = next(c for c in demo["comparisons"] if len(c["outlets"]) >= 8)
    pair = {"The Northgate Bulletin", "NewsPulse Global"}
    copied = [f for f in treaty["facts"] if set(f["outlets"]) == pair]
    assert copied and all(f["independent"] == 1 for f in copied)


def test_each_demo_event_is_compared(demo):
    assert len(demo["comparisons"]) == len(EXPECTED["events"])
