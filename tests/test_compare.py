"""Comparing a story's articles: statements, facts, omissions, disagreements, framing, timeline, digest.

The stories are written here by hand (a fictional port and its mayor); the encoder and the
loaded-wording model are the real ones.
"""

from __future__ import annotations

import pytest

from newsprism.compare.story import compare_story
from newsprism.compare.text import clauses, negation_changed, negations, numbers, quantities
from newsprism.compare.timeline import timeline
from newsprism.stories import Story
from story_builder import all_spans, article

STORY = Story("story-test", "", (), "2024-03-05", "2024-03-06", ())
MAYOR = "Ilse Varga"


def harbour_daily():
    return article("a1", "Harbour Daily", [
        "The port authority of Velmar approved a new container terminal on Tuesday.",
        "The terminal will cost 40 million euros, the authority said.",
        f"Mayor {MAYOR} said: \"Nobody is being forced.",
        "Every family chooses what suits it best.\"",
        "Fishermen protested outside the town hall during the vote.",
    ], quotes=(("Nobody is being forced.", MAYOR),
               ("Every family chooses what suits it best.", MAYOR)),
        people=(MAYOR,), places=("Velmar",), labels=((MAYOR, "Mayor"),))


def coast_radio():
    return article("b1", "Coast Radio", [
        "Velmar's port authority on Tuesday gave its approval to a new container terminal.",
        "The terminal will cost 45 million euros, the authority said.",
        f"\"There is no coercion; every family chooses the option that suits it,\" the embattled mayor {MAYOR} told"
        " reporters.",
        "The mayor's office expects the terminal to create 300 jobs.",
    ], quotes=(("There is no coercion; every family chooses the option that suits it", MAYOR),),
        people=(MAYOR,), places=("Velmar",), labels=((MAYOR, "the embattled mayor"),),
        published="2024-03-06")


def bay_post():
    return article("d1", "Bay Post", [
        "Velmar's port authority approved a new container terminal on Tuesday.",
        f"Mayor {MAYOR} said: \"Everybody is being forced.\"",
        "Fishermen protested outside the town hall as the vote took place.",
    ], quotes=(("Everybody is being forced.", MAYOR),), people=(MAYOR,), places=("Velmar",))


@pytest.fixture(scope="module")
def compared(use_encoder, loaded_scorer):
    return compare_story(STORY, [harbour_daily(), coast_radio(), bay_post()], use_encoder, loaded_scorer)


def _statement_with(result, outlet_words):
    for statement in result.statements:
        texts = {r.outlet: r.span.text for r in statement.renderings}
        if all(words in texts.get(outlet, "") for outlet, words in outlet_words.items()):
            return statement
    raise AssertionError(f"no statement rendered as {outlet_words}: {[s.renderings for s in result.statements]}")


def test_one_statement_gathers_every_outlets_rendering(compared):
    statement = _statement_with(compared, {"Harbour Daily": "Nobody is being forced",
                                           "Coast Radio": "There is no coercion",
                                           "Bay Post": "Everybody is being forced"})
    assert statement.speaker == MAYOR
    assert statement.outlets == ("Bay Post", "Coast Radio", "Harbour Daily")
    assert statement.missing == ()


def test_a_rendering_that_drops_the_negation_is_flagged_not_the_others(compared):
    statement = _statement_with(compared, {"Bay Post": "Everybody is being forced"})
    flags = {r.outlet: r.flags for r in statement.renderings}
    assert "negation" in flags["Bay Post"]
    assert "negation" not in flags["Harbour Daily"]
    assert "negation" not in flags["Coast Radio"]


def test_word_level_changes_against_the_reference(compared):
    statement = _statement_with(compared, {"Bay Post": "Everybody is being forced"})
    reference = statement.renderings[statement.reference]
    changed = [r for r in statement.renderings if r is not reference and r.outlet == "Bay Post"][0]
    assert any(c.op == "replace" and "Everybody" in c.rendering for c in changed.changes)


def test_conflicting_figures_are_a_disagreement_with_both_sides(compared):
    numbers_found = [d for d in compared.disagreements if d.kind == "number"]
    assert numbers_found, compared.disagreements
    sides = {side.value: side.outlets for side in numbers_found[0].sides}
    assert sides == {"euros 40,000,000": ("Harbour Daily",), "euros 45,000,000": ("Coast Radio",)}


