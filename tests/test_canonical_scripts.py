"""Canonical entities across scripts and romanisations, on entity lists built by hand (public figures
and invented names)."""

from __future__ import annotations

import random
from typing import Any

from newsprism.annotate.canonical import CanonicalEntity, canonicalise
from newsprism.annotate.entities import fold


def ent(name: str, kind: str = "person", mentions: int = 1) -> dict[str, Any]:
    return {"key": fold(name), "name": name, "type": kind,
            "mentions": [{"start": 0, "end": len(name), "text": name}] * mentions}


def of(index: dict[str, CanonicalEntity], name: str) -> CanonicalEntity:
    return index[fold(name)]


PESKOV = [
    ("en1", [ent("Dmitry Peskov"), ent("Kremlin", "organisation")]),
    ("en2", [ent("Dmitry Peskov")]),
    ("en3", [ent("Peskov")]),
    ("ru1", [ent("Дмитрий Песков"), ent("Кремль", "organisation")]),
    ("ru2", [ent("Песков")]),
    ("uk1", [ent("Дмитро Пєсков")]),
    ("uk2", [ent("Пєсков")]),
]


def test_one_person_in_three_scripts_is_one_entity_with_every_spelling() -> None:
    index = canonicalise(PESKOV)
    peskov = of(index, "Dmitry Peskov")
    for name in ("Peskov", "Дмитрий Песков", "Песков", "Дмитро Пєсков", "Пєсков"):
        assert of(index, name) == peskov
    assert peskov.name == "Dmitry Peskov"  # the spelling most articles use
    assert set(peskov.spellings) == {"Dmitry Peskov", "Peskov", "Дмитрий Песков", "Песков", "Дмитро Пєсков", "Пєсков"}
    assert peskov.spellings[0] == "Dmitry Peskov"
    # Bare surnames are not listed beside the full names they shorten; equals in code-point order.
    assert peskov.label() == "Dmitry Peskov (also Дмитрий Песков, Дмитро Пєсков)"


def test_translation_is_not_transliteration() -> None:
    # Кремль is the Russian word for the Kremlin, not a spelling of it: no alias table joins them.
    index = canonicalise(PESKOV)
    assert of(index, "Kremlin") != of(index, "Кремль")


def test_the_most_used_spelling_names_the_entity_whatever_its_script() -> None:
    index = canonicalise([(f"ru{i}", [ent("Сергей Лавров")]) for i in range(3)] + [("en", [ent("Sergei Lavrov")])])
    assert of(index, "Sergei Lavrov").name == "Сергей Лавров"
    assert of(index, "Sergei Lavrov").label() == "Сергей Лавров (also Sergei Lavrov)"


def test_between_equals_latin_letters_and_the_english_romanisation_win() -> None:
    index = canonicalise([("ru", [ent("Сергей Лавров")]), ("en", [ent("Sergei Lavrov")])])
    assert of(index, "Сергей Лавров").name == "Sergei Lavrov"
    index = canonicalise([("de", [ent("Wolodymyr Selenskyj")]), ("en", [ent("Volodymyr Zelensky")])])
    assert of(index, "Wolodymyr Selenskyj").name == "Volodymyr Zelensky"


def test_a_bare_surname_in_one_script_joins_the_full_name_in_another() -> None:
    index = canonicalise([("en", [ent("Alexander Lukashenko")]), ("ru", [ent("Лукашенко")]),
                          ("cz", [ent("Lukašenko")]), ("uk", [ent("Шойгу")]), ("it", [ent("Sergei Scioigu")])])
    assert of(index, "Лукашенко") == of(index, "Lukašenko") == of(index, "Alexander Lukashenko")
    assert of(index, "Шойгу") == of(index, "Sergei Scioigu")


