"""Golden tests of the reading (entities, labels, dates, speakers) on the five seed articles.

The five seeds are ingested and read as one corpus, as a user would. Places in
an article are named by the seed's line number (no article text is copied
here); what must be found there is named by entity id, label kind, date value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import shared_path
from newsprism.store import open_store
from newsprism.views import article_record as export_record

PREFIXES = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def seeds(seed_db: Path) -> dict[str, dict[str, Any]]:
    """seed number -> (exported record, the seed's lines)."""
    folder = shared_path("corpus", "seeds")
    store = open_store(seed_db)
    result = {}
    for article in store.iter_articles():
        prefix = Path(article.origin).name[:3]
        lines = (folder / Path(article.origin).name).read_text("utf-8").split("\n")
        result[prefix] = {"record": export_record(store, article).to_dict(), "lines": lines}
    store.close()
    assert sorted(result) == list(PREFIXES)
    return result


def _line_span(seed: dict[str, Any], number: int) -> tuple[int, int]:
    line = seed["lines"][number - 1].strip()
    start = seed["record"]["text"].index(line)
    return start, start + len(line)


def _on_line(items: list[dict[str, Any]], span: tuple[int, int]) -> list[dict[str, Any]]:
    return [item for item in items if span[0] <= item["start"] and item["end"] <= span[1]]


# (seed, line, entity id, label kind): the descriptors a careful reader sees there.
LABELS = [
    ("000", 2, "vladimir-putin", "title"),
    ("000", 2, "alexander-lukashenko", "title"),
    ("000", 2, "dmitry-peskov", "title"),
    ("000", 7, "dmitry-peskov", "role"),
    ("001", 1, "dmitry-peskov", "appositive"),
    ("001", 1, "vladimir-putin", "appositive"),
    ("001", 6, "alexander-lukashenko", "appositive"),
    ("001", 9, "vladimir-putin", "appositive"),
    ("001", 11, "vladimir-putin", "role"),
    ("001", 17, "sergey-shoigu", "appositive"),
    ("002", 11, "alexander-lukashenko", "title"),
    ("002", 11, "vladimir-putin", "role"),
    ("002", 17, "alexander-lukashenko", "role"),
    ("003", 5, "vladimir-putin", "role"),
    ("003", 7, "vladimir-putin", "title"),
    ("003", 7, "alexander-lukashenko", "title"),
    ("003", 17, "dmitry-peskov", "title"),
    ("004", 14, "dmitry-peskov", "title"),
    ("004", 16, "dmitry-peskov", "role"),
    ("004", 22, "alexander-volfovich", "appositive"),
    ("004", 26, "alexander-lukashenko", "title"),
]


@pytest.mark.parametrize(("prefix", "line", "entity", "kind"), LABELS)
def test_seed_labels(seeds: dict[str, dict[str, Any]], prefix: str, line: int, entity: str, kind: str) -> None:
    seed = seeds[prefix]
    found = _on_line(seed["record"]["labels"], _line_span(seed, line))
    assert any(lab["entity"] == entity and lab["kind"] == kind for lab in found), found


def test_seed_labels_do_not_guess_between_two_leaders(seeds: dict[str, dict[str, Any]]) -> None:
    # Line 26 of seed 004 speaks of the Belarusian leader, once as "the head of state":
    # both presidents are called heads of state in that article, so no role is resolved to Putin.
    seed = seeds["004"]
    found = _on_line(seed["record"]["labels"], _line_span(seed, 26))
    assert found and not [lab for lab in found if lab["entity"] == "vladimir-putin"]


def test_seed_entities_have_one_id_across_spellings(seeds: dict[str, dict[str, Any]]) -> None:
    ids: dict[str, set[str]] = {}
    for seed in seeds.values():
        for entity in seed["record"]["entities"]:
            for surname in ("peskov", "lukashenko", "shoigu", "putin"):
                if any(surname in m["text"].lower() for m in entity["mentions"]):
                    ids.setdefault(surname, set()).add(entity["id"])
    assert ids == {
        "peskov": {"dmitry-peskov"}, "lukashenko": {"alexander-lukashenko"},
        "shoigu": {"sergey-shoigu"}, "putin": {"vladimir-putin"},
    }


def test_seed_transliterated_surname_tagged_as_a_place_is_the_person(seeds: dict[str, dict[str, Any]]) -> None:
    seed = seeds["004"]
    span = _line_span(seed, 24)
    (entity,) = [e for e in seed["record"]["entities"] if e["id"] == "alexander-volfovich"]
    assert entity["type"] == "person"
    on_line = {(m["start"], m["end"]) for m in entity["mentions"] if span[0] <= m["start"] < span[1]}
    assert on_line
    others = {(m["start"], m["end"]) for e in seed["record"]["entities"] if e["id"] != entity["id"]
              for m in e["mentions"]}
    assert not on_line & others


def test_seed_publication_dates_are_inferred_from_the_text(seeds: dict[str, dict[str, Any]]) -> None:
    inferred = {p: (s["record"]["published"], s["record"]["published_inferred"]) for p, s in seeds.items()}
    # 000 names a Monday, December 19 (2022); 004 dates its report January 16 after a full date in December 2024.
    assert inferred["000"] == ("2022-12-19", True)
    assert inferred["004"] == ("2025-01-16", True)
    assert all(s["record"]["published_evidence"] for p, s in seeds.items() if inferred[p][1])
    # The others carry no year-fixing evidence: nothing is made up.
    assert inferred["001"] == (None, False) and inferred["003"] == (None, False)


@pytest.mark.parametrize(
    ("prefix", "line", "values"),
    [
        ("000", 2, {"2022-12-19"}),
        ("004", 22, {"2025-01-16"}),
        ("004", 26, {"2025-01-03", "2025-01-26"}),
        ("004", 28, {"2024-12-06"}),
        ("001", 9, {"--12-19"}),  # no year anywhere in that article: the day and month, honestly yearless
    ],
)
def test_seed_dates_resolve(seeds: dict[str, dict[str, Any]], prefix: str, line: int, values: set[str]) -> None:
    seed = seeds[prefix]
    found = _on_line(seed["record"]["dates"], _line_span(seed, line))
    assert {d["value"] for d in found} == values


@pytest.mark.parametrize(
    ("prefix", "line", "speaker"),
    [
        ("004", 16, "Dmitry Peskov"),  # introduced by a role: "the ... spokesman said"
        ("004", 22, "Alexander Volfovich"),
        ("004", 24, "Alexander Volfovich"),  # the other spelling of his name
        ("002", 17, "Alexander Lukashenko"),  # "The Belarusian President added"
        ("003", 23, "Dmitry Peskov"),  # "Dmitri" in that outlet: the canonical name is used
    ],
)
def test_seed_quote_speakers_are_canonical(seeds: dict[str, dict[str, Any]], prefix: str, line: int,
                                           speaker: str) -> None:
    seed = seeds[prefix]
    found = _on_line(seed["record"]["quotes"], _line_span(seed, line))
    assert found and any(q["speaker"] == speaker for q in found), [(q["speaker"], q["speaker_text"]) for q in found]
