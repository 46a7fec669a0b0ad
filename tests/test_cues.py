"""Cue words learned from PolNeAR's Cue spans: the tally, the bars, and the lexicon the finder reads."""

from __future__ import annotations

from collections import Counter

import pytest

from newsprism.annotate.nlp import english
from newsprism.annotate.reported import CueRow, Lexicon, lexicon_from_rows, shipped_lexicon
from newsprism.evaluate.cues import DROP_SEEN, Bars, Tally, select, shipped_bars, tally_doc
from newsprism.evaluate.quotes import GoldDoc


@pytest.fixture(scope="module")
def nlp():
    return english()


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_cue_is_tallied_by_lemma_and_frame_and_every_use_is_seen(nlp):
    text = "Smith said that taxes will rise. Jones said nothing. Brown was critical of the plan."
    gold = GoldDoc("t", text, [span_of(text, "that taxes will rise"), span_of(text, "the plan")], [], (
        (span_of(text, "said"), span_of(text, "that taxes will rise")),
        (span_of(text, "critical of"), span_of(text, "the plan")),
    ))
    tally = tally_doc(gold, nlp(text))
    assert tally.cue[("say", "verb", "clause")] == 1 and tally.cue[("say", "verb", "")] == 1
    assert tally.seen[("say", "verb", "")] == 2 and tally.seen[("say", "verb", "clause")] == 1
    assert tally.cue[("critical", "adj", "prep:of")] == 1
    assert tally.hit[("say", "verb", "clause")] == 1 and tally.hit[("say", "verb", "object")] == 0


def test_rows_keep_only_what_clears_the_bars_and_drop_hand_words_the_data_refutes():
    say, muse, think = ("say", "verb", "clause"), ("muse", "verb", "prep:on"), ("think", "verb", "clause")
    tally = Tally(Counter({say: 8, muse: 2, think: 1}), Counter({say: 10, muse: 2, think: DROP_SEEN}),
                  Counter({say: 9, muse: 2, think: 2}))
    assert select(tally, Bars(3, 0.8, 0.0)) == [CueRow("say", "verb", "clause", 8, 10, 9)]
    assert select(tally, Bars(3, 0.95, 0.0)) == []
    assert select(tally, Bars(3, 0.8, 0.5))[-1] == CueRow("think", "verb", "clause", 1, DROP_SEEN, 2, "drop")


def test_each_frame_goes_to_the_table_of_its_pattern():
    lexicon = lexicon_from_rows([CueRow("chide", "verb", "object", 7, 7, 7), CueRow("vouch", "verb", "prep:for", 6, 6, 6),
                                 CueRow("keen", "adj", "prep:on", 5, 6, 6), CueRow("vow", "noun", "to", 5, 6, 6)],
                                hand=False)
    assert lexicon.stance_object_verbs == {"chide"} and lexicon.prep_cues == {"vouch": {"for"}}
    assert lexicon.adjective_cues == {"keen": {"on"}} and lexicon.noun_cues == {"vow": frozenset()}
    assert {"chide", "vouch"} <= lexicon.verb_cues
    joined = lexicon_from_rows([CueRow("vouch", "verb", "prep:for", 6, 6, 6), CueRow("think", "verb", "clause", 1, 30, 2,
                                                                                  "drop")])
    assert joined.prep_cues["vouch"] == {"for"} and joined.clause_verbs == Lexicon().clause_verbs - {"think"}


def test_the_shipped_lexicon_is_learned_and_says_how():
    lexicon = shipped_lexicon()
    assert "say" in lexicon.clause_verbs
    bars = shipped_bars()
    assert bars.min_count >= 1 and 0 < bars.min_precision <= 1
