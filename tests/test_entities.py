"""Entities, canonical names across a corpus, and actor labels, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from newsprism.annotate.annotator import annotate_text
from newsprism.annotate.canonical import canonical_annotations_json, canonicalise
from newsprism.annotate.entities import find_entities, fold, same_word
from newsprism.annotate.labels import find_labels
from newsprism.annotate.nlp import english
from newsprism.schema import Entity


@pytest.fixture(scope="module")
def nlp() -> Any:
    return english()


def read(nlp: Any, text: str) -> list[Entity]:
    return find_entities(text, nlp(text))


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Dmitry", "Dmitri"), ("Sergey", "Sergei"), ("Alexander", "Aleksandr"), ("Volfovich", "Wolfowicz"),
     ("Zelensky", "Zelenskyy"), ("Khrenin", "Hrenin")],
)
def test_transliteration_variants_fold_together(a: str, b: str) -> None:
    assert same_word(fold(a), fold(b))


@pytest.mark.parametrize(("a", "b"), [("Putin", "Patten"), ("Iran", "Iraq"), ("Maria", "Mario"), ("Ivan", "Ilya")])
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert not same_word(fold(a), fold(b))


def test_titles_and_possessives_are_not_part_of_the_name(nlp: Any) -> None:
    text = ("Prime Minister Jacinda Ardern met President Joe Biden in Washington. "
            "Ardern's office said the talks went well, and Biden thanked her.")
    entities = by_name(read(nlp, text))
    assert entities["Jacinda Ardern"].type == "person"
    assert entities["Joe Biden"].type == "person"
    # Surnames alone join the full name, possessive or not.
    assert {m.text for m in entities["Jacinda Ardern"].mentions} == {"Jacinda Ardern", "Ardern"}
    assert {m.text for m in entities["Joe Biden"].mentions} == {"Joe Biden", "Biden"}
    for entity in entities.values():
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text


def test_two_people_with_one_surname_are_kept_apart(nlp: Any) -> None:
    text = ("Hillary Clinton spoke in Ohio on Monday. Bill Clinton stayed in New York. "
            "Later, Clinton told reporters that the campaign was going well.")
    entities = read(nlp, text)
    people = {e.name for e in entities if e.type == "person"}
    assert {"Hillary Clinton", "Bill Clinton"} <= people
    # The bare surname goes to the Clinton named last before it, never to both.
    owners = [e.name for e in entities for m in e.mentions if m.text == "Clinton"]
    assert owners == ["Bill Clinton"]


def test_acronym_joins_its_long_form(nlp: Any) -> None:
    text = "The International Monetary Fund (IMF) cut its forecast. The IMF said growth would slow."
    (fund,) = [e for e in read(nlp, text) if "Monetary" in e.name]
    assert {m.text for m in fund.mentions} == {"International Monetary Fund", "IMF"}


def test_headings_and_symbols_are_not_entities(nlp: Any) -> None:
    text = "Background:\n\nThe mayor of Lisbon opened the bridge. 🇵🇹 Crowds cheered."
    names = {e.name for e in read(nlp, text)}
    assert "Background" not in names
    assert all(any(c.isalpha() for c in n) for n in names)


def test_corpus_gives_one_name_to_spelling_variants_and_bare_surnames() -> None:
    def ent(key: str, name: str, kind: str = "person", n: int = 1) -> dict[str, Any]:
        return {"key": key, "name": name, "type": kind, "mentions": [{"start": 0, "end": 1, "text": name}] * n}

    index = canonicalise([
        ("a1", [ent(fold("Dmitry Peskov"), "Dmitry Peskov"), ent("kremlin", "Kremlin", "organisation")]),
        ("a2", [ent(fold("Dmitri Peskov"), "Dmitri Peskov"), ent("kremlin", "Kremlin", "organisation")]),
        ("a3", [ent(fold("Dmitry Peskov"), "Dmitry Peskov")]),
        ("a4", [ent("peskov", "Peskov"), ent("kremlin", "Kremlin", "organisation")]),
        # A city tagged as a person once, and as a place in three articles.
        ("a5", [ent("minsk", "Minsk", "person")]),
        ("a6", [ent("minsk", "Minsk", "place", 3)]),
    ])
    assert index[fold("Dmitri Peskov")] == index[fold("Dmitry Peskov")] == index["peskov"]
    assert index["peskov"].name == "Dmitry Peskov"  # the form most articles use
    assert index["minsk"].type == "place"


def test_corpus_does_not_merge_a_shared_surname_without_context() -> None:
    def ent(name: str) -> dict[str, Any]:
        return {"key": fold(name), "name": name, "type": "person", "mentions": [{"start": 0, "end": 1, "text": name}]}

    index = canonicalise([
        ("a1", [ent("Hillary Clinton")]),
        ("a2", [ent("Bill Clinton")]),
        ("a3", [ent("Clinton")]),
        ("a4", [ent("Hillary Clinton"), ent("Tim Kaine")]),
        ("a5", [ent("Clinton"), ent("Tim Kaine")]),
    ])
    assert index[fold("Hillary Clinton")] != index[fold("Bill Clinton")]
    # a5 shares Tim Kaine with Hillary Clinton's articles; a3 has no context but the same key.
    assert index["clinton"] == index[fold("Hillary Clinton")]


def test_corpus_leaves_an_ambiguous_surname_alone() -> None:
    def ent(name: str) -> dict[str, Any]:
        return {"key": fold(name), "name": name, "type": "person", "mentions": [{"start": 0, "end": 1, "text": name}]}

    index = canonicalise([("a1", [ent("Hillary Clinton")]), ("a2", [ent("Bill Clinton")]), ("a3", [ent("Clinton")])])
    assert index["clinton"] not in (index[fold("Hillary Clinton")], index[fold("Bill Clinton")])


def labels_of(nlp: Any, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    entities = find_entities(text, doc)
    names = {e.key: e.name for e in entities}
    return [(names[lab.entity], lab.kind, lab.text) for lab in find_labels(text, doc, entities)]


def test_appositives_on_either_side(nlp: Any) -> None:
    text = ("Marta Kovac, the outspoken mayor of Split, rejected the plan. "
            "The head of the port authority, Ivo Horvat, said nothing.")
    found = labels_of(nlp, text)
    assert ("Marta Kovac", "appositive", "the outspoken mayor of Split") in found
    assert ("Ivo Horvat", "appositive", "The head of the port authority") in found


def test_titles_before_names(nlp: Any) -> None:
    text = "Finance Minister Olaf Brandt and the union's veteran negotiator Anna Weiss met in Bonn."
    found = labels_of(nlp, text)
    assert ("Olaf Brandt", "title", "Finance Minister") in found
    assert any(name == "Anna Weiss" and kind == "title" and "negotiator" in label for name, kind, label in found)


def test_predicate_nominal(nlp: Any) -> None:
    found = labels_of(nlp, "Oskar Lind is the self-styled king of the northern islands.")
    assert ("Oskar Lind", "predicate", "the self-styled king of the northern islands") in found


def test_role_reference_resolved_only_when_one_person_fits(nlp: Any) -> None:
    text = ("Norvassian President Ilmar Vasko met Dellish Prime Minister Ruth Okafor in Tallinn. "
            "The Norvassian president later left for home.")
    found = labels_of(nlp, text)
    assert ("Ilmar Vasko", "role", "The Norvassian president") in found


def test_role_reference_left_alone_when_ambiguous(nlp: Any) -> None:
    text = ("Norvassian President Ilmar Vasko met Dellish President Ruth Okafor in Tallinn. "
            "The president later left for home.")
    assert not [f for f in labels_of(nlp, text) if f[1] == "role"]


def test_a_list_of_names_is_not_a_label(nlp: Any) -> None:
    text = "Three ministers, Anna Weiss, Olaf Brandt and Ivo Horvat, signed the letter."
    assert not [f for f in labels_of(nlp, text) if f[2].startswith(("Olaf", "Ivo", "Anna"))]


def test_export_view_uses_canonical_names_for_entities_labels_and_speakers(nlp: Any) -> None:
    text = ("Kremlin spokesman Dmitri Peskov said on Monday that talks would go on. "
            "\u201cWe are ready,\u201d Peskov said.")
    annotations = annotate_text(text, "en", nlp(text), "2024-03-05")
    index = {fold("Dmitri Peskov"): ("dmitry-peskov", "Dmitry Peskov", "person")}
    view = canonical_annotations_json(annotations.to_dict(), index)
    (peskov,) = [e for e in view["entities"] if e["id"] == "dmitry-peskov"]
    assert peskov["name"] == "Dmitry Peskov" and len(peskov["mentions"]) == 2
    assert {"entity": "dmitry-peskov", "kind": "title"}.items() <= view["labels"][0].items()
    assert view["quotes"] and all(q["speaker"] == "Dmitry Peskov" for q in view["quotes"])
    assert {d["value"] for d in view["dates"]} == {"2024-03-04"}


def test_hostile_inputs_give_no_garbage(nlp: Any) -> None:
    for text in ["", "\n\n\n", "“" * 5000, ("A " * 20000).strip(), "Путин встретился с Лукашенко в Минске.",
                 "Xi" + ", Xi" * 3000]:
        doc = nlp(text)
        entities = find_entities(text, doc)
        for entity in entities:
            for mention in entity.mentions:
                assert text[mention.start:mention.end] == mention.text
        find_labels(text, doc, entities)


def test_span_repairs(nlp: Any) -> None:
    text = ("The company said Chick-fil-A will open in Boston. Plus Obama said he would visit. "
            "Senator Ted Cruz spoke later, and Cruz’s aides left.")
    entities = by_name(read(nlp, text))
    assert "Chick-fil-A" in entities  # the tokenizer cuts it at the hyphen
    assert "Obama" in entities and "Plus Obama" not in entities
    assert {m.text for m in entities["Ted Cruz"].mentions} == {"Ted Cruz", "Cruz"}


def test_a_full_name_settles_the_type_of_its_bare_surname(nlp: Any) -> None:
    text = "Michael Grimm was charged on Monday. Grimm denied wrongdoing, and Grimm's lawyer spoke."
    (grimm,) = [e for e in read(nlp, text) if "Grimm" in e.name]
    assert grimm.type == "person" and len(grimm.mentions) >= 2


def test_corpus_joins_nicknames_and_acronyms_but_not_generations() -> None:
    def ent(name: str, kind: str = "person") -> dict[str, Any]:
        return {"key": fold(name), "name": name, "type": kind, "mentions": [{"start": 0, "end": 1, "text": name}]}

    index = canonicalise([
        ("a1", [ent("Bob Bauer"), ent("Internal Revenue Service", "organisation")]),
        ("a2", [ent("Robert F. Bauer"), ent("IRS", "organisation")]),
        ("a3", [ent("Jesse Jackson")]),
        ("a4", [ent("Jesse Jackson Jr.")]),
    ])
    assert index[fold("Bob Bauer")] == index[fold("Robert F. Bauer")]
    assert index["irs"] == index[fold("Internal Revenue Service")]
    assert index[fold("Jesse Jackson")] != index[fold("Jesse Jackson Jr.")]
