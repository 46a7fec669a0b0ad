"""The compare runner: each stored story's articles compared, the result kept per story.

Nothing is read when the store and the settings are as they were at the last full comparison;
otherwise a story is compared again only when its articles, their annotations, the copies among them
or the settings changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

from ..settings import Settings
from ..stage import StageResult, is_current, replace_output
from ..store import Store
from ..stories.records import Story
from ..views import story_members
from .lexicon import package_text
from .loaded import LoadedScorer, model_digest
from .paraphrase import MODEL_FILE as JUDGE_MODEL
from .records import COMPARE_VERSION, StoryArticle
from .story import compare_story

STAGE = "comparisons"


def compare_method(settings: Settings) -> str:
    """What a comparison depends on besides its story: the comparer's version, the loaded-wording model,
    the paraphrase judge that links statements, and the ``[compare]`` settings."""
    judge = hashlib.sha256(package_text(JUDGE_MODEL).encode()).hexdigest()[:16]
    return json.dumps([COMPARE_VERSION, model_digest(), judge, settings.state("compare")])


def compare_state(store: Store, method: str) -> str:
    """The whole store compared as it is now: nothing to read again (the stories' state names the corpus
    and its annotations; the metadata fingerprint the outlets, titles and dates shown)."""
    return f"{method}|{store.state('stories')}|{store.metadata_fingerprint()}"


def story_state(method: str, story: Story, articles: list[StoryArticle]) -> str:
    """The state one story's comparison describes: the method, the story's dates and its articles as the
    comparison sees them."""
    payload = json.dumps([method, story.start, story.end, [asdict(a) for a in articles]],
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def run_compare(
    store: Store,
    settings: Settings,
    *,
    story_ids: Iterable[str] | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    encoder: Any = None,
) -> StageResult:
    """Compare the articles of every stored story (or of ``story_ids``) and keep the result per story.

    Reads the stories as the stories stage last stored them: run that stage first. ``encoder``: a
    sentence encoder to use (a long-running caller keeps one, instead of loading the model each run).
    Returns (stories compared now, whether any was).
    """
    from ..copies.vectors import UseEncoder

    stories = store.stories()
    method = compare_method(settings)
    corpus = compare_state(store, method)
    if story_ids is None and is_current(store, STAGE, corpus, force=force):
        return StageResult(0, False)
    if story_ids is not None:
        wanted = set(story_ids)
        stories = [s for s in stories if s.id in wanted]
    index, signals = store.entity_index(), store.signals()
    known = store.comparison_states()
    scorer: Any = None
    done = 0
    for story in stories:
        articles = story_members(store, story, index, signals)
        state = story_state(method, story, articles)
        if not force and known.get(story.id) == state:
            continue
        if scorer is None:
            encoder = encoder or UseEncoder()
            scorer = LoadedScorer(encoder)
        result = compare_story(story, articles, encoder, scorer, settings.compare)
        with store.transaction():
            store.put_comparison(state, result)
        done += 1
        if progress:
            progress(story.id)
    if story_ids is None:
        replace_output(store, STAGE, corpus, lambda: store.drop_comparisons(s.id for s in stories))
    return StageResult(done, done > 0)
