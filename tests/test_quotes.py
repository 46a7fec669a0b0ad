"""Quotes: marks of every style, speakers, layouts, and hostile input."""

from __future__ import annotations

import pytest

from newsprism.annotate.nlp import english
from newsprism.annotate.quotemarks import find_marked
from newsprism.annotate.quotes import find_quotes


def marked(text: str) -> list[str]:
    return [m.inner(text) for m in find_marked(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said “we will stay” and left.", ["we will stay"]),
        ("Er sagte „wir bleiben“ und ging.", ["wir bleiben"]),
        ("Il a dit « nous restons » puis est parti.", [" nous restons "]),  # spaces trimmed later
        ('She said "we stay" twice.', ["we stay"]),
        ("She called it ‘a farce’, the minister’s aide said.", ["a farce"]),
        ("“Outer “inner” and ‘single’ end,” he said.", ["Outer “inner” and ‘single’ end,"]),
        ("The country’s leaders don’t agree.", []),
        ("“Left open at the paragraph end", ["Left open at the paragraph end"]),
        ("Mark » alone and « mark", []),
        ("Not paying taxes ''makes me smart,'' he said.", ["makes me smart,"]),
    ],
)
def test_quote_marks_of_every_style(text, expected):
    assert marked(text) == expected


def test_unbalanced_marks_stay_inside_their_paragraph():
    text = "He said “this never closes.\n\nThe next paragraph is plain reporting about the budget."
    spans = find_marked(text, 0, text.index("\n"))
    assert [text[s.inner_start : s.inner_end] for s in spans] == ["this never closes."]
    assert find_marked(text, text.index("The next"), len(text)) == []


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", ["“" * 5000, "”" * 5000, "«" * 3000 + "»" * 3000, '"' * 5000, "„“" * 3000])
def test_thousands_of_quote_marks(text):
    for span in find_marked(text):
        assert 0 <= span.start < span.end <= len(text)


@pytest.fixture(scope="module")
def nlp():
    return english()


def quotes(nlp, text):
    return find_quotes(text, nlp(text))


def test_direct_quote_with_inverted_cue(nlp):
    text = "“We will not leave our ally in trouble,” said Dmitry Peskov, the Kremlin spokesman."
    (quote,) = quotes(nlp, text)
    assert quote.text == "We will not leave our ally in trouble"  # the comma belongs to the attribution
    assert quote.kind == "direct" and quote.cue == "said"
    assert quote.speaker == "Dmitry Peskov, the Kremlin spokesman"
    assert text[quote.speaker_start : quote.speaker_end] == quote.speaker


def test_pronoun_speaker_and_continued_paragraph(nlp):
    text = (
        "Maria Lopez, the mayor, spoke to reporters on Monday.\n\n"
        "“The bridge will reopen in June,” she said. “Nobody will pay a toll.\n\n"
        "“The works are on schedule.”"
    )
    found = quotes(nlp, text)
    direct = [q for q in found if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Maria Lopez"] * 3
    first = direct[0]
    assert text[first.speaker_start : first.speaker_end] == "she"  # the mention beside the cue


def test_colon_and_labelled_layouts(nlp):
    text = (
        "Details: Peskov called the reports groundless.\n\n"
        "Quote: “Belarus is our closest ally and partner.”\n\n"
        "Putin: “We will continue joint exercises.”"
    )
    found = {q.text: q for q in quotes(nlp, text)}
    labelled = found["Belarus is our closest ally and partner."]
    assert labelled.kind == "labelled" and labelled.speaker == "Peskov"
    colon = found["We will continue joint exercises."]
    assert colon.speaker == "Putin" and colon.cue == ":"


def test_indirect_speech_and_according_to(nlp):
    text = (
        "Peskov said that Russia would honour its obligations to Belarus. "
        "He dismissed allegations that Moscow was forcing Minsk into the war. "
        "According to the ministry, the talks will continue next week."
    )
    found = quotes(nlp, text)
    by_cue = {q.cue: q for q in found}
    assert by_cue["said"].kind == "indirect" and by_cue["said"].speaker == "Peskov"
    assert "Russia would honour its obligations" in by_cue["said"].text
    assert by_cue["dismissed"].speaker == "Peskov"
    assert "Moscow was forcing Minsk" in by_cue["dismissed"].text
    assert by_cue["according to"].speaker == "the ministry"
    assert by_cue["according to"].text.startswith("the talks will continue")


def test_no_quotes_at_all(nlp):
    assert quotes(nlp, "The river rose by two metres overnight. Roads in the valley were closed.") == []


def test_non_latin_text_gets_its_quoted_spans(nlp):
    text = "Песков заявил: «Россия выполнит свои обязательства». Это было в понедельник."
    found = quotes(nlp, text)
    assert [q.text for q in found] == ["Россия выполнит свои обязательства"]


@pytest.mark.timeout(120)
def test_very_long_paragraph(nlp):
    text = ("The council met again. " * 2000) + "“We are done,” the mayor said."
    found = quotes(nlp, text)
    assert found[-1].text == "We are done" and found[-1].speaker == "the mayor"


def test_a_quotation_closed_in_the_next_paragraph(nlp):
    text = (
        "Details: Peskov called the reports groundless.\n\n"
        "Quote: “We treat it as stupid claims. Belarus is our first ally.\n\n"
        "It is with Belarus that we have the closest integration, so there is no coercion.”\n\n"
        "Reportedly, the talks cover “joint projects” and “energy”."
    )
    found = {q.text: q for q in quotes(nlp, text)}
    closing = found["It is with Belarus that we have the closest integration, so there is no coercion."]
    assert closing.speaker == "Peskov"
    assert found["energy"].speaker is None  # no voice of its own: nothing is carried over from elsewhere


def test_a_title_used_as_speaker_is_resolved_to_the_one_person_with_it(nlp):
    text = (
        "Kremlin spokesman Dmitry Peskov spoke at a briefing on Monday.\n\n"
        "“Nobody is being forced,” said the spokesperson of the Kremlin."
    )
    (quote,) = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert quote.speaker == "Dmitry Peskov"
    assert text[quote.speaker_start : quote.speaker_end] == "the spokesperson of the Kremlin"
