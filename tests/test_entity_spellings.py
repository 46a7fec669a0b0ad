"""Every spelling of a canonical entity kept and shown: Dmitry Peskov, Дмитрий Песков and Дмитро Пєсков are
one entity under one name, the store keeps its other spellings (and migrates an older store to keep
them), and the exports, the API, the terminal and the web pages show them beside the name.

The corpus is written by hand: three reports ingested as text files, their entities given as the
annotator stores them (no tagger runs), the corpus pass and the store real."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.annotate.annotator import Annotations, text_hash
from newsprism.annotate.canonical import AnnotatedEntity, canonical_annotations, rebuild_index
from newsprism.annotate.entities import fold
from newsprism.annotate.runner import annotate
from newsprism.cli import main
from newsprism.extract.runner import ingest
from newsprism.schema import Entity, Mention
from newsprism.settings import default_settings
from newsprism.store import Store, open_store
from newsprism.store.migrations import LATEST
from newsprism.stories.records import Story
from newsprism.views import story, story_list

# Each report: (file name, text, the entities it names as (name, type)). The English spelling is used by
# two reports, so it is the name; the Russian and Ukrainian ones are its other spellings.
HOSTILE = "Kreml<script>alert(1)</script>"
REPORTS = [
    ("en-monday.txt", "Talks to resume in Geneva\n\nKremlin spokesman Dmitry Peskov said on Monday that the talks "
     "would resume in Geneva next week.\n", [("Dmitry Peskov", "person"), ("Kremlin", "organisation")]),
    ("en-tuesday.txt", "Delegation leaves on Tuesday\n\nDmitry Peskov told reporters that the delegation would "
     "travel to Geneva on Tuesday.\n", [("Dmitry Peskov", "person"), ("Kremlin", "organisation")]),
    ("ru.txt", "Переговоры возобновятся\n\nПресс-секретарь Дмитрий Песков заявил в понедельник, что переговоры "
     "возобновятся в Женеве.\n", [("Дмитрий Песков", "person"), (HOSTILE, "organisation")]),
    ("uk.txt", "Переговори відновляться\n\nРечник Дмитро Пєсков заявив у понеділок, що переговори "
     "відновляться в Женеві.\n", [("Дмитро Пєсков", "person")]),
]
OTHERS = ("Дмитрий Песков", "Дмитро Пєсков")


def entities_of(text: str, names: list[tuple[str, str]]) -> tuple[Entity, ...]:
    """The entities as the annotator stores them: keyed by the folded name, one mention where named."""
    found = []
    for name, kind in names:
        start = max(text.find(name), 0)
        # The hostile spelling stands for the word "Kremlin" (its key): the mention is where that is.
        key = "kremlin" if kind == "organisation" else fold(name)
        found.append(Entity(key=key, name=name, type=kind,  # type: ignore[arg-type]
                            mentions=(Mention(start, start + len(name), text[start:start + len(name)]),)))
    return tuple(found)


def fill(store: Store, folder: Path) -> dict[str, str]:
    """The reports ingested and given their entities; returns file name -> article id."""
    for name, text, _ in REPORTS:
        (folder / name).write_text(text, "utf-8")
    ingest([str(folder / name) for name, _, _ in REPORTS], store, default_settings())
    ids = {a.origin.rsplit("/", 1)[-1]: a.id for a in store.iter_articles()}
    with store.transaction():
        for name, _, names in REPORTS:
            article = store.get(ids[name])
            assert article is not None
            store.put_annotations(article.id, Annotations(text_hash(article.text, article.published),
                                                          entities=entities_of(article.text, names)))
    return ids


def index_corpus(store: Store) -> None:
    """The corpus pass and its write, as ``annotate`` does them after reading articles."""
    rows = rebuild_index(store.iter_entity_lists())
    with store.transaction():
        store.replace_entity_index(rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("spellings")
    db = folder / "spellings.db"
    with open_store(db) as store:
        ids = fill(store, folder)
        index_corpus(store)
        # One story per report, as the stories stage would store them (each names its entities).
        index = store.entity_index()
        stories = []
        for name, _, _ in REPORTS:
            annotations = store.annotations(ids[name])
            assert annotations is not None
            named = tuple(dict.fromkeys(index[e.key][0] for e in annotations.entities))
            stories.append(Story(id=f"story-{name.split('.')[0]}", title=name, articles=(ids[name],),
                                 start="2025-03-03", end="2025-03-03", entities=named))
        store.replace_stories(stories)
    return db, ids


def peskov_id(db: Path) -> str:
    with open_store(db) as store:
        return store.entity_index()[fold("Dmitry Peskov")][0]


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), env={"NEWSPRISM_CONFIG": None, "COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    return result.stdout


# -- the store ------------------------------------------------------------------------------------------
def test_the_store_keeps_every_spelling_most_used_first(corpus):
    db, _ = corpus
    with open_store(db) as store:
        index = store.entity_index()
        ids = {index[fold(name)][0] for name in ("Dmitry Peskov", *OTHERS)}
        assert len(ids) == 1  # one entity across the scripts
        spellings = store.entity_spellings()
        assert spellings[ids.pop()] == ("Dmitry Peskov", *sorted(OTHERS))
        assert store.entity_index_rows() == rebuild_index(store.iter_entity_lists())
        assert not store.entity_spellings_missing()


def test_replacing_the_index_replaces_the_spellings(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        store.replace_entity_index([("peskov", "peskov", "Peskov", "person", ("Peskov", "Песков"))])
        store.replace_entity_index([("lavrov", "lavrov", "Lavrov", "person", ("Lavrov", "Лавров"))])
        assert store.entity_spellings() == {"lavrov": ("Lavrov", "Лавров")}
        assert store.entity_spellings(["peskov", "lavrov"]) == {"lavrov": ("Lavrov", "Лавров")}
        assert store.entities_spelt("Лавров") == ["lavrov"] and store.entities_spelt("Песков") == []
        # A spelling is found whole, never as part of another or by LIKE's wildcards.
        assert store.entities_spelt("Лав") == [] and store.entities_spelt("La_rov") == []


def test_an_older_store_migrates_and_annotate_fills_the_spellings(corpus, tmp_path):
    db, _ = corpus
    old = tmp_path / "old.db"
    old.write_bytes(db.read_bytes())
    with sqlite3.connect(old) as conn:  # the store as the release before spellings were kept left it
        conn.execute("DROP TABLE entity_spellings")
        conn.execute(f"PRAGMA user_version = {LATEST - 1}")
    with open_store(old) as store:
        assert store.schema_version == LATEST
        assert store.entity_spellings() == {} and store.entity_spellings_missing()
        assert annotate(store, default_settings()) == 0  # every article is current: none is read again
        assert store.entity_spellings()[peskov_id(db)] == ("Dmitry Peskov", *sorted(OTHERS))
        assert not store.entity_spellings_missing()


# -- the read model and the exports ---------------------------------------------------------------------
def test_an_entity_carries_its_other_spellings_and_a_short_label():
    entity = AnnotatedEntity("dmitry-peskov", "Dmitry Peskov", "person", (),
                             ("Дмитрий Песков", "Peskov", "Дмитро Пєсков", "Песков", "Д. Песков"))
    assert entity.also() == ("Дмитрий Песков", "Дмитро Пєсков", "Д. Песков")  # a bare surname is not shown
    assert entity.also(limit=1) == ("Дмитрий Песков",)
    assert entity.label(2) == "Dmitry Peskov (also Дмитрий Песков, Дмитро Пєсков)"
    assert AnnotatedEntity("x", "X", "place", ()).label() == "X"


def test_canonical_annotations_give_each_entity_its_other_spellings():
    text = "Дмитрий Песков said so."
    annotations = Annotations("h", entities=entities_of(text, [("Дмитрий Песков", "person")]))
    index = {fold("Дмитрий Песков"): ("dmitry-peskov", "Dmitry Peskov", "person")}
    found = canonical_annotations(annotations, index, {"dmitry-peskov": ("Dmitry Peskov", *OTHERS)})
    assert [(e.name, e.spellings) for e in found.entities] == [("Dmitry Peskov", OTHERS)]
    assert canonical_annotations(annotations, index).entities[0].spellings == ()


def test_the_articles_export_carries_the_spellings(corpus):
    db, ids = corpus
    records = {r["id"]: r for r in map(json.loads, cli("export", "articles", "--db", str(db)).splitlines())}
    for name in ("en-monday.txt", "ru.txt", "uk.txt"):
        peskov = [e for e in records[ids[name]]["entities"] if e["type"] == "person"]
        assert [(e["name"], e["spellings"]) for e in peskov] == [("Dmitry Peskov", sorted(OTHERS))]
    kremlin = next(e for e in records[ids["ru.txt"]]["entities"] if e["type"] == "organisation")
    assert kremlin["name"] == "Kremlin" and kremlin["spellings"] == [HOSTILE]


def test_the_story_list_finds_an_entity_by_any_spelling(corpus):
    db, _ = corpus
    entity = peskov_id(db)
    with open_store(db) as store:
        everyone = story_list(store, entity=entity).total
        assert everyone == len(REPORTS)
        for typed in ("Дмитро Пєсков", "Дмитрий Песков", "dmitry peskov", " Dmitri Peskov "):
            assert story_list(store, entity=typed).total == everyone, typed
        assert story_list(store, entity="Sergei Lavrov").total == 0
        choice = next(e for e in story_list(store).entities if e.id == entity)
        assert (choice.name, choice.spellings) == ("Dmitry Peskov", tuple(sorted(OTHERS)))


# -- the terminal -----------------------------------------------------------------------------------------
def test_show_puts_the_other_spellings_under_the_name(corpus):
    db, ids = corpus
    shown = cli("show", ids["uk.txt"], "--db", str(db))
    table = shown[shown.index("entities ("):]
    assert "Dmitry Peskov" in table and "also" in table
    assert all(spelling in table for spelling in OTHERS)


def test_story_says_whom_it_is_about_in_every_spelling(corpus):
    db, _ = corpus
    with open_store(db) as store:
        page = story(store, "story-ru")
    assert page is not None
    assert page.entity_labels()[0] == f"Dmitry Peskov (also {', '.join(sorted(OTHERS))})"
    assert page.to_dict()["story"]["entity_spellings"][0] == sorted(OTHERS)


# -- the web app and the report ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(corpus):
    pytest.importorskip("starlette", reason="the web app needs the [web] extra")
    from starlette.testclient import TestClient

    from newsprism.web.app import create_app

    return TestClient(create_app(corpus[0]))


def test_the_article_page_lists_entities_with_their_spellings_escaped(client, corpus):
    _, ids = corpus
    page = client.get(f"/articles/{ids['ru.txt']}")
    assert page.status_code == 200
    entities = page.text[page.text.index("<h2>Entities</h2>"):page.text.index("<h2>Quotes</h2>")]
    assert "Dmitry Peskov" in entities and f"also: {', '.join(sorted(OTHERS))}" in entities
    assert "Kreml&lt;script&gt;alert(1)&lt;/script&gt;" in entities and "<script>" not in page.text
    api = client.get(f"/api/articles/{ids['ru.txt']}").json()
    assert {e["name"]: e["spellings"] for e in api["article"]["entities"]}["Dmitry Peskov"] == sorted(OTHERS)


def test_the_story_pages_and_the_filter_show_and_take_every_spelling(client, corpus):
    db, _ = corpus
    page = client.get("/stories/story-uk")
    assert page.status_code == 200 and f"(also {', '.join(sorted(OTHERS))})" in page.text
    listing = client.get("/", params={"entity": "Дмитро Пєсков"})
    assert f'<option value="{peskov_id(db)}">Dmitry Peskov (also {", ".join(sorted(OTHERS))})</option>' in listing.text
    api = client.get("/api/stories", params={"entity": "Дмитро Пєсков"}).json()
    assert api["total"] == len(REPORTS) and api["filters"]["entity"] == "Дмитро Пєсков"


def test_the_static_report_shows_the_spellings(corpus, tmp_path):
    from newsprism.web.report import write_report

    db, ids = corpus
    with open_store(db) as store:
        write_report(store, tmp_path / "report")
    article = (tmp_path / "report" / "articles" / f"{ids['en-monday.txt']}.html").read_text("utf-8")
    assert f"also: {', '.join(sorted(OTHERS))}" in article
