"""Quotes: marks of every style, speakers, layouts, reported speech, and hostile input."""

from __future__ import annotations

import pytest

from newsprism.annotate.nlp import english
from newsprism.annotate.quotes import find_quotes
from newsprism.text.quotes import find_marked


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
    # No voice of its own (nothing is carried over from elsewhere), so one quoted word is a scare quote.
    assert "energy" not in found


def test_a_title_used_as_speaker_is_resolved_to_the_one_person_with_it(nlp):
    text = (
        "Kremlin spokesman Dmitry Peskov spoke at a briefing on Monday.\n\n"
        "“Nobody is being forced,” said the spokesperson of the Kremlin."
    )
    (quote,) = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert quote.speaker == "Dmitry Peskov"
    assert text[quote.speaker_start : quote.speaker_end] == "the spokesperson of the Kremlin"


def indirect(nlp, text, cue):
    """The one reported-speech quote whose cue word is ``cue``."""
    (quote,) = [q for q in quotes(nlp, text) if q.kind == "indirect" and q.cue == cue]
    assert text[quote.start : quote.end] == quote.text
    return quote


@pytest.mark.parametrize(
    "text, cue, content, speaker",
    [
        # intentions and wishes with an infinitive; an addressee belongs to the message
        ("The mayor plans to close the bridge in June.", "plans", "to close the bridge in June", "The mayor"),
        ("Ilmar Vasko hopes to win the seat.", "hopes", "to win the seat", "Ilmar Vasko"),
        ("The union urged its members to reject the offer.", "urged", "its members to reject the offer",
         "The union"),
        # praise, blame and backing: the object, with what the verb says of it
        ("The senator attacked the proposal as reckless.", "attacked", "the proposal as reckless", "The senator"),
        ("The opposition called the decision a betrayal.", "called", "the decision a betrayal", "The opposition"),
        ("The governor backed Lindqvist.", "backed", "Lindqvist", "The governor"),
        # the ad attacks, on the campaign's behalf: either is a fair holder, nothing else is
        ("The campaign released an ad attacking the opposition leader.", "attacking", "the opposition leader",
         ("an ad", "The campaign")),
        # a verb and the preposition that introduces what was said
        ("The minister spoke about the flooding in the north.", "spoke", "the flooding in the north",
         "The minister"),
        ("The council voted in favor of the new harbour.", "favor", "the new harbour", "The council"),
        # adjectives of attitude
        ("Farmers are worried about the new quota.", "worried", "the new quota", "Farmers"),
        ("The council is eager to reopen the market.", "eager", "to reopen the market", "The council"),
        ("Protesters were frustrated that the police kept the footage secret.", "frustrated",
         "that the police kept the footage secret", "Protesters"),
        # nouns: a claim with its possessor, a critic in apposition
        ("Vasko's claim that the treaty was signed in secret angered the opposition.", "claim",
         "that the treaty was signed in secret", "Vasko"),
        ("Selene Marrow, a longtime critic of the accord, voted against it.", "critic", "the accord",
         "Selene Marrow"),
        # the agent of a passive holds the position
        ("The plan was criticised by the fishermen's union.", "criticised", "The plan", "the fishermen's union"),
    ],
)
def test_reported_positions_and_their_holders(nlp, text, cue, content, speaker):
    quote = indirect(nlp, text, cue)
    assert quote.text == content
    accepted = speaker if isinstance(speaker, tuple) else (speaker,)
    assert quote.speaker in accepted
    assert text[quote.speaker_start : quote.speaker_end] == quote.speaker


@pytest.mark.parametrize(
    "text, cue, content",
    [
        ("The minister was accused of misleading parliament.", "accused",
         "The minister was accused of misleading parliament"),
        ("It was reported that the talks had collapsed.", "reported", "that the talks had collapsed"),
        ("The vote is expected to take place on Friday.", "expected", "The vote is expected to take place on Friday"),
        ("The ceasefire appears to be holding.", "appears", "The ceasefire appears to be holding"),
        ("Growing fears that the dam will fail have unsettled the valley.", "fears", "that the dam will fail"),
    ],
)
def test_reported_content_held_by_no_one_named(nlp, text, cue, content):
    quote = indirect(nlp, text, cue)
    assert quote.text == content
    assert quote.speaker is None and quote.speaker_start is None


def test_a_view_stated_with_is_that_takes_the_possessor_as_speaker(nlp):
    text = "Selene Marrow spoke briefly. Her view is that the tariffs will hurt exporters."
    quote = indirect(nlp, text, "view")
    assert quote.text == "that the tariffs will hurt exporters"
    assert quote.speaker == "Selene Marrow"  # the pronoun resolved; the offsets stay on it
    assert text[quote.speaker_start : quote.speaker_end] == "Her"


def test_reported_clause_stops_where_a_whole_quotation_starts(nlp):
    text = "She said the bridge would reopen soon, adding: “We are nearly done with the repairs.”"
    found = quotes(nlp, text)
    assert [(q.kind, q.text) for q in found] == [
        ("indirect", "the bridge would reopen soon"),
        ("direct", "We are nearly done with the repairs."),
    ]
    assert {q.speaker for q in found} == {"She"}


def test_short_quotation_is_not_reported_twice(nlp):
    text = "“It is unsafe,” the engineer said on Monday."
    assert [(q.kind, q.text) for q in quotes(nlp, text)] == [("partial", "It is unsafe")]


def test_a_belief_inside_reported_speech_belongs_to_the_speaker(nlp):
    text = "Peskov said that Putin wants to visit Minsk next week."
    (quote,) = quotes(nlp, text)
    assert quote.cue == "said" and quote.speaker == "Peskov"
    assert quote.text == "that Putin wants to visit Minsk next week"


@pytest.mark.parametrize(
    "text",
    [
        "He called the mayor on Tuesday.",  # a phone call, not a description
        "The committee raised money for the school.",  # raised funds, not questions
        "She spoke on Tuesday in the town hall.",  # when she spoke, not what about
        "She wants a new car.",  # a wish for a thing, with no message
        "The plan seems fine.",
        "Do you think the bridge is safe?",  # a question reports nothing
        "Tell us what you think.",  # nor does a command
        "The report was published on Monday.",
        "In response to the storm, the council closed the harbour.",
        "A press conference will conclude the visit.",
    ],
)
def test_lookalikes_of_reported_speech_are_not_quotes(nlp, text):
    assert quotes(nlp, text) == []
