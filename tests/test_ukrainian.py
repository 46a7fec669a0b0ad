"""The Ukrainian entity tagger: tokens, tagging of sentences written for these tests (fictional people and
firms, real places), normal forms of inflected names, the packaged weights, edge-case input, and the
training command on a small corpus written here."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from newsprism.annotate.spans import EntitySpan
from newsprism.annotate.ukrainian import (
    LABELS,
    TaggerModel,
    TaggerWeights,
    allowed_transitions,
    balanced,
    packaged_model,
    place_before_name,
    segments,
    spans_of,
    tokenise,
    ukrainian_entities,
    viterbi,
)
from newsprism.annotate.ukrainian_forms import decline, normal_form, person_gender, place_name, rule_form
from newsprism.annotate.ukrainian_lexicon import CLUSTER_SIZES, Lexicon, russian_spellings
from newsprism.cli import main


def found(text: str) -> set[tuple[str, str]]:
    return {(text[s.start:s.end], s.type) for s in ukrainian_entities(text)}


# -- tokens ----------------------------------------------------------------------------------------------
def test_the_tokeniser_splits_punctuation_off_raw_text_and_keeps_inner_apostrophes_and_hyphens():
    raw = "Мар'яна Коваль-Сидоренко (ТОВ «Зоряна гавань») сказала: «Так»."
    assert [t.text for t in tokenise(raw)] == [
        "Мар'яна", "Коваль-Сидоренко", "(", "ТОВ", "«", "Зоряна", "гавань", "»", ")", "сказала", ":", "«", "Так",
        "»", "."]
    for token in tokenise(raw):
        assert raw[token.start:token.end] == token.text


def test_raw_and_tokenised_text_give_the_same_names():
    raw = "Голова правління ТОВ «Світанок-Агро» Богдан Левчук заявив, що компанія відкриє склад у Вінниці."
    spaced = ("Голова правління ТОВ « Світанок-Агро » Богдан Левчук заявив , що компанія відкриє склад у "
              "Вінниці .")
    assert {(n, k) for n, k in found(raw)} == {(n.replace("« ", "«").replace(" »", "»"), k)
                                               for n, k in found(spaced)}


def test_long_lines_are_cut_at_sentence_ends_and_nothing_is_lost():
    text = "Ірина Шевчук приїхала до Полтави. " * 500
    tokens = tokenise(text)
    pieces = list(segments(text, tokens))
    assert len(pieces) > 1 and all(len(p) <= 4 * 400 for p in pieces)
    assert [i for p in pieces for i in p] == list(range(len(tokens)))


# -- tagging ---------------------------------------------------------------------------------------------
SENTENCES = [
    ("Міністр аграрної політики Олександр Коваленко прибув до Львова.",
     {("Олександр Коваленко", "PER"), ("Львова", "LOC")}),
    ("Директорка ТОВ «Зелена Долина» Оксана Гринчук розповіла про врожай на Полтавщині.",
     {("Оксана Гринчук", "PER"), ("ТОВ «Зелена Долина»", "ORG")}),
    ("Верховна Рада України ухвалила закон, який підтримав Кабінет Міністрів.",
     {("Верховна Рада України", "ORG"), ("Кабінет Міністрів", "ORG")}),
    ("Мер Харкова Тарас Мельничук зустрівся з делегацією з Польщі.",
     {("Харкова", "LOC"), ("Тарас Мельничук", "PER"), ("Польщі", "LOC")}),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[s[0][:30] for s in SENTENCES])
def test_names_in_sentences_written_for_the_test(text, expected):
    assert expected <= found(text), found(text)


def test_spans_point_into_the_text_in_order_without_overlap():
    text = " ".join(s for s, _ in SENTENCES)
    spans = ukrainian_entities(text)
    assert spans and all(isinstance(s, EntitySpan) for s in spans)
    assert all(text[s.start:s.end].strip() == text[s.start:s.end] != "" for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_normal_forms_come_with_the_tagged_names():
    text = "Учора у Львові Олександр Коваленко зустрівся з послом. Представники Міністерства охорони здоров'я " \
           "також були там."
    normal = {text[s.start:s.end]: s.normal for s in ukrainian_entities(text)}
    assert normal.get("Львові") == "Львів"
    assert normal.get("Олександр Коваленко") == "Олександр Коваленко"
    if "Міністерства охорони здоров'я" in normal:
        assert normal["Міністерства охорони здоров'я"] == "Міністерство охорони здоров'я"


def test_empty_blank_and_punctuation_only_input():
    assert ukrainian_entities("") == []
    assert ukrainian_entities(" \n\t ") == []
    assert ukrainian_entities("… — «» ,.;") == []


def test_huge_input_is_tagged_whole():
    sentence = "Наталія Бондар очолила фонд «Світле майбутнє» у Житомирі. "
    text = sentence * 3000 + "\n" + "а" * 100_000 + "\n" + "Київ, " * 5000
    spans = ukrainian_entities(text)
    assert len(spans) >= 3000
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


# -- the model: decoding and the packaged weights ----------------------------------------------------------
def test_the_packaged_weights_load_from_the_package():
    model = packaged_model()
    for weights in (model.first, model.second):
        assert weights.emission.shape == (1 << weights.bits, len(LABELS))
        assert weights.transition.shape == (len(LABELS) + 1, len(LABELS))
        assert np.isfinite(weights.emission).all() and np.abs(weights.emission).sum() > 0
        assert not weights.emission[0].any()  # the padding row


def test_the_weights_file_holds_numbers_and_the_label_names_only():
    from importlib import resources

    data = resources.files("newsprism.annotate").joinpath("ukrainian_ner.npz").read_bytes()
    with np.load(io.BytesIO(data), allow_pickle=False) as stored:
        clusters = {f"centroids_{i}" for i in range(len(CLUSTER_SIZES))}
        assert set(stored) == {"labels", "first_emission", "first_transition", "second_emission", "second_transition",
                               *clusters}
        assert [stored[k].shape for k in sorted(clusters)] == [(n, 300) for n in CLUSTER_SIZES]
        assert tuple(stored["labels"]) == LABELS
        assert all(stored[k].dtype == np.float16 for k in stored if k != "labels")
    assert len(data) < 4_000_000


def random_weights(rng: np.random.Generator, bits: int = 6) -> TaggerWeights:
    return TaggerWeights(rng.normal(size=(1 << bits, len(LABELS))).astype(np.float32),
                         rng.normal(size=(len(LABELS) + 1, len(LABELS))).astype(np.float32))


def test_weights_survive_a_round_trip_and_refuse_other_labels(tmp_path):
    rng = np.random.default_rng(0)
    model = TaggerModel(random_weights(rng), random_weights(rng))
    again = TaggerModel.from_bytes(model.to_bytes())
    assert again.second.bits == 6 and np.allclose(again.second.emission, model.second.emission, atol=1e-2)
    buffer = tmp_path / "w.npz"
    np.savez(buffer, first_emission=model.first.emission, labels=np.array(["O", "X"]))
    with pytest.raises(ValueError, match="retrain"):
        TaggerModel.from_bytes(buffer.read_bytes())


def test_viterbi_never_takes_a_move_bilou_forbids():
    rng = np.random.default_rng(1)
    allowed = allowed_transitions()
    for _ in range(50):
        labels = viterbi(rng.normal(size=(12, len(LABELS))).astype(np.float32),
                         rng.normal(size=(len(LABELS) + 1, len(LABELS))).astype(np.float32))
        assert allowed[len(LABELS), labels[0]]
        assert all(allowed[a, b] for a, b in zip(labels, labels[1:]))
        assert LABELS[labels[-1]][0] in "OLU"
        for start, stop, kind in spans_of(labels):
            assert {LABELS[i][2:] for i in labels[start:stop]} == {kind}


def test_quote_marks_are_paired_in_a_span():
    tokens = tokenise("фірмою « Світанок » і ТОВ « Левада » .")
    words = [t.text for t in tokens]
    assert balanced(tokens, words.index("Світанок"), words.index("Світанок") + 2) == (2, 3)  # closing dropped
    assert balanced(tokens, 5, 8) == (5, 9)  # "ТОВ « Левада" gets its closing mark


# -- normal forms ------------------------------------------------------------------------------------------
NORMAL_FORMS = [
    # public names
    ("Пєскова", "PER", "Пєсков"), ("Зеленського", "PER", "Зеленський"), ("Петра Порошенка", "PER", "Петро Порошенко"),
    ("Юлії Тимошенко", "PER", "Юлія Тимошенко"), ("Тараса Шевченка", "PER", "Тарас Шевченко"),
    ("Дениса Шмигаля", "PER", "Денис Шмигаль"),
    # fictional names
    ("Олені Петрівській", "PER", "Олена Петрівська"), ("Ігоря Гнатюка", "PER", "Ігор Гнатюк"),
    ("Сергія Бойчука", "PER", "Сергій Бойчук"), ("Ганною Соловйовою", "PER", "Ганна Соловйова"),
    ("Миколи Остапчука", "PER", "Микола Остапчук"), ("Андрієм Вишневецьким", "PER", "Андрій Вишневецький"),
    ("Богданові Лисенку", "PER", "Богдан Лисенко"), ("Степана Іваненка", "PER", "Степан Іваненко"),
    ("Ірини Олегівни Савчук", "PER", "Ірина Олегівна Савчук"), ("Павла Сергійовича Гуменюка", "PER",
                                                                 "Павло Сергійович Гуменюк"),
    ("Дмитра Карпова", "PER", "Дмитро Карпов"), ("Романом Бєляєвим", "PER", "Роман Бєляєв"),
    ("Максима Ільїна", "PER", "Максим Ільїн"), ("Наталії Карпової", "PER", "Наталія Карпова"),
    # places
    ("Києві", "LOC", "Київ"), ("Львова", "LOC", "Львів"), ("Харкові", "LOC", "Харків"), ("Одесі", "LOC", "Одеса"),
    ("Тернополя", "LOC", "Тернопіль"), ("Запоріжжі", "LOC", "Запоріжжя"), ("Чернівцях", "LOC", "Чернівці"),
    ("Кривого Рогу", "LOC", "Кривий Ріг"), ("Білій Церкві", "LOC", "Біла Церква"), ("Польщі", "LOC", "Польща"),
    ("Америці", "LOC", "Америка"), ("Київської області", "LOC", "Київська область"),
    ("Сумського району", "LOC", "Сумський район"), ("Рівного", "LOC", "Рівне"),
    # organisations: the head and the adjectives before it, the complement as written
    ("Міністерства закордонних справ", "ORG", "Міністерство закордонних справ"),
    ("Верховної Ради", "ORG", "Верховна Рада"), ("Національного банку України", "ORG", "Національний банк України"),
    ("Державній службі статистики", "ORG", "Державна служба статистики"),
    ("Кабінетом Міністрів", "ORG", "Кабінет Міністрів"), ("Управлінню освіти", "ORG", "Управління освіти"),
    ("Київської міської ради", "ORG", "Київська міська рада"), ("ТОВ «Левада»", "ORG", "ТОВ «Левада»"),
]


@pytest.mark.parametrize(("name", "kind", "normal"), NORMAL_FORMS, ids=[n for n, _, _ in NORMAL_FORMS])
def test_normal_forms_by_the_rules(name, kind, normal):
    words = [t.text for t in tokenise(name)]
    assert rule_form(name, words, kind) == normal


def test_a_name_already_nominative_is_kept():
    for name, kind in (("Олександр Коваленко", "PER"), ("Одеса", "LOC"), ("Служба безпеки України", "ORG"),
                       ("Оксана Петрівська", "PER"), ("Марія Шевчук", "PER")):
        assert rule_form(name, name.split(), kind) == name


def test_gender_comes_from_the_first_name_or_patronymic():
    assert person_gender(["Олени", "Карпової"]) == "female"
    assert person_gender(["Карпова", "Івана"]) == "male"
    assert person_gender(["Петрівні"]) == "female"
    assert person_gender(["Карпова"]) is None


def test_declension_tables_cover_the_cases():
    assert {"києва", "києву", "києві", "києвом"} <= set(decline("Київ"))
    assert {"олени", "олені", "олену", "оленою"} <= set(decline("Олена"))
    assert {"сергія", "сергію", "сергієм"} <= set(decline("Сергій"))


class _FakeParse:
    def __init__(self, word: str, nominative: str) -> None:
        self.word, self._nominative = word, nominative
        self.tag = type("Tag", (), {"grammemes": frozenset({"Surn", "masc"})})()

    def inflect(self, grammemes: set[str]) -> _FakeParse:
        return _FakeParse(self._nominative, self._nominative)


class _FakeDictionary:
    def parse(self, word: str) -> list[_FakeParse]:
        return [_FakeParse(word, word.lower().removesuffix("а"))] if word.endswith("а") else []


def test_the_optional_dictionary_is_used_for_people_when_given():
    assert normal_form("Гринчука", ["Гринчука"], "PER", analyser=_FakeDictionary()) == "Гринчук"
    assert normal_form("Остап", ["Остап"], "PER", analyser=_FakeDictionary()) == "Остап"
    # a word the dictionary has no name reading for goes by the rules
    assert normal_form("Олени Гринчук", ["Олени", "Гринчук"], "PER", analyser=_FakeDictionary()) == "Олена Гринчук"


# -- the training command -------------------------------------------------------------------------------
FIRMS = ["Зоряна гавань", "Степовий вітер", "Синя ріка", "Тиха пристань", "Золотий колос", "Ясна зоря"]
PEOPLE = ["Оксана Гринчук", "Богдан Левчук", "Ірина Шевчук", "Тарас Мельничук", "Павло Гуменюк", "Ганна Бойко"]
CITIES = ["Львові", "Києві", "Полтаві", "Вінниці", "Одесі", "Житомирі"]


def write_corpus(folder: Path, documents: int = 6) -> None:
    """A small Brat corpus of sentences written for the test, spans computed from the text."""
    for n in range(documents):
        lines, spans = [], []
        for k in range(8):
            person, firm, city = PEOPLE[(n + k) % 6], FIRMS[(n * 2 + k) % 6], CITIES[(n + 2 * k) % 6]
            line = f"{person} очолює ТОВ « {firm} » у {city} ."
            offset = sum(len(x) + 1 for x in lines)
            for part, kind in ((person, "PERS"), (f"ТОВ « {firm} »", "ORG"), (city, "LOC")):
                start = offset + line.index(part)
                spans.append(f"T{len(spans) + 1}\t{kind} {start} {start + len(part)}\t{part}")
            lines.append(line)
        (folder / f"doc{n}.txt").write_text("\n".join(lines), "utf-8")
        (folder / f"doc{n}.ann").write_text("\n".join(spans) + "\n", "utf-8")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_training_command_cross_validates_and_writes_weights_that_load(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus)
    out = tmp_path / "weights.npz"
    result = invoke("eval", "ner-train", "--data", str(corpus), "--folds", "2", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == 6 and report["cross_validation"]["folds"] == 2
    for kind in ("PER", "ORG", "LOC"):
        assert report["cross_validation"][kind]["gold"] == 48
        assert report["trained"]["training_set_scores"][kind]["f1"] > 0.9
    model = TaggerModel.from_bytes(out.read_bytes())
    text = "Ірина Шевчук очолює ТОВ «Синя ріка» у Полтаві."
    assert {(text[s.start:s.end], s.type) for s in ukrainian_entities(text, model)} >= {("Ірина Шевчук", "PER")}
    table = invoke("eval", "ner-train", "--data", str(corpus), "--folds", "2")
    assert table.exit_code == 0 and "CV (2 folds)" in table.stdout


def test_the_training_command_explains_bad_data_in_one_line(tmp_path):
    missing = invoke("eval", "ner-train", "--data", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    empty = invoke("eval", "ner-train", "--data", str(tmp_path))
    assert empty.exit_code == 2 and "no annotated texts" in empty.stderr
    assert "Traceback" not in empty.stderr and len(empty.stderr.strip().splitlines()) == 1
    (tmp_path / "a.txt").write_text("Текст без імен .", "utf-8")
    (tmp_path / "a.ann").write_text("T1\tDATE 0 5\tТекст\n", "utf-8")
    unlabelled = invoke("eval", "ner-train", "--data", str(tmp_path))
    assert unlabelled.exit_code == 2 and "no PER, ORG or LOC spans" in unlabelled.stderr
    assert len(unlabelled.stderr.strip().splitlines()) == 1
    text = invoke("eval", "ner-train", "--help").stdout
    assert "Example" in text and "newsprism eval ner-train" in text


def test_training_scores_what_the_product_returns():
    from newsprism.evaluate.ner_corpora import NerDocument
    from newsprism.evaluate.ner_training import encode, predict

    text = "\n".join(s for s, _ in SENTENCES) + "\nВиступ « Нового руху » у м. Черкаси .\n" + SENTENCES[0][0] * 3
    model = packaged_model()
    scored = [(s.start, s.end, s.type) for s in predict(model, encode(NerDocument("t", text, ())))]
    assert scored == [(s.start, s.end, s.type) for s in ukrainian_entities(text, model)] != []


# -- the Russian lexicon's features ------------------------------------------------------------------------
def test_russian_spellings_map_letters_and_case_endings():
    assert russian_spellings("Україна") == ["Украина"]
    assert "Киеве" in russian_spellings("Києві")  # locative -і -> -е
    assert "Франции" in russian_spellings("Франції")
    assert "Волгой" in russian_spellings("Волгою")  # instrumental
    assert russian_spellings("п'ять") == ["пять"]


def test_the_lexicon_marks_places_and_names_and_clusters_words_of_a_kind_together():
    lexicon = packaged_model().lexicon
    assert lexicon is not None and [len(c) for c in lexicon.centroids] == list(CLUSTER_SIZES)
    assert "rum=Geox" in lexicon.features("Франції")
    assert "rum=Name" in lexicon.features("Олексія") and "rum=Geox" not in lexicon.features("Олексія")
    assert lexicon.features("Президент")[0] == "ru=known"  # a common word, spelt alike
    assert lexicon.features("Ґзвхщ")[-1] == "nv=none" and lexicon.features("2025") == ()

    def clusters(word: str) -> list[str]:
        return [f for f in lexicon.features(word) if f.startswith("nv")]

    # the coarsest clusters put two capitals together and apart from a first name
    coarse = f"nv{CLUSTER_SIZES[0]}="
    london, berlin, andriy = ([f for f in clusters(w) if f.startswith(coarse)] for w in ("Лондона", "Берліна", "Андрія"))
    assert london == berlin != andriy and len(london) == 1


def test_a_model_keeps_its_clusters_through_the_weights_file():
    rng = np.random.default_rng(1)
    centroids = [rng.normal(size=(n, 300)).astype(np.float32) for n in (4, 8)]
    model = TaggerModel(random_weights(rng), random_weights(rng), Lexicon(centroids))
    again = TaggerModel.from_bytes(model.to_bytes())
    assert again.lexicon is not None
    assert [c.shape for c in again.lexicon.centroids] == [(4, 300), (8, 300)]
    assert np.allclose(again.lexicon.centroids[1], centroids[1], atol=1e-2)
    assert TaggerModel.from_bytes(TaggerModel(model.first, model.second).to_bytes()).lexicon is None


# -- a place run into a person's name ---------------------------------------------------------------------
@pytest.mark.parametrize("words, expected", [
    (["Вельдії", "Ганна", "Рість"], 0),  # "посол Вельдії Ганна Рість": the name is in the nominative
    (["Вельдії", "Остап", "Кермич"], 0),
    (["Туреччини", "Реджеп", "Ердоган"], 0),
    (["Прем'єр-міністерка", "Вельдії", "Ганна", "Рість"], 1),  # a title opening the sentence, taken in
    (["Марії", "Іванівни", "Коваленко"], None),  # a genitive name throughout
    (["Вельдії", "Ганни", "Рість"], None),  # the next word shares the oblique case: one name
    (["Наталії", "Ганна", "Рість"], None),  # a known first name is not taken for a place
    (["Вельдії", "Рість"], None),  # two words: too little to tell
    (["Остап", "Вельдії", "Ганна", "Рість"], None),  # no role word before the place
])
def test_a_place_in_the_genitive_is_cut_off_the_front_of_a_name(words, expected):
    assert place_before_name(words) == expected


def test_the_cut_place_and_the_name_come_out_apart_with_their_normal_forms():
    for text, person in (("Посол Вельдії Остап Кермич вручив вірчі грамоти президентові.", "Остап Кермич"),
                         ("Прем'єр-міністерка Вельдії Ганна Рість вручила нагороди.", "Ганна Рість")):
        found = [(text[s.start:s.end], s.type, s.normal) for s in ukrainian_entities(text)]
        assert (person, "PER", person) in found, found
        assert not any(kind == "PER" and "Вельдії" in name for name, kind, _ in found), found
    assert place_name(["Вельдії"]) == ["Вельдія"] and place_name(["Вельдією"]) == ["Вельдія"]
