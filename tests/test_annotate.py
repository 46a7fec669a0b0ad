"""Annotation as a stage: stored per article, kept current, exported and shown."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import REPO
from newsprism.annotate.annotator import Annotator, annotate_text
from newsprism.annotate.runner import annotate
from newsprism.cli import main
from newsprism.demo import run_demo
from newsprism.extract.runner import ingest
from newsprism.settings import default_settings
from newsprism.store import open_store

EXPECTED = json.loads((REPO / "examples" / "demo-expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("annot") / "demo.db"
    run_demo(db, default_settings())
    return db


def test_quote_offsets_index_into_the_text(demo_db):
    with open_store(demo_db) as store:
        checked = 0
        for article in store.iter_articles():
            data = store.annotations(article.id)
            assert data is not None
            for start, end in data.sentences:
                assert article.text[start:end].strip()
            for quote in data.quotes:
                assert article.text[quote.start : quote.end] == quote.text
                if quote.speaker_start is not None:
                    assert article.text[quote.speaker_start : quote.speaker_end]
                checked += 1
        assert checked > 50


def test_the_statement_quoted_by_several_outlets_is_found_with_its_speaker(demo_db):
    statement = EXPECTED["statement"]
    surname = statement["speaker"].split()[-1]
    with open_store(demo_db) as store:
        by_origin = {a.origin.rsplit("/", 1)[-1]: a for a in store.iter_articles()}
        for rendering in statement["renderings"]:
            if rendering["kind"] == "paraphrase":
                continue
            article = by_origin[rendering["origin"]]
            quotes = store.annotations(article.id).quotes
            matching = [q for q in quotes if rendering["text"] in q.text]
            assert matching, f"{rendering['origin']}: the rendering was not found as a quote"
            assert any(surname in (q.speaker or "") for q in matching), (
                f"{rendering['origin']}: speaker {[q.speaker for q in matching]}"
            )


def test_only_new_or_changed_texts_are_annotated_again(tmp_path):
    (tmp_path / "a.txt").write_text("Bridge shut\n\n“It is unsafe,” the engineer said on Monday.", "utf-8")
    with open_store(tmp_path / "s.db") as store:
        ingest([str(tmp_path / "a.txt")], store, default_settings())
        assert annotate(store, default_settings()) == 1
        assert annotate(store, default_settings()) == 0
        article = next(store.iter_articles())
        with store.transaction():
            store.update_cleaning(article.id, article.text + "\n\n“We will fix it,” the mayor said.", ())
        assert annotate(store, default_settings()) == 1
        quotes = store.annotations(article.id).quotes
        assert [q.speaker for q in quotes] == ["the engineer", "the mayor"]


def test_text_in_russian_gets_quotes_speakers_dates_and_a_note(tmp_path):
    text = ("Мост закрыт\n\nГородской совет в четверг закрыл старый мост. «Мост небезопасен», — заявил инженер "
            "городской службы после осмотра опор в понедельник.")
    (tmp_path / "ru.txt").write_text(text, "utf-8")
    with open_store(tmp_path / "s.db") as store:
        ingest([str(tmp_path / "ru.txt")], store, default_settings())
        annotate(store, default_settings())
        article = next(store.iter_articles())
        data = store.annotations(article.id)
    assert article.language == "ru"
    assert [q.text for q in data.quotes] == ["Мост небезопасен"]
    # The speaker is the reporter's words after the cue; no entity names the engineer.
    assert (data.quotes[0].speaker, data.quotes[0].cue) == ("инженер городской службы", "заявил")
    assert [d.text for d in data.dates] == ["четверг", "понедельник"]
    assert "without a parse" in data.notes[0]


def test_export_and_show_carry_the_quotes(demo_db):
    runner = CliRunner()
    lines = runner.invoke(main, ["export", "articles", "--db", str(demo_db)]).stdout.strip().split("\n")
    records = [json.loads(line) for line in lines]
    assert all(isinstance(r["quotes"], list) and isinstance(r["sentences"], list) for r in records)
    with_quotes = next(r for r in records if r["quotes"])
    shown = runner.invoke(main, ["show", with_quotes["id"], "--db", str(demo_db)])
    assert shown.exit_code == 0 and "quotes (" in shown.stdout
    again = json.loads(runner.invoke(main, ["annotate", "--db", str(demo_db), "--json"]).stdout)
    assert again == {"annotated": 0, "failed": []}


HOSTILE = {
    "no quotes at all": "The council met on Tuesday. It adjourned without a vote.\n\nNothing else happened.",
    "thousands of quote marks": "Mayor Ana Ruiz said " + "“" * 3000 + " and left.",
    "nested quotes": "“He told me ‘never say “never” again’,” Ruiz said on 3 May 2024. «Non, «jamais»», she added.",
    "very long paragraph": ("Ana Ruiz, the mayor of Tarragona, said on Monday that the port would reopen. " * 400).strip(),
    "non-Latin script": "Путин встретился с Лукашенко 19 декабря. «Никто никого не принуждает», — сказал Песков.",
    "digits and symbols": "2024-13-45 31.02.2024 ${{}} <script>alert(1)</script> " * 50,
}


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_reads_without_garbage(name):
    from newsprism.annotate.nlp import english

    text = HOSTILE[name]
    annotations = annotate_text(text, "en", english()(text), None)
    spans = [(m.start, m.end, m.text) for e in annotations.entities for m in e.mentions]
    spans += [(lab.start, lab.end, lab.text) for lab in annotations.labels]
    spans += [(d.start, d.end, d.text) for d in annotations.dates]
    spans += [(q.start, q.end, q.text) for q in annotations.quotes]
    for start, end, words in spans:
        assert text[start:end] == words
    for date in annotations.dates:
        assert date.value is None or date.value[:1] in "-12"
    if name == "no quotes at all":
        assert not annotations.quotes
    if name == "digits and symbols":
        assert not annotations.entities and all(d.value != "2024-13-45" for d in annotations.dates)


def test_non_english_text_gets_no_entities_but_numeric_dates():
    # Bulgarian: a language newsprism has no tagger for (Russian's are tested in test_russian.py).
    text = "Путин встретился с Лукашенко 19.12.2022. «Никто никого не принуждает», — сказал Песков."
    annotations = annotate_text(text, "bg", None, None)
    assert not annotations.entities and not annotations.labels
    assert [(d.text, d.value) for d in annotations.dates] == [("19.12.2022", "2022-12-19")]
    assert annotations.quotes and annotations.notes


@pytest.mark.timeout(300)
def test_reading_in_worker_processes_matches_one_process():
    texts = [(HOSTILE["nested quotes"], "en", "2024-05-03"), (HOSTILE["non-Latin script"], "ru", None),
             ("Kremlin spokesman Dmitry Peskov said on Monday that talks would go on.", "en", "2024-03-05")] * 3
    one = [a.to_dict() for a in Annotator(batch_size=2).annotate(texts)]
    two = [a.to_dict() for a in Annotator(batch_size=2, workers=2).annotate(texts)]
    assert one == two and len(one) == len(texts)
