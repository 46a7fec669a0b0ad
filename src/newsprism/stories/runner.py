"""The stories runner: the whole store grouped into stories, kept until the corpus, its annotations,
its copies or the settings change."""

from __future__ import annotations

from ..schema import Article
from ..settings import Settings
from ..stage import StageResult, is_current, replace_output
from ..store import Store
from ..views import EntityIndex, annotations_of
from .clusterer import cluster
from .records import STORIES_VERSION, StoryInput, story_input_of

STAGE = "stories"


def story_input(store: Store, article: Article, copy_of: str | None, index: EntityIndex | None = None) -> StoryInput:
    """What the story grouping sees of an article: its text, its entities (most mentioned
    first), the dates it names (day or month precision) and its publication date."""
    return story_input_of(article, annotations_of(store, article, index), copy_of)


def stories_state(store: Store, settings: Settings) -> str:
    """The state stored stories describe: the copies' state (which names the corpus), the annotations
    (entities, dates) and the ``[stories]`` settings."""
    return (f"{STORIES_VERSION}|{store.state('copies')}|{store.annotations_fingerprint()}"
            f"|{settings.state('stories')}")


def run_stories(store: Store, settings: Settings, *, force: bool = False) -> StageResult:
    """Group the whole store into stories (a copy always joins its source's story) and keep them.

    Reads the copy links as the copies stage last stored them: run that stage first.
    """
    state = stories_state(store, settings)
    if is_current(store, STAGE, state, force=force):
        return StageResult(store.count_stories(), False)
    copy_of = {link.target: link.source for link in store.copy_links() if link.kind in ("duplicate", "copy")}
    index = store.entity_index()
    items = [story_input(store, article, copy_of.get(article.id), index) for article in store.iter_articles()]
    stories = cluster(items, settings.stories)
    replace_output(store, STAGE, state, lambda: store.replace_stories(stories))
    return StageResult(len(stories), True)
