"""Stories as a stage of the store, on degenerate corpora: empty, one article, identical articles,
thousands of near-identical wire copies, and articles with no dates at all."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.extract.runner import ingest
from newsprism.pipeline import update
from newsprism.settings import default_settings
from newsprism.store import Store

WIRE = [
    "The ferry between Brenn and Kessel will stop running in March, the harbour board said on Tuesday.",
    "The board blamed rising fuel costs and a fall in winter passengers for the decision.",
    "About 400 people a day used the crossing last summer, according to the operator.",
    "Local councillors said they would ask the regional government to fund a replacement service.",
    "A final vote on the closure is expected at the board's next meeting in February.",
]
OTHER = [
    "Heavy rain flooded the Osterby valley overnight, cutting off three villages.",
    "Rescue teams used boats to reach families trapped by the rising river.",
    "The regional weather office warned that more rain would fall on Thursday.",
]


def _write(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return str(path)


def _record(k: int, paragraphs: list[str], published: str | None, intro: str = "") -> dict:
    text = "\n\n".join(([intro] if intro else []) + paragraphs)
    title = "Ferry to stop in March" if paragraphs[-1] in WIRE else "Floods cut off Osterby villages"
    record = {"url": f"https://outlet{k}.example/story", "outlet": f"Outlet {k}", "title": title, "text": text}
    if published:
        record["published"] = published
    return record


def _stories(store: Store) -> list[dict]:
    update(store, default_settings(), "stories")
    return [s.to_dict() for s in store.stories()]


def test_an_empty_store_has_no_stories(store):
    assert update(store, default_settings(), "stories")["stories"] == (0, True)
    assert store.stories() == []


def test_one_article_is_one_story(tmp_path, store):
    ingest([_write(tmp_path / "one.jsonl", [_record(1, WIRE, "2025-02-04")])], store, default_settings())
    (story,) = _stories(store)
    assert story["title"] == "Ferry to stop in March" and story["start"] == story["end"] == "2025-02-04"


def test_identical_articles_on_two_sites_are_one_story(tmp_path, store):
    records = [_record(1, WIRE, "2025-02-04"), _record(2, WIRE, "2025-02-04"), _record(3, OTHER, "2025-02-04")]
    ingest([_write(tmp_path / "twins.jsonl", records)], store, default_settings())
    stories = _stories(store)
    assert sorted(len(s["articles"]) for s in stories) == [1, 2]
    assert any(link.kind == "duplicate" for link in store.copy_links())


def test_thousands_of_near_identical_wire_copies_are_one_story(tmp_path, store):
    records = [
        _record(k, WIRE, f"2025-02-{4 + k % 3:02d}" if k % 5 else None,
                intro=f"Outlet {k} carries this agency report in full." if k % 2 else "")
        for k in range(1500)
    ]
    records += [_record(9000 + k, OTHER, "2025-02-05") for k in range(3)]
    ingest([_write(tmp_path / "wire.jsonl", records)], store, default_settings())
    stories = _stories(store)
    sizes = sorted(len(s["articles"]) for s in stories)
    assert sizes[-1] == 1500, sizes  # every copy, dated or not, in the wire story
    assert sum(sizes) == 1503 and len(stories) <= 4
    # Stored links stay bounded: the copies are not linked all with all.
    assert len(store.copy_links()) <= 5 * 1500


def test_articles_without_any_dates_still_form_stories(tmp_path, store):
    wire = [_record(k, WIRE[k % 2:], None) for k in range(3)]
    floods = [_record(10 + k, OTHER[k % 2:], None) for k in range(3)]
    ingest([_write(tmp_path / "undated.jsonl", wire + floods)], store, default_settings())
    stories = _stories(store)
    assert sorted(len(s["articles"]) for s in stories) == [3, 3]
    assert all(s["start"] is None and s["end"] is None for s in stories)
