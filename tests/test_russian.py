"""Russian people, organisations and places: natasha's spans, the span rules, normal forms, and the
annotator's entities built from them. Every sentence here is made up for the test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism.annotate import russian
from newsprism.annotate.annotator import Annotator, annotate_text
from newsprism.annotate.entities import entities_from_spans
from newsprism.annotate.languages import entity_tagger, tagged_languages
from newsprism.annotate.russian import russian_entities
from newsprism.annotate.spans import EntitySpan
from newsprism.errors import MissingDependencyError

MEETING = ("В четверг министр финансов Аркадий Веснин встретился с главой компании «Северный ветер» Ольгой "
           "Лапиной в Новосибирске. Веснина спросили о кредите, и он сказал, что Лапину поддерживает "
           "Министерство иностранных дел.")


def found(text: str, **options: bool) -> list[tuple[str, str, str]]:
    return [(text[s.start:s.end], s.type, s.normal) for s in russian_entities(text, **options)]


def test_names_are_put_in_the_nominative():
    text = ("Представители Министерства иностранных дел и Государственной думы встретились в Нижнем Новгороде "
            "с Анной Ивановой и Борисом Николаевичем Ельциным.")
    assert found(text) == [
        ("Министерства иностранных дел", "ORG", "Министерство иностранных дел"),
        ("Государственной думы", "ORG", "Государственная дума"),
        ("Нижнем Новгороде", "LOC", "Нижний Новгород"),
        ("Анной Ивановой", "PER", "Анна Иванова"),
        ("Борисом Николаевичем Ельциным", "PER", "Борис Николаевич Ельцин"),
    ]


def test_a_bare_surname_is_the_surname_of_the_full_name_whatever_case_was_read():
    spans = found(MEETING)
    assert ("Веснина", "PER", "Веснин") in spans
    assert ("Лапину", "PER", "Лапина") in spans
    assert ("Ольгой Лапиной", "PER", "Ольга Лапина") in spans


def test_a_leading_word_in_another_case_is_cut_off_the_persons_name():
    # Made-up countries the tagger does not know run into the name after them; the case tells them apart.
    text = "Президент Вельдании Ортан Кессо подписал договор."
    assert ("Вельдании Ортан Кессо", "PER", "Вельдании Ортан Кессо") in found(text, rules=False)
    assert found(text)[:2] == [("Вельдании", "LOC", "Вельдания"), ("Ортан Кессо", "PER", "Ортан Кессо")]
    # A name whose words share one case stays whole, three words or two.
    assert ("Борисом Николаевичем Ельциным", "PER", "Борис Николаевич Ельцин") in found(
        "Встреча с Борисом Николаевичем Ельциным прошла в Кремле.")


def test_a_kind_word_joins_the_span_but_not_the_name():
    text = "Сотрудники компании Microsoft приехали в Казань, а члены партии «Зелёный берег» остались на реке Славянке."
    spans = found(text)
    assert ("компании Microsoft", "ORG", "Microsoft") in spans
    assert ("партии «Зелёный берег»", "ORG", "Зелёный берег") in spans
    assert ("реке Славянке", "LOC", "Славянка") in spans


def test_an_organisation_named_by_a_place_keeps_the_place():
    text = "Правительство Заречья не получало письма от мэрии Нижнего Новгорода."
    spans = found(text)
    assert ("Правительство Заречья", "ORG", "Правительство Заречья") in spans
    assert ("мэрии Нижнего Новгорода", "ORG", "мэрия Нижнего Новгорода") in spans
    assert ("Нижнего Новгорода", "LOC", "Нижний Новгород") in spans


def test_spans_are_cut_at_commas_brackets_and_lines():
    text = "На встрече были Павел Громов, Инна Белова (Inna Belova) и банк «Кедр»."
    names = [name for name, kind, _ in found(text) if kind == "PER"]
    assert names == ["Павел Громов", "Инна Белова", "Inna Belova"]
    raw = [name for name, kind, _ in found(text, rules=False) if kind == "PER"]
    assert raw != names  # natasha alone runs across the comma or the bracket


def test_offsets_are_exact_and_spans_never_cross_a_line():
    text = "Заголовок\n\n" + MEETING + "\n" + "Итоги встречи подвёл Игорь Соколов. " * 300
    spans = russian_entities(text)
    assert spans and all("\n" not in text[s.start:s.end] for s in spans)
    assert all(text[s.start:s.end].strip() == text[s.start:s.end] for s in spans)
    # The long last line is read in pieces: the name is found in every one of them.
    assert sum(text[s.start:s.end] == "Игорь Соколов" for s in spans) == 300


def test_text_without_words_gives_nothing():
    assert russian_entities("") == []
    assert russian_entities("2024 — 15 %, 3,5 млн.\n\n* * *") == []


def test_the_annotator_groups_mentions_by_their_normal_form():
    annotations = annotate_text(MEETING, "ru", None)
    by_name = {e.name: e for e in annotations.entities}
    assert {m.text for m in by_name["Аркадий Веснин"].mentions} == {"Аркадий Веснин", "Веснина"}
    assert {m.text for m in by_name["Ольга Лапина"].mentions} == {"Ольгой Лапиной", "Лапину"}
    assert by_name["Новосибирск"].type == "place"
    assert by_name["Министерство иностранных дел"].type == "organisation"
    # Keys are in Latin letters, as English ones are, so the corpus pass can join them across languages.
    assert by_name["Аркадий Веснин"].key.isascii()
    for entity in annotations.entities:
        assert all(MEETING[m.start:m.end] == m.text for m in entity.mentions)
    assert "found by its tagger" in annotations.notes[0]


def test_the_same_organisation_with_and_without_its_kind_word_is_one_entity():
    text = "Сотрудники компании Microsoft приехали в Казань. Совет директоров Microsoft одобрил сделку."
    entities = annotate_text(text, "ru", None).entities
    microsoft = [e for e in entities if e.name == "Microsoft"]
    assert len(microsoft) == 1 and len(microsoft[0].mentions) == 2


def test_spans_from_any_tagger_are_grouped_like_english_names():
    text = "Иван Орлов приехал. Орлова встретили."
    spans = [EntitySpan(0, 10, "PER", "Иван Орлов"), EntitySpan(20, 26, "PER", "Орлов"),
             EntitySpan(0, 4, "PER", "1.")]
    entities = entities_from_spans(text, spans)
    assert [(e.name, e.type, [m.text for m in e.mentions]) for e in entities] == [
        ("Иван Орлов", "person", ["Иван Орлов", "Орлова"])]


def test_annotator_batches_read_russian_with_english():
    items = [(MEETING, "ru", None), ("The new bridge in Tarragona opened on Monday.", "en", None),
             ("Кметът откри новия мост.", "bg", None)]
    russian_text, english, bulgarian = list(Annotator(batch_size=2).annotate(items))
    assert any(e.name == "Аркадий Веснин" for e in russian_text.entities)
    assert any(e.name == "Tarragona" for e in english.entities)
    assert not bulgarian.entities and "no model" in bulgarian.notes[0]


def test_a_run_without_english_loads_no_english_model():
    annotator = Annotator(batch_size=2)
    assert [a.entities[0].name for a in annotator.annotate([(MEETING, "ru", None)])] == ["Аркадий Веснин"]
    assert annotator.nlp is None


def test_the_registry_names_russian_and_ukrainian():
    from newsprism.annotate.ukrainian import ukrainian_entities

    assert entity_tagger("ru") is russian_entities and entity_tagger("uk") is ukrainian_entities
    assert entity_tagger("it") is None and entity_tagger(None) is None and entity_tagger("en") is None
    assert tagged_languages() == ["ru", "uk"]


def test_ukrainian_articles_get_entities_by_their_normal_forms():
    text = ("Міністр транспорту Оскар Бреннер у вівторок прибув до Львова. Мерка міста Марта Лінд "
            "показала йому новий міст.")
    annotations = annotate_text(text, "uk", None)
    by_name = {e.name: e for e in annotations.entities}
    assert [m.text for m in by_name["Львів"].mentions] == ["Львова"] and by_name["Львів"].type == "place"
    assert by_name["Оскар Бреннер"].type == "person"
    assert "found by its tagger" in annotations.notes[0]


def test_missing_natasha_names_the_install_command(monkeypatch):
    russian.models.cache_clear()
    russian.word_resources.cache_clear()
    monkeypatch.setitem(sys.modules, "natasha", None)
    try:
        with pytest.raises(MissingDependencyError, match="pip install 'natasha"):
            russian_entities(MEETING)
        # The run stops with it: it is no fault of one article.
        with pytest.raises(MissingDependencyError):
            list(Annotator().annotate([(MEETING, "ru", None)]))
    finally:
        monkeypatch.undo()
        russian.models.cache_clear()
        russian.word_resources.cache_clear()


def test_the_command_line_starts_without_the_russian_models():
    probe = ("import sys, newsprism.cli; "
             "print(sorted(m for m in ('natasha', 'pymorphy3', 'pymorphy2', 'slovnet', 'navec', "
             "'newsprism.annotate.russian') if m in sys.modules))")
    source = Path(russian.__file__).resolve().parents[2]
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(source)})
    assert found.stdout.strip() == "[]", found.stdout