def test_a_fact_most_outlets_report_is_an_omission_of_the_one_that_does_not(compared):
    protest = [f for f in compared.facts if any("protested" in s.text for s in f.sentences)]
    assert protest and set(protest[0].outlets) == {"Harbour Daily", "Bay Post"}
    radio = next(o for o in compared.outlets if o.outlet == "Coast Radio")
    assert protest[0].id in radio.omitted
    assert any("300 jobs" in s.text for f in compared.facts if f.id in radio.only_here for s in f.sentences)


def test_labels_side_by_side(compared):
    mayor = next(a for a in compared.framing.actors if a.name == MAYOR)
    assert {(u.outlet, u.text) for u in mayor.labels} == {("Harbour Daily", "Mayor"),
                                                          ("Coast Radio", "the embattled mayor")}


def test_digest_is_extracted_sentences_that_several_outlets_support(compared):
    assert compared.digest
    for sentence in compared.digest:
        assert len(sentence.outlets) >= 2
        assert "?" not in sentence.span.text
    assert "container terminal" in compared.digest[0].span.text


def test_every_span_points_at_the_exact_words(compared):
    texts = {a.id: a.text for a in (harbour_daily(), coast_radio(), bay_post())}
    spans = all_spans(compared.to_dict())
    assert len(spans) > 20
    for span in spans:
        assert texts[span["article"]][span["start"]:span["end"]] == span["text"]


def test_a_single_article_story(use_encoder, loaded_scorer):
    result = compare_story(STORY, [harbour_daily()], use_encoder, loaded_scorer)
    assert any("one outlet only" in note for note in result.notes)
    assert all(len(s.outlets) == 1 for s in result.statements)
    assert result.outlets[0].omitted == () and result.outlets[0].only_here == ()
    assert result.disagreements == ()
    assert result.digest and result.digest[0].span.text.startswith("The port authority")


def test_a_story_where_no_outlet_quotes_anyone(use_encoder, loaded_scorer):
    plain = [article("p1", "Harbour Daily", ["The port authority of Velmar approved a new container terminal.",
                                              "Fishermen protested outside the town hall."]),
             article("p2", "Bay Post", ["Velmar's port authority approved a new container terminal.",
                                         "Work starts in May."])]
    result = compare_story(STORY, plain, use_encoder, loaded_scorer)
    assert result.statements == ()
    assert any("no outlet quotes anyone" in note for note in result.notes)
    assert any(len(f.outlets) == 2 for f in result.facts)


def test_a_story_in_two_languages(use_encoder, loaded_scorer):
    italian = article("i1", "Il Faro", [
        "L'autorità portuale di Velmar ha approvato martedì un nuovo terminal per container.",
        "«Nessuno è costretto», ha detto la sindaca.",
        "I pescatori hanno protestato davanti al municipio durante il voto.",
    ], quotes=(("Nessuno è costretto", None),), language="it")
    result = compare_story(STORY, [harbour_daily(), italian], use_encoder, loaded_scorer)
    crossing = [f for f in result.facts if {"Harbour Daily", "Il Faro"} <= set(f.outlets)]
    assert len(crossing) >= 2  # the approval and the protest, across languages
    statement = _statement_with(result, {"Il Faro": "Nessuno", "Harbour Daily": "Nobody is being forced"})
    italian_rendering = next(r for r in statement.renderings if r.outlet == "Il Faro")
    assert italian_rendering.changes == ()  # no word diff across languages
    assert "negation" not in italian_rendering.flags
    assert any("English only" in note for note in result.notes)
    assert all(s.span.article != "i1" for s in result.digest)  # the story's main language reads best


def test_copies_do_not_add_support(use_encoder, loaded_scorer):
    original = harbour_daily()
    farm = article("f1", "Buzz Wire", [s for s in
                                       ("The port authority of Velmar approved a new container terminal on Tuesday.",
                                        "Fishermen protested outside the town hall during the vote.")],
                   copy_of="a1")
    result = compare_story(STORY, [original, farm], use_encoder, loaded_scorer)
    shared = [f for f in result.facts if len(f.outlets) == 2]
    assert shared and all(f.independent == 1 for f in shared)


def test_timeline_keeps_mentioned_past_events_apart():
    earlier = article("t1", "Harbour Daily", [
        "The council approved the terminal on 5 March.",
        "An earlier plan was rejected in February.",
        "The first ships are due on 20 December.",
    ], dates=(("5 March", "--03-05", "day"), ("February", "--02", "month"), ("20 December", "--12-20", "day")))
    events = {e.date: e.relation for e in timeline([earlier], "2024-03-05", "2024-03-06")}
    assert events == {"2024-03-05": "story", "2024-02": "earlier", "2023-12-20": "earlier"}


