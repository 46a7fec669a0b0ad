"""Records and their JSON form: one reader and one writer for every record the store keeps."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.compare import StoryComparison
from newsprism.copies import CopyLink
from newsprism.schema import Article, RawItem, RemovedSegment, from_json, to_json
from newsprism.store import open_store
from newsprism.stories import Story


def test_every_stored_comparison_story_and_link_reads_back_to_the_same_json(compared_demo_db):
    with open_store(compared_demo_db) as store:
        stories = store.stories()
        assert stories
        for story in stories:
            raw = store.conn.execute("SELECT data FROM story_comparisons WHERE story_id = ?", (story.id,)).fetchone()
            stored = json.loads(raw[0])
            record = from_json(StoryComparison, stored)
            assert isinstance(record, StoryComparison) and to_json(record) == stored
            assert from_json(Story, to_json(story)) == story
        for link in store.copy_links():
            assert from_json(CopyLink, to_json(link)) == link


def test_defaults_fill_missing_keys_and_are_never_shared():
    first = from_json(RawItem, {"origin": "a", "content": b"x", "format": "text"})
    second = from_json(RawItem, {"origin": "b", "content": b"y", "format": "text"})
    assert first.hints == {} and first.url is None
    first.hints["touched"] = True
    assert second.hints == {}  # a default factory runs for each record


def test_bad_json_is_a_clear_error():
    with pytest.raises(ValueError, match="Story is missing 'title'"):
        from_json(Story, {"id": "s", "articles": [], "start": None, "end": None, "entities": []})
    with pytest.raises(ValueError, match="expects an object"):
        from_json(Story, ["s"])
    with pytest.raises(ValueError, match="is not one of"):
        from_json(Article, {"id": "a", "origin": "o", "body": "b", "text": "t", "source_format": "pdf"})


@dataclass(frozen=True)
class _Nested:
    name: str
    spans: tuple[RemovedSegment, ...]
    score: float | None = None
    extra: dict[str, int] = field(default_factory=dict)


@given(
    name=st.text(max_size=20),
    spans=st.lists(st.tuples(st.text(max_size=10), st.text(max_size=10), st.integers(), st.integers()), max_size=4),
    score=st.none() | st.floats(allow_nan=False) | st.integers(),
    extra=st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
def test_round_trip(name, spans, score, extra):
    record = _Nested(name, tuple(RemovedSegment(*s) for s in spans), score, extra)
    data = json.loads(json.dumps(to_json(record)))
    assert from_json(_Nested, data) == record
    assert to_json(from_json(_Nested, data)) == data


def test_the_story_api_writes_the_stored_comparison_as_its_record_would(compared_demo_db):
    from newsprism import views

    with open_store(compared_demo_db) as store:
        for story in store.stories():
            assert views.story_json(store, story.id) == views.story(store, story.id).to_dict()
        assert views.story_json(store, "story-none") is None
