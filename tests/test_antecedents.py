"""Whom "he" and "she" stand for: gender, sentence-by-sentence search, pronoun chains, surnames
and titles, and the speaker a quote ends up with because of them."""

from __future__ import annotations

import pytest

from newsprism.annotate.annotator import annotate_text
from newsprism.annotate.gender import agrees, mention_genders, name_gender
from newsprism.annotate.nlp import english
from newsprism.annotate.quotes import QuoteFinder, find_quotes, person_mentions


@pytest.fixture(scope="module")
def nlp():
    return english()


def speaker_of(nlp, text: str, words: str) -> str | None:
    quote = next(q for q in find_quotes(text, nlp(text)) if words in q.text)
    return quote.speaker


def test_first_names_honorifics_and_titles_give_a_gender(nlp):
    text = ("Mrs. Okafor met spokesman Tom Reyes and Dana Pike, a congresswoman, on Friday. "
            "Okafor left early.")
    doc = nlp(text)
    people = person_mentions(doc)
    genders = dict(zip((name for _, _, name in people), mention_genders(text, doc, people), strict=True))
    assert genders["Okafor"] == "female"  # the honorific, and the later bare surname inherits it
    assert genders["Tom Reyes"] == "male"
    assert genders["Dana Pike"] == "female"  # the appositive title; "Dana" itself says nothing
    assert name_gender("Dana") is None
    assert agrees("she", None) and agrees("he", "male") and not agrees("she", "male")


# Each case: an article, words of one of its quotes, and the speaker that quote must get.
SPEAKER_CASES = [
    pytest.param(
        "Governor Ann Whitcombe vetoed the bill on Tuesday. President Barack Obama praised the veto.\n\n"
        "\"Nobody has shown me a single case where this law was needed,\" she said.",
        "Nobody has shown me", "Ann Whitcombe", id="she_skips_a_man_named_later"),
    pytest.param(
        "\"We will keep the plant open,\" said the union leader Mark Delaney. "
        "The company's owner, Peter Hollis, later apologized to the workers.\n\n"
        "\"I was wrong to threaten them,\" he said.",
        "I was wrong", "Peter Hollis", id="he_continues_the_subject_of_the_sentence_before_not_an_older_speaker"),
    pytest.param(
        "\"Oil is all that matters,\" Victor Hale said. He said Robert Crane \"has no plan at all\".\n\n"
        "Of Crane, he said: \"I want him to do well, but the country is falling apart.\"",
        "the country is falling apart", "Victor Hale", id="a_pronoun_chain_keeps_to_its_person"),
    pytest.param(
        "Reports said the scheme began under Governor Tom Pratt.\n\n"
        "After his speech, Senator Luis Ortega defended the scheme. \"Nobody reads your letters,\" he said.",
        "Nobody reads your letters", "Luis Ortega", id="a_possessive_before_the_subject_looks_ahead_to_it"),
    pytest.param(
        "\"Why can't Paul Dorsey run his race and let me run mine?\" Karen Holt asked. "
        "\"He should mind his own business,\" she said.",
        "mind his own business", "Karen Holt", id="a_name_inside_a_quotation_is_no_antecedent"),
    pytest.param(
        "Gov. Rick Dorr of Texas signed the order on Monday.\n\n"
        "\"The border is secure,\" the Texas governor said.",
        "The border is secure", "Rick Dorr", id="a_role_with_a_place_finds_the_title_alone"),
]


@pytest.mark.parametrize(("text", "words", "expected"), SPEAKER_CASES)
def test_the_speaker_a_pronoun_or_role_stands_for(nlp, text, words, expected):
    assert speaker_of(nlp, text, words) == expected


def test_a_bare_surname_the_parser_missed_is_the_named_person(nlp):
    text = "Elizabeth Marlow, an aide, wrote a post on Friday. Marlow later apologized."
    names = [name for _, _, name in person_mentions(nlp(text))]
    assert names.count("Marlow") + names.count("Elizabeth Marlow") == 2


def test_an_abbreviated_title_names_the_role(nlp):
    text = ("Texas Gov. Rick Dorr signed the order on Monday.\n\n"
            "\"The border is secure,\" the governor said.")
    assert speaker_of(nlp, text, "The border is secure") == "Rick Dorr"


def test_a_place_in_a_role_is_not_the_speaker(nlp):
    text = "\"We will not raise taxes,\" the Ohio treasurer said on Monday."
    annotations = annotate_text(text, "en", nlp(text))
    quote = annotations.quotes[0]
    places = {e.key for e in annotations.entities if e.type == "place"}
    assert quote.speaker is not None and quote.speaker_key not in places


def test_resolution_is_linear_in_the_pronouns(nlp):
    """A long article of pronouns resolves each one against its neighbourhood, not the whole text."""
    paragraph = "Maria Lopez spoke first. She said the plan was fine. Then she left, and he stayed. "
    text = paragraph * 300
    finder = QuoteFinder(text, nlp(text))
    last_she = text.rindex("she")
    assert finder.pronouns.resolve("she", last_she) is not None
    assert finder.pronouns.resolve("he", text.rindex(" he ") + 1) is None  # no man anywhere near


def test_they_is_a_group_that_spoke_never_one_person(nlp):
    text = ("Senator Maria Quell said the bill was fair. Harbour workers said it would cost them their jobs.\n\n"
            "\"We were never asked,\" they said.")
    assert speaker_of(nlp, text, "We were never asked") == "Harbour workers"
    alone = "Senator Maria Quell said the bill was fair.\n\n\"We were never asked,\" they said."
    assert speaker_of(nlp, alone, "We were never asked") in (None, "they")


def test_sorted_mentions_search_by_position():
    from newsprism.annotate.antecedents import Antecedent, SortedMentions

    mentions = SortedMentions([Antecedent(30, 35, "Cole", "male", True), Antecedent(0, 9, "Ann Price", "female", True)])
    mentions.add(Antecedent(12, 20, "the firm", None, False, group=True))
    assert [m.name for m in mentions.starting_in(0, 30)] == ["Ann Price", "the firm"]
    assert mentions.last_before(33, lambda m: True).name == "the firm"  # Cole ends after 33
    assert mentions.last_before(40, lambda m: m.gender == "female").name == "Ann Price"
    assert mentions.last_before(5, lambda m: True) is None