def test_event_names_and_attribution_verbs_per_outlet(use_encoder, loaded_scorer):
    a = article("w1", "Harbour Daily", ["The invasion began at dawn.", "Officials called it a war."])
    b = article("w2", "Bay Post", ["The special military operation began at dawn.", "It is a conflict, they said."])
    result = compare_story(STORY, [a, b], use_encoder, loaded_scorer)
    terms = {(u.outlet, u.term) for u in result.framing.event_terms}
    assert {("Harbour Daily", "invasion"), ("Harbour Daily", "war"), ("Bay Post", "special military operation"),
            ("Bay Post", "conflict")} <= terms
    assert ("Bay Post", "military operation") not in terms  # the longer phrase wins


@pytest.mark.parametrize("text, expected", [
    ("There is no coercion; everyone chooses freely", ["There is no coercion", "everyone chooses freely"]),
    ("We have the highest level of integration so there is no coercion",
     ["We have the highest level of integration", "so there is no coercion"]),
    ("Yes; fine", ["Yes; fine"]),  # clauses under three words stay whole
])
def test_clauses(text, expected):
    assert [text[a:b] for a, b in clauses(text, 0, len(text))] == expected


def test_a_negation_changes_the_meaning_only_inside_shared_words():
    assert negation_changed("Nobody is being forced.", "Everybody is being forced.")
    assert negation_changed("To pass this bill would raise the risk", "If they don't pass this bill it would raise the risk")
    assert not negation_changed("If somebody tells you how to act", "If somebody tells you how to act, you don't decide")
    assert not negation_changed("The plan works", "Officials said they could not say whether the new plan works")


def test_quantities_by_what_they_count():
    assert quantities("It costs $1.2 billion and creates 300 jobs, up 5%") == {
        "$": {1.2e9}, "jobs": {300.0}, "%": {5.0}}
    assert quantities("In 2022 the 40 million euros") == {"euros": {40e6}}


def test_negations_and_numbers():
    assert negations("No one is forcing anyone") == 1
    assert negations("It isn't true and never was") == 2
    assert negations("Everyone is forced") == 0
    assert numbers("It costs 40 million euros, up 3.5%") == {40e6, 3.5}
    assert numbers("In 2022 there were 1,200 troops") == {1200.0}


def test_a_quote_given_to_another_speaker_is_flagged(use_encoder, loaded_scorer):
    words = "The terminal will bring three hundred jobs to the harbour within two years."
    right = article("q1", "Harbour Daily", [f"\"{words}\" Mayor {MAYOR} said.", "The vote was close."],
                    quotes=((words, MAYOR),), people=(MAYOR,))
    also_right = article("q3", "Bay Post", [f"\"{words}\" {MAYOR} said on Tuesday."],
                         quotes=((words, MAYOR),), people=(MAYOR,))
    wrong = article("q2", "Coast Radio", [f"\"{words}\" Minister Tobias Quell said.", "The vote was close."],
                    quotes=((words, "Tobias Quell"),), people=("Tobias Quell",))
    result = compare_story(STORY, [right, also_right, wrong], use_encoder, loaded_scorer)
    statement = _statement_with(result, {"Harbour Daily": "three hundred jobs", "Coast Radio": "three hundred jobs"})
    assert statement.speaker == MAYOR
    flags = {r.outlet: r.flags for r in statement.renderings}
    assert flags["Coast Radio"] == ("speaker",) and flags["Harbour Daily"] == () and flags["Bay Post"] == ()
    (attribution,) = [d for d in result.disagreements
                      if d.kind == "attribution" and statement.id in d.about.split(", ")]
    assert {side.value: side.outlets for side in attribution.sides} == {
        MAYOR: ("Bay Post", "Harbour Daily"), "Tobias Quell": ("Coast Radio",)}


@pytest.mark.parametrize("word, verb", [("claimed", True), ("insisting", True), ("denies", True), ("noted", True),
                                         ("planning", True), ("said", True), ("told", True), ("allegations", False),
                                         ("accusations", False), ("reports", True)])
def test_attribution_verbs_are_verbs(word, verb):
    from newsprism.compare.framing import _reporting_verbs, is_reporting_verb

    assert is_reporting_verb(word, _reporting_verbs()) is verb
