"""Which quote clauses are one utterance: two people's similar words stay apart, the same words given to
two people are one statement, and a quoted fragment joins the sentence that holds it word for word."""

from __future__ import annotations

from newsprism.compare.statement_links import word_for_word, word_key
from newsprism.compare.story import compare_story
from newsprism.stories import Story
from story_builder import article

STORY = Story("story-links", "", (), "2024-03-05", "2024-03-06", ())
SENATOR, ADVISER = "Ada Morrow", "Piet Halloran"


def _statements_with(result, words):
    return [s for s in result.statements if any(words in r.span.text for r in s.renderings)]


def test_word_keys_ignore_case_quote_marks_and_spacing():
    assert word_key("“A wall  between our\npeoples,”") == " a wall between our peoples "
    assert word_for_word(word_key("a wall between our peoples"),
                         word_key("Today the strait stops being a “wall” between our peoples"))
    assert not word_for_word(word_key("a wall between our people"), word_key("a wall between our peoples"))
    assert not word_for_word(word_key("the wall"), word_key("The walls"))


def test_two_people_condemning_one_remark_in_their_own_words_are_two_statements(use_encoder, loaded_scorer):
    first = article("c1", "Harbour Daily", [
        f"Senator {SENATOR} said the minister's comments were \"wildly inaccurate and deeply unhelpful\".",
        "The minister did not respond."],
        quotes=(("wildly inaccurate and deeply unhelpful", SENATOR),), people=(SENATOR,))
    second = article("c2", "Coast Radio", [
        f"The adviser {ADVISER} said the minister's comments were \"utterly irresponsible and unhelpful\".",
        "The minister did not respond."],
        quotes=(("utterly irresponsible and unhelpful", ADVISER),), people=(ADVISER,))
    result = compare_story(STORY, [first, second], use_encoder, loaded_scorer)
    assert all(len(s.outlets) == 1 for s in result.statements), [
        [(r.speaker, r.span.text) for r in s.renderings] for s in result.statements]
    assert not [d for d in result.disagreements if d.kind == "attribution"]


def test_a_fragment_quoted_word_for_word_is_one_statement_with_its_sentence(use_encoder, loaded_scorer):
    whole = ("Today the strait stops being a wall between our peoples and becomes a road that both of us can walk, "
             "and we will keep the lights of the harbour burning for every ship")
    full = article("f1", "Harbour Daily", [f"President {SENATOR} said: \"{whole}.\"", "The treaty was signed."],
                   quotes=((whole, SENATOR),), people=(SENATOR,))
    fragment = "a wall between our peoples"
    partial = article("f2", "Coast Radio", [
        f"{SENATOR} called the strait \"{fragment}\" that the treaty would remove.", "Critics were unconvinced."],
        quotes=((fragment, SENATOR),), people=(SENATOR,))
    result = compare_story(STORY, [full, partial], use_encoder, loaded_scorer)
    (statement,) = _statements_with(result, fragment)
    assert set(statement.outlets) == {"Harbour Daily", "Coast Radio"}
    assert statement.speaker == SENATOR
    # Another speaker's words that hold the fragment are not that speaker's utterance.
    other = article("f3", "Bay Post", [f"Minister {ADVISER} said: \"It was never {fragment}.\""],
                    quotes=((f"It was never {fragment}.", ADVISER),), people=(ADVISER,))
    result = compare_story(STORY, [partial, other], use_encoder, loaded_scorer)
    assert all(len(s.outlets) == 1 for s in result.statements)


def test_words_of_what_is_said_leave_out_names_and_function_words():
    from newsprism.compare.statement_links import said_words

    words = said_words("to prevent integration between Russia and Belarus")
    assert {"prevent", "integration"} <= words and not words & {"russia", "belarus", "to", "and"}
    assert not said_words("Vasko and Ardelia") & said_words("Ardelia, Vasko said")
