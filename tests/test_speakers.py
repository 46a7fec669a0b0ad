"""The speaker ranker (candidates, features, the conditional logit fit) and the quote layouts
that feed it: lost opening marks, colon clauses, a name beside its pronoun, one quote per utterance."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.annotate.nlp import english
from newsprism.annotate.quotes import QuoteFinder, find_quotes, without_stray_marks
from newsprism.annotate.speakers import FEATURES, SpeakerRanker, packaged_model
from newsprism.evaluate.speakers import fit_conditional_logit
from newsprism.text.quotes import quoted_spans


@pytest.fixture(scope="module")
def nlp():
    return english()


def quotes(nlp, text):
    return find_quotes(text, nlp(text))


def test_the_fit_learns_which_feature_marks_the_right_candidate():
    rng = np.random.default_rng(3)
    groups = []
    for _ in range(300):
        x = rng.normal(size=(6, 3))
        right = np.zeros(6, dtype=bool)
        right[int(np.argmax(x[:, 1]))] = True  # the candidate highest on feature 1 is right
        groups.append((x, right))
    weights = fit_conditional_logit(groups, l2=1.0)
    assert weights[1] > 5 * max(abs(weights[0]), abs(weights[2]))
    chosen = [int(np.argmax(x @ weights)) == int(np.argmax(r)) for x, r in groups]
    assert sum(chosen) / len(chosen) > 0.95


def test_the_fit_handles_several_right_candidates_and_stays_finite():
    x = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    weights = fit_conditional_logit([(x, np.array([True, True, False]))] * 20, l2=0.1)
    assert np.isfinite(weights).all() and weights[0] > weights[1]


def test_a_model_for_other_features_is_refused():
    with pytest.raises(ValueError, match="retrain"):
        SpeakerRanker({"l2": 1.0, "weights_by_feature": [["rule", 1.0]]})
    assert [name for name, _ in packaged_model()["weights_by_feature"]] == list(FEATURES)


def test_candidates_leave_out_the_cue_and_the_label_and_end_with_nobody(nlp):
    text = ("Growing fears that the dam will fail have unsettled the valley.\n\n"
            "Quote: “We are ready for the worst.”")
    finder = QuoteFinder(text, nlp(text))
    found = finder.find_by_rules()
    assert {q.text for q in found} == {"that the dam will fail", "We are ready for the worst."}
    for quote, candidates in zip(found, finder.candidates(found)):
        assert candidates.mentions[-1] is None
        assert candidates.features.shape == (len(candidates.mentions), len(FEATURES))
        words = [text[m.start : m.end] for m in candidates.mentions if m is not None]
        if quote.kind == "labelled":
            assert "Quote" not in words
        else:
            assert words and not any("fears" in w for w in words)


def test_a_lost_opening_mark_before_a_cue_still_makes_a_quote(nlp):
    text = "Opening line of the report.\n🙂The meeting was very useful for both sides”, declared Ilmar Vasko at the end."
    spans = [text[s:e] for s, e in quoted_spans(text)]
    assert spans == ["The meeting was very useful for both sides"]
    (quote,) = [q for q in quotes(nlp, text) if q.text.startswith("The meeting")]
    assert quote.speaker == "Ilmar Vasko"


def test_a_closing_mark_without_a_comma_or_after_an_opener_is_no_headless_quote():
    assert quoted_spans("Plain words ending with a mark” and more words.") == []
    assert [s for s in quoted_spans("He named them ”experts”, oddly.")] == [(15, 22)]


def test_the_subject_of_a_clause_ending_in_a_colon_speaks_the_quote(nlp):
    text = "Marta Olsen agreed with him on this point: “We will keep the border open to trade.”"
    (quote,) = quotes(nlp, text)
    assert quote.speaker == "Marta Olsen"


def test_reported_content_and_its_quotation_are_one_quote_with_parts(nlp):
    text = ("The spokesman rejected claims that the minister was flying to Norvassa “to force a deal on "
            "the pipeline.” Reporters were not convinced.")
    found = quotes(nlp, text)
    merged = [q for q in found if "flying to Norvassa" in q.text]
    assert len(merged) == 1
    quote = merged[0]
    assert "to force a deal on the pipeline" in quote.text and quote.kind == "indirect"
    (part,) = quote.parts
    assert text[part[0] : part[1]] == "to force a deal on the pipeline."
    assert not [q for q in found if q is not quote and q.start < quote.end and quote.start < q.end]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("and he urged them to treat it “", "and he urged them to treat it"),
        ("” that the talks failed", "that the talks failed"),
        ("the plan “was sound” all along", "the plan “was sound” all along"),
    ],
)
def test_spans_never_end_on_a_stray_mark(text, expected):
    assert without_stray_marks(text, 0, len(text))[0] == expected


@pytest.mark.parametrize(
    "text, phrase",
    [
        # a name right beside its pronoun is the subject
        ("After the summit the prime minister Ilmar Vasko he said the two states “will hold joint drills "
         "every year”.", "joint drills"),
        # a speaker quoted saying "as I said" is no antecedent for the reporter's "he"
        ("“That is outrageous talk,” Ilmar Vasko said. “They are trying, as I said earlier, to change the "
         "subject from the harbour budget,” he said.", "change the subject"),
    ],
    ids=["name-beside-pronoun", "quoted-as-i-said"],
)
def test_the_named_person_is_the_speaker(nlp, text, phrase):
    found = [q for q in quotes(nlp, text) if phrase in q.text]
    assert found and all(q.speaker == "Ilmar Vasko" for q in found)


def test_names_inside_quotation_marks_are_never_the_speaker(nlp):
    text = ("Governor Ilse Varga spoke on Tuesday.\n"
            "“Bill 1062 does not address a present concern of the province,” she said. "
            "“I have not heard one example of harm to a business owner.”")
    speakers = {q.text[:12]: q.speaker for q in quotes(nlp, text)}
    assert all(s is None or "1062" not in s for s in speakers.values()), speakers
