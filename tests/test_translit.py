"""Names across scripts and romanisations: Cyrillic transliterated into entity keys, other languages'
Latin spellings read the English way. Names are public figures' and invented ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_path
from newsprism.annotate.entities import fold, same_word, surname
from newsprism.text.translit import has_cyrillic, romanisation_variants, transliterate


def readings(name: str) -> set[str]:
    """Every key a spelling can meet: its own and those of its English readings."""
    return {fold(name)} | {fold(reading) for reading in romanisation_variants(name)}


# Spellings that share a key: Russian and Ukrainian Cyrillic, and the English, German, Polish and
# Italian romanisations that need no more than the folds every key gets (y/i, w/v, kh/h, doubled letters).
ONE_KEY = [
    ("Песков", "Пєсков", "Peskov", "Peskow"),
    ("Путин", "Путін", "Putin"),
    ("Лукашенко", "Lukashenko"),
    ("Зеленский", "Зеленський", "Zelensky", "Zelenskyy", "Zelenskiy"),
    ("Шойгу", "Shoigu", "Schoigu"),
    ("Лавров", "Lavrov", "Lawrow"),
    ("Дмитрий", "Dmitry", "Dmitri", "Dmitriy"),
    ("Сергей", "Sergei", "Sergey"),
    ("Медведев", "Medvedev", "Medwedew"),
    ("Хрущёв", "Khrushchev"),
    ("Горбачёв", "Gorbachev"),
    ("Фёдор", "Fyodor"),
    ("Пётр", "Pyotr", "Piotr"),
    ("Евгений", "Yevgeny", "Yevgeniy"),
    ("Юрий", "Юрій", "Yuri", "Yury"),
    ("Вячеслав", "В'ячеслав", "В’ячеслав", "Vyacheslav", "Viacheslav"),
    ("Київ", "Kyiv"),
    ("Харків", "Kharkiv"),
    ("Запоріжжя", "Zaporizhzhia"),
    ("Луганськ", "Luhansk"),
    ("Андреев", "Andreyev"),
    ("Ковалёв", "Kovalyov"),
    ("Корольов", "Korolyov"),
    ("Дарья", "Darya", "Daria"),
    ("Ельцин", "Yeltsin"),
    ("Григорій", "Hryhoriy"),
    ("Вучић", "Vučić", "Vucic"),
    # Invented people.
    ("Мирослава Ткачук", "Myroslava Tkachuk"),
    ("Тарас Кравців", "Taras Kravtsiv"),
    ("Аглая Прохорова", "Aglaya Prokhorova"),
]


@pytest.mark.parametrize("spellings", ONE_KEY, ids=lambda s: s[-1])
def test_spellings_of_one_name_share_a_key(spellings: tuple[str, ...]) -> None:
    keys = {fold(s) for s in spellings}
    assert len(keys) == 1, keys
    assert not has_cyrillic(keys.pop())


# Spellings under other languages' conventions that the English key cannot hold without changing the
# keys of other names written in Latin letters (Vučić is no "Vuchich"): they meet the English key
# through their English reading, which the corpus pass compares.
ENGLISH_READING = [
    ("Lukashenko", "Lukašenko"),
    ("Shoigu", "Šojgu", "Scioigu", "Szojgu"),
    ("Zelensky", "Zelenskij", "Selenskyj"),
    ("Sergei", "Sergej", "Siergiej"),
    ("Yuri", "Jurij"),
    ("Yevgeny", "Jewgenij"),
    ("Yakovlev", "Jakowlew"),
    ("Lavrov", "Ławrow"),
    ("Peskov", "Pieskow"),
    ("Medvedev", "Miedwiediew"),
    ("Vyacheslav", "Wjatscheslaw"),
    ("Kovalyov", "Kowaljow"),
    ("Khodorkovsky", "Chodorkowski"),
    ("Zakharova", "Sacharowa"),
    ("Zhukov", "Žukov", "Żukow"),
    ("Aglaya Prokhorova", "Aglaja Prochorowa"),  # invented
    ("Honcharenko", "Гончаренко"),  # г is h in Ukrainian, and the word has no letter saying which
    ("Luhansk", "Луганск"),
]


@pytest.mark.parametrize("spellings", ENGLISH_READING, ids=lambda s: s[0])
def test_other_romanisations_reach_the_english_key(spellings: tuple[str, ...]) -> None:
    english, *others = spellings
    for other in others:
        assert fold(english) in readings(other), (other, readings(other))


@pytest.mark.parametrize(
    "name",
    ["Hillary Clinton", "Benjamin Netanyahu", "Jesse Jackson Jr.", "Exchange Commission", "Iowa", "Marcy Kaptur",
     "O'Brien", "Sciences Po", "Dawn Beecham", "Rajesh Patel"],
)
def test_english_names_have_no_other_reading(name: str) -> None:
    assert romanisation_variants(name) == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [("Путин", "Patten"), ("Мария", "Марио"), ("Иван", "Илья"), ("Саша", "Маша"), ("Дмитрий", "Дмитро"),
     ("Олександр", "Олександра"), ("Гончаренко", "Goncharova")],
)
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert not same_word(fold(a), fold(b))


def test_transliteration_reads_as_a_romanisation() -> None:
    assert transliterate("Дмитрий Песков") == "Dmitriy Peskov"
    assert transliterate("Олексій Зеленський") == "Oleksiy Zelenskyy"
    assert transliterate("ЩЕРБАКОВ") == "SHCHERBAKOV"
    assert transliterate("Мар'яна") == "Maryana"
    assert transliterate("Горбачёв и Фёдор") == "Gorbachev i Fyodor"  # ё after a hushing consonant is e
    assert transliterate("Евгений Ельцин") == "Yevgeniy Yeltsin"
    assert transliterate("Ґонґадзе, Київ") == "Gongadze, Kyiv"
    assert transliterate("Вучић") == "Vučić"
    # A decomposed й (и and a breve) reads as the composed letter.
    assert transliterate("Шои\u0306гу") == "Shoygu"


def test_ukrainian_г_only_where_the_word_shows_ukrainian() -> None:
    assert fold("Григорий") == fold("Grigory")  # Russian: no Ukrainian letter
    assert fold("Григорій") == fold("Hryhoriy")  # і says Ukrainian
    assert fold("Луганськ") != fold("Луганск")  # the Russian form keys with g ...
    assert fold("Луганськ") in readings("Луганск")  # ... and reads h too


def test_surnames_join_full_names_whatever_the_script() -> None:
    for full in ("Dmitry Peskov", "Дмитрий Песков", "Дмитро Пєсков", "Dmitri Peskow"):
        for bare in ("Peskov", "Песков", "Пєсков"):
            assert surname(fold(full)) == fold(bare)
    assert same_word(fold("Лукашенко"), surname(fold("Alexander Lukashenko")))


CYRILLIC = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюяАБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯђјљњћџў"
NAME_TEXT = st.text(alphabet=st.sampled_from(list(CYRILLIC + "'’ʼ- \u0306\u0308khxeyscz")), min_size=1)


@settings(max_examples=400, deadline=None)
@given(st.text().filter(lambda t: not has_cyrillic(t)))
def test_text_without_cyrillic_is_left_as_it_is(text: str) -> None:
    assert transliterate(text) == text
    assert transliterate(text, ukrainian=True) == text


@settings(max_examples=400, deadline=None)
@given(st.one_of(NAME_TEXT, st.tuples(NAME_TEXT, st.text()).map("".join)).filter(has_cyrillic))
def test_a_key_with_cyrillic_folds_to_itself_in_latin_letters(text: str) -> None:
    # Only for names with Cyrillic: Latin names keep their one-pass fold (see fold's docstring).
    key = fold(text)
    assert fold(key) == key
    assert not has_cyrillic(key)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_transliteration_is_stable(text: str) -> None:
    once = transliterate(text)
    assert transliterate(once) == once


@pytest.mark.shared
def test_russian_and_ukrainian_gold_names_key_in_latin_letters() -> None:
    """Every name the two NER corpora annotate (inflected forms included) gets a Latin key that folds to
    itself."""
    from newsprism.evaluate.ner_corpora import read_ner_corpus

    for parts in (("data", "factrueval"), ("data", "ner-uk")):
        names = {d.text[e.start:e.end] for d in read_ner_corpus(shared_path(*parts)) for e in d.entities}
        assert len(names) > 1000
        keys = {fold(name) for name in names}
        assert not [k for k in keys if has_cyrillic(k)]
        assert all(fold(k) == k for k in keys)


@pytest.mark.shared
def test_basil_names_keep_their_keys_and_read_only_the_english_way() -> None:
    """BASIL's annotated entities and speakers: no transliteration and no other reading, so their keys
    and canonical groups are what they were before Cyrillic names came in."""
    from newsprism.evaluate.basil import load_basil

    articles = load_basil(Path(shared_path("data", "basil")))
    names = {n for a in articles for n in a.main_entities} | {p.speaker for a in articles for p in a.phrases}
    names.discard("")
    assert len(names) > 50
    assert [n for n in names if transliterate(n) != n] == []
    assert [n for n in names if romanisation_variants(n)] == []
