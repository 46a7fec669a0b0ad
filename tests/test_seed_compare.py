"""Golden tests of the comparison on the five seed articles.

Three seeds quote the Kremlin spokesman on whether Belarus is being pushed
into the war, each in its own words; the outlets label the two presidents
differently; the Italian report and the business site mention the February
invasion as an earlier event; and the January 2025 report stays a story of
its own, with nothing to compare it with.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.pipeline import update
from newsprism.settings import default_settings
from newsprism.store import open_store

SPOKESMAN_QUOTERS = {"000", "001", "003"}


@pytest.fixture(scope="module")
def compared(seed_db: Path) -> dict:
    with open_store(seed_db) as store:
        update(store, default_settings())
        seed = {a.id: Path(a.origin).name[:3] for a in store.iter_articles()}
        stories = {frozenset(seed[a] for a in s.articles): c.to_dict() if (c := store.comparison(s.id)) else None
                   for s in store.stories()}
    return {"seed": seed, "stories": stories}


def _summit(compared: dict) -> dict:
    return compared["stories"][frozenset({"000", "001", "002", "003"})]


def _outlets_of(compared: dict, renderings: list[dict]) -> set[str]:
    return {compared["seed"][r["span"]["article"]] for r in renderings}


def test_the_no_coercion_statement_is_one_statement_in_three_wordings(compared):
    summit = _summit(compared)
    wanted = ("no one is being forced", "there is no coercion", "no one is forcing anyone")
    found = [s for s in summit["statements"]
             if all(any(w in r["span"]["text"].lower() for r in s["renderings"]) for w in wanted)]
    assert len(found) == 1, [s["renderings"] for s in summit["statements"] if len(s["outlets"]) > 1]
    statement = found[0]
    assert statement["speaker"] == "Dmitry Peskov"
    assert _outlets_of(compared, statement["renderings"]) == SPOKESMAN_QUOTERS
    assert not any(r["flags"] for r in statement["renderings"])  # the same meaning in each wording


def test_the_spokesmans_other_shared_statements_carry_his_name(compared):
    shared = [s for s in _summit(compared)["statements"] if len(s["outlets"]) >= 2]
    # Every shared statement with a named speaker is his; the one other is the Kremlin's announcement
    # of the talks, which no outlet gives to a person.
    assert shared and all(s["speaker"] in ("Dmitry Peskov", None) for s in shared)
    assert sum(1 for s in shared if s["speaker"] == "Dmitry Peskov") >= 3

    def together(*phrases: str) -> bool:
        return any(all(any(p in r["span"]["text"] for r in s["renderings"]) for p in phrases) for s in shared)

    assert together("most advanced integration regime", "most integrated system", "highest level of integration")
    assert together("Russia and Belarus are number one allies.", "Russia and Belarus are number one allies")
    assert together("implementation of previously adopted similar programs",
                    "implementing the previously approved programs")


def _statements_with(compared: dict, phrase: str) -> list[dict]:
    return [s for s in _summit(compared)["statements"]
            if any(phrase in r["span"]["text"].lower() for r in s["renderings"])]


# Each utterance the outlets render, by a phrase of each rendering, and the outlets that render it.
EXPECTED_STATEMENTS = [
    (("russia and belarus are number one allies", "the number one ally and partner",
      "number one ally and partner of russia", "number one partner and ally for the russian federation"),
     {"000", "001", "003"}),
    (("no one is being forced", "there is no coercion", "no one is forcing anyone"), SPOKESMAN_QUOTERS),
    (("previously adopted similar programs", "previously approved programs"), {"000", "001"}),
]


@pytest.mark.parametrize("phrases, outlets", EXPECTED_STATEMENTS, ids=lambda x: x[0][:30] if isinstance(x, tuple) else "")
def test_each_utterance_is_one_statement_with_every_outlet_that_renders_it(compared, phrases, outlets):
    # Every rendering of the utterance is in one statement, even two by one outlet (a quote and a
    # paraphrase of it), and no other statement renders it.
    holding = {s["id"] for phrase in phrases for s in _statements_with(compared, phrase)}
    assert len(holding) == 1, [[r["span"]["text"] for r in s["renderings"]]
                               for s in _summit(compared)["statements"] if s["id"] in holding]
    statement = next(s for s in _summit(compared)["statements"] if s["id"] in holding)
    assert _outlets_of(compared, statement["renderings"]) == outlets


def test_the_number_one_ally_is_rendered_twice_by_one_outlet(compared):
    statement = _statements_with(compared, "number one ally and partner")[0]
    per_outlet = [compared["seed"][r["span"]["article"]] for r in statement["renderings"]]
    assert max(per_outlet.count(o) for o in set(per_outlet)) == 2
    assert statement["speaker"] == "Dmitry Peskov"


# Not yet aligned: the paraphrase judge scores these pairs of one speaker's words far below its cut
# ("a completely stupid fabrication" / "utterly stupid, groundless claims" 0.06; "military aspects, due
# to the restless, chaotic environment" / "also military aspects, given the difficult and turbulent
# situation" 0.16). Kept as expected failures so that a better judge shows here.
@pytest.mark.xfail(reason="the paraphrase judge does not yet find these renderings alike", strict=True)
@pytest.mark.parametrize("phrases", [("completely stupid fabrication", "utterly stupid"),
                                     ("chaotic environment", "turbulent situation")], ids=["fabrication", "military"])
def test_utterances_the_judge_misses(compared, phrases):
    holding = {s["id"] for phrase in phrases for s in _statements_with(compared, phrase)}
    assert len(holding) == 1


def test_the_presidents_labels_side_by_side(compared):
    actors = {a["entity"]: a for a in _summit(compared)["framing"]["actors"]}
    putin = {(compared["seed"][s["article"]], u["text"].lower())
             for u in actors["vladimir-putin"]["labels"] for s in u["spans"]}
    assert ("001", "the russian dictator") in putin
    assert ("000", "russian president") in putin and ("003", "russian president") in putin
    lukashenko = {(compared["seed"][s["article"]], u["text"].lower())
                  for u in actors["alexander-lukashenko"]["labels"] for s in u["spans"]}
    assert ("001", "the self-proclaimed president of belarus") in lukashenko
    assert ("000", "belarus’s formal leader") in lukashenko
    assert ("003", "belarusian president") in lukashenko


def test_each_outlet_omits_something_the_others_report(compared):
    summit = _summit(compared)
    omissions = {compared["seed"][o["articles"][0]]: o["omitted"] for o in summit["outlets"]}
    assert set(omissions) == {"000", "001", "002", "003"}
    assert sum(1 for found in omissions.values() if found) >= 3
    facts = {f["id"]: f for f in summit["facts"]}
    for outlet, found in omissions.items():
        for fact in found:
            assert outlet not in {compared["seed"][s["article"]] for s in facts[fact]["sentences"]}
            assert len(facts[fact]["outlets"]) >= 2


def test_the_timeline_keeps_the_invasion_before_the_summit(compared):
    events = {e["date"]: e for e in _summit(compared)["timeline"]}
    assert events["2022-12-19"]["relation"] == "story"
    assert events["2022-02"]["relation"] == "earlier"
    assert {compared["seed"][m["article"]] for m in events["2022-02"]["mentions"]} == {"002", "003"}


def test_the_2025_report_is_compared_on_its_own(compared):
    later = compared["stories"][frozenset({"004"})]
    assert any("one outlet only" in note for note in later["notes"])
    assert later["disagreements"] == [] and all(len(s["outlets"]) == 1 for s in later["statements"])
    assert {e["date"]: e["relation"] for e in later["timeline"]}["2025-01-16"] == "story"


def test_the_digest_cites_several_outlets_for_every_sentence(compared):
    digest = _summit(compared)["digest"]
    assert 2 <= len(digest) <= 6
    assert all(len(sentence["outlets"]) >= 2 for sentence in digest)


def test_event_names_differ_by_outlet(compared):
    terms = {(compared["seed"][s["article"]], u["term"]) for u in _summit(compared)["framing"]["event_terms"]
             for s in u["spans"]}
    assert ("001", "special military operation") in terms
    assert ("002", "invasion") in terms and ("003", "war") in terms
