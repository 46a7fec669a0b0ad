"""Reuse detection as a stage of the store: found once per corpus state, listed, exported."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import REPO
from newsprism.cli import main
from newsprism.pipeline import find_copies, ingest
from newsprism.store import open_store

EXPECTED = json.loads((REPO / "examples" / "demo-expected.json").read_text("utf-8"))


def test_copies_are_stored_listed_and_exported(tmp_path):
    db = tmp_path / "demo.db"
    with open_store(db) as store:
        ingest([str(REPO / "examples" / "demo")], store)
        count, fresh = find_copies(store)
        assert fresh and count >= 2
        assert find_copies(store) == (count, False)  # nothing changed: nothing recomputed
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