def test_romanisations_of_one_full_name_join() -> None:
    index = canonicalise([
        ("en", [ent("Volodymyr Zelensky")]), ("de", [ent("Wolodymyr Selenskyj")]), ("ru", [ent("Владимир Зеленский")]),
        ("uk", [ent("Володимир Зеленський")]), ("pl", [ent("Wołodymyr Zełenski")]), ("it", [ent("Volodymyr Zelenskij")]),
    ])
    assert len({c.id for c in index.values()}) == 1


def test_an_english_final_ow_written_as_oy_in_cyrillic_joins() -> None:
    index = canonicalise([("en", [ent("Selena Marrow")]), ("uk", [ent("Селена Марроу")]), ("ru", [ent("Селена Марроу")]),
                          ("en2", [ent("Harlan Barlow")]), ("ru2", [ent("Харлан Барлоу")]), ("en3", [ent("Selena Marr")])])
    assert of(index, "Селена Марроу") == of(index, "Selena Marrow")
    assert of(index, "Харлан Барлоу") == of(index, "Harlan Barlow")
    assert of(index, "Selena Marr") != of(index, "Selena Marrow")


def test_ukrainian_and_russian_first_names_are_one_name() -> None:
    index = canonicalise([
        ("uk", [ent("Дмитро Кулеба")]), ("ru", [ent("Дмитрий Кулеба")]), ("en", [ent("Dmytro Kuleba")]),
        ("en2", [ent("Dmitry Kuleba")]), ("uk2", [ent("Олена Кулеба")]),
    ])
    assert of(index, "Дмитро Кулеба") == of(index, "Дмитрий Кулеба") == of(index, "Dmytro Kuleba") \
        == of(index, "Dmitry Kuleba")
    assert of(index, "Олена Кулеба") != of(index, "Dmytro Kuleba")


def test_a_shared_surname_stays_apart_across_scripts_without_context() -> None:
    index = canonicalise([("uk", [ent("Віталій Кличко")]), ("en", [ent("Wladimir Klitschko")]),
                          ("ru", [ent("Кличко")])])
    assert of(index, "Віталій Кличко") != of(index, "Wladimir Klitschko")
    assert of(index, "Кличко") not in (of(index, "Віталій Кличко"), of(index, "Wladimir Klitschko"))


def test_places_meet_across_scripts_and_ukrainian_h() -> None:
    index = canonicalise([
        ("en", [ent("Luhansk", "place")]), ("uk", [ent("Луганськ", "place")]), ("ru", [ent("Луганск", "place")]),
        ("en2", [ent("Kyiv", "place")]), ("uk2", [ent("Київ", "place")]), ("ru2", [ent("Донецк", "place")]),
        ("uk3", [ent("Донецьк", "place")]), ("en3", [ent("Donetsk", "place")]),
    ])
    assert of(index, "Luhansk") == of(index, "Луганськ") == of(index, "Луганск")
    assert of(index, "Kyiv") == of(index, "Київ")
    assert of(index, "Donetsk") == of(index, "Донецьк") == of(index, "Донецк")
    assert of(index, "Kyiv") != of(index, "Luhansk")


def test_invented_people_keep_apart_and_together_as_their_names_say() -> None:
    index = canonicalise([
        ("uk", [ent("Мирослава Ткачук"), ent("Ткачук")]), ("en", [ent("Myroslava Tkachuk")]),
        ("ru", [ent("Мирослав Ткачук")]),  # another person: the first name ends otherwise
    ])
    assert of(index, "Мирослава Ткачук") == of(index, "Myroslava Tkachuk")
    assert of(index, "Мирослав Ткачук") != of(index, "Myroslava Tkachuk")


def test_the_result_does_not_depend_on_the_order_of_articles() -> None:
    articles = PESKOV + [("de", [ent("Wolodymyr Selenskyj")]), ("en9", [ent("Volodymyr Zelensky")]),
                         ("cz", [ent("Lukašenko")]), ("en8", [ent("Alexander Lukashenko")])]
    expected = canonicalise(articles)
    for seed in range(5):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert canonicalise(shuffled) == expected
