"""The corpus stages' output written to a store by the driver, with the state each stage records, so
that ``newsprism copies``, ``stories`` and ``compare`` then find it current (used by ``newsprism spark``
and ``newsprism load``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..annotate.canonical import IndexRow
from ..compare.records import StoryComparison
from ..compare.runner import compare_method, compare_state, story_state
from ..copies.relations import CopyLink
from ..copies.runner import copies_state
from ..settings import Settings
from ..stage import replace_output
from ..store import Store
from ..stories.records import Story
from ..stories.runner import stories_state
from ..views import story_members

IndexRows = list[IndexRow]


@dataclass
class CorpusOutput:
    """What the corpus stages give: the entity index (None: the store's stays), copy links and
    content-farm signals, stories, and one comparison per story."""

    index: IndexRows | None
    links: list[CopyLink]
    signals: dict[str, list[str]]
    stories: list[Story]
    comparisons: list[StoryComparison]
    computed: bool = True  # False: the store's, current already
    # Each article's prepared copy features (id -> (key, packed)), kept as ``newsprism copies`` keeps
    # them so that a later local run prepares only new articles; empty when not computed here.
    features: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def corpus_current(store: Store, settings: Settings, vectors: bool | None) -> bool:
    """Whether copies, stories and comparisons are all current in ``store`` (the local runners would
    compute nothing)."""
    return (store.state("copies") == copies_state(store, settings, vectors)
            and store.state("stories") == stories_state(store, settings)
            and store.state("comparisons") == compare_state(store, compare_method(settings)))


def stored_corpus(store: Store) -> CorpusOutput:
    """What the store holds of the corpus stages' output."""
    stories = store.stories()
    comparisons = [c for c in (store.comparison(s.id) for s in stories) if c is not None]
    return CorpusOutput(None, store.copy_links(), store.signals(), stories, comparisons, computed=False)


def write_corpus(store: Store, output: CorpusOutput, settings: Settings, vectors: bool | None) -> None:
    """The corpus stages' output written to ``store`` with the state each describes (the states the local
    runners compute), so ``newsprism copies``, ``stories`` and ``compare`` find them current."""
    if output.index is not None:
        rows = output.index
        with store.transaction():
            store.replace_entity_index(rows)
    def copies() -> None:
        store.replace_copy_links(output.links, output.signals)
        store.put_copy_features(output.features)

    replace_output(store, "copies", copies_state(store, settings, vectors), copies)
    replace_output(store, "stories", stories_state(store, settings), lambda: store.replace_stories(output.stories))
    method = compare_method(settings)
    index, signals = store.entity_index(), store.signals()
    by_story = {c.story: c for c in output.comparisons}
    stories = store.stories()
    with store.transaction():
        for story in stories:
            found = by_story.get(story.id)
            if found is not None:
                store.put_comparison(story_state(method, story, story_members(store, story, index, signals)), found)
    replace_output(store, "comparisons", compare_state(store, method),
                   lambda: store.drop_comparisons(s.id for s in stories))
