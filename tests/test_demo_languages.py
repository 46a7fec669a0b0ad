"""The demo's Russian, Ukrainian and Italian reports read and compared with the English coverage:
one person across scripts, speakers and labels in each language, dates in words, one story per event
across languages, and one statement across its renderings in several languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.store import open_store
from newsprism.views import article_record

SIGNING = {"velgrad-kurier-soglashenie.html": "ru", "protoka-novyny-uhoda.html": "uk",
           "corriere-stretto-accordo.html": "it"}
SEIZURE = "velgrad-kurier-marta-lind.html"


@pytest.fixture(scope="module")
def records(compared_demo_db: Path) -> dict[str, dict]:
    with open_store(compared_demo_db) as store:
        return {a.origin.rsplit("/", 1)[-1]: article_record(store, a).to_dict() for a in store.iter_articles()}


@pytest.fixture(scope="module")
def stories(compared_demo_db: Path) -> list[tuple[set[str], dict]]:
    with open_store(compared_demo_db) as store:
        names = {a.id: a.origin.rsplit("/", 1)[-1] for a in store.iter_articles()}
        return [({names[i] for i in s.articles}, c.to_dict() if (c := store.comparison(s.id)) else {})
                for s in store.stories()]


def test_each_report_is_read_in_its_language(records):
    for origin, language in {**SIGNING, SEIZURE: "ru"}.items():
        assert records[origin]["language"] == language


@pytest.mark.parametrize("origin", ["velgrad-kurier-soglashenie.html", "protoka-novyny-uhoda.html", SEIZURE])
def test_the_president_is_one_entity_across_scripts(records, origin):
    # Ильмар Васко (Russian), Ілмар Васко (Ukrainian) and Ilmar Vasko (English) share one canonical entity.
    assert "Ilmar Vasko" in {e["name"] for e in records[origin]["entities"] if e["type"] == "person"}


def test_the_prime_minister_is_one_person_apart_from_her_country(records):
    # "Прем'єр-міністерка Арделії Селена Марроу": the country in the genitive is not part of her name
    marrow = {origin: {e["id"] for e in records[origin]["entities"] if e["type"] == "person" and "Марроу" in e["name"]}
              for origin in ("velgrad-kurier-soglashenie.html", "protoka-novyny-uhoda.html")}
    assert len(set.union(*marrow.values())) == 1 and all(marrow.values()), marrow
    people = {e["name"] for e in records["protoka-novyny-uhoda.html"]["entities"] if e["type"] == "person"}
    assert not any("Арделі" in name for name in people), people


@pytest.mark.parametrize("origin", ["velgrad-kurier-soglashenie.html", "protoka-novyny-uhoda.html"])
def test_the_remark_is_quoted_with_its_speaker(records, origin):
    quotes = [q for q in records[origin]["quotes"]
              if q["kind"] == "direct" and q["text"].startswith(("Сьогодні", "Сегодня"))]
    assert quotes and all(q["speaker"] == "Ilmar Vasko" for q in quotes)


def test_the_italian_speaker_is_read_without_an_entity_model(records):
    quote = next(q for q in records["corriere-stretto-accordo.html"]["quotes"] if q["text"].startswith("Oggi"))
    assert quote["speaker_text"] == "Vasko" and quote["cue"] == "ha detto"


def test_each_outlet_labels_the_president_its_own_way(records):
    def labels(origin: str) -> set[str]:
        record = records[origin]
        vasko = {e["id"] for e in record["entities"] if e["name"] == "Ilmar Vasko"}
        return {lab["text"] for lab in record["labels"] if lab["entity"] in vasko}

    assert "норвасський диктатор" in labels("protoka-novyny-uhoda.html")
    assert any(text.lower().startswith("президент") for text in labels("velgrad-kurier-soglashenie.html"))


@pytest.mark.parametrize(("origin", "words", "value"), [
    ("velgrad-kurier-soglashenie.html", "3 марта", "2025-03-03"),
    ("velgrad-kurier-soglashenie.html", "воскресенье", "2025-03-02"),
    ("protoka-novyny-uhoda.html", "неділю", "2025-03-02"),
    ("corriere-stretto-accordo.html", "Domenica", "2025-03-02"),
    (SEIZURE, "понедельник", "2025-05-19"),
])
def test_dates_in_words_resolve_against_the_publication_date(records, origin, words, value):
    assert value in {d["value"] for d in records[origin]["dates"] if words in d["text"]}


def test_each_event_is_one_story_across_languages(stories):
    signing = [members for members, _ in stories if "harbour-ledger-summit.html" in members]
    seizure = [members for members, _ in stories if "velgrad-courier-border.html" in members]
    assert len(signing) == len(seizure) == 1
    assert set(SIGNING) <= signing[0] and SEIZURE in seizure[0] and SEIZURE not in signing[0]


def test_the_remark_is_one_statement_across_languages(records, stories):
    language_of = {r["id"]: r["language"] for r in records.values()}
    _, comparison = next((m, c) for m, c in stories if "harbour-ledger-summit.html" in m)
    best = max((s for s in comparison["statements"] if s["speaker"] == "Ilmar Vasko"),
               key=lambda s: len({language_of[r["span"]["article"]] for r in s["renderings"]}))
    languages = {language_of[r["span"]["article"]] for r in best["renderings"]}
    # Measured: English, Russian and Italian renderings in one statement; the Ukrainian one stands apart.
    assert {"en", "ru", "it"} <= languages, best["renderings"]


def test_the_label_table_shows_each_actors_other_spellings(compared_demo_db):
    from newsprism.views import story
    from newsprism.web.render import LiveLinks, story_page

    with open_store(compared_demo_db) as store:
        names = {a.id: a.origin.rsplit("/", 1)[-1] for a in store.iter_articles()}
        story_id = next(s.id for s in store.stories() if "harbour-ledger-summit.html" in {names[i] for i in s.articles})
        page = story(store, story_id)
    assert page is not None and page.comparison is not None
    vasko = next(a.entity for a in page.comparison.framing.actors if a.name == "Ilmar Vasko")
    also = page.actor_spellings[vasko]
    assert any("Васко" in spelling for spelling in also), also
    html = story_page(page, LiveLinks())
    table = html[html.index('id="labels"'):]
    row = table[table.index("<tr><td>Ilmar Vasko"):]
    assert row.index("also: " + ", ".join(also)) < row.index("</td>")


def test_the_labels_download_carries_each_actors_other_spellings(compared_demo_db):
    import csv
    import io

    pytest.importorskip("starlette", reason="the web app needs the [web] extra")
    from starlette.testclient import TestClient

    from newsprism.web.app import create_app

    with open_store(compared_demo_db) as store:
        names = {a.id: a.origin.rsplit("/", 1)[-1] for a in store.iter_articles()}
        story_id = next(s.id for s in store.stories() if "harbour-ledger-summit.html" in {names[i] for i in s.articles})
    response = TestClient(create_app(compared_demo_db)).get(f"/api/stories/{story_id}/labels.csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    vasko = {row["spellings"] for row in rows if row["name"] == "Ilmar Vasko"}
    assert len(vasko) == 1 and "Васко" in vasko.pop(), rows
    assert all(row["label"] for row in rows)
