"""Reuse and stories as stages of the store: found once per corpus state, listed, exported."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import REPO
from newsprism.cli import main
from newsprism.copies.runner import run_copies
from newsprism.extract.runner import ingest
from newsprism.settings import default_settings
from newsprism.store import open_store

EXPECTED = json.loads((REPO / "examples" / "demo-expected.json").read_text("utf-8"))


def test_copies_are_stored_listed_and_exported(tmp_path):
    db = tmp_path / "demo.db"
    with open_store(db) as store:
        ingest([str(REPO / "examples" / "demo")], store, default_settings())
        count, fresh = run_copies(store, default_settings())
        assert fresh and count >= 2
        assert run_copies(store, default_settings()) == (count, False)  # nothing changed: nothing recomputed
        origins = {a.id: a.origin for a in store.iter_articles()}
    runner = CliRunner()
    listed = runner.invoke(main, ["copies", "--db", str(db), "--json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    found = {(origins[lk["source"]].rsplit("/", 1)[-1], origins[lk["target"]].rsplit("/", 1)[-1], lk["kind"])
             for lk in data["links"]}
    lexical = [c for c in EXPECTED["copies"] if c["kind"] in ("copy", "shared-source")]
    for expected in lexical:
        assert any(expected["source"].endswith(s) and expected["target"].endswith(t) and k == expected["kind"]
                   for s, t, k in found), (expected, found)
    farm = [a for a, signals in data["signals"].items() if any("bio" in s for s in signals)]
    assert [origins[a].rsplit("/", 1)[-1] for a in farm] == ["newspulse-global-port-alder.txt"]

    out = tmp_path / "copies.jsonl"
    exported = runner.invoke(main, ["export", "copies", "--db", str(db), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == len(data["links"])
    assert set(rows[0]) == {"source", "target", "kind", "shared_ratio_source", "shared_ratio_target", "passages",
                            "evidence"}
    texts = {a.id: a.text for a in open_store(db).iter_articles()}
    for row in rows:
        for passage in row["passages"]:
            source = texts[row["source"]][passage["source_start"]:passage["source_end"]]
            target = texts[row["target"]][passage["target_start"]:passage["target_end"]]
            assert source.strip() and target.strip()


def test_copies_on_an_empty_store(tmp_path):
    db = tmp_path / "empty.db"
    open_store(db).close()
    result = CliRunner().invoke(main, ["copies", "--db", str(db), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"links": [], "signals": {}}


def test_demo_events_become_separate_stories(tmp_path):
    from newsprism.demo import run_demo
    from newsprism.pipeline import update
    from newsprism.settings import default_settings

    db = tmp_path / "demo.db"
    run_demo(db, default_settings())
    with open_store(db) as store:
        count = len(store.stories())  # the demo grouped (and compared) them already
        assert count and update(store, default_settings(), "stories")["stories"] == (count, False)
        from newsprism.annotate.runner import annotate
        from newsprism.settings import default_settings

        article = next(store.iter_articles())
        with store.transaction():
            store.update_cleaning(article.id, article.text + "\n\nThe mayor of Port Alder said on Monday.", ())
        assert update(store, default_settings(), "stories")["stories"].recomputed  # the corpus changed: grouped again
        annotate(store, default_settings())  # ... and its new reading is new evidence: grouped again
        assert update(store, default_settings(), "stories")["stories"].recomputed
        assert not update(store, default_settings(), "stories")["stories"].recomputed
        origins = {a.id: a.origin for a in store.iter_articles()}
        stories = store.stories()
    story_of = {origins[a]: s.id for s in stories for a in s.articles}
    assert set(story_of) == set(origins.values())

    def story(origin: str) -> str:
        (found,) = [sid for o, sid in story_of.items() if o == origin or o.endswith("/" + origin)]
        return found

    events = [{story(o) for o in event["articles"]} for event in EXPECTED["events"]]
    assert all(len(ids) == 1 for ids in events), events  # each event's coverage is one story
    assert len(set.union(*events)) == len(events)  # and the events stay apart
    result = CliRunner().invoke(main, ["export", "stories", "--db", str(db)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {len(r["articles"]) for r in rows} == {len(e["articles"]) for e in EXPECTED["events"]}
    assert all(r["title"] in _titles(db) for r in rows)  # titles are chosen from the articles


def _titles(db) -> set[str]:
    with open_store(db) as store:
        return {a.title or "" for a in store.iter_articles()}


def test_copies_of_one_story(tmp_path):
    from newsprism.demo import run_demo

    db = tmp_path / "demo.db"
    run_demo(db, default_settings())
    runner = CliRunner()
    stories = json.loads(runner.invoke(main, ["stories", "--db", str(db), "--json"]).stdout)
    every = json.loads(runner.invoke(main, ["copies", "--db", str(db), "--json"]).stdout)["links"]
    seen = 0
    for story in stories:
        result = runner.invoke(main, ["copies", "--db", str(db), "--story", story["id"][:10], "--json"])
        assert result.exit_code == 0, result.output
        links = json.loads(result.stdout)["links"]
        members = set(story["articles"])
        assert links == [lk for lk in every if lk["source"] in members or lk["target"] in members]
        seen += len(links)
    assert seen >= len(every) > 0  # every link belongs to some story
    missing = runner.invoke(main, ["copies", "--db", str(db), "--story", "no-such-story"])
    assert missing.exit_code != 0 and "newsprism stories" in missing.output
